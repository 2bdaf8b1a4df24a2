// Loading the table set: built-in (compiled-in copies of tables/), from a directory, or from
// documents in memory. Dispatch is by the folder a file sits in (cn/ = yearly IIT tables).
#include "libtax/tables/tables.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

#include "yaml_reader.hpp"

namespace libtax {

// Talent regimes and foreign benchmarks (src/regimes/tables_regimes.cpp).
std::shared_ptr<const Regime> parse_regime(const TableDocument& doc);
void load_benchmark(Tables& t, const TableDocument& doc);

// Generated at build time from tables/ (cmake/embed_tables.cmake).
const std::vector<TableDocument>& embedded_table_documents();

namespace {

std::string parent_folder(const std::string& name) {
    const auto slash = name.find_last_of('/');
    if (slash == std::string::npos) return {};
    const auto prev = name.find_last_of('/', slash - 1);
    return name.substr(prev == std::string::npos || slash == 0 ? 0 : prev + 1, slash - (prev == std::string::npos || slash == 0 ? 0 : prev + 1));
}

// tables/documents.yaml: the cited documents in Chinese and English (tables/citations.hpp).
bool is_document_registry(const std::string& name) {
    const auto slash = name.find_last_of('/');
    return name.substr(slash == std::string::npos ? 0 : slash + 1) == "documents.yaml";
}

}  // namespace

void Tables::throw_uncovered(int y) const {
    std::string have;
    for (const auto& kv : years_) have += (have.empty() ? "" : ", ") + std::to_string(kv.first);
    throw CoverageError("year", std::to_string(y),
                        "no tax table covers this year (the " + origin_ + " tables cover " + (have.empty() ? "no year" : have) + ")");
}

std::shared_ptr<const Tables> Tables::from_documents(const std::vector<TableDocument>& docs) {
    auto t = std::make_shared<Tables>();
    t->set_origin("in-memory");
    std::map<int, std::string> seen;
    for (const auto& d : docs) {
        const std::string folder = parent_folder(d.name);
        if (is_document_registry(d.name)) {
            t->set_citations(std::make_shared<const Citations>(Citations::parse(d)));
        } else if (folder == "cn") {
            auto y = parse_tax_year(d);
            auto [it, fresh] = seen.emplace(y->year, d.name);
            if (!fresh) throw TableError(d.name, 1, "year", "tax year " + std::to_string(y->year) + " is also defined by " + it->second);
            t->add_year(std::move(y));
        } else if (folder == "regimes") {
            t->add_regime(parse_regime(d));
        } else if (folder == "hk_macao") {
            load_benchmark(*t, d);
        } else {
            throw TableError(d.name, 1, "(file)", "not a known kind of table: expected it under cn/");
        }
    }
    t->set_documents(docs);
    return t;
}

std::shared_ptr<const Tables> Tables::load(const std::string& directory) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) throw InputError("tables directory", directory, "is not a directory");
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(directory, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".yaml") files.push_back(it->path().string());
    if (ec) throw InputError("tables directory", directory, "cannot be read: " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<TableDocument> docs;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw InputError("table file", f, "cannot be opened");
        std::ostringstream ss;
        ss << in.rdbuf();
        docs.push_back({f, ss.str()});
    }
    auto t = std::const_pointer_cast<Tables>(from_documents(docs));
    if (t->years().empty()) throw InputError("tables directory", directory, "holds no yearly table (expected cn/<year>.yaml)");
    t->set_origin(directory);
    return t;
}

std::shared_ptr<const Tables> Tables::builtin_shared() {
    static const std::shared_ptr<const Tables> tables = [] {
        auto t = std::const_pointer_cast<Tables>(from_documents(embedded_table_documents()));
        t->set_origin("built-in");
        return std::shared_ptr<const Tables>(t);
    }();
    return tables;
}

const Tables& Tables::builtin() { return *builtin_shared(); }

namespace detail {

void guard_document(const std::string& file, const std::string& text) {
    constexpr std::size_t max_bytes = 4u << 20;  // 4 MiB: far above any real table
    constexpr int max_depth = 32;
    if (text.size() > max_bytes)
        throw TableError(file, 1, "(document)", "larger than " + std::to_string(max_bytes) + " bytes; refused");
    int line = 1, depth = 0;
    bool in_quote = false, in_comment = false;
    char quote = 0;
    std::size_t col = 0;
    bool line_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\0') throw TableError(file, line, "(document)", "contains a NUL byte; refused");
        if (c == '\n') {
            ++line;
            col = 0;
            line_start = true;
            in_comment = false;
            continue;
        }
        if (line_start && c == ' ') {
            if (++col > 2 * max_depth) throw TableError(file, line, "(document)", "indented deeper than " + std::to_string(max_depth) + " levels; refused");
            continue;
        }
        line_start = false;
        if (in_comment) continue;
        if (in_quote) {
            const bool next_plain = i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '\0';
            if (quote == '"' && c == '\\' && next_plain) ++i;                    // \" escapes
            else if (c == quote && quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;  // '' escapes
            else if (c == quote) in_quote = false;
            continue;
        }
        // a quote opens a scalar only at the start of a token ("it's" in plain text does not)
        const bool token_start = i == 0 || std::strchr(" \t[{,:-?", text[i - 1]) != nullptr;
        if (c == '#' && (i == 0 || std::strchr(" \t\n", text[i - 1]))) in_comment = true;  // "a#b" is no comment
        else if ((c == '"' || c == '\'') && token_start) in_quote = true, quote = c;
        else if (c == '[' || c == '{') {
            if (++depth > max_depth) throw TableError(file, line, "(document)", "nested deeper than " + std::to_string(max_depth) + " levels; refused");
        } else if (c == ']' || c == '}') depth = depth > 0 ? depth - 1 : 0;
        else if ((c == '&' || c == '*') && token_start)
            if (i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\t')
                throw TableError(file, line, "(document)", "uses YAML anchors or aliases, which tables do not allow");
    }
    // The text scan above is a cheap first line; yaml-cpp's own events are the exact check of
    // nesting, anchors and aliases (a scan of raw text can be fooled by quotes and tabs).
    struct Events : YAML::EventHandler {
        const std::string& file;
        int depth = 0;
        explicit Events(const std::string& f) : file(f) {}
        static int line_of(const YAML::Mark& m) { return m.is_null() ? 0 : m.line + 1; }
        void no_anchor(const YAML::Mark& m, YAML::anchor_t a) const {
            if (a != YAML::NullAnchor) throw TableError(file, line_of(m), "(document)", "uses YAML anchors or aliases, which tables do not allow");
        }
        void open(const YAML::Mark& m, YAML::anchor_t a) {
            no_anchor(m, a);
            if (++depth > max_depth) throw TableError(file, line_of(m), "(document)", "nested deeper than " + std::to_string(max_depth) + " levels; refused");
        }
        void OnDocumentStart(const YAML::Mark&) override {}
        void OnDocumentEnd() override {}
        void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { no_anchor(m, a); }
        void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { no_anchor(m, 1); }
        void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t a, const std::string&) override { no_anchor(m, a); }
        void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override { open(m, a); }
        void OnSequenceEnd() override { --depth; }
        void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override { open(m, a); }
        void OnMapEnd() override { --depth; }
    } events(file);
    std::istringstream in(text);
    try {
        YAML::Parser parser(in);
        parser.HandleNextDocument(events);
    } catch (const YAML::Exception& e) {
        throw TableError(file, e.mark.is_null() ? 0 : e.mark.line + 1, "(syntax)", e.msg);
    }
}

}  // namespace detail

}  // namespace libtax
