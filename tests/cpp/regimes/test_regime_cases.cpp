// Runs tests/cases/regimes.yaml (the same file tests/python/test_regimes_cases.py reads).
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <type_traits>
#include <variant>

#include "libtax/contract/talent_case.hpp"
#include "libtax/core/render.hpp"
#include "libtax/regimes/comparison.hpp"
#include "libtax/regimes/relief.hpp"
#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

/// The case's keywords read by the declared talent case (libtax/contract/talent_case.hpp): every
/// declared field is a key, by its kind; an undeclared key fails the case, naming the closest.
TalentCase case_of(const YAML::Node& a) {
    TalentCase c;
    const auto& decl = contract::talent_case();
    for (auto it = a.begin(); it != a.end(); ++it) {
        const std::string key = it->first.Scalar(), text = it->second.Scalar();
        const contract::Field<TalentCase>* f = decl.find(key);
        INFO(key << ": " << contract::unknown_problem(key, decl.names()));
        REQUIRE(f);
        std::visit(
            [&](auto slot) {
                using S = decltype(slot);
                if constexpr (std::is_same_v<S, contract::EnumSlot<TalentCase>>) {
                    const auto names = f->choice_list();
                    const auto at = std::find(names.begin(), names.end(), text);
                    REQUIRE(at != names.end());
                    slot.set(c, static_cast<int>(at - names.begin()));
                } else {
                    using V = std::remove_pointer_t<decltype(slot(c))>;
                    if constexpr (std::is_same_v<V, Money> || std::is_same_v<V, std::optional<Money>>) *slot(c) = Money::parse(text, key);
                    else if constexpr (std::is_same_v<V, int> || std::is_same_v<V, std::optional<int>>) *slot(c) = it->second.as<int>();
                    else if constexpr (std::is_same_v<V, bool> || std::is_same_v<V, std::optional<bool>>) *slot(c) = it->second.as<bool>();
                    else if constexpr (std::is_same_v<V, std::string>) *slot(c) = text;
                    else if constexpr (std::is_same_v<V, std::optional<Rate>>) *slot(c) = Rate::parse(text, key);
                    else if constexpr (std::is_same_v<V, std::vector<WageMonth>>) {
                        // a Node of its own: *it is a temporary, and a range-for over a member of
                        // it would outlive it (AddressSanitizer: stack-use-after-scope)
                        const YAML::Node months = it->second;
                        for (const auto& m : months) {
                            WageMonth w{Money::parse(m["wage"].Scalar(), "wage"), std::nullopt};
                            if (m["zone_wage"]) w.zone_wage = Money::parse(m["zone_wage"].Scalar(), "zone_wage");
                            slot(c)->push_back(w);
                        }
                    }
                }
            },
            f->slot);
    }
    return c;
}

}  // namespace

TEST_CASE("tests/cases/regimes.yaml") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/regimes.yaml"));
    REQUIRE(doc["cases"].size() >= 20);
    for (const auto& k : doc["cases"]) {
        const std::string id = k["id"].Scalar();
        SECTION(id) {
            INFO(id << ": " << k["source"].Scalar());
            const auto r = explained([&](Trace* tr) { return talent_relief(Tables::builtin(), k["regime"].Scalar(), k["year"].as<int>(), case_of(k["args"]), tr); });
            const YAML::Node e = k["expect"];
            CHECK(r.eligible == e["eligible"].as<bool>());
            CHECK(r.amount == Money::parse(e["amount"].Scalar()));
            if (e["tax"]) CHECK(r.tax == Money::parse(e["tax"].Scalar()));
            if (e["kind"]) CHECK(std::string(mechanism_name(r.kind)) == e["kind"].Scalar());
            if (!r.eligible) CHECK_FALSE(r.reasons.empty());
        }
    }
}

