// libtax-calc: the one-page answer printed before the details.
//
//   total income       = wages + annual bonus + labour + author's + royalties + taxable business income
//   tax before relief  = the tax of the year with the annual bonus treated the cheaper way before relief
//                        (residents: IIT Law art. 6 and Caishui [2018] 164; non-residents: each month's
//                        wages, the bonus and each payment alone, IIT Law art. 6(1)(2))
//   tax after relief   = for each eligible enacted regime and each legal bonus treatment:
//                        the tax with that treatment - the regime's relief (Caishui [2019] 31 and the
//                        regimes' documents); a subsidy is paid back, an exemption is claimed
//   best legal choice  = the lowest tax after relief over enacted regimes and bonus treatments
//                        (a regime that is not law is shown, flagged, never chosen)
//   net income         = total income - social insurance (special deductions) - tax of the best choice
//
// Every figure carries four flags: what_if (tables other than the built-in law), unconfirmed (a
// reading marked UNCONFIRMED in its table was used), projection (the year's table states no law of
// its own and carries an earlier year's forward), not_law (a what-if regime). Each raised flag is
// also a banner at the top of the page. Labels are message ids calc.summary.* of the catalogues
// (libtax/messages/<lang>.yaml).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libtax/libtax.hpp"

namespace libtax_calc {

using libtax::Money;

struct Flags {
    bool what_if = false;
    bool unconfirmed = false;
    bool projection = false;
    bool not_law = false;
    /// --projection: a Hong Kong / Macao table carried forward beyond the last published one (a
    /// projection, not law; JSON's "projection" is true with it)
    bool foreign_projection = false;
    Flags& operator|=(const Flags& o) {
        what_if = what_if || o.what_if;
        unconfirmed = unconfirmed || o.unconfirmed;
        projection = projection || o.projection;
        not_law = not_law || o.not_law;
        foreign_projection = foreign_projection || o.foreign_projection;
        return *this;
    }
    friend Flags operator|(Flags a, const Flags& b) { return a |= b; }
    bool any() const { return what_if || unconfirmed || projection || not_law || foreign_projection; }
};

/// A banner: one line above the figures saying why they need care (message id and arguments).
struct Banner {
    std::string kind;  ///< what_if, unconfirmed, projection, not_law, assumption
    std::string id;    ///< calc.summary.banner.*
    libtax::TraceArgs args;
};

/// One regime's outcome on the page.
struct RegimeLine {
    std::string id;
    libtax::TraceText name;     ///< the regime's name in the catalogues (calc.regime.<id>), or the id
    bool enacted = true;
    bool eligible = false;
    bool computed = true;
    bool unconfirmed_reading = false;  ///< the regime's own table marks a reading it used UNCONFIRMED
    std::string why_not;        ///< not eligible or not computed: the first reason
    std::string why_not_zh;     ///< the same in Chinese, when the reason is a message (an eligibility rule's)
    std::string bonus;          ///< the bonus treatment with the lowest tax after this relief: separate, merged, none
    Money relief;               ///< with that treatment
    Money tax_after_relief;     ///< with that treatment
    /// income.allowances given: "exemptions" or "deductions", the cheaper after this relief
    /// (compare_regimes' allowance_treatment), what it saves, and the tax after relief under each.
    std::string allowances;
    Money allowance_saving;
    Money exemptions_tax, deductions_tax;
    Flags flags;
};

struct Summary {
    std::string title;
    int year = 0;
    std::string identity;
    /// Residence: status id (calc.summary.residence.*), the residence days when known, where the
    /// status came from (days_in_china, stays, resident, six_year_chain, domicile, assumed).
    std::string residence;
    std::optional<int> residence_days;
    std::string residence_from;
    std::string sourcing;  ///< empty, or the sourcing formula used for the wages
    std::string sourcing_zh;  ///< the same in Chinese
    Money sourced_wages;   ///< with `sourcing`: the China-sourced wages, to the fen
    /// Non-residents: each month's wage tax ("01" .. "12" or the n-th of the equal months).
    std::vector<std::pair<std::string, Money>> monthly_tax;

    Money total_income;
    Money social_insurance;
    Money tax_before_relief;
    std::string bonus_before;  ///< separate, merged, nonresident, none
    /// income.allowances given: the cheaper allowance treatment with no regime ("exemptions" or
    /// "deductions") and the whole tax of the year under it (compare_regimes' tax_without_relief);
    /// tax_before_relief is of the wages and deductions as given, without the allowances.
    std::string allowances_without_relief;
    std::optional<Money> allowances_tax_without_relief;
    std::vector<RegimeLine> regimes;
    int best = -1;             ///< index into regimes of the best legal choice; -1: no relief
    std::string bonus_due;     ///< the bonus treatment of the best choice
    Money tax_due;             ///< tax of the best legal choice, after relief
    Money net_income;

    Flags flags;               ///< every figure's flags together (the top of the JSON)
    Flags tax_flags;           ///< tax before relief (total income is the scenario's: never flagged)
    Flags due_flags;           ///< tax due and net income (the best choice)
    std::vector<Banner> banners;
};

/// The page as text in the catalogue's language; the last line is the tax due after relief.
std::string render_summary_text(const Summary& s, const libtax::Catalogue& cat);
/// The "summary" object of the JSON (at `depth`), texts in the catalogues' languages (two: "zh / en").
std::string render_summary_json(const Summary& s, const std::vector<const libtax::Catalogue*>& cats, int depth);
/// "what_if": ..., "unconfirmed": ..., "projection": ..., "not_law": ... (no braces).
std::string flags_json(const Flags& f);

}  // namespace libtax_calc
