// Reads tables/regimes/<id>.yaml into a Regime, validating every key (file:line errors).
#include <set>
#include <string>

#include "libtax/regimes/regime.hpp"
#include "../tables/legal_reader.hpp"

namespace libtax {

namespace {

using detail::DocumentRegistry;
using detail::YamlReader;

template <class E>
E read_enum(const YamlReader& r, const YAML::Node& n, const std::string& key,
            const std::vector<std::pair<const char*, E>>& names) {
    const std::string s = r.scalar(n, key);
    std::string list;
    for (const auto& [name, e] : names) {
        if (s == name) return e;
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    r.fail(n, key, "'" + s + "' is not one of: " + list);
}

Identity read_identity(const YamlReader& r, const YAML::Node& n, const std::string& key) {
    return read_enum<Identity>(r, n, key,
                               {{"foreign", Identity::foreign}, {"hk", Identity::hk}, {"macao", Identity::macao},
                                {"taiwan", Identity::taiwan}, {"mainland", Identity::mainland}});
}

std::vector<Identity> read_identities(const YamlReader& r, const YAML::Node& n, const std::string& key) {
    r.expect_seq(n, key);
    std::vector<Identity> out;
    for (std::size_t i = 0; i < n.size(); ++i) out.push_back(read_identity(r, n[i], key + "[" + std::to_string(i + 1) + "]"));
    if (out.empty()) r.fail(n, key, "list at least one identity");
    return out;
}

int read_int(const YamlReader& r, const YAML::Node& n, const std::string& key) {
    const auto v = r.count(n, key);
    if (v > 100000) r.fail(n, key, "implausibly large");
    return static_cast<int>(v);
}

/// The Chinese text beside an English one (`key` and `key`_zh; a regime's text is shown in the
/// reader's language): each needs the other. Empty when neither is there.
std::string read_zh(const YamlReader& r, const YAML::Node& node, const std::string& key, const std::string& path) {
    const std::string zk = key + "_zh";
    const std::string at = path.empty() ? "" : path + ".";
    if (node[key] && !node[zk]) r.fail(node[key], at + zk, "missing: the Chinese text beside " + key + " (every text of a regime table is given in English and Chinese)");
    if (!node[key] && node[zk]) r.fail(node[zk], at + key, "missing: the English text beside " + zk);
    if (!node[zk]) return {};
    const std::string zh = r.scalar(node[zk], at + zk);
    if (zh.empty()) r.fail(node[zk], at + zk, "empty");
    return zh;
}

Period read_period(const YamlReader& r, const YAML::Node& node, const std::string& path, bool required) {
    if (!node["from"]) {
        if (required) r.fail(node, path + ".from", "missing required key");
        return {};
    }
    Period p{r.date(node["from"], path + ".from"), std::nullopt};
    if (node["to"] && !node["to"].IsNull()) p.to = r.date(node["to"], path + ".to");
    if (p.to && *p.to < p.from) r.fail(node["to"], path + ".to", "ends before it starts");
    return p;
}

EligibilityRule read_rule(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node, const std::string& path,
                          const std::vector<std::string>& cities) {
    using K = EligibilityRule::Kind;
    r.expect_map(node, path);
    r.require(node, path, {"rule", "source"});
    EligibilityRule rule;
    rule.kind = read_enum<K>(r, node["rule"], path + ".rule",
                             {{"identity", K::identity},
                              {"talent_recognition", K::talent_recognition},
                              {"income_threshold", K::income_threshold},
                              {"presence", K::presence},
                              {"social_insurance", K::social_insurance},
                              {"contract", K::contract},
                              {"encouraged_industry", K::encouraged_industry}});
    std::set<std::string> allowed{"rule", "source", "unconfirmed", "note", "note_zh", "city", "from", "to", "identities"};
    switch (rule.kind) {
        case K::identity: allowed.insert("allowed"); break;
        case K::income_threshold: allowed.insert({"min", "strict", "measure", "or_recognised"}); break;
        case K::presence: allowed.insert({"min_days", "min_actual_days", "alternative"}); break;
        case K::social_insurance: allowed.insert({"min_months", "waivable"}); break;
        case K::contract: allowed.insert("min_years"); break;
        default: break;
    }
    r.entries(node, path, &allowed);
    rule.source = read_source_ref(r, docs, node["source"], path + ".source");
    if (node["unconfirmed"]) rule.unconfirmed = r.boolean(node["unconfirmed"], path + ".unconfirmed");
    if (node["note"]) rule.note = r.scalar(node["note"], path + ".note");
    rule.note_zh = read_zh(r, node, "note", path);
    if (rule.unconfirmed && rule.note.empty()) r.fail(node, path + ".note", "an unconfirmed rule needs a note saying what is assumed");
    if (node["city"]) {
        rule.city = r.scalar(node["city"], path + ".city");
        bool known = false;
        for (const auto& c : cities) known = known || c == rule.city;
        if (!known) r.fail(node["city"], path + ".city", "'" + rule.city + "' is not listed under the regime's cities");
    }
    if (node["from"]) rule.period = read_period(r, node, path, true);
    if (node["identities"]) rule.identities = read_identities(r, node["identities"], path + ".identities");
    switch (rule.kind) {
        case K::identity:
            r.require(node, path, {"allowed"});
            rule.identities = read_identities(r, node["allowed"], path + ".allowed");
            break;
        case K::income_threshold:
            r.require(node, path, {"min", "measure"});
            rule.min_income = r.money(node["min"], path + ".min");
            if (node["strict"]) rule.strict = r.boolean(node["strict"], path + ".strict");
            rule.measure = read_enum<IncomeMeasure>(r, node["measure"], path + ".measure",
                                                    {{"zone_gross_income", IncomeMeasure::zone_gross_income},
                                                     {"taxable_income", IncomeMeasure::taxable_income}});
            if (node["or_recognised"]) rule.or_recognised = r.boolean(node["or_recognised"], path + ".or_recognised");
            break;
        case K::presence: {
            r.require(node, path, {"min_days"});
            rule.min_days = read_int(r, node["min_days"], path + ".min_days");
            if (rule.min_days > 366) r.fail(node["min_days"], path + ".min_days", "more days than a year has");
            if (node["min_actual_days"]) rule.min_actual_days = read_int(r, node["min_actual_days"], path + ".min_actual_days");
            if (rule.min_actual_days > rule.min_days) r.fail(node["min_actual_days"], path + ".min_actual_days", "above min_days");
            if (node["alternative"]) {
                const std::string ap = path + ".alternative";
                static const std::set<std::string> akeys{"industries", "social_insurance_months", "contract_years"};
                r.entries(node["alternative"], ap, &akeys);
                r.require(node["alternative"], ap, {"industries"});
                rule.alt_industries = detail::read_names(r, node["alternative"]["industries"], ap + ".industries");
                if (node["alternative"]["social_insurance_months"])
                    rule.alt_social_insurance_months = read_int(r, node["alternative"]["social_insurance_months"], ap + ".social_insurance_months");
                if (node["alternative"]["contract_years"])
                    rule.alt_contract_years = read_int(r, node["alternative"]["contract_years"], ap + ".contract_years");
            }
            break;
        }
        case K::social_insurance:
            r.require(node, path, {"min_months"});
            rule.min_months = read_int(r, node["min_months"], path + ".min_months");
            if (rule.min_months > 12) r.fail(node["min_months"], path + ".min_months", "more months than a year has");
            if (node["waivable"]) rule.waivable = r.boolean(node["waivable"], path + ".waivable");
            break;
        case K::contract:
            r.require(node, path, {"min_years"});
            rule.min_years = read_int(r, node["min_years"], path + ".min_years");
            break;
        default: break;
    }
    return rule;
}

RegimeVersion read_version(const YamlReader& r, const DocumentRegistry& docs, const YAML::Node& node, const std::string& path,
                           const std::vector<std::string>& cities) {
    static const std::set<std::string> keys{"from", "to", "source", "basis", "area", "area_zh", "mechanism", "reaches",
                                            "reaches_zh", "formula", "rate", "share", "proration", "items", "cap",
                                            "foreign_burden", "eligibility", "unconfirmed", "note", "note_zh"};
    r.entries(node, path, &keys);
    r.require(node, path, {"from", "source", "basis", "area", "mechanism", "reaches", "formula", "items", "eligibility"});
    RegimeVersion v;
    v.line = YamlReader::line_of(node);
    v.period = read_period(r, node, path, true);
    v.source = read_source_ref(r, docs, node["source"], path + ".source");
    const auto basis = detail::read_names(r, node["basis"], path + ".basis");
    for (std::size_t i = 0; i < basis.size(); ++i) {
        auto it = docs.find(basis[i]);
        if (it == docs.end()) r.fail(node["basis"][i], path + ".basis", "'" + basis[i] + "' is not listed under documents");
        v.basis.push_back(it->second.number);
        v.basis_ids.push_back(basis[i]);
    }
    if (v.basis.empty()) r.fail(node["basis"], path + ".basis", "name at least one document");
    v.area = r.scalar(node["area"], path + ".area");
    v.area_zh = read_zh(r, node, "area", path);
    v.mechanism = read_enum<Mechanism>(r, node["mechanism"], path + ".mechanism",
                                       {{"subsidy", Mechanism::subsidy}, {"exemption", Mechanism::exemption}});
    v.reaches = r.scalar(node["reaches"], path + ".reaches");
    v.reaches_zh = read_zh(r, node, "reaches", path);
    v.formula = read_enum<Formula>(r, node["formula"], path + ".formula",
                                   {{"above_rate", Formula::above_rate},
                                    {"above_hong_kong", Formula::above_hong_kong},
                                    {"above_macao", Formula::above_macao},
                                    {"share_of_tax", Formula::share_of_tax}});
    auto sourced_rate = [&](const char* key) {
        LegalSource s = v.source;
        s.line = YamlReader::line_of(node[key]);
        return Sourced<Rate>{r.rate(node[key], path + "." + key), s};
    };
    if (v.formula == Formula::above_rate) {
        if (!node["rate"]) r.fail(node, path + ".rate", "formula above_rate needs the comparison rate");
        v.rate = sourced_rate("rate");
    } else if (node["rate"]) {
        r.fail(node["rate"], path + ".rate", "only formula above_rate uses a rate");
    }
    if (v.formula == Formula::share_of_tax) {
        if (!node["share"]) r.fail(node, path + ".share", "formula share_of_tax needs the share");
        v.share = sourced_rate("share");
    } else if (node["share"]) {
        r.fail(node["share"], path + ".share", "only formula share_of_tax uses a share");
    }
    if (node["proration"]) {
        static const std::set<std::string> pkeys{"comprehensive", "business"};
        const std::string pp = path + ".proration";
        r.entries(node["proration"], pp, &pkeys);
        const std::vector<std::pair<const char*, Proration>> names{{"income_amount", Proration::income_amount},
                                                                   {"taxable_income", Proration::taxable_income},
                                                                   {"tax_paid", Proration::tax_paid}};
        if (node["proration"]["comprehensive"])
            v.comprehensive_proration = read_enum<Proration>(r, node["proration"]["comprehensive"], pp + ".comprehensive", names);
        if (node["proration"]["business"])
            v.business_proration = read_enum<Proration>(r, node["proration"]["business"], pp + ".business", names);
    }
    const auto items = detail::read_names(r, node["items"], path + ".items");
    for (std::size_t i = 0; i < items.size(); ++i)
        v.items.push_back(read_enum<Item>(r, node["items"][i], path + ".items[" + std::to_string(i + 1) + "]",
                                          {{"wages", Item::wages}, {"labour", Item::labour}, {"author", Item::author},
                                           {"royalties", Item::royalties}, {"business", Item::business},
                                           {"talent_subsidy", Item::talent_subsidy}}));
    if (v.items.empty()) r.fail(node["items"], path + ".items", "a regime covers at least one income item");
    if (node["cap"]) {
        static const std::set<std::string> ckeys{"amount", "source", "unconfirmed", "note", "note_zh"};
        const std::string cp = path + ".cap";
        r.entries(node["cap"], cp, &ckeys);
        r.require(node["cap"], cp, {"amount", "source"});
        read_zh(r, node["cap"], "note", cp);
        Sourced<Money> cap{r.money(node["cap"]["amount"], cp + ".amount"), read_source_ref(r, docs, node["cap"]["source"], cp + ".source")};
        v.cap = cap;
    }
    if (v.formula == Formula::above_hong_kong || v.formula == Formula::above_macao) {
        if (!node["foreign_burden"]) r.fail(node, path + ".foreign_burden", "a foreign-burden formula needs its foreign_burden rules");
        static const std::set<std::string> fkeys{"one_off_reduction", "budget_reduction", "source", "unconfirmed", "note", "note_zh"};
        const std::string fp = path + ".foreign_burden";
        const YAML::Node f = node["foreign_burden"];
        r.entries(f, fp, &fkeys);
        r.require(f, fp, {"source"});
        v.foreign_burden.source = read_source_ref(r, docs, f["source"], fp + ".source");
        if (f["one_off_reduction"]) v.foreign_burden.one_off_reduction = r.boolean(f["one_off_reduction"], fp + ".one_off_reduction");
        if (f["budget_reduction"]) v.foreign_burden.budget_reduction = r.boolean(f["budget_reduction"], fp + ".budget_reduction");
        if (f["unconfirmed"]) v.foreign_burden.unconfirmed = r.boolean(f["unconfirmed"], fp + ".unconfirmed");
        if (f["note"]) v.foreign_burden.note = r.scalar(f["note"], fp + ".note");
        v.foreign_burden.note_zh = read_zh(r, f, "note", fp);
    } else if (node["foreign_burden"]) {
        r.fail(node["foreign_burden"], path + ".foreign_burden", "only the foreign-burden formulas use foreign_burden");
    }
    if (node["unconfirmed"]) v.unconfirmed = r.boolean(node["unconfirmed"], path + ".unconfirmed");
    if (node["note"]) v.note = r.scalar(node["note"], path + ".note");
    v.note_zh = read_zh(r, node, "note", path);
    if (v.unconfirmed && v.note.empty()) r.fail(node, path + ".note", "an unconfirmed version needs a note saying what is assumed");
    const YAML::Node el = node["eligibility"];
    r.expect_seq(el, path + ".eligibility");
    for (std::size_t i = 0; i < el.size(); ++i)
        v.eligibility.push_back(read_rule(r, docs, el[i], path + ".eligibility[" + std::to_string(i + 1) + "]", cities));
    bool has_identity = false;
    for (const auto& rule : v.eligibility) has_identity = has_identity || rule.kind == EligibilityRule::Kind::identity;
    if (!has_identity) r.fail(el, path + ".eligibility", "every version states who qualifies (an identity rule)");
    return v;
}

}  // namespace

std::shared_ptr<const Regime> parse_regime(const TableDocument& doc) {
    YamlReader r(doc.name);
    const YAML::Node root = detail::load_document(doc);
    if (!root.IsMap()) r.fail(root, "(document)", "a regime table is a mapping (table, id, name, enacted, documents, versions)");
    static const std::set<std::string> keys{"table", "id", "name", "name_zh", "enacted", "status_note", "status_note_zh",
                                            "cities", "exclusive_with", "places", "zones", "documents", "versions",
                                            "separate_bonus"};
    r.entries(root, "", &keys);
    r.require(root, "", {"table", "id", "name", "enacted", "documents", "versions"});
    const std::string table = r.scalar(root["table"], "table");
    if (table != "talent-regime") r.fail(root["table"], "table", "'" + table + "' is not a talent regime table (expected talent-regime)");
    auto g = std::make_shared<Regime>();
    g->file = doc.name;
    g->id = r.scalar(root["id"], "id");
    const auto slash = doc.name.find_last_of('/');
    const std::string base = doc.name.substr(slash == std::string::npos ? 0 : slash + 1);
    if (base != g->id + ".yaml") r.fail(root["id"], "id", "'" + g->id + "' does not match the file name " + base);
    g->name = r.scalar(root["name"], "name");
    g->name_zh = read_zh(r, root, "name", "");
    g->enacted = r.boolean(root["enacted"], "enacted");
    if (root["status_note"]) g->status_note = r.scalar(root["status_note"], "status_note");
    g->status_note_zh = read_zh(r, root, "status_note", "");
    if (!g->enacted && g->status_note.empty()) r.fail(root, "status_note", "a regime that is not enacted must say what it is (status_note)");
    if (root["cities"]) g->cities = detail::read_names(r, root["cities"], "cities");
    if (root["exclusive_with"]) g->exclusive_with = detail::read_names(r, root["exclusive_with"], "exclusive_with");
    // the area as place ids (cities, zones), and the city of each zone the area defines
    if (root["places"]) g->places = detail::read_names(r, root["places"], "places");
    if (root["zones"])
        for (const auto& [zone, city] : r.entries(root["zones"], "zones")) g->zones[zone] = r.scalar(city, "zones." + zone);
    const DocumentRegistry docs = detail::read_document_registry(r, root["documents"]);
    const YAML::Node vs = root["versions"];
    r.expect_seq(vs, "versions");
    if (vs.size() == 0) r.fail(vs, "versions", "a regime has at least one version");
    for (std::size_t i = 0; i < vs.size(); ++i) {
        const std::string path = "versions[" + std::to_string(i + 1) + "]";
        RegimeVersion v = read_version(r, docs, vs[i], path, g->cities);
        if (v.period.from != Date(v.period.from.year(), 1, 1))
            r.fail(vs[i]["from"], path + ".from", "a version starts on 1 January (relief is per calendar tax year)");
        if (v.period.to && *v.period.to != Date(v.period.to->year(), 12, 31))
            r.fail(vs[i]["to"], path + ".to", "a version ends on 31 December (relief is per calendar tax year)");
        if (!g->versions.empty()) {
            const auto& prev = g->versions.back().period;
            if (!prev.to) r.fail(vs[i], path, "the previous version is open-ended; versions must not overlap");
            if (!(*prev.to < v.period.from)) r.fail(vs[i]["from"], path + ".from", "overlaps the previous version (versions ascend, no overlap)");
        }
        g->versions.push_back(std::move(v));
    }
    if (root["separate_bonus"]) {
        static const std::set<std::string> bkeys{"relieved", "source", "unconfirmed", "note", "note_zh"};
        const YAML::Node b = root["separate_bonus"];
        r.entries(b, "separate_bonus", &bkeys);
        r.require(b, "separate_bonus", {"relieved", "source"});
        SeparateBonusRule& sb = g->separate_bonus;
        sb.stated = true;
        sb.relieved = r.boolean(b["relieved"], "separate_bonus.relieved");
        sb.source = read_source_ref(r, docs, b["source"], "separate_bonus.source");
        if (b["unconfirmed"]) sb.unconfirmed = r.boolean(b["unconfirmed"], "separate_bonus.unconfirmed");
        if (b["note"]) sb.note = r.scalar(b["note"], "separate_bonus.note");
        sb.note_zh = read_zh(r, b, "note", "separate_bonus");
        if (sb.unconfirmed && sb.note.empty()) r.fail(b, "separate_bonus.note", "an unconfirmed reading needs a note saying what is assumed");
        if (sb.relieved)
            for (const auto& v : g->versions)
                if (v.formula == Formula::above_hong_kong || v.formula == Formula::above_macao)
                    r.fail(b["relieved"], "separate_bonus.relieved",
                           "a separately taxed bonus inside a Hong Kong / Macao burden comparison is not modelled");
    }
    return g;
}

}  // namespace libtax
