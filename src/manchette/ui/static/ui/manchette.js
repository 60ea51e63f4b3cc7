/* Manchette: progressive enhancement only; every page works without this file.
 *
 * With no contrast choice stored (<html data-theme="auto">) the stylesheet follows the
 * system's `prefers-contrast: more`. The server can't see that setting, so it renders the
 * toggle as "turn on"; when the system already asks for more contrast, make the one
 * control say "turn off" and submit "default", so its label matches what is on screen. */
(function () {
  "use strict";

  var root = document.documentElement;
  if (root.getAttribute("data-theme") !== "auto" || typeof window.matchMedia !== "function") {
    return;
  }
  var button = document.querySelector(".contrast-toggle button[data-label-on]");
  if (!button) {
    return;
  }
  var query = window.matchMedia("(prefers-contrast: more)");
  var off = { label: button.textContent, value: button.value, state: button.getAttribute("data-state") };
  var on = { label: button.getAttribute("data-label-on"), value: "default", state: "on" };

  function sync() {
    var wanted = query.matches ? on : off;
    button.textContent = wanted.label;
    button.value = wanted.value;
    if (wanted.state) {
      button.setAttribute("data-state", wanted.state);
    }
  }

  sync();
  // The system setting can change while the page is open; the stylesheet follows it live.
  if (typeof query.addEventListener === "function") {
    query.addEventListener("change", sync);
  }
})();
