// Reads tables/documents.yaml and cites documents in Chinese or English (libtax/tables/citations.hpp).
#include "libtax/tables/citations.hpp"

#include <regex>
#include <set>

#include "libtax/tables/tables.hpp"
#include "legal_reader.hpp"

namespace libtax {

namespace {

using detail::YamlReader;

CitedDocument read_cited(const YamlReader& r, const std::string& id, const YAML::Node& node) {
    static const std::set<std::string> keys{"zh", "en", "status", "cite_by", "articles"};
    static const std::set<std::string> name_keys{"number", "title"};
    const std::string path = "documents." + id;
    r.entries(node, path, &keys);
    r.require(node, path, {"zh", "en", "status"});
    CitedDocument d;
    d.id = id;
    for (const char* lang : {"zh", "en"}) {
        const std::string p = path + "." + lang;
        r.entries(node[lang], p, &name_keys);
        r.require(node[lang], p, {"number", "title"});
        (lang[0] == 'z' ? d.number_zh : d.number_en) = r.scalar(node[lang]["number"], p + ".number");
        (lang[0] == 'z' ? d.title_zh : d.title_en) = r.scalar(node[lang]["title"], p + ".title");
    }
    const std::string status = r.scalar(node["status"], path + ".status");
    if (status != "verified" && status != "unconfirmed") r.fail(node["status"], path + ".status", "'" + status + "' is not verified or unconfirmed");
    d.verified = status == "verified";
    if (node["cite_by"]) {
        const std::string by = r.scalar(node["cite_by"], path + ".cite_by");
        if (by != "title" && by != "number") r.fail(node["cite_by"], path + ".cite_by", "'" + by + "' is not title or number");
        d.cite_by_title = by == "title";
    }
    if (node["articles"])
        for (const auto& [en, zh] : r.entries(node["articles"], path + ".articles"))
            d.articles_zh[en] = r.scalar(zh, path + ".articles." + en);
    return d;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string english_cite(const LegalSource& s) { return s.article.empty() ? s.document : s.document + ", " + s.article; }

// Every {doc, article} reference below `node`, with the line it sits on.
void collect_sources(const YAML::Node& node, std::vector<std::pair<const YAML::Node, std::string>>& out, const std::string& path) {
    if (node.IsMap()) {
        if (node["doc"] && node["doc"].IsScalar()) out.emplace_back(node, path);
        for (auto it = node.begin(); it != node.end(); ++it)
            if (it->first.IsScalar()) collect_sources(it->second, out, path.empty() ? it->first.Scalar() : path + "." + it->first.Scalar());
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i) collect_sources(node[i], out, path + "[" + std::to_string(i + 1) + "]");
    }
}

}  // namespace

std::string chinese_numeral(int n) {
    static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n <= 0 || n >= 1000) return std::to_string(n);
    std::string out;
    const int h = n / 100, t = n / 10 % 10, u = n % 10;
    if (h) out += std::string(digits[h]) + "百";
    if (t) out += (t == 1 && !h ? std::string() : std::string(digits[t])) + "十";
    else if (h && u) out += "零";
    if (u) out += digits[u];
    return out;
}

std::string article_rule_zh(const std::string& article) {
    static const std::regex one(R"((art\.|item) (\d{1,3})(?:\((\d{1,3})\))?(?:\((\d{1,3})\))?)");
    static const std::regex range(R"(arts\. (\d{1,3})-(\d{1,3}))");
    std::smatch m;
    if (std::regex_match(article, m, range))
        return "第" + chinese_numeral(std::stoi(m[1])) + "条至第" + chinese_numeral(std::stoi(m[2])) + "条";
    if (!std::regex_match(article, m, one)) return {};
    std::string out = "第" + chinese_numeral(std::stoi(m[2])) + "条";
    if (m[4].matched) return out + "第" + chinese_numeral(std::stoi(m[3])) + "款第（" + chinese_numeral(std::stoi(m[4])) + "）项";
    if (m[3].matched) return out + "第（" + chinese_numeral(std::stoi(m[3])) + "）项";
    return out;
}

Citations Citations::parse(const TableDocument& doc) {
    const YAML::Node root = detail::load_document(doc);
    const YamlReader r(doc.name);
    static const std::set<std::string> keys{"documents"};
    r.entries(root, "", &keys);
    r.require(root, "", {"documents"});
    Citations c;
    for (const auto& [id, node] : r.entries(root["documents"], "documents")) c.documents_[id] = read_cited(r, id, node);
    return c;
}

const CitedDocument* Citations::find(const std::string& id) const {
    auto it = documents_.find(id);
    return it == documents_.end() ? nullptr : &it->second;
}

std::string Citations::article_zh(const CitedDocument& doc, const std::string& article) const {
    auto it = doc.articles_zh.find(article);
    return it != doc.articles_zh.end() ? it->second : article_rule_zh(article);
}

std::string Citations::cite(const LegalSource& source, const std::string& language) const {
    const CitedDocument* doc = find(source.doc_id);
    if (!doc)  // a source built without its key: find the document by its English number
        for (const auto& [id, d] : documents_)
            if (d.number_en == source.document) doc = &d;
    if (language != "zh" || !doc) return english_cite(source);
    const std::string head = doc->cite_by_title ? doc->title_zh : doc->number_zh;
    if (source.article.empty()) return head;
    const std::string art = article_zh(*doc, source.article);
    if (art.empty()) return head + "，" + source.article;
    return starts_with(art, "第") || starts_with(art, "附") ? head + art : head + "（" + art + "）";
}

std::vector<std::string> Citations::problems(const TableDocument& table) const {
    const YAML::Node root = detail::load_document(table);
    std::vector<std::string> out;
    auto add = [&](const YAML::Node& at, const std::string& key, const std::string& problem) {
        out.push_back(table.name + ":" + std::to_string(YamlReader::line_of(at)) + ": " + key + ": " + problem);
    };
    if (root.IsMap() && root["documents"] && root["documents"].IsMap())
        for (auto it = root["documents"].begin(); it != root["documents"].end(); ++it) {
            const std::string id = it->first.Scalar(), key = "documents." + id;
            const CitedDocument* d = find(id);
            if (!d) add(it->first, key, "not in tables/documents.yaml");
            else if (it->second["number"] && it->second["number"].Scalar() != d->number_en)
                add(it->second, key + ".number", "'" + it->second["number"].Scalar() + "' differs from tables/documents.yaml ('" + d->number_en + "')");
        }
    std::vector<std::pair<const YAML::Node, std::string>> sources;
    collect_sources(root, sources, "");
    for (const auto& [node, path] : sources) {
        const CitedDocument* d = find(node["doc"].Scalar());
        if (d && node["article"] && article_zh(*d, node["article"].Scalar()).empty())
            add(node, path + ".article", "'" + node["article"].Scalar() + "' has no Chinese form (add it under documents." + d->id + ".articles)");
    }
    return out;
}

std::string cite(const LegalSource& source, const std::string& language) {
    if (language != "zh") return source.cite();
    std::string s = Tables::builtin().citations().cite(source, language);
    if (!source.file.empty()) s += " [" + source.file + ":" + std::to_string(source.line) + "]";
    return s;
}

}  // namespace libtax
