// libtax-web: the page. It builds the form from FIELDS (the keys of a libtax-calc scenario file,
// grouped as the IIT App groups them), sends what was typed, as typed, to the local server (which
// computes through libtax) and shows the answer. No figure is computed here: every amount shown
// is a string from the library's JSON, only grouped by thousands for reading. Nothing is loaded
// from, or sent to, another machine.
"use strict";

// ---- the words of the page ---------------------------------------------------------------------
// The words of the page come from the library's message catalogues (messages/<lang>.yaml, ids
// web.<key>), served with /api/meta as {key: [Chinese, English]}; a key without words shows itself.
let T = {};

let LANG = "zh";
function t(key) {
  const w = T[key];
  if (!w) return key;
  if (LANG === "en") return w[1];
  if (LANG === "both") return w[0] === w[1] ? w[0] : `${w[0]} ${w[1]}`;
  return w[0];
}
// t() with the {placeholders} of the catalogue's template filled
function tf(key, args) { return t(key).replace(/\{(\w+)\}/g, (all, name) => (name in args ? String(args[name]) : all)); }

// ---- the form: the keys of the scenario file ---------------------------------------------------
// kind: money | int | rate | text | flag (checkbox) | tri (unset / yes / no) | select | regimes
const FIELDS = {
  person: [
    ["title", "text"], ["year", "int"], ["person.identity", "select"], ["person.days_in_china", "int"],
    ["person.days_in_zone", "int"], ["person.resident", "tri"], ["person.six_year_chain", "tri"], ["person.wage_months", "int"],
    ["person.talent_recognised", "flag"],
  ],
  income: [
    ["income.wages", "money"], ["income.bonus", "money"], ["income.labour", "money"], ["income.author", "money"],
    ["income.royalties", "money"], ["income.business_taxable_income", "money"],
    ["sub:sourcing"],
    ["sourcing.paid_abroad", "money"], ["sourcing.china_workdays", "money"], ["sourcing.calendar_days", "int"],
    ["sourcing.senior_manager", "flag"],
  ],
  deductions: [["deductions.social_insurance", "money"], ["deductions.special_additional", "money"], ["deductions.other", "money"]],
  zone: [
    ["zone.name", "text"], ["zone.regimes", "regimes"], ["zone.city", "city"], ["zone.talent_subsidy", "money"],
    ["sub:income_from_zone"],
    ["zone.income_from_zone.wages", "money"], ["zone.income_from_zone.labour", "money"], ["zone.income_from_zone.author", "money"],
    ["zone.income_from_zone.royalties", "money"], ["zone.income_from_zone.business_taxable_income", "money"],
    ["sub:"],
    ["zone.tax_paid_in_zone", "money"], ["zone.business_tax_paid_in_zone", "money"], ["zone.actual_days", "int"],
    ["zone.social_insurance_months", "int"], ["zone.social_insurance_exempt", "flag"], ["zone.contract_years", "int"],
    ["zone.special_industry", "text"], ["zone.encouraged_industry", "tri"], ["zone.fx_rate", "rate"], ["zone.mpf_contributions", "money"],
  ],
};
const MONTH_COLUMNS = ["month", "wage", "exempt_income", "social_insurance", "special_additional", "other_deductions", "bonus"];
const PAYMENT_KINDS = ["labour", "author", "royalties"];
// Lists of rows (the file's lists of mappings), shown at the end of their group.
const ROWS = {
  "person.stays": { group: "person", sub: "sub.stays", add: "action.add_stay", cols: ["arrival", "departure"], placeholder: "2025-01-31" },
  "monthly_pay": { group: "income", sub: "sub.monthly_pay", add: "action.add_month", cols: MONTH_COLUMNS, numbered: "month" },
  "payments": { group: "income", sub: "sub.payments", add: "action.add_payment", cols: ["kind", "amount"], kinds: { kind: PAYMENT_KINDS } },
};

let META = { regimes: [], identities: ["mainland", "foreign", "hk", "macao", "taiwan"], years: [], engine: "", statement: false };
let TICKED = [];   // the regimes in the order they were ticked: the answer lists them in that order
let LAST = null;  // the last answer: {json, text, yaml}

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v; else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}
function label(key) { return el("span", { "data-t": key, text: t(key) }); }
function idOf(path) { return "f-" + path.replace(/[^A-Za-z0-9_]/g, "-"); }

