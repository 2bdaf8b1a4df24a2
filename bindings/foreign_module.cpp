// libtax._foreign: individuals without domicile (residence days, six-year rule, sourcing of
// wages, non-resident taxes, allowances) and residents' separately taxed items, for Python.
// Names and keywords follow the Python contract.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>

#include "convert.hpp"
#include "language.hpp"
#include "libtax/foreign/foreign.hpp"
#include "libtax/foreign/foreign_tax_credit.hpp"

namespace py = pybind11;
using namespace libtax;
using namespace libtax::py_boundary;

namespace {

/// A datetime.date or an ISO "YYYY-MM-DD" string as a Date; InputError naming `field` otherwise.
Date to_date(py::handle obj, const std::string& field) {
    static py::object* date_cls = new py::object(py::module_::import("datetime").attr("date"));
    static py::object* datetime_cls = new py::object(py::module_::import("datetime").attr("datetime"));
    if (py::isinstance(obj, *datetime_cls)) throw InputError(field, repr_of(obj), "expected a date (datetime.date or 'YYYY-MM-DD'), not a datetime");
    if (py::isinstance(obj, *date_cls)) {
        const int y = obj.attr("year").cast<int>(), m = obj.attr("month").cast<int>(), d = obj.attr("day").cast<int>();
        if (y < 1400 || y > 9999) throw InputError(field, repr_of(obj), "year outside 1400-9999");
        return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
    }
    if (PyUnicode_Check(obj.ptr())) {
        const std::string s = obj.cast<std::string>();
        bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
        for (std::size_t i = 0; shape && i < s.size(); ++i)
            if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) shape = false;
        if (!shape) throw InputError(field, repr_of(obj), "expected an ISO date 'YYYY-MM-DD'");
        try {
            const int y = std::stoi(s.substr(0, 4)), mo = std::stoi(s.substr(5, 2)), da = std::stoi(s.substr(8, 2));
            if (y < 1400) throw std::out_of_range(s);
            return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(mo), static_cast<unsigned short>(da));
        } catch (const std::exception&) {
            throw InputError(field, repr_of(obj), "not a valid calendar date");
        }
    }
    throw InputError(field, repr_of(obj), std::string("expected a date (datetime.date or 'YYYY-MM-DD'), got ") + Py_TYPE(obj.ptr())->tp_name);
}

std::vector<Stay> to_stays(py::handle obj) {
    if (PyUnicode_Check(obj.ptr()) || !PySequence_Check(obj.ptr()))
        throw InputError("stays", repr_of(obj), "expected a list of (arrival, departure) pairs");
    std::vector<Stay> out;
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    for (std::size_t i = 0; i < seq.size(); ++i) {
        py::object item = seq[i];
        const std::string field = stay_field(i);
        if (PyUnicode_Check(item.ptr()) || !PySequence_Check(item.ptr()) || py::len(item) != 2)
            throw InputError(field, repr_of(item), "expected an (arrival, departure) pair");
        const py::sequence pair = py::reinterpret_borrow<py::sequence>(item);
        out.push_back({to_date(pair[0], field + ".arrival"), to_date(pair[1], field + ".departure")});
    }
    return out;
}

std::vector<Date> to_dates(py::handle obj, const std::string& field) {
    std::vector<Date> out;
    if (obj.is_none()) return out;
    if (PyUnicode_Check(obj.ptr()) || !PySequence_Check(obj.ptr())) throw InputError(field, repr_of(obj), "expected a list of dates");
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    for (std::size_t i = 0; i < seq.size(); ++i) out.push_back(to_date(seq[i], field + "[" + std::to_string(i) + "]"));
    return out;
}

/// Whole or half days: int, float, str or Decimal; anything else is a ValueError naming the field.
WorkingDays to_workdays(py::handle obj, const char* field) {
    PyObject* o = obj.ptr();
    if (PyBool_Check(o)) throw InputError(field, repr_of(obj), "expected a number of days, not a bool");
    if (PyLong_Check(o)) return WorkingDays::days(to_whole(obj, field, 0, 100000));
    if (PyFloat_Check(o)) {
        const double twice = PyFloat_AS_DOUBLE(o) * 2;  // boundary: a float of days, checked to be a whole number of halves
        if (!std::isfinite(twice) || twice < 0 || twice > 200000 || std::floor(twice) != twice)
            throw InputError(field, repr_of(obj), "working days must be whole or half days (e.g. 14 or 14.5)");
        return WorkingDays::halves(static_cast<std::int64_t>(twice));
    }
    if (PyUnicode_Check(o)) return WorkingDays::parse(to_text(obj, field), field);
    if (py::isinstance(obj, decimal_class())) {
        if (!obj.attr("is_finite")().cast<bool>()) throw InputError(field, repr_of(obj), "not a finite number of days");
        return WorkingDays::parse(py::str(py::module_::import("builtins").attr("format")(obj, "f")).cast<std::string>(), field);
    }
    throw InputError(field, repr_of(obj), std::string("expected whole or half days (int, float, str or Decimal), got ") + Py_TYPE(o)->tp_name);
}

int to_int(py::handle obj, const char* field, long long lo, long long hi) {
    if (!PyLong_Check(obj.ptr())) throw InputError(field, repr_of(obj), "expected a whole number");
    return static_cast<int>(to_whole(obj, field, lo, hi));
}

bool to_bool(py::handle obj, const char* field) {
    if (!PyBool_Check(obj.ptr())) throw InputError(field, repr_of(obj), "expected True or False");
    return obj.ptr() == Py_True;
}

Employer to_employer(const std::string& s) {
    if (s == "domestic") return Employer::domestic_only;
    if (s == "foreign") return Employer::foreign_only;
    if (s == "both") return Employer::domestic_and_foreign;
    throw InputError("employer", s, "expected 'domestic', 'foreign' or 'both'");
}

