// The motion pages in a real browser, from file://: the calculator filled in by ?target=…&deal=…, every row
// read and compared with `playbook funnel` and with numbers worked by hand; the table without JavaScript; the
// deal review sheet judging which stage the ticked facts support, and keeping them per deal name.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = process.env.PLAYBOOK_BIN || join(repo, "target/release/playbook");
const work = mkdtempSync(join(tmpdir(), "playbook-funnel-e2e-"));
const en = join(work, "en"), zh = join(work, "zh");
const zhRoot = join(repo, "examples/zh-CN");
let browser;

before(async () => {
  execFileSync(bin, ["build", "--root", repo, "--output", en], { stdio: "inherit" });
  execFileSync(bin, ["build", "--root", zhRoot, "--output", zh], { stdio: "inherit" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(dir, page, query = "", options = {}) {
  const context = await browser.newContext(options);
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await p.goto(pathToFileURL(join(dir, page)).href + query);
  return { p, errors, context };
}

// Every row of the calculator's table: stage id → the number in its <output>.
async function rows(p) {
  return p.$$eval("#pb-funnel-table tr[data-stage]", (trs) =>
    trs.map((tr) => [tr.getAttribute("data-stage"), tr.querySelector("output").textContent.trim()]));
}

// What `playbook funnel` prints for the same question, as [stage id, need] rows.
function cli(root, motion, target, deal) {
  const args = ["funnel", "--root", root, "--motion", motion, "--target", target, "--format", "json"];
  if (deal) args.push("--deal", deal);
  const plan = JSON.parse(execFileSync(bin, args, { encoding: "utf8" }));
  return plan.stages.map((s) => [s.id, String(s.need)]);
}

test("?target=…&deal=… fills the calculator, and every row is what `playbook funnel` prints", async () => {
  const { p, errors, context } = await open(en, "motions/new-business.html", "?target=1000000&deal=50000");
  assert.equal(await p.inputValue("#pb-target"), "1000000");
  assert.equal(await p.inputValue("#pb-deal"), "50000");
  const got = await rows(p);
  // 20 won; ÷0.45 → 45; ÷0.6 → 75; ÷0.5 → 150; ÷0.7 → 215 (214.3); ÷0.4 → 538 (537.5).
  assert.deepEqual(got, [
    ["relationship-established", "538"], ["meeting-booked", "215"], ["visit-done", "150"],
    ["solution-agreed", "75"], ["proposal-sent", "45"], ["won", "20"],
  ]);
  assert.deepEqual(got, cli(repo, "new-business", "1000000", "50000"));
  assert.match(await p.textContent("#pb-calc-note"), /20 deals to win/);
  assert.deepEqual(errors, [], "no script errors");
  await context.close();
});

test("the Chinese example's six stages, at the motion's own deal size", async () => {
  const { p, errors, context } = await open(zh, "motions/new-business.html", "?target=3600000");
  const got = await rows(p);
  // 36,000 CNY a deal: 100 won; ÷0.5 → 200; ÷0.65 → 308; ÷0.55 → 560; ÷0.6 → 934; ÷0.3 → 3114.
  assert.deepEqual(got.map((r) => r[1]), ["3114", "934", "560", "308", "200", "100"]);
  assert.deepEqual(got.map((r) => r[0]), ["建立关系", "预约拜访", "拜访完成", "解决方案认同", "采购提案发送", "成单"]);
  assert.deepEqual(got, cli(zhRoot, "new-business", "3600000"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a decimal target and a typed change give the same numbers as the CLI; nonsense gives none", async () => {
  const { p, errors, context } = await open(en, "motions/renewal.html", "?target=999999.99&deal=15000");
  assert.deepEqual(await rows(p), cli(repo, "renewal", "999999.99", "15000"));
  await p.fill("#pb-target", "4500000");
  assert.deepEqual(await rows(p), cli(repo, "renewal", "4500000", "15000"));
  // 300 renewals; ÷0.9 → 334 (333.3); ÷0.85 → 393 (392.9).
  assert.deepEqual((await rows(p)).map((r) => r[1]), ["393", "334", "300"]);
  await p.fill("#pb-deal", "lots");
  assert.deepEqual((await rows(p)).map((r) => r[1]), ["—", "—", "—"]);
  assert.match(await p.textContent("#pb-calc-note"), /positive numbers/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("without JavaScript the table shows ten deals at the motion's deal size", async () => {
  const { p, context } = await open(en, "motions/new-business.html", "?target=1000000&deal=50000", { javaScriptEnabled: false });
  // The query is ignored: 10 won at 12,000 USD is a target of 120,000.
  const got = await rows(p);
  assert.deepEqual(got, cli(repo, "new-business", "120000"));
  assert.deepEqual(got.map((r) => r[1]), ["280", "112", "78", "39", "23", "10"]);
  assert.match(await p.textContent("#pb-calc-note"), /Target 120000 USD at a deal size of 12000 USD: 10 deals to win/);
  await context.close();
});

test("the review sheet says which stage the facts support, and keeps them per deal name", async () => {
  const { p, errors, context } = await open(en, "motions/new-business-review.html");
  const status = () => p.textContent("#pb-review-status");
  assert.match(await status(), /do not support the first stage/);
  await p.fill("#pb-deal-name", "Acme");
  await p.press("#pb-deal-name", "Tab");
  const first = p.locator('.review-stage[data-stage="relationship-established"] [data-criterion]');
  const count = await first.count();
  assert.ok(count > 0);
  for (let i = 0; i < count; i++) await first.nth(i).check();
  const second = p.locator('.review-stage[data-stage="meeting-booked"] [data-criterion]');
  await second.nth(0).check();
  const text = await status();
  assert.match(text, /support stage 1 of 6: Relationship established\./);
  const open2 = await second.nth(1).evaluate((b) => b.nextElementSibling.textContent.trim());
  assert.ok(text.includes("Missing for stage 2: " + open2), text);
  await p.fill('.review-stage[data-stage="meeting-booked"] textarea', "Invite accepted by the CFO.");

  // Another deal starts blank; coming back to Acme brings its ticks and notes back, after a reload too.
  await p.fill("#pb-deal-name", "Globex");
  await p.press("#pb-deal-name", "Tab");
  assert.equal(await first.nth(0).isChecked(), false);
  assert.match(await status(), /do not support the first stage/);
  await p.reload();
  await p.fill("#pb-deal-name", "Acme");
  await p.press("#pb-deal-name", "Tab");
  assert.equal(await first.nth(count - 1).isChecked(), true);
  assert.equal(await second.nth(0).isChecked(), true);
  assert.equal(await p.inputValue('.review-stage[data-stage="meeting-booked"] textarea'), "Invite accepted by the CFO.");
  assert.match(await status(), /support stage 1 of 6/);
  assert.deepEqual(errors, []);
  await context.close();
});
