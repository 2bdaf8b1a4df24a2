// Helpers shared by the C++ tests.
#pragma once

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "libtax/libtax.hpp"

namespace libtax::test {

inline std::string source_path(const std::string& rel) { return std::string(LIBTAX_SOURCE_DIR) + "/" + rel; }

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The real 2024 table text, with `from` replaced by `to` (first occurrence; must exist).
inline std::string table_2024_with(const std::string& from, const std::string& to) {
    std::string text = read_file(source_path("tables/cn/2024.yaml"));
    const auto pos = text.find(from);
    if (pos == std::string::npos) throw std::runtime_error("test fixture: '" + from + "' not in 2024.yaml");
    return text.replace(pos, from.size(), to);
}

/// 1-based line of the first occurrence of `needle` in `text`.
inline int line_of(const std::string& text, const std::string& needle) {
    const auto pos = text.find(needle);
    if (pos == std::string::npos) return -1;
    int line = 1;
    for (std::size_t i = 0; i < pos; ++i) line += text[i] == '\n';
    return line;
}

inline Money yuan(const char* s) { return Money::parse(s); }

}  // namespace libtax::test
