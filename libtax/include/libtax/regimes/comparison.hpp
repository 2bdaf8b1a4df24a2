// libtax/regimes/comparison.hpp - every regime a person could claim in a tax year, ranked by the
// person's whole tax for the year after that regime's relief, the best legal choice first, with
// the exclusions between regimes respected: regimes that exclude each other (GBA against Nansha,
// Qianhai, Hetao: one per year) are alternatives, never added together.
//
// Choices after relief: where the law lets the taxpayer choose, each option is weighed on the tax
// *after* the regime's relief, not before. The choice the tables carry is the annual one-time
// bonus (MOF/STA Announcement 2023 No. 30 art. 1; Caishui [2018] 164 art. 1(1)): taxed apart from
// comprehensive income, or merged into it. For each regime
//
//   merged:   year_tax(wages + bonus)                 - relief(wages + bonus)
//   separate: year_tax(wages) + bonus_tax(bonus)      - relief(wages; the bonus only where the
//                                                       regime's table relieves it, separate_bonus)
//
// and the cheaper is the regime's treatment (ties: merged, the ordinary rule).
// The second choice is a resident foreign individual's allowances (Caishui [2018] No. 164 item
// 7(1); MOF/STA 2023 No. 29 art. 1, to 2027-12-31; foreign/allowances.hpp): the allowance
// exemptions, or the special additional deductions with the exempt allowances of the choice's
// covered_kinds taxed as wages. For each regime, and each treatment of the bonus,
//
//   exemptions: year_tax(wages + taxable allowances, no special additional deductions)        - relief(same)
//   deductions: year_tax(wages + allowances - those exempt under both, the case's deductions) - relief(same)
//
// and the cheaper is the regime's allowance_treatment (ties: deductions). Taxable allowances are
// wages from the zone (added to zone_wages when it is given). Without allowances nothing is
// chosen (treatment "deductions"). A relief that
// removes the tax above 15% of comprehensive income can make merging cheaper although separate
// taxation is cheaper before relief. Without a bonus there is nothing to choose (treatment
// "merged"). Figures: regimes/year_tax.hpp (the whole tax before relief), regimes/relief.hpp.
//
// Place of work: a regime relieves only income from work in its area (each regime document
// states it). Given a place (a city, "shenzhen", or a zone, "qianhai"; a zone implies the city
// it lies in, from the `zones` of the regime tables), a regime whose `places` cover neither the
// place nor its city is not eligible, with that reason (code "area.outside").
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "libtax/comprehensive/annual_bonus.hpp"
#include "libtax/foreign/allowances.hpp"
#include "libtax/regimes/relief.hpp"
#include "libtax/regimes/year_tax.hpp"

