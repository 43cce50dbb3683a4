// NumberScale: a wrapping row of radio chips from min to max, ends explained below.

const CC_MAX_CHIPS = 21;

function render({ model, el }) {
  const name = ccId("scale");
  let shell = null;

  const draw = () => {
    const focusKey = shell ? ccFocusKey(shell.root) : null;
    const lo = Number(model.get("min"));
    const hi = Number(model.get("max"));
    const chips = hi >= lo && hi - lo + 1 <= CC_MAX_CHIPS;
    const next = ccShell(model, { group: chips, radiogroup: chips, controlId: `${name}-n` });
    const minLabel = model.get("min_label") || "";
    const maxLabel = model.get("max_label") || "";

    if (chips) {
      const row = ccEl("div", { class: "cc-chips" });
      for (let n = lo; n <= hi; n += 1) {
        const id = ccId("chip");
        const input = ccEl("input", {
          type: "radio",
          id,
          name,
          value: String(n),
          class: "cc-chip-input",
          "data-cc-focus": `n:${n}`,
        });
        input.addEventListener("change", () => {
          if (input.checked) ccSend(model, "value", n);
        });
        const end = n === lo ? minLabel : n === hi ? maxLabel : "";
        row.append(
          ccEl("label", { class: "cc-chip", for: id }, [
            input,
            ccEl("span", { class: "cc-chip-face", text: String(n) }),
            end ? ccEl("span", { class: "cc-sr-only", text: ` – ${end}` }) : null,
          ]),
        );
      }
      next.body.append(row);
      const clear = ccClearButton(model, () => {
        ccSend(model, "value", null);
        row.querySelector("input").focus();
      });
      if (minLabel || maxLabel) {
        const ends = ccEl("div", { class: "cc-scale-ends", "aria-hidden": "true" });
        ends.append(
          ccEl("span", { class: "cc-scale-end", text: minLabel ? `${lo} = ${minLabel}` : "" }),
          ccEl("span", { class: "cc-scale-end", text: maxLabel ? `${hi} = ${maxLabel}` : "" }),
        );
        next.body.append(ends);
      }
      next.body.append(clear);
    } else {
      const input = ccEl("input", {
        type: "number",
        id: `${name}-n`,
        min: lo,
        max: hi,
        step: 1,
        inputmode: "numeric",
        class: "cc-input cc-number",
        "data-cc-focus": "number",
      });
      input.addEventListener("change", () => {
        const n = input.value === "" ? null : Number(input.value);
        ccSend(model, "value", Number.isInteger(n) ? n : null);
      });
      next.decorate(input);
      next.body.append(input);
      if (minLabel || maxLabel) {
        next.body.append(
          ccEl("p", { class: "cc-scale-ends" }, [
            ccEl("span", { class: "cc-scale-end", text: minLabel ? `${lo} = ${minLabel}` : "" }),
            ccEl("span", { class: "cc-scale-end", text: maxLabel ? `${hi} = ${maxLabel}` : "" }),
          ]),
        );
      }
    }
    if (shell) shell.root.replaceWith(next.root);
    else el.append(next.root);
    shell = next;
    sync();
    ccRestoreFocus(shell.root, focusKey);
  };

  const sync = () => {
    const value = model.get("value");
    for (const input of shell.body.querySelectorAll("input[type=radio]")) {
      input.checked = Number(input.value) === value;
    }
    const box = shell.body.querySelector("input[type=number]");
    if (box && document.activeElement !== box) box.value = typeof value === "number" ? value : "";
    const clear = shell.body.querySelector(".cc-button-quiet");
    if (clear) clear.update(typeof value === "number");
    shell.update();
  };

  el.classList.add("cc-root");
  draw();
  const stopDraw = ccListen(model, ["min", "max", "min_label", "max_label", "texts"], draw);
  const stopSync = ccListen(model, ["value", "label", "help", "required", "disabled", "error"], sync);
  return () => {
    stopDraw();
    stopSync();
  };
}

export default { render };
