// libtax/regimes/relief.hpp - the relief a talent regime gives one taxpayer-year: eligibility
// rule by rule, then the relief by the version's formula (tax above 15% of taxable income, above
// the Hong Kong or Macao burden, or a share of the tax paid), pro-rated to the zone, capped.
//
//   relief = min(cap, formula(tax basis) x zone share)           rounded half-up to the fen
//   above_rate:      tax - taxable income x rate                (never below 0), per item
//   share_of_tax:    tax paid in the zone x share
//   above HK/Macao:  IIT on zone income - HK/Macao tax on it (converted at fx_rate)
//
// Entry point: talent_relief(tables, regime id, year, case, trace). The steps, each a short
// function below: eligibility, tax basis (the IIT on the covered items; non-residents through
// foreign/nonresident_tax.hpp), pro-ration to the zone, relief formula, cap, delivery. Without a
// trace no text is formatted (batch runs); rule outcomes still carry their fixed codes.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "libtax/business/business_tax.hpp"
#include "libtax/comprehensive/annual_bonus.hpp"
#include "libtax/comprehensive/annual_tax.hpp"
#include "libtax/foreign/nonresident_tax.hpp"
#include "libtax/hk_macao/hong_kong_salaries_tax.hpp"
#include "libtax/hk_macao/macao_professional_tax.hpp"
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
    bool projected = false;         ///< a Hong Kong / Macao table was carried forward to a year without one (a projection, not law)
    const RegimeVersion* version = nullptr;  ///< the version applied (null when out of period)
    Explanation explanation;        ///< English rendering of a trace, when a caller put it there (explained in core/render.hpp)
    std::vector<std::string> reasons;  ///< readable reasons in English (only when traced)
    std::vector<ReasonMessage> reason_messages;  ///< the same reasons as message ids, for any language
};

/// An annual one-time bonus the person has taxed apart from comprehensive income (Caishui [2018]
/// 164 art. 1(1); MOF/STA 2023 No. 30 art. 1; residents only). It counts towards the zone's
/// income tests; the relief reaches its tax only where the regime's table says
/// (`separate_bonus.relieved`). A bonus merged instead is simply part of the case's wages.
/// compare_regimes (CompareOptions::bonus) tries both treatments.
struct SeparateBonus {
    Money amount;
    std::optional<Money> zone;  ///< its part from the zone (empty: all of it)

    Money zone_part() const { return zone ? *zone : amount; }
    void validate(const TalentCase& c) const {
        require_non_negative(amount, "bonus");
        if (zone) {
            require_non_negative(*zone, "zone_bonus");
            if (*zone > amount) throw InputError("zone_bonus", zone->str(), "exceeds the bonus (" + amount.str() + ")");
        }
        if (!c.resident && !amount.is_zero())
            throw NotAvailableError("bonus", amount.str(),
                                    "separate taxation of an annual one-time bonus is for resident individuals (Caishui [2018] 164 art. 1(1)); "
                                    "a non-resident's bonus follows MOF/STA 2019 No. 35 art. 2(3), not modelled");
    }
};

/// How a relief is computed beyond the case: a separately taxed bonus, and whether a year with
/// no published Hong Kong / Macao table may carry the latest one forward (a labelled projection).
struct ReliefOptions {
    SeparateBonus bonus;
    bool projection = false;
};

