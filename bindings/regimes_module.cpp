// libtax._regimes: the talent regimes for Python (libtax.regimes, regime_info, talent_relief,
// compare_regimes). The keywords of talent_relief and compare_regimes are the declared talent
// case (libtax/contract/talent_case.hpp), read by the generic adapter (contract_adapter.hpp) with
// the boundary rules of convert.hpp; the C++ engine computes (libtax/regimes/relief.hpp,
// comparison.hpp).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "contract_adapter.hpp"
#include "convert.hpp"
#include "language.hpp"
#include "libtax/regimes/comparison.hpp"

namespace py = pybind11;
using namespace libtax;
using namespace libtax::py_boundary;

namespace {

/// A relief result kept with the tables it points into.
struct PyTalentRelief {
    std::shared_ptr<const Tables> tables;
    TalentReliefResult r;
    bool computed = true;
    std::string not_computed_why;
    std::vector<std::string> excludes;
    bool best = false;
    /// talent_relief's trace, for explain(lang); null for compare_regimes' options, whose
    /// comparison records its explanations in English only so far.
    py_language::KeptTrace trace;
};

/// The declared talent-case keywords (libtax/contract/talent_case.hpp) read into a TalentCase.
TalentCase case_of(const py::dict& kw, const std::vector<std::string>& also) {
    const TalentCase c = read_declared(contract::talent_case(), kw, TalentCase(), also);
    c.validate();
    return c;
}

py::dict rule_dict(const EligibilityRule& r) {
    py::dict d;
    using K = EligibilityRule::Kind;
    d["rule"] = rule_kind_name(r.kind);
    d["basis"] = r.source.cite();
    if (!r.city.empty()) d["city"] = r.city;
    if (r.period) d["period"] = r.period->str();
    py::list ids;
    for (auto i : r.identities) ids.append(identity_name(i));
    if (!r.identities.empty()) d[r.kind == K::identity ? "allowed" : "identities"] = ids;
    switch (r.kind) {
        case K::income_threshold:
            d["min"] = to_decimal(r.min_income);
            d["strict"] = r.strict;
            d["or_recognised"] = r.or_recognised;
            break;
        case K::presence:
            d["min_days"] = r.min_days;
            if (r.min_actual_days) d["min_actual_days"] = r.min_actual_days;
            if (!r.alt_industries.empty()) d["special_industries"] = r.alt_industries;
            break;
        case K::social_insurance: d["min_months"] = r.min_months; break;
        case K::contract: d["min_years"] = r.min_years; break;
        default: break;
    }
    d["unconfirmed"] = r.unconfirmed;
    if (!r.note.empty()) d["note"] = r.note;
    return d;
}

py::dict info_of(const Regime& g) {
    py::dict d;
    d["id"] = g.id;
    d["name"] = g.name;
    d["enacted"] = g.enacted;
    if (!g.enacted) d["status_note"] = g.status_note;
    py::list basis, versions;
    std::set<std::string> seen;
    for (const auto& v : g.versions) {
        for (const auto& b : v.basis)
            if (seen.insert(b).second) basis.append(b);
        py::dict vd;
        vd["period"] = py::dict(py::arg("from") = iso(v.period.from), py::arg("to") = v.period.to ? py::object(py::str(iso(*v.period.to))) : py::object(py::none()));
        vd["basis"] = v.basis;
        vd["area"] = v.area;
        vd["mechanism"] = mechanism_name(v.mechanism);
        vd["reaches"] = v.reaches;
        vd["formula"] = formula_name(v.formula);
        if (v.formula == Formula::above_rate) vd["rate"] = to_decimal(v.rate.value);
        if (v.formula == Formula::share_of_tax) vd["share"] = to_decimal(v.share.value);
        vd["proration"] = py::dict(py::arg("comprehensive") = proration_name(v.comprehensive_proration),
                                   py::arg("business") = proration_name(v.business_proration));
        py::list items;
        for (auto i : v.items) items.append(item_name(i));
        vd["items"] = items;
        vd["cap"] = v.cap ? to_decimal(v.cap->value) : py::object(py::none());
        py::list rules;
        for (const auto& r : v.eligibility) rules.append(rule_dict(r));
        vd["eligibility"] = rules;
        vd["unconfirmed"] = v.unconfirmed;
        vd["note"] = v.note;
        vd["source"] = v.source.cite();
        versions.append(vd);
    }
    d["basis"] = basis;
    const Period span = g.span();
    d["period"] = py::dict(py::arg("from") = iso(span.from), py::arg("to") = span.to ? py::object(py::str(iso(*span.to))) : py::object(py::none()));
    d["mechanism"] = mechanism_name(g.versions.back().mechanism);
    d["area"] = g.versions.back().area;
    d["cities"] = g.cities;
    d["exclusive_with"] = g.exclusive_with;
    d["versions"] = versions;
    d["file"] = g.file;
    return d;
}

std::string repr_of_result(const PyTalentRelief& p) {
    const auto& r = p.r;
    return "TalentRelief(regime='" + r.regime + "', year=" + std::to_string(r.year) + ", eligible=" + (r.eligible ? "True" : "False") +
           ", amount=Decimal('" + r.amount.str() + "'), kind='" + mechanism_name(r.kind) + "'" + (r.enacted ? "" : ", enacted=False") +
           (p.computed ? "" : ", computed=False") + ")";
}

}  // namespace

