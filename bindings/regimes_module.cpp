// libtax._regimes: the talent regimes for Python (libtax.regimes, regime_info, talent_relief,
// compare_regimes). The keywords of talent_relief and compare_regimes are the declared talent
// case (libtax/contract/talent_case.hpp), read by the generic adapter (contract_adapter.hpp) with
// the boundary rules of convert.hpp; the C++ engine computes (libtax/regimes/relief.hpp,
// comparison.hpp).
#include <pybind11/pybind11.h>
#include <pybind11/eval.h>
#include <pybind11/stl.h>

#include "contract_adapter.hpp"
#include "convert.hpp"
#include "language.hpp"
#include "libtax/regimes/comparison.hpp"
#include "libtax/regimes/year_tax.hpp"

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
    /// The relief's trace (in a comparison, with the bonus choice), for explain(lang).
    py_language::KeptTrace trace;
    std::string bonus_treatment = "merged";  ///< in a comparison: the cheaper after relief
    std::optional<Money> tax_before_relief, tax_after_relief;
    Money bonus_saving;
    std::optional<Money> separate_after, merged_after;  ///< both treatments after relief (comparison with a bonus)
    bool separate_available = false;
    std::string allowance_treatment = "deductions";  ///< in a comparison with allowances: the cheaper after relief
    Money allowance_saving;
    bool allowance_choice = false;
    std::optional<Money> exemptions_after, deductions_after;  ///< both allowance treatments after relief
};

/// {kind: amount} of a foreign individual's allowances (reimbursed, with documents, in China), as
/// allowance_comparison takes them.
std::vector<AllowanceClaim> allowance_claims(py::handle obj) {
    std::vector<AllowanceClaim> out;
    if (obj.is_none()) return out;
    if (!py::isinstance<py::dict>(obj)) throw InputError("allowances", repr_of(obj), "expected {kind: amount}, e.g. {'housing': 180000}");
    for (auto item : py::reinterpret_borrow<py::dict>(obj)) {
        const std::string kind = py::str(item.first).cast<std::string>();
        out.push_back({parse_allowance_kind(kind, "allowances"), to_money(item.second, ("allowances[" + kind + "]").c_str())});
    }
    return out;
}

py::object money_or_none(const std::optional<Money>& m) { return m ? py::object(to_decimal(*m)) : py::object(py::none()); }

/// The Python list subclass compare_regimes returns: the ranked items, and the comparison's own
/// figures and explanation.
constexpr const char* kComparisonClass = R"py(
class RegimeComparison(list):
    """The regimes this person could claim, ranked best first (a list of TalentRelief).

    .best: the best legal item, or None when nothing is claimable; .tax_without_relief (Decimal or
    None): the person's whole tax for the year without any regime, under the cheaper treatment of
    the bonus (.treatment_without_relief); .bonus (Decimal); .explain(lang=None): the comparison
    step by step (each item's .explain() gives its own relief and bonus choice)."""

    __stub_base__ = "List[TalentRelief]"

    def __init__(self, items, best, tax_without_relief, treatment_without_relief, bonus, explain):
        super().__init__(items)
        self._best = best
        self._tax_without_relief = tax_without_relief
        self._treatment_without_relief = treatment_without_relief
        self._bonus = bonus
        self._explain = explain

    @property
    def best(self):
        """(self) -> Optional[TalentRelief]"""
        return self._best

    @property
    def tax_without_relief(self):
        """(self) -> Optional[Decimal]"""
        return self._tax_without_relief

    @property
    def treatment_without_relief(self):
        """(self) -> str"""
        return self._treatment_without_relief

    @property
    def bonus(self):
        """(self) -> Decimal"""
        return self._bonus

    def explain(self, lang=None):
        """explain(self, lang: Optional[str] = None) -> str"""
        return self._explain(lang)
)py";

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
    if (!r.note_zh.empty()) d["note_zh"] = r.note_zh;
    return d;
}

