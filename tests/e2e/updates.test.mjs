// "Updated" badges in a real browser from file://: the learner opens the site, an entry changes and the
// site is rebuilt into the same folder; a reload shows the entry's badge in the lists that link to it, on
// its learning path and in the overview's count; a studied entry that changed is flagged to study again;
// opening the entry's page clears its badge.
// Run: node --test tests/e2e/updates.test.mjs   (after `cargo build --release`; PLAYBOOK_BIN overrides)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
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
