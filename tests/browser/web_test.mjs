// The libtax-web page in a real browser: Debian's headless Chromium driven through the DevTools
// protocol (puppeteer-core; no browser is downloaded). For each scenario file it starts from a
// fresh page, fills the form as a person would (typing, ticking, choosing), calculates, and checks:
//   * every figure shown equals `libtax-calc --json` on the same file (or, where libtax-calc
//     refuses the file, the page shows the same refusal by the same field);
//   * the scenario YAML the page downloads computes to the same results as the file;
//   * the regimes chart is drawn (inline SVG) and the language switch re-renders the answer;
// then that bad input (a negative wage, a non-number, a bad monthly row) is shown next to its field,
// and that the page asked for nothing but the local server. Screenshots go to $SHOTS_DIR.
//
// Environment: LIBTAX_SOURCE_DIR, LIBTAX_BUILD_DIR, PYTHON (/usr/bin/python3), CHROMIUM
// (/usr/bin/chromium), SHOTS_DIR. Output ends with "N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

const SRC = process.env.LIBTAX_SOURCE_DIR;
const BUILD = process.env.LIBTAX_BUILD_DIR;
const PYTHON = process.env.PYTHON || "/usr/bin/python3";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.SHOTS_DIR || path.join(BUILD, "tests", "browser", "screenshots");
const CALC = path.join(BUILD, "tools", "calc", "libtax-calc");
const STEP_MS = 30000;

let passed = 0, failed = 0;
function check(ok, what, detail = "") {
  if (ok) { passed++; console.log(`ok      ${what}`); }
  else { failed++; console.log(`FAILED  ${what}${detail ? "\n        " + detail : ""}`); }
}

// libtax-calc --json on the file, in the page's language where libtax-calc has --lang
let CALC_HAS_LANG = null;
function calcJson(file, lang = "en") {
  if (CALC_HAS_LANG === null) {
    const h = spawnSync(CALC, ["--help"], { encoding: "utf8", timeout: STEP_MS });
    CALC_HAS_LANG = /--lang/.test(`${h.stdout}${h.stderr}`);
  }
  const args = CALC_HAS_LANG ? ["--lang", lang, "--json", file] : ["--json", file];
  const p = spawnSync(CALC, args, { encoding: "utf8", timeout: STEP_MS });
  if (p.error) throw p.error;
  return JSON.parse(p.stdout);
}
function yamlToObject(file) {
  const code = "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))";
  const p = spawnSync(PYTHON, ["-c", code, file], { encoding: "utf8", timeout: STEP_MS });
  if (p.status !== 0) throw new Error(`${file}: ${p.stderr}`);
  return JSON.parse(p.stdout);
}

function startServer() {
  const env = { ...process.env, PYTHONPATH: path.join(BUILD, "python") };
  const srv = spawn(PYTHON, ["-m", "libtax.web", "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "", err = "";
    const timer = setTimeout(() => { srv.kill("SIGTERM"); reject(new Error(`libtax-web printed no URL in 20 s: ${out} ${err}`)); }, 20000);
    srv.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve({ srv, url: m[0], port: Number(m[1]) }); }
    });
    srv.stderr.on("data", (d) => { err += d; });
    srv.on("exit", (code) => { clearTimeout(timer); reject(new Error(`libtax-web exited ${code}: ${err}`)); });
  });
}

// ---- filling the form ------------------------------------------------------------------------------
const idOf = (p) => "#f-" + p.replace(/[^A-Za-z0-9_]/g, "-");

async function typeInto(page, selector, text) {
  const h = await page.$(selector);
  if (!h) throw new Error(`the form has no ${selector}`);
  // focus it (a click could land on the sticky bar over it), select what is there, type over it
  await h.evaluate((e) => { e.scrollIntoView({ block: "center" }); e.focus(); e.select(); });
  await page.keyboard.press("Backspace");
  await page.keyboard.type(String(text));
}

