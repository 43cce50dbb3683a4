// DateField: the browser's own date input; the value is "YYYY-MM-DD" or "".

function render({ model, el }) {
  const id = ccId("date");
  const shell = ccShell(model, { controlId: id });
  const input = ccEl("input", { type: "date", id, class: "cc-input cc-date" });
  const send = () => {
    if (input.value !== (model.get("value") || "")) ccSend(model, "value", input.value || "");
  };
  input.addEventListener("change", send);
  input.addEventListener("blur", send);
  shell.body.append(input);
  shell.decorate(input);
  el.classList.add("cc-root");
  el.append(shell.root);

  const update = () => {
    const value = String(model.get("value") ?? "");
    if (input.value !== value && document.activeElement !== input) input.value = value;
    if (model.get("min_date")) input.min = model.get("min_date");
    else input.removeAttribute("min");
    if (model.get("max_date")) input.max = model.get("max_date");
    else input.removeAttribute("max");
    shell.update();
  };
  input.value = String(model.get("value") ?? "");
  update();
  return ccListen(
    model,
    ["value", "min_date", "max_date", "label", "help", "required", "disabled", "error", "texts"],
    update,
  );
}

export default { render };