namespace libtax {

/// "separate" or "merged" (BonusTreatment, comprehensive/annual_bonus.hpp); a comparison never
/// reports `none`: without a bonus there is nothing to choose and the treatment is "merged".
inline const char* bonus_treatment_name(BonusTreatment t) { return t == BonusTreatment::separate ? "separate" : "merged"; }

/// A resident foreign individual's allowances: the exemptions, or the special additional deductions.
enum class AllowanceTreatment { exemptions, deductions };
/// "exemptions" or "deductions".
inline const char* allowance_treatment_name(AllowanceTreatment t) { return t == AllowanceTreatment::exemptions ? "exemptions" : "deductions"; }

/// One regime under one treatment of the bonus.
struct BonusAlternative {
    bool available = false;          ///< separate: inside the window (and a bonus given); merged: always
    TalentReliefResult result;       ///< the regime's relief under this treatment
    bool computed = true;            ///< false: the amount needs an input (e.g. fx_rate) or a table not loaded
    std::string not_computed_why;
    std::optional<Money> tax_before_relief;  ///< the whole tax of the year (regimes/year_tax.hpp); empty: not computable
    std::optional<Money> tax_after_relief;   ///< tax_before_relief - the relief
    Trace trace;                     ///< the relief's steps (filled when the comparison is traced)
};

struct RegimeOption {
    TalentReliefResult result;      ///< the relief under the chosen bonus treatment
    bool computed = true;           ///< false: eligible, but the amount needs an input (e.g. fx_rate) or a table not loaded
    std::string not_computed_why;   ///< the error message when not computed
    std::vector<std::string> excludes;  ///< regimes that cannot be claimed in the same year as this one
    BonusTreatment bonus_treatment = BonusTreatment::merged;  ///< the cheaper after this regime's relief
    std::optional<Money> tax_before_relief;  ///< the person's whole tax for the year under that treatment, before relief
    std::optional<Money> tax_after_relief;   ///< ... and after this regime's relief; empty when not computable
    Money bonus_saving;             ///< what the chosen treatment saves against the other (0 without a choice)
    BonusAlternative separate, merged;  ///< both treatments (separate.available false without a bonus)
    /// With allowances: the cheaper after this regime's relief (ties and no allowances: deductions).
    AllowanceTreatment allowance_treatment = AllowanceTreatment::deductions;
    Money allowance_saving;         ///< what the chosen allowance treatment saves against the other (0 without a choice)
    /// The tax after relief under each allowance treatment (each with its own cheaper bonus
    /// treatment); empty without allowances or when not computable.
    std::optional<Money> exemptions_tax_after_relief, deductions_tax_after_relief;
    bool best = false;              ///< the best legal choice of the comparison
    Trace trace;                    ///< the chosen treatment's relief and the choice (when traced)
    Explanation explanation;        ///< English rendering of `trace`, when a caller put it there (never the calculator)
};

struct RegimeComparison {
    int year = 0;
    std::vector<RegimeOption> options;  ///< ranked: computed eligible by tax after relief (asc), then the rest
    /// Index of the best legal choice in `options`, or -1 when nothing is claimable.
    int best = -1;
    Money bonus;                        ///< the annual one-time bonus weighed (0: none)
    bool separate_available = false;    ///< separate taxation of the bonus is open that year
    std::string separate_unavailable_why;
    /// Without any regime: the cheaper treatment and the whole tax of the year under it.
    BonusTreatment treatment_without_relief = BonusTreatment::merged;
    std::optional<Money> tax_without_relief;
    bool allowance_choice = false;      ///< allowances were given: each option weighs the two treatments
    AllowanceTreatment allowance_treatment_without_relief = AllowanceTreatment::deductions;