// Each value of the file goes into the form element named after its dotted key, as a person
// would enter it: typed into a text box, ticked, or chosen; a list of mappings is a list of rows
// ("+ add" then each cell); a list of ids is a set of checkboxes.
async function fill(page, scenario) {
  const flat = [];
  const walk = (node, prefix) => {
    for (const [k, v] of Object.entries(node)) {
      const p = prefix + k;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) walk(v, p + ".");
      else flat.push([p, v]);
    }
  };
  walk(scenario, "");
  for (const [p, v] of flat) {
    if (Array.isArray(v) && v.every((x) => x !== null && typeof x === "object")) {
      for (const row of v) {
        await page.click(`[data-add="${p}"]`);
        const i = (await page.$$(`[data-rows="${p}"] tbody tr`)).length - 1;
        for (const [c, x] of Object.entries(row)) await enter(page, `[name="${p}[${i}].${c}"]`, x);
      }
    } else if (Array.isArray(v)) {
      for (const id of v) await page.click(`input[name="${p}"][value="${id}"]`);
    } else {
      await enter(page, idOf(p), v);
    }
  }
}

async function enter(page, selector, v) {
  const h = await page.$(selector);
  if (!h) throw new Error(`the form has no ${selector}`);
  const [tag, type] = await h.evaluate((e) => [e.tagName, e.type]);
  if (type === "checkbox") {
    if ((await h.evaluate((e) => e.checked)) !== Boolean(v)) await h.click();
  } else if (tag === "SELECT") {
    await page.select(selector, typeof v === "boolean" ? String(v) : String(v));
  } else {
    await typeInto(page, selector, v);
  }
}

async function calculate(page) {
  await page.evaluate(() => document.body.setAttribute("data-state", "waiting"));
  await page.click("#calc");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.getAttribute("data-state")), { timeout: STEP_MS });
  return page.evaluate(() => document.body.getAttribute("data-state"));
}

// a figure as the page shows it, its thousands grouping undone (text figures are left as they are)
const plain = (s) => (/^\s*-?\d{1,3}(,\d{3})*(\.\d+)?\s*$/.test(s) ? s.replace(/,/g, "") : s).trim();
function shownValue(v, lang) {
  if (v === true) return { en: "yes", zh: "是", both: "是 yes" }[lang];
  if (v === false) return { en: "no", zh: "否", both: "否 no" }[lang];
  return String(v);
}

// The figures the page shows, against libtax-calc's JSON.
async function compareFigures(page, name, expected, lang) {
  const shown = await page.$$eval("[data-figure]", (es) => es.map((e) => [e.getAttribute("data-figure"), e.textContent]));
  const map = new Map(shown.map(([k, v]) => [k, v]));
  let n = 0, bad = [];
  for (const [sec, body] of Object.entries(expected.results)) {
    for (const [fig, v] of Object.entries(body.figures || {})) {
      n++;
      const got = map.get(`${sec}/${fig}`);
      if (got === undefined || plain(got) !== shownValue(v, lang)) bad.push(`${sec}/${fig}: page ${got}, libtax-calc ${v}`);
    }
  }
  check(bad.length === 0 && n > 0, `${name}: the ${n} figures shown equal libtax-calc --json`, bad.slice(0, 5).join("; "));
  check(shown.length === n, `${name}: the page shows no figure libtax-calc lacks (${shown.length} shown)`);
  const sum = expected.summary;
  if (sum && typeof sum === "object" && "tax_due" in sum) {
    // the one-page answer: every amount of it, and the headline from it
    const want = new Map();
    const amount = (x) => (x && typeof x === "object" ? x.amount : x);
    for (const k of ["total_income", "tax_before_relief", "tax_due", "net_income"]) want.set(k, amount(sum[k]));
    if (sum.residence && sum.residence.china_sourced_wages) want.set("residence.china_sourced_wages", sum.residence.china_sourced_wages);
    for (const [m, v] of Object.entries(sum.monthly_wage_tax || {})) want.set(`monthly_wage_tax.${m}`, v);
    for (const g of sum.regimes || []) {
      if (g.relief !== null && g.relief !== undefined && g.eligible) {
        want.set(`regimes.${g.id}.relief`, g.relief);
        want.set(`regimes.${g.id}.tax_after_relief`, g.tax_after_relief);
      }
    }
    const got = new Map(await page.$$eval("[data-summary]", (es) => es.map((e) => [e.getAttribute("data-summary"), e.textContent])));
    const wrong = [...want].filter(([k, v]) => got.get(k) === undefined || plain(got.get(k)) !== String(v)).map(([k, v]) => `${k}: page ${got.get(k)}, libtax-calc ${v}`);
    check(wrong.length === 0, `${name}: the one-page answer's ${want.size} amounts equal libtax-calc's summary`, wrong.slice(0, 5).join("; "));
    const due = await page.$eval('[data-headline="tax_due"]', (e) => e.textContent).catch(() => null);
    check(due !== null && plain(due) === amount(sum.tax_due), `${name}: headline tax due ${due} = ${amount(sum.tax_due)}`);
  } else {
    const total = await page.$eval('[data-headline="total_tax"]', (e) => e.textContent).catch(() => null);
    check(total !== null && plain(total) === expected.total_tax, `${name}: total tax ${total} = ${expected.total_tax}`);
  }
  const sections = await page.$$eval("[data-section]", (es) => es.map((e) => e.getAttribute("data-section")));
  check(JSON.stringify(sections) === JSON.stringify(Object.keys(expected.results)),
    `${name}: sections in libtax-calc's order (${sections.join(", ")})`);
}

