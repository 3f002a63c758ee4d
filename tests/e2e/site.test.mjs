// The generated site in a real browser, opened from file:// as a new hire would open a zip:
// search in English and Chinese, open the result with Enter, and score a role-play.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = process.env.PLAYBOOK_BIN || join(repo, "target/release/playbook");
const work = mkdtempSync(join(tmpdir(), "playbook-e2e-"));
const en = join(work, "en"), zh = join(work, "zh");
let browser;

before(async () => {
  execFileSync(bin, ["build", "--root", repo, "--output", en], { stdio: "inherit" });
  execFileSync(bin, ["build", "--root", join(repo, "examples/zh-CN"), "--output", zh], { stdio: "inherit" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(dir, page, query = "") {
  const p = await browser.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await p.goto(pathToFileURL(join(dir, page)).href + query);
  return { p, errors };
}

async function searchAndOpen(dir, query) {
  const { p, errors } = await open(dir, "index.html");
  await p.keyboard.press("/");
  assert.equal(await p.evaluate(() => document.activeElement?.id), "pb-search-q", "/ focuses the search box");
  await p.keyboard.type(query, { delay: 30 });
  const first = p.locator("#pb-search-q-results .search-hit").first();
  await first.waitFor({ timeout: 10000 });
  const firstTitle = (await first.locator(".search-title").textContent()).trim();
  const marked = await first.locator("mark").count();
  await p.keyboard.press("ArrowDown");
  assert.equal(await first.getAttribute("aria-selected"), "true", "arrow keys select results");
  await Promise.all([p.waitForNavigation(), p.keyboard.press("Enter")]);
  const heading = (await p.locator("h1").first().textContent()).trim();
  assert.deepEqual(errors, [], "no script errors");
  await p.close();
  return { firstTitle, marked, url: p.url(), heading };
}

test("an English query finds the objection first, and Enter opens it", async () => {
  const r = await searchAndOpen(en, "too expens");
  assert.equal(r.firstTitle, "It's too expensive.");
  assert.ok(r.marked > 0, "the matched words are highlighted");
  assert.match(r.url, /objections\/too-expensive\.html$/);
  assert.match(r.heading, /too expensive/);
});

test("an alias phrasing finds its objection first", async () => {
  const r = await searchAndOpen(en, "way over our budget");
  assert.equal(r.firstTitle, "It's too expensive.");
});

test("a Chinese query finds the objection first, from file://", async () => {
  const r = await searchAndOpen(zh, "太贵");
  assert.equal(r.firstTitle, "太贵了。");
  assert.match(decodeURIComponent(r.url), /objections\/价格太贵\.html$/);
});

test("the results page lists results for a query in the URL", async () => {
  const { p, errors } = await open(en, "search.html", "?q=microsoft");
  await p.locator("#search-page-results .search-page-hit").first().waitFor({ timeout: 10000 });
  const titles = await p.locator("#search-page-results .search-title").allTextContents();
  assert.ok(titles.some((t) => /Microsoft/.test(t)), titles.join(" | "));
  assert.match(await p.locator("#search-status").textContent(), /results/);
  assert.deepEqual(errors, []);
  await p.close();
});

// When the start of the answer holds a match, the excerpt is that start; otherwise it is the passage around the
// match (tests/e2e/search_engine.test.mjs). These queries match the first sentence of the "too expensive" answers.
test("a search result shows the excerpt the objection finder shows of the same objection", async () => {
  for (const [dir, query] of [[en, "hold things up later"], [zh, "说清楚"]]) {
    const search = await open(dir, "search.html", "?q=" + encodeURIComponent(query));
    const hit = search.p.locator("#search-page-results .search-page-hit a").first();
    await hit.waitFor({ timeout: 10000 });
    const href = await hit.getAttribute("href");
    const shown = await hit.locator(".search-excerpt").textContent();
    assert.deepEqual(search.errors, [], "no script errors");
    await search.p.close();
    const finder = await open(dir, "objections/index.html");
    const item = finder.p.locator(`#pb-finder-list li:has(a[href="../${href}"]) .excerpt`);
    const listed = await item.textContent();
    await finder.p.close();
    assert.match(href, /^objections\//, href);
    assert.ok(listed.length > 40, listed);
    assert.equal(shown, listed, href);
  }
});

test("results are grouped under the kinds' names, objections first", async () => {
  for (const [dir, query, first] of [[en, "price", "Objections"], [zh, "价格", "异议"]]) {
    const { p, errors } = await open(dir, "search.html", "?q=" + encodeURIComponent(query));
    await p.locator("#search-page-results .search-page-hit").first().waitFor({ timeout: 10000 });
    const groups = (await p.locator("#search-page-results .search-group").allTextContents()).map((t) => t.trim());
    // The kind numbers of the index are read through the manifest's kind table: a wrong or missing table
    // shows another kind's name, or none.
    assert.equal(groups[0], first, groups.join(" | "));
    assert.ok(groups.length > 1, "more than one kind matches: " + groups.join(" | "));
    assert.equal(new Set(groups).size, groups.length, "each kind is one group: " + groups.join(" | "));
    assert.deepEqual(errors, []);
    await p.close();
  }
});

test("a role-play scores the answers against the pass mark", async () => {
  const { p, errors } = await open(en, "roleplays/smb-first-call.html");
  const quiz = JSON.parse(await p.locator("#pb-quiz-data").textContent());
  const sections = p.locator(".question");
  const n = await sections.count();
  assert.equal(n, quiz.questions.length);
  // Every choice question right except the first one answered wrong; free-text: tick half the rubric.
  let points = 0, wrongGiven = false;
  for (let i = 0; i < n; i++) {
    const s = sections.nth(i), key = quiz.questions[i];
    if ((await s.getAttribute("data-kind")) === "choice") {
      const radios = s.locator("input[type=radio]");
      const count = await radios.count();
      let pick = key.correct[0];
      if (!wrongGiven) { pick = [...Array(count).keys()].find((k) => !key.correct.includes(k)); wrongGiven = true; }
      else points += 1;
      // Choices are shuffled: a choice is found by its value (its place in the file), not its place on the page.
      await s.locator(`label[for="${await s.locator(`input[value="${pick}"]`).getAttribute("id")}"]`).click();
      await s.locator("[data-action=check]").click();
      await s.locator(".feedback strong").first().waitFor();
    } else {
      await s.locator("textarea").fill("I understand. Attacks are automated, so size does not protect you.");
      await s.locator("[data-action=reveal]").click();
      const ticks = s.locator("[data-rubric]");
      const total = await ticks.count(), half = Math.floor(total / 2);
      for (let k = 0; k < half; k++) await ticks.nth(k).check();
      points += half / total;
    }
  }
  await p.locator("[data-action=finish]").click();
  const expected = Math.round((100 * points) / n);
  const text = await p.locator("#pb-quiz-result").textContent();
  assert.match(text, new RegExp(`Score: ${expected}%`));
  assert.match(text, expected >= quiz.pass ? /Passed/ : /Not passed/);
  // The best score is kept in localStorage and shown on the role-play index.
  await p.goto(new URL("index.html", p.url()).href);
  const progress = await p.locator("[data-progress]").allTextContents();
  assert.ok(progress.some((t) => t.includes(`${expected}%`)), progress.join(" | "));
  assert.deepEqual(errors, []);
  await p.close();
});

test("script in a role-play's Markdown never runs, shown on the page or by quiz.js", async () => {
  // Each field has an image that fails to load and whose handler, if it ran, would open a dialog.
  const img = (n) => `<img src=missing-${n}.png onerror=alert(${n})>`;
  const src = join(work, "xss"), out = join(work, "xss-site");
  mkdirSync(join(src, "content/roleplays"), { recursive: true });
  writeFileSync(join(src, "playbook.yaml"), "title: XSS\n");
  writeFileSync(join(src, "content/roleplays/drill.md"), [
    "---",
    "title: Drill",
    `scenario: "Scene ${img(1)}"`,
    "questions:",
    `  - prompt: "Pick ${img(2)}"`,
    `    explanation: "Why ${img(3)}"`,
    "    choices:",
    `      - {text: A, correct: true, feedback: "Right ${img(4)}"}`,
    "      - {text: B}",
    "  - prompt: Say it",
    "    model_answer: |",
    `      Like this ${img(5)}`,
    "---",
    "",
  ].join("\n"));
  execFileSync(bin, ["build", "--root", src, "--output", out], { stdio: "pipe" }); // warns: unsafe-html
  const p = await browser.newPage();
  const dialogs = [];
  p.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await p.goto(pathToFileURL(join(out, "roleplays/drill.html")).href);
  const sections = p.locator(".question");
  // Choice A (value 0) has the feedback with the image: choices are shuffled, so it is picked by its value.
  await sections.nth(0).locator(`input[value="0"]`).check();
  await sections.nth(0).locator("[data-action=check]").click();
  await sections.nth(1).locator("textarea").fill("Like that");
  await sections.nth(1).locator("[data-action=reveal]").click();
  // Every image is in the page (quiz.js put in the feedback, explanation and model answer) and has failed
  // to load, so a handler would have run by now.
  await p.waitForFunction(() => {
    const imgs = [...document.images].filter((i) => i.getAttribute("src")?.startsWith("missing-"));
    return imgs.length === 5 && imgs.every((i) => i.complete);
  });
  await p.evaluate(() => new Promise((r) => setTimeout(r, 100)));
  assert.deepEqual(dialogs, []);
  assert.equal(await p.locator("img[onerror]").count(), 0);
  await p.close();
});
