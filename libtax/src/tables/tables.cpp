// Loading the table set: built-in (compiled-in copies of tables/), from a directory, or from
// documents in memory. Dispatch is by the folder a file sits in (cn/ = yearly IIT tables).
#include "libtax/tables/tables.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

#include "year_chain.hpp"
#include "yaml_reader.hpp"

namespace libtax {

// Talent regimes and foreign benchmarks (src/regimes/tables_regimes.cpp).
std::shared_ptr<const Regime> parse_regime(const TableDocument& doc);
void load_benchmark(Tables& t, const TableDocument& doc);

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
    std::vector<const TableDocument*> year_docs;
    for (const auto& d : docs) {
        const std::string folder = parent_folder(d.name);
        if (is_document_registry(d.name)) {
            t->set_citations(std::make_shared<const Citations>(Citations::parse(d)));
        } else if (folder == "cn") {
            year_docs.push_back(&d);
        } else if (folder == "regimes") {
            t->add_regime(parse_regime(d));
        } else if (folder == "hk_macao") {
            load_benchmark(*t, d);
        } else {
            throw TableError(d.name, 1, "(file)", "not a known kind of table: expected it under cn/");
        }
    }
    // yearly tables last: a year may extend another (year_chain.hpp)
    std::map<int, std::string> seen;
    for (const auto& resolved : detail::resolve_year_chains(year_docs)) {
        auto y = detail::parse_tax_year_tree(resolved.document->name, resolved.root);
        auto [it, fresh] = seen.emplace(y->year, resolved.document->name);
        if (!fresh) throw TableError(resolved.document->name, 1, "year", "tax year " + std::to_string(y->year) + " is also defined by " + it->second);
        t->add_year(std::move(y));
    }
    t->set_documents(docs);
    return t;
}

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxEntries = 10000;             // files and folders looked at in a tables directory
constexpr std::uintmax_t kMaxTotalBytes = 64u << 20;  // all documents of a directory together

[[noreturn]] void refuse_file(const fs::path& p, const std::string& problem) { throw TableError(p.string(), 0, "(file)", problem); }

/// The table files under `dir`, laid out as DIR/<kind>/<name>.yaml: folders at most one level
/// down, hidden entries (".git") skipped, other files (README) ignored. Everything that could hide
/// a table is refused rather than skipped: *.yml, a broken symlink or loop, a FIFO or device.
void collect_table_files(const fs::path& dir, int depth, std::size_t& seen, std::vector<std::string>& files) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) refuse_file(dir, "cannot be read: " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) refuse_file(dir, "cannot be read: " + ec.message());
        const fs::path p = it->path();
        const std::string name = p.filename().string();
        if (name.empty() || name[0] == '.') continue;
        if (++seen > kMaxEntries) refuse_file(dir, "holds more than " + std::to_string(kMaxEntries) + " entries; refused");
        const fs::file_status st = fs::status(p, ec);  // follows symlinks: a broken one or a loop fails here
        if (ec) refuse_file(p, "cannot be read (" + ec.message() + "): a table directory must hold only readable files");
        const std::string ext = p.extension().string();
        if (fs::is_directory(st)) {
            if (depth >= 1) refuse_file(p, "a folder inside a table folder: tables are laid out as DIR/<kind>/<name>.yaml");
            collect_table_files(p, depth + 1, seen, files);
        } else if (!fs::is_regular_file(st)) {
            refuse_file(p, "is not a regular file (a FIFO, device or socket); refused");
        } else if (ext == ".yml" || ext == ".YAML" || ext == ".YML") {
            refuse_file(p, "table files are named *.yaml; rename it (it would otherwise be ignored)");
        } else if (ext == ".yaml") {
            files.push_back(p.string());
        }
    }
    if (ec) refuse_file(dir, "cannot be read: " + ec.message());
}

