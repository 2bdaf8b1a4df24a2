// libtax._core: the ordinary IIT calculators and the tables, for Python.
// Names and keywords follow the Python contract of the core issue exactly.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "convert.hpp"
#include "language.hpp"

namespace py = pybind11;
using namespace libtax;
using namespace libtax::py_boundary;

namespace {

/// A result kept with what produced it, so explain() can replay the calculation with steps.
struct PyAnnualTax {
    std::shared_ptr<const Tables> tables;
    ComprehensiveIncome input;
    AnnualTaxResult result;
    /// Replays the calculation into a trace (explain(lang) renders it in any language).
    auto replay() const {
        return [this](Trace* t) { annual_tax(tables->year(result.year), input, t); };
    }
};

ComprehensiveIncome comprehensive_input(py::handle wages, py::handle labour, py::handle author, py::handle royalties,
                                        py::handle social_insurance, py::handle special_additional,
                                        py::handle other_deductions) {
    ComprehensiveIncome in;
    in.receipts.wages = to_money(wages, "wages");
    in.receipts.labour = to_money(labour, "labour");
    in.receipts.author = to_money(author, "author");
    in.receipts.royalties = to_money(royalties, "royalties");
    in.social_insurance = to_money(social_insurance, "social_insurance");
    in.special_additional = to_money(special_additional, "special_additional");
    in.other_deductions = to_money(other_deductions, "other_deductions");
    in.validate();
    return in;
}

struct PyBonusComparison {
    std::shared_ptr<const Tables> tables;
    ComprehensiveIncome input;
    Money bonus;
    BonusComparison result;
};

/// The `amount` argument of the prepayment functions, checked under that name.
Money payment_amount(py::handle amount) {
    const Money m = to_money(amount, "amount");
    require_non_negative(m, "amount");
    return m;
}

template <class R>
struct PyDetail {  // a single-figure result with its explanation (bonus, prepayment, business)
    R result;
};

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.def("set_language", &set_default_language, py::arg("language"),
          "Sets the language of every .explain() and .steps() called without lang: \"zh\", \"en\" or \"both\".");
    m.def("get_language", &default_language, "The language of .explain() without lang (\"en\" unless set_language changed it).");
    m.doc() = "libtax core: exact PRC individual income tax on yearly tables";
    register_errors(m);

    py::class_<Tables, std::shared_ptr<Tables>>(m, "Tables", R"doc(
A set of loaded tax tables. Immutable; share one between threads freely.

Tables.builtin() are the tables compiled into the library; Tables.load(directory) reads a
directory laid out like the repository's tables/ (cn/<year>.yaml ...). Every calculator takes
tables=... to compute on other tables.)doc")
        .def_static("builtin", []() { return std::const_pointer_cast<Tables>(Tables::builtin_shared()); },
                    "The built-in tables (tax years 2019-2027).")
        .def_static("load", [](const std::string& dir) { return std::const_pointer_cast<Tables>(Tables::load(dir)); },
                    py::arg("directory"), "Loads tables from a directory laid out like tables/.")
        .def_static(
            "from_documents",
            [](const std::map<std::string, std::string>& docs) {
                std::vector<TableDocument> v;
                for (const auto& [name, text] : docs) v.push_back({name, text});
                auto t = std::const_pointer_cast<Tables>(Tables::from_documents(v));
                return t;
            },
            py::arg("documents"),
            "Loads tables from {name: yaml_text}; names are paths like 'tables/cn/2024.yaml'.")
        .def("documents",
             [](const Tables& t) {
                 std::map<std::string, std::string> out;
                 for (const auto& d : t.documents()) out[d.name] = d.text;
                 return out;
             },
             "The table documents as {name: yaml_text}, e.g. to build what-if copies.")
        .def("years", &Tables::years, "The tax years these tables cover.")
        .def_property_readonly("origin", &Tables::origin, "'built-in' or the directory loaded.")
        .def("__repr__", [](const Tables& t) {
            auto y = t.years();
            return "<libtax.Tables " + t.origin() + " " + (y.empty() ? std::string("(empty)") : std::to_string(y.front()) + "-" + std::to_string(y.back())) + ">";
        });

