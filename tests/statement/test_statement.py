"""The annual tax statement (libtax-calc --statement, CalcReport.statement): HTML from the report in
zh, en and both, every figure equal to the report's JSON under its reference and derived figures
recomputed here from the scenario; PDF through WeasyPrint checked with pdftotext (the figures and,
in Chinese, the labels) and pdftoppm (a page that is not blank). Every statement.* message id the
generator uses is in every catalogue. Registered in ctest as `statement` (PDFs take seconds each)."""
import concurrent.futures
import json
import os
import pathlib
import re
import subprocess
import sys
from decimal import Decimal

import pytest
import yaml

import libtax

SOURCE_DIR = pathlib.Path(os.environ.get("LIBTAX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BUILD_DIR = pathlib.Path(os.environ.get("LIBTAX_BUILD_DIR", SOURCE_DIR / "build"))
CALC = BUILD_DIR / "tools/calc/libtax-calc"
SCENARIOS = {  # two shipped scenarios: an enacted subsidy with monthly withholding; a what-if regime with business income
    "gba": SOURCE_DIR / "examples/scenarios/gba-engineer-shenzhen.yaml",
    "beijing": SOURCE_DIR / "examples/scenarios/foreign-expert-beijing-whatif.yaml",
}
LANGS = ("zh", "en", "both")


def money(text):
    return Decimal(text)


def expected_figures(path):
    """The statement's headline figures, from the report's JSON and the scenario file (not from the statement)."""
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = libtax.calc(path).json
    res = report["results"]
    income = scenario.get("income", {})
    total_income = sum((money(str(income.get(k, 0))) for k in ("wages", "bonus", "labour", "author", "royalties",
                                                                "business_taxable_income")), Decimal("0"))
    summary = res["summary"]["figures"]
    tax = money(summary["total_tax"])
    borne = money(summary.get("tax_after_best_relief", summary["total_tax"]))
    relief = money(summary.get("best_regime_relief", "0.00"))
    assert tax - relief == borne  # the report's own relation
    return {"total_income": f"{total_income:.2f}", "tax": f"{tax:.2f}", "relief": f"{relief:.2f}",
            "borne": f"{borne:.2f}", "net": f"{total_income - borne:.2f}"}, report


def refs_in(html):
    """(reference, text) of every report figure the statement shows."""
    return re.findall(r'<span class="fig" data-ref="([^"]+)">([^<]*)</span>', html)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_figure_is_the_reports_under_its_reference(name, lang):
    path = SCENARIOS[name]
    want, report = expected_figures(path)
    html = libtax.calc(path).statement(lang=lang)
    refs = refs_in(html)
    assert len(refs) >= 8
    for ref, text in refs:
        section, figure = ref.split(".", 1)
        assert report["results"][section]["figures"][figure] == text, ref
        assert f'id="f-{ref}"' in html, f"{ref} has no row in the appendix"
    for ref, value in re.findall(r'data-ref="([^"]+)" data-value="([^"]*)"', html):
        section, figure = ref.split(".", 1)
        v = report["results"][section]["figures"][figure]
        assert (json.dumps(v) if isinstance(v, bool) else v) == value, ref  # the JSON value (a flag: true, false)
    for target in re.findall(r'href="#([^"]+)"', html):
        assert f'id="{target}"' in html, target
    for section in report["results"]:  # the appendix has every section of the report under its id
        assert f'id="sec-{section}"' in html
    derived = dict(re.findall(r'data-derived="([^"]+)">([^<]*)<', html))
    assert derived["gross_income"] == want["total_income"]
    assert derived["net_income"] == want["net"]
    shown = {ref: text for ref, text in refs}
    assert shown["summary.total_tax"] == want["tax"]
    assert shown["summary.tax_after_best_relief"] == want["borne"]
    assert shown["summary.best_regime_relief"] == want["relief"]


def test_the_reconciliation_balance_is_tax_less_withheld():
    path = SCENARIOS["gba"]
    res = libtax.calc(path).json["results"]
    html = libtax.calc(path).statement(lang="en")
    derived = dict(re.findall(r'data-derived="([^"]+)">([^<]*)<', html))
    # 2024, 960,000 wages and a 144,000 bonus taxed separately: 203,880 + 14,190 = 218,070 for the year
    assert res["summary"]["figures"]["comprehensive_income_tax"] == "218070.00"
    withheld = sum(Decimal(v) for k, v in res["withholding"]["figures"].items() if k.startswith("month_"))
    assert f"{withheld:.2f}" == res["withholding"]["figures"]["total_withheld"]
    assert Decimal(derived["balance"]) == Decimal("218070.00") - withheld
    assert "balance payable" in html or "balance refundable" in html


def test_labour_payments_are_reconciled_with_their_prepayments():
    # 100,000 wages + 5,000 labour (income amount 4,000); 2024: 104,000 - 60,000 = 44,000 taxable:
    # 44,000 x 10% - 2,520 = 1,880.00; the payment's prepayment: (5,000 - 20%) x 20% = 800.00
    r = libtax.calc({"year": 2024, "income": {"labour": 5000},
                     "payments": [{"kind": "labour", "amount": 5000}]})
    html = r.statement(lang="en")
    derived = dict(re.findall(r'data-derived="([^"]+)">([^<]*)<', html))
    assert r.json["results"]["prepayments"]["figures"]["total_prepaid"] == "800.00"
    assert derived["balance"] == f"{Decimal(r.json['results']['summary']['figures']['total_tax']) - Decimal('800.00'):.2f}"
    wages = libtax.calc({"year": 2024, "income": {"wages": 100000, "labour": 5000},
                         "payments": [{"kind": "labour", "amount": 5000}]})
    assert wages.json["results"]["summary"]["figures"]["total_tax"] == "1880.00"
    html = wages.statement(lang="en")
    assert 'data-derived="balance"' not in html  # wages without monthly pay: what was withheld is unknown
    assert "balance is not computed" in html


def test_marks_what_if_regime_what_if_tables_and_unconfirmed(tmp_path):
    bj = libtax.calc(SCENARIOS["beijing"]).statement(lang="both")
    assert 'id="mark-whatif-regime"' in bj and 'id="mark-unconfirmed"' in bj and "NOT LAW" in bj and "尚非法律" in bj
    gba = libtax.calc(SCENARIOS["gba"]).statement(lang="en")
    assert 'id="mark-whatif-regime"' not in gba and 'id="mark-unconfirmed"' in gba
    assert 'id="mark-whatif-tables"' not in gba
    import shutil
    shutil.copytree(SOURCE_DIR / "tables", tmp_path / "t")
    whatif = libtax.calc(SCENARIOS["gba"], tables=tmp_path / "t").statement(lang="zh")
    assert 'id="mark-whatif-tables"' in whatif and "假设税率表" in whatif


def test_relief_says_how_it_reaches_the_person():
    gba = libtax.calc(SCENARIOS["gba"]).statement(lang="en")
    assert "a subsidy: the tax is paid in full first" in gba
    assert "paid by the city government on a separate application" in gba  # the regime table's own words
    hainan = libtax.calc(SOURCE_DIR / "examples/scenarios/hainan-executive.yaml")
    if hainan.json["results"]["regimes"]["figures"].get("hainan.kind") == "exemption":
        assert "an exemption: claimed at source" in hainan.statement(lang="en")


def test_languages():
    r = libtax.calc(SCENARIOS["gba"])
    zh, en, both = (r.statement(lang=lang) for lang in LANGS)
    assert "个人所得税年度收入纳税情况说明" in zh and "Annual statement of income" not in zh
    assert "Annual statement of income" in en and "个人所得税年度收入纳税情况说明" not in en
    assert "个人所得税年度收入纳税情况说明" in both and "Annual statement of income" in both
    assert r.statement() == en  # the report's language: get_language() when calc was called
    assert libtax.calc(SCENARIOS["gba"], lang="zh").statement() == zh
    with pytest.raises(libtax.InputError):
        r.statement(lang="fr")


def test_statement_ids_are_in_every_catalogue():
    source = (SOURCE_DIR / "tools/calc/statement.cpp").read_text(encoding="utf-8")
    used = set(re.findall(r'"(statement\.[a-z_.]+[a-z_])"', source)) - {"statement.hpp"}  # the header included
    assert len(used) > 60
    catalogues = {lang: yaml.safe_load((SOURCE_DIR / f"libtax/messages/{lang}.yaml").read_text(encoding="utf-8"))
                  for lang in ("en", "zh")}
    for lang, messages in catalogues.items():
        missing = sorted(used - set(messages))
        assert not missing, f"{lang}.yaml lacks {missing}"
    keys = {lang: {k for k in m if k.startswith("statement.")} for lang, m in catalogues.items()}
    assert keys["en"] == keys["zh"]
    unused = sorted(keys["en"] - used)
    assert not unused, f"statement messages no code uses: {unused}"


def run_calc(*args):
    return subprocess.run([str(CALC), *map(str, args)], capture_output=True, text=True, timeout=600)


def test_the_program_writes_the_same_html_as_python(tmp_path):
    out = tmp_path / "s.html"
    run = run_calc("--statement", out, SCENARIOS["gba"])
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8") == libtax.calc(str(SCENARIOS["gba"])).statement(lang="en")
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.html"]  # no temporary file left


@pytest.mark.parametrize("lang", ["zh", "both"])
def test_the_program_writes_the_statement_in_its_lang(tmp_path, lang):
    out = tmp_path / "s.html"
    run = run_calc("--lang", lang, "--statement", out, SCENARIOS["beijing"])
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8") == libtax.calc(str(SCENARIOS["beijing"])).statement(lang=lang)


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("bad", ["missing-dir/s.pdf", "s.txt", "dir.pdf"])
def test_a_bad_statement_path_is_exit_2_and_leaves_nothing(tmp_path, bad):
    (tmp_path / "dir.pdf").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    run = run_calc("--statement", tmp_path / bad, SCENARIOS["gba"])
    assert run.returncode == 2 and "statement" in run.stderr and run.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    with pytest.raises(libtax.InputError):
        libtax.calc(SCENARIOS["gba"]).statement(tmp_path / bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_python_writes_html_atomically_over_an_existing_file(tmp_path):
    out = tmp_path / "s.html"
    out.write_text("old")
    assert libtax.calc(SCENARIOS["beijing"]).statement(out, lang="zh") is None
    assert out.read_text(encoding="utf-8") == libtax.calc(SCENARIOS["beijing"]).statement(lang="zh")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.html"]


def test_without_weasyprint_a_pdf_is_not_available(tmp_path, monkeypatch):
    monkeypatch.setenv("LIBTAX_WEASYPRINT", str(tmp_path / "no-such-program"))
    with pytest.raises(libtax.NotAvailableError) as e:
        libtax.calc(SCENARIOS["gba"]).statement(tmp_path / "s.pdf")
    assert "weasyprint" in str(e.value)
    assert list(tmp_path.iterdir()) == []


# --- PDF: each scenario and each language rendered at least once, two at a time -----------------
# (the HTML tests above cover every scenario in every language; a PDF with Chinese text takes
# seconds to lay out and subset its fonts, so the PDF tests render three, not six)
PDF_CASES = (("gba", "zh"), ("gba", "en"), ("beijing", "both"))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    jobs = {(name, lang): out / f"{name}-{lang}.pdf" for name, lang in PDF_CASES}

    def render(key):
        name, lang = key
        libtax.calc(SCENARIOS[name]).statement(jobs[key], lang=lang)  # releases the GIL while WeasyPrint runs
        return key

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(render, jobs))
    return jobs


def pdf_text(path):
    run = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize("name,lang", PDF_CASES)
def test_pdf_shows_the_figures_of_the_json(pdfs, name, lang):
    path = pdfs[(name, lang)]
    assert path.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(path)
    want, report = expected_figures(SCENARIOS[name])
    numbers = set(re.findall(r"-?\d+\.\d\d\b", text))
    for what, value in want.items():
        assert value in numbers, f"{what} {value} not in the PDF"
    assert report["results"]["summary"]["figures"]["comprehensive_income_tax"] in numbers
    if lang in ("zh", "both"):
        for label in ("个人所得税年度收入纳税情况说明", "实际负担税额", "税后合法收入净额", "年度汇算", "居民个人"):
            assert label in text, label
    if lang in ("en", "both"):
        assert "net legal income after tax" in text and "tax actually borne" in text
    if lang == "en":
        assert "实际负担税额" not in text


@pytest.mark.parametrize("name,lang", [case for case in PDF_CASES if case[1] != "en"])
def test_pdf_first_page_is_not_blank(pdfs, name, lang, tmp_path):
    from PIL import Image

    prefix = tmp_path / "page"
    run = subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdfs[(name, lang)]), str(prefix)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    width, height = image.size
    assert width > 400 and height > 600  # A4 at 60 dpi: 496 x 702
    dark = sum(1 for p in image.getdata() if p < 128)
    assert dark > 0.01 * width * height, f"page 1 is nearly blank ({dark} dark pixels)"
    hist = image.histogram()
    assert sum(1 for count in hist if count) > 16  # text anti-aliased over shades, not one flat colour


def test_the_program_writes_a_pdf(tmp_path):
    out = tmp_path / "s.pdf"
    run = run_calc("--json", "--statement", out, SCENARIOS["beijing"])
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["results"]["summary"]["figures"]["total_tax"] in pdf_text(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.pdf"]


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
