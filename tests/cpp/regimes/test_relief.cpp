// Worked examples E0-E13 of section 8 (not E9's press figure), break-evens,
// the GBA cap, eligibility edges, regime periods, and properties of the relief.
#include <catch2/catch.hpp>

#include "libtax/regimes/comparison.hpp"
#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

const Tables& T() { return Tables::builtin(); }

/// A resident whose comprehensive taxable income is exactly `ti` (wages only, basic deduction).
TalentCase with_taxable(const char* ti, Identity who = Identity::foreign) {
    TalentCase c;
    c.identity = who;
    c.income.wages = yuan(ti) + Money::yuan(60000);
    return c;
}

TalentCase e1_case() {  // E1: wages 1,000,000; social insurance 30,000; special additional 24,000
    TalentCase c;
    c.identity = Identity::foreign;
    c.income.wages = yuan("1000000");
    c.social_insurance = yuan("30000");
    c.special_additional = yuan("24000");
    return c;
}

TalentCase hainan_ok(TalentCase c) {
    c.days_in_zone = 200;
    c.talent_recognised = true;
    return c;
}

TalentCase gz(TalentCase c) {
    c.talent_recognised = true;
    c.city = "guangzhou";
    return c;
}

}  // namespace

TEST_CASE("E0 break-even, comprehensive income: TI 319,200 gives 0, a fen more gives a positive amount [H8]") {
    for (const char* regime : {"hainan", "gba"}) {
        auto at = hainan_ok(gz(with_taxable("319200")));
        if (std::string(regime) == "hainan") at.city.clear();
        const auto r = talent_relief(T(), regime, 2024, at);
        REQUIRE(r.eligible);
        CHECK(r.tax == yuan("47880.00"));
        CHECK(r.amount == Money());
        auto above = at;
        above.income.wages = above.income.wages + Money::yuan(100);
        CHECK(talent_relief(T(), regime, 2024, above).amount > Money());
        auto below = at;
        below.income.wages = below.income.wages - Money::yuan(100);
        CHECK(talent_relief(T(), regime, 2024, below).amount == Money());
    }
}

TEST_CASE("E0 break-even, business income: TI 210,000 gives 0 [H8]") {
    TalentCase c;
    c.business_taxable_income = yuan("210000");
    c = hainan_ok(c);
    const auto r = talent_relief(T(), "hainan", 2024, c);
    REQUIRE(r.eligible);
    CHECK(r.tax == yuan("31500.00"));
    CHECK(r.amount == Money());
    c.business_taxable_income = yuan("210100");
    CHECK(talent_relief(T(), "hainan", 2024, c).amount > Money());
}

TEST_CASE("E1 Hainan resident, all comprehensive income from Hainan: 91,280.00 (formula 1, Qiong Cai Shui [2020] 1019)") {
    const auto r = explained([&](Trace* tr) { return talent_relief(T(), "hainan", 2024, hainan_ok(e1_case()), tr); });
    REQUIRE(r.eligible);
    CHECK(r.tax == yuan("224180.00"));
    CHECK(r.amount == yuan("91280.00"));
    CHECK(r.kind == Mechanism::exemption);
    CHECK(r.explanation.text().find("91280.00") != std::string::npos);
}

TEST_CASE("E2 Hainan partial: income amount 600,000 of 1,000,000 -> 54,768.00") {
    auto c = hainan_ok(e1_case());
    c.zone_wages = yuan("600000");
    CHECK(talent_relief(T(), "hainan", 2024, c).amount == yuan("54768.00"));
}

TEST_CASE("E3 Hainan business income: TI 500,000, Hainan 400,000 -> 27,600.00 (formula 2)") {
    TalentCase c;
    c.business_taxable_income = yuan("500000");
    c.zone_business_taxable_income = yuan("400000");
    c = hainan_ok(c);
    const auto r = talent_relief(T(), "hainan", 2024, c);
    CHECK(r.tax == yuan("109500.00"));
    CHECK(r.amount == yuan("27600.00"));
}