const char* status_key(PresenceStatus s) {
    switch (s) {
        case PresenceStatus::nonresident_up_to_90_days: return "nonresident_up_to_90_days";
        case PresenceStatus::nonresident_over_90_days: return "nonresident_over_90_days";
        case PresenceStatus::resident_without_chain: return "resident_without_chain";
        case PresenceStatus::resident_with_chain: return "resident_with_chain";
    }
    return "?";
}

MonthlyWages to_wages(py::handle total, py::handle domestic, py::handle china, py::handle calendar) {
    MonthlyWages w{to_money(total, "wage_total"), to_money(domestic, "wage_domestic"), to_workdays(china, "china_workdays"),
                   to_int(calendar, "calendar_days", 1, 366)};
    w.validate();
    return w;
}

std::vector<AllowanceClaim> to_claims(py::handle obj) {
    std::vector<AllowanceClaim> out;
    if (obj.is_none()) return out;
    if (py::isinstance<py::dict>(obj)) {
        for (auto item : py::reinterpret_borrow<py::dict>(obj)) {
            const std::string kind = py::str(item.first).cast<std::string>();
            out.push_back({parse_allowance_kind(kind, "allowances"), to_money(item.second, ("allowances[" + kind + "]").c_str())});
        }
        return out;
    }
    if (PyUnicode_Check(obj.ptr()) || !PySequence_Check(obj.ptr()))
        throw InputError("allowances", repr_of(obj), "expected {kind: amount} or a list of {kind, amount, form, with_documents, in_china, taking_up_or_leaving_post}");
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const std::string f = "allowances[" + std::to_string(i) + "]";
        if (!py::isinstance<py::dict>(seq[i])) throw InputError(f, repr_of(seq[i]), "expected a dict with kind and amount");
        const py::dict d = seq[i];
        static const std::set<std::string> keys{"kind", "amount", "form", "with_documents", "in_china", "taking_up_or_leaving_post"};
        for (auto kv : d)
            if (!keys.count(py::str(kv.first).cast<std::string>())) throw InputError(f, py::str(kv.first).cast<std::string>(), "unknown key");
        if (!d.contains("kind") || !d.contains("amount")) throw InputError(f, repr_of(d), "needs kind and amount");
        AllowanceClaim c;
        c.kind = parse_allowance_kind(py::str(d["kind"]).cast<std::string>(), f + ".kind");
        c.amount = to_money(d["amount"], (f + ".amount").c_str());
        if (d.contains("form")) {
            const std::string form = py::str(d["form"]).cast<std::string>();
            if (form == "cash") c.form = AllowanceForm::cash;
            else if (form == "in_kind") c.form = AllowanceForm::in_kind;
            else if (form == "reimbursed") c.form = AllowanceForm::reimbursed;
            else throw InputError(f + ".form", form, "expected 'cash', 'in_kind' or 'reimbursed'");
        }
        if (d.contains("with_documents")) c.with_documents = to_bool(d["with_documents"], (f + ".with_documents").c_str());
        if (d.contains("in_china")) c.in_china = to_bool(d["in_china"], (f + ".in_china").c_str());
        if (d.contains("taking_up_or_leaving_post")) c.taking_up_or_leaving_post = to_bool(d["taking_up_or_leaving_post"], (f + ".taking_up_or_leaving_post").c_str());
        out.push_back(c);
    }
    return out;
}

template <class R>
struct Detail {
    R result;
    py_language::KeptTrace trace;  ///< the calculation's trace, for explain(lang)
};

/// A result computed with its trace kept, so that explain(lang) renders it in any language.
template <class D, class Compute>
D traced(Compute&& compute) {
    auto [r, trace] = py_language::computed_traced<decltype(D::result)>(std::forward<Compute>(compute));
    return D{std::move(r), std::move(trace)};
}

