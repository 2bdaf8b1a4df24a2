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
};

/// Items taxed apart from comprehensive income (separately_taxed.*).
struct SeparateItemRules {
    Sourced<std::int64_t> severance_exempt_multiple;  ///< severance: exempt up to this many times the local average wage
    const Provision* early_retirement = nullptr;      ///< its UNCONFIRMED flag and note
    Sourced<Money> early_retirement_deduction;        ///< the annual deduction per year to retirement age
    const Provision* equity_incentives = nullptr;     ///< listed-company equity incentives (dated; null: none)
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

struct YearRules {
    Sourced<Money> basic_annual, basic_monthly;  ///< basic_deduction (IIT Law art. 6(1))
    IncomeShares income;
    PrepaymentRules prepayment;
    Sourced<Rate> incidental_rate;               ///< flat_rates.incidental
    Sourced<Money> nonresident_monthly_deduction;  ///< foreign.nonresident_wages
    const Provision* income_amount = nullptr;
    const Provision* bonus_window = nullptr;             ///< annual_bonus.separate_taxation
    const Provision* withholding_method = nullptr;       ///< cumulative_withholding.method
    const Provision* continuous_labour = nullptr;        ///< cumulative_withholding.continuous_labour
    const Provision* commission_agents = nullptr;        ///< cumulative_withholding.commission_agents
    const Provision* first_wages_this_year = nullptr;    ///< cumulative_withholding.first_wages_this_year
    const Provision* prior_year_low_income = nullptr;    ///< cumulative_withholding.prior_year_low_income
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
    r.withholding_method = detail::find_provision(m, "cumulative_withholding.method");
    r.continuous_labour = detail::find_provision(m, "cumulative_withholding.continuous_labour");
    r.commission_agents = detail::find_provision(m, "cumulative_withholding.commission_agents");
    r.first_wages_this_year = detail::find_provision(m, "cumulative_withholding.first_wages_this_year");
    r.prior_year_low_income = detail::find_provision(m, "cumulative_withholding.prior_year_low_income");
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
    r.allowances = {detail::need_provision(m, "foreign.allowances.exempt_kinds", file).source,
                    detail::need_provision(m, "foreign.allowances.home_leave", file).count("max_trips_per_year"),
                    detail::find_provision(m, "foreign.allowances.choice")};
    const Provision& early = detail::need_provision(m, "separately_taxed.early_retirement", file);
    r.separate = {detail::need_provision(m, "separately_taxed.severance", file).count("exempt_multiple"), &early,
                  early.amount("annual_deduction"), detail::find_provision(m, "separately_taxed.equity_incentives")};
    const Provision& exemption = detail::need_provision(m, "reconciliation.exemption", file);
    r.reconciliation.exemption = &exemption;
    r.reconciliation.income_max = exemption.amount("income_max");
    r.reconciliation.payable_max = exemption.amount("payable_max");
    r.reconciliation.income_test = detail::find_provision(m, "reconciliation.exemption_income_test");
    if (r.reconciliation.income_test) r.reconciliation.income_basis = r.reconciliation.income_test->text("income_basis");
    return r;
}

}  // namespace libtax
