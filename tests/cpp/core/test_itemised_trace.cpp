// The deductions from their items, donations and the foreign tax credit on the year's typed rules
// and a Trace (sad.*, other.*, donation.*, ftc.*): a trace changes no figure, every id they record
// renders in every shipped catalogue, and the worked figures stay what the law gives.
#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <set>

#include "libtax/core/catalogue.hpp"
#include "libtax/core/render.hpp"
#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

const TaxYear& year(int y) { return Tables::builtin().year(y); }

/// Random items, some out of range (negative months, a tier of 4), so errors are compared too.
struct Draw {
    std::mt19937_64 rng;
    explicit Draw(std::uint64_t seed) : rng(seed) {}
    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
    bool coin() { return pick(0, 1) == 1; }
    Money fen(std::int64_t max) { return Money::fen(std::uniform_int_distribution<std::int64_t>(0, max)(rng)); }

    std::vector<ChildMonths> kids() {
        std::vector<ChildMonths> out(static_cast<std::size_t>(pick(0, 3)));
        for (auto& k : out) k = {pick(-1, 12), coin()};
        return out;
    }
    SpecialAdditionalItems sad() {
        SpecialAdditionalItems in;
        in.children_education = kids();
        if (pick(0, 3) == 0) in.infant_care = kids();
        in.degree_education_months = pick(0, 12);
        in.degree_months_before = pick(0, 50);
        in.vocational_certificate = coin();
        in.serious_illness_expense = pick(0, 2) ? fen(20'000'000) : Money();
        const bool loan = coin();
        in.housing_loan_months = loan ? pick(0, 12) : 0;
        in.housing_loan_months_before = pick(0, 250);
        in.housing_loan_split = coin();
        in.housing_rent_months = loan ? 0 : pick(0, 12);
        in.housing_rent_tier = pick(1, 4);
        in.elderly_support_months = pick(0, 12);
        in.elderly_only_child = coin();
        in.elderly_monthly_share = fen(200'000);
        return in;
    }
    OtherDeductionItems other() {
        OtherDeductionItems in;
        in.commercial_health_insurance = fen(500'000);
        in.private_pension = pick(0, 2) ? fen(2'000'000) : Money();
        in.tax_deferred_pension = pick(0, 2) ? fen(2'000'000) : Money();
        in.tax_deferred_pension_wages = fen(50'000'000);
        in.tax_deferred_pension_months = pick(0, 12);
        return in;
    }
    ForeignTaxCreditInput ftc(int y) {
        ForeignTaxCreditInput in;
        in.comprehensive_income_amount = fen(500'000'000);
        in.comprehensive_tax = fen(in.comprehensive_income_amount.fen() / 2);
        in.business_taxable_income = fen(100'000'000);
        in.business_tax = fen(in.business_taxable_income.fen() / 3);
        for (int i = pick(0, 3); i > 0; --i) {
            CountryForeignIncome c;
            c.country = "C" + std::to_string(i);
            c.comprehensive_income_amount = fen(in.comprehensive_income_amount.fen());
            c.business_taxable_income = fen(in.business_taxable_income.fen());
            c.other_items_china_tax = fen(1'000'000);
            c.foreign_tax_paid = fen(50'000'000);
            for (int k = pick(0, 3); k > 0; --k) c.carried.push_back({y - pick(1, 8), fen(5'000'000)});
            in.countries.push_back(std::move(c));
        }
        return in;
    }
};

/// Runs `f(trace)` untraced and traced: the same figures, or the same error type.
template <class F, class Same>
void same_either_way(F&& f, Same&& same) {
    std::string untraced_error, traced_error;
    std::optional<decltype(f(nullptr))> a, b;
    try {
        a = f(nullptr);
    } catch (const Error& e) {
        untraced_error = typeid(e).name() + std::string(": ") + e.what();
    }
    Trace trace;
    try {
        b = f(&trace);
    } catch (const Error& e) {
        traced_error = typeid(e).name() + std::string(": ") + e.what();
    }
    CHECK(untraced_error == traced_error);
    if (untraced_error.empty()) {
        REQUIRE((a && b));
        same(*a, *b);
        CHECK_FALSE(trace.empty());
    }
}

/// Every message id a trace uses (labels, formulas, scopes, message arguments).
void collect_ids(const Trace& t, std::set<std::string>& ids) {
    for (const auto& e : t.entries()) {
        if (e.kind != TraceEntry::Kind::read) ids.insert(e.id);
        if (!e.formula.empty()) ids.insert(e.formula);
        for (const auto& s : e.scope) ids.insert(s);
        for (const auto& a : e.args)
            if (a.value.message) ids.insert(a.value.text);
    }
}

/// Traces that reach every branch of the four calculators and of the annual tax from items.
std::vector<Trace> every_branch() {
    std::vector<Trace> out;
    SpecialAdditionalItems a;
    a.children_education = {{12, false}, {4, true}};
    a.infant_care = {{8, true}};
    a.degree_education_months = 12;
    a.vocational_certificate = true;
    a.serious_illness_expense = yuan("100000");
    a.housing_loan_months = 12;
    a.housing_loan_split = true;
    a.elderly_support_months = 12;
    SpecialAdditionalItems b;
    b.housing_loan_months = 6;
    b.housing_rent_months = 0;
    b.elderly_support_months = 12;
    b.elderly_only_child = false;
    b.elderly_monthly_share = yuan("1500");
    SpecialAdditionalItems c;
    c.housing_rent_months = 12;
    c.housing_rent_tier = 2;
    OtherDeductionItems o;
    o.commercial_health_insurance = yuan("3000");
    o.private_pension = yuan("15000");
    o.tax_deferred_pension = yuan("15000");
    o.tax_deferred_pension_wages = yuan("200000");
    for (const SpecialAdditionalItems* s : {&a, &b, &c}) {
        out.emplace_back();
        special_additional_deductions(year(2024), *s, &out.back());
    }
    out.emplace_back();
    other_deductions(year(2025), o, &out.back());
    out.emplace_back();
    donation_deduction(year(2024), yuan("100000"), yuan("40000"), yuan("200000"), &out.back());
    ForeignTaxCreditInput f;
    f.comprehensive_tax = yuan("243080");
    f.comprehensive_income_amount = yuan("1000000");
    f.business_tax = yuan("10000");
    f.business_taxable_income = yuan("100000");
    f.countries.push_back({"X", yuan("200000"), yuan("50000"), yuan("1000"), yuan("90000"), {{2017, yuan("5000")}, {2022, yuan("3000")}}});
    out.emplace_back();
    foreign_tax_credit(year(2024), f, &out.back());
    ComprehensiveIncome in;
    in.receipts.wages = yuan("500000");
    out.emplace_back();
    annual_tax(year(2024), in, DeductionItems{a, o}, &out.back());
    return out;
}

bool ours(const std::string& id) {
    for (const char* p : {"sad.", "other.", "donation.", "ftc."})
        if (id.rfind(p, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("Itemised deductions, donations and the foreign tax credit: traced and untraced agree to the fen", "[trace][itemised]") {
    Draw draw(20241231);
    for (int i = 0; i < 400; ++i) {
        const int y = draw.pick(2019, 2027);
        const SpecialAdditionalItems s = draw.sad();
        same_either_way([&](Trace* t) { return special_additional_deductions(year(y), s, t); },
                        [](const SpecialAdditionalResult& a, const SpecialAdditionalResult& b) {
                            CHECK(a.total == b.total);
                            CHECK(a.children_education == b.children_education);
                            CHECK(a.infant_care == b.infant_care);
                            CHECK(a.continuing_education == b.continuing_education);
                            CHECK(a.serious_illness == b.serious_illness);
                            CHECK(a.housing_loan_interest == b.housing_loan_interest);
                            CHECK(a.housing_rent == b.housing_rent);
                            CHECK(a.elderly_support == b.elderly_support);
                        });
        const OtherDeductionItems o = draw.other();
        same_either_way([&](Trace* t) { return other_deductions(year(y), o, t); },
                        [](const OtherDeductionsResult& a, const OtherDeductionsResult& b) {
                            CHECK(a.total == b.total);
                            CHECK(a.commercial_health_insurance == b.commercial_health_insurance);
                            CHECK(a.private_pension == b.private_pension);
                            CHECK(a.tax_deferred_pension == b.tax_deferred_pension);
                        });
        const Money taxable = draw.fen(100'000'000), limited = draw.fen(50'000'000), full = draw.coin() ? draw.fen(50'000'000) : Money();
        same_either_way([&](Trace* t) { return donation_deduction(year(y), taxable, limited, full, t); },
                        [](const DonationDeduction& a, const DonationDeduction& b) {
                            CHECK(a.limit == b.limit);
                            CHECK(a.deduction == b.deduction);
                            CHECK(a.full == b.full);
                        });
        const ForeignTaxCreditInput f = draw.ftc(y);
        same_either_way([&](Trace* t) { return foreign_tax_credit(year(y), f, t); },
                        [](const ForeignTaxCreditResult& a, const ForeignTaxCreditResult& b) {
                            CHECK(a.total_credit == b.total_credit);
                            REQUIRE(a.countries.size() == b.countries.size());
                            for (std::size_t k = 0; k < a.countries.size(); ++k) {
                                CHECK(a.countries[k].limit == b.countries[k].limit);
                                CHECK(a.countries[k].credit == b.countries[k].credit);
                                CHECK(a.countries[k].carry_forward.size() == b.countries[k].carry_forward.size());
                            }
                        });
        ComprehensiveIncome in;
        in.receipts.wages = draw.fen(200'000'000);
        const DeductionItems items{s, o};
        same_either_way([&](Trace* t) { return annual_tax(year(y), in, items, t); },
                        [](const AnnualTaxResult& a, const AnnualTaxResult& b) {
                            CHECK(a.tax == b.tax);
                            CHECK(a.taxable_income == b.taxable_income);
                        });
    }
}

TEST_CASE("Every sad, other, donation and ftc message is recorded and renders in every shipped catalogue", "[trace][itemised][languages]") {
    std::set<std::string> used;
    for (const Trace& t : every_branch()) {
        collect_ids(t, used);
        for (const auto& lang : Catalogue::builtin_languages()) {
            INFO(lang);
            CHECK_NOTHROW(render_json(t, Catalogue::builtin(lang)));
            CHECK_NOTHROW(render_text(t, Catalogue::builtin(lang)));
        }
    }
    for (const auto& [id, text] : Catalogue::builtin("en").messages())
        if (ours(id)) {
            INFO(id);
            CHECK(used.count(id) == 1);
        }
    for (const auto& id : used)
        if (ours(id)) {
            INFO(id);
            CHECK(Catalogue::builtin("zh").has(id));
        }
}

TEST_CASE("The itemised annual tax in Chinese: the items under their totals, statutory terms, citations as the law writes them", "[trace][itemised][languages]") {
    const std::vector<Trace> traces = every_branch();
    const std::string zh = render_text(traces.back(), Catalogue::builtin("zh"));
    INFO(zh);
    for (const char* term : {"专项附加扣除", "其中: 子女教育，第1个子女", "住房贷款利息", "大病医疗", "赡养老人", "3岁以下婴幼儿照护",
                             "其中: 商业健康保险", "其中: 个人养老金缴费", "按以下各项计算", "国发〔2023〕13号"})
        CHECK(zh.find(term) != std::string::npos);
    const std::string en = render_text(traces.back(), Catalogue::builtin("en"));
    CHECK(en.find("of which: children's education, child 1") != std::string::npos);
    CHECK(en.find("Guofa [2023] No. 13") != std::string::npos);
    const std::string ftc = render_text(traces[traces.size() - 2], Catalogue::builtin("zh"));
    INFO(ftc);
    CHECK(ftc.find("X：抵免限额") != std::string::npos);
    CHECK(ftc.find("X：超过结转期限，不再抵免") != std::string::npos);
}

TEST_CASE("Worked figures of the four calculators on the typed rules", "[itemised]") {
    // two children 2024: 2,000 a month each (Guofa [2023] 13 item 2) x 12 x 2
    SpecialAdditionalItems kids;
    kids.children_education = {{12, false}, {12, false}};
    CHECK(special_additional_deductions(year(2024), kids).total.str() == "48000.00");
    // 2022, the old standard, each parent 50%: 1,000 x 12 x 50% x 2
    kids.children_education = {{12, true}, {12, true}};
    CHECK(special_additional_deductions(year(2022), kids).total.str() == "12000.00");
    // health insurance capped at 2,400 (Caishui [2017] 39); private pension at 12,000
    OtherDeductionItems o;
    o.commercial_health_insurance = yuan("3000");
    o.private_pension = yuan("15000");
    CHECK(other_deductions(year(2025), o).total.str() == "14400.00");
    // 30% of 100,000 (IIT Law art. 6 para. 3)
    CHECK(donation_deduction(year(2024), yuan("100000"), yuan("40000")).deduction.str() == "30000.00");
    // 243,080 x 200,000 / 1,000,000 = 48,616 limit; 11,384 carried forward
    ForeignTaxCreditInput f;
    f.comprehensive_tax = yuan("243080");
    f.comprehensive_income_amount = yuan("1000000");
    f.countries.push_back({"X", yuan("200000"), Money(), Money(), yuan("60000"), {}});
    const ForeignTaxCreditResult r = foreign_tax_credit(year(2024), f);
    CHECK(r.total_credit.str() == "48616.00");
    REQUIRE(r.countries[0].carry_forward.size() == 1);
    CHECK(r.countries[0].carry_forward[0].amount.str() == "11384.00");
    // infant care before 2022: not available, naming the item
    SpecialAdditionalItems infant;
    infant.infant_care = {{12, false}};
    CHECK_THROWS_AS(special_additional_deductions(year(2021), infant), NotAvailableError);
}

TEST_CASE("A working-day share other than 0, 1/2 or 1 is refused when the table is loaded", "[itemised][tables]") {
    const std::string text = table_2024_with("partial_day_share: 0.5", "partial_day_share: 0.3");
    const std::string line = "tables/cn/2024.yaml:" + std::to_string(line_of(text, "partial_day_share: 0.3"));
    CHECK_NOTHROW(Tables::from_documents({{"tables/cn/2024.yaml", table_2024_with("partial_day_share: 0.5", "partial_day_share: 1")}}));
    try {
        Tables::from_documents({{"tables/cn/2024.yaml", text}});
        FAIL("a share of 0.3 was accepted");
    } catch (const TableError& e) {
        CHECK_THAT(e.what(), Catch::Contains("foreign.working_days.partial_day_share") && Catch::Contains(line));
    }
}
