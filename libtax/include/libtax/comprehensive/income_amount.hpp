// libtax/comprehensive/income_amount.hpp - gross receipts of the four comprehensive-income items
// and their income amount (收入额, IIT Law art. 6(4)): wages 100%, labour remuneration and
// royalties 80%, author's remuneration 80% x 70%.
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

    void validate() const {
        require_non_negative(wages, "wages");
        require_non_negative(labour, "labour");
        require_non_negative(author, "author");
        require_non_negative(royalties, "royalties");
    }
};

/// The income amount of each item and their sum, exact.
struct IncomeAmount {
    Exact wages, labour, author, royalties, total;
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
    if (why) {
        const std::string basis = p.source.cite();
        if (!r.wages.is_zero()) why->add("wages (income amount)", a.wages.str(), "wages x 100%");
        if (!r.labour.is_zero()) why->add("labour remuneration income amount", a.labour.str(), r.labour.str() + " x " + labour.percent(), basis);
        if (!r.author.is_zero())
            why->add("author's remuneration income amount", a.author.str(), r.author.str() + " x " + author.percent() + " x " + reduction.percent(), basis);
        if (!r.royalties.is_zero()) why->add("royalties income amount", a.royalties.str(), r.royalties.str() + " x " + royalties.percent(), basis);
        why->add("comprehensive income amount", a.total.str(), "sum of the items' income amounts");
    }
    return a;
}

}  // namespace libtax
