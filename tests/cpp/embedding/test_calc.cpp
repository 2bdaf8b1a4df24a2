// libtax-calc, run as a program: the shipped scenarios compute (text and --json), the figures
// are the law's, and a bad scenario file is exit code 2 with file:line and the field, never a crash.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "test_support.hpp"

namespace {

struct Run {
    int status = -1;
    std::string out, err;
};

std::string slurp(const std::string& path) { return libtax::test::read_file(path); }

std::string temp_path(const std::string& name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir ? dir : "/tmp") + "/libtax-calc-test-" + std::to_string(::getpid()) + "-" + name;
}

Run calc(const std::string& args) {
    const std::string out = temp_path("out"), err = temp_path("err");
    const std::string cmd = std::string("'") + LIBTAX_CALC + "' " + args + " >'" + out + "' 2>'" + err + "'";
    const int rc = std::system(cmd.c_str());
    Run r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    std::remove(out.c_str());
    std::remove(err.c_str());
    return r;
}

std::string scenario(const std::string& name) { return libtax::test::source_path("examples/scenarios/" + name); }

/// Writes a scenario file and returns its path.
std::string write_scenario(const std::string& name, const std::string& text) {
    const std::string path = temp_path(name);
    std::ofstream(path) << text;
    return path;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("calc: every shipped scenario computes, as text and as JSON", "[embedding][calc]") {
    for (const char* name : {"gba-engineer-shenzhen.yaml", "hainan-executive.yaml", "hk-resident-qianhai.yaml",
                             "macao-resident-hengqin.yaml", "foreign-expert-beijing-whatif.yaml", "hainan-nonresident-executive.yaml"}) {
        INFO(name);
        const Run text = calc("--explain '" + scenario(name) + "'");
        CHECK(text.status == 0);
        CHECK(text.err.empty());
        CHECK(contains(text.out, "basis: "));
        CHECK(contains(text.out, "total tax: "));
        const Run json = calc("--json '" + scenario(name) + "'");
        CHECK(json.status == 0);
        CHECK(contains(json.out, "\"schema\": \"libtax-calc/1\""));
        CHECK(contains(json.out, "\"annual_tax\": {") != contains(json.out, "\"nonresident\": {"));
        CHECK(contains(json.out, "\"total_tax\": \""));
    }
}

TEST_CASE("calc: GBA engineer figures (IIT Law Annex Table 1, bonus Caishui [2018] 164)", "[embedding][calc]") {
    // wages 960,000 - basic 60,000 - social insurance 36,000 - special additional 36,000 = 828,000
    //   -> 35% row, quick 85,920: 828,000 x 35% - 85,920 = 203,880.00
    // bonus 144,000 / 12 = 12,000 -> 10% row of the monthly table, quick 210: 14,400 - 210 = 14,190.00
    // separate 218,070.00 against merged 972,000 x 45% - 181,920 = 255,480.00: separate saves 37,410.00
    const Run r = calc("--json '" + scenario("gba-engineer-shenzhen.yaml") + "'");
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "\"taxable_income\": \"828000.00\""));
    CHECK(contains(r.out, "\"tax\": \"203880.00\""));
    CHECK(contains(r.out, "\"bonus_tax_separate\": \"14190.00\""));
    CHECK(contains(r.out, "\"merged_total\": \"255480.00\""));
    CHECK(contains(r.out, "\"choice\": \"separate\""));
    CHECK(contains(r.out, "\"saving\": \"37410.00\""));
    CHECK(contains(r.out, "\"total_tax\": \"218070.00\""));
    // Twelve equal months, the bonus withheld separately in February: the withholding adds up
    // to the year's tax (no reconciliation balance). January: (80,000 - 5,000 - 3,000 - 3,000) x 10% - 2,520.
    CHECK(contains(r.out, "\"month_01\": \"4380.00\""));
    CHECK(contains(r.out, "\"month_02\": \"21090.00\""));  // 6,900 on pay + 14,190 on the bonus
    CHECK(contains(r.out, "\"total_withheld\": \"218070.00\""));
}

