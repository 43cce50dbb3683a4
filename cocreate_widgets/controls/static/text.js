// TextField: one line or a textarea, with a character counter.

function render({ model, el }) {
  const id = ccId("text");
  const shell = ccShell(model, { controlId: id });
  const field = ccTextInput({
    id,
    multiline: Boolean(model.get("multiline")),
    maxLength: model.get("max_length"),
    text: (key, vars) => ccText(model, key, vars),
    commit: (value) => ccSend(model, "value", value),
  });
  shell.body.append(...field.nodes);
  shell.decorate(field.input, { extra: [field.counterId] });
  field.input.addEventListener("input", () => shell.update());
  el.classList.add("cc-root");
  el.append(shell.root);

  const update = () => {
    field.input.placeholder = model.get("placeholder") || "";
    field.setMax(model.get("max_length"));
    field.set(model.get("value"));
    shell.update();
  };
  field.input.value = String(model.get("value") ?? "");
  update();
  requestAnimationFrame(field.autosize);
  const stop = ccListen(
    model,
    ["value", "label", "help", "required", "disabled", "error", "texts", "max_length", "placeholder"],
    update,
  );
  return () => {
    field.flush();
    stop();
  };
}

export default { render };
