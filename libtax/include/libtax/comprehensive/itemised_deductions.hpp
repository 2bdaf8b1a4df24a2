// libtax/comprehensive/itemised_deductions.hpp - the annual tax with the special additional
// deductions and the other deductions computed from their items (special_additional_deductions.hpp,
// other_deductions.hpp) in place of totals. A total given directly stays accepted (annual_tax.hpp;
// its explanation says it was taken as given); giving both a total and items is refused. In the
// trace the total's step says it comes from the items (sad.from_items, other.from_items) and the
// items' steps follow it under a scope (sad.of_which, other.of_which).
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

/// One deduction computed from items: the annual step it replaces and the items' own trace.
struct ItemisedPart {
    const char* step_id;     ///< the annual computation's step of the total
    const char* formula_id;  ///< the formula that step takes instead
    const char* scope_id;    ///< the scope the items' steps are recorded under
    const char* total_id;    ///< the items' own total (left out: the annual step shows it)
    const Trace* items;      ///< null: the total was given, not computed from items
};

/// Records `e` into `out` under its own scopes; `formula` replaces a step's formula when not null.
inline void record_entry(Trace& out, const TraceEntry& e, const char* formula = nullptr) {
    for (const auto& s : e.scope) out.push_scope(s);
    switch (e.kind) {
        case TraceEntry::Kind::title: out.title(e.id, e.args); break;
        case TraceEntry::Kind::note: out.note(e.id, e.args); break;
        case TraceEntry::Kind::read: out.read(e.id, e.value.text, e.source); break;
        case TraceEntry::Kind::step:
            out.step(e.id, e.value, formula ? std::string(formula) : e.formula, e.args, e.has_source() ? &e.source : nullptr);
            break;
    }
    for (std::size_t i = 0; i < e.scope.size(); ++i) out.pop_scope();
}

/// Records `annual` into `out`, each itemised total's step followed by its items' steps.
inline void record_with_items(Trace& out, const Trace& annual, const ItemisedPart (&parts)[2]) {
    for (const TraceEntry& e : annual.entries()) {
        const ItemisedPart* part = nullptr;
        if (e.kind == TraceEntry::Kind::step)
            for (const auto& p : parts)
                if (p.items && e.id == p.step_id) part = &p;
        record_entry(out, e, part ? part->formula_id : nullptr);
        if (!part) continue;
        TraceScope scope(&out, part->scope_id);
        for (const TraceEntry& x : part->items->entries())
            if (x.kind != TraceEntry::Kind::title && x.id != part->total_id) record_entry(out, x);
    }
}

}  // namespace detail

/// Annual tax with deductions from their items; the steps (the annual computation with the
/// items' steps under their totals) go to `trace` when one is given.
inline AnnualTaxResult annual_tax(const TaxYear& t, ComprehensiveIncome in, const DeductionItems& items, Trace* trace = nullptr) {
    Trace sad_steps, other_steps;
    if (items.special_additional) {
        if (!in.special_additional.is_zero())
            throw InputError("special_additional", in.special_additional.str(), "give either a total or the items, not both");
        in.special_additional = special_additional_deductions(t, *items.special_additional, trace ? &sad_steps : nullptr).total;
    }
    if (items.other) {
        if (!in.other_deductions.is_zero())
            throw InputError("other_deductions", in.other_deductions.str(), "give either a total or the items, not both");
        in.other_deductions = other_deductions(t, *items.other, trace ? &other_steps : nullptr).total;
    }
    if (!trace) return annual_tax(t, in);
    Trace annual;
    AnnualTaxResult r = annual_tax(t, in, &annual);
    const detail::ItemisedPart parts[2] = {
        {"annual_tax.special_additional", "sad.from_items", "sad.of_which", "sad.total", items.special_additional ? &sad_steps : nullptr},
        {"annual_tax.other_deductions", "other.from_items", "other.of_which", "other.total", items.other ? &other_steps : nullptr}};
    detail::record_with_items(*trace, annual, parts);
    return r;
}

}  // namespace libtax
