/* The moderation desk's keyboard shortcuts; every action also works without this file.
 *
 *   j / k   next / previous comment in the queue
 *   a       approve the comment that holds focus
 *   r       move to the reject reason of that comment (Enter on "Reject" then submits)
 *
 * Keys typed in a field, or with a modifier, are never taken. After an action the
 * page reloads with its status message, which takes focus so it is read out. */
(function () {
  "use strict";

  var status = document.getElementById("resultat");
  if (status && status.textContent.trim()) {
    status.focus();
  }

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-desk-item]"));
  }

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-desk-item]") : null;
  }

  function move(step) {
    var all = items();
    if (!all.length) {
      return;
    }
    var index = all.indexOf(current());
    var next = index < 0 ? (step > 0 ? 0 : all.length - 1) : index + step;
    if (next >= 0 && next < all.length) {
      all[next].focus();
      all[next].scrollIntoView({ block: "nearest" });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
      return;
    }
    var key = event.key;
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
      return;
    }
    var item = current();
    if (!item || (key !== "a" && key !== "r")) {
      return;
    }
    var target = item.querySelector('[data-shortcut="' + key + '"]');
    if (!target) {
      return;
    }
    event.preventDefault();
    if (key === "a") {
      target.form.requestSubmit ? target.form.requestSubmit(target) : target.click();
    } else {
      target.focus();
    }
  });
})();
