// Browser test of `jiedui serve`'s preview: a failed rebuild shows its errors over the open page
// (which keeps the last good build), and once the file is fixed the box goes and the page shows
// the fix by itself. Usage: JIEDUI_PREVIEW=<served address> JIEDUI_PREVIEW_NOTICE=<its notices/a.md>
import assert from "node:assert/strict";
import fs from "node:fs";
import { test, after, before } from "node:test";
import { launch } from "./harness.mjs";

const origin = process.env.JIEDUI_PREVIEW;
const notice = process.env.JIEDUI_PREVIEW_NOTICE;
let browser;
before(async () => { if (origin) { browser = await launch(); } });
after(async () => { await browser?.close(); });

test("a failed rebuild shows its errors over the page until the file is fixed", { skip: !origin }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(origin + "notices/a/");
  const good = fs.readFileSync(notice, "utf8");
  fs.writeFileSync(notice, good.replace("date = 2024-03-01\n", ""));
  await page.waitForSelector("#jiedui-build-errors", { timeout: 20000 });
  const box = await page.textContent("#jiedui-build-errors");
  assert.match(box, /构建失败/);
  assert.match(box, /错误: content\/notices\/a\.md:1: 缺少必填字段 `date`/);
  assert.match(box, /提示:/);
  assert.match(await page.textContent("h1"), /关于开展结对帮扶工作的通知/, "the last good page stays under the box");
  fs.writeFileSync(notice, good.replace("各学校：", "各学校（已改正）："));
  await page.waitForFunction(() => document.body.textContent.includes("已改正") && !document.getElementById("jiedui-build-errors"), null, { timeout: 20000 });
  assert.deepEqual(errors, [], "the preview's script runs without errors");
  await page.close();
});
