/* The objection drill: flashcards drawn from the objections, scheduled by fsrs.js, state kept by progress.js.
   Front: what the customer says (the objection or one of its other phrasings, a different one each review).
   Back: the first paragraph of the answer (the rest on demand) and the questions to ask back, loaded with
   the card's shard of backs (drill/c<k>.js).
   Keys: Space shows the answer; 1 2 3 4 grade it Again, Hard, Good, Easy (the buttons do the same).
   `?stage=<id>`, `?segment=<id>` or `?path=<id>` draws only that part of the playbook's objections.
   New cards: at most NEW_PER_DAY a day, after the reviews that are due. Works from file://. */
(function () {
  "use strict";
  var NEW_PER_DAY = 20;
  var dataEl = document.getElementById("pb-drill-data");
  var box = document.getElementById("pb-drill");
  var fsrs = window.playbookFsrs;
  var progress = window.playbookProgress;
  if (!dataEl || !box || !fsrs || !progress) { return; }
  var data;
  try { data = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var ds = box.dataset;
  var $ = function (id) { return document.getElementById(id); };
  var status = $("pb-drill-status"), front = $("pb-drill-front"), back = box.querySelector(".back");
  var showBtn = box.querySelector("[data-action=show]");
  var card = null, queue = [];

  /* The backs of the cards, in shards (drill/c<k>.js) loaded by a <script> element when a card of the shard
     is shown: each shard calls playbookDrillShard(k, backs). */
  var backs = {}, waiting = {};
  window.playbookDrillShard = function (k, shard) {
    backs[k] = shard;
    (waiting[k] || []).forEach(function (fn) { fn(); });
    delete waiting[k];
  };
  function withBack(c, fn) {
    if (backs[c.shard]) { fn(backs[c.shard][c.id] || { first: "", rest: null, explore: [] }); return; }
    var first = !waiting[c.shard];
    (waiting[c.shard] = waiting[c.shard] || []).push(function () { withBack(c, fn); });
    if (first) {
      var s = document.createElement("script");
      s.src = "drill/c" + c.shard + ".js";
      document.head.appendChild(s);
    }
  }

  /* The cards in scope: all, or those of one stage, segment or learning path. */
  var params = new URLSearchParams(window.location.search);
  var scope = null, cards = data.cards;
  [["stage", "stages"], ["segment", "segments"], ["path", "paths"]].forEach(function (f) {
    var id = params.get(f[0]);
    if (id === null || scope) { return; }
    scope = { kind: f[0], id: id, name: (data.names[f[0]] || {})[id] };
    // A path's drill, or one step's: `?path=<id>&step=<n>`.
    var key = f[0] === "path" && params.get("step") ? id + "#" + params.get("step") : id;
    cards = cards.filter(function (c) { return (c[f[1]] || []).indexOf(key) >= 0; });
  });
  if (scope) {
    var label = $("pb-drill-scope");
    label.textContent = scope.name ? ds.tScope.replace("{name}", scope.name) : ds.tUnknownScope;
    label.hidden = false;
  }

  function today(iso) { return iso && iso.slice(0, 10) === new Date().toISOString().slice(0, 10); }

  /* Due reviews first (the longest overdue first), then new cards, up to today's allowance. */
  function build() {
    var now = Date.now(), due = [], fresh = [], newToday = 0;
    cards.forEach(function (c) {
      var st = progress.card(c.id);
      if (!st) { fresh.push(c); return; }
      if (st.reps === 1 && today(st.last)) { newToday++; }
      if (fsrs.isDue(st, now)) { due.push({ c: c, at: Date.parse(st.due) }); }
    });
    due.sort(function (a, b) { return a.at - b.at; });
    queue = due.map(function (d) { return d.c; }).concat(fresh.slice(0, Math.max(0, NEW_PER_DAY - newToday)));
  }

  function nextDue() {
    var next = null;
    cards.forEach(function (c) {
      var st = progress.card(c.id);
      if (st && st.due && (!next || st.due < next)) { next = st.due; }
    });
    return next;
  }

  function say() {
    if (queue.length) { status.textContent = ds.tDue.replace("{n}", queue.length); return; }
    var next = nextDue();
    status.textContent = next ? ds.tDone.replace("{date}", new Date(next).toLocaleString()) : ds.tEmpty;
  }

  function fill(el, html) { el.innerHTML = html || ""; }

  function show() {
    card = queue[0] || null;
    back.hidden = true;
    say();
    box.querySelector(".flashcard").hidden = !card;
    if (!card) { return; }
    var st = progress.card(card.id);
    // Another phrasing each review, so the answer is tied to the meaning, not to one sentence.
    front.textContent = card.front[((st && st.reps) || 0) % card.front.length];
    showBtn.hidden = false;
    withBack(card, function () {});
  }

  function reveal() {
    if (!card || !back.hidden) { return; }
    var shown = card;
    withBack(shown, function (b) {
      if (card !== shown || !back.hidden) { return; }
      fill($("pb-drill-answer"), b.first);
      var more = $("pb-drill-more");
      more.hidden = !b.rest;
      more.open = false;
      fill($("pb-drill-rest"), b.rest);
      var explore = $("pb-drill-explore");
      explore.innerHTML = "";
      b.explore.forEach(function (q) {
        var li = document.createElement("li");
        li.textContent = q;
        explore.appendChild(li);
      });
      $("pb-drill-explore-box").hidden = !b.explore.length;
      $("pb-drill-link").href = shown.url;
      back.hidden = false;
      showBtn.hidden = true;
      box.querySelector("[data-grade='3']").focus();
    });
  }

  function grade(g) {
    if (!card || back.hidden) { return; }
    progress.setCard(card.id, fsrs.review(progress.card(card.id), g, Date.now()));
    queue.shift();
    // Again: once more before the session ends.
    if (g === 1) { queue.push(card); }
    show();
    if (card) { showBtn.focus(); }
  }

  showBtn.addEventListener("click", reveal);
  var buttons = box.querySelectorAll("[data-grade]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () { grade(Number(this.getAttribute("data-grade"))); });
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) { return; }
    if (e.key === " " && back.hidden) { e.preventDefault(); reveal(); }
    else if (/^[1-4]$/.test(e.key) && !back.hidden) { e.preventDefault(); grade(Number(e.key)); }
  });

  box.hidden = false;
  build();
  show();
})();
