// libtax-calc's one-page answer: first on every shipped scenario, its last line the tax due after
// relief, the what-if / unconfirmed / projection / not-law flags in the JSON, a --tables folder
// missing a kind of table the scenario needs refused (exit 2), and the non-resident executive's
// figures equal to libtax's own calculators called directly.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "libtax/libtax.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using libtax::Exact;
using libtax::Money;

struct Run {
    int status = -1;
    std::string out, err;
};

std::string temp_path(const std::string& name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir ? dir : "/tmp") + "/libtax-calc-summary-" + std::to_string(::getpid()) + "-" + name;
}

Run calc(const std::string& args) {
    const std::string out = temp_path("out"), err = temp_path("err");
    const std::string cmd = std::string("'") + LIBTAX_CALC + "' " + args + " >'" + out + "' 2>'" + err + "'";
    const int rc = std::system(cmd.c_str());
    Run r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = libtax::test::read_file(out);
    r.err = libtax::test::read_file(err);
    std::remove(out.c_str());
    std::remove(err.c_str());
    return r;
}

std::string scenario(const std::string& name) { return "'" + libtax::test::source_path("examples/scenarios/" + name) + "'"; }

std::vector<std::string> shipped() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(libtax::test::source_path("examples/scenarios")))
        if (e.path().extension() == ".yaml") names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string last_line(const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    const auto nl = t.rfind('\n');
    return nl == std::string::npos ? t : t.substr(nl + 1);
}

/// The JSON output, read with yaml-cpp (JSON is YAML).
YAML::Node json_of(const Run& r) {
    REQUIRE(r.status == 0);
    return YAML::Load(r.out);
}

Money money(const YAML::Node& n) { return Money::parse(n.as<std::string>()); }

Money figure(const YAML::Node& doc, const std::string& section, const std::string& name) {
    return money(doc["results"][section]["figures"][name]);
}

}  // namespace

TEST_CASE("calc summary: the one-page answer comes first on every shipped scenario; the last line is the tax due", "[embedding][calc]") {
    const auto names = shipped();
    REQUIRE(names.size() >= 6);
    for (const auto& name : names) {
        INFO(name);
        const Run page = calc(scenario(name));
        REQUIRE(page.status == 0);
        const YAML::Node doc = json_of(calc("--json " + scenario(name)));
        const std::string due = doc["tax_due"].as<std::string>();
        // The page: the answer heading right after the two lines naming the scenario, no section
        // of the details, the tax due last.
        const auto heading = page.out.find("== One-page answer, tax year ");
        CHECK(heading != std::string::npos);
        CHECK(heading == page.out.find('\n', page.out.find('\n') + 1) + 1);
        CHECK_FALSE(contains(page.out, "basis: "));
        CHECK(last_line(page.out).rfind("tax due after relief (best legal choice)", 0) == 0);
        CHECK(contains(last_line(page.out), " " + due));
        // --explain: the same page first, then the details; the last line is still the tax due.
        const Run full = calc("--explain " + scenario(name));
        REQUIRE(full.status == 0);
        CHECK(full.out.rfind(page.out.substr(0, page.out.size() - 1), 0) == 0);
        const auto details = full.out.find("== Details: every step with its legal basis ==");
        CHECK(details > heading);
        CHECK(contains(full.out, "basis: "));
        CHECK(last_line(full.out) == "tax due after relief (best legal choice): " + due);
        // JSON: the summary before the results; the tax due is the best choice's tax after relief,
        // never above the tax before relief, and the tax before relief is the total tax.
        CHECK(page.out.size() > 0);
        const std::string raw = calc("--json " + scenario(name)).out;
        CHECK(raw.find("\"summary\": {") < raw.find("\"results\": {"));
        CHECK(doc["summary"]["tax_due"]["amount"].as<std::string>() == due);
        CHECK(doc["summary"]["best"]["tax_after_relief"].as<std::string>() == due);
        CHECK(money(doc["summary"]["tax_before_relief"]["amount"]) == money(doc["total_tax"]));
        CHECK(Money::parse(due) <= money(doc["total_tax"]));
        // net income = total income - social insurance - tax due
        const Money net = money(doc["summary"]["net_income"]["amount"]);
        CHECK(net <= money(doc["summary"]["total_income"]["amount"]) - Money::parse(due));
    }
}

