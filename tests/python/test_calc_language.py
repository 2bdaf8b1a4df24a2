"""libtax-calc in Chinese, English and both (--lang, LIBTAX_LANG), and scenario files written with
Chinese keys and values. Runs the built program (LIBTAX_BUILD_DIR/tools/calc/libtax-calc)."""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess

import pytest
import yaml

SOURCE = pathlib.Path(os.environ.get("LIBTAX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SCENARIOS = sorted((SOURCE / "examples/scenarios").glob("*.yaml"))
CJK = re.compile("[\u4e00-\u9fff]")


def calc_binary() -> pathlib.Path:
    build = os.environ.get("LIBTAX_BUILD_DIR")
    path = pathlib.Path(build or "/nonexistent") / "tools/calc/libtax-calc"
    if not path.is_file():
        pytest.skip("libtax-calc is not built (LIBTAX_BUILD_DIR/tools/calc/libtax-calc)")
    return path


def run(*args, env_lang=None):
    env = {k: v for k, v in os.environ.items() if k != "LIBTAX_LANG"}
    if env_lang is not None:
        env["LIBTAX_LANG"] = env_lang
    return subprocess.run([str(calc_binary()), *map(str, args)], capture_output=True, text=True, timeout=120, env=env)


def report(*args, env_lang=None):
    r = run(*args, env_lang=env_lang)
    assert r.returncode == 0, r.stderr
    return r.stdout


def catalogue(lang):
    return yaml.safe_load((SOURCE / f"libtax/messages/{lang}.yaml").read_text(encoding="utf-8"))


def figures(doc):
    return {k: s["figures"] for k, s in doc["results"].items()}


# ---- the language choice --------------------------------------------------------------------------

def test_english_is_the_default_and_lang_en_changes_nothing():
    gba = SOURCE / "examples/scenarios/gba-engineer-shenzhen.yaml"
    default = report("--explain", gba)
    assert report("--lang", "en", "--explain", gba) == default
    assert "total tax: 218070.00" in default and "应纳税额" not in default
    # the one-page answer ends on the tax due after relief: 218,070.00 - 79,680.00 (GBA subsidy)
    assert default.splitlines()[-1] == "tax due after relief (best legal choice): 138390.00"


def test_libtax_lang_sets_the_default_and_the_option_overrides_it():
    gba = SOURCE / "examples/scenarios/gba-engineer-shenzhen.yaml"
    zh = report("--explain", gba, env_lang="zh")
    assert "应纳税额合计：218070.00" in zh and "total tax" not in zh
    assert zh.splitlines()[-1].startswith("减免后应纳税额（最优合法选择）")
    assert report("--lang", "en", gba, env_lang="zh") == report(gba)


@pytest.mark.parametrize("args,env,said", [
    (["--lang", "fr"], None, "--lang needs zh, en or both (got 'fr')"),
    (["--lang"], None, "--lang needs zh, en or both"),
    ([], "klingon", "LIBTAX_LANG='klingon' is not a language"),
])
def test_a_language_libtax_calc_does_not_write_is_bad_input(args, env, said):
    r = run(*args, SOURCE / "examples/scenarios/gba-engineer-shenzhen.yaml", env_lang=env)
    assert r.returncode == 2 and r.stdout == ""
    assert said in r.stderr


def test_command_line_errors_in_chinese_and_both():
    r = run("--lang", "zh", "--bogus")
    assert r.returncode == 2 and "libtax-calc：错误：未知选项 --bogus" in r.stderr
    r = run("--lang", "both", "a.yaml", "b.yaml")
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert lines[0] == "libtax-calc：错误：每次只能计算一个情形文件（收到 a.yaml 和 b.yaml）"
    assert lines[1] == "libtax-calc: error: one scenario file at a time (got a.yaml and b.yaml)"


def test_json_keeps_ids_arguments_and_the_rendered_text():
    doc = json.loads(report("--lang", "zh", "--json", SOURCE / "examples/scenarios/gba-engineer-shenzhen.yaml"))
    assert doc["language"] == "zh"
    annual = doc["results"]["annual_tax"]
    assert annual["title_id"] == "calc.section.annual_tax_without_bonus"
    assert annual["title"] == "综合所得年度应纳税额（不含全年一次性奖金）"
    assert annual["figure_labels"]["taxable_income"] == "应纳税所得额"
    assert annual["figures"]["taxable_income"] == "828000.00"  # the figures do not depend on the language
    # 960,000 - 60,000 - 36,000 - 36,000 = 828,000; x 35% - 85,920 = 203,880 (IIT Law Annex Table 1)
    step = {s["id"]: s for s in annual["explanation"]["steps"]}["annual_tax.tax"]
    assert step["label"] == "应纳税额" and step["value"] == "203880.00"
    assert step["formula_id"] == "annual_tax.tax.formula"
    assert step["args"] == {"taxable": "828000.00", "rate": "35%", "quick": "85920.00"}
    bracket = {s["id"]: s for s in annual["explanation"]["steps"]}["annual_tax.bracket"]
    assert bracket["args"]["schedule"] == {"message": "schedule.comprehensive_annual", "text": "综合所得税率表"}
    wh = doc["results"]["withholding"]
    month = wh["explanation"]["steps"][0]
    assert month["scope"][0] == {"id": "calc.scope.month", "args": {"month": "01"}, "text": "01月"}
    assert month["label"].startswith("01月: ")
    notes = doc["results"]["regimes"]["note_ids"]
    assert {"id": "calc.note.regimes_exclusive", "args": {}, "text": catalogue("zh")["calc.note.regimes_exclusive"]} in notes
    unconfirmed = [n for n in notes if n["id"] == "calc.note.regime_unconfirmed"][0]
    assert unconfirmed["args"] == {"regime": {"message": "calc.regime.gba", "text": "粤港澳大湾区"}}


def test_both_writes_each_line_in_chinese_then_in_english():
    gba = SOURCE / "examples/scenarios/gba-engineer-shenzhen.yaml"
    both = report("--lang", "both", "--explain", gba).splitlines()
    assert both.index("== One-page answer, tax year 2024 ==") == both.index("== 一页结论，2024纳税年度 ==") + 1
    assert both.index("== Summary ==") == both.index("== 汇总 ==") + 1
    assert both.index("total tax: 218070.00") == both.index("应纳税额合计：218070.00") + 1
    # every English line is there, in order; the Chinese lines come in between
    english = [line for line in report("--explain", gba).splitlines() if line]
    it = iter(both)
    assert all(any(line == b for b in it) for line in english)


# ---- Chinese inputs ------------------------------------------------------------------------------

def test_the_chinese_twin_computes_the_same_figures():
    en = json.loads(report("--json", SOURCE / "examples/scenarios/gba-engineer-shenzhen.yaml"))
    zh = json.loads(report("--json", SOURCE / "examples/scenarios/gba-engineer-shenzhen.zh.yaml"))
    assert figures(zh) == figures(en)
    assert zh["total_tax"] == en["total_tax"] == "218070.00"
    assert {k: v for k, v in zh["scenario"]["person"].items() if k != "zone"} == \
           {k: v for k, v in en["scenario"]["person"].items() if k != "zone"}
    assert zh["scenario"]["person"]["zone"] == "深圳，粤港澳大湾区"
    # the figures of the worked example: bonus 144,000 separately 14,190; subsidy above 15% 79,680
    assert zh["results"]["bonus"]["figures"]["bonus_tax_separate"] == "14190.00"
    assert zh["results"]["regimes"]["figures"]["gba.relief"] == "79680.00"


def write(tmp_path, text, name="s.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_errors_echo_the_chinese_name_written_at_its_line(tmp_path):
    p = write(tmp_path, "年度: 2024\n纳税人:\n  身份: 火星人\n收入:\n  工资薪金: 100000\n")
    r = run("--lang", "zh", p)
    assert r.returncode == 2
    assert f"{p}:3: 纳税人.身份: “火星人”不是以下之一" in r.stderr
    r = run(p)
    assert f"{p}:3: 纳税人.身份: '火星人' is not one of" in r.stderr
    p = write(tmp_path, "年度: 2024\n收入:\n  工资薪金: 5\n按月工资薪金:\n  - {月份: 1, 工资薪金: 80000}\n  - {月份: 3, 工资薪金: 80000}\n")
    r = run("--lang", "zh", "--json", p)
    assert r.returncode == 2
    err = json.loads(r.stdout)["error"]
    assert (err["line"], err["field"], err["id"]) == (6, "按月工资薪金[1].月份", "calc.error.months_consecutive")
    assert err["message"].endswith("月份须连续（1月之后是3月）")
    p = write(tmp_path, "年度: 2024\n收入:\n  工资薪金: -5\n")
    assert f"{p}:3: 收入.工资薪金: " in run(p).stderr  # an error of the table reader, at the name written


def test_a_key_given_twice_under_two_names_is_refused(tmp_path):
    p = write(tmp_path, "年度: 2024\nyear: 2024\n收入:\n  工资薪金: 5\n")
    r = run(p)
    assert r.returncode == 2 and f"{p}:1: 年度: names the same field as year (given twice)" in r.stderr


def test_every_alias_names_a_key_or_value_the_reader_accepts(tmp_path):
    g = yaml.safe_load((SOURCE / "libtax/messages/glossary.yaml").read_text(encoding="utf-8"))["scenario"]
    for alias, key in g["keys"].items():
        assert re.fullmatch(r"[a-z_]+", key), (alias, key)
    for name, values in g["values"].items():
        for alias in values:
            assert CJK.search(alias), alias
    # every regime's Chinese names name a regime of the tables, and computes as the id does
    for alias, regime in g["values"]["regimes"].items():
        doc = "年度: 2024\n收入:\n  工资薪金: 500000\n区域:\n  优惠政策: [{}]\n"
        by_alias = json.loads(report("--json", write(tmp_path, doc.format(alias), "a.yaml")))
        by_id = json.loads(report("--json", write(tmp_path, doc.format(regime), "b.yaml")))
        assert figures(by_alias) == figures(by_id), alias
        assert f"{regime}.eligible" in by_alias["results"]["regimes"]["figures"]
    # the cities (zone.city) and the identities
    for alias, city in g["values"]["city"].items():
        doc = f"年度: 2024\n收入:\n  工资薪金: 500000\n区域:\n  优惠政策: [gba]\n  城市: {alias}\n"
        assert json.loads(report("--json", write(tmp_path, doc)))["scenario"]["person"]["city"] == city
    for alias, identity in g["values"]["identity"].items():
        doc = f"年度: 2024\n纳税人:\n  身份: {alias}\n收入:\n  工资薪金: 500000\n"
        assert json.loads(report("--json", write(tmp_path, doc)))["scenario"]["person"]["identity"] == identity



def test_allowances_in_chinese_compute_as_in_english_in_both_forms(tmp_path):
    """income.allowances written with the glossary's Chinese keys and values, as a mapping
    {类别: 金额} and as a list of claims {类别, 金额, 支付形式, ...}: the same figures as in English."""
    head = "year: 2024\nperson: {identity: foreign, days_in_china: 365, days_in_zone: 200, talent_recognised: true}\n"
    tail = "deductions: {special_additional: 42000}\nzone: {regimes: [hainan]}\n"
    en_map = head + "income:\n  wages: 1000000\n  allowances: {housing: 180000, children_education: 100000}\n" + tail
    zh_map = head + "income:\n  wages: 1000000\n  津补贴: {住房补贴: 180000, 子女教育费: 100000}\n" + tail
    en_list = head + ("income:\n  wages: 1000000\n  allowances:\n"
                      "    - {kind: housing, amount: 180000, form: cash}\n"
                      "    - {kind: children_education, amount: 100000, in_china: false}\n"
                      "    - {kind: relocation, amount: 30000, taking_up_or_leaving_post: true, with_documents: true}\n") + tail
    zh_list = head + ("income:\n  wages: 1000000\n  津补贴:\n"
                      "    - {类别: 住房补贴, 金额: 180000, 支付形式: 现金}\n"
                      "    - {类别: 子女教育费, 金额: 100000, 境内发生: 否}\n"
                      "    - {类别: 搬迁费, 金额: 30000, 赴任或离任: 是, 有效凭证: 是}\n") + tail
    by_map = [json.loads(report("--json", write(tmp_path, t, f"m{i}.yaml"))) for i, t in enumerate((en_map, zh_map))]
    by_list = [json.loads(report("--json", write(tmp_path, t, f"l{i}.yaml"))) for i, t in enumerate((en_list, zh_list))]
    assert figures(by_map[0]) == figures(by_map[1]) and by_map[0]["total_tax"] == by_map[1]["total_tax"]
    assert figures(by_list[0]) == figures(by_list[1]) and by_list[0]["total_tax"] == by_list[1]["total_tax"]
    # the list's cash housing and education abroad are taxable: the deductions win, not the exemptions
    assert by_map[0]["tax_due"] == "141000.00" and by_list[0]["tax_due"] == by_list[1]["tax_due"] == "181200.00"
    assert by_list[1]["results"]["regimes"]["figures"]["best_allowances"] == "deductions"
    g = yaml.safe_load((SOURCE / "libtax/messages/glossary.yaml").read_text(encoding="utf-8"))["scenario"]
    for alias, form in g["values"]["form"].items():  # every form alias is a form the reader takes
        doc = head + f"income:\n  wages: 1000000\n  津补贴:\n    - {{类别: 伙食补贴, 金额: 10000, 支付形式: {alias}}}\n" + tail
        in_en = head + f"income:\n  wages: 1000000\n  allowances:\n    - {{kind: meals, amount: 10000, form: {form}}}\n" + tail
        assert figures(json.loads(report("--json", write(tmp_path, doc, "f0.yaml")))) == \
            figures(json.loads(report("--json", write(tmp_path, in_en, "f1.yaml")))), alias


# ---- every shipped scenario in Chinese and in both ------------------------------------------------

@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_every_scenario_renders_in_chinese_without_an_english_label_or_a_raw_id(scenario):
    en_catalogue, zh_catalogue = catalogue("en"), catalogue("zh")
    ids = [i for i in en_catalogue if "." in i]
    zh_text = report("--lang", "zh", "--explain", scenario)
    both_text = report("--lang", "both", "--explain", scenario)
    for text in (zh_text, both_text):
        raw = [i for i in ids if re.search(r"(?<![\w.-])" + re.escape(i) + r"(?![\w.-])", text)]
        assert not raw, f"message ids printed as they are: {raw}"
    doc = json.loads(report("--lang", "zh", "--json", scenario))
    missing = []
    labels = list(doc["scenario"]["person_labels"].values())
    for section in doc["results"].values():
        labels += [section["title"], *section["figure_labels"].values(), *(n["text"] for n in section["note_ids"])]
        e = section["explanation"]
        if e:
            labels += [e["title"], *(s["label"] for s in e["steps"]), *(n["text"] for n in e["note_ids"])]
            labels += [s["value"] for s in e["steps"] if s["value_id"]]
    missing = [t for t in labels if re.search("[A-Za-z]", t) and not CJK.search(t)]  # figures such as '150 / 365' are no words
    assert not missing, f"not in Chinese: {missing}"
    # values that are words of the catalogue (yes, separate, subsidy, foreign ...) are written in Chinese
    english_words = {v for k, v in en_catalogue.items() if k.startswith("calc.value.") and v != zh_catalogue[k]}
    for line in zh_text.splitlines():
        m = re.fullmatch(r"  (\S.*?\S)  +(\S+)", line)
        if m and not line.startswith("    "):
            assert m.group(2) not in english_words, line
    assert "《中华人民共和国个人所得税法》" in zh_text  # the statute, cited in Chinese


def test_chinese_output_cites_the_chinese_document_numbers():
    zh = report("--lang", "zh", "--explain", SOURCE / "examples/scenarios/gba-engineer-shenzhen.yaml")
    assert "依据：财税〔2023〕34号第一条至第四条" in zh
    assert "依据：《中华人民共和国个人所得税法》第六条第一款第（一）项" in zh
    assert "依据：国家税务总局公告2018年第61号第六条" in zh
    assert "basis: Caishui [2023] No. 34, arts. 1-4" in report("--explain", SOURCE / "examples/scenarios/gba-engineer-shenzhen.yaml")


# ---- no English of the regime tables or of the eligibility reasons in Chinese ------------------------

def english_vocabulary():
    """Words (four letters or more) of the regime tables' texts and of the reasons' English templates."""
    texts = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("name", "status_note", "area", "reaches", "note") and isinstance(v, str):
                    texts.append(v)
                elif k != "documents":
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for f in sorted((SOURCE / "tables/regimes").glob("*.yaml")):
        walk(yaml.safe_load(f.read_text(encoding="utf-8")))
    texts += [v for k, v in catalogue("en").items() if k.startswith("eligibility.") or k.startswith("relief.outside")]
    return {w.lower() for t in texts for w in re.findall(r"[A-Za-z]{4,}", t)}


ALLOWED = {"libtax"} | {f.stem for f in (SOURCE / "tables/regimes").glob("*.yaml")}  # names and ids written as they are


def english_left(text, vocabulary):
    found = []
    for token in re.findall(r"[A-Za-z0-9_=/:.\-]+", text):
        if re.search(r"[_=/:.0-9-]", token):  # code names (days_in_zone, person.stays, city=shenzhen, regime ids), positions, figures
            continue
        found += [w for w in re.findall(r"[A-Za-z]{4,}", token) if w.lower() in vocabulary and w.lower() not in ALLOWED]
    return found


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_chinese_output_has_no_english_of_the_regime_tables_or_reasons(scenario):
    vocabulary = english_vocabulary()
    assert {"reconciliation", "identity", "threshold"} <= vocabulary  # the tables' and the reasons' English is in it
    text = report("--lang", "zh", "--explain", scenario)
    # the scenario's own words (its title, a zone's name) are the user's: left as written
    own = []

    def strings(node):
        if isinstance(node, dict):
            for v in node.values():
                strings(v)
        elif isinstance(node, list):
            for v in node:
                strings(v)
        elif isinstance(node, str):
            own.append(node)

    strings(yaml.safe_load(scenario.read_text(encoding="utf-8")))
    for t in sorted(own, key=len, reverse=True):
        text = text.replace(t, " ")
    left = english_left(text, vocabulary)
    assert not left, f"English left in Chinese output: {sorted(set(left))}"


# ---- no English word at all in Chinese output ----------------------------------------------------

# ASCII that Chinese output keeps as it is: the wage-sourcing formula's symbols (W, Wf, Wd, Dov, Dcal of
# MOF/STA 2019 No. 35), currency codes, the program's own name and the e of 港税e (Qianhai's tool).
ASCII_ALLOWED = {"W", "Wf", "Wd", "Dov", "Dcal", "HKD", "MOP", "CNY", "libtax", "e"}


def ascii_words(text, own):
    """Words of ASCII letters left in `text` once the scenario's own strings (its title, a zone's
    name: the user's words) are taken out; code names, keys, paths, ids and figures (a token with
    _ . / - = : or a digit: days_in_china, tables/cn/2024.yaml:93, talent_recognised=False,
    beijing-two-zones) are kept as written, as are the allowed symbols."""
    for t in sorted(own, key=len, reverse=True):
        text = text.replace(t, " ")
    words = []
    for token in re.findall(r"[A-Za-z0-9_=/:.\-+'\[\]]+", text):
        token = token.rstrip(":.'")  # a word before a colon or at a sentence's end is still a word
        if re.search(r"[_=/:.0-9\-\[\]]", token):
            continue
        words += [w for w in re.findall(r"[A-Za-z]+", token) if w not in ASCII_ALLOWED]
    return words


def scenario_strings(scenario):
    own = []

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            own.append(node)

    walk(yaml.safe_load(scenario.read_text(encoding="utf-8")))
    return own


def test_the_ascii_scan_finds_english():
    # the scan itself: an English word, a period's "to" and an untranslated note are found; code
    # names, paths, formula symbols and the user's own words are not
    found = ascii_words("单独计税政策期间 2024-01-01 to 2027-12-31 UNCONFIRMED: pilot in Shanghai", [])
    assert found == ["to", "UNCONFIRMED", "pilot", "in", "Shanghai"]
    assert ascii_words("W ×〔1 −（Wf ÷ W）〕 [tables/cn/2024.yaml:93] talent_recognised=False 区域 My Zone", ["My Zone"]) == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_chinese_output_has_no_ascii_word_outside_the_allow_list(scenario):
    # every line of the page and of every traced calculation, provision notes and periods included
    text = report("--lang", "zh", "--explain", scenario)
    left = ascii_words(text, scenario_strings(scenario))
    assert not left, f"English left in Chinese output: {sorted(set(left))}"