function inputFor(path, kind) {
  const id = idOf(path);
  if (kind === "select") {
    const s = el("select", { id, name: path, "data-field": path });
    for (const v of META.identities) s.append(el("option", { value: v, "data-t": "identity." + v, text: t("identity." + v) }));
    return s;
  }
  if (kind === "tri") {
    const s = el("select", { id, name: path, "data-field": path });
    s.append(el("option", { value: "", "data-t": "unset", text: t("unset") }));
    s.append(el("option", { value: "true", "data-t": "yes", text: t("yes") }));
    s.append(el("option", { value: "false", "data-t": "no", text: t("no") }));
    return s;
  }
  if (kind === "flag") return el("input", { type: "checkbox", id, name: path, "data-field": path });
  if (kind === "regimes") {
    const box = el("div", { class: "checks", id, "data-field": path, role: "group" });
    for (const r of META.regimes) {
      const cb = el("input", { type: "checkbox", name: "zone.regimes", value: r.id, id: idOf("regime-" + r.id) });
      cb.addEventListener("change", () => {
        TICKED = TICKED.filter(x => x !== r.id);
        if (cb.checked) TICKED.push(r.id);
      });
      const notLaw = r.enacted ? null : el("span", { class: "not-law", "data-t": "chart.not_law", text: t("chart.not_law") });
      box.append(el("label", { title: r.name }, cb, " " + r.id + " ", notLaw));
    }
    return box;
  }
  if (kind === "city") {
    const inp = el("input", { type: "text", id, name: path, "data-field": path, list: "cities", spellcheck: "false" });
    return inp;
  }
  const attrs = { type: "text", id, name: path, "data-field": path, spellcheck: "false" };
  if (kind === "money" || kind === "rate") attrs.inputmode = "decimal";
  if (kind === "int") attrs.inputmode = "numeric";
  return el("input", attrs);
}

function buildForm() {
  const groups = $("#groups");
  groups.textContent = "";
  for (const [group, fields] of Object.entries(FIELDS)) {
    const fs = el("fieldset", { "data-group": group }, el("legend", {}, label("group." + group)));
    for (const [path, kind] of fields) {
      if (path.startsWith("sub:")) {
        if (path.length > 4) fs.append(el("div", { class: "sub" }, label("sub." + path.slice(4))));
        continue;
      }
      const inp = inputFor(path, kind);
      const row = el("div", { class: "row", "data-row": path },
        el("label", { for: inp.id }, label(path)), inp);
      fs.append(row);
    }
    for (const [prefix, spec] of Object.entries(ROWS)) {
      if (spec.group !== group) continue;
      const words = (c) => T[`${prefix}.${c}`] ? `${prefix}.${c}` : `${prefix.split(".").pop()}.${c}`;
      fs.append(el("div", { class: "sub" }, label(spec.sub)));
      const head = el("tr", {}, ...spec.cols.map(c => el("th", {}, label(words(c)))), el("th"));
      fs.append(el("table", { class: "rows", id: idOf(prefix), "data-rows": prefix, "data-field": prefix },
        el("thead", {}, head), el("tbody")));
      const add = el("button", { type: "button", class: "small", "data-add": prefix }, label(spec.add));
      add.addEventListener("click", () => addRow(prefix));
      fs.append(add);
    }
    groups.append(fs);
  }
  const cities = el("datalist", { id: "cities" });
  const seen = new Set();
  for (const r of META.regimes) for (const c of r.cities) if (!seen.has(c)) { seen.add(c); cities.append(el("option", { value: c })); }
  groups.append(cities);
  $("#f-year").value = String(META.default_year || new Date().getFullYear() - 1);
}

