// Layout on narrow and middling windows, from file://: no page of either example scrolls sideways at 320 px,
// the navigation shows every item on a phone, the overview shows one search box on a phone, and the header's
// search dropdown stays inside the window from 800 to 1100 px.
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { exampleSites, fresh as open } from "./setup.mjs";

const sites = exampleSites("layout");
const fresh = (dir, page, options) => open(sites.browser, dir, page, options);

/** Every HTML page of a built site, relative to it. */
function pages(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith(".html")) out.push(relative(dir, join(e.parentPath ?? e.path, e.name)));
  }
  return out.sort();
}

for (const lang of ["en", "zh"]) {
  test(`no page of the ${lang} example scrolls sideways at 320 px`, async () => {
    const dir = sites[lang], wide = [];
    const context = await sites.browser.newContext({ viewport: { width: 320, height: 640 } });
    const p = await context.newPage();
    const all = pages(dir);
    assert.ok(all.length > 20, `${all.length} pages`);
    for (const page of all) {
      await p.goto(new URL("file://" + join(dir, page)).href);
      const [scroll, inner] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (scroll > inner) wide.push(`${page}: ${scroll} px`);
    }
    assert.deepEqual(wide, []);
    await context.close();
  });
}

test("tables that scroll are the containing block of their hidden labels (.table-wrap is positioned)", async () => {
  const { p, context } = await fresh(sites.en, "coverage.html");
  const positions = await p.locator(".table-wrap").evaluateAll((ws) => ws.map((w) => getComputedStyle(w).position));
  assert.ok(positions.length > 0);
  assert.ok(positions.every((x) => x === "relative"), positions.join());
  await context.close();
});

for (const width of [320, 375]) {
  test(`at ${width} px every navigation item is in sight`, async () => {
    for (const lang of ["en", "zh"]) {
      const { p, context } = await fresh(sites[lang], "objections/index.html", { viewport: { width, height: 700 } });
      const hidden = await p.locator(".site-nav a").evaluateAll((as) => as.filter((a) => {
        const r = a.getBoundingClientRect(), ul = a.closest("ul").getBoundingClientRect();
        return r.left < ul.left - 0.5 || r.right > ul.right + 0.5 || r.right > window.innerWidth;
      }).map((a) => a.textContent));
      assert.deepEqual(hidden, [], lang);
      await context.close();
    }
  });
}

test("the overview shows one search box on a phone, and / focuses it", async () => {
  const { p, context } = await fresh(sites.en, "index.html", { viewport: { width: 375, height: 700 } });
  const shown = await p.locator("input[type=search]").evaluateAll((is) => is.filter((i) => i.offsetParent !== null).map((i) => i.id));
  assert.deepEqual(shown, ["pb-hero-q"]);
  await p.keyboard.press("/");
  assert.equal(await p.evaluate(() => document.activeElement?.id), "pb-hero-q");
  await context.close();
});

for (const width of [320, 800, 900, 1000, 1100]) {
  test(`the header search dropdown stays inside the window at ${width} px`, async () => {
    const { p, context } = await fresh(sites.en, "objections/too-expensive.html", { viewport: { width, height: 800 } });
    await p.locator("#pb-search-q").focus();
    await p.keyboard.type("budget", { delay: 10 });
    const popup = p.locator(".site-search .search-results");
    await popup.locator("[role=option]").first().waitFor({ timeout: 10000 });
    const [left, right] = await popup.evaluate((e) => { const r = e.getBoundingClientRect(); return [r.left, r.right]; });
    assert.ok(left >= 0 && right <= width, `dropdown spans ${left}–${right} in a ${width} px window`);
    assert.ok(right - left >= Math.min(300, width - 40), `dropdown is ${right - left} px wide`);
    await context.close();
  });
}

/** WCAG contrast ratio of two CSS colours `rgb(r, g, b)`. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const scheme of ["light", "dark"]) {
  test(`the focus ring has at least 3:1 contrast against the page and card backgrounds (${scheme})`, async () => {
    const { p, context } = await fresh(sites.en, "objections/too-expensive.html", { colorScheme: scheme });
    await p.keyboard.press("Tab");
    const [ring, page, card] = await p.evaluate(() => {
      const probe = document.createElement("div");
      document.body.appendChild(probe);
      const colour = (v) => { probe.style.color = `var(${v})`; return getComputedStyle(probe).color; };
      return [getComputedStyle(document.activeElement).outlineColor, colour("--bg"), colour("--surface")];
    });
    for (const bg of [page, card]) assert.ok(contrast(ring, bg) >= 3, `${ring} on ${bg}: ${contrast(ring, bg).toFixed(2)}:1`);
    await context.close();
  });
}
