// playbook: what changed since the learner's last visit. Each build writes the entries' content hashes in
// shards (versions/v<k>.js, by FNV-1a of "<kind>/<id>"), versions.js (how many shards) and
// versions/digests.js (each shard's digest). A page loads the shards of the entries it links to (and its
// own); this browser keeps the hash it last saw of each entry of a loaded shard (localStorage,
// "playbook:<title>:seen"). An entry whose hash differs carries an "Updated" badge wherever a list, a path
// or the overview links to it, until its page is opened; the overview counts them, loading the digests and
// the shards whose digest changed. A studied entry that changed since it was marked is flagged to study
// again. New entries, and entries of shards this browser never loaded, are not "updated". docs/site.md.
(function () {
  "use strict";
  var M = window.PLAYBOOK_VERSIONS, me = document.currentScript;
  if (!M || !M.shards || !me) { return; }
  var root = me.src.replace(/assets\/updates\.js([?#].*)?$/, "");
  var KEY = "playbook:" + (document.documentElement.getAttribute("data-playbook") || "") + ":seen";
  var stored = {};
  try { stored = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { stored = {}; }
  // `e`: the hash seen of each entry; `s`: each shard's digest once nothing in it is left to show.
  var seen = stored.e || (stored.s ? {} : stored), digests = stored.s || {};
  var V = M.entries = {}, changed = {}, n = 0;
  var mark = document.querySelector("[data-study]"), here = mark && mark.getAttribute("data-study");
  var count = document.querySelector("[data-updates]");

  function shardOf(key) {
    var b = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { h = Math.imul(h ^ b[i], 0x01000193) >>> 0; }
    return h % M.shards;
  }
  var links = [], need = {};
  Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (a) {
    if (a.closest(".prose") || a.href.indexOf(root) !== 0) { return; }
    var m = /^([^/?#]+)\/([^/?#]+)\.html(?:[?#]|$)/.exec(a.href.slice(root.length));
    if (!m || !M.kinds[m[1]]) { return; }
    var k = M.kinds[m[1]] + "/" + decodeURIComponent(m[2]);
    links.push([a, k]);
    need[shardOf(k)] = true;
  });
  if (here) { need[shardOf(here)] = true; }

  var now = [];
  window.playbookVersions = {
    // A shard's digest once nothing in it is left to show ("" while an update is).
    add: function (s, map) {
      var pending = false;
      Object.keys(map).forEach(function (k) {
        V[k] = map[k];
        if (!seen[k] || k === here) { seen[k] = map[k]; } else if (seen[k] !== map[k]) { changed[k] = true; n++; pending = true; }
      });
      if (now.length) { digests[s] = pending ? "" : now[s]; } else if (pending) { digests[s] = ""; } else if (!(s in digests)) { digests[s] = "?"; }
    },
    // The overview: the shards seen before whose digest changed are loaded too.
    digests: function (list) {
      now = list;
      Object.keys(digests).forEach(function (s) { if (digests[s] !== list[s]) { need[s] = true; } });
    }
  };
  function load(src, fn) {
    var el = document.createElement("script");
    el.src = root + src;
    el.onload = el.onerror = fn;
    document.head.appendChild(el);
  }
  function shards() {
    var todo = Object.keys(need), left = todo.length;
    todo.forEach(function (s) { load("versions/v" + s + ".js", function () { if (--left === 0) { show(); } }); });
    if (!left) { show(); }
  }
  if (count) { load("versions/digests.js", shards); } else { shards(); }

  function badge(el, cls, text) {
    if (el.querySelector("." + cls)) { return; }
    var b = document.createElement("span");
    b.className = "badge " + cls;
    b.textContent = text;
    el.appendChild(b);
  }
  function show() {
    try { window.localStorage.setItem(KEY, JSON.stringify({ e: seen, s: digests })); } catch (e) { /* storage disabled */ }
    var progress = window.playbookProgress, t = me.dataset;
    function restudy(k) {
      var s = progress && progress.load().studied[k];
      return !!(s && s.done && s.v && V[k] && s.v !== V[k]);
    }
    links.forEach(function (l) {
      if (changed[l[1]]) { badge(l[0], "badge-updated", t.tUpdated); }
      if (restudy(l[1])) { badge(l[0], "badge-restudy", t.tRestudy); }
    });
    if (here && restudy(here) && mark) { badge(mark, "badge-restudy", t.tRestudy); }
    if (count && n > 0) {
      count.textContent = (n === 1 ? t.tOne : t.tMany).replace("{n}", n);
      count.hidden = false;
    }
  }
})();
