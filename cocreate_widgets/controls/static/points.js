// PointsAllocation: a number box per option with -/+ step buttons, and
// "points left" in a live region that turns red below zero.

function render({ model, el }) {
  let shell = null;
  let counts = {};
  let rows = [];
  const statusId = ccId("left");
  const status = ccEl("p", {
    class: "cc-status",
    id: statusId,
    "aria-live": "polite",
    "aria-atomic": "true",
  });

  const readModel = () => {
    const value = model.get("value");
    const next = {};
    for (const [key] of ccOptions(model)) {
      const n = value && typeof value === "object" ? Number(value[key]) : 0;
      next[key] = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
    }
    return next;
  };
  const total = () => Number(model.get("total")) || 0;
  const step = () => Math.max(1, Number(model.get("step")) || 1);
  const left = () => total() - Object.values(counts).reduce((a, b) => a + b, 0);
  const send = () => ccSend(model, "value", { ...counts });
  const sendLater = ccDebounce(send, 400);

  const refresh = () => {
    const rest = left();
    status.textContent =
      rest < 0
        ? ccText(model, "points_over", { n: -rest })
        : ccText(model, "points_left", { n: rest });
    status.classList.toggle("cc-over", rest < 0);
    for (const row of rows) {
      const n = counts[row.key] ?? 0;
      // Never rewrite the box the participant is typing in.
      if (document.activeElement !== row.input && row.input.value !== String(n)) {
        row.input.value = String(n);
      }
      row.input.max = String(total());
      const lessOff = n <= 0;
      const moreOff = rest <= 0;
      const moveFocus =
        (lessOff && document.activeElement === row.less) ||
        (moreOff && document.activeElement === row.more);
      row.less.disabled = lessOff;
      row.more.disabled = moreOff;
      if (moveFocus) row.input.focus();
    }
  };

  const draw = () => {
    const focusKey = shell ? ccFocusKey(shell.root) : null;
    const next = ccShell(model, { group: true });
    counts = readModel();
    rows = [];
    const list = ccEl("div", { class: "cc-count-rows" });
    for (const [key, label] of ccOptions(model)) {
      const id = ccId("pts");
      const input = ccEl("input", {
        type: "number",
        id,
        min: 0,
        step: 1,
        inputmode: "numeric",
        class: "cc-input cc-count-input",
        "data-cc-focus": `in:${key}`,
      });
      const less = ccEl("button", {
        type: "button",
        class: "cc-button cc-count-button",
        "aria-label": ccText(model, "points_less", { step: step(), option: label }),
        "data-cc-focus": `less:${key}`,
        text: `−${step()}`,
      });
      const more = ccEl("button", {
        type: "button",
        class: "cc-button cc-count-button",
        "aria-label": ccText(model, "points_more", { step: step(), option: label }),
        "data-cc-focus": `more:${key}`,
        text: `+${step()}`,
      });
      input.addEventListener("input", () => {
        const n = input.value === "" ? 0 : Number(input.value);
        counts[key] = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
        refresh();
        sendLater();
      });
      input.addEventListener("blur", () => {
        sendLater.flush();
        input.value = String(counts[key] ?? 0);
      });
      less.addEventListener("click", () => {
        counts[key] = Math.max(0, (counts[key] ?? 0) - step());
        refresh();
        send();
      });
      more.addEventListener("click", () => {
        const add = Math.min(step(), Math.max(0, left()));
        counts[key] = (counts[key] ?? 0) + add;
        refresh();
        send();
      });
      next.decorate(input, { extra: [statusId] });
      rows.push({ key, input, less, more });
      list.append(
        ccEl("div", { class: "cc-count-row" }, [
          ccEl("label", { class: "cc-count-label", for: id, text: label }),
          ccEl("div", { class: "cc-count-controls" }, [less, input, more]),
        ]),
      );
    }
    next.body.append(list, status);
    if (shell) shell.root.replaceWith(next.root);
    else el.append(next.root);
    shell = next;
    refresh();
    shell.update();
    ccRestoreFocus(shell.root, focusKey);
  };

  const sync = () => {
    if (!sendLater.pending()) counts = readModel();
    refresh();
    shell.update();
  };

  el.classList.add("cc-root");
  draw();
  const stopDraw = ccListen(model, ["options", "texts", "step"], draw);
  const stopSync = ccListen(
    model,
    ["value", "total", "label", "help", "required", "disabled", "error"],
    sync,
  );
  return () => {
    sendLater.flush();
    stopDraw();
    stopSync();
  };
}

export default { render };