template <class R>
void add_explain(py::class_<Detail<R>>& c) {
    c.def("explain", [](const Detail<R>& r, py::object lang) { return py_language::explain(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
          "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def("steps", [](const Detail<R>& r, py::object lang) { return py_language::steps(r.trace, r.result.explanation, lang); }, py::arg("lang") = py::none(),
             "The steps as a list of dicts (label, value, formula, basis) in lang.");
}

/// A result of a calculator that records only a trace (no English-only explanation member):
/// .explain(lang) and .steps(lang) render the trace kept with it.
template <class R>
struct TraceDetail {
    R result;
    std::shared_ptr<const Trace> trace;
};

template <class D, class Compute>
D trace_detail(Compute&& compute) {
    auto trace = std::make_shared<Trace>();
    auto r = compute(trace.get());
    return D{std::move(r), std::move(trace)};
}

template <class R>
void add_trace_explain(py::class_<TraceDetail<R>>& c) {
    c.def("explain", [](const TraceDetail<R>& r, py::object lang) { return explanation_text(*r.trace, py_language::resolve(lang)); },
          py::arg("lang") = py::none(),
          "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def("steps", [](const TraceDetail<R>& r, py::object lang) { return steps_of(explanation_in(*r.trace, py_language::resolve(lang))); },
             py::arg("lang") = py::none(), "The steps as a list of dicts (label, value, formula, basis) in lang.");
}

}  // namespace

PYBIND11_MODULE(_foreign, m) {
    m.doc() = "libtax foreign individuals: residence days, six-year rule, sourcing of wages, allowances";
    py::module_::import("libtax._core");

    // ---- presence ---------------------------------------------------------------------------
    m.def(
        "residence_days",
        [](py::object year, py::object stays, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            return residence_days(to_stays(stays), ty.year);
        },
        R"doc(
Residence days of a tax year: whole days in China. Arrival and departure days do not count
(MOF/STA 2019 No. 34 art. 2). `stays` is a list of (arrival, departure) pairs of ISO strings or
datetime.date. Overlapping or reversed stays raise libtax.InputError naming the stay.)doc",
        py::arg("year"), py::arg("stays"), py::kw_only(), py::arg("tables") = py::none());

    using ChainD = Detail<SixYearChain>;
    py::class_<ChainD> chain(m, "SixYearChain", "The six-year rule for a tax year (Impl. Regs art. 4; MOF/STA 2019 No. 34).");
    chain.def_property_readonly("year", [](const ChainD& r) { return r.result.year; })
        .def_property_readonly("complete", [](const ChainD& r) { return r.result.complete; }, "True: a resident is taxed on worldwide income.")
        .def_property_readonly("consecutive_years", [](const ChainD& r) { return r.result.consecutive_years; })
        .def_property_readonly("reason", [](const ChainD& r) { return r.result.reason; })
        .def_property_readonly("years", [](const ChainD& r) {
            py::list out;
            for (const auto& y : r.result.years) {
                py::dict d;
                d["year"] = y.year;
                d["residence_days"] = y.residence_days;
                d["longest_absence"] = y.longest_absence;
                d["qualifies"] = y.qualifies;
                d["reason"] = y.reason;
                out.append(d);
            }
            return out;
        }, "The earlier years examined, most recent first.")
        .def("__repr__", [](const ChainD& r) { return "<SixYearChain " + std::to_string(r.result.year) + (r.result.complete ? " complete" : " not complete") + ">"; });
    add_explain(chain);
    m.def(
        "six_year_chain",
        [](py::object year, py::object stays, py::object tables) {
            auto t = tables_or_builtin(tables);
            return traced<ChainD>([&](Trace* trace_) { return six_year_chain(t->year(to_year(year)), to_stays(stays), trace_); });
        },
        "The six-year rule for the tax year from the stays: .complete, .consecutive_years, .years, .reason, .explain().",
        py::arg("year"), py::arg("stays"), py::kw_only(), py::arg("tables") = py::none());

    using ResD = Detail<Residency>;
    py::class_<ResD> res(m, "Residency", "Residence status of an individual without domicile in a tax year.");
    res.def_property_readonly("year", [](const ResD& r) { return r.result.year; })
        .def_property_readonly("residence_days", [](const ResD& r) { return r.result.residence_days; })
        .def_property_readonly("resident", [](const ResD& r) { return r.result.resident; }, "At least 183 residence days.")
        .def_property_readonly("status", [](const ResD& r) { return status_key(r.result.status); },
                               "'nonresident_up_to_90_days', 'nonresident_over_90_days', 'resident_without_chain' or 'resident_with_chain'.")
        .def_property_readonly("six_year_chain", [](const ResD& r) { return r.result.chain.complete; })
        .def_property_readonly("chain", [](const ResD& r) { return ChainD{r.result.chain}; })
        .def_property_readonly("reason", [](const ResD& r) { return r.result.reason; })
        .def("__repr__", [](const ResD& r) { return "<Residency " + std::to_string(r.result.year) + " " + status_key(r.result.status) + " days=" + std::to_string(r.result.residence_days) + ">"; });
    add_explain(res);
    m.def(
        "residency",
        [](py::object year, py::object stays, py::object tables) {
            auto t = tables_or_builtin(tables);
            return traced<ResD>([&](Trace* trace_) { return residency(t->year(to_year(year)), to_stays(stays), trace_); });
        },
        "Residence days, the 183- and 90-day tests and the six-year chain, each with its reason.",
        py::arg("year"), py::arg("stays"), py::kw_only(), py::arg("tables") = py::none());

    using WorkD = Detail<WorkPeriodDays>;
    py::class_<WorkD> work(m, "WorkPeriod", "China working days of a work period (MOF/STA 2019 No. 35 art. 1(1)).");
    work.def_property_readonly("china_workdays", [](const WorkD& r) { return decimal_class()(r.result.china.str()); }, "Decimal, whole or half days.")
        .def_property_readonly("calendar_days", [](const WorkD& r) { return r.result.calendar_days; })
        .def_property_readonly("overseas_workdays", [](const WorkD& r) { return decimal_class()(r.result.overseas().str()); });
    add_explain(work);
    m.def(
        "working_days",
        [](py::object year, py::object start, py::object end, py::object stays, std::string employer, py::object counted_abroad, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            return traced<WorkD>([&](Trace* trace_) {
                return china_working_days(ty, to_date(start, "start"), to_date(end, "end"), to_stays(stays), to_employer(employer),
                                          to_dates(counted_abroad, "counted_abroad"), trace_);
            });
        },
        R"doc(
China working days of the period start..end from the stays: days in China, plus holidays, leave and
training abroad inside the China work period (`counted_abroad`); a day partly in China is half a
day when employer is 'foreign' or 'both', a whole day when 'domestic'.)doc",
        py::arg("year"), py::kw_only(), py::arg("start"), py::arg("end"), py::arg("stays"), py::arg("employer") = "foreign",
        py::arg("counted_abroad") = py::none(), py::arg("tables") = py::none());

    // ---- sourcing and non-resident taxes ----------------------------------------------------
    using SrcD = Detail<SourcedWage>;
    py::class_<SrcD> src(m, "SourcedWage", "China-sourced wages of one month (MOF/STA 2019 No. 35 art. 2).");
    src.def_property_readonly("income", [](const SrcD& r) { return decimal(r.result.income); }, "Decimal, half-up to the fen (kept exact inside).")
        .def_property_readonly("formula", [](const SrcD& r) { return r.result.formula_name; })
        .def_property_readonly("status", [](const SrcD& r) { return status_key(r.result.status); });
    add_explain(src);
    auto sourced = [](py::object year, py::object wt, py::object wd, py::object cn, py::object cal, py::object rd, py::object senior,
                      py::object chain_flag, py::object tables, Trace* trace) {
        auto t = tables_or_builtin(tables);
        const TaxYear& ty = t->year(to_year(year));
        const auto wages = to_wages(wt, wd, cn, cal);
        const int days = to_int(rd, "residence_days", 0, 366);
        const bool is_senior = to_bool(senior, "senior_manager"), in_chain = to_bool(chain_flag, "six_year_chain");
        return without_gil([&] { return sourced_wage(ty, wages, days, is_senior, in_chain, trace); });
    };
    const char* sourced_doc = R"doc(
