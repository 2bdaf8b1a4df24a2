"""libtax-web's server without a browser (the page itself: tests/browser/web_test.mjs): the scenario
the page sends written as a scenario file, the requests, the refusals, and the figures against
libtax-calc --json on the same file."""
import http.client
import json
import os
import pathlib
import re
import subprocess
import threading

import pytest
import yaml

import libtax
from libtax import web
from libtax.web import _engine, _scenario

from conftest import SOURCE_DIR

BUILD = pathlib.Path(os.environ.get("LIBTAX_BUILD_DIR", pathlib.Path(libtax.__file__).resolve().parents[2]))
CALC = BUILD / "tools" / "calc" / "libtax-calc"
SCENARIOS = SOURCE_DIR / "examples" / "scenarios"


def calc_json(path):
    return json.loads(subprocess.run([str(CALC), "--json", str(path)], capture_output=True, text=True,
                                     timeout=60).stdout)


def as_typed(node):
    """A scenario file's values as the page sends them: numbers as the text typed, flags as booleans."""
    if isinstance(node, dict):
        return {k: as_typed(v) for k, v in node.items()}
    if isinstance(node, list):
        return [as_typed(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    return str(node)


@pytest.fixture(scope="module")
def server():
    srv = web.make_server("127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    h = {"Content-Type": "application/json"} if body is not None else {}
    h.update(headers or {})
    conn.request(method, path, body=json.dumps(body) if isinstance(body, dict) else body, headers=h)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r, data


# -- the scenario file the page's request becomes ---------------------------------------------------
def test_the_yaml_keeps_the_text_as_typed_and_reads_back():
    s = {"title": "Ärztin: \"A\" #1", "year": "2024", "person": {"identity": "foreign", "talent_recognised": True,
         "resident": False}, "income": {"wages": "960000.50", "labour": "", "author": None},
         "zone": {"regimes": ["gba", "qianhai"], "city": "shenzhen", "special_industry": "no", "income_from_zone": {}},
         "monthly_pay": [{"month": "1", "wage": "1e5"}], "payments": [{"kind": "labour", "amount": "12,000"}]}
    text = _scenario.to_yaml(s)
    back = yaml.safe_load(text)
    assert back["title"] == "Ärztin: \"A\" #1"
    assert back["year"] == 2024 and back["income"] == {"wages": 960000.5}      # empty and None: not given
    assert "wages: 960000.50" in text                                            # the digits as typed
    assert back["person"] == {"identity": "foreign", "talent_recognised": True, "resident": False}
    assert back["zone"]["regimes"] == ["gba", "qianhai"] and "income_from_zone" not in back["zone"]
    assert back["zone"]["special_industry"] == "no"                              # a YAML word stays text
    assert back["monthly_pay"] == [{"month": 1, "wage": "1e5"}]                 # not a plain decimal: quoted
    assert back["payments"] == [{"kind": "labour", "amount": "12,000"}]


@pytest.mark.parametrize("bad, field", [
    ([1], ""), ({"income": {"Wages!": "1"}}, "income"), ({"income": {"1st": "1"}}, "income"), ({"income": {"wages": {"a": [1, {"b": 2}]}}}, "income.wages.a[1]"),
    ({"title": "x" * 1001}, "title"), ({"income": {"wages": 1.5}}, "income.wages"),
])
def test_a_request_not_in_the_files_shape_is_refused_naming_where(bad, field):
    with pytest.raises(_scenario.ShapeError) as e:
        _scenario.to_yaml(bad)
    assert e.value.field == field


def test_a_scenario_of_too_many_values_is_refused():
    with pytest.raises(_scenario.ShapeError, match="more than"):
        _scenario.to_yaml({"monthly_pay": [{"month": str(i)} for i in range(500)]})


def test_a_shape_error_is_in_chinese_english_or_both():
    with pytest.raises(_scenario.ShapeError) as e:
        _scenario.to_yaml({"income": {"wages": 1.5}})
    assert e.value.messages == {"en": "income.wages: expected a number or text, not float",
                                "zh": "income.wages：应为数字或文本，而不是 float"}
    assert (e.value.message_id, e.value.message_args) == ("web_request.not_scalar", {"type": "float"})
    assert str(e.value) == e.value.messages["en"] and e.value.message == "expected a number or text, not float"
    with pytest.raises(_scenario.ShapeError) as e:
        _scenario.to_yaml({"monthly_pay": [{"month": str(i)} for i in range(500)]})
    assert e.value.messages["zh"] == "超过 400 个值"
    assert _engine._in_language(e.value, "both") == "超过 400 个值\nmore than 400 values"


def test_error_messages_of_the_library_give_their_field():
    e = _engine._error_from(libtax.TableError("/tmp/x.yaml:7: income.wages: '-5' is negative"), "/tmp/x.yaml")
    assert (e.field, e.line, e.message) == ("income.wages", 7, "scenario:7: income.wages: '-5' is negative")
    e = _engine._error_from(libtax.InputError("wages = -1.00: must not be negative"), "/tmp/x.yaml")
    assert e.field == "wages"
    e = _engine._error_from(libtax.TableError("/tmp/x.yaml:0: (file): cannot be read"), "/tmp/x.yaml")
    assert e.field == ""


def test_an_error_of_the_library_reads_in_the_pages_language():
    text = "year: 2024\nincome:\n  wages: -5000\n"
    for lang, words in (("zh", "负"), ("en", "negative")):
        with pytest.raises(_engine.ScenarioError) as info:
            _engine.compute(text, lang)
        assert info.value.field == "income.wages" and words in info.value.message, info.value.message
    assert libtax.get_language() == "en"  # the page's language, not the process one


# -- the server ---------------------------------------------------------------------------------------
def test_the_page_and_its_files_come_from_the_server_only(server):
    r, body = request(server, "GET", "/")
    assert r.status == 200 and b"/static/app.js" in body
    csp = r.getheader("Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    static = pathlib.Path(web.STATIC_DIR)
    for f in static.iterdir():
        text = f.read_text(encoding="utf-8")
        for scheme in ("https://", "http://", "//cdn", "@import"):
            rest = text.replace("http://www.w3.org/2000/svg", "")
            assert scheme not in rest, f"{f.name} refers to {scheme}"
        r, _ = request(server, "GET", "/static/" + f.name)
        assert r.status == 200


@pytest.mark.parametrize("path", ["/static/../__init__.py", "/static/%2e%2e/_engine.py", "/_engine.py", "/static/.hidden.js"])
def test_nothing_but_the_static_files_is_served(server, path):
    r, _ = request(server, "GET", path)
    assert r.status == 404


def test_another_host_name_is_not_answered(server):
    r, _ = request(server, "GET", "/api/meta", headers={"Host": "attacker.example:80"})
    assert r.status == 421
    r, _ = request(server, "POST", "/api/calc", {"scenario": {"year": "2024"}}, headers={"Host": "attacker.example"})
    assert r.status == 421


@pytest.mark.parametrize("body, ctype", [("year=2024", "application/x-www-form-urlencoded"), ("[]", "application/json"),
                                         ("{", "application/json")])
def test_requests_that_are_not_a_json_object_are_refused(server, body, ctype):
    r, data = request(server, "POST", "/api/calc", body, headers={"Content-Type": ctype})
    assert r.status == 400 and json.loads(data)["ok"] is False


def test_meta_lists_the_regimes_of_the_tables(server):
    r, data = request(server, "GET", "/api/meta")
    meta = json.loads(data)
    assert [x["id"] for x in meta["regimes"]] == libtax.regimes()
    assert "shenzhen" in next(x for x in meta["regimes"] if x["id"] == "gba")["cities"]
    assert meta["default_year"] in meta["years"]


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yaml")))
def test_the_figures_equal_libtax_calc_on_the_same_file(server, name):
    scenario = as_typed(yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8")))
    r, data = request(server, "POST", "/api/calc", {"scenario": scenario, "lang": "en"})
    answer = json.loads(data)
    assert r.status == 200, answer
    expected = calc_json(SCENARIOS / name)
    got = answer["json"]
    assert got["total_tax"] == expected["total_tax"]
    assert {k: v["figures"] for k, v in got["results"].items()} == {k: v["figures"] for k, v in expected["results"].items()}
    assert "scenario" == got["scenario"]["file"]            # the temporary file is not named
    assert answer["text"].startswith(expected["scenario"]["title"]) or expected["scenario"]["title"] in answer["text"]


@pytest.mark.parametrize("field, value, words", [
    ("wages", "-5000", "'-5000' is negative"), ("wages", "12万", "is not an amount"), ("bonus", "1e5", "is not an amount"),
])
def test_a_bad_amount_is_refused_naming_its_field(server, field, value, words):
    r, data = request(server, "POST", "/api/calc", {"scenario": {"year": "2024", "income": {field: value}}})
    answer = json.loads(data)
    assert r.status == 422 and answer["ok"] is False
    assert answer["error"]["field"] == f"income.{field}" and words in answer["error"]["message"]
    assert "/tmp" not in answer["error"]["message"]


def test_an_unknown_key_is_refused_by_the_library_naming_it(server):
    r, data = request(server, "POST", "/api/calc", {"scenario": {"year": "2024", "income": {"salary": "1"}}})
    assert r.status == 422 and json.loads(data)["error"]["field"] == "income.salary"


def test_the_scenario_downloads_as_yaml(server):
    r, data = request(server, "POST", "/api/yaml", {"scenario": {"year": "2024", "income": {"wages": "100000"}}})
    assert r.status == 200 and "attachment" in r.getheader("Content-Disposition")
    assert yaml.safe_load(data) == {"year": 2024, "income": {"wages": 100000}}


def test_the_statement_is_the_librarys_html_or_said_to_be_missing(server):
    scenario = as_typed(yaml.safe_load((SCENARIOS / "gba-engineer-shenzhen.yaml").read_text(encoding="utf-8")))
    r, data = request(server, "POST", "/api/statement", {"scenario": scenario, "lang": "zh"})
    if not _engine.has_statement():
        assert r.status == 501 and "statement" in json.loads(data)["error"]["message"]
        return
    assert r.status == 200 and r.getheader("Content-Type").startswith("text/html")
    html = data.decode("utf-8")
    text = (SCENARIOS / "gba-engineer-shenzhen.yaml").read_text(encoding="utf-8")
    assert html == libtax.calc_text(text, name="scenario", lang="zh").statement()   # the form's scenario is the file's
    assert "http://" not in html and "https://" not in html          # the statement loads nothing either


def test_the_command_prints_its_url_on_a_free_port_and_refuses_a_bad_one(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(BUILD / "python"))
    p = subprocess.Popen(["/usr/bin/python3", "-m", "libtax.web", "--port", "0"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = p.stdout.readline()
        assert line.startswith("libtax-web: http://127.0.0.1:"), line
        port = int(line.split(":")[3].split("/")[0])
        r, _ = request(port, "GET", "/")
        assert r.status == 200
    finally:
        p.terminate()
        p.wait(timeout=10)
    bad = subprocess.run(["/usr/bin/python3", "-m", "libtax.web", "--port", "70000"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "--port 70000" in bad.stderr


def test_the_page_words_come_from_the_catalogues(server):
    r, data = request(server, "GET", "/api/meta")
    words = json.loads(data)["words"]
    zh, en = libtax.messages("zh"), libtax.messages("en")
    assert words["app.title"] == [zh["web.app.title"], en["web.app.title"]] == ["个人所得税计算器", "Individual income tax calculator"]
    assert len(words) == sum(1 for k in en if k.startswith("web."))
    # the page itself holds no Chinese words: every label is served from the catalogues
    app = (pathlib.Path(web.__file__).parent / "static/app.js").read_text(encoding="utf-8")
    assert not re.search("[\u4e00-\u9fff]", app)


@pytest.mark.parametrize("lang, message", [
    ("zh", "title：超过 1000 个字符"), ("en", "title: longer than 1000 characters"),
    ("both", "title：超过 1000 个字符\ntitle: longer than 1000 characters"), (None, "title: longer than 1000 characters"),
])
def test_a_request_not_in_the_files_shape_is_refused_in_the_pages_language(server, lang, message):
    body = {"scenario": {"year": "2024", "title": "x" * 1001}, **({"lang": lang} if lang else {})}
    r, data = request(server, "POST", "/api/calc", body)
    answer = json.loads(data)
    assert r.status == 422 and answer["error"] == {"field": "title", "message": message, "line": 0}
