// Shared by the end-to-end tests: build both example sites into a temporary folder before a test file runs,
// launch Chromium, and open pages in fresh browser contexts (each its own localStorage).
import { before, after } from "node:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
