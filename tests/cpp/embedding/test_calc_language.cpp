// libtax-calc in Chinese and English: --lang, Chinese scenario keys and values (glossary.yaml's
// scenario section), errors that echo the name written.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "test_support.hpp"

namespace {

struct Output {
    int status = -1;
    std::string out, err;
};

/// Runs libtax-calc with `args`; stdout and stderr through files named after `tag`.
Output run_calc(const std::string& args, const std::string& tag) {
    const std::string base = "/tmp/libtax-calc-lang-" + std::to_string(::getpid()) + "-" + tag;
    const int rc = std::system((std::string("'") + LIBTAX_CALC + "' " + args + " >'" + base + ".out' 2>'" + base + ".err'").c_str());
    Output o{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, libtax::test::read_file(base + ".out"), libtax::test::read_file(base + ".err")};
    std::remove((base + ".out").c_str());
    std::remove((base + ".err").c_str());
    return o;
}

std::string example(const std::string& name) { return "'" + libtax::test::source_path("examples/scenarios/" + name) + "'"; }

/// Every figure of a JSON report that is an amount ("key": "123.45"), as "key=value" lines.
std::set<std::string> amounts(const std::string& json) {
    static const std::regex amount(R"re("([a-z_0-9.\-]+)": "(-?[0-9]+\.[0-9]{2})")re");
    std::set<std::string> out;
    for (std::sregex_iterator it(json.begin(), json.end(), amount), end; it != end; ++it) out.insert((*it)[1].str() + "=" + (*it)[2].str());
    return out;
}

const char* const kScenarios[] = {"gba-engineer-shenzhen.yaml", "hainan-executive.yaml", "hk-resident-qianhai.yaml",
                                  "macao-resident-hengqin.yaml", "foreign-expert-beijing-whatif.yaml"};

}  // namespace

TEST_CASE("calc --lang zh: every shipped scenario in Chinese labels, terms and citations", "[embedding][calc][languages]") {
    for (const char* name : kScenarios) {
        INFO(name);
        const Output zh = run_calc("--lang zh " + example(name), "zh");
        REQUIRE(zh.status == 0);
        for (const char* s : {"纳税年度", "综合所得年度应纳税额", "应纳税所得额", "速算扣除数", "依据：《中华人民共和国个人所得税法》", "应纳税额合计："})
            CHECK(zh.out.find(s) != std::string::npos);
        CHECK(zh.out.find("calc.") == std::string::npos);  // no message id left untranslated
        CHECK(zh.out.find("total tax:") == std::string::npos);
        const Output en = run_calc(example(name), "en");
        REQUIRE(en.status == 0);
        CHECK(amounts(zh.out) == amounts(en.out));
    }
}

TEST_CASE("calc --lang both: each line in Chinese, then in English", "[embedding][calc][languages]") {
    const Output both = run_calc("--lang both " + example("gba-engineer-shenzhen.yaml"), "both");
    REQUIRE(both.status == 0);
    const auto zh = both.out.find("应纳税额合计：218070.00\n");
    REQUIRE(zh != std::string::npos);
    CHECK(both.out.compare(zh + std::string("应纳税额合计：218070.00\n").size(), 23, "total tax: 218070.00\n") == 0);
    CHECK(both.out.find("  应纳税所得额") != std::string::npos);
    CHECK(both.out.find("  taxable income") != std::string::npos);
}

TEST_CASE("calc --json --lang zh keeps the figures and adds message ids, arguments and text", "[embedding][calc][languages]") {
    const Output zh = run_calc("--json --lang zh " + example("gba-engineer-shenzhen.yaml"), "json");
    REQUIRE(zh.status == 0);
    CHECK(zh.out.find("\"language\": \"zh\"") != std::string::npos);
    CHECK(zh.out.find("\"title_id\": \"calc.section.annual_tax_without_bonus\"") != std::string::npos);
    CHECK(zh.out.find("\"id\": \"annual_tax.taxable_income\"") != std::string::npos);
    CHECK(zh.out.find("\"label\": \"应纳税所得额\"") != std::string::npos);
    CHECK(zh.out.find("\"cite\": \"《中华人民共和国个人所得税法》") != std::string::npos);
    CHECK(zh.out.find("\"total_tax\": \"218070.00\"") != std::string::npos);
    CHECK(zh.out.find("{\"id\": \"calc.note.bonus_choice\", \"args\": {}, \"text\": \"由纳税人选择") != std::string::npos);
}

TEST_CASE("A scenario written with Chinese keys and values computes the same figures as its English twin", "[embedding][calc][languages]") {
    const Output zh = run_calc("--json " + example("gba-engineer-shenzhen.zh.yaml"), "zhkeys");
    const Output en = run_calc("--json " + example("gba-engineer-shenzhen.yaml"), "enkeys");
    REQUIRE(zh.status == 0);
    REQUIRE(en.status == 0);
    const auto figures = amounts(en.out);
    CHECK(figures.count("total_tax=218070.00") == 1);
    CHECK(figures.count("gba.relief=79680.00") == 1);
    CHECK(amounts(zh.out) == figures);
    CHECK(zh.out.find("\"identity\": \"foreign\"") != std::string::npos);  // 外籍
}

TEST_CASE("A wrong Chinese key or value is refused, naming it as written", "[embedding][calc][languages]") {
    const std::string path = "/tmp/libtax-calc-lang-" + std::to_string(::getpid()) + ".yaml";
    auto refused = [&](const std::string& text, const std::string& expected) {
        std::ofstream(path) << text;
        const Output o = run_calc("'" + path + "'", "bad");
        INFO(text << "\n" << o.err);
        CHECK(o.status == 2);
        CHECK(o.err.find(expected) != std::string::npos);
    };
    refused("年度: 2024\n纳税人:\n  身份: 火星人\n", ":3: 纳税人.身份: '火星人' is not one of foreign");
    refused("年度: 2024\n收入:\n  工资: 1000\n", ":3: 收入.工资: unknown key");
    refused("年度: 2024\n收入:\n  工资薪金: 1e5\n", ":3: 收入.工资薪金: '1e5'");
    refused("年度: 2024\nyear: 2024\n", "names the same field as year");
    refused("年度: 2024\n按月工资薪金:\n  - {月份: 1, 工资薪金: -5}\n", "按月工资薪金[0].工资薪金");
    std::remove(path.c_str());
}

TEST_CASE("calc --lang refuses an unknown language", "[embedding][calc][languages]") {
    CHECK(run_calc("--lang fr " + example("gba-engineer-shenzhen.yaml"), "fr").status == 2);
    const Output zh = run_calc("--lang zh /nonexistent.yaml", "missing");
    CHECK(zh.status == 2);
    CHECK(zh.err.find("libtax-calc：错误：") != std::string::npos);
}
