// libtax/foreign/allowances.hpp - the exempt allowances of foreign individuals and a resident's
// either-or choice between them and the special additional deductions.
//
// Eight kinds are exempt when their conditions hold (Caishui-zi [1994] No. 20 item 2(2);
// Guoshuifa [1997] No. 54; Guoshuihan [2001] No. 336): housing, meals and laundry in kind or
// reimbursed; relocation reimbursed on taking up or leaving the post; business travel at a
// standard with travel documents; home leave reimbursed, at most two trips a year; language
// training and children's education incurred in China, reimbursed with receipts. Whether an
// amount is "reasonable" is for the tax authority and is not checked here.
//
// A resident chooses for the whole tax year: the allowance exemptions or the special additional
// deductions, not both (Caishui [2018] No. 164 item 7(1); MOF/STA 2021 No. 43; MOF/STA 2023 No. 29
// art. 1, to 2027-12-31): the dated provision foreign.allowances.choice. The exemptions given up
// with the deductions are the provision's covered_kinds: the choice texts name housing, language
// training and children's education followed by "etc." (等); MOF/STA 2019 No. 35 art. 3(1) denies
// the deductions to whoever took the "eight allowances", so the built-in tables list all eight.
// Caishui [2018] No. 164 item 7(2) ended only the three named ones from 2022 (postponed since);
// a table listing only those three applies the practitioners' reading that the other five stay
// exempt under either option (UNCONFIRMED, see the provision's note):
//   option allowances:  tax(wages + allowances - exempt allowances)
//   option deductions:  tax(wages + allowances - exempt allowances not in covered_kinds, less the
//                           special additional deductions)
// Non-residents cannot claim special additional deductions at all; this library lets them keep
// the exemptions (UNCONFIRMED, see the provision's note).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/render.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/foreign/nondomiciled_annual_tax.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

enum class AllowanceKind { housing, meals, laundry, relocation, business_travel, home_leave, language_training, children_education };
enum class AllowanceForm { cash, in_kind, reimbursed };

inline const char* allowance_name(AllowanceKind k) {
    switch (k) {
        case AllowanceKind::housing: return "housing";
        case AllowanceKind::meals: return "meals";
        case AllowanceKind::laundry: return "laundry";
        case AllowanceKind::relocation: return "relocation";
        case AllowanceKind::business_travel: return "business_travel";
        case AllowanceKind::home_leave: return "home_leave";
        case AllowanceKind::language_training: return "language_training";
        case AllowanceKind::children_education: return "children_education";
    }
    return "?";
}

/// "housing", "home_leave", ...; InputError naming `field` for anything else.
inline AllowanceKind parse_allowance_kind(const std::string& s, const std::string& field = "allowance kind") {
    for (AllowanceKind k : {AllowanceKind::housing, AllowanceKind::meals, AllowanceKind::laundry, AllowanceKind::relocation,
                            AllowanceKind::business_travel, AllowanceKind::home_leave, AllowanceKind::language_training,
                            AllowanceKind::children_education})
        if (s == allowance_name(k)) return k;
    throw InputError(field, s,
                     "not an exempt allowance kind (housing, meals, laundry, relocation, business_travel, home_leave, "
                     "language_training, children_education)");
}

/// One allowance paid in the year. A home-leave claim is one trip.
struct AllowanceClaim {
    AllowanceKind kind = AllowanceKind::housing;
    Money amount;
    AllowanceForm form = AllowanceForm::reimbursed;
    bool with_documents = true;               ///< receipts, invoices, travel documents
    bool in_china = true;                     ///< language training / children's education incurred in China
    bool taking_up_or_leaving_post = true;    ///< relocation: paid on taking up or leaving the China post
};

struct AllowanceLine {
    AllowanceClaim claim;
    bool exempt = false;
    std::string reason;
};

struct AllowanceExemption {
    Money total;    ///< all claims
    Money exempt;   ///< claims meeting their conditions
    Money taxable;  ///< the rest: wages
    std::vector<AllowanceLine> lines;
    Explanation explanation;
};

