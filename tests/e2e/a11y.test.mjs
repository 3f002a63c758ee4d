// Accessibility of the training pages with axe-core, in a real browser from file://, in the light and the dark
// colour scheme: no critical or serious violation on a learning path, the list of paths, the drill (with a
// card turned over) and a role-play (with feedback shown), in English and Chinese.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { exampleSites, fresh as open } from "./setup.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const sites = exampleSites("a11y");
const fresh = (dir, page, options) => open(sites.browser, dir, page, options);

/** The critical and serious violations axe finds on the page as it is now. */
async function violations(p) {
  await p.addScriptTag({ path: axePath });
  const result = await p.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  }));
  return result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

/** What to do on a page before it is checked, so that its interactive states are checked too. */
const pages = [
  [sites.en, "paths/smb-first-week.html", async () => {}],
  [sites.en, "paths/index.html", async () => {}],
  [sites.en, "index.html", async () => {}],
  [sites.zh, "paths/电话销售新人五天.html", async () => {}],
  [sites.en, "drill.html", async (p) => { await p.keyboard.press("Space"); await p.locator("#pb-drill .back").waitFor(); }],
  [sites.zh, "drill.html", async (p) => { await p.keyboard.press("Space"); await p.locator("#pb-drill .back").waitFor(); }],
  [sites.en, "roleplays/smb-first-call.html", async (p) => {
    const quiz = JSON.parse(await p.locator("#pb-quiz-data").textContent());
    const first = p.locator(".question").nth(0);
    const wrong = (await first.locator("input[type=radio]").evaluateAll((rs) => rs.map((r) => Number(r.value))))
      .find((v) => !quiz.questions[0].correct.includes(v));
    await first.locator(`input[value="${wrong}"]`).check();
    await first.locator("[data-action=check]").click();
    await p.locator("[data-action=finish]").click();
  }],
  [sites.zh, "roleplays/老板说太贵.html", async () => {}],
];

for (const scheme of ["light", "dark"]) {
  for (const [dir, page, prepare] of pages) {
    test(`${page} (${dir === sites.en ? "en" : "zh"}, ${scheme}): no critical or serious axe violation`, async () => {
      const { p, context } = await fresh(dir, page, { colorScheme: scheme });
      await prepare(p);
      assert.deepEqual(await violations(p), []);
      await context.close();
    });
  }
}
