// Browser tests of the readers' journeys on the built bundled portal: downloading a county's
// pairings, the programme filter's download, the notice list, the school finder and school pages
// on a phone. Usage: JIEDUI_PUBLIC=<built public/> node journeys.test.mjs
import assert from "node:assert/strict";
import fs from "node:fs";
import zlib from "node:zlib";
import { test, after, before } from "node:test";
import { serveSite, launch, watch } from "./harness.mjs";

let site, browser;

before(async () => {
  site = await serveSite(process.env.JIEDUI_PUBLIC || "public");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.close();
});

/** The records of a CSV text (quoted fields may hold commas, quotes and line ends). */
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) { text = text.slice(1); }
  const rows = [];
  let fields = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') { quoted = false; } else { field += c; }
    } else if (c === '"') { quoted = true; } else if (c === ",") { fields.push(field); field = ""; } else if (c === "\r") { /* CRLF */ } else if (c === "\n") { fields.push(field); rows.push(fields); fields = []; field = ""; } else { field += c; }
  }
  if (field || fields.length) { fields.push(field); rows.push(fields); }
  return rows;
}

/** One file of a zip archive (an XLSX), by name, as text. */
function unzipEntry(buffer, name) {
  // The end-of-central-directory record gives where the directory starts.
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) { end -= 1; }
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let n = 0; n < count; n += 1) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const entry = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    if (entry === name) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + size);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString("utf8");
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`${name} not in the archive`);
}