PYBIND11_MODULE(_regimes, m) {
    m.doc() = "libtax talent regimes: eligibility, relief and comparison from tables/regimes";
    py::module_::import("libtax._core");  // registers the error translation and Tables

    py::class_<PyTalentRelief>(m, "TalentRelief", R"doc(
The relief one talent regime gives one taxpayer-year.

.eligible (bool), .amount (Decimal, 0 when not eligible), .kind ("subsidy" or "exemption"),
.reasons (list of str: each eligibility rule's result, or why the year is outside the regime's
period), .explain() (the calculation step by step with legal sources), .enacted (False for a
what-if model that is not law), .tax (IIT on the covered items), .capped, .unconfirmed (an
UNCONFIRMED reading was used), .reaches (when and how the relief reaches the person), .code.
In a comparison also .computed, .excludes and .best.)doc")
        .def_property_readonly("regime", [](const PyTalentRelief& p) { return p.r.regime; })
        .def_property_readonly("year", [](const PyTalentRelief& p) { return p.r.year; })
        .def_property_readonly("eligible", [](const PyTalentRelief& p) { return p.r.eligible; })
        .def_property_readonly("amount", [](const PyTalentRelief& p) { return decimal(p.r.amount); })
        .def_property_readonly("kind", [](const PyTalentRelief& p) { return std::string(mechanism_name(p.r.kind)); })
        .def_property_readonly("mechanism", [](const PyTalentRelief& p) { return std::string(mechanism_name(p.r.kind)); })
        .def_property_readonly("formula", [](const PyTalentRelief& p) { return std::string(formula_name(p.r.formula)); })
        .def_property_readonly("reasons", [](const PyTalentRelief& p) { return p.r.reasons; })
        .def_property_readonly("enacted", [](const PyTalentRelief& p) { return p.r.enacted; })
        .def_property_readonly("in_period", [](const PyTalentRelief& p) { return p.r.in_period; })
        .def_property_readonly("tax", [](const PyTalentRelief& p) { return decimal(p.r.tax); })
        .def_property_readonly("relief_before_cap", [](const PyTalentRelief& p) { return decimal(p.r.relief_before_cap); })
        .def_property_readonly("capped", [](const PyTalentRelief& p) { return p.r.capped; })
        .def_property_readonly("unconfirmed", [](const PyTalentRelief& p) { return p.r.unconfirmed; })
        .def_property_readonly("code", [](const PyTalentRelief& p) { return std::string(p.r.code); })
        .def_property_readonly("reaches", [](const PyTalentRelief& p) { return p.r.version ? p.r.version->reaches : std::string(); })
        .def_property_readonly("rules", [](const PyTalentRelief& p) {
            py::list out;
            for (const auto& o : p.r.rules)
                out.append(py::dict(py::arg("rule") = rule_kind_name(o.kind), py::arg("passed") = o.passed, py::arg("code") = o.code,
                                    py::arg("reason") = o.reason, py::arg("unconfirmed") = o.unconfirmed));
            return out;
        })
        .def_property_readonly("computed", [](const PyTalentRelief& p) { return p.computed; })
        .def_property_readonly("not_computed_why", [](const PyTalentRelief& p) { return p.not_computed_why; })
        .def_property_readonly("excludes", [](const PyTalentRelief& p) { return p.excludes; })
        .def_property_readonly("best", [](const PyTalentRelief& p) { return p.best; })
        .def("explain", [](const PyTalentRelief& p, py::object lang) { return py_language::explain(p.trace, p.r.explanation, lang); }, py::arg("lang") = py::none(),
             "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()). "
             "compare_regimes' options are explained in English only so far: another lang gets the English text under a line that says so.")
        .def("steps", [](const PyTalentRelief& p, py::object lang) { return py_language::steps(p.trace, p.r.explanation, lang); }, py::arg("lang") = py::none(),
             "The steps as dicts (label, value, formula, basis) in lang.")
        .def("__repr__", &repr_of_result);

    m.def("regimes", [](py::object tables) { return tables_or_builtin(tables)->regimes(); }, py::kw_only(), py::arg("tables") = py::none(),
          "Ids of the talent regimes in the tables, sorted.");
    m.def(
        "regime_info",
        [](const std::string& id, py::object tables) {
            auto t = tables_or_builtin(tables);
            return info_of(t->regime(id));
        },
        py::arg("id"), py::kw_only(), py::arg("tables") = py::none(),
        "A regime's data: enacted, basis (document numbers), period, mechanism, versions with eligibility rules, ...");
    const std::string relief_doc = declared_doc(
        "talent_relief", {{"regime", "str", ""}, kYear}, contract::talent_case(), {kTables}, "TalentRelief", R"doc(The relief `regime` gives this person in tax year `year`.

identity: "foreign", "hk", "macao", "taiwan" or "mainland". zone_* left as None: all of that
income is from the zone. Returns a TalentRelief with .eligible, .amount (Decimal, 0 when not
eligible), .kind ("subsidy"/"exemption"), .reasons, .explain(). A year outside the regime's period
is not eligible, with that reason. Raises libtax.InputError (a ValueError) for an unknown regime,
identity, keyword (naming the closest declared one) or bad amount.)doc");
    const std::string compare_doc = declared_doc(
        "compare_regimes", {kYear}, contract::talent_case(),
        {{"include_ineligible", "bool", "False"}, {"include_what_if", "bool", "False"}, {"place", "str | None", "None"}, kTables}, "list[TalentRelief]",
        R"doc(The regimes this person could claim in `year`, ranked: a list of TalentRelief, best first.

Only enacted regimes the person is eligible for are listed, unless include_ineligible=True (adds
the others with their reasons) or include_what_if=True (adds beijing-two-zones, which is not law).
The first item with .best True is the best legal choice; .excludes names the regimes that cannot be
claimed in the same year (GBA against Nansha, Qianhai, Hetao). An eligible regime whose amount
needs a missing input (fx_rate) is listed with .computed False and the reason. city applies to
regimes with city rules (GBA) and is ignored by the others.)doc");
    {
        py::options generated;  // the signature line is generated from the declaration
        generated.disable_function_signatures();
        m.def(
            "talent_relief",
            [](const std::string& regime, py::object year, py::kwargs kw) {
                py::dict args(kw);
                auto t = tables_or_builtin(take(args, "tables"));
                const int y = to_year(year);
                const TalentCase c = case_of(args, {"tables"});
                PyTalentRelief p;
                p.tables = t;
                std::tie(p.r, p.trace) = py_language::computed_traced<TalentReliefResult>([&](Trace* tr) { return talent_relief(*t, regime, y, c, tr); });
                p.excludes = t->regime(regime).exclusive_with;
                return p;
            },
            relief_doc.c_str(), py::arg("regime"), py::arg("year"));
        m.def(
            "compare_regimes",
            [](py::object year, py::kwargs kw) {
                py::dict args(kw);
                auto t = tables_or_builtin(take(args, "tables"));
                const py::object inel = take(args, "include_ineligible"), what_if = take(args, "include_what_if");
                const bool include_ineligible = !inel.is_none() && to_flag(inel, "include_ineligible");
                const bool include_what_if = !what_if.is_none() && to_flag(what_if, "include_what_if");
                const int y = to_year(year);
                const py::object place = take(args, "place");
                CompareOptions opt{include_ineligible, include_what_if, {}};
                if (!place.is_none()) {
                    if (!py::isinstance<py::str>(place))
                        throw InputError("place", repr_of(place), "expected a city or zone id such as 'shenzhen' or 'qianhai'");
                    opt.place = place.cast<std::string>();
                }
                const TalentCase c = case_of(args, {"tables", "include_ineligible", "include_what_if", "place"});
                const RegimeComparison cmp = compare_regimes(*t, y, c, opt, true);
                std::vector<PyTalentRelief> out;
                for (std::size_t i = 0; i < cmp.options.size(); ++i) {
                    PyTalentRelief p;
                    p.tables = t;
                    p.r = cmp.options[i].result;
                    p.computed = cmp.options[i].computed;
                    p.not_computed_why = cmp.options[i].not_computed_why;
                    p.excludes = cmp.options[i].excludes;
                    p.best = static_cast<int>(i) == cmp.best;
                    out.push_back(std::move(p));
                }
                return out;
            },
            compare_doc.c_str(), py::arg("year"));
    }
}
