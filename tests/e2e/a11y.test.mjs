// Accessibility of the training pages with axe-core, in a real browser from file://, in the light and the dark
// colour scheme: no critical or serious violation on a learning path, the list of paths, the drill (with a
// card turned over) and a role-play (with feedback shown), in English and Chinese.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = process.env.PLAYBOOK_BIN || join(repo, "target/release/playbook");
const work = mkdtempSync(join(tmpdir(), "playbook-a11y-"));
const en = join(work, "en"), zh = join(work, "zh");
let browser;

before(async () => {
  execFileSync(bin, ["build", "--root", repo, "--output", en], { stdio: "pipe" });
  execFileSync(bin, ["build", "--root", join(repo, "examples/zh-CN"), "--output", zh], { stdio: "pipe" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

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
  [en, "paths/smb-first-week.html", async () => {}],
  [en, "paths/index.html", async () => {}],
  [en, "index.html", async () => {}],
  [zh, "paths/电话销售新人五天.html", async () => {}],
  [en, "drill.html", async (p) => { await p.keyboard.press("Space"); }],
  [zh, "drill.html", async (p) => { await p.keyboard.press("Space"); }],
  [en, "roleplays/smb-first-call.html", async (p) => {
    const quiz = JSON.parse(await p.locator("#pb-quiz-data").textContent());
    const first = p.locator(".question").nth(0);
    const wrong = (await first.locator("input[type=radio]").evaluateAll((rs) => rs.map((r) => Number(r.value))))
      .find((v) => !quiz.questions[0].correct.includes(v));
    await first.locator(`input[value="${wrong}"]`).check();
    await first.locator("[data-action=check]").click();
    await p.locator("[data-action=finish]").click();
  }],
  [zh, "roleplays/老板说太贵.html", async () => {}],
];

for (const scheme of ["light", "dark"]) {
  for (const [dir, page, prepare] of pages) {
    test(`${page} (${dir === en ? "en" : "zh"}, ${scheme}): no critical or serious axe violation`, async () => {
      const context = await browser.newContext({ colorScheme: scheme });
      const p = await context.newPage();
      await p.goto(pathToFileURL(join(dir, page)).href);
      await prepare(p);
      assert.deepEqual(await violations(p), []);
      await context.close();
    });
  }
}