/// Which claims are exempt and why.
inline AllowanceExemption exempt_allowances(const TaxYear& t, const std::vector<AllowanceClaim>& claims, Trace* trace = nullptr) {
    const LegalSource& kinds = t.rules().allowances.exempt_kinds;
    const auto& max_trips = t.rules().allowances.max_home_leave_trips;
    AllowanceExemption r;
    std::int64_t trips = 0;
    for (std::size_t i = 0; i < claims.size(); ++i) {
        const AllowanceClaim& c = claims[i];
        require_non_negative(c.amount, ("allowances[" + std::to_string(i) + "].amount").c_str());
        AllowanceLine l{c, false, ""};
        const bool not_cash = c.form != AllowanceForm::cash;
        const bool receipts = c.form != AllowanceForm::reimbursed || c.with_documents;
        switch (c.kind) {
            case AllowanceKind::housing:
            case AllowanceKind::meals:
            case AllowanceKind::laundry:
                l.exempt = not_cash && receipts;
                l.reason = l.exempt ? "in kind or reimbursed against receipts" : "paid in cash (or without receipts): wages";
                break;
            case AllowanceKind::relocation:
                l.exempt = not_cash && receipts && c.taking_up_or_leaving_post;
                l.reason = l.exempt ? "reimbursed on taking up or leaving the post"
                                    : "cash, without receipts or not on taking up/leaving the post: wages";
                break;
            case AllowanceKind::business_travel:
                l.exempt = c.with_documents;
                l.reason = l.exempt ? "at a standard, with travel documents" : "no travel documents: wages";
                break;
            case AllowanceKind::home_leave:
                ++trips;
                l.exempt = not_cash && receipts && trips <= max_trips.value;
                l.reason = trips > max_trips.value ? "trip " + std::to_string(trips) + " of the year: only " + std::to_string(max_trips.value) + " are exempt (" + max_trips.source.cite() + ")"
                           : l.exempt ? "reimbursed trip " + std::to_string(trips) + " of at most " + std::to_string(max_trips.value)
                                      : "paid in cash (or without receipts): wages";
                break;
            case AllowanceKind::language_training:
            case AllowanceKind::children_education:
                l.exempt = not_cash && receipts && c.in_china;
                l.reason = l.exempt ? "incurred in China, reimbursed against receipts" : "cash, without receipts or incurred abroad: wages";
                break;
        }
        r.total += c.amount;
        (l.exempt ? r.exempt : r.taxable) += c.amount;
        r.lines.push_back(l);
    }
    if (trace) {
        trace->title("allowances.title", {{"year", std::to_string(t.year)}});
        for (std::size_t i = 0; i < r.lines.size(); ++i)
            trace->step("allowances.line", r.lines[i].claim.amount.str(),
                        r.lines[i].exempt ? "allowances.line.exempt" : "allowances.line.taxable",
                        {{"kind", message_id(std::string("allowances.kind.") + allowance_name(r.lines[i].claim.kind))},
                         {"number", std::to_string(i + 1)}, {"reason", r.lines[i].reason}},
                        kinds);
        trace->step("allowances.exempt", r.exempt.str());
        trace->step("allowances.taxable", r.taxable.str(), "allowances.taxable.formula");
        trace->note("allowances.reasonable");
    }
    return r;
}

/// The choice for the year: allowance exemptions, or special additional deductions.
struct AllowanceChoice {
    AllowanceExemption allowances;
    Money given_up;                   ///< exempt allowances of the covered kinds: taxed as wages with the deductions
    Money kept_exempt;                ///< exempt allowances of other kinds: exempt under both options
    AnnualTaxResult with_allowances;  ///< exempt allowances out of income, no special additional deductions
    AnnualTaxResult with_deductions;  ///< all allowances taxed as wages, special additional deductions claimed
    bool allowances_cheaper = false;  ///< ties: deductions
    Money saving;                     ///< the difference between the two taxes
    Explanation explanation;
};

/// Throws NotAvailableError when tax year t is outside the legal window of the choice.
inline const Provision& allowance_choice_provision(const TaxYear& t) {
    const Provision* p = t.rules().allowances.choice;
    if (!p || !p->period || !p->period->covers_year(t.year))
        throw NotAvailableError("year", std::to_string(t.year), "the choice between foreign-individual allowances and special additional deductions is not in force this year");
    return *p;
}

