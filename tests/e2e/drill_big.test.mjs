// The objection drill of a large playbook from file:// (#17): the page is bounded and carries only the first cards;
// a drill narrowed to a stage draws exactly that stage's objections from its own script; cards due from the stored
// progress, known only by id, show their fronts from the front shards (src/render/drill.rs, drill.js).
// The playbook is the bench generator's (10,000 entries): tests/browser.rs generates it and passes its folder in
// PLAYBOOK_CORPUS; run alone, this file generates it with target/release/playbook-bench.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";
import { bin, corpusObjections, largeCorpus } from "./setup.mjs";

const work = mkdtempSync(join(tmpdir(), "playbook-drill-big-"));
const big = join(work, "site");
let corpus;
let browser;
/** Every objection of the generated playbook: id, the stages it names, and its words (the card's front). */
let all = [];

before(async () => {
  corpus = largeCorpus(work);
  execFileSync(bin, ["build", "--root", corpus, "--output", big], { stdio: "pipe" });
  all = corpusObjections(join(corpus, "content/objections"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The drill at `query` in a fresh context with `cards` as the stored progress; the scripts it loads in `scripts`. */
async function drill(query, cards = {}) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors = [], scripts = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  p.on("request", (r) => { if (/\/drill\/.*\.js$/.test(r.url())) scripts.push(r.url()); });
  const url = pathToFileURL(join(big, "drill.html")).href;
  if (Object.keys(cards).length) {
    // Progress is kept per playbook title: store it from a page of the site, then open the drill.
    await p.goto(pathToFileURL(join(big, "index.html")).href);
    await p.evaluate((cards) => {
      for (const [id, st] of Object.entries(cards)) window.playbookProgress.setCard(id, st);
    }, cards);
    scripts.length = 0;
    errors.length = 0;
  }
  await p.goto(url + query);
  await p.evaluate(() => window.playbookDrill.ready);
  return { p, errors, scripts, context };
}

const status = async (p) => Number((await p.locator("#pb-drill-status").textContent()).match(/\d+/)?.[0] ?? 0);

/** Grades every card of the session Good; the ids of the cards shown, in order. */
async function session(p) {
  const shown = [];
  const n = await status(p);
  for (let i = 0; i < n; i++) {
    const front = (await p.locator("#pb-drill-front").textContent()).trim();
    await p.keyboard.press("Space");
    await p.locator("#pb-drill .back").waitFor();
    const href = await p.locator("#pb-drill-link").getAttribute("href");
    const id = decodeURIComponent(href.replace(/^objections\//, "").replace(/\.html$/, ""));
    shown.push({ id, front });
    await p.keyboard.press("3");
  }
  return shown;
}

const overdue = {
  stability: 1, difficulty: 5, reps: 1, lapses: 0, good: true,
  due: "2000-01-01T00:00:00.000Z", last: "1999-12-31T00:00:00.000Z", at: "1999-12-31T00:00:00.000Z",
};

test("the drill page of 10,000 entries is bounded and a stage's drill shows exactly its objections", async () => {
  assert.ok(all.length > 1000, `${all.length} objections`);
  const size = statSync(join(big, "drill.html")).size;
  assert.ok(size < 100_000, `drill.html is ${size} bytes`);
  // A stage with a few objections (a session holds 20 new cards): all of them, and nothing else.
  const byStage = {};
  for (const o of all) for (const s of o.stages) (byStage[s] ||= []).push(o);
  const [stage, mine] = Object.entries(byStage).find(([, os]) => os.length >= 2 && os.length <= 20);
  const { p, errors, scripts, context } = await drill(`?stage=${encodeURIComponent(stage)}`);
  assert.equal(await status(p), mine.length);
  const shown = await session(p);
  assert.deepEqual(shown.map((c) => c.id).sort(), mine.map((o) => o.id).sort());
  for (const c of shown) assert.equal(c.front, all.find((x) => x.id === c.id).words, "a new card shows the objection");
  assert.ok(scripts.some((s) => s.endsWith(`/drill/stages/${encodeURIComponent(stage)}.js`)), scripts.join("\n"));
  assert.ok(!scripts.some((s) => /\/drill\/(all\.\d+|f\d+)\.js$/.test(s)), "no other drill's list, no front shard");
  assert.deepEqual(errors, []);
  await context.close();
});

test("cards due from the stored progress show their fronts, in a stage's drill and in the whole drill", async () => {
  // Objections not in the first chunk the page carries: the drill knows them only by id.
  const inline = new Set(JSON.parse(/id="pb-drill-data">(.*?)<\/script>/s.exec(readFileSync(join(big, "drill.html"), "utf8"))[1])
    .all.cards.map((c) => c.id));
  const late = all.filter((o) => !inline.has(o.id)).slice(-3);
  const stage = late[0].stages[0];
  const other = all.find((o) => !o.stages.includes(stage) && !late.includes(o));
  const cards = Object.fromEntries([...late, other].map((o, i) => [o.id, { ...overdue, due: `2000-01-0${i + 1}T00:00:00.000Z` }]));

  const whole = await drill("", cards);
  // Overdue first, the longest overdue first; reviewed once, each shows its second phrasing.
  const shown = await session(whole.p);
  assert.deepEqual(shown.slice(0, 4), [...late, other].map((o) => ({ id: o.id, front: o.alias })));
  assert.equal(shown.length, 4 + 20, "the due reviews, then the day's 20 new cards");
  assert.ok(whole.scripts.filter((s) => /\/drill\/f\d+\.js$/.test(s)).length <= 4, "one front shard a due card at most");
  assert.ok(whole.scripts.length <= 10, `a session of 24 cards loads ${whole.scripts.length} scripts`);
  assert.deepEqual(whole.errors, []);
  await whole.context.close();

  // In the stage's drill: the due cards of the stage, and not the other one.
  const narrowed = await drill(`?stage=${encodeURIComponent(stage)}`, cards);
  const due = late.filter((o) => o.stages.includes(stage)).map((o) => o.id);
  const ids = (await session(narrowed.p)).map((c) => c.id);
  assert.deepEqual(ids.slice(0, due.length), due);
  assert.ok(!ids.includes(other.id), "a due card of another stage is not drawn");
  assert.deepEqual(narrowed.errors, []);
  await narrowed.context.close();
});
