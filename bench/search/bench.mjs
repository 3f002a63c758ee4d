// Search benchmark: sizes of the index against the indexed text, bytes loaded by the first search, query
// latency in headless Chromium (over file://, and over HTTP on loopback side by side with Pagefind), and
// Chinese substring recall/precision (generated documents, and real Chinese prose when given).
// Usage: node bench/search/bench.mjs SITE DATA [PAGEFIND_SITE] [SEED_SITE]   (bench/search/run.sh prepares them)
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { join, extname, normalize as normPath } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "../../tests/e2e/browser.mjs";

const [site, data, pfSite, seedSite] = process.argv.slice(2);
const { queries, docs } = JSON.parse(readFileSync(join(data, "queries.json"), "utf8"));
const gz = (buf) => gzipSync(buf).length;
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const ms = (x, d = 1) => (x === undefined ? "-" : x.toFixed(d) + " ms");
function walk(dir) {
  const out = [];
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    if (f.isDirectory()) out.push(...walk(p)); else out.push(p);
  }
  return out;
}

// --- sizes ---
const textGz = gz(readFileSync(join(data, "indexed-text.txt")));
let indexGz = 0, snippetsGz = 0, files = 0;
const sizes = {};
for (const f of readdirSync(join(site, "search"))) {
  const buf = readFileSync(join(site, "search", f));
  sizes[f.replace(/\.js$/, "")] = buf.length;
  files++;
  if (f.startsWith("d")) snippetsGz += gz(buf); else indexGz += gz(buf);
}
const searchJs = statSync(join(site, "assets/search.js")).size;

const browser = await launch();

// A rep types a query character by character, and every keystroke is a search (results as you type).
// The first keystroke on a fresh page loads shards: its latency and bytes are the "first query"; every
// keystroke after it is a "later query". Keystrokes are PAUSE_MS apart (default 150 ms, a fast typist's
// 6-7 characters a second); the pause itself is not counted, but an engine may use it to prefetch.
const pause = Number(process.env.PAUSE_MS ?? 150);
function keystrokes(q) {
  const chars = Array.from(q), out = [];
  for (let i = 1; i <= chars.length; i++) {
    const prefix = chars.slice(0, i).join("");
    if (prefix.trim() && !/\s$/.test(prefix)) out.push(prefix);
  }
  return out;
}
// Typed: one query in SAMPLE_EVERY (default 4) of the English ones and of the first 100 Chinese ones.
const every = Number(process.env.SAMPLE_EVERY ?? 4);
let zhTyped = 0;
const sample = queries.filter((q) => q.kind !== "zh" || zhTyped++ < 100).filter((_, i) => i % every === 0);

// Ours: the query's ids, then the top 8 with titles and excerpts (what the dropdown shows).
const ours = {
  ready: (p) => p.waitForFunction(() => window.PBS !== undefined),
  run: (p, q) => p.evaluate(async (q) => {
    const t0 = performance.now();
    const r = await PBS.search(q);
    const t1 = performance.now();
    await PBS.grouped(r, 8);
    const t2 = performance.now();
    return { ms: t2 - t0, searchMs: t1 - t0, n: r.ids.length, loaded: PBS.loaded() };
  }, q),
};
// Pagefind: its search, then the data (title, excerpt) of the top 8 results. Its first search also
// initializes it (loads its WebAssembly and metadata): `initMs` says how much of the first keystroke that is.
const pagefind = {
  ready: (p) => p.waitForFunction(() => window.pagefind !== undefined),
  run: (p, q) => p.evaluate(async (q) => {
    const t0 = performance.now();
    if (!window.pfInit) { await pagefind.init(); window.pfInit = true; }
    const ti = performance.now();
    const s = await pagefind.search(q);
    const t1 = performance.now();
    await Promise.all(s.results.slice(0, 8).map((r) => r.data()));
    const t2 = performance.now();
    return { ms: t2 - t0, initMs: ti - t0, searchMs: t1 - t0, n: s.results.length };
  }, q),
};

async function typeAll(engine, pageUrl, bytes) {
  const r = { first: [], later: [], firstBytes: [], initMs: [], firstSearchMs: [] };
  for (const q of sample) {
    const p = await browser.newPage();
    bytes?.reset();
    await p.goto(pageUrl(q));
    await engine.ready(p);
    const strokes = keystrokes(q.q);
    for (let k = 0; k < strokes.length; k++) {
      if (k > 0 && pause > 0) await p.waitForTimeout(pause);
      const x = await engine.run(p, strokes[k]);
      if (k === 0) {
        r.first.push(x.ms);
        r.firstSearchMs.push(x.searchMs);
        if (x.initMs !== undefined) r.initMs.push(x.initMs);
        r.firstBytes.push(bytes ? bytes.total() : x.loaded.reduce((s, name) => s + (sizes[name] || 0), 0) + searchJs);
      } else r.later.push(x.ms);
    }
    await p.close();
  }
  return r;
}

