// The search UI as a keyboard and screen-reader user meets it, from file://: the results page is a list of
// links that arrow keys walk; the header dropdown is an ARIA combobox whose listbox holds options (no links),
// Enter opens the selected option or, with none selected, the results page; the count is announced in a live
// region; a query without results suggests an indexed word and links the objection finder; the overview's two
// search landmarks have different names.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { exampleSites, fresh as open } from "./setup.mjs";

const sites = exampleSites("search-ui");
/** `page` (with an optional `?query`) of the site in `dir`, in a fresh context. */
async function fresh(dir, page, options) {
  const [path, query] = page.split("?");
  const r = await open(sites.browser, dir, path, options);
  if (query !== undefined) await r.p.goto(pathToFileURL(join(dir, path)).href + "?" + query);
  return r;
}

/** Presses Tab until the element with `id` has the focus (at most 40 times). */
async function tabTo(p, id) {
  for (let i = 0; i < 40; i++) {
    await p.keyboard.press("Tab");
    if (await p.evaluate((id) => document.activeElement?.id === id, id)) return;
  }
  assert.fail(`Tab never reaches #${id}`);
}
const focused = (p) => p.evaluate(() => document.activeElement?.closest("a")?.getAttribute("href") || document.activeElement?.id);

test("keyboard only: type on search.html, arrow down to a result, Enter opens it", async () => {
  const { p, errors, context } = await fresh(sites.en, "search.html");
  await tabTo(p, "pb-search-page-q");
  await p.keyboard.type("too expensive", { delay: 20 });
  const links = p.locator("#search-page-results .search-page-hit a");
  await links.first().waitFor({ timeout: 10000 });
  assert.ok(await links.count() >= 2, "the query finds several results");
  const first = await links.nth(0).getAttribute("href"), second = await links.nth(1).getAttribute("href");
  await p.keyboard.press("ArrowDown");
  assert.equal(await focused(p), first, "down from the box focuses the first result");
  await p.keyboard.press("ArrowDown");
  assert.equal(await focused(p), second, "down again focuses the second");
  await p.keyboard.press("ArrowUp");
  assert.equal(await focused(p), first, "up goes back");
  await p.keyboard.press("ArrowUp");
  assert.equal(await focused(p), "pb-search-page-q", "up from the first result returns to the box");
  await p.keyboard.press("ArrowDown");
  await Promise.all([p.waitForNavigation(), p.keyboard.press("Enter")]);
  assert.match(p.url(), /objections\/too-expensive\.html$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the results page links are in the Tab order and the count is in a live region", async () => {
  const { p, context } = await fresh(sites.en, "search.html?q=discount");
  await p.locator("#search-page-results .search-page-hit a").first().waitFor({ timeout: 10000 });
  const tabIndexes = await p.locator("#search-page-results a").evaluateAll((as) => as.map((a) => a.tabIndex));
  assert.ok(tabIndexes.every((t) => t === 0), `results are tabbable: ${tabIndexes}`);
  const status = p.locator("#search-status");
  assert.equal(await status.getAttribute("role"), "status");
  assert.match(await status.textContent(), /^\d+ results for “discount”$/);
  await context.close();
});

test("the dropdown is a combobox with a listbox of options, and Enter opens the selected option", async () => {
  const { p, errors, context } = await fresh(sites.en, "roleplays/index.html");
  const box = p.locator("#pb-search-q");
  await box.focus();
  await p.keyboard.type("budget", { delay: 20 });
  const options = p.locator("#pb-search-q-results [role=option]");
  await options.first().waitFor({ timeout: 10000 });
  assert.equal(await box.getAttribute("role"), "combobox");
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  const listbox = p.locator("#" + (await box.getAttribute("aria-controls")));
  assert.equal(await listbox.getAttribute("role"), "listbox");
  assert.equal(await listbox.locator("a, button, input, [tabindex]").count(), 0, "no interactive element inside the listbox");
  assert.ok(await listbox.locator(":scope > [role=group] > [role=option]").count() >= 1, "options sit in named groups");
  const status = p.locator(".site-search [role=status]");
  assert.match(await status.textContent(), /^\d+ results for “budget”$/, "the count is announced");
  await p.keyboard.press("ArrowDown");
  await p.keyboard.press("ArrowDown");
  const second = options.nth(1);
  assert.equal(await second.getAttribute("aria-selected"), "true");
  assert.equal(await box.getAttribute("aria-activedescendant"), await second.getAttribute("id"));
  const href = await second.getAttribute("data-href");
  await Promise.all([p.waitForNavigation(), p.keyboard.press("Enter")]);
  assert.ok(p.url().endsWith(href.replace(/^\.\.\//, "")), `${p.url()} is the selected option ${href}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Enter with no option selected opens the results page, not the first hit", async () => {
  const { p, context } = await fresh(sites.en, "index.html");
  await p.locator("#pb-search-q").focus();
  await p.keyboard.type("too expensive", { delay: 20 });
  await p.locator("#pb-search-q-results [role=option]").first().waitFor({ timeout: 10000 });
  await Promise.all([p.waitForNavigation(), p.keyboard.press("Enter")]);
  const url = new URL(p.url());
  assert.match(url.pathname, /\/search\.html$/);
  assert.equal(url.searchParams.get("q"), "too expensive");
  await p.locator("#search-page-results .search-page-hit").first().waitFor({ timeout: 10000 });
  await context.close();
});

for (const where of ["dropdown", "results page"]) {
  test(`no results (${where}): a suggested indexed word that finds something, and the objection finder`, async () => {
    const q = "pruxe"; // two edits from "price" (stem "pric"): beyond the engine's one-typo tolerance
    const { p, errors, context } = await fresh(sites.en, where === "dropdown" ? "index.html" : `search.html?q=${q}`);
    if (where === "dropdown") {
      await p.locator("#pb-search-q").focus();
      await p.keyboard.type(q, { delay: 20 });
    }
    const scope = p.locator(where === "dropdown" ? ".site-search .search-results" : "#search-page-results");
    const suggestion = scope.locator(".search-suggest a");
    await suggestion.waitFor({ timeout: 10000 });
    assert.match(await scope.locator(".search-none").textContent(), /No results/);
    assert.match(await suggestion.textContent(), /^pric/, "a word of the typo dictionary near “pruxe”");
    const finder = scope.locator(".search-finder a");
    assert.match(await finder.getAttribute("href"), /objections\/index\.html\?q=pruxe$/);
    await Promise.all([p.waitForNavigation(), suggestion.click()]);
    await p.locator("#search-page-results .search-page-hit").first().waitFor({ timeout: 10000 });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("the overview's two search landmarks have different accessible names", async () => {
  const { p, context } = await fresh(sites.en, "index.html");
  const names = await p.locator("[role=search]").evaluateAll((forms) => forms.map((f) =>
    f.getAttribute("aria-label") || document.getElementById(f.getAttribute("aria-labelledby") || "")?.textContent.trim() || ""));
  assert.equal(names.length, 2);
  assert.ok(names.every(Boolean), `both are named: ${JSON.stringify(names)}`);
  assert.notEqual(names[0], names[1]);
  await context.close();
});
