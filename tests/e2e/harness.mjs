// Shared by the browser tests: a static server for a built site on 127.0.0.1, and Chromium.
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".csv": "text/csv" };

/** Serves `root` on a free loopback port; resolves to { origin, close }. */
export async function serveSite(root) {
  root = path.resolve(root);
  if (!fs.existsSync(path.join(root, "index.html"))) {
    throw new Error(`no built site at ${root}: build it with jiedui build`);
  }
  const server = http.createServer((req, res) => {
    try {
      const p = decodeURIComponent(new URL(req.url, "http://x").pathname);
      if (p.includes("..")) { res.writeHead(400); return res.end(); }
      let file = path.join(root, p);
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) { file = path.join(file, "index.html"); }
      if (!fs.existsSync(file)) { res.writeHead(404, { "Content-Type": types[".html"] }); return res.end(fs.readFileSync(path.join(root, "404.html"))); }
      res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
      res.end(fs.readFileSync(file));
    } catch (e) { res.writeHead(500); res.end(String(e)); }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
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
