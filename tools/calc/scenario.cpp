// libtax-calc: loading a scenario file with the table loader's reader (file:line, field).
#include "scenario.hpp"

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <type_traits>
#include <variant>
#include <sstream>
#include <map>

#include "aliases.hpp"
#include "declared_reader.hpp"  // declared fields by kind, with the table loader's checked reader

namespace libtax_calc {

using libtax::TableError;
using libtax::detail::YamlReader;

namespace {

using libtax::TalentCase;
using TalentField = libtax::contract::Field<TalentCase>;

const std::set<std::string> kTop{"title", "year", "person", "income", "deductions", "zone", "sourcing", "monthly_pay",
                                 "withholding_terms", "payments"};
const std::set<std::string> kTerms{"first_wages_this_year", "prior_year_low_income", "continuous_labour"};
const std::set<std::string> kSourcing{"paid_abroad", "china_workdays", "calendar_days", "senior_manager"};
const std::set<std::string> kMonth{"month", "wage", "exempt_income", "social_insurance", "special_additional", "other_deductions", "bonus",
                                   "labour", "tax_reductions", "bonus_method", "zone_wage"};
const std::set<std::string> kPayment{"kind", "amount"};

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }

using declared::fail;  // a mistake in libtax-calc's own words (calc.error.*)
using declared::text;

int whole(const YamlReader& r, const YAML::Node& n, const std::string& key, std::int64_t lo, std::int64_t hi) {
    return static_cast<int>(r.count(n, key, lo, hi));
}

/// The scenario key of a declared talent-case field: its name, without "zone_" in income_from_zone.
std::string key_of(const TalentField& f) {
    const std::string n = f.name;
    return std::string(f.group) == "zone_income" ? n.substr(5) : n;
}

/// The keys of a section: the declared fields of `group` and the section's own keys.
std::vector<std::string> section_keys(const char* group, std::initializer_list<const char*> own) {
    std::vector<std::string> keys(own.begin(), own.end());
    for (const auto& f : libtax::contract::talent_case().fields)
        if (std::string(f.group) == group) keys.push_back(key_of(f));
    return keys;
}

/// The section's entries; an unknown key is refused naming it and the closest key.
std::vector<std::pair<std::string, YAML::Node>> section(const YamlReader& r, const YAML::Node& node, const std::string& path,
                                                        const std::vector<std::string>& keys) {
    r.expect_map(node, path);
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
        if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end())
            r.fail(it->first, join(path, k), libtax::contract::unknown_problem(k, keys, "key"));
    }
    return r.entries(node, path, nullptr);
}

/// Reads the declared fields of `group` found in a section; returns false for a key not declared.
bool read_declared(const YamlReader& r, const char* group, const std::string& key, const YAML::Node& v, const std::string& f, Scenario& s) {
    for (const auto& field : libtax::contract::talent_case().fields)
        if (std::string(field.group) == group && key_of(field) == key) {
            declared::read(r, field, s.talent, v, f);
            s.field_at[field.name] = {YamlReader::line_of(v), f};
            return true;
        }
    return false;
}

std::string unprefixed(const TableError& e) {
    const std::string what = e.what(), prefix = e.file() + ":" + std::to_string(e.line()) + ": " + e.key() + ": ";
    return what.compare(0, prefix.size(), prefix) == 0 ? what.substr(prefix.size()) : what;
}

Scenario read_scenario(const std::string& path, const YAML::Node& root, WrittenKeys written);

}  // namespace

std::string Scenario::key_as_written(const std::string& key) const { return written_key(key, written); }

Scenario load_scenario(const std::string& path) {
    return load_scenario_text(libtax::detail::read_bounded_file(path), path);  // a regular file of at most 4 MiB
}

Scenario load_scenario_text(const std::string& body, const std::string& path) {
    libtax::detail::guard_document(path, body);  // at most 4 MiB, depth, no aliases, one document
    YAML::Node root;
    try {
        root = YAML::Load(body);
    } catch (const YAML::Exception& e) {
        throw TableError(path, e.mark.is_null() ? 0 : e.mark.line + 1, "(yaml)", e.msg);
    }
    if (!root || root.IsNull()) throw ScenarioError(path, 1, "(file)", "calc.error.empty_file");
    WrittenKeys written;
    resolve_aliases(root, path, written);  // Chinese keys and values -> the scenario's own names
    try {
        return read_scenario(path, root, written);
    } catch (const ScenarioError& e) {  // the key as the user wrote it
        throw ScenarioError(e.file(), e.line(), written_key(e.key(), written), e.id(), e.args());
    } catch (const TableError& e) {
        throw TableError(e.file(), e.line(), written_key(e.key(), written), unprefixed(e));
    }
}

