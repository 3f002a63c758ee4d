// Search benchmark: sizes of the index against the indexed text, bytes loaded by the first search,
// query latency in headless Chromium over the file:// site, and Chinese recall/precision.
// Usage: node bench/search/bench.mjs SITE_DIR DATA_DIR   (bench/search/run.sh prepares both)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "../../tests/e2e/browser.mjs";

const [site, data] = process.argv.slice(2);
const { queries, docs } = JSON.parse(readFileSync(join(data, "queries.json"), "utf8"));
const gz = (buf) => gzipSync(buf).length;
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

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

// --- browser ---
const browser = await launch();
const url = pathToFileURL(join(site, "search.html")).href;
async function freshPage() {
  const p = await browser.newPage();
  await p.goto(url);
  await p.waitForFunction(() => window.PBS !== undefined);
  return p;
}
const run = (p, q) => p.evaluate(async (q) => {
  const t0 = performance.now();
  const r = await PBS.search(q);
  const t1 = performance.now();
  await PBS.grouped(r, 8);
  const t2 = performance.now();
  return { ms: t2 - t0, searchMs: t1 - t0, ids: r.ids, loaded: PBS.loaded() };
}, q);

// A rep types a query character by character, and every keystroke is a search (results as you type).
// The first keystroke on a fresh page loads shards: its latency and bytes are the "first query";
// every keystroke after it is a "later query". Keystrokes are PAUSE_MS apart (default 150 ms, a fast
// typist's 6-7 characters a second; 0 types back to back); the pause itself is not counted, but the page
// may use it to prefetch. The complete query is checked for recall/precision.
const pause = Number(process.env.PAUSE_MS ?? 150);
function keystrokes(q) {
  const chars = Array.from(q), out = [];
  for (let i = 1; i <= chars.length; i++) {
    const prefix = chars.slice(0, i).join("");
    if (prefix.trim() && !/\s$/.test(prefix)) out.push(prefix);
  }
  return out;
}
const firstMs = [], firstBytes = [], laterMs = [], firstSearchMs = [], laterSearchMs = [];
const byKind = {};
let recallMin = 1, recallSum = 0, precisionSum = 0, zh = 0, zhMissed = 0;
const sample = queries.filter((_, i) => i % 4 === 0);
for (const q of sample) {
  const p = await freshPage();
  const strokes = keystrokes(q.q);
  let r;
  for (let k = 0; k < strokes.length; k++) {
    if (k > 0 && pause > 0) await p.waitForTimeout(pause);
    r = await run(p, strokes[k]);
    const kind = (byKind[q.kind] ||= { first: [], later: [] });
    if (k === 0) {
      firstMs.push(r.ms);
      firstSearchMs.push(r.searchMs);
      kind.first.push(r.ms);
      firstBytes.push(r.loaded.reduce((s, name) => s + (sizes[name] || 0), 0));
    } else {
      laterMs.push(r.ms);
      laterSearchMs.push(r.searchMs);
      kind.later.push(r.ms);
    }
  }
  if (q.kind === "zh") {
    const truth = new Set(q.truth), found = new Set(r.ids);
    let hit = 0;
    truth.forEach((d) => { if (found.has(d)) hit++; });
    const recall = truth.size ? hit / truth.size : 1, precision = found.size ? hit / found.size : 1;
    recallMin = Math.min(recallMin, recall);
    if (recall < 1) zhMissed++;
    recallSum += recall; precisionSum += precision; zh++;
  }
  await p.close();
}
await browser.close();

const lines = [
  ["documents", docs],
  ["index files", files],
  ["indexed text (gzip)", kb(textGz)],
  ["index, all shards (gzip)", `${kb(indexGz)}  = ${(indexGz / textGz).toFixed(2)} × text   (target ≤ 0.5)`],
  ["index + snippets (gzip)", `${kb(indexGz + snippetsGz)}  = ${((indexGz + snippetsGz) / textGz).toFixed(2)} × text   (target ≤ 1.2)`],
  ["first search, bytes loaded (raw)", `p50 ${kb(pct(firstBytes, 50))}, p95 ${kb(pct(firstBytes, 95))}, max ${kb(Math.max(...firstBytes))}   (target ≤ 60 KB; search.js itself, loaded with every page: ${kb(searchJs)})`],
  ["first keystroke's query (shards loaded)", `p50 ${pct(firstMs, 50).toFixed(1)} ms, p95 ${pct(firstMs, 95).toFixed(1)} ms   (target p95 ≤ 30 ms, n=${firstMs.length})`],
  [`later keystrokes' queries (${pause} ms apart)`, `p50 ${pct(laterMs, 50).toFixed(2)} ms, p95 ${pct(laterMs, 95).toFixed(2)} ms   (target p95 ≤ 5 ms, n=${laterMs.length})`],
  ["Chinese substring queries", `${zh}: recall min ${recallMin.toFixed(3)} (mean ${(recallSum / zh).toFixed(3)}, ${zhMissed} incomplete), precision mean ${(precisionSum / zh).toFixed(3)}   (targets 1.0 / ≥ 0.97)`],
];
for (const [k, v] of lines) console.log(`${k.padEnd(50)} ${v}`);
// Where the time goes: finding the documents (search) against loading and showing them (the rest).
const p = (xs, q) => (xs.length ? pct(xs, q).toFixed(1) : "-");
console.log(`${"of which finding the ids (search only)".padEnd(50)} first p50 ${p(firstSearchMs, 50)} / p95 ${p(firstSearchMs, 95)} ms; later p50 ${p(laterSearchMs, 50)} / p95 ${p(laterSearchMs, 95)} ms`);
for (const [kind, v] of Object.entries(byKind)) {
  console.log(`${("  queries of kind " + kind).padEnd(50)} first p50 ${p(v.first, 50)} / p95 ${p(v.first, 95)} ms; later p50 ${p(v.later, 50)} / p95 ${p(v.later, 95)} ms (n=${v.later.length})`);
}
