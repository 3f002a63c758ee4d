/* The objection finder (src/render/finder.rs). The page holds the first objections; the rest, and every
   filtered list, come from the search index: text through the site's search engine (PBS.search, its results
   kept to the objections' documents, so the finder and site search agree), stage/segment/persona through
   the facet shards (finder/<kind>/<id>.js, PBF.add), all loaded with <script> elements so that they work
   from file:// as over HTTP. Filters intersect; their state is in the URL (?q=&stage=&segment=&persona=). */
(function () {
  "use strict";
  var form = document.getElementById("pb-finder");
  var list = document.getElementById("pb-finder-list");
  var dataEl = document.getElementById("pb-finder-data");
  if (!form || !list || !dataEl || !window.PBS) { return; }
  var cfg = JSON.parse(dataEl.textContent);
  var me = document.querySelector("script[data-search-root]");
  var root = me ? me.getAttribute("data-search-root") : "";
  var status = document.getElementById("pb-finder-status");
  var empty = document.getElementById("pb-finder-empty");
  var more = document.getElementById("pb-finder-more");
  var pager = document.getElementById("pb-finder-pager");
  var q = document.getElementById("pb-finder-q");
  var lo = cfg.objections[0], hi = cfg.objections[1], total = hi - lo;
  var initial = Array.prototype.slice.call(list.children);

  // ---- facet shards: finder/<name>.js calls PBF.add(name, [document numbers]) ----
  var store = {}, waiting = {};
  window.PBF = {
    add: function (name, data) {
      store[name] = data;
      (waiting[name] || []).forEach(function (f) { f[0](data); });
      delete waiting[name];
    }
  };
  function load(name) {
    if (store[name] !== undefined) { return Promise.resolve(store[name]); }
    return new Promise(function (resolve, reject) {
      if (waiting[name]) { waiting[name].push([resolve, reject]); return; }
      waiting[name] = [[resolve, reject]];
      var s = document.createElement("script");
      s.src = root + "finder/" + name.split("/").map(encodeURIComponent).join("/") + ".js";
      s.async = true;
      s.onerror = function () {
        (waiting[name] || []).forEach(function (f) { f[1](new Error(name)); });
        delete waiting[name];
      };
      document.head.appendChild(s);
    });
  }

  var facets = [];
  cfg.facets.forEach(function (f) {
    var el = document.getElementById("pb-finder-" + f.param);
    if (el) { facets.push({ cfg: f, el: el }); }
  });

  // The documents that a facet's value `id` keeps (with the objections that name none, where they apply
  // to all); rejects with the id when nothing has it.
  function facetSet(f, id) {
    var parts = [load(f.cfg.folder + "/" + id).catch(function () { throw { unknown: id }; })];
    if (f.cfg.any) { parts.push(load("any-" + f.cfg.param).catch(function () { return []; })); }
    return Promise.all(parts).then(function (r) {
      var set = new Set(r[0]);
      if (r[1]) { r[1].forEach(function (d) { set.add(d); }); }
      return set;
    });
  }

  var result = null, shown = initial.length, seq = 0;

  function say(count) {
    status.textContent = status.getAttribute("data-template")
      .replace("{shown}", count).replace("{total}", total);
  }
  function count() { return result ? result.length : total; }

  function row(d) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + d.url;
    var t = document.createElement("q");
    t.textContent = d.title;
    a.appendChild(t);
    var p = document.createElement("p");
    p.className = "excerpt";
    p.textContent = d.excerpt;
    li.appendChild(a);
    li.appendChild(p);
    return li;
  }

  // Appends the next page of the current list.
  function showMore() {
    var mine = seq, ids = [];
    if (result) { ids = result.slice(shown, shown + cfg.page); }
    else { for (var d = lo + shown; d < Math.min(hi, lo + shown + cfg.page); d++) { ids.push(d); } }
    return window.PBS.docs(ids).then(function (docs) {
      if (mine !== seq) { return; }
      docs.forEach(function (d) { list.appendChild(row(d)); });
      shown += docs.length;
      more.hidden = shown >= count();
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (q.value.trim()) { params.set("q", q.value); }
    facets.forEach(function (f) { if (f.el.value) { params.set(f.cfg.param, f.el.value); } });
    var search = params.toString();
    try {
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    } catch (e) { /* file:// in some browsers */ }
  }

  function apply() {
    var mine = ++seq, text = q.value.trim();
    var active = facets.filter(function (f) { return f.el.value; });
    writeUrl();
    if (!text && !active.length) {
      result = null;
      list.textContent = "";
      initial.forEach(function (li) { list.appendChild(li); });
      shown = initial.length;
      empty.hidden = total !== 0;
      more.hidden = shown >= total;
      if (pager) { pager.hidden = false; }
      say(total);
      return Promise.resolve();
    }
    if (pager) { pager.hidden = true; }
    var byText = text ? window.PBS.search(text).then(function (r) {
      return r.ids.filter(function (d) { return d >= lo && d < hi; });
    }) : Promise.resolve(null);
    var sets = active.map(function (f) { return facetSet(f, f.el.value); });
    return Promise.all([byText].concat(sets)).then(function (parts) {
      if (mine !== seq) { return; }
      var ids = parts[0], keep = parts.slice(1);
      if (ids === null) {
        // Facets alone: the smallest set, in document order, kept to the others.
        keep.sort(function (a, b) { return a.size - b.size; });
        ids = Array.from(keep[0]).sort(function (a, b) { return a - b; });
      }
      result = ids.filter(function (d) { return keep.every(function (s) { return s.has(d); }); });
      list.textContent = "";
      shown = 0;
      empty.hidden = result.length !== 0;
      more.hidden = true;
      say(result.length);
      return showMore();
    }, function (err) {
      if (mine !== seq) { return; }
      result = [];
      list.textContent = "";
      more.hidden = true;
      empty.hidden = false;
      say(0);
      if (err && err.unknown !== undefined) {
        status.textContent += " " + cfg.unknown.replace("{id}", err.unknown);
      }
    });
  }

  // A facet past a few hundred values is a text field: its suggestions are the search index's documents of
  // the facet's kind (their page is <folder>/<id>.html, so the id is in the URL).
  function suggest(f) {
    var text = f.el.value.trim(), listEl = document.getElementById(f.el.getAttribute("list"));
    if (!text || !listEl) { return; }
    var from = f.cfg.docs[0], to = f.cfg.docs[1], prefix = f.cfg.folder + "/";
    window.PBS.search(text).then(function (r) {
      var ids = r.ids.filter(function (d) { return d >= from && d < to; }).slice(0, 8);
      return window.PBS.docs(ids);
    }).then(function (docs) {
      if (f.el.value.trim() !== text) { return; }
      listEl.textContent = "";
      docs.forEach(function (d) {
        if (d.url.indexOf(prefix) !== 0) { return; }
        var o = document.createElement("option");
        o.value = decodeURIComponent(d.url.slice(prefix.length, -".html".length));
        o.label = d.title;
        listEl.appendChild(o);
      });
    }).catch(function () {});
  }

  var params = new URLSearchParams(window.location.search);
  q.value = params.get("q") || "";
  facets.forEach(function (f) {
    f.el.value = params.get(f.cfg.param) || "";
    f.el.addEventListener("change", apply);
    if (f.el.tagName === "INPUT") {
      f.el.addEventListener("input", function () {
        var listEl = document.getElementById(f.el.getAttribute("list"));
        var picked = listEl && Array.prototype.some.call(listEl.options, function (o) { return o.value === f.el.value; });
        if (picked || !f.el.value) { apply(); } else { suggest(f); }
      });
    }
  });
  q.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  more.addEventListener("click", function () { showMore(); });
  window.PBF.ready = apply();
})();
