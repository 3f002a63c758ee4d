// Role-plays that score honestly, in a real browser from file://: no score with unanswered questions,
// choices shuffled between attempts, right and wrong said in words, the model answer only after an answer,
// everything locked once scored, a review of what was missed, attempts kept, the attempt in progress and a
// stage's checklist surviving a reload, and the trainer's notes out of the learner's way.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exampleSites, fresh as open } from "./setup.mjs";

const sites = exampleSites("quiz");
const fresh = (dir, page, options) => open(sites.browser, dir, page, options);

const ROLEPLAY = "roleplays/smb-first-call.html";

/** The values of each choice question's radios, in the order the page shows them. */
async function orders(p) {
  return p.evaluate(() => [...document.querySelectorAll(".question[data-kind=choice]")].map(
    (s) => [...s.querySelectorAll("input[type=radio]")].map((r) => r.value).join(",")));
}

/** Answers question `i`: a choice by its value (`wrong`: a wrong one), or free text with every rubric tick. */
async function answer(p, quiz, i, { wrong = false } = {}) {
  const s = p.locator(".question").nth(i), key = quiz.questions[i];
  if (key.kind === "choice") {
    const values = await s.locator("input[type=radio]").evaluateAll((rs) => rs.map((r) => Number(r.value)));
    const pick = wrong ? values.find((v) => !key.correct.includes(v)) : key.correct[0];
    await s.locator(`input[value="${pick}"]`).check();
    await s.locator("[data-action=check]").click();
    await s.locator(".feedback strong").first().waitFor();
    return pick;
  }
  await s.locator("textarea").fill("Ask about their last restore, then book a follow-up.");
  await s.locator("[data-action=reveal]").click();
  const ticks = s.locator("[data-rubric]");
  for (let k = 0; k < (await ticks.count()); k++) await ticks.nth(k).check();
  return null;
}

/** The text between each two links of the refusal's list of unanswered questions. */
async function separators(result) {
  return result.evaluate((r) => [...r.childNodes]
    .filter((n) => n.previousSibling?.nodeName === "A" && n.nextSibling?.nodeName === "A")
    .map((n) => n.textContent));
}

async function quizOf(p) {
  return JSON.parse(await p.locator("#pb-quiz-data").textContent());
}