TEST_CASE("calc summary: the bonus treatment is chosen after relief (Hainan executive: merged)", "[embedding][calc]") {
    const YAML::Node doc = json_of(calc("--json " + scenario("hainan-executive.yaml")));
    // Before relief, separately is cheaper: 437,100.00 + 58,590.00 = 495,690.00 against 572,100.00 merged.
    CHECK(figure(doc, "bonus", "separate_total") == Money::parse("495690.00"));
    CHECK(figure(doc, "bonus", "merged_total") == Money::parse("572100.00"));
    CHECK(doc["summary"]["tax_before_relief"]["bonus_treatment"].as<std::string>() == "separate");
    // After the Hainan exemption: separate 495,690.00 - 224,766.23 = 270,923.77; merged 258,313.04 is lower.
    CHECK(figure(doc, "regimes", "hainan.relief") == Money::parse("224766.23"));
    CHECK(figure(doc, "bonus", "separate_total") - figure(doc, "regimes", "hainan.relief") == Money::parse("270923.77"));
    CHECK(doc["summary"]["best"]["regime"].as<std::string>() == "hainan");
    CHECK(doc["summary"]["best"]["bonus_treatment"].as<std::string>() == "merged");
    CHECK(doc["tax_due"].as<std::string>() == "258313.04");
    // The merged relief from the library directly: the regime engine on wages + bonus.
    libtax::TalentCase c;
    c.identity = libtax::Identity::mainland;
    c.income.wages = Money::parse("1800000");
    c.income.labour = Money::parse("50000");
    c.social_insurance = Money::parse("42000");
    c.special_additional = Money::parse("60000");
    c.other_deductions = Money::parse("2400");
    c.zone_wages = Money::parse("1800000");
    c.zone_labour = Money();
    c.days_in_zone = 300;
    c.talent_recognised = true;
    c.social_insurance_months = 6;
    const auto r = libtax::talent_relief(libtax::Tables::builtin(), "hainan", 2025, c, nullptr);
    CHECK(figure(doc, "bonus", "merged_total") - r.amount == Money::parse("258313.04"));
    // ... and the library's comparison after relief makes the same choice with the same figures.
    c.income.wages = Money::parse("1500000");
    c.zone_wages = Money::parse("1500000");
    libtax::CompareOptions opt;
    opt.bonus = Money::parse("300000");
    const libtax::RegimeComparison cmp = libtax::compare_regimes(libtax::Tables::builtin(), 2025, c, opt);
    const libtax::RegimeOption* hainan = nullptr;
    for (const auto& o : cmp.options)
        if (o.result.regime == "hainan") hainan = &o;
    REQUIRE(hainan);
    CHECK(hainan->bonus_treatment == libtax::BonusTreatment::merged);
    REQUIRE(hainan->tax_after_relief);
    CHECK(*hainan->tax_after_relief == money(doc["tax_due"]));
    REQUIRE(hainan->separate.tax_after_relief);
    CHECK(*hainan->separate.tax_after_relief == Money::parse("270923.77"));
}

