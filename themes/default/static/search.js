/* playbook search: queries the sharded index written by `playbook build` (src/search/).
   Loads shards by adding <script> elements (works from file:// and HTTP); the tokenizer is the same as
   the Rust one (src/search/tokenize.rs), pinned by src/search/vectors.json. No dependencies. */
(function (global) {
  "use strict";

  // ---- tokenizer (keep in step with src/search/tokenize.rs and stem.rs) ----
  function isCjk(cp) {
    return cp === 0x3005 || cp === 0x3007 || (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x2fa1f);
  }
  var MARK = /\p{M}/u, WORD = /[\p{Alphabetic}\p{N}]/u;
  function isWord(ch) { return WORD.test(ch); }
  function normalize(text) {
    var out = "";
    for (var ch of text) {
      if (isCjk(ch.codePointAt(0))) { out += ch; continue; }
      for (var d of ch.normalize("NFKD")) if (!MARK.test(d)) out += d.toLowerCase();
    }
    return out;
  }
  function hasVowel(s) { return /[aeiouy]/.test(s); }
  function stem(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    var w = word, m;
    if (/sses$/.test(w)) w = w.slice(0, -2);
    else if (/ies$/.test(w)) w = w.slice(0, -3) + (word.length > 4 ? "y" : "ie");
    else if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    var verb = false, rules = [["ing", 3], ["ed", 3], ["ly", 4]];
    for (var i = 0; i < rules.length; i++) {
      var suf = rules[i][0];
      if (w.endsWith(suf)) {
        var rest = w.slice(0, -suf.length);
        if (rest.length >= rules[i][1] && hasVowel(rest)) { verb = suf !== "ly"; w = rest; break; }
      }
    }
    if (verb && (m = /([^lszaeiou])\1$/.exec(w))) w = w.slice(0, -1);
    if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
    return w;
  }
  // Runs of the normalized text: {word: "..."} or {cjk: [chars]}.
  function runs(text) {
    var chars = Array.from(normalize(text)), out = [], i = 0;
    while (i < chars.length) {
      var c = chars[i], cp = c.codePointAt(0);
      if (isCjk(cp)) {
        var start = i;
        while (i < chars.length && isCjk(chars[i].codePointAt(0))) i++;
        out.push({ cjk: chars.slice(start, i), end: i });
      } else if (isWord(c)) {
        var word = "";
        while (i < chars.length) {
          c = chars[i];
          if (isWord(c) && !isCjk(c.codePointAt(0))) word += c;
          else if ((c === "'" || c === "\u2019") && i + 1 < chars.length && isWord(chars[i + 1]) &&
            !isCjk(chars[i + 1].codePointAt(0))) { /* dropped */ }
          else break;
          i++;
        }
        out.push({ word: word, end: i });
      } else i++;
    }
    out.total = chars.length;
    return out;
  }
  function cjkTokens(run, out) {
    if (run.length === 1) { out.push(run[0]); return; }
    for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
    out.push(run[run.length - 1]);
  }
  function tokens(text) {
    var out = [];
    runs(text).forEach(function (r) { if (r.word !== undefined) out.push(stem(r.word)); else cjkTokens(r.cjk, out); });
    return out;
  }
  function hash(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    return h >>> 0;
  }

  // ---- loading shards ----
  var root = "", store = {}, waiting = {};
  var loadedBytes = 0;
  function add(name, data) {
    store[name] = data;
    (waiting[name] || []).forEach(function (f) { f[0](data); });
    delete waiting[name];
  }
  function load(name) {
    if (store[name] !== undefined) return Promise.resolve(store[name]);
    return new Promise(function (resolve, reject) {
      if (waiting[name]) { waiting[name].push([resolve, reject]); return; }
      waiting[name] = [[resolve, reject]];
      var s = document.createElement("script");
      s.src = root + "search/" + name + ".js";
      s.async = true;
      s.onerror = function () {
        (waiting[name] || []).forEach(function (f) { f[1](new Error("cannot load " + s.src)); });
        delete waiting[name];
      };
      document.head.appendChild(s);
    });
  }
  function manifest() { return load("manifest"); }

  // ---- postings ----
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", DIGIT = new Int8Array(128);
  for (var k = 0; k < 64; k++) DIGIT[B64.charCodeAt(k)] = k;
  var decoded = new Map();
  // A term's postings: base64 VLQ numbers `gap * 4 + level` (src/search/index/), decoded once.
  function postings(shard, term) {
    var key = shard + "\u0000" + term, hit = decoded.get(key);
    if (hit) return hit;
    var t = store[shard][term], docs = new Uint32Array(t.length), lv = new Uint8Array(t.length);
    var n = 0, doc = 0, i = 0;
    while (i < t.length) {
      var v = 0, mul = 1, d;
      do { d = DIGIT[t.charCodeAt(i++)]; v += (d & 31) * mul; mul *= 32; } while (d & 32);
      doc += (v - (v & 3)) / 4;
      docs[n] = doc; lv[n++] = v & 3;
    }
    hit = { docs: docs.subarray(0, n), lv: lv.subarray(0, n) };
    decoded.set(key, hit);
    return hit;
  }
  function idf(df, n) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }
  function editDistanceAtMostOne(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // Parses a query into clauses; every clause must match (then ranked by the sum of their scores).
  function parse(q) {
    var rs = runs(q), clauses = [], trailing = !/[\s\p{P}]$/u.test(q);
    rs.forEach(function (r, idx) {
      var last = idx === rs.length - 1 && trailing && r.end === rs.total;
      if (r.word !== undefined) clauses.push({ word: r.word, stem: stem(r.word), partial: last });
      else if (r.cjk.length === 1) clauses.push({ cjkChar: r.cjk[0] });
      else for (var i = 0; i + 1 < r.cjk.length; i++) clauses.push({ bigram: r.cjk[i] + r.cjk[i + 1], run: r.cjk.join("") });
    });
    return clauses;
  }

  // A clause's matches: {docs: [...], scores: [...]} (scores parallel to docs), or a list from a prefix table.
  function termsOf(c, m) {
    var name = function (t) { return "t" + (hash(t) % m.t); };
    var exact = c.bigram || c.stem;
    return load(name(exact)).then(function (data) {
      if (data[exact] !== undefined) return [[name(exact), exact]];
      if (c.bigram || c.word.length < 5) return [];
      // One typo: the written words that share the first two letters, within one edit of what was typed
      // (or of its stem); their stems are the terms to look up (src/search/index/tables.rs, typo_files).
      var key = Array.from(c.word).slice(0, 2).join("");
      return load("y" + (hash(key) % m.y)).then(function (dict) {
        var near = [];
        (dict[key] || "").split(" ").forEach(function (w) {
          if (!w || !(editDistanceAtMostOne(w, c.word) || editDistanceAtMostOne(stem(w), c.stem))) return;
          var t = stem(w);
          if (near.indexOf(t) < 0) near.push(t);
        });
        return Promise.all(near.map(function (t) { return load(name(t)); })).then(function () {
          return near.filter(function (t) { return store[name(t)][t] !== undefined; }).map(function (t) { return [name(t), t]; });
        });
      });
    });
  }
  function prefixList(key, m) {
    // Sharded by the first two characters (prefix_group in src/search/index/tables.rs).
    return load("p" + (hash(Array.from(key).slice(0, 2).join("")) % m.p)).then(function (data) { return data[key] || []; });
  }
  function resolveClause(c, m) {
    if (c.cjkChar) return prefixList(c.cjkChar, m).then(function (list) { return { list: list, terms: [] }; });
    if (c.word !== undefined && c.partial) {
      var chars = Array.from(c.word);
      var fromTable = prefixList(chars.slice(0, m.L).join(""), m);
      if (chars.length <= m.L) return fromTable.then(function (list) { return { list: list, terms: [] }; });
      // A long word being typed: the exact word if it is indexed, else the best documents of its prefix.
      return Promise.all([termsOf(c, m), fromTable]).then(function (r) {
        return r[0].length ? { terms: r[0] } : { list: r[1], terms: [] };
      });
    }
    return termsOf(c, m).then(function (terms) { return { terms: terms }; });
  }

  // search(q) -> Promise of {ids: [doc ids, best first], clauses}
  var searches = 0;
  function search(q) {
    searches++;
    var clauses = parse(q);
    if (!clauses.length) return Promise.resolve({ ids: [], clauses: clauses });
    return manifest().then(function (m) {
      var n = m.n, key = tokens(q).join(" ");
      var phrase = load("x" + (hash(key) % m.x)).then(function (data) { return data[hash(key).toString(16)] || []; });
      return Promise.all([Promise.all(clauses.map(function (c) { return resolveClause(c, m); })), phrase]).then(function (r) {
        var parts = r[0], score = new Float64Array(n), hits = new Uint16Array(n), best = new Float64Array(n);
        parts.forEach(function (part, ci) {
          var touched = [];
          if (part.list) part.list.forEach(function (d, i) { best[d] = Math.max(best[d], part.list.length - i); touched.push(d); });
          else part.terms.forEach(function (st) {
            var p = postings(st[0], st[1]), w = idf(p.docs.length, n);
            for (var i = 0; i < p.docs.length; i++) {
              var d = p.docs[i], s = w * (p.lv[i] + 1);
              if (best[d] === 0) touched.push(d);
              if (s > best[d]) best[d] = s;
            }
          });
          for (var i = 0; i < touched.length; i++) {
            var d = touched[i];
            if (best[d] > 0 && hits[d] === ci) { hits[d] = ci + 1; score[d] += best[d]; }
            best[d] = 0;
          }
        });
        var all = parts.length, ids = [];
        for (var d = 0; d < n; d++) if (hits[d] === all) ids.push(d);
        if (!ids.length && all > 1) {
          // Nothing matches every clause: fall back to documents matching any, by their score.
          parts.forEach(function (part) {
            if (part.list) part.list.forEach(function (d, i) { score[d] += part.list.length - i; });
            else part.terms.forEach(function (st) {
              var p = postings(st[0], st[1]), w = idf(p.docs.length, n);
              for (var i = 0; i < p.docs.length; i++) score[p.docs[i]] += w * (p.lv[i] + 1);
            });
          });
          for (var e = 0; e < n; e++) if (score[e] > 0) ids.push(e);
        }
        r[1].forEach(function (d) { if (ids.indexOf(d) < 0) ids.push(d); score[d] += 1e9; });
        ids.sort(function (a, b) { return score[b] - score[a] || a - b; });
        return { ids: ids, clauses: clauses };
      });
    });
  }

  // Documents [kind, url, title, excerpt, text] for ids, loading their shards. `text` is the start of the
  // document's text (empty when it is the excerpt), where a matched passage is taken from.
  function docs(ids) {
    return manifest().then(function (m) {
      var names = {};
      ids.forEach(function (id) { names["d" + Math.floor(id / m.d)] = true; });
      return Promise.all(Object.keys(names).map(load)).then(function () {
        return ids.map(function (id) {
          var row = store["d" + Math.floor(id / m.d)][id % m.d];
          return { id: id, kind: row[0], url: row[1], title: row[2], excerpt: row[3], text: row[4] || row[3] };
        });
      });
    });
  }
  var EXCERPT = 160;
  // The excerpt of a result: its default excerpt (the start of its answer or body, what the objection
  // finder shows) when that holds a match, else the window of about EXCERPT characters around the first
  // match in its text (an `avoid` item, a later paragraph), cut between words, with "…" where cut.
  function passage(d, clauses) {
    if (!clauses || !clauses.length || matches(d.excerpt, clauses).length) return d.excerpt;
    var found = matches(d.text, clauses);
    if (!found.length) return d.excerpt;
    var text = d.text, at = found[0][0], start = Math.max(0, at - 50), end;
    if (start > 0) {
      var space = text.indexOf(" ", start);
      if (space >= 0 && space < at) start = space + 1;
    }
    end = Math.min(text.length, start + EXCERPT);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > found[0][1]) end = cut;
    }
    var out = text.slice(start, end).replace(/^[\s·,.;:，。；：、]+|[\s·,;:，；：、]+$/g, "");
    if (text.endsWith("…") && end >= text.length) out = out.replace(/…$/, "");
    return (start > 0 ? "…" : "") + out + (end < text.length || text.endsWith("…") ? "…" : "");
  }
  // Objections first: results are grouped by kind (doc ids are numbered in kind order).
  function grouped(result, limit) {
    var top = result.ids.slice(0, limit);
    return docs(top).then(function (list) {
      var order = new Map(top.map(function (id, i) { return [id, i]; }));
      list.sort(function (a, b) { return a.kind - b.kind || order.get(a.id) - order.get(b.id); });
      list.forEach(function (d) { d.excerpt = passage(d, result.clauses); });
      var asOf = searches;
      // Only in a pause: if another search starts first, the prefetch would compete with it.
      setTimeout(function () { if (asOf === searches) preloadNext(result.clauses, limit); }, 60);
      return list;
    });
  }

  // While the user pauses between keystrokes, load the documents the next keystroke is likely to show:
  // the best documents of every one-letter-longer prefix of the word being typed (their table is already
  // loaded: prefixes share a shard by their first two letters).
  function preloadNext(clauses, limit) {
    var c = clauses[clauses.length - 1], m = store.manifest;
    if (!m || !c || c.word === undefined || !c.partial) return;
    var chars = Array.from(c.word);
    if (chars.length < 2 || chars.length >= m.L) return;
    var table = store["p" + (hash(chars.slice(0, 2).join("")) % m.p)];
    if (!table) return;
    var ids = new Set(), next = chars.length + 1;
    Object.keys(table).forEach(function (k) {
      if (k.startsWith(c.word) && Array.from(k).length === next) table[k].slice(0, limit).forEach(function (d) { ids.add(d); });
    });
    if (ids.size) docs(Array.from(ids)).catch(function () {});
  }

  // ---- matching and highlighting ----
  // The [start, end) ranges of `text` that the query's clauses match: words by stem (or as the prefix
  // being typed, or within one typo), CJK by substring. Unsorted.
  function matches(text, clauses) {
    var words = [], cjk = [], marks = [];
    if (!text) return marks;
    clauses.forEach(function (c) {
      if (c.word !== undefined) words.push(c);
      else cjk.push(c.cjkChar || c.run);
    });
    var re = /[\p{L}\p{N}'’]+/gu, m;
    while ((m = re.exec(text))) {
      var norm = normalize(m[0]).replace(/['’]/g, ""), st = stem(norm);
      for (var i = 0; i < words.length; i++) {
        var c = words[i];
        if (st === c.stem || (c.partial && norm.startsWith(c.word)) || (c.word.length >= 5 && editDistanceAtMostOne(st, c.stem))) {
          marks.push([m.index, m.index + m[0].length]); break;
        }
      }
    }
    cjk.forEach(function (s) {
      if (!s) return;
      var from = 0, at;
      while ((at = text.indexOf(s, from)) >= 0) { marks.push([at, at + s.length]); from = at + s.length; }
    });
    return marks.sort(function (a, b) { return a[0] - b[0]; });
  }
  // Wraps matched words / CJK substrings of `text` in <mark> (DOM nodes, no HTML strings).
  function highlight(el, text, clauses) {
    var marks = matches(text, clauses);
    var pos = 0;
    marks.forEach(function (r) {
      if (r[0] < pos) return;
      el.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(r[0], r[1]);
      el.appendChild(mk);
      pos = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  // ---- UI ----
  var labels = {};
  function label(key) { return labels[key] || key; }
  function renderList(list, clauses, container, itemClass) {
    container.textContent = "";
    // A document's kind is a number into the manifest's kind keys (src/content/kind.rs, in search order).
    var kinds = (store.manifest && store.manifest.k) || [], lastKind = -1, n = 0;
    list.forEach(function (d) {
      if (d.kind !== lastKind) {
        var h = document.createElement("li");
        h.className = "search-group";
        h.setAttribute("role", "presentation");
        h.textContent = label(kinds[d.kind] || "");
        container.appendChild(h);
        lastKind = d.kind;
      }
      var li = document.createElement("li");
      li.className = itemClass;
      li.id = container.id + "-" + n++;
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = root + d.url;
      a.tabIndex = -1;
      var t = document.createElement("span");
      t.className = "search-title";
      highlight(t, d.title, clauses);
      var e = document.createElement("span");
      e.className = "search-excerpt";
      highlight(e, d.excerpt, clauses);
      a.appendChild(t); a.appendChild(e); li.appendChild(a);
      container.appendChild(li);
    });
    return n;
  }

  function attach(input) {
    var form = input.form, box = document.createElement("ul"), active = -1, seq = 0;
    box.id = input.id + "-results";
    box.className = "search-results";
    box.setAttribute("role", "listbox");
    box.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", box.id);
    input.setAttribute("autocomplete", "off");
    form.appendChild(box);
    function options() { return box.querySelectorAll("[role=option]"); }
    function setActive(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function close() {
      box.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function run() {
      var q = input.value, mine = ++seq;
      if (!q.trim()) { close(); return; }
      search(q).then(function (r) {
        return grouped(r, 8).then(function (list) {
          if (mine !== seq) return;
          var n = renderList(list, r.clauses, box, "search-hit");
          if (!n) {
            box.textContent = "";
            var li = document.createElement("li");
            li.className = "search-none";
            li.textContent = label("none");
            box.appendChild(li);
          }
          box.hidden = false; active = -1;
          input.setAttribute("aria-expanded", "true");
        });
      }).catch(function () { close(); });
    }
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { manifest().catch(function () {}); if (input.value.trim()) run(); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { ev.preventDefault(); if (box.hidden) run(); else setActive(active + 1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); setActive(active - 1); }
      else if (ev.key === "Escape") { if (!box.hidden) { ev.preventDefault(); close(); } else input.value = ""; }
      else if (ev.key === "Enter") {
        var opts = options(), target = opts[active >= 0 ? active : 0];
        if (!box.hidden && target && (active >= 0 || opts.length)) {
          ev.preventDefault();
          global.location.href = target.querySelector("a").href;
        }
      }
    });
    document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) close(); });
  }

  function resultsPage(container) {
    var q = new URLSearchParams(global.location.search).get("q") || "";
    var input = document.querySelector("[data-search-page]");
    if (input) input.value = q;
    if (!q.trim()) return;
    var status = document.getElementById("search-status");
    search(q).then(function (r) {
      return grouped(r, 50).then(function (list) {
        renderList(list, r.clauses, container, "search-page-hit");
        if (status) status.textContent = (label("found") || "").replace("{n}", r.ids.length).replace("{q}", q);
      });
    });
  }

  function init() {
    var me = document.querySelector("script[data-search-root]");
    root = me ? me.getAttribute("data-search-root") : "";
    try { labels = JSON.parse((me && me.getAttribute("data-search-labels")) || "{}"); } catch (e) { labels = {}; }
    document.querySelectorAll("input[data-search]").forEach(attach);
    // The manifest is a hundred-odd bytes: load it now, without delaying anything, so the first query
    // only waits for the shards it needs.
    if (document.querySelector("input[data-search], #search-page-results")) manifest().catch(function () {});
    var page = document.getElementById("search-page-results");
    if (page) resultsPage(page);
    document.addEventListener("keydown", function (ev) {
      var t = ev.target, tag = t && t.tagName;
      if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      var box = document.querySelector("input[data-search]");
      if (box) { ev.preventDefault(); box.focus(); }
    });
  }

  global.PBS = {
    add: add, search: search, docs: docs, grouped: grouped, passage: passage, matches: matches, tokens: tokens, stem: stem, hash: hash,
    setRoot: function (r) { root = r; }, loaded: function () { return Object.keys(store); }
  };
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
})(typeof window !== "undefined" ? window : globalThis);
