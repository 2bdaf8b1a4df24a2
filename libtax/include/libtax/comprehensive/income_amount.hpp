// libtax/comprehensive/income_amount.hpp - gross receipts of the four comprehensive-income items
// and their income amount (收入额, IIT Law art. 6 para. 2): wages 100%, labour remuneration and
// royalties 80%, author's remuneration 80% x 70%; insurance agents' and securities brokers'
// commissions (labour remuneration, Caishui [2018] 164 item 3) 80% less a business-development
// cost of 25% of that (the shares are table values: cumulative_withholding.commission_agents).
#pragma once

#include "libtax/core/exact.hpp"
#include "libtax/core/trace.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/validate.hpp"
#include "libtax/tables/tax_year.hpp"

namespace libtax {

/// Gross receipts of a year's (or a period's) comprehensive income, by item.
struct ComprehensiveReceipts {
    Money wages;
    Money labour;     ///< labour remuneration (劳务报酬)
    Money author;     ///< author's remuneration (稿酬)
    Money royalties;  ///< royalties (特许权使用费)
    Money commissions;  ///< insurance agents' / securities brokers' commissions (佣金收入), VAT excluded

    void validate() const {
        require_non_negative(wages, "wages");
        require_non_negative(labour, "labour");
        require_non_negative(author, "author");
        require_non_negative(royalties, "royalties");
        require_non_negative(commissions, "commissions");
    }

    /// wages + labour + author's + royalties + commissions, gross.
    Money gross() const { return wages + labour + author + royalties + commissions; }
};

/// The income amount of each item and their sum, exact.
struct IncomeAmount {
    Exact wages, labour, author, royalties, commissions, total;
};

inline IncomeAmount income_amount(const TaxYear& t, const ComprehensiveReceipts& r, Trace* trace = nullptr) {
    const IncomeShares& sh = t.rules().income;
    const Rate labour = sh.labour.value, royalties = sh.royalties.value;
    const Rate author = sh.author.value, reduction = sh.author_reduction.value;
    IncomeAmount a;
    a.wages = Exact(r.wages);
    a.total = a.wages;
    if (!r.labour.is_zero()) a.total += a.labour = Exact(r.labour) * labour;  // zero items: no fraction arithmetic
    if (!r.royalties.is_zero()) a.total += a.royalties = Exact(r.royalties) * royalties;
    if (!r.author.is_zero()) a.total += a.author = Exact(r.author) * author * reduction;
    const Provision* agents = nullptr;
    if (!r.commissions.is_zero()) {  // the rule is read only when there are commissions
        agents = t.rules().commission_agents;
        if (!agents) throw TableError(t.file, 1, "cumulative_withholding.commission_agents", "no such provision in this year's table");
        const Exact amount = Exact(r.commissions) * t.rules().agents_income_share.value;
        a.commissions = amount - amount * t.rules().agents_cost_share.value;
        a.total = a.total + a.commissions;
    }
    if (trace) {
        const LegalSource& basis = sh.source;
        if (!r.wages.is_zero()) trace->step("income_amount.wages", a.wages.str(), "income_amount.wages.formula");
        if (!r.labour.is_zero())
            trace->step("income_amount.labour", a.labour.str(), "income_amount.labour.formula",
                        {{"gross", r.labour.str()}, {"share", labour.percent()}}, basis);
        if (!r.author.is_zero())
            trace->step("income_amount.author", a.author.str(), "income_amount.author.formula",
                        {{"gross", r.author.str()}, {"share", author.percent()}, {"reduction", reduction.percent()}}, basis);
        if (!r.royalties.is_zero())
            trace->step("income_amount.royalties", a.royalties.str(), "income_amount.royalties.formula",
                        {{"gross", r.royalties.str()}, {"share", royalties.percent()}}, basis);
        if (agents) {
            trace->step("income_amount.commissions", a.commissions.str(), "income_amount.commissions.formula",
                        {{"gross", r.commissions.str()},
                         {"share", t.rules().agents_income_share.value.percent()},
                         {"cost_share", t.rules().agents_cost_share.value.percent()}},
                        agents->source);
            if (agents->unconfirmed) trace->note("note.unconfirmed", {{"text", agents->note_text()}});
        }
        trace->step("income_amount.total", a.total.str(), "income_amount.total.formula");
    }
    return a;
}

}  // namespace libtax