TEST_CASE("calc summary: what_if, unconfirmed, projection and not_law flags in the JSON and as banners", "[embedding][calc]") {
    // Built-in law, no UNCONFIRMED reading in the annual tax: no flag on the tax before relief.
    const YAML::Node gba = json_of(calc("--json " + scenario("gba-engineer-shenzhen.yaml")));
    for (const char* f : {"what_if", "unconfirmed", "projection", "not_law"}) {
        INFO(f);
        CHECK(gba[f].IsScalar());
        CHECK(gba["summary"]["tax_due"][f].IsScalar());
        CHECK(gba["results"]["annual_tax"][f].IsScalar());
        CHECK_FALSE(gba["summary"]["tax_before_relief"][f].as<bool>());
    }
    CHECK_FALSE(gba["what_if"].as<bool>());
    // The GBA table marks its cap from 2023 UNCONFIRMED: the regime, the best choice and the top say so.
    CHECK(gba["unconfirmed"].as<bool>());
    CHECK(gba["summary"]["regimes"][0]["unconfirmed"].as<bool>());
    CHECK(gba["summary"]["tax_due"]["unconfirmed"].as<bool>());

    // A regime that is not law: flagged, bannered, never the best choice.
    const Run beijing = calc(scenario("foreign-expert-beijing-whatif.yaml"));
    CHECK(contains(beijing.out, "!! NOT LAW: regime beijing-two-zones"));
    const YAML::Node bj = json_of(calc("--json " + scenario("foreign-expert-beijing-whatif.yaml")));
    CHECK(bj["not_law"].as<bool>());
    CHECK(bj["summary"]["regimes"][0]["not_law"].as<bool>());
    CHECK(bj["summary"]["best"]["regime"].IsNull());
    CHECK(bj["tax_due"].as<std::string>() == bj["total_tax"].as<std::string>());
    CHECK_FALSE(bj["summary"]["tax_due"]["not_law"].as<bool>());

    // 2026: its table states no law of its own (it carries 2025's forward): a projection.
    const std::string text = libtax::test::read_file(libtax::test::source_path("examples/scenarios/gba-engineer-shenzhen.yaml"));
    const std::string y2026 = temp_path("2026.yaml");
    std::ofstream(y2026) << std::string(text).replace(text.find("year: 2024"), 10, "year: 2026");
    const Run p = calc("'" + y2026 + "'");
    CHECK(contains(p.out, "!! PROJECTION: the 2026 table states no law of its own; it carries the law of 2025 forward"));
    const YAML::Node pj = json_of(calc("--json '" + y2026 + "'"));
    std::remove(y2026.c_str());
    CHECK(pj["projection"].as<bool>());
    CHECK(pj["summary"]["tax_before_relief"]["projection"].as<bool>());
    CHECK(pj["results"]["annual_tax"]["projection"].as<bool>());

    // What-if tables: the repository's own tables are the law (no flag); a changed deduction is a what-if.
    const YAML::Node same = json_of(calc("--json --tables '" + libtax::test::source_path("tables") + "' " + scenario("gba-engineer-shenzhen.yaml")));
    CHECK_FALSE(same["what_if"].as<bool>());
    const std::string dir = temp_path("whatif");
    fs::create_directories(dir);
    fs::copy(libtax::test::source_path("tables"), dir, fs::copy_options::recursive);
    std::string y2024 = libtax::test::read_file(dir + "/cn/2024.yaml");
    y2024.replace(y2024.find("  annual: 60000\n  monthly: 5000\n"), 31, "  annual: 72000\n  monthly: 6000\n");
    std::ofstream(dir + "/cn/2024.yaml", std::ios::trunc) << y2024;
    const Run w = calc("--tables '" + dir + "' " + scenario("gba-engineer-shenzhen.yaml"));
    const YAML::Node wj = json_of(calc("--json --tables '" + dir + "' " + scenario("gba-engineer-shenzhen.yaml")));
    fs::remove_all(dir);
    CHECK(contains(w.out, "!! WHAT-IF: computed with the tables in " + dir));
    CHECK(wj["what_if"].as<bool>());
    CHECK(wj["summary"]["tax_before_relief"]["what_if"].as<bool>());
    CHECK(wj["summary"]["tax_due"]["what_if"].as<bool>());
    // 72,000 instead of 60,000: 12,000 less taxable at 35% is 4,200.00 less tax.
    CHECK(money(wj["total_tax"]) == Money::parse("218070.00") - Money::parse("4200.00"));
}

