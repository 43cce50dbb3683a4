// Countdown: shows mm:ss until ends_at; the clock offset to the server is taken once.
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "cc-countdown";
  box.setAttribute("role", "timer");
  box.setAttribute("aria-live", "off");
  const label = document.createElement("span");
  label.className = "cc-countdown-label";
  const time = document.createElement("span");
  time.className = "cc-countdown-time";
  box.append(label, time);
  el.appendChild(box);
  let offset = 0;
  const sync = () => {
    const now = model.get("server_now");
    offset = now ? now * 1000 - Date.now() : 0;
    box.classList.toggle("cc-countdown-big", !!model.get("big"));
    tick();
  };
  const tick = () => {
    const ends = model.get("ends_at");
    const texts = model.get("texts") || {};
    if (!ends) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    const left = Math.max(0, Math.round((ends * 1000 - (Date.now() + offset)) / 1000));
    const mm = String(Math.floor(left / 60)).padStart(2, "0");
    const ss = String(left % 60).padStart(2, "0");
    label.textContent = left > 0 ? (texts.time_left || "") : (texts.time_up || "");
    time.textContent = `${mm}:${ss}`;
    box.classList.toggle("cc-countdown-low", left <= 30);
  };
  model.on("change:ends_at", sync);
  model.on("change:server_now", sync);
  model.on("change:big", sync);
  sync();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
export default { render };