// --- Chinese recall/precision: every zh query, complete, on one page ---
async function precision(pageUrl, qs) {
  const p = await browser.newPage();
  await p.goto(pageUrl);
  await ours.ready(p);
  const out = { n: 0, recallMin: 1, recallSum: 0, precisionSum: 0, incomplete: 0, byLen: {}, shown: { 8: {}, 50: {} } };
  for (const q of qs) {
    // The ids, and the lists the dropdown (8) and search.html (50) show, as `grouped` orders them.
    const r = await p.evaluate(async (q) => {
      const r = await PBS.search(q);
      const list = async (limit) => (await PBS.grouped(r, limit)).map((d) => [d.id, d.proven !== false]);
      return { ids: Array.from(r.ids), 8: await list(8), 50: await list(50) };
    }, q.q);
    const truth = new Set(q.truth), found = new Set(r.ids);
    let hit = 0;
    truth.forEach((d) => { if (found.has(d)) hit++; });
    const recall = truth.size ? hit / truth.size : 1, prec = found.size ? hit / found.size : 1;
    out.recallMin = Math.min(out.recallMin, recall);
    if (recall < 1) out.incomplete++;
    out.recallSum += recall; out.precisionSum += prec; out.n++;
    const len = Array.from(q.q).length, b = (out.byLen[len] ||= { n: 0, p: 0 });
    b.n++; b.p += prec;
    // In the list shown, does every true match rank above every false one, and is no false match shown
    // while a true one is left out?
    for (const limit of [8, 50]) {
      const shown = r[limit].map(([d]) => d), o = out.shown[limit], firstFalse = shown.findIndex((d) => !truth.has(d));
      if (firstFalse < 0) continue;
      o.lists = (o.lists || 0) + 1;
      const below = r[limit].slice(firstFalse).filter(([d]) => truth.has(d));
      if (!below.length) o.exactFirst = (o.exactFirst || 0) + 1;
      // Otherwise: are the true matches below a false one all unproven (held past the kept text)?
      else if (below.every(([, proven]) => !proven)) o.unproven = (o.unproven || 0) + 1;
      if (shown.filter((d) => truth.has(d)).length < Math.min(truth.size, shown.length)) o.missed = (o.missed || 0) + 1;
    }
  }
  await p.close();
  return out;
}
const fmtPrecision = (o) => `${o.n} queries: recall min ${o.recallMin.toFixed(3)} (mean ${(o.recallSum / o.n).toFixed(3)}, ${o.incomplete} incomplete), ` +
  `precision mean ${(o.precisionSum / o.n).toFixed(3)} (${Object.entries(o.byLen).map(([l, b]) => `${l} chars: ${(b.p / b.n).toFixed(3)}, n=${b.n}`).join("; ")}); ` +
  `(targets 1.0 / ≥ 0.97); ` + [8, 50].map((l) => { const s = o.shown[l]; return `top ${l} shown: true matches above false ones in ` +
  `${s.exactFirst || 0} of ${s.lists || 0} lists showing a false match (in ${s.unproven || 0} more, only true matches not proven ` +
  `from the kept text below a false one), a false match in place of a true one in ${s.missed || 0}`; }).join("; ");

const fileUrl = pathToFileURL(join(site, "search.html")).href;
const zhQueries = queries.filter((q) => q.kind === "zh");
const zh = await precision(fileUrl, zhQueries);
const local = await typeAll(ours, () => fileUrl, null);

const lines = [
  ["documents", docs],
  ["index files", files],
  ["indexed text (gzip)", kb(textGz)],
  ["index without documents (gzip)", `${kb(indexGz)}  = ${(indexGz / textGz).toFixed(2)} × text`],
  ["everything under search/ (gzip)", `${kb(indexGz + snippetsGz)}  = ${((indexGz + snippetsGz) / textGz).toFixed(2)} × text   (target ≤ 1.0)`],
  ["first search, bytes loaded (raw, file://)", `p50 ${kb(pct(local.firstBytes, 50))}, p95 ${kb(pct(local.firstBytes, 95))}   (search.js included: ${kb(searchJs)})`],
  ["file:// first keystroke", `p50 ${ms(pct(local.first, 50))}, p95 ${ms(pct(local.first, 95))}   (target p95 ≤ 30 ms, n=${local.first.length})`],
  [`file:// later keystrokes (${pause} ms apart)`, `p50 ${ms(pct(local.later, 50), 2)}, p95 ${ms(pct(local.later, 95), 2)}   (target p95 ≤ 16 ms, n=${local.later.length})`],
  ["  of which finding the ids, first keystroke", `p50 ${ms(pct(local.firstSearchMs, 50))}, p95 ${ms(pct(local.firstSearchMs, 95))}`],
  ["Chinese substring queries (generated)", fmtPrecision(zh)],
];
for (const [k, v] of lines) console.log(`${k.padEnd(46)} ${v}`);

