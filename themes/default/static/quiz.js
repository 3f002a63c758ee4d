/* Role-play practice: scored choice questions, free-text answers compared with a model answer and a
   rubric, progress kept in localStorage. The answer key is JSON in #pb-quiz-data (no fetch: works on file://).
   Its feedback, explanations and model answers are HTML the build already sanitized; labels are the theme's. */
(function () {
  "use strict";
  var dataEl = document.getElementById("pb-quiz-data");
  var root = document.getElementById("pb-quiz");
  if (!dataEl || !root) { return; }
  var quiz;
  try { quiz = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var t = quiz.t;
  var sections = root.querySelectorAll(".question");
  var points = [];
  var resultEl = document.getElementById("pb-quiz-result");

  function el(tag, cls, html) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (html) { e.innerHTML = html; }
    return e;
  }

  function explain(box, key) {
    if (key.explanation) {
      var d = el("div", "explanation");
      d.appendChild(el("h3", "", t.explanation));
      d.appendChild(el("div", "prose", key.explanation));
      box.appendChild(d);
    }
  }

  function setupChoice(section, key, i) {
    var btn = section.querySelector("[data-action=check]");
    var box = section.querySelector(".feedback");
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var picked = section.querySelector("input[type=radio]:checked");
      box.innerHTML = "";
      if (!picked) { box.appendChild(el("p", "hint", t.pick_first)); return; }
      var n = Number(picked.value);
      var right = key.correct.indexOf(n) >= 0;
      if (points[i] === undefined) { points[i] = right ? 1 : 0; }
      var radios = section.querySelectorAll("input[type=radio]");
      for (var r = 0; r < radios.length; r++) {
        radios[r].disabled = true;
        var c = radios[r].parentNode;
        if (key.correct.indexOf(Number(radios[r].value)) >= 0) { c.classList.add("is-correct"); }
        else if (radios[r] === picked) { c.classList.add("is-wrong"); }
      }
      var msg = el("div", right ? "verdict ok" : "verdict ko");
      msg.appendChild(el("p", "", "<strong>" + (right ? t.correct : t.incorrect) + "</strong>"));
      if (key.feedback[n]) { msg.appendChild(el("div", "prose", key.feedback[n])); }
      box.appendChild(msg);
      explain(box, key);
      btn.hidden = true;
      box.setAttribute("tabindex", "-1");
      box.focus();
      update();
    });
  }

  function setupText(section, key, i) {
    var btn = section.querySelector("[data-action=reveal]");
    var model = section.querySelector(".model");
    var box = section.querySelector(".feedback");
    var ticks = section.querySelectorAll("[data-rubric]");
    btn.hidden = false;
    function score() {
      var n = 0;
      for (var k = 0; k < ticks.length; k++) { if (ticks[k].checked) { n++; } }
      points[i] = ticks.length ? n / ticks.length : 0;
      update();
    }
    btn.addEventListener("click", function () {
      section.querySelector(".model-body").innerHTML = key.model_answer;
      model.hidden = false;
      explain(box, key);
      btn.hidden = true;
      points[i] = 0;
      model.setAttribute("tabindex", "-1");
      model.focus();
      update();
    });
    for (var k = 0; k < ticks.length; k++) { ticks[k].addEventListener("change", score); }
  }

  function percent() {
    var sum = 0;
    for (var i = 0; i < quiz.questions.length; i++) { sum += points[i] || 0; }
    return quiz.questions.length ? Math.round(100 * sum / quiz.questions.length) : 0;
  }

  function answered() {
    var n = 0;
    for (var i = 0; i < quiz.questions.length; i++) { if (points[i] !== undefined) { n++; } }
    return n;
  }

  function update() {
    finish.hidden = answered() === 0;
  }

  function save(p) {
    try {
      var old = JSON.parse(window.localStorage.getItem(quiz.key) || "null") || {};
      var best = Math.max(p, typeof old.best === "number" ? old.best : 0);
      window.localStorage.setItem(quiz.key, JSON.stringify({ best: best, last: p, passed: best >= quiz.pass }));
      var badge = document.querySelector(".page-head [data-progress]");
      if (badge) {
        badge.textContent = t.best_score + " " + best + "% · " + (best >= quiz.pass ? t.passed : t.not_passed);
        badge.className = "progress " + (best >= quiz.pass ? "is-passed" : "is-tried");
      }
    } catch (e) { /* storage disabled: the score is still shown */ }
  }

  var finish = root.querySelector("[data-action=finish]");
  var restart = root.querySelector("[data-action=restart]");
  finish.addEventListener("click", function () {
    var p = percent();
    var ok = p >= quiz.pass;
    resultEl.className = "score " + (ok ? "ok" : "ko");
    resultEl.textContent = t.score + ": " + p + "% — " + (ok ? t.passed : t.not_passed) + " (" + quiz.pass + "%)";
    save(p);
    restart.hidden = false;
  });
  restart.addEventListener("click", function () { window.location.reload(); });

  for (var i = 0; i < sections.length; i++) {
    var key = quiz.questions[Number(sections[i].getAttribute("data-q"))];
    if (!key) { continue; }
    if (key.kind === "choice") { setupChoice(sections[i], key, i); } else { setupText(sections[i], key, i); }
  }
})();