/// The allowance kinds whose exemption is given up with the special additional deductions
/// (the provision's covered_kinds, a comma-separated list); TableError for an unknown kind.
inline std::vector<AllowanceKind> allowance_choice_kinds(const Sourced<std::string>& text) {
    std::vector<AllowanceKind> out;
    std::string item;
    auto flush = [&] {
        const auto b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
        const std::string name = b == std::string::npos ? std::string() : item.substr(b, e - b + 1);
        item.clear();
        try {
            out.push_back(parse_allowance_kind(name, "covered_kinds"));
        } catch (const InputError& err) {
            throw TableError(text.source.file, text.source.line, "foreign.allowances.choice.covered_kinds", err.what());
        }
    };
    for (char c : text.value) {
        if (c == ',') flush();
        else item += c;
    }
    flush();
    return out;
}

/// A resident foreign individual's annual tax both ways, naming the cheaper. `sourced_wages` are
/// the year's China-sourced wages without the allowances; `other` the other receipts and
/// deductions except special additional deductions, passed in `special_additional`.
inline AllowanceChoice compare_allowances_with_deductions(const TaxYear& t, const Exact& sourced_wages,
                                                           const std::vector<AllowanceClaim>& claims, Money special_additional,
                                                           ComprehensiveIncome other = {}, Trace* trace = nullptr) {
    const Provision& choice = allowance_choice_provision(t);
    require_non_negative(special_additional, "special_additional");
    if (!other.special_additional.is_zero())
        throw InputError("special_additional", other.special_additional.str(), "pass the special additional deductions separately");
    AllowanceChoice r;
    if (trace) {
        trace->title("allowance_choice.title", {{"year", std::to_string(t.year)}});
        trace->step("allowance_choice.in_force", choice.period->text(), "allowance_choice.in_force.formula", {}, choice.source);
    }
    {
        TraceScope part(trace, "allowance_choice.allowances");
        r.allowances = exempt_allowances(t, claims, trace);
    }
    const Sourced<std::string>& kinds = t.rules().allowances.covered_kinds;
    const std::vector<AllowanceKind> covered = allowance_choice_kinds(kinds);
    for (const AllowanceLine& l : r.allowances.lines)
        if (l.exempt) (std::find(covered.begin(), covered.end(), l.claim.kind) != covered.end() ? r.given_up : r.kept_exempt) += l.claim.amount;
    if (trace) {
        trace->step("allowance_choice.given_up", r.given_up.str(), "allowance_choice.given_up.formula",
                    {{"kinds", kinds.value}}, kinds.source);
        if (!r.kept_exempt.is_zero()) trace->step("allowance_choice.kept_exempt", r.kept_exempt.str());
        if (choice.unconfirmed) trace->note("note.unconfirmed", {{"text", choice.note_text()}});
    }
    const Exact all_wages = sourced_wages + Exact(r.allowances.total);
    {
        TraceScope part(trace, "allowance_choice.with_allowances");
        r.with_allowances = nondomiciled_annual_tax(t, all_wages - Exact(r.allowances.exempt), other, trace);
    }
    ComprehensiveIncome with_sad = other;
    with_sad.special_additional = special_additional;
    {
        TraceScope part(trace, "allowance_choice.with_deductions");
        r.with_deductions = nondomiciled_annual_tax(t, all_wages - Exact(r.kept_exempt), with_sad, trace);
    }
    r.allowances_cheaper = r.with_allowances.tax < r.with_deductions.tax;
    r.saving = r.allowances_cheaper ? r.with_deductions.tax - r.with_allowances.tax : r.with_allowances.tax - r.with_deductions.tax;
    if (trace) {
        trace->step("allowance_choice.tax_allowances", r.with_allowances.tax.str());
        trace->step("allowance_choice.tax_deductions", r.with_deductions.tax.str());
        trace->step("allowance_choice.cheaper",
                    message_id(r.allowances_cheaper ? "allowance_choice.allowances_word" : "allowance_choice.deductions_word"),
                    "bonus_comparison.cheaper.formula", {{"saving", r.saving.str()}});
    }
    return r;
}

}  // namespace libtax
