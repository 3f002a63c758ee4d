// The browser tokenizer must agree with the Rust one: both are checked against src/search/vectors.json.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const root = fileURLToPath(new URL("../../", import.meta.url));
const vectors = JSON.parse(readFileSync(root + "src/search/vectors.json", "utf8"));
const context = { atob, Map, Promise, setTimeout };
vm.createContext(context);
vm.runInContext(readFileSync(root + "themes/default/static/search.js", "utf8"), context);
const PBS = context.PBS;

test("stems match the shared vectors", () => {
  for (const [word, expected] of vectors.stems) assert.equal(PBS.stem(word), expected, word);
});

test("tokens match the shared vectors", () => {
  for (const [text, expected] of vectors.tokens) assert.deepEqual(Array.from(PBS.tokens(text)), expected, text);
});

test("FNV-1a over UTF-16 units matches the Rust hash", () => {
  assert.equal(PBS.hash(""), 0x811c9dc5);
  assert.equal(PBS.hash("a"), 0xe40c292c);
  assert.equal(PBS.hash("foobar"), 0xbf9cf968);
});

// Base64 VLQ as docs/search.md defines it (5 bits a character, low bits first, bit 6: more follow).
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function vlq(values) {
  let out = "";
  for (let v of values) {
    do { const d = v & 31; v >>>= 5; out += B64[d | (v ? 32 : 0)]; } while (v);
  }
  return out;
}
// The bucket of a character after a bigram, worked out by hand for four buckets:
// (code point × 0x9E3779B1 mod 2^32) >> 16, mod 4: 太 U+592A → 15976 → 0, 贵 U+8D35 → 20354 → 2.
const BUCKET = { 太: 0, 贵: 2 };

test("a Chinese query of three characters drops documents that hold its bigrams apart", async () => {
  // Doc 0 holds 价格太; doc 1 holds 价格 (followed by 贵) and 格太 elsewhere; doc 2 holds 格太 only.
  // A bigram's posting is `(gap × 4 + level) × 2^a + mask of the buckets of the characters after it`.
  const a = 4, post = (gap, mask) => ((gap * 4) << a) | mask;
  PBS.add("manifest", { v: 3, n: 3, t: 1, p: 1, y: 1, x: 1, d: 4, L: 5, a, k: ["objection"] });
  PBS.add("x0", {});
  PBS.add("t0", {
    "价格": vlq([post(0, 1 << BUCKET["太"]), post(1, 1 << BUCKET["贵"])]),
    "格太": vlq([post(0, 0), post(1, 0), post(1, 0)]),
  });
  const ids = async (q) => Array.from((await PBS.search(q)).ids);
  assert.deepEqual(await ids("价格太"), [0], "doc 1 has both bigrams but not 价格太");
  assert.deepEqual((await ids("价格")).sort(), [0, 1], "a bigram alone: every document that has it");
  assert.deepEqual((await ids("格太")).sort(), [0, 1, 2]);
});

test("a Chinese query of three characters ranks the results proven exact above the rest", async () => {
  // Doc 0 holds 成本 followed by 宜 (the bucket of 低: 宜 and 低 are both bucket 0) and 本低 elsewhere, both
  // weighted high; doc 1 holds 成本低 itself, weighted low. The index cannot tell them apart for 成本低
  // and ranks doc 0 first; the documents' text proves doc 1 exact.
  const a = 4, post = (gap, level, mask) => (((gap * 4) + level) << a) | mask;
  PBS.add("manifest", { v: 3, n: 3, t: 1, p: 1, y: 1, x: 1, d: 4, L: 5, a, k: ["objection"] });
  PBS.add("x0", {});
  PBS.add("t0", {
    "成本": vlq([post(0, 3, 1 << 0), post(1, 0, 1 << 0)]),
    "本低": vlq([post(0, 3, 0), post(1, 0, 0)]),
  });
  PBS.add("d0", [
    [0, "objections/a.html", "成本宜人", "成本宜人，本低利薄", ""],
    [0, "objections/b.html", "太贵了", "我们的成本低，所以价格也低", ""],
  ]);
  const r = await PBS.search("成本低");
  assert.deepEqual(Array.from(r.ids), [0, 1], "by the index's scores the false candidate is first");
  const shown = async (limit) => Array.from(await PBS.grouped(r, limit), (d) => d.id);
  assert.deepEqual(await shown(8), [1, 0], "proven exact first; the unproven one is kept after it");
  assert.deepEqual(await shown(1), [1], "with one place, the proven one takes it from further down the list");
  // Two characters are one bigram, exact by construction: the scores decide.
  const two = await PBS.search("成本");
  assert.deepEqual(Array.from(await PBS.grouped(two, 8), (d) => d.id), [0, 1], "two characters: by score");
});