    py::class_<PyAnnualTax>(m, "AnnualTax", "Annual comprehensive income tax of a resident, with its explanation.")
        .def_property_readonly("year", [](const PyAnnualTax& r) { return r.result.year; })
        .def_property_readonly("tax", [](const PyAnnualTax& r) { return to_decimal(r.result.tax); }, "Tax, Decimal yuan to the fen.")
        .def_property_readonly("taxable_income", [](const PyAnnualTax& r) { return to_decimal(r.result.taxable_income); },
                               "Taxable income (never negative), Decimal yuan rounded half-up to the fen.")
        .def_property_readonly("income_amount", [](const PyAnnualTax& r) { return to_decimal(r.result.income_amount); },
                               "Comprehensive income amount (wages + 80% labour and royalties + 56% author's), to the fen.")
        .def_property_readonly("rate", [](const PyAnnualTax& r) { return to_decimal(r.result.rate); }, "Rate of the bracket applied (Decimal).")
        .def_property_readonly("quick_deduction", [](const PyAnnualTax& r) { return to_decimal(r.result.quick_deduction); })
        .def_property_readonly("bracket", [](const PyAnnualTax& r) { return r.result.bracket + 1; },
                               "1-based bracket of the annual table; 0 when nothing is taxable.")
        .def("explain", [](const PyAnnualTax& r, py::object lang) { return py_language::explain_traced(lang, r.replay()); }, py::arg("lang") = py::none(),
             "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def("steps", [](const PyAnnualTax& r, py::object lang) { return py_language::steps_traced(lang, r.replay()); }, py::arg("lang") = py::none(),
             "The steps as a list of dicts (label, value, formula, basis) in lang.")
        .def("__repr__", [](const PyAnnualTax& r) {
            return "<AnnualTax " + std::to_string(r.result.year) + " tax=" + r.result.tax.str() + " taxable_income=" + round_half_up(r.result.taxable_income).str() + ">";
        });

