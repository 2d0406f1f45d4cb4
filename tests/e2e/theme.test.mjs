// Browser tests of the default theme on the built bundled portal: accessibility (axe-core, no
// violations), reading controls that persist, no overflow at 360 px, no console errors, no request
// leaving the site. Usage: JIEDUI_PUBLIC=<built public/> node theme.test.mjs
// With JIEDUI_SCREENSHOTS=<folder>, saves each page at 360 px and 1280 px for a person to look at.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { test, after, before } from "node:test";
import { serveSite, launch, watch } from "./harness.mjs";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PAGES = {
  home: "/",
  notice: "/notices/2022-guangxi-bianjing-jiedui/",
  programme: "/programmes/2022-guangxi-bianjing/",
  county: "/regions/广西壮族自治区/防城港市/东兴市/",
  school: "/schools/桂林市宝贤中学/",
  report: "/reports/2023-jieyang-zhiye-jishu-xueyuan/",
  search: "/search/?q=宝贤",
};
let site, browser;

before(async () => {
  site = await serveSite(process.env.JIEDUI_PUBLIC || "public");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.close();
});

for (const [name, url] of Object.entries(PAGES)) {
  test(`${name}: no axe-core violations, no console errors, nothing leaves the site`, async () => {
    // axe is injected as a script, which the pages' Content-Security-Policy forbids: run it in a
    // context that bypasses CSP, and check the real CSP separately below.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const seen = watch(page, site.origin);
    await page.goto(site.origin + encodeURI(url));
    await page.waitForLoadState("networkidle");
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    assert.deepEqual(violations, [], violations.join("\n"));
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.foreign, []);
    await context.close();
  });
}

test("control: axe does report a planted violation (the check above can fail)", async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(site.origin + "/");
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    document.querySelector("main").appendChild(img);
  });
  await page.addScriptTag({ content: axeSource });
  const ids = await page.evaluate(() => window.axe.run(document).then((r) => r.violations.map((v) => v.id)));
  assert.ok(ids.includes("image-alt"), ids.join(","));
  await context.close();
});

test("the Content-Security-Policy holds: pages run with it and report no violation", async () => {
  const page = await browser.newPage();
  const seen = watch(page, site.origin);
  for (const url of Object.values(PAGES)) {
    await page.goto(site.origin + encodeURI(url));
    await page.waitForLoadState("networkidle");
  }
  assert.deepEqual(seen.errors, [], "a CSP violation shows as a console error");
  assert.deepEqual(seen.foreign, []);
  await page.close();
});

test("text size and high contrast controls work and persist across pages", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.origin + "/");
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const normal = await size();
  await page.click("button[data-set-size='x-large']");
  assert.ok((await size()) > normal * 1.3, "特大 enlarges the text");
  await page.click("button[data-toggle-contrast]");
  assert.equal(await page.getAttribute("html", "data-contrast"), "high");
  assert.equal(await page.getAttribute("button[data-toggle-contrast]", "aria-pressed"), "true");
  await page.goto(site.origin + encodeURI(PAGES.notice));
  assert.equal(await page.getAttribute("html", "data-text-size"), "x-large");
  assert.equal(await page.getAttribute("html", "data-contrast"), "high");
  assert.ok((await size()) > normal * 1.3, "the size is kept on the next page");
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
  assert.equal(bg, "rgb(0, 0, 0)");
  await page.click("button[data-set-size='normal']");
  assert.equal(await size(), normal);
  await context.close();
});

test("keyboard: the skip link comes first and leads to the main content", async () => {
  const page = await browser.newPage();
  await page.goto(site.origin + encodeURI(PAGES.notice));
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "跳到正文");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "focus is visible");
  await page.keyboard.press("Enter");
  assert.match(page.url(), /#main$/);
  await page.close();
});

