/* Progressive enhancement of the search page; everything works without it.
   - a facet checkbox or a sort/page-size choice applies at once;
   - empty fields stay out of the address, so shared links stay short;
   - on a narrow screen the filters start folded;
   - after such a reload, keyboard focus returns to the control that caused it. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  document.documentElement.classList.add("js");

  function submit() {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  var FOCUS_KEY = "search-focus";

  function remember(field) {
    try {
      sessionStorage.setItem(FOCUS_KEY, JSON.stringify(
        {name: field.name, value: field.type === "checkbox" ? field.value : null}));
    } catch (error) { /* storage refused: focus is only a convenience */ }
  }

  function restoreFocus() {
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(FOCUS_KEY) || "null");
      sessionStorage.removeItem(FOCUS_KEY);
    } catch (error) { return; }
    if (!saved || !saved.name) { return; }
    var selector = '[name="' + CSS.escape(saved.name) + '"]';
    if (saved.value !== null) { selector += '[value="' + CSS.escape(saved.value) + '"]'; }
    var field = form.querySelector(selector);
    if (!field) { return; }
    var folded = field.closest("details:not([open])");
    if (folded) { folded.setAttribute("open", ""); }
    field.focus();
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    // Column choices wait for their own button: the list stays open while ticking.
    if (target.matches("input[type=checkbox]:not([name=col]), select[data-autosubmit]")) {
      remember(target);
      submit();
    }
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

  restoreFocus();
}());
