// libtax/comprehensive/special_additional_deductions.hpp - the special additional deductions
// (专项附加扣除, IIT Law art. 6 para. 4; Guofa [2018] 41, Guofa [2022] 8, Guofa [2023] 13) of
// a year, from their items, every amount, cap, sharing rule and date read from the year's rules
// (tables/year_rules.hpp, resolved from special_additional.* when the table is loaded):
//   children in education, infants under three   monthly per child x months x share (100% or the split share)
//   continuing education      degree: monthly x months (at most max months in all); certificate: the annual amount
//   serious illness           min(expense - threshold, annual cap), never below 0
//   housing-loan interest     monthly x months (at most max months in all) x share
//   housing rent              the tier's monthly amount x months (not in a year with housing-loan interest)
//   elderly support           only child: monthly x months; otherwise the agreed monthly share
//                             (at most the individual cap) x months
// Months are months of the tax year (0-12). A deduction not in force in the year (infant care
// before 2022) given a non-zero item is a NotAvailableError naming it. annual_tax takes these
// items in place of a total: comprehensive/itemised_deductions.hpp. The steps are recorded as
// message ids (sad.*) into an optional Trace.
#pragma once

#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/trace.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rounding.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// One child: the months of the tax year the deduction applies, and whether the parents split it.
struct ChildMonths {
    int months = 12;
    bool split = false;  ///< each parent deducts the split share (50%) instead of one parent 100%
};

struct SpecialAdditionalItems {
    std::vector<ChildMonths> children_education;  ///< children in full-time education (from age three)
    std::vector<ChildMonths> infant_care;         ///< children under three (from 2022)
    int degree_education_months = 0;             ///< continuing degree education, months this year
    int degree_months_before = 0;                ///< months of the same degree education claimed in earlier years
    bool vocational_certificate = false;         ///< a vocational qualification certificate obtained this year
    Money serious_illness_expense;               ///< medical expense the person bore after medical insurance
    int housing_loan_months = 0;                 ///< first-home loan interest, months this year
    int housing_loan_months_before = 0;          ///< months of the same loan claimed in earlier years
    bool housing_loan_split = false;             ///< spouses' loans from before marriage, each deducting the split share
    int housing_rent_months = 0;
    int housing_rent_tier = 1;                   ///< 1: municipality, provincial capital, plan city; 2: > 1 million; 3: others
    int elderly_support_months = 0;
    bool elderly_only_child = true;
    Money elderly_monthly_share;                 ///< not an only child: the agreed monthly share
};

struct SpecialAdditionalResult {
    int year = 0;
    Money total;
    Money children_education, infant_care, continuing_education, serious_illness, housing_loan_interest,
        housing_rent, elderly_support;
    Explanation explanation;  ///< the English steps, when asked for through `explained` (core/render.hpp)
};

