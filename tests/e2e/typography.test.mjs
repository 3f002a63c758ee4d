// Chinese typography in the browser, from file://: a line break inside a Chinese paragraph of the Markdown
// source is not shown as a space, the Chinese UI uses full-width punctuation (no "目标:" or "(80%)"), and
// emphasis in Chinese pages is upright with emphasis marks instead of slanted Han.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { exampleSites, fresh as open } from "./setup.mjs";

const sites = exampleSites("typography");
const fresh = (dir, page, options) => open(sites.browser, dir, page, options);
const CJK = "\\u3000-\\u303f\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff00-\\uffef";

function pages(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith(".html")) out.push(relative(dir, join(e.parentPath ?? e.path, e.name)));
  }
  return out.sort();
}

/** The visible text nodes of the page that match `source` (a regular expression), with some context. */
function matching(p, source) {
  return p.evaluate((source) => {
    const re = new RegExp(source, "u"), out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.parentElement.closest("script, style, pre, code")) continue;
      const m = re.exec(n.data);
      if (m) out.push(JSON.stringify(n.data.slice(Math.max(0, m.index - 8), m.index + m[0].length + 8)));
    }
    return out;
  }, source);
}

test("no page of the Chinese example shows a source line break between two CJK characters", async () => {
  const context = await sites.browser.newContext();
  const p = await context.newPage(), found = [];
  for (const page of pages(sites.zh)) {
    await p.goto(pathToFileURL(join(sites.zh, page)).href);
    for (const m of await matching(p, `[${CJK}][ \\t]*\\n\\s*[${CJK}]`)) found.push(`${page}: ${m}`);
  }
  assert.deepEqual(found, []);
  await context.close();
});

test("the Chinese UI puts no ASCII colon or parenthesis next to Chinese text", async () => {
  const context = await sites.browser.newContext();
  const p = await context.newPage(), found = [];
  for (const page of pages(sites.zh)) {
    await p.goto(pathToFileURL(join(sites.zh, page)).href);
    for (const m of await matching(p, `[${CJK}][:(]|\\)[${CJK}]|[${CJK}] \\(`)) found.push(`${page}: ${m}`);
  }
  assert.deepEqual(found, []);
  await context.close();
});

test("a Chinese quiz score reads 得分：N%——…（80%）", async () => {
  const { p, errors, context } = await fresh(sites.zh, "roleplays/老板说太贵.html");
  const quiz = JSON.parse(await p.locator("#pb-quiz-data").textContent());
  for (let i = 0; i < quiz.questions.length; i++) {
    const q = p.locator(".question").nth(i);
    if (await q.locator("input[type=radio]").count()) await q.locator("input[type=radio]").first().check();
    else if (await q.locator("textarea").count()) await q.locator("textarea").fill("先确认预算，再谈价值。");
    const check = q.locator("[data-action=check]"), reveal = q.locator("[data-action=reveal]");
    if (await check.isVisible()) await check.click();
    if (await reveal.isVisible()) {
      await reveal.click();
      const ticks = q.locator("[data-rubric]");
      for (let k = 0; k < (await ticks.count()); k++) await ticks.nth(k).check();
    }
  }
  await p.locator("[data-action=finish]").click();
  const score = p.locator("#pb-quiz-result");
  await score.waitFor({ timeout: 5000 });
  assert.match((await score.textContent()).trim(), /^得分：\d+%——(已通过|尚未通过)（\d+%）$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("emphasis is upright with emphasis marks in Chinese pages", async () => {
  const zh = await fresh(sites.zh, "objections/价格太贵.html");
  const em = zh.p.locator("main em").first();
  const style = await em.evaluate((e) => [getComputedStyle(e).fontStyle, getComputedStyle(e).textEmphasisStyle]);
  assert.equal(style[0], "normal");
  assert.notEqual(style[1], "none");
  await zh.context.close();
});