TEST_CASE("E5 Hainan non-resident labour remuneration: one payment of 100,000 -> 8,840.00 (formula 4)") {
    TalentCase c;
    c.identity = Identity::foreign;
    c.resident = false;
    c.income.labour = yuan("100000");
    c.talent_recognised = true;
    c.social_insurance_exempt = true;
    c.contract_years = 1;
    const auto r = explained([&](Trace* tr) { return talent_relief(T(), "hainan", 2021, c, tr); });
    REQUIRE(r.eligible);
    CHECK(r.tax == yuan("20840.00"));
    CHECK(r.amount == yuan("8840.00"));
    // only the zone's payment is compared: half of it from Hainan is taxed as its own payment
    c.zone_labour = yuan("50000");
    // 50,000 -> taxable 40,000 -> 40,000 x 30% - 4,410 = 7,590.00; 15% = 6,000.00 -> 1,590.00
    CHECK(talent_relief(T(), "hainan", 2021, c).amount == yuan("1590.00"));
    // a non-resident's wages are taxed month by month: the months must be given
    c.income.wages = yuan("10000");
    CHECK_THROWS_AS(talent_relief(T(), "hainan", 2021, c), InputError);
}

TEST_CASE("Hainan non-resident wages (formula 3, DERIVED): 3 months of 100,000 -> 40,020.00; half from Hainan -> 20,010.00") {
    TalentCase c;
    c.identity = Identity::foreign;
    c.resident = false;
    c.income.wages = yuan("300000");
    c.wage_months = 3;
    c.talent_recognised = true;
    c.social_insurance_exempt = true;
    c.contract_years = 1;
    // each month: (100,000 - 5,000) x 45% - 15,160 = 27,590.00; x 3 = 82,770.00; 15% of 285,000 = 42,750.00
    auto r = explained([&](Trace* tr) { return talent_relief(T(), "hainan", 2021, c, tr); });
    REQUIRE(r.eligible);
    CHECK(r.tax == yuan("82770.00"));
    CHECK(r.amount == yuan("40020.00"));
    c.zone_wages = yuan("150000");
    CHECK(talent_relief(T(), "hainan", 2021, c).amount == yuan("20010.00"));
    c.wage_months = 13;
    CHECK_THROWS_AS(talent_relief(T(), "hainan", 2021, c), InputError);
}

TEST_CASE("E6 below break-even: TI 300,000 -> 0") {
    for (const char* regime : {"hainan", "gba", "hengqin", "lingang"}) {
        auto c = with_taxable("300000");
        c.days_in_zone = 200;
        c.talent_recognised = true;
        c.encouraged_industry = true;
        c.social_insurance_months = 12;
        c.contract_years = 3;
        const auto r = talent_relief(T(), regime, 2024, c);
        INFO(regime);
        REQUIRE(r.eligible);
        CHECK(r.tax == yuan("43080.00"));
        CHECK(r.amount == Money());
    }
}

TEST_CASE("E7 GBA Guangzhou: 91,280 + talent subsidy 5,000 = 96,280.00; partial tax paid -> 61,075.92") {
    auto c = gz(e1_case());
    c.talent_subsidy = yuan("100000");
    const auto r = explained([&](Trace* tr) { return talent_relief(T(), "gba", 2024, c, tr); });
    REQUIRE(r.eligible);
    CHECK(r.kind == Mechanism::subsidy);
    CHECK(r.amount == yuan("96280.00"));
    auto v = gz(e1_case());
    v.tax_paid_in_zone = yuan("150000");
    CHECK(talent_relief(T(), "gba", 2024, v).amount == yuan("61075.92"));
}

TEST_CASE("E8 GBA cap: TI 12,000,000 -> 3,418,080.00; TI 20,000,000 -> capped 5,000,000.00") {
    auto a = gz(with_taxable("12000000"));
    const auto ra = talent_relief(T(), "gba", 2024, a);
    CHECK(ra.tax == yuan("5218080.00"));
    CHECK(ra.amount == yuan("3418080.00"));
    CHECK_FALSE(ra.capped);
    auto b = gz(with_taxable("20000000"));
    const auto rb = talent_relief(T(), "gba", 2024, b);
    CHECK(rb.tax == yuan("8818080.00"));
    CHECK(rb.amount == yuan("5000000.00"));
    CHECK(rb.capped);
    // no cap modelled before 2023 (UNCONFIRMED whether the 2019 notice had one)
    CHECK(talent_relief(T(), "gba", 2022, b).amount == yuan("5818080.00"));
}

TEST_CASE("E9 corrected figure (not the press figure): wages 1,000,000, basic deduction only -> GBA 102,080.00") {
    TalentCase c = gz(TalentCase{});
    c.income.wages = yuan("1000000");
    const auto r = talent_relief(T(), "gba", 2024, c);
    CHECK(r.tax == yuan("243080.00"));
    CHECK(r.amount == yuan("102080.00"));
}

