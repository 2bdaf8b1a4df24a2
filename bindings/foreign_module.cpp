// libtax._foreign: individuals without domicile (residence days, six-year rule, sourcing of
// wages, non-resident taxes, allowances) and residents' separately taxed items, for Python.
// Names and keywords follow the Python contract; every function's keywords, defaults, docstring
// and stub signature come from its declared input (libtax/contract/foreign_inputs.hpp) through
// the generic reader of contract_adapter.hpp.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <map>
#include <memory>
#include <type_traits>

#include "contract_adapter.hpp"
#include "convert.hpp"
#include "language.hpp"
#include "libtax/foreign/foreign.hpp"
#include "libtax/foreign/foreign_tax_credit.hpp"

namespace py = pybind11;
using namespace libtax;
using namespace libtax::py_boundary;

namespace {

const char* status_key(PresenceStatus s) {
    switch (s) {
        case PresenceStatus::nonresident_up_to_90_days: return "nonresident_up_to_90_days";
        case PresenceStatus::nonresident_over_90_days: return "nonresident_over_90_days";
        case PresenceStatus::resident_without_chain: return "resident_without_chain";
        case PresenceStatus::resident_with_chain: return "resident_with_chain";
    }
    return "?";
}

/// A result computed with its trace kept, so that explain(lang) renders it in any language. The
/// calculators that still fill an English `explanation` member get it rendered from the trace;
/// a result built without a trace (a Residency's chain) explains itself in English.
template <class R>
struct Detail {
    R result;
    py_language::KeptTrace trace;
};

template <class R, class = void>
struct has_explanation : std::false_type {};
template <class R>
struct has_explanation<R, std::void_t<decltype(std::declval<R&>().explanation)>> : std::true_type {};

template <class D, class Compute>
D traced(Compute&& compute) {
    using R = decltype(D::result);
    auto trace = std::make_shared<Trace>();
    R r = compute(trace.get());
    if constexpr (has_explanation<R>::value) r.explanation = english_explanation(*trace);
    return D{std::move(r), std::move(trace)};
}

/// .explain(lang) and .steps(lang), shared by every result class of the module.
template <class R>
void add_explain(py::class_<Detail<R>>& c) {
    c.def(
         "explain",
         [](const Detail<R>& r, py::object lang) {
             if constexpr (has_explanation<R>::value) return py_language::explain(r.trace, r.result.explanation, lang);
             else return py_language::explain(r.trace, Explanation(), lang);
         },
         py::arg("lang") = py::none(), "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
        .def(
            "steps",
            [](const Detail<R>& r, py::object lang) {
                if constexpr (has_explanation<R>::value) return py_language::steps(r.trace, r.result.explanation, lang);
                else return py_language::steps(r.trace, Explanation(), lang);
            },
            py::arg("lang") = py::none(), "The steps as a list of dicts (label, value, formula, basis) in lang.");
}

// ---- declared functions ---------------------------------------------------------------------

/// The declared input of every function of the module, by function name, for _contract().
std::map<std::string, std::function<py::list()>>& declared_functions() {
    static auto* m = new std::map<std::string, std::function<py::list()>>();
    return *m;
}

/// A declared call's input: `args` fill the first `leading` declared fields by position, `kw`
/// the others (tables taken out before). Too many positional arguments, or one given twice, is a
/// TypeError as for any Python function; an undeclared keyword an InputError naming the closest.
template <class In>
In read_call(const std::string& fn, const contract::Declaration<In>& d, std::size_t leading, const py::args& args, py::dict& kw) {
    if (args.size() > leading)
        throw py::type_error(fn + "() takes " + std::to_string(leading + 1) + " positional argument" + (leading ? "s" : "") + " but " +
                             std::to_string(args.size() + 1) + " were given");
    for (std::size_t i = 0; i < args.size(); ++i) {
        const char* name = d.fields[i].name;
        if (kw.contains(name)) throw py::type_error(fn + "() got multiple values for argument '" + name + "'");
        kw[name] = args[i];
    }
    return read_declared(d, kw, In(), {"tables"});
}

/// Binds `name(year, <leading fields>, *, <other fields>, tables=None)` with keywords, defaults,
/// docstring and stub signature from declaration `d`; `compute(const TaxYear&, const In&)` gives
/// the result.
template <class In, class Compute>
void def_declared(py::module_& m, const std::string& name, const contract::Declaration<In>& d, std::size_t leading, const char* ret,
                  const std::string& summary, Compute compute) {
    py::options generated;  // the signature line is generated from the declaration
    generated.disable_function_signatures();
    const std::string doc = declared_doc(name.c_str(), {kYear}, d, {kTables}, ret, summary, leading);
    m.def(
        name.c_str(),
        [name, &d, leading, compute](py::object year, py::args args, py::kwargs kw) {
            py::dict a(kw);
            auto t = tables_or_builtin(take(a, "tables"));
            const TaxYear& ty = t->year(to_year(year));
            const In in = read_call(name, d, leading, args, a);
            return compute(ty, in);
        },
        doc.c_str(), py::arg("year"));
    declared_functions()[name] = [&d] { return declared_fields(d); };
}

}  // namespace

PYBIND11_MODULE(_foreign, m) {
    m.doc() = "libtax foreign individuals: residence days, six-year rule, sourcing of wages, allowances";
    py::module_::import("libtax._core");

    // ---- presence ---------------------------------------------------------------------------
    def_declared(m, "residence_days", contract::stays_input(), 1, "int", R"doc(Residence days of a tax year: whole days in China. Arrival and departure days do not count
(MOF/STA 2019 No. 34 art. 2). `stays` is a list of (arrival, departure) pairs of ISO strings or
datetime.date. Overlapping or reversed stays raise libtax.InputError naming the stay.)doc",
                 [](const TaxYear& ty, const contract::StaysInput& in) { return residence_days(in.stays, ty.year); });

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
    def_declared(m, "six_year_chain", contract::stays_input(), 1, "SixYearChain",
                 "The six-year rule for the tax year from the stays: .complete, .consecutive_years, .years, .reason, .explain().",
                 [](const TaxYear& ty, const contract::StaysInput& in) { return traced<ChainD>([&](Trace* tr) { return six_year_chain(ty, in.stays, tr); }); });

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
    def_declared(m, "residency", contract::stays_input(), 1, "Residency",
                 "Residence days, the 183- and 90-day tests and the six-year chain, each with its reason.",
                 [](const TaxYear& ty, const contract::StaysInput& in) { return traced<ResD>([&](Trace* tr) { return residency(ty, in.stays, tr); }); });

