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

/// Annual tax with deductions from their items.
inline AnnualTaxResult annual_tax(const TaxYear& t, ComprehensiveIncome in, const DeductionItems& items, bool explain = false) {
    std::optional<SpecialAdditionalResult> sad;
    std::optional<OtherDeductionsResult> other;
    if (items.special_additional) {
        if (!in.special_additional.is_zero())
            throw InputError("special_additional", in.special_additional.str(), "give either a total or the items, not both");
        sad = special_additional_deductions(t, *items.special_additional, explain);
        in.special_additional = sad->total;
    }
    if (items.other) {
        if (!in.other_deductions.is_zero())
            throw InputError("other_deductions", in.other_deductions.str(), "give either a total or the items, not both");
        other = other_deductions(t, *items.other, explain);
        in.other_deductions = other->total;
    }
    AnnualTaxResult r = annual_tax(t, in, explain);
    if (explain && sad) r.explanation = detail::with_items(r.explanation, "special additional deductions", sad->explanation);
    if (explain && other) r.explanation = detail::with_items(r.explanation, "other deductions", other->explanation);
    return r;
}

}  // namespace libtax