TEST_CASE("calc: the regime comparison of the GBA engineer (talent-regimes 1.4)", "[embedding][calc]") {
    const Run r = calc("--json '" + scenario("gba-engineer-shenzhen.yaml") + "'");
    REQUIRE(r.status == 0);
#ifdef LIBTAX_TEST_HAS_REGIMES
    // The bonus is taxed separately (cheaper), so the regime sees the other income only:
    // subsidy = 203,880.00 - 15% x 828,000 = 203,880.00 - 124,200.00 = 79,680.00.
    CHECK(contains(r.out, "\"gba.eligible\": true"));
    CHECK(contains(r.out, "\"gba.tax\": \"203880.00\""));
    CHECK(contains(r.out, "\"gba.relief\": \"79680.00\""));
    CHECK(contains(r.out, "\"best\": \"gba\""));
    CHECK(contains(r.out, "\"tax_after_best_relief\": \"138390.00\""));
    // The Beijing what-if is reported, never chosen as the best: it is not law.
    const Run w = calc("--json '" + scenario("foreign-expert-beijing-whatif.yaml") + "'");
    REQUIRE(w.status == 0);
    CHECK(contains(w.out, "\"beijing-two-zones.enacted\": false"));
    CHECK(contains(w.out, "\"best\": \"none\""));
    CHECK(contains(w.out, "NOT LAW"));
#else
    CHECK(contains(r.out, "\"regimes\": {"));
    CHECK(contains(r.out, "no talent-regime engine"));
#endif
}

TEST_CASE("calc: business income and prepayments (Annex Table 2, STA 2018 No. 61 art. 8)", "[embedding][calc]") {
    const std::string path = write_scenario("biz.yaml",
                                            "year: 2024\n"
                                            "income:\n  business_taxable_income: 100000\n"
                                            "payments:\n  - {kind: labour, amount: 3000}\n  - {kind: royalties, amount: 10000}\n");
    const Run r = calc("--json '" + path + "'");
    std::remove(path.c_str());
    REQUIRE(r.status == 0);
    // 100,000 x 20% - 10,500 = 9,500.00
    CHECK(contains(r.out, "\"business_income_tax\": \"9500.00\""));
    // labour 3,000: (3,000 - 800) x 20% = 440.00; royalties 10,000: 10,000 x 80% x 20% = 1,600.00
    CHECK(contains(r.out, "\"payment_1_tax\": \"440.00\""));
    CHECK(contains(r.out, "\"payment_2_tax\": \"1600.00\""));
    CHECK(contains(r.out, "\"total_tax\": \"9500.00\""));  // nothing comprehensive, prepayments are not tax due
}

TEST_CASE("calc: --tables uses what-if tables", "[embedding][calc]") {
    const Run builtin = calc("--json '" + scenario("gba-engineer-shenzhen.yaml") + "'");
    const Run files = calc("--json --tables '" + libtax::test::source_path("tables") + "' '" + scenario("gba-engineer-shenzhen.yaml") + "'");
    REQUIRE(files.status == 0);
    CHECK(contains(builtin.out, "\"tables\": \"built-in\""));
    CHECK(contains(files.out, "\"tables\": \"" + libtax::test::source_path("tables") + "\""));
    CHECK(contains(files.out, "\"total_tax\": \"218070.00\""));

    const Run bad = calc("--tables '" + libtax::test::source_path("tests/cpp/embedding/bad_tables") + "' '" +
                         scenario("gba-engineer-shenzhen.yaml") + "'");
    CHECK(bad.status == 2);
    CHECK(contains(bad.err, "bad_tables/cn/2024.yaml:"));
}

