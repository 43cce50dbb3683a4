// RepeatingList: items of a small form, with "add another" and "remove <item>".

function render({ model, el }) {
  const shell = ccShell(model, { group: true });
  const itemsBox = ccEl("div", { class: "cc-items" });
  const add = ccEl("button", { type: "button", class: "cc-button cc-add" });
  const maxNote = ccEl("p", { class: "cc-help cc-max-note" });
  const live = ccLive();
  shell.body.append(itemsBox, add, maxNote, live);
  el.classList.add("cc-root");
  el.append(shell.root);

  let items = [];
  let inputs = []; // [{index, fid, field, error}]

  const fields = () => (Array.isArray(model.get("fields")) ? model.get("fields") : []);
  const readModel = () => {
    const value = model.get("value");
    return Array.isArray(value)
      ? value.map((item) => (item && typeof item === "object" ? { ...item } : {}))
      : [];
  };
  const itemName = (n) => {
    const template = model.get("item_label");
    return template ? ccFormat(template, { n }) : ccText(model, "item_label", { n });
  };
  const send = () => ccSend(model, "value", items.map((item) => ({ ...item })));
  const flushAll = () => {
    for (const entry of inputs) entry.field.flush();
  };

  const updateErrors = () => {
    const errors = Array.isArray(model.get("item_errors")) ? model.get("item_errors") : [];
    for (const entry of inputs) {
      const message = (errors[entry.index] || {})[entry.fid] || "";
      entry.error.textContent = message;
      const ids = [];
      if (entry.hasCounter) ids.push(entry.field.counterId);
      if (message) ids.push(entry.error.id);
      if (ids.length) entry.field.input.setAttribute("aria-describedby", ids.join(" "));
      else entry.field.input.removeAttribute("aria-describedby");
      if (message || entry.field.input.classList.contains("cc-input-over")) {
        entry.field.input.setAttribute("aria-invalid", "true");
      } else entry.field.input.removeAttribute("aria-invalid");
    }
  };

  const updateButtons = () => {
    const max = Number(model.get("max_items")) || 0;
    const min = Number(model.get("min_items")) || 0;
    const full = max > 0 && items.length >= max;
    add.textContent = `+ ${ccText(model, "add_item")}`;
    if (full && document.activeElement === add) {
      const last = itemsBox.querySelector(".cc-item:last-child .cc-input");
      if (last) last.focus();
    }
    add.disabled = full;
    maxNote.textContent = full ? ccText(model, "max_items", { max }) : "";
    maxNote.hidden = !full;
    for (const button of itemsBox.querySelectorAll(".cc-remove")) {
      button.disabled = items.length <= min;
    }
  };

  const draw = (focus = null) => {
    const focusKey = focus || ccFocusKey(itemsBox);
    for (const entry of inputs) entry.field.cancel();
    inputs = [];
    itemsBox.replaceChildren();
    items.forEach((item, index) => {
      const name = itemName(index + 1);
      const box = ccEl("fieldset", { class: "cc-item" }, [
        ccEl("legend", { class: "cc-item-label", text: name }),
      ]);
      fields().forEach((spec, f) => {
        const fid = String(spec.id);
        const id = ccId("item");
        const field = ccTextInput({
          id,
          type: spec.type === "date" ? "date" : "text",
          multiline: Boolean(spec.multiline) && spec.type !== "date",
          maxLength: spec.type === "date" ? 0 : spec.max_length,
          text: (key, vars) => ccText(model, key, vars),
          commit: (text) => {
            if (!items[index]) return;
            items[index][fid] = text;
            send();
          },
        });
        field.input.value = String(item[fid] ?? "");
        field.input.setAttribute("data-cc-focus", `${index}:${f}`);
        field.refresh();
        field.input.addEventListener("input", updateErrors);
        const error = ccEl("p", { class: "cc-error", id: ccId("err"), role: "alert" });
        box.append(
          ccEl("div", { class: "cc-subfield" }, [
            ccEl("label", { class: "cc-sublabel", for: id, text: String(spec.label ?? fid) }),
            ...field.nodes,
            error,
          ]),
        );
        inputs.push({ index, fid, field, error, hasCounter: Number(spec.max_length) > 0 });
      });
      const remove = ccEl("button", {
        type: "button",
        class: "cc-button cc-remove",
        "aria-label": ccText(model, "remove_item", { item: name }),
        "data-cc-focus": `remove:${index}`,
        text: ccText(model, "remove_short"),
      });
      remove.addEventListener("click", () => {
        flushAll();
        items.splice(index, 1);
        send();
        const next = Math.min(index, items.length - 1);
        draw(next >= 0 ? `${next}:0` : "add");
        if (next < 0) add.focus();
        live.say(ccText(model, "item_removed", { item: name }));
      });
      box.append(ccEl("div", { class: "cc-item-actions" }, [remove]));
      itemsBox.append(box);
    });
    updateErrors();
    updateButtons();
    requestAnimationFrame(() => inputs.forEach((entry) => entry.field.autosize()));
    ccRestoreFocus(itemsBox, focusKey);
  };

  add.addEventListener("click", () => {
    const max = Number(model.get("max_items")) || 0;
    if (max > 0 && items.length >= max) return;
    flushAll();
    const blank = {};
    for (const spec of fields()) blank[String(spec.id)] = "";
    items.push(blank);
    send();
    draw(`${items.length - 1}:0`);
    live.say(ccText(model, "item_added", { item: itemName(items.length) }));
  });

  // A value from the kernel: redraw when the number of items changed, else fill in
  // the fields the participant is not typing in.
  const sync = () => {
    const next = readModel();
    if (next.length !== items.length) {
      flushAll();
      items = readModel();
      draw();
      return;
    }
    items = next.map((item, i) => ({ ...items[i], ...item }));
    for (const entry of inputs) entry.field.set(items[entry.index]?.[entry.fid] ?? "");
    updateButtons();
  };

  items = readModel();
  draw();
  shell.update();
  const stops = [
    ccListen(model, ["value"], sync),
    ccListen(model, ["fields", "item_label", "texts"], () => {
      flushAll();
      items = readModel();
      draw();
      shell.update();
    }),
    ccListen(model, ["min_items", "max_items"], updateButtons),
    ccListen(model, ["item_errors"], updateErrors),
    ccListen(model, ["label", "help", "required", "disabled", "error"], () => shell.update()),
  ];
  return () => {
    flushAll();
    for (const stop of stops) stop();
  };
}

export default { render };
