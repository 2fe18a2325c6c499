/* Progressive enhancement of the search page; everything works without it.
   - a facet checkbox or a sort/page-size choice applies at once: the results and the facets
     are fetched and put in place, the address follows (back and forward too), and keyboard
     focus stays on the control; if the fetch fails, the page simply reloads;
   - empty fields stay out of the address, so shared links stay short;
   - on a narrow screen the filters start folded;
   - after a reload, keyboard focus returns to the control that caused it. */
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
    focusField(saved);
  }

  function focusField(saved) {
    var selector = '[name="' + CSS.escape(saved.name) + '"]';
    if (saved.value !== null) { selector += '[value="' + CSS.escape(saved.value) + '"]'; }
    var field = form.querySelector(selector);
    if (!field) { return; }
    var folded = field.closest("details:not([open])");
    if (folded) { folded.setAttribute("open", ""); }
    field.focus();
  }

  function address() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") { query.append(name, value); }
    });
    var text = query.toString();
    return form.action + (text ? "?" + text : "");
  }

  // A polite announcement of the new heading ("12 entries found") for screen readers.
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  form.appendChild(status);

  var layout = form.querySelector(".search-layout");
  var pending = null;

  function show(url, field, push) {
    if (!window.fetch || !window.DOMParser || !layout) { return false; }
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    layout.setAttribute("aria-busy", "true");
    fetch(url, {credentials: "same-origin", signal: pending && pending.signal})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("#search-form .search-layout");
        if (!fresh) { throw new Error("no results in the answer"); }
        layout.innerHTML = fresh.innerHTML;
        layout.removeAttribute("aria-busy");
        document.title = page.title;
        if (push) { history.pushState({search: true}, "", url); }
        var heading = layout.querySelector("#results-h");
        status.textContent = heading ? heading.textContent.trim() : "";
        if (field) { focusField(field); }
        pending = null;
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        window.location.assign(url);
      });
    return true;
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    // Column choices wait for their own button: the list stays open while ticking.
    if (target.matches("input[type=checkbox]:not([name=col]), select[data-autosubmit]")) {
      var field = {name: target.name, value: target.type === "checkbox" ? target.value : null};
      if (!show(address(), field, true)) {
        remember(target);
        submit();
      }
    }
  });

  window.addEventListener("popstate", function () {
    if (!show(window.location.href, null, false)) { window.location.reload(); }
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
