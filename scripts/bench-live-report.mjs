#!/usr/bin/env node
// Time to interactive of an HTML report in Debian's Chromium (headless, the browser tests' flags):
//   node scripts/bench-live-report.mjs REPORT.html [RUNS]        (default 3 runs)
// Per run: wall time from navigation to the first lanes frame and to "ready" (the crash marker
// drags: every column decoded, counts prepared), the page's own phase marks (window.orderlens
// .timings, ms since navigation), and the renderer's main-thread busy time from the DevTools
// protocol (Performance.getMetrics TaskDuration/ScriptDuration, wall time inside tasks), and the CPU
// seconds of the renderer and of all the browser's processes (ps: what an idle machine's wall time
// approaches on a busy one). Needs `npm ci --prefix src/test/browser` (playwright-core, no browser download).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const { chromium } = await import(pathToFileURL(join(here, "..", "src", "test", "browser",
  "node_modules", "playwright-core", "index.mjs")).href);
const [file, runsArg] = process.argv.slice(2);

/** CPU seconds (user + system) so far of the browser started on `profile`, all its processes and
 * its renderers (from /proc: the processes under the one whose arguments name the profile). */
function browserCpu(profile) {
  const hz = 100; // USER_HZ, the unit of /proc/PID/stat on Linux
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" }).trim().split("\n")
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)).filter(Boolean)
    .map(([, pid, ppid, args]) => ({ pid, ppid, args }));
  const root = rows.find((r) => r.args.includes(profile) && !r.args.includes("--type="));
  if (!root) return { all: NaN, renderer: NaN };
  const tree = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) if (!tree.has(r.pid) && tree.has(r.ppid)) { tree.add(r.pid); grew = true; }
  }
  const cpu = (pid) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(f[11]) + Number(f[12])) / hz; // utime, stime
    } catch { return 0; }
  };
  const mine = rows.filter((r) => tree.has(r.pid));
  const sum = (xs) => xs.reduce((a, r) => a + cpu(r.pid), 0);
  return { all: sum(mine), renderer: sum(mine.filter((r) => r.args.includes("--type=renderer"))) };
}

const runs = Number(runsArg || 3);
const results = [];
for (let i = 1; i <= runs; i++) {
  const profile = mkdtempSync(join(tmpdir(), "orderlens-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
    viewport: { width: 1400, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const t0 = Date.now();
    await page.goto(pathToFileURL(resolve(file)).href, { timeout: 600_000, waitUntil: "commit" });
    await page.waitForFunction(() => window.orderlens?.timings?.firstFrame !== undefined, null,
      { timeout: 600_000, polling: 20 });
    const firstFrame = (Date.now() - t0) / 1000;
    await page.waitForFunction(() => document.getElementById("ol-live")?.dataset.ready === "true",
      null, { timeout: 600_000, polling: 20 });
    const ready = (Date.now() - t0) / 1000;
    const m = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((x) => [x.name, x.value]));
    const marks = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      return { responseEnd: n.responseEnd, domInteractive: n.domInteractive,
        domContentLoaded: n.domContentLoadedEventEnd, ...window.orderlens.timings };
    });
    const cpu = browserCpu(profile);
    const r = { firstFrame, ready, task: m.TaskDuration, script: m.ScriptDuration, marks, cpu };
    results.push(r);
    console.log(`run ${i}: first frame ${firstFrame.toFixed(2)} s, ready ${ready.toFixed(2)} s wall; `
      + `CPU: renderer ${cpu.renderer.toFixed(2)} s, all browser processes ${cpu.all.toFixed(2)} s ; `
      + `renderer tasks ${r.task.toFixed(2)} s (script ${r.script.toFixed(2)} s); page marks (ms) `
      + Object.entries(marks).map(([k, v]) => `${k} ${Math.round(v)}`).join(", "));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
console.log(`${file}: first frame median ${median(results.map((r) => r.firstFrame)).toFixed(2)} s, `
  + `ready median ${median(results.map((r) => r.ready)).toFixed(2)} s (best ${Math.min(...results.map((r) => r.ready)).toFixed(2)}); `
  + `renderer CPU median ${median(results.map((r) => r.cpu.renderer)).toFixed(2)} s; ${runs} runs (load average ${loadavg()[0].toFixed(1)})`);
