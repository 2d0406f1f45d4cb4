// Shared by the browser tests: a static server for a built site on 127.0.0.1, and Chromium.
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".csv": "text/csv" };

/** Serves `root` on a free loopback port; resolves to { origin, close, log }. A request for one
 *  byte range gets it (206), as from nginx, Apache or a CDN; with `ranges: false` the server
 *  ignores ranges and sends the whole file, as some simple hosts do. `log` lists each answer as
 *  { path, status }. */
export async function serveSite(root, { ranges = true } = {}) {
  root = path.resolve(root);
  if (!fs.existsSync(path.join(root, "index.html"))) {
    throw new Error(`no built site at ${root}: build it with jiedui build`);
  }
  const log = [];
  const server = http.createServer((req, res) => {
    try {
      const p = decodeURIComponent(new URL(req.url, "http://x").pathname);
      if (p.includes("..")) { res.writeHead(400); return res.end(); }
      let file = path.join(root, p);
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) { file = path.join(file, "index.html"); }
      if (!fs.existsSync(file)) { res.writeHead(404, { "Content-Type": types[".html"] }); return res.end(fs.readFileSync(path.join(root, "404.html"))); }
      const type = types[path.extname(file)] || "application/octet-stream";
      const bytes = fs.readFileSync(file);
      const range = ranges && /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || "");
      if (range) {
        const start = Number(range[1]), end = Math.min(range[2] === "" ? bytes.length - 1 : Number(range[2]), bytes.length - 1);
        if (start >= bytes.length || end < start) {
          log.push({ path: p, status: 416 });
          res.writeHead(416, { "Content-Range": `bytes */${bytes.length}` });
          return res.end();
        }
        log.push({ path: p, status: 206 });
        res.writeHead(206, { "Content-Type": type, "Content-Range": `bytes ${start}-${end}/${bytes.length}` });
        return res.end(bytes.subarray(start, end + 1));
      }
      log.push({ path: p, status: 200 });
      res.writeHead(200, { "Content-Type": type });
      res.end(bytes);
    } catch (e) { res.writeHead(500); res.end(String(e)); }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close(), log };
}

/** Debian's Chromium, headless, with no network of its own. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Collects console errors and requests that leave `origin` for a page. */
export function watch(page, origin) {
  const seen = { errors: [], foreign: [] };
  page.on("console", (m) => { if (m.type() === "error") seen.errors.push(m.text()); });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) seen.foreign.push(r.url()); });
  return seen;
}
