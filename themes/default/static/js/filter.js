/* Filters a pairing table by county, stage and lead. The table is complete without this script. */
(function () {
  "use strict";
  var table = document.querySelector("table[data-filter]");
  var box = document.querySelector(".table-filter");
  if (!table || !box) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var fields = [["county", "县（市、区）"], ["stage", "学段"], ["lead", "牵头单位"]];
  var selects = [];
  fields.forEach(function (field) {
    var values = [];
    rows.forEach(function (row) {
      var value = row.getAttribute("data-" + field[0]);
      if (value && values.indexOf(value) < 0) { values.push(value); }
    });
    if (values.length < 2) { return; }
    values.sort(function (a, b) { return a.localeCompare(b, "zh-CN"); });
    var label = document.createElement("label");
    label.textContent = field[1] + " ";
    var select = document.createElement("select");
    select.setAttribute("data-field", field[0]);
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "全部";
    select.appendChild(all);
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    label.appendChild(select);
    box.appendChild(label);
    selects.push(select);
  });
  if (!selects.length) { return; }
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  box.appendChild(status);
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var match = selects.every(function (s) {
        return !s.value || row.getAttribute("data-" + s.getAttribute("data-field")) === s.value;
      });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = "显示 " + shown + " / " + rows.length + " 对";
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  box.hidden = false;
  apply();
}());
