/* Learning paths: what is done, from the learner's progress (progress.js). A path's outline is in the page
   (`ol.steps`, every entry an element with data-item="<kind>/<id>"), on its own page and, hidden, on the
   overview and the list of paths. An entry is done when marked as studied; a role-play when passed; in a
   drill step, an objection when its card was answered Good or Easy once. A step is done when all its
   entries are, a path when all its steps are; then its page offers the certificate. */
(function () {
  "use strict";
  var progress = window.playbookProgress;
  if (!progress) { return; }
  var html = document.documentElement;

  function passed(doc, id, pass) {
    var r = doc.roleplays[id];
    return !!(r && r.attempts.some(function (a) { return a.passed || a.score >= pass; }));
  }

  function bestScore(doc, id) {
    var r = doc.roleplays[id], best = null;
    (r ? r.attempts : []).forEach(function (a) { if (best === null || a.score > best) { best = a.score; } });
    return best;
  }

  function itemDone(doc, li, drill) {
    var kind = li.getAttribute("data-kind"), id = li.getAttribute("data-id");
    if (kind === "roleplay") { return passed(doc, id, Number(li.getAttribute("data-pass")) || 0); }
    if (drill && kind === "objection") { var c = doc.cards[id]; return !!(c && c.good); }
    var s = doc.studied[li.getAttribute("data-item")];
    return !!(s && s.done);
  }

  /* Every step of an outline with what is done in it, the path's totals, and the first thing left to do. */
  function evaluate(doc, outline) {
    var out = { steps: [], done: 0, total: 0, next: null };
    Array.prototype.forEach.call(outline.querySelectorAll(":scope > .path-step"), function (step) {
      var drill = step.hasAttribute("data-drill");
      var items = Array.prototype.slice.call(step.querySelectorAll("[data-item]"));
      var done = items.filter(function (li) { return itemDone(doc, li, drill); });
      var s = { el: step, items: items, done: done.length, total: items.length, drill: drill };
      out.steps.push(s);
      out.done += s.done;
      out.total += s.total;
      if (!out.next && s.done < s.total) {
        var open = items.filter(function (li) { return done.indexOf(li) < 0; })[0];
        var link = open.querySelector("a");
        out.next = { n: step.getAttribute("data-step"), title: open.getAttribute("data-title"), url: link && link.href };
      }
    });
    out.complete = out.total > 0 && out.done === out.total;
    return out;
  }

  function bar(line, done, total, labels) {
    if (!line) { return; }
    line.hidden = false;
    var p = line.querySelector("progress");
    p.max = total || 1;
    p.value = done;
    var text = labels.getAttribute("data-t-progress").replace("{done}", done).replace("{total}", total);
    p.setAttribute("aria-label", text);
    line.querySelector("[data-progress-text]").textContent = text;
  }

  function next(el, state, labels) {
    if (!el) { return; }
    el.hidden = false;
    el.textContent = "";
    if (state.complete) { el.textContent = labels.getAttribute("data-t-done"); return; }
    var text = labels.getAttribute("data-t-next").replace("{n}", state.next.n).replace("{title}", state.next.title);
    if (state.next.url) {
      var a = document.createElement("a");
      a.href = state.next.url;
      a.textContent = text;
      el.appendChild(a);
    } else {
      el.textContent = text;
    }
  }

  /* A path's own page: marks, ticks, per-step bars, the certificate. */
  function page(doc, box) {
    var outline = box.querySelector("ol.steps");
    var state = evaluate(doc, outline);
    bar(box.querySelector("[data-path-progress]"), state.done, state.total, box);
    next(box.querySelector(".page-head [data-next]"), state, box);
    state.steps.forEach(function (s) {
      bar(s.el.querySelector(".progress-line"), s.done, s.total, box);
      s.el.classList.toggle("is-done", s.done === s.total);
      s.items.forEach(function (li) {
        var done = itemDone(doc, li, s.drill);
        li.classList.toggle("is-done", done);
        var mark = li.querySelector("[data-mark]");
        var kind = li.getAttribute("data-kind");
        if (kind === "roleplay") {
          var best = bestScore(doc, li.getAttribute("data-id"));
          mark.textContent = best === null ? "" : box.getAttribute("data-t-best") + " " + best + "% · " +
            box.getAttribute(done ? "data-t-passed" : "data-t-not-passed");
        } else {
          mark.textContent = done ? box.getAttribute("data-t-step-done") : "";
        }
        var tick = li.querySelector("[data-studied]");
        if (tick) {
          tick.closest("label").hidden = false;
          tick.checked = done;
        }
      });
    });
    certificate(doc, box, outline, state);
    // Heard by scorm.js inside a SCORM package (docs/lms.md); nothing listens on the site.
    document.dispatchEvent(new CustomEvent("playbook:path",
      { detail: { done: state.done, total: state.total, complete: state.complete } }));
  }

  function certificate(doc, box, outline, state) {
    var cert = document.getElementById("pb-certificate");
    if (!cert) { return; }
    cert.hidden = !state.complete;
    if (!state.complete) { return; }
    var name = progress.learner();
    var input = document.getElementById("pb-learner");
    if (document.activeElement !== input) { input.value = name; }
    cert.querySelector("[data-learner]").textContent = name;
    // Completed on the day of the last record that completed it.
    var last = "";
    state.steps.forEach(function (s) {
      s.items.forEach(function (li) {
        var kind = li.getAttribute("data-kind"), id = li.getAttribute("data-id"), at = "";
        if (kind === "roleplay") {
          (doc.roleplays[id] || { attempts: [] }).attempts.forEach(function (a) { if (a.passed && a.at > at) { at = a.at; } });
        } else if (s.drill && kind === "objection") { at = (doc.cards[id] || {}).last || ""; }
        else { at = (doc.studied[li.getAttribute("data-item")] || {}).at || ""; }
        if (at > last) { last = at; }
      });
    });
    cert.querySelector("[data-completed]").textContent = last ? new Date(last).toLocaleDateString() : "";
    var results = cert.querySelector("[data-results]");
    results.innerHTML = "";
    var seen = {};
    outline.querySelectorAll("[data-kind=roleplay]").forEach(function (li) {
      var id = li.getAttribute("data-id");
      if (seen[id]) { return; }
      seen[id] = true;
      var row = document.createElement("li");
      row.textContent = li.getAttribute("data-title") + ": " + bestScore(doc, id) + "%";
      results.appendChild(row);
    });
    cert.querySelector("[data-results-box]").hidden = !results.children.length;
  }

  /* A path as a card (overview, list): the bar and what to do next. */
  function card(doc, li) {
    var state = evaluate(doc, li.querySelector("ol.steps"));
    var labels = li.closest("[data-t-progress]");
    bar(li.querySelector(".progress-line"), state.done, state.total, labels);
    next(li.querySelector("[data-next]"), state, labels);
    li.classList.toggle("is-done", state.complete);
  }

  function update() {
    var doc = progress.load();
    var box = document.querySelector("[data-path-page]");
    if (box) { page(doc, box); }
    document.querySelectorAll("[data-path-card]").forEach(function (li) { card(doc, li); });
  }

  document.addEventListener("change", function (e) {
    var tick = e.target.closest && e.target.closest("[data-studied]");
    if (tick) { progress.setStudied(tick.closest("[data-item]").getAttribute("data-item"), tick.checked); }
  });
  var input = document.getElementById("pb-learner");
  if (input) {
    input.addEventListener("input", function () { progress.setLearner(input.value); });
  }
  var print = document.querySelector("[data-print-certificate]");
  if (print) {
    print.addEventListener("click", function () {
      html.classList.add("print-certificate");
      window.print();
    });
    window.addEventListener("afterprint", function () { html.classList.remove("print-certificate"); });
  }
  document.addEventListener("playbook:progress", update);
  update();
})();
