// Counts this page view for "Most popular", once the page has been visible for a few
// seconds in all (a tab opened in the background, a prerendered page or a reader who
// leaves at once does not count). First-party, no cookie: see manchette.popularity.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-beacon");
  if (!url) return;
  var needed = Number(script.getAttribute("data-after")) || 3000;
  var shown = 0;       // milliseconds visible before the current stretch
  var since = null;    // start of the current visible stretch
  var timer = null;
  var sent = false;

  function send() {
    if (sent) return;
    sent = true;
    document.removeEventListener("visibilitychange", update);
    if (!(navigator.sendBeacon && navigator.sendBeacon(url))) {
      fetch(url, {method: "POST", keepalive: true, credentials: "omit"}).catch(function () {});
    }
  }

  function visible() {
    return document.visibilityState === "visible" && !document.prerendering;
  }

  function update() {
    if (sent) return;
    if (visible()) {
      if (since === null) {
        since = Date.now();
        timer = setTimeout(send, needed - shown);
      }
    } else if (since !== null) {
      shown += Date.now() - since;
      since = null;
      clearTimeout(timer);
    }
  }

  document.addEventListener("visibilitychange", update);
  document.addEventListener("prerenderingchange", update);
  update();
})();