// Runs tests/cases/choices.yaml (the same file tests/python/test_law_choices.py reads): the
// annual bonus weighed separate against merged on the tax after each regime's relief.
TEST_CASE("tests/cases/choices.yaml") {
    const YAML::Node doc = YAML::LoadFile(source_path("tests/cases/choices.yaml"));
    REQUIRE(doc["cases"].size() >= 2);
    for (const auto& k : doc["cases"]) {
        const std::string id = k["id"].Scalar();
        SECTION(id) {
            INFO(id << ": " << k["source"].Scalar());
            CompareOptions opt;
            const YAML::Node o = k["options"];
            if (o["bonus"]) opt.bonus = Money::parse(o["bonus"].Scalar());
            if (o["zone_bonus"]) opt.zone_bonus = Money::parse(o["zone_bonus"].Scalar());
            if (o["place"]) opt.place = o["place"].Scalar();
            Trace trace;
            const RegimeComparison cmp = compare_regimes(Tables::builtin(), k["year"].as<int>(), case_of(k["args"]), opt, &trace);
            const YAML::Node e = k["expect"];
            REQUIRE(cmp.best_option());
            CHECK(cmp.best_option()->result.regime == e["best"].Scalar());
            CHECK(cmp.best_option()->best);
            REQUIRE(cmp.tax_without_relief);
            CHECK(*cmp.tax_without_relief == Money::parse(e["tax_without_relief"].Scalar()));
            CHECK(bonus_treatment_name(cmp.treatment_without_relief) == e["treatment_without_relief"].Scalar());
            for (const auto& x : e["regimes"]) {
                const std::string regime = x.first.Scalar();
                const YAML::Node w = x.second;
                const auto it = std::find_if(cmp.options.begin(), cmp.options.end(), [&](const RegimeOption& ro) { return ro.result.regime == regime; });
                REQUIRE(it != cmp.options.end());
                INFO(regime);
                CHECK(bonus_treatment_name(it->bonus_treatment) == w["bonus_treatment"].Scalar());
                CHECK(it->result.amount == Money::parse(w["relief"].Scalar()));
                REQUIRE(it->tax_before_relief);
                CHECK(*it->tax_before_relief == Money::parse(w["tax_before_relief"].Scalar()));
                REQUIRE(it->tax_after_relief);
                CHECK(*it->tax_after_relief == Money::parse(w["tax_after_relief"].Scalar()));
                CHECK(it->bonus_saving == Money::parse(w["bonus_saving"].Scalar()));
                REQUIRE(it->separate.tax_after_relief);
                CHECK(*it->separate.tax_after_relief == Money::parse(w["separate_tax_after_relief"].Scalar()));
                REQUIRE(it->merged.tax_after_relief);
                CHECK(*it->merged.tax_after_relief == Money::parse(w["merged_tax_after_relief"].Scalar()));
                // the option's own trace renders in both catalogues, with the choice in it
                const std::string en = render_text(it->trace, Catalogue::builtin("en"));
                CHECK(en.find("the cheaper after relief") != std::string::npos);
                CHECK_NOTHROW(render_text(it->trace, Catalogue::builtin("zh")));
            }
            const std::string all = render_text(trace, Catalogue::builtin("en"));
            CHECK(all.find("best legal choice") != std::string::npos);
            CHECK_NOTHROW(render_text(trace, Catalogue::builtin("zh")));
        }
    }
}

TEST_CASE("compare_regimes: the bonus choice is refused where the law gives none") {
    TalentCase c;
    c.identity = Identity::mainland;
    c.income.wages = Money::parse("400000");
    c.days_in_zone = 200;
    c.actual_days = 200;
    c.talent_recognised = true;
    CompareOptions opt;
    opt.bonus = Money::parse("36000");
    opt.place = "hainan";
    SECTION("a zone part above the bonus") {
        opt.zone_bonus = Money::parse("36000.01");
        CHECK_THROWS_AS(compare_regimes(Tables::builtin(), 2025, c, opt), InputError);
    }
    SECTION("a non-resident") {
        c.resident = false;
        c.wage_months = 12;
        CHECK_THROWS_AS(compare_regimes(Tables::builtin(), 2025, c, opt), NotAvailableError);
    }
    SECTION("no bonus: merged, tax after relief = tax - relief") {
        opt.bonus = Money();
        const auto cmp = compare_regimes(Tables::builtin(), 2025, c, opt);
        REQUIRE(cmp.best_option());
        const RegimeOption& b = *cmp.best_option();
        CHECK(b.bonus_treatment == BonusTreatment::merged);
        CHECK_FALSE(b.separate.available);
        CHECK(*b.tax_after_relief == *b.tax_before_relief - b.result.amount);
        CHECK(*b.tax_before_relief == Money::parse("53080.00"));
    }
}

