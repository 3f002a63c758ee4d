// Chinese substring recall of the browser engine over a built site, run by tests/search_zh_recall.rs:
// every query's documents (the ground truth: every document whose indexed text contains it) are among its
// results, and in the lists the dropdown (8) and the results page (50) show, every document shown as proven
// exact holds the query, and within each kind (a heading of the list) the proven ones come before the rest.
// Usage: node tests/js/zh_recall.mjs SITE QUERIES_JSON   (prints a JSON summary; exit 1 on a failure)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const [site, queriesFile] = process.argv.slice(2);
const root = fileURLToPath(new URL("../../", import.meta.url));
const context = { atob, Map, Set, Promise, setTimeout };
vm.createContext(context);
vm.runInContext(readFileSync(root + "themes/default/static/search.js", "utf8"), context);
// Every index file hands its data to PBS.add, as a <script> does in the browser.
for (const f of readdirSync(join(site, "search"))) vm.runInContext(readFileSync(join(site, "search", f), "utf8"), context);
const PBS = context.PBS;
const { queries } = JSON.parse(readFileSync(queriesFile, "utf8"));
const failures = [], lengths = {};
let checked = 0, shownAll = 0, unprovenShown = 0, unprovenTrue = 0;
for (const q of queries.filter((q) => q.kind === "zh")) {
  const r = await PBS.search(q.q), found = new Set(Array.from(r.ids)), truth = new Set(q.truth);
  const len = Array.from(q.q).length;
  lengths[len] = (lengths[len] || 0) + 1;
  checked++;
  const missing = q.truth.filter((d) => !found.has(d));
  if (missing.length) failures.push(`${q.q}: ${missing.length} of ${q.truth.length} documents missing (${missing.slice(0, 5)})`);
  for (const limit of [8, 50]) {
    const shown = Array.from(await PBS.grouped(r, limit));
    const want = Math.min(limit, r.ids.length);
    if (shown.length !== want) failures.push(`${q.q}: ${shown.length} shown of ${want} (limit ${limit})`);
    const unprovenKinds = new Set();
    for (const d of shown) {
      shownAll++;
      if (d.proven === false) { unprovenKinds.add(d.kind); unprovenShown++; if (truth.has(d.id)) unprovenTrue++; continue; }
      if (unprovenKinds.has(d.kind)) failures.push(`${q.q}: a proven result after an unproven one of its kind (limit ${limit})`);
      if (d.proven && !truth.has(d.id)) failures.push(`${q.q}: document ${d.id} shown as proven does not hold it`);
    }
    if (len >= 3 && shown.some((d) => d.proven === undefined)) failures.push(`${q.q}: results of a 3+ character query not verified`);
  }
}
// How many results shown were unproven, and of those how many hold the query past the kept text.
console.log(JSON.stringify({ checked, lengths, shownAll, unprovenShown, unprovenTrue, failures: failures.slice(0, 20), failed: failures.length }));
process.exit(failures.length || !checked ? 1 : 0);
