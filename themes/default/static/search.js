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
  // A term's postings: base64 VLQ numbers `gap * 4 + level` (src/search/index/), decoded once; a CJK
  // bigram's are `(gap * 4 + level) * 2^a + next`, `next` the mask of the buckets of the characters that
  // follow it in the document (`a` buckets, from the manifest).
  function postings(shard, term) {
    var key = shard + "\u0000" + term, hit = decoded.get(key);
    if (hit) return hit;
    var cs = Array.from(term), a = cs.length === 2 && isCjk(cs[0].codePointAt(0)) && isCjk(cs[1].codePointAt(0)) ? store.manifest.a : 0;
    var t = store[shard][term], docs = new Uint32Array(t.length), lv = new Uint8Array(t.length), nx = new Uint32Array(t.length);
    var n = 0, doc = 0, i = 0, scale = Math.pow(2, a || 0);
    while (i < t.length) {
      var v = 0, mul = 1, d;
      do { d = DIGIT[t.charCodeAt(i++)]; v += (d & 31) * mul; mul *= 32; } while (d & 32);
      nx[n] = v % scale; v = (v - nx[n]) / scale;
      doc += (v - (v & 3)) / 4;
      docs[n] = doc; lv[n++] = v & 3;
    }
    hit = { docs: docs.subarray(0, n), lv: lv.subarray(0, n), nx: nx.subarray(0, n) };
    decoded.set(key, hit);
    return hit;
  }
  // The bucket of a character that follows a bigram (next_bucket in src/search/index/count.rs).
  function nextBucket(ch, a) { return (Math.imul(ch.codePointAt(0), 0x9e3779b1) >>> 16) % a; }
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
      else for (var i = 0; i + 1 < r.cjk.length; i++) clauses.push({ bigram: r.cjk[i] + r.cjk[i + 1], next: r.cjk[i + 2], run: r.cjk.join("") });
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
            // A bigram followed by a character in the query: only documents where a character of its
            // bucket follows the bigram.
            var c = clauses[ci], p = postings(st[0], st[1]), w = idf(p.docs.length, n);
            var bit = c.bigram && c.next && m.a ? 1 << nextBucket(c.next, m.a) : 0;
            for (var i = 0; i < p.docs.length; i++) {
              if (bit && !(p.nx[i] & bit)) continue;
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
  // The runs of three or more CJK characters of a query: the index holds their bigrams (and the bucket of
  // the character after each), not their adjacency, so a document that has them is a candidate until its
  // title, excerpt or kept text shows the run whole. Two characters (one bigram) are exact by construction.
  function longRuns(clauses) {
    var out = [];
    (clauses || []).forEach(function (c) { if (c.run && Array.from(c.run).length >= 3 && out.indexOf(c.run) < 0) out.push(c.run); });
    return out;
  }
  // Proven exact: every long run of the query occurs in the document's title, excerpt or kept text (a
  // match past the kept text stays unproven).
  function proven(d, runs) {
    return runs.every(function (s) { return d.title.indexOf(s) >= 0 || d.excerpt.indexOf(s) >= 0 || d.text.indexOf(s) >= 0; });
  }
  // The documents to show for a result, best first: the top `limit`; for a query with a long CJK run, the
  // proven ones first, then the rest (kept: recall stays whole). Only when some of the top `limit` are
  // unproven are more loaded, twice as many as unproven (at most `limit`), to take their places.
  function shown(result, limit) {
    var runs = longRuns(result.clauses), top = result.ids.slice(0, limit);
    return docs(top).then(function (list) {
      if (!runs.length) return list;
      var weak = list.filter(function (d) { return !proven(d, runs); }).length;
      var more = weak ? result.ids.slice(limit, limit + Math.min(limit, 2 * weak)) : [];
      return (more.length ? docs(more) : Promise.resolve([])).then(function (extra) {
        var all = list.concat(extra), yes = [], no = [];
        all.forEach(function (d) { d.proven = proven(d, runs); (d.proven ? yes : no).push(d); });
        return yes.concat(no).slice(0, limit);
      });
    });
  }
  // Objections first: results are grouped by kind (doc ids are numbered in kind order), and within a
  // kind the proven exact ones (see `shown`) come before the unproven, so each kind has one heading.
  function grouped(result, limit) {
    return shown(result, limit).then(function (list) {
      var order = new Map(list.map(function (d, i) { return [d.id, i]; }));
      list.sort(function (a, b) {
        return a.kind - b.kind || (a.proven === false) - (b.proven === false) || order.get(a.id) - order.get(b.id);
      });
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

  // ---- UI: header dropdown (ARIA combobox + listbox of options) and results page (lists of links) ----
  var labels = {};
  function label(key) { return labels[key] || key; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function kindLabel(kind) { var k = (store.manifest && store.manifest.k) || []; return label(k[kind] || ""); }
  function byKind(list) {
    var out = [];
    list.forEach(function (d) {
      if (!out.length || out[out.length - 1][0] !== d.kind) out.push([d.kind, []]);
      out[out.length - 1][1].push(d);
    });
    return out;
  }
  function fillHit(node, d, clauses) {
    var t = el("span", "search-title"), e = el("span", "search-excerpt");
    highlight(t, d.title, clauses);
    highlight(e, d.excerpt, clauses);
    node.appendChild(t); node.appendChild(e);
  }
  function found(n, q) { return label("found").replace("{n}", n).replace("{q}", q); }
  function pageUrl(q) { return root + "search.html?q=" + encodeURIComponent(q); }

  // Levenshtein distance, or max + 1 beyond max.
  function distance(a, b, max) {
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        low = Math.min(low, cur[j]);
      }
      if (low > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }
  // No results: each Latin word replaced by the closest written word (two edits) of the typo dictionary
  // (the `y` shards termsOf reads, keyed by a word's first two letters), if that finds something; or "".
  function suggest(clauses) {
    var words = clauses.filter(function (c) { return c.word !== undefined && c.word.length >= 3; });
    if (!words.length) return Promise.resolve("");
    return manifest().then(function (m) {
      return Promise.all(words.map(function (c) {
        var key = Array.from(c.word).slice(0, 2).join("");
        return load("y" + (hash(key) % m.y)).then(function (dict) {
          var best = "", bestD = 3;
          String(dict[key] || "").split(" ").forEach(function (t) {
            var d = t ? Math.min(distance(c.word, t, 2), distance(c.stem, t, 2)) : 3;
            if (d < bestD) { best = t; bestD = d; }
          });
          return best;
        }, function () { return ""; });
      })).then(function (near) {
        var seen = {}, parts = [], changed = false;
        clauses.forEach(function (c) {
          var w = c.word !== undefined ? c.word : (c.cjkChar || c.run);
          var i = words.indexOf(c);
          if (i >= 0 && near[i] && near[i] !== c.word && near[i] !== c.stem) { w = near[i]; changed = true; }
          if (!seen[w]) { seen[w] = true; parts.push(w); }
        });
        if (!changed) return "";
        var s = parts.join(" ");
        return search(s).then(function (r) { return r.ids.length ? s : ""; });
      });
    }).catch(function () { return ""; });
  }
  function noResults(box, q, clauses) {
    box.appendChild(el("p", "search-none", label("none")));
    var hint = el("p", "search-suggest");
    hint.hidden = true;
    box.appendChild(hint);
    var finder = el("a", "", label("finder"));
    finder.href = root + "objections/index.html?q=" + encodeURIComponent(q);
    var p = el("p", "search-finder");
    p.appendChild(finder);
    box.appendChild(p);
    return suggest(clauses).then(function (s) {
      if (!s) return;
      var a = el("a", "", s);
      a.href = pageUrl(s);
      hint.appendChild(document.createTextNode(label("did_you_mean")));
      hint.appendChild(a);
      hint.hidden = false;
    });
  }

  function attach(input) {
    var form = input.form, active = -1, seq = 0, base = input.id;
    var popup = el("div", "search-results"), box = el("div", "search-listbox"), extra = el("div", "search-extra");
    var status = el("p", "visually-hidden");
    popup.hidden = true;
    box.id = base + "-results";
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", label("results"));
    status.setAttribute("role", "status");
    popup.appendChild(box); popup.appendChild(extra);
    form.appendChild(popup); form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", box.id);
    input.setAttribute("autocomplete", "off");
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
      popup.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function render(list, r, q) {
      box.textContent = ""; extra.textContent = ""; active = -1;
      input.removeAttribute("aria-activedescendant");
      var n = 0;
      byKind(list).forEach(function (g, gi) {
        var group = el("div", "search-group-box"), head = el("div", "search-group", kindLabel(g[0]));
        head.id = box.id + "-g" + gi;
        group.setAttribute("role", "group");
        group.setAttribute("aria-labelledby", head.id);
        group.appendChild(head);
        g[1].forEach(function (d) {
          var o = el("div", "search-hit");
          o.id = box.id + "-" + n++;
          o.setAttribute("role", "option");
          o.setAttribute("aria-selected", "false");
          o.setAttribute("data-href", root + d.url);
          fillHit(o, d, r.clauses);
          group.appendChild(o);
        });
        box.appendChild(group);
      });
      box.hidden = !n;
      if (n) {
        var all = el("a", "search-all", label("all"));
        all.href = pageUrl(q);
        extra.appendChild(all);
      } else noResults(extra, q, r.clauses);
      status.textContent = found(r.ids.length, q);
      popup.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function run() {
      var q = input.value, mine = ++seq;
      if (!q.trim()) { close(); status.textContent = ""; return; }
      search(q).then(function (r) {
        return grouped(r, 8).then(function (list) { if (mine === seq) render(list, r, q); });
      }).catch(function () { close(); });
    }
    function open(o) { if (o) global.location.href = o.getAttribute("data-href"); }
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { manifest().catch(function () {}); if (input.value.trim()) run(); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { ev.preventDefault(); if (popup.hidden) run(); else setActive(active + 1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); if (!popup.hidden) setActive(active - 1); }
      else if (ev.key === "Escape") { if (!popup.hidden) { ev.preventDefault(); close(); } else input.value = ""; }
      // Enter with an option selected opens it; with none, the form goes to the results page.
      else if (ev.key === "Enter" && !popup.hidden && active >= 0) { ev.preventDefault(); open(options()[active]); }
    });
    popup.addEventListener("mousedown", function (ev) { if (ev.target.closest("[role=option]")) ev.preventDefault(); });
    box.addEventListener("click", function (ev) { open(ev.target.closest("[role=option]")); });
    form.addEventListener("focusout", function (ev) { if (!ev.relatedTarget || !form.contains(ev.relatedTarget)) close(); });
    document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) close(); });
  }

  function resultsPage(container) {
    var input = document.querySelector("[data-search-page]"), status = document.getElementById("search-status");
    var seq = 0;
    function show(q) {
      var mine = ++seq;
      if (!q.trim()) { container.textContent = ""; if (status) status.textContent = ""; return; }
      search(q).then(function (r) {
        return grouped(r, 50).then(function (list) {
          if (mine !== seq) return;
          container.textContent = "";
          byKind(list).forEach(function (g, gi) {
            var sec = el("section", "search-page-group"), h = el("h2", "search-group", kindLabel(g[0]));
            var ul = el("ul", "search-page-list");
            h.id = "search-page-g" + gi;
            sec.setAttribute("aria-labelledby", h.id);
            g[1].forEach(function (d) {
              var li = el("li", "search-page-hit"), a = el("a");
              a.href = root + d.url;
              fillHit(a, d, r.clauses);
              li.appendChild(a); ul.appendChild(li);
            });
            sec.appendChild(h); sec.appendChild(ul); container.appendChild(sec);
          });
          if (status) status.textContent = found(r.ids.length, q);
          if (!list.length) noResults(container, q, r.clauses);
        });
      });
    }
    var q = new URLSearchParams(global.location.search).get("q") || "";
    if (input) {
      input.value = q;
      input.addEventListener("input", function () {
        global.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
        show(input.value);
      });
    }
    show(q);
    document.addEventListener("keydown", function (ev) {
      if ((ev.key !== "ArrowDown" && ev.key !== "ArrowUp") || ev.altKey || ev.ctrlKey || ev.metaKey) return;
      var links = Array.prototype.slice.call(container.querySelectorAll("a")), at = document.activeElement;
      var i = links.indexOf(at);
      if (at === input) {
        if (ev.key === "ArrowDown" && links.length) { ev.preventDefault(); links[0].focus(); }
        return;
      }
      if (i < 0) return;
      ev.preventDefault();
      if (ev.key === "ArrowDown") links[Math.min(i + 1, links.length - 1)].focus();
      else if (i === 0 && input) input.focus();
      else links[Math.max(i - 1, 0)].focus();
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
      // The first box on show (the overview hides the header's on phones).
      var box = Array.prototype.filter.call(document.querySelectorAll("input[data-search]"), function (b) {
        return b.offsetParent !== null;
      })[0];
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
