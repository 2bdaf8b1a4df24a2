// libtax._core: the ordinary IIT calculators and the tables, for Python.
// Names and keywords follow the Python contract of the core issue exactly.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include "contract_adapter.hpp"
#include "libtax/comprehensive/donations.hpp"
#include "libtax/separate/private_pension.hpp"
#include "convert.hpp"
#include "fast_call.hpp"
#include "language.hpp"

namespace py = pybind11;
using namespace libtax;
using namespace libtax::py_boundary;

namespace {

/// A result kept with what produced it, so explain() can replay the calculation with steps.
struct PyAnnualTax {
    std::shared_ptr<const Tables> tables;
    ComprehensiveIncome input;
    DeductionItems items;  ///< deductions given as items instead of totals
    AnnualTaxResult result;
    AnnualTaxResult compute() const {
        const TaxYear& y = tables->year(result.year);
        return items.special_additional || items.other ? annual_tax(y, input, items) : annual_tax(y, input);
    }
    /// Replays the calculation into a trace (explain(lang) renders it in any language); deductions
    /// given as items record their items' steps under the totals.
    auto replay() const {
        return [this](Trace* t) {
            const TaxYear& y = tables->year(result.year);
            if (items.special_additional || items.other) annual_tax(y, input, items, t);
            else annual_tax(y, input, t);
        };
    }
};

// ---- special additional deductions from their items (comprehensive/special_additional_deductions.hpp)
int item_int(py::handle v, const std::string& key) {
    if (PyBool_Check(v.ptr()) || !PyLong_Check(v.ptr())) throw InputError(key, py::str(py::repr(v)).cast<std::string>(), "expected a whole number");
    const long long x = v.cast<long long>();
    if (x < -100000 || x > 100000) throw InputError(key, std::to_string(x), "out of range");
    return static_cast<int>(x);
}
bool item_bool(py::handle v, const std::string& key) {
    if (!PyBool_Check(v.ptr())) throw InputError(key, py::str(py::repr(v)).cast<std::string>(), "expected True or False");
    return v.cast<bool>();
}
std::vector<ChildMonths> item_children(py::handle v, const std::string& key) {
    if (PyLong_Check(v.ptr()) && !PyBool_Check(v.ptr())) {  // a number of children, each the whole year, one parent
        const int n = item_int(v, key);
        if (n < 0 || n > 30) throw InputError(key, std::to_string(n), "expected a number of children (0-30) or a list of {months, split}");
        return std::vector<ChildMonths>(static_cast<std::size_t>(n));
    }
    if (!py::isinstance<py::list>(v) && !py::isinstance<py::tuple>(v))
        throw InputError(key, py::str(py::repr(v)).cast<std::string>(), "expected a number of children or a list of {months, split}");
    std::vector<ChildMonths> out;
    std::size_t i = 0;
    for (py::handle c : v) {
        const std::string at = key + "[" + std::to_string(i++) + "]";
        if (!py::isinstance<py::dict>(c)) throw InputError(at, py::str(py::repr(c)).cast<std::string>(), "expected {'months': 12, 'split': False}");
        ChildMonths k;
        for (auto kv : c.cast<py::dict>()) {
            const std::string f = py::str(kv.first).cast<std::string>();
            if (f == "months") k.months = item_int(kv.second, at + ".months");
            else if (f == "split") k.split = item_bool(kv.second, at + ".split");
            else throw InputError(at + "." + f, py::str(py::repr(kv.second)).cast<std::string>(), "unknown key (expected months, split)");
        }
        out.push_back(k);
    }
    return out;
}
OtherDeductionItems other_items(const py::dict& d) {
    OtherDeductionItems in;
    for (auto kv : d) {
        const std::string k = py::str(kv.first).cast<std::string>();
        if (k == "commercial_health_insurance") in.commercial_health_insurance = to_money(kv.second, k.c_str());
        else if (k == "private_pension") in.private_pension = to_money(kv.second, k.c_str());
        else if (k == "tax_deferred_pension") in.tax_deferred_pension = to_money(kv.second, k.c_str());
        else if (k == "tax_deferred_pension_wages") in.tax_deferred_pension_wages = to_money(kv.second, k.c_str());
        else if (k == "tax_deferred_pension_months") in.tax_deferred_pension_months = item_int(kv.second, k);
        else
            throw InputError(k, py::str(py::repr(kv.second)).cast<std::string>(),
                             "unknown other deduction item (expected one of: commercial_health_insurance, private_pension, "
                             "tax_deferred_pension, tax_deferred_pension_wages, tax_deferred_pension_months)");
    }
    return in;
}
SpecialAdditionalItems sad_items(const py::dict& d) {
    SpecialAdditionalItems in;
    for (auto kv : d) {
        const std::string k = py::str(kv.first).cast<std::string>();
        const py::handle v = kv.second;
        if (k == "children_education") in.children_education = item_children(v, k);
        else if (k == "infant_care") in.infant_care = item_children(v, k);
        else if (k == "degree_education_months") in.degree_education_months = item_int(v, k);
        else if (k == "degree_months_before") in.degree_months_before = item_int(v, k);
        else if (k == "vocational_certificate") in.vocational_certificate = item_bool(v, k);
        else if (k == "serious_illness_expense") in.serious_illness_expense = to_money(v, k.c_str());
        else if (k == "housing_loan_months") in.housing_loan_months = item_int(v, k);
        else if (k == "housing_loan_months_before") in.housing_loan_months_before = item_int(v, k);
        else if (k == "housing_loan_split") in.housing_loan_split = item_bool(v, k);
        else if (k == "housing_rent_months") in.housing_rent_months = item_int(v, k);
        else if (k == "housing_rent_tier") in.housing_rent_tier = item_int(v, k);
        else if (k == "elderly_support_months") in.elderly_support_months = item_int(v, k);
        else if (k == "elderly_only_child") in.elderly_only_child = item_bool(v, k);
        else if (k == "elderly_monthly_share") in.elderly_monthly_share = to_money(v, k.c_str());
        else
            throw InputError(k, py::str(py::repr(v)).cast<std::string>(),
                             "unknown special additional deduction item (expected one of: children_education, infant_care, "
                             "degree_education_months, degree_months_before, vocational_certificate, serious_illness_expense, "
                             "housing_loan_months, housing_loan_months_before, housing_loan_split, housing_rent_months, "
                             "housing_rent_tier, elderly_support_months, elderly_only_child, elderly_monthly_share)");
    }
    return in;
}

/// The declared comprehensive-income keywords (libtax/contract/comprehensive_income.hpp).
ComprehensiveIncome comprehensive_input(const py::dict& kw, const std::vector<std::string>& also) {
    const ComprehensiveIncome in = read_declared(contract::comprehensive_income(), kw, ComprehensiveIncome(), also);
    in.validate();
    return in;
}

/// annual_tax's fast path (fast_call.hpp): the year as an int, declared money keywords as plain
/// amounts, the built-in tables; anything else (items as dicts, tables given, a bad value) is
/// null, and the general function answers it. The arguments are read and the result is made with
/// the GIL held; the computation runs with it released, as every scalar call's does
/// (convert.hpp, without_gil), so other Python threads run meanwhile and a thread test reaches
/// the engine concurrently through this path too.
PyObject* annual_tax_fast(PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    static const fast::MoneyKeywords<ComprehensiveIncome> keywords(contract::comprehensive_income());
    static PyObject* const tables_keyword = PyUnicode_InternFromString("tables");
    static std::shared_ptr<const Tables> builtin;
    if (nargs != 1) return nullptr;
    const int year = fast::plain_year(args[0]);
    if (year < 0) return nullptr;
    PyAnnualTax r;
    const Py_ssize_t given = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t i = 0; i < given; ++i) {
        PyObject* key = PyTuple_GET_ITEM(kwnames, i);
        PyObject* value = args[nargs + i];
        if (key == tables_keyword && value == Py_None) continue;
        const auto slot = keywords.find(key);
        std::int64_t fen = 0;
        if (!slot || !fast::plain_fen(value, fen)) return nullptr;
        *slot(r.input) = Money::fen(fen);
    }
    const TaxYear* ty = nullptr;
    try {
        if (!builtin) builtin = Tables::builtin_shared();  // the static is set with the GIL held
        if (!builtin->covers(year)) return nullptr;
        ty = &builtin->year(year);
    } catch (...) {
        return nullptr;
    }
    bool computed = true;
    Py_BEGIN_ALLOW_THREADS
    try {
        r.input.validate();
        r.result = annual_tax(*ty, r.input);
    } catch (...) {  // the general path raises the same error with its own message
        computed = false;
    }
    Py_END_ALLOW_THREADS
    if (!computed) return nullptr;
    r.tables = builtin;
    return fast::new_instance(std::move(r));
}
Money tax_of(const PyAnnualTax& r) { return r.result.tax; }
Money taxable_income_of(const PyAnnualTax& r) { return round_half_up(r.result.taxable_income); }
Money income_amount_of(const PyAnnualTax& r) { return round_half_up(r.result.income_amount); }

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
    py_language::KeptTrace trace;  ///< the calculation's trace, for explain(lang); null: English only
};

