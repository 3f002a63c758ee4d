/* playbook: the funnel calculator (motions/<id>.html) and the deal review sheet (motions/<id>-review.html).
   The calculator does what src/funnel/mod.rs does, on the same integers: amounts in millionths,
   conversions in millionths of a percent, BigInt, ceil at each stage. ?target=…&deal=… fills it in. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var all = function (sel, el) { return (el || document).querySelectorAll(sel); };
  function data(id) {
    try { return JSON.parse($(id).textContent); } catch (e) { return null; }
  }
  function fill(text, v) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in v ? String(v[k]) : m; });
  }

  var M = BigInt(1000000), ALL = BigInt(100000000), MAX = BigInt("18446744073709551615"), ZERO = BigInt(0);

  /* A positive number, at most 6 decimals and 18 whole digits, in millionths (Decimal::parse); else null. */
  function parse(text) {
    var m = /^\s*\+?(\d*)(?:\.(\d*))?\s*$/.exec(text || "");
    if (!m || !(m[1] || m[2])) return null;
    var w = m[1].replace(/^0+/, ""), f = (m[2] || "").replace(/0+$/, "");
    if (w.length > 18 || f.length > 6) return null;
    var v = BigInt(w || "0") * M + BigInt((f + "000000").slice(0, 6));
    return v > ZERO ? v : null;
  }
  /* As Decimal's Display: no trailing zeros, no grouping. */
  function show(m) {
    var f = (m % M).toString();
    return (m / M).toString() + (f === "0" ? "" : "." + ("00000" + f).slice(-6).replace(/0+$/, ""));
  }
  function ceil(a, b) { return a / b + (a % b === ZERO ? ZERO : BigInt(1)); }

  function calculator(cfg) {
    var form = $("pb-calc"), target = $("pb-target"), deal = $("pb-deal"), note = $("pb-calc-note");
    if (!form || !target || !deal || !note) return;
    var out = {};
    all("#pb-funnel-table tr[data-stage]").forEach(function (tr) {
      out[tr.getAttribute("data-stage")] = tr.querySelector("output");
    });
    var money = function (m) { return show(m) + (cfg.currency ? " " + cfg.currency : ""); };

    function needs(t, d) {
      var n = ceil(t, d), list = [n];
      for (var i = cfg.stages.length - 2; i >= 0 && n <= MAX; i--) {
        n = ceil(n * ALL, BigInt(cfg.stages[i][1]));
        list.unshift(n);
      }
      return n <= MAX ? list : null;
    }
    function update(share) {
      var t = parse(target.value), d = parse(deal.value);
      var list = t && d ? needs(t, d) : null;
      cfg.stages.forEach(function (s, i) { if (out[s[0]]) out[s[0]].textContent = list ? list[i].toString() : "—"; });
      if (!list) { note.textContent = t && d ? cfg.too_large : cfg.invalid; return; }
      note.textContent = fill(cfg.result, { target: money(t), deal: money(d), won: list[list.length - 1] });
      if (share) {
        try { history.replaceState(null, "", "?target=" + show(t) + "&deal=" + show(d)); } catch (e) { /* file:// may refuse */ }
      }
    }
    var q = new URLSearchParams(location.search);
    if (q.has("target")) target.value = q.get("target");
    if (q.has("deal")) deal.value = q.get("deal");
    if (q.has("target") || q.has("deal")) update(false);
    form.addEventListener("submit", function (e) { e.preventDefault(); update(true); });
    target.addEventListener("input", function () { update(false); });
    deal.addEventListener("input", function () { update(false); });
  }

  function review(cfg) {
    var name = $("pb-deal-name"), date = $("pb-review-date"), status = $("pb-review-status");
    var stages = all(".review-stage[data-stage]");
    if (!name || !date || !status) return;
    var store = function () { try { return window.localStorage; } catch (e) { return null; } };
    var key = function () { var n = name.value.trim(); return n && store() ? cfg.key + n : null; };

    function save() {
      var k = key(), s = { checked: [], notes: {}, date: date.value };
      if (!k) return;
      all("[data-criterion]").forEach(function (b) { if (b.checked) s.checked.push(b.id); });
      all("[data-notes]").forEach(function (a) { if (a.value) s.notes[a.id] = a.value; });
      try { store().setItem(k, JSON.stringify(s)); } catch (e) { /* full or refused */ }
    }
    function load() {
      var k = key(), s = null;
      try { s = k && JSON.parse(store().getItem(k) || "null"); } catch (e) { s = null; }
      s = s || {};
      all("[data-criterion]").forEach(function (b) { b.checked = (s.checked || []).indexOf(b.id) >= 0; });
      all("[data-notes]").forEach(function (a) { a.value = (s.notes || {})[a.id] || ""; });
      date.value = s.date || "";
    }
    /* The facts support stage k when every exit criterion of stages 1..k is ticked (a stage without
       exit criteria has nothing to prove). */
    function judge() {
      var supported = 0, missing = null;
      for (var i = 0; i < stages.length && !missing; i++) {
        var open = [];
        all("[data-criterion]", stages[i]).forEach(function (b) {
          if (!b.checked) open.push(b.nextElementSibling.textContent.trim());
        });
        if (open.length) missing = fill(cfg.missing, { n: i + 1, items: open.join(cfg.sep) });
        else supported = i + 1;
      }
      var text = supported ? fill(cfg.status, {
        n: supported, total: stages.length,
        title: stages[supported - 1].getAttribute("data-title")
      }) : cfg.none;
      status.textContent = text + " " + (missing || cfg.all);
      stages.forEach(function (s, i) { s.classList.toggle("is-supported", i < supported); });
    }
    document.addEventListener("change", function (e) {
      if (e.target.hasAttribute("data-criterion") || e.target === date) { judge(); save(); }
    });
    document.addEventListener("input", function (e) { if (e.target.hasAttribute("data-notes")) save(); });
    name.addEventListener("change", function () { load(); judge(); });
    var print = document.querySelector("[data-print]");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
    judge();
  }

  var c = data("pb-funnel-data");
  if (c) calculator(c);
  var r = data("pb-review-data");
  if (r) review(r);
})();
