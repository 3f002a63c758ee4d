// The objection drill: flashcards drawn from the objections, scheduled by fsrs.js, state kept by progress.js.
// Front: what the customer says (the objection or one of its other phrasings, a different one each review).
// Back: the first paragraph of the answer (the rest on demand) and the questions to ask back.
// Keys: Space shows the answer; 1 2 3 4 grade it Again, Hard, Good, Easy (the buttons do the same).
// `?stage=<id>`, `?segment=<id>` or `?path=<id>` draws only that part of the playbook's objections.
// New cards: at most NEW_PER_DAY a day, after the reviews that are due. Works from file://.
// The cards come in scripts that call playbookDrill.add(name, data) (src/render/drill.rs says which):
// the drill's list in chunks (the whole drill's first in the page), due cards by id from front shards
// (drill/f<k>.js, FNV-1a of the id), backs from drill/c<k>.js. playbookDrill.ready: the first card shown.
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

  var got = { all: data.all }, waiting = {}, done;
  var api = window.playbookDrill = {
    ready: new Promise(function (r) { done = r; }),
    add: function (name, d) {
      got[name] = d;
      if (d && name[0] !== "c") { keep(d.cards || d); }
      (waiting[name] || []).forEach(function (fn) { fn(d); });
      delete waiting[name];
    }
  };
  // Every card met so far (in a list or a front shard), by id.
  var rec = {};
  function keep(cards) { Object.keys(cards).forEach(function (i) { rec[cards[i].id] = cards[i]; }); }
  keep(data.all.cards);
  // The script `drill/<name>.js`, once: fn(its data), or fn(null) when there is none.
  function load(name, fn) {
    if (!name || name in got) { fn(got[name] || null); return; }
    if (waiting[name]) { waiting[name].push(fn); return; }
    waiting[name] = [fn];
    var s = document.createElement("script");
    s.src = "drill/" + name.split("/").map(encodeURIComponent).join("/") + ".js";
    s.onerror = function () { api.add(name, null); };
    document.head.appendChild(s);
  }
  function loadAll(names, fn) {
    var n = names.length, out = [];
    if (!n) { fn(out); return; }
    names.forEach(function (name, i) { load(name, function (d) { out[i] = d; if (--n === 0) { fn(out); } }); });
  }
  function withBack(c, fn) {
    load("c" + c.shard, function (b) { fn((b && b[c.id]) || { first: "", rest: null, explore: [] }); });
  }
  function shardOf(id) {
    var b = new TextEncoder().encode(id), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { h = Math.imul(h ^ b[i], 0x01000193) >>> 0; }
    return h % Math.max(1, data.fronts);
  }

  // The drill's list: all, or that of one stage, segment or learning path (`?path=<id>&step=<n>`).
  var params = new URLSearchParams(window.location.search);
  var scope = null, base = "all";
  [["stage", "stages"], ["segment", "segments"], ["path", "paths"]].forEach(function (f) {
    var id = params.get(f[0]);
    if (id === null || scope) { return; }
    scope = { field: f[1], id: id, step: f[0] === "path" ? Number(params.get("step")) || 0 : 0 };
    base = /^[\p{L}\p{N}_-]+$/u.test(id) ? f[1] + "/" + id : "";
  });
  function chunk(k) { return base + (k ? "." + k : ""); }
  function range(a, b) { var out = []; for (var i = a; i < b; i++) { out.push(i); } return out; }

  var first, known = null;
  function today(iso) { return iso && iso.slice(0, 10) === new Date().toISOString().slice(0, 10); }
  // Of the cards `ids`, those in the drill, by id: from the whole list when it is loaded, else from the cards
  // met so far or their front shards (a card is in a stage's or segment's drill when it names it).
  function resolve(ids, fn) {
    var out = {};
    if (known) { ids.forEach(function (id) { if (known[id]) { out[id] = known[id]; } }); fn(out); return; }
    var shards = {};
    ids.forEach(function (id) { if (!rec[id]) { shards["f" + shardOf(id)] = true; } });
    loadAll(Object.keys(shards), function () {
      ids.forEach(function (id) {
        var c = rec[id];
        if (c && (!scope || c[scope.field].indexOf(scope.id) >= 0)) { out[id] = c; }
      });
      fn(out);
    });
  }
  // The first `need` cards of the list not drilled yet, loading its chunks in order as needed.
  function fresh(need, fn) {
    var out = [], st = progress.load().cards;
    (function next(k) {
      if (out.length >= need || k >= first.chunks) { fn(out.slice(0, need)); return; }
      load(chunk(k), function (c) {
        (c ? c.cards : []).forEach(function (x) { if (!st[x.id] && (!known || known[x.id])) { out.push(x); } });
        next(k + 1);
      });
    })(0);
  }

  // Due reviews first (the longest overdue first), then new cards, up to today's allowance.
  function build() {
    var now = Date.now(), st = progress.load().cards;
    var ids = Object.keys(st).filter(function (id) { return fsrs.isDue(st[id], now) || (st[id].reps === 1 && today(st[id].last)); });
    resolve(ids, function (mine) {
      var due = [], newToday = 0;
      Object.keys(mine).forEach(function (id) {
        if (st[id].reps === 1 && today(st[id].last)) { newToday++; }
        if (fsrs.isDue(st[id], now)) { due.push({ c: mine[id], at: Date.parse(st[id].due) }); }
      });
      due.sort(function (a, b) { return a.at - b.at; });
      fresh(Math.max(0, NEW_PER_DAY - newToday), function (cards) {
        queue = due.map(function (d) { return d.c; }).concat(cards);
        box.hidden = false;
        show();
        done();
      });
    });
  }

  // The next time a card of the drill is due, looked up twenty cards at a time, soonest first.
  function nextDue(fn) {
    var st = progress.load().cards;
    var ids = Object.keys(st).filter(function (id) { return st[id].due; });
    ids.sort(function (a, b) { return st[a].due < st[b].due ? -1 : 1; });
    (function batch(i) {
      if (i >= ids.length) { fn(null); return; }
      var some = ids.slice(i, i + 20);
      resolve(some, function (mine) {
        var hit = some.filter(function (id) { return mine[id]; })[0];
        if (hit) { fn(st[hit].due); } else { batch(i + 20); }
      });
    })(0);
  }

  function say() {
    if (queue.length) { status.textContent = ds.tDue.replace("{n}", queue.length); return; }
    nextDue(function (next) {
      if (!queue.length) { status.textContent = next ? ds.tDone.replace("{date}", new Date(next).toLocaleString()) : ds.tEmpty; }
    });
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

  load(chunk(0), function (c) {
    first = c || { chunks: 0, cards: [] };
    if (scope) {
      var label = $("pb-drill-scope");
      label.textContent = first.name ? ds.tScope.replace("{name}", first.name) : ds.tUnknownScope;
      label.hidden = false;
    }
    // A list of one chunk, or a path's (a path is short): loaded whole, it says what is in the drill.
    if (first.chunks > 1 && !(scope && scope.field === "paths")) { build(); return; }
    loadAll(range(1, first.chunks).map(chunk), function (rest) {
      known = {};
      [first].concat(rest).forEach(function (c) {
        (c ? c.cards : []).forEach(function (x) {
          if (!scope || !scope.step || (x.steps || []).indexOf(scope.step) >= 0) { known[x.id] = x; }
        });
      });
      build();
    });
  });
})();
