#!/usr/bin/env node
// A screenshot of an HTML report's live timeline in Debian's Chromium (headless, the browser
// tests' flags), as a reader leaves it: the crash marker dragged with the mouse, then the first
// at-risk write clicked so its Why? chain shows.
//   node scripts/live-report-screenshot.mjs REPORT.html OUT.png [FROM_S TO_S] [DRAG_PX]
// FROM_S TO_S: the time window shown (seconds; default: the whole trace); DRAG_PX: how far the
// marker is dragged to the right (default 120). Prints the crash time before and after the drag
// and the write whose chain is open. Needs `npm ci --prefix src/test/browser`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const { chromium } = await import(pathToFileURL(join(here, "..", "src", "test", "browser",
  "node_modules", "playwright-core", "index.mjs")).href);
const [file, out, fromS, toS, dragArg] = process.argv.slice(2);
if (!file || !out) {
  console.error("usage: node scripts/live-report-screenshot.mjs REPORT.html OUT.png [FROM_S TO_S] [DRAG_PX]");
  process.exit(2);
}
const drag = Number(dragArg || 120);
const profile = mkdtempSync(join(tmpdir(), "orderlens-shot-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(resolve(file)).href, { timeout: 600_000 });
  await page.waitForFunction(() => document.getElementById("ol-live")?.dataset.ready === "true",
    null, { timeout: 600_000 });
  if (fromS !== undefined && toS !== undefined) {
    await page.evaluate(([a, b]) => window.orderlens.view(a * 1e9, b * 1e9), [Number(fromS), Number(toS)]);
  }
  await page.locator("#ol-live").scrollIntoViewIfNeeded();
  const box = await page.locator("#ol-canvas").boundingBox();
  const before = await page.evaluate(() => window.orderlens.crashAt());
  const x = box.x + (await page.evaluate(() => window.orderlens.markerX()));
  const y = box.y + 40;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + (i * drag) / 10, y);
  await page.mouse.up();
  const after = await page.evaluate(() => window.orderlens.crashAt());
  const row = page.locator("#ol-atrisk tr").nth(1); // the first write under the header row
  let chain = "(no write at risk)";
  if (await row.count()) {
    await row.click();
    chain = await page.locator("#ol-why h3").innerText();
  }
  // the live section from its heading down to the Why? box and a few at-risk rows
  await page.locator("#live").scrollIntoViewIfNeeded();
  const top = (await page.locator("#live").boundingBox()).y;
  const why = await page.locator("#ol-why").boundingBox();
  const bottom = Math.min(why.y + why.height + 160, top + 1400);
  await page.setViewportSize({ width: 1400, height: Math.ceil(bottom - top) + 40 });
  await page.locator("#live").evaluate((e) => e.scrollIntoView());
  const t2 = (await page.locator("#live").boundingBox()).y;
  await page.screenshot({ path: out, clip: { x: 0, y: t2 - 8, width: 1400, height: Math.ceil(bottom - top) + 16 } });
  console.log(`crash marker ${(before / 1e9).toFixed(6)} s -> ${(after / 1e9).toFixed(6)} s; Why? open: ${chain}`);
  if (errors.length) { console.error("script errors:", errors); process.exitCode = 1; }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