py::dict info_of(const Regime& g) {
    py::dict d;
    d["id"] = g.id;
    d["name"] = g.name;
    d["name_zh"] = g.name_zh;
    d["enacted"] = g.enacted;
    if (!g.enacted) d["status_note"] = g.status_note;
    if (!g.enacted) d["status_note_zh"] = g.status_note_zh;
    py::list basis, versions;
    std::set<std::string> seen;
    for (const auto& v : g.versions) {
        for (const auto& b : v.basis)
            if (seen.insert(b).second) basis.append(b);
        py::dict vd;
        vd["period"] = py::dict(py::arg("from") = iso(v.period.from), py::arg("to") = v.period.to ? py::object(py::str(iso(*v.period.to))) : py::object(py::none()));
        vd["basis"] = v.basis;
        vd["area"] = v.area;
        vd["area_zh"] = v.area_zh;
        vd["mechanism"] = mechanism_name(v.mechanism);
        vd["reaches"] = v.reaches;
        vd["reaches_zh"] = v.reaches_zh;
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
        vd["note_zh"] = v.note_zh;
        vd["source"] = v.source.cite();
        versions.append(vd);
    }
    d["basis"] = basis;
    const Period span = g.span();
    d["period"] = py::dict(py::arg("from") = iso(span.from), py::arg("to") = span.to ? py::object(py::str(iso(*span.to))) : py::object(py::none()));
    d["mechanism"] = mechanism_name(g.versions.back().mechanism);
    d["area"] = g.versions.back().area;
    d["area_zh"] = g.versions.back().area_zh;
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
    {
        py::dict ns;
        ns["__name__"] = "libtax._regimes";
        py::exec(kComparisonClass, ns);
        m.attr("RegimeComparison") = ns["RegimeComparison"];
    }

    py::class_<PyTalentRelief>(m, "TalentRelief", R"doc(
The relief one talent regime gives one taxpayer-year.

.eligible (bool), .amount (Decimal, 0 when not eligible), .kind ("subsidy" or "exemption"),
.reasons (list of str: each eligibility rule's result, or why the year is outside the regime's
period; in the language of libtax.set_language), .explain() (the calculation step by step with legal sources), .enacted (False for a
what-if model that is not law), .tax (IIT on the covered items), .capped, .unconfirmed (an
UNCONFIRMED reading was used), .reaches (when and how the relief reaches the person), .code.
.tax_before_relief and .tax_after_relief (Decimal or None): the person's whole tax for the year
before and after this relief. In a comparison also .computed, .excludes, .best, .bonus_treatment
("separate" or "merged": the cheaper after this relief), .bonus_saving and .bonus_options
({"separate": ..., "merged": ...}: the tax after relief under each treatment).)doc")
        .def_property_readonly("regime", [](const PyTalentRelief& p) { return p.r.regime; })
        .def_property_readonly("year", [](const PyTalentRelief& p) { return p.r.year; })
        .def_property_readonly("eligible", [](const PyTalentRelief& p) { return p.r.eligible; })
        .def_property_readonly("amount", [](const PyTalentRelief& p) { return decimal(p.r.amount); })
        .def_property_readonly("kind", [](const PyTalentRelief& p) { return std::string(mechanism_name(p.r.kind)); })
        .def_property_readonly("mechanism", [](const PyTalentRelief& p) { return std::string(mechanism_name(p.r.kind)); })
        .def_property_readonly("formula", [](const PyTalentRelief& p) { return std::string(formula_name(p.r.formula)); })
        .def_property_readonly("reasons", [](const PyTalentRelief& p) {
            // in the process language (libtax.set_language); "both": the Chinese, then the English
            const std::string lang = py_language::resolve(py::none());
            if (lang == "en" || p.r.reason_messages.size() != p.r.reasons.size()) return p.r.reasons;
            std::vector<std::string> out;
            const Catalogue& zh = Catalogue::builtin("zh");
            for (std::size_t i = 0; i < p.r.reasons.size(); ++i)
                out.push_back(lang == "both" ? p.r.reason_messages[i].render(zh) + "\n" + p.r.reasons[i] : p.r.reason_messages[i].render(Catalogue::builtin(lang)));
            return out;
        })
        .def_property_readonly("enacted", [](const PyTalentRelief& p) { return p.r.enacted; })
        .def_property_readonly("in_period", [](const PyTalentRelief& p) { return p.r.in_period; })
        .def_property_readonly("tax", [](const PyTalentRelief& p) { return decimal(p.r.tax); })
        .def_property_readonly("relief_before_cap", [](const PyTalentRelief& p) { return decimal(p.r.relief_before_cap); })
        .def_property_readonly("capped", [](const PyTalentRelief& p) { return p.r.capped; })
        .def_property_readonly("unconfirmed", [](const PyTalentRelief& p) { return p.r.unconfirmed; })
        .def_property_readonly("projected", [](const PyTalentRelief& p) { return p.r.projected; })
        .def_property_readonly("code", [](const PyTalentRelief& p) { return std::string(p.r.code); })
        .def_property_readonly("reaches", [](const PyTalentRelief& p) {
            if (!p.r.version) return std::string();
            const std::string lang = py_language::resolve(py::none());  // the table's Chinese under set_language("zh")
            if (lang == "zh") return p.r.version->reaches_zh;
            if (lang == "both") return p.r.version->reaches_zh + "\n" + p.r.version->reaches;
            return p.r.version->reaches;
        })
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
        .def_property_readonly("bonus_treatment", [](const PyTalentRelief& p) { return p.bonus_treatment; })
        .def_property_readonly("tax_before_relief", [](const PyTalentRelief& p) { return money_or_none(p.tax_before_relief); })
        .def_property_readonly("tax_after_relief", [](const PyTalentRelief& p) { return money_or_none(p.tax_after_relief); })
        .def_property_readonly("bonus_saving", [](const PyTalentRelief& p) { return decimal(p.bonus_saving); })
        .def_property_readonly("bonus_options", [](const PyTalentRelief& p) {
            py::dict d;
            if (p.separate_available) d["separate"] = money_or_none(p.separate_after);
            d["merged"] = money_or_none(p.merged_after ? p.merged_after : p.tax_after_relief);
            return d;
        })
        .def_property_readonly("allowance_treatment", [](const PyTalentRelief& p) { return p.allowance_treatment; },
                               "In a comparison with allowances: 'exemptions' or 'deductions', the cheaper after this relief (ties and no allowances: 'deductions').")
        .def_property_readonly("allowance_saving", [](const PyTalentRelief& p) { return decimal(p.allowance_saving); })
        .def_property_readonly("allowance_options", [](const PyTalentRelief& p) {
            py::dict d;
            if (p.allowance_choice) {
                d["exemptions"] = money_or_none(p.exemptions_after);
                d["deductions"] = money_or_none(p.deductions_after);
            }
            return d;
        })
        .def("explain", [](const PyTalentRelief& p, py::object lang) { return py_language::explain(p.trace, p.r.explanation, lang); }, py::arg("lang") = py::none(),
             "The calculation step by step, with legal sources, in lang (\"zh\", \"en\", \"both\"; None: libtax.get_language()).")
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
        "talent_relief", {{"regime", "str", ""}, kYear}, contract::talent_case(), {{"projection", "bool", "False"}, kTables}, "TalentRelief", R"doc(The relief `regime` gives this person in tax year `year`.

identity: "foreign", "hk", "macao", "taiwan" or "mainland". zone_* left as None: all of that
income is from the zone. Returns a TalentRelief with .eligible, .amount (Decimal, 0 when not
eligible), .kind ("subsidy"/"exemption"), .reasons, .explain(). A year outside the regime's period
is not eligible, with that reason. Raises libtax.InputError (a ValueError) for an unknown regime,
identity, keyword (naming the closest declared one) or bad amount. For a Hong Kong / Macao burden
regime in a year with no published table of that place, libtax.CoverageError names the missing
table unless projection=True, which carries the latest table forward (.projected True, labelled a
projection in the explanation; not law).)doc");
    const std::string compare_doc = declared_doc(
        "compare_regimes", {kYear}, contract::talent_case(),
        {{"include_ineligible", "bool", "False"}, {"include_what_if", "bool", "False"}, {"place", "str | None", "None"},
         {"bonus", "Amount", "0"}, {"zone_bonus", "Amount | None", "None"}, {"allowances", "dict[str, Amount] | None", "None"},
         {"projection", "bool", "False"}, kTables},
        "RegimeComparison",
        R"doc(The regimes this person could claim in `year`, ranked: a list of TalentRelief, best first.

Only enacted regimes the person is eligible for are listed, unless include_ineligible=True (adds
the others with their reasons) or include_what_if=True (adds beijing-two-zones, which is not law).
The list's .best is the best legal item (None when nothing is claimable), also flagged .best True;
.excludes names the regimes that cannot be claimed in the same year (GBA against Nansha, Qianhai,
Hetao). Items are ranked by .tax_after_relief: the person's whole tax for the year after that
regime's relief. bonus: an annual one-time bonus (residents; not in wages), weighed taxed
separately against merged into comprehensive income on the tax after each regime's relief
(MOF/STA Announcement 2023 No. 30 art. 1); each item's .bonus_treatment ("separate" or "merged")
is the cheaper and .bonus_saving what it saves; zone_bonus: its part from the zone (None: all).
allowances: a resident foreign individual's allowances ({kind: amount}, as allowance_comparison;
not in wages), weighed the exemptions against the special additional deductions on the tax after
each regime's relief (Caishui [2018] No. 164 item 7(1); MOF/STA 2023 No. 29 art. 1); each item's
.allowance_treatment ("exemptions" or "deductions") is the cheaper, .allowance_saving what it
saves and .allowance_options both figures.
projection=True: a year with no Hong Kong / Macao table carries the latest one forward for the
burden regimes (.projected, labelled in every explanation); without it they are listed
.computed False, naming the missing table. An eligible regime whose amount
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
                const py::object projection = take(args, "projection");
                const int y = to_year(year);
                const TalentCase c = case_of(args, {"tables", "projection"});
                ReliefOptions ro;
                if (!projection.is_none() && to_flag(projection, "projection")) {
                    bool foreign = false;
                    for (const auto& v : t->regime(regime).versions)
                        foreign = foreign || v.formula == Formula::above_hong_kong || v.formula == Formula::above_macao;
                    if (!foreign)
                        throw InputError("projection", "True", "regime " + regime + " compares with no Hong Kong or Macao table (projection is for the burden regimes)");
                    ro.projection = true;
                }
                PyTalentRelief p;
                p.tables = t;
                without_gil([&] {  // the engine computes with the GIL released; nothing below touches Python
                    std::tie(p.r, p.trace) =
                        py_language::computed_traced<TalentReliefResult>([&](Trace* tr) { return talent_relief(*t, regime, y, c, ro, tr); });
                    try {  // the whole tax of the year, before and after this relief
                        p.tax_before_relief = year_tax(t->year(y), c);
                        p.tax_after_relief = *p.tax_before_relief - p.r.amount;
                    } catch (const InputError&) {
                    }
                });
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
                const py::object bonus = take(args, "bonus"), zone_bonus = take(args, "zone_bonus"), projection = take(args, "projection");
                const py::object allowances = take(args, "allowances");
                CompareOptions opt{include_ineligible, include_what_if, {}};
                if (!bonus.is_none()) opt.bonus = to_money(bonus, "bonus");
                if (!zone_bonus.is_none()) opt.zone_bonus = to_money(zone_bonus, "zone_bonus");
                opt.projection = !projection.is_none() && to_flag(projection, "projection");
                opt.allowances = allowance_claims(allowances);
                if (!place.is_none()) {
                    if (!py::isinstance<py::str>(place))
                        throw InputError("place", repr_of(place), "expected a city or zone id such as 'shenzhen' or 'qianhai'");
                    opt.place = place.cast<std::string>();
                }
                const TalentCase c = case_of(args, {"tables", "include_ineligible", "include_what_if", "place", "bonus", "zone_bonus", "allowances", "projection"});
                auto trace = std::make_shared<Trace>();
                const RegimeComparison cmp = without_gil([&] { return compare_regimes(*t, y, c, opt, trace.get()); });
                py::list items;
                py::object best = py::none();
                for (std::size_t i = 0; i < cmp.options.size(); ++i) {
                    const RegimeOption& o = cmp.options[i];
                    PyTalentRelief p;
                    p.tables = t;
                    p.r = o.result;
                    p.computed = o.computed;
                    p.not_computed_why = o.not_computed_why;
                    p.excludes = o.excludes;
                    p.best = o.best;
                    p.trace = std::make_shared<const Trace>(o.trace);
                    p.bonus_treatment = bonus_treatment_name(o.bonus_treatment);
                    p.tax_before_relief = o.tax_before_relief;
                    p.tax_after_relief = o.tax_after_relief;
                    p.bonus_saving = o.bonus_saving;
                    p.separate_available = o.separate.available;
                    if (o.separate.available) p.separate_after = o.separate.tax_after_relief;
                    p.merged_after = o.merged.tax_after_relief;
                    p.allowance_choice = cmp.allowance_choice;
                    p.allowance_treatment = allowance_treatment_name(o.allowance_treatment);
                    p.allowance_saving = o.allowance_saving;
                    p.exemptions_after = o.exemptions_tax_after_relief;
                    p.deductions_after = o.deductions_tax_after_relief;
                    py::object item = py::cast(std::move(p));
                    if (o.best) best = item;
                    items.append(item);
                }
                py::object explain = py::cpp_function([trace](py::object lang) { return explanation_text(*trace, py_language::resolve(lang)); });
                return py::module_::import("libtax._regimes").attr("RegimeComparison")(
                    items, best, money_or_none(cmp.tax_without_relief), bonus_treatment_name(cmp.treatment_without_relief), to_decimal(cmp.bonus),
                    explain);
            },
            compare_doc.c_str(), py::arg("year"));
    }
}
