/* Progressive enhancement of the search page; everything works without it.
   - a facet checkbox or a sort/page-size choice applies at once;
   - empty fields stay out of the address, so shared links stay short;
   - on a narrow screen the filters start folded. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  document.documentElement.classList.add("js");

  function submit() {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("input[type=checkbox], select[data-autosubmit]")) { submit(); }
  });

  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value === "" && field.type !== "submit") { field.disabled = true; }
    });
  });

  // Coming back through the history must not find the emptied fields still disabled.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
  });

  var panel = form.querySelector("[data-collapse-narrow]");
  if (panel && window.matchMedia("(max-width: 800px)").matches) { panel.removeAttribute("open"); }
}());
