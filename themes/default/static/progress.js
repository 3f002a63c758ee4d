/* playbook: the learner's progress, kept in this browser (localStorage) as one document per playbook, and
   carried to another browser as a file ("Download my progress" / "Import progress"). The format is
   documented in docs/site.md ("The progress file"); `version` changes only with an incompatible change.
   Every record carries the time it was last changed, and an import merges record by record: the newer wins,
   and role-play attempts are the union of both. No network, works from file://. */
(function () {
  "use strict";
  var VERSION = 1;
  var title = document.documentElement.getAttribute("data-playbook") || "";
  var KEY = "playbook:" + title + ":progress";

  function now() { return new Date().toISOString(); }

  function empty() {
    return { format: "playbook-progress", version: VERSION, playbook: title,
      learner: { name: "", at: "" }, studied: {}, roleplays: {}, cards: {}, checklists: {} };
  }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  /* A document read from storage or a file, with every part of the shape it must have. */
  function normalize(doc) {
    var out = empty();
    if (!isObject(doc)) { return out; }
    if (isObject(doc.learner) && typeof doc.learner.name === "string") {
      out.learner = { name: doc.learner.name, at: String(doc.learner.at || "") };
    }
    ["studied", "roleplays", "cards", "checklists"].forEach(function (part) {
      if (isObject(doc[part])) { out[part] = doc[part]; }
    });
    Object.keys(out.roleplays).forEach(function (id) {
      var r = out.roleplays[id];
      if (!isObject(r) || !Array.isArray(r.attempts)) { out.roleplays[id] = { attempts: [] }; }
    });
    return out;
  }

  /* Role-play scores kept before this format ("playbook:<title>:roleplay:<id>": best, last, passed)
     become one attempt each, so that nobody loses a pass. */
  function migrate(doc) {
    var prefix = "playbook:" + title + ":roleplay:";
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (!k || k.indexOf(prefix) !== 0) { continue; }
        var id = k.slice(prefix.length);
        var old = JSON.parse(window.localStorage.getItem(k) || "null");
        if (!doc.roleplays[id] && old && typeof old.best === "number") {
          doc.roleplays[id] = { attempts: [{ at: "", score: old.best, passed: !!old.passed, missed: [] }] };
        }
      }
    } catch (e) { /* storage disabled */ }
    return doc;
  }

  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { return empty(); }
    if (raw === null) { return migrate(empty()); }
    try { return normalize(JSON.parse(raw)); } catch (e) { return empty(); }
  }

  function save(doc) {
    try { window.localStorage.setItem(KEY, JSON.stringify(doc)); return true; } catch (e) { return false; }
  }

  function change(fn) {
    var doc = load();
    fn(doc);
    save(doc);
    document.dispatchEvent(new CustomEvent("playbook:progress"));
    return doc;
  }

  function newer(a, b) { return String((a && (a.at || a.last)) || "") >= String((b && (b.at || b.last)) || ""); }

  /* `theirs` merged into `mine`: per record, the newer wins; attempts are the union of both. */
  function merge(mine, theirs) {
    var out = normalize(JSON.parse(JSON.stringify(mine)));
    theirs = normalize(theirs);
    if (theirs.learner.name && !newer(out.learner, theirs.learner)) { out.learner = theirs.learner; }
    ["studied", "cards", "checklists"].forEach(function (part) {
      Object.keys(theirs[part]).forEach(function (k) {
        if (!out[part][k] || !newer(out[part][k], theirs[part][k])) { out[part][k] = theirs[part][k]; }
      });
    });
    Object.keys(theirs.roleplays).forEach(function (id) {
      var have = out.roleplays[id] || { attempts: [] };
      var seen = {};
      have.attempts.forEach(function (a) { seen[a.at + "|" + a.score] = true; });
      theirs.roleplays[id].attempts.forEach(function (a) {
        if (!seen[a.at + "|" + a.score]) { have.attempts.push(a); }
      });
      have.attempts.sort(function (a, b) { return String(a.at).localeCompare(String(b.at)); });
      out.roleplays[id] = have;
    });
    return out;
  }

  function best(id) {
    var r = load().roleplays[id];
    if (!r || !r.attempts.length) { return null; }
    var top = r.attempts[0];
    r.attempts.forEach(function (a) { if (a.score > top.score) { top = a; } });
    return top;
  }

  window.playbookProgress = {
    version: VERSION,
    load: load,
    /* Whether the entry `kind/id` is marked as studied. */
    studied: function (key) { var s = load().studied[key]; return !!(s && s.done); },
    /* `v`: the entry's content hash when it was marked (versions/v<k>.js, loaded by updates.js), so a later change flags it to restudy. */
    setStudied: function (key, done) {
      var V = window.PLAYBOOK_VERSIONS, v = V && V.entries && V.entries[key];
      change(function (d) { d.studied[key] = { done: !!done, at: now(), v: v || "" }; });
    },
    learner: function () { return load().learner.name; },
    setLearner: function (name) { change(function (d) { d.learner = { name: String(name), at: now() }; }); },
    attempts: function (id) { var r = load().roleplays[id]; return r ? r.attempts.slice() : []; },
    best: best,
    addAttempt: function (id, score, passed, missed) {
      change(function (d) {
        var r = d.roleplays[id] || (d.roleplays[id] = { attempts: [] });
        r.attempts.push({ at: now(), score: score, passed: !!passed, missed: missed || [] });
      });
    },
    card: function (id) { return load().cards[id] || null; },
    setCard: function (id, state) { change(function (d) { d.cards[id] = state; }); },
    checklist: function (id) { var c = load().checklists[id]; return c ? c.ticks.slice() : []; },
    setChecklist: function (id, ticks) { change(function (d) { d.checklists[id] = { ticks: ticks, at: now() }; }); },
    /* The whole document, as the file "Download my progress" writes. */
    exportText: function () {
      var doc = load();
      doc.exported = now();
      return JSON.stringify(doc, null, 2);
    },
    /* Merges a downloaded file into this browser's progress; throws on a file that is not one. */
    importText: function (text) {
      var doc = JSON.parse(text);
      if (!isObject(doc) || doc.format !== "playbook-progress" || typeof doc.version !== "number") {
        throw new Error("not a playbook progress file");
      }
      if (doc.version > VERSION) { throw new Error("made by a newer playbook (version " + doc.version + ")"); }
      var merged = merge(load(), doc);
      save(merged);
      document.dispatchEvent(new CustomEvent("playbook:progress"));
      return merged;
    },
    merge: merge
  };
})();
