// libtax-calc: loading a scenario file with the table loader's reader (file:line, field).
#include "scenario.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "aliases.hpp"
#include "yaml_reader.hpp"  // libtax/src/tables: the table loader's checked reader

namespace libtax_calc {

using libtax::TableError;
using libtax::detail::YamlReader;

namespace {

const std::set<std::string> kTop{"title", "year", "person", "income", "deductions", "zone", "monthly_pay", "payments"};
const std::set<std::string> kPerson{"identity", "days_in_china", "days_in_zone", "talent_recognised"};
const std::set<std::string> kIncome{"wages", "bonus", "labour", "author", "royalties", "business_taxable_income"};
const std::set<std::string> kDeductions{"social_insurance", "special_additional", "other"};
const std::set<std::string> kZone{"name", "regimes", "city", "income_from_zone", "talent_subsidy", "tax_paid_in_zone",
                                  "actual_days", "social_insurance_months", "contract_years", "fx_rate", "mpf_contributions"};
const std::set<std::string> kZoneIncome{"wages", "labour", "author", "royalties", "business_taxable_income"};
const std::set<std::string> kMonth{"month", "wage", "exempt_income", "social_insurance", "special_additional", "other_deductions", "bonus"};
const std::set<std::string> kPayment{"kind", "amount"};
const std::set<std::string> kIdentities{"foreign", "hk", "macao", "taiwan", "mainland"};

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }

int whole(const YamlReader& r, const YAML::Node& n, const std::string& key, std::int64_t lo, std::int64_t hi) {
    const std::int64_t v = r.count(n, key);
    if (v < lo || v > hi) r.fail(n, key, "'" + n.Scalar() + "' is outside " + std::to_string(lo) + "-" + std::to_string(hi));
    return static_cast<int>(v);
}

std::string text(const YamlReader& r, const YAML::Node& n, const std::string& key) {
    const std::string s = r.scalar(n, key);
    if (s.empty()) r.fail(n, key, "must not be empty");
    return s;
}

Scenario read_scenario(const std::string& path, WrittenKeys& written) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw TableError(path, 0, "(file)", "is a directory, not a scenario file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TableError(path, 0, "(file)", "cannot be opened");
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string body = ss.str();
    libtax::detail::guard_document(path, body);  // size, depth, no aliases
    YAML::Node root;
    try {
        root = YAML::Load(body);
    } catch (const YAML::Exception& e) {
        throw TableError(path, e.mark.is_null() ? 0 : e.mark.line + 1, "(yaml)", e.msg);
    }
    const YamlReader r(path);
    if (!root || root.IsNull()) throw TableError(path, 1, "(file)", "the scenario is empty");
    resolve_aliases(root, path, written);  // Chinese keys and values (libtax/messages/glossary.yaml)

    Scenario s;
    s.file = path;
    for (const auto& [key, node] : r.entries(root, "", &kTop)) {
        if (key == "title") {
            s.title = text(r, node, key);
        } else if (key == "year") {
            s.year = whole(r, node, key, 1900, 2200);
            s.year_line = YamlReader::line_of(node);
        } else if (key == "person") {
            for (const auto& [k, v] : r.entries(node, key, &kPerson)) {
                const std::string f = join(key, k);
                if (k == "identity") {
                    s.identity = r.scalar(v, f);
                    if (!kIdentities.count(s.identity))
                        r.fail(v, f, "'" + s.identity + "' is not one of foreign, hk, macao, taiwan, mainland");
                } else if (k == "days_in_china") {
                    s.days_in_china = whole(r, v, f, 0, 366);
                    s.days_in_china_line = YamlReader::line_of(v);
                } else if (k == "days_in_zone") {
                    s.days_in_zone = whole(r, v, f, 0, 366);
                } else if (k == "talent_recognised") {
                    s.talent_recognised = r.boolean(v, f);
                }
            }
        } else if (key == "income") {
            for (const auto& [k, v] : r.entries(node, key, &kIncome)) {
                const std::string f = join(key, k);
                const Money m = r.money(v, f);
                if (k == "wages") s.wages = m;
                else if (k == "bonus") s.bonus = m;
                else if (k == "labour") s.labour = m;
                else if (k == "author") s.author = m;
                else if (k == "royalties") s.royalties = m;
                else if (k == "business_taxable_income") s.business_taxable_income = m;
            }
        } else if (key == "deductions") {
            for (const auto& [k, v] : r.entries(node, key, &kDeductions)) {
                const Money m = r.money(v, join(key, k));
                if (k == "social_insurance") s.social_insurance = m;
                else if (k == "special_additional") s.special_additional = m;
                else if (k == "other") s.other_deductions = m;
            }
        } else if (key == "zone") {
            for (const auto& [k, v] : r.entries(node, key, &kZone)) {
                const std::string f = join(key, k);
                if (k == "name") {
                    s.zone_name = text(r, v, f);
                } else if (k == "regimes") {
                    r.expect_seq(v, f);
                    for (std::size_t i = 0; i < v.size(); ++i) s.regimes.push_back(text(r, v[i], f + "[" + std::to_string(i) + "]"));
                } else if (k == "city") {
                    s.city = text(r, v, f);
                } else if (k == "income_from_zone") {
                    for (const auto& [ik, iv] : r.entries(v, f, &kZoneIncome)) {
                        const Money m = r.money(iv, join(f, ik));
                        if (ik == "wages") s.zone_income.wages = m;
                        else if (ik == "labour") s.zone_income.labour = m;
                        else if (ik == "author") s.zone_income.author = m;
                        else if (ik == "royalties") s.zone_income.royalties = m;
                        else if (ik == "business_taxable_income") s.zone_income.business_taxable_income = m;
                    }
                } else if (k == "talent_subsidy") {
                    s.talent_subsidy = r.money(v, f);
                } else if (k == "tax_paid_in_zone") {
                    s.tax_paid_in_zone = r.money(v, f);
                } else if (k == "actual_days") {
                    s.actual_days = whole(r, v, f, 0, 366);
                } else if (k == "social_insurance_months") {
                    s.social_insurance_months = whole(r, v, f, 0, 12);
                } else if (k == "contract_years") {
                    s.contract_years = whole(r, v, f, 0, 100);
                } else if (k == "fx_rate") {
                    const std::string t = r.scalar(v, f);
                    try {
                        s.fx_rate = libtax::Rate::parse(t, f);
                    } catch (const libtax::InputError&) {
                        r.fail(v, f, "'" + t + "' is not a positive exchange rate written as a plain decimal (HKD or MOP per CNY, e.g. 1.0900)");
                    }
                    if (s.fx_rate->is_zero()) r.fail(v, f, "an exchange rate must be positive");
                    s.fx_rate_line = YamlReader::line_of(v);
                } else if (k == "mpf_contributions") {
                    s.mpf_contributions = r.money(v, f);
                }
            }
        } else if (key == "monthly_pay") {
            r.expect_seq(node, key);
            int previous = 0;
            for (std::size_t i = 0; i < node.size(); ++i) {
                const std::string at = key + "[" + std::to_string(i) + "]";
                const YAML::Node& m = node[i];
                MonthlyPay p;
                p.line = YamlReader::line_of(m);
                for (const auto& [k, v] : r.entries(m, at, &kMonth)) {
                    const std::string f = join(at, k);
                    if (k == "month") p.month = whole(r, v, f, 1, 12);
                    else if (k == "wage") p.wage = r.money(v, f);
                    else if (k == "exempt_income") p.exempt_income = r.money(v, f);
                    else if (k == "social_insurance") p.social_insurance = r.money(v, f);
                    else if (k == "special_additional") p.special_additional = r.money(v, f);
                    else if (k == "other_deductions") p.other_deductions = r.money(v, f);
                    else if (k == "bonus") p.bonus = r.money(v, f);
                }
                r.require(m, at, {"month"});
                if (previous && p.month != previous + 1)
                    r.fail(m["month"], join(at, "month"),
                           "months must be consecutive (month " + std::to_string(previous) + " is followed by " + std::to_string(p.month) + ")");
                previous = p.month;
                s.monthly_pay.push_back(p);
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
                        else r.fail(v, f, "'" + kind + "' is not one of labour, author, royalties");
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
    return s;
}

}  // namespace

Scenario load_scenario(const std::string& path) {
    WrittenKeys written;
    try {
        return read_scenario(path, written);
    } catch (const TableError& e) {  // name the field as the user wrote it (年度, 纳税人.身份)
        const std::string key = written_key(e.key(), written);
        if (key == e.key()) throw;
        const std::string prefix = e.file() + ":" + std::to_string(e.line()) + ": " + e.key() + ": ";
        const std::string what = e.what();
        throw TableError(e.file(), e.line(), key, what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what);
    }
}

}  // namespace libtax_calc
