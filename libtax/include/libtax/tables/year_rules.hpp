// libtax/tables/year_rules.hpp - the values of a tax year the calculators read, resolved once
// when the table is loaded: typed members, each with its legal source, so that no calculation
// looks a value up by name.
//
//   income amount (IIT Law art. 6(4)) = wages + labour x kl/D + royalties x kr/D + author x ka/D
//   (D the common denominator of the shares; the integer form the bracket kernel takes)
//
// Dated provisions that a year may lack (the bonus window, the withholding rules) are pointers
// to the year's Provision, null when the table does not set them; the calculators check the
// date they apply on against the provision's period.
#pragma once

#include <cstdint>
#include <map>
#include <numeric>
#include <string>

#include "libtax/tables/provision.hpp"

namespace libtax {

/// The shares of gross receipts that are income amount, and their integer form.
struct IncomeShares {
    Sourced<Rate> labour, royalties, author, author_reduction;
    LegalSource source;  ///< the provision (income_amount)
    /// income amount x d = wages x d + labour x kl + royalties x kr + author x ka (fen); d = 0
    /// when the shares do not fit 32-bit factors (then only the exact fractions are used).
    std::int64_t d = 0, kl = 0, kr = 0, ka = 0;
};

/// Presence of a foreign individual: the 183-day test (IIT Law art. 1; foreign.residence), the
/// 90-day rule (IIT Regulations art. 5; foreign.ninety_day_rule) and the six-year chain (IIT
/// Regulations art. 4; MOF/STA 2019 No. 34; foreign.six_year_rule).
struct PresenceRules {
    Sourced<std::int64_t> resident_days;         ///< a resident from this many residence days
    LegalSource residence_source;                ///< the provision foreign.residence
    Sourced<std::int64_t> ninety_day_max;        ///< a non-resident up to this many days: the 90-day rule
    const Provision* six_year_rule = nullptr;    ///< its UNCONFIRMED flag and note
    Sourced<std::int64_t> chain_years;           ///< consecutive years of residence that make a chain
    Sourced<std::int64_t> max_single_absence;    ///< a longer single absence breaks a year
    Sourced<std::int64_t> chain_first_year;      ///< the first year that counts (2019)
};

/// Foreign individuals' allowances (Caishui [2018] 164 art. 7; foreign.allowances.*).
struct AllowanceRules {
    LegalSource exempt_kinds;                    ///< the provision naming the exempt kinds
    Sourced<std::int64_t> max_home_leave_trips;  ///< home-leave trips exempt per year
    const Provision* choice = nullptr;           ///< the choice against special additional deductions (dated; null: none)
    Sourced<std::string> covered_kinds;          ///< the choice's allowance kinds given up (a comma-separated list)
};

/// Items taxed apart from comprehensive income (separately_taxed.*).
struct SeparateItemRules {
    Sourced<std::int64_t> severance_exempt_multiple;  ///< severance: exempt up to this many times the local average wage
    const Provision* early_retirement = nullptr;      ///< its UNCONFIRMED flag and note
    Sourced<Money> early_retirement_deduction;        ///< the annual deduction per year to retirement age
    const Provision* equity_incentives = nullptr;     ///< listed-company equity incentives (dated; null: none)
    const Provision* private_pension_withdrawal = nullptr;  ///< private pension payouts (dated; null: none)
    Sourced<Rate> private_pension_rate;
    const Provision* annuity_payouts = nullptr;       ///< annuity payouts (null: the table does not state them)
    Sourced<std::int64_t> annuity_quarterly_months;
    const Provision* internal_retirement = nullptr;   ///< internal-retirement lump sums (null: not stated)
};

/// The exemption from paying a small balance at the annual reconciliation (reconciliation.*).
struct ReconciliationRules {
    const Provision* exemption = nullptr;        ///< its period and source
    Sourced<Money> income_max, payable_max;      ///< either test passed: no payment
    const Provision* income_test = nullptr;      ///< which income the first test reads (null: the table has none)
    Sourced<std::string> income_basis;           ///< gross_receipts or income_amount (checked when used)
};

/// Resident prepayment on one payment of labour, author's remuneration or royalties.
struct PrepaymentRules {
    Sourced<Money> fixed_expense, fixed_expense_upto;
    Sourced<Rate> expense_share, author_reduction, author_royalty_rate;
    LegalSource source;
};

/// The special additional deductions from their items (special_additional.*; IIT Law art. 6
/// para. 4, Guofa [2018] 41, Guofa [2022] 8, Guofa [2023] 13).
struct SpecialAdditionalRules {
    Sourced<Money> children_monthly;                 ///< children_education, per child
    const Provision* infant_care = nullptr;          ///< from 2022 (null: not in the year)
    Sourced<Money> infant_monthly;                   ///< per child
    Sourced<Money> degree_monthly, certificate_annual;
    Sourced<std::int64_t> degree_max_months;         ///< of one degree education, in all
    Sourced<Money> illness_threshold, illness_annual_cap;
    Sourced<Money> housing_loan_monthly;
    Sourced<std::int64_t> housing_loan_max_months;   ///< of one loan, in all
    Sourced<Money> rent_monthly[3];                  ///< housing rent by city tier 1-3
    Sourced<Money> elderly_only_child_monthly, elderly_shared_cap_monthly;
    const Provision* sharing = nullptr;              ///< the split shares (null: the table sets none)
    Sourced<Rate> child_split_share, housing_loan_split_share;
};

/// The other deductions from their items (other_deductions.*; IIT Law art. 6 para. 1(1)).
struct OtherDeductionRules {
    Sourced<Money> health_annual_cap;                ///< commercial health insurance (Caishui [2017] 39)
    const Provision* private_pension = nullptr;      ///< from 2022 (null: not in the year)
    Sourced<Money> pension_annual_cap;
    const Provision* tax_deferred_pension = nullptr; ///< the pilot (null: not in the year); its note
    Sourced<Rate> deferred_wage_share;
    Sourced<Money> deferred_monthly_cap;
};

/// Foreign individuals' working days, multi-month bonus and residents' foreign tax credit.
struct ForeignRules {
    Sourced<Rate> partial_day_share;                 ///< foreign.working_days: a day partly in China (0, 1/2 or 1, checked at load)
    LegalSource working_days_source;                 ///< the provision foreign.working_days
    Sourced<std::int64_t> bonus_divisor, bonus_times_per_year;  ///< foreign.nonresident_bonus
    const Provision* tax_credit = nullptr;           ///< foreign.tax_credit (null: the table sets none)
    Sourced<std::int64_t> carry_forward_years;
    const Provision* nonresident_equity = nullptr;   ///< foreign.nonresident_equity (null: the table sets none)
    Sourced<std::int64_t> equity_divisor;
};

struct YearRules {
    Sourced<Money> basic_annual, basic_monthly;  ///< basic_deduction (IIT Law art. 6(1))
    IncomeShares income;
    PrepaymentRules prepayment;
    Sourced<Rate> incidental_rate;               ///< flat_rates.incidental
    Sourced<Money> nonresident_monthly_deduction;  ///< foreign.nonresident_wages
    const Provision* income_amount = nullptr;
    const Provision* bonus_window = nullptr;             ///< annual_bonus.separate_taxation
    Sourced<std::int64_t> bonus_divisor;                 ///< its divisor (when bonus_window)
    const Provision* withholding_method = nullptr;       ///< cumulative_withholding.method
    const Provision* continuous_labour = nullptr;        ///< cumulative_withholding.continuous_labour
    Sourced<Rate> labour_income_share;                   ///< its share of gross (when continuous_labour)
    const Provision* commission_agents = nullptr;        ///< cumulative_withholding.commission_agents
    Sourced<Rate> agents_income_share, agents_cost_share;  ///< its shares (when commission_agents)
    const Provision* first_wages_this_year = nullptr;    ///< cumulative_withholding.first_wages_this_year
    Sourced<std::int64_t> first_wages_from_month;        ///< the month its basic deduction counts from (when first_wages_this_year)
    const Provision* prior_year_low_income = nullptr;    ///< cumulative_withholding.prior_year_low_income
    Sourced<Money> low_income_up_front;                  ///< its deduction from January (when prior_year_low_income)
    Sourced<Money> low_income_prior_max;                 ///< its limit on the prior year's income (when prior_year_low_income)
    /// The months of the year (bit m - 1 for calendar month m) on whose first day each dated
    /// withholding rule above is in force: resolved once, so a month's withholding checks a bit
    /// instead of building a date (payroll/withholding_run.hpp).
    struct WithholdingMonths {
        std::uint16_t method = 0, continuous_labour = 0, commission_agents = 0, first_wages_this_year = 0,
                      prior_year_low_income = 0;
    } withholding_months;
    PresenceRules presence;
    AllowanceRules allowances;
    SeparateItemRules separate;
    ReconciliationRules reconciliation;
    SpecialAdditionalRules special_additional;
    OtherDeductionRules other_deductions;
    ForeignRules foreign;
    const Provision* donations = nullptr;            ///< donations (null: the table sets none)
    Sourced<Rate> donation_limit_share;              ///< IIT Law art. 6 para. 3
    const Provision* business_halving = nullptr;     ///< business.individual_business_halving (dated; null: none)
    Sourced<Money> halving_ceiling;
    Sourced<Rate> halving_reduction;
};

namespace detail {

inline const Provision* find_provision(const std::map<std::string, Provision>& m, const char* path) {
    auto it = m.find(path);
    return it == m.end() ? nullptr : &it->second;
}

inline const Provision& need_provision(const std::map<std::string, Provision>& m, const char* path, const std::string& file) {
    const Provision* p = find_provision(m, path);
    if (!p) throw TableError(file, 1, path, "no such provision in this year's table");
    return *p;
}

/// D = lcm of the share denominators, k = share x D; d stays 0 beyond 2^31.
inline void integer_shares(IncomeShares& s) {
    constexpr std::int64_t limit = std::int64_t{1} << 31;
    const Rate author = s.author.value, reduction = s.author_reduction.value;
    if (author.num() > limit || author.den() > limit || reduction.num() > limit || reduction.den() > limit) return;
    std::int64_t an = author.num() * reduction.num(), ad = author.den() * reduction.den();
    const std::int64_t g = std::gcd(an, ad);
    an /= g ? g : 1;
    ad /= g ? g : 1;
    std::int64_t d = std::lcm(s.labour.value.den(), s.royalties.value.den());
    if (d > limit || ad > limit) return;
    d = std::lcm(d, ad);
    if (d > limit) return;
    const auto k = [d](std::int64_t num, std::int64_t den) { return num * (d / den); };
    if (s.labour.value.num() > limit || s.royalties.value.num() > limit || an > limit) return;
    s.kl = k(s.labour.value.num(), s.labour.value.den());
    s.kr = k(s.royalties.value.num(), s.royalties.value.den());
    s.ka = k(an, ad);
    s.d = d;
}

inline void resolve_deductions(YearRules& r, const std::map<std::string, Provision>& m, const std::string& file) {
    SpecialAdditionalRules& s = r.special_additional;
    s.children_monthly = need_provision(m, "special_additional.children_education", file).amount("monthly_per_child");
    if ((s.infant_care = find_provision(m, "special_additional.infant_care"))) s.infant_monthly = s.infant_care->amount("monthly_per_child");
    const Provision& edu = need_provision(m, "special_additional.continuing_education", file);
    s.degree_monthly = edu.amount("degree_monthly");
    s.degree_max_months = edu.count("degree_max_months");
    s.certificate_annual = edu.amount("certificate_annual");
    const Provision& ill = need_provision(m, "special_additional.serious_illness", file);
    s.illness_threshold = ill.amount("threshold");
    s.illness_annual_cap = ill.amount("annual_cap");
    const Provision& loan = need_provision(m, "special_additional.housing_loan_interest", file);
    s.housing_loan_monthly = loan.amount("monthly");
    s.housing_loan_max_months = loan.count("max_months");
    const Provision& rent = need_provision(m, "special_additional.housing_rent", file);
    s.rent_monthly[0] = rent.amount("tier1_monthly");
    s.rent_monthly[1] = rent.amount("tier2_monthly");
    s.rent_monthly[2] = rent.amount("tier3_monthly");
    const Provision& elderly = need_provision(m, "special_additional.elderly_support", file);
    s.elderly_only_child_monthly = elderly.amount("only_child_monthly");
    s.elderly_shared_cap_monthly = elderly.amount("shared_individual_cap_monthly");
    if ((s.sharing = find_provision(m, "special_additional.sharing"))) {
        s.child_split_share = s.sharing->rate("child_split_share");
        s.housing_loan_split_share = s.sharing->rate("housing_loan_split_share");
    }
    OtherDeductionRules& o = r.other_deductions;
    o.health_annual_cap = need_provision(m, "other_deductions.commercial_health_insurance", file).amount("annual_cap");
    if ((o.private_pension = find_provision(m, "other_deductions.private_pension"))) o.pension_annual_cap = o.private_pension->amount("annual_cap");
    if ((o.tax_deferred_pension = find_provision(m, "other_deductions.tax_deferred_pension"))) {
        o.deferred_wage_share = o.tax_deferred_pension->rate("wage_share");
        o.deferred_monthly_cap = o.tax_deferred_pension->amount("monthly_cap");
    }
}

inline void resolve_foreign(ForeignRules& f, const std::map<std::string, Provision>& m, const std::string& file) {
    const Provision& days = need_provision(m, "foreign.working_days", file);
    f.partial_day_share = days.rate("partial_day_share");
    f.working_days_source = days.source;
    const Rate twice = Rate::fraction(f.partial_day_share.value.num() * 2, f.partial_day_share.value.den());
    if (twice.den() != 1 || twice.num() < 0 || twice.num() > 2)
        throw TableError(f.partial_day_share.source.file, f.partial_day_share.source.line, "foreign.working_days.partial_day_share",
                         "must be 0, 0.5 or 1 (counts are kept in half days)");
    const Provision& bonus = need_provision(m, "foreign.nonresident_bonus", file);
    f.bonus_divisor = bonus.count("divisor");
    f.bonus_times_per_year = bonus.count("times_per_year");
    if ((f.tax_credit = find_provision(m, "foreign.tax_credit"))) f.carry_forward_years = f.tax_credit->count("carry_forward_years");
    if ((f.nonresident_equity = find_provision(m, "foreign.nonresident_equity"))) f.equity_divisor = f.nonresident_equity->count("divisor");
}

}  // namespace detail

/// Reads the typed values from a year's provisions (the loader's resolution step); TableError
/// naming the key when a value the calculators need is missing.
/// Bit m - 1 set when `p` is in force on the first day of calendar month m of `year`.
inline std::uint16_t months_in_force(const Provision* p, int year) {
    std::uint16_t bits = 0;
    if (!p || !p->period || year < 1400 || year > 9999) return 0;
    for (int m = 1; m <= 12; ++m)
        if (p->period->covers(Date(static_cast<unsigned short>(year), static_cast<unsigned short>(m), 1)))
            bits = static_cast<std::uint16_t>(bits | (1u << (m - 1)));
    return bits;
}

inline YearRules resolve_year_rules(const std::map<std::string, Provision>& m, const std::string& file, int year) {
    YearRules r;
    const Provision& basic = detail::need_provision(m, "basic_deduction", file);
    r.basic_annual = basic.amount("annual");
    r.basic_monthly = basic.amount("monthly");
    const Provision& ia = detail::need_provision(m, "income_amount", file);
    r.income_amount = &ia;
    r.income.labour = ia.rate("labour");
    r.income.royalties = ia.rate("royalties");
    r.income.author = ia.rate("author");
    r.income.author_reduction = ia.rate("author_reduction");
    r.income.source = ia.source;
    detail::integer_shares(r.income);
    const Provision& pre = detail::need_provision(m, "prepayment", file);
    r.prepayment = {pre.amount("fixed_expense"), pre.amount("fixed_expense_upto"), pre.rate("expense_share"),
                    pre.rate("author_reduction"), pre.rate("author_royalty_rate"), pre.source};
    r.incidental_rate = detail::need_provision(m, "flat_rates", file).rate("incidental");
    r.nonresident_monthly_deduction = detail::need_provision(m, "foreign.nonresident_wages", file).amount("monthly_deduction");
    r.bonus_window = detail::find_provision(m, "annual_bonus.separate_taxation");
    if (r.bonus_window) r.bonus_divisor = r.bonus_window->count("divisor");
    r.withholding_method = detail::find_provision(m, "cumulative_withholding.method");
    r.continuous_labour = detail::find_provision(m, "cumulative_withholding.continuous_labour");
    if (r.continuous_labour) r.labour_income_share = r.continuous_labour->rate("income_share");
    r.commission_agents = detail::find_provision(m, "cumulative_withholding.commission_agents");
    if (r.commission_agents) {
        r.agents_income_share = r.commission_agents->rate("income_share");
        r.agents_cost_share = r.commission_agents->rate("business_cost_share");
    }
    r.first_wages_this_year = detail::find_provision(m, "cumulative_withholding.first_wages_this_year");
    if (r.first_wages_this_year) r.first_wages_from_month = r.first_wages_this_year->count("deduction_from_month");
    r.prior_year_low_income = detail::find_provision(m, "cumulative_withholding.prior_year_low_income");
    if (r.prior_year_low_income) {
        r.low_income_up_front = r.prior_year_low_income->amount("up_front_deduction");
        r.low_income_prior_max = r.prior_year_low_income->amount("prior_year_income_max");
    }
    r.withholding_months = {months_in_force(r.withholding_method, year), months_in_force(r.continuous_labour, year),
                            months_in_force(r.commission_agents, year), months_in_force(r.first_wages_this_year, year),
                            months_in_force(r.prior_year_low_income, year)};

    const Provision& residence = detail::need_provision(m, "foreign.residence", file);
    const Provision& chain = detail::need_provision(m, "foreign.six_year_rule", file);
    r.presence = {residence.count("resident_days"),
                  residence.source,
                  detail::need_provision(m, "foreign.ninety_day_rule", file).count("max_days"),
                  &chain,
                  chain.count("years"),
                  chain.count("max_single_absence_days"),
                  chain.count("first_year")};
    r.allowances.exempt_kinds = detail::need_provision(m, "foreign.allowances.exempt_kinds", file).source;
    r.allowances.max_home_leave_trips = detail::need_provision(m, "foreign.allowances.home_leave", file).count("max_trips_per_year");
    r.allowances.choice = detail::find_provision(m, "foreign.allowances.choice");
    if (r.allowances.choice) r.allowances.covered_kinds = r.allowances.choice->text("covered_kinds");
    const Provision& early = detail::need_provision(m, "separately_taxed.early_retirement", file);
    r.separate.severance_exempt_multiple = detail::need_provision(m, "separately_taxed.severance", file).count("exempt_multiple");
    r.separate.early_retirement = &early;
    r.separate.early_retirement_deduction = early.amount("annual_deduction");
    r.separate.equity_incentives = detail::find_provision(m, "separately_taxed.equity_incentives");
    if ((r.separate.private_pension_withdrawal = detail::find_provision(m, "separately_taxed.private_pension_withdrawal")))
        r.separate.private_pension_rate = r.separate.private_pension_withdrawal->rate("rate");
    if ((r.separate.annuity_payouts = detail::find_provision(m, "separately_taxed.annuity_payouts")))
        r.separate.annuity_quarterly_months = r.separate.annuity_payouts->count("quarterly_months");
    r.separate.internal_retirement = detail::find_provision(m, "separately_taxed.internal_retirement");
    const Provision& exemption = detail::need_provision(m, "reconciliation.exemption", file);
    r.reconciliation.exemption = &exemption;
    r.reconciliation.income_max = exemption.amount("income_max");
    r.reconciliation.payable_max = exemption.amount("payable_max");
    r.reconciliation.income_test = detail::find_provision(m, "reconciliation.exemption_income_test");
    if (r.reconciliation.income_test) r.reconciliation.income_basis = r.reconciliation.income_test->text("income_basis");
    detail::resolve_deductions(r, m, file);
    detail::resolve_foreign(r.foreign, m, file);
    if ((r.donations = detail::find_provision(m, "donations"))) r.donation_limit_share = r.donations->rate("limit_share");
    if ((r.business_halving = detail::find_provision(m, "business.individual_business_halving"))) {
        r.halving_ceiling = r.business_halving->amount("ceiling");
        r.halving_reduction = r.business_halving->rate("reduction");
    }
    return r;
}

}  // namespace libtax