// --- real Chinese prose (../shared/seeds, read at bench time only) ---
if (seedSite && existsSync(join(seedSite, "queries.json"))) {
  const seed = JSON.parse(readFileSync(join(seedSite, "queries.json"), "utf8"));
  const o = await precision(pathToFileURL(join(seedSite, "index.html")).href, seed.queries.filter((q) => q.kind === "zh"));
  console.log(`${"Chinese substring queries (seed articles)".padEnd(46)} ${seed.docs} paragraphs; ${fmtPrecision(o)}`);
} else console.log(`${"Chinese substring queries (seed articles)".padEnd(46)} skipped: no seed articles (SEEDS=${process.env.SEEDS ?? "../shared/seeds"} is absent)`);

// --- side by side over HTTP on loopback ---
if (pfSite && existsSync(join(pfSite, "pagefind"))) {
  // A static server like a host's: gzip when it makes a response smaller. Bytes are counted per engine: its
  // engine script, its index and its documents (ours: assets/search.js and search/; Pagefind: pagefind/).
  let counted = 0;
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const [, top, ...rest] = path.split("/");
    const base = top === "ours" ? site : top === "pf" ? pfSite : null;
    const file = base && normPath(join(base, ...rest));
    if (!file || !file.startsWith(base) || !existsSync(file) || statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    let body = readFileSync(file);
    const headers = { "content-type": types[extname(file)] || "application/octet-stream", "cache-control": "no-store" };
    if (/gzip/.test(req.headers["accept-encoding"] || "")) {
      const z = gzipSync(body);
      if (z.length < body.length) { body = z; headers["content-encoding"] = "gzip"; }
    }
    if ((top === "ours" && (rest[0] === "search" || path.endsWith("/assets/search.js"))) || (top === "pf" && rest[0] === "pagefind")) counted += body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const bytes = { reset: () => { counted = 0; }, total: () => counted };
  const oursHttp = await typeAll(ours, () => `${origin}/ours/search.html`, bytes);
  const pf = await typeAll(pagefind, (q) => `${origin}/pf/search-${q.kind === "zh" ? "zh" : "en"}.html`, bytes);
  server.close();
  let pfIndex = 0;
  for (const f of walk(join(pfSite, "pagefind"))) {
    if (/\.(pf_meta|pf_index|pf_fragment|pf_filter)$/.test(f)) pfIndex += statSync(f).size; // stored gzipped by Pagefind
  }
  const oursIndex = indexGz + snippetsGz;
  const row = (name, a, b, target, unit) => {
    const ratio = a / b;
    return `${name.padEnd(40)} ${unit(a).padStart(12)} ${unit(b).padStart(12)} ${ratio.toFixed(2).padStart(7)} ×  ${("≤ " + target + " ×").padEnd(8)} ${ratio <= target ? "met" : "NOT met"}`;
  };
  console.log(`\nside by side over HTTP on loopback (same ${sample.length} queries, typed key by key ${pause} ms apart, same Chromium)`);
  console.log(`${"".padEnd(40)} ${"ours".padStart(12)} ${"Pagefind".padStart(12)} ${"ratio".padStart(9)}  target`);
  const t = (x) => ms(x);
  console.log(row("first keystroke p95", pct(oursHttp.first, 95), pct(pf.first, 95), 0.25, t));
  console.log(row("first keystroke p50", pct(oursHttp.first, 50), pct(pf.first, 50), 0.25, t));
  console.log(row("later keystrokes p95", pct(oursHttp.later, 95), pct(pf.later, 95), 0.25, t));
  console.log(row("later keystrokes p50", pct(oursHttp.later, 50), pct(pf.later, 50), 0.25, t));
  console.log(row("bytes loaded by a first search p50", pct(oursHttp.firstBytes, 50), pct(pf.firstBytes, 50), 0.5, kb));
  console.log(row("bytes loaded by a first search p95", pct(oursHttp.firstBytes, 95), pct(pf.firstBytes, 95), 0.5, kb));
  console.log(row("total index bytes (gzip)", oursIndex, pfIndex, 0.6, kb));
  console.log(`Pagefind's first keystroke includes its init (WebAssembly, metadata): p50 ${ms(pct(pf.initMs, 50))}, p95 ${ms(pct(pf.initMs, 95))}; ` +
    `without it (init on focus): p50 ${ms(pct(pf.first.map((x, i) => x - pf.initMs[i]), 50))}, p95 ${ms(pct(pf.first.map((x, i) => x - pf.initMs[i]), 95))}`);
  console.log(`bytes count the engine script (ours: assets/search.js, ${kb(gz(readFileSync(join(site, "assets/search.js"))))} gzip; Pagefind: pagefind.js and its WebAssembly), the index and the excerpts, as sent (gzip when smaller)`);
} else console.log("\nPagefind comparison skipped: no Pagefind site given");
await browser.close();
