// The regime and benchmark tables load, validate, and reject bad files with file:line and key.
#include <algorithm>
#include <catch2/catch.hpp>

#include "libtax/regimes/relief.hpp"
#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {

/// The text of a built-in table document (the copy compiled into the library, consistent with
/// the schema it was built with even while tables/ is being edited).
std::string builtin_text(const std::string& name) {
    for (const auto& d : Tables::builtin().documents())
        if (d.name == name) return d.text;
    FAIL("no built-in document " << name);
    return {};
}

std::string regime_text(const std::string& id) { return builtin_text("tables/regimes/" + id + ".yaml"); }

std::shared_ptr<const Tables> with_regime(const std::string& name, const std::string& text) {
    return Tables::from_documents({{"tables/cn/2024.yaml", builtin_text("tables/cn/2024.yaml")}, {name, text}});
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("All regime ids load from tables/regimes") {
    const auto ids = Tables::builtin().regimes();
    for (const char* id : {"gba", "hainan", "hengqin", "hengqin-macao", "nansha-hk", "nansha-macao", "qianhai", "hetao", "lingang",
                           "pingtan", "beijing-two-zones"}) {
        INFO(id);
        CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
        const Regime& g = Tables::builtin().regime(id);
        CHECK(g.id == id);
        CHECK_FALSE(g.versions.empty());
        for (const auto& v : g.versions) CHECK_FALSE(v.basis.empty());
    }
    CHECK_FALSE(Tables::builtin().regime("beijing-two-zones").enacted);
    CHECK(Tables::builtin().regime("gba").enacted);
}

TEST_CASE("Versions by period: Hainan 2020/2022/2025 measures, GBA cap from 2023") {
    const Regime& h = Tables::builtin().regime("hainan");
    REQUIRE(h.version_for(2021));
    CHECK(h.version_for(2021)->basis.size() == 3);
    CHECK(h.version_for(2022) != h.version_for(2021));
    CHECK(h.version_for(2025)->basis.front() == "Caishui [2025] No. 4");  // 2025-01-24, in force 2025-01-01 to 2027-12-31
    CHECK(h.version_for(2019) == nullptr);
    const Regime& g = Tables::builtin().regime("gba");
    CHECK_FALSE(g.version_for(2022)->cap);
    REQUIRE(g.version_for(2023)->cap);
    CHECK(g.version_for(2023)->cap->value == Money::yuan(5000000));
    CHECK(g.version_for(2023)->cap->source.document == "Yue Cai Shui [2023] No. 21");
}

TEST_CASE("A new zone is a new YAML file: a copy of Hainan under another id loads and computes") {
    std::string text = replaced(regime_text("hainan"), "id: hainan", "id: newzone");
    auto t = with_regime("tables/regimes/newzone.yaml", text);
    TalentCase c;
    c.income.wages = Money::yuan(1000000);
    c.social_insurance = Money::yuan(30000);
    c.special_additional = Money::yuan(24000);
    c.days_in_zone = 200;
    c.talent_recognised = true;
    CHECK(talent_relief(*t, "newzone", 2024, c).amount == Money::parse("91280.00"));
}

TEST_CASE("Bad regime files are rejected with file:line and key") {
    const std::string name = "tables/regimes/hainan.yaml";
    const std::string good = regime_text("hainan");
    auto fails = [&](const std::string& text, const std::string& key) {
        try {
            with_regime(name, text);
            FAIL("accepted a bad table");
        } catch (const TableError& e) {
            INFO(e.what());
            CHECK(e.file() == name);
            CHECK(e.line() > 0);
            CHECK(e.key().find(key) != std::string::npos);
        }
    };
    fails(replaced(good, "mechanism: exemption", "mechanism: rebate"), "mechanism");
    fails(replaced(good, "rate: 0.15", "rate: 1.5"), "rate");
    fails(replaced(good, "doc: caishui-2020-32", "doc: nowhere"), "doc");
    fails(replaced(good, "min_days: 183", "min_days: 400"), "min_days");
    fails(replaced(good, "    to: 2021-12-31", "    to: 2022-06-30"), "to");
    fails(replaced(good, "  - from: 2022-01-01", "  - from: 2021-01-01"), "from");
    fails(replaced(good, "formula: above_rate", "formula: above_rate\n    colour: red"), "colour");
    fails(replaced(good, "id: hainan", "id: hainan2"), "id");
    fails(replaced(good, "rule: income_threshold", "rule: horoscope"), "rule");
    fails(replaced(good, "        unconfirmed: true\n        note: \"income read as Hainan gross receipts plus Hainan business taxable income\"\n"
                         "        note_zh: \"收入按海南境内收入总额加海南经营所得应纳税所得额理解\"\n      - rule: social_insurance",
                   "        unconfirmed: true\n      - rule: social_insurance"), "note");
}

TEST_CASE("Every text of a regime table is given in Chinese beside the English") {
    const std::string name = "tables/regimes/gba.yaml";
    const std::string good = regime_text("gba");
    // the line of the English text is the one named
    auto fails_at = [&](const std::string& text, const std::string& key, const std::string& english_key) {
        try {
            with_regime(name, text);
            FAIL("accepted a regime text without its Chinese");
        } catch (const TableError& e) {
            INFO(e.what());
            CHECK(e.file() == name);
            CHECK(e.key().find(key) != std::string::npos);
            const auto at = text.find(english_key);
            REQUIRE(at != std::string::npos);
            const auto lines_before = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
            CHECK(e.line() == 1 + static_cast<int>(lines_before) + (english_key.front() == '\n' ? 1 : 0));
        }
    };
    auto without_line = [](std::string text, const std::string& start) {
        auto a = text.find(start);
        REQUIRE(a != std::string::npos);
        if (start.front() == '\n') ++a;
        return text.erase(a, text.find('\n', a) - a + 1);
    };
    fails_at(without_line(good, "    area_zh:"), "versions[1].area_zh", "    area:");
    fails_at(without_line(good, "    reaches_zh:"), "versions[1].reaches_zh", "    reaches:");
    fails_at(without_line(good, "name_zh:"), "name_zh", "name:");
    fails_at(without_line(good, "        note_zh:"), "eligibility[1].note_zh", "        note:");
    fails_at(without_line(good, "\n  note_zh:"), "separate_bonus.note_zh", "\n  note: \"The subsidy");
    const Regime& g = Tables::builtin().regime("gba");
    CHECK(g.name_zh == "粤港澳大湾区境外高端人才和紧缺人才个人所得税补贴");
    CHECK(g.versions.front().area_zh == "广州、深圳、珠海、佛山、惠州、东莞、中山、江门、肇庆");
    CHECK(g.versions.front().basis_ids.front() == "caishui-2019-31");
    for (const auto& id : Tables::builtin().regimes()) {
        const Regime& r = Tables::builtin().regime(id);
        INFO(id);
        CHECK_FALSE(r.name_zh.empty());
        for (const auto& v : r.versions) {
            CHECK_FALSE(v.area_zh.empty());
            CHECK_FALSE(v.reaches_zh.empty());
            CHECK(v.note.empty() == v.note_zh.empty());
            CHECK(v.basis_ids.size() == v.basis.size());
            for (const auto& rule : v.eligibility) CHECK(rule.note.empty() == rule.note_zh.empty());
        }
    }
}

TEST_CASE("A what-if regime must say what it is") {
    std::string text = regime_text("beijing-two-zones");
    const auto a = text.find("status_note:");
    const auto b = text.find('\n', a);
    text.erase(a, b - a + 1);
    CHECK_THROWS_AS(with_regime("tables/regimes/beijing-two-zones.yaml", text), TableError);
}

TEST_CASE("Bad benchmark files are rejected: inconsistent quick deduction, duplicate year") {
    const std::string name = "tables/hk_macao/hong-kong-salaries-tax.yaml";
    const std::string good = builtin_text(name);
    auto load = [&](const std::string& text) {
        return Tables::from_documents({{"tables/cn/2024.yaml", builtin_text("tables/cn/2024.yaml")}, {name, text}});
    };
    CHECK(load(good)->hong_kong(2024).label() == "2024/25");
    CHECK_THROWS_AS(load(replaced(good, "rate: 0.17, quick: 18000", "rate: 0.17, quick: 18001")), TableError);
    CHECK_THROWS_AS(load(replaced(good, "year_of_assessment: \"2019/20\"", "year_of_assessment: \"2018/19\"")), TableError);
    CHECK_THROWS_AS(load(replaced(good, "year_of_assessment: \"2019/20\"", "year_of_assessment: \"2019/21\"")), TableError);
    CHECK_THROWS_AS(Tables::from_documents({{"tables/hk_macao/other.yaml", good}}), TableError);
}
