// libtax._regimes: the talent regimes for Python (libtax.regimes, regime_info, talent_relief,
// compare_regimes). The keyword layer lives in python/libtax/regimes.py; this module takes the
// keywords as a dict, converts each amount once at the boundary (convert.hpp) and calls the C++
// engine (libtax/regimes/relief.hpp, comparison.hpp).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

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
};

std::optional<int> opt_int(const py::dict& a, const char* key) {
    if (!a.contains(key) || a[key].is_none()) return std::nullopt;
    py::handle v = a[key];
    if (PyBool_Check(v.ptr()) || !PyLong_Check(v.ptr())) throw InputError(key, repr_of(v), "expected a whole number (days, months or years)");
    const long long x = v.cast<long long>();
    if (x < -1000000 || x > 1000000) throw InputError(key, std::to_string(x), "out of range");
    return static_cast<int>(x);
}

bool flag(const py::dict& a, const char* key, bool dflt) {
    if (!a.contains(key) || a[key].is_none()) return dflt;
    py::handle v = a[key];
    if (!PyBool_Check(v.ptr())) throw InputError(key, repr_of(v), "expected True or False");
    return v.cast<bool>();
}

std::string text(const py::dict& a, const char* key) {
    if (!a.contains(key) || a[key].is_none()) return {};
    py::handle v = a[key];
    if (!PyUnicode_Check(v.ptr())) throw InputError(key, repr_of(v), "expected a string");
    return v.cast<std::string>();
}

Money amount(const py::dict& a, const char* key) { return a.contains(key) && !a[key].is_none() ? to_money(a[key], key) : Money(); }
std::optional<Money> opt_amount(const py::dict& a, const char* key) {
    if (!a.contains(key) || a[key].is_none()) return std::nullopt;
    return to_money(a[key], key);
}

Rate to_rate(py::handle v, const char* key) {
    if (PyBool_Check(v.ptr())) throw InputError(key, repr_of(v), "expected a positive exchange rate, not a bool");
    std::string s;
    if (PyFloat_Check(v.ptr())) {
        s = py::repr(v).cast<std::string>();  // the shortest decimal that round-trips the float
    } else if (PyLong_Check(v.ptr()) || PyUnicode_Check(v.ptr()) || py::isinstance(v, decimal_class())) {
        s = py::str(py::module_::import("builtins").attr("format")(v, "")).cast<std::string>();
        if (py::isinstance(v, decimal_class())) s = py::str(py::module_::import("builtins").attr("format")(v, "f")).cast<std::string>();
    } else {
        throw InputError(key, repr_of(v), "expected a number (int, float, str or Decimal)");
    }
    const Rate r = Rate::parse(s, key);
    if (r.is_zero()) throw InputError(key, s, "an exchange rate must be positive");
    return r;
}

const std::set<std::string>& known_keys() {
    static const std::set<std::string> k{
        "identity", "wages", "labour", "author", "royalties", "business_taxable_income", "social_insurance", "special_additional",
        "other_deductions", "talent_subsidy", "zone_wages", "zone_labour", "zone_author", "zone_royalties",
        "zone_business_taxable_income", "days_in_zone", "talent_recognised", "city", "resident", "actual_days",
        "social_insurance_months", "social_insurance_exempt", "contract_years", "special_industry", "encouraged_industry",
        "tax_paid_in_zone", "business_tax_paid_in_zone", "fx_rate", "mpf_contributions", "wage_months"};
    return k;
}