namespace detail {

inline int months_in_year(int months, const char* field) {
    if (months < 0 || months > 12) throw InputError(field, std::to_string(months), "months of the tax year must be 0 to 12");
    return months;
}

/// The split shares, or the TableError of a year whose table sets none when a split is asked for.
inline const SpecialAdditionalRules& sad_sharing(const TaxYear& t) {
    const SpecialAdditionalRules& s = t.rules().special_additional;
    if (!s.sharing) throw TableError(t.file, 1, "special_additional.sharing", "no such provision in this year's table");
    return s;
}

/// One kind of per-child deduction: its name (the field of an error) and its message id.
struct ChildKind {
    const char* name;
    const char* step_id;
};

inline Money per_children(const TaxYear& t, const std::vector<ChildMonths>& kids, const Sourced<Money>* monthly, ChildKind kind,
                          Trace* trace) {
    if (kids.empty()) return Money();
    if (!monthly)
        throw NotAvailableError(kind.name, "given", "no such special additional deduction in tax year " + std::to_string(t.year));
    Exact sum;
    for (std::size_t i = 0; i < kids.size(); ++i) {
        const int m = kids[i].months;
        if (m < 0 || m > 12) months_in_year(m, (std::string(kind.name) + "[" + std::to_string(i) + "].months").c_str());  // throws
        Exact one = Exact(monthly->value) * m;
        const Sourced<Rate>* split = kids[i].split ? &sad_sharing(t).child_split_share : nullptr;
        if (split) one = one * split->value;
        sum += one;
        if (trace) {
            TraceArgs args{{"n", std::to_string(i + 1)}, {"monthly", monthly->value.str()}, {"months", std::to_string(m)}};
            if (split) args.push_back({"share", split->value.percent()});
            trace->step(kind.step_id, round_half_up(one).str(), split ? "sad.child.formula_split" : "sad.child.formula", std::move(args),
                        monthly->source);
            if (split) trace->read("special_additional.sharing.child_split_share", split->value.percent(), split->source);
        }
    }
    return round_half_up(sum);
}

inline Money continuing_education(const TaxYear& t, const SpecialAdditionalItems& in, Trace* trace) {
    const SpecialAdditionalRules& s = t.rules().special_additional;
    const int m = months_in_year(in.degree_education_months, "degree_education_months");
    if (in.degree_months_before < 0) throw InputError("degree_months_before", std::to_string(in.degree_months_before), "must not be negative");
    const int left = static_cast<int>(std::max<std::int64_t>(0, s.degree_max_months.value - in.degree_months_before));
    const int counted = std::min(m, left);
    const Money degree = Money::fen(s.degree_monthly.value.fen() * counted);
    const Money cert = in.vocational_certificate ? s.certificate_annual.value : Money();
    if (trace && m > 0)
        trace->step("sad.degree", degree.str(), "sad.degree.formula",
                    {{"monthly", s.degree_monthly.value.str()}, {"months", std::to_string(counted)}, {"max", std::to_string(s.degree_max_months.value)}},
                    s.degree_monthly.source);
    if (trace && in.vocational_certificate) trace->step("sad.certificate", cert.str(), "sad.certificate.formula", {}, s.certificate_annual.source);
    return degree + cert;
}

inline Money serious_illness(const TaxYear& t, Money expense, Trace* trace) {
    require_non_negative(expense, "serious_illness_expense");
    if (expense.is_zero()) return Money();
    const SpecialAdditionalRules& s = t.rules().special_additional;
    const Money threshold = s.illness_threshold.value, cap = s.illness_annual_cap.value;
    Money d = threshold < expense ? expense - threshold : Money();
    if (cap < d) d = cap;
    if (trace)
        trace->step("sad.serious_illness", d.str(), "sad.serious_illness.formula",
                    {{"expense", expense.str()}, {"threshold", threshold.str()}, {"cap", cap.str()}}, s.illness_annual_cap.source);
    return d;
}

inline Money housing(const TaxYear& t, const SpecialAdditionalItems& in, Money& loan, Trace* trace) {
    const SpecialAdditionalRules& s = t.rules().special_additional;
    const int lm = months_in_year(in.housing_loan_months, "housing_loan_months");
    const int rm = months_in_year(in.housing_rent_months, "housing_rent_months");
    if (lm > 0 && rm > 0)
        throw InputError("housing_rent_months", std::to_string(rm),
                         "housing-loan interest and housing rent cannot both be deducted in one tax year (Guofa [2018] 41)");
    loan = Money();
    if (lm > 0) {
        const std::int64_t cap = s.housing_loan_max_months.value;
        if (in.housing_loan_months_before < 0) throw InputError("housing_loan_months_before", std::to_string(in.housing_loan_months_before), "must not be negative");
        const int counted = static_cast<int>(std::min<std::int64_t>(lm, std::max<std::int64_t>(0, cap - in.housing_loan_months_before)));
        Exact d = Exact(s.housing_loan_monthly.value) * counted;
        const Sourced<Rate>* split = in.housing_loan_split ? &sad_sharing(t).housing_loan_split_share : nullptr;
        if (split) d = d * split->value;
        loan = round_half_up(d);
        if (trace) {
            TraceArgs args{{"monthly", s.housing_loan_monthly.value.str()}, {"months", std::to_string(counted)}, {"max", std::to_string(cap)}};
            if (split) args.push_back({"share", split->value.percent()});
            trace->step("sad.housing_loan", loan.str(), split ? "sad.housing_loan.formula_split" : "sad.housing_loan.formula", std::move(args),
                        s.housing_loan_monthly.source);
            if (split) trace->read("special_additional.sharing.housing_loan_split_share", split->value.percent(), split->source);
        }
    }
    if (rm == 0) return Money();
    if (in.housing_rent_tier < 1 || in.housing_rent_tier > 3)
        throw InputError("housing_rent_tier", std::to_string(in.housing_rent_tier), "the city tier is 1, 2 or 3");
    const Sourced<Money>& monthly = s.rent_monthly[in.housing_rent_tier - 1];
    const Money d = Money::fen(monthly.value.fen() * rm);
    if (trace)
        trace->step("sad.housing_rent", d.str(), "sad.housing_rent.formula",
                    {{"tier", std::to_string(in.housing_rent_tier)}, {"monthly", monthly.value.str()}, {"months", std::to_string(rm)}}, monthly.source);
    return d;
}

inline Money elderly_support(const TaxYear& t, const SpecialAdditionalItems& in, Trace* trace) {
    const int m = months_in_year(in.elderly_support_months, "elderly_support_months");
    if (m == 0) return Money();
    const SpecialAdditionalRules& s = t.rules().special_additional;
    if (in.elderly_only_child) {
        const Sourced<Money>& monthly = s.elderly_only_child_monthly;
        const Money d = Money::fen(monthly.value.fen() * m);
        if (trace)
            trace->step("sad.elderly_only_child", d.str(), "sad.elderly_only_child.formula",
                        {{"monthly", monthly.value.str()}, {"months", std::to_string(m)}}, monthly.source);
        return d;
    }
    require_non_negative(in.elderly_monthly_share, "elderly_monthly_share");
    const Sourced<Money>& cap = s.elderly_shared_cap_monthly;
    if (cap.value < in.elderly_monthly_share)
        throw InputError("elderly_monthly_share", in.elderly_monthly_share.str(),
                         "a sibling's agreed monthly share may not exceed " + cap.value.str() + " (" + cap.source.cite() + ")");
    const Money d = Money::fen(in.elderly_monthly_share.fen() * m);
    if (trace)
        trace->step("sad.elderly_shared", d.str(), "sad.elderly_shared.formula",
                    {{"share", in.elderly_monthly_share.str()}, {"months", std::to_string(m)}, {"cap", cap.value.str()}}, cap.source);
    return d;
}

}  // namespace detail

