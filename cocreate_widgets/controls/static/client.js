// ClientContext: query string and device id to the kernel, page language, and a
// banner when the kernel's heartbeat stops.

const CC_DEVICE_KEY = "cocreate.device";

function ccReadDevice() {
  try {
    const raw = window.localStorage.getItem(CC_DEVICE_KEY);
    const parsed = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch (_err) {
    return {}; // storage blocked (private mode) or broken JSON
  }
}

function ccWriteDevice(device) {
  try {
    if (device && typeof device === "object" && Object.keys(device).length > 0) {
      window.localStorage.setItem(CC_DEVICE_KEY, JSON.stringify(device));
    } else {
      window.localStorage.removeItem(CC_DEVICE_KEY);
    }
  } catch (_err) {
    // storage blocked: the participant will simply join again
  }
}

function ccReadQuery() {
  const query = {};
  try {
    for (const [key, value] of new URLSearchParams(window.location.search)) query[key] = value;
  } catch (_err) {
    // no query
  }
  return query;
}

function render({ model, el }) {
  el.classList.add("cc-client");
  const banner = ccEl("div", { class: "cc-banner", role: "status", "data-state": "ok" });
  const message = ccEl("span", { class: "cc-banner-text" });
  const reload = ccEl("button", { type: "button", class: "cc-button cc-banner-button" });
  reload.hidden = true;
  reload.addEventListener("click", () => window.location.reload());
  banner.append(message, reload);
  document.body.append(banner);

  let lastBeat = Date.now();
  let state = "ok";

  const setState = (next) => {
    if (next === state) return;
    state = next;
    banner.setAttribute("data-state", next);
    message.textContent =
      next === "stale" ? ccText(model, "reconnecting") : next === "dead" ? ccText(model, "reload") : "";
    reload.textContent = ccText(model, "reload_button");
    reload.hidden = next !== "dead";
  };

  const check = () => {
    const seconds = (Date.now() - lastBeat) / 1000;
    const stale = Number(model.get("stale_after")) || 8;
    const dead = Number(model.get("dead_after")) || 45;
    setState(seconds >= dead ? "dead" : seconds >= stale ? "stale" : "ok");
  };

  const onBeat = () => {
    lastBeat = Date.now();
    check();
  };
  const onDevice = () => ccWriteDevice(model.get("device"));
  const onLang = () => {
    const lang = model.get("lang");
    if (lang) document.documentElement.lang = String(lang);
  };
  const onTexts = () => {
    const current = state;
    state = "";
    setState(current);
  };

  onLang();
  model.set("query", ccReadQuery());
  model.set("device", ccReadDevice());
  model.set("connected", true);
  model.save_changes();

  const timer = setInterval(check, 1000);
  const stops = [
    ccListen(model, ["heartbeat"], onBeat),
    ccListen(model, ["device"], onDevice),
    ccListen(model, ["lang"], onLang),
    ccListen(model, ["texts"], onTexts),
  ];
  return () => {
    clearInterval(timer);
    for (const stop of stops) stop();
    banner.remove();
  };
}

export default { render };
