// A table's note without its Chinese twin: the loader must refuse it, naming file:line and the key.
// Shared by the tax-year tables' test (core/test_languages.cpp) and the Hong Kong and Macao
// benchmark tables' test (regimes/test_hk_macao.cpp).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "libtax/libtax.hpp"

namespace libtax::test {

/// Removes the first `note_zh` line of the built-in document `name`, loads it with the documents
/// `others` gives (its own text already replaced by the edited one), and requires a TableError
/// naming `name`, the line of the English note before it and a key holding "note_zh". Returns the
/// error (for further checks of its message), or a default one when the load did not fail.
inline TableError check_note_without_chinese(
    const std::string& name,
    const std::function<std::vector<TableDocument>(const std::string& edited)>& others) {
    std::string text;
    for (const auto& d : Tables::builtin().documents())
        if (d.name == name) text = d.text;
    REQUIRE(!text.empty());
    const auto zh = text.find("    note_zh:");
    REQUIRE(zh != std::string::npos);
    text.erase(zh, text.find('\n', zh) - zh + 1);
    const auto en = text.rfind("    note:", zh);
    REQUIRE(en != std::string::npos);
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(en), '\n'));
    try {
        Tables::from_documents(others(text));
        FAIL("accepted a note without its Chinese: " << name);
    } catch (const TableError& e) {
        INFO(e.what());
        CHECK(e.file() == name);
        CHECK(e.line() == line);
        CHECK(e.key().find("note_zh") != std::string::npos);
        return e;
    }
    return TableError("", 0, "", "");
}

}  // namespace libtax::test