async function downloaded(dir, suffix, before, seconds = 10) {
  // the file may appear under its name before Chromium has written all of it: wait until it is
  // non-empty and its size has stood still for 300 ms
  let seen = null, size = -1, still = 0;
  for (let i = 0; i < seconds * 10; i++) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(suffix) && !before.includes(f));
    if (files.length) {
      seen = path.join(dir, files[0]);
      const now = fs.statSync(seen).size;
      still = now > 0 && now === size ? still + 1 : 0;
      size = now;
      if (still >= 3) return seen;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

function withoutFile(doc) {
  const d = JSON.parse(JSON.stringify(doc));
  if (d.scenario) delete d.scenario.file;
  // explanations and notes may name the file; the figures and titles are what must agree
  for (const s of Object.values(d.results || {})) { delete s.explanation; delete s.notes; }
  return d;
}

const grouped = (s) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

async function scenarioRun(browser, base, file, name, lang, dlDir, withStatement = false) {
  const page = await browser.newPage();
  const offsite = [];
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    const u = req.url();
    if (u.startsWith(base) || u.startsWith("blob:") || u.startsWith("data:")) req.continue();
    else { offsite.push(u); req.abort(); }
  });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.setViewport({ width: 1400, height: 1000 });
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dlDir });
  await page.goto(base, { waitUntil: "load", timeout: STEP_MS });
  await page.waitForFunction(() => document.body.getAttribute("data-state") === "ready", { timeout: STEP_MS });
  await page.click(`button[data-lang="${lang}"]`);

  const scenario = yamlToObject(file);
  await fill(page, scenario);
  const state = await calculate(page);
  const expected = calcJson(file, lang);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  if (expected.error) {
    // libtax-calc refuses this file: the page must refuse it the same way, by the same field
    const field = expected.error.field;
    const msg = await page.$eval(`.field-error[data-for="${field}"], #form-error[data-for="${field}"]`, (e) => e.textContent).catch(() => null);
    const problem = expected.error.message.split(`: ${field}: `).pop();
    check(state === "error" && msg !== null && msg.endsWith(problem),
      `${name}: libtax-calc refuses it (${field}: ${problem}); the page shows the same by ${field}`, `page: ${msg}`);
  } else {
    check(state === "done", `${name}: computed`, state);
    await compareFigures(page, name, expected, lang);
    const one = expected.summary && typeof expected.summary === "object" && (expected.summary.regimes || []).length;
    if (one || (expected.results.regimes && expected.results.regimes.available)) {
      const bars = await page.$$eval("#regime-chart rect[data-part=relief]", (es) => es.map((e) => e.getAttribute("data-regime")));
      const eligible = one
        ? expected.summary.regimes.filter((g) => g.eligible && Number(g.relief) > 0).map((g) => g.id)
        : Object.keys(expected.results.regimes.figures).filter((k) => k.endsWith(".relief") &&
          Number(expected.results.regimes.figures[k]) > 0).map((k) => k.slice(0, -7));
      check(JSON.stringify(bars) === JSON.stringify(eligible), `${name}: the chart draws a relief bar for ${eligible.join(", ") || "no regime"}`, bars.join(","));
    }
    // the downloaded scenario computes to the same answer as the file
    const before = fs.readdirSync(dlDir);
    await page.click("#dl-yaml");
    const yml = await downloaded(dlDir, ".yaml", before);
    check(yml !== null, `${name}: the scenario YAML downloads`);
    if (yml) {
      const again = calcJson(yml, lang);
      check(JSON.stringify(withoutFile(again)) === JSON.stringify(withoutFile(expected)),
        `${name}: the downloaded YAML computes to the file's results`);
      fs.copyFileSync(yml, path.join(SHOTS, `${name}.yaml`));
    }
    const beforeJ = fs.readdirSync(dlDir);
    await page.click("#dl-json");
    const js = await downloaded(dlDir, ".json", beforeJ);
    check(js !== null && JSON.stringify(withoutFile(JSON.parse(fs.readFileSync(js, "utf8")))) === JSON.stringify(withoutFile(expected)),
      `${name}: the JSON downloads, with the same results`);
    if (withStatement) {
      // the statement, as the library writes it: HTML in the page's language with the year's tax; and the PDF
      const enabled = await page.$eval("#dl-statement", (e) => !e.disabled);
      check(enabled, `${name}: the statement can be downloaded`);
      if (enabled) {
        const b1 = fs.readdirSync(dlDir);
        await page.click("#dl-statement");
        const html = await downloaded(dlDir, ".html", b1, 30);
        const text = html ? fs.readFileSync(html, "utf8") : "";
        const tax = expected.summary && expected.summary.tax_due ? expected.summary.tax_due.amount : expected.total_tax;
        check(text.startsWith("<!DOCTYPE html>") && text.includes(`lang="${lang === "en" ? "en" : "zh-CN"}"`) &&
          (text.includes(tax) || text.includes(grouped(tax))), `${name}: the statement downloads as HTML with the tax ${tax}`);
        if (html) fs.copyFileSync(html, path.join(SHOTS, `${name}-statement.html`));
        const b2 = fs.readdirSync(dlDir);
        await page.click("#dl-statement-pdf");
        const pdf = await downloaded(dlDir, ".pdf", b2, 90);
        check(pdf !== null && fs.readFileSync(pdf).subarray(0, 5).toString() === "%PDF-", `${name}: the statement downloads as PDF`);
        if (pdf) fs.copyFileSync(pdf, path.join(SHOTS, `${name}-statement.pdf`));
      }
    }
  }
  check(offsite.length === 0, `${name}: the page asked only the local server`, offsite.join(" "));
  check(pageErrors.length === 0, `${name}: no script error`, pageErrors.join(" "));
  return page;
}