TEST_CASE("calc summary: a --tables folder without a kind of table the scenario needs is exit 2", "[embedding][calc]") {
    const std::string only_cn = temp_path("only-cn");
    fs::create_directories(only_cn + "/cn");
    fs::copy_file(libtax::test::source_path("tables/cn/2024.yaml"), only_cn + "/cn/2024.yaml");
    const Run a = calc("--tables '" + only_cn + "' " + scenario("gba-engineer-shenzhen.yaml"));
    CHECK(a.status == 2);
    CHECK(a.out.empty());
    CHECK(contains(a.err, only_cn + ":0: regimes/: these tables have no talent-regime tables"));
    CHECK(contains(a.err, "gba (zone.regimes)"));
    // Without regimes the same folder computes.
    const std::string plain = temp_path("plain.yaml");
    std::ofstream(plain) << "year: 2024\nincome:\n  wages: 100000\n";
    CHECK(calc("--tables '" + only_cn + "' '" + plain + "'").status == 0);
    std::remove(plain.c_str());
    fs::remove_all(only_cn);

    const std::string no_hk = temp_path("no-hk");
    fs::create_directories(no_hk);
    fs::copy(libtax::test::source_path("tables/cn"), no_hk + "/cn", fs::copy_options::recursive);
    fs::copy(libtax::test::source_path("tables/regimes"), no_hk + "/regimes", fs::copy_options::recursive);
    const Run b = calc("--json --tables '" + no_hk + "' " + scenario("hk-resident-qianhai.yaml"));
    fs::remove_all(no_hk);
    CHECK(b.status == 2);
    CHECK(contains(b.err, "hk_macao/hong-kong-salaries-tax.yaml: these tables have no Hong Kong salaries-tax table for 2024"));
    CHECK(contains(b.out, "\"error\": {"));
}

TEST_CASE("calc summary: the non-resident executive in Hainan equals libtax's own calculators", "[embedding][calc]") {
    const YAML::Node doc = json_of(calc("--json " + scenario("hainan-nonresident-executive.yaml")));
    const libtax::Tables& tables = libtax::Tables::builtin();
    const libtax::TaxYear& y = tables.year(2025);

    // Residence: 150 days, over 90 and under 183: a non-resident (IIT Law art. 1, Impl. Regs art. 5).
    CHECK(libtax::presence_status(y, 150, false) == libtax::PresenceStatus::nonresident_over_90_days);
    CHECK(doc["summary"]["residence"]["status"].as<std::string>() == "nonresident_over_90_days");
    CHECK(doc["results"]["residence"]["figures"]["resident"].as<bool>() == false);

    // Sourcing: a senior manager over 90 days, formula 3: 1,200,000 - 480,000 x 215 / 365.
    libtax::MonthlyWages w;
    w.total = Money::parse("1200000");
    w.domestic = Money::parse("720000");
    w.china_days = libtax::WorkingDays::days(150);
    w.calendar_days = 365;
    const libtax::SourcedWage sw = libtax::sourced_wage(y, w, 150, true, false, nullptr);
    CHECK(sw.formula == libtax::SourcingFormula::exclude_foreign_paid_overseas);
    CHECK(libtax::round_half_up(sw.income) == Money::parse("917260.27"));
    CHECK(figure(doc, "sourcing", "china_sourced_wages") == libtax::round_half_up(sw.income));

    // Each of the twelve equal months taxed alone (5,000 deducted, monthly table).
    const libtax::NonresidentTax month = libtax::nonresident_wage_tax(y, sw.income.scaled(1, 12));
    for (const char* m : {"month_01", "month_06", "month_12"}) CHECK(figure(doc, "nonresident", m) == month.tax);
    CHECK(figure(doc, "nonresident", "wages_tax") == month.tax * 12);
    CHECK(doc["summary"]["monthly_wage_tax"]["07"].as<std::string>() == month.tax.str());
    // The bonus by the multi-month method: [(200,000 / 6) x 25% - 2,660] x 6 = 34,040.00.
    const libtax::NonresidentTax bonus = libtax::nonresident_bonus_tax(y, Exact(Money::parse("200000")));
    CHECK(bonus.tax == Money::parse("34040.00"));
    CHECK(figure(doc, "nonresident", "bonus_tax") == bonus.tax);
    // The board fee as one payment: 30,000 x 80% = 24,000 -> 20%, quick 1,410: 3,390.00.
    const libtax::NonresidentTax fee = libtax::nonresident_payment_tax(y, libtax::NonresidentPayment::labour, Money::parse("30000"));
    CHECK(fee.tax == Money::parse("3390.00"));
    CHECK(figure(doc, "nonresident", "payment_1_tax") == fee.tax);
    const Money before = month.tax * 12 + bonus.tax + fee.tax;
    CHECK(money(doc["total_tax"]) == before);
    CHECK(money(doc["summary"]["tax_before_relief"]["amount"]) == before);

    // The Hainan exemption by the special-industry route, non-resident formula 3 over 12 months.
    libtax::TalentCase c;
    c.identity = libtax::Identity::foreign;
    c.resident = false;
    c.wage_months = 12;
    c.income.wages = libtax::round_half_up(sw.income);
    c.income.labour = Money::parse("30000");
    c.social_insurance = Money::parse("24000");
    c.days_in_zone = 150;
    c.talent_recognised = true;
    c.special_industry = "shipping";
    c.social_insurance_months = 6;
    c.contract_years = 3;
    const libtax::TalentReliefResult r = libtax::talent_relief(tables, "hainan", 2025, c, nullptr);
    REQUIRE(r.eligible);
    CHECK(figure(doc, "regimes", "hainan.relief") == r.amount);
    CHECK(doc["summary"]["best"]["regime"].as<std::string>() == "hainan");
    CHECK(money(doc["tax_due"]) == before - r.amount);
    CHECK(money(doc["summary"]["net_income"]["amount"]) ==
          Money::parse("1200000") + Money::parse("200000") + Money::parse("30000") - Money::parse("24000") - (before - r.amount));
}

