// libtax/regimes/eligibility.hpp - a version's eligibility rules applied to a taxpayer-year:
// each rule's result and, when asked, its reason and legal basis.
#pragma once

#include <string>
#include <vector>

#include "libtax/core/exact.hpp"
#include "libtax/regimes/regime.hpp"
#include "libtax/regimes/talent_case.hpp"

namespace libtax {

struct RuleOutcome {
    EligibilityRule::Kind kind = EligibilityRule::Kind::identity;
    bool passed = false;
    bool unconfirmed = false;  ///< the rule's reading is marked UNCONFIRMED in its table
    const char* code = "";     ///< short fixed code, e.g. "presence.days_short" (no formatting)
    std::string reason;        ///< readable reason with figures and basis; only when explained
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

inline std::string opt_int(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string("not given"); }

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
                o.reason = std::string(rule_kind_name(rule.kind)) + " (" + rule.city + " rule): NOT CHECKED: no city given; city=" + rule.city +
                           " applies it [" + rule.source.cite() + "]";
            return true;
        }
        o.kind = rule.kind;
        o.unconfirmed = rule.unconfirmed;
        std::string why;
        switch (rule.kind) {
            case K::identity: {
                o.passed = false;
                std::string list;
                for (auto i : rule.identities) {
                    o.passed = o.passed || i == c.identity;
                    if (explain) list += (list.empty() ? "" : ", ") + std::string(identity_name(i));
                }
                o.code = o.passed ? "identity.ok" : "identity.not_covered";
                if (explain) why = std::string("identity '") + identity_name(c.identity) + (o.passed ? "' is" : "' is not") + " among those covered (" + list + ")";
                break;
            }
            case K::talent_recognition:
                o.passed = c.talent_recognised;
                o.code = o.passed ? "talent.ok" : "talent.not_recognised";
                if (explain) why = o.passed ? "recognised as high-end or shortage talent" : "not recognised as high-end or shortage talent by the zone's talent rules (talent_recognised=False)";
                break;
            case K::income_threshold: {
                const Exact income = rule.measure == IncomeMeasure::zone_gross_income ? Exact(fig.zone_gross_income) : fig.taxable_income;
                const Exact floor(rule.min_income);
                const bool meets = rule.strict ? floor < income : floor <= income;
                o.passed = meets || (rule.or_recognised && c.talent_recognised);
                o.code = o.passed ? "income.ok" : "income.below_threshold";
                if (explain) {
                    const std::string what = rule.measure == IncomeMeasure::zone_gross_income ? "zone income (gross receipts + business taxable income)" : "taxable income";
                    why = what + " " + income.str() + (meets ? " meets" : " does not meet") + " the threshold " +
                          (rule.strict ? "of more than " : "of at least ") + rule.min_income.str();
                    if (rule.or_recognised) why += c.talent_recognised ? "; recognised talent qualifies either way" : "; not recognised as talent either";
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
                    why = "days in the zone " + detail::opt_int(c.days_in_zone) + (days_ok ? " meet" : " do not meet") + " the minimum of " +
                          std::to_string(rule.min_days);
                    if (rule.min_actual_days)
                        why += "; actual presence " + (c.days_in_zone ? std::to_string(actual) : std::string("not given")) + (actual_ok ? " meets" : " does not meet") +
                               " the floor of " + std::to_string(rule.min_actual_days);
                    if (!rule.alt_industries.empty()) {
                        std::string inds;
                        for (const auto& i : rule.alt_industries) inds += (inds.empty() ? "" : ", ") + i;
                        why += alt_ok ? "; qualifies by the special-industry route (" + c.special_industry + ")"
                                      : "; special-industry route (" + inds + ", " + std::to_string(rule.alt_social_insurance_months) +
                                            " months of social insurance, contract of " + std::to_string(rule.alt_contract_years) +
                                            " year(s)) not met (special_industry=" + (c.special_industry.empty() ? "none" : c.special_industry) + ")";
                    }
                }
                break;
            }
            case K::social_insurance:
                o.passed = detail::meets_social_insurance(c, rule.min_months, rule.waivable);
                o.code = o.passed ? "social_insurance.ok" : "social_insurance.short";
                if (explain) {
                    why = "months of social insurance in the zone " + detail::opt_int(c.social_insurance_months) + (o.passed ? " meet" : " do not meet") +
                          " the minimum of " + std::to_string(rule.min_months);
                    if (rule.waivable) why += c.social_insurance_exempt ? " (waived: cannot join Mainland social insurance)" : " (waivable for talent who cannot join: social_insurance_exempt)";
                }
                break;
            case K::contract:
                o.passed = c.contract_years && *c.contract_years >= rule.min_years;
                o.code = o.passed ? "contract.ok" : "contract.short";
                if (explain) why = "contract with a zone unit of " + detail::opt_int(c.contract_years) + " year(s)" + (o.passed ? " meets" : " does not meet") +
                                   " the minimum of " + std::to_string(rule.min_years);
                break;
            case K::encouraged_industry:
                o.passed = c.encouraged_industry.value_or(false);
                o.code = o.passed ? "industry.ok" : "industry.not_encouraged";
                if (explain) why = o.passed ? "works in an encouraged industry of the zone" : "not shown to work in an encouraged industry of the zone (encouraged_industry)";
                break;
        }
        if (explain) {
            o.reason = std::string(rule_kind_name(rule.kind)) + (o.passed ? ": passed: " : ": FAILED: ") + why + " [" + rule.source.cite() + "]";
            if (!rule.city.empty()) o.reason += " (" + rule.city + " rule)";
            if (rule.unconfirmed) o.reason += " (UNCONFIRMED reading: " + rule.note + ")";
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
