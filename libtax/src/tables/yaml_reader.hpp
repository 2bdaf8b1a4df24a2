// Private helpers for reading table files with yaml-cpp: every read names file:line and key.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "libtax/core/error.hpp"
#include "libtax/core/money.hpp"
#include "libtax/core/rate.hpp"
#include "libtax/tables/provision.hpp"

namespace libtax::detail {
/// 'text' in quotes, at most a bounded prefix of it (error.hpp's bounded_text).
inline std::string quoted(const std::string& text) { return "'" + bounded_text(text) + "'"; }

/// The largest count any table may hold unless its schema says less: the range of a signed int.
inline constexpr std::int64_t kMaxCount = 2147483647;

/// The tag year_chain.cpp gives every node of a yearly table, naming the file it was written in
/// (a year that extends another holds nodes of several files).
inline std::string origin_tag(const std::string& file) { return "!libtax-origin:" + file; }

/// A position in a table file: the file name and the dotted key path read so far.
class YamlReader {
public:
    explicit YamlReader(std::string file) : file_(std::move(file)) {}
    const std::string& file() const noexcept { return file_; }

    static int line_of(const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; }
    /// The file a node was written in: its origin tag (an inherited value), else this file.
    std::string file_of(const YAML::Node& n) const {
        static const std::string prefix = origin_tag("");
        const std::string& tag = n.Tag();
        return tag.rfind(prefix, 0) == 0 ? tag.substr(prefix.size()) : file_;
    }

    [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& problem) const {
        throw TableError(file_of(at), line_of(at), key, problem);
    }
    [[noreturn]] void fail_line(int line, const std::string& key, const std::string& problem) const {
        throw TableError(file_, line, key, problem);
    }

    void expect_map(const YAML::Node& n, const std::string& key) const {
        if (!n.IsMap()) fail(n, key, "expected a mapping of keys to values");
    }
    void expect_seq(const YAML::Node& n, const std::string& key) const {
        if (!n.IsSequence()) fail(n, key, "expected a list");
    }
    std::string scalar(const YAML::Node& n, const std::string& key) const {
        if (!n.IsScalar()) fail(n, key, "expected a single value");
        return n.Scalar();
    }

    /// Keys of a mapping, checking for duplicates and for keys not in `allowed` (if given).
    std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node& map, const std::string& path,
                                                            const std::set<std::string>* allowed = nullptr) const {
        expect_map(map, path);
        std::vector<std::pair<std::string, YAML::Node>> out;
        std::set<std::string> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it->first.IsScalar()) fail(it->first, path, "keys must be plain names");
            const std::string k = it->first.Scalar();
            const std::string full = path.empty() ? k : path + "." + k;
            if (!seen.insert(k).second) fail(it->first, full, "duplicate key");
            if (allowed && !allowed->count(k)) {
                std::string list;
                for (const auto& a : *allowed) list += (list.empty() ? "" : ", ") + a;
                fail(it->first, full, "unknown key (expected one of: " + list + ")");
            }
            out.emplace_back(k, it->second);
        }
        return out;
    }
    void require(const YAML::Node& map, const std::string& path, const std::vector<std::string>& keys) const {
        for (const auto& k : keys)
            if (!map[k]) fail(map, path.empty() ? k : path + "." + k, "missing required key");
    }

    Money money(const YAML::Node& n, const std::string& key) const {
        const std::string s = scalar(n, key);
        Money m;
        try {
            m = Money::parse(s, key);
        } catch (const InputError& e) {
            fail(n, key, quoted(s) + " is not an amount of yuan (plain decimal, e.g. 60000 or 1234.56)");
        }
        const auto dot = s.find('.');
        if (dot != std::string::npos && s.size() - dot - 1 > 2) fail(n, key, quoted(s) + " has more than two decimals (amounts are whole fen)");
        if (m.is_negative()) fail(n, key, quoted(s) + " is negative");
        return m;
    }
    Rate rate(const YAML::Node& n, const std::string& key) const {
        const std::string s = scalar(n, key);
        Rate r;
        try {
            r = Rate::parse(s, key);
        } catch (const InputError&) {
            fail(n, key, quoted(s) + " is not a rate in [0, 1] written as a plain decimal (e.g. 0.03)");
        }
        if (Rate::fraction(1, 1) < r) fail(n, key, quoted(s) + " is outside [0, 1]");
        return r;
    }
    /// A whole number in [lo, hi] (a count of months, years, days ...), written with digits only.
    std::int64_t count(const YAML::Node& n, const std::string& key, std::int64_t lo = 0, std::int64_t hi = kMaxCount) const {
        const std::string s = scalar(n, key);
        if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos)
            fail(n, key, quoted(s) + " is not a whole non-negative number");
        const std::int64_t v = std::stoll(s);
        if (v < lo || v > hi) fail(n, key, quoted(s) + " is outside " + std::to_string(lo) + "-" + std::to_string(hi));
        return v;
    }
    Date date(const YAML::Node& n, const std::string& key) const {
        const std::string s = scalar(n, key);
        bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
        for (std::size_t i = 0; shape && i < s.size(); ++i)
            if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) shape = false;
        if (!shape) fail(n, key, quoted(s) + " is not a date written YYYY-MM-DD");
        try {
            const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
            if (y < 1900 || y > 2200) fail(n, key, quoted(s) + " is outside the years 1900-2200");
            return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
        } catch (const TableError&) {
            throw;
        } catch (const std::exception&) {
            fail(n, key, quoted(s) + " is not a calendar date");
        }
    }
    bool boolean(const YAML::Node& n, const std::string& key) const {
        const std::string s = scalar(n, key);
        if (s == "true") return true;
        if (s == "false") return false;
        fail(n, key, quoted(s) + " is not true or false");
    }

private:
    std::string file_;
};

/// The largest document any reader accepts (tables, regimes, overlays, scenarios): 4 MiB, far
/// above any real table.
inline constexpr std::size_t kMaxDocumentBytes = 4u << 20;

/// Refuses documents that could exhaust the YAML parser: too large, nested too deeply, with
/// aliases (tables have no use for them) or holding more than one document. Throws TableError
/// naming the line.
void guard_document(const std::string& file, const std::string& text);

/// guard_document's first, cheap pass over the raw text (NUL bytes, indentation, flow nesting and
/// anchors outside quotes and comments), before yaml-cpp's events check nesting and anchors exactly.
void scan_document_text(const std::string& file, const std::string& text);

/// The bytes of a regular file of at most `max_bytes`, read without ever holding more than
/// max_bytes + 1 of them. A directory, device, FIFO, socket, broken symlink or symlink loop, a
/// larger file and any read failure are a TableError(path, 0, "(file)", ...) naming the path.
std::string read_bounded_file(const std::string& path, std::size_t max_bytes = kMaxDocumentBytes);


}  // namespace libtax::detail
