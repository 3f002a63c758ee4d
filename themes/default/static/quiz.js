/* Role-play practice: scored choice questions, free-text answers compared with a model answer and a
   rubric. The answer key is JSON in #pb-quiz-data (no fetch: works on file://); its feedback, explanations
   and model answers are HTML the build already sanitized; labels are the theme's (data-t-* on #pb-quiz).

   Honest scoring: choices are shuffled for every attempt (never in the order of the last one); the score
   needs every question answered; a model answer shows only after something is written; everything is
   locked once scored. Right and wrong are said in words (and announced), not by colour alone. The attempt
   in progress survives a reload; finished attempts (date, score, what was missed) are kept by
   progress.js. */
(function () {
  "use strict";
  var dataEl = document.getElementById("pb-quiz-data");
  var root = document.getElementById("pb-quiz");
  if (!dataEl || !root) { return; }
  var quiz;
  try { quiz = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var progress = window.playbookProgress;
  var t = quiz.t;
  var ds = root.dataset;
  var sections = root.querySelectorAll(".question");
  var resultEl = document.getElementById("pb-quiz-result");
  var reviewEl = document.getElementById("pb-quiz-review");
  var historyEl = document.getElementById("pb-quiz-history");
  var finish = root.querySelector("[data-action=finish]");
  var restart = root.querySelector("[data-action=restart]");
  var title = document.documentElement.getAttribute("data-playbook") || "";
  var DRAFT = "playbook:" + title + ":attempt:" + quiz.id;
  var points = [];
  var draft = readDraft();

  function el(tag, cls, html) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (html) { e.innerHTML = html; }
    return e;
  }

  function text(tag, cls, s) {
    var e = el(tag, cls);
    e.textContent = s;
    return e;
  }

  function readDraft() {
    try { return JSON.parse(window.localStorage.getItem(DRAFT) || "null"); } catch (e) { return null; }
  }

  function saveDraft() {
    try { window.localStorage.setItem(DRAFT, JSON.stringify(draft)); } catch (e) { /* storage disabled */ }
  }

  /* A new attempt: every question's choices in a random order, and not all in the last attempt's. */
  function shuffled(last) {
    function perm(n) {
      var a = [];
      for (var i = 0; i < n; i++) { a.push(i); }
      for (var j = n - 1; j > 0; j--) {
        var k = Math.floor(Math.random() * (j + 1));
        var x = a[j]; a[j] = a[k]; a[k] = x;
      }
      return a;
    }
    var order, tries = 0;
    do {
      order = {};
      for (var i = 0; i < sections.length; i++) {
        order[i] = perm(sections[i].querySelectorAll(".choice").length);
      }
      tries++;
    } while (last && JSON.stringify(order) === JSON.stringify(last) && tries < 50);
    return order;
  }

  if (!draft || draft.finished) {
    draft = { order: shuffled(draft && draft.order), picked: {}, checked: {}, text: {}, revealed: {},
      ticks: {}, finished: false };
    saveDraft();
  }

  function explain(box, key) {
    if (key.explanation) {
      var d = el("div", "explanation");
      d.appendChild(text("h3", "", t.explanation));
      d.appendChild(el("div", "prose", key.explanation));
      box.appendChild(d);
    }
  }

  function label(choice) { return choice.querySelector("label").textContent.trim(); }

  function setupChoice(section, key, i) {
    var btn = section.querySelector("[data-action=check]");
    var box = section.querySelector(".feedback");
    var list = section.querySelector(".choices");
    var choices = Array.prototype.slice.call(section.querySelectorAll(".choice"));
    (draft.order[i] || []).forEach(function (n) { if (choices[n]) { list.appendChild(choices[n]); } });
    btn.hidden = false;
    function show(n, announce) {
      var right = key.correct.indexOf(n) >= 0;
      points[i] = right ? 1 : 0;
      var names = [];
      choices.forEach(function (c) {
        var radio = c.querySelector("input");
        radio.disabled = true;
        var v = Number(radio.value);
        if (v === n) { radio.checked = true; }
        if (key.correct.indexOf(v) >= 0) {
          c.classList.add("is-correct");
          c.appendChild(text("span", "mark", ds.tRightAnswer));
          names.push(label(c));
        } else if (v === n) {
          c.classList.add("is-wrong");
          c.appendChild(text("span", "mark", ds.tYourAnswer));
        }
      });
      box.innerHTML = "";
      var msg = el("div", right ? "verdict ok" : "verdict ko");
      var p = el("p");
      p.appendChild(text("strong", "", right ? t.correct : t.incorrect));
      if (!right) { p.appendChild(document.createTextNode(" " + ds.tRightAnswer + t.colon + names.join(" / "))); }
      msg.appendChild(p);
      if (key.feedback[n]) { msg.appendChild(el("div", "prose", key.feedback[n])); }
      box.appendChild(msg);
      explain(box, key);
      btn.hidden = true;
      if (announce) {
        box.setAttribute("tabindex", "-1");
        box.focus();
      }
    }
    choices.forEach(function (c) {
      c.querySelector("input").addEventListener("change", function () {
        draft.picked[i] = Number(this.value);
        saveDraft();
      });
    });
    btn.addEventListener("click", function () {
      var picked = section.querySelector("input[type=radio]:checked");
      box.innerHTML = "";
      if (!picked) { box.appendChild(text("p", "hint", t.pick_first)); return; }
      draft.checked[i] = Number(picked.value);
      saveDraft();
      show(Number(picked.value), true);
    });
    if (draft.checked[i] !== undefined) { show(draft.checked[i], false); }
    else if (draft.picked[i] !== undefined) {
      var r = section.querySelector("input[value='" + Number(draft.picked[i]) + "']");
      if (r) { r.checked = true; }
    }
  }

  function setupText(section, key, i) {
    var btn = section.querySelector("[data-action=reveal]");
    var model = section.querySelector(".model");
    var box = section.querySelector(".feedback");
    var area = section.querySelector("textarea");
    var ticks = section.querySelectorAll("[data-rubric]");
    btn.hidden = false;
    function score() {
      var n = 0, on = [];
      for (var k = 0; k < ticks.length; k++) { if (ticks[k].checked) { n++; on.push(k); } }
      points[i] = ticks.length ? n / ticks.length : 0;
      draft.ticks[i] = on;
      saveDraft();
    }
    function reveal(announce) {
      section.querySelector(".model-body").innerHTML = key.model_answer;
      model.hidden = false;
      box.innerHTML = "";
      explain(box, key);
      btn.hidden = true;
      area.readOnly = true;
      if (points[i] === undefined) { points[i] = 0; }
      if (announce) {
        model.setAttribute("tabindex", "-1");
        model.focus();
      }
    }
    area.addEventListener("input", function () {
      draft.text[i] = area.value;
      saveDraft();
    });
    btn.addEventListener("click", function () {
      if (!area.value.trim()) {
        box.innerHTML = "";
        box.appendChild(text("p", "hint", ds.tWriteFirst));
        area.focus();
        return;
      }
      draft.revealed[i] = true;
      saveDraft();
      reveal(true);
    });
    for (var k = 0; k < ticks.length; k++) { ticks[k].addEventListener("change", score); }
    if (typeof draft.text[i] === "string") { area.value = draft.text[i]; }
    if (draft.revealed[i]) {
      (draft.ticks[i] || []).forEach(function (k) { if (ticks[k]) { ticks[k].checked = true; } });
      reveal(false);
      score();
    }
  }

  function percent() {
    var sum = 0;
    for (var i = 0; i < quiz.questions.length; i++) { sum += points[i] || 0; }
    return quiz.questions.length ? Math.round(100 * sum / quiz.questions.length) : 0;
  }

  function unanswered() {
    var out = [];
    for (var i = 0; i < sections.length; i++) { if (points[i] === undefined) { out.push(i); } }
    return out;
  }

  function heading(section) { return section.querySelector("h2").textContent.trim(); }

  function lock() {
    var inputs = root.querySelectorAll("input, textarea");
    for (var k = 0; k < inputs.length; k++) { inputs[k].disabled = true; }
    var buttons = root.querySelectorAll(".question [data-action]");
    for (var b = 0; b < buttons.length; b++) { buttons[b].hidden = true; }
    finish.hidden = true;
  }

  /* The questions not fully right, each with the links to what it tests (its objection, the stage). */
  function review(missed) {
    reviewEl.innerHTML = "";
    if (!missed.length) { reviewEl.appendChild(text("p", "", ds.tAllRight)); reviewEl.hidden = false; return; }
    reviewEl.appendChild(text("h3", "", ds.tStudyAgain));
    var ul = el("ul");
    var stage = document.querySelector(".page-head [data-stage-link] a");
    missed.forEach(function (i) {
      var li = el("li");
      var a = text("a", "", heading(sections[i]));
      a.href = "#" + sections[i].id;
      li.appendChild(a);
      var prompt = sections[i].querySelector(".prompt").textContent.trim().split("\n")[0];
      li.appendChild(document.createTextNode(" · " + prompt + " "));
      var links = Array.prototype.slice.call(sections[i].querySelectorAll(".drills a"));
      if (stage) { links.push(stage); }
      links.forEach(function (l, n) {
        if (n) { li.appendChild(document.createTextNode(" · ")); }
        var c = text("a", "study", ds.tStudy + t.colon + l.textContent.trim());
        c.href = l.href;
        li.appendChild(c);
      });
      ul.appendChild(li);
    });
    reviewEl.appendChild(ul);
    reviewEl.hidden = false;
  }

  function history() {
    if (!progress || !historyEl) { return; }
    var attempts = progress.attempts(quiz.id);
    historyEl.innerHTML = "";
    if (!attempts.length) { historyEl.hidden = true; return; }
    historyEl.appendChild(text("h3", "", ds.tAttempts));
    var table = el("table");
    var head = el("tr");
    [ds.tDate, t.score, ""].forEach(function (h) { head.appendChild(text("th", "", h)); });
    table.appendChild(head);
    attempts.slice().reverse().forEach(function (a) {
      var tr = el("tr");
      tr.appendChild(text("td", "", a.at ? new Date(a.at).toLocaleString() : "—"));
      tr.appendChild(text("td", "", a.score + "%"));
      tr.appendChild(text("td", "", a.passed ? t.passed : t.not_passed));
      table.appendChild(tr);
    });
    historyEl.appendChild(table);
    historyEl.hidden = false;
  }

  function badge() {
    var b = progress && progress.best(quiz.id);
    var el2 = document.querySelector(".page-head [data-progress]");
    if (b && el2) {
      var ok = b.score >= quiz.pass;
      el2.textContent = t.best_score + " " + b.score + "% · " + (ok ? t.passed : t.not_passed);
      el2.className = "progress " + (ok ? "is-passed" : "is-tried");
    }
  }

  finish.hidden = false;
  finish.addEventListener("click", function () {
    var open = unanswered();
    if (open.length) {
      resultEl.className = "score ko";
      resultEl.innerHTML = "";
      resultEl.appendChild(document.createTextNode(ds.tUnanswered.replace("{n}", open.length) + " "));
      open.forEach(function (i, n) {
        if (n) { resultEl.appendChild(document.createTextNode(t.list_comma)); }
        var a = text("a", "", heading(sections[i]));
        a.href = "#" + sections[i].id;
        resultEl.appendChild(a);
      });
      return;
    }
    var p = percent();
    var ok = p >= quiz.pass;
    var missed = [];
    for (var i = 0; i < sections.length; i++) { if ((points[i] || 0) < 1) { missed.push(i); } }
    resultEl.className = "score " + (ok ? "ok" : "ko");
    resultEl.textContent = t.score_line.replace("{score}", t.score).replace("{p}", p)
      .replace("{verdict}", ok ? t.passed : t.not_passed).replace("{pass}", quiz.pass);
    lock();
    review(missed);
    draft.finished = true;
    saveDraft();
    // Heard by scorm.js inside a SCORM package (docs/lms.md); nothing listens on the site.
    document.dispatchEvent(new CustomEvent("playbook:attempt", { detail: { score: p, pass: quiz.pass, passed: ok } }));
    if (progress) {
      progress.addAttempt(quiz.id, p, ok, missed.map(function (m) { return m + 1; }));
      badge();
      history();
    }
    restart.hidden = false;
  });
  restart.addEventListener("click", function () { window.location.reload(); });

  for (var i = 0; i < sections.length; i++) {
    var key = quiz.questions[Number(sections[i].getAttribute("data-q"))];
    if (!key) { continue; }
    if (key.kind === "choice") { setupChoice(sections[i], key, i); } else { setupText(sections[i], key, i); }
  }
  badge();
  history();
})();
