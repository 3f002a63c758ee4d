// The search engine (search.js over the index `playbook build` writes) on the English example, from file://:
// typos on written words, the `avoid` field, and the passage an excerpt shows.
// Run: cd tests/e2e && PLAYBOOK_BIN=<abs path to playbook> node --test search_engine.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleSites, fresh } from "./setup.mjs";

const sites = exampleSites("search-engine");

/** The results `PBS.grouped` gives for each query (as the dropdown shows them: top 8, objections first). */
async function results(dir, queries) {
  const { p, errors, context } = await fresh(sites.browser, dir, "search.html");
  await p.waitForFunction(() => window.PBS !== undefined);
  const out = await p.evaluate(async (qs) => {
    const r = {};
    for (const q of qs) {
      r[q] = await PBS.grouped(await PBS.search(q), 8);
      // The default excerpt of each (the start of its answer or body, as the objection finder shows it).
      const plain = await PBS.docs(r[q].map((d) => d.id));
      r[q].forEach((d, i) => { d.start = plain[i].excerpt; });
    }
    return r;
  }, queries);
  assert.deepEqual(errors, [], "no script errors");
  await context.close();
  return out;
}

test("a word with one typo finds what the written word finds: pricng, expnsive, ransomwrae", async () => {
  const r = await results(sites.en, ["pricing", "pricng", "expensive", "expnsive", "ransomware", "ransomwrae"]);
  // `pricng` is one edit from the written `pricing`, two from its stem `pric`.
  assert.match(r.pricing[0].url, /^objections\//, "the pricing objection first");
  for (const [typo, word] of [["pricng", "pricing"], ["expnsive", "expensive"], ["ransomwrae", "ransomware"]]) {
    assert.ok(r[typo].length > 0, `${typo} finds something`);
    assert.equal(r[typo][0].url, r[word][0].url, `${typo} finds ${word}'s first result first`);
  }
});

test("the avoid field is searched, and the excerpt shows the matched passage", async () => {
  const r = await results(sites.en, ["discount"]);
  // Two objections mention a discount, both only in what not to say (too-expensive.md, barely-used-it.md).
  const url = (name) => r.discount.find((d) => d.url === `objections/${name}.html`);
  const expensive = url("too-expensive"), barely = url("barely-used-it");
  assert.ok(expensive && barely, "both are found: " + JSON.stringify(r.discount));
  // too-expensive's avoid list starts with the discount: the excerpt is the passage around it.
  assert.match(expensive.excerpt, /discount/i, "the excerpt is the passage around the match: " + expensive.excerpt);
  assert.ok(Array.from(expensive.excerpt).length <= 162, expensive.excerpt);
  assert.doesNotMatch(expensive.start, /discount/i, "the answer's start does not mention it");
  // barely-used-it names it past the start kept of its avoid list (docs/search.md): the answer's start.
  assert.equal(barely.excerpt, barely.start);
});
