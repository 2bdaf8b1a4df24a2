// libtax/foreign/foreign_tax_credit.hpp - the credit of foreign income tax for residents
// (境外所得抵免, IIT Law art. 7; MOF/STA Announcement 2020 No. 3), country by country:
//   limit(country)  = China tax on worldwide comprehensive income x the country's comprehensive
//                       income amount / worldwide comprehensive income amount
//                   + China tax on worldwide business income x the country's business taxable
//                       income / worldwide business taxable income
//                   + China tax on the country's other items (each computed alone under the law)
//   credit          = min(foreign tax paid this year + carried-forward excess, limit); this
//                     year's tax first, then the oldest carried excess
//   carry-forward   = foreign tax paid above the limit, creditable against the same country's
//                     unused limit in the next `carry_forward_years` (5) tax years, then lapsing.
// The limit is exact, then rounded half-up to the fen. The China tax figures are the caller's
// (annual_tax, business_tax and the separate calculators give them); table values:
// foreign.tax_credit, resolved at load into the year's rules. The steps are recorded as message
// ids (ftc.*) into an optional Trace.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/trace.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// Foreign tax paid above a year's limit, not yet credited.
struct CarriedForeignTax {
    int year = 0;   ///< the tax year the excess arose in
    Money amount;
};

/// One country's (or region's) income and tax.
struct CountryForeignIncome {
    std::string country;
    Money comprehensive_income_amount;     ///< the country's comprehensive income amount (收入额)
    Money business_taxable_income;         ///< the country's business taxable income
    Money other_items_china_tax;           ///< China tax on the country's other items, each computed alone
    Money foreign_tax_paid;                ///< income tax actually paid to the country for this year
    std::vector<CarriedForeignTax> carried;  ///< excess of earlier years still open
};

struct ForeignTaxCreditInput {
    Money comprehensive_tax;                ///< China tax on worldwide comprehensive income
    Money comprehensive_income_amount;      ///< worldwide comprehensive income amount (China + abroad)
    Money business_tax;                     ///< China tax on worldwide business income
    Money business_taxable_income;          ///< worldwide business taxable income
    std::vector<CountryForeignIncome> countries;
};

struct CountryCredit {
    std::string country;
    Money limit;
    Money credit;                           ///< credited this year (this year's tax + carried)
    Money credit_from_carried;
    std::vector<CarriedForeignTax> carry_forward;  ///< still open after this year (this year's excess included)
    std::vector<CarriedForeignTax> lapsed;         ///< excess older than the carry-forward period, no longer creditable
};

struct ForeignTaxCreditResult {
    int year = 0;
    std::vector<CountryCredit> countries;
    Money total_credit;
    Explanation explanation;  ///< the English steps, when asked for through `explained` (core/render.hpp)
};

namespace detail {

inline Exact share_of(Money tax, Money part, Money whole, const char* field) {
    if (whole < part) throw InputError(field, part.str(), "exceeds the worldwide figure " + whole.str());
    return whole.is_zero() ? Exact() : Exact(tax).scaled(part.fen(), whole.fen());
}

inline void check_country(const CountryForeignIncome& c, int year) {
    for (const Money* m : {&c.comprehensive_income_amount, &c.business_taxable_income, &c.other_items_china_tax, &c.foreign_tax_paid})
        require_non_negative(*m, c.country.c_str());
    for (const auto& x : c.carried) {
        require_non_negative(x.amount, (c.country + ".carried").c_str());
        if (x.year >= year) throw InputError(c.country + ".carried", std::to_string(x.year), "carried excess must come from an earlier tax year");
    }
}

inline void trace_country(Trace& trace, const ForeignTaxCreditInput& in, const CountryForeignIncome& c, const CountryCredit& r,
                          std::int64_t years, const LegalSource& src) {
    trace.step("ftc.limit", r.limit.str(), "ftc.limit.formula",
               {{"country", c.country}, {"tax", in.comprehensive_tax.str()}, {"part", c.comprehensive_income_amount.str()},
                {"whole", in.comprehensive_income_amount.str()}, {"business_tax", in.business_tax.str()},
                {"business_part", c.business_taxable_income.str()}, {"business_whole", in.business_taxable_income.str()},
                {"other", c.other_items_china_tax.str()}},
               src);
    trace.step("ftc.credit", r.credit.str(), "ftc.credit.formula",
               {{"country", c.country}, {"paid", c.foreign_tax_paid.str()}, {"carried", r.credit_from_carried.str()}});
    for (const auto& x : r.carry_forward)
        trace.step("ftc.carried_forward", x.amount.str(), "ftc.carried_forward.formula",
                   {{"country", c.country}, {"from", std::to_string(x.year)}, {"until", std::to_string(x.year + years)}});
    for (const auto& x : r.lapsed)
        trace.step("ftc.lapsed", x.amount.str(), "ftc.lapsed.formula",
                   {{"country", c.country}, {"from", std::to_string(x.year)}, {"years", std::to_string(years)}});
}

inline CountryCredit credit_country(const ForeignTaxCreditInput& in, const CountryForeignIncome& c, int year, std::int64_t years,
                                    Trace* trace, const LegalSource& src) {
    check_country(c, year);
    CountryCredit r;
    r.country = c.country;
    const Exact limit = share_of(in.comprehensive_tax, c.comprehensive_income_amount, in.comprehensive_income_amount, "comprehensive_income_amount") +
                        share_of(in.business_tax, c.business_taxable_income, in.business_taxable_income, "business_taxable_income") +
                        Exact(c.other_items_china_tax);
    r.limit = round_half_up(limit);
    Money room = r.limit;
    const Money now = std::min(c.foreign_tax_paid, room);
    room = room - now;
    std::vector<CarriedForeignTax> open = c.carried;
    std::sort(open.begin(), open.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
    for (auto& x : open) {
        if (year - x.year > years) {
            r.lapsed.push_back(x);
            continue;
        }
        const Money use = std::min(x.amount, room);
        room = room - use;
        r.credit_from_carried = r.credit_from_carried + use;
        x.amount = x.amount - use;
        if (!x.amount.is_zero()) r.carry_forward.push_back(x);
    }
    if (now < c.foreign_tax_paid) r.carry_forward.push_back({year, c.foreign_tax_paid - now});
    r.credit = now + r.credit_from_carried;
    if (trace) trace_country(*trace, in, c, r, years, src);
    return r;
}

}  // namespace detail

/// The foreign tax credit of a resident for one tax year, by country; the steps go to `trace`
/// when one is given.
inline ForeignTaxCreditResult foreign_tax_credit(const TaxYear& t, const ForeignTaxCreditInput& in, Trace* trace = nullptr) {
    for (const Money* m : {&in.comprehensive_tax, &in.comprehensive_income_amount, &in.business_tax, &in.business_taxable_income})
        require_non_negative(*m, "worldwide figures");
    const ForeignRules& f = t.rules().foreign;
    if (!f.tax_credit) throw TableError(t.file, 1, "foreign.tax_credit", "no such provision in this year's table");
    const Sourced<std::int64_t>& years = f.carry_forward_years;
    ForeignTaxCreditResult r;
    r.year = t.year;
    if (trace) trace->title("ftc.title", {{"year", std::to_string(t.year)}});
    for (const auto& c : in.countries) {
        r.countries.push_back(detail::credit_country(in, c, t.year, years.value, trace, years.source));
        r.total_credit = r.total_credit + r.countries.back().credit;
    }
    if (trace) trace->step("ftc.total", r.total_credit.str(), "ftc.total.formula");
    return r;
}

}  // namespace libtax
