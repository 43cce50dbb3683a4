// YesNo: two big radio buttons; the words come from texts.yes / texts.no.

function render({ model, el }) {
  const name = ccId("yesno");
  const shell = ccShell(model, { group: true, radiogroup: true });
  const items = [
    ["true", ""],
    ["false", ""],
  ];
  const list = ccRadioList({
    name,
    items,
    selected: null,
    className: "cc-options cc-options-row",
    onPick: (key) => ccSend(model, "value", key === "true"),
  });
  const clear = ccClearButton(model, () => {
    ccSend(model, "value", null);
    list.querySelector("input").focus();
  });
  shell.body.append(list, clear);
  el.classList.add("cc-root");
  el.append(shell.root);

  const update = () => {
    const value = model.get("value");
    const texts = [ccText(model, "yes"), ccText(model, "no")];
    list.querySelectorAll(".cc-option").forEach((option, i) => {
      option.querySelector(".cc-option-text").textContent = texts[i];
      const input = option.querySelector("input");
      input.checked = (value === true && i === 0) || (value === false && i === 1);
    });
    clear.update(value === true || value === false);
    shell.update();
  };
  update();
  return ccListen(
    model,
    ["value", "texts", "label", "help", "required", "disabled", "error"],
    update,
  );
}

export default { render };