function rowsBody(prefix) { return document.getElementById(idOf(prefix)).tBodies[0]; }
function renumber(prefix) {
  Array.from(rowsBody(prefix).rows).forEach((tr, i) => {
    for (const inp of $$("input, select", tr)) {
      inp.name = `${prefix}[${i}].${inp.getAttribute("data-col")}`;
      inp.setAttribute("data-field", inp.name);
      inp.id = idOf(inp.name);
    }
  });
}
function addRow(prefix, values = {}) {
  const spec = ROWS[prefix];
  const body = rowsBody(prefix);
  const tr = el("tr");
  for (const c of spec.cols) {
    let inp;
    if (spec.kinds && spec.kinds[c]) {
      inp = el("select", { "data-col": c });
      for (const k of spec.kinds[c]) inp.append(el("option", { value: k, "data-t": "kind." + k, text: t("kind." + k) }));
    } else {
      inp = el("input", { type: "text", "data-col": c, spellcheck: "false", inputmode: spec.placeholder ? null : "decimal",
        placeholder: spec.placeholder || null });
    }
    if (values[c] !== undefined) inp.value = String(values[c]);
    else if (spec.numbered === c) inp.value = String(body.rows.length + 1);
    tr.append(el("td", {}, inp));
  }
  const b = el("button", { type: "button", class: "small remove", title: t("action.remove"), "aria-label": t("action.remove") }, "×");
  b.addEventListener("click", () => { tr.remove(); renumber(prefix); });
  tr.append(el("td", {}, b));
  body.append(tr);
  renumber(prefix);
  return tr;
}

// The scenario as the file has it; text as typed (the library judges it), empty = not given.
function collect() {
  const s = {};
  const put = (path, value) => {
    const keys = path.split(".");
    let node = s;
    for (const k of keys.slice(0, -1)) node = node[k] = node[k] || {};
    node[keys[keys.length - 1]] = value;
  };
  for (const fields of Object.values(FIELDS)) {
    for (const [path, kind] of fields) {
      if (path.startsWith("sub:")) continue;
      if (kind === "regimes") {
        const on = new Set($$('input[name="zone.regimes"]:checked').map(c => c.value));
        const ids = TICKED.filter(x => on.has(x)).concat([...on].filter(x => !TICKED.includes(x)));
        if (ids.length) put(path, ids);
        continue;
      }
      const inp = document.getElementById(idOf(path));
      if (kind === "flag") { if (inp.checked) put(path, true); continue; }
      if (kind === "tri") { if (inp.value) put(path, inp.value === "true"); continue; }
      if (kind === "select") { put(path, inp.value); continue; }
      const v = inp.value.trim();
      if (v !== "") put(path, v);
    }
  }
  for (const prefix of Object.keys(ROWS)) {
    const rows = Array.from(rowsBody(prefix).rows).map(tr => {
      const o = {};
      for (const inp of $$("input, select", tr)) if (inp.value.trim() !== "") o[inp.getAttribute("data-col")] = inp.value.trim();
      return o;
    });
    if (rows.length) put(prefix, rows);
  }
  return s;
}

// ---- errors by their field ------------------------------------------------------------------------
function clearErrors() {
  for (const e of $$(".field-error")) e.remove();
  for (const e of $$("[aria-invalid]")) e.removeAttribute("aria-invalid");
  $("#form-error").hidden = true;
}
function showError(err) {
  clearErrors();
  const field = err.field || "";
  // the element named by the field, else by the field without its last index, else its group
  let target = field ? document.querySelector(`[data-field="${CSS.escape(field)}"]`) : null;
  if (!target && field) target = document.querySelector(`[data-field="${CSS.escape(field.replace(/\[\d+\]$/, ""))}"]`);
  if (!target && field) target = document.querySelector(`[data-field="${CSS.escape(field.split(/[.[]/)[0])}"]`);
  const msg = el("div", { class: "field-error", role: "alert", "data-for": field, text: err.message });
  if (!target) {
    const box = $("#form-error");
    box.textContent = err.message;
    box.setAttribute("data-for", field);
    box.hidden = false;
    return;
  }
  target.setAttribute("aria-invalid", "true");
  const row = target.closest(".row");
  if (row) row.append(msg);
  else if (target.closest("td")) target.closest("table").after(msg);
  else target.after(msg);
  target.scrollIntoView({ block: "center" });
  if (target.focus) target.focus({ preventScroll: true });
}

