// AgreementScale: five radio buttons; words from texts.agreement_labels.

function render({ model, el }) {
  const name = ccId("agree");
  const shell = ccShell(model, { group: true, radiogroup: true });
  const list = ccRadioList({
    name,
    items: [1, 2, 3, 4, 5].map((n) => [String(n), ""]),
    selected: null,
    className: "cc-options cc-agreement",
    onPick: (key) => ccSend(model, "value", Number(key)),
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
    const words = ccTextList(model, "agreement_labels");
    list.querySelectorAll(".cc-option").forEach((option, i) => {
      option.querySelector(".cc-option-text").textContent = words[i] ?? String(i + 1);
      option.querySelector("input").checked = value === i + 1;
    });
    clear.update(typeof value === "number");
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
