// Shared helpers for the cocreate controls. Python puts this file in front of each
// widget's own module, so it is plain code without imports or exports.
//
// Rule: user text (labels, options, help, errors) only ever goes into the page through
// textContent or setAttribute. Markup in a label is shown literally.

function ccId(prefix) {
  return `cc-${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

// Create an element. attrs: "class", "text" (textContent), "on<event>" (listener),
// true (empty attribute), false/null/undefined (left out), anything else (setAttribute).
function ccEl(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, val] of Object.entries(attrs)) {
    if (val === null || val === undefined || val === false) continue;
    if (key === "class") node.className = val;
    else if (key === "text") node.textContent = String(val);
    else if (key.startsWith("on") && typeof val === "function") {
      node.addEventListener(key.slice(2), val);
    } else if (val === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(val));
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child); // strings become text nodes
  }
  return node;
}

function ccFormat(template, vars = {}) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (whole, key) =>
    Object.prototype.hasOwnProperty.call(vars, key) ? String(vars[key]) : whole,
  );
}

// An interface string from the "texts" trait, with {placeholders} filled in.
function ccText(model, key, vars = {}) {
  const texts = model.get("texts") || {};
  const value = texts[key];
  if (value === undefined || value === null) return key;
  return ccFormat(value, vars);
}

function ccTextList(model, key) {
  const value = (model.get("texts") || {})[key];
  return Array.isArray(value) ? value.map((v) => String(v ?? "")) : [];
}

// Length in code points, as Python counts it.
function ccLen(text) {
  return [...String(text ?? "")].length;
}

function ccOptions(model) {
  const raw = model.get("options");
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((o) => Array.isArray(o) && o.length >= 2)
    .map((o) => [String(o[0]), String(o[1] ?? "")]);
}

function ccListen(model, names, callback) {
  for (const name of names) model.on(`change:${name}`, callback);
  return () => {
    for (const name of names) model.off(`change:${name}`, callback);
  };
}

function ccDebounce(fn, ms) {
  let timer = null;
  const run = () => {
    timer = null;
    fn();
  };
  const debounced = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    if (timer !== null) {
      clearTimeout(timer);
      run();
    }
  };
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  debounced.pending = () => timer !== null;
  return debounced;
}

function ccSend(model, name, value) {
  model.set(name, value);
  model.save_changes();
}

// A polite live region for announcements ("X is now number 2").
function ccLive() {
  const node = ccEl("p", { class: "cc-sr-only", "aria-live": "polite", "aria-atomic": "true" });
  node.say = (message) => {
    // Clearing first makes a repeated message be read again.
    node.textContent = "";
    setTimeout(() => {
      node.textContent = message;
    }, 50);
  };
  return node;
}

// The frame of an answer field: label (or legend), help, body and error message.
//   group: a <fieldset> with a <legend> (for several inputs), otherwise a <div> with
//          a <label for=controlId>.
//   radiogroup: the fieldset gets role=radiogroup, so aria-invalid/aria-required apply.
// Inputs registered with shell.decorate(input, {describe}) get aria-describedby,
// aria-invalid and disabled kept up to date.
function ccShell(model, { group = false, radiogroup = false, controlId = null } = {}) {
  const helpId = ccId("help");
  const errorId = ccId("error");
  const root = ccEl(group ? "fieldset" : "div", { class: "cc-field" });
  const title = group
    ? ccEl("legend", { class: "cc-label" })
    : ccEl("label", { class: "cc-label", for: controlId });
  const labelText = ccEl("span", { class: "cc-label-text" });
  const requiredMark = ccEl("span", { class: "cc-required" });
  title.append(labelText, requiredMark);
  const help = ccEl("p", { class: "cc-help", id: helpId });
  const body = ccEl("div", { class: "cc-body" });
  const error = ccEl("p", { class: "cc-error", id: errorId, role: "alert" });
  root.append(title, help, body, error);
  if (radiogroup) root.setAttribute("role", "radiogroup");

  const decorated = [];
  const extraIds = new Map();

  const describedBy = (node) => {
    const ids = [];
    if (model.get("help")) ids.push(helpId);
    for (const id of extraIds.get(node) || []) ids.push(id);
    if (model.get("error")) ids.push(errorId);
    return ids.join(" ");
  };
  const setDescribedBy = (node) => {
    const ids = describedBy(node);
    if (ids) node.setAttribute("aria-describedby", ids);
    else node.removeAttribute("aria-describedby");
  };

  const shell = {
    root,
    body,
    title,
    decorate(node, { describe = true, extra = [] } = {}) {
      decorated.push({ node, describe });
      extraIds.set(node, extra);
      shell.update();
      return node;
    },
    forget() {
      decorated.length = 0;
    },
    update() {
      const invalid = Boolean(model.get("error"));
      const disabled = Boolean(model.get("disabled"));
      labelText.textContent = model.get("label") || "";
      requiredMark.textContent = model.get("required") ? " " + ccText(model, "required_mark") : "";
      help.textContent = model.get("help") || "";
      help.hidden = !model.get("help");
      error.textContent = model.get("error") || "";
      root.classList.toggle("cc-invalid", invalid);
      root.classList.toggle("cc-disabled", disabled);
      if (group) {
        root.disabled = disabled;
        setDescribedBy(root);
      }
      if (radiogroup) {
        if (invalid) root.setAttribute("aria-invalid", "true");
        else root.removeAttribute("aria-invalid");
        if (model.get("required")) root.setAttribute("aria-required", "true");
        else root.removeAttribute("aria-required");
      }
      for (const { node, describe } of decorated) {
        if (!group) {
          node.disabled = disabled;
          if (model.get("required")) node.setAttribute("aria-required", "true");
          else node.removeAttribute("aria-required");
        }
        if (describe) setDescribedBy(node);
        if (!radiogroup) {
          if (invalid || node.classList.contains("cc-input-over")) {
            node.setAttribute("aria-invalid", "true");
          } else node.removeAttribute("aria-invalid");
        }
      }
    },
  };
  return shell;
}

// A text input or textarea with a character counter. The value goes to `commit`
// 400 ms after typing stops and at once on blur. Nothing is cut off: the counter
// turns into a warning when the text is too long and the kernel judges it.
function ccTextInput({ id, multiline, maxLength, text, commit, type = "text" }) {
  const input = multiline
    ? ccEl("textarea", { id, rows: 4, class: "cc-input cc-textarea" })
    : ccEl("input", { id, type, class: "cc-input" });
  const counterId = `${id}-counter`;
  const counter = ccEl("p", { class: "cc-counter", id: counterId });
  const live = ccEl("p", { class: "cc-sr-only", "aria-live": "polite" });
  let max = Number(maxLength) || 0;
  let wasOver = false;

  const autosize = () => {
    if (!multiline) return;
    input.style.height = "auto";
    if (input.scrollHeight > 0) input.style.height = `${input.scrollHeight + 4}px`;
  };
  const refresh = () => {
    const count = ccLen(input.value);
    const over = max > 0 && count > max;
    // A large limit (the default 10000) only shows its counter when the text nears it.
    const show = max > 0 && type !== "date" && (max <= 2000 || count >= max * 0.8);
    counter.hidden = !show;
    counter.textContent = show
      ? text(over ? "counter_over" : "counter", { count, max, over: count - max })
      : "";
    counter.classList.toggle("cc-over", over);
    input.classList.toggle("cc-input-over", over);
    if (over !== wasOver) {
      live.textContent = over ? counter.textContent : "";
      wasOver = over;
    }
  };
  const send = ccDebounce(() => commit(input.value), 400);
  input.addEventListener("input", () => {
    refresh();
    autosize();
    send();
  });
  input.addEventListener("change", () => send.flush());
  input.addEventListener("blur", () => send.flush());

  return {
    input,
    counter,
    counterId,
    nodes: [input, counter, live],
    // Show a value from the kernel, unless the participant is in the middle of typing.
    set(value) {
      const v = String(value ?? "");
      if (v === input.value) return;
      if (send.pending()) return;
      input.value = v;
      refresh();
      autosize();
    },
    setMax(value) {
      max = Number(value) || 0;
      refresh();
    },
    flush: () => send.flush(),
    cancel: () => send.cancel(),
    autosize,
    refresh,
  };
}

// Radio inputs drawn as a list of big rows (or chips/columns by CSS).
// items: [[key, label, extraAttrs]]; selected: key or null; onPick(key).
function ccRadioList({ name, items, selected, onPick, className = "cc-options", inputAttrs }) {
  const list = ccEl("div", { class: className });
  for (const [key, label, extra] of items) {
    const id = ccId("opt");
    const input = ccEl("input", {
      type: "radio",
      id,
      name,
      value: key,
      class: "cc-radio",
      ...(inputAttrs ? inputAttrs(key) : {}),
    });
    input.checked = key === selected;
    input.addEventListener("change", () => {
      if (input.checked) onPick(key);
    });
    const option = ccEl("label", { class: "cc-option", for: id }, [
      input,
      ccEl("span", { class: "cc-option-text", text: label }),
    ]);
    if (extra) option.append(extra);
    list.append(option);
  }
  return list;
}

// Put focus back on an element with the same data-cc-focus key after a redraw.
function ccFocusKey(root) {
  const active = document.activeElement;
  if (!active || !root.contains(active)) return null;
  return active.getAttribute("data-cc-focus");
}

function ccRestoreFocus(root, key) {
  if (!key) return;
  const node = root.querySelector(`[data-cc-focus="${CSS.escape(key)}"]`);
  if (node && !node.disabled) node.focus();
}

// "Clear choice" for optional radio groups (a chosen radio cannot be unchosen natively).
function ccClearButton(model, onClear) {
  const button = ccEl("button", { type: "button", class: "cc-button cc-button-quiet" });
  button.addEventListener("click", onClear);
  button.update = (hasValue) => {
    button.textContent = ccText(model, "clear_choice");
    button.hidden = !hasValue || Boolean(model.get("required"));
  };
  return button;
}
