// Foreign-individual allowances and the choice against special additional deductions
// (Caishui-zi [1994] No. 20; Guoshuihan [2001] No. 336; Caishui [2018] No. 164 item 7;
// MOF/STA 2021 No. 43; MOF/STA 2023 No. 29). E15 from .
#include <catch2/catch.hpp>

#include "foreign_test.hpp"

using namespace libtax;
using namespace libtax::test;

TEST_CASE("E15: allowances 145,080.00 against special additional deductions 228,380.00 [DERIVED]", "[allowances][E15]") {
    // wages 720,000; reimbursed rent 180,000; reimbursed international-school tuition 100,000;
    // SADs: children's education 24,000 + housing rent tier 1 18,000.
    const std::vector<AllowanceClaim> claims{{AllowanceKind::housing, yuan("180000")}, {AllowanceKind::children_education, yuan("100000")}};
    const AllowanceChoice c = explained([&](Trace* tr) { return compare_allowances_with_deductions(year(2024), Exact(yuan("720000")), claims, yuan("42000"), {}, tr); });
    CHECK(c.allowances.exempt == yuan("280000"));
    CHECK(c.with_allowances.tax == yuan("145080.00"));
    CHECK(c.with_deductions.tax == yuan("228380.00"));
    CHECK(c.allowances_cheaper);
    CHECK(c.saving == yuan("83300.00"));
    CHECK(c.explanation.text().find("MOF/STA Announcement 2023 No. 29") != std::string::npos);
    // without allowances the deductions win
    const AllowanceChoice none = compare_allowances_with_deductions(year(2024), Exact(yuan("720000")), {}, yuan("42000"));
    CHECK_FALSE(none.allowances_cheaper);
}

TEST_CASE("The choice is in force in every year of its window, with the year's document", "[allowances][window]") {
    CHECK(allowance_choice_provision(year(2019)).source.document == "Caishui [2018] No. 164");
    CHECK(allowance_choice_provision(year(2021)).source.document == "Caishui [2018] No. 164");
    CHECK(allowance_choice_provision(year(2022)).source.document == "MOF/STA Announcement 2021 No. 43");
    CHECK(allowance_choice_provision(year(2023)).source.document == "MOF/STA Announcement 2021 No. 43");
    CHECK(allowance_choice_provision(year(2027)).source.document == "MOF/STA Announcement 2023 No. 29");
    CHECK(iso(*allowance_choice_provision(year(2027)).period->to) == "2027-12-31");
    // a table whose window ends before the year: not available
    const std::string text = table_2024_with("      from: 2024-01-01\n      to: 2027-12-31\n      covered_kinds:",
                                             "      from: 2024-01-01\n      to: 2024-06-30\n      covered_kinds:");
    auto t = Tables::from_documents({{"tables/cn/2024.yaml", text}});
    CHECK_THROWS_AS(allowance_choice_provision(t->year(2024)), NotAvailableError);
}

TEST_CASE("Allowance conditions: cash is wages; home leave at most two trips", "[allowances]") {
    std::vector<AllowanceClaim> claims{
        {AllowanceKind::housing, yuan("10000"), AllowanceForm::cash},
        {AllowanceKind::meals, yuan("2000"), AllowanceForm::in_kind},
        {AllowanceKind::home_leave, yuan("8000")},
        {AllowanceKind::home_leave, yuan("8000")},
        {AllowanceKind::home_leave, yuan("8000")},
        {AllowanceKind::language_training, yuan("5000"), AllowanceForm::reimbursed, true, /*in_china=*/false},
        {AllowanceKind::relocation, yuan("20000"), AllowanceForm::reimbursed, true, true, /*taking_up_or_leaving_post=*/false},
        {AllowanceKind::business_travel, yuan("3000"), AllowanceForm::cash, /*with_documents=*/true},
    };
    const AllowanceExemption e = explained([&](Trace* tr) { return exempt_allowances(year(2024), claims, tr); });
    CHECK_FALSE(e.lines[0].exempt);
    CHECK(e.lines[1].exempt);
    CHECK(e.lines[2].exempt);
    CHECK(e.lines[3].exempt);
    CHECK_FALSE(e.lines[4].exempt);
    CHECK(e.lines[4].reason.find("trip 3") != std::string::npos);
    CHECK_FALSE(e.lines[5].exempt);
    CHECK_FALSE(e.lines[6].exempt);
    CHECK(e.lines[7].exempt);
    CHECK(e.exempt == yuan("21000"));
    CHECK(e.taxable == yuan("43000"));
    CHECK(e.total == e.exempt + e.taxable);
    CHECK(parse_allowance_kind("home_leave") == AllowanceKind::home_leave);
    CHECK_THROWS_AS(parse_allowance_kind("car"), InputError);
}

namespace {
const char* kAllEight = "covered_kinds: \"housing, meals, laundry, relocation, business_travel, home_leave, language_training, children_education\"";
}

TEST_CASE("The choice gives up the exemptions of covered_kinds only: all eight built in, three in the other reading", "[allowances][covered]") {
    // wages 720,000; reimbursed rent 180,000 (housing); reimbursed meals 30,000; SADs 42,000.
    const std::vector<AllowanceClaim> claims{{AllowanceKind::housing, yuan("180000")}, {AllowanceKind::meals, yuan("30000")}};
    // built in (MOF/STA 2019 No. 35 art. 3(1), "eight allowances"): both are taxed with the deductions
    const AllowanceChoice all = compare_allowances_with_deductions(year(2024), Exact(yuan("720000")), claims, yuan("42000"));
    CHECK(all.given_up == yuan("210000"));
    CHECK(all.kept_exempt == yuan("0"));
    // 930,000 - 60,000 - 42,000 = 828,000 x 35% - 85,920 = 203,880.00
    CHECK(all.with_deductions.tax == yuan("203880.00"));
    // 720,000 - 60,000 = 660,000 x 30% - 52,920 = 145,080.00
    CHECK(all.with_allowances.tax == yuan("145080.00"));
    // the reading of Caishui [2018] No. 164 item 7(2): only housing, language training and children's
    // education are given up; meals stay exempt with the deductions:
    // 900,000 - 60,000 - 42,000 = 798,000 x 35% - 85,920 = 193,380.00
    const std::string text = table_2024_with(kAllEight, "covered_kinds: \"housing, language_training, children_education\"");
    auto t = Tables::from_documents({{"tables/cn/2024.yaml", text}});
    Trace trace;
    const AllowanceChoice three = compare_allowances_with_deductions(t->year(2024), Exact(yuan("720000")), claims, yuan("42000"), {}, &trace);
    CHECK(three.given_up == yuan("180000"));
    CHECK(three.kept_exempt == yuan("30000"));
    CHECK(three.with_deductions.tax == yuan("193380.00"));
    CHECK(three.with_allowances.tax == yuan("145080.00"));
    CHECK(render_text(trace, Catalogue::builtin("en")).find("kept under either option") != std::string::npos);
    CHECK(render_text(trace, Catalogue::builtin("zh")).find("两种选择下均免税") != std::string::npos);
    // an unknown kind is a TableError naming the key
    const std::string bad = table_2024_with(kAllEight, "covered_kinds: \"housing, yachts\"");
    auto tb = Tables::from_documents({{"tables/cn/2024.yaml", bad}});
    try {
        compare_allowances_with_deductions(tb->year(2024), Exact(yuan("720000")), claims, yuan("42000"));
        FAIL("no error");
    } catch (const TableError& e) {
        CHECK(e.key() == "foreign.allowances.choice.covered_kinds");
        CHECK(std::string(e.what()).find("yachts") != std::string::npos);
    }
}
