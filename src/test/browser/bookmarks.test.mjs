// Bookmarks in the live HTML report, in Debian's Chromium (playwright-core): a session's bookmarks
// reach the report through `orderlens export --session`, are drawn as flags on the lanes, and a
// click on one in the report's table brings its time to the middle of the lanes and selects its
// request, whose Why? chain shows. The user's note stays text. Run with the other browser tests:
//   npm ci --prefix src/test/browser && node --test src/test/browser/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const orderlens = join(root, "orderlens");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const GUEST = "sample-traces/writeback.guest.blkparse.txt";
const QEMU = "sample-traces/writeback.qemu.log";
const NOTE = "mount's <img src=x onerror=\"document.title='pwned'\"> superblock";

test("a bookmark in the report goes to its write and shows its Why? chain", async () => {
  const work = mkdtempSync(join(tmpdir(), "orderlens-bookmarks-"));
  const profile = mkdtempSync(join(tmpdir(), "orderlens-chromium-"));
  let context;
  try {
    // writeback.guest.blkparse.txt line 158: `Q WFS 0 + 8 [mount]` at 0.079591080 s, request
    // guest#158 (ids are first lines); and a time bookmark at 0.15 s
    const session = join(work, "s.json");
    writeFileSync(session, JSON.stringify({
      format: "orderlens-session", version: 1,
      source: { files: [{ path: resolve(root, GUEST) }, { path: resolve(root, QEMU) }] },
      bookmarks: [
        { at: 79591080, request: { file: 0, id: 158 }, note: NOTE },
        { at: 150000000, note: "later" },
      ],
    }));
    const html = join(work, "report.html");
    execFileSync(orderlens, ["export", GUEST, QEMU, "--crash-at", "0.17", "--session", session,
      "--html", html], { cwd: root, encoding: "utf8" });

    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = context.pages()[0] || (await context.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(html).href);
    await page.waitForFunction(() => document.getElementById("ol-live")?.dataset.ready === "true",
      null, { timeout: 60_000 });

    // the table lists both, the note as text (no element made of it, no script run)
    const rows = await page.locator("#bookmarks tr[data-bookmark]").allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /0\.079591080 s\s+guest#158 FUA write\s+/);
    assert.ok(rows[0].includes(NOTE), rows[0]);
    assert.equal(await page.locator("#bookmarks img").count(), 0, "the note made no element");
    assert.notEqual(await page.title(), "pwned");

    // zoomed out elsewhere first: the click must move the lanes
    await page.evaluate(() => window.orderlens.view(0.18e9, 0.19e9));
    await page.locator("#bookmarks a[data-bookmark='0']").click();
    await page.waitForFunction(() => document.getElementById("ol-live").dataset.bookmark === "0");
    const state = await page.evaluate(() => {
      const api = window.orderlens, w = api.window(), b = api.header.bookmarks[0];
      return { w, selected: api.selected(), row: b.row, why: document.querySelector("#ol-why h3")?.textContent,
        chain: document.querySelector("#ol-why pre")?.textContent, x: api.xOf(b.atNs) };
    });
    assert.ok(state.row >= 0, "the bookmark names a request of the trace");
    assert.equal(state.selected, state.row, "its request is selected");
    assert.equal(Math.round((state.w[0] + state.w[1]) / 2), 79591080, "its time is in the middle");
    assert.equal(state.w[1] - state.w[0], 0.01e9, "at the same zoom");
    assert.ok(state.why.startsWith("guest#158 — write 0 + 8"), state.why);
    assert.ok(state.chain.length > 20, `a Why? chain: ${state.chain}`);

    // the flag is drawn at the bookmark's time, in the ruler
    const canvas = await page.locator("#ol-canvas").boundingBox();
    const shot = await page.screenshot({ clip: { x: canvas.x + state.x + 1, y: canvas.y + 5, width: 2, height: 2 } });
    const pixels = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = "data:image/png;base64," + b64;
      await img.decode();
      const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
      const g = c.getContext("2d"); g.drawImage(img, 0, 0);
      return Array.from(g.getImageData(0, 0, 1, 1).data);
    }, shot.toString("base64"));
    assert.deepEqual(pixels.slice(0, 3), [0x82, 0x50, 0xdf], "the bookmark's flag colour");

    // a click on the flag of the other bookmark goes there too
    await page.evaluate(() => window.orderlens.view(0.1e9, 0.2e9));
    const x2 = await page.evaluate(() => window.orderlens.xOf(window.orderlens.header.bookmarks[1].atNs));
    await page.mouse.click(canvas.x + x2 + 3, canvas.y + 6);
    await page.waitForFunction(() => document.getElementById("ol-live").dataset.bookmark === "1");
    assert.deepEqual(errors, [], "no script errors");
  } finally {
    if (context) await context.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});