test("a quiz cannot be scored while questions are unanswered, and says which", async () => {
  const { p, errors, context } = await fresh(sites.en, ROLEPLAY);
  const quiz = await quizOf(p);
  await answer(p, quiz, 0);
  await p.locator("[data-action=finish]").click();
  const result = p.locator("#pb-quiz-result");
  const open = quiz.questions.length - 1;
  assert.match(await result.textContent(), new RegExp(`^${open} unanswered`));
  assert.doesNotMatch(await result.textContent(), /Score/);
  assert.equal(await result.locator("a").count(), open, "each unanswered question is linked");
  assert.ok(open >= 2, "a list to separate");
  assert.deepEqual(await separators(result), Array(open - 1).fill(", "));
  assert.equal(await p.evaluate(() => window.playbookProgress.attempts("smb-first-call").length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a wrong choice is said in words, names the right answer, and is announced", async () => {
  const { p, errors, context } = await fresh(sites.en, ROLEPLAY);
  const quiz = await quizOf(p);
  await answer(p, quiz, 0, { wrong: true });
  const s = p.locator(".question").nth(0);
  const right = (await s.locator(`label[for$="-c${quiz.questions[0].correct[0]}"]`).textContent()).trim();
  const feedback = s.locator(".feedback");
  assert.equal(await feedback.getAttribute("aria-live"), "polite");
  const said = await feedback.textContent();
  assert.match(said, /Not quite\./);
  assert.ok(said.includes(`The right answer: ${right}`), said);
  assert.equal((await s.locator(".choice.is-correct .mark").textContent()).trim(), "The right answer");
  assert.equal((await s.locator(".choice.is-wrong .mark").textContent()).trim(), "Your answer");
  assert.deepEqual(errors, []);
  await context.close();
});

test("choices are shuffled between attempts, and an attempt in progress survives a reload", async () => {
  const { p, errors, context } = await fresh(sites.en, ROLEPLAY);
  const quiz = await quizOf(p);
  const first = await orders(p);
  const picked = await answer(p, quiz, 0);
  await p.reload();
  assert.deepEqual(await orders(p), first, "a reload keeps the attempt's order");
  assert.equal(await p.locator(`.question >> nth=0 >> input[value="${picked}"]`).isChecked(), true);
  assert.equal(await p.locator(".question").nth(0).locator("input[type=radio]").first().isDisabled(), true,
    "a checked answer stays checked and locked");
  for (let i = 1; i < quiz.questions.length; i++) await answer(p, quiz, i);
  await p.locator("[data-action=finish]").click();
  await p.locator("[data-action=restart]").click();
  await p.waitForLoadState();
  const second = await orders(p);
  assert.notDeepEqual(second, first, "the next attempt shows the choices in another order");
  assert.deepEqual(second.map((o) => o.split(",").sort().join(",")), first.map((o) => o.split(",").sort().join(",")));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a model answer shows only after something is written, and the rubric locks once scored", async () => {
  const { p, errors, context } = await fresh(sites.en, ROLEPLAY);
  const quiz = await quizOf(p);
  const i = quiz.questions.findIndex((q) => q.kind === "text");
  assert.ok(i >= 0, "the example role-play has a free-text question");
  const s = p.locator(".question").nth(i);
  await s.locator("[data-action=reveal]").click();
  assert.equal(await s.locator(".model").isHidden(), true);
  assert.match(await s.locator(".feedback").textContent(), /Write your answer first/);
  for (let k = 0; k < quiz.questions.length; k++) await answer(p, quiz, k, { wrong: k === 0 });
  assert.equal(await s.locator(".model").isVisible(), true);
  await p.locator("[data-action=finish]").click();
  const ticks = s.locator("[data-rubric]");
  for (let k = 0; k < (await ticks.count()); k++) assert.equal(await ticks.nth(k).isDisabled(), true);
  assert.equal(await s.locator("textarea").isDisabled(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the result lists what was missed with links to study, and attempts are kept with their dates", async () => {
  const { p, errors, context } = await fresh(sites.en, ROLEPLAY);
  const quiz = await quizOf(p);
  for (let k = 0; k < quiz.questions.length; k++) await answer(p, quiz, k, { wrong: k === 0 });
  await p.locator("[data-action=finish]").click();
  const review = p.locator("#pb-quiz-review");
  assert.equal(await review.locator("li").count(), 1, "one question was missed");
  const study = await review.locator("a.study").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(study.some((h) => h.endsWith("objections/send-me-information.html")), study.join(" "));
  assert.ok(study.some((h) => h.includes("stages/")), "the role-play's stage is linked: " + study.join(" "));
  await p.locator("[data-action=restart]").click();
  await p.waitForLoadState();
  for (let k = 0; k < quiz.questions.length; k++) await answer(p, quiz, k);
  await p.locator("[data-action=finish]").click();
  const rows = p.locator("#pb-quiz-history tr");
  assert.equal(await rows.count(), 3, "a header and two attempts");
  assert.match(await rows.nth(1).textContent(), /100%/, "the newest first");
  assert.match(await p.locator(".page-head [data-progress]").textContent(), /Best score 100%/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the trainer's notes are closed and never printed; a stage's checklist keeps its ticks", async () => {
  const { p, errors, context } = await fresh(sites.en, "roleplays/enterprise-cfo-negotiation.html");
  const notes = p.locator("details.trainer");
  assert.equal(await notes.count(), 1, "the example role-play has notes for the trainer");
  assert.equal(await notes.getAttribute("open"), null);
  assert.equal(await notes.locator("summary").textContent(), "For the trainer");
  assert.equal(await notes.isVisible(), true);
  await p.emulateMedia({ media: "print" });
  assert.equal(await notes.isHidden(), true);
  await p.emulateMedia({ media: "screen" });
  await p.goto(new URL("../stages/health-check.html", p.url()).href);
  const boxes = p.locator("[data-checklist] input[type=checkbox]");
  assert.ok((await boxes.count()) >= 2);
  await boxes.nth(1).check();
  await p.reload();
  assert.equal(await boxes.nth(1).isChecked(), true);
  assert.equal(await boxes.nth(0).isChecked(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the Chinese role-play speaks Chinese when it refuses a score", async () => {
  const { p, errors, context } = await fresh(sites.zh, "roleplays/老板说太贵.html");
  await p.locator("[data-action=finish]").click();
  const result = p.locator("#pb-quiz-result");
  assert.match(await result.textContent(), /题未作答：全部作答后才能查看得分。/);
  // The unanswered questions are listed with the enumeration comma, not ", ".
  const open = await result.locator("a").count();
  assert.ok(open >= 2, "a list to separate");
  assert.deepEqual(await separators(result), Array(open - 1).fill("、"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("progress downloaded in one browser and imported into another is restored there", async () => {
  const a = await fresh(sites.en, ROLEPLAY);
  const quiz = await quizOf(a.p);
  for (let k = 0; k < quiz.questions.length; k++) await answer(a.p, quiz, k);
  await a.p.locator("[data-action=finish]").click();
  await a.p.goto(new URL("../stages/health-check.html", a.p.url()).href);
  await a.p.locator("[data-checklist] input[type=checkbox]").nth(0).check();
  await a.p.goto(new URL("../index.html", a.p.url()).href);
  const [download] = await Promise.all([
    a.p.waitForEvent("download"),
    a.p.locator("[data-progress-export]").click(),
  ]);
  assert.match(download.suggestedFilename(), /^playbook-progress-\d{4}-\d\d-\d\d\.json$/);
  const saved = join(sites.work, "progress.json");
  await download.saveAs(saved);
  const doc = JSON.parse(readFileSync(saved, "utf8"));
  assert.equal(doc.format, "playbook-progress");
  assert.equal(doc.version, 1);
  assert.equal(doc.roleplays["smb-first-call"].attempts[0].score, 100);
  assert.deepEqual(a.errors, []);
  await a.context.close();

  const b = await fresh(sites.en, "index.html");
  const badge = b.p.locator('[data-progress="smb-first-call"]');
  assert.equal((await badge.textContent()).trim(), "Not started");
  // A file that is not a progress file is refused and changes nothing.
  const junk = join(sites.work, "junk.json");
  writeFileSync(junk, '{"hello": 1}');
  await b.p.locator("[data-progress-import]").setInputFiles(junk);
  await b.p.locator("[data-progress-status]").filter({ hasText: "could not be imported" }).waitFor();
  assert.equal((await badge.textContent()).trim(), "Not started");
  await b.p.locator("[data-progress-import]").setInputFiles(saved);
  await b.p.locator("[data-progress-status]").filter({ hasText: "Progress imported" }).waitFor();
  assert.match(await badge.textContent(), /Best score 100% · Passed/);
  await b.p.goto(new URL("stages/health-check.html", b.p.url()).href);
  assert.equal(await b.p.locator("[data-checklist] input[type=checkbox]").nth(0).isChecked(), true);
  assert.deepEqual(b.errors, []);
  await b.context.close();
});
