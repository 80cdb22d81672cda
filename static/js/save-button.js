// Progressive enhancement for accounts/includes/save_button.html: save or remove without leaving the page.
// Without JavaScript (or if anything fails) the form is submitted normally.
(function () {
  "use strict";
  if (window.hwSaveButtons) return;
  window.hwSaveButtons = true;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-save-form]")) return;
    // Signed-out visitors go to the sign-in page with a normal submission.
    if (form.hasAttribute("data-signin-required") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var label = form.querySelector("[data-save-label]");
    var state = form.querySelector("[data-save-state]");
    var status = form.querySelector("[data-save-status]");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        form.action = data.action;
        label.textContent = data.saved ? button.dataset.labelRemove : button.dataset.labelSave;
        state.hidden = !data.saved;
        status.textContent = data.message;
        button.disabled = false;
        button.removeAttribute("aria-busy");
      })
      .catch(function () {
        form.submit();
      });
  });
})();
