// The table half of the bad-input catalogue (tests/cases/bad_inputs.yaml): every case must be
// refused with a TableError naming the file, the line and the key, and the message must carry
// the offending value and the problem. The Python runner covers the `calls` half.
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
};

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
            const auto from = n["edit"][0].as<std::string>(), to = n["edit"][1].as<std::string>();
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
        } catch (const std::exception& e) {
            FAIL("not a TableError: " << typeid(e).name() << ": " << e.what());
        }
        CHECK(thrown);
    }
}
