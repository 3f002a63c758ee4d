// A public build in the browser: a search for a word only an internal entry has finds nothing, while the
// internal build of the same tree finds it (the index stores hashed terms and bigrams, so grepping its
// files for the word proves nothing: only a search does).
// Run: node --test tests/e2e/audience.test.mjs   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
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
const work = mkdtempSync(join(tmpdir(), "playbook-e2e-audience-"));
const roots = { en: repo, zh: join(repo, "examples/zh-CN") };
let browser;

before(async () => {
  for (const [name, root] of Object.entries(roots)) {
    for (const audience of ["public", "internal"]) {
      execFileSync(bin, ["build", "--root", root, "--audience", audience, "--output", join(work, `${name}-${audience}`)], { stdio: "inherit" });
    }
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/// The number of results search.html shows for `q`, once it has searched.
async function results(site, q) {
  const p = await browser.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  await p.goto(pathToFileURL(join(work, site, "search.html")).href + "?q=" + encodeURIComponent(q));
  const status = p.locator("#search-status");
  await p.waitForFunction(() => /\d/.test(document.getElementById("search-status")?.textContent || ""), null, { timeout: 10000 });
  const text = await status.textContent();
  const hits = await p.locator("#search-page-results .search-page-hit").count();
  assert.deepEqual(errors, [], "no script errors");
  await p.close();
  return { n: Number(text.match(/\d+/)[0]), hits };
}

// Words of internal entries only: the scenario of the renewal role-play (en), an alias of the internal
// objection of a multi-entry file (en), the firm of the internal role-play (zh, bigram).
for (const [name, q] of [["en", "Almeida"], ["en", "ain't"], ["zh", "恒达"]]) {
  test(`a search for “${q}” finds it in the internal build of ${name} and nothing in the public one`, async () => {
    const internal = await results(`${name}-internal`, q);
    assert.ok(internal.n > 0 && internal.hits > 0, `internal: ${JSON.stringify(internal)}`);
    const shown = await results(`${name}-public`, q);
    assert.deepEqual(shown, { n: 0, hits: 0 });
  });
}