// ---- showing the answer ---------------------------------------------------------------------------
// Groups the digits of a figure the library wrote ("1234567.80" -> "1,234,567.80"); no arithmetic.
function grouped(s) {
  if (typeof s !== "string" || !/^-?\d+(\.\d+)?$/.test(s)) return s;
  const neg = s.startsWith("-");
  const [int, frac] = (neg ? s.slice(1) : s).split(".");
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (neg ? "-" : "") + g + (frac !== undefined ? "." + frac : "");
}
function shown(v) {
  if (v === true) return t("yes");
  if (v === false) return t("no");
  return grouped(String(v));
}
// A figure's label: the library's own (figure_labels, in the language it wrote) when it wrote in
// the page's language, else the page's words for the figures it knows, else the figure's name.
let DOC_LANG = "";
function figureLabel(name, sec) {
  if (sec && sec.figure_labels && sec.figure_labels[name] && DOC_LANG === LANG) return sec.figure_labels[name];
  const m = name.match(/^([^.]+)\.(.+)$/);  // "<regime>.relief"
  if (m) return `${m[1]} · ${figureLabel(m[2])}`;
  const mm = name.match(/^month_(\d\d)$/);
  if (mm) return tf("month_n", { month: +mm[1] });
  const p = name.match(/^payment_(\d+)_tax$/);
  if (p) return tf("payment_n_tax", { number: p[1] });
  const w = t("figure." + name);
  return w.startsWith("figure.") ? name : w;
}
function sectionTitle(id, sec) {
  if (DOC_LANG === LANG && sec.title) return sec.title;  // the library wrote it in the page's language
  const k = "section." + id;
  if (!T[k]) return sec.title || id;
  return LANG === "en" ? (sec.title || t(k)) : t(k);
}

// The one-page answer (the JSON's "summary", when the library writes one): residence, income,
// tax before relief, each regime's relief and tax after it, the best legal choice, net income.
function amountOf(x) { return x && typeof x === "object" && "amount" in x ? x.amount : x; }
function marks(flags) {
  if (!flags || typeof flags !== "object") return "";
  return ["what_if", "projection", "unconfirmed", "not_law"].filter(k => flags[k]).map(k => t("mark." + k)).join("");
}
function bonusWords(b) { return b ? (T["bonus." + b] ? t("bonus." + b) : b) : ""; }
function isOnePage(sum) { return sum && typeof sum === "object" && !Array.isArray(sum) && "tax_due" in sum; }

function renderSummary(doc) {
  const box = $("#summary");
  box.textContent = "";
  const sum = doc.summary;
  if (sum === undefined || sum === null) return;
  const wrap = el("div", { class: "section one-page", id: "one-page-summary" }, el("h3", {}, label("answer.summary")));
  if (!isOnePage(sum)) {  // a summary of another shape: shown as it is
    wrap.append(el("pre", { text: typeof sum === "string" ? sum : JSON.stringify(sum, null, 2) }));
    box.append(wrap);
    return;
  }
  for (const b of sum.banners || []) wrap.append(el("div", { class: `banner banner-${b.kind}`, "data-banner": b.kind, text: b.text }));
  const tb = el("table", { class: "figures" });
  // a row: label, the library's amount, how it was taxed (muted), its marks ([UNCONFIRMED] ..., in red)
  const row = (key, value, attr, mark, how) => tb.append(el("tr", {}, el("td", {}, label(key)),
    el("td", { class: "num", "data-summary": attr, text: shown(value) }),
    el("td", {}, how ? el("span", { class: "how", text: how + " " }) : null, el("span", { class: "mark", text: mark || "" }))));
  const r = sum.residence || {};
  if (r.text) tb.append(el("tr", {}, el("td", {}, label("sum.residence")), el("td", { colspan: "2", text: r.text })));
  if (r.china_sourced_wages) {
    tb.append(el("tr", {}, el("td", {}, label("sum.sourced_wages")),
      el("td", { class: "num", "data-summary": "residence.china_sourced_wages", text: shown(r.china_sourced_wages) }),
      el("td", { class: "how", text: r.sourcing || "" })));
  }
  row("sum.total_income", amountOf(sum.total_income), "total_income", marks(sum.total_income));
  const before = sum.tax_before_relief || {};
  row("sum.tax_before_relief", amountOf(before), "tax_before_relief", marks(before), bonusWords(before.bonus_treatment));
  wrap.append(tb);
  if (sum.monthly_wage_tax && typeof sum.monthly_wage_tax === "object") {
    const mt = el("table", { class: "figures monthly" });
    for (const [m, v] of Object.entries(sum.monthly_wage_tax)) {
      mt.append(el("tr", {}, el("td", { text: tf("month_n", { month: m }) }),
        el("td", { class: "num", "data-summary": `monthly_wage_tax.${m}`, text: shown(v) })));
    }
    wrap.append(el("details", {}, el("summary", {}, label("sum.monthly")), mt));
  }
  if ((sum.regimes || []).length) {
    const rt = el("table", { class: "figures regimes" },
      el("tr", {}, ...["sum.regime", "sum.relief", "sum.tax_after_relief", "sum.bonus_treatment"].map(k => el("th", {}, label(k))), el("th")));
    for (const g of sum.regimes) {
      const ok = g.computed !== false && g.eligible && g.relief !== null && g.relief !== undefined;
      const tr = el("tr", { "data-regime": g.id }, el("td", { text: g.id + " " + marks(g) }));
      if (ok) {
        tr.append(el("td", { class: "num", "data-summary": `regimes.${g.id}.relief`, text: shown(g.relief) }),
          el("td", { class: "num", "data-summary": `regimes.${g.id}.tax_after_relief`, text: shown(g.tax_after_relief) }),
          el("td", { text: bonusWords(g.bonus_treatment) }), el("td"));
      } else {
        tr.append(el("td", { colspan: "4", class: "reason", text: `${t("chart.not_eligible")}: ${g.reason || ""}` }));
      }
      rt.append(tr);
    }
    wrap.append(rt);
  }
  const best = sum.best || {};
  const tb2 = el("table", { class: "figures" });
  tb2.append(el("tr", {}, el("td", {}, label("sum.best")),
    el("td", { "data-summary": "best.regime", text: best.regime || t("sum.none") }),
    el("td", { text: bonusWords(best.bonus_treatment) })));
  const row2 = (key, value, attr, extra) => tb2.append(el("tr", {}, el("td", {}, label(key)),
    el("td", { class: "num", "data-summary": attr, text: shown(value) }), el("td", { class: "mark", text: extra || "" })));
  row2("sum.tax_due", amountOf(sum.tax_due), "tax_due", marks(sum.tax_due));
  row2("sum.net_income", amountOf(sum.net_income), "net_income", marks(sum.net_income));
  wrap.append(tb2);
  box.append(wrap);
}

