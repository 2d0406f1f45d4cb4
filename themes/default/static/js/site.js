/* Reading controls on every page: text size (标准/大/特大) and high contrast, kept across pages. */
(function () {
  "use strict";
  var root = document.documentElement;
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };
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
  var tools = document.querySelector(".reading-tools");
  if (tools) { tools.hidden = false; }
}());
