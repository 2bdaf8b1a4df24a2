"""Year tables that state only what changed (`extends:`, libtax/src/tables/year_chain.hpp).

A year that extends another inherits what it does not state; an inherited value cites the file
and line it was written in; a broken chain is a TableError naming file:line."""
import re
from decimal import Decimal

import pytest

import libtax
from conftest import SOURCE_DIR

CN = SOURCE_DIR / "tables" / "cn"


def _docs(**replace):
    """The built-in cn/ documents, some replaced: replace={'2022': text or None (dropped)}."""
    docs = {}
    for path in sorted(CN.glob("*.yaml")):
        year = path.stem
        text = replace.get(year, path.read_text(encoding="utf-8"))
        if text is not None:
            docs["tables/cn/" + path.name] = text
    return docs


def _line_of(year, fragment):
    lines = (CN / f"{year}.yaml").read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, l in enumerate(lines) if l.lstrip().startswith(fragment))


def _table_error(docs):
    with pytest.raises(libtax.TableError) as e:
        libtax.Tables.from_documents(docs)
    return e.value


def test_every_year_but_the_two_reference_years_extends_the_previous_one():
    for year in range(2019, 2028):
        text = (CN / f"{year}.yaml").read_text(encoding="utf-8")
        m = re.search(r"^extends: (\d+)$", text, re.M)
        if year in (2019, 2024):
            assert m is None, f"{year} is stated in full"
        else:
            assert m and int(m.group(1)) == year - 1


def test_inherited_values_cite_the_file_and_line_they_were_written_in():
    line = _line_of(2024, "annual: 60000")
    for year in (2024, 2025, 2026, 2027):
        text = libtax.annual_tax(year, wages=200000).explain()
        assert f"[tables/cn/2024.yaml:{line}]" in text, year
        assert f"tables/cn/{year}.yaml" not in text or year == 2024
    # a value 2023 restates is cited from 2023.yaml; what it inherits from 2022, 2019
    text = libtax.annual_tax(2023, wages=200000).explain()
    assert f"[tables/cn/2019.yaml:{_line_of(2019, 'annual: 60000')}]" in text


def test_the_year_tables_compute_what_the_full_tables_computed():
    # figures of the full tables before they were rewritten as changes (every year 2019-2027)
    for year in range(2019, 2028):
        assert libtax.annual_tax(year, wages=1000000, social_insurance=30000, special_additional=24000).tax == Decimal("224180.00")
        assert libtax.bonus_tax(year, 144000) == Decimal("14190.00")
    assert libtax.reconcile(2020, wages=100000, prepaid=0).exempt_from_paying
    assert libtax.reconcile(2024, wages=100000, prepaid=0).exempt_from_paying


def test_a_year_extending_a_missing_year_is_refused_at_its_extends_line():
    e = _table_error({"tables/cn/2026.yaml": (CN / "2026.yaml").read_text(encoding="utf-8")})
    assert e.file == "tables/cn/2026.yaml" and e.key == "extends"
    assert e.line == _line_of(2026, "extends: 2025")
    assert "2025" in str(e) and "no yearly table" in str(e)


def test_a_cycle_of_extends_is_refused():
    text = (CN / "2026.yaml").read_text(encoding="utf-8")
    e = _table_error(_docs(**{"2025": text.replace("2026", "2025").replace("extends: 2025", "extends: 2026")}))
    assert e.key == "extends" and "cycle" in str(e)


def test_ending_a_provision_the_base_lacks_is_refused():
    text = (CN / "2020.yaml").read_text(encoding="utf-8") + "\nbusiness:\n  individual_business_halving: ~\n"
    e = _table_error(_docs(**{"2020": text}))
    assert e.file == "tables/cn/2020.yaml" and e.key == "business.individual_business_halving"
    assert "does not have" in str(e)


def test_a_provision_the_base_lacks_must_start_in_the_year_that_states_it():
    text = (CN / "2026.yaml").read_text(encoding="utf-8") + (
        "\ncumulative_withholding:\n  new_rule_that_is_old:\n    source: {doc: iit-law}\n")
    e = _table_error(_docs(**{"2026": text}))
    assert e.file == "tables/cn/2026.yaml"  # unknown to the schema: the loader names it
    text = (CN / "2020.yaml").read_text(encoding="utf-8") + (
        "\nbusiness:\n  individual_business_halving:\n    source: {doc: iit-law}\n    from: 2019-01-01\n"
        "    ceiling: 1\n    reduction: 0.5\n")
    e = _table_error(_docs(**{"2020": text}))
    assert e.file == "tables/cn/2020.yaml" and e.key == "business.individual_business_halving"
    assert "starts in 2020" in str(e) and "tables/cn/2019.yaml" in str(e)


def test_an_inherited_provision_that_has_ended_is_refused_at_the_extends_line():
    # 2022 without its own annual-bonus provision would inherit 2021's, which ends 2021-12-31
    text = (CN / "2022.yaml").read_text(encoding="utf-8")
    start = text.index("annual_bonus:")
    end = text.index("\nforeign:")
    e = _table_error(_docs(**{"2022": text[:start] + text[end + 1:]}))
    assert e.file == "tables/cn/2022.yaml" and e.key == "annual_bonus.separate_taxation"
    assert e.line == _line_of(2022, "extends: 2021")
    assert "ends 2021-12-31" in str(e) and "tables/cn/2019.yaml" in str(e)


def test_a_provision_can_be_ended():
    text = (CN / "2025.yaml").read_text(encoding="utf-8")
    text = text[:text.index("other_deductions:")] + "other_deductions:\n  private_pension: ~\n"
    t = libtax.Tables.from_documents(_docs(**{"2025": text}))
    assert libtax.annual_tax(2026, wages=200000, tables=t).tax == libtax.annual_tax(2026, wages=200000).tax


def test_what_if_on_one_year_leaves_the_years_that_extend_it_alone():
    reform = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000, years=2025)
    base = libtax.annual_tax(2025, wages=200000).tax
    assert libtax.annual_tax(2025, wages=200000, tables=reform).tax < base
    assert libtax.annual_tax(2026, wages=200000, tables=reform).tax == base
    assert libtax.annual_tax(2024, wages=200000, tables=reform).tax == base
    everywhere = libtax.what_if(basic_deduction__annual=72000, basic_deduction__monthly=6000)
    for year in range(2019, 2028):
        assert libtax.annual_tax(year, wages=200000, tables=everywhere).tax < libtax.annual_tax(year, wages=200000).tax