function renderHeadline(doc) {
  const h = $("#headline");
  h.textContent = "";
  const big = (key, value, attr) => h.append(el("div", { class: "big" }, el("div", { class: "k" }, label(key)),
    el("div", { class: "v", "data-headline": attr, text: shown(value) })));
  const sum = doc.summary;
  if (isOnePage(sum)) {  // the library's one-page answer: before relief, after the best legal choice, net
    big("answer.tax_before", amountOf(sum.tax_before_relief), "tax_before_relief");
    big("answer.tax_due", amountOf(sum.tax_due), "tax_due");
    big("answer.net_income", amountOf(sum.net_income), "net_income");
    return;
  }
  if (doc.total_tax !== undefined) big("answer.total_tax", doc.total_tax, "total_tax");
  const s = doc.results && doc.results.summary && doc.results.summary.figures;
  if (s && s.best_regime_relief !== undefined && s.tax_after_best_relief !== undefined) {
    big("answer.best_relief", s.best_regime_relief, "best_regime_relief");
    big("answer.after_relief", s.tax_after_best_relief, "tax_after_best_relief");
  }
}

// The regimes compared: for each regime, a bar as long as the total tax, its relief coloured.
// Bar lengths are drawing coordinates; every number written on the chart is the library's figure.
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
// The bars to draw: from the one-page answer (tax before relief; each regime's relief and tax after
// it) when the JSON has one, else from the regimes section (total tax; each regime's relief).
function chartRows(doc) {
  const sum = doc.summary;
  if (isOnePage(sum) && (sum.regimes || []).length) {
    const before = String(amountOf(sum.tax_before_relief));
    return { base: before, rows: [{ id: t("chart.none"), after: before, relief: "0.00", eligible: true, enacted: true, base: true }]
      .concat(sum.regimes.map(g => {
        const ok = g.computed !== false && g.eligible && g.relief !== null && g.relief !== undefined;
        return { id: g.id, after: ok ? String(g.tax_after_relief) : before, relief: ok ? String(g.relief) : "0.00", eligible: ok,
          enacted: g.enacted !== false, best: sum.best && sum.best.regime === g.id, reason: g.reason };
      })) };
  }
  const reg = doc.results && doc.results.regimes;
  if (!reg || !reg.available || !doc.total_tax) return null;
  const f = reg.figures;
  const ids = Object.keys(f).filter(k => k.endsWith(".relief")).map(k => k.slice(0, -".relief".length));
  if (!ids.length) return null;
  const total = String(doc.total_tax);
  return { base: total, rows: [{ id: t("chart.none"), after: total, relief: "0.00", eligible: true, enacted: true, base: true }]
    .concat(ids.map(id => ({ id, after: null, relief: String(f[id + ".relief"] || "0.00"), eligible: f[id + ".eligible"] !== false,
      enacted: f[id + ".enacted"] !== false, best: f.best === id }))) };
}