    using WorkD = Detail<WorkPeriodDays>;
    py::class_<WorkD> work(m, "WorkPeriod", "China working days of a work period (MOF/STA 2019 No. 35 art. 1(1)).");
    work.def_property_readonly("china_workdays", [](const WorkD& r) { return decimal_class()(r.result.china.str()); }, "Decimal, whole or half days.")
        .def_property_readonly("calendar_days", [](const WorkD& r) { return r.result.calendar_days; })
        .def_property_readonly("overseas_workdays", [](const WorkD& r) { return decimal_class()(r.result.overseas().str()); });
    add_explain(work);
    def_declared(m, "working_days", contract::work_period_input(), 0, "WorkPeriod", R"doc(China working days of the period start..end from the stays: days in China, plus holidays, leave and
training abroad inside the China work period (`counted_abroad`); a day partly in China is half a
day when employer is 'foreign' or 'both', a whole day when 'domestic'.)doc",
                 [](const TaxYear& ty, const contract::WorkPeriodInput& in) {
                     return traced<WorkD>([&](Trace* tr) { return china_working_days(ty, in.start, in.end, in.stays, in.employer, in.counted_abroad, tr); });
                 });

    // ---- sourcing and non-resident taxes ----------------------------------------------------
    using SrcD = Detail<SourcedWage>;
    py::class_<SrcD> src(m, "SourcedWage", "China-sourced wages of one month (MOF/STA 2019 No. 35 art. 2).");
    src.def_property_readonly("income", [](const SrcD& r) { return decimal(r.result.income); }, "Decimal, half-up to the fen (kept exact inside).")
        .def_property_readonly("formula", [](const SrcD& r) { return r.result.formula_name; })
        .def_property_readonly("status", [](const SrcD& r) { return status_key(r.result.status); });
    add_explain(src);
    const char* sourced_doc = R"doc(China-sourced wage income of one month under the applicable formula of MOF/STA 2019 No. 35 art. 2
