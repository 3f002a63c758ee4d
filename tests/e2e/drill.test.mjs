// The objection drill in a real browser from file://: a card flips with Space, is graded with a key, is
// scheduled by FSRS and, once answered Good, is no longer due after a reload; Again brings it back in the
// same session; a drill narrowed to a stage draws only that stage's objections; another phrasing is shown
// on the next review; the overview counts the cards due today.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleSites, fresh as open } from "./setup.mjs";

const sites = exampleSites("drill");
const fresh = (dir, page, options) => open(sites.browser, dir, page, options);

// The example's objections fit in the first chunk of the whole drill, which the page carries.
const cardsOf = async (p) => JSON.parse(await p.locator("#pb-drill-data").textContent()).all.cards;
const ready = (p) => p.evaluate(() => window.playbookDrill.ready);
const front = async (p) => { await ready(p); return (await p.locator("#pb-drill-front").textContent()).trim(); };
const status = async (p) => { await ready(p); return (await p.locator("#pb-drill-status").textContent()).trim(); };
const countIn = (s) => Number(s.match(/\d+/)[0]);

test("a card flips with Space, is graded Good with 3, and after a reload is no longer due", async () => {
  const { p, errors, context } = await fresh(sites.en, "drill.html");
  const cards = await cardsOf(p);
  assert.ok(cards.length >= 5, "the example has objections to drill");
  const before = countIn(await status(p));
  assert.equal(before, Math.min(20, cards.length), "every new card, up to 20 a day");
  const shown = await front(p);
  const card = cards.find((c) => c.front[0] === shown);
  assert.ok(card, `the front is an objection's words: ${shown}`);
  assert.equal(await p.locator("#pb-drill .back").isHidden(), true);
  await p.keyboard.press("Space");
  await p.locator("#pb-drill .back").waitFor({ state: "visible" });
  const answer = await p.locator("#pb-drill-answer").textContent();
  assert.ok(answer.trim().length > 10, "the head of the answer is shown");
  assert.equal(await p.locator("#pb-drill-link").getAttribute("href"), card.url);
  await p.keyboard.press("3");
  const state = await p.evaluate((id) => window.playbookProgress.card(id), card.id);
  assert.equal(state.good, true);
  assert.equal(state.reps, 1);
  const days = (Date.parse(state.due) - Date.parse(state.last)) / 86400000;
  assert.equal(days, 4, "FSRS: a new card answered Good comes back in 4 days");
  assert.notEqual(await front(p), shown, "the next card is shown");
  await p.reload();
  assert.equal(countIn(await status(p)), before - 1);
  assert.notEqual(await front(p), shown, "the card answered Good is not due any more");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Again keeps a card in the session; the buttons grade like the keys", async () => {
  const { p, errors, context } = await fresh(sites.en, "drill.html");
  const before = countIn(await status(p));
  const shown = await front(p);
  const card = (await cardsOf(p)).find((c) => c.front[0] === shown);
  await p.locator("[data-action=show]").click();
  await p.locator("[data-grade='1']").click();
  assert.equal(countIn(await status(p)), before, "the card is still to do this session");
  for (let i = 1; i < before; i++) {
    await p.keyboard.press("Space");
    await p.locator("#pb-drill .back").waitFor();
    await p.keyboard.press("4");
  }
  assert.equal(await front(p), card.front[1 % card.front.length],
    "the card answered Again comes back last, in its next phrasing");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a drill narrowed to a stage draws only its objections, and a reviewed card shows another phrasing", async () => {
  const { p, errors, context } = await fresh(sites.en, "drill.html");
  const cards = await cardsOf(p);
  const stage = cards.flatMap((c) => c.stages).sort().find((s, i, a) => a.indexOf(s) !== a.lastIndexOf(s));
  assert.ok(stage, "some stage has two objections or more");
  const mine = cards.filter((c) => c.stages.includes(stage));
  await p.goto(new URL(`drill.html?stage=${encodeURIComponent(stage)}`, p.url()).href);
  assert.equal(countIn(await status(p)), mine.length);
  assert.equal(await p.locator("#pb-drill-scope").isVisible(), true);
  // A card reviewed once and due again shows its next phrasing.
  const withAlias = cards.find((c) => c.front.length > 1);
  await p.evaluate((id) => window.playbookProgress.setCard(id, {
    stability: 1, difficulty: 5, reps: 1, lapses: 0, good: true,
    due: "2000-01-01T00:00:00.000Z", last: "1999-12-31T00:00:00.000Z", at: "1999-12-31T00:00:00.000Z",
  }), withAlias.id);
  await p.goto(new URL("drill.html", p.url()).href);
  assert.equal(await front(p), withAlias.front[1], "the overdue card comes first, in its next phrasing");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the overview counts the drill cards due today, in Chinese too", async () => {
  const { p, errors, context } = await fresh(sites.zh, "drill.html");
  const cards = await cardsOf(p);
  await p.keyboard.press("Space");
  await p.locator("#pb-drill .back").waitFor();
  await p.keyboard.press("3");
  await p.goto(new URL("index.html", p.url()).href);
  const text = (await p.locator("[data-drill-due]").textContent()).trim();
  assert.equal(text, `今天有 ${Math.min(19, cards.length - 1)} 张演练卡片待复习`);
  assert.deepEqual(errors, []);
  await context.close();
});