function renderChart(doc) {
  const box = $("#chart-box"), chart = $("#chart");
  chart.textContent = "";
  const data = chartRows(doc);
  if (!data) { box.hidden = true; return; }
  const base = Number(data.base) || 0;
  const length = (r) => r.after === null ? [Math.max(base - Number(r.relief), 0), Number(r.relief)] : [Number(r.after), Number(r.relief)];
  const widest = Math.max(1, ...data.rows.map(r => length(r)[0] + length(r)[1]));
  const W = 680, left = 150, right = 190, rowH = 34, top = 10;
  const H = top + data.rows.length * rowH + 28;
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", id: "regime-chart", "aria-label": t("chart.title") });
  const scale = (W - left - right) / widest;
  data.rows.forEach((r, i) => {
    const y = top + i * rowH;
    const [after, relief] = length(r);
    s.append(svg("text", { x: left - 8, y: y + 17, "text-anchor": "end", "font-size": 13, "font-weight": r.best ? "bold" : "normal" },
      r.id + (r.enacted ? "" : ` ${t("mark.not_law")}`)));
    s.append(svg("rect", { x: left, y: y + 4, width: Math.max(after * scale, 0), height: 20, fill: "#8d99ae", "data-part": "tax" }));
    if (relief > 0) s.append(svg("rect", { x: left + after * scale, y: y + 4, width: relief * scale, height: 20, fill: "#2a9d8f",
      "data-part": "relief", "data-regime": r.id }));
    const note = r.base ? `${t("chart.tax")} ${grouped(data.base)}`
      : !r.eligible ? t("chart.not_eligible")
      : r.after !== null ? `${t("chart.tax")} ${grouped(r.after)} · ${t("chart.relief")} ${grouped(r.relief)}`
      : `${t("chart.relief")} ${grouped(r.relief)}`;
    const caption = svg("text", { x: W - right + 6, y: y + 17, "font-size": 12, fill: r.eligible ? "#1d2733" : "#c0392b" }, note);
    if (r.reason) caption.append(svg("title", {}, r.reason));
    s.append(caption);
  });
  const ly = top + data.rows.length * rowH + 8;
  s.append(svg("rect", { x: left, y: ly, width: 12, height: 12, fill: "#8d99ae" }));
  s.append(svg("text", { x: left + 16, y: ly + 10, "font-size": 12 }, t("chart.tax")));
  s.append(svg("rect", { x: left + 90, y: ly, width: 12, height: 12, fill: "#2a9d8f" }));
  s.append(svg("text", { x: left + 106, y: ly + 10, "font-size": 12 }, t("chart.relief")));
  chart.append(s);
  box.hidden = false;
}

function renderSections(doc) {
  const box = $("#sections");
  box.textContent = "";
  for (const [id, sec] of Object.entries(doc.results || {})) {
    const wrap = el("div", { class: "section", "data-section": id }, el("h3", { text: sectionTitle(id, sec) }));
    if (!sec.available) wrap.append(el("p", { class: "unavailable" }, label("answer.not_computed")));
    const figs = sec.figures || {};
    if (Object.keys(figs).length) {
      const tb = el("table", { class: "figures" });
      for (const [k, v] of Object.entries(figs)) {
        tb.append(el("tr", {}, el("td", { text: figureLabel(k, sec) }),
          el("td", { class: "num", "data-figure": `${id}/${k}`, text: shown(v) })));
      }
      wrap.append(tb);
    }
    if (sec.notes && sec.notes.length) wrap.append(el("ul", { class: "notes" }, ...sec.notes.map(n => el("li", { text: n }))));
    const ex = sec.explanation;
    if (ex && ex.steps && ex.steps.length) {
      const steps = el("table", { class: "steps" });
      for (const st of ex.steps) {
        steps.append(el("tr", {}, el("td", { text: st.label }), el("td", { class: "num", text: shown(st.value) }),
          el("td", {}, st.formula || "", st.basis ? el("div", { class: "basis", text: st.basis }) : null)));
      }
      const det = el("details", { class: "explanation" }, el("summary", { text: `${t("answer.explanation")} · ${ex.title || ""}` }), steps);
      if (ex.notes && ex.notes.length) det.append(el("ul", { class: "notes" }, ...ex.notes.map(n => el("li", { text: n }))));
      wrap.append(det);
    }
    box.append(wrap);
  }
}

