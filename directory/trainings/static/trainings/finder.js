// Each finder question is a new page: move focus to its heading (after the first), so that keyboard and screen
// reader users start at the question rather than at the top of the page.
document.addEventListener("DOMContentLoaded", function () {
  var heading = document.querySelector("[data-finder-heading]");
  var step = document.querySelector('input[name="step"]');
  if (heading && step && step.value !== "1") heading.focus();
});
