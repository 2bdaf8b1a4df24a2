#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

TEST_CASE("The built-in tables cover every tax year 2019 to 2027 and nothing else", "[tables]") {
    const Tables& t = Tables::builtin();
    CHECK(t.years() == std::vector<int>{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027});
    for (int y = 2019; y <= 2027; ++y) {
        const TaxYear& ty = t.year(y);
        CHECK(ty.year == y);
        CHECK(ty.file == "tables/cn/" + std::to_string(y) + ".yaml");
        CHECK(ty.comprehensive_annual().brackets().size() == 7);
        CHECK(ty.comprehensive_monthly().brackets().size() == 7);
        CHECK(ty.business_annual().brackets().size() == 5);
        CHECK(ty.labour_prepayment().brackets().size() == 3);
        CHECK(ty.provision("basic_deduction").amount("annual").value == Money::yuan(60000));
    }
    for (int y : {2018, 2028, 0}) {
        try {
            t.year(y);
            FAIL("no error for " << y);
        } catch (const CoverageError& e) {
            CHECK(e.field() == "year");
            CHECK(e.value() == std::to_string(y));
            CHECK(std::string(e.what()).find("2019, 2020") != std::string::npos);
        }
    }
}

TEST_CASE("Table values carry their legal source and file:line", "[tables][sources]") {
    const TaxYear& y = Tables::builtin().year(2024);
    const auto& bonus = y.provision("annual_bonus.separate_taxation");
    CHECK(bonus.source.document == "MOF/STA Announcement 2023 No. 30");
    CHECK(bonus.source.file == "tables/cn/2024.yaml");
    const std::string text = read_file(source_path("tables/cn/2024.yaml"));
    CHECK(bonus.source.line == line_of(text, "  separate_taxation:") + 1);
    CHECK(y.comprehensive_annual().source().document == "Presidential Order No. 9 (2018)");
    CHECK(y.comprehensive_annual().brackets()[1].line == line_of(text, "{over: 36000,  upto: 144000"));
}

TEST_CASE("The law changes between years as the tables say", "[tables]") {
    const Tables& t = Tables::builtin();
    CHECK(t.year(2022).provision("special_additional.children_education").amount("monthly_per_child").value == Money::yuan(1000));
    CHECK(t.year(2023).provision("special_additional.children_education").amount("monthly_per_child").value == Money::yuan(2000));
    CHECK(t.year(2021).find("special_additional.infant_care") == nullptr);
    CHECK(t.year(2022).provision("special_additional.infant_care").amount("monthly_per_child").value == Money::yuan(1000));
    CHECK(t.year(2023).provision("special_additional.elderly_support").amount("only_child_monthly").value == Money::yuan(3000));
    CHECK(t.year(2020).provision("reconciliation.exemption").source.document == "MOF/STA Announcement 2019 No. 94");
    CHECK(t.year(2021).provision("annual_bonus.separate_taxation").source.document == "Caishui [2018] No. 164");
    CHECK(t.year(2021).find("other_deductions.private_pension") == nullptr);
}

TEST_CASE("Loading the repository's tables/ directory gives the built-in tables", "[tables]") {
    auto t = Tables::load(source_path("tables"));
    CHECK(t->years() == Tables::builtin().years());
    CHECK(t->year(2024).provision("basic_deduction").amount("monthly").value == Money::yuan(5000));
    CHECK_THROWS_AS(Tables::load(source_path("no-such-dir")), InputError);
}

namespace {
// Loads the 2024 table with one edit and returns the TableError it must raise.
TableError broken(const std::string& from, const std::string& to) {
    const std::string text = table_2024_with(from, to);
    try {
        Tables::from_documents({{"tables/cn/2024.yaml", text}});
    } catch (const TableError& e) {
        return e;
    }
    FAIL("the edited table was accepted: '" << from << "' -> '" << to << "'");
    throw;
}
}  // namespace

