/* playbook: what changed since the learner's last visit. versions.js (written by each build) gives every
   entry's content hash and page; this browser keeps the hash it last saw of each (localStorage,
   "playbook:<title>:seen"). An entry whose hash differs carries an "Updated" badge wherever a list, a path
   or the overview links to it, until its page is opened; the overview counts them. A studied entry that
   changed since it was marked is flagged to study again. New entries are not "updated". docs/site.md. */
(function () {
  "use strict";
  var V = window.PLAYBOOK_VERSIONS, me = document.currentScript;
  if (!V || !me) { return; }
  var root = me.src.replace(/assets\/updates\.js([?#].*)?$/, "");
  var KEY = "playbook:" + (document.documentElement.getAttribute("data-playbook") || "") + ":seen";
  var seen = {}, byUrl = {}, changed = {}, n = 0;
  try { seen = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { seen = {}; }
  var mark = document.querySelector("[data-study]"), here = mark && mark.getAttribute("data-study");
  Object.keys(V).forEach(function (k) {
    byUrl[V[k][0]] = k;
    if (!seen[k] || k === here) { seen[k] = V[k][1]; } else if (seen[k] !== V[k][1]) { changed[k] = true; n++; }
  });
  try { window.localStorage.setItem(KEY, JSON.stringify(seen)); } catch (e) { /* storage disabled */ }

  function badge(el, cls, text) {
    if (el.querySelector("." + cls)) { return; }
    var b = document.createElement("span");
    b.className = "badge " + cls;
    b.textContent = text;
    el.appendChild(b);
  }
  var progress = window.playbookProgress;
  function restudy(k) {
    var s = progress && progress.load().studied[k];
    return !!(s && s.done && s.v && V[k] && s.v !== V[k][1]);
  }
  var t = me.dataset;
  Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (a) {
    if (a.closest(".prose") || a.href.indexOf(root) !== 0) { return; }
    var k = byUrl[a.href.slice(root.length).replace(/[?#].*$/, "")];
    if (k && changed[k]) { badge(a, "badge-updated", t.tUpdated); }
    if (k && restudy(k)) { badge(a, "badge-restudy", t.tRestudy); }
  });
  if (here && restudy(here) && mark) { badge(mark, "badge-restudy", t.tRestudy); }
  var count = document.querySelector("[data-updates]");
  if (count && n > 0) {
    count.textContent = (n === 1 ? t.tOne : t.tMany).replace("{n}", n);
    count.hidden = false;
  }
})();