namespace relief {

/// x * (part / whole); zero when whole is zero. All of it from the zone (part == whole, the
/// usual case) is x itself: the same reduced fraction, without the 128-bit gcd of x * 1.
inline Exact prorate(const Exact& x, const Exact& part, const Exact& whole) {
    if (whole.is_zero()) return Exact();
    if (part == whole) return x;  // Exact values are reduced, so equal values compare equal
    return x.scaled(detail::mul(part.num(), whole.den()), detail::mul(part.den(), whole.num()));
}

/// A non-resident's item taxed per payment on the monthly table (IIT Law art. 6(1)(2)).
struct NonresidentItem {
    const char* message;  ///< payment.labour, payment.author, payment.royalties
    Money gross;
    NonresidentTax tax;
};

/// The IIT on the items the version covers, and the figures the pro-ration reads.
struct TaxBasis {
    const TaxYear* year = nullptr;
    bool ci_covered = false, ci_resident = false, bi_covered = false, ts_covered = false;
    AnnualTaxResult ci_tax;            ///< residents' comprehensive income (whole China)
    Exact amt_total, amt_zone;         ///< income amounts, all and the zone's covered items
    ComprehensiveReceipts zone_covered;
    BusinessTaxResult bi_tax;
    Money zone_bi;
    const Sourced<Rate>* incidental = nullptr;  ///< flat rate on the talent-programme subsidy (the year's; not copied)
    Money ts_tax;
    std::vector<NonresidentItem> nr;   ///< non-resident labour, author's, royalties from the zone
    bool nrw_present = false;          ///< non-resident wages (Hainan formula 3)
    int wage_months = 0;
    NonresidentTax nrw_month;          ///< one month of the wages (equal months)
    std::vector<NonresidentTax> nrw_months;  ///< each month's tax (TalentCase::months)
    Exact nrw_zone_tax;                ///< months: sum of each month's tax x its zone share
    Money nrw_tax;                     ///< the months' tax
    Exact nrw_taxable;                 ///< the months' taxable income
    bool sb_present = false;           ///< an annual bonus taxed separately (TalentCase::separate_bonus)
    bool sb_relieved = false;          ///< the regime's table relieves it (Regime::separate_bonus)
    const SeparateBonusRule* sb_rule = nullptr;
    SeparateBonus sb_in;               ///< the bonus as given
    bool projection = false;           ///< ReliefOptions::projection
    BonusTaxResult sb;                 ///< its tax (Caishui [2018] 164 art. 1(1))
    Trace ci_trace, bi_trace;          ///< the parts' steps (filled only when tracing)
};

// --- step 1: eligibility -----------------------------------------------------------------------

/// The city must be one of the regime's (or none).
inline void check_city(const Regime& g, const TalentCase& c) {
    if (c.city.empty() || g.has_city(c.city)) return;
    std::string have;
    for (const auto& x : g.cities) have += (have.empty() ? "" : ", ") + x;
    throw InputError("city", "'" + c.city + "'",
                     g.cities.empty() ? "regime " + g.id + " has no city rules" : "not a city of regime " + g.id + " (cities: " + have + ")");
}

/// Out of period: not eligible, with the reason.
inline void outside_period(const Regime& g, int year, TalentReliefResult& r, Trace* trace) {
    r.code = "period.outside";
    r.kind = g.nearest_version(year).mechanism;  // an exemption regime stays an exemption outside its period
    if (!trace) return;
    const TraceText periods = detail::in_en_and_zh([&](const Catalogue& cat) {
        std::string list;
        for (const auto& x : g.versions)
            list += (list.empty() ? "" : cat.format("common.list_separator")) + cat.format("common.text", {{"text", x.period.text()}});
        return list;
    });
    ReasonMessage why{"relief.outside_period", {{"year", std::to_string(year)}, {"periods", periods}}};
    r.reasons.push_back(why.render(Catalogue::builtin("en")));
    trace->step("relief.eligible", message_id("common.no"), why.id, why.args);
    r.reason_messages.push_back(std::move(why));
}

/// Eligible when every outcome passed; the first failure names the code.
inline void tally_rules(TalentReliefResult& r) {
    r.eligible = true;
    r.code = "ok";
    for (const auto& o : r.rules) {
        if (!o.passed && r.eligible) {
            r.eligible = false;
            r.code = o.code;
        }
        r.unconfirmed = r.unconfirmed || o.unconfirmed;
    }
}

inline void trace_rules(const Regime& g, const RegimeVersion& v, const TalentCase& c, TalentReliefResult& r, Trace* trace) {
    // the documents by their numbers, each in its language (Chinese through the cited-document registry)
    const TraceText basis = detail::in_en_and_zh([&](const Catalogue& cat) {
        std::string list;
        for (std::size_t i = 0; i < v.basis.size(); ++i) {
            LegalSource doc;
            doc.document = v.basis[i];
            if (i < v.basis_ids.size()) doc.doc_id = v.basis_ids[i];
            list += (list.empty() ? "" : cat.format("relief.basis_separator")) + cite(doc, cat.language());
        }
        return list;
    });
    trace->step("relief.version", v.period.text(), "relief.version.formula", {{"basis", basis}}, v.source);
    trace->step("relief.area", bilingual(v.area, v.area_zh));
    for (const auto& o : r.rules) {
        r.reasons.push_back(o.reason);
        r.reason_messages.push_back(o.message);
        trace->step("relief.rule", message_id(o.passed ? "relief.passed" : "relief.failed"), o.message.id, o.message.args);
    }
    if (!c.city.empty()) trace->note("relief.city", {{"city", detail::city_text(c.city)}});
    else if (!g.cities.empty()) trace->note("relief.no_city");
    trace->step("relief.eligible", message_id(r.eligible ? "common.yes" : "common.no"));
}

/// The rules of the version, in table order; the first failure names the code.
inline void check_rules(const Regime& g, const RegimeVersion& v, int year, const TalentCase& c, const TaxBasis& b,
                        TalentReliefResult& r, Trace* trace) {
    EligibilityFigures fig;
    const ComprehensiveReceipts z = c.zone_income();
    // a bonus taxed separately is still income of the year from the zone
    const SeparateBonus& sb = b.sb_in;
    fig.zone_gross_income = z.wages + z.labour + z.author + z.royalties + c.zone_business() + sb.zone_part();
    fig.taxable_income = b.ci_tax.taxable_income + Exact(c.business_taxable_income) + Exact(b.sb_present ? sb.amount : Money());
    r.rules = check_eligibility(v, year, c, fig, trace != nullptr);
    tally_rules(r);
    if (!trace) return;
    trace_rules(g, v, c, r, trace);
}


// --- step 2: the tax basis ---------------------------------------------------------------------

/// The zone's receipts of the items the version covers.
inline ComprehensiveReceipts zone_covered_receipts(const RegimeVersion& v, const TalentCase& c) {
    ComprehensiveReceipts z = c.zone_income();
    if (!v.covers(Item::wages)) z.wages = Money();
    if (!v.covers(Item::labour)) z.labour = Money();
    if (!v.covers(Item::author)) z.author = Money();
    if (!v.covers(Item::royalties)) z.royalties = Money();
    return z;
}

/// Non-residents: the zone's labour, author's remuneration and royalties, each taxed as one
/// payment on the monthly table (Hainan formula 4 compares the zone's payments alone).
inline void nonresident_items(const TaxYear& t, TaxBasis& b) {
    const ComprehensiveReceipts& z = b.zone_covered;
    const std::pair<NonresidentPayment, Money> parts[] = {
        {NonresidentPayment::labour, z.labour}, {NonresidentPayment::author, z.author}, {NonresidentPayment::royalty, z.royalties}};
    for (const auto& [kind, gross] : parts)
        if (!gross.is_zero()) b.nr.push_back({payment_message(kind), gross, nonresident_payment_tax(t, kind, gross)});
}

/// Non-resident wages (Hainan formula 3): received over `wage_months` equal months, each
/// taxed alone on the monthly table.
inline void nonresident_wages(const TaxYear& t, const TalentCase& c, TaxBasis& b) {
    b.nrw_present = true;
    if (!c.months.empty()) {  // each month on its own figures
        b.wage_months = static_cast<int>(c.months.size());
        for (const auto& m : c.months) {
            NonresidentTax x = nonresident_wage_tax(t, Exact(m.wage));
            b.nrw_tax += x.tax;
            b.nrw_taxable += x.taxable;
            b.nrw_zone_tax += prorate(Exact(x.tax), Exact(m.zone()), Exact(m.wage));
            b.nrw_months.push_back(std::move(x));
        }
        return;
    }
    b.wage_months = *c.wage_months;
    b.nrw_month = nonresident_wage_tax(t, Exact(c.income.wages).scaled(1, b.wage_months));
    b.nrw_tax = b.nrw_month.tax * b.wage_months;
    b.nrw_taxable = b.nrw_month.taxable * b.wage_months;
}

/// The IIT on the covered items; the parts' steps are kept apart until the basis is shown.
inline TaxBasis tax_basis(const TaxYear& t, const Regime& g, const RegimeVersion& v, const TalentCase& c, const SeparateBonus& sb,
                          bool tracing) {
    TaxBasis b;
    b.sb_in = sb;
    if (!sb.amount.is_zero()) {  // NotAvailableError outside the separate-taxation window
        b.sb_present = true;
        b.sb_rule = &g.separate_bonus;
        b.sb_relieved = g.separate_bonus.relieved;
        b.sb = bonus_tax(t, sb.amount);
    }
    b.year = &t;
    b.ci_covered = v.covers(Item::wages) || v.covers(Item::labour) || v.covers(Item::author) || v.covers(Item::royalties);
    b.ci_resident = b.ci_covered && c.resident;
    ComprehensiveIncome ci;
    ci.receipts = c.income;
    ci.social_insurance = c.social_insurance;
    ci.special_additional = c.special_additional;
    ci.other_deductions = c.other_deductions;
    b.ci_tax = annual_tax(t, ci, tracing ? &b.ci_trace : nullptr);
    b.amt_total = b.ci_tax.income_amount;  // income_amount(t, c.income).total, already computed
    b.zone_covered = zone_covered_receipts(v, c);
    const ComprehensiveReceipts& z = b.zone_covered;
    const bool all = z.wages == c.income.wages && z.labour == c.income.labour && z.author == c.income.author && z.royalties == c.income.royalties;
    b.amt_zone = all ? b.amt_total : income_amount(t, z).total;  // all of it covered and from the zone: the same amount
    b.bi_covered = v.covers(Item::business);
    b.bi_tax = business_tax(t, c.business_taxable_income, tracing ? &b.bi_trace : nullptr);
    b.zone_bi = b.bi_covered ? c.zone_business() : Money();
    b.ts_covered = v.covers(Item::talent_subsidy) && !c.talent_subsidy.is_zero();
    b.incidental = &t.rules().incidental_rate;
    b.ts_tax = b.ts_covered ? round_half_up(Exact(c.talent_subsidy) * b.incidental->value) : Money();
    return b;
}

/// The non-resident limbs, once the person is eligible (they need wage_months).
inline void nonresident_basis(const TaxYear& t, const RegimeVersion& v, const TalentCase& c, TaxBasis& b) {
    if (c.resident) return;
    if (v.covers(Item::wages) && !c.income.wages.is_zero() && !c.wage_months && c.months.empty())
        throw InputError("wage_months", "None",
                         "a non-resident's wages are taxed month by month: give each month's wages (months=[...]) or the number "
                         "of months they were received over (taken as equal monthly amounts, Hainan formula 3)");
    if (b.ci_covered) nonresident_items(t, b);
    if (v.covers(Item::wages) && !c.income.wages.is_zero()) nonresident_wages(t, c, b);
}

/// IIT on the covered items for the whole year and the whole of China.
inline Money covered_tax(const TaxBasis& b) {
    Money tax;
    if (b.ci_resident) tax += b.ci_tax.tax;
    for (const auto& x : b.nr) tax += x.tax.tax;
    if (b.nrw_present) tax += b.nrw_tax;
    if (b.bi_covered) tax += b.bi_tax.tax;
    if (b.sb_relieved) tax += b.sb.tax;
    return tax + b.ts_tax;
}

inline void trace_basis(const TaxBasis& b, const TalentCase& c, Trace& trace) {
    const BracketSchedule& monthly = b.year->comprehensive_monthly();
    if (b.ci_resident && !b.ci_tax.tax.is_zero()) trace.append(b.ci_trace, "relief.part.comprehensive");
    for (const auto& x : b.nr) {
        TraceArgs args = monthly.describe_args(x.tax.bracket);
        args.push_back({"item", message_id(x.message)});
        args.push_back({"gross", x.gross.str()});
        args.push_back({"taxable", x.tax.taxable.str()});
        args.push_back({"bracket", message_id(monthly.describe_id(x.tax.bracket))});
        trace.step("relief.nonresident_item", x.tax.tax.str(), "relief.nonresident_item.formula", std::move(args),
                   monthly.source_of(x.tax.bracket));
    }
    if (b.nrw_present && !b.nrw_months.empty()) {
        trace.step("relief.nonresident_wages", b.nrw_tax.str(), "relief.nonresident_wages.months",
                   {{"months", std::to_string(b.nrw_months.size())}, {"taxable", b.nrw_taxable.str()}});
    } else if (b.nrw_present) {
        TraceArgs args = monthly.describe_args(b.nrw_month.bracket);
        args.push_back({"months", std::to_string(b.wage_months)});
        args.push_back({"monthly", b.nrw_month.income.str()});
        args.push_back({"bracket", message_id(monthly.describe_id(b.nrw_month.bracket))});
        trace.step("relief.nonresident_wages", b.nrw_tax.str(), "relief.nonresident_wages.formula", std::move(args),
                   monthly.source_of(b.nrw_month.bracket));
    }
    if (!b.nr.empty()) trace.note("relief.nonresident_items");
    if (b.bi_covered && !c.business_taxable_income.is_zero()) trace.append(b.bi_trace, "relief.part.business");
    if (b.sb_present) {
        const SeparateBonus& sb = b.sb_in;
        const SeparateBonusRule& rule = *b.sb_rule;
        trace.step("relief.separate_bonus", b.sb.tax.str(),
                   !rule.stated ? "relief.separate_bonus.silent" : rule.relieved ? "relief.separate_bonus.relieved" : "relief.separate_bonus.not_relieved",
                   {{"bonus", sb.amount.str()}}, rule.stated ? &rule.source : nullptr);
        if (rule.unconfirmed) trace.note("relief.separate_bonus_unconfirmed", {{"text", bilingual(rule.note, rule.note_zh)}});
    }
    if (b.ts_covered)
        trace.step("relief.subsidy_tax", b.ts_tax.str(), "relief.subsidy_tax.formula",
                   {{"subsidy", c.talent_subsidy.str()}, {"rate", b.incidental->value.percent()}}, b.incidental->source);
}

// --- step 3: pro-ration to the zone --------------------------------------------------------------

/// A figure of comprehensive income and the zone's part of it.
struct Share {
    Exact part;
    const char* how = "";  ///< message id of the pro-ration
    TraceArgs args;        ///< its figures (filled only when tracing)
};

/// The zone's part `value` of a figure, pro-rated as `how` by part / whole.
inline Share share_of(Exact value, const char* how, const Exact& part, const Exact& whole, bool tracing) {
    Share s;
    s.part = std::move(value);
    s.how = how;
    if (tracing) s.args = {{"part", part.str()}, {"whole", whole.str()}};
    return s;
}

/// Comprehensive income: by the tax paid in the zone, or by the income amount.
inline Share ci_share(const RegimeVersion& v, const TalentCase& c, const TaxBasis& b, const Exact& x, bool tracing) {
    const Exact tax(b.ci_tax.tax);
    if (v.comprehensive_proration == Proration::tax_paid && c.tax_paid_in_zone) {
        if (*c.tax_paid_in_zone > b.ci_tax.tax)
            throw InputError("tax_paid_in_zone", c.tax_paid_in_zone->str(),
                             "exceeds the comprehensive-income tax of the year (" + b.ci_tax.tax.str() + ")");
        return share_of(prorate(x, Exact(*c.tax_paid_in_zone), tax), "relief.share.tax_paid", Exact(*c.tax_paid_in_zone), tax, tracing);
    }
    const char* how = v.comprehensive_proration == Proration::tax_paid ? "relief.share.tax_paid_estimated" : "relief.share.income_amount";
    return share_of(prorate(x, b.amt_zone, b.amt_total), how, b.amt_zone, b.amt_total, tracing);
}

/// Business income: by the tax paid in the zone, or by the taxable income.
inline Share bi_share(const RegimeVersion& v, const TalentCase& c, const TaxBasis& b, const Exact& x, bool tracing) {
    if (v.business_proration == Proration::tax_paid && c.business_tax_paid_in_zone) {
        if (*c.business_tax_paid_in_zone > b.bi_tax.tax)
            throw InputError("business_tax_paid_in_zone", c.business_tax_paid_in_zone->str(),
                             "exceeds the business-income tax of the year (" + b.bi_tax.tax.str() + ")");
        return share_of(prorate(x, Exact(*c.business_tax_paid_in_zone), Exact(b.bi_tax.tax)), "relief.share.tax_paid",
                          Exact(*c.business_tax_paid_in_zone), Exact(b.bi_tax.tax), tracing);
    }
    return share_of(prorate(x, Exact(b.zone_bi), Exact(c.business_taxable_income)), "relief.share.taxable_income", Exact(b.zone_bi),
                      Exact(c.business_taxable_income), tracing);
}

/// Non-resident wages: zone wage income / wage income.
inline Exact nrw_zone(const TaxBasis& b, const TalentCase& c, const Exact& x) {
    return prorate(x, Exact(b.zone_covered.wages), Exact(c.income.wages));
}

/// Records a zone part of a tax: "<step>" = tax x share.
inline void zone_tax_step(const char* step, Share s, Money tax, Trace* trace) {
    if (!trace) return;
    s.args.push_back({"how", message_id(s.how)});
    s.args.push_back({"tax", tax.str()});
    trace->step(step, s.part.str(), "relief.zone_tax.formula", std::move(s.args));
}

/// The zone parts of the comprehensive and business tax (share_of_tax and foreign burden).
inline Exact zone_tax(const RegimeVersion& v, const TalentCase& c, const TaxBasis& b, const char* ci_step, const char* bi_step,
                      Trace* trace) {
    Exact paid;
    for (const auto& x : b.nr) paid += Exact(x.tax.tax);
    if (b.nrw_present) paid += b.nrw_months.empty() ? nrw_zone(b, c, Exact(b.nrw_tax)) : b.nrw_zone_tax;
    if (b.ci_resident) {
        const Share s = ci_share(v, c, b, Exact(b.ci_tax.tax), trace != nullptr);
        paid += s.part;
        zone_tax_step(ci_step, s, b.ci_tax.tax, trace);
    }
    if (b.bi_covered) {
        const Share s = bi_share(v, c, b, Exact(b.bi_tax.tax), trace != nullptr);
        paid += s.part;
        zone_tax_step(bi_step, s, b.bi_tax.tax, trace);
    }
    const SeparateBonus& sb = b.sb_in;
    if (b.sb_relieved) paid += prorate(Exact(b.sb.tax), Exact(sb.zone_part()), Exact(sb.amount));
    return paid + Exact(b.ts_tax);
}

// --- step 4: the relief formula -------------------------------------------------------------------

/// tax - taxable x rate of one item, recorded; never below zero when used.
inline Exact above_rate_item(const char* item, Money tax, const Exact& taxable, const Sourced<Rate>& rate, Trace* trace) {
    const Exact d = Exact(tax) - taxable * rate.value;
    if (trace)
        trace->step("relief.above_rate", d.str(), d.is_negative() ? "relief.above_rate.negative" : "relief.above_rate.formula",
                    {{"item", message_id(item)}, {"rate", rate.value.percent()}, {"tax", tax.str()}, {"taxable", taxable.str()}}, rate.source);
    return d;
}

/// Records a pro-rated part: "<item>: zone part".
inline void zone_part_step(const char* item, const Exact& whole, Share s, Trace* trace) {
    if (!trace) return;
    s.args.push_back({"item", message_id(item)});
    s.args.push_back({"how", message_id(s.how)});
    s.args.push_back({"whole_relief", whole.str()});
    trace->step("relief.zone_part", s.part.str(), "relief.zone_part.formula", std::move(s.args));
}

/// Non-resident wages month by month (Hainan formula 3 on each month's actual figures): each
/// month's tax above the rate of its taxable income, times its zone share, summed over the year
/// with the months below the rate offsetting the others (the year's burden above 15%, Caishui
/// [2020] 32 art. 1); never below zero. The other reading (month by month, no negative month) is
/// recorded beside it. Which one Hainan applies is UNCONFIRMED.
inline Exact nonresident_months_relief(const RegimeVersion& v, const TalentCase& c, const TaxBasis& b, Trace* trace) {
    const BracketSchedule& monthly = b.year->comprehensive_monthly();
    Exact year, by_month;
    for (std::size_t i = 0; i < b.nrw_months.size(); ++i) {
        const NonresidentTax& x = b.nrw_months[i];
        const WageMonth& m = c.months[i];
        const Exact d = Exact(x.tax) - x.taxable * v.rate.value;
        const Exact zd = prorate(d, Exact(m.zone()), Exact(m.wage));
        year += zd;
        if (!zd.is_negative()) by_month += zd;
        if (trace) {
            TraceArgs args = monthly.describe_args(x.bracket);
            args.push_back({"month", std::to_string(i + 1)});
            args.push_back({"wage", m.wage.str()});
            args.push_back({"zone", m.zone().str()});
            args.push_back({"taxable", x.taxable.str()});
            args.push_back({"tax", x.tax.str()});
            args.push_back({"rate", v.rate.value.percent()});
            args.push_back({"bracket", message_id(monthly.describe_id(x.bracket))});
            trace->step("relief.nonresident_month", zd.str(), "relief.nonresident_month.formula", std::move(args), monthly.source_of(x.bracket));
        }
    }
    const Exact pos = max(year, Exact());
    if (trace) {
        trace->step("relief.nonresident_months", pos.str(), year.is_negative() ? "relief.nonresident_months.negative" : "relief.nonresident_months.formula",
                    {{"months", std::to_string(b.nrw_months.size())}, {"tax", b.nrw_tax.str()}, {"taxable", b.nrw_taxable.str()}, {"rate", v.rate.value.percent()}},
                    v.rate.source);
        trace->note("relief.nonresident_months_reading",
                    {{"by_month", round_half_up(by_month).str()}, {"year", round_half_up(pos).str()}, {"rate", v.rate.value.percent()}});
    }
    return pos;
}

/// Tax above the version's rate (15%) of taxable income, item by item, pro-rated to the zone.
inline Exact above_rate_relief(const RegimeVersion& v, const TalentCase& c, const TaxBasis& b, Trace* trace) {
    const bool tracing = trace != nullptr;
    Exact relief;
    if (b.nrw_present && !b.nrw_months.empty()) {
        relief += nonresident_months_relief(v, c, b, trace);
    } else if (b.nrw_present) {
        const Exact pos = max(above_rate_item("relief.item.nonresident_wages", b.nrw_tax, b.nrw_taxable, v.rate, trace), Exact());
        const Share s = share_of(nrw_zone(b, c, pos), "relief.share.wages", Exact(b.zone_covered.wages), Exact(c.income.wages), tracing);
        relief += s.part;
        zone_part_step("relief.item.nonresident_wages", pos, s, trace);
    }
    for (const auto& x : b.nr) relief += max(above_rate_item(x.message, x.tax.tax, x.tax.taxable, v.rate, trace), Exact());
    if (b.ci_resident && !b.ci_tax.tax.is_zero()) {
        const Exact pos = max(above_rate_item("relief.item.comprehensive", b.ci_tax.tax, b.ci_tax.taxable_income, v.rate, trace), Exact());
        const Share s = ci_share(v, c, b, pos, tracing);
        relief += s.part;
        zone_part_step("relief.item.comprehensive", pos, s, trace);
    }
    if (b.bi_covered && !b.bi_tax.tax.is_zero()) {
        const Exact pos = max(above_rate_item("relief.item.business", b.bi_tax.tax, Exact(c.business_taxable_income), v.rate, trace), Exact());
        const Share s = bi_share(v, c, b, pos, tracing);
        relief += s.part;
        zone_part_step("relief.item.business", pos, s, trace);
    }
    const SeparateBonus& sb = b.sb_in;
    if (b.sb_relieved) {  // the bonus as an item of its own: its tax above 15% of it, the zone's part
        const Exact pos = max(above_rate_item("relief.item.separate_bonus", b.sb.tax, Exact(sb.amount), v.rate, trace), Exact());
        const Share s = share_of(prorate(pos, Exact(sb.zone_part()), Exact(sb.amount)), "relief.share.bonus", Exact(sb.zone_part()),
                                 Exact(sb.amount), tracing);
        relief += s.part;
        zone_part_step("relief.item.separate_bonus", pos, s, trace);
    }
    if (b.ts_covered) {
        const Exact d = max(Exact(b.ts_tax) - Exact(c.talent_subsidy) * v.rate.value, Exact());
        relief += d;
        if (trace)
            trace->step("relief.above_rate", d.str(), "relief.above_rate.formula",
                        {{"item", message_id("relief.item.subsidy")}, {"rate", v.rate.value.percent()}, {"tax", b.ts_tax.str()},
                         {"taxable", c.talent_subsidy.str()}});
    }
    return relief;
}

/// A share of the tax paid in the zone (Pingtan).
inline Exact share_of_tax_relief(const RegimeVersion& v, const TalentCase& c, const TaxBasis& b, Trace* trace) {
    const Exact paid = zone_tax(v, c, b, "relief.ci_paid_in_zone", "relief.bi_paid_in_zone", trace);
    const Exact relief = paid * v.share.value;
    if (trace)
        trace->step("relief.share_of_tax", relief.str(), "relief.share_of_tax.formula", {{"paid", paid.str()}, {"share", v.share.value.percent()}},
                    v.share.source);
    return relief;
}

/// The table of `year` (the lookup `get`), or with `projection` the latest one before it, up to
/// 30 years back; the CoverageError of the missing year when there is none or no projection.
template <class T, class Get>
const T& benchmark_table(int year, bool projection, bool& projected, Get&& get) {
    try {
        return get(year);
    } catch (const CoverageError&) {
        if (!projection) throw;
        for (int y = year - 1; y >= year - 30; --y) try {
            const T& latest = get(y);
            projected = true;
            return latest;
        } catch (const CoverageError&) {
        }
        throw;
    }
}

/// Records that a table was carried forward: a projection, not law.
inline void projection_note(TalentReliefResult& r, const char* place, const std::string& missing, const std::string& used, Trace* trace) {
    r.projected = true;
    r.unconfirmed = true;
    if (trace) trace->note("relief.projection", {{"place", message_id(place)}, {"missing", missing}, {"used", used}});
}

/// The Hong Kong or Macao tax on the zone income (in that currency), its steps under `part`.
inline Exact foreign_burden(const Tables& tables, const RegimeVersion& v, int year, const TalentCase& c, bool hk, const Exact& base,
                            bool projection, TalentReliefResult& r, Trace* trace) {
    TraceScope part(trace, hk ? "relief.part.hong_kong" : "relief.part.macao");
    bool projected = false;
    if (hk) {
        // calendar year Y -> year of assessment Y/Y+1
        const HongKongYear& hy = benchmark_table<HongKongYear>(year, projection, projected, [&](int y) -> const HongKongYear& { return tables.hong_kong(y); });
        if (projected) {
            const int next = (year + 1) % 100;
            projection_note(r, "relief.place.hong_kong", std::to_string(year) + "/" + (next < 10 ? "0" : "") + std::to_string(next), hy.label(), trace);
        }
        if (trace) trace->note("relief.hong_kong_year", {{"label", hy.label()}, {"year", std::to_string(year)}});
        r.unconfirmed = r.unconfirmed || hy.unconfirmed;
        return hong_kong_salaries_tax(hy, base, c.mpf_contributions, v.foreign_burden.one_off_reduction, trace).tax;
    }
    const MacaoYear& my = benchmark_table<MacaoYear>(year, projection, projected, [&](int y) -> const MacaoYear& { return tables.macao(y); });
    if (projected) projection_note(r, "relief.place.macao", std::to_string(year), std::to_string(my.year), trace);
    r.unconfirmed = r.unconfirmed || my.unconfirmed;
    return macao_professional_tax(my, base, v.foreign_burden.budget_reduction, trace).tax;
}

/// IIT on the zone income above the Hong Kong or Macao burden on it (GBA, Hengqin).
inline Exact above_foreign_relief(const Tables& tables, const Regime& g, const RegimeVersion& v, int year, const TalentCase& c,
                                  const TaxBasis& b, TalentReliefResult& r, Trace* trace) {
    const bool hk = v.formula == Formula::above_hong_kong;
    if (!c.fx_rate)
        throw InputError("fx_rate", "None",
                         std::string("regime ") + g.id + " compares with the " + (hk ? "Hong Kong" : "Macao") + " tax burden: give fx_rate (" +
                             (hk ? "HKD" : "MOP") + " per CNY) for the conversion");
    const Rate fx = *c.fx_rate;
    const Exact iit = zone_tax(v, c, b, "relief.ci_iit_zone", "relief.bi_iit_zone", trace);
    const ComprehensiveReceipts& z = b.zone_covered;
    const Money base_cny = z.wages + z.labour + z.author + z.royalties + b.zone_bi + (b.ts_covered ? c.talent_subsidy : Money());
    const Exact base_foreign = Exact(base_cny) * fx;
    const char* currency = hk ? "relief.currency.hkd" : "relief.currency.mop";
    const char* place = hk ? "relief.place.hong_kong" : "relief.place.macao";
    if (trace) {
        trace->step("relief.foreign_base", base_cny.str(), "relief.foreign_base.formula");
        trace->step("relief.converted", base_foreign.str(), "relief.converted.formula",
                    {{"base", base_cny.str()}, {"fx", fx.str()}, {"currency", message_id(currency)}});
    }
    const Exact burden_foreign = foreign_burden(tables, v, year, c, hk, base_foreign, b.projection, r, trace);
    const Exact burden = burden_foreign.scaled(fx.den(), fx.num());  // back to yuan: burden / fx
    const Exact d = iit - burden;
    r.unconfirmed = r.unconfirmed || v.foreign_burden.unconfirmed;
    if (trace) {
        trace->step("relief.burden", burden.str(), "relief.burden.formula",
                    {{"place", message_id(place)}, {"foreign", burden_foreign.str()}, {"fx", fx.str()}}, v.foreign_burden.source);
        trace->step("relief.above_burden", d.str(), d.is_negative() ? "relief.above_burden.negative" : "relief.above_burden.formula",
                    {{"iit", iit.str()}, {"burden", burden.str()}});
        if (v.foreign_burden.unconfirmed) trace->note("relief.burden_unconfirmed", {{"text", bilingual(v.foreign_burden.note, v.foreign_burden.note_zh)}});
    }
    return max(d, Exact());
}

inline Exact relief_formula(const Tables& tables, const Regime& g, const RegimeVersion& v, int year, const TalentCase& c,
                            const TaxBasis& b, TalentReliefResult& r, Trace* trace) {
    switch (v.formula) {
        case Formula::above_rate: return above_rate_relief(v, c, b, trace);
        case Formula::share_of_tax: return share_of_tax_relief(v, c, b, trace);
        case Formula::above_hong_kong:
        case Formula::above_macao: return above_foreign_relief(tables, g, v, year, c, b, r, trace);
    }
    return Exact();
}

// --- steps 5 and 6: cap and delivery ---------------------------------------------------------------

/// At most the version's cap per taxpayer per year; rounded; never above the tax.
inline void apply_cap(const RegimeVersion& v, Exact relief, TalentReliefResult& r, Trace* trace) {
    r.relief_before_cap = relief;
    if (v.cap && Exact(v.cap->value) < relief) {
        relief = Exact(v.cap->value);
        r.capped = true;
    }
    r.amount = round_half_up(relief);
    if (r.amount > r.tax) r.amount = r.tax;  // never above the tax (guard; the formulas already ensure it)
    if (trace && v.cap)
        trace->step("relief.cap", v.cap->value.str(), r.capped ? "relief.cap.reached" : "relief.cap.not_reached", {{"cap", v.cap->value.str()}},
                    v.cap->source);
}

/// How the relief reaches the person (subsidy or exemption), and the remaining notes.
inline void delivery(const Regime& g, const RegimeVersion& v, const TalentReliefResult& r, Trace* trace) {
    if (!trace) return;
    const char* mechanism = v.mechanism == Mechanism::subsidy ? "relief.mechanism.subsidy" : "relief.mechanism.exemption";
    trace->step("relief.amount", r.amount.str(), "relief.amount.formula", {{"mechanism", message_id(mechanism)}});
    trace->step("relief.reaches", message_id(mechanism), "common.text", {{"text", bilingual(v.reaches, v.reaches_zh)}});
    if (v.unconfirmed) trace->note("relief.version_unconfirmed", {{"text", bilingual(v.note, v.note_zh)}});
    if (!g.enacted) trace->note("relief.what_if_figure");
}

// --- the integer path (no trace) ---------------------------------------------------------------

/// Whether the relief of `c` under `v` can take the integer path: a resident with all of the
/// income from the zone, an above_rate version covering all four comprehensive items or none,
/// shares and rate with factors below 2^31. The path computes the same rational numbers as the
/// steps above over one common denominator D = d x q (d the income-amount shares' denominator,
/// q the rate's): comprehensive income tax T and taxable income n / d as annual_tax computes
/// them; business tax B on the business taxable income b; the subsidy's tax S on s;
/// relief x D = max(T d q - n p, 0) + d max(B q - b p, 0) + d max(S q - s p, 0) (rate p / q), each
/// term below 2^119 (amounts < 2^57 fen, factors < 2^31), so 128-bit integers hold the sum;
/// then the cap (cap x D), the one rounding rule (core/rounding.hpp) on relief / D, and at most
/// the tax. (Pro-ration is the identity here: the zone's covered income is all of it.)
inline bool integer_path(const RegimeVersion& v, const TaxYear& t, const TalentCase& c) {
    constexpr std::int64_t limit = std::int64_t{1} << 31;
    const int ci_items = v.covers(Item::wages) + v.covers(Item::labour) + v.covers(Item::author) + v.covers(Item::royalties);
    return v.formula == Formula::above_rate && (ci_items == 0 || ci_items == 4) && t.rules().income.d != 0 && v.rate.value.den() < limit &&
           v.rate.value.num() < limit && c.resident && !c.zone_wages && !c.zone_labour && !c.zone_author && !c.zone_royalties &&
           !c.zone_business_taxable_income && !c.tax_paid_in_zone && !c.business_tax_paid_in_zone;
}

/// The divisors of the integer path's two roundings (the bracket tax and the relief), resolved
/// once for many rows (ReliefRows): each a HalfUpDivisor (core/rounding.hpp), exact for
/// numerators below 2^53, so a row whose numerator is smaller divides by a reciprocal and any
/// other row by round_half_up itself. Whole-fen rows (d = 1) and rows with an income amount
/// over the shares' denominator d use separate sets.
struct RowDivisors {
    static constexpr int kMax = 12;  // brackets kept (a longer schedule uses round_half_up)
    bool usable = false;
    HalfUpDivisor bracket[2][kMax];  // [d == 1 ? 0 : 1][bracket]: d x rate denominator
    HalfUpDivisor relief[2];         // d x q (the version's rate p / q)
    std::int64_t bracket_den[2][kMax] = {}, relief_den[2] = {};
    RowDivisors() = default;
    RowDivisors(const TaxYear& t, const RegimeVersion& v) {
        const auto& bs = t.comprehensive_annual().kernel().brackets();
        const std::int64_t d = t.rules().income.d, q = v.rate.value.den();
        constexpr std::int64_t limit = std::int64_t{1} << 31;
        if (bs.size() > static_cast<std::size_t>(kMax) || d <= 0 || d >= limit || q <= 0 || q >= limit) return;
        const std::int64_t ds[2] = {1, d};
        for (int k = 0; k < 2; ++k) {
            for (std::size_t i = 0; i < bs.size(); ++i) {
                if (bs[i].rate_den <= 0 || bs[i].rate_den >= limit) return;
                bracket_den[k][i] = ds[k] * bs[i].rate_den;
                if (bracket_den[k][i] >= 2) bracket[k][i] = HalfUpDivisor(static_cast<std::uint64_t>(bracket_den[k][i]));
            }
            relief_den[k] = ds[k] * q;
            if (relief_den[k] >= 2) relief[k] = HalfUpDivisor(static_cast<std::uint64_t>(relief_den[k]));
        }
        usable = true;
    }
    /// num / den rounded half up (num >= 0), by the reciprocal when `div` divides by den and
    /// num < 2^53, else by round_half_up. (A divisor below 2 is left at the default q = 2, which
    /// matches no such den: those rows take round_half_up.)
    static Money rounded(detail::int128 num, detail::int128 den, const HalfUpDivisor* div) {
        if (div && num >= 0 && num < (detail::int128{1} << 53) && static_cast<detail::int128>(div->q) == den)
            return Money::fen(static_cast<std::int64_t>(div->round_half_up(static_cast<std::uint64_t>(num))));
        return round_half_up(num, den);
    }
};

/// The comprehensive income of the integer path: income amount n / d, taxable income, tax
/// (as detail::annual_tax_integer), and the figures the eligibility rules read.
struct IntegerBasis {
    detail::int128 d = 1, taxable = 0;
    Money ci_tax;
    EligibilityFigures fig;
};

inline IntegerBasis integer_basis(const TaxYear& t, const TalentCase& c, const RowDivisors* div = nullptr) {
    using detail::int128;
    IntegerBasis b;
    const ComprehensiveReceipts& g = c.income;
    const IncomeShares& sh = t.rules().income;
    int128 n = g.wages.fen();
    if (!g.labour.is_zero() || !g.royalties.is_zero() || !g.author.is_zero()) {
        b.d = sh.d;
        n = n * b.d + int128{g.labour.fen()} * sh.kl + int128{g.royalties.fen()} * sh.kr + int128{g.author.fen()} * sh.ka;
    }
    const int128 deductions = int128{t.rules().basic_annual.value.fen()} + c.social_insurance.fen() + c.special_additional.fen() + c.other_deductions.fen();
    const int128 raw = n - deductions * b.d;
    b.taxable = raw > 0 ? raw : 0;
    if (raw > 0) {
        const KernelHit h = t.comprehensive_annual().kernel().apply(raw, b.d);
        if (div && div->usable && h.index < RowDivisors::kMax && h.num > 0)  // the same rounding by a reciprocal
            b.ci_tax = RowDivisors::rounded(h.num, h.den, &div->bracket[b.d == 1 ? 0 : 1][h.index]);
        else
            b.ci_tax = h.rounded();
    }
    // as check_rules: zone gross receipts (all of it from the zone) and taxable income
    b.fig.zone_gross_income = g.wages + g.labour + g.author + g.royalties + c.business_taxable_income;
    b.fig.taxable_income = Exact::fen_fraction(b.taxable, b.d) + Exact(c.business_taxable_income);
    return b;
}

/// The covered tax and the relief of the integer path (see integer_path), into r; the relief
/// before the cap as a reduced Exact (a 128-bit gcd) only when `before_cap` is asked for.
inline void integer_relief(const TaxYear& t, const RegimeVersion& v, const TalentCase& c, const IntegerBasis& ib, TalentReliefResult& r,
                           bool before_cap = true, const RowDivisors* div = nullptr) {
    using detail::int128;
    const bool ci = v.covers(Item::wages), bi = v.covers(Item::business);
    const std::int64_t p = v.rate.value.num(), q = v.rate.value.den();
    const Money b = c.business_taxable_income, s = c.talent_subsidy;
    const Money bi_tax = bi ? t.business_annual().kernel().apply(b.fen(), 1).rounded() : Money();
    const bool ts = v.covers(Item::talent_subsidy) && !s.is_zero();
    const Money ts_tax = ts ? round_half_up(Exact(s) * t.rules().incidental_rate.value) : Money();
    Money covered;  // as covered_tax
    if (ci) covered += ib.ci_tax;
    if (bi) covered += bi_tax;
    r.tax = covered + ts_tax;
    const int128 d = ib.d;
    int128 relief = 0;
    if (ci && !ib.ci_tax.is_zero()) relief += std::max<int128>(int128{ib.ci_tax.fen()} * d * q - ib.taxable * p, 0);
    if (bi && !bi_tax.is_zero()) relief += d * std::max<int128>(int128{bi_tax.fen()} * q - int128{b.fen()} * p, 0);
    if (ts) relief += d * std::max<int128>(int128{ts_tax.fen()} * q - int128{s.fen()} * p, 0);
    const int128 den = d * q;
    if (before_cap) r.relief_before_cap = Exact::fen_fraction(relief, den);  // as apply_cap
    if (v.cap && int128{v.cap->value.fen()} * den < relief) {
        relief = int128{v.cap->value.fen()} * den;
        r.capped = true;
    }
    r.amount = div && div->usable ? RowDivisors::rounded(relief, den, &div->relief[d == 1 ? 0 : 1]) : round_half_up(relief, den);
    if (r.amount > r.tax) r.amount = r.tax;
}

}  // namespace relief

