// ChoiceGroup: radio buttons (one answer) or checkboxes (several answers).

function render({ model, el }) {
  const name = ccId("choice");
  let shell = null;

  const draw = () => {
    const focusKey = shell ? ccFocusKey(shell.root) : null;
    const multiple = Boolean(model.get("multiple"));
    const next = ccShell(model, { group: true, radiogroup: !multiple });
    const options = ccOptions(model);
    const value = model.get("value");

    if (multiple) {
      const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
      const list = ccEl("div", { class: "cc-options" });
      for (const [key, label] of options) {
        const id = ccId("opt");
        const box = ccEl("input", {
          type: "checkbox",
          id,
          name,
          value: key,
          class: "cc-checkbox",
          "data-cc-focus": `opt:${key}`,
        });
        box.checked = chosen.has(key);
        box.addEventListener("change", () => {
          const picked = [...list.querySelectorAll("input[type=checkbox]")]
            .filter((node) => node.checked)
            .map((node) => node.value);
          ccSend(model, "value", picked);
        });
        next.decorate(box, { describe: false });
        list.append(
          ccEl("label", { class: "cc-option", for: id }, [
            box,
            ccEl("span", { class: "cc-option-text", text: label }),
          ]),
        );
      }
      next.body.append(list);
    } else {
      const selected = typeof value === "string" ? value : null;
      const clear = ccClearButton(model, () => {
        ccSend(model, "value", null);
        const first = next.body.querySelector("input");
        if (first) first.focus();
      });
      next.body.append(
        ccRadioList({
          name,
          items: options,
          selected,
          onPick: (key) => ccSend(model, "value", key),
          inputAttrs: (key) => ({ "data-cc-focus": `opt:${key}` }),
        }),
        clear,
      );
      clear.update(selected !== null);
    }
    next.update();
    if (shell) shell.root.replaceWith(next.root);
    else el.append(next.root);
    shell = next;
    ccRestoreFocus(shell.root, focusKey);
  };

  // Show the value without rebuilding the inputs (keeps focus and screen-reader place).
  const sync = () => {
    const value = model.get("value");
    const chosen = new Set(
      Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [],
    );
    for (const input of shell.body.querySelectorAll("input")) {
      input.checked = chosen.has(input.value);
    }
    const clear = shell.body.querySelector(".cc-button-quiet");
    if (clear) clear.update(typeof value === "string");
    shell.update();
  };

  el.classList.add("cc-root");
  draw();
  const stopDraw = ccListen(model, ["options", "multiple", "texts"], draw);
  const stopShell = ccListen(model, ["value", "label", "help", "required", "disabled", "error"], sync);
  return () => {
    stopDraw();
    stopShell();
  };
}

export default { render };
