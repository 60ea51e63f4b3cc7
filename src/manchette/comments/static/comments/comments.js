/* Comments: the "Signaler le commentaire" links open one native <dialog> holding the report
 * form, posted in the background. Without this file each link leads to the report page,
 * which has the same form, so nothing here is needed to report a comment. */
(function () {
  "use strict";

  var dialog = document.querySelector("[data-report-dialog]");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch || !window.DOMParser) {
    return;
  }
  var panel = dialog.querySelector("[data-report-panel]");
  var blank = panel.innerHTML;
  var opener = null;
  var action = "";

  function reset() {
    panel.innerHTML = blank;
    var form = panel.querySelector("form");
    if (form) {
      form.setAttribute("action", action);
    }
  }

  function open(button) {
    opener = button;
    action = button.getAttribute("data-href");
    reset();
    dialog.showModal();
    var first = panel.querySelector("input[type=radio]");
    if (first) {
      first.focus();
    }
  }

  // A link that opens a dialog is a button to assistive technology: make it one.
  var links = document.querySelectorAll("a[data-report]");
  Array.prototype.forEach.call(links, function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "comment__report";
    button.textContent = link.textContent;
    button.setAttribute("data-href", link.getAttribute("href"));
    button.setAttribute("aria-haspopup", "dialog");
    button.addEventListener("click", function () {
      open(button);
    });
    link.parentNode.replaceChild(button, link);
  });

  dialog.querySelector("[data-close]").addEventListener("click", function () {
    dialog.close();
  });

  dialog.addEventListener("close", function () {
    if (opener) {
      opener.focus();
    }
  });

  dialog.addEventListener("submit", function (event) {
    var form = event.target;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        // The report page answers with the outcome, or the form and its errors: show that part.
        var page = new DOMParser().parseFromString(html, "text/html");
        var answer = page.getElementById("signalement-panel");
        if (!answer) {
          throw new Error("unexpected answer");
        }
        panel.innerHTML = answer.innerHTML;
      })
      .catch(function () {
        window.location.href = form.getAttribute("action");
      })
      .then(function () {
        var target = panel.querySelector("[data-focus]");
        if (target) {
          target.focus();
        }
      });
  });
})();
