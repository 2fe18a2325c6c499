/* "Add a row" without a round trip: the button posts the page for one more row when there is
   no script; with it, the row is copied from the table's <template> and the formset's count
   raised, so nothing typed so far leaves the page. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.add-row");
    if (!button) { return; }
    var fieldset = button.closest("fieldset[data-rows]");
    var prefix = fieldset.getAttribute("data-rows");
    var total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = fieldset.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var template = fieldset.querySelector("template.row-template");
    if (!total || !template) { return; }
    var count = parseInt(total.value, 10) || 0;
    if (max && count >= parseInt(max.value, 10)) { return; }
    event.preventDefault();
    var html = template.innerHTML.replace(/__prefix__/g, String(count));
    var body = fieldset.querySelector("table.rows tbody");
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(count + 1);
    var first = body.lastElementChild && body.lastElementChild.querySelector("input, select");
    if (first) { first.focus(); }
    if (max && count + 1 >= parseInt(max.value, 10)) { button.hidden = true; }
  });
}());
