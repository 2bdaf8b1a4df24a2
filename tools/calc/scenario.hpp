// libtax-calc: the scenario file (one person, one tax year) and its loader.
//
// The loader follows the table loader's rules (libtax/src/tables/yaml_reader.hpp): every error
// names file:line and the dotted field, unknown keys are rejected, amounts are plain decimals of
// yuan with at most two decimals, never negative. See README "Embedding" for the format.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "libtax/libtax.hpp"
#include "libtax/contract/talent_case.hpp"
#include "libtax/foreign/allowances.hpp"

namespace libtax_calc {

using libtax::Money;

/// One month of pay at the employer (for the cumulative withholding).
struct MonthlyPay {
    int month = 0;  ///< 1..12
    int line = 0;   ///< where it is in the file, for messages
    Money wage, exempt_income, social_insurance, special_additional, other_deductions;
    Money bonus;  ///< the annual one-time bonus, if paid this month
    Money labour;           ///< continuous labour remuneration of the month (withholding_terms.continuous_labour), instead of wage
    Money tax_reductions;   ///< tax reductions (减免税额) of the month
    std::string bonus_method;          ///< "separate" or "merged" for this month's bonus; empty: the cheaper before relief
    std::optional<Money> zone_wage;    ///< a non-resident's wages of the month from the zone (empty: all of it)
};

/// The terms of the cumulative withholding at the employer (STA Ann. 2018 No. 61; STA 2020 No. 13
/// and No. 19), for `monthly_pay`.
struct WithholdingTermKeys {
    bool first_wages_this_year = false;  ///< no wages or continuous labour income earlier in the year
    bool prior_year_low_income = false;  ///< the prior year's income at this employer was at most 60,000
    bool continuous_labour = false;      ///< the months are an intern's continuous labour remuneration (`labour`)
    int line = 0;
};

/// One payment of labour remuneration, author's remuneration or royalties (prepayment).
struct Payment {
    libtax::PaymentKind kind = libtax::PaymentKind::labour;
    Money amount;
    int line = 0;
};

/// Where the wages are earned and paid, for an individual without domicile (MOF/STA 2019 No. 35
/// art. 2): `income.wages` is then W, the wages paid in and outside China for the year, taken as
/// one period; the China-sourced part is computed by libtax's sourcing formulas.
struct Sourcing {
    Money paid_abroad;                      ///< Wf: paid by an employer outside China and not borne in China
    libtax::WorkingDays china_workdays;     ///< Dcn: China working days of the period (half days allowed)
    int calendar_days = 0;                  ///< Dcal: calendar days of the period (default: the tax year)
    bool senior_manager = false;            ///< a senior manager of a domestic employer (art. 2(4))
    int line = 0;
};

struct Scenario {
    std::string file;
    std::string title;
    int year = 0;
    int year_line = 0;

    /// Every declared talent-case field (libtax/contract/talent_case.hpp) the file gives: identity,
    /// income, deductions, presence, the zone's conditions. Keys by group: person (identity,
    /// resident, days_in_zone, talent_recognised, wage_months), income (wages, labour, author,
    /// royalties, business_taxable_income), deductions (social_insurance, special_additional,
    /// other_deductions), zone (the rest) and zone.income_from_zone (zone_* without the prefix).
    libtax::TalentCase talent = mainland();
    std::optional<int> days_in_china;
    int days_in_china_line = 0;
    /// Residence: `days_in_china` (residence days), `stays` (arrival and departure dates; the six-year
    /// chain is counted from them), `six_year_chain` (stated), `resident` (stated, in `talent`).
    std::vector<libtax::Stay> stays;
    int stays_line = 0;
    std::optional<bool> six_year_chain;
    bool resident_given = false;
    int resident_line = 0;
    std::optional<Sourcing> sourcing;
    Money bonus;  ///< the annual one-time bonus (not a talent-case field: the regimes see it in wages when merged)
    /// `income.allowances`: a foreign resident's allowances of the year (not in the wages), as
    /// allowance_comparison declares them: `{kind: amount}` (each reimbursed against receipts) or a
    /// list of claims `{kind, amount, form, ...}`; the regimes weigh their exemptions against the
    /// special additional deductions after relief.
    std::vector<libtax::AllowanceClaim> allowances;
    int allowances_line = 0;

    // zone and regimes
    std::vector<std::string> regimes;  ///< regime ids to compare; empty = none asked
    std::vector<int> regime_lines;     ///< where each id is in the file, for messages
    std::string zone_name;
    int city_line = 0;
    std::map<std::string, std::pair<int, std::string>> field_at;  ///< declared field -> (line, dotted key) where the file gives it
    int fx_rate_line = 0;

    static libtax::TalentCase mainland() {
        libtax::TalentCase c;
        c.identity = libtax::Identity::mainland;
        return c;
    }

    std::vector<MonthlyPay> monthly_pay;
    WithholdingTermKeys withholding_terms;
    std::vector<Payment> payments;
    int commissions_line = 0;  ///< where income.commissions is (in talent.income.commissions)

    /// --projection (a command-line option, not a key of the file): a year beyond the Hong Kong /
    /// Macao tables carries the latest one forward, labelled a projection, not law; without it such
    /// a year is exit 2 naming the missing table.
    bool projection = false;

    /// Keys the file wrote under a Chinese alias (aliases.hpp): canonical dotted key -> as written.
    std::map<std::string, std::string> written;
    /// A dotted key as the file wrote it ("person.identity" -> "纳税人.身份"), for messages.
    std::string key_as_written(const std::string& key) const;
};

/// A mistake in a scenario found by libtax-calc itself: a TableError (file:line: key: problem, the
/// problem in English in what()) that keeps the problem's catalogue message (calc.error.*) and its
/// arguments, so libtax-calc can report it in the report's language.
class ScenarioError : public libtax::TableError {
public:
    ScenarioError(const std::string& file, int line, const std::string& key, std::string id, libtax::TraceArgs args = {})
        : TableError(file, line, key, libtax::Catalogue::builtin("en").format(id, args)), id_(std::move(id)), args_(std::move(args)) {}
    const std::string& id() const noexcept { return id_; }
    const libtax::TraceArgs& args() const noexcept { return args_; }

private:
    std::string id_;
    libtax::TraceArgs args_;
};

/// Reads and checks a scenario file, written with the scenario's own names or their Chinese aliases
/// (aliases.hpp). Throws libtax::TableError (file:line: field: problem, the field as written) for
/// a malformed file, an unknown or missing key, or a bad value.
Scenario load_scenario(const std::string& path);

/// Reads and checks a scenario given as text, as load_scenario does a file (same checks, same
/// 4 MiB bound); `name` stands for the file in the scenario and in every error (e.g. "<text>").
Scenario load_scenario_text(const std::string& text, const std::string& name);

}  // namespace libtax_calc