    /// The best legal choice, or null.
    const RegimeOption* best_option() const { return best < 0 ? nullptr : &options[static_cast<std::size_t>(best)]; }
};

struct CompareOptions {
    bool include_ineligible = false;  ///< also list regimes the person does not qualify for, with reasons
    bool include_what_if = false;     ///< also list regimes that are not enacted (what-if models)
    std::string place;                ///< where the person works: a city or a zone id; empty: not checked
    /// An annual one-time bonus of the year (not in the case's wages): taxed separately or merged,
    /// whichever leaves less tax after each regime's relief. Residents only.
    Money bonus;
    std::optional<Money> zone_bonus;  ///< its part from the zone (empty: all of it)
    /// A resident foreign individual's allowances of the year (not in the case's wages): the
    /// exemptions weighed against the case's special additional deductions after each relief.
    std::vector<AllowanceClaim> allowances;
    /// A year with no published Hong Kong / Macao table carries the latest one forward (a
    /// projection, labelled in every explanation); without it those regimes are not computed,
    /// naming the missing table.
    bool projection = false;
};

namespace detail {

/// The place and the city it lies in ("qianhai" -> "shenzhen"; a city is its own city), from the
/// areas of the loaded regimes; InputError naming the known places for an unknown one.
inline std::pair<std::string, std::string> resolve_place(const Tables& tables, const std::string& place) {
    std::vector<std::string> known;
    std::string city;
    for (const auto& id : tables.regimes()) {
        const Regime& g = tables.regime(id);
        for (const auto& [zone, zone_city] : g.zones) {
            if (zone == place) city = zone_city;
            known.push_back(zone);
            known.push_back(zone_city);
        }
        known.insert(known.end(), g.places.begin(), g.places.end());
    }
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    if (!std::binary_search(known.begin(), known.end(), place)) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        throw InputError("place", place, "not a place the regime tables know (known: " + list + ")");
    }
    return {place, city.empty() ? place : city};
}

/// The result for a regime whose area does not cover the place of work.
inline TalentReliefResult outside_area(const Regime& g, int year, const std::string& place, const std::string& city, Trace* trace) {
    TalentReliefResult r;
    r.regime = g.id;
    r.year = year;
    r.enacted = g.enacted;
    r.version = g.version_for(year);
    r.in_period = r.version != nullptr;
    r.kind = g.nearest_version(year).mechanism;
    r.code = "area.outside";
    const RegimeVersion& v = g.nearest_version(year);
    ReasonMessage why{"relief.outside_area",
                      {{"area", bilingual(v.area, v.area_zh)},
                       {"where", place == city ? TraceText(place) : message_id("relief.place_in_city")},
                       {"place", place},
                       {"city", detail::city_text(city)}}};
    r.reasons.push_back(why.render(Catalogue::builtin("en")));
    if (trace) {
        trace->title("relief.title", {{"name", bilingual(g.name, g.name_zh)}, {"id", g.id}, {"year", std::to_string(year)}});
        trace->step("relief.eligible", message_id("common.no"), why.id, why.args);
    }
    r.reason_messages.push_back(std::move(why));
    return r;
}

/// The case with the bonus merged into wages (the zone's part into the zone's wages).
inline TalentCase with_bonus_merged(const TalentCase& c, Money bonus, const std::optional<Money>& zone_bonus) {
    TalentCase m = c;
    if (bonus.is_zero()) return m;
    const Money zone_wages = c.zone(c.zone_wages, c.income.wages) + (zone_bonus ? *zone_bonus : bonus);
    m.income.wages += bonus;
    if (c.zone_wages || zone_bonus) m.zone_wages = zone_wages;
    return m;
}

/// One regime under one treatment: its relief (or why it is not computed) and the tax after it.
inline BonusAlternative evaluate(const Tables& tables, const Regime& g, int year, const TalentCase& cc, const ReliefOptions& ro,
                                 const std::pair<std::string, std::string>& place, const std::optional<Money>& tax_before, bool tracing) {
    BonusAlternative a;
    a.available = true;
    a.tax_before_relief = tax_before;
    Trace* trace = tracing ? &a.trace : nullptr;
    if (!place.first.empty() && !g.has_place(place.first) && !g.has_place(place.second)) {
        a.result = outside_area(g, year, place.first, place.second, trace);
    } else try {
        a.result = talent_relief(tables, g.id, year, cc, ro, trace);
    } catch (const InputError& e) {
        // eligible but not computable: rerun the eligibility part to report it honestly
        a.computed = false;
        a.not_computed_why = e.what();
        a.trace = Trace();
        try {
            a.result = talent_relief_impl(tables, g.id, year, cc, ro, trace, /*eligibility_only=*/true);
        } catch (const Error&) {
            a.result = TalentReliefResult();
            a.result.regime = g.id;
            a.result.year = year;
            a.result.enacted = g.enacted;
        }
        a.result.amount = Money();
        a.result.reasons.push_back(std::string("amount not computed: ") + e.what());
        if (trace) trace->note("comparison.not_computed", {{"text", e.what()}});
    }
    if (a.computed && tax_before) a.tax_after_relief = *tax_before - a.result.amount;
    return a;
}

/// The cheaper of the two after relief; ties, and figures that cannot be compared, go to merged.
inline bool separate_is_cheaper(const BonusAlternative& s, const BonusAlternative& m) {
    if (!s.available || !s.computed || !s.tax_after_relief) return false;
    if (!m.computed || !m.tax_after_relief) return m.computed ? false : true;
    return *s.tax_after_relief < *m.tax_after_relief;
}

/// Records the bonus choice and the tax after relief in the option's own trace.
inline void trace_choice(const RegimeComparison& out, const Regime& g, RegimeOption& o, const Provision* window) {
    Trace& t = o.trace;
    if (!out.bonus.is_zero()) {
        auto fig = [](const BonusAlternative& a) { return a.tax_after_relief ? a.tax_after_relief->str() : std::string("-"); };
        const LegalSource* src = window ? &window->source : nullptr;
        if (out.separate_available) {
            // the choice rests on whether the regime relieves the separate bonus: say how it was read
            const SeparateBonusRule& rule = g.separate_bonus;
            if (o.bonus_treatment == BonusTreatment::merged)
                t.step("comparison.separate_bonus_relieved", message_id(rule.relieved ? "common.yes" : "common.no"), "comparison.separate_bonus_read", {},
                       rule.stated ? &rule.source : nullptr);
            if (o.bonus_treatment == BonusTreatment::merged && rule.unconfirmed)
                t.note("relief.separate_bonus_unconfirmed", {{"text", bilingual(rule.note, rule.note_zh)}});
            t.step("comparison.bonus_treatment", message_id(o.bonus_treatment == BonusTreatment::separate ? "comparison.separate" : "comparison.merged"),
                   "comparison.bonus_treatment.formula", {{"bonus", out.bonus.str()}, {"separate", fig(o.separate)}, {"merged", fig(o.merged)},
                   {"saving", o.bonus_saving.str()}}, src);
        } else
            t.step("comparison.bonus_treatment", message_id("comparison.merged"), "comparison.bonus_treatment.only_merged",
                   {{"bonus", out.bonus.str()}, {"why", out.separate_unavailable_why}});
    }
    if (out.allowance_choice) {
        auto fig = [](const std::optional<Money>& m) { return m ? m->str() : std::string("-"); };
        t.step("comparison.allowance_treatment",
               message_id(o.allowance_treatment == AllowanceTreatment::exemptions ? "comparison.allowance_exemptions" : "comparison.allowance_deductions"),
               "comparison.allowance_treatment.formula",
               {{"exemptions", fig(o.exemptions_tax_after_relief)}, {"deductions", fig(o.deductions_tax_after_relief)}, {"saving", o.allowance_saving.str()}});
    }
    if (o.tax_before_relief)
        t.step("comparison.tax_before_relief", o.tax_before_relief->str(), "comparison.tax_before_relief.formula",
               {{"treatment", message_id(o.bonus_treatment == BonusTreatment::separate ? "comparison.separate" : "comparison.merged")}});
    if (o.tax_after_relief)
        t.step("comparison.tax_after_relief", o.tax_after_relief->str(), "comparison.tax_after_relief.formula",
               {{"tax", o.tax_before_relief->str()}, {"relief", o.result.amount.str()}});
}

}  // namespace detail

