// Shared by the end-to-end tests: build both example sites into a temporary folder before a test file runs,
// launch Chromium, and open pages in fresh browser contexts (each its own localStorage).
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "./browser.mjs";

export const repo = fileURLToPath(new URL("../../", import.meta.url));
export const bin = process.env.PLAYBOOK_BIN || join(repo, "target/release/playbook");

/** The two example sites, built once for the calling test file: `en`, `zh`, the temporary `work` folder and the
    browser (set once `before` has run). */
export function exampleSites(name) {
  const work = mkdtempSync(join(tmpdir(), `playbook-${name}-`));
  const sites = { work, en: join(work, "en"), zh: join(work, "zh"), browser: null };
  before(async () => {
    execFileSync(bin, ["build", "--root", repo, "--output", sites.en], { stdio: "pipe" });
    execFileSync(bin, ["build", "--root", join(repo, "examples/zh-CN"), "--output", sites.zh], { stdio: "pipe" });
    sites.browser = await launch();
  });
  after(async () => {
    await sites.browser?.close();
    rmSync(work, { recursive: true, force: true });
  });
  return sites;
}

/** `page` of the site in `dir`, in a fresh browser context, with its script errors collected in `errors`. */
export async function fresh(browser, dir, page, options = {}) {
  const context = await browser.newContext(options);
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await p.goto(pathToFileURL(join(dir, page)).href);
  return { p, errors, context };
}

/** The bench generator's playbook of 10,000 entries: the folder tests/browser.rs generated and passes in
    PLAYBOOK_CORPUS, or, for a test file run alone, one generated into `work` with target/release/playbook-bench. */
export function largeCorpus(work) {
  if (process.env.PLAYBOOK_CORPUS) return process.env.PLAYBOOK_CORPUS;
  const corpus = join(work, "corpus");
  const gen = join(repo, "target/release/playbook-bench");
  assert.ok(existsSync(gen), "set PLAYBOOK_CORPUS or run `cargo build --release -p playbook-bench`");
  execFileSync(gen, ["gen-corpus", "--out", corpus, "--entries", "10000"], { stdio: "pipe" });
  return corpus;
}

/** Every objection file of a generated playbook under `dir`: its id (the file name), the stages its front matter
    names, and its words and first other phrasing (a drill card's front). */
export function corpusObjections(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { out.push(...corpusObjections(path)); continue; }
    if (!name.endsWith(".md")) continue;
    const text = readFileSync(path, "utf8");
    const stages = /^stages: \[(.*)\]$/m.exec(text);
    out.push({
      id: name.slice(0, -3),
      stages: stages ? stages[1].split(",").map((s) => s.trim()).filter(Boolean) : [],
      words: /^objection: "(.*)"$/m.exec(text)?.[1],
      alias: /^aliases:\n  - "(.*)"$/m.exec(text)?.[1],
    });
  }
  return out;
}
