// libtax/regimes/year_tax.hpp - a talent-case person's whole IIT for the year before any regime's
// relief: what the relief is subtracted from when choices are weighed after relief.
//
//   year tax = comprehensive income tax (residents: the annual table, IIT Law art. 6(1)(1);
//              non-residents: wages month by month and each other item as a payment on the
//              monthly table, IIT Law art. 6(1)(2))
//            + business income tax (after the individual-business halving the year's tables give)
//            + a separately taxed annual bonus (Caishui [2018] 164 art. 1(1))
//            + a talent-programme subsidy taxed as incidental income
//
// It is the relief's own tax basis (regimes/relief.hpp) for a regime covering every item, with
// every item from the zone, so the two can never disagree on a figure.
#pragma once

#include "libtax/regimes/relief.hpp"

namespace libtax {

namespace detail {
/// A regime covering every item, relieving a separately taxed bonus (it only feeds the basis).
inline const Regime& all_items_regime() {
    static const Regime g = [] {
        Regime r;
        r.id = "(whole year)";
        r.separate_bonus.stated = true;
        r.separate_bonus.relieved = true;
        RegimeVersion v;
        v.items = {Item::wages, Item::labour, Item::author, Item::royalties, Item::business, Item::talent_subsidy};
        r.versions.push_back(v);
        return r;
    }();
    return g;
}
}  // namespace detail

/// The whole IIT of the year before relief. InputError where the relief would raise it too (a
/// non-resident's wages without the months they were received over); NotAvailableError for a
/// separate bonus outside the separate-taxation window.
inline Money year_tax(const TaxYear& t, const TalentCase& c, const SeparateBonus& bonus = {}) {
    c.validate();
    bonus.validate(c);
    const Regime& g = detail::all_items_regime();
    TalentCase w = c.with_months_summed();  // every item counted whole: the zone parts do not matter here
    for (auto& m : w.months) m.zone_wage = std::nullopt;
    w.zone_wages = w.zone_labour = w.zone_author = w.zone_royalties = w.zone_business_taxable_income = std::nullopt;
    relief::TaxBasis b = relief::tax_basis(t, g, g.versions.front(), w, SeparateBonus{bonus.amount, std::nullopt}, false);
    relief::nonresident_basis(t, g.versions.front(), w, b);
    return relief::covered_tax(b);
}

}  // namespace libtax
