// Browser tests of the built portal's search, in Debian's headless Chromium.
// Usage: JIEDUI_PUBLIC=<built public/ folder> node search.test.mjs. Exits non-zero on any failure.
// JIEDUI_PAGING_PUBLIC may name a second built site for the paging test (tests/browser.rs makes one).
import path from "node:path";
import zlib from "node:zlib";
import assert from "node:assert/strict";
import { test, after, before } from "node:test";
import { serveSite, launch, watch } from "./harness.mjs";

let site, paging, plainPaging, browser, origin, pagingOrigin, plainOrigin;

before(async () => {
  site = await serveSite(process.env.JIEDUI_PUBLIC || "public");
  origin = site.origin;
  if (process.env.JIEDUI_PAGING_PUBLIC) {
    paging = await serveSite(process.env.JIEDUI_PAGING_PUBLIC);
    pagingOrigin = paging.origin;
    plainPaging = await serveSite(process.env.JIEDUI_PAGING_PUBLIC, { ranges: false });
    plainOrigin = plainPaging.origin;
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.close();
  paging?.close();
  plainPaging?.close();
});

/** Opens the search page for `query`; returns the page, console errors, foreign requests and search bytes. */
async function searchFor(query, site = origin, init = null) {
  const page = await browser.newPage();
  if (init) await page.addInitScript(init);
  const { errors, foreign } = watch(page, site);
  const searchBytes = [];
  page.on("response", async (r) => {
    if (new URL(r.url()).pathname.startsWith("/search/") && /\.(json|bin)$/.test(r.url())) {
      try { searchBytes.push(zlib.gzipSync(await r.body()).length); } catch { /* aborted */ }
    }
  });
  await page.goto(`${site}/search/${query ? "?q=" + encodeURIComponent(query) : ""}`);
  if (query) await page.waitForFunction(() => {
    const s = document.getElementById("search-status");
    return s && s.textContent && !s.textContent.startsWith("正在");
  });
  await page.waitForTimeout(150);
  return { page, errors, foreign, searchBytes };
}

const finderNames = (page) => page.$$eval("#finder-results li a", (as) => as.map((a) => a.textContent));
const textTitles = (page) => page.$$eval("#text-results li > a", (as) => as.map((a) => a.textContent));
const firstResult = (page) => page.$eval("main .result-list li a", (a) => a.textContent);

function clean({ errors, foreign }) {
  assert.deepEqual(errors, [], "no console errors");
  assert.deepEqual(foreign, [], "no request leaves the site");
}

test("a browser without DecompressionStream still finds schools, and says why pages may be missing", async () => {
  // A phrase of three or more characters is confirmed against the pages' compressed texts.
  const r = await searchFor("桂林市宝贤中学", origin, () => { delete window.DecompressionStream; });
  assert.ok((await finderNames(r.page)).includes("桂林市宝贤中学"));
  const status = await r.page.$eval("#search-status", (s) => s.textContent);
  assert.match(status, /浏览器版本较旧/);
  clean(r);
  // One or two characters need no text: found as in any browser.
  const short = await searchFor("宝贤", origin, () => { delete window.DecompressionStream; });
  assert.ok((await textTitles(short.page)).length > 0);
  assert.doesNotMatch(await short.page.$eval("#search-status", (s) => s.textContent), /浏览器版本较旧/);
  clean(short);
});

test("a script older or newer than the index asks for a reload instead of reading it wrongly", async () => {
  // meta.json as another release writes it: this page's search.js reads format 8 only.
  const r = await searchFor("结对帮扶", origin, () => {
    const fetchFirst = window.fetch;
    window.fetch = (url, options) => fetchFirst(url, options).then((response) => String(url).endsWith("/meta.json")
      ? response.json().then((meta) => new Response(JSON.stringify({ ...meta, version: meta.version + 1 })))
      : response);
  });
  assert.match(await r.page.$eval("#search-status", (s) => s.textContent), /搜索数据已更新，请刷新本页/);
  assert.deepEqual(await textTitles(r.page), []);
  clean(r);
});

test("宝贤 finds 桂林市宝贤中学 first", async () => {
  const r = await searchFor("宝贤");
  assert.equal(await firstResult(r.page), "桂林市宝贤中学");
  clean(r);
  const kb = r.searchBytes.reduce((a, b) => a + b, 0) / 1024;
  assert.ok(kb <= 60, `first query downloads ${kb.toFixed(1)} KB gzipped of search data (budget 60 KB)`);
  console.log(`# first query (宝贤) fetched ${r.searchBytes.length} search files, ${kb.toFixed(1)} KB gzipped`);
});

test("bxzx (initials) finds 桂林市宝贤中学 first", async () => {
  const r = await searchFor("bxzx");
  assert.equal(await firstResult(r.page), "桂林市宝贤中学");
  clean(r);
});

// As people type a school's name: initials or pinyin without 市, the name without its place's
// suffix, words with a space between them, in any order.
for (const query of ["dxjz", "东兴 京族", "东兴京族", "dongxingjingzu", "京族 东兴"]) {
  test(`${query} finds 东兴市京族学校 first`, async () => {
    const r = await searchFor(query);
    assert.equal((await finderNames(r.page))[0], "东兴市京族学校");
    clean(r);
    await r.page.close();
  });
}

test("every word of the query is highlighted, and the status never counts zero of anything", async () => {
  const r = await searchFor("结对 边境");
  const marks = await r.page.$$eval("#text-results mark", (ms) => [...new Set(ms.map((m) => m.textContent))]);
  assert.ok(marks.includes("结对") && marks.includes("边境"), JSON.stringify(marks));
  const status = await r.page.textContent("#search-status");
  assert.ok(!/找到 0 /.test(status) && !/，0 个/.test(status), status);
  assert.match(status, /个页面/, status);
  clean(r);
  await r.page.close();
});

test("dongxing (pinyin) finds 东兴市", async () => {
  const r = await searchFor("dongxing");
  const names = await finderNames(r.page);
  assert.equal(names[0], "东兴市");
  clean(r);
});

test("峒中 finds the 峒中 schools", async () => {
  const r = await searchFor("峒中");
  const names = await finderNames(r.page);
  assert.ok(names.length >= 8, `${names.length} schools`);
  for (const n of names) assert.ok(n.includes("峒中"), n);
  assert.ok(names.includes("防城港市防城区峒中镇中心小学"));
  clean(r);
});

test("结对帮扶 finds the Guangxi notice, and only pages that contain the phrase", async () => {
  const r = await searchFor("结对帮扶");
  const titles = await textTitles(r.page);
  assert.equal(titles.filter((t) => t.endsWith("的通知"))[0], "自治区教育厅关于开展边境地区教育结对帮扶工作的通知");
  const marks = await r.page.$$eval("#text-results mark", (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.length > 0 && marks.every((m) => m === "结对帮扶"), `highlighted: ${marks.join(",")}`);
  clean(r);
});

test("鲁教厅办发 finds the Shandong notice", async () => {
  const r = await searchFor("鲁教厅办发");
  const titles = await textTitles(r.page);
  assert.equal(titles[0], "山东省教育厅办公室印发《关于加强省内教育扶贫协作的指导意见》的通知");
  clean(r);
});

test("东兴 does not match 东营…兴安-like decoys; a query with no match says so", async () => {
  const r = await searchFor("东兴");
  const titles = await textTitles(r.page);
  assert.ok(titles.length > 0);
  const none = await searchFor("火星学校");
  const status = await none.page.$eval("#search-status", (s) => s.textContent);
  assert.match(status, /没有找到与“火星学校”相关的结果/);
  assert.equal(await none.page.$$eval("main .result-list li", (l) => l.length), 0);
  clean(none);
});

test("typing updates the results and the URL", async () => {
  const r = await searchFor("");
  await r.page.fill("#search-q", "京族");
  await r.page.waitForFunction(() => document.querySelector("#finder-results li a")?.textContent === "东兴市京族学校");
  assert.match(r.page.url(), /\?q=%E4%BA%AC%E6%97%8F$/);
  await r.page.fill("#search-q", "宝贤");
  await r.page.waitForFunction(() => document.querySelector("main .result-list li a")?.textContent === "桂林市宝贤中学");
  await r.page.fill("#search-q", "京族");
  await r.page.waitForFunction(() => document.querySelector("#finder-results li a")?.textContent === "东兴市京族学校");
  // With the data loaded, time from the keystroke to the shown result (80 ms of it is the typing pause).
  const ms = await r.page.evaluate(() => new Promise((resolve) => {
    const input = document.getElementById("search-q");
    const start = performance.now();
    const seen = new MutationObserver(() => {
      if (document.querySelector("main .result-list li a")?.textContent === "桂林市宝贤中学") { seen.disconnect(); resolve(performance.now() - start); }
    });
    seen.observe(document.querySelector("main"), { subtree: true, childList: true, characterData: true });
    input.value = "宝贤";
    input.dispatchEvent(new Event("input"));
  }));
  console.log(`# result after typing, data loaded: ${ms.toFixed(0)} ms (including the 80 ms typing pause)`);
  clean(r);
});

test("the browser tokenizer and key hash agree with the Rust ones (src/search/tokenize.rs)", async () => {
  const r = await searchFor("");
  const got = await r.page.evaluate(() => ({
    units: window.jieduiSearch.units("鲁教厅办发〔２０１９〕5号").map((u) => [u.t, u.gap]),
    word: window.jieduiSearch.units("Word 文档").map((u) => [u.t, u.gap]),
    marks: window.jieduiSearch.units("【2022】（初中）、A-b，《x》").map((u) => [u.t, u.gap]),
    punctuated: window.jieduiSearch.phrases("桂政办发〔2022〕22号").map((p) => p.keys.map((k) => k.key)),
    rest: window.jieduiSearch.phrases("桂政办发〔2022〕22号").map((p) => p.rest.map((k) => k.key)),
    hashes: [window.jieduiSearch.fnv(""), window.jieduiSearch.fnv("a"), window.jieduiSearch.fnv("宝贤")],
    phrases: window.jieduiSearch.phrases("东兴 京族学校").map((p) => p.keys.map((k) => k.key)),
  }));
  assert.deepEqual(got.units, [["鲁", true], ["教", false], ["厅", false], ["办", false], ["发", false], ["[", false], ["2019", false], ["]", false], ["5", false], ["号", false]]);
  assert.deepEqual(got.marks, [["[", true], ["2022", false], ["]", false], ["[", false], ["初", false], ["中", false], ["]", false], ["、", false],
    ["a", false], ["-", false], ["b", false], ["《", true], ["x", false], ["》", false]]);
  // of every other bigram and the last, four are read first (query.rs chosen_keys: offsets 0, 2,
  // 6, 8 of 0, 2, 4, 6, 8), the fifth only when those four are common
  assert.deepEqual(got.punctuated, [["桂政", "办发", "] 22", "22 号"]]);
  assert.deepEqual(got.rest, [["[ 2022"]]);
  assert.deepEqual(got.word, [["word", true], ["文", true], ["档", false]]);
  assert.deepEqual(got.hashes, [0x811c9dc5, 0xe40c292c, 0xa1668bb7]);
  assert.deepEqual(got.phrases, [["东兴"], ["京族", "学校"]]);
  clean(r);
});

test("the browser derives a finder row's short forms as the Rust ones (src/search/short_spellings.rs)", async () => {
  // the same cases and results as short_spellings.rs's MIRROR_CASES
  const cases = [
    ["那坡县百都乡那隆完全小学", "npxbdxnlwqxx", "那坡县百都乡那隆完小|那坡百都乡那隆完小", "npxbdxnlwx|npbdxnlwx"],
    ["东兴市江平镇中心小学", "dxsjpzzxxx", "东兴市江平镇中心校|东兴江平镇中心校", "dxsjpzzxx|dxjpzzxx"],
    ["南宁市实验小学", "nnssyxx", "南宁市实小|南宁实小", "nnssx|nnsx"],
    ["三江侗族自治县民族中学", "sjdzzzxmzzx", "三江侗族自治县民中", "sjdzzzxmz"],
    ["凭祥市第一初级中学", "pxsdycjzx", "凭祥市第一初中|凭祥第一初中", "pxsdycz|pxdycz"],
    ["都安瑶族自治县高级中学", "dayzzzxgjzx", "都安瑶族自治县高中", "dayzzzxgz"],
    ["梧州市第十五中学", "wzsdswzx", "梧州市十五中|梧州十五中", "wzsswz|wzswz"],
    ["灵川县职业中学", "lcxzyzx", "灵川县职中|灵川职中", "lcxzz|lczz"],
    ["宁明县城中镇中心幼儿园", "nmxczzzxyey", "宁明县城中镇中心园|宁明城中镇中心园", "nmxczzzxy|nmczzzxy"],
    ["苍溪中学（东校区）第2小学", "cxzxdxqd2xx", "", ""],
    ["会理第一中学（东校区）", "hldyzxdxq", "会理一中（东校区）", "hlyzdxq"],
    ["桂林市宝贤中学", "glsbxzx", "", ""],
  ];
  const r = await searchFor("");
  const got = await r.page.evaluate((cases) => cases.map((c) => window.jieduiSearch.shortSpellings(c[0], c[1])), cases);
  assert.deepEqual(got, cases.map((c) => [c[2], c[3]]));
  clean(r);
});

test("〔2022〕22号 finds the Guangxi notice that cites 桂政办发〔2022〕22号, and only pages holding the phrase", async () => {
  const normalised = (t) => t.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/[〔【〖﹝(]/g, "[").replace(/[〕】〗﹞)]/g, "]");
  for (const query of ["〔2022〕22号", "[2022]22号", "【2022】22号", "(2022)22号", "（2022）22号"]) {
    const r = await searchFor(query);
    const titles = await textTitles(r.page);
    assert.ok(titles.some((t) => t.includes("边境地区教育结对帮扶")), `${query}: ${titles}`);
    const hrefs = await r.page.$$eval("#text-results li > a", (as) => as.map((a) => a.getAttribute("href")));
    for (const href of hrefs) {
      const html = await r.page.evaluate((u) => fetch(u).then((x) => x.text()), href);
      assert.ok(normalised(html).includes("[2022]22号"), `${query}: ${href} lacks the phrase`);
    }
    clean(r);
  }
});

/** The answers to reads of postings (search/k/) and texts (search/t/) since `from` in a server's log. */
const rangeReads = (server, from, dir) => server.log.slice(from).filter((e) => e.path.startsWith(`/search/${dir}/`));

for (const [name, host] of [["a host that serves ranges", () => paging], ["a host that ignores ranges", () => plainPaging]]) {
  test(`a rare phrase of common bigrams is found beyond the first postings pages (${name})`, { skip: !process.env.JIEDUI_PAGING_PUBLIC }, async () => {
    const server = host(), from = server.log.length;
    const r = await searchFor("东兴市京族学校结对", server.origin);
    assert.deepEqual(await textTitles(r.page), ["第0号通知"]);
    const common = await searchFor("结对帮扶", server.origin);
    assert.equal((await textTitles(common.page)).length, 10, "the first 10 of 900");
    const status = await common.page.$eval("#search-status", (s) => s.textContent);
    assert.match(status, /个页面/);
    await common.page.click(".more-results");
    await common.page.waitForFunction(() => document.querySelectorAll("#text-results li").length === 20);
    // Snippets come from each document's own text entry, one for every result listed.
    await common.page.waitForFunction(() => document.querySelectorAll("#text-results .snippet mark").length === 20);
    const snippets = await common.page.$$eval("#text-results .snippet", (ps) => ps.map((p) => p.textContent));
    assert.ok(snippets.every((t) => /结对帮扶/.test(t)), JSON.stringify(snippets));
    clean(r);
    clean(common);
    // Postings pages are read as ranges of one file per key, and texts as ranges of one chunk
    // per 128 documents; a host without ranges sends each whole file, and the page cuts its
    // parts from it.
    const expected = server === paging ? 206 : 200;
    const postings = rangeReads(server, from, "k");
    const dictionary = rangeReads(server, from, "t").filter((e) => e.path === "/search/t/dict.bin");
    const texts = rangeReads(server, from, "t").filter((e) => e.path !== "/search/t/dict.bin");
    assert.ok(postings.length > 0 && texts.length > 0, "postings and texts were read");
    // The texts' dictionary is read whole, once by each of the two pages.
    assert.deepEqual(dictionary.map((e) => e.status), [200, 200], JSON.stringify(dictionary));
    assert.deepEqual([...postings, ...texts].filter((e) => e.status !== expected), [], `every read answered ${expected}`);
    assert.ok(postings.every((e) => /^\/search\/k\/\d+\.bin$/.test(e.path)), JSON.stringify(postings));
    assert.ok(texts.every((e) => /^\/search\/t\/\d+\.bin$/.test(e.path)), JSON.stringify(texts));
  });
}

test("a hit deep in a long body is shown from the piece of text that holds it", { skip: !process.env.JIEDUI_PAGING_PUBLIC }, async () => {
  const r = await searchFor("石门坎希望小学", pagingOrigin);
  assert.deepEqual(await textTitles(r.page), ["长名单"]);
  await r.page.waitForSelector("#text-results mark");
  const marks = await r.page.$$eval("#text-results mark", (ms) => ms.map((m) => m.textContent));
  assert.deepEqual(marks, ["石门坎希望小学"]);
  const snippet = await r.page.$eval("#text-results .snippet", (p) => p.textContent);
  assert.match(snippet, /1400、受援学校：石门坎希望小学，支援学校/);
  const pieces = await r.page.evaluate(() => performance.getEntriesByType("resource")
    .map((e) => new URL(e.name).pathname).filter((p) => /\/search\/t\//.test(p)));
  assert.ok(pieces.some((p) => /\/t\/s\d+-\d+\.bin$/.test(p)), `a piece was read: ${pieces}`);
  clean(r);
});