TEST_CASE("E11 Qianhai HK resident: 243,080 - HK burden 129,560 (2024/25, 1:1) = 113,520.00 (method UNCONFIRMED)") {
    TalentCase c;
    c.identity = Identity::hk;
    c.income.wages = yuan("1000000");
    c.fx_rate = Rate::fraction(1, 1);
    const auto r = explained([&](Trace* tr) { return talent_relief(T(), "qianhai", 2024, c, tr); });
    REQUIRE(r.eligible);
    CHECK(r.amount == yuan("113520.00"));
    CHECK(r.unconfirmed);
    CHECK(r.explanation.text().find("UNCONFIRMED") != std::string::npos);
    // without an exchange rate the foreign burden cannot be computed: a clear error, no guess
    c.fx_rate.reset();
    CHECK_THROWS_AS(talent_relief(T(), "qianhai", 2024, c), InputError);
}

TEST_CASE("E13 Pingtan: IIT paid in Pingtan 100,000 -> subsidy 20,000.00") {
    TalentCase c;
    c.identity = Identity::taiwan;
    c.income.wages = yuan("1000000");
    c.tax_paid_in_zone = yuan("100000");
    const auto r = talent_relief(T(), "pingtan", 2024, c);
    REQUIRE(r.eligible);
    CHECK(r.kind == Mechanism::subsidy);
    CHECK(r.amount == yuan("20000.00"));
}

TEST_CASE("Hainan presence edges: 182 / 183 days (2022 measures), the 90-day actual floor (2025)") {
    auto c = hainan_ok(e1_case());
    c.days_in_zone = 182;
    auto r = talent_relief(T(), "hainan", 2024, c);
    CHECK_FALSE(r.eligible);
    CHECK(std::string(r.code) == "presence.days_short");
    CHECK(r.amount == Money());
    c.days_in_zone = 183;
    CHECK(talent_relief(T(), "hainan", 2024, c).eligible);
    // 2025: 183 counted days, of which at least 90 actually present
    c.actual_days = 89;
    r = talent_relief(T(), "hainan", 2025, c);
    CHECK_FALSE(r.eligible);
    CHECK(std::string(r.code) == "presence.actual_days_short");
    c.actual_days = 90;
    CHECK(talent_relief(T(), "hainan", 2025, c).eligible);
    // before the 2022 measures there was no day count, but social insurance and a contract
    auto early = e1_case();
    early.talent_recognised = true;
    CHECK_FALSE(talent_relief(T(), "hainan", 2021, early).eligible);
    early.social_insurance_months = 6;
    early.contract_years = 1;
    CHECK(talent_relief(T(), "hainan", 2021, early).eligible);
}

TEST_CASE("Hainan special-industry route replaces the 183 days (2022: aviation; 2025: 航空航天, aviation and aerospace)") {
    auto c = hainan_ok(e1_case());
    c.days_in_zone = 100;
    c.special_industry = "aviation";
    c.social_insurance_months = 6;
    c.contract_years = 1;
    CHECK(talent_relief(T(), "hainan", 2023, c).eligible);
    CHECK(talent_relief(T(), "hainan", 2025, c).eligible);
    c.special_industry = "banking";
    CHECK_FALSE(talent_relief(T(), "hainan", 2025, c).eligible);
    c.special_industry = "aerospace";
    CHECK(talent_relief(T(), "hainan", 2025, c).eligible);
    c.social_insurance_months = 5;
    CHECK_FALSE(talent_relief(T(), "hainan", 2025, c).eligible);
}

TEST_CASE("Hainan income threshold 300,000 a fen either side (not recognised)") {
    TalentCase c;
    c.days_in_zone = 200;
    c.income.wages = yuan("300000.00");
    CHECK(talent_relief(T(), "hainan", 2024, c).eligible);
    c.income.wages = yuan("299999.99");
    const auto r = talent_relief(T(), "hainan", 2024, c);
    CHECK_FALSE(r.eligible);
    CHECK(std::string(r.code) == "income.below_threshold");
    c.talent_recognised = true;
    CHECK(talent_relief(T(), "hainan", 2024, c).eligible);
}

