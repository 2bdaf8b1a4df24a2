// The table half of the bad-input catalogue (tests/cases/bad_inputs.yaml): every case must be
// refused with a TableError naming the file, the line and the key, and the message must carry
// the offending value and the problem. The Python runner covers the `calls` half.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

struct TableCase {
    std::string id, what, name, text, key;
    int line = -1;  // -1: not asserted
    std::vector<std::string> says;
    std::size_t max_message = 0;  // 0: not asserted
};

/// `text` with "{repeat}" replaced by repeat[0] x repeat[1] (for cases with very long values).
std::string with_repeat(std::string text, const YAML::Node& repeat) {
    const auto at = text.find("{repeat}");
    if (!repeat || at == std::string::npos) return text;
    std::string filler;
    for (std::size_t i = 0, n = repeat[1].as<std::size_t>(); i < n; ++i) filler += repeat[0].as<std::string>();
    return text.replace(at, 8, filler);
}

std::vector<TableCase> table_cases() {
    const YAML::Node root = YAML::LoadFile(source_path("tests/cases/bad_inputs.yaml"));
    const std::string real = read_file(source_path("tables/cn/2024.yaml"));
    std::vector<TableCase> out;
    for (const auto& n : root["tables"]) {
        TableCase c;
        c.id = n["id"].as<std::string>();
        c.what = n["what"].as<std::string>();
        c.name = n["name"] ? n["name"].as<std::string>() : "tables/cn/2024.yaml";
        if (n["document"]) {
            c.text = n["document"].as<std::string>();
        } else {
            const auto from = n["edit"][0].as<std::string>(), to = with_repeat(n["edit"][1].as<std::string>(), n["repeat"]);
            c.text = real;
            const auto pos = c.text.find(from);
            if (pos == std::string::npos) throw std::runtime_error(c.id + ": '" + from + "' is not in tables/cn/2024.yaml");
            c.text.replace(pos, from.size(), to);
        }
        if (n["pad"]) c.text += "\n#" + std::string(n["pad"].as<std::size_t>(), 'x') + "\n";
        c.key = n["key"].as<std::string>();
        if (n["line"]) c.line = n["line"].as<int>();
        if (n["line_at"]) {
            c.line = line_of(c.text, n["line_at"].as<std::string>());
            if (c.line < 0) throw std::runtime_error(c.id + ": line_at text not in the document");
        }
        for (const auto& s : n["says"]) c.says.push_back(s.as<std::string>());
        if (n["max_message"]) c.max_message = n["max_message"].as<std::size_t>();
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

TEST_CASE("Bad-input catalogue: every broken table is refused with file:line, key and value", "[hardening][catalogue]") {
    const auto cases = table_cases();
    REQUIRE(cases.size() >= 40);
    for (const auto& c : cases) {
        INFO(c.id << " (" << c.what << ")");
        bool thrown = false;
        try {
            Tables::from_documents({{c.name, c.text}});
        } catch (const TableError& e) {
            thrown = true;
            const std::string msg = e.what();
            INFO("message: " << msg);
            CHECK(e.file() == c.name);
            CHECK(e.key() == c.key);
            if (c.line >= 0) CHECK(e.line() == c.line);
            CHECK(e.line() >= 0);
            CHECK(msg.rfind(c.name + ":" + std::to_string(e.line()) + ": " + c.key + ": ", 0) == 0);
            for (const auto& s : c.says) CHECK_THAT(msg, Catch::Contains(s));
            if (c.max_message) CHECK(msg.size() <= c.max_message);
        } catch (const std::exception& e) {
            FAIL("not a TableError: " << typeid(e).name() << ": " << e.what());
        }
        CHECK(thrown);
    }
}

namespace {

namespace fs = std::filesystem;

/// A fresh directory holding cn/2024.yaml (the real table) and the case's hostile entry.
fs::path hostile_tables_dir(const YAML::Node& c) {
    const fs::path dir = fs::temp_directory_path() / ("libtax-hostile-" + c["id"].as<std::string>() + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "cn");
    fs::copy_file(source_path("tables/cn/2024.yaml"), dir / "cn/2024.yaml");
    const YAML::Node make = c["make"];
    if (make["symlink"]) fs::create_symlink(make["to"].as<std::string>(), dir / make["symlink"].as<std::string>());
    if (make["file"]) std::ofstream(dir / make["file"].as<std::string>()) << read_file(source_path("tables/cn/2024.yaml"));
    if (make["dir"]) fs::create_directories(dir / make["dir"].as<std::string>());
    if (make["fifo"]) REQUIRE(::mkfifo((dir / make["fifo"].as<std::string>()).c_str(), 0600) == 0);
    if (make["sparse"]) {
        std::ofstream(dir / make["sparse"].as<std::string>()).put('x');
        fs::resize_file(dir / make["sparse"].as<std::string>(), make["size"].as<std::uintmax_t>());
    }
    return dir;
}

}  // namespace

TEST_CASE("Bad-input catalogue: every hostile tables directory is a TableError naming the path", "[hardening][catalogue]") {
    const YAML::Node root = YAML::LoadFile(source_path("tests/cases/bad_inputs.yaml"));
    REQUIRE(root["directories"].size() >= 7);
    for (const auto& c : root["directories"]) {
        INFO(c["id"].as<std::string>() << " (" << c["what"].as<std::string>() << ")");
        const fs::path dir = hostile_tables_dir(c);
        const auto listing = [&] {
            std::vector<std::string> names;
            for (const auto& e : fs::directory_iterator(dir / "cn")) names.push_back(e.path().filename().string());
            std::sort(names.begin(), names.end());
            return names;
        };
        const auto before = listing();
        try {
            Tables::load(dir.string());
            FAIL("loaded without an error");
        } catch (const TableError& e) {
            INFO("message: " << e.what());
            CHECK(e.file() == (dir / c["path"].as<std::string>()).string());
            CHECK(e.key() == c["key"].as<std::string>());
            for (const auto& s : c["says"]) CHECK_THAT(e.what(), Catch::Contains(s.as<std::string>()));
        } catch (const std::exception& e) {
            FAIL("not a TableError: " << typeid(e).name() << ": " << e.what());
        }
        CHECK(listing() == before);  // nothing written
        fs::remove_all(dir);
    }
}

TEST_CASE("Tables::load of the file-system root is a TableError, not an internal failure", "[hardening][catalogue]") {
    CHECK_THROWS_AS(Tables::load("/"), TableError);
}
