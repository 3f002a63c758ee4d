/* playbook: small enhancements for every page. No framework, no network. */
(function () {
  "use strict";
  var html = document.documentElement;
  html.classList.add("js");
  var zh = html.classList.contains("ui-zh");

  function store(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  /* Role-play progress badges (overview, role-play list, role-play page). */
  var badges = document.querySelectorAll("[data-progress]");
  for (var i = 0; i < badges.length; i++) {
    var el = badges[i];
    var p = store(el.getAttribute("data-progress"));
    if (p && typeof p.best === "number") {
      var pass = Number(el.getAttribute("data-pass")) || 0;
      var ok = p.best >= pass;
      el.textContent = (zh ? "最高得分 " : "Best score ") + p.best + "% · " +
        (ok ? (zh ? "已通过" : "Passed") : (zh ? "尚未通过" : "Not passed yet"));
      el.classList.add(ok ? "is-passed" : "is-tried");
    }
  }

  /* Fill search fields from the query string (search hook). */
  var params = new URLSearchParams(window.location.search);
  var fills = document.querySelectorAll("[data-fill-from]");
  for (var j = 0; j < fills.length; j++) {
    var v = params.get(fills[j].getAttribute("data-fill-from"));
    if (v) { fills[j].value = v; }
  }

  /* Print buttons (battle cards). */
  var prints = document.querySelectorAll("[data-print]");
  for (var k = 0; k < prints.length; k++) {
    prints[k].hidden = false;
    prints[k].addEventListener("click", function () { window.print(); });
  }
})();