namespace detail {
/// talent_relief once the regime's version and the year's table are resolved (v null: the year
/// is outside the regime's period; t is then not read).
inline void talent_relief_resolved(const Tables& tables, const Regime& g, const RegimeVersion* v, const TaxYear* t, int year,
                                   const TalentCase& c, TalentReliefResult& r, Trace* trace, bool eligibility_only,
                                   const ReliefOptions& opt = {}) {
    r.regime = g.id;
    r.year = year;
    r.enacted = g.enacted;
    if (trace) {
        trace->title("relief.title", {{"name", bilingual(g.name, g.name_zh)}, {"id", g.id}, {"year", std::to_string(year)}});
        if (!g.enacted) trace->note("relief.not_law", {{"text", bilingual(g.status_note, g.status_note_zh)}});
    }
    if (!v) {
        relief::outside_period(g, year, r, trace);
        return;
    }
    r.in_period = true;
    r.version = v;
    r.kind = v->mechanism;
    r.formula = v->formula;
    r.unconfirmed = v->unconfirmed;
    // the same figures in integers (relief::integer_path); not with a separately taxed bonus or a
    // projected Hong Kong / Macao table, which only the general path knows
    if (!trace && opt.bonus.amount.is_zero() && !opt.projection && relief::integer_path(*v, *t, c)) {
        const relief::IntegerBasis ib = relief::integer_basis(*t, c);
        r.rules = check_eligibility(*v, year, c, ib.fig, false);
        relief::tally_rules(r);
        if (r.eligible && !eligibility_only) relief::integer_relief(*t, *v, c, ib, r);
        return;
    }
    relief::TaxBasis b = relief::tax_basis(*t, g, *v, c, opt.bonus, trace != nullptr);
    b.projection = opt.projection;
    relief::check_rules(g, *v, year, c, b, r, trace);
    if (!r.eligible || eligibility_only) return;
    relief::nonresident_basis(*t, *v, c, b);
    r.tax = relief::covered_tax(b);
    if (trace) relief::trace_basis(b, c, *trace);
    relief::apply_cap(*v, relief::relief_formula(tables, g, *v, year, c, b, r, trace), r, trace);
    relief::delivery(g, *v, r, trace);
}

/// talent_relief, optionally stopping after the eligibility rules (used by the comparison to
/// report an eligible regime whose amount needs an input that is missing).
inline TalentReliefResult talent_relief_impl(const Tables& tables, const std::string& regime_id, int year, const TalentCase& in,
                                             const ReliefOptions& opt, Trace* trace, bool eligibility_only) {
    const SeparateBonus& sb = opt.bonus;
    const Regime& g = tables.regime(regime_id);
    in.validate();
    const TalentCase c = in.with_months_summed();
    sb.validate(c);
    relief::check_city(g, c);
    TalentReliefResult r;
    const RegimeVersion* v = g.version_for(year);
    talent_relief_resolved(tables, g, v, v ? &tables.year(year) : nullptr, year, c, r, trace, eligibility_only, opt);
    return r;
}

}  // namespace detail

