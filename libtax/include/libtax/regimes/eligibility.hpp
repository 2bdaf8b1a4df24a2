// libtax/regimes/eligibility.hpp - a version's eligibility rules applied to a taxpayer-year:
// each rule's result and, when asked, its reason and legal basis.
//
// A reason is recorded as a message id with arguments (ReasonMessage: the rule's kind, the
// figures, the city, the rule's source cited in each language, its UNCONFIRMED note in English
// and Chinese), so every catalogue renders it (messages/<lang>.yaml, eligibility.*);
// RuleOutcome::reason is its English rendering.
#pragma once

#include <string>
#include <vector>

#include "libtax/core/catalogue.hpp"
#include "libtax/core/exact.hpp"
#include "libtax/regimes/regime.hpp"
#include "libtax/regimes/talent_case.hpp"
#include "libtax/tables/citations.hpp"

namespace libtax {

/// A reason as a message id and its arguments, rendered in any catalogue's language.
struct ReasonMessage {
    std::string id;
    TraceArgs args;
    std::string render(const Catalogue& c) const { return c.format(id, args); }
};

struct RuleOutcome {
    EligibilityRule::Kind kind = EligibilityRule::Kind::identity;
    bool passed = false;
    bool unconfirmed = false;  ///< the rule's reading is marked UNCONFIRMED in its table
    const char* code = "";     ///< short fixed code, e.g. "presence.days_short" (no formatting)
    std::string reason;        ///< readable reason with figures and basis, in English; only when explained
    ReasonMessage message;     ///< the same reason as a message id and arguments; only when explained
};

/// Income figures some rules are read against (computed by the relief engine).
struct EligibilityFigures {
    Money zone_gross_income;  ///< zone CI gross receipts + zone business taxable income
    Exact taxable_income;     ///< CI taxable income + business taxable income
};

inline const char* rule_kind_name(EligibilityRule::Kind k) {
    using K = EligibilityRule::Kind;
    switch (k) {
        case K::identity: return "identity";
        case K::talent_recognition: return "talent recognition";
        case K::income_threshold: return "income threshold";
        case K::presence: return "presence";
        case K::social_insurance: return "social insurance";
        case K::contract: return "contract";
        case K::encouraged_industry: return "encouraged industry";
    }
    return "?";
}

namespace detail {

inline bool meets_social_insurance(const TalentCase& c, int months, bool waivable) {
    if (waivable && c.social_insurance_exempt) return true;
    return c.social_insurance_months && *c.social_insurance_months >= months;
}

}  // namespace detail

namespace detail {

inline const char* rule_kind_id(EligibilityRule::Kind k) {
    using K = EligibilityRule::Kind;
    switch (k) {
        case K::identity: return "eligibility.kind.identity";
        case K::talent_recognition: return "eligibility.kind.talent_recognition";
        case K::income_threshold: return "eligibility.kind.income_threshold";
        case K::presence: return "eligibility.kind.presence";
        case K::social_insurance: return "eligibility.kind.social_insurance";
        case K::contract: return "eligibility.kind.contract";
        case K::encouraged_industry: return "eligibility.kind.encouraged_industry";
    }
    return "eligibility.kind.identity";
}

/// A text put together by each built-in catalogue (a list of translated names): English and Chinese.
template <class F>
TraceText in_en_and_zh(F&& render) {
    return bilingual(render(Catalogue::builtin("en")), render(Catalogue::builtin("zh")));
}

/// A city of a regime's rules, translated where the catalogues name it.
inline TraceText city_text(const std::string& city) {
    const std::string id = "calc.city." + city;
    return Catalogue::builtin("en").has(id) ? message_id(id) : TraceText(city);
}

/// A special industry of a rule (a table id such as "offshore-oil-gas"), translated where the
/// catalogues name it.
inline std::string industry_in(const Catalogue& cat, const std::string& industry) {
    const std::string id = "eligibility.industry." + industry;
    return cat.has(id) ? cat.format(id) : industry;
}

/// A figure the person may not have given: the number, or "not given" in the reader's language.
inline TraceText opt_count(const std::optional<int>& v) { return v ? TraceText(std::to_string(*v)) : message_id("eligibility.not_given"); }

/// The outcome's reason: its message and, from it, the English text.
inline void set_reason(RuleOutcome& o, std::string id, TraceArgs args) {
    o.message.id = std::move(id);
    o.message.args = std::move(args);
    o.reason = o.message.render(Catalogue::builtin("en"));
}

/// The rule's source, cited in English and in Chinese.
inline TraceText basis_text(const LegalSource& s) { return bilingual(s.cite(), cite(s, "zh")); }

}  // namespace detail

namespace detail {

/// One rule of a version for this person: false when it does not bind them (dated out, another
/// identity, another city's rule while a city is given); else `o` holds its outcome.
/// evaluate_rule for a rule already known to be in force for the whole year (its dates checked once).
/// `city_checked`: the caller knows the rule has no city or c's city (ReliefRows, once per batch).
inline bool evaluate_rule_in_year(const EligibilityRule& rule, const TalentCase& c, const EligibilityFigures& fig, bool explain,
                                  RuleOutcome& o, bool city_checked = false) {
    using K = EligibilityRule::Kind;
    {
        if (!rule.applies_to(c.identity)) return false;
        if (!city_checked && !rule.city.empty() && rule.city != c.city) {
            // No city given: a city's rule (e.g. Shenzhen's 90 days) is not skipped silently but
            // reported as not checked, and the result is flagged like an unconfirmed reading.
            if (!c.city.empty()) return false;
            o.kind = rule.kind;
            o.passed = true;
            o.unconfirmed = true;
            o.code = "city.not_given";
            if (explain)
                set_reason(o, "eligibility.reason.city_not_checked",
                           {{"kind", message_id(rule_kind_id(rule.kind))}, {"city", city_text(rule.city)}, {"city_id", rule.city},
                            {"basis", basis_text(rule.source)}});
            return true;
        }
        o.kind = rule.kind;
        o.unconfirmed = rule.unconfirmed;
        std::string why;  // the message id of the rule's finding
        TraceArgs args;   // its arguments (and the reason's)
        auto yes_no = [](bool ok, const char* yes, const char* no) { return message_id(ok ? yes : no); };
        switch (rule.kind) {
            case K::identity: {
                o.passed = false;
                for (auto i : rule.identities) o.passed = o.passed || i == c.identity;
                o.code = o.passed ? "identity.ok" : "identity.not_covered";
                if (explain) {
                    why = o.passed ? "eligibility.why.identity.covered" : "eligibility.why.identity.not_covered";
                    args.push_back({"identity", message_id(std::string("calc.value.") + identity_name(c.identity))});
                    args.push_back({"identities", in_en_and_zh([&](const Catalogue& cat) {
                                        std::string list;
                                        for (auto i : rule.identities)
                                            list += (list.empty() ? "" : cat.format("eligibility.list_separator")) +
                                                    cat.format(std::string("calc.value.") + identity_name(i));
                                        return list;
                                    })});
                }
                break;
            }
            case K::talent_recognition:
                o.passed = c.talent_recognised;
                o.code = o.passed ? "talent.ok" : "talent.not_recognised";
                if (explain) why = o.passed ? "eligibility.why.talent.recognised" : "eligibility.why.talent.not_recognised";
                break;
            case K::income_threshold: {
                const Exact income = rule.measure == IncomeMeasure::zone_gross_income ? Exact(fig.zone_gross_income) : fig.taxable_income;
                const Exact floor(rule.min_income);
                const bool meets = rule.strict ? floor < income : floor <= income;
                o.passed = meets || (rule.or_recognised && c.talent_recognised);
                o.code = o.passed ? "income.ok" : "income.below_threshold";
                if (explain) {
                    why = "eligibility.why.income";
                    args.push_back({"measure", message_id(rule.measure == IncomeMeasure::zone_gross_income ? "eligibility.measure.zone_gross_income"
                                                                                                          : "eligibility.measure.taxable_income")});
                    args.push_back({"income", income.str()});
                    args.push_back({"meets", yes_no(meets, "eligibility.meets", "eligibility.does_not_meet")});
                    args.push_back({"threshold", message_id(rule.strict ? "eligibility.threshold.more_than" : "eligibility.threshold.at_least")});
                    args.push_back({"min", rule.min_income.str()});
                    args.push_back({"or_recognised", !rule.or_recognised ? TraceText()
                                                     : yes_no(c.talent_recognised, "eligibility.or_recognised.yes", "eligibility.or_recognised.no")});
                }
                break;
            }
            case K::presence: {
                const int actual = c.actual_days ? *c.actual_days : (c.days_in_zone ? *c.days_in_zone : 0);
                const bool days_ok = c.days_in_zone && *c.days_in_zone >= rule.min_days;
                const bool actual_ok = rule.min_actual_days == 0 || (c.days_in_zone && actual >= rule.min_actual_days);
                bool alt_ok = false;
                if (!rule.alt_industries.empty() && !c.special_industry.empty()) {
                    for (const auto& ind : rule.alt_industries) alt_ok = alt_ok || ind == c.special_industry;
                    alt_ok = alt_ok && detail::meets_social_insurance(c, rule.alt_social_insurance_months, false) &&
                             (rule.alt_contract_years == 0 || (c.contract_years && *c.contract_years >= rule.alt_contract_years));
                }
                o.passed = (days_ok && actual_ok) || alt_ok;
                o.code = o.passed ? (days_ok && actual_ok ? "presence.ok" : "presence.special_industry")
                                  : (!c.days_in_zone ? "presence.days_not_given" : (!days_ok ? "presence.days_short" : "presence.actual_days_short"));
                if (explain) {
                    why = "eligibility.why.presence";
                    args.push_back({"days", opt_count(c.days_in_zone)});
                    args.push_back({"meets", yes_no(days_ok, "eligibility.meet", "eligibility.do_not_meet")});
                    args.push_back({"min_days", std::to_string(rule.min_days)});
                    args.push_back({"actual_part", rule.min_actual_days ? message_id("eligibility.why.presence.actual") : TraceText()});
                    args.push_back({"actual", c.days_in_zone ? TraceText(std::to_string(actual)) : message_id("eligibility.not_given")});
                    args.push_back({"actual_meets", yes_no(actual_ok, "eligibility.meets", "eligibility.does_not_meet")});
                    args.push_back({"min_actual_days", std::to_string(rule.min_actual_days)});
                    const TraceText inds = in_en_and_zh([&](const Catalogue& cat) {
                        std::string list;
                        for (const auto& i : rule.alt_industries) list += (list.empty() ? "" : cat.format("eligibility.list_separator")) + industry_in(cat, i);
                        return list;
                    });
                    args.push_back({"industry_part", rule.alt_industries.empty() ? TraceText()
                                                     : message_id(alt_ok ? "eligibility.why.presence.industry_route" : "eligibility.why.presence.industry_route_not_met")});
                    args.push_back({"industry", c.special_industry.empty() ? message_id("eligibility.none")
                                                : in_en_and_zh([&](const Catalogue& cat) { return industry_in(cat, c.special_industry); })});
                    args.push_back({"industries", inds});
                    args.push_back({"alt_months", std::to_string(rule.alt_social_insurance_months)});
                    args.push_back({"alt_years", std::to_string(rule.alt_contract_years)});
                }
                break;
            }
            case K::social_insurance:
                o.passed = detail::meets_social_insurance(c, rule.min_months, rule.waivable);
                o.code = o.passed ? "social_insurance.ok" : "social_insurance.short";
                if (explain) {
                    why = "eligibility.why.social_insurance";
                    args.push_back({"months", opt_count(c.social_insurance_months)});
                    args.push_back({"meets", yes_no(o.passed, "eligibility.meet", "eligibility.do_not_meet")});
                    args.push_back({"min_months", std::to_string(rule.min_months)});
                    args.push_back({"waiver", !rule.waivable ? TraceText()
                                              : yes_no(c.social_insurance_exempt, "eligibility.waiver.applied", "eligibility.waiver.available")});
                }
                break;
            case K::contract:
                o.passed = c.contract_years && *c.contract_years >= rule.min_years;
                o.code = o.passed ? "contract.ok" : "contract.short";
                if (explain) {
                    why = "eligibility.why.contract";
                    args.push_back({"years", opt_count(c.contract_years)});
                    args.push_back({"meets", yes_no(o.passed, "eligibility.meets", "eligibility.does_not_meet")});
                    args.push_back({"min_years", std::to_string(rule.min_years)});
                }
                break;
            case K::encouraged_industry:
                o.passed = c.encouraged_industry.value_or(false);
                o.code = o.passed ? "industry.ok" : "industry.not_encouraged";
                if (explain) why = o.passed ? "eligibility.why.industry.encouraged" : "eligibility.why.industry.not_encouraged";
                break;
        }
        if (explain) {
            args.push_back({"kind", message_id(rule_kind_id(rule.kind))});
            args.push_back({"outcome", message_id(o.passed ? "eligibility.passed" : "eligibility.failed")});
            args.push_back({"why", message_id(why)});
            args.push_back({"basis", basis_text(rule.source)});
            args.push_back({"city_rule", rule.city.empty() ? TraceText() : message_id("eligibility.city_rule")});
            args.push_back({"city", city_text(rule.city)});
            args.push_back({"reading", rule.unconfirmed ? message_id("eligibility.unconfirmed_reading") : TraceText()});
            args.push_back({"note", bilingual(rule.note, rule.note_zh)});
            set_reason(o, "eligibility.reason", std::move(args));
        }
        return true;
    }
}

inline bool evaluate_rule(const EligibilityRule& rule, int year, const TalentCase& c, const EligibilityFigures& fig, bool explain,
                          RuleOutcome& o) {
    if (rule.period && !rule.period->covers_year(year)) return false;
    return evaluate_rule_in_year(rule, c, fig, explain, o);
}

/// The rules of `v` in force for the whole of `year`, in table order (what evaluate_rule keeps
/// by date), for callers that apply them to many people (ReliefRows).
inline std::vector<const EligibilityRule*> rules_in_year(const RegimeVersion& v, int year) {
    std::vector<const EligibilityRule*> out;
    for (const auto& rule : v.eligibility)
        if (!rule.period || rule.period->covers_year(year)) out.push_back(&rule);
    return out;
}

/// Eligibility without the outcomes: the code of the first failed rule ("ok" when every rule
/// passed) and whether any rule read was UNCONFIRMED; the same rules as check_eligibility, for
/// the batch (no list is built). `rules`: rules_in_year of the version.
inline const char* eligibility_code(const std::vector<const EligibilityRule*>& rules, const TalentCase& c, const EligibilityFigures& fig,
                                    bool& unconfirmed, bool city_checked = false) {
    const char* code = "ok";
    bool failed = false;
    RuleOutcome o;
    for (const EligibilityRule* rule : rules) {
        o.passed = false;
        o.unconfirmed = false;
        if (!evaluate_rule_in_year(*rule, c, fig, false, o, city_checked)) continue;
        unconfirmed = unconfirmed || o.unconfirmed;
        if (!o.passed && !failed) failed = true, code = o.code;
    }
    return code;
}
inline const char* eligibility_code(const RegimeVersion& v, int year, const TalentCase& c, const EligibilityFigures& fig, bool& unconfirmed) {
    return eligibility_code(rules_in_year(v, year), c, fig, unconfirmed);
}

}  // namespace detail

/// Applies the rules of `v` that bind this person in `year` (city and dated rules filtered).
/// Returns the outcomes in table order; the person is eligible when every outcome passed.
inline std::vector<RuleOutcome> check_eligibility(const RegimeVersion& v, int year, const TalentCase& c,
                                                  const EligibilityFigures& fig, bool explain) {
    std::vector<RuleOutcome> out;
    out.reserve(v.eligibility.size());
    for (const auto& rule : v.eligibility) {
        RuleOutcome o;
        if (detail::evaluate_rule(rule, year, c, fig, explain, o)) out.push_back(std::move(o));
    }
    return out;
}

}  // namespace libtax
