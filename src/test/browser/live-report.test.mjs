// The live HTML report in a real browser (Debian's Chromium through playwright-core): at 50+ crash
// times per real capture the page's write states and counts equal `orderlens analyze` at the same
// times (every write's state from `analyze --csv`, the counts from `analyze --json`, each one JVM
// for all the times), and dragging the marker recolours and recounts. Run by .ci/run after mvn verify:
//   npm ci --prefix src/test/browser && node --test src/test/browser/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtempSync, rmSync, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const orderlens = join(root, "orderlens");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMES = Number(process.env.ORDERLENS_LIVE_TIMES || 50);
// opening a large report on a busy machine takes a while (ORDERLENS_LIVE_TIMEOUT_MS)
const LIVE_TIMEOUT = Number(process.env.ORDERLENS_LIVE_TIMEOUT_MS || 180_000);

function run(args) {
  return execFileSync(orderlens, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
}

async function openReport(files, crashAt, work, exported) {
  const html = exported || join(work, "report.html");
  if (!exported) run(["export", ...files, "--crash-at", String(crashAt), "--html", html]);
  const profile = mkdtempSync(join(tmpdir(), "orderlens-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] || (await context.newPage());
  const remote = [];
  page.on("request", (r) => { if (!/^(file|data|blob):/.test(r.url())) remote.push(r.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(html).href, { timeout: LIVE_TIMEOUT });
  await page.waitForFunction(() => document.getElementById("ol-live")?.dataset.ready === "true",
    null, { timeout: LIVE_TIMEOUT });
  return { page, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
    remote, errors };
}

/** A crash time in ns as --crash-at takes it and analyze prints it back: seconds, 9 decimals. */
function seconds(tNs) {
  return (tNs / 1e9).toFixed(9);
}

/** analyze's counts at t (ns), from `analyze --json --limit 0` (the counts stay complete). */
function analyzeCounts(files, tNs) {
  return JSON.parse(run(["analyze", ...files, "--crash-at", seconds(tNs), "--json", "--limit", "0"])).crash.counts;
}

/**
 * The page's state of every write and its counts at each of `times` (ns), compared with analyze at
 * the same times. Two analyze runs, each reading the trace once: `--json --limit 0` with every
 * --crash-at for the counts, and `--csv --columns crashSeconds,name,state` for every write's state,
 * streamed (at 10^6 requests and 50 times it is ~1 GB) and compared a time at a time. Returns the
 * number of states compared.
 */
async function compareWithAnalyze(page, files, times) {
  const crashAt = times.flatMap((t) => ["--crash-at", seconds(t)]);
  const json = JSON.parse(run(["analyze", ...files, ...crashAt, "--json", "--limit", "0"]));
  assert.equal(json.crashes.length, times.length, "one crash object per time");
  for (let k = 0; k < times.length; k++) {
    assert.equal(json.crashes[k].at.toFixed(9), seconds(times[k]), `crash ${k}'s time`);
    const counts = await page.evaluate((x) => window.orderlens.counts(x), times[k]);
    assert.deepEqual(counts, json.crashes[k].counts, `counts at ${times[k]} ns`);
  }
  const names = (await page.evaluate(() => window.orderlens.writeNames())).split(",");
  const index = new Map(names.map((name, i) => [name, i]));
  assert.equal(index.size, names.length, "the page names each write once");
  const child = spawn(orderlens, ["analyze", ...files, ...crashAt, "--csv", "--columns", "crashSeconds,name,state"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const exited = new Promise((ok) => child.on("close", ok));
  let k = -1, rows = 0, compared = 0, pageStates = null, header = null;
  const endOfTime = () => {
    if (k >= 0) assert.equal(rows, names.length, `analyze's writes at ${times[k]} ns`);
  };
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (header === null) {
      header = line;
      assert.equal(header, "crashSeconds,name,state");
      continue;
    }
    const c1 = line.indexOf(","), c2 = line.lastIndexOf(",");
    const at = line.slice(0, c1), name = line.slice(c1 + 1, c2), state = line.slice(c2 + 1);
    if (k < 0 || at !== seconds(times[k])) {
      endOfTime();
      k++;
      rows = 0;
      assert.ok(k < times.length, `analyze printed a time not asked for: ${at}`);
      assert.equal(at, seconds(times[k]), `analyze's time ${k}`);
      pageStates = (await page.evaluate((x) => window.orderlens.stateNamesAt(x), times[k])).split(",");
    }
    const i = index.get(name);
    if (i === undefined) assert.fail(`${name} at ${times[k]} ns: analyze lists it, the page does not`);
    if (pageStates[i] !== state) assert.fail(`${name} at ${times[k]} ns: page ${pageStates[i]}, analyze ${state}`);
    rows++;
    compared++;
  }
  endOfTime();
  assert.equal(await exited, 0, `analyze --csv failed: ${stderr}`);
  assert.equal(k, times.length - 1, "analyze listed every time");
  return compared;
}

/** 50 crash times: half spread over the trace, half exactly at instants where states change. */
async function crashTimes(page) {
  return page.evaluate((n) => {
    const api = window.orderlens;
    const [start, end] = api.span();
    const changes = api.changeInstants();
    const out = new Set();
    for (let i = 0; i < n / 2; i++) out.add(Math.round(start + (end - start) * (i + 0.5) / (n / 2)));
    for (let i = 0; out.size < n && i < changes.length; i++) {
      out.add(changes[Math.floor(i * changes.length / (n / 2)) % changes.length]);
    }
    return [...out].sort((a, b) => a - b);
  }, TIMES);
}

for (const capture of ["writeback", "unsafe"]) {
  test(`the page's states equal analyze at ${TIMES} crash times (${capture} capture)`, async () => {
    const files = [`sample-traces/${capture}.guest.blkparse.txt`, `sample-traces/${capture}.qemu.log`];
    const work = mkdtempSync(join(tmpdir(), "orderlens-live-"));
    const r = await openReport(files, 0.3, work);
    try {
      const times = await crashTimes(r.page);
      assert.ok(times.length >= TIMES, `only ${times.length} crash times`);
      const compared = await compareWithAnalyze(r.page, files, times);
      assert.ok(compared > 1000, `compared only ${compared} states`);
      assert.deepEqual(r.remote, [], "the page fetched nothing from the network");
      assert.deepEqual(r.errors, [], "no script errors");
    } finally {
      await r.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
}

test("dragging the crash marker recolours the lanes and updates the counts", async () => {
  const files = ["sample-traces/writeback.guest.blkparse.txt", "sample-traces/writeback.qemu.log"];
  const work = mkdtempSync(join(tmpdir(), "orderlens-live-"));
  const r = await openReport(files, 0.02, work);
  try {
    const page = r.page;
    // zoom to the guest's I/O (the trace starts with QEMU's boot, 8 s earlier), marker at 0.02 s
    await page.evaluate(() => window.orderlens.view(0, 0.2e9));
    await page.locator("#ol-canvas").scrollIntoViewIfNeeded();
    const canvas = await page.locator("#ol-canvas").boundingBox();
    const before = await page.locator("#ol-counts").innerText();
    const pixel = async () => page.screenshot({ clip: { x: canvas.x + 160, y: canvas.y + 30,
      width: canvas.width - 170, height: Math.min(60, canvas.height - 30) } });
    const shotBefore = await pixel();
    const x = canvas.x + (await page.evaluate(() => window.orderlens.markerX()));
    const y = canvas.y + 40;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(x + i * 30, y);
    await page.mouse.up();
    const t = await page.evaluate(() => window.orderlens.crashAt());
    assert.ok(t > 0.02e9 + 1e6, `the marker moved (now at ${t} ns)`);
    const after = await page.locator("#ol-counts").innerText();
    assert.notEqual(after, before, "the counts changed");
    const cliCounts = analyzeCounts(files, Math.round(t));
    for (const [key, value] of Object.entries(cliCounts)) {
      const chip = await page.locator(`#ol-counts .ol-chip[data-state]`).evaluateAll(
        (els) => Object.fromEntries(els.map((e) => [e.dataset.state, e.textContent])));
      const name = { notIssued: "not-issued", inFlight: "in-flight" }[key] || key;
      assert.equal(chip[name], `${name} ${value}`, `${name} after the drag`);
    }
    assert.ok(!(await pixel()).equals(shotBefore), "the lanes were recoloured");
    if (process.env.ORDERLENS_SCREENSHOTS) {
      mkdirSync(join(root, "docs", "screenshots"), { recursive: true });
      await page.screenshot({ path: join(root, "docs", "screenshots", "live-report.png"), fullPage: false });
    }
  } finally {
    await r.close();
    rmSync(work, { recursive: true, force: true });
  }
});

// A generated trace (GenerateBenchTraces json N, fixed seed: a guest layer over a device, 5 %
// flushes, 10 % FUA): CI runs ORDERLENS_LIVE_REQUESTS (default 20,000) requests; the 10^6-request
// report is checked the same way with ORDERLENS_LIVE_REQUESTS=1000000 (the file of
// scripts/bench-e2e.sh, generated if missing; each of the analyze runs then takes tens of seconds).
const REQUESTS = Number(process.env.ORDERLENS_LIVE_REQUESTS || 20000);

function generatedTrace(requests) {
  const dir = process.env.BENCH_DIR || "/var/tmp/orderlens-bench";
  const name = requests === 1000000 ? "json-1M-req.json" : `json-${requests}-req.json`;
  const file = join(existsSync(dir) ? dir : tmpdir(), name);
  if (!existsSync(file)) {
    execFileSync(join(root, "scripts", "bench.sh"),
      ["GenerateBenchTraces", "json", String(requests), file + ".tmp", "42"], { cwd: root, stdio: "inherit" });
    renameSync(file + ".tmp", file);
  }
  return file;
}

test(`a ${REQUESTS}-request report: states at ${TIMES} crash times equal analyze, a drag recolours`, async (t) => {
  const files = [generatedTrace(REQUESTS)];
  const work = mkdtempSync(join(tmpdir(), "orderlens-live-"));
  const exportStart = Date.now();
  const html = join(work, "report.html");
  // the generator submits a guest request every 10 µs on average: the middle of the trace
  const middle = (REQUESTS * 2.5e-6).toFixed(6);
  run(["export", ...files, "--crash-at", middle, "--html", html]);
  const exportS = (Date.now() - exportStart) / 1000;
  const sizeMb = statSync(html).size / 1e6;
  const openStart = Date.now();
  const r = await openReport(files, middle, work, html);
  const readyS = (Date.now() - openStart) / 1000;
  try {
    const page = r.page;
    const times = await crashTimes(page);
    assert.ok(times.length >= TIMES, `only ${times.length} crash times`);
    const compareStart = Date.now();
    const compared = await compareWithAnalyze(page, files, times);
    const compareS = (Date.now() - compareStart) / 1000;
    const writes = compared / times.length;
    // a drag across the whole trace: the marker moves, the pixels and the chips change
    await page.locator("#ol-canvas").scrollIntoViewIfNeeded();
    const box = await page.locator("#ol-canvas").boundingBox();
    const shot = async () => page.screenshot({ clip: { x: box.x + 160, y: box.y + 30,
      width: box.width - 170, height: Math.min(120, box.height - 30) } });
    const x = box.x + (await page.evaluate(() => window.orderlens.markerX()));
    const y = box.y + 40;
    const before = await shot();
    const chipsBefore = await page.locator("#ol-counts").innerText();
    const moveMs = [];
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) {
      const t0 = Date.now();
      await page.mouse.move(x + i * (box.width - 200 - (x - box.x)) / 20, y);
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      moveMs.push(Date.now() - t0);
    }
    await page.mouse.up();
    const at = await page.evaluate(() => window.orderlens.crashAt());
    assert.notEqual(await page.locator("#ol-counts").innerText(), chipsBefore, "the counts changed");
    assert.ok(!(await shot()).equals(before), "the lanes were recoloured");
    const cliCounts = analyzeCounts(files, Math.round(at));
    const chips = await page.locator("#ol-counts .ol-chip[data-state]").evaluateAll(
      (els) => Object.fromEntries(els.map((e) => [e.dataset.state, e.textContent])));
    for (const [key, value] of Object.entries(cliCounts)) {
      const name = { notIssued: "not-issued", inFlight: "in-flight" }[key] || key;
      assert.equal(chips[name], `${name} ${value}`, `${name} after the drag`);
    }
    const repaint = await page.evaluate(() => {
      const t0 = performance.now();
      window.orderlens.setCrash(window.orderlens.crashAt() + 1);
      return performance.now() - t0;
    });
    moveMs.sort((a, b) => a - b);
    t.diagnostic(`${writes} writes, ${compared} states compared at ${times.length} times in ${compareS.toFixed(1)} s; report ${sizeMb.toFixed(1)} MB, export ${exportS.toFixed(1)} s, `
      + `page ready ${readyS.toFixed(1)} s; marker move (repaint + counts + table) ${repaint.toFixed(0)} ms; `
      + `drag step to painted frame median ${moveMs[10]} ms, max ${moveMs[19]} ms`);
    if (process.env.ORDERLENS_SCREENSHOTS) {
      mkdirSync(join(root, "docs", "screenshots"), { recursive: true });
      await page.screenshot({ path: join(root, "docs", "screenshots", `live-report-${REQUESTS}.png`) });
    }
    assert.deepEqual(r.remote, [], "the page fetched nothing from the network");
    assert.deepEqual(r.errors, [], "no script errors");
  } finally {
    await r.close();
    rmSync(work, { recursive: true, force: true });
  }
});

test("the chromium the tests need is there", () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} (apt-get install chromium)`);
});