TEST_CASE("A malformed table is rejected with file:line and key", "[tables][errors]") {
    const std::string text = read_file(source_path("tables/cn/2024.yaml"));
    struct Case {
        std::string from, to, key, needle, what;
    };
    const std::vector<Case> cases{
        {"{over: 144000, upto: 300000, rate: 0.20, quick: 16920}", "{over: 144000, upto: 100000, rate: 0.20, quick: 16920}",
         "schedules.comprehensive_annual.brackets[3].upto", "{over: 144000, upto: 300000", "must ascend"},
        {"{over: 144000, upto: 300000, rate: 0.20, quick: 16920}", "{over: 150000, upto: 300000, rate: 0.20, quick: 16920}",
         "schedules.comprehensive_annual.brackets[3].over", "{over: 144000, upto: 300000", "not contiguous"},
        {"{over: 36000,  upto: 144000, rate: 0.10, quick: 2520}", "{over: 36000,  upto: 144000, rate: 0.10, quick: 2500}",
         "schedules.comprehensive_annual.brackets[2].quick", "{over: 36000,  upto: 144000", "expected 2520.00"},
        {"{over: 960000, upto: null,   rate: 0.45, quick: 181920}", "{over: 960000, upto: null,   rate: 1.45, quick: 181920}",
         "schedules.comprehensive_annual.brackets[7].rate", "{over: 960000, upto: null", "outside [0, 1]"},
        {"from: 2024-01-01\n    to: 2027-12-31\n    divisor", "from: 2024-13-01\n    to: 2027-12-31\n    divisor",
         "annual_bonus.separate_taxation.from", "  separate_taxation:", "not a calendar date"},
        {"from: 2024-01-01\n    to: 2027-12-31\n    divisor", "from: 24-1-1\n    to: 2027-12-31\n    divisor",
         "annual_bonus.separate_taxation.from", "  separate_taxation:", "YYYY-MM-DD"},
        {"  annual: 60000\n", "  annual: 60000\n  anual: 60000\n", "basic_deduction.anual", "  monthly: 5000", "unknown key"},
        {"  annual: 60000\n", "", "basic_deduction.annual", "basic_deduction:", "missing required key"},
        {"    tier2_monthly: 1100", "    tier2_monthly: -1100", "special_additional.housing_rent.tier2_monthly", "tier2_monthly", "negative"},
        {"    tier2_monthly: 1100", "    tier2_monthly: 1100.005", "special_additional.housing_rent.tier2_monthly", "tier2_monthly", "more than two decimals"},
        {"source: {doc: caishui-2017-39", "source: {doc: caishui-2017-99", "other_deductions.commercial_health_insurance.source.doc", "doc: caishui-2017-39", "not listed under documents"},
        {"year: 2024", "year: 2025", "year", "year: 2024", "does not match the file name"},
        {"      - {over: 80000, upto: null,  rate: 0.45, quick: 15160}\n", "",
         "schedules.comprehensive_monthly.brackets[6].upto", "{over: 55000, upto: 80000", "open-ended"},
        {"  labour: 0.80", "  labour: [0.80", "(syntax)", "  labour: 0.80", ""},
    };
    for (const auto& c : cases) {
        INFO(c.key << ": " << c.to);
        const TableError e = broken(c.from, c.to);
        CHECK(e.file() == "tables/cn/2024.yaml");
        CHECK(e.key() == c.key);
        if (c.key != "(syntax)" && c.needle != "basic_deduction:" && c.needle != "  monthly: 5000")
            CHECK(e.line() == line_of(text, c.needle) + (c.needle == "  separate_taxation:" ? 2 : 0));
        CHECK(std::string(e.what()).find("tables/cn/2024.yaml:" + std::to_string(e.line()) + ": " + c.key) == 0);
        CHECK(std::string(e.what()).find(c.what) != std::string::npos);
    }
}

TEST_CASE("Hostile table documents are refused before parsing", "[tables][errors]") {
    const std::string deep = "table: cn-iit\nx: " + std::string(200, '[') + std::string(200, ']') + "\n";
    CHECK_THROWS_AS(Tables::from_documents({{"tables/cn/2024.yaml", deep}}), TableError);
    const std::string alias = "table: cn-iit\na: &x [1, 2]\nb: *x\n";
    CHECK_THROWS_WITH(Tables::from_documents({{"tables/cn/2024.yaml", alias}}), Catch::Contains("aliases"));
    CHECK_THROWS_WITH(Tables::from_documents({{"tables/xx/2024.yaml", "a: 1"}}), Catch::Contains("not a known kind of table"));
    CHECK_THROWS_WITH(Tables::from_documents({{"tables/cn/2024.yaml", "- 1\n- 2\n"}}), Catch::Contains("tables/cn/2024.yaml:1"));
}

TEST_CASE("Typed year rules are resolved at load, each with its source", "[tables][rules]") {
    const TaxYear& y = Tables::builtin().year(2024);
    const YearRules& r = y.rules();
    CHECK(r.basic_annual.value == yuan("60000"));
    CHECK(r.basic_monthly.value == yuan("5000"));
    CHECK(r.basic_annual.source.file == "tables/cn/2024.yaml");
    CHECK(r.basic_annual.source.line > 0);
    CHECK_FALSE(r.basic_annual.source.doc_id.empty());
    // 80% and 80% x 70% = 56% = 14/25: D = 25
    CHECK(r.income.d == 25);
    CHECK(r.income.kl == 20);
    CHECK(r.income.kr == 20);
    CHECK(r.income.ka == 14);
    CHECK(r.incidental_rate.value == Rate::parse("0.2"));
    REQUIRE(r.bonus_window);
    CHECK(r.bonus_window->path == "annual_bonus.separate_taxation");
    REQUIRE(r.withholding_method);
    // the string-keyed API stays and agrees
    CHECK(y.provision("basic_deduction").amount("annual").value == r.basic_annual.value);
}
