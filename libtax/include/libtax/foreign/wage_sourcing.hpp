// libtax/foreign/wage_sourcing.hpp - the China-sourced part of one month's wages of an
// individual without domicile (MOF/STA 2019 No. 35 art. 2).
//
//   W   total wages of the month, paid in and outside China      Wd  part paid or borne in China
//   Wf  = W - Wd                                                  Dcal calendar days of the period
//   Dcn China working days (half days allowed)                    Dov  = Dcal - Dcn
//
//   non-resident, <= 90 days               Wd x Dcn / Dcal                 (formula 1)
//   non-resident, > 90 days                W x Dcn / Dcal                  (formula 2)
//   resident, six-year chain not complete  W x [1 - (Wf / W) x (Dov / Dcal)] (formula 3)
//   resident, chain complete               W
//   senior manager, non-resident <= 90     Wd
//   senior manager, non-resident > 90      W x [1 - (Wf / W) x (Dov / Dcal)] (formula 3)
// The result is an exact amount; the tax on it is rounded, not the income.
#pragma once

#include <string>

#include "libtax/core/exact.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/foreign/residency.hpp"
#include "libtax/foreign/working_days.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// One month's wages and the days of the period they belong to.
struct MonthlyWages {
    Money total;             ///< W, wages paid in and outside China
    Money domestic;          ///< Wd, paid or borne by a domestic employer
    WorkingDays china_days;  ///< Dcn
    int calendar_days = 0;   ///< Dcal

    void validate() const {
        require_non_negative(total, "wage_total");
        require_non_negative(domestic, "wage_domestic");
        if (domestic > total)
            throw InputError("wage_domestic", domestic.str(), "more than the month's total wages " + total.str());
        if (calendar_days < 1 || calendar_days > 366)
            throw InputError("calendar_days", std::to_string(calendar_days), "a work period has 1 to 366 calendar days");
        if (china_days.halves() < 0 || china_days.halves() > 2 * static_cast<std::int64_t>(calendar_days))
            throw InputError("china_workdays", china_days.str(), "must be between 0 and the calendar days (" + std::to_string(calendar_days) + ")");
    }
};

enum class SourcingFormula { domestic_share_of_china_days, china_days_share, exclude_foreign_paid_overseas, worldwide, domestic_paid };

struct SourcedWage {
    PresenceStatus status = PresenceStatus::nonresident_up_to_90_days;
    bool senior_manager = false;
    SourcingFormula formula = SourcingFormula::worldwide;
    std::string formula_name;  ///< "formula 1 (2019 No. 35 art. 2(1))" ...
    Exact income;              ///< China-sourced (taxable) wage income of the month, exact
    Explanation explanation;
};

inline SourcedWage sourced_wage(const TaxYear& t, const MonthlyWages& w, int residence_days, bool senior_manager = false,
                                bool six_year_chain = false, bool explain = false) {
    w.validate();
    SourcedWage r;
    r.status = presence_status(t, residence_days, six_year_chain);
    r.senior_manager = senior_manager;
    const Exact W(w.total), Wd(w.domestic), Wf(w.total - w.domestic);
    const std::int64_t cn = w.china_days.halves(), cal = 2 * static_cast<std::int64_t>(w.calendar_days), ov = cal - cn;
    const bool resident = r.status == PresenceStatus::resident_without_chain || r.status == PresenceStatus::resident_with_chain;
    std::string formula;
    if (r.status == PresenceStatus::resident_with_chain) {
        r.formula = SourcingFormula::worldwide;
        r.formula_name = "worldwide wages (resident, six-year chain complete; Impl. Regs art. 4)";
        r.income = W;
        formula = "W = " + w.total.str();
    } else if (resident || (senior_manager && r.status == PresenceStatus::nonresident_over_90_days)) {
        r.formula = SourcingFormula::exclude_foreign_paid_overseas;
        r.formula_name = resident ? "formula 3 (2019 No. 35 art. 2(3)): resident without the six-year chain"
                                  : "formula 3 (2019 No. 35 art. 2(4)): senior manager, non-resident over 90 days";
        r.income = W - Wf.scaled(ov, cal);
        formula = "W x [1 - (Wf / W) x (Dov / Dcal)] = " + w.total.str() + " - " + (w.total - w.domestic).str() + " x " +
                  WorkingDays::halves(ov).str() + " / " + std::to_string(w.calendar_days);
    } else if (senior_manager) {
        r.formula = SourcingFormula::domestic_paid;
        r.formula_name = "senior manager, non-resident at most 90 days (2019 No. 35 art. 2(4)): what is paid or borne in China";
        r.income = Wd;
        formula = "Wd = " + w.domestic.str();
    } else if (r.status == PresenceStatus::nonresident_up_to_90_days) {
        r.formula = SourcingFormula::domestic_share_of_china_days;
        r.formula_name = "formula 1 (2019 No. 35 art. 2(1)): non-resident at most 90 days";
        r.income = Wd.scaled(cn, cal);
        formula = "W x (Wd / W) x (Dcn / Dcal) = " + w.domestic.str() + " x " + w.china_days.str() + " / " + std::to_string(w.calendar_days);
    } else {
        r.formula = SourcingFormula::china_days_share;
        r.formula_name = "formula 2 (2019 No. 35 art. 2(2)): non-resident over 90 days";
        r.income = W.scaled(cn, cal);
        formula = "W x (Dcn / Dcal) = " + w.total.str() + " x " + w.china_days.str() + " / " + std::to_string(w.calendar_days);
    }
    if (explain) {
        const Provision& rule = t.provision("foreign.working_days");
        r.explanation.set_title("China-sourced wages of one month, tax year " + std::to_string(t.year));
        r.explanation.add("status", status_name(r.status), std::to_string(residence_days) + " residence days" + (six_year_chain ? ", six-year chain complete" : ""),
                          t.provision("foreign.residence").source.cite());
        if (senior_manager) r.explanation.add("senior manager", "yes", "director, supervisor or senior manager of a domestic resident enterprise");
        r.explanation.add("wages W / paid or borne in China Wd", w.total.str() + " / " + w.domestic.str());
        r.explanation.add("China working days / calendar days", w.china_days.str() + " / " + std::to_string(w.calendar_days), "", rule.source.cite());
        r.explanation.add("formula", r.formula_name, "", rule.source.document + ", art. 2");
        r.explanation.add("China-sourced wage income", r.income.str(), formula);
    }
    return r;
}

}  // namespace libtax