TEST_CASE("Shenzhen TY2019: 90 working days and, for foreign nationals, taxable income of 500,000 a fen either side") {
    TalentCase c;
    c.identity = Identity::foreign;
    c.talent_recognised = true;
    c.city = "shenzhen";
    c.days_in_zone = 90;
    c.income.wages = yuan("560000.00");  // taxable income 500,000.00
    CHECK(talent_relief(T(), "gba", 2019, c).eligible);
    c.income.wages = yuan("559999.99");
    auto r = explained([&](Trace* tr) { return talent_relief(T(), "gba", 2019, c, tr); });
    CHECK_FALSE(r.eligible);
    CHECK(std::string(r.code) == "income.below_threshold");
    // the floor is for foreign nationals in 2019 only; HK residents and 2020 are not bound by it
    c.identity = Identity::hk;
    CHECK(talent_relief(T(), "gba", 2019, c).eligible);
    c.identity = Identity::foreign;
    CHECK(talent_relief(T(), "gba", 2020, c).eligible);
    c.days_in_zone = 89;
    r = talent_relief(T(), "gba", 2020, c);
    CHECK_FALSE(r.eligible);
    CHECK(std::string(r.code) == "presence.days_short");
    c.city = "guangzhou";  // Guangzhou's day rule is UNCONFIRMED: none applied
    CHECK(talent_relief(T(), "gba", 2020, c).eligible);
}

TEST_CASE("Regime periods: a year outside the period is not eligible, with that reason") {
    auto c = hainan_ok(e1_case());
    c.identity = Identity::hk;
    c.fx_rate = Rate::fraction(1, 1);
    struct P { const char* id; int outside; int inside; };
    for (P p : {P{"hainan", 2019, 2020}, P{"qianhai", 2022, 2023}, P{"hetao", 2022, 2023}, P{"nansha-hk", 2027, 2022},
                P{"nansha-hk", 2021, 2025}, P{"beijing-two-zones", 2020, 2021}}) {
        INFO(p.id << " " << p.outside);
        auto r = explained([&](Trace* tr) { return talent_relief(T(), p.id, p.outside, c, tr); });
        CHECK_FALSE(r.eligible);
        CHECK_FALSE(r.in_period);
        CHECK(std::string(r.code) == "period.outside");
        REQUIRE(r.reasons.size() == 1);
        CHECK(r.reasons[0].find("outside the regime's period") != std::string::npos);
        CHECK(r.amount == Money());
        CHECK(talent_relief(T(), p.id, p.inside, c).in_period);
    }
}

TEST_CASE("Identity rules: Qianhai for HK residents only; GBA not for mainland residents") {
    TalentCase c;
    c.identity = Identity::foreign;
    c.income.wages = yuan("1000000");
    c.fx_rate = Rate::fraction(1, 1);
    auto r = explained([&](Trace* tr) { return talent_relief(T(), "qianhai", 2024, c, tr); });
    CHECK_FALSE(r.eligible);
    CHECK(std::string(r.code) == "identity.not_covered");
    CHECK(r.reasons.at(0).find("FAILED") != std::string::npos);
    c = gz(c);
    c.identity = Identity::mainland;
    CHECK_FALSE(talent_relief(T(), "gba", 2024, c).eligible);
}

TEST_CASE("beijing-two-zones is a what-if: enacted false, and its explanation says it is not law") {
    const Regime& g = T().regime("beijing-two-zones");
    CHECK_FALSE(g.enacted);
    auto c = gz(e1_case());
    c.city.clear();
    const auto r = explained([&](Trace* tr) { return talent_relief(T(), "beijing-two-zones", 2024, c, tr); });
    CHECK_FALSE(r.enacted);
    CHECK(r.amount == yuan("91280.00"));
    CHECK(r.explanation.text().find("NOT LAW") != std::string::npos);
    // and it is never the best legal choice
    const auto cmp = compare_regimes(T(), 2024, c, {false, true});
    REQUIRE(cmp.best >= 0);
    CHECK(cmp.options[static_cast<std::size_t>(cmp.best)].result.regime != "beijing-two-zones");
}

TEST_CASE("Comparison: an HK resident in Shenzhen, Qianhai beats the GBA subsidy; they exclude each other") {
    TalentCase c;
    c.identity = Identity::hk;
    c.income.wages = yuan("1000000");
    c.talent_recognised = true;
    c.city = "shenzhen";
    c.days_in_zone = 250;
    c.fx_rate = Rate::fraction(1, 1);
    const auto cmp = compare_regimes(T(), 2024, c);
    REQUIRE(cmp.best == 0);
    const auto& best = cmp.options[0];
    CHECK((best.result.regime == "qianhai" || best.result.regime == "hetao"));
    CHECK(best.result.amount == yuan("113520.00"));
    bool gba_listed = false;
    for (const auto& o : cmp.options) {
        CHECK(o.result.eligible);
        if (o.result.regime == "gba") {
            gba_listed = true;
            CHECK(o.result.amount == yuan("102080.00"));
            CHECK(std::find(o.excludes.begin(), o.excludes.end(), "qianhai") != o.excludes.end());
        }
    }
    CHECK(gba_listed);
    // ranked by amount
    for (std::size_t i = 1; i < cmp.options.size(); ++i) CHECK(cmp.options[i].result.amount <= cmp.options[i - 1].result.amount);
}

