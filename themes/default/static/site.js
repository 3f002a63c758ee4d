/* playbook: small enhancements for every page. No framework, no network. */
(function () {
  "use strict";
  var html = document.documentElement;
  html.classList.add("js");
  var zh = html.classList.contains("ui-zh");

  var progress = window.playbookProgress;

  /* Role-play progress badges (overview, role-play list, role-play page): the best attempt. */
  function showBadges() {
    var badges = document.querySelectorAll("[data-progress]");
    for (var i = 0; i < badges.length; i++) {
      var el = badges[i];
      var best = progress && progress.best(el.getAttribute("data-progress"));
      if (best) {
        var pass = Number(el.getAttribute("data-pass")) || 0;
        var ok = best.score >= pass;
        el.textContent = (zh ? "最高得分 " : "Best score ") + best.score + "% · " +
          (ok ? (zh ? "已通过" : "Passed") : (zh ? "尚未通过" : "Not passed yet"));
        el.classList.remove("is-passed", "is-tried");
        el.classList.add(ok ? "is-passed" : "is-tried");
      }
    }
  }
  showBadges();
  document.addEventListener("playbook:progress", showBadges);

  /* A stage's checklist keeps its ticks. */
  var lists = document.querySelectorAll("[data-checklist]");
  for (var l = 0; l < lists.length; l++) {
    (function (list) {
      var id = list.getAttribute("data-checklist");
      var boxes = list.querySelectorAll("input[type=checkbox]");
      var ticks = progress ? progress.checklist(id) : [];
      for (var b = 0; b < boxes.length; b++) {
        boxes[b].checked = ticks.indexOf(b) >= 0;
        boxes[b].addEventListener("change", function () {
          var on = [];
          for (var c = 0; c < boxes.length; c++) { if (boxes[c].checked) { on.push(c); } }
          if (progress) { progress.setChecklist(id, on); }
        });
      }
    })(lists[l]);
  }

  /* "Mark as studied" on an entry's page (learning paths count it). */
  var mark = document.querySelector("[data-study]");
  if (mark && progress) {
    var key = mark.getAttribute("data-study");
    var button = mark.querySelector("button");
    var show = function () {
      var on = progress.studied(key);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "✓ " + mark.getAttribute("data-t-studied") : mark.getAttribute("data-t-mark");
    };
    mark.hidden = false;
    show();
    button.addEventListener("click", function () {
      progress.setStudied(key, !progress.studied(key));
      show();
    });
  }

  /* The overview: how many drill cards are due today (reviews due, then new cards up to the day's 20). */
  var dueEl = document.querySelector("[data-drill-due]");
  if (dueEl && progress) {
    var cards = progress.load().cards, now = Date.now(), known = 0, due = 0, newToday = 0;
    var day = new Date().toISOString().slice(0, 10);
    Object.keys(cards).forEach(function (id) {
      var c = cards[id];
      known++;
      if (c.reps === 1 && String(c.last).slice(0, 10) === day) { newToday++; }
      if (!c.due || Date.parse(c.due) <= now) { due++; }
    });
    var total = Number(dueEl.getAttribute("data-drill-due")) || 0;
    due += Math.min(Math.max(0, 20 - newToday), Math.max(0, total - known));
    dueEl.textContent = dueEl.getAttribute("data-t-due").replace("{n}", due);
  }

  /* The progress file: download it, import one (merged with this browser's). */
  var file = document.querySelector("[data-progress-file]");
  if (file && progress) {
    file.hidden = false;
    var status = file.querySelector("[data-progress-status]");
    file.querySelector("[data-progress-export]").addEventListener("click", function () {
      var blob = new Blob([progress.exportText()], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "playbook-progress-" + new Date().toISOString().slice(0, 10) + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    });
    file.querySelector("[data-progress-import]").addEventListener("change", function () {
      var input = this;
      if (!input.files || !input.files[0]) { return; }
      var reader = new FileReader();
      reader.onload = function () {
        try {
          progress.importText(String(reader.result));
          status.textContent = status.getAttribute("data-t-imported");
        } catch (e) {
          status.textContent = status.getAttribute("data-t-failed").replace("{e}", e.message);
        }
        input.value = "";
      };
      reader.readAsText(input.files[0]);
    });
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
