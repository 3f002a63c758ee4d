// "Updated" badges in a real browser from file://: the learner opens the site, an entry changes and the
// site is rebuilt into the same folder; a reload shows the entry's badge in the lists that link to it, on
// its learning path and in the overview's count; a studied entry that changed is flagged to study again;
// opening the entry's page clears its badge.
// Run: node --test tests/e2e/updates.test.mjs   (after `cargo build --release`; PLAYBOOK_BIN overrides)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = process.env.PLAYBOOK_BIN || join(repo, "target/release/playbook");
const work = mkdtempSync(join(tmpdir(), "playbook-updates-"));
const src = join(work, "src"), out = join(work, "out");
let browser;

function build() {
  execFileSync(bin, ["build", "--root", src, "--output", out], { stdio: "pipe" });
}

before(async () => {
  // A copy of the English example, so that an entry can be edited.
  for (const part of ["playbook.yaml", "content", "static"]) {
    if (existsSync(join(repo, part))) cpSync(join(repo, part), join(src, part), { recursive: true });
  }
  build();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

const url = (page) => pathToFileURL(join(out, page)).href;

test("after a rebuild with one changed entry, a reload shows its badge and the overview's count", async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));

  // First visit: nothing is "updated".
  await p.goto(url("index.html"));
  assert.equal(await p.locator("[data-updates]").isHidden(), true);
  await p.goto(url("segments/index.html"));
  assert.equal(await p.locator(".badge-updated").count(), 0);
  // Study the segment, before it changes.
  await p.goto(url("segments/smb.html"));
  await p.locator("[data-study] button").click();

  appendFileSync(join(src, "content/segments/smb.md"), "\nThey also buy from resellers.\n");
  build();

  await p.goto(url("index.html"));
  await p.reload();
  assert.equal((await p.locator("[data-updates]").textContent()).trim(), "1 update since your last visit");
  await p.goto(url("segments/index.html"));
  const badges = p.locator(".badge-updated");
  assert.equal(await badges.count(), 1);
  assert.equal(await p.locator('a[href$="segments/smb.html"] .badge-updated').count(), 1, "the badge is on the changed entry");
  await p.goto(url("paths/smb-first-week.html"));
  assert.equal(await p.locator('[data-item="segment/smb"] .badge-updated').count(), 1);
  assert.equal(await p.locator('[data-item="segment/smb"] .badge-restudy').count(), 1, "studied, then changed");
  assert.equal(await p.locator('[data-item="segment/family"] .badge').count(), 0);

  // Opening the entry clears its "Updated" badge (but it stays flagged until studied again).
  await p.goto(url("segments/smb.html"));
  assert.equal(await p.locator("[data-study] .badge-restudy").count(), 1);
  await p.goto(url("index.html"));
  assert.equal(await p.locator("[data-updates]").isHidden(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

// The bench generator's playbook of 10,000 entries (PLAYBOOK_CORPUS, from tests/browser.rs): a page loads only the
// versions shards of what it links to, and the badge still appears on the changed entry's link.
test("at 10,000 entries a list loads a bounded part of the versions and badges the changed entry", async () => {
  const big = join(work, "big"), site = join(work, "big-site");
  if (process.env.PLAYBOOK_CORPUS) {
    cpSync(process.env.PLAYBOOK_CORPUS, big, { recursive: true });
  } else {
    const gen = join(repo, "target/release/playbook-bench");
    assert.ok(existsSync(gen), "set PLAYBOOK_CORPUS or run `cargo build --release -p playbook-bench`");
    execFileSync(gen, ["gen-corpus", "--out", big, "--entries", "10000"], { stdio: "pipe" });
  }
  const rebuild = () => execFileSync(bin, ["build", "--root", big, "--output", site], { stdio: "pipe" });
  rebuild();
  const page = (p) => pathToFileURL(join(site, p)).href;
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors = [], shards = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("request", (r) => { if (/\/versions\//.test(r.url())) shards.push(r.url()); });
  await p.goto(page("segments/index.html"));
  const links = await p.locator("main a[href^='../segments/segment-']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.length >= 20, `${links.length} segment links`);
  assert.ok(shards.length > 0 && shards.length <= links.length, `${shards.length} versions shards for ${links.length} links`);
  assert.equal(await p.locator(".badge-updated").count(), 0);

  // The first segment listed changes.
  const href = links[0];
  const name = href.replace(/^.*\//, "").replace(/\.html$/, ".md");
  const file = readdirSync(join(big, "content/segments"), { recursive: true })
    .map((f) => join(big, "content/segments", f)).find((f) => f.endsWith(`/${name}`));
  assert.ok(file && existsSync(file), name);
  appendFileSync(file, "\nThey also buy from resellers.\n");
  rebuild();
  await p.goto(page("segments/index.html"));
  assert.equal(await p.locator(".badge-updated").count(), 1);
  assert.equal(await p.locator(`main a[href="${href}"] .badge-updated`).count(), 1, "the badge is on the changed entry");
  await p.goto(page("index.html"));
  assert.equal((await p.locator("[data-updates]").textContent()).trim(), "1 update since your last visit");
  assert.deepEqual(errors, []);
  await context.close();
});
