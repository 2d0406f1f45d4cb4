/* Filters a pairing table by county, stage and lead, and downloads exactly the filtered pairings
   as CSV: the rows of the programme's full CSV file (every page of the table) whose county, stage
   and lead match. The table and the full files are complete without this script. */
(function () {
  "use strict";
  var table = document.querySelector("table[data-filter]");
  var box = document.querySelector(".table-filter");
  if (!table || !box) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var fields = [["county", "县（市、区）"], ["stage", "学段"], ["lead", "牵头单位"]];
  var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent; });
  /* Each row's county, stage and lead as its cells show them (a lead's name without the
     spelling after it; a stage 未注明 is no stage); a column the table leaves out gives none. */
  var rowValues = rows.map(function (row) {
    var of = {};
    fields.forEach(function (field) {
      var cell = row.cells[heads.indexOf(field[1])];
      var link = cell && cell.querySelector("a");
      var value = cell ? (link ? link : cell).textContent : "";
      of[field[0]] = field[0] === "stage" && value === "未注明" ? "" : value;
    });
    return of;
  });
  var selects = [];
  fields.forEach(function (field) {
    var values = [];
    rowValues.forEach(function (of) {
      var value = of[field[0]];
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
    rows.forEach(function (row, n) {
      var match = selects.every(function (s) {
        return !s.value || rowValues[n][s.getAttribute("data-field")] === s.value;
      });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    status.textContent = "显示 " + shown + " / " + rows.length + " 对";
  }
  /* The chosen values are kept in the page address (?county=…&lead=…), so a filtered view can be
     shared or bookmarked and opens filtered. */
  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (s) {
    var wanted = params.get(s.getAttribute("data-field"));
    if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) {
      s.value = wanted;
    }
  });
  function remember() {
    var query = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      if (s.value) { query.set(s.getAttribute("data-field"), s.value); } else { query.delete(s.getAttribute("data-field")); }
    });
    var search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }
  selects.forEach(function (s) { s.addEventListener("change", function () { apply(); remember(); }); });
  var csvUrl = box.getAttribute("data-csv");
  if (csvUrl) {
    var download = document.createElement("button");
    download.type = "button";
    download.textContent = "下载当前筛选结果（CSV）";
    download.addEventListener("click", function () { downloadFiltered(csvUrl, download); });
    box.appendChild(download);
  }
  box.hidden = false;
  apply();

  /* The records of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line ends),
     each with its original text so that a filtered file keeps the rows byte for byte. */
  function parseCsv(text) {
    var records = [], fields = [], field = "", quoted = false, start = 0, i = 0;
    function endRecord(end) {
      fields.push(field);
      records.push({ fields: fields, text: text.slice(start, end) });
      fields = []; field = "";
    }
    for (; i < text.length; i += 1) {
      var c = text[i];
      if (quoted) {
        if (c === "\"" && text[i + 1] === "\"") { field += "\""; i += 1; }
        else if (c === "\"") { quoted = false; }
        else { field += c; }
      } else if (c === "\"") { quoted = true; }
      else if (c === ",") { fields.push(field); field = ""; }
      else if (c === "\r" && text[i + 1] === "\n") { endRecord(i); i += 1; start = i + 1; }
      else if (c === "\n") { endRecord(i); start = i + 1; }
      else { field += c; }
    }
    if (start < text.length) { endRecord(text.length); }
    return records;
  }

  /* A cell as the table shows it: the open data marks text that Excel would run with a leading '. */
  function shown(cell) {
    return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
  }

  function downloadFiltered(url, button) {
    button.disabled = true;
    fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.text();
    }).then(function (text) {
      if (text.charCodeAt(0) === 0xfeff) { text = text.slice(1); }
      var records = parseCsv(text);
      var header = records[0].fields;
      var columns = { county: header.indexOf("县（市、区）"), stage: header.indexOf("学段"), lead: header.indexOf("牵头单位") };
      var kept = records.slice(1).filter(function (rec) {
        return selects.every(function (s) {
          if (!s.value) { return true; }
          var value = shown(rec.fields[columns[s.getAttribute("data-field")]] || "");
          if (s.getAttribute("data-field") === "county" && value === "") { value = "（未定位到县）"; }
          if (s.getAttribute("data-field") === "lead" && value === "") { value = "未注明"; }
          return value === s.value;
        });
      });
      var lines = [records[0].text].concat(kept.map(function (rec) { return rec.text; }));
      var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      var chosen = selects.filter(function (s) { return s.value; }).map(function (s) { return s.value; });
      var name = url.split("/").pop().replace(/\.csv$/, "");
      link.download = decodeURIComponent(name) + (chosen.length ? "-" + chosen.join("-") : "") + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      status.textContent = "已下载 " + kept.length + " 对";
    }).catch(function () {
      status.textContent = "下载失败，请改用上方的完整名单文件";
    }).then(function () { button.disabled = false; });
  }
}());
