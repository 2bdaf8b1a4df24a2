// Rules between the values of one yearly table, checked at load for the built-in tables and for
// every what-if table alike: a value that contradicts another is a TableError naming the file,
// the line and the key of the value that breaks the rule, never a silently inconsistent result.
//
//   basic deduction: annual = 12 x monthly             (IIT Law art. 6(1)(1): 60,000 a year;
//                                                       STA Ann. 2018 No. 61 art. 6: 5,000 a month)
//   monthly comprehensive table = annual table / 12     (Caishui [2018] No. 164 art. 1(1): the
//                                                       "monthly-converted" comprehensive table)
//   prepayment fixed expense < its threshold            (IIT Law Implementing Regs art. 14: 800 when
//                                                       the payment is at most 4,000)
//   commercial health insurance: annual cap = 12 x monthly cap   (Caishui [2017] No. 39 art. 1)
//   90-day rule: max days < resident days               (IIT Law art. 1; Implementing Regs art. 5)
//   six-year rule: first year not after the table's year (MOF/STA Ann. 2019 No. 34 art. 2)
#pragma once

#include <string>

#include "libtax/tables/tax_year.hpp"
#include "yaml_reader.hpp"

namespace libtax::detail {

inline const Sourced<Money>* money_of(const TaxYear& y, const std::string& path, const std::string& key) {
    const Provision* p = y.find(path);
    if (!p) return nullptr;
    auto it = p->money.find(key);
    return it == p->money.end() ? nullptr : &it->second;
}

inline const Sourced<std::int64_t>* count_of(const TaxYear& y, const std::string& path, const std::string& key) {
    const Provision* p = y.find(path);
    if (!p) return nullptr;
    auto it = p->counts.find(key);
    return it == p->counts.end() ? nullptr : &it->second;
}

/// a = k x b, compared in 128 bits (k x b may be beyond Money's range).
inline bool is_multiple(Money a, Money b, std::int64_t k) {
    return static_cast<__int128>(a.fen()) == static_cast<__int128>(b.fen()) * k;
}

/// `a` (at path.key_a) must equal k x `b` (at path_b.key_b).
inline void require_multiple(const YamlReader& r, const TaxYear& y, const std::string& path_a, const std::string& key_a,
                             std::int64_t k, const std::string& path_b, const std::string& key_b) {
    const auto* a = money_of(y, path_a, key_a);
    const auto* b = money_of(y, path_b, key_b);
    if (!a || !b || is_multiple(a->value, b->value, k)) return;
    r.fail_line(a->source.line, path_a + "." + key_a,
                a->value.str() + " contradicts " + path_b + "." + key_b + " (" + b->value.str() + " x " + std::to_string(k) +
                    " expected); change both together");
}

inline void require_monthly_schedule_is_annual_over_12(const YamlReader& r, const TaxYear& y) {
    auto a = y.schedules.find("comprehensive_annual"), m = y.schedules.find("comprehensive_monthly");
    if (a == y.schedules.end() || m == y.schedules.end()) return;
    const auto& ab = a->second.brackets();
    const auto& mb = m->second.brackets();
    const std::string path = "schedules.comprehensive_monthly.brackets";
    if (ab.size() != mb.size())
        r.fail_line(m->second.source().line, path,
                    std::to_string(mb.size()) + " brackets, but the annual table has " + std::to_string(ab.size()) +
                        " (the monthly table is the annual one converted: every figure / 12)");
    for (std::size_t i = 0; i < ab.size(); ++i) {
        const bool same = mb[i].rate == ab[i].rate && is_multiple(ab[i].over, mb[i].over, 12) &&
                          is_multiple(ab[i].quick, mb[i].quick, 12) && mb[i].upto.has_value() == ab[i].upto.has_value() &&
                          (!mb[i].upto || is_multiple(*ab[i].upto, *mb[i].upto, 12));
        if (!same)
            r.fail_line(mb[i].line, path + "[" + std::to_string(i + 1) + "]",
                        "is not the annual table's bracket " + std::to_string(i + 1) +
                            " converted to a month (over, upto and quick / 12, the same rate)");
    }
}

inline void check_cross_field_rules(const YamlReader& r, const TaxYear& y) {
    require_multiple(r, y, "basic_deduction", "annual", 12, "basic_deduction", "monthly");
    require_monthly_schedule_is_annual_over_12(r, y);
    require_multiple(r, y, "other_deductions.commercial_health_insurance", "annual_cap", 12,
                     "other_deductions.commercial_health_insurance", "monthly_cap");
    if (const auto *fixed = money_of(y, "prepayment", "fixed_expense"), *upto = money_of(y, "prepayment", "fixed_expense_upto");
        fixed && upto && !(fixed->value < upto->value))
        r.fail_line(fixed->source.line, "prepayment.fixed_expense",
                    fixed->value.str() + " is not below prepayment.fixed_expense_upto (" + upto->value.str() +
                        "): the fixed expense applies to payments up to that threshold");
    if (const auto *ninety = count_of(y, "foreign.ninety_day_rule", "max_days"), *resident = count_of(y, "foreign.residence", "resident_days");
        ninety && resident && !(ninety->value < resident->value))
        r.fail_line(ninety->source.line, "foreign.ninety_day_rule.max_days",
                    std::to_string(ninety->value) + " is not below foreign.residence.resident_days (" + std::to_string(resident->value) +
                        "): a non-resident's day limit must be below the residence test");
    if (const auto* first = count_of(y, "foreign.six_year_rule", "first_year"); first && first->value > y.year)
        r.fail_line(first->source.line, "foreign.six_year_rule.first_year",
                    std::to_string(first->value) + " is after the table's year " + std::to_string(y.year));
}

}  // namespace libtax::detail