/// The relief of `regime` for one taxpayer-year. InputError for an unknown regime or bad input
/// (including a missing fx_rate for a foreign-burden regime); CoverageError for a year no tax
/// table covers or a foreign benchmark year not in the tables. A year outside the regime's
/// period is not an error: the result is not eligible, code "period.outside".
inline TalentReliefResult talent_relief(const Tables& tables, const std::string& regime_id, int year, const TalentCase& c,
                                        Trace* trace = nullptr) {
    return detail::talent_relief_impl(tables, regime_id, year, c, ReliefOptions{}, trace, false);
}

/// The same with an annual one-time bonus taxed separately (its tax relieved only where the
/// regime's table says; NotAvailableError outside the separate-taxation window).
inline TalentReliefResult talent_relief(const Tables& tables, const std::string& regime_id, int year, const TalentCase& c,
                                        const SeparateBonus& bonus, Trace* trace = nullptr) {
    return detail::talent_relief_impl(tables, regime_id, year, c, ReliefOptions{bonus, false}, trace, false);
}

/// The same with every option: a separately taxed bonus, and `projection` (a year with no Hong
/// Kong / Macao table carries the latest one forward, labelled a projection in the trace and
/// flagged `projected` and `unconfirmed`; without it such a year is a CoverageError naming the
/// missing table).
inline TalentReliefResult talent_relief(const Tables& tables, const std::string& regime_id, int year, const TalentCase& c,
                                        const ReliefOptions& options, Trace* trace = nullptr) {
    return detail::talent_relief_impl(tables, regime_id, year, c, options, trace, false);
}