test("at 360 px nothing but tables scrolls sideways", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  for (const [name, url] of Object.entries(PAGES)) {
    await page.goto(site.origin + encodeURI(url));
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} overflows by ${overflow}px`);
  }
  await context.close();
});

// Every page type of the bundled portal, at two phone widths and the three text sizes: the page
// itself never scrolls sideways (a table inside its own scrolling box may).
const EVERY_TYPE = {
  ...PAGES,
  shandongNotice: "/notices/2019-shandong-jiaoyu-fupin-xiezuo/",
  notices: "/notices/",
  programmes: "/programmes/",
  shandongProgramme: "/programmes/2019-shandong-xiezuo/",
  regions: "/regions/",
  province: "/regions/广西壮族自治区/",
  prefecture: "/regions/广西壮族自治区/防城港市/",
  reports: "/reports/",
  topics: "/topics/",
  about: "/about/",
  sitemap: "/sitemap/",
  openData: "/open-data/",
  directory: "/directory/",
  notFound: "/404.html",
};
for (const width of [320, 360]) {
  test(`at ${width} px and every text size no page is wider than the screen`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const wide = [];
    for (const size of ["normal", "large", "x-large"]) {
      await page.goto(site.origin + "/");
      await page.evaluate((s) => localStorage.setItem("jiedui-text-size", s), size);
      for (const [name, url] of Object.entries(EVERY_TYPE)) {
        await page.goto(site.origin + encodeURI(url));
        await page.waitForLoadState("networkidle");
        assert.equal(await page.getAttribute("html", "data-text-size"), size);
        const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (over > 0) { wide.push(`${name} (${size}): ${over}px`); }
        const button = await page.evaluate(() => {
          const b = document.querySelector(".search-box button");
          return b ? b.getBoundingClientRect().right <= document.documentElement.clientWidth : true;
        });
        if (!button) { wide.push(`${name} (${size}): search button off-screen`); }
      }
    }
    assert.deepEqual(wide, []);
    await context.close();
  });
}

// The 信息公开 grid (a <dl>): two name/value pairs to a line on a wide screen, one at 360 px,
// each name beside its value.
test("a notice's 信息公开 grid has two pairs a line, and one on a phone", async () => {
  for (const [width, perLine] of [[1280, 2], [360, 1]]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(site.origin + encodeURI(PAGES.notice));
    const cells = await page.$$eval(".meta > *", (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { tag: e.tagName, text: e.textContent, top: Math.round(r.top), left: Math.round(r.left) };
    }));
    assert.ok(cells.length >= 12, JSON.stringify(cells));
    assert.equal(cells[0].text, "索引号");
    const lines = [...new Set(cells.map((c) => c.top))];
    assert.equal(lines.length, cells.length / (2 * perLine), `${width} px: ${JSON.stringify(cells)}`);
    for (let i = 0; i < cells.length; i += 2) {
      assert.deepEqual([cells[i].tag, cells[i + 1].tag], ["DT", "DD"]);
      assert.equal(cells[i].top, cells[i + 1].top, `${width} px: ${cells[i].text} beside its value`);
      assert.ok(cells[i].left < cells[i + 1].left);
    }
    await context.close();
  }
});

/// WCAG 2.2 (1.4.11, 2.4.13): a focus indicator has at least 3:1 against what surrounds it.
test("the focus outline contrasts at least 3:1 with the page and the header", async () => {
  const page = await browser.newPage();
  await page.goto(site.origin + encodeURI(PAGES.notice));
  const ratios = await page.evaluate(() => {
    const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const outlineOf = (el) => { el.focus({ focusVisible: true }); return getComputedStyle(el).outlineColor; };
    const page = getComputedStyle(document.body).backgroundColor;
    const header = getComputedStyle(document.querySelector(".site-header")).backgroundColor;
    const nav = getComputedStyle(document.querySelector(".site-nav")).backgroundColor;
    return {
      page: ratio(outlineOf(document.querySelector("main a[href]")), page),
      header: Math.min(
        ratio(outlineOf(document.querySelector(".site-header button")), header),
        ratio(outlineOf(document.querySelector(".site-nav a")), nav),
      ),
    };
  });
  assert.ok(ratios.page >= 3, `outline against the page: ${ratios.page.toFixed(2)}:1`);
  assert.ok(ratios.header >= 3, `outline against the header: ${ratios.header.toFixed(2)}:1`);
  await page.close();
});

// Both seed notices print as a 公文: the 落款 right-aligned, the 文号 on one line, the source
// address once, no addresses after topic chips, no print/close buttons.
for (const url of ["/notices/2022-guangxi-bianjing-jiedui/", "/notices/2019-shandong-jiaoyu-fupin-xiezuo/"]) {
  test(`print of ${url} reads as a 公文`, async () => {
    const page = await browser.newPage();
    await page.goto(site.origin + encodeURI(url));
    await page.emulateMedia({ media: "print" });
    const shown = await page.evaluate(() => {
      const signature = [...document.querySelectorAll("p.signature")];
      const number = [...document.querySelectorAll(".meta dt")].find((dt) => dt.textContent === "文号")?.nextElementSibling;
      const lineHeight = number ? parseFloat(getComputedStyle(number).lineHeight) || 20 : 0;
      const chips = [...document.querySelectorAll("main .chips a, main a.chip, main .terms a")];
      const text = document.querySelector("main").innerText;
      return {
        signatures: signature.map((p) => getComputedStyle(p).textAlign),
        numberLines: number ? Math.round(number.getBoundingClientRect().height / lineHeight) : 0,
        chipAfter: chips.map((a) => getComputedStyle(a, "::after").content).filter((c) => c && c !== "none" && c !== "normal"),
        tools: getComputedStyle(document.querySelector(".doc-tools")).display,
        toolsBeforeAttachments: !document.querySelector(".attachments") ||
          !!(document.querySelector(".doc-tools").compareDocumentPosition(document.querySelector(".attachments")) & Node.DOCUMENT_POSITION_FOLLOWING),
        appendixBreaks: [...document.querySelectorAll(".attachments .appendix")].map((a) => getComputedStyle(a).breakBefore),
        sourceAddresses: (() => {
          const source = [...document.querySelectorAll(".meta dt")].find((dt) => dt.textContent === "来源")?.nextElementSibling;
          const a = source?.querySelector("a[href^='http']");
          if (!a) { return 1; }
          const own = a.textContent.includes(a.getAttribute("href"));
          const after = getComputedStyle(a, "::after").content;
          return (own ? 1 : 0) + (after && after !== "none" && after !== "normal" ? 1 : 0);
        })(),
        text,
      };
    });
    assert.ok(shown.signatures.length >= 2, "the 落款 is marked");
    assert.deepEqual([...new Set(shown.signatures)], ["right"]);
    assert.equal(shown.numberLines, 1, "文号 on one line");
    assert.deepEqual(shown.chipAfter, [], "topic chips print no addresses");
    assert.equal(shown.tools, "none");
    assert.ok(shown.toolsBeforeAttachments, "打印本页/关闭窗口 come before the attached lists, not after their rows");
    assert.ok(shown.appendixBreaks.every((b) => b === "page"), "each attached list starts a page of its own");
    if (url.includes("guangxi")) { assert.equal(shown.appendixBreaks.length, 2, "both attached lists"); }
    assert.equal(shown.sourceAddresses, 1, "the source address is printed once");
    await page.close();
  });
}

test("print: no navigation or controls, table headers repeat, link addresses shown", async () => {
  const page = await browser.newPage();
  await page.goto(site.origin + encodeURI(PAGES.programme));
  await page.emulateMedia({ media: "print" });
  const shown = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector(".site-header")).display,
    footer: getComputedStyle(document.querySelector(".site-footer")).display,
    filter: getComputedStyle(document.querySelector(".table-filter")).display,
    thead: getComputedStyle(document.querySelector(".pairing-table thead")).display,
    linkAfter: getComputedStyle(document.querySelector("main .pairing-table a[href]"), "::after").content,
  }));
  assert.equal(shown.header, "none");
  assert.equal(shown.footer, "none");
  assert.equal(shown.filter, "none");
  assert.equal(shown.thead, "table-header-group");
  assert.match(shown.linkAfter, /attr\(href\)|\//);
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 10000, "prints to A4");
  await page.close();
});

test("screenshots at 360 px and 1280 px", { skip: !process.env.JIEDUI_SCREENSHOTS }, async () => {
  const dir = process.env.JIEDUI_SCREENSHOTS;
  fs.mkdirSync(dir, { recursive: true });
  for (const width of [360, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const [name, url] of Object.entries(PAGES)) {
      await page.goto(site.origin + encodeURI(url));
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: false });
    }
    await context.close();
  }
});