std::shared_ptr<const Tables> load_directory(const std::string& directory) {
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) throw InputError("tables directory", directory, "is not a directory");
    std::vector<std::string> files;
    std::size_t seen = 0;
    collect_table_files(directory, 0, seen, files);
    std::sort(files.begin(), files.end());
    std::vector<TableDocument> docs;
    std::uintmax_t total = 0;
    for (const auto& f : files) {
        docs.push_back({f, detail::read_bounded_file(f)});
        if ((total += docs.back().text.size()) > kMaxTotalBytes)
            refuse_file(f, "the table files together exceed " + std::to_string(kMaxTotalBytes) + " bytes; refused");
    }
    auto t = std::const_pointer_cast<Tables>(Tables::from_documents(docs));
    if (t->years().empty()) throw InputError("tables directory", directory, "holds no yearly table (expected cn/<year>.yaml)");
    t->set_origin(directory);
    return t;
}

}  // namespace

std::shared_ptr<const Tables> Tables::load(const std::string& directory) {
    // No standard-library failure escapes as anything but a libtax error naming the path.
    try {
        return load_directory(directory);
    } catch (const Error&) {
        throw;
    } catch (const fs::filesystem_error& e) {
        refuse_file(e.path1().empty() ? fs::path(directory) : e.path1(), std::string("cannot be read: ") + e.code().message());
    } catch (const std::bad_alloc&) {
        refuse_file(directory, "out of memory while loading the tables");
    } catch (const std::exception& e) {
        refuse_file(directory, std::string("cannot be loaded: ") + e.what());
    }
}

// Tables::builtin_shared() is defined by builtin_tables.cpp (the library: from the table image
// the build wrote) or builtin_from_yaml.cpp (the program that writes that image).
const Tables& Tables::builtin() { return *builtin_shared(); }

