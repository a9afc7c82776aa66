/* The directory's filters: without JavaScript, the "Apply" buttons submit the form; with it, a change
   to a checkbox or a list submits at once. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("actor-filters");
    if (!form) { return; }
    form.querySelectorAll(".auto-submit").forEach(function (input) {
      input.addEventListener("change", function () {
        // An empty field would clutter the shared URL with "founded_from=&...".
        form.querySelectorAll("input, select").forEach(function (el) {
          if (!el.value && el.name) { el.disabled = true; }
        });
        form.submit();
      });
    });
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (el) {
        if (!el.value && el.name) { el.disabled = true; }
      });
    });
  });
})();