(by residence days, senior manager, six-year chain). Returns Decimal (half-up to the fen).
china_workdays may be a half day (14.5); anything else than whole or half days is a ValueError.)doc";
    auto sourced = [](const TaxYear& ty, const contract::MonthWageInput& in, Trace* trace) {
        in.wages.validate();
        return without_gil([&] { return sourced_wage(ty, in.wages, in.residence_days, in.senior_manager, in.six_year_chain, trace); });
    };
    def_declared(m, "sourced_wage", contract::sourced_wage_input(), 0, "Decimal", sourced_doc,
                 [sourced](const TaxYear& ty, const contract::MonthWageInput& in) { return decimal(sourced(ty, in, nullptr).income); });
    def_declared(m, "sourced_wage_detail", contract::sourced_wage_input(), 0, "SourcedWage",
                 "Like sourced_wage, returning a SourcedWage with .income, .formula, .status and .explain().",
                 [sourced](const TaxYear& ty, const contract::MonthWageInput& in) { return traced<SrcD>([&](Trace* tr) { return sourced(ty, in, tr); }); });
    using NrD = Detail<NonresidentTax>;
    py::class_<NrD> nr(m, "NonresidentTax", "A non-resident's tax on wages of a month, a payment or a multi-month bonus.");
    nr.def_property_readonly("tax", [](const NrD& r) { return decimal(r.result.tax); })
        .def_property_readonly("income", [](const NrD& r) { return decimal(r.result.income); })
        .def_property_readonly("taxable", [](const NrD& r) { return decimal(r.result.taxable); })
        .def_property_readonly("rate", [](const NrD& r) { return decimal(r.result.rate); })
        .def_property_readonly("quick_deduction", [](const NrD& r) { return decimal(r.result.quick_deduction); })
        .def("__repr__", [](const NrD& r) { return "<NonresidentTax tax=" + r.result.tax.str() + ">"; });
    add_explain(nr);
    auto nr_wage = [](const TaxYear& ty, const contract::MonthWageInput& in, Trace* trace) {
        in.wages.validate();
        return without_gil([&] { return nonresident_wage_tax(ty, in.wages, in.residence_days, in.senior_manager, trace); });
    };
    def_declared(m, "nonresident_wage_tax", contract::nonresident_wage_input(), 0, "Decimal",
                 "A non-resident's tax on one month's wages: sourced income - 5,000 on the monthly-converted table. Decimal.",
                 [nr_wage](const TaxYear& ty, const contract::MonthWageInput& in) { return decimal(nr_wage(ty, in, nullptr).tax); });
    def_declared(m, "nonresident_wage_tax_detail", contract::nonresident_wage_input(), 0, "NonresidentTax",
                 "Like nonresident_wage_tax, returning a NonresidentTax with .tax, .income, .explain().",
                 [nr_wage](const TaxYear& ty, const contract::MonthWageInput& in) { return traced<NrD>([&](Trace* tr) { return nr_wage(ty, in, tr); }); });

    for (auto [name, kind] : {std::pair<const char*, NonresidentPayment>{"labour", NonresidentPayment::labour},
                              {"author", NonresidentPayment::author}, {"royalty", NonresidentPayment::royalty}}) {
        const NonresidentPayment k = kind;
        def_declared(m, std::string("nonresident_") + name + "_tax", contract::payment_input(), 1, "Decimal",
                     std::string("A non-resident's tax on one payment of ") + payment_name(k) + " (income amount on the monthly-converted table). Decimal.",
                     [k](const TaxYear& ty, const contract::PaymentInput& in) { return decimal(without_gil([&] { return nonresident_payment_tax(ty, k, in.amount).tax; })); });
        def_declared(m, std::string("nonresident_") + name + "_tax_detail", contract::payment_input(), 1, "NonresidentTax",
                     "Like the scalar function, returning a NonresidentTax with .explain().", [k](const TaxYear& ty, const contract::PaymentInput& in) {
                         return traced<NrD>([&](Trace* tr) { return nonresident_payment_tax(ty, k, in.amount, tr); });
                     });
    }
    auto bonus = [](const TaxYear& ty, const contract::BonusInput& in, Trace* trace) { return nonresident_bonus_tax(ty, Exact(in.bonus), in.earlier_this_year, trace); };
    def_declared(m, "nonresident_bonus_tax", contract::bonus_input(), 1, "Decimal", R"doc(A non-resident's tax on a multi-month bonus (its China-sourced amount): [(bonus / 6) x rate - quick] x 6.
Once a calendar year: earlier_this_year >= 1 raises libtax.NotAvailableError.)doc",
                 [bonus](const TaxYear& ty, const contract::BonusInput& in) { return decimal(bonus(ty, in, nullptr).tax); });
    def_declared(m, "nonresident_bonus_tax_detail", contract::bonus_input(), 1, "NonresidentTax", "Like nonresident_bonus_tax, returning a NonresidentTax with .explain().",
                 [bonus](const TaxYear& ty, const contract::BonusInput& in) { return traced<NrD>([&](Trace* tr) { return bonus(ty, in, tr); }); });

    // ---- non-domiciled residents: annual tax and the allowance choice -----------------------
    using AnD = Detail<AnnualTaxResult>;
    py::class_<AnD> an(m, "NondomiciledAnnualTax", "Annual tax of a non-domiciled resident (MOF/STA 2019 No. 35 art. 3(1)).");
    an.def_property_readonly("tax", [](const AnD& r) { return decimal(r.result.tax); })
        .def_property_readonly("taxable_income", [](const AnD& r) { return decimal(r.result.taxable_income); })
        .def_property_readonly("income_amount", [](const AnD& r) { return decimal(r.result.income_amount); })
        .def_property_readonly("rate", [](const AnD& r) { return decimal(r.result.rate); });
    add_explain(an);
    def_declared(m, "nondomiciled_annual_tax", contract::nondomiciled_input(), 0, "NondomiciledAnnualTax",
                 "Annual tax of a non-domiciled resident on the year's China-sourced wages (sum of the months) and other comprehensive income.",
                 [](const TaxYear& ty, const contract::NondomiciledInput& in) {
                     return traced<AnD>([&](Trace* tr) { return nondomiciled_annual_tax(ty, Exact(in.sourced_wages), in.income, tr); });
                 });

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
    def_declared(m, "allowance_comparison", contract::allowance_comparison_input(), 0, "AllowanceComparison", R"doc(A resident foreigner's annual tax with the allowance exemptions and with the special additional
deductions instead, naming the cheaper (inside the legal window of the choice, else
libtax.NotAvailableError). `wages` are the year's (China-sourced) wages without the allowances;
`allowances` is {kind: amount} (reimbursed, with receipts) or a list of dicts with kind, amount
and optionally form ('cash', 'in_kind', 'reimbursed'), with_documents, in_china,
taking_up_or_leaving_post. Kinds: housing, meals, laundry, relocation, business_travel,
home_leave (one entry per trip, at most 2 exempt), language_training, children_education.)doc",
                 [](const TaxYear& ty, const contract::AllowanceComparisonInput& in) {
                     return traced<ChD>([&](Trace* tr) { return compare_allowances_with_deductions(ty, Exact(in.wages), in.allowances, in.special_additional, in.income, tr); });
                 });

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
    def_declared(m, "equity_incentive_tax", contract::grants_input(), 1, "EquityIncentiveTax",
                 "Equity-incentive income of a listed company received in the year (list of grants, in order), taxed separately on the annual table.",
                 [](const TaxYear& ty, const contract::GrantsInput& in) { return traced<EqD>([&](Trace* tr) { return equity_incentive_tax(ty, in.grants, tr); }); });

    using SvD = Detail<SeveranceTax>;
    py::class_<SvD> sv(m, "SeveranceTax", "Severance above 3 x the local average annual wage, taxed separately.");
    sv.def_property_readonly("tax", [](const SvD& r) { return decimal(r.result.tax); })
        .def_property_readonly("exempt", [](const SvD& r) { return decimal(r.result.exempt); })
        .def_property_readonly("taxable", [](const SvD& r) { return decimal(r.result.taxable); });
    add_explain(sv);
    auto sev = [](const TaxYear& ty, const contract::LumpSumInput& in, Trace* trace) { return severance_tax(ty, in.amount, in.local_average_wage, trace); };
    def_declared(m, "severance_tax", contract::severance_input(), 1, "Decimal",
                 "Tax on severance pay: the excess over 3 x the local prior-year average annual wage on the annual table. Decimal.",
                 [sev](const TaxYear& ty, const contract::LumpSumInput& in) { return decimal(sev(ty, in, nullptr).tax); });
    def_declared(m, "severance_tax_detail", contract::severance_input(), 1, "SeveranceTax", "Like severance_tax, returning a SeveranceTax with .explain().",
                 [sev](const TaxYear& ty, const contract::LumpSumInput& in) { return traced<SvD>([&](Trace* tr) { return sev(ty, in, tr); }); });

    using ErD = Detail<EarlyRetirementTax>;
    py::class_<ErD> er(m, "EarlyRetirementTax", "Early-retirement lump sum spread over the years to statutory age.");
    er.def_property_readonly("tax", [](const ErD& r) { return decimal(r.result.tax); })
        .def_property_readonly("years", [](const ErD& r) { return r.result.years; });
    add_explain(er);
    auto early = [](const TaxYear& ty, const contract::LumpSumInput& in, Trace* trace) { return early_retirement_tax(ty, in.amount, in.years, trace); };
    def_declared(m, "early_retirement_tax", contract::early_retirement_input(), 1, "Decimal",
                 "Tax on an early-retirement lump sum: {[(amount / years) - 60,000] x rate - quick} x years. Decimal.",
                 [early](const TaxYear& ty, const contract::LumpSumInput& in) { return decimal(early(ty, in, nullptr).tax); });
    def_declared(m, "early_retirement_tax_detail", contract::early_retirement_input(), 1, "EarlyRetirementTax",
                 "Like early_retirement_tax, returning an EarlyRetirementTax with .explain().",
                 [early](const TaxYear& ty, const contract::LumpSumInput& in) { return traced<ErD>([&](Trace* tr) { return early(ty, in, tr); }); });

    // ---- annuity payouts, internal retirement, non-resident equity incentives ----------------
    using AnnD = Detail<AnnuityPayoutTax>;
    py::class_<AnnD> ann(m, "AnnuityPayoutTax", "Enterprise or occupational annuity received after retirement, taxed alone (Caishui [2018] No. 164 item 4).");
    ann.def_property_readonly("tax", [](const AnnD& r) { return decimal(r.result.tax); })
        .def_property_readonly("payout", [](const AnnD& r) { return std::string(annuity_payout_name(r.result.payout)); })
        .def_property_readonly("schedule", [](const AnnD& r) { return r.result.schedule; })
        .def_property_readonly("months", [](const AnnD& r) { return r.result.months; });
    add_explain(ann);
    auto annuity = [](const TaxYear& ty, const contract::AnnuityInput& in, Trace* trace) { return annuity_payout_tax(ty, in.payout, in.amount, trace); };
    def_declared(m, "annuity_payout_tax", contract::annuity_input(), 0, "Decimal",
                 "Tax on an enterprise or occupational annuity payout after retirement (payout: 'monthly', 'quarterly', 'annual', "
                 "'lump_sum_emigration_or_death', 'lump_sum_other'). Decimal.",
                 [annuity](const TaxYear& ty, const contract::AnnuityInput& in) { return decimal(annuity(ty, in, nullptr).tax); });
    def_declared(m, "annuity_payout_tax_detail", contract::annuity_input(), 0, "AnnuityPayoutTax",
                 "Like annuity_payout_tax, returning an AnnuityPayoutTax with .explain().",
                 [annuity](const TaxYear& ty, const contract::AnnuityInput& in) { return traced<AnnD>([&](Trace* tr) { return annuity(ty, in, tr); }); });

    using IrD = Detail<InternalRetirementTax>;
    py::class_<IrD> ir(m, "InternalRetirementTax", "Lump sum on internal retirement (Guoshuifa [1999] No. 58 item 1; Caishui [2018] No. 164 item 5(3)).");
    ir.def_property_readonly("tax", [](const IrD& r) { return decimal(r.result.tax); })
        .def_property_readonly("months", [](const IrD& r) { return r.result.months; })
        .def_property_readonly("rate", [](const IrD& r) { return r.result.rate.percent(); });
    add_explain(ir);
    auto internal = [](const TaxYear& ty, const contract::LumpSumInput& in, Trace* trace) {
        return internal_retirement_tax(ty, in.amount, in.months_to_retirement, in.wage, trace);
    };
    def_declared(m, "internal_retirement_tax", contract::internal_retirement_input(), 0, "Decimal",
                 "Tax on a lump sum received on internal retirement: amount / months + wage - 5,000 finds the rate on the monthly table; "
                 "(wage + amount - 5,000) x rate - quick, less the wage's own tax. Decimal.",
                 [internal](const TaxYear& ty, const contract::LumpSumInput& in) { return decimal(internal(ty, in, nullptr).tax); });
    def_declared(m, "internal_retirement_tax_detail", contract::internal_retirement_input(), 0, "InternalRetirementTax",
                 "Like internal_retirement_tax, returning an InternalRetirementTax with .explain().",
                 [internal](const TaxYear& ty, const contract::LumpSumInput& in) { return traced<IrD>([&](Trace* tr) { return internal(ty, in, tr); }); });

    using NeD = Detail<NonresidentEquityTax>;
    py::class_<NeD> ne(m, "NonresidentEquityTax", "A non-resident's equity-incentive income of a year (MOF/STA 2019 No. 35 art. 3(2) item 3, formula 6).");
    ne.def_property_readonly("total_tax", [](const NeD& r) { return decimal(r.result.total_tax); })
        .def_property_readonly("total_income", [](const NeD& r) { return decimal(r.result.total_income); })
        .def_property_readonly("grant_taxes", [](const NeD& r) {
            py::list out;
            for (const auto& g : r.result.grants) out.append(decimal(g.tax));
            return out;
        });
    add_explain(ne);
    auto nr_equity = [](const TaxYear& ty, const contract::GrantsInput& in, Trace* trace) { return nonresident_equity_tax(ty, in.grants, trace); };
    def_declared(m, "nonresident_equity_tax", contract::grants_input(), 0, "Decimal",
                 "A non-resident's tax on the year's equity-incentive income (China-sourced amounts, one per month received, in order): "
                 "[(the year's total / 6) x rate - quick] x 6 less the year's earlier tax, on the monthly table. Decimal (the year's total).",
                 [nr_equity](const TaxYear& ty, const contract::GrantsInput& in) { return decimal(nr_equity(ty, in, nullptr).total_tax); });
    def_declared(m, "nonresident_equity_tax_detail", contract::grants_input(), 0, "NonresidentEquityTax",
                 "Like nonresident_equity_tax, returning a NonresidentEquityTax (.grant_taxes: each month's tax) with .explain().",
                 [nr_equity](const TaxYear& ty, const contract::GrantsInput& in) { return traced<NeD>([&](Trace* tr) { return nr_equity(ty, in, tr); }); });

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
    def_declared(m, "foreign_tax_credit", contract::foreign_tax_credit_input(), 0, "ForeignTaxCredit",
                 "A resident's credit of foreign income tax for one tax year, country by country: the limit (China tax on "
                 "worldwide comprehensive income pro-rated by the country's income amount, the same for business income, plus the "
                 "China tax on the country's other items), the credit, and the excess carried forward five years. countries: a "
                 "list of {country, comprehensive_income_amount, business_taxable_income, other_items_china_tax, foreign_tax_paid, "
                 "carried: [{year, amount}]}.",
                 [](const TaxYear& ty, const ForeignTaxCreditInput& in) {
                     for (std::size_t i = 0; i < in.countries.size(); ++i)
                         if (in.countries[i].country.empty())
                             throw InputError("countries[" + std::to_string(i) + "].country", "''", "name the country or region");
                     auto [r, trace] = py_language::computed_traced<ForeignTaxCreditResult>([&](Trace* tr) { return foreign_tax_credit(ty, in, tr); });
                     return PyForeignCredit{std::move(r), std::move(trace)};
                 });

    m.def(
        "_contract",
        [](const std::string& name) {
            const auto& all = declared_functions();
            const auto it = all.find(name);
            if (it == all.end()) {
                std::vector<std::string> known;
                for (const auto& kv : all) known.push_back(kv.first);
                throw InputError("function", "'" + name + "'", contract::unknown_problem(name, known, "function"));
            }
            return it->second();
        },
        py::arg("name"), "The declared keywords of a function of this module (libtax/contract/foreign_inputs.hpp), as dicts.");
}
