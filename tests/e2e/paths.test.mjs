// Learning paths in a real browser from file://: a path page lists its steps and entries; "Mark as studied"
// on an entry's page counts on the path; the overview says what to do next; studying every entry, drilling
// the drill step's cards to Good and passing the role-play completes the path, and its page then offers the
// certificate with the learner's name.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { exampleSites, fresh as open } from "./setup.mjs";

const sites = exampleSites("paths");
const fresh = (dir, page, options) => open(sites.browser, dir, page, options);

test("a path page lists its steps and the entries of each, linked", async () => {
  const { p, errors, context } = await fresh(sites.en, "paths/smb-first-week.html");
  const steps = p.locator("ol.steps > li.path-step");
  assert.equal(await steps.count(), 6);
  assert.match(await steps.nth(0).locator("h2").textContent(), /Step 1 · Day 1\s+What we sell, and to whom/);
  const first = await steps.nth(0).locator("[data-item]").evaluateAll((ls) => ls.map((l) => l.getAttribute("data-item")));
  assert.deepEqual(first, ["segment/smb", "segment/family", "selling-point/immutable-backups",
    "selling-point/predictable-pricing", "selling-point/human-support", "selling-point/microsoft-365-backup"]);
  const hrefs = await p.locator("[data-item] a").evaluateAll((as) => as.map((a) => a.href));
  for (const h of hrefs) assert.ok(existsSync(fileURLToPath(h)), `${h} exists`);
  assert.match(await p.locator("[data-path-progress]").textContent(), /0 of 30 done/);
  assert.match(await steps.nth(4).locator(".drill-link a").getAttribute("href"), /drill\.html\?path=smb-first-week&step=5$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("marking an entry studied on its page counts on the path and moves the overview's next step", async () => {
  const { p, errors, context } = await fresh(sites.en, "index.html");
  const card = p.locator('[data-path-card]:has(a[href="paths/smb-first-week.html"])');
  assert.equal((await card.locator("[data-next]").textContent()).trim(), "Continue: step 1, Small business");
  await card.locator("[data-next] a").click();
  await p.waitForURL(/segments\/smb\.html$/);
  const mark = p.locator("[data-study] button");
  assert.equal(await mark.getAttribute("aria-pressed"), "false");
  await mark.click();
  assert.equal(await mark.getAttribute("aria-pressed"), "true");
  await p.goto(new URL("../index.html", p.url()).href);
  assert.match(await card.locator("[data-next]").textContent(), /^Continue: step 1, /);
  assert.doesNotMatch(await card.locator("[data-next]").textContent(), /Small business\b/);
  await p.goto(new URL("paths/smb-first-week.html", p.url()).href);
  assert.equal(await p.locator('[data-item="segment/smb"] [data-studied]').isChecked(), true);
  assert.match(await p.locator("[data-path-progress]").textContent(), /1 of 30 done/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("studying, drilling and passing the role-play completes the Chinese path and shows the certificate", async () => {
  const { p, errors, context } = await fresh(sites.zh, "paths/电话销售新人五天.html");
  assert.equal(await p.locator("#pb-certificate").isHidden(), true);
  // Every entry to study: its tick on the path page.
  const ticks = p.locator("[data-studied]");
  for (let i = 0; i < (await ticks.count()); i++) await ticks.nth(i).check();
  // The drill step: every card of it answered Good.
  const drill = await p.locator(".drill-link a").getAttribute("href");
  await p.goto(new URL(drill, p.url()).href);
  await p.evaluate(() => window.playbookDrill.ready);
  const due = Number((await p.locator("#pb-drill-status").textContent()).match(/\d+/)[0]);
  assert.equal(due, 6, "the drill step's six objections");
  for (let i = 0; i < due; i++) { await p.keyboard.press("Space"); await p.locator("#pb-drill .back").waitFor(); await p.keyboard.press("3"); }
  // The role-play: every answer right.
  await p.goto(new URL("roleplays/老板说太贵.html", p.url()).href);
  const quiz = JSON.parse(await p.locator("#pb-quiz-data").textContent());
  for (let i = 0; i < quiz.questions.length; i++) {
    const s = p.locator(".question").nth(i), key = quiz.questions[i];
    if (key.kind === "choice") {
      await s.locator(`input[value="${key.correct[0]}"]`).check();
      await s.locator("[data-action=check]").click();
    } else {
      await s.locator("textarea").fill("先认同，再问客户和什么比较。");
      await s.locator("[data-action=reveal]").click();
      const rubric = s.locator("[data-rubric]");
      for (let k = 0; k < (await rubric.count()); k++) await rubric.nth(k).check();
    }
  }
  await p.locator("[data-action=finish]").click();
  await p.goto(new URL("../paths/电话销售新人五天.html", p.url()).href);
  const progress = await p.locator("[data-path-progress]").textContent();
  const [, done, total] = progress.match(/已完成 (\d+)\/(\d+)/);
  assert.equal(done, total, progress);
  assert.equal((await p.locator(".page-head [data-next]").textContent()).trim(), "学习路径已完成。");
  assert.equal(await p.locator("#pb-certificate").isVisible(), true);
  await p.locator("#pb-learner").fill("王小明");
  assert.equal(await p.locator("[data-learner]").textContent(), "王小明");
  assert.match(await p.locator("[data-results]").textContent(), /老板说太贵：?.*100%/);
  await p.reload();
  assert.equal(await p.locator("#pb-learner").inputValue(), "王小明", "the name is kept");
  await p.emulateMedia({ media: "print" });
  await p.evaluate(() => document.documentElement.classList.add("print-certificate"));
  assert.equal(await p.locator(".certificate-sheet").isVisible(), true);
  assert.equal(await p.locator("ol.steps").isHidden(), true, "only the certificate prints");
  assert.deepEqual(errors, []);
  await context.close();
});
