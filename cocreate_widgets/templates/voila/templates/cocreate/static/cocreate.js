// cocreate: kernel lifecycle on the page.
// - When the page goes away (tab closed, navigated, phone browser discards it), end its kernel
//   with a beacon that carries the _xsrf cookie value (the server sets the cookie with the page).
// - When a page comes back from the back/forward cache, or becomes visible again and its
//   kernel is gone (culled after the grace period), reload: a reload gets a fresh kernel.
(function () {
  "use strict";
  var configEl = document.getElementById("jupyter-config-data");
  var cfg = {};
  try {
    cfg = JSON.parse((configEl && configEl.textContent) || "{}");
  } catch (e) {
    cfg = {};
  }
  var kernelId = cfg.kernelId;
  var baseUrl = cfg.baseUrl || "/";
  var lang = document.documentElement.lang || "nl";
  var ended = false;

  // The cells scroll inside their own box: make it a labelled main landmark that the
  // keyboard can reach (axe: scrollable-region-focusable, region).
  var cells = document.getElementById("rendered_cells");
  if (cells) {
    cells.setAttribute("role", "main");
    cells.tabIndex = 0;
  }

  function xsrf() {
    var m = document.cookie.match("\\b_xsrf=([^;]*)\\b");
    return (m && m[1]) || "";
  }

  function endKernel() {
    if (!kernelId || ended) {
      return;
    }
    ended = true;
    var body = new FormData();
    body.append("_xsrf", xsrf());
    if (navigator.sendBeacon) {
      navigator.sendBeacon(baseUrl + "voila/api/shutdown/" + kernelId, body);
    }
  }

  function showReloading() {
    if (document.getElementById("cocreate-reconnect")) {
      return;
    }
    var el = document.createElement("div");
    el.id = "cocreate-reconnect";
    el.setAttribute("role", "status");
    el.textContent =
      lang === "en"
        ? "The connection was lost. The page is reloading..."
        : "De verbinding was verbroken. De pagina wordt opnieuw geladen...";
    document.body.appendChild(el);
  }

  function reload() {
    showReloading();
    window.location.reload();
  }

  function checkKernel() {
    if (!kernelId || ended || document.visibilityState !== "visible") {
      return;
    }
    fetch(baseUrl + "api/kernels/" + kernelId, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 404) {
          reload();
        }
      })
      .catch(function () {
        /* offline: try again when back online */
      });
  }

  // pagehide fires on mobile where beforeunload often does not
  window.addEventListener("pagehide", endKernel);
  window.addEventListener("beforeunload", endKernel);
  window.addEventListener("pageshow", function (ev) {
    if (ev.persisted) {
      reload();
    }
  });
  document.addEventListener("visibilitychange", checkKernel);
  window.addEventListener("online", checkKernel);
  window.addEventListener("focus", checkKernel);
})();
