// The objection finder from file://: a bounded first page, the rest from the search index; text through the site's
// search engine, stages through the facet shards (src/render/finder.rs, themes/default/static/finder.js).
// The large playbook is the bench generator's (10,000 entries): tests/browser.rs generates it and passes its folder
// in PLAYBOOK_CORPUS; run alone, this file generates it with target/release/playbook-bench.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { exampleSites, bin, corpusObjections, largeCorpus } from "./setup.mjs";

const sites = exampleSites("finder");
const work = mkdtempSync(join(tmpdir(), "playbook-finder-big-"));
const big = join(work, "site");
let corpus;

before(() => {
  corpus = largeCorpus(work);
  execFileSync(bin, ["build", "--root", corpus, "--output", big], { stdio: "pipe" });
});
after(() => rmSync(work, { recursive: true, force: true }));

/** `page` of the site in `dir` with the URL query `query`, in a fresh context, its script errors in `errors`. */
async function fresh(browser, dir, page, query = "") {
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await p.goto(pathToFileURL(join(dir, page)).href + query);
  return { p, errors };
}

/** The objection ids the finder lists now, after clicking "Show more" until it is gone. */
async function listed(p) {
  await p.evaluate(() => window.PBF.ready);
  for (;;) {
    const more = p.locator("#pb-finder-more");
    if (await more.isHidden()) break;
    const before = await p.locator("#pb-finder-list li").count();
    await more.click();
    await p.waitForFunction((n) => document.querySelectorAll("#pb-finder-list li").length > n, before);
  }
  const hrefs = await p.locator("#pb-finder-list li > a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  return hrefs.map((h) => decodeURIComponent(h.replace(/^\.\.\/objections\//, "").replace(/\.html$/, "")));
}

test("the finder page of 10,000 entries is bounded, and a stage filter shows exactly that stage's objections", async () => {
  const size = statSync(join(big, "objections/index.html")).size;
  assert.ok(size < 100_000, `finder.html is ${size} bytes`);
  const all = corpusObjections(join(corpus, "content/objections"));
  assert.ok(all.length > 1000, `${all.length} objections`);
  const { p, errors } = await fresh(sites.browser, big, "objections/index.html");
  await p.evaluate(() => window.PBF.ready);
  assert.equal(await p.locator("#pb-finder-list li").count(), 50, "the first page only");
  assert.match(await p.locator("#pb-finder-status").textContent(), new RegExp(`^${all.length} of ${all.length}`));
  // "Show more" fetches the next page from the search index's documents.
  await p.locator("#pb-finder-more").click();
  await p.waitForFunction(() => document.querySelectorAll("#pb-finder-list li").length === 100);
  await p.context().close();
  assert.deepEqual(errors, []);

  // A stage with objections, one of a Chinese id if the corpus has one, and a stage picked at random.
  const stages = [...new Set(all.flatMap((o) => o.stages))].sort();
  const picks = [stages[0], stages.find((s) => /[^\x00-\x7f]/.test(s)) || stages[1], stages[Math.floor(stages.length / 2)]];
  for (const stage of picks) {
    const expected = all.filter((o) => o.stages.includes(stage)).map((o) => o.id).sort();
    assert.ok(expected.length > 0, stage);
    const { p, errors } = await fresh(sites.browser, big, "objections/index.html", "?stage=" + encodeURIComponent(stage));
    const got = (await listed(p)).sort();
    assert.deepEqual(got, expected, stage);
    assert.match(await p.locator("#pb-finder-status").textContent(), new RegExp(`^${expected.length} of `), stage);
    await p.context().close();
    assert.deepEqual(errors, []);
  }
});

test("text in the finder is the site search kept to objections: `pricing` finds the pricing objections", async () => {
  const { p, errors } = await fresh(sites.browser, sites.en, "objections/index.html", "?q=pricing");
  const got = await listed(p);
  // What site search finds for the same words, its objections in its order.
  const search = await p.evaluate(async () => {
    const r = await window.PBS.search("pricing");
    const docs = await window.PBS.docs(r.ids);
    return docs.filter((d) => d.kind === 0).map((d) => d.url);
  });
  assert.deepEqual(got, search.map((u) => decodeURIComponent(u.replace(/^objections\//, "").replace(/\.html$/, ""))));
  for (const id of ["too-expensive", "competitor-cheaper", "price-increase"]) {
    assert.ok(got.includes(id), `${id} in ${got}`);
  }
  assert.match(await p.locator("#pb-finder-status").textContent(), new RegExp(`^${got.length} of `));
  // Text and a facet intersect, and the URL keeps both.
  await p.selectOption("#pb-finder-segment", "family");
  await p.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  const both = await listed(p);
  assert.ok(both.length < got.length && both.every((id) => got.includes(id)), `${both} within ${got}`);
  assert.match(p.url(), /q=pricing/);
  assert.match(p.url(), /segment=family/);
  await p.context().close();
  assert.deepEqual(errors, []);
});
