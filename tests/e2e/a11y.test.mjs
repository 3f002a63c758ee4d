// Accessibility with axe-core, in a real browser from file://, in the light and the dark colour scheme: no
// critical or serious violation on every page type of both examples (English and Chinese), each in the state a
// learner brings it to: the header search dropdown open (with results, and with none), the results page
// showing results, a quiz answered and finished, the objection finder filtered, a drill card turned over.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { launch } from "./browser.mjs";
import { bin, fresh as open, repo } from "./setup.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const fresh = (dir, page, options) => open(browser, dir, page, options);

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

/** Types `q` into the header search box and waits for its dropdown. */
async function openDropdown(p, q) {
  await p.locator("#pb-search-q").focus();
  await p.keyboard.type(q, { delay: 10 });
  await p.locator(".site-search .search-results:not([hidden]) [role=status], .site-search [role=status]")
    .first().waitFor({ state: "attached" });
  await p.waitForFunction(() => /\d/.test(document.querySelector(".site-search [role=status]")?.textContent || ""),
    null, { timeout: 10000 });
  await p.keyboard.press("ArrowDown");
}

/** Answers the first question of a role-play wrongly, checks it and finishes the quiz. */
async function answerQuiz(p) {
  const quiz = JSON.parse(await p.locator("#pb-quiz-data").textContent());
  const first = p.locator(".question").nth(0);
  const wrong = (await first.locator("input[type=radio]").evaluateAll((rs) => rs.map((r) => Number(r.value))))
    .find((v) => !quiz.questions[0].correct.includes(v));
  await first.locator(`input[value="${wrong}"]`).check();
  await first.locator("[data-action=check]").click();
  await p.locator("[data-action=finish]").click();
}

/** Every page type of a built site: the root pages, and each folder's index and first entry page. */
function pageTypes(dir) {
  const out = readdirSync(dir).filter((f) => f.endsWith(".html"));
  for (const sub of readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory() || ["assets", "search", "drill"].includes(sub.name)) continue;
    const files = readdirSync(join(dir, sub.name)).filter((f) => f.endsWith(".html")).sort();
    if (files.includes("index.html")) out.push(`${sub.name}/index.html`);
    const entry = files.find((f) => f !== "index.html" && !f.endsWith("-review.html"));
    if (entry) out.push(`${sub.name}/${entry}`);
    const review = files.find((f) => f.endsWith("-review.html"));
    if (review) out.push(`${sub.name}/${review}`);
  }
  return out;
}

/** What to do on a page of a type before it is checked, so that its interactive states are checked too. */
function prepare(page, lang) {
  const word = lang === "en" ? "budget" : "太贵";
  if (page === "search.html") {
    return async (p, dir) => {
      await p.goto(pathToFileURL(join(dir, page)).href + "?q=" + encodeURIComponent(word));
      await p.locator("#search-page-results .search-page-hit").first().waitFor({ timeout: 10000 });
    };
  }
  if (page === "index.html") return (p) => openDropdown(p, word);
  if (page === "404.html") return (p) => openDropdown(p, "xqzvw");
  if (page === "drill.html") {
    return async (p) => { await p.keyboard.press("Space"); await p.locator("#pb-drill .back").waitFor(); };
  }
  if (page === "objections/index.html") {
    return async (p) => {
      const q = p.locator("#pb-finder-q");
      if (await q.count()) { await q.fill(word); await q.dispatchEvent("input"); }
    };
  }
  if (/^objections\/./.test(page)) return (p) => openDropdown(p, lang === "en" ? "pricng" : "价格");
  if (/^roleplays\/(?!index)/.test(page)) return answerQuiz;
  return async () => {};
}

// The sites are built when the file loads (not in `before`), because the tests are made from their listing.
const work = mkdtempSync(join(tmpdir(), "playbook-a11y-"));
const examples = [["en", join(work, "en"), repo], ["zh", join(work, "zh"), join(repo, "examples/zh-CN")]];
const listing = {};
for (const [lang, out, root] of examples) {
  execFileSync(bin, ["build", "--root", root, "--output", out], { stdio: "pipe" });
  listing[lang] = pageTypes(out);
}
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); rmSync(work, { recursive: true, force: true }); });

test("every page type is checked", () => {
  for (const lang of ["en", "zh"]) {
    for (const page of ["index.html", "search.html", "coverage.html", "changes.html", "drill.html", "404.html",
      "objections/index.html", "roleplays/index.html", "paths/index.html", "segments/index.html", "personas/index.html",
      "selling-points/index.html"]) {
      assert.ok(listing[lang].includes(page), `${lang}: ${page}`);
    }
    for (const dir of ["objections", "roleplays", "paths", "segments", "personas", "selling-points", "stages", "motions"]) {
      assert.ok(listing[lang].some((p) => p.startsWith(dir + "/") && !p.endsWith("index.html")), `${lang}: an entry of ${dir}`);
    }
  }
});

for (const scheme of ["light", "dark"]) {
  for (const [lang, dir] of examples) {
    for (const page of listing[lang]) {
      test(`${page} (${lang}, ${scheme}): no critical or serious axe violation`, async () => {
        const { p, errors, context } = await fresh(dir, page, { colorScheme: scheme });
        await prepare(page, lang)(p, dir);
        assert.deepEqual(await violations(p), []);
        assert.deepEqual(errors, [], "no script errors");
        await context.close();
      });
    }
  }
}
