// libtax/comprehensive/income_amount.hpp - gross receipts of the four comprehensive-income items
// and their income amount (收入额, IIT Law art. 6 para. 2): wages 100%, labour remuneration and
// royalties 80%, author's remuneration 80% x 70%; insurance agents' and securities brokers'
// commissions (labour remuneration, Caishui [2018] 164 item 3) 80% less a business-development
// cost of 25% of that (the shares are table values: cumulative_withholding.commission_agents).
#pragma once

#include "libtax/core/exact.hpp"
#include "libtax/core/explanation.hpp"
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

inline IncomeAmount income_amount(const TaxYear& t, const ComprehensiveReceipts& r, Explanation* why = nullptr) {
    const Provision& p = t.provision("income_amount");
    const Rate labour = p.rate("labour").value, royalties = p.rate("royalties").value;
    const Rate author = p.rate("author").value, reduction = p.rate("author_reduction").value;
    IncomeAmount a;
    a.wages = Exact(r.wages);
    a.labour = Exact(r.labour) * labour;
    a.royalties = Exact(r.royalties) * royalties;
    a.author = Exact(r.author) * author * reduction;
    a.total = a.wages + a.labour + a.royalties + a.author;
    const Provision* agents = nullptr;
    if (!r.commissions.is_zero()) {  // the table is read only when there are commissions
        agents = &t.provision("cumulative_withholding.commission_agents");
        const Exact amount = Exact(r.commissions) * agents->rate("income_share").value;
        a.commissions = amount - amount * agents->rate("business_cost_share").value;
        a.total = a.total + a.commissions;
    }
    if (why) {
        const std::string basis = p.source.cite();
        if (!r.wages.is_zero()) why->add("wages (income amount)", a.wages.str(), "wages x 100%");
        if (!r.labour.is_zero()) why->add("labour remuneration income amount", a.labour.str(), r.labour.str() + " x " + labour.percent(), basis);
        if (!r.author.is_zero())
            why->add("author's remuneration income amount", a.author.str(), r.author.str() + " x " + author.percent() + " x " + reduction.percent(), basis);
        if (!r.royalties.is_zero()) why->add("royalties income amount", a.royalties.str(), r.royalties.str() + " x " + royalties.percent(), basis);
        if (agents) {
            why->add("commissions income amount", a.commissions.str(),
                     r.commissions.str() + " x " + agents->rate("income_share").value.percent() + ", less the business-development cost of " +
                         agents->rate("business_cost_share").value.percent() + " of that",
                     agents->source.cite());
            if (agents->unconfirmed) why->note("UNCONFIRMED: " + agents->note);
        }
        why->add("comprehensive income amount", a.total.str(), "sum of the items' income amounts");
    }
    return a;
}

}  // namespace libtax
