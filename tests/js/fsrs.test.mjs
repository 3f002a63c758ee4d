// The drill's scheduler (themes/default/static/fsrs.js) against the FSRS-4.5 formulas, with values worked out
// by hand from the published default parameters (not read back from the code).
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const root = fileURLToPath(new URL("../../", import.meta.url));
const context = { Math, Date, RangeError };
vm.createContext(context);
vm.runInContext(readFileSync(root + "themes/default/static/fsrs.js", "utf8"), context);
const F = context.playbookFsrs;
const DAY = 24 * 3600 * 1000;
const T0 = Date.parse("2026-01-05T09:00:00Z");
const close = (a, b, eps = 1e-3) => assert.ok(Math.abs(a - b) < eps, `${a} is not ${b}`);

test("recall is 90% after S days, so the interval at 90% retention is S days, rounded", () => {
  close(F.retrievability(10, 10), 0.9, 1e-12);
  assert.equal(F.interval(3.7145), 4);
  assert.equal(F.interval(0.2), 1, "at least a day");
  assert.equal(F.interval(1e9), 36500, "at most a hundred years");
});

test("a new card takes its first stability and difficulty from the grade", () => {
  const good = F.review(null, 3, T0);
  close(good.stability, 3.7145);
  close(good.difficulty, 5.1618);
  assert.equal(good.due, new Date(T0 + 4 * DAY).toISOString());
  assert.equal(good.good, true);
  const again = F.review(null, 1, T0);
  assert.equal(again.due, new Date(T0 + 10 * 60 * 1000).toISOString(), "again: in ten minutes");
  assert.equal(again.good, false);
  assert.equal(again.lapses, 0, "a new card cannot lapse");
  close(F.review(null, 4, T0).difficulty, 5.1618 - 1.2298);
});

test("a good answer on the due day grows stability by the recall formula", () => {
  const first = F.review(null, 3, T0);
  const second = F.review(first, 3, T0 + 4 * DAY);
  // r = (1 + 19/81 · 4/3.7145)^-0.5 = 0.89350; S' = S · (1 + e^w8 · (11 − D) · S^−w9 · (e^(w10(1−r)) − 1)) = 14.8081
  close(second.stability, 14.8081);
  close(second.difficulty, 5.1618);
  assert.equal(second.due, new Date(T0 + 4 * DAY + 15 * DAY).toISOString());
  assert.equal(second.reps, 2);
});

test("forgetting cuts stability by the lapse formula and counts a lapse, but a card once known stays known", () => {
  const first = F.review(null, 3, T0);
  const lapsed = F.review(first, 1, T0 + 4 * DAY);
  // S_f = w11 · D^−w12 · ((S + 1)^w13 − 1) · e^(w14(1−r)) = 1.43323
  close(lapsed.stability, 1.43323);
  assert.equal(lapsed.lapses, 1);
  assert.equal(lapsed.good, true);
});

test("on the same card, Easy waits at least as long as Good, and Good as Hard", () => {
  const card = F.review(F.review(null, 3, T0), 3, T0 + 4 * DAY);
  const at = T0 + 19 * DAY;
  const due = (g) => Date.parse(F.review(card, g, at).due);
  assert.ok(due(4) >= due(3) && due(3) >= due(2) && due(2) > due(1));
});

test("difficulty stays within 1..10 whatever the grades", () => {
  let card = null, t = T0;
  for (let i = 0; i < 200; i++) {
    const g = [1, 4, 4, 2, 1, 1, 3][i % 7];
    card = F.review(card, g, t);
    assert.ok(card.difficulty >= 1 && card.difficulty <= 10, String(card.difficulty));
    assert.ok(card.stability > 0);
    t = Date.parse(card.due);
  }
  assert.throws(() => F.review(null, 5, T0), RangeError);
});

test("a card is due when new or when its time has come", () => {
  const card = F.review(null, 3, T0);
  assert.equal(F.isDue(null, T0), true);
  assert.equal(F.isDue(card, T0 + DAY), false);
  assert.equal(F.isDue(card, T0 + 4 * DAY), true);
});
