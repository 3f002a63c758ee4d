/* Spaced repetition for the objection drill: FSRS-4.5 (Free Spaced Repetition Scheduler, the algorithm Anki
   uses), with its published default parameters and a requested retention of 90%. A card's memory is its
   stability S (days until recall falls to 90%) and difficulty D (1..10); a grade is 1 Again, 2 Hard, 3 Good,
   4 Easy. See docs/site.md ("Objection drills") for the formulas as used here. No dependencies; also loaded
   by the unit tests in tests/js/ (CommonJS export at the end). */
(function (global) {
  "use strict";
  var W = [0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031, 1.6474, 0.1367, 1.0461,
    2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755];
  var DECAY = -0.5;
  var FACTOR = 19 / 81; // so that R(S, S) = 0.9
  var RETENTION = 0.9;
  var MAX_DAYS = 36500;
  var DAY = 24 * 3600 * 1000;

  function clamp(x, lo, hi) { return Math.min(hi, Math.max(lo, x)); }

  /* The probability of recall `days` after a review, for stability `s`. */
  function retrievability(days, s) { return Math.pow(1 + FACTOR * days / s, DECAY); }

  /* Days until recall falls to the requested retention, whole, at least 1. */
  function interval(s) {
    var days = s / FACTOR * (Math.pow(RETENTION, 1 / DECAY) - 1);
    return clamp(Math.round(days), 1, MAX_DAYS);
  }

  function initialDifficulty(g) { return clamp(W[4] - (g - 3) * W[5], 1, 10); }

  function nextDifficulty(d, g) {
    var next = d - W[6] * (g - 3);
    return clamp(W[7] * initialDifficulty(3) + (1 - W[7]) * next, 1, 10);
  }

  function recallStability(d, s, r, g) {
    var hard = g === 2 ? W[15] : 1;
    var easy = g === 4 ? W[16] : 1;
    return s * (1 + Math.exp(W[8]) * (11 - d) * Math.pow(s, -W[9]) * (Math.exp(W[10] * (1 - r)) - 1) * hard * easy);
  }

  function forgetStability(d, s, r) {
    return Math.min(s, W[11] * Math.pow(d, -W[12]) * (Math.pow(s + 1, W[13]) - 1) * Math.exp(W[14] * (1 - r)));
  }

  /* The card after grading it `g` at time `now` (ms). A new card is `null`. The result is what progress.js
     keeps: stability, difficulty, due and last review (ISO), reviews, lapses, and `good` once the card has
     ever been answered Good or Easy. */
  function review(card, g, now) {
    if (g < 1 || g > 4) { throw new RangeError("grade must be 1..4"); }
    var s, d;
    if (!card || !card.stability) {
      s = W[g - 1];
      d = initialDifficulty(g);
    } else {
      var elapsed = Math.max(0, (now - Date.parse(card.last)) / DAY);
      var r = retrievability(elapsed, card.stability);
      d = nextDifficulty(card.difficulty, g);
      s = g === 1 ? forgetStability(card.difficulty, card.stability, r)
        : recallStability(card.difficulty, card.stability, r, g);
    }
    // Again: see it again this session (in ten minutes), whatever the stability says.
    var due = g === 1 ? now + 10 * 60 * 1000 : now + interval(s) * DAY;
    return {
      stability: s,
      difficulty: d,
      due: new Date(due).toISOString(),
      last: new Date(now).toISOString(),
      at: new Date(now).toISOString(),
      reps: ((card && card.reps) || 0) + 1,
      lapses: ((card && card.lapses) || 0) + (g === 1 && card ? 1 : 0),
      good: !!(card && card.good) || g >= 3
    };
  }

  /* Whether a card is due at `now`: never reviewed, or its due time has come. */
  function isDue(card, now) { return !card || !card.due || Date.parse(card.due) <= now; }

  var api = { review: review, isDue: isDue, interval: interval, retrievability: retrievability, W: W };
  if (typeof module === "object" && module.exports) { module.exports = api; } else { global.playbookFsrs = api; }
})(this);
