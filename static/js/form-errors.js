// A form sent back with errors (templates/includes/form_errors.html): the focus moves to its summary, so
// that a screen reader reads it and the next Tab reaches its first link; a link of the summary puts the
// focus in the field it names. Without JavaScript the summary and its links work as plain anchors.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({block: "center"});
    field.focus({preventScroll: true});
  });
})();