TEST_CASE("calc: a bad scenario file is exit 2 naming file:line and the field", "[embedding][calc]") {
    struct Bad {
        const char* name;
        const char* text;
        const char* expected;  // in stderr (which also names the path)
    };
    const Bad cases[] = {
        {"unknown-key.yaml", "year: 2024\nincome:\n  wages: 1000\n  salary: 5\n", ":4: income.salary: unknown key"},
        {"negative.yaml", "year: 2024\nincome:\n  wages: -1000\n", ":3: income.wages: '-1000' is negative"},
        {"not-amount.yaml", "year: 2024\ndeductions:\n  social_insurance: lots\n", ":3: deductions.social_insurance: 'lots' is not an amount"},
        {"three-decimals.yaml", "year: 2024\nincome:\n  wages: 1.005\n", ":3: income.wages: '1.005' has more than two decimals"},
        {"uncovered.yaml", "title: t\nyear: 2031\n", ":2: year: no tax table covers 2031"},
        {"no-year.yaml", "income:\n  wages: 1\n", ":1: year: missing required key"},
        {"identity.yaml", "year: 2024\nperson:\n  identity: martian\n", ":3: person.identity: 'martian' is not one of"},
        {"nonresident.yaml", "year: 2024\nperson:\n  identity: foreign\n  days_in_china: 100\nincome:\n  wages: 9000\n", ":6: person.wage_months: a non-resident's wages are taxed month by month"},
        {"resident-days.yaml", "year: 2024\nperson:\n  identity: foreign\n  days_in_china: 100\n  resident: true\n", ":5: person.resident: true, but 100 residence days"},
        {"stays.yaml", "year: 2024\nperson:\n  identity: hk\n  stays:\n    - {arrival: 2024-05-01, departure: 2024-04-01}\n", ":5: person.stays[0]: departure before arrival"},
        {"stay-date.yaml", "year: 2024\nperson:\n  identity: hk\n  stays:\n    - {arrival: 2024-01-01, departure: 2024-02-01}\n    - {arrival: 2024-02-30, departure: 2024-03-01}\n",
         ":6: person.stays[1].arrival: '2024-02-30' is not a calendar date"},
        {"stays-map.yaml", "year: 2024\nperson:\n  identity: hk\n  stays: {arrival: 2024-01-01}\n", ":4: person.stays: expected a list"},
        {"sourcing.yaml", "year: 2024\nperson:\n  identity: hk\n  days_in_china: 200\nincome:\n  wages: 100\nsourcing:\n  paid_abroad: 200\n  china_workdays: 100\n", ":8: sourcing.paid_abroad: 200.00 is more than income.wages"},
        {"months.yaml", "year: 2024\nmonthly_pay:\n  - {month: 1, wage: 1}\n  - {month: 3, wage: 1}\n", ":4: monthly_pay[1].month: months must be consecutive"},
        {"month-range.yaml", "year: 2024\nmonthly_pay:\n  - {month: 13, wage: 1}\n", ":3: monthly_pay[0].month: '13' is outside 1-12"},
        {"payment.yaml", "year: 2024\npayments:\n  - {kind: salary, amount: 1}\n", ":3: payments[0].kind: 'salary' is not one of"},
        {"syntax.yaml", "year: 2024\nincome: [wages: 1\n", ":3: "},
        {"alias.yaml", "year: 2024\nincome: &a\n  wages: 1\ndeductions: *a\n", ":2: "},  // refused, not expanded
        {"list.yaml", "- 1\n- 2\n", ":1: : expected a mapping"},
        {"empty.yaml", "", ":1: (file): the scenario is empty"},
    };
    for (const Bad& b : cases) {
        INFO(b.name);
        const std::string path = write_scenario(b.name, b.text);
        const Run r = calc("'" + path + "'");
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(contains(r.err, path + ":"));
        CHECK(contains(r.err, b.expected));
        const Run j = calc("--json '" + path + "'");
        CHECK(j.status == 2);
        CHECK(contains(j.out, "\"error\": {"));
        CHECK(contains(j.out, "\"file\": \"" + path + "\""));
        std::remove(path.c_str());
    }
}

TEST_CASE("calc: usage errors are exit 2", "[embedding][calc]") {
    CHECK(calc("").status == 2);
    CHECK(calc("--frobnicate x.yaml").status == 2);
    CHECK(calc("--tables").status == 2);
    const Run missing = calc("/nonexistent/scenario.yaml");
    CHECK(missing.status == 2);
    CHECK(contains(missing.err, "/nonexistent/scenario.yaml:0: (file): cannot be opened"));
    CHECK(calc("--help").status == 0);
}