    const char* annual_doc = R"doc(
Annual tax on a resident's comprehensive income (IIT Law arts. 3, 6; Annex Table 1).

Amounts are yuan as int, float, str or decimal.Decimal. Returns an AnnualTax with .tax,
.taxable_income (Decimal) and .explain(). Raises libtax.InputError (a ValueError) naming the field
for negative or non-finite amounts, libtax.CoverageError for a year no table covers.)doc";
    m.def(
        "annual_tax",
        [](py::object year, py::object wages, py::object labour, py::object author, py::object royalties,
           py::object social_insurance, py::object special_additional, py::object other_deductions, py::object tables) {
            PyAnnualTax r;
            r.tables = tables_or_builtin(tables);
            const TaxYear& ty = r.tables->year(to_year(year));
            r.input = comprehensive_input(wages, labour, author, royalties, social_insurance, special_additional, other_deductions);
            r.result = annual_tax(ty, r.input);
            return r;
        },
        annual_doc, py::arg("year"), py::kw_only(), py::arg("wages") = 0, py::arg("labour") = 0, py::arg("author") = 0,
        py::arg("royalties") = 0, py::arg("social_insurance") = 0, py::arg("special_additional") = 0,
        py::arg("other_deductions") = 0, py::arg("tables") = py::none());

    py::class_<PyDetail<BonusTaxResult>>(m, "BonusTax", "Separate taxation of an annual one-time bonus.")
        .def_property_readonly("tax", [](const PyDetail<BonusTaxResult>& r) { return to_decimal(r.result.tax); })
        .def_property_readonly("rate", [](const PyDetail<BonusTaxResult>& r) { return to_decimal(r.result.rate); })
        .def_property_readonly("quick_deduction", [](const PyDetail<BonusTaxResult>& r) { return to_decimal(r.result.quick_deduction); })
        .def("explain", [](const PyDetail<BonusTaxResult>& r, py::object lang) { return py_language::explain_english(r.result.explanation, lang); }, py::arg("lang") = py::none())
        .def("steps", [](const PyDetail<BonusTaxResult>& r) { return steps_of(r.result.explanation); });

    auto bonus_impl = [](py::object year, py::object bonus, py::object tables, bool explain) {
        auto t = tables_or_builtin(tables);
        const TaxYear& ty = t->year(to_year(year));
        return bonus_tax(ty, to_money(bonus, "bonus"), explain);
    };
    m.def(
        "bonus_tax", [bonus_impl](py::object year, py::object bonus, py::object tables) { return to_decimal(bonus_impl(year, bonus, tables, false).tax); },
        R"doc(
Tax on an annual one-time bonus taxed separately (bonus / 12 selects the row of the monthly-converted
table; tax = bonus x rate - quick deduction). Returns Decimal. Raises libtax.NotAvailableError
(a ValueError) when the year is outside the legal window of separate taxation.)doc",
        py::arg("year"), py::arg("bonus"), py::kw_only(), py::arg("tables") = py::none());
    m.def(
        "bonus_tax_detail",
        [bonus_impl](py::object year, py::object bonus, py::object tables) { return PyDetail<BonusTaxResult>{bonus_impl(year, bonus, tables, true)}; },
        "Like bonus_tax, returning a BonusTax with .tax, .rate and .explain().", py::arg("year"), py::arg("bonus"), py::kw_only(),
        py::arg("tables") = py::none());

    py::class_<PyBonusComparison>(m, "BonusComparison", "Separate against merged taxation of an annual bonus.")
        .def_property_readonly("separate_total", [](const PyBonusComparison& r) { return to_decimal(r.result.separate_total); },
                               "Tax on other income plus the bonus taxed separately.")
        .def_property_readonly("merged_total", [](const PyBonusComparison& r) { return to_decimal(r.result.merged_total); },
                               "Tax with the bonus merged into wages.")
        .def_property_readonly("cheaper", [](const PyBonusComparison& r) { return r.result.separate_is_cheaper ? "separate" : "merged"; },
                               "'separate' or 'merged' (ties: 'merged').")
        .def_property_readonly("saving", [](const PyBonusComparison& r) { return to_decimal(r.result.saving); })
        .def("explain", [](const PyBonusComparison& r, py::object lang) {
            return py_language::explain_english(compare_bonus_treatment(r.tables->year(r.result.merged.year), r.input, r.bonus, true).explanation, lang);
        }, py::arg("lang") = py::none());
    m.def(
        "bonus_comparison",
        [](py::object year, py::object bonus, py::object wages, py::object labour, py::object author, py::object royalties,
           py::object social_insurance, py::object special_additional, py::object other_deductions, py::object tables) {
            PyBonusComparison r;
            r.tables = tables_or_builtin(tables);
            const TaxYear& ty = r.tables->year(to_year(year));
            r.input = comprehensive_input(wages, labour, author, royalties, social_insurance, special_additional, other_deductions);
            r.bonus = to_money(bonus, "bonus");
            r.result = compare_bonus_treatment(ty, r.input, r.bonus);
            return r;
        },
        "Separate against merged taxation of an annual bonus for the year's other comprehensive income; names the cheaper.",
        py::arg("year"), py::arg("bonus"), py::kw_only(), py::arg("wages") = 0, py::arg("labour") = 0, py::arg("author") = 0,
        py::arg("royalties") = 0, py::arg("social_insurance") = 0, py::arg("special_additional") = 0,
        py::arg("other_deductions") = 0, py::arg("tables") = py::none());

    py::class_<PyDetail<PrepaymentResult>>(m, "Prepayment", "Resident prepayment on one payment.")
        .def_property_readonly("tax", [](const PyDetail<PrepaymentResult>& r) { return to_decimal(r.result.tax); })
        .def_property_readonly("taxable", [](const PyDetail<PrepaymentResult>& r) { return to_decimal(r.result.taxable); })
        .def_property_readonly("expense", [](const PyDetail<PrepaymentResult>& r) { return to_decimal(r.result.expense); })
        .def_property_readonly("rate", [](const PyDetail<PrepaymentResult>& r) { return to_decimal(r.result.rate); })
        .def("explain", [](const PyDetail<PrepaymentResult>& r, py::object lang) { return py_language::explain_english(r.result.explanation, lang); }, py::arg("lang") = py::none())
        .def("steps", [](const PyDetail<PrepaymentResult>& r) { return steps_of(r.result.explanation); });

    struct KindName {
        PaymentKind kind;
        const char* name;
        const char* what;
    };
    for (const KindName k : {KindName{PaymentKind::labour, "labour_withholding", "labour remuneration"},
                             KindName{PaymentKind::author, "author_withholding", "author's remuneration"},
                             KindName{PaymentKind::royalties, "royalty_withholding", "royalties"}}) {
        const PaymentKind kind = k.kind;
        const std::string doc = std::string("Resident prepayment (withholding) on one payment of ") + k.what +
                                " (STA Announcement 2018 No. 61 art. 8). Returns Decimal.";
        m.def(
            k.name,
            [kind](py::object year, py::object amount, py::object tables) {
                auto t = tables_or_builtin(tables);
                const TaxYear& ty = t->year(to_year(year));
                return to_decimal(resident_prepayment(ty, kind, payment_amount(amount)).tax);
            },
            doc.c_str(), py::arg("year"), py::arg("amount"), py::kw_only(), py::arg("tables") = py::none());
        m.def(
            (std::string(k.name) + "_detail").c_str(),
            [kind](py::object year, py::object amount, py::object tables) {
                auto t = tables_or_builtin(tables);
                const TaxYear& ty = t->year(to_year(year));
                return PyDetail<PrepaymentResult>{resident_prepayment(ty, kind, payment_amount(amount), true)};
            },
            (std::string("Like ") + k.name + ", returning a Prepayment with .tax and .explain().").c_str(), py::arg("year"),
            py::arg("amount"), py::kw_only(), py::arg("tables") = py::none());
    }

    py::class_<PyDetail<BusinessTaxResult>>(m, "BusinessTax", "Tax on business (operating) income.")
        .def_property_readonly("tax", [](const PyDetail<BusinessTaxResult>& r) { return to_decimal(r.result.tax); })
        .def_property_readonly("rate", [](const PyDetail<BusinessTaxResult>& r) { return to_decimal(r.result.rate); })
        .def("explain", [](const PyDetail<BusinessTaxResult>& r, py::object lang) { return py_language::explain_english(r.result.explanation, lang); }, py::arg("lang") = py::none())
        .def("steps", [](const PyDetail<BusinessTaxResult>& r) { return steps_of(r.result.explanation); });
    m.def(
        "business_tax",
        [](py::object year, py::object taxable_income, py::object tables) {
            auto t = tables_or_builtin(tables);
            return to_decimal(business_tax(t->year(to_year(year)), to_money(taxable_income, "taxable_income")).tax);
        },
        "Tax on business (operating) income given its taxable income (IIT Law Annex Table 2). Returns Decimal.",
        py::arg("year"), py::arg("taxable_income"), py::kw_only(), py::arg("tables") = py::none());
    m.def(
        "business_tax_detail",
        [](py::object year, py::object taxable_income, py::object tables) {
            auto t = tables_or_builtin(tables);
            return PyDetail<BusinessTaxResult>{business_tax(t->year(to_year(year)), to_money(taxable_income, "taxable_income"), true)};
        },
        "Like business_tax, returning a BusinessTax with .tax and .explain().", py::arg("year"), py::arg("taxable_income"),
        py::kw_only(), py::arg("tables") = py::none());

    m.def("years", []() { return Tables::builtin().years(); }, "Tax years the built-in tables cover.");
}