China-sourced wage income of one month under the applicable formula of MOF/STA 2019 No. 35 art. 2
(by residence days, senior manager, six-year chain). Returns Decimal (half-up to the fen).
china_workdays may be a half day (14.5); anything else than whole or half days is a ValueError.)doc";
    m.def(
        "sourced_wage",
        [sourced](py::object year, py::object wt, py::object wd, py::object cn, py::object cal, py::object rd, py::object senior, py::object chain_flag,
                  py::object tables) { return decimal(sourced(year, wt, wd, cn, cal, rd, senior, chain_flag, tables, nullptr).income); },
        sourced_doc, py::arg("year"), py::kw_only(), py::arg("wage_total"), py::arg("wage_domestic"), py::arg("china_workdays"),
        py::arg("calendar_days"), py::arg("residence_days"), py::arg("senior_manager") = false, py::arg("six_year_chain") = false,
        py::arg("tables") = py::none());
    m.def(
        "sourced_wage_detail",
        [sourced](py::object year, py::object wt, py::object wd, py::object cn, py::object cal, py::object rd, py::object senior, py::object chain_flag,
                  py::object tables) { return traced<SrcD>([&](Trace* trace_) { return sourced(year, wt, wd, cn, cal, rd, senior, chain_flag, tables, trace_); }); },
        "Like sourced_wage, returning a SourcedWage with .income, .formula, .status and .explain().", py::arg("year"), py::kw_only(),
        py::arg("wage_total"), py::arg("wage_domestic"), py::arg("china_workdays"), py::arg("calendar_days"), py::arg("residence_days"),
        py::arg("senior_manager") = false, py::arg("six_year_chain") = false, py::arg("tables") = py::none());

    using NrD = Detail<NonresidentTax>;
    py::class_<NrD> nr(m, "NonresidentTax", "A non-resident's tax on wages of a month, a payment or a multi-month bonus.");
    nr.def_property_readonly("tax", [](const NrD& r) { return decimal(r.result.tax); })
        .def_property_readonly("income", [](const NrD& r) { return decimal(r.result.income); })
        .def_property_readonly("taxable", [](const NrD& r) { return decimal(r.result.taxable); })
        .def_property_readonly("rate", [](const NrD& r) { return decimal(r.result.rate); })
        .def_property_readonly("quick_deduction", [](const NrD& r) { return decimal(r.result.quick_deduction); })
        .def("__repr__", [](const NrD& r) { return "<NonresidentTax tax=" + r.result.tax.str() + ">"; });
    add_explain(nr);
    auto nr_wage = [](py::object year, py::object wt, py::object wd, py::object cn, py::object cal, py::object rd, py::object senior, py::object tables,
                      Trace* trace) {
        auto t = tables_or_builtin(tables);
        const TaxYear& ty = t->year(to_year(year));
        const auto wages = to_wages(wt, wd, cn, cal);
        const int days = to_int(rd, "residence_days", 0, 366);
        const bool is_senior = to_bool(senior, "senior_manager");
        return without_gil([&] { return nonresident_wage_tax(ty, wages, days, is_senior, trace); });
    };
    m.def(
        "nonresident_wage_tax",
        [nr_wage](py::object year, py::object wt, py::object wd, py::object cn, py::object cal, py::object rd, py::object senior, py::object tables) {
            return decimal(nr_wage(year, wt, wd, cn, cal, rd, senior, tables, nullptr).tax);
        },
        "A non-resident's tax on one month's wages: sourced income - 5,000 on the monthly-converted table. Decimal.",
        py::arg("year"), py::kw_only(), py::arg("wage_total"), py::arg("wage_domestic"), py::arg("china_workdays"), py::arg("calendar_days"),
        py::arg("residence_days"), py::arg("senior_manager") = false, py::arg("tables") = py::none());
    m.def(
        "nonresident_wage_tax_detail",
        [nr_wage](py::object year, py::object wt, py::object wd, py::object cn, py::object cal, py::object rd, py::object senior, py::object tables) {
            return traced<NrD>([&](Trace* trace_) { return nr_wage(year, wt, wd, cn, cal, rd, senior, tables, trace_); });
        },
        "Like nonresident_wage_tax, returning a NonresidentTax with .tax, .income, .explain().", py::arg("year"), py::kw_only(),
        py::arg("wage_total"), py::arg("wage_domestic"), py::arg("china_workdays"), py::arg("calendar_days"), py::arg("residence_days"),
        py::arg("senior_manager") = false, py::arg("tables") = py::none());

    for (auto [name, kind] : {std::pair<const char*, NonresidentPayment>{"labour", NonresidentPayment::labour},
                              {"author", NonresidentPayment::author}, {"royalty", NonresidentPayment::royalty}}) {
        const NonresidentPayment k = kind;
        m.def(
            (std::string("nonresident_") + name + "_tax").c_str(),
            [k](py::object year, py::object amount, py::object tables) {
                auto t = tables_or_builtin(tables);
                const TaxYear& ty = t->year(to_year(year));
                const Money paid = to_money(amount, "amount");
                return decimal(without_gil([&] { return nonresident_payment_tax(ty, k, paid).tax; }));
            },
            (std::string("A non-resident's tax on one payment of ") + payment_name(k) + " (income amount on the monthly-converted table). Decimal.").c_str(),
            py::arg("year"), py::arg("amount"), py::kw_only(), py::arg("tables") = py::none());
        m.def(
            (std::string("nonresident_") + name + "_tax_detail").c_str(),
            [k](py::object year, py::object amount, py::object tables) {
                auto t = tables_or_builtin(tables);
                return traced<NrD>([&](Trace* trace_) { return nonresident_payment_tax(t->year(to_year(year)), k, to_money(amount, "amount"), trace_); });
            },
            "Like the scalar function, returning a NonresidentTax with .explain().", py::arg("year"), py::arg("amount"), py::kw_only(),
            py::arg("tables") = py::none());
    }
    auto bonus = [](py::object year, py::object amount, py::object earlier, py::object tables, Trace* trace) {
        auto t = tables_or_builtin(tables);
        return nonresident_bonus_tax(t->year(to_year(year)), Exact(to_money(amount, "bonus")), to_int(earlier, "earlier_this_year", 0, 1000), trace);
    };
    m.def(
        "nonresident_bonus_tax",
        [bonus](py::object year, py::object amount, py::object earlier, py::object tables) { return decimal(bonus(year, amount, earlier, tables, nullptr).tax); },
        R"doc(
A non-resident's tax on a multi-month bonus (its China-sourced amount): [(bonus / 6) x rate - quick] x 6.
Once a calendar year: earlier_this_year >= 1 raises libtax.NotAvailableError.)doc",
        py::arg("year"), py::arg("bonus"), py::kw_only(), py::arg("earlier_this_year") = 0, py::arg("tables") = py::none());
    m.def(
        "nonresident_bonus_tax_detail",
        [bonus](py::object year, py::object amount, py::object earlier, py::object tables) { return traced<NrD>([&](Trace* trace_) { return bonus(year, amount, earlier, tables, trace_); }); },
        "Like nonresident_bonus_tax, returning a NonresidentTax with .explain().", py::arg("year"), py::arg("bonus"), py::kw_only(),
        py::arg("earlier_this_year") = 0, py::arg("tables") = py::none());

    // ---- non-domiciled residents: annual tax and the allowance choice -----------------------
    using AnD = Detail<AnnualTaxResult>;
    py::class_<AnD> an(m, "NondomiciledAnnualTax", "Annual tax of a non-domiciled resident (MOF/STA 2019 No. 35 art. 3(1)).");
    an.def_property_readonly("tax", [](const AnD& r) { return decimal(r.result.tax); })
        .def_property_readonly("taxable_income", [](const AnD& r) { return decimal(r.result.taxable_income); })
        .def_property_readonly("income_amount", [](const AnD& r) { return decimal(r.result.income_amount); })
        .def_property_readonly("rate", [](const AnD& r) { return decimal(r.result.rate); });
    add_explain(an);
    m.def(
        "nondomiciled_annual_tax",
        [](py::object year, py::object sourced_wages, py::object labour, py::object author, py::object royalties, py::object si, py::object sad,
           py::object other, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            ComprehensiveIncome in;
            in.receipts.labour = to_money(labour, "labour");
            in.receipts.author = to_money(author, "author");
            in.receipts.royalties = to_money(royalties, "royalties");
            in.social_insurance = to_money(si, "social_insurance");
            in.special_additional = to_money(sad, "special_additional");
            in.other_deductions = to_money(other, "other_deductions");
            return traced<AnD>([&](Trace* trace_) { return nondomiciled_annual_tax(ty, Exact(to_money(sourced_wages, "sourced_wages")), in, trace_); });
        },
        "Annual tax of a non-domiciled resident on the year's China-sourced wages (sum of the months) and other comprehensive income.",
        py::arg("year"), py::kw_only(), py::arg("sourced_wages"), py::arg("labour") = 0, py::arg("author") = 0, py::arg("royalties") = 0,
        py::arg("social_insurance") = 0, py::arg("special_additional") = 0, py::arg("other_deductions") = 0, py::arg("tables") = py::none());

    using ChD = Detail<AllowanceChoice>;
    py::class_<ChD> ch(m, "AllowanceComparison", "Allowance exemptions against special additional deductions for a resident foreigner.");
    ch.def_property_readonly("allowances_tax", [](const ChD& r) { return decimal(r.result.with_allowances.tax); })
        .def_property_readonly("deductions_tax", [](const ChD& r) { return decimal(r.result.with_deductions.tax); })
        .def_property_readonly("exempt_allowances", [](const ChD& r) { return decimal(r.result.allowances.exempt); })
        .def_property_readonly("taxable_allowances", [](const ChD& r) { return decimal(r.result.allowances.taxable); })
        .def_property_readonly("cheaper", [](const ChD& r) { return r.result.allowances_cheaper ? "allowances" : "special_additional_deductions"; },
                               "'allowances' or 'special_additional_deductions' (ties: the deductions).")
        .def_property_readonly("saving", [](const ChD& r) { return decimal(r.result.saving); })
        .def("__repr__", [](const ChD& r) {
            return "<AllowanceComparison allowances=" + r.result.with_allowances.tax.str() + " deductions=" + r.result.with_deductions.tax.str() + ">";
        });
    add_explain(ch);
    m.def(
        "allowance_comparison",
        [](py::object year, py::object wages, py::object allowances, py::object sad, py::object labour, py::object author, py::object royalties,
           py::object si, py::object other, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            ComprehensiveIncome in;
            in.receipts.labour = to_money(labour, "labour");
            in.receipts.author = to_money(author, "author");
            in.receipts.royalties = to_money(royalties, "royalties");
            in.social_insurance = to_money(si, "social_insurance");
            in.other_deductions = to_money(other, "other_deductions");
            return traced<ChD>([&](Trace* trace_) { return compare_allowances_with_deductions(ty, Exact(to_money(wages, "wages")), to_claims(allowances), to_money(sad, "special_additional"), in, trace_); });
        },
        R"doc(
A resident foreigner's annual tax with the allowance exemptions and with the special additional
deductions instead, naming the cheaper (inside the legal window of the choice, else
libtax.NotAvailableError). `wages` are the year's (China-sourced) wages without the allowances;
`allowances` is {kind: amount} (reimbursed, with receipts) or a list of dicts with kind, amount
and optionally form ('cash', 'in_kind', 'reimbursed'), with_documents, in_china,
taking_up_or_leaving_post. Kinds: housing, meals, laundry, relocation, business_travel,
home_leave (one entry per trip, at most 2 exempt), language_training, children_education.)doc",
        py::arg("year"), py::kw_only(), py::arg("wages"), py::arg("allowances"), py::arg("special_additional") = 0, py::arg("labour") = 0,
        py::arg("author") = 0, py::arg("royalties") = 0, py::arg("social_insurance") = 0, py::arg("other_deductions") = 0,
        py::arg("tables") = py::none());

    // ---- residents' separately taxed items ---------------------------------------------------
    using EqD = Detail<EquityIncentiveTax>;
    py::class_<EqD> eq(m, "EquityIncentiveTax", "Listed-company equity incentives taxed separately; grants of a year aggregated.");
    eq.def_property_readonly("total_tax", [](const EqD& r) { return decimal(r.result.total_tax); })
        .def_property_readonly("total_income", [](const EqD& r) { return decimal(r.result.total_income); })
        .def_property_readonly("grant_taxes", [](const EqD& r) {
            py::list out;
            for (const auto& g : r.result.grants) out.append(to_decimal(g.tax));
            return out;
        }, "Tax due on each grant: tax on the year's total so far minus tax already paid.");
    add_explain(eq);
    m.def(
        "equity_incentive_tax",
        [](py::object year, py::object grants, py::object tables) {
            auto t = tables_or_builtin(tables);
            const TaxYear& ty = t->year(to_year(year));
            if (PyUnicode_Check(grants.ptr()) || !PySequence_Check(grants.ptr())) throw InputError("grants", repr_of(grants), "expected a list of amounts");
            std::vector<Money> g;
            const py::sequence seq = py::reinterpret_borrow<py::sequence>(grants);
            for (std::size_t i = 0; i < seq.size(); ++i) g.push_back(to_money(seq[i], ("grants[" + std::to_string(i) + "]").c_str()));
            return traced<EqD>([&](Trace* trace_) { return equity_incentive_tax(ty, g, trace_); });
        },
        "Equity-incentive income of a listed company received in the year (list of grants, in order), taxed separately on the annual table.",
        py::arg("year"), py::arg("grants"), py::kw_only(), py::arg("tables") = py::none());

    using SvD = Detail<SeveranceTax>;
    py::class_<SvD> sv(m, "SeveranceTax", "Severance above 3 x the local average annual wage, taxed separately.");
    sv.def_property_readonly("tax", [](const SvD& r) { return decimal(r.result.tax); })
        .def_property_readonly("exempt", [](const SvD& r) { return decimal(r.result.exempt); })
        .def_property_readonly("taxable", [](const SvD& r) { return decimal(r.result.taxable); });
    add_explain(sv);
    auto sev = [](py::object year, py::object amount, py::object wage, py::object tables, Trace* trace) {
        auto t = tables_or_builtin(tables);
        return severance_tax(t->year(to_year(year)), to_money(amount, "amount"), to_money(wage, "local_average_wage"), trace);
    };
    m.def(
        "severance_tax",
        [sev](py::object year, py::object amount, py::object wage, py::object tables) { return decimal(sev(year, amount, wage, tables, nullptr).tax); },
        "Tax on severance pay: the excess over 3 x the local prior-year average annual wage on the annual table. Decimal.", py::arg("year"),
        py::arg("amount"), py::kw_only(), py::arg("local_average_wage"), py::arg("tables") = py::none());
    m.def(
        "severance_tax_detail",
        [sev](py::object year, py::object amount, py::object wage, py::object tables) { return traced<SvD>([&](Trace* trace_) { return sev(year, amount, wage, tables, trace_); }); },
        "Like severance_tax, returning a SeveranceTax with .explain().", py::arg("year"), py::arg("amount"), py::kw_only(),
        py::arg("local_average_wage"), py::arg("tables") = py::none());

    using ErD = Detail<EarlyRetirementTax>;
    py::class_<ErD> er(m, "EarlyRetirementTax", "Early-retirement lump sum spread over the years to statutory age.");
    er.def_property_readonly("tax", [](const ErD& r) { return decimal(r.result.tax); })
        .def_property_readonly("years", [](const ErD& r) { return r.result.years; });
    add_explain(er);
    auto early = [](py::object year, py::object amount, py::object years, py::object tables, Trace* trace) {
        auto t = tables_or_builtin(tables);
        return early_retirement_tax(t->year(to_year(year)), to_money(amount, "amount"), to_int(years, "years", 1, 100), trace);
    };
    m.def(
        "early_retirement_tax",
        [early](py::object year, py::object amount, py::object years, py::object tables) { return decimal(early(year, amount, years, tables, nullptr).tax); },
        "Tax on an early-retirement lump sum: {[(amount / years) - 60,000] x rate - quick} x years. Decimal.", py::arg("year"),
        py::arg("amount"), py::kw_only(), py::arg("years"), py::arg("tables") = py::none());
    m.def(
        "early_retirement_tax_detail",
        [early](py::object year, py::object amount, py::object years, py::object tables) { return traced<ErD>([&](Trace* trace_) { return early(year, amount, years, tables, trace_); }); },
        "Like early_retirement_tax, returning an EarlyRetirementTax with .explain().", py::arg("year"), py::arg("amount"), py::kw_only(),
        py::arg("years"), py::arg("tables") = py::none());

    // ---- annuity payouts, internal retirement, non-resident equity incentives ----------------
    using AnnD = TraceDetail<AnnuityPayoutTax>;
    py::class_<AnnD> ann(m, "AnnuityPayoutTax", "Enterprise or occupational annuity received after retirement, taxed alone (Caishui [2018] No. 164 item 4).");
    ann.def_property_readonly("tax", [](const AnnD& r) { return decimal(r.result.tax); })
        .def_property_readonly("payout", [](const AnnD& r) { return std::string(annuity_payout_name(r.result.payout)); })
        .def_property_readonly("schedule", [](const AnnD& r) { return r.result.schedule; })
        .def_property_readonly("months", [](const AnnD& r) { return r.result.months; });
    add_trace_explain(ann);
    auto annuity = [](py::object year, py::object payout, py::object amount, py::object tables, Trace* trace) {
        auto t = tables_or_builtin(tables);
        const TaxYear& ty = t->year(to_year(year));
        if (!PyUnicode_Check(payout.ptr())) throw InputError("payout", repr_of(payout), "expected one of 'monthly', 'quarterly', 'annual', 'lump_sum_emigration_or_death', 'lump_sum_other'");
        return annuity_payout_tax(ty, parse_annuity_payout(payout.cast<std::string>()), to_money(amount, "amount"), trace);
    };
    m.def(
        "annuity_payout_tax",
        [annuity](py::object year, py::object payout, py::object amount, py::object tables) { return decimal(annuity(year, payout, amount, tables, nullptr).tax); },
        "Tax on an enterprise or occupational annuity payout after retirement (payout: 'monthly', 'quarterly', 'annual', "
        "'lump_sum_emigration_or_death', 'lump_sum_other'). Decimal.",
        py::arg("year"), py::kw_only(), py::arg("payout"), py::arg("amount"), py::arg("tables") = py::none());
    m.def(
        "annuity_payout_tax_detail",
        [annuity](py::object year, py::object payout, py::object amount, py::object tables) {
            return trace_detail<AnnD>([&](Trace* trace_) { return annuity(year, payout, amount, tables, trace_); });
        },
        "Like annuity_payout_tax, returning an AnnuityPayoutTax with .explain().", py::arg("year"), py::kw_only(), py::arg("payout"),
        py::arg("amount"), py::arg("tables") = py::none());

    using IrD = TraceDetail<InternalRetirementTax>;
    py::class_<IrD> ir(m, "InternalRetirementTax", "Lump sum on internal retirement (Guoshuifa [1999] No. 58 item 1; Caishui [2018] No. 164 item 5(3)).");
    ir.def_property_readonly("tax", [](const IrD& r) { return decimal(r.result.tax); })
        .def_property_readonly("months", [](const IrD& r) { return r.result.months; })
        .def_property_readonly("rate", [](const IrD& r) { return r.result.rate.percent(); });
    add_trace_explain(ir);
    auto internal = [](py::object year, py::object amount, py::object months, py::object wage, py::object tables, Trace* trace) {
        auto t = tables_or_builtin(tables);
        const TaxYear& ty = t->year(to_year(year));
        return internal_retirement_tax(ty, to_money(amount, "amount"), to_int(months, "months_to_retirement", -100000, 100000), to_money(wage, "wage"), trace);
    };
    m.def(
        "internal_retirement_tax",
        [internal](py::object year, py::object amount, py::object months, py::object wage, py::object tables) {
            return decimal(internal(year, amount, months, wage, tables, nullptr).tax);
        },
        "Tax on a lump sum received on internal retirement: amount / months + wage - 5,000 finds the rate on the monthly table; "
        "(wage + amount - 5,000) x rate - quick, less the wage's own tax. Decimal.",
        py::arg("year"), py::kw_only(), py::arg("amount"), py::arg("months_to_retirement"), py::arg("wage"), py::arg("tables") = py::none());
    m.def(
        "internal_retirement_tax_detail",
        [internal](py::object year, py::object amount, py::object months, py::object wage, py::object tables) {
            return trace_detail<IrD>([&](Trace* trace_) { return internal(year, amount, months, wage, tables, trace_); });
        },
        "Like internal_retirement_tax, returning an InternalRetirementTax with .explain().", py::arg("year"), py::kw_only(), py::arg("amount"),
        py::arg("months_to_retirement"), py::arg("wage"), py::arg("tables") = py::none());

    using NeD = TraceDetail<NonresidentEquityTax>;
    py::class_<NeD> ne(m, "NonresidentEquityTax", "A non-resident's equity-incentive income of a year (MOF/STA 2019 No. 35 art. 3(2) item 3, formula 6).");
    ne.def_property_readonly("total_tax", [](const NeD& r) { return decimal(r.result.total_tax); })
        .def_property_readonly("total_income", [](const NeD& r) { return decimal(r.result.total_income); })
        .def_property_readonly("grant_taxes", [](const NeD& r) {
            py::list out;
            for (const auto& g : r.result.grants) out.append(decimal(g.tax));
            return out;
        });
    add_trace_explain(ne);
    auto nr_equity = [](py::object year, py::object grants, py::object tables, Trace* trace) {
        auto t = tables_or_builtin(tables);
        const TaxYear& ty = t->year(to_year(year));
        if (PyUnicode_Check(grants.ptr()) || !PySequence_Check(grants.ptr())) throw InputError("grants", repr_of(grants), "expected a list of amounts");
        std::vector<Money> g;
        const py::sequence seq = py::reinterpret_borrow<py::sequence>(grants);
        for (std::size_t i = 0; i < seq.size(); ++i) g.push_back(to_money(seq[i], ("grants[" + std::to_string(i) + "]").c_str()));
        return nonresident_equity_tax(ty, g, trace);
    };
    m.def(
        "nonresident_equity_tax",
        [nr_equity](py::object year, py::object grants, py::object tables) { return decimal(nr_equity(year, grants, tables, nullptr).total_tax); },
        "A non-resident's tax on the year's equity-incentive income (China-sourced amounts, one per month received, in order): "
        "[(the year's total / 6) x rate - quick] x 6 less the year's earlier tax, on the monthly table. Decimal (the year's total).",
        py::arg("year"), py::kw_only(), py::arg("grants"), py::arg("tables") = py::none());
    m.def(
        "nonresident_equity_tax_detail",
        [nr_equity](py::object year, py::object grants, py::object tables) {
            return trace_detail<NeD>([&](Trace* trace_) { return nr_equity(year, grants, tables, trace_); });
        },
        "Like nonresident_equity_tax, returning a NonresidentEquityTax (.grant_taxes: each month's tax) with .explain().", py::arg("year"),
        py::kw_only(), py::arg("grants"), py::arg("tables") = py::none());

    // ---- residents' foreign tax credit (foreign/foreign_tax_credit.hpp) ----------------------
    struct PyForeignCredit {
        ForeignTaxCreditResult r;
        py_language::KeptTrace trace;  ///< the calculation's trace, for explain(lang)
    };
    py::class_<PyForeignCredit>(m, "ForeignTaxCredit", "Residents' credit of foreign tax, by country (MOF/STA 2020 No. 3).")
        .def_property_readonly("total_credit", [](const PyForeignCredit& p) { return to_decimal(p.r.total_credit); })
        .def_property_readonly("countries", [](const PyForeignCredit& p) {
            py::list out;
            for (const auto& c : p.r.countries) {
                py::dict d;
                d["country"] = c.country;
                d["limit"] = to_decimal(c.limit);
                d["credit"] = to_decimal(c.credit);
                d["credit_from_carried"] = to_decimal(c.credit_from_carried);
                py::list fwd, lapsed;
                for (const auto& x : c.carry_forward) fwd.append(py::dict(py::arg("year") = x.year, py::arg("amount") = to_decimal(x.amount)));
                for (const auto& x : c.lapsed) lapsed.append(py::dict(py::arg("year") = x.year, py::arg("amount") = to_decimal(x.amount)));
                d["carry_forward"] = fwd;
                d["lapsed"] = lapsed;
                out.append(d);
            }
            return out;
        })
        .def("explain", [](const PyForeignCredit& p, py::object lang) { return py_language::explain(p.trace, p.r.explanation, lang); }, py::arg("lang") = py::none(),
             "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def("steps", [](const PyForeignCredit& p, py::object lang) { return py_language::steps(p.trace, p.r.explanation, lang); }, py::arg("lang") = py::none(),
             "The steps as a list of dicts (label, value, formula, basis) in lang.");
    m.def(
        "foreign_tax_credit",
        [](py::object year, py::object comprehensive_tax, py::object comprehensive_income_amount, py::object business_tax,
           py::object business_taxable_income, py::list countries, py::object tables) {
            auto t = tables_or_builtin(tables);
            ForeignTaxCreditInput in;
            in.comprehensive_tax = to_money(comprehensive_tax, "comprehensive_tax");
            in.comprehensive_income_amount = to_money(comprehensive_income_amount, "comprehensive_income_amount");
            in.business_tax = to_money(business_tax, "business_tax");
            in.business_taxable_income = to_money(business_taxable_income, "business_taxable_income");
            std::size_t i = 0;
            for (py::handle h : countries) {
                const std::string at = "countries[" + std::to_string(i++) + "]";
                if (!py::isinstance<py::dict>(h)) throw InputError(at, py::str(py::repr(h)).cast<std::string>(), "expected a dict per country");
                CountryForeignIncome c;
                for (auto kv : h.cast<py::dict>()) {
                    const std::string k = py::str(kv.first).cast<std::string>();
                    const std::string f = at + "." + k;
                    if (k == "country") c.country = py::str(kv.second).cast<std::string>();
                    else if (k == "comprehensive_income_amount") c.comprehensive_income_amount = to_money(kv.second, f.c_str());
                    else if (k == "business_taxable_income") c.business_taxable_income = to_money(kv.second, f.c_str());
                    else if (k == "other_items_china_tax") c.other_items_china_tax = to_money(kv.second, f.c_str());
                    else if (k == "foreign_tax_paid") c.foreign_tax_paid = to_money(kv.second, f.c_str());
                    else if (k == "carried") {
                        for (py::handle x : kv.second) {
                            const py::dict cx = x.cast<py::dict>();
                            c.carried.push_back({cx["year"].cast<int>(), to_money(cx["amount"], (f + ".amount").c_str())});
                        }
                    } else
                        throw InputError(f, py::str(py::repr(kv.second)).cast<std::string>(),
                                         "unknown key (expected country, comprehensive_income_amount, business_taxable_income, "
                                         "other_items_china_tax, foreign_tax_paid, carried)");
                }
                if (c.country.empty()) throw InputError(at + ".country", "''", "name the country or region");
                in.countries.push_back(std::move(c));
            }
            const TaxYear& ty = t->year(to_year(year));
            auto [r, trace] = py_language::computed_traced<ForeignTaxCreditResult>([&](Trace* tr) { return foreign_tax_credit(ty, in, tr); });
            return PyForeignCredit{std::move(r), std::move(trace)};
        },
        "A resident's credit of foreign income tax for one tax year, country by country: the limit (China tax on "
        "worldwide comprehensive income pro-rated by the country's income amount, the same for business income, plus the "
        "China tax on the country's other items), the credit, and the excess carried forward five years. countries: a "
        "list of {country, comprehensive_income_amount, business_taxable_income, other_items_china_tax, foreign_tax_paid, "
        "carried: [{year, amount}]}.",
        py::arg("year"), py::kw_only(), py::arg("comprehensive_tax") = 0, py::arg("comprehensive_income_amount") = 0,
        py::arg("business_tax") = 0, py::arg("business_taxable_income") = 0, py::arg("countries") = py::list(),
        py::arg("tables") = py::none());
}