/// Compares all loaded regimes for one taxpayer-year. `c.city` is applied to regimes with city
/// rules and ignored for the others; `opt.place` (when given) also sets the city when `c.city` is
/// empty, and makes a regime whose area does not cover it not eligible. `opt.bonus` is weighed
/// separate against merged on the tax after each regime's relief. With a trace, the trace gets
/// the comparison (the tax without relief, each regime's tax after relief and bonus treatment,
/// the best) and each option its own trace (its relief under the chosen treatment, the choice).
inline RegimeComparison compare_regimes(const Tables& tables, int year, const TalentCase& c, const CompareOptions& opt = {},
                                        Trace* trace = nullptr) {
    RegimeComparison out;
    out.year = year;
    c.validate();
    const TaxYear& t = tables.year(year);  // CoverageError for an uncovered year, before any regime
    if (!c.city.empty()) {  // a city no regime has rules for is a mistake, not a reason to drop the city rules
        std::string have;
        bool known = false;
        for (const auto& id : tables.regimes())
            for (const auto& x : tables.regime(id).cities) {
                known = known || x == c.city;
                have += (have.empty() ? "" : ", ") + x;
            }
        if (!known) throw InputError("city", "'" + c.city + "'", "not a city of any regime with city rules (cities: " + have + ")");
    }
    // the bonus and its two treatments
    require_non_negative(opt.bonus, "bonus");
    if (opt.zone_bonus) {
        require_non_negative(*opt.zone_bonus, "zone_bonus");
        if (*opt.zone_bonus > opt.bonus)
            throw InputError("zone_bonus", opt.zone_bonus->str(), "exceeds the bonus (" + opt.bonus.str() + ")");
    }
    out.bonus = opt.bonus;
    const bool has_bonus = !opt.bonus.is_zero();
    if (has_bonus && !c.resident)
        throw NotAvailableError("bonus", opt.bonus.str(),
                                "the annual one-time bonus choice is for resident individuals (Caishui [2018] 164 art. 1(1)); a "
                                "non-resident's bonus follows MOF/STA 2019 No. 35 art. 2(3), not modelled");
    const Provision* window = nullptr;
    if (has_bonus) try {
        window = &bonus_separate_taxation(t);
        out.separate_available = true;
    } catch (const NotAvailableError& e) {
        out.separate_unavailable_why = e.what();
    }
    // the allowances and their two treatments (one variant of the case each; one without allowances)
    struct Variant {
        AllowanceTreatment treatment;
        TalentCase c;
    };
    std::vector<Variant> variants;
    const Provision* choice = nullptr;
    if (opt.allowances.empty()) {
        variants.push_back({AllowanceTreatment::deductions, c});
    } else {
        if (!c.resident)
            throw NotAvailableError("allowances", std::to_string(opt.allowances.size()) + " claim(s)",
                                    "the choice between allowances and special additional deductions is for resident individuals "
                                    "(MOF/STA 2023 No. 29 art. 1); a non-resident has no special additional deductions");
        choice = &allowance_choice_provision(t);
        const AllowanceExemption ex = exempt_allowances(t, opt.allowances);
        const std::vector<AllowanceKind> covered = allowance_choice_kinds(t.rules().allowances.covered_kinds);
        Money kept;
        for (const AllowanceLine& l : ex.lines)
            if (l.exempt && std::find(covered.begin(), covered.end(), l.claim.kind) == covered.end()) kept += l.claim.amount;
        auto with_wages = [&](Money add, bool deductions) {
            TalentCase x = c;
            x.income.wages += add;
            if (c.zone_wages) x.zone_wages = *c.zone_wages + add;
            if (!deductions) x.special_additional = Money();
            return x;
        };
        variants.push_back({AllowanceTreatment::exemptions, with_wages(ex.taxable, false)});
        variants.push_back({AllowanceTreatment::deductions, with_wages(ex.total - kept, true)});
        out.allowance_choice = true;
    }
    const SeparateBonus none, separate{opt.bonus, opt.zone_bonus};
    auto whole = [&](const TalentCase& x, const SeparateBonus& sb) -> std::optional<Money> {
        try {
            return year_tax(t, x, sb);
        } catch (const InputError&) {  // e.g. a non-resident's wages without wage_months: the relief says why
            return std::nullopt;
        }
    };
    struct VariantTaxes {
        TalentCase merged_case;
        std::optional<Money> merged, separate;
    };
    std::vector<VariantTaxes> taxes;
    for (const Variant& v : variants) {
        VariantTaxes vt{detail::with_bonus_merged(v.c, opt.bonus, opt.zone_bonus), std::nullopt, std::nullopt};
        vt.merged = whole(vt.merged_case, none);
        vt.separate = out.separate_available ? whole(v.c, separate) : std::nullopt;
        // the cheapest without relief, over both treatments of the bonus and of the allowances (ties: deductions, merged)
        auto take = [&](const std::optional<Money>& x, BonusTreatment b) {
            if (!x) return;
            const bool better = !out.tax_without_relief || *x < *out.tax_without_relief ||
                                (*x == *out.tax_without_relief && v.treatment == AllowanceTreatment::deductions &&
                                 out.allowance_treatment_without_relief == AllowanceTreatment::exemptions);
            if (better) {
                out.tax_without_relief = x;
                out.treatment_without_relief = b;
                out.allowance_treatment_without_relief = v.treatment;
            }
        };
        take(vt.merged, BonusTreatment::merged);
        take(vt.separate, BonusTreatment::separate);
        taxes.push_back(std::move(vt));
    }

    std::pair<std::string, std::string> place;  // (place, its city)
    if (!opt.place.empty()) place = detail::resolve_place(tables, opt.place);
    const bool tracing = trace != nullptr;
    for (const auto& id : tables.regimes()) {
        const Regime& g = tables.regime(id);
        if (!g.enacted && !opt.include_what_if) continue;
        auto city_for = [&](TalentCase cc) {
            if (cc.city.empty() && !place.second.empty()) cc.city = place.second;
            if (!g.cities.empty() ? !cc.city.empty() && !g.has_city(cc.city) : true) cc.city.clear();
            return cc;
        };
        auto option_for = [&](std::size_t vi) {
            RegimeOption o;
            const VariantTaxes& vt = taxes[vi];
            o.allowance_treatment = variants[vi].treatment;
            o.merged = detail::evaluate(tables, g, year, city_for(vt.merged_case), ReliefOptions{none, opt.projection}, place, vt.merged, tracing);
            if (out.separate_available)
                o.separate = detail::evaluate(tables, g, year, city_for(variants[vi].c), ReliefOptions{separate, opt.projection}, place, vt.separate, tracing);
            const bool sep = detail::separate_is_cheaper(o.separate, o.merged);
            const BonusAlternative& chosen = sep ? o.separate : o.merged;
            o.bonus_treatment = sep ? BonusTreatment::separate : BonusTreatment::merged;
            o.result = chosen.result;
            o.computed = chosen.computed;
            o.not_computed_why = chosen.not_computed_why;
            o.tax_before_relief = chosen.tax_before_relief;
            o.tax_after_relief = chosen.tax_after_relief;
            if (out.separate_available && o.separate.tax_after_relief && o.merged.tax_after_relief && o.separate.computed && o.merged.computed)
                o.bonus_saving = sep ? *o.merged.tax_after_relief - *o.separate.tax_after_relief : *o.separate.tax_after_relief - *o.merged.tax_after_relief;
            if (tracing) o.trace = chosen.trace;
            return o;
        };
        RegimeOption o = option_for(variants.size() - 1);  // deductions (or the only variant)
        if (variants.size() == 2) {
            RegimeOption e = option_for(0);
            o.deductions_tax_after_relief = o.computed ? o.tax_after_relief : std::nullopt;
            o.exemptions_tax_after_relief = e.computed ? e.tax_after_relief : std::nullopt;
            const auto& ea = o.exemptions_tax_after_relief;
            const auto& da = o.deductions_tax_after_relief;
            const bool exemptions = ea && (!da || *ea < *da);
            if (ea && da) o.allowance_saving = exemptions ? *da - *ea : *ea - *da;
            if (exemptions) {
                e.exemptions_tax_after_relief = ea;
                e.deductions_tax_after_relief = da;
                e.allowance_saving = o.allowance_saving;
                o = std::move(e);
            }
        }
        if (!o.result.eligible && !opt.include_ineligible) continue;
        if (tracing) detail::trace_choice(out, g, o, window);
        o.excludes = g.exclusive_with;
        for (const auto& other : tables.regimes()) {  // exclusions declared on the other side too
            const auto& ex = tables.regime(other).exclusive_with;
            if (std::find(ex.begin(), ex.end(), id) != ex.end() && std::find(o.excludes.begin(), o.excludes.end(), other) == o.excludes.end())
                o.excludes.push_back(other);
        }
        out.options.push_back(std::move(o));
    }
    std::stable_sort(out.options.begin(), out.options.end(), [](const RegimeOption& a, const RegimeOption& b) {
        auto rank = [](const RegimeOption& o) { return o.result.eligible ? (o.computed ? 0 : 1) : 2; };
        if (rank(a) != rank(b)) return rank(a) < rank(b);
        if (a.result.enacted != b.result.enacted) return a.result.enacted;
        if (a.tax_after_relief && b.tax_after_relief && *a.tax_after_relief != *b.tax_after_relief)
            return *a.tax_after_relief < *b.tax_after_relief;
        if (a.result.amount != b.result.amount) return b.result.amount < a.result.amount;
        // equal amounts: an exemption reaches the person at the reconciliation, a subsidy months later
        return a.result.kind == Mechanism::exemption && b.result.kind != Mechanism::exemption;
    });
    for (std::size_t i = 0; i < out.options.size(); ++i) {
        const auto& r = out.options[i].result;
        if (r.eligible && r.enacted && out.options[i].computed && r.amount > Money()) {
            out.best = static_cast<int>(i);
            out.options[i].best = true;
            break;
        }
    }
    if (!trace) return out;
    trace->title("comparison.title", {{"year", std::to_string(year)}});
    auto treatment_id = [](BonusTreatment b) { return message_id(b == BonusTreatment::separate ? "comparison.separate" : "comparison.merged"); };
    if (out.allowance_choice)
        trace->step("comparison.allowances", message_id("comparison.allowances.weighed"), "comparison.allowances.formula", {}, &choice->source);
    if (has_bonus) {
        trace->step("comparison.bonus", opt.bonus.str(), {}, {}, window ? &window->source : nullptr);
        if (!out.separate_available) trace->note("comparison.separate_unavailable", {{"text", out.separate_unavailable_why}});
    }
    if (out.tax_without_relief)
        trace->step("comparison.tax_without_relief", out.tax_without_relief->str(), "comparison.tax_without_relief.formula",
                    {{"treatment", treatment_id(out.treatment_without_relief)}});
    for (const auto& o : out.options) {
        const std::string regime = o.result.regime;
        if (o.result.projected) trace->note("comparison.projection", {{"regime", regime}});
        if (!o.result.eligible) {
            trace->step("comparison.option", message_id("comparison.not_eligible"), "comparison.option.not_eligible",
                        {{"regime", regime}, {"code", std::string(o.result.code)}});
        } else if (!o.computed || !o.tax_after_relief) {
            trace->step("comparison.option", message_id("comparison.not_computed_word"), "common.text",
                        {{"regime", regime}, {"text", o.computed ? std::string("-") : o.not_computed_why}});
        } else {
            trace->step("comparison.option", o.tax_after_relief->str(), "comparison.option.formula",
                        {{"regime", regime}, {"relief", o.result.amount.str()}, {"treatment", treatment_id(o.bonus_treatment)},
                         {"saving", o.bonus_saving.str()}});
        }
    }
    if (const RegimeOption* b = out.best_option())
        trace->step("comparison.best", b->result.regime, b->tax_after_relief ? "comparison.best.formula" : std::string(),
                    {{"tax", b->tax_after_relief ? b->tax_after_relief->str() : std::string()}, {"treatment", treatment_id(b->bonus_treatment)}});
    else
        trace->step("comparison.best", message_id("comparison.none"));
    return out;
}

}  // namespace libtax