TalentCase case_of(const py::dict& a) {
    std::string unknown;
    for (auto item : a) {
        const std::string k = py::str(item.first).cast<std::string>();
        if (!known_keys().count(k)) unknown += (unknown.empty() ? "" : ", ") + k;
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto& k : known_keys()) list += (list.empty() ? "" : ", ") + k;
        throw InputError("keywords", unknown, "unknown keyword(s); talent_relief takes: " + list);
    }
    TalentCase c;
    if (!a.contains("identity") || a["identity"].is_none()) throw InputError("identity", "None", "required: one of foreign, hk, macao, taiwan, mainland");
    if (!PyUnicode_Check(a["identity"].ptr())) throw InputError("identity", repr_of(a["identity"]), "expected one of foreign, hk, macao, taiwan, mainland");
    c.identity = parse_identity(a["identity"].cast<std::string>());
    c.resident = flag(a, "resident", true);
    c.wage_months = opt_int(a, "wage_months");
    c.income = {amount(a, "wages"), amount(a, "labour"), amount(a, "author"), amount(a, "royalties")};
    c.business_taxable_income = amount(a, "business_taxable_income");
    c.social_insurance = amount(a, "social_insurance");
    c.special_additional = amount(a, "special_additional");
    c.other_deductions = amount(a, "other_deductions");
    c.talent_subsidy = amount(a, "talent_subsidy");
    c.zone_wages = opt_amount(a, "zone_wages");
    c.zone_labour = opt_amount(a, "zone_labour");
    c.zone_author = opt_amount(a, "zone_author");
    c.zone_royalties = opt_amount(a, "zone_royalties");
    c.zone_business_taxable_income = opt_amount(a, "zone_business_taxable_income");
    c.tax_paid_in_zone = opt_amount(a, "tax_paid_in_zone");
    c.business_tax_paid_in_zone = opt_amount(a, "business_tax_paid_in_zone");
    c.days_in_zone = opt_int(a, "days_in_zone");
    c.actual_days = opt_int(a, "actual_days");
    c.talent_recognised = flag(a, "talent_recognised", false);
    c.social_insurance_months = opt_int(a, "social_insurance_months");
    c.social_insurance_exempt = flag(a, "social_insurance_exempt", false);
    c.contract_years = opt_int(a, "contract_years");
    c.special_industry = text(a, "special_industry");
    if (a.contains("encouraged_industry") && !a["encouraged_industry"].is_none()) c.encouraged_industry = flag(a, "encouraged_industry", false);
    c.city = text(a, "city");
    if (a.contains("fx_rate") && !a["fx_rate"].is_none()) c.fx_rate = to_rate(a["fx_rate"], "fx_rate");
    c.mpf_contributions = amount(a, "mpf_contributions");
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
        .def_property_readonly("amount", [](const PyTalentRelief& p) { return to_decimal(p.r.amount); })
        .def_property_readonly("kind", [](const PyTalentRelief& p) { return std::string(mechanism_name(p.r.kind)); })
        .def_property_readonly("mechanism", [](const PyTalentRelief& p) { return std::string(mechanism_name(p.r.kind)); })
        .def_property_readonly("formula", [](const PyTalentRelief& p) { return std::string(formula_name(p.r.formula)); })
        .def_property_readonly("reasons", [](const PyTalentRelief& p) { return p.r.reasons; })
        .def_property_readonly("enacted", [](const PyTalentRelief& p) { return p.r.enacted; })
        .def_property_readonly("in_period", [](const PyTalentRelief& p) { return p.r.in_period; })
        .def_property_readonly("tax", [](const PyTalentRelief& p) { return to_decimal(p.r.tax); })
        .def_property_readonly("relief_before_cap", [](const PyTalentRelief& p) { return to_decimal(p.r.relief_before_cap); })
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
        .def("explain", [](const PyTalentRelief& p, py::object lang) { return py_language::explain_english(p.r.explanation, lang); }, py::arg("lang") = py::none(),
             "The calculation step by step, with legal sources.")
        .def("steps", [](const PyTalentRelief& p) { return steps_of(p.r.explanation); }, "The steps as dicts (label, value, formula, basis).")
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
    m.def(
        "_talent_relief",
        [](const std::string& regime, py::object year, py::dict args, py::object tables) {
            auto t = tables_or_builtin(tables);
            const int y = to_year(year);
            const TalentCase c = case_of(args);
            PyTalentRelief p;
            p.tables = t;
            p.r = talent_relief(*t, regime, y, c, true);
            p.excludes = t->regime(regime).exclusive_with;
            return p;
        },
        py::arg("regime"), py::arg("year"), py::arg("args"), py::arg("tables") = py::none());
    m.def(
        "_compare_regimes",
        [](py::object year, py::dict args, bool include_ineligible, bool include_what_if, py::object tables) {
            auto t = tables_or_builtin(tables);
            const int y = to_year(year);
            const TalentCase c = case_of(args);
            const RegimeComparison cmp = compare_regimes(*t, y, c, {include_ineligible, include_what_if}, true);
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
        py::arg("year"), py::arg("args"), py::arg("include_ineligible"), py::arg("include_what_if"), py::arg("tables") = py::none());
}
