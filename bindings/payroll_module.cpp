// libtax._payroll: cumulative monthly withholding and the annual reconciliation, for Python.
// Names and keywords follow the Python contract of the payroll issue exactly; amounts are
// converted once at the boundary (convert.hpp), errors translated by _core.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <set>
#include <string>
#include <vector>

#include "contract_adapter.hpp"
#include "convert.hpp"
#include "language.hpp"

namespace py = pybind11;
using namespace libtax;
using namespace libtax::py_boundary;

namespace {

std::string key_text(py::handle k) { return py::isinstance<py::str>(k) ? k.cast<std::string>() : repr_of(k); }

/// Reads one month's dict by the declared month input (libtax/contract/month_input.hpp), keys
/// limited to `allowed`; `pay_key` names the pay (wage, or labour for continuous labour). Errors
/// name `at` (e.g. "months[3]") and the key.
MonthInput read_month(py::handle item, const std::string& at, int month, const std::set<std::string>& allowed, const char* pay_key) {
    if (!py::isinstance<py::dict>(item)) throw InputError(at, repr_of(item), "expected a dict of amounts");
    const auto& decl = contract::month_input();
    MonthInput m;
    m.month = month;
    for (const auto& kv : py::reinterpret_borrow<py::dict>(item)) {
        const std::string key = key_text(kv.first);
        const std::string field = at.empty() ? key : at + "." + key;
        const contract::Field<MonthInput>* f = allowed.count(key) ? decl.find(key == pay_key ? std::string("wage") : key) : nullptr;
        if (!f) contract::refuse_unknown(field, repr_of(kv.second), std::vector<std::string>(allowed.begin(), allowed.end()));
        set_field(*f, m, kv.second, field);
        if (f->kind == contract::Kind::money) require_non_negative(*std::get<Money* (*)(MonthInput&)>(f->slot)(m), field.c_str());
    }
    if (m.exempt_income > (m.bonus_method == BonusMethod::merged ? m.pay + m.bonus : m.pay))
        throw InputError(at.empty() ? "exempt_income" : at + ".exempt_income", m.exempt_income.str(), "more than the month's pay");
    return m;
}

/// Reads the month dicts of a withholding run; errors name the month index and the key.
std::vector<MonthInput> read_months(py::handle months, int first_month, const std::set<std::string>& allowed,
                                    const char* pay_key) {
    if (py::isinstance<py::str>(months) || py::isinstance<py::dict>(months) || !py::isinstance<py::sequence>(months))
        throw InputError("months", repr_of(months), "expected a list of dicts, one per month");
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(months);
    if (first_month < 1 || first_month > 12) throw InputError("first_month", std::to_string(first_month), "a calendar month is 1 to 12");
    const std::size_t n = seq.size();
    if (first_month + static_cast<int>(n) - 1 > 12)
        throw InputError("months", std::to_string(n) + " months",
                         "starting at month " + std::to_string(first_month) + " they run past December");
    std::vector<MonthInput> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(read_month(seq[i], "months[" + std::to_string(i) + "]", first_month + static_cast<int>(i), allowed, pay_key));
    return out;
}

/// Runs the months; an error from the calculator names the month index too.
/// `traces`, when given, receives each month's trace (and the months their English explanation).
WithholdingRun run_months(const TaxYear& y, const WithholdingTerms& terms, const std::vector<MonthInput>& months,
                          std::vector<py_language::KeptTrace>* traces) {
    WithholdingRun run;
    run.state = start_withholding(y, terms);
    for (std::size_t i = 0; i < months.size(); ++i) {
        try {
            std::shared_ptr<Trace> trace = traces ? std::make_shared<Trace>() : nullptr;
            MonthResult r = without_gil([&] { return withhold_month(y, run.state, months[i], trace.get()); });
            if (traces) {
                r.explanation = english_explanation(*trace);
                traces->push_back(std::move(trace));
            }
            run.total = run.total + r.withheld;
            run.state = r.state;
            run.months.push_back(std::move(r));
        } catch (const NotAvailableError& e) {
            throw NotAvailableError("months[" + std::to_string(i) + "]." + e.field(), e.value(), e.what());
        } catch (const RangeError& e) {
            throw RangeError("months[" + std::to_string(i) + "]." + e.field(), e.value(), e.what());
        } catch (const CoverageError&) {
            throw;
        } catch (const InputError& e) {
            throw InputError("months[" + std::to_string(i) + "]." + e.field(), e.value(), e.what());
        }
    }
    return run;
}

const std::set<std::string> contract_keys{"wage", "exempt_income", "social_insurance", "special_additional", "other_deductions"};
const std::set<std::string> wage_keys{"wage", "exempt_income", "social_insurance", "special_additional", "other_deductions",
                                      "tax_reductions", "bonus", "bonus_method"};
const std::set<std::string> labour_keys{"labour", "exempt_income", "social_insurance", "special_additional", "other_deductions",
                                        "tax_reductions"};

struct PyState {
    std::shared_ptr<const Tables> tables;
    WithholdingState s;
};

struct PyMonth {
    MonthResult r;
    std::shared_ptr<const Tables> tables;
    py_language::KeptTrace trace;  ///< for explain(lang); null: computed without explanation
};

struct PyRun {
    WithholdingRun run;
    std::shared_ptr<const Tables> tables;
    std::vector<py_language::KeptTrace> traces;  ///< one per month
};

const char* kind_name(CumulativeIncome k) {
    switch (k) {
        case CumulativeIncome::wages: return "wages";
        case CumulativeIncome::continuous_labour: return "continuous_labour";
        case CumulativeIncome::commissions: return "commissions";
    }
    return "wages";
}

const std::set<std::string>& keys_for(const WithholdingTerms& t) { return t.income == CumulativeIncome::wages ? wage_keys : labour_keys; }

/// The state as a dict of plain values (amounts as decimal strings), to store between months.
py::dict state_to_dict(const WithholdingState& s) {
    py::dict d;
    d["year"] = s.year;
    d["first_month"] = s.terms.first_month;
    d["income_kind"] = kind_name(s.terms.income);
    d["first_wages_this_year"] = s.terms.first_wages_this_year;
    d["prior_year_low_income"] = s.terms.prior_year_low_income;
    d["prior_year_income"] = s.terms.prior_year_income ? py::object(py::str(s.terms.prior_year_income->str())) : py::object(py::none());
    d["last_month"] = s.last_month;
    d["income_fen"] = py::make_tuple(py::reinterpret_steal<py::object>(PyLong_FromString(detail::to_string128(s.income.num()).c_str(), nullptr, 10)),
                                     py::reinterpret_steal<py::object>(PyLong_FromString(detail::to_string128(s.income.den()).c_str(), nullptr, 10)));
    d["gross"] = s.gross.str();
    d["exempt_income"] = s.exempt_income.str();
    d["social_insurance"] = s.social_insurance.str();
    d["special_additional"] = s.special_additional.str();
    d["other_deductions"] = s.other_deductions.str();
    d["tax_reductions"] = s.tax_reductions.str();
    d["withheld"] = s.withheld.str();
    d["bonus_withheld"] = s.bonus_withheld.str();
    d["bonus_separate"] = s.bonus_separate.str();
    d["bonus_taxed_separately"] = s.bonus_taxed_separately;
    return d;
}

/// A stored state's figures must agree with one another, as withhold_month leaves them: a
/// state that contradicts itself would make the next month withhold a nonsensical amount.
void check_state_consistency(const WithholdingState& s) {
    const auto refuse = [](const std::string& field, const std::string& value, const std::string& problem) {
        throw InputError("state." + field, value, problem + " (the state contradicts itself: was it edited by hand?)");
    };
    if (s.terms.first_month < 1 || s.terms.first_month > 12) refuse("first_month", std::to_string(s.terms.first_month), "expected 1 to 12");
    if (s.last_month != 0 && s.last_month < s.terms.first_month)
        refuse("last_month", std::to_string(s.last_month), "before first_month " + std::to_string(s.terms.first_month));
    const Exact gross(s.gross);
    if (s.terms.income == CumulativeIncome::wages ? s.income != gross : gross < s.income)
        refuse("income_fen", round_half_up(s.income).str(),
               s.terms.income == CumulativeIncome::wages ? "the income amount of wages must equal gross " + s.gross.str()
                                                         : "the income amount is more than gross " + s.gross.str());
    if (s.gross < s.exempt_income) refuse("exempt_income", s.exempt_income.str(), "more than gross " + s.gross.str());
    if (s.gross < s.withheld) refuse("withheld", s.withheld.str(), "more than gross " + s.gross.str());
    if (s.bonus_taxed_separately != !(s.bonus_separate.is_zero() || s.bonus_separate.is_negative()))
        refuse("bonus_taxed_separately", s.bonus_taxed_separately ? "True" : "False", "disagrees with bonus_separate " + s.bonus_separate.str());
    if (s.bonus_separate < s.bonus_withheld) refuse("bonus_withheld", s.bonus_withheld.str(), "more than bonus_separate " + s.bonus_separate.str());
    const bool any = !s.gross.is_zero() || !s.social_insurance.is_zero() || !s.special_additional.is_zero() ||
                     !s.other_deductions.is_zero() || !s.tax_reductions.is_zero() || !s.bonus_separate.is_zero();
    if (s.last_month == 0 && any) refuse("last_month", "0", "no month withheld yet, but the cumulative figures are not zero");
}

WithholdingState state_from_dict(py::handle obj) {
    if (!py::isinstance<py::dict>(obj)) throw InputError("state", repr_of(obj), "expected a dict made by WithholdingState.to_dict()");
    const py::dict d = py::reinterpret_borrow<py::dict>(obj);
    static const std::set<std::string> keys{"year", "first_month", "income_kind", "first_wages_this_year", "prior_year_low_income",
                                            "prior_year_income", "last_month", "income_fen", "gross", "exempt_income", "social_insurance",
                                            "special_additional", "other_deductions", "tax_reductions", "withheld", "bonus_withheld",
                                            "bonus_separate", "bonus_taxed_separately"};
    for (const auto& kv : d)
        if (!keys.count(key_text(kv.first))) throw InputError("state." + key_text(kv.first), repr_of(kv.second), "unknown key");
    for (const auto& k : keys)
        if (!d.contains(k)) throw InputError("state." + k, "(missing)", "required key");
    auto get_int = [&](const char* k) {
        const py::object v = d[k];
        if (!PyLong_Check(v.ptr())) throw InputError(std::string("state.") + k, repr_of(v), "expected a whole number");
        return to_whole(v, (std::string("state.") + k).c_str(), 0, 100000);
    };
    auto get_bool = [&](const char* k) {
        const py::object v = d[k];
        if (!PyBool_Check(v.ptr())) throw InputError(std::string("state.") + k, repr_of(v), "expected True or False");
        return v.cast<bool>();
    };
    auto get_money = [&](const char* k) {
        const Money m = to_money(d[k], (std::string("state.") + k).c_str());
        require_non_negative(m, (std::string("state.") + k).c_str());
        return m;
    };
    WithholdingState s;
    s.year = static_cast<int>(get_int("year"));
    s.terms.first_month = static_cast<int>(get_int("first_month"));
    const std::string kind = py::str(d["income_kind"]).cast<std::string>();
    if (kind == "wages") s.terms.income = CumulativeIncome::wages;
    else if (kind == "continuous_labour") s.terms.income = CumulativeIncome::continuous_labour;
    else if (kind == "commissions") s.terms.income = CumulativeIncome::commissions;
    else throw InputError("state.income_kind", kind, "expected wages, continuous_labour or commissions");
    s.terms.first_wages_this_year = get_bool("first_wages_this_year");
    s.terms.prior_year_low_income = get_bool("prior_year_low_income");
    if (!d["prior_year_income"].is_none()) s.terms.prior_year_income = get_money("prior_year_income");
    s.last_month = static_cast<int>(get_int("last_month"));
    if (s.last_month < 0 || s.last_month > 12) throw InputError("state.last_month", std::to_string(s.last_month), "expected 0 to 12");
    const py::object inc = d["income_fen"];
    if (!py::isinstance<py::tuple>(inc) && !py::isinstance<py::list>(inc)) throw InputError("state.income_fen", repr_of(inc), "expected (numerator, denominator)");
    const py::sequence frac = py::reinterpret_borrow<py::sequence>(inc);
    if (frac.size() != 2) throw InputError("state.income_fen", repr_of(inc), "expected (numerator, denominator)");
    long long num = 0, den = 0;
    try {
        num = frac[0].cast<long long>();
        den = frac[1].cast<long long>();
    } catch (const py::cast_error&) {
        throw InputError("state.income_fen", repr_of(inc), "expected two whole numbers");
    }
    if (den <= 0 || num < 0) throw InputError("state.income_fen", repr_of(inc), "expected a non-negative numerator and a positive denominator");
    s.income = Exact::fen_fraction(num, den);
    s.gross = get_money("gross");
    s.exempt_income = get_money("exempt_income");
    s.social_insurance = get_money("social_insurance");
    s.special_additional = get_money("special_additional");
    s.other_deductions = get_money("other_deductions");
    s.tax_reductions = get_money("tax_reductions");
    s.withheld = get_money("withheld");
    s.bonus_withheld = get_money("bonus_withheld");
    s.bonus_separate = get_money("bonus_separate");
    s.bonus_taxed_separately = get_bool("bonus_taxed_separately");
    check_state_consistency(s);
    return s;
}

struct PyReconciliation {
    std::shared_ptr<const Tables> tables;
    ReconciliationInput input;
    ReconciliationResult result;
    /// Replays the reconciliation into a trace (explain(lang) renders it in any language).
    auto replay() const {
        return [this](Trace* t) { reconcile(tables->year(result.year), input, t); };
    }
};

std::string month_text(const MonthResult& m) {
    return std::to_string(m.year) + "-" + (m.month < 10 ? "0" : "") + std::to_string(m.month);
}

}  // namespace