function render(answer) {
  LAST = answer;
  const doc = answer.json;
  DOC_LANG = doc.language || "en";
  $("#answer").hidden = false;
  const notice = $("#notice");
  // the library says which language it wrote in; one without Chinese yet answers in English
  notice.hidden = !(LANG !== "en" && (doc.language || "en") === "en");
  notice.textContent = notice.hidden ? "" : t("notice.english_only");
  renderHeadline(doc);
  renderSummary(doc);
  renderChart(doc);
  renderSections(doc);
  $("#text").textContent = answer.text || "";
  $("#dl-statement").disabled = !META.statement;
  $("#dl-statement-pdf").disabled = !META.statement;
}

// ---- requests -------------------------------------------------------------------------------------
async function post(path, body) {
  const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return r;
}
async function calculate() {
  const status = $("#status");
  status.textContent = t("status.computing");
  document.body.setAttribute("data-state", "computing");
  clearErrors();
  let r, doc;
  try {
    r = await post("/api/calc", { scenario: collect(), lang: LANG });
    doc = await r.json();
  } catch (e) {
    showError({ field: "", message: String(e) });
    status.textContent = "";
    document.body.setAttribute("data-state", "error");
    return;
  }
  if (!doc.ok) {
    $("#answer").hidden = true;  // an answer to other figures must not stand beside the error
    showError(doc.error || { field: "", message: "error" });
    status.textContent = t("status.error");
    document.body.setAttribute("data-state", "error");
    return;
  }
  render(doc);
  status.textContent = t("status.done");
  document.body.setAttribute("data-state", "done");
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
function fileBase() {
  const title = ($("#f-title").value || "scenario").trim();
  return title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").slice(0, 60) || "scenario";
}

function setLang(lang, recompute) {
  LANG = lang;
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  for (const b of $$("button.lang")) b.classList.toggle("active", b.dataset.lang === lang);
  for (const e of $$("[data-t]")) e.textContent = t(e.getAttribute("data-t"));
  try { localStorage.setItem("libtax-web.lang", lang); } catch (e) { /* storage off */ }
  if (recompute && LAST) calculate();
}

async function start() {
  try {
    const r = await fetch("/api/meta");
    META = Object.assign(META, await r.json());
    T = META.words || {};
  } catch (e) { /* the form still works with the defaults */ }
  $("#version").textContent = META.libtax_version || "";
  let lang = "zh";
  try { lang = localStorage.getItem("libtax-web.lang") || "zh"; } catch (e) { /* storage off */ }
  LANG = ["zh", "en", "both"].includes(lang) ? lang : "zh";
  buildForm();
  setLang(LANG, false);
  $("#form").addEventListener("submit", (e) => { e.preventDefault(); calculate(); });
  for (const b of $$("button.lang")) b.addEventListener("click", () => setLang(b.dataset.lang, true));
  $("#dl-yaml").addEventListener("click", () => LAST && download(fileBase() + ".yaml", "application/yaml", LAST.yaml));
  $("#dl-json").addEventListener("click", () => LAST && download(fileBase() + ".json", "application/json",
    JSON.stringify(LAST.json, null, 2) + "\n"));
  const statement = async (format) => {
    const status = $("#status");
    status.textContent = t("status.statement");
    const r = await post("/api/statement", { scenario: collect(), lang: LANG, format });
    status.textContent = t("status.done");
    if (r.ok) download(`${fileBase()}-statement.${format}`, format === "pdf" ? "application/pdf" : "text/html", await r.blob());
    else { const d = await r.json(); showError(d.error || { field: "", message: "statement" }); }
  };
  $("#dl-statement").addEventListener("click", () => statement("html"));
  $("#dl-statement-pdf").addEventListener("click", () => statement("pdf"));
  document.body.setAttribute("data-state", "ready");
}

document.addEventListener("DOMContentLoaded", start);
