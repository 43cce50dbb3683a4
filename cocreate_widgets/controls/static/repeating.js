// RepeatingList: items of a small form, with "add another" and "remove <item>".
// A text or date field is a ccTextInput; a choice or a scale is a native <select>.

// The entries [value, text] of a choice: the option ids with their labels.
function itemChoiceEntries(spec) {
  const options = Array.isArray(spec.options) ? spec.options : [];
  return options
    .filter((o) => o && typeof o === "object")
    .map((o) => [String(o.id ?? ""), String(o.label ?? o.id ?? "")]);
}

// The entries of a scale: the numbers min..max, the end labels next to the end numbers
// ("1 – not at all", ..., "5 – very much").
function itemScaleEntries(spec) {
  const low = Math.trunc(Number(spec.min));
  const high = Math.trunc(Number(spec.max));
  if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) return [];
  const entries = [];
  for (let n = low; n <= high && entries.length <= 2001; n += 1) {
    let text = String(n);
    if (n === low && spec.min_label) text = `${n} – ${spec.min_label}`;
    else if (n === high && spec.max_label) text = `${n} – ${spec.max_label}`;
    entries.push([String(n), text]);
  }
  return entries;
}

// A native <select> with an empty "choose…" entry first, with the parts of ccTextInput
// the item form uses. `commit` gets the chosen value ("" for the empty entry) at once.
function itemSelect({ id, entries, placeholder, commit }) {
  const input = ccEl("select", { id, class: "cc-input cc-select" }, [
    ccEl("option", { value: "", text: placeholder }),
    ...entries.map(([value, text]) => ccEl("option", { value, text })),
  ]);
  const known = new Set(entries.map(([value]) => value));
  const set = (value) => {
    const v = value === null || value === undefined ? "" : String(value);
    input.value = known.has(v) ? v : "";
  };
  input.addEventListener("change", () => commit(input.value));
  const nothing = () => {};
  return {
    input,
    nodes: [input],
    set,
    flush: nothing,
    cancel: nothing,
    autosize: nothing,
    refresh: nothing,
  };
}

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
        const kind = String(spec.type || "text");
        let field;
        if (kind === "choice" || kind === "scale") {
          field = itemSelect({
            id,
            entries: kind === "choice" ? itemChoiceEntries(spec) : itemScaleEntries(spec),
            placeholder: ccText(model, "choose"),
            commit: (chosen) => {
              if (!items[index]) return;
              if (kind === "scale") items[index][fid] = chosen === "" ? null : Number(chosen);
              else items[index][fid] = chosen;
              send();
            },
          });
          field.set(item[fid]);
        } else {
          field = ccTextInput({
            id,
            type: kind === "date" ? "date" : "text",
            multiline: Boolean(spec.multiline) && kind !== "date",
            maxLength: kind === "date" ? 0 : spec.max_length,
            text: (key, vars) => ccText(model, key, vars),
            commit: (text) => {
              if (!items[index]) return;
              items[index][fid] = text;
              send();
            },
          });
          field.input.value = String(item[fid] ?? "");
        }
        if (spec.required) field.input.setAttribute("aria-required", "true");
        field.input.setAttribute("data-cc-focus", `${index}:${f}`);
        field.refresh();
        field.input.addEventListener("input", updateErrors);
        const error = ccEl("p", { class: "cc-error", id: ccId("err"), role: "alert" });
        box.append(
          ccEl("div", { class: "cc-subfield" }, [
            ccEl("label", { class: "cc-sublabel", for: id }, [
              String(spec.label ?? fid),
              spec.required
                ? ccEl("span", { class: "cc-required", text: ` ${ccText(model, "required_mark")}` })
                : null,
            ]),
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
    for (const spec of fields()) blank[String(spec.id)] = spec.type === "scale" ? null : "";
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