TEST_CASE("Hong Kong / Macao projection: CoverageError naming the table, or the latest table carried forward and labelled") {
    TalentCase c;
    c.identity = Identity::hk;
    c.income.wages = Money::parse("1000000");
    c.fx_rate = Rate::parse("1.08", "fx_rate");
    c.talent_recognised = true;
    c.days_in_zone = 250;
    try {
        talent_relief(Tables::builtin(), "qianhai", 2027, c);
        FAIL("expected a CoverageError");
    } catch (const CoverageError& e) {
        CHECK(e.field() == "hong_kong_year_of_assessment");
        CHECK(std::string(e.what()).find("2027/28") != std::string::npos);
    }
    ReliefOptions ro;
    ro.projection = true;
    Trace trace;
    const auto projected = talent_relief(Tables::builtin(), "qianhai", 2027, c, ro, &trace);
    CHECK(projected.projected);
    CHECK(projected.unconfirmed);
    const auto same_table = talent_relief(Tables::builtin(), "qianhai", 2026, c, ro);  // 2026 reads 2026/27 itself
    CHECK_FALSE(same_table.projected);
    CHECK(projected.amount == same_table.amount);
    CHECK(projected.amount > Money());
    CHECK(render_text(trace, Catalogue::builtin("en")).find("PROJECTION, not law: no Hong Kong table for 2027/28; the 2026/27 table") !=
          std::string::npos);
    CompareOptions opt;
    opt.projection = true;
    const auto cmp = compare_regimes(Tables::builtin(), 2027, c, opt);
    const auto it = std::find_if(cmp.options.begin(), cmp.options.end(), [](const RegimeOption& o) { return o.result.regime == "qianhai"; });
    REQUIRE(it != cmp.options.end());
    CHECK(it->computed);
    CHECK(it->result.projected);
    CHECK(it->result.amount == projected.amount);
}

TEST_CASE("compare_regimes: a foreign resident's allowances weighed against the deductions after relief") {
    // Hainan 2024, all income from Hainan: wages 1,000,000; reimbursed rent 180,000 and
    // international-school fees 100,000; special additional deductions 42,000.
    //   exemptions: 1,000,000 - 60,000 = 940,000 -> 243,080.00; after relief 15% = 141,000.00
    //   deductions: 1,280,000 - 60,000 - 42,000 = 1,178,000 -> 348,180.00; after relief 176,700.00
    TalentCase c;
    c.identity = Identity::foreign;
    c.income.wages = Money::parse("1000000");
    c.special_additional = Money::parse("42000");
    c.days_in_zone = 200;
    c.talent_recognised = true;
    CompareOptions opt;
    opt.place = "hainan";
    opt.allowances = {{AllowanceKind::housing, Money::parse("180000")}, {AllowanceKind::children_education, Money::parse("100000")}};
    Trace trace;
    const auto cmp = compare_regimes(Tables::builtin(), 2024, c, opt, &trace);
    CHECK(cmp.allowance_choice);
    CHECK(cmp.allowance_treatment_without_relief == AllowanceTreatment::exemptions);
    CHECK(*cmp.tax_without_relief == Money::parse("243080.00"));
    REQUIRE(cmp.best_option());
    const RegimeOption& b = *cmp.best_option();
    CHECK(b.result.regime == "hainan");
    CHECK(b.allowance_treatment == AllowanceTreatment::exemptions);
    CHECK(*b.exemptions_tax_after_relief == Money::parse("141000.00"));
    CHECK(*b.deductions_tax_after_relief == Money::parse("176700.00"));
    CHECK(b.allowance_saving == Money::parse("35700.00"));
    CHECK(*b.tax_after_relief == Money::parse("141000.00"));
    CHECK(b.result.amount == Money::parse("102080.00"));
    const std::string en = render_text(b.trace, Catalogue::builtin("en"));
    CHECK(en.find("with the exemptions 141000.00, with the deductions 176700.00") != std::string::npos);
    CHECK(render_text(b.trace, Catalogue::builtin("zh")).find("享受津补贴免税") != std::string::npos);
    CHECK(render_text(trace, Catalogue::builtin("en")).find("MOF/STA Announcement 2023 No. 29") != std::string::npos);
    SECTION("no allowances: nothing chosen, the deductions as given") {
        opt.allowances.clear();
        const auto none = compare_regimes(Tables::builtin(), 2024, c, opt);
        CHECK_FALSE(none.allowance_choice);
        CHECK(none.best_option()->allowance_treatment == AllowanceTreatment::deductions);
        CHECK_FALSE(none.best_option()->exemptions_tax_after_relief);
    }
    SECTION("a non-resident has no choice") {
        c.resident = false;
        c.wage_months = 12;
        CHECK_THROWS_AS(compare_regimes(Tables::builtin(), 2024, c, opt), NotAvailableError);
    }
}
