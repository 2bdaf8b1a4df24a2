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

#include "libtax/core/catalogue.hpp"
#include "libtax/core/exact.hpp"
#include "libtax/core/render.hpp"
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
    std::string formula_name;  ///< "formula 1 (2019 No. 35 art. 2(1))" ... (English)
    const char* formula_name_id = "sourcing.name.worldwide";  ///< the same as a message id (any language)
    Exact income;              ///< China-sourced (taxable) wage income of the month, exact
    Explanation explanation;
};

inline SourcedWage sourced_wage(const TaxYear& t, const MonthlyWages& w, int residence_days, bool senior_manager = false,
                                bool six_year_chain = false, Trace* trace = nullptr) {
    w.validate();
    SourcedWage r;
    r.status = presence_status(t, residence_days, six_year_chain);
    r.senior_manager = senior_manager;
    const Exact W(w.total), Wd(w.domestic), Wf(w.total - w.domestic);
    const std::int64_t cn = w.china_days.halves(), cal = 2 * static_cast<std::int64_t>(w.calendar_days), ov = cal - cn;
    const bool resident = r.status == PresenceStatus::resident_without_chain || r.status == PresenceStatus::resident_with_chain;
    const char* formula = nullptr;
    if (r.status == PresenceStatus::resident_with_chain) {
        r.formula = SourcingFormula::worldwide;
        r.formula_name_id = "sourcing.name.worldwide";
        r.income = W;
        formula = "sourcing.formula.worldwide";
    } else if (resident || (senior_manager && r.status == PresenceStatus::nonresident_over_90_days)) {
        r.formula = SourcingFormula::exclude_foreign_paid_overseas;
        r.formula_name_id = resident ? "sourcing.name.formula_3_resident" : "sourcing.name.formula_3_senior_manager";
        r.income = W - Wf.scaled(ov, cal);
        formula = "sourcing.formula.exclude_foreign_paid_overseas";
    } else if (senior_manager) {
        r.formula = SourcingFormula::domestic_paid;
        r.formula_name_id = "sourcing.name.senior_manager_domestic";
        r.income = Wd;
        formula = "sourcing.formula.domestic_paid";
    } else if (r.status == PresenceStatus::nonresident_up_to_90_days) {
        r.formula = SourcingFormula::domestic_share_of_china_days;
        r.formula_name_id = "sourcing.name.formula_1";
        r.income = Wd.scaled(cn, cal);
        formula = "sourcing.formula.domestic_share_of_china_days";
    } else {
        r.formula = SourcingFormula::china_days_share;
        r.formula_name_id = "sourcing.name.formula_2";
        r.income = W.scaled(cn, cal);
        formula = "sourcing.formula.china_days_share";
    }
    r.formula_name = Catalogue::builtin("en").format(r.formula_name_id);
    if (trace) {
        const LegalSource& rule = t.rules().foreign.working_days_source;
        trace->title("sourcing.title", {{"year", std::to_string(t.year)}});
        trace->step("sourcing.status", message_id(status_message(r.status)),
                    six_year_chain ? "sourcing.status.chain" : "sourcing.status.formula", {{"days", std::to_string(residence_days)}},
                    t.rules().presence.residence_source);
        if (senior_manager) trace->step("sourcing.senior_manager", message_id("common.yes"), "sourcing.senior_manager.formula");
        trace->step("sourcing.wages", message_id("sourcing.wages.value"), {}, {{"total", w.total.str()}, {"domestic", w.domestic.str()}});
        trace->step("sourcing.days", message_id("sourcing.days.value"), {},
                    {{"china", w.china_days.str()}, {"calendar", std::to_string(w.calendar_days)}}, rule);
        LegalSource art2 = rule;
        art2.article = "art. 2";
        art2.file.clear();
        art2.line = 0;
        trace->step("sourcing.formula", message_id(r.formula_name_id), {}, {}, art2);
        trace->step("sourcing.income", r.income.str(), formula,
                    {{"total", w.total.str()}, {"domestic", w.domestic.str()}, {"foreign", (w.total - w.domestic).str()},
                     {"china", w.china_days.str()}, {"overseas", WorkingDays::halves(ov).str()}, {"calendar", std::to_string(w.calendar_days)}});
    }
    return r;
}

}  // namespace libtax
