// The browser tokenizer must agree with the Rust one: both are checked against src/search/vectors.json.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const root = fileURLToPath(new URL("../../", import.meta.url));
const vectors = JSON.parse(readFileSync(root + "src/search/vectors.json", "utf8"));
const context = { atob, Map, Promise };
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