namespace {

Scenario read_scenario(const std::string& path, const YAML::Node& root, WrittenKeys written) {
    const YamlReader r(path);
    Scenario s;
    s.file = path;
    s.written = std::move(written);
    for (const auto& [key, node] : section(r, root, "", {kTop.begin(), kTop.end()})) {
        if (key == "title") {
            s.title = text(r, node, key);
        } else if (key == "year") {
            s.year = whole(r, node, key, 1900, 2200);
            s.year_line = YamlReader::line_of(node);
        } else if (key == "person") {
            for (const auto& [k, v] : section(r, node, key, section_keys("person", {"days_in_china", "stays", "six_year_chain"}))) {
                const std::string f = join(key, k);
                if (k == "days_in_china") {
                    s.days_in_china = whole(r, v, f, 0, 366);
                    s.days_in_china_line = YamlReader::line_of(v);
                } else if (k == "six_year_chain") {
                    s.six_year_chain = r.boolean(v, f);
                } else if (k == "stays") {  // the declared stays of residence_days / residency (Kind::stays)
                    libtax::contract::StaysInput in;
                    declared::read(r, *libtax::contract::stays_input().find("stays"), in, v, f);
                    s.stays = std::move(in.stays);
                    s.stays_line = YamlReader::line_of(v);
                } else {
                    read_declared(r, "person", k, v, f, s);
                    if (k == "resident") {
                        s.resident_given = true;
                        s.resident_line = YamlReader::line_of(v);
                    }
                }
            }
        } else if (key == "income") {
            for (const auto& [k, v] : section(r, node, key, section_keys("income", {"bonus", "commissions", "allowances"}))) {
                if (k == "bonus") s.bonus = r.money(v, join(key, k));
                else if (k == "allowances") {  // a foreign resident's allowances, as allowance_comparison declares them (Kind::records):
                    // {kind: amount} (reimbursed, with receipts) or a list of allowance claims
                    libtax::contract::AllowanceComparisonInput in;
                    declared::read(r, *libtax::contract::allowance_comparison_input().find("allowances"), in, v, join(key, k));
                    s.allowances = std::move(in.allowances);
                    s.allowances_line = YamlReader::line_of(v);
                }
                else if (k == "commissions") {  // agents' commissions (Caishui [2018] 164 item 3): not a talent-case field
                    s.talent.income.commissions = r.money(v, join(key, k));
                    s.commissions_line = YamlReader::line_of(v);
                }
                else read_declared(r, "income", k, v, join(key, k), s);
            }
        } else if (key == "deductions") {
            for (const auto& [k, v] : section(r, node, key, section_keys("deductions", {"other"}))) {
                if (k == "other") s.talent.other_deductions = r.money(v, join(key, k));  // the short name of other_deductions
                else read_declared(r, "deductions", k, v, join(key, k), s);
            }
        } else if (key == "zone") {
            for (const auto& [k, v] : section(r, node, key, section_keys("zone", {"name", "regimes", "income_from_zone"}))) {
                const std::string f = join(key, k);
                if (k == "name") {
                    s.zone_name = text(r, v, f);
                } else if (k == "regimes") {
                    r.expect_seq(v, f);
                    for (std::size_t i = 0; i < v.size(); ++i) {
                        s.regimes.push_back(text(r, v[i], f + "[" + std::to_string(i) + "]"));
                        s.regime_lines.push_back(YamlReader::line_of(v[i]));
                    }
                } else if (k == "income_from_zone") {
                    for (const auto& [ik, iv] : section(r, v, f, section_keys("zone_income", {}))) read_declared(r, "zone_income", ik, iv, join(f, ik), s);
                } else {
                    read_declared(r, "zone", k, v, f, s);
                    if (k == "city") s.city_line = YamlReader::line_of(v);
                    if (k == "fx_rate") s.fx_rate_line = YamlReader::line_of(v);
                }
            }
        } else if (key == "sourcing") {
            Sourcing src;
            src.line = YamlReader::line_of(node);
            for (const auto& [k, v] : r.entries(node, key, &kSourcing)) {
                const std::string f = join(key, k);
                if (k == "paid_abroad") {
                    src.paid_abroad = r.money(v, f);
                } else if (k == "china_workdays") {
                    const std::string t = r.scalar(v, f);
                    try {
                        src.china_workdays = libtax::WorkingDays::parse(t, f);
                    } catch (const libtax::InputError&) {
                        r.fail(v, f, "'" + t + "' is not a number of whole or half days (e.g. 120 or 120.5)");
                    }
                } else if (k == "calendar_days") {
                    src.calendar_days = whole(r, v, f, 1, 366);
                } else {
                    src.senior_manager = r.boolean(v, f);
                }
            }
            r.require(node, key, {"china_workdays"});
            s.sourcing = src;
        } else if (key == "monthly_pay") {
            r.expect_seq(node, key);
            int previous = 0;
            for (std::size_t i = 0; i < node.size(); ++i) {
                const std::string at = key + "[" + std::to_string(i) + "]";
                const YAML::Node& m = node[i];
                MonthlyPay p;
                p.line = YamlReader::line_of(m);
                for (const auto& [k, v] : section(r, m, at, {kMonth.begin(), kMonth.end()})) {
                    const std::string f = join(at, k);
                    if (k == "month") p.month = whole(r, v, f, 1, 12);
                    else if (k == "wage") p.wage = r.money(v, f);
                    else if (k == "exempt_income") p.exempt_income = r.money(v, f);
                    else if (k == "social_insurance") p.social_insurance = r.money(v, f);
                    else if (k == "special_additional") p.special_additional = r.money(v, f);
                    else if (k == "other_deductions") p.other_deductions = r.money(v, f);
                    else if (k == "bonus") p.bonus = r.money(v, f);
                    else if (k == "labour") p.labour = r.money(v, f);
                    else if (k == "tax_reductions") p.tax_reductions = r.money(v, f);
                    else if (k == "zone_wage") p.zone_wage = r.money(v, f);
                    else if (k == "bonus_method") {
                        p.bonus_method = r.scalar(v, f);
                        if (p.bonus_method != "separate" && p.bonus_method != "merged")
                            fail(r, v, f, "calc.error.not_one_of", {{"value", libtax::bounded_text(p.bonus_method)}, {"choices", "separate,merged"}});
                    }
                }
                r.require(m, at, {"month"});
                if (p.zone_wage && *p.zone_wage > p.wage)
                    fail(r, m["zone_wage"], join(at, "zone_wage"), "calc.error.zone_wage_above", {{"zone_wage", p.zone_wage->str()}, {"wage", p.wage.str()}});
                if (previous && p.month != previous + 1)
                    fail(r, m["month"], join(at, "month"), "calc.error.months_consecutive",
                         {{"previous", std::to_string(previous)}, {"month", std::to_string(p.month)}});
                previous = p.month;
                s.monthly_pay.push_back(p);
            }
        } else if (key == "withholding_terms") {
            s.withholding_terms.line = YamlReader::line_of(node);
            for (const auto& [k, v] : section(r, node, key, {kTerms.begin(), kTerms.end()})) {
                const bool on = r.boolean(v, join(key, k));
                if (k == "first_wages_this_year") s.withholding_terms.first_wages_this_year = on;
                else if (k == "prior_year_low_income") s.withholding_terms.prior_year_low_income = on;
                else s.withholding_terms.continuous_labour = on;
            }
        } else if (key == "payments") {
            r.expect_seq(node, key);
            for (std::size_t i = 0; i < node.size(); ++i) {
                const std::string at = key + "[" + std::to_string(i) + "]";
                const YAML::Node& m = node[i];
                Payment p;
                p.line = YamlReader::line_of(m);
                for (const auto& [k, v] : r.entries(m, at, &kPayment)) {
                    const std::string f = join(at, k);
                    if (k == "kind") {
                        const std::string kind = r.scalar(v, f);
                        if (kind == "labour") p.kind = libtax::PaymentKind::labour;
                        else if (kind == "author") p.kind = libtax::PaymentKind::author;
                        else if (kind == "royalties") p.kind = libtax::PaymentKind::royalties;
                        else fail(r, v, f, "calc.error.payment_kind", {{"value", libtax::bounded_text(kind)}});
                    } else {
                        p.amount = r.money(v, f);
                    }
                }
                r.require(m, at, {"kind", "amount"});
                s.payments.push_back(p);
            }
        }
    }
    r.require(root, "", {"year"});
    for (std::size_t i = 0; i < s.monthly_pay.size(); ++i) {  // an intern's months are labour, an employee's wages
        const MonthlyPay& p = s.monthly_pay[i];
        const bool labour = s.withholding_terms.continuous_labour;
        if ((labour && !p.wage.is_zero()) || (!labour && !p.labour.is_zero()))
            fail(r, root["monthly_pay"][i], "monthly_pay[" + std::to_string(i) + "]." + (labour ? "wage" : "labour"),
                 labour ? "calc.error.wage_with_continuous_labour" : "calc.error.labour_without_continuous_labour");
    }
    try {  // ranges and relations of the talent case (e.g. zone wages above the wages), where the file gives them
        libtax::TalentCase checked = s.talent;
        checked.income.commissions = Money();  // not a talent-case figure: checked by the annual tax
        checked.validate();
    } catch (const libtax::InputError& e) {
        const auto at = s.field_at.find(e.field());
        if (at == s.field_at.end()) throw TableError(path, 0, e.field(), e.what());
        throw TableError(path, at->second.first, at->second.second, e.what());
    }
    return s;
}

}  // namespace

}  // namespace libtax_calc
