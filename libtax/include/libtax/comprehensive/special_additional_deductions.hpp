// libtax/comprehensive/special_additional_deductions.hpp - the special additional deductions
// (专项附加扣除, IIT Law art. 6 para. 4; Guofa [2018] 41, Guofa [2022] 8, Guofa [2023] 13) of
// a year, from their items, every amount, cap, sharing rule and date read from the year's table
// (special_additional.*):
//   children in education, infants under three   monthly per child x months x share (100% or the split share)
//   continuing education      degree: monthly x months (at most max months in all); certificate: the annual amount
//   serious illness           min(expense - threshold, annual cap), never below 0
//   housing-loan interest     monthly x months (at most max months in all) x share
//   housing rent              the tier's monthly amount x months (not in a year with housing-loan interest)
//   elderly support           only child: monthly x months; otherwise the agreed monthly share
//                             (at most the individual cap) x months
// Months are months of the tax year (0-12). A deduction not in force in the year (infant care
// before 2022) given a non-zero item is a NotAvailableError naming it. annual_tax takes these
// items in place of a total: comprehensive/itemised_deductions.hpp.
#pragma once

#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/explanation.hpp"
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
    Explanation explanation;  ///< the steps, when the caller asked for them (with_steps in core/render.hpp)
};

namespace detail {

inline int months_in_year(int months, const char* field) {
    if (months < 0 || months > 12) throw InputError(field, std::to_string(months), "months of the tax year must be 0 to 12");
    return months;
}

/// The provision of a deduction, or NotAvailableError when the year has none and it is asked for.
inline const Provision* sad_provision(const TaxYear& t, const std::string& name, bool asked) {
    const Provision* p = t.find("special_additional." + name);
    if (!p && asked)
        throw NotAvailableError(name, "given", "no such special additional deduction in tax year " + std::to_string(t.year));
    return p;
}

inline Money per_children(const TaxYear& t, const std::vector<ChildMonths>& kids, const std::string& name, Explanation* why) {
    const Provision* p = sad_provision(t, name, !kids.empty());
    if (!p || kids.empty()) return Money();
    const auto& monthly = p->amount("monthly_per_child");
    const auto& split = t.provision("special_additional.sharing").rate("child_split_share");
    Exact sum;
    for (std::size_t i = 0; i < kids.size(); ++i) {
        const int m = months_in_year(kids[i].months, (name + "[" + std::to_string(i) + "].months").c_str());
        Exact one = Exact(monthly.value) * m;
        if (kids[i].split) one = one * split.value;
        sum += one;
        if (why)
            why->add(name + ", child " + std::to_string(i + 1), round_half_up(one).str(),
                     monthly.value.str() + " x " + std::to_string(m) + " months" + (kids[i].split ? " x " + split.value.percent() : ""),
                     kids[i].split ? monthly.source.cite() + "; " + split.source.cite() : monthly.source.cite());
    }
    return round_half_up(sum);
}

inline Money continuing_education(const TaxYear& t, const SpecialAdditionalItems& in, Explanation* why) {
    const Provision& p = t.provision("special_additional.continuing_education");
    const int m = months_in_year(in.degree_education_months, "degree_education_months");
    if (in.degree_months_before < 0) throw InputError("degree_months_before", std::to_string(in.degree_months_before), "must not be negative");
    const auto& cap = p.count("degree_max_months");
    const int left = static_cast<int>(std::max<std::int64_t>(0, cap.value - in.degree_months_before));
    const int counted = std::min(m, left);
    const auto& monthly = p.amount("degree_monthly");
    const Money degree = Money::fen(monthly.value.fen() * counted);
    const Money cert = in.vocational_certificate ? p.amount("certificate_annual").value : Money();
    if (why && m > 0)
        why->add("continuing education, degree", degree.str(),
                 monthly.value.str() + " x " + std::to_string(counted) + " months (at most " + std::to_string(cap.value) + " in all)", monthly.source.cite());
    if (why && in.vocational_certificate)
        why->add("continuing education, certificate", cert.str(), "the year the certificate is obtained", p.amount("certificate_annual").source.cite());
    return degree + cert;
}

inline Money serious_illness(const TaxYear& t, Money expense, Explanation* why) {
    require_non_negative(expense, "serious_illness_expense");
    if (expense.is_zero()) return Money();
    const Provision& p = t.provision("special_additional.serious_illness");
    const auto& threshold = p.amount("threshold");
    const auto& cap = p.amount("annual_cap");
    Money d = threshold.value < expense ? expense - threshold.value : Money();
    if (cap.value < d) d = cap.value;
    if (why) why->add("serious illness", d.str(), "min(" + expense.str() + " - " + threshold.value.str() + ", " + cap.value.str() + ")", cap.source.cite());
    return d;
}

inline Money housing(const TaxYear& t, const SpecialAdditionalItems& in, Money& loan, Explanation* why) {
    const int lm = months_in_year(in.housing_loan_months, "housing_loan_months");
    const int rm = months_in_year(in.housing_rent_months, "housing_rent_months");
    if (lm > 0 && rm > 0)
        throw InputError("housing_rent_months", std::to_string(rm),
                         "housing-loan interest and housing rent cannot both be deducted in one tax year (Guofa [2018] 41)");
    loan = Money();
    if (lm > 0) {
        const Provision& p = t.provision("special_additional.housing_loan_interest");
        const auto& cap = p.count("max_months");
        if (in.housing_loan_months_before < 0) throw InputError("housing_loan_months_before", std::to_string(in.housing_loan_months_before), "must not be negative");
        const int counted = static_cast<int>(std::min<std::int64_t>(lm, std::max<std::int64_t>(0, cap.value - in.housing_loan_months_before)));
        const auto& monthly = p.amount("monthly");
        Exact d = Exact(monthly.value) * counted;
        const auto& split = t.provision("special_additional.sharing").rate("housing_loan_split_share");
        if (in.housing_loan_split) d = d * split.value;
        loan = round_half_up(d);
        if (why)
            why->add("housing-loan interest", loan.str(),
                     monthly.value.str() + " x " + std::to_string(counted) + " months (at most " + std::to_string(cap.value) + " in all)" +
                         (in.housing_loan_split ? " x " + split.value.percent() : ""),
                     monthly.source.cite());
    }
    if (rm == 0) return Money();
    if (in.housing_rent_tier < 1 || in.housing_rent_tier > 3)
        throw InputError("housing_rent_tier", std::to_string(in.housing_rent_tier), "the city tier is 1, 2 or 3");
    const auto& monthly = t.provision("special_additional.housing_rent").amount("tier" + std::to_string(in.housing_rent_tier) + "_monthly");
    const Money d = Money::fen(monthly.value.fen() * rm);
    if (why) why->add("housing rent", d.str(), "tier " + std::to_string(in.housing_rent_tier) + ": " + monthly.value.str() + " x " + std::to_string(rm) + " months", monthly.source.cite());
    return d;
}

inline Money elderly_support(const TaxYear& t, const SpecialAdditionalItems& in, Explanation* why) {
    const int m = months_in_year(in.elderly_support_months, "elderly_support_months");
    if (m == 0) return Money();
    const Provision& p = t.provision("special_additional.elderly_support");
    if (in.elderly_only_child) {
        const auto& monthly = p.amount("only_child_monthly");
        const Money d = Money::fen(monthly.value.fen() * m);
        if (why) why->add("elderly support (only child)", d.str(), monthly.value.str() + " x " + std::to_string(m) + " months", monthly.source.cite());
        return d;
    }
    require_non_negative(in.elderly_monthly_share, "elderly_monthly_share");
    const auto& cap = p.amount("shared_individual_cap_monthly");
    if (cap.value < in.elderly_monthly_share)
        throw InputError("elderly_monthly_share", in.elderly_monthly_share.str(),
                         "a sibling's agreed monthly share may not exceed " + cap.value.str() + " (" + cap.source.cite() + ")");
    const Money d = Money::fen(in.elderly_monthly_share.fen() * m);
    if (why) why->add("elderly support (shared)", d.str(), in.elderly_monthly_share.str() + " x " + std::to_string(m) + " months, at most " + cap.value.str() + " a month", cap.source.cite());
    return d;
}

}  // namespace detail

/// The year's special additional deductions from their items; the steps go to `why`
/// when one is given.
inline SpecialAdditionalResult special_additional_deductions(const TaxYear& t, const SpecialAdditionalItems& in, Explanation* why = nullptr) {
    SpecialAdditionalResult r;
    r.year = t.year;
    if (why) why->set_title("Special additional deductions, tax year " + std::to_string(t.year));
    r.children_education = detail::per_children(t, in.children_education, "children_education", why);
    r.infant_care = detail::per_children(t, in.infant_care, "infant_care", why);
    r.continuing_education = detail::continuing_education(t, in, why);
    r.serious_illness = detail::serious_illness(t, in.serious_illness_expense, why);
    r.housing_rent = detail::housing(t, in, r.housing_loan_interest, why);
    r.elderly_support = detail::elderly_support(t, in, why);
    r.total = r.children_education + r.infant_care + r.continuing_education + r.serious_illness + r.housing_loan_interest +
              r.housing_rent + r.elderly_support;
    if (why) why->add("special additional deductions", r.total.str(), "sum of the items");
    return r;
}

}  // namespace libtax
