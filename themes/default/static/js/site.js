/* Reading controls on every page: text size (标准/大/特大) and high contrast, kept across pages;
   a document's 打印/关闭 buttons; and, for print, every link's full address in readable Chinese. */
(function () {
  "use strict";
  var root = document.documentElement;
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };
  /* The controls are made here, not sent in every page: without JavaScript they could not work. A
     theme whose pages carry their own (hidden) controls has them shown instead. */
  var tools = document.querySelector(".reading-tools");
  var header = document.querySelector(".site-header");
  if (!tools && header) {
    tools = document.createElement("div");
    tools.className = "reading-tools wrap";
    tools.setAttribute("role", "group");
    tools.setAttribute("aria-label", "阅读设置");
    var label = document.createElement("span");
    label.textContent = "文字大小";
    tools.appendChild(label);
    [["normal", "标准"], ["large", "大"], ["x-large", "特大"], [null, "高对比度"]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      if (b[0]) { button.setAttribute("data-set-size", b[0]); } else { button.setAttribute("data-toggle-contrast", ""); }
      button.setAttribute("aria-pressed", "false");
      button.textContent = b[1];
      tools.appendChild(button);
    });
    header.insertBefore(tools, header.querySelector(".site-nav"));
  }
  if (tools) { tools.hidden = false; }
  function apply() {
    root.setAttribute("data-text-size", store.get("jiedui-text-size") || "normal");
    root.setAttribute("data-contrast", store.get("jiedui-contrast") || "normal");
    var buttons = document.querySelectorAll("[data-set-size]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-set-size") === root.getAttribute("data-text-size")));
    }
    var contrast = document.querySelector("[data-toggle-contrast]");
    if (contrast) { contrast.setAttribute("aria-pressed", String(root.getAttribute("data-contrast") === "high")); }
  }
  apply();
  document.addEventListener("click", function (e) {
    var target = e.target.closest ? e.target.closest("[data-set-size], [data-toggle-contrast]") : null;
    if (!target) { return; }
    if (target.hasAttribute("data-set-size")) { store.set("jiedui-text-size", target.getAttribute("data-set-size")); }
    else { store.set("jiedui-contrast", root.getAttribute("data-contrast") === "high" ? "normal" : "high"); }
    apply();
  });

  /* Printed links show their full address (https://…/附件1-….csv), not a root-relative path or
     percent-encoding: the print style sheet reads data-print-url. */
  var links = document.querySelectorAll("main a[href]");
  for (var j = 0; j < links.length; j++) {
    var href = links[j].href;
    try { href = decodeURI(href); } catch (err) { /* keep it encoded */ }
    links[j].setAttribute("data-print-url", href);
  }

  /* 打印本页 and 关闭窗口 under a document's text: made here, since without a script they do
     nothing (they were in every notice's and report's markup, hidden, 190 bytes a page) */
  var text = document.querySelector("article.document > .content");
  if (text) {
    var docTools = document.createElement("div");
    docTools.className = "doc-tools";
    [["print", "打印本页"], ["close", "关闭窗口"]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-doc-action", b[0]);
      button.textContent = b[1];
      docTools.appendChild(button);
    });
    text.parentNode.insertBefore(docTools, text.nextSibling);
    docTools.addEventListener("click", function (e) {
      var button = e.target.closest ? e.target.closest("[data-doc-action]") : null;
      if (!button) { return; }
      if (button.getAttribute("data-doc-action") === "print") { window.print(); return; }
      window.close();
      /* A page the reader opened (not a script) cannot close itself: go back instead. */
      setTimeout(function () {
        if (window.closed) { return; }
        if (history.length > 1) { history.back(); } else { location.href = document.querySelector(".site-title").getAttribute("href"); }
      }, 150);
    });
  }

  /* Tables that become one card per row on a narrow screen: each cell is labelled here with its
     column's heading (sent once in the heading, not in every cell); a table is shown as cards
     only once labelled, so without a script it scrolls sideways like the others */
  Array.prototype.forEach.call(document.querySelectorAll("table.cards"), function (table) {
    var heads = table.tHead ? Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent; }) : [];
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (heads[i]) { cell.setAttribute("data-label", heads[i]); }
        });
      });
    });
    table.classList.add("labelled");
  });
}());
