/* SCORM 1.2 runtime of a launch page in a package made by `playbook export scorm` (docs/lms.md). The site's
   own pages never load this file; in a package it is loaded by the role-play and path pages (the SCOs).

   It looks for the LMS's API object by the standard discovery walk (`API` on this window and its parents,
   then on the opener and its parents) and, when there is none, does nothing: the page works as on the site.
   When there is one: LMSInitialize; `incomplete` at the start (a status already `passed` or `completed` is
   kept); on a finished role-play (`playbook:attempt` from quiz.js) the score (0–100) and `passed`/`failed`
   against the pass score, committed at once (a failed attempt after a pass changes nothing); on the path page (`playbook:path` from paths.js) the share of
   the path done as the score and `completed` once all of it is; on leaving the page the session time
   (HHHH:MM:SS.SS), LMSCommit and LMSFinish. The exporter opens the launch page's links to other pages of the
   package in new windows, so that studying them does not end the session. */
(function () {
  "use strict";
  var MAX_DEPTH = 500;

  function walk(win) {
    for (var n = 0; win && n <= MAX_DEPTH; n++) {
      try { if (win.API) { return win.API; } } catch (e) { /* a frame of another origin */ }
      var up;
      try { up = win.parent; } catch (e) { return null; }
      if (!up || up === win) { return null; }
      win = up;
    }
    return null;
  }

  var api = walk(window);
  if (!api) {
    try { api = window.opener ? walk(window.opener) : null; } catch (e) { api = null; }
  }
  if (!api || typeof api.LMSInitialize !== "function") { return; }
  if (String(api.LMSInitialize("")) !== "true") { return; }

  var started = Date.now();
  var open = true;
  function get(key) { return String(api.LMSGetValue(key) || ""); }
  function set(key, value) { api.LMSSetValue(key, String(value)); }

  var status = get("cmi.core.lesson_status");
  var kept = status === "passed" || status === "completed";
  if (!kept) { set("cmi.core.lesson_status", "incomplete"); }
  api.LMSCommit("");

  function score(raw) {
    set("cmi.core.score.min", 0);
    set("cmi.core.score.max", 100);
    set("cmi.core.score.raw", Math.max(0, Math.min(100, Math.round(raw))));
  }

  /* SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours capped at 9999). */
  function timespan(ms) {
    var cs = Math.round(ms / 10);
    var h = Math.min(9999, Math.floor(cs / 360000));
    var m = Math.floor(cs / 6000) % 60;
    var s = (cs % 6000) / 100;
    function pad(n, w) { n = String(n); while (n.length < w) { n = "0" + n; } return n; }
    return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s.toFixed(2), 5);
  }

  document.addEventListener("playbook:attempt", function (e) {
    // A pass is never taken back: a failed attempt after one leaves the pass and its score.
    if (!open || (kept && !e.detail.passed)) { return; }
    score(e.detail.score);
    set("cmi.core.lesson_status", e.detail.passed ? "passed" : "failed");
    if (e.detail.passed) { kept = true; }
    api.LMSCommit("");
  });

  document.addEventListener("playbook:path", function (e) {
    if (!open || kept) { return; }
    var d = e.detail;
    score(d.total ? 100 * d.done / d.total : 0);
    if (d.complete) {
      set("cmi.core.lesson_status", "completed");
      kept = true;
    }
    api.LMSCommit("");
  });

  /* The path page counts what the learner does in the windows its links open (a role-play, an entry marked
     studied): progress.js saves to localStorage there, and the storage event brings it here. */
  window.addEventListener("storage", function () { document.dispatchEvent(new CustomEvent("playbook:progress")); });

  function finish() {
    if (!open) { return; }
    open = false;
    set("cmi.core.session_time", timespan(Date.now() - started));
    api.LMSCommit("");
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