/// The relief of one regime in one tax year for many taxpayers (the batch): the regime, the
/// version covering the year and the year's table are looked up once; each row checks
/// eligibility without building the list of rule outcomes and keeps the amount only, on the
/// integer path where it applies (relief::integer_path: every row of talent_relief_batch under an
/// above_rate regime), else through the steps above without a trace. amount(c) equals
/// talent_relief(tables, regime_id, year, c).amount to the fen and raises the same errors.
class ReliefRows {
public:
    /// `city`: the city most rows give (the batch's one city): its city check and which city
    /// rules bind are resolved here once; rows with another city are checked row by row.
    ReliefRows(const Tables& tables, const std::string& regime_id, int year, std::string city = {})
        : tables_(tables), regime_(tables.regime(regime_id)), version_(regime_.version_for(year)), year_(year), city_(std::move(city)) {
        if (version_ && tables.covers(year)) table_ = &tables.year(year);  // else the rows raise the scalar call's CoverageError
        city_known_ = city_.empty() || regime_.has_city(city_);  // else each row raises check_city's InputError
        if (!version_) return;
        // dated rules filtered once, not per row; with a city, other cities' rules dropped (they do
        // not bind a person of this city), so the rules kept need no city comparison per row
        for (const EligibilityRule* rule : detail::rules_in_year(*version_, year)) {
            if (!city_.empty() && !rule->city.empty() && rule->city != city_) continue;
            rules_.push_back(rule);
            city_rules_unchecked_ = city_rules_unchecked_ || (city_.empty() && !rule->city.empty());
        }
        all_rules_ = detail::rules_in_year(*version_, year);
        if (table_) divisors_ = relief::RowDivisors(*table_, *version_);
    }