/// A result computed with its trace kept, so that explain(lang) renders it in any language.
template <class R, class Compute>
PyDetail<R> detail_traced(Compute&& compute) {
    auto [r, trace] = py_language::computed_traced<R>(std::forward<Compute>(compute));
    return PyDetail<R>{std::move(r), std::move(trace)};
}

}  // namespace

const char* kExplainDoc = "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).";

PYBIND11_MODULE(_core, m) {
    m.def("set_language", &set_default_language, py::arg("language"),
          "Sets the language of every .explain() and .steps() called without lang: \"zh\", \"en\" or \"both\".");
    m.def("get_language", &default_language, "The language of .explain() without lang (\"en\" unless set_language changed it).");
    m.def(
        "messages",
        [](const std::string& language) { return Catalogue::builtin(language).messages(); }, py::arg("language"),
        "messages(language: str) -> Dict[str, str]\n\nThe built-in message catalogue of a language (\"zh\", \"en\"): message id -> "
        "template with {placeholders} (libtax/messages/<lang>.yaml).");
    m.def(
        "_read_problem",
        [](const std::string& problem) {
            // a problem written in English by C++ code (a batch kernel's refusal), read as the
            // errors are read (core/error_text.hpp), for the package's Python errors that carry it
            const ErrorMessage em = read_message(problem);
            py::dict args;
            for (const auto& a : em.args)
                if (a.name != "problem") args[py::str(a.name)] = a.value.text;
            py::object id = em.translated() ? py::object(py::str(em.problem_id)) : py::object(py::none());
            return py::make_tuple(id, args, Catalogue::builtin("zh").format(em.id, em.args));
        },
        py::arg("problem"), "(message id or None, arguments, Chinese text) of an English problem text.");
    m.doc() = "libtax core: exact PRC individual income tax on yearly tables";
    register_errors(m);

    py::class_<Tables, std::shared_ptr<Tables>>(m, "Tables", R"doc(
A set of loaded tax tables. Immutable; share one between threads freely.

Tables.builtin() are the tables compiled into the library; Tables.load(directory) reads a
directory laid out like the repository's tables/ (cn/<year>.yaml ...). Every calculator takes
tables=... to compute on other tables.)doc")
        .def_static("builtin", []() { return std::const_pointer_cast<Tables>(Tables::builtin_shared()); },
                    "The built-in tables (tax years 2019-2027).")
        .def_static("load", [](py::object dir) {
                        if (!PyUnicode_Check(dir.ptr()) && !PyObject_HasAttrString(dir.ptr(), "__fspath__"))
                            throw InputError("tables directory", repr_of(dir), "expected a path (str or os.PathLike)");
                        const py::object path = py::module_::import("os").attr("fspath")(dir);
                        if (!PyUnicode_Check(path.ptr())) throw InputError("tables directory", repr_of(dir), "expected a text path");
                        return std::const_pointer_cast<Tables>(Tables::load(to_text(path, "tables directory")));
                    },
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
        .def_static("_read_document", [](py::handle path) { return detail::read_bounded_file(to_text(path, "path"), std::size_t{4} << 20); },
                    "The text of a table-like YAML file: a regular file of at most 4 MiB (TableError otherwise).")
        .def_static("_check_document", [](py::handle name, py::handle text) { detail::guard_document(to_text(name, "name"), to_text(text, "text")); },
                    "The loader's guards on a YAML text before it is parsed: size, nesting, anchors/aliases, one document.")
        .def_property_readonly("origin", &Tables::origin, "'built-in' or the directory loaded.")
        .def("__repr__", [](const Tables& t) {
            auto y = t.years();
            return "<libtax.Tables " + t.origin() + " " + (y.empty() ? std::string("(empty)") : std::to_string(y.front()) + "-" + std::to_string(y.back())) + ">";
        });

    py::class_<PyAnnualTax>(m, "AnnualTax", "Annual comprehensive income tax of a resident, with its explanation.")
        .def_property_readonly("year", [](const PyAnnualTax& r) { return r.result.year; })
        .def_property_readonly("tax", [](const PyAnnualTax& r) { return decimal(r.result.tax); }, "Tax, Decimal yuan to the fen.")
        .def_property_readonly("taxable_income", [](const PyAnnualTax& r) { return decimal(r.result.taxable_income); },
                               "Taxable income (never negative), Decimal yuan rounded half-up to the fen.")
        .def_property_readonly("income_amount", [](const PyAnnualTax& r) { return decimal(r.result.income_amount); },
                               "Comprehensive income amount (wages + 80% labour and royalties + 56% author's), to the fen.")
        .def_property_readonly("rate", [](const PyAnnualTax& r) { return decimal(r.result.rate); }, "Rate of the bracket applied (Decimal).")
        .def_property_readonly("quick_deduction", [](const PyAnnualTax& r) { return decimal(r.result.quick_deduction); })
        .def_property_readonly("bracket", [](const PyAnnualTax& r) { return r.result.bracket + 1; },
                               "1-based bracket of the annual table; 0 when nothing is taxable.")
        .def("explain", [](const PyAnnualTax& r, py::object lang) { return py_language::explain_traced(lang, r.replay()); }, py::arg("lang") = py::none(),
             "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def("steps", [](const PyAnnualTax& r, py::object lang) { return py_language::steps_traced(lang, r.replay()); }, py::arg("lang") = py::none(),
             "The steps as a list of dicts (label, value, formula, basis) in lang.")
        .def("__repr__", [](const PyAnnualTax& r) {
            return "<AnnualTax " + std::to_string(r.result.year) + " tax=" + r.result.tax.str() + " taxable_income=" + round_half_up(r.result.taxable_income).str() + ">";
        });
    {  // the figures most read, through plain getters (fast_call.hpp): same values, same docs
        py::object cls = m.attr("AnnualTax");
        fast::fast_decimal_property<PyAnnualTax, tax_of>(cls, "tax", "(arg0: libtax._core.AnnualTax) -> decimal.Decimal\n",
                                                         "Tax, Decimal yuan to the fen.");
        fast::fast_decimal_property<PyAnnualTax, taxable_income_of>(
            cls, "taxable_income", "(arg0: libtax._core.AnnualTax) -> decimal.Decimal\n",
            "Taxable income (never negative), Decimal yuan rounded half-up to the fen.");
        fast::fast_decimal_property<PyAnnualTax, income_amount_of>(
            cls, "income_amount", "(arg0: libtax._core.AnnualTax) -> decimal.Decimal\n",
            "Comprehensive income amount (wages + 80% labour and royalties + 56% author's), to the fen.");
    }

    m.def(
        "_contract",
        [](const std::string& name) {
            if (name == "comprehensive_income") return declared_fields(contract::comprehensive_income());
            if (name == "talent_case") return declared_fields(contract::talent_case());
            if (name == "month_input") return declared_fields(contract::month_input());
            if (name == "reconciliation_input") return declared_fields(contract::reconciliation_input());
            throw InputError("contract", "'" + name + "'", "no such declared contract (comprehensive_income, talent_case, month_input, reconciliation_input)");
        },
        py::arg("name"), "The declared fields of a calculator's input (libtax/contract/), as dicts.");

    py::options generated;  // the signature lines of the declared functions are generated below
    generated.disable_function_signatures();
    const std::string annual_doc = declared_doc("annual_tax", {kYear}, contract::comprehensive_income(), {kTables}, "AnnualTax", R"doc(Annual tax on a resident's comprehensive income (IIT Law arts. 3, 6; Annex Table 1).

Amounts are yuan as int, float, str or decimal.Decimal. Returns an AnnualTax with .tax,
.taxable_income (Decimal) and .explain(). Raises libtax.InputError (a ValueError) naming the field
for negative or non-finite amounts or an unknown keyword, libtax.CoverageError for a year no
table covers.)doc");
    fast::def_fast<annual_tax_fast>(m, "annual_tax", py::cpp_function(
        [](py::object year, py::kwargs kw) {
            py::dict args(kw);
            PyAnnualTax r;
            r.tables = tables_or_builtin(take(args, "tables"));
            const TaxYear& ty = r.tables->year(to_year(year));
            // special_additional / other_deductions may be given as their items (a dict) instead of a total
            if (args.contains("special_additional") && py::isinstance<py::dict>(args["special_additional"]))
                r.items.special_additional = sad_items(take(args, "special_additional").cast<py::dict>());
            if (args.contains("other_deductions") && py::isinstance<py::dict>(args["other_deductions"]))
                r.items.other = other_items(take(args, "other_deductions").cast<py::dict>());
            r.input = comprehensive_input(args, {"tables"});
            r.result.year = ty.year;
            r.result = without_gil([&] { return r.compute(); });
            return r;
        },
        py::name("annual_tax"), py::scope(m), annual_doc.c_str(), py::arg("year")));
    generated.enable_function_signatures();

    py::class_<PyDetail<SpecialAdditionalResult>>(m, "SpecialAdditionalDeductions", "Special additional deductions from their items.")
        .def_property_readonly("total", [](const PyDetail<SpecialAdditionalResult>& r) { return to_decimal(r.result.total); })
        .def_property_readonly("items", [](const PyDetail<SpecialAdditionalResult>& r) {
            const auto& x = r.result;
            py::dict d;
            d["children_education"] = to_decimal(x.children_education);
            d["infant_care"] = to_decimal(x.infant_care);
            d["continuing_education"] = to_decimal(x.continuing_education);
            d["serious_illness"] = to_decimal(x.serious_illness);
            d["housing_loan_interest"] = to_decimal(x.housing_loan_interest);
            d["housing_rent"] = to_decimal(x.housing_rent);
            d["elderly_support"] = to_decimal(x.elderly_support);
            return d;
        })
        .def("explain", [](const PyDetail<SpecialAdditionalResult>& r, py::object lang) { return py_language::explain(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
             kExplainDoc)
        .def("steps", [](const PyDetail<SpecialAdditionalResult>& r, py::object lang) { return py_language::steps(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none());
    m.def(
        "special_additional_deductions",
        [](py::object year, py::object tables, py::kwargs items) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            const SpecialAdditionalItems in = sad_items(items);
            return detail_traced<SpecialAdditionalResult>([&](Trace* tr) { return special_additional_deductions(ty, in, tr); });
        },
        "The year's special additional deductions from their items (Guofa [2018] 41 and later), amounts, caps, sharing "
        "and dates from the tables: children_education / infant_care (a number of children, or a list of "
        "{'months': 12, 'split': False}), degree_education_months, degree_months_before, vocational_certificate, "
        "serious_illness_expense, housing_loan_months, housing_loan_months_before, housing_loan_split, housing_rent_months, "
        "housing_rent_tier (1-3), elderly_support_months, elderly_only_child, elderly_monthly_share. Returns "
        ".total, .items and .explain(). annual_tax(special_additional={...}) takes the same items.",
        py::arg("year"), py::kw_only(), py::arg("tables") = py::none());

    py::class_<PyDetail<OtherDeductionsResult>>(m, "OtherDeductions", "Other deductions from their items, each within its cap.")
        .def_property_readonly("total", [](const PyDetail<OtherDeductionsResult>& r) { return to_decimal(r.result.total); })
        .def("explain", [](const PyDetail<OtherDeductionsResult>& r, py::object lang) { return py_language::explain(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
             kExplainDoc)
        .def("steps", [](const PyDetail<OtherDeductionsResult>& r, py::object lang) { return py_language::steps(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none());
    m.def(
        "other_deductions",
        [](py::object year, py::object tables, py::kwargs items) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            const OtherDeductionItems in = other_items(items);
            return detail_traced<OtherDeductionsResult>([&](Trace* tr) { return other_deductions(ty, in, tr); });
        },
        "The year's other deductions from their items, each capped by the tables: commercial_health_insurance, "
        "private_pension, tax_deferred_pension (with tax_deferred_pension_wages and _months). annual_tax(other_deductions={...}) "
        "takes the same items.",
        py::arg("year"), py::kw_only(), py::arg("tables") = py::none());

    py::class_<PyDetail<BonusTaxResult>>(m, "BonusTax", "Separate taxation of an annual one-time bonus.")
        .def_property_readonly("tax", [](const PyDetail<BonusTaxResult>& r) { return decimal(r.result.tax); })
        .def_property_readonly("rate", [](const PyDetail<BonusTaxResult>& r) { return decimal(r.result.rate); })
        .def_property_readonly("quick_deduction", [](const PyDetail<BonusTaxResult>& r) { return decimal(r.result.quick_deduction); })
        .def("explain", [](const PyDetail<BonusTaxResult>& r, py::object lang) { return py_language::explain(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
             kExplainDoc)
        .def("steps", [](const PyDetail<BonusTaxResult>& r, py::object lang) { return py_language::steps(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none());

    auto bonus_impl = [](py::object year, py::object bonus, py::object tables, Trace* trace) {
        auto t = tables_or_builtin(tables);
        const TaxYear& ty = t->year(to_year(year));
        return bonus_tax(ty, to_money(bonus, "bonus"), trace);
    };
    m.def(
        "bonus_tax", [bonus_impl](py::object year, py::object bonus, py::object tables) { return decimal(bonus_impl(year, bonus, tables, nullptr).tax); },
        R"doc(
Tax on an annual one-time bonus taxed separately (bonus / 12 selects the row of the monthly-converted
table; tax = bonus x rate - quick deduction). Returns Decimal. Raises libtax.NotAvailableError
(a ValueError) when the year is outside the legal window of separate taxation.)doc",
        py::arg("year"), py::arg("bonus"), py::kw_only(), py::arg("tables") = py::none());
    m.def(
        "bonus_tax_detail",
        [bonus_impl](py::object year, py::object bonus, py::object tables) {
            return detail_traced<BonusTaxResult>([&](Trace* trace) { return bonus_impl(year, bonus, tables, trace); });
        },
        "Like bonus_tax, returning a BonusTax with .tax, .rate and .explain().", py::arg("year"), py::arg("bonus"), py::kw_only(),
        py::arg("tables") = py::none());

    py::class_<PyBonusComparison>(m, "BonusComparison", "Separate against merged taxation of an annual bonus.")
        .def_property_readonly("separate_total", [](const PyBonusComparison& r) { return decimal(r.result.separate_total); },
                               "Tax on other income plus the bonus taxed separately.")
        .def_property_readonly("merged_total", [](const PyBonusComparison& r) { return decimal(r.result.merged_total); },
                               "Tax with the bonus merged into wages.")
        .def_property_readonly("cheaper", [](const PyBonusComparison& r) { return r.result.separate_is_cheaper ? "separate" : "merged"; },
                               "'separate' or 'merged' (ties: 'merged').")
        .def_property_readonly("saving", [](const PyBonusComparison& r) { return decimal(r.result.saving); })
        .def("explain", [](const PyBonusComparison& r, py::object lang) {
            return py_language::explain_traced(lang, [&](Trace* t) { compare_bonus_treatment(r.tables->year(r.result.merged.year), r.input, r.bonus, t); });
        }, py::arg("lang") = py::none(), kExplainDoc)
        .def("steps", [](const PyBonusComparison& r, py::object lang) {
            return py_language::steps_traced(lang, [&](Trace* t) { compare_bonus_treatment(r.tables->year(r.result.merged.year), r.input, r.bonus, t); });
        }, py::arg("lang") = py::none());
    {
        py::options generated_here;
        generated_here.disable_function_signatures();
        const std::string doc = declared_doc(
            "bonus_comparison", {kYear, {"bonus", "Amount", ""}}, contract::comprehensive_income(), {kTables}, "BonusComparison",
            "Separate against merged taxation of an annual bonus for the year's other comprehensive income; names the cheaper.");
        m.def(
            "bonus_comparison",
            [](py::object year, py::object bonus, py::kwargs kw) {
                py::dict args(kw);
                PyBonusComparison r;
                r.tables = tables_or_builtin(take(args, "tables"));
                const TaxYear& ty = r.tables->year(to_year(year));
                r.input = comprehensive_input(args, {"tables"});
                r.bonus = to_money(bonus, "bonus");
                r.result = compare_bonus_treatment(ty, r.input, r.bonus);
                return r;
            },
            doc.c_str(), py::arg("year"), py::arg("bonus"));
    }

    py::class_<PyDetail<PrepaymentResult>>(m, "Prepayment", "Resident prepayment on one payment.")
        .def_property_readonly("tax", [](const PyDetail<PrepaymentResult>& r) { return decimal(r.result.tax); })
        .def_property_readonly("taxable", [](const PyDetail<PrepaymentResult>& r) { return decimal(r.result.taxable); })
        .def_property_readonly("expense", [](const PyDetail<PrepaymentResult>& r) { return decimal(r.result.expense); })
        .def_property_readonly("rate", [](const PyDetail<PrepaymentResult>& r) { return decimal(r.result.rate); })
        .def("explain", [](const PyDetail<PrepaymentResult>& r, py::object lang) { return py_language::explain(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
             kExplainDoc)
        .def("steps", [](const PyDetail<PrepaymentResult>& r, py::object lang) { return py_language::steps(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none());

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
                const Money paid = payment_amount(amount);
                return decimal(without_gil([&] { return resident_prepayment(ty, kind, paid).tax; }));
            },
            doc.c_str(), py::arg("year"), py::arg("amount"), py::kw_only(), py::arg("tables") = py::none());
        m.def(
            (std::string(k.name) + "_detail").c_str(),
            [kind](py::object year, py::object amount, py::object tables) {
                auto t = tables_or_builtin(tables);
                const TaxYear& ty = t->year(to_year(year));
                const Money paid = payment_amount(amount);
                return detail_traced<PrepaymentResult>([&](Trace* trace) { return resident_prepayment(ty, kind, paid, trace); });
            },
            (std::string("Like ") + k.name + ", returning a Prepayment with .tax and .explain().").c_str(), py::arg("year"),
            py::arg("amount"), py::kw_only(), py::arg("tables") = py::none());
    }

    py::class_<PyDetail<BusinessTaxResult>>(m, "BusinessTax", "Tax on business (operating) income.")
        .def_property_readonly("tax", [](const PyDetail<BusinessTaxResult>& r) { return decimal(r.result.tax); })
        .def_property_readonly("rate", [](const PyDetail<BusinessTaxResult>& r) { return decimal(r.result.rate); })
        .def_property_readonly("tax_before_relief", [](const PyDetail<BusinessTaxResult>& r) { return decimal(r.result.tax_before_relief); })
        .def_property_readonly("other_relief", [](const PyDetail<BusinessTaxResult>& r) { return decimal(r.result.other_relief); })
        .def_property_readonly("halving_relief", [](const PyDetail<BusinessTaxResult>& r) { return decimal(r.result.halving_relief); })
        .def("explain", [](const PyDetail<BusinessTaxResult>& r, py::object lang) { return py_language::explain(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
             kExplainDoc)
        .def("steps", [](const PyDetail<BusinessTaxResult>& r, py::object lang) { return py_language::steps(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none());
    // individual_business: the halving for individual businesses (business_tax.hpp)
    const auto business_options = [](py::object individual_business, py::object other_relief) {
        BusinessTaxOptions o;
        if (!py::isinstance<py::bool_>(individual_business))
            throw InputError("individual_business", py::str(py::repr(individual_business)).cast<std::string>(), "expected True or False");
        o.individual_business = individual_business.cast<bool>();
        o.other_relief = to_money(other_relief, "other_relief");
        return o;
    };
    m.def(
        "business_tax",
        [business_options](py::object year, py::object taxable_income, py::object individual_business, py::object other_relief, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            const Money income = to_money(taxable_income, "taxable_income");
            const BusinessTaxOptions options = business_options(individual_business, other_relief);
            return decimal(without_gil([&] { return business_tax(ty, income, options).tax; }));
        },
        "Tax on business (operating) income given its taxable income (IIT Law Annex Table 2); individual_business=True "
        "applies the halving in force that year, after other_relief (tax reduced under other provisions). Returns Decimal.",
        py::arg("year"), py::arg("taxable_income"), py::kw_only(), py::arg("individual_business") = false,
        py::arg("other_relief") = 0, py::arg("tables") = py::none());
    m.def(
        "business_tax_detail",
        [business_options](py::object year, py::object taxable_income, py::object individual_business, py::object other_relief, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            const Money income = to_money(taxable_income, "taxable_income");
            const BusinessTaxOptions options = business_options(individual_business, other_relief);
            return detail_traced<BusinessTaxResult>([&](Trace* trace) { return business_tax(ty, income, options, trace); });
        },
        "Like business_tax, returning a BusinessTax with .tax, .tax_before_relief, .halving_relief and .explain().",
        py::arg("year"), py::arg("taxable_income"), py::kw_only(), py::arg("individual_business") = false,
        py::arg("other_relief") = 0, py::arg("tables") = py::none());

    // ---- donations and private pension payouts (comprehensive/donations.hpp, separate/private_pension.hpp)
    py::class_<PyDetail<DonationDeduction>>(m, "DonationDeduction", "Charitable donations deducted (IIT Law art. 6 para. 3).")
        .def_property_readonly("deduction", [](const PyDetail<DonationDeduction>& r) { return to_decimal(r.result.deduction); })
        .def_property_readonly("limit", [](const PyDetail<DonationDeduction>& r) { return to_decimal(r.result.limit); })
        .def("explain", [](const PyDetail<DonationDeduction>& r, py::object lang) { return py_language::explain(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
             kExplainDoc)
        .def("steps", [](const PyDetail<DonationDeduction>& r, py::object lang) { return py_language::steps(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none());
    m.def(
        "donation_deduction",
        [](py::object year, py::object taxable_income, py::object donations, py::object full_donations, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            const Money taxable = to_money(taxable_income, "taxable_income"), limited = to_money(donations, "donations"),
                        full = to_money(full_donations, "full_donations");
            return detail_traced<DonationDeduction>([&](Trace* tr) { return donation_deduction(ty, taxable, limited, full, tr); });
        },
        "Donations deducted from a taxable income (before donations): up to 30% of it, plus donations deductible in full.",
        py::arg("year"), py::arg("taxable_income"), py::arg("donations"), py::kw_only(), py::arg("full_donations") = 0,
        py::arg("tables") = py::none());
    py::class_<PyDetail<PrivatePensionWithdrawalTax>>(m, "PrivatePensionTax", "Private pension payout taxed separately.")
        .def_property_readonly("tax", [](const PyDetail<PrivatePensionWithdrawalTax>& r) { return to_decimal(r.result.tax); })
        .def("explain", [](const PyDetail<PrivatePensionWithdrawalTax>& r, py::object lang) { return py_language::explain(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
             kExplainDoc)
        .def("steps", [](const PyDetail<PrivatePensionWithdrawalTax>& r, py::object lang) { return py_language::steps(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none());
    m.def(
        "private_pension_withdrawal_tax",
        [](py::object year, py::object amount, py::object tables) {
            auto t = tables_or_builtin(tables);
            return detail_traced<PrivatePensionWithdrawalTax>([&](Trace* tr) { return private_pension_withdrawal_tax(t->year(to_year(year)), to_money(amount, "amount"), tr); });
        },
        "Tax on a private pension payout, apart from comprehensive income (3%, MOF/STA 2022 No. 34).", py::arg("year"),
        py::arg("amount"), py::kw_only(), py::arg("tables") = py::none());

    m.def("years", []() { return Tables::builtin().years(); }, "Tax years the built-in tables cover.");
}