TEST_CASE("calc summary: residence from stays, a stated six-year chain, and the missing-input assumption", "[embedding][calc]") {
    const std::string stays = temp_path("stays.yaml");
    // 2024-03-01 to 2024-08-01: the days strictly between (arrival and departure days do not count):
    // 30 + 30 + 31 + 30 + 31 = 152; fewer than 183, over 90.
    std::ofstream(stays) << "year: 2024\nperson:\n  identity: foreign\n  wage_months: 5\n  stays:\n"
                            "    - {arrival: 2024-03-01, departure: 2024-08-01}\n"
                            "income:\n  wages: 250000\n";
    const YAML::Node s = json_of(calc("--json '" + stays + "'"));
    CHECK(s["summary"]["residence"]["days"].as<int>() == libtax::residence_days({{libtax::Date(2024, 3, 1), libtax::Date(2024, 8, 1)}}, 2024));
    CHECK(s["summary"]["residence"]["days"].as<int>() == 152);
    CHECK(s["summary"]["residence"]["from"].as<std::string>() == "stays");
    // Five months of 50,000: (50,000 - 5,000) x 30% - 4,410 = 9,090.00 each.
    CHECK(figure(s, "nonresident", "month_05") == Money::parse("9090.00"));
    CHECK(money(s["total_tax"]) == Money::parse("45450.00"));
    std::remove(stays.c_str());

    // No residence input for a person without domicile: computed as a resident, said in a banner.
    const std::string none = temp_path("none.yaml");
    std::ofstream(none) << "year: 2024\nperson:\n  identity: foreign\nincome:\n  wages: 250000\n";
    const Run a = calc("'" + none + "'");
    CHECK(a.status == 0);
    CHECK(contains(a.out, "!! ASSUMED: resident individual for the whole year"));
    const YAML::Node aj = json_of(calc("--json '" + none + "'"));
    CHECK(aj["summary"]["banners"][0]["kind"].as<std::string>() == "assumption");
    std::remove(none.c_str());

    // A non-resident's wages without months are refused: they are taxed month by month.
    const std::string months = temp_path("months.yaml");
    std::ofstream(months) << "year: 2024\nperson:\n  identity: foreign\n  days_in_china: 100\nincome:\n  wages: 250000\n";
    const Run m = calc("'" + months + "'");
    CHECK(m.status == 2);
    CHECK(contains(m.err, ":6: person.wage_months: a non-resident's wages are taxed month by month"));
    std::remove(months.c_str());
}