/** Clicks `selector` on `page` and returns the downloaded file's name and bytes. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(path) };
}

test("from the home page to 东兴市's pairings, downloaded as CSV and XLSX", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const seen = watch(page, site.origin);
  await page.goto(site.origin + "/");
  await page.click("nav.site-nav >> text=地区");
  await page.click("main >> text=防城港市");
  await page.click("main a:text-is('东兴市（25）')");
  assert.match(decodeURIComponent(page.url()), /\/regions\/广西壮族自治区\/防城港市\/东兴市\/$/);
  const listed = await page.$$eval("main table.data-table tbody tr", (rows) => rows.length);
  const csv = await download(page, "p.downloads a:text-is('CSV')");
  assert.equal(csv.name, "广西壮族自治区-防城港市-东兴市-结对名单.csv", "the file says what it holds");
  const rows = parseCsv(csv.bytes.toString("utf8"));
  const header = rows[0];
  const county = header.indexOf("县（市、区）");
  assert.ok(county > 0, "the data has a county column");
  assert.equal(rows.length - 1, 25, "东兴市 has 25 pairings");
  assert.ok(listed >= 25, `the page lists them (${listed} rows)`);
  for (const row of rows.slice(1)) {
    assert.equal(row[county], "东兴市", row.join(","));
    assert.match(row[header.indexOf("来源文件")], /\/notices\/2022-guangxi-bianjing-jiedui\/附件[12]-/);
    assert.match(row[header.indexOf("编号")], /^\d+$/);
  }
  const xlsx = await download(page, "p.downloads a:text-is('XLSX')");
  assert.equal(xlsx.name, "广西壮族自治区-防城港市-东兴市-结对名单.xlsx");
  const sheet = unzipEntry(xlsx.bytes, "xl/worksheets/sheet1.xml");
  assert.equal((sheet.match(/<row /g) || []).length, 26, "header and 25 rows");
  for (const row of rows.slice(1)) {
    const school = row[header.indexOf("受援方")];
    assert.ok(sheet.includes(`<t>${school}</t>`), `the XLSX holds ${school}`);
  }
  await page.click("p.downloads >> text=数据说明");
  assert.equal(await page.textContent("h1"), "数据说明");
  const described = await page.$$eval("main table tbody th", (cells) => cells.map((c) => c.textContent));
  assert.deepEqual(described, header, "数据说明 describes every column, in order");
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test("the programme filter downloads exactly the filtered rows", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const seen = watch(page, site.origin);
  await page.goto(site.origin + encodeURI("/programmes/2022-guangxi-bianjing/"));
  await page.selectOption("select[data-field=county]", "那坡县");
  await page.selectOption("select[data-field=stage]", "中小学");
  const visible = await page.$$eval("table[data-filter] tbody tr:not([hidden]) td:nth-child(2)", (cells) => cells.map((c) => c.textContent.trim()));
  assert.ok(visible.length > 0 && visible.length < 200, `${visible.length} rows shown`);
  const file = await download(page, ".table-filter button");
  assert.match(file.name, /那坡县-中小学\.csv$/);
  const rows = parseCsv(file.bytes.toString("utf8"));
  const header = rows[0];
  const full = parseCsv(fs.readFileSync(`${process.env.JIEDUI_PUBLIC || "public"}/data/programmes/2022-guangxi-bianjing.csv`, "utf8"));
  assert.deepEqual(header, full[0], "same columns as the full file");
  const expected = full.slice(1).filter((r) => r[header.indexOf("县（市、区）")] === "那坡县" && r[header.indexOf("学段")] === "中小学");
  assert.deepEqual(rows.slice(1), expected, "exactly the matching rows of the full file");
  assert.deepEqual(rows.slice(1).map((r) => r[header.indexOf("受援方")]), visible, "the rows the table shows");
  // the values come from the cells (a lead's name without its spelling note), and the lead filter
  // shows exactly the rows of that lead
  const leads = await page.$$eval("select[data-field=lead] option", (os) => os.map((o) => o.value).filter(Boolean));
  const fileLeads = new Set(full.slice(1).map((r) => r[header.indexOf("牵头单位")] || "未注明"));
  assert.ok(leads.length > 1 && leads.every((l) => fileLeads.has(l)), `lead options: ${leads.join("、")}`);
  await page.selectOption("select[data-field=county]", "");
  await page.selectOption("select[data-field=stage]", "");
  await page.selectOption("select[data-field=lead]", "百色学院");
  const byLead = await page.$$eval("table[data-filter] tbody tr:not([hidden]) td:nth-child(2)", (cells) => cells.map((c) => c.textContent.trim()));
  const expectedByLead = full.slice(1).filter((r) => r[header.indexOf("牵头单位")] === "百色学院").map((r) => r[header.indexOf("受援方")]);
  assert.deepEqual(byLead, expectedByLead, "the rows of 百色学院");
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test("/notices/ lists every notice, newest first", async () => {
  const page = await browser.newPage();
  await page.goto(site.origin + "/notices/");
  const items = await page.$$eval("main .doc-list li", (lis) => lis.map((li) => ({ title: li.querySelector("a").textContent, date: (li.querySelector("time").getAttribute("datetime") || li.querySelector("time").textContent) })));
  const notices = fs.readdirSync(`${process.env.JIEDUI_PUBLIC || "public"}/notices`).filter((d) => !/^\d{4}$/.test(d) && d !== "index.html" && d !== "page");
  assert.equal(items.length, notices.length, `every notice: ${notices.join(", ")}`);
  // a <time> without datetime gives its text as its date (HTML: the datetime value)
  const dates = items.map((i) => i.date);
  assert.ok(dates.every((d) => /^\d{4}(-\d{2}){0,2}$/.test(d)), `machine-readable dates: ${dates.join(", ")}`);
  assert.deepEqual(dates, [...dates].sort().reverse(), "newest first");
  await page.close();
});

const PUBLIC = process.env.JIEDUI_PUBLIC || "public";

/** Every entry of the built finder (all shards), by URL. */
function finderEntries() {
  const dir = `${PUBLIC}/search/f`;
  const meta = JSON.parse(fs.readFileSync(`${PUBLIC}/search/meta.json`, "utf8"));
  const entries = new Map();
  for (const file of fs.readdirSync(dir)) {
    const shard = JSON.parse(fs.readFileSync(`${dir}/${file}`, "utf8"));
    for (const e of shard.e) {
      // A school's or body's own page is written short ("" or "-<tail>" after its name).
      const section = e[1] === "学校" ? "schools/" : e[1] === "单位" ? "institutions/" : null;
      const url = section && (e[3] === "" || e[3].startsWith("-")) ? meta.finderBase + section + e[0] + e[3] + "/" : e[3];
      entries.set(url, e);
    }
  }
  return [...entries.values()];
}