async function errorsByField(page, name) {
  // the message is in the page's language (English, or Chinese after the language switch)
  const cases = [
    ["#f-income-wages", "-5000", "income.wages", ["'-5000' is negative", "“-5000”为负数"]],
    ["#f-income-wages", "12万", "income.wages", ["is not an amount of yuan", "不是以元计的金额"]],
    ["#f-person-days_in_china", "三百", "person.days_in_china", ["'三百'", "“三百”"]],
  ];
  for (const [sel, value, field, texts] of cases) {
    await typeInto(page, sel, value);
    const state = await calculate(page);
    const msg = await page.$eval(`.field-error[data-for="${field}"]`, (e) => e.textContent).catch(() => null);
    // the message sits in the same row as the input, and the input is marked invalid
    const sameRow = await page.$eval(sel, (e) => {
      const row = e.closest(".row");
      return e.getAttribute("aria-invalid") === "true" && row !== null && row.querySelector(".field-error") !== null;
    });
    const hidden = await page.$eval("#answer", (e) => e.hidden);
    const lang = await page.$eval("html", (e) => e.lang).catch(() => "");
    const words = texts[lang.startsWith("zh") ? 1 : 0];
    check(state === "error" && msg !== null && msg.includes(words) && sameRow && hidden,
      `${name}: ${field} = ${value} is shown by its field`, `page: ${msg}`);
    const shot = `${name}-error-${field.replace(/\W/g, "_")}.png`;
    await page.screenshot({ path: path.join(SHOTS, shot) });
  }
  await typeInto(page, "#f-income-wages", "960000");
  await typeInto(page, "#f-person-days_in_china", "330");
  // a bad monthly row: the message is shown under the monthly table
  const rows = (await page.$$('[data-rows="monthly_pay"] tbody tr')).length;
  if (rows > 1) {
    await typeInto(page, '[name="monthly_pay[1].wage"]', "abc");
    const state = await calculate(page);
    const msg = await page.$eval('.field-error[data-for="monthly_pay[1].wage"]', (e) => e.textContent).catch(() => null);
    const marked = await page.$eval('[name="monthly_pay[1].wage"]', (e) => e.getAttribute("aria-invalid"));
    check(state === "error" && msg !== null && msg.includes("monthly_pay[1].wage") && marked === "true",
      `${name}: monthly_pay[1].wage = abc is shown by its cell`, `page: ${msg}`);
    await typeInto(page, '[name="monthly_pay[1].wage"]', "80000");
  }
  const state = await calculate(page);
  const left = await page.$$eval(".field-error", (es) => es.length);
  check(state === "done" && left === 0, `${name}: corrected, it computes again and the messages are gone`);
}