PYBIND11_MODULE(_payroll, m) {
    m.doc() = "libtax payroll: cumulative monthly withholding and the annual reconciliation";
    py::module_::import("libtax._core");  // registers the error classes and Tables

    m.def(
        "withhold_wages",
        [](py::object year, py::object months, int first_month, bool first_wages_this_year, bool prior_year_low_income,
           py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& y = t->year(to_year(year));
            const auto in = read_months(months, first_month, contract_keys, "wage");
            WithholdingTerms terms;
            terms.first_month = first_month;
            terms.first_wages_this_year = first_wages_this_year;
            terms.prior_year_low_income = prior_year_low_income;
            const WithholdingRun run = run_months(y, terms, in, nullptr);
            py::list out;
            for (const auto& r : run.months) out.append(to_decimal(r.withheld));
            return out;
        },
        R"doc(
Wages withheld month by month by the cumulative method (STA Ann. 2018 No. 61 art. 6).

months: a list of dicts, one per consecutive month worked at this agent starting at calendar month
first_month, with optional keys wage, exempt_income, social_insurance, special_additional,
other_deductions (yuan; missing means 0). first_wages_this_year: STA 2020 No. 13 (from 2020-07-01:
the basic deduction counts from January). prior_year_low_income: STA 2020 No. 19 (from 2021:
60,000 deducted up front). Returns a list of Decimal, the amount withheld in each month. Bad keys
or values raise libtax.InputError (a ValueError) naming the month index and key.)doc",
        py::arg("year"), py::arg("months"), py::kw_only(), py::arg("first_month") = 1, py::arg("first_wages_this_year") = false,
        py::arg("prior_year_low_income") = false, py::arg("tables") = py::none());

    py::class_<PyMonth>(m, "MonthWithholding", "One month of a withholding run, with its explanation.")
        .def_property_readonly("month", [](const PyMonth& p) { return p.r.month; }, "Calendar month 1-12.")
        .def_property_readonly("withheld", [](const PyMonth& p) { return decimal(p.r.withheld); }, "Total withheld this month (pay + separate bonus).")
        .def_property_readonly("pay_withholding", [](const PyMonth& p) { return decimal(p.r.pay_withholding); }, "Withheld on pay by the cumulative method.")
        .def_property_readonly("bonus_withholding", [](const PyMonth& p) { return decimal(p.r.bonus_withholding); }, "Tax on an annual bonus taxed separately this month.")
        .def_property_readonly("cumulative_income", [](const PyMonth& p) { return decimal(p.r.cumulative_income); })
        .def_property_readonly("cumulative_basic_deduction", [](const PyMonth& p) { return decimal(p.r.cumulative_basic_deduction); })
        .def_property_readonly("cumulative_taxable", [](const PyMonth& p) { return decimal(p.r.cumulative_taxable); })
        .def_property_readonly("cumulative_tax", [](const PyMonth& p) { return decimal(p.r.cumulative_tax); })
        .def_property_readonly("withheld_before", [](const PyMonth& p) { return decimal(p.r.withheld_before); })
        .def_property_readonly("excess_withheld", [](const PyMonth& p) { return decimal(p.r.excess_withheld); },
                               "Withheld so far beyond the cumulative tax (not refunded by the agent).")
        .def_property_readonly("rate", [](const PyMonth& p) { return decimal(p.r.rate); })
        .def_property_readonly("bracket", [](const PyMonth& p) { return p.r.bracket + 1; }, "1-based row of the annual table; 0 when nothing is taxable.")
        .def_property_readonly("within_low_income_allowance", [](const PyMonth& p) { return p.r.within_low_income_allowance; })
        .def("explain", [](const PyMonth& p, py::object lang) { return py_language::explain(p.trace, p.r.explanation, lang); }, py::arg("lang") = py::none(),
             "The month's withholding step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def("steps", [](const PyMonth& p, py::object lang) { return py_language::steps(p.trace, p.r.explanation, lang); }, py::arg("lang") = py::none())
        .def_property_readonly("state", [](const PyMonth& p) { return PyState{p.tables, p.r.state}; },
                               "The cumulative state after this month (a WithholdingState), for the next month.")
        .def("__repr__", [](const PyMonth& p) { return "<MonthWithholding " + month_text(p.r) + " withheld=" + p.r.withheld.str() + ">"; });

    py::class_<PyRun>(m, "WithholdingRun", "A withholding run over the months at one agent.")
        .def_property_readonly("months", [](const PyRun& p) {
            py::list out;
            for (std::size_t i = 0; i < p.run.months.size(); ++i)
                out.append(PyMonth{p.run.months[i], p.tables, i < p.traces.size() ? p.traces[i] : nullptr});
            return out;
        })
        .def_property_readonly("withheld", [](const PyRun& p) {
            py::list out;
            for (const auto& r : p.run.months) out.append(to_decimal(r.withheld));
            return out;
        }, "The amount withheld in each month (list of Decimal).")
        .def_property_readonly("total", [](const PyRun& p) { return decimal(p.run.total); })
        .def_property_readonly("cumulative_income", [](const PyRun& p) { return decimal(p.run.state.income); })
        .def_property_readonly("bonus_withheld", [](const PyRun& p) { return decimal(p.run.state.bonus_withheld); })
        .def("explain", [](const PyRun& p, py::object lang) {
            std::string s;
            for (std::size_t i = 0; i < p.run.months.size(); ++i)
                s += py_language::explain(i < p.traces.size() ? p.traces[i] : nullptr, p.run.months[i].explanation, lang) + "\n";
            return s;
        }, py::arg("lang") = py::none(), "Every month's withholding step by step, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def("__repr__", [](const PyRun& p) { return "<WithholdingRun " + std::to_string(p.run.months.size()) + " months total=" + p.run.total.str() + ">"; });

    py::class_<PyState>(m, "WithholdingState", R"doc(
The cumulative figures of one employee at one agent after the months withheld so far. Immutable:
withhold() returns a MonthWithholding whose .state is the next state. to_dict() gives plain values
(amounts as decimal strings) to store between payroll runs; WithholdingState.from_dict() reads
them back.)doc")
        .def(
            "withhold",
            [](const PyState& p, py::object amounts, py::object month, bool explain) {
                const TaxYear& y = p.tables->year(p.s.year);
                int mo = p.s.last_month == 0 ? p.s.terms.first_month : p.s.last_month + 1;
                if (!month.is_none()) {
                    if (PyBool_Check(month.ptr()) || !PyLong_Check(month.ptr())) throw InputError("month", repr_of(month), "expected a calendar month 1-12");
                    mo = month.cast<int>();
                }
                const MonthInput in = read_month(amounts.is_none() ? py::dict() : amounts, "", mo, keys_for(p.s.terms),
                                                 detail::pay_field(p.s.terms));
                if (!explain) return PyMonth{without_gil([&] { return withhold_month(y, p.s, in); }), p.tables, nullptr};
                auto [r, trace] = py_language::computed_traced<MonthResult>([&](Trace* t) { return withhold_month(y, p.s, in, t); });
                return PyMonth{std::move(r), p.tables, std::move(trace)};
            },
            py::arg("amounts") = py::none(), py::kw_only(), py::arg("month") = py::none(), py::arg("explain") = true,
            "Withholds the next month (or calendar `month`) from a dict of amounts (the keys of withholding_run's months).")
        .def_property_readonly("year", [](const PyState& p) { return p.s.year; })
        .def_property_readonly("last_month", [](const PyState& p) { return p.s.last_month; }, "Last month withheld; 0 before the first.")
        .def_property_readonly("withheld", [](const PyState& p) { return decimal(p.s.withheld); }, "Withheld so far on pay.")
        .def_property_readonly("bonus_withheld", [](const PyState& p) { return decimal(p.s.bonus_withheld); })
        .def_property_readonly("cumulative_income", [](const PyState& p) { return decimal(p.s.income); })
        .def("to_dict", [](const PyState& p) { return state_to_dict(p.s); })
        .def_static(
            "from_dict",
            [](py::object d, py::object tables) {
                auto t = tables_or_builtin(tables);
                WithholdingState s = state_from_dict(d);
                start_withholding(t->year(s.year), s.terms);  // the terms are checked against the rules again
                return PyState{t, s};
            },
            py::arg("state"), py::kw_only(), py::arg("tables") = py::none())
        .def("__repr__", [](const PyState& p) {
            return "<WithholdingState " + std::to_string(p.s.year) + " after month " + std::to_string(p.s.last_month) + " withheld=" + p.s.withheld.str() + ">";
        });

    m.def(
        "start_withholding",
        [](py::object year, int first_month, bool first_wages_this_year, bool prior_year_low_income, bool continuous_labour,
           bool commissions, py::object prior_year_income, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& y = t->year(to_year(year));
            if (continuous_labour && commissions) throw InputError("commissions", "True", "choose one of continuous_labour and commissions");
            WithholdingTerms terms;
            terms.first_month = first_month;
            terms.first_wages_this_year = first_wages_this_year;
            terms.prior_year_low_income = prior_year_low_income;
            terms.income = continuous_labour ? CumulativeIncome::continuous_labour
                           : commissions     ? CumulativeIncome::commissions
                                             : CumulativeIncome::wages;
            if (!prior_year_income.is_none()) terms.prior_year_income = to_money(prior_year_income, "prior_year_income");
            return PyState{t, start_withholding(y, terms)};
        },
        R"doc(
Starts withholding one employee at one agent month by month: returns a WithholdingState; call
state.withhold({...}) each month and keep the returned month's .state (or its to_dict()).
Same terms as withholding_run.)doc",
        py::arg("year"), py::kw_only(), py::arg("first_month") = 1, py::arg("first_wages_this_year") = false,
        py::arg("prior_year_low_income") = false, py::arg("continuous_labour") = false, py::arg("commissions") = false,
        py::arg("prior_year_income") = py::none(), py::arg("tables") = py::none());

    m.def(
        "withholding_run",
        [](py::object year, py::object months, int first_month, bool first_wages_this_year, bool prior_year_low_income,
           bool continuous_labour, bool commissions, py::object prior_year_income, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& y = t->year(to_year(year));
            if (continuous_labour && commissions)
                throw InputError("commissions", "True", "choose one of continuous_labour and commissions");
            const bool labour = continuous_labour || commissions;
            const auto in = read_months(months, first_month, labour ? labour_keys : wage_keys, labour ? "labour" : "wage");
            WithholdingTerms terms;
            terms.first_month = first_month;
            terms.first_wages_this_year = first_wages_this_year;
            terms.prior_year_low_income = prior_year_low_income;
            terms.income = continuous_labour ? CumulativeIncome::continuous_labour
                           : commissions     ? CumulativeIncome::commissions
                                             : CumulativeIncome::wages;
            if (!prior_year_income.is_none()) terms.prior_year_income = to_money(prior_year_income, "prior_year_income");
            PyRun run{{}, t, {}};
            run.run = run_months(y, terms, in, &run.traces);
            return run;
        },
        R"doc(
A detailed withholding run: like withhold_wages, returning a WithholdingRun whose .months each
have .withheld, the cumulative figures and .explain(). Month dicts may also carry tax_reductions,
bonus (an annual one-time bonus paid that month) and bonus_method ('separate', the default, or
'merged'). continuous_labour=True withholds an intern's labour remuneration (STA 2020 No. 13 art. 2;
key 'labour' instead of 'wage'); commissions=True withholds an insurance agent's or securities
broker's commissions (Caishui [2018] 164 item 3: 80% less a 25% business-development cost; key
'labour'); prior_year_income, if given, is checked against the low-earner limit.)doc",
        py::arg("year"), py::arg("months"), py::kw_only(), py::arg("first_month") = 1, py::arg("first_wages_this_year") = false,
        py::arg("prior_year_low_income") = false, py::arg("continuous_labour") = false, py::arg("commissions") = false, py::arg("prior_year_income") = py::none(),
        py::arg("tables") = py::none());

    py::class_<PyReconciliation>(m, "Reconciliation", "A resident's annual reconciliation of comprehensive income.")
        .def_property_readonly("year", [](const PyReconciliation& p) { return p.result.year; })
        .def_property_readonly("tax", [](const PyReconciliation& p) { return decimal(p.result.tax); }, "Tax for the year (Decimal).")
        .def_property_readonly("balance", [](const PyReconciliation& p) { return decimal(p.result.balance); },
                               "tax - prepaid: positive payable, negative refund (Decimal).")
        .def_property_readonly("prepaid", [](const PyReconciliation& p) { return decimal(p.result.prepaid); })
        .def_property_readonly("must_file", [](const PyReconciliation& p) { return p.result.must_file; })
        .def_property_readonly("exempt_from_paying", [](const PyReconciliation& p) { return p.result.exempt_from_paying; })
        .def_property_readonly("refund_due", [](const PyReconciliation& p) { return p.result.refund_due; })
        .def_property_readonly("bonus_treatment", [](const PyReconciliation& p) { return std::string(name_of(p.result.bonus_treatment)); },
                               "'none', 'separate' or 'merged': the cheaper treatment of the annual bonus.")
        .def_property_readonly("separate_total", [](const PyReconciliation& p) { return decimal(p.result.separate_total); })
        .def_property_readonly("merged_total", [](const PyReconciliation& p) { return decimal(p.result.merged_total); })
        .def_property_readonly("income_for_exemption", [](const PyReconciliation& p) { return decimal(p.result.income_for_exemption); })
        .def_property_readonly("taxable_income", [](const PyReconciliation& p) { return decimal(p.result.comprehensive.taxable_income); })
        .def("explain", [](const PyReconciliation& p, py::object lang) { return py_language::explain_traced(lang, p.replay()); }, py::arg("lang") = py::none(),
             "The reconciliation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def("steps", [](const PyReconciliation& p, py::object lang) { return py_language::steps_traced(lang, p.replay()); }, py::arg("lang") = py::none())
        .def("__repr__", [](const PyReconciliation& p) {
            return "<Reconciliation " + std::to_string(p.result.year) + " tax=" + p.result.tax.str() + " balance=" + p.result.balance.str() +
                   " must_file=" + (p.result.must_file ? "True" : "False") + ">";
        });

    py::options generated;  // reconcile's signature line is generated from its declaration
    generated.disable_function_signatures();
    const std::string reconcile_doc = declared_doc(
        "reconcile", {kYear}, contract::reconciliation_input(),
        {{"payers", "list[dict[str, Amount]] | None", "None"}, {"runs", "list[WithholdingRun | WithholdingState] | None", "None"}, kTables},
        "Reconciliation", R"doc(
A resident's annual reconciliation of comprehensive income: all payers' receipts and all
deductions (including those not claimed during the year) -> .tax; minus prepaid -> .balance
(positive payable, negative refund); .must_file and .exempt_from_paying (the income_max 120,000 /
payable_max 400 thresholds in force that year; income means gross receipts, UNCONFIRMED);
.explain(). Optional: bonus (the annual one-time bonus: the cheaper of separate and merged is
taken, see .bonus_treatment), commissions (an insurance agent's or securities broker's
commissions, VAT excluded: income amount 80% less a 25% business-development cost, UNCONFIRMED),
tax_reductions, agent_failed_to_withhold (no exemption), payers
(a list of dicts with wages, labour, author, royalties, commissions, social_insurance, prepaid, bonus, added to
the keyword amounts, for several employers), runs (WithholdingRun or WithholdingState objects of
the year: their pay less exempt income, deductions claimed, everything withheld and a bonus taxed
separately are added; pass late-claimed deductions and other income as keywords).)doc");
    m.def(
        "reconcile",
        [](py::object year, py::kwargs kw) {
            py::dict args(kw);
            const py::object tables = take(args, "tables"), payers = take(args, "payers"), runs = take(args, "runs");
            PyReconciliation p;
            p.tables = tables_or_builtin(tables);
            const TaxYear& y = p.tables->year(to_year(year));
            p.input = read_declared(contract::reconciliation_input(), args, ReconciliationInput(), {"payers", "runs", "tables"});
            ReconciliationInput& in = p.input;
            ComprehensiveIncome& ci = in.income;
            ci.validate();
            require_non_negative(in.prepaid, "prepaid");
            require_non_negative(in.annual_bonus, "bonus");
            if (!payers.is_none()) {
                if (py::isinstance<py::str>(payers) || !py::isinstance<py::sequence>(payers))
                    throw InputError("payers", repr_of(payers), "expected a list of dicts, one per payer");
                const py::sequence seq = py::reinterpret_borrow<py::sequence>(payers);
                for (std::size_t i = 0; i < seq.size(); ++i) {
                    const py::object item = seq[i];
                    const std::string at = "payers[" + std::to_string(i) + "]";
                    if (!py::isinstance<py::dict>(item)) throw InputError(at, repr_of(item), "expected a dict of amounts");
                    for (const auto& kv : py::reinterpret_borrow<py::dict>(item)) {
                        const std::string key = key_text(kv.first), field = at + "." + key;
                        Money* target = key == "wages" ? &ci.receipts.wages
                                        : key == "labour" ? &ci.receipts.labour
                                        : key == "author" ? &ci.receipts.author
                                        : key == "royalties" ? &ci.receipts.royalties
                                        : key == "commissions" ? &ci.receipts.commissions
                                        : key == "social_insurance" ? &ci.social_insurance
                                        : key == "prepaid" ? &in.prepaid
                                        : key == "bonus" ? &in.annual_bonus
                                                         : nullptr;
                        if (!target)
                            throw InputError(field, repr_of(kv.second),
                                             "unknown key (expected wages, labour, author, royalties, commissions, social_insurance, prepaid, bonus)");
                        const Money v = to_money(kv.second, field.c_str());
                        require_non_negative(v, field.c_str());
                        *target = *target + v;
                    }
                }
            }
            if (!runs.is_none()) {
                if (py::isinstance<py::str>(runs) || !py::isinstance<py::sequence>(runs))
                    throw InputError("runs", repr_of(runs), "expected a list of WithholdingRun or WithholdingState");
                const py::sequence seq = py::reinterpret_borrow<py::sequence>(runs);
                std::vector<WithholdingState> states;
                for (std::size_t i = 0; i < seq.size(); ++i) {
                    const py::object item = seq[i];
                    if (py::isinstance<PyRun>(item)) states.push_back(item.cast<const PyRun&>().run.state);
                    else if (py::isinstance<PyState>(item)) states.push_back(item.cast<const PyState&>().s);
                    else throw InputError("runs[" + std::to_string(i) + "]", repr_of(item), "expected a WithholdingRun or WithholdingState");
                    if (states.back().year != y.year)
                        throw InputError("runs[" + std::to_string(i) + "]", std::to_string(states.back().year), "a withholding run of another tax year than " + std::to_string(y.year));
                }
                const ReconciliationInput from = reconciliation_input(states);
                ci.receipts.wages = ci.receipts.wages + from.income.receipts.wages;
                ci.receipts.labour = ci.receipts.labour + from.income.receipts.labour;
                ci.receipts.commissions = ci.receipts.commissions + from.income.receipts.commissions;
                ci.social_insurance = ci.social_insurance + from.income.social_insurance;
                ci.special_additional = ci.special_additional + from.income.special_additional;
                ci.other_deductions = ci.other_deductions + from.income.other_deductions;
                in.tax_reductions = in.tax_reductions + from.tax_reductions;
                in.prepaid = in.prepaid + from.prepaid;
                if (!from.annual_bonus.is_zero() && !in.annual_bonus.is_zero())
                    throw InputError("bonus", in.annual_bonus.str(), "the runs already hold an annual bonus taxed separately; only one may be");
                in.annual_bonus = in.annual_bonus + from.annual_bonus;
            }
            p.result = without_gil([&] { return reconcile(y, in); });
            return p;
        },
        reconcile_doc.c_str(), py::arg("year"));
    generated.enable_function_signatures();
}
