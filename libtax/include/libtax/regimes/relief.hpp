// libtax/regimes/relief.hpp - the relief a talent regime gives one taxpayer-year: eligibility
// rule by rule, then the relief by the version's formula (tax above 15% of taxable income, above
// the Hong Kong or Macao burden, or a share of the tax paid), pro-rated to the zone, capped.
//
// Entry point: talent_relief(tables, regime id, year, case, explain). With explain=false no
// text is formatted (batch runs); rule outcomes still carry their fixed codes.
#pragma once

#include <string>
#include <vector>

#include "libtax/hk_macao/hong_kong_salaries_tax.hpp"
#include "libtax/hk_macao/macao_professional_tax.hpp"
#include "libtax/business/business_tax.hpp"
#include "libtax/comprehensive/annual_tax.hpp"
#include "libtax/regimes/eligibility.hpp"
#include "libtax/regimes/regime.hpp"
#include "libtax/regimes/talent_case.hpp"
#include "libtax/tables/tables.hpp"

namespace libtax {

struct TalentReliefResult {
    std::string regime;
    int year = 0;
    bool enacted = true;            ///< false: a what-if model, not law
    bool in_period = false;         ///< a version of the regime covers the tax year
    bool eligible = false;          ///< in period and every rule passed
    Mechanism kind = Mechanism::subsidy;
    Formula formula = Formula::above_rate;
    std::vector<RuleOutcome> rules;
    const char* code = "";          ///< "ok", "period.outside", or the first failed rule's code
    Money tax;                      ///< IIT on the items the regime covers (whole year, whole China)
    Exact relief_before_cap;        ///< exact, after pro-ration
    bool capped = false;
    Money amount;                   ///< the relief, rounded half-up to the fen; 0 when not eligible
    bool unconfirmed = false;       ///< an UNCONFIRMED reading was used
    const RegimeVersion* version = nullptr;  ///< the version applied (null when out of period)
    Explanation explanation;        ///< filled only when asked
    std::vector<std::string> reasons;  ///< readable reasons (only when asked)
};

namespace detail {

/// x * (part / whole); zero when whole is zero.
inline Exact prorate(const Exact& x, const Exact& part, const Exact& whole) {
    if (whole.is_zero()) return Exact();
    return x.scaled(detail::mul(part.num(), whole.den()), detail::mul(part.den(), whole.num()));
}
inline std::string share_text(const Exact& part, const Exact& whole) { return part.str() + " / " + whole.str(); }

}  // namespace detail

namespace detail {
/// talent_relief, optionally stopping after the eligibility rules (used by the comparison to
/// report an eligible regime whose amount needs an input that is missing).
inline TalentReliefResult talent_relief_impl(const Tables& tables, const std::string& regime_id, int year, const TalentCase& c,
                                             bool explain, bool eligibility_only) {
    const Regime& g = tables.regime(regime_id);
    c.validate();
    if (!c.city.empty() && !g.has_city(c.city)) {
        std::string have;
        for (const auto& x : g.cities) have += (have.empty() ? "" : ", ") + x;
        throw InputError("city", "'" + c.city + "'",
                         g.cities.empty() ? "regime " + g.id + " has no city rules" : "not a city of regime " + g.id + " (cities: " + have + ")");
    }
    TalentReliefResult r;
    r.regime = g.id;
    r.year = year;
    r.enacted = g.enacted;
    Explanation* why = explain ? &r.explanation : nullptr;
    if (why) {
        why->set_title("Talent relief: " + g.name + " (" + g.id + "), tax year " + std::to_string(year));
        if (!g.enacted) why->note("NOT LAW: a what-if model, no enacted rules: " + g.status_note);
    }
    const RegimeVersion* v = g.version_for(year);
    if (!v) {
        r.code = "period.outside";
        if (explain) {
            std::string periods;
            for (const auto& x : g.versions) periods += (periods.empty() ? "" : ", ") + x.period.str();
            const std::string msg = "period: FAILED: tax year " + std::to_string(year) + " is outside the regime's period (" + periods + ")";
            r.reasons.push_back(msg);
            why->add("eligible", "no", msg);
        }
        return r;
    }
    r.in_period = true;
    r.version = v;
    r.kind = v->mechanism;
    r.formula = v->formula;
    r.unconfirmed = v->unconfirmed;
    const TaxYear& t = tables.year(year);

    // --- the tax on the covered items ------------------------------------------------------
    const bool ci_covered = v->covers(Item::wages) || v->covers(Item::labour) || v->covers(Item::author) || v->covers(Item::royalties);
    ComprehensiveIncome ci;
    ci.receipts = c.income;
    ci.social_insurance = c.social_insurance;
    ci.special_additional = c.special_additional;
    ci.other_deductions = c.other_deductions;
    const AnnualTaxResult ci_tax = annual_tax(t, ci, explain);
    const IncomeAmount amt_total = income_amount(t, c.income);
    ComprehensiveReceipts zone_covered = c.zone_income();
    if (!v->covers(Item::wages)) zone_covered.wages = Money();
    if (!v->covers(Item::labour)) zone_covered.labour = Money();
    if (!v->covers(Item::author)) zone_covered.author = Money();
    if (!v->covers(Item::royalties)) zone_covered.royalties = Money();
    const IncomeAmount amt_zone = income_amount(t, zone_covered);
    const bool bi_covered = v->covers(Item::business);
    const BusinessTaxResult bi_tax = business_tax(t, c.business_taxable_income, explain);
    const Money zone_bi = bi_covered ? c.zone_business() : Money();
    const bool ts_covered = v->covers(Item::talent_subsidy) && !c.talent_subsidy.is_zero();
    const auto& incidental = t.provision("flat_rates").rate("incidental");
    const Money ts_tax = ts_covered ? round_half_up(Exact(c.talent_subsidy) * incidental.value) : Money();

    // --- eligibility ------------------------------------------------------------------------
    EligibilityFigures fig;
    {
        const ComprehensiveReceipts z = c.zone_income();
        fig.zone_gross_income = z.wages + z.labour + z.author + z.royalties + c.zone_business();
        fig.taxable_income = ci_tax.taxable_income + Exact(c.business_taxable_income);
    }
    r.rules = check_eligibility(*v, year, c, fig, explain);
    r.eligible = true;
    r.code = "ok";
    for (const auto& o : r.rules) {
        if (!o.passed && r.eligible) {
            r.eligible = false;
            r.code = o.code;
        }
        r.unconfirmed = r.unconfirmed || o.unconfirmed;
    }
    if (why) {
        std::string basis;
        for (const auto& b : v->basis) basis += (basis.empty() ? "" : "; ") + b;
        why->add("version", v->period.str(), "legal basis: " + basis, v->source.cite());
        why->add("area", v->area);
        for (const auto& o : r.rules) {
            r.reasons.push_back(o.reason);
            why->add("rule", o.passed ? "passed" : "FAILED", o.reason);
        }
        if (!c.city.empty()) why->note("city rules applied: " + c.city);
        else if (!g.cities.empty()) why->note("no city chosen: only the province-wide rules were applied (city= selects a city's rules)");
        why->add("eligible", r.eligible ? "yes" : "no");
    }
    if (!r.eligible || eligibility_only) return r;
    if (!c.resident && v->covers(Item::wages) && !c.income.wages.is_zero() && !c.wage_months)
        throw InputError("wage_months", "None",
                         "a non-resident's wages are taxed month by month: give the number of months they were received over "
                         "(taken as equal monthly amounts, Hainan formula 3)");
    // Non-residents: labour, author's remuneration and royalties are taxed per payment on the
    // monthly table (IIT Law art. 6(1)(2)); the zone's payments alone are compared (Hainan formula 4).
    struct NonresidentItem {
        const char* name;
        Money gross;
        Exact taxable;
        Money tax;
        int bracket;
    };
    std::vector<NonresidentItem> nr;
    if (!c.resident && ci_covered) {
        const ComprehensiveReceipts z = zone_covered;
        const std::pair<const char*, ComprehensiveReceipts> parts[] = {
            {"labour remuneration", {Money(), z.labour, Money(), Money(), Money()}},
            {"author's remuneration", {Money(), Money(), z.author, Money(), Money()}},
            {"royalties", {Money(), Money(), Money(), z.royalties, Money()}}};
        for (const auto& [name, rec] : parts) {
            const Money gross = rec.labour + rec.author + rec.royalties;
            if (gross.is_zero()) continue;
            const Exact ti = income_amount(t, rec).total;
            const BracketHit hit = t.comprehensive_monthly().apply(ti);
            nr.push_back({name, gross, ti, round_half_up(max(hit.tax(), Exact())), hit.index});
        }
    }
    const bool ci_resident = ci_covered && c.resident;
    // Non-resident wages (Hainan formula 3): (TAX_W - TI_W x 15%) x zone wage income / wage income,
    // TAX_W and TI_W over the months, each month taxed alone on the monthly table.
    struct {
        bool present = false;
        Money tax;
        Exact taxable, monthly;
        int bracket = -1;
    } nrw;
    if (!c.resident && v->covers(Item::wages) && !c.income.wages.is_zero()) {
        const int months = *c.wage_months;
        const auto& ded = t.provision("foreign.nonresident_wages").amount("monthly_deduction");
        nrw.present = true;
        nrw.monthly = Exact(c.income.wages).scaled(1, months);
        const Exact monthly_ti = max(nrw.monthly - Exact(ded.value), Exact());
        const BracketHit hit = t.comprehensive_monthly().apply(monthly_ti);
        nrw.bracket = hit.index;
        nrw.tax = round_half_up(max(hit.tax(), Exact())) * months;
        nrw.taxable = monthly_ti * months;
    }

    // --- the relief -------------------------------------------------------------------------
    Exact relief;
    const Exact ci_taxable = ci_tax.taxable_income;
    // share of comprehensive income that the zone accounts for
    auto ci_share = [&](Exact x, std::string& how) -> Exact {
        if (v->comprehensive_proration == Proration::tax_paid) {
            if (c.tax_paid_in_zone) {
                if (*c.tax_paid_in_zone > ci_tax.tax)
                    throw InputError("tax_paid_in_zone", c.tax_paid_in_zone->str(),
                                     "exceeds the comprehensive-income tax of the year (" + ci_tax.tax.str() + ")");
                if (explain) how = "x tax paid in the zone / tax paid in China = " + detail::share_text(Exact(*c.tax_paid_in_zone), Exact(ci_tax.tax));
                return detail::prorate(x, Exact(*c.tax_paid_in_zone), Exact(ci_tax.tax));
            }
            if (explain) how = "x zone share of tax paid, estimated by the income amount (tax_paid_in_zone not given) = " + detail::share_text(amt_zone.total, amt_total.total);
        } else if (explain) {
            how = "x zone income amount / total income amount = " + detail::share_text(amt_zone.total, amt_total.total);
        }
        return detail::prorate(x, amt_zone.total, amt_total.total);
    };
    auto bi_share = [&](Exact x, std::string& how) -> Exact {
        if (v->business_proration == Proration::tax_paid && c.business_tax_paid_in_zone) {
            if (*c.business_tax_paid_in_zone > bi_tax.tax)
                throw InputError("business_tax_paid_in_zone", c.business_tax_paid_in_zone->str(),
                                 "exceeds the business-income tax of the year (" + bi_tax.tax.str() + ")");
            if (explain) how = "x tax paid in the zone / tax paid in China = " + detail::share_text(Exact(*c.business_tax_paid_in_zone), Exact(bi_tax.tax));
            return detail::prorate(x, Exact(*c.business_tax_paid_in_zone), Exact(bi_tax.tax));
        }
        if (explain) how = "x zone taxable income / total taxable income = " + detail::share_text(Exact(zone_bi), Exact(c.business_taxable_income));
        return detail::prorate(x, Exact(zone_bi), Exact(c.business_taxable_income));
    };
    if (ci_resident) r.tax += ci_tax.tax;
    for (const auto& x : nr) r.tax += x.tax;
    if (nrw.present) r.tax += nrw.tax;
    const Exact nrw_zone_share_num = Exact(zone_covered.wages), nrw_zone_share_den = Exact(c.income.wages);
    auto nrw_zone = [&](const Exact& x) { return detail::prorate(x, nrw_zone_share_num, nrw_zone_share_den); };
    if (bi_covered) r.tax += bi_tax.tax;
    r.tax += ts_tax;
    if (why) {
        if (ci_resident && !ci_tax.tax.is_zero()) why->append(ci_tax.explanation, "comprehensive income");
        for (const auto& x : nr)
            why->add(std::string("non-resident ") + x.name + " tax (one payment)", x.tax.str(),
                     x.gross.str() + " from the zone, taxable " + x.taxable.str() + "; " + t.comprehensive_monthly().describe(x.bracket),
                     t.comprehensive_monthly().cite(x.bracket));
        if (nrw.present)
            why->add("non-resident wage tax", nrw.tax.str(),
                     std::to_string(*c.wage_months) + " months of " + nrw.monthly.str() + " each, less the monthly deduction, each month taxed alone; " +
                         t.comprehensive_monthly().describe(nrw.bracket),
                     t.comprehensive_monthly().cite(nrw.bracket));
        if (!nr.empty()) why->note("non-resident: each item's zone receipts for the year are taxed as one payment on the monthly table (Hainan formula 4 compares the zone's payments alone)");
        if (bi_covered && !c.business_taxable_income.is_zero()) why->append(bi_tax.explanation, "business income");
        if (ts_covered)
            why->add("talent-programme subsidy tax", ts_tax.str(), c.talent_subsidy.str() + " x " + incidental.value.percent() + " (incidental income)",
                     incidental.source.cite());
    }

    switch (v->formula) {
        case Formula::above_rate: {
            const Rate rate = v->rate.value;
            if (nrw.present) {
                const Exact d = Exact(nrw.tax) - nrw.taxable * rate;
                const Exact part = nrw_zone(max(d, Exact()));
                relief += part;
                if (why) {
                    why->add("non-resident wages: tax above " + rate.percent(), d.str(),
                             nrw.tax.str() + " - " + nrw.taxable.str() + " x " + rate.percent() + (d.is_negative() ? " (negative: no relief)" : ""),
                             v->rate.source.cite());
                    why->add("non-resident wages: zone part", part.str(),
                             "x zone wage income / wage income = " + detail::share_text(nrw_zone_share_num, nrw_zone_share_den));
                }
            }
            for (const auto& x : nr) {
                const Exact d = Exact(x.tax) - x.taxable * rate;
                relief += max(d, Exact());
                if (why)
                    why->add(std::string(x.name) + ": tax above " + rate.percent(), d.str(),
                             x.tax.str() + " - " + x.taxable.str() + " x " + rate.percent() + (d.is_negative() ? " (negative: no relief)" : ""),
                             v->rate.source.cite());
            }
            if (ci_resident && !ci_tax.tax.is_zero()) {
                const Exact d = Exact(ci_tax.tax) - ci_taxable * rate;
                const Exact pos = max(d, Exact());
                std::string how;
                const Exact part = ci_share(pos, how);
                relief += part;
                if (why) {
                    why->add("comprehensive: tax above " + rate.percent(), d.str(),
                             ci_tax.tax.str() + " - " + ci_taxable.str() + " x " + rate.percent() + (d.is_negative() ? " (negative: no relief)" : ""),
                             v->rate.source.cite());
                    why->add("comprehensive: zone part", part.str(), pos.str() + " " + how);
                }
            }
            if (bi_covered && !bi_tax.tax.is_zero()) {
                const Exact d = Exact(bi_tax.tax) - Exact(c.business_taxable_income) * rate;
                const Exact pos = max(d, Exact());
                std::string how;
                const Exact part = bi_share(pos, how);
                relief += part;
                if (why) {
                    why->add("business: tax above " + rate.percent(), d.str(),
                             bi_tax.tax.str() + " - " + c.business_taxable_income.str() + " x " + rate.percent() + (d.is_negative() ? " (negative: no relief)" : ""),
                             v->rate.source.cite());
                    why->add("business: zone part", part.str(), pos.str() + " " + how);
                }
            }
            if (ts_covered) {
                const Exact d = max(Exact(ts_tax) - Exact(c.talent_subsidy) * rate, Exact());
                relief += d;
                if (why) why->add("talent subsidy: tax above " + rate.percent(), d.str(), ts_tax.str() + " - " + c.talent_subsidy.str() + " x " + rate.percent());
            }
            break;
        }
        case Formula::share_of_tax: {
            Exact paid;
            std::string how;
            for (const auto& x : nr) paid += Exact(x.tax);
            if (nrw.present) paid += nrw_zone(Exact(nrw.tax));
            if (ci_resident) {
                const Exact part = ci_share(Exact(ci_tax.tax), how);
                paid += part;
                if (why) why->add("comprehensive tax paid in the zone", part.str(), ci_tax.tax.str() + " " + how);
            }
            if (bi_covered) {
                const Exact part = bi_share(Exact(bi_tax.tax), how);
                paid += part;
                if (why) why->add("business tax paid in the zone", part.str(), bi_tax.tax.str() + " " + how);
            }
            paid += Exact(ts_tax);
            relief = paid * v->share.value;
            if (why) why->add("share of tax paid", relief.str(), paid.str() + " x " + v->share.value.percent(), v->share.source.cite());
            break;
        }
        case Formula::above_hong_kong:
        case Formula::above_macao: {
            const bool hk = v->formula == Formula::above_hong_kong;
            if (!c.fx_rate)
                throw InputError("fx_rate", "None",
                                 std::string("regime ") + g.id + " compares with the " + (hk ? "Hong Kong" : "Macao") + " tax burden: give fx_rate (" +
                                     (hk ? "HKD" : "MOP") + " per CNY) for the conversion");
            const Rate fx = *c.fx_rate;
            std::string how;
            Exact iit;
            for (const auto& x : nr) iit += Exact(x.tax);
            if (nrw.present) iit += nrw_zone(Exact(nrw.tax));
            if (ci_resident) {
                const Exact part = ci_share(Exact(ci_tax.tax), how);
                iit += part;
                if (why) why->add("IIT on zone comprehensive income", part.str(), ci_tax.tax.str() + " " + how);
            }
            if (bi_covered) {
                const Exact part = bi_share(Exact(bi_tax.tax), how);
                iit += part;
                if (why) why->add("IIT on zone business income", part.str(), bi_tax.tax.str() + " " + how);
            }
            iit += Exact(ts_tax);
            const Money base_cny = zone_covered.wages + zone_covered.labour + zone_covered.author + zone_covered.royalties + zone_bi +
                                   (ts_covered ? c.talent_subsidy : Money());
            const Exact base_foreign = Exact(base_cny) * fx;
            Exact burden_foreign;
            Explanation sub;
            if (hk) {
                const HongKongYear& hy = tables.hong_kong(year);  // calendar year Y -> year of assessment Y/Y+1
                if (why)
                    why->note("Hong Kong year of assessment " + hy.label() + " is used for tax year " + std::to_string(year) +
                              " (the one covering April-December of it; an assumption, UNCONFIRMED)");
                auto res = hong_kong_salaries_tax(hy, base_foreign, c.mpf_contributions, v->foreign_burden.one_off_reduction, explain);
                burden_foreign = res.tax;
                r.unconfirmed = r.unconfirmed || hy.unconfirmed;
                if (why) sub = std::move(res.explanation);
            } else {
                const MacaoYear& my = tables.macao(year);
                auto res = macao_professional_tax(my, base_foreign, v->foreign_burden.budget_reduction, explain);
                burden_foreign = res.tax;
                r.unconfirmed = r.unconfirmed || my.unconfirmed;
                if (why) sub = std::move(res.explanation);
            }
            // back to yuan: burden / fx
            const Exact burden = burden_foreign.scaled(fx.den(), fx.num());
            const Exact d = iit - burden;
            relief = max(d, Exact());
            r.unconfirmed = r.unconfirmed || v->foreign_burden.unconfirmed;
            if (why) {
                why->add("zone income for the foreign burden", base_cny.str(), "zone gross receipts of covered items + zone business taxable income + talent subsidy, yuan");
                why->add("converted", base_foreign.str(), base_cny.str() + " x " + fx.str() + (hk ? " HKD" : " MOP") + " per CNY (fx_rate, given)");
                why->append(sub, hk ? "Hong Kong" : "Macao");
                why->add(std::string(hk ? "Hong Kong" : "Macao") + " burden in yuan", burden.str(), burden_foreign.str() + " / " + fx.str(), v->foreign_burden.source.cite());
                why->add("IIT above the foreign burden", d.str(), iit.str() + " - " + burden.str() + (d.is_negative() ? " (negative: no relief)" : ""));
                if (v->foreign_burden.unconfirmed) why->note("UNCONFIRMED foreign-burden method: " + v->foreign_burden.note);
            }
            break;
        }
    }
    r.relief_before_cap = relief;
    if (v->cap && Exact(v->cap->value) < relief) {
        relief = Exact(v->cap->value);
        r.capped = true;
    }
    r.amount = round_half_up(relief);
    if (r.amount > r.tax) r.amount = r.tax;  // never above the tax (guard; the formulas already ensure it)
    if (why) {
        if (v->cap)
            why->add("cap", v->cap->value.str(), r.capped ? "relief capped at " + v->cap->value.str() + " per taxpayer per year" : "not reached", v->cap->source.cite());
        why->add(std::string("relief (") + mechanism_name(v->mechanism) + ")", r.amount.str(), "rounded half-up to the fen");
        why->add("how it reaches the person", mechanism_name(v->mechanism), v->reaches);
        if (v->unconfirmed) why->note("UNCONFIRMED reading of this version: " + v->note);
        if (!g.enacted) why->note("NOT LAW: this figure is a what-if estimate under the assumptions above");
    }
    return r;
}
}  // namespace detail

/// The relief of `regime` for one taxpayer-year. InputError for an unknown regime or bad input
/// (including a missing fx_rate for a foreign-burden regime); CoverageError for a year no tax
/// table covers or a foreign benchmark year not in the tables. A year outside the regime's
/// period is not an error: the result is not eligible, code "period.outside".
inline TalentReliefResult talent_relief(const Tables& tables, const std::string& regime_id, int year, const TalentCase& c,
                                        bool explain = false) {
    return detail::talent_relief_impl(tables, regime_id, year, c, explain, false);
}

}  // namespace libtax