/** Searches from the search page and waits for the status line. */
async function search(page, query) {
  await page.goto(site.origin + "/search/?q=" + encodeURIComponent(query));
  await page.waitForFunction(() => /找到|没有找到/.test(document.getElementById("search-status").textContent));
  return page.textContent("#search-status");
}

test("the finder's count is the number of names that match, and all can be shown", async () => {
  const page = await browser.newPage();
  const expected = finderEntries().filter((e) => e[0].includes("东兴")).map((e) => e[0]).sort();
  assert.ok(expected.length > 10, `more than a page of names hold 东兴 (${expected.length})`);
  const status = await search(page, "东兴");
  assert.match(status, new RegExp(`找到 ${expected.length} 个学校、单位或地区`), status);
  assert.equal(await page.$$eval("#finder-results li", (li) => li.length), 10, "the first 10 first");
  await page.click(`#finder-results button:text-is('显示全部 ${expected.length} 个')`);
  const shown = await page.$$eval("#finder-results li a", (as) => as.map((a) => a.textContent));
  assert.deepEqual([...shown].sort(), expected, "then every one of them");
  await page.close();
});

test("a school found by its short name (那隆完小) answers first on a phone: partner and lead on the first screen", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  const seen = watch(page, site.origin);
  for (const [query, name] of [["那隆完小", "那坡县百都乡那隆完全小学"], ["nlwx", "那坡县百都乡那隆完全小学"], ["梧州一中", "梧州市第一中学"], ["广西师大", "广西师范大学"]]) {
    await search(page, query);
    assert.equal(await page.textContent("#finder-results li a"), name, query);
  }
  await search(page, "那隆完小");
  await page.click("#finder-results li a");
  await page.waitForSelector("h1");
  assert.equal(await page.textContent("h1"), "那坡县百都乡那隆完全小学");
  const glance = await page.evaluate(() => {
    const box = document.querySelector(".glance");
    const terms = [...box.querySelectorAll("dt")].map((dt) => ({ term: dt.textContent, value: dt.nextElementSibling.textContent, bottom: dt.nextElementSibling.getBoundingClientRect().bottom }));
    return { terms, width: document.documentElement.scrollWidth };
  });
  const partner = glance.terms.find((t) => t.term === "支援方");
  const lead = glance.terms.find((t) => t.term === "牵头单位");
  assert.ok(partner && partner.value.length > 0, JSON.stringify(glance.terms));
  assert.ok(lead && lead.value.length > 0, JSON.stringify(glance.terms));
  assert.ok(partner.bottom <= 800 && lead.bottom <= 800, `partner ends at ${partner.bottom}px, lead at ${lead.bottom}px`);
  assert.ok(glance.width <= 360, "nothing overflows sideways");
  // The block says what the page's own table says.
  const row = await page.$$eval("#as-recipient ~ .table-scroll tbody tr td", (tds) => tds.map((td) => td.textContent.trim()));
  assert.ok(row.includes(lead.value), `the table's lead ${row.join("|")} is ${lead.value}`);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test("phones: a notice's heading is on the first screen, chart labels stay at 12 px or more, tables fit", async () => {
  for (const width of [320, 360, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(site.origin + encodeURI("/notices/2022-guangxi-bianjing-jiedui/"));
    const h1 = await page.evaluate(() => document.querySelector("h1").getBoundingClientRect().top);
    // On a desktop the 信息公开 table comes first, as on government portals; on a phone the heading.
    if (width < 600) { assert.ok(h1 < 400, `the notice's h1 starts at ${h1}px at ${width}px`); }
    for (const url of ["/regions/广西壮族自治区/", "/programmes/2022-guangxi-bianjing/"]) {
      await page.goto(site.origin + encodeURI(url));
      const sizes = await page.$$eval("svg.chart-svg text", (ts) => ts.map((t) => t.getBoundingClientRect().height));
      assert.ok(sizes.length > 0, url);
      // A text box's height is its line height, a little more than the font size (≥ 12 px).
      assert.ok(Math.min(...sizes) >= 13, `${url} at ${width}px: smallest label box ${Math.min(...sizes)}px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${url} overflows by ${overflow}px at ${width}px`);
    }
    if (width === 360) {
      await page.goto(site.origin + encodeURI("/regions/广西壮族自治区/防城港市/东兴市/"));
      const cards = await page.evaluate(() => {
        const cell = document.querySelector("#schools ~ .table-scroll td[data-label], section .table-scroll td[data-label]");
        return { display: getComputedStyle(cell).display, label: getComputedStyle(cell, "::before").content, height: document.documentElement.scrollHeight };
      });
      assert.equal(cards.display, "block", "each row is a card");
      assert.match(cards.label, /学校或单位|编号/);
      assert.ok(cards.height < 8000, `the 东兴市 page is ${cards.height}px tall`);
    }
    await context.close();
  }
});

test("printing a notice: full readable addresses, the 落款 on the right, headings kept with their text, 打印 and 关闭", async () => {
  const page = await browser.newPage();
  const seen = watch(page, site.origin);
  await page.goto(site.origin + encodeURI("/notices/2022-guangxi-bianjing-jiedui/"));
  const screen = await page.evaluate(() => ({
    tools: getComputedStyle(document.querySelector(".doc-tools")).display,
    buttons: [...document.querySelectorAll(".doc-tools button")].map((b) => b.textContent),
  }));
  assert.notEqual(screen.tools, "none", "the buttons show on screen");
  assert.deepEqual(screen.buttons, ["打印本页", "关闭窗口"]);
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await page.click("text=打印本页");
  assert.equal(await page.evaluate(() => window.printed), 1, "打印本页 prints");
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const attachment = [...document.querySelectorAll(".attachments a[href]")].find((a) => a.textContent.startsWith("附件1"));
    const signature = [...document.querySelectorAll(".content p.signature")];
    return {
      link: getComputedStyle(attachment, "::after").content,
      signature: signature.map((p) => [p.textContent, getComputedStyle(p).textAlign]),
      heading: getComputedStyle(document.querySelector(".content h2, .content h3, h2")).breakAfter,
      tools: getComputedStyle(document.querySelector(".doc-tools")).display,
    };
  });
  assert.ok(printed.link.includes(site.origin + "/notices/2022-guangxi-bianjing-jiedui/附件1-边境地区教育结对帮扶中小学校名单.csv"), `printed as ${printed.link}`);
  assert.ok(!printed.link.includes("%"), "no percent-encoding");
  assert.deepEqual(printed.signature, [["广西壮族自治区教育厅", "right"], ["2022年3月31日", "right"]]);
  assert.equal(printed.heading, "avoid");
  assert.equal(printed.tools, "none", "no buttons on paper");
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test("government portal conventions: 当前位置, 网站地图, the date inferred from a 文号", async () => {
  const page = await browser.newPage();
  await page.goto(site.origin + encodeURI("/notices/2020-leshan-meigu-yiduiyi/"));
  const crumbs = await page.$eval(".breadcrumbs", (nav) => ({
    name: nav.getAttribute("aria-label"),
    shown: getComputedStyle(nav.querySelector("ol"), "::before").content,
    current: nav.querySelector("[aria-current=page]").textContent,
  }));
  assert.equal(crumbs.name, "当前位置");
  assert.match(crumbs.shown, /^"当前位置："/, "the label is shown before the trail");
  assert.equal(crumbs.current, "正文", "a notice's trail ends with 正文; its title is the heading");
  assert.match(await page.textContent(".meta"), /2020年（据文号推断，原文未写日期）/);
  await page.click("footer >> text=网站地图");
  assert.equal(await page.textContent("h1"), "网站地图");
  const links = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
  for (const path of ["/notices/", "/programmes/", "/regions/", "/schools/", "/open-data/", "/search/", "/directory/"]) {
    assert.ok(links.includes(path), `网站地图 links ${path}`);
  }
  await page.close();
});
