// Benchmark (not a test): from saving a notice to the open browser page showing the change, under
// `jiedui serve`, in headless Chromium. Usage (from tests/e2e):
//   node bench_reload.mjs <jiedui binary> <site root> [edits=5]
// Serves the site on a free port, opens its first notice, then saves that notice's Markdown with a
// new line edits times; each time measures from the write to the page showing the new line (live
// reload included). Prints each figure and the median. The notice is restored at the end.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { launch } from "./harness.mjs";

const [binary, root, edits = "5"] = process.argv.slice(2);
if (!binary || !root) {
  console.error("usage: node bench_reload.mjs <jiedui binary> <site root> [edits]");
  process.exit(2);
}
const notices = path.join(root, "content", "notices");
const name = fs.readdirSync(notices).filter((f) => f.endsWith(".md")).sort()[0];
const file = path.join(notices, name);
const original = fs.readFileSync(file, "utf8");
const port = 20000 + Math.floor(Math.random() * 20000);
const server = spawn(binary, ["serve", "--root", root, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
const ready = new Promise((resolve, reject) => {
  let seen = "";
  const look = (chunk) => { seen += chunk; if (seen.includes(`127.0.0.1:${port}`)) { resolve(); } };
  server.stdout.on("data", look);
  server.stderr.on("data", look);
  server.on("exit", (code) => reject(new Error(`serve exited (${code}): ${seen}`)));
});
const browser = await launch();
try {
  await ready;
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/notices/${name.replace(/\.md$/, "")}/`);
  await page.waitForTimeout(500);
  const times = [];
  const paints = [];
  for (let i = 1; i <= Number(edits); i++) {
    const mark = `第${i}次修改的段落${Date.now()}`;
    const changed = page.waitForFunction((m) => document.body.textContent.includes(m), mark, { timeout: 20000, polling: "raf" });
    const start = performance.now();
    const wall = Date.now();
    fs.writeFileSync(file, `${original}\n${mark}\n`);
    await changed;
    const ms = performance.now() - start;
    times.push(ms);
    const [reloaded, painted, nav] = await page.evaluate(() => [
      performance.timeOrigin,
      performance.timeOrigin + (performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
      JSON.stringify(performance.getEntriesByType("navigation")[0].toJSON(), (k, v) => typeof v === "number" ? Math.round(v) : v),
    ]);
    paints.push(painted - wall);
    if (process.env.NAV) { console.log(nav); console.log(await page.evaluate(() => JSON.stringify(performance.getEntriesByType("resource").map((r) => [r.name.replace(/^.*:[0-9]+/, ""), Math.round(r.startTime), Math.round(r.requestStart), Math.round(r.responseStart), Math.round(r.responseEnd)])))); console.log(await page.evaluate(() => JSON.stringify(performance.getEntriesByType("paint").map((p) => [p.name, Math.round(p.startTime)])))); }
    console.log(`edit ${i}: the reload began after ${(reloaded - wall).toFixed(0)} ms, the new page was painted after ${(painted - wall).toFixed(0)} ms, seen by the test after ${ms.toFixed(0)} ms`);
    await page.waitForTimeout(300);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0);
  console.log(`median save-to-browser over ${times.length} edits: painted after ${median(paints)} ms (the page's own first-contentful-paint), seen by the test after ${median(times)} ms`);
} finally {
  fs.writeFileSync(file, original);
  await browser.close();
  server.kill("SIGINT");
}
