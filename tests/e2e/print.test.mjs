// Printing, in Chromium's PDF output from file://: every objection (its battle card) of both examples prints on
// one A4 page and on one Letter page, and a role-play question is never cut across two pages.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { exampleSites, fresh as open } from "./setup.mjs";

const sites = exampleSites("print");

/** The number of pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
const pageCount = (pdf) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) || []).length;

for (const lang of ["en", "zh"]) {
  test(`every objection of the ${lang} example prints on one A4 page and one Letter page`, async () => {
    const dir = join(sites[lang], "objections");
    const files = readdirSync(dir).filter((f) => f.endsWith(".html") && f !== "index.html");
    assert.ok(files.length >= 5, `${files.length} objections`);
    const context = await sites.browser.newContext();
    const p = await context.newPage(), long = [];
    for (const f of files) {
      await p.goto(pathToFileURL(join(dir, f)).href);
      for (const format of ["A4", "Letter"]) {
        const n = pageCount(await p.pdf({ format }));
        assert.ok(n >= 1, `${f} printed no page`);
        if (n !== 1) long.push(`${f} (${format}): ${n} pages`);
      }
    }
    assert.deepEqual(long, []);
    await context.close();
  });
}

test("role-play questions and their choices are not split across printed pages", async () => {
  const { p, context } = await open(sites.browser, sites.en, "roleplays/smb-first-call.html");
  await p.emulateMedia({ media: "print" });
  const breaks = await p.locator(".question, .choice").evaluateAll((es) => es.map((e) => getComputedStyle(e).breakInside));
  assert.ok(breaks.length > 1);
  assert.deepEqual([...new Set(breaks)], ["avoid"]);
  await context.close();
});