namespace detail {

std::string read_bounded_file(const std::string& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw TableError(path, 0, "(file)", std::string("cannot be opened: ") + std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw TableError(path, 0, "(file)", std::string("cannot be read: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw TableError(path, 0, "(file)", "is a directory, not a file");
    if (!S_ISREG(st.st_mode)) throw TableError(path, 0, "(file)", "is not a regular file (a FIFO, device or socket); refused");
    const auto too_large = [&] { return TableError(path, 1, "(document)", "larger than " + std::to_string(max_bytes) + " bytes; refused"); };
    if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) throw too_large();
    std::string out;
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t have = 0;
    for (;;) {  // the size may change while reading: never keep more than max_bytes + 1
        if (have == out.size()) {
            if (out.size() > max_bytes) throw too_large();
            out.resize(std::min(max_bytes + 1, std::max<std::size_t>(out.size() * 2, 4096)));
        }
        const ssize_t n = ::read(fd, &out[have], out.size() - have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw TableError(path, 0, "(file)", std::string("cannot be read: ") + std::strerror(errno));
        if (n == 0) break;
        have += static_cast<std::size_t>(n);
    }
    if (have > max_bytes) throw too_large();
    out.resize(have);
    return out;
}

namespace {

// Byte classes of the text scan, as 256-entry tables (one load per byte, no search per byte).
struct ByteSet {
    bool has[256] = {};
    constexpr explicit ByteSet(const char* chars) {
        for (; *chars; ++chars) has[static_cast<unsigned char>(*chars)] = true;
    }
    constexpr bool operator()(char c) const { return has[static_cast<unsigned char>(c)]; }
};
// the bytes the scan acts on after a line's indentation; every other byte is skipped
constexpr ByteSet kActedOn("\n#\"'\\[]{}&*");
// a quote opens a scalar, and & or * an anchor or alias, only after one of these ("it's" does not)
constexpr ByteSet kTokenBoundary(" \t[{,:-?");
// a # starts a comment only after one of these ("a#b" is no comment)
constexpr ByteSet kCommentBoundary(" \t\n");

}  // namespace

void scan_document_text(const std::string& file, const std::string& text) {
    constexpr int max_depth = 32;
    const char* const s = text.data();
    const std::size_t n = text.size();
    // A NUL byte is refused where the scan reaches it: scan up to the first one (if any), then
    // refuse it with its line, unless something before it was refused first.
    const void* const nul = n ? std::memchr(s, '\0', n) : nullptr;
    const std::size_t end = nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - s) : n;
    int line = 1, depth = 0;
    bool in_quote = false;
    char quote = 0;
    std::size_t col = 0;
    bool line_start = true;
    // The bytes in between are skipped by a loop over the byte table, bounded by `end` (not
    // strspn/strcspn: under AddressSanitizer's strict string checks each of those calls reads the
    // rest of the text, which made a 4 MiB document quadratic).
    for (std::size_t i = 0; i < end; ++i) {
        if (line_start) {  // a line's leading spaces: its indentation (inside a quoted scalar too)
            std::size_t spaces = 0;
            while (i + spaces < end && s[i + spaces] == ' ') ++spaces;
            if (col + spaces > 2 * max_depth)
                throw TableError(file, line, "(document)", "indented deeper than " + std::to_string(max_depth) + " levels; refused");
            col += spaces;
            i += spaces;
            if (i >= end) break;
        } else {
            while (i < end && !kActedOn(s[i])) ++i;
            if (i >= end) break;
        }
        const char c = s[i];
        if (c == '\n') {
            ++line;
            col = 0;
            line_start = true;
            continue;
        }
        line_start = false;  // any other byte ends the indentation; a letter or digit does nothing more
        if (in_quote) {
            const bool next_plain = i + 1 < n && s[i + 1] != '\n' && s[i + 1] != '\0';
            if (quote == '"' && c == '\\' && next_plain) ++i;                       // \" escapes
            else if (c == quote && quote == '\'' && i + 1 < n && s[i + 1] == '\'') ++i;  // '' escapes
            else if (c == quote) in_quote = false;
            continue;
        }
        const bool token_start = i == 0 || kTokenBoundary(s[i - 1]);
        switch (c) {
            case '#':
                if (i == 0 || kCommentBoundary(s[i - 1])) {  // a comment: skip to its line's end
                    const void* nl = std::memchr(s + i, '\n', end - i);
                    i = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - s) - 1 : end;
                }
                break;
            case '"':
            case '\'':
                if (token_start) in_quote = true, quote = c;
                break;
            case '[':
            case '{':
                if (++depth > max_depth) throw TableError(file, line, "(document)", "nested deeper than " + std::to_string(max_depth) + " levels; refused");
                break;
            case ']':
            case '}':
                depth = depth > 0 ? depth - 1 : 0;
                break;
            case '&':
            case '*':
                if (token_start && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
                    throw TableError(file, line, "(document)", "uses YAML anchors or aliases, which tables do not allow");
                break;
            default:  // a backslash outside quotes, or a byte that ended the indentation
                break;
        }
    }
    if (end < n) throw TableError(file, line, "(document)", "contains a NUL byte; refused");
}

void guard_document(const std::string& file, const std::string& text) {
    constexpr std::size_t max_bytes = kMaxDocumentBytes;
    constexpr int max_depth = 32;
    if (text.size() > max_bytes)
        throw TableError(file, 1, "(document)", "larger than " + std::to_string(max_bytes) + " bytes; refused");
    scan_document_text(file, text);
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
        struct Rest : YAML::EventHandler {  // a second document would be silently ignored: refuse it
            const std::string& file;
            explicit Rest(const std::string& f) : file(f) {}
            void OnDocumentStart(const YAML::Mark& m) override {
                throw TableError(file, m.line + 1, "(document)", "holds more than one YAML document (---); a file is one document");
            }
            void OnDocumentEnd() override {}
            void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
            void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
            void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
            void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
            void OnSequenceEnd() override {}
            void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
            void OnMapEnd() override {}
        } rest(file);
        parser.HandleNextDocument(rest);
    } catch (const YAML::Exception& e) {
        throw TableError(file, e.mark.is_null() ? 0 : e.mark.line + 1, "(syntax)", e.msg);
    }
}

}  // namespace detail

}  // namespace libtax