TEST_CASE("Comparison without fx_rate lists the eligible HK regimes as not computed, never guessing a rate") {
    TalentCase c;
    c.identity = Identity::hk;
    c.income.wages = yuan("1000000");
    const auto cmp = compare_regimes(T(), 2024, c);
    bool seen = false;
    for (const auto& o : cmp.options)
        if (o.result.regime == "qianhai") {
            seen = true;
            CHECK_FALSE(o.computed);
            CHECK(o.result.amount == Money());
            CHECK(o.not_computed_why.find("fx_rate") != std::string::npos);
        }
    CHECK(seen);
}

TEST_CASE("Properties: relief is never negative and never above the tax, across incomes and regimes") {
    const char* ids[] = {"gba", "hainan", "hengqin", "hengqin-macao", "nansha-hk", "nansha-macao", "qianhai", "hetao", "lingang", "pingtan", "beijing-two-zones"};
    const Identity who[] = {Identity::foreign, Identity::hk, Identity::macao, Identity::taiwan, Identity::mainland};
    for (std::int64_t w : {0LL, 50000LL, 200000LL, 379200LL, 700000LL, 1500000LL, 30000000LL}) {
        for (auto id : who) {
            TalentCase c;
            c.identity = id;
            c.income.wages = Money::yuan(w);
            c.income.labour = Money::yuan(w / 10);
            c.business_taxable_income = Money::yuan(w / 3);
            c.zone_wages = Money::yuan(w * 2 / 3);
            c.talent_subsidy = Money::yuan(w / 20);
            c.days_in_zone = 300;
            c.talent_recognised = true;
            c.encouraged_industry = true;
            c.social_insurance_months = 12;
            c.contract_years = 2;
            c.fx_rate = Rate::parse("1.08");
            for (const char* g : ids) {
                const auto r = talent_relief(T(), g, 2024, c);
                INFO(g << " " << w << " " << identity_name(id));
                CHECK_FALSE(r.amount.is_negative());
                CHECK(r.amount <= r.tax);
                if (!r.eligible) CHECK(r.amount == Money());
            }
        }
    }
}

TEST_CASE("Bad input: unknown regime, unknown city, zone part above the total, impossible days") {
    TalentCase c = e1_case();
    CHECK_THROWS_AS(talent_relief(T(), "atlantis", 2024, c), InputError);
    try {
        talent_relief(T(), "atlantis", 2024, c);
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("atlantis") != std::string::npos);
    }
    c.city = "hangzhou";
    CHECK_THROWS_AS(talent_relief(T(), "gba", 2024, c), InputError);
    c.city = "guangzhou";
    CHECK_THROWS_AS(talent_relief(T(), "hainan", 2024, c), InputError);  // hainan has no city rules
    c.city.clear();
    c.zone_wages = yuan("1000000.01");
    CHECK_THROWS_AS(talent_relief(T(), "hainan", 2024, c), InputError);
    c.zone_wages.reset();
    c.days_in_zone = 367;
    CHECK_THROWS_AS(talent_relief(T(), "hainan", 2024, c), InputError);
    c.days_in_zone = 100;
    c.actual_days = 101;
    CHECK_THROWS_AS(talent_relief(T(), "hainan", 2024, c), InputError);
    c.actual_days.reset();
    auto lg = hainan_ok(e1_case());
    CHECK_THROWS_AS(talent_relief(T(), "lingang", 2031, lg), CoverageError);  // open-ended regime, no 2031 tax table
    auto g = gz(e1_case());
    g.tax_paid_in_zone = yuan("224180.01");
    CHECK_THROWS_AS(talent_relief(T(), "gba", 2024, g), InputError);
}

TEST_CASE("Batch path: without explain no reasons or steps are formatted, the figures are the same") {
    const auto quiet = talent_relief(T(), "hainan", 2024, hainan_ok(e1_case()));
    const auto loud = explained([&](Trace* tr) { return talent_relief(T(), "hainan", 2024, hainan_ok(e1_case()), tr); });
    CHECK(quiet.amount == loud.amount);
    CHECK(quiet.reasons.empty());
    CHECK(quiet.explanation.steps().empty());
    CHECK_FALSE(loud.reasons.empty());
    for (const auto& o : quiet.rules) CHECK(o.reason.empty());
}