async function languages(page, name, expected, expectedZh) {
  await page.click('button[data-lang="en"]');
  await page.waitForFunction(() => document.body.getAttribute("data-state") === "done", { timeout: STEP_MS });
  const h = await page.$eval('[data-section="annual_tax"] h3', (e) => e.textContent);
  const legend = await page.$eval('fieldset[data-group="income"] legend', (e) => e.textContent);
  check(h === expected.results.annual_tax.title && legend === "Income", `${name}: English: "${h}", "${legend}"`);
  await page.screenshot({ path: path.join(SHOTS, `${name}-en.png`), fullPage: true });
  await page.click('button[data-lang="zh"]');
  await page.waitForFunction(() => document.body.getAttribute("data-state") === "done", { timeout: STEP_MS });
  const hz = await page.$eval('[data-section="annual_tax"] h3', (e) => e.textContent);
  const lz = await page.$eval('fieldset[data-group="income"] legend', (e) => e.textContent);
  check(/[\u4e00-\u9fff]/.test(hz) && hz !== h && lz === "收入", `${name}: 中文: "${hz}", "${lz}"`);
  // the figures are the same whichever the language
  await compareFigures(page, `${name} (中文)`, expectedZh, "zh");
  await page.screenshot({ path: path.join(SHOTS, `${name}-zh-answer.png`) });
}

async function main() {
  for (const [what, p] of [["libtax-calc", CALC], ["chromium", CHROMIUM]]) {
    if (!fs.existsSync(p)) { console.log(`FAILED  ${what} not found at ${p}`); console.log("0 passed, 1 failed"); process.exit(1); }
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  const dlDir = fs.mkdtempSync(path.join(os.tmpdir(), "libtax-web-dl-"));
  const { srv, url } = await startServer();
  process.on("exit", () => srv.kill("SIGTERM"));  // also on a deadline or an uncaught failure
  check(url.startsWith("http://127.0.0.1:"), `libtax-web --port 0 listens on loopback: ${url}`);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    protocolTimeout: 60000,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
      "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-default-apps", "--lang=zh-CN"],
  });
  try {
    const gba = path.join(SRC, "examples/scenarios/gba-engineer-shenzhen.yaml");
    const hainan = path.join(SRC, "examples/scenarios/hainan-nonresident-executive.yaml");
    const page = await scenarioRun(browser, url, gba, "gba-engineer-shenzhen", "zh", dlDir, true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, "overview.png") });   // what the README shows (docs/web.png)
    await languages(page, "gba-engineer-shenzhen", calcJson(gba, "en"), calcJson(gba, "zh"));
    await errorsByField(page, "gba-engineer-shenzhen");
    await page.close();
    await (await scenarioRun(browser, url, hainan, "hainan-nonresident-executive", "en", dlDir)).close();
    const hk = path.join(SRC, "examples/scenarios/hk-resident-qianhai.yaml");
    await (await scenarioRun(browser, url, hk, "hk-resident-qianhai", "both", dlDir)).close();
  } finally {
    srv.kill("SIGTERM");  // first: the server must not outlive the test, whatever the browser does
    await browser.close().catch((e) => console.log(`(closing the browser: ${e})`));
    fs.rmSync(dlDir, { recursive: true, force: true });
  }
  console.log(`screenshots: ${SHOTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const deadline = setTimeout(() => { console.log("FAILED  the browser test ran over 240 s"); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); }, 240000);
deadline.unref();
main().catch((e) => { console.log(`FAILED  ${e.stack || e}`); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); });