    const Regime& regime() const noexcept { return regime_; }

    Money amount(const TalentCase& c) const {
        c.validate();
        const bool same_city = c.city == city_;
        if (!same_city || !city_known_) relief::check_city(regime_, c);
        if (!version_) return Money();  // outside the regime's period
        const TaxYear& t = table_ ? *table_ : tables_.year(year_);
        const RegimeVersion& v = *version_;
        TalentReliefResult r;
        if (relief::integer_path(v, t, c)) {
            const relief::IntegerBasis ib = relief::integer_basis(t, c, &divisors_);
            if (!eligible(c, ib.fig, same_city)) return Money();
            relief::integer_relief(t, v, c, ib, r, false, &divisors_);  // the amount alone
            return r.amount;
        }
        relief::TaxBasis b = relief::tax_basis(t, regime_, v, c, SeparateBonus{}, false);
        EligibilityFigures fig;  // as relief::check_rules (the batch has no separately taxed bonus)
        const ComprehensiveReceipts z = c.zone_income();
        fig.zone_gross_income = z.wages + z.labour + z.author + z.royalties + c.zone_business();
        fig.taxable_income = b.ci_tax.taxable_income + Exact(c.business_taxable_income);
        if (!eligible(c, fig, same_city)) return Money();
        relief::nonresident_basis(t, v, c, b);
        r.tax = relief::covered_tax(b);
        relief::apply_cap(v, relief::relief_formula(tables_, regime_, v, year_, c, b, r, nullptr), r, nullptr);
        return r.amount;
    }

private:
    bool eligible(const TalentCase& c, const EligibilityFigures& fig, bool same_city) const {
        bool unconfirmed = false;
        const char* code = same_city ? detail::eligibility_code(rules_, c, fig, unconfirmed, !city_rules_unchecked_)
                                     : detail::eligibility_code(all_rules_, c, fig, unconfirmed);
        return std::strcmp(code, "ok") == 0;
    }

    const Tables& tables_;
    const Regime& regime_;
    const RegimeVersion* version_;
    const TaxYear* table_ = nullptr;
    int year_;
    std::string city_;
    bool city_known_ = true, city_rules_unchecked_ = false;
    std::vector<const EligibilityRule*> rules_, all_rules_;  // in force in the year: binding city_'s people; all
    relief::RowDivisors divisors_;
};

}  // namespace libtax
