// RankingList: put options in order with "up" and "down" buttons. Focus follows the
// moved item and a live region says where it is now.

function render({ model, el }) {
  const shell = ccShell(model, { group: true });
  const list = ccEl("ol", { class: "cc-rank", role: "list" });
  const live = ccLive();
  shell.body.append(list, live);
  el.classList.add("cc-root");
  el.append(shell.root);
  let pendingFocus = null;

  const order = () => {
    const options = ccOptions(model);
    const ids = options.map(([key]) => key);
    const value = Array.isArray(model.get("value")) ? model.get("value").map(String) : [];
    const seen = new Set();
    const result = [];
    for (const key of value) {
      if (ids.includes(key) && !seen.has(key)) {
        seen.add(key);
        result.push(key);
      }
    }
    for (const key of ids) if (!seen.has(key)) result.push(key);
    const labels = new Map(options);
    return result.map((key) => [key, labels.get(key)]);
  };

  const move = (index, delta) => {
    const items = order();
    const target = index + delta;
    if (target < 0 || target >= items.length) return;
    const [item] = items.splice(index, 1);
    items.splice(target, 0, item);
    pendingFocus = { key: item[0], dir: delta < 0 ? "up" : "down" };
    ccSend(
      model,
      "value",
      items.map(([key]) => key),
    );
    live.say(ccText(model, "moved", { option: item[1], n: target + 1 }));
  };

  const draw = () => {
    const items = order();
    const focusKey = ccFocusKey(list);
    list.replaceChildren();
    items.forEach(([key, label], index) => {
      const up = ccEl("button", {
        type: "button",
        class: "cc-button cc-rank-move",
        "aria-label": ccText(model, "move_up", { option: label }),
        title: ccText(model, "move_up", { option: label }),
        "data-cc-focus": `up:${key}`,
      });
      up.append(ccEl("span", { "aria-hidden": "true", text: "▲" }));
      up.disabled = index === 0;
      up.addEventListener("click", () => move(index, -1));
      const down = ccEl("button", {
        type: "button",
        class: "cc-button cc-rank-move",
        "aria-label": ccText(model, "move_down", { option: label }),
        title: ccText(model, "move_down", { option: label }),
        "data-cc-focus": `down:${key}`,
      });
      down.append(ccEl("span", { "aria-hidden": "true", text: "▼" }));
      down.disabled = index === items.length - 1;
      down.addEventListener("click", () => move(index, 1));
      list.append(
        ccEl("li", { class: "cc-rank-item", "data-key": key }, [
          ccEl("span", { class: "cc-rank-pos", "aria-hidden": "true", text: String(index + 1) }),
          ccEl("span", { class: "cc-rank-text" }, [
            ccEl("span", { class: "cc-sr-only", text: `${ccText(model, "position", { n: index + 1 })}: ` }),
            label,
          ]),
          ccEl("span", { class: "cc-rank-buttons" }, [up, down]),
        ]),
      );
    });
    if (pendingFocus) {
      const { key, dir } = pendingFocus;
      pendingFocus = null;
      const other = dir === "up" ? "down" : "up";
      const node =
        list.querySelector(`[data-cc-focus="${CSS.escape(`${dir}:${key}`)}"]:not(:disabled)`) ||
        list.querySelector(`[data-cc-focus="${CSS.escape(`${other}:${key}`)}"]`);
      if (node) node.focus();
    } else {
      ccRestoreFocus(list, focusKey);
    }
    shell.update();
  };

  draw();
  const stopDraw = ccListen(model, ["value", "options", "texts"], draw);
  const stopShell = ccListen(model, ["label", "help", "required", "disabled", "error"], () =>
    shell.update(),
  );
  return () => {
    stopDraw();
    stopShell();
  };
}

export default { render };