/// The year's special additional deductions from their items; the steps go to `trace` when one
/// is given.
inline SpecialAdditionalResult special_additional_deductions(const TaxYear& t, const SpecialAdditionalItems& in, Trace* trace = nullptr) {
    const SpecialAdditionalRules& s = t.rules().special_additional;
    SpecialAdditionalResult r;
    r.year = t.year;
    if (trace) trace->title("sad.title", {{"year", std::to_string(t.year)}});
    r.children_education = detail::per_children(t, in.children_education, &s.children_monthly, {"children_education", "sad.children_education"}, trace);
    r.infant_care = detail::per_children(t, in.infant_care, s.infant_care ? &s.infant_monthly : nullptr, {"infant_care", "sad.infant_care"}, trace);
    r.continuing_education = detail::continuing_education(t, in, trace);
    r.serious_illness = detail::serious_illness(t, in.serious_illness_expense, trace);
    r.housing_rent = detail::housing(t, in, r.housing_loan_interest, trace);
    r.elderly_support = detail::elderly_support(t, in, trace);
    r.total = r.children_education + r.infant_care + r.continuing_education + r.serious_illness + r.housing_loan_interest +
              r.housing_rent + r.elderly_support;
    if (trace) trace->step("sad.total", r.total.str(), "sad.total.formula");
    return r;
}

}  // namespace libtax
