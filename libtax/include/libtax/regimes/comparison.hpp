// libtax/regimes/comparison.hpp - every regime a person could claim in a tax year, ranked by the
// relief, the best legal choice first, with the exclusions between regimes respected: regimes
// that exclude each other (GBA against Nansha, Qianhai, Hetao: one per year) are alternatives,
// never added together.
//
// Place of work: a regime relieves only income from work in its area (each regime document
// states it). Given a place (a city, "shenzhen", or a zone, "qianhai"; a zone implies the city
// it lies in, from the `zones` of the regime tables), a regime whose `places` cover neither the
// place nor its city is not eligible, with that reason (code "area.outside").
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "libtax/regimes/relief.hpp"

namespace libtax {

struct RegimeOption {
    TalentReliefResult result;
    bool computed = true;           ///< false: eligible, but the amount needs an input (e.g. fx_rate) or a table not loaded
    std::string not_computed_why;   ///< the error message when not computed
    std::vector<std::string> excludes;  ///< regimes that cannot be claimed in the same year as this one
};

struct RegimeComparison {
    int year = 0;
    std::vector<RegimeOption> options;  ///< ranked: computed eligible by amount (desc), then the rest
    /// Index of the best legal choice in `options`, or -1 when nothing is claimable.
    int best = -1;
};

struct CompareOptions {
    bool include_ineligible = false;  ///< also list regimes the person does not qualify for, with reasons
    bool include_what_if = false;     ///< also list regimes that are not enacted (what-if models)
    std::string place;                ///< where the person works: a city or a zone id; empty: not checked
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
inline TalentReliefResult outside_area(const Regime& g, int year, const std::string& place, const std::string& city, bool explain) {
    TalentReliefResult r;
    r.regime = g.id;
    r.year = year;
    r.enacted = g.enacted;
    r.version = g.version_for(year);
    r.in_period = r.version != nullptr;
    r.kind = g.nearest_version(year).mechanism;
    r.code = "area.outside";
    const std::string where = place == city ? place : place + " (in " + city + ")";
    const std::string msg = "area: FAILED: " + g.nearest_version(year).area + " does not cover the place of work, " + where;
    r.reasons.push_back(msg);
    if (explain) {
        r.explanation.set_title("Talent relief: " + g.name + " (" + g.id + "), tax year " + std::to_string(year));
        r.explanation.add("eligible", "no", msg, g.file);
    }
    return r;
}

}  // namespace detail

/// Compares all loaded regimes for one taxpayer-year. `c.city` is applied to regimes with city
/// rules and ignored for the others; `opt.place` (when given) also sets the city when `c.city` is
/// empty, and makes a regime whose area does not cover it not eligible.
inline RegimeComparison compare_regimes(const Tables& tables, int year, const TalentCase& c, const CompareOptions& opt = {},
                                        bool explain = false) {
    RegimeComparison out;
    out.year = year;
    c.validate();
    tables.year(year);  // CoverageError for an uncovered year, before any regime
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
    std::pair<std::string, std::string> place;  // (place, its city)
    if (!opt.place.empty()) place = detail::resolve_place(tables, opt.place);
    for (const auto& id : tables.regimes()) {
        const Regime& g = tables.regime(id);
        if (!g.enacted && !opt.include_what_if) continue;
        TalentCase cc = c;
        if (cc.city.empty() && !place.second.empty()) cc.city = place.second;
        if (!g.cities.empty() ? !cc.city.empty() && !g.has_city(cc.city) : true) cc.city.clear();
        RegimeOption o;
        if (!place.first.empty() && !g.has_place(place.first) && !g.has_place(place.second)) {
            o.result = detail::outside_area(g, year, place.first, place.second, explain);
        } else try {
            o.result = talent_relief(tables, id, year, cc, explain);
        } catch (const InputError& e) {
            // eligible but not computable: rerun the eligibility part to report it honestly
            o.computed = false;
            o.not_computed_why = e.what();
            try {
                o.result = detail::talent_relief_impl(tables, id, year, cc, explain, /*eligibility_only=*/true);
            } catch (const Error&) {
                o.result = TalentReliefResult();
                o.result.regime = id;
                o.result.year = year;
                o.result.enacted = g.enacted;
            }
            o.result.amount = Money();
            o.result.reasons.push_back(std::string("amount not computed: ") + e.what());
            o.result.explanation.note(std::string("amount not computed: ") + e.what());
        }
        if (!o.result.eligible && !opt.include_ineligible) continue;
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
        if (a.result.amount != b.result.amount) return b.result.amount < a.result.amount;
        // equal amounts: an exemption reaches the person at the reconciliation, a subsidy months later
        return a.result.kind == Mechanism::exemption && b.result.kind != Mechanism::exemption;
    });
    for (std::size_t i = 0; i < out.options.size(); ++i) {
        const auto& r = out.options[i].result;
        if (r.eligible && r.enacted && out.options[i].computed && r.amount > Money()) {
            out.best = static_cast<int>(i);
            break;
        }
    }
    return out;
}

}  // namespace libtax
