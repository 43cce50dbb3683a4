// DotVoting: +/- buttons per option, dots shown as ●, "dots left" in a live region.

function render({ model, el }) {
  let shell = null;
  let rows = [];
  const status = ccEl("p", { class: "cc-status", "aria-live": "polite", "aria-atomic": "true" });

  const counts = () => {
    const value = model.get("value");
    const result = {};
    for (const [key] of ccOptions(model)) {
      const n = value && typeof value === "object" ? Number(value[key]) : 0;
      result[key] = Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
    }
    return result;
  };
  const dots = () => Number(model.get("dots")) || 0;
  const perOption = () => Number(model.get("max_per_option")) || dots();
  const left = (c) => dots() - Object.values(c).reduce((a, b) => a + b, 0);

  const change = (key, delta) => {
    const c = counts();
    const n = (c[key] ?? 0) + delta;
    if (n < 0 || n > perOption() || (delta > 0 && left(c) <= 0)) return;
    c[key] = n;
    ccSend(model, "value", c);
  };

  const refresh = () => {
    const c = counts();
    const rest = left(c);
    status.textContent = ccText(model, "dots_left", { n: rest });
    status.classList.toggle("cc-over", rest < 0);
    for (const row of rows) {
      const n = c[row.key] ?? 0;
      row.marks.textContent = "●".repeat(Math.min(n, 50));
      row.count.textContent = String(n);
      row.sr.textContent = ccText(model, "dots_count", { n });
      const lessOff = n <= 0;
      const moreOff = rest <= 0 || n >= perOption();
      const focusLess = moreOff && document.activeElement === row.more;
      const focusMore = lessOff && document.activeElement === row.less;
      row.less.disabled = lessOff;
      row.more.disabled = moreOff;
      if (focusLess && !lessOff) row.less.focus();
      if (focusMore && !moreOff) row.more.focus();
    }
    shell.update();
  };

  const draw = () => {
    const focusKey = shell ? ccFocusKey(shell.root) : null;
    const next = ccShell(model, { group: true });
    rows = [];
    const list = ccEl("div", { class: "cc-count-rows" });
    for (const [key, label] of ccOptions(model)) {
      const less = ccEl("button", {
        type: "button",
        class: "cc-button cc-count-button",
        "aria-label": ccText(model, "dot_remove", { option: label }),
        "data-cc-focus": `less:${key}`,
        text: "−",
      });
      const more = ccEl("button", {
        type: "button",
        class: "cc-button cc-count-button",
        "aria-label": ccText(model, "dot_add", { option: label }),
        "data-cc-focus": `more:${key}`,
        text: "+",
      });
      less.addEventListener("click", () => change(key, -1));
      more.addEventListener("click", () => change(key, 1));
      const marks = ccEl("span", { class: "cc-dot-marks", "aria-hidden": "true" });
      const count = ccEl("span", { class: "cc-dot-count", "aria-hidden": "true" });
      const sr = ccEl("span", { class: "cc-sr-only" });
      rows.push({ key, less, more, marks, count, sr });
      list.append(
        ccEl("div", { class: "cc-count-row" }, [
          ccEl("p", { class: "cc-count-label" }, [label, " ", sr]),
          ccEl("div", { class: "cc-count-controls" }, [less, count, more, marks]),
        ]),
      );
    }
    next.body.append(list, status);
    if (shell) shell.root.replaceWith(next.root);
    else el.append(next.root);
    shell = next;
    refresh();
    ccRestoreFocus(shell.root, focusKey);
  };

  el.classList.add("cc-root");
  draw();
  const stopDraw = ccListen(model, ["options", "texts"], draw);
  const stopSync = ccListen(
    model,
    ["value", "dots", "max_per_option", "label", "help", "required", "disabled", "error"],
    refresh,
  );
  return () => {
    stopDraw();
    stopSync();
  };
}

export default { render };
