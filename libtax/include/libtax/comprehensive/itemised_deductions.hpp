// libtax/comprehensive/itemised_deductions.hpp - the annual tax with the special additional
// deductions and the other deductions computed from their items (special_additional_deductions.hpp,
// other_deductions.hpp) in place of totals. A total given directly stays accepted (annual_tax.hpp;
// its explanation says it was taken as given); giving both a total and items is refused.
#pragma once

#include <optional>

#include "libtax/comprehensive/annual_tax.hpp"
#include "libtax/comprehensive/other_deductions.hpp"
#include "libtax/comprehensive/special_additional_deductions.hpp"

namespace libtax {

/// Deductions given as items; an empty optional leaves the total in ComprehensiveIncome.
struct DeductionItems {
    std::optional<SpecialAdditionalItems> special_additional;
    std::optional<OtherDeductionItems> other;
};

namespace detail {

/// Replaces the formula of the step `label` by "from the items below" and appends the items' steps.
inline Explanation with_items(const Explanation& base, const std::string& label, const Explanation& items) {
    Explanation e(base.title());
    for (const auto& s : base.steps()) {
        if (s.label == label) {
            e.add(s.label, s.value, "from the items below");
            e.append(items, "  of which");
        } else {
            e.add(s.label, s.value, s.formula, s.basis);
        }
    }
    for (const auto& n : base.notes()) e.note(n);
    return e;
}

}  // namespace detail

/// Annual tax with deductions from their items; the steps (the annual computation rendered in
/// English with the items' steps under their totals) go to `why` when one is given.
inline AnnualTaxResult annual_tax(const TaxYear& t, ComprehensiveIncome in, const DeductionItems& items, Explanation* why = nullptr) {
    std::optional<SpecialAdditionalResult> sad;
    std::optional<OtherDeductionsResult> other;
    Explanation sad_steps, other_steps;
    if (items.special_additional) {
        if (!in.special_additional.is_zero())
            throw InputError("special_additional", in.special_additional.str(), "give either a total or the items, not both");
        sad = special_additional_deductions(t, *items.special_additional, why ? &sad_steps : nullptr);
        in.special_additional = sad->total;
    }
    if (items.other) {
        if (!in.other_deductions.is_zero())
            throw InputError("other_deductions", in.other_deductions.str(), "give either a total or the items, not both");
        other = other_deductions(t, *items.other, why ? &other_steps : nullptr);
        in.other_deductions = other->total;
    }
    if (!why) return annual_tax(t, in);
    Trace trace;
    AnnualTaxResult r = annual_tax(t, in, &trace);
    *why = english_explanation(trace);
    if (sad) *why = detail::with_items(*why, "special additional deductions", sad_steps);
    if (other) *why = detail::with_items(*why, "other deductions", other_steps);
    return r;
}

}  // namespace libtax
