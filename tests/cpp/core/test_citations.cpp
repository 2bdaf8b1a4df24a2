// Citations in Chinese and English (libtax/tables/citations.hpp, tables/documents.yaml).
#include <catch2/catch.hpp>

#include "libtax/tables/citations.hpp"
#include "test_support.hpp"

using namespace libtax;

TEST_CASE("Every document and article the built-in tables cite has its Chinese form", "[citations]") {
    const Tables& t = Tables::builtin();
    REQUIRE(!t.citations().empty());
    std::size_t tables = 0;
    for (const auto& doc : t.documents()) {
        if (doc.name == "tables/documents.yaml") continue;
        ++tables;
        for (const auto& problem : t.citations().problems(doc)) FAIL_CHECK(problem);
    }
    CHECK(tables >= 9 + 11 + 2);  // cn/2019..2027, the regimes, Hong Kong and Macao
}

TEST_CASE("A table citing an unknown document, another number or an article with no Chinese form is reported", "[citations]") {
    const Citations& c = Tables::builtin().citations();
    const TableDocument bad{"tables/cn/2099.yaml",
                            "documents:\n"
                            "  iit-law: {number: \"Presidential Order No. 10\", title: \"x\"}\n"
                            "  nowhere: {number: \"N\", title: \"x\"}\n"
                            "basic_deduction:\n"
                            "  source: {doc: iit-law, article: \"somewhere in the law\"}\n"};
    const auto p = c.problems(bad);
    REQUIRE(p.size() == 3);
    CHECK(p[0] == "tables/cn/2099.yaml:2: documents.iit-law.number: 'Presidential Order No. 10' differs from tables/documents.yaml "
                  "('Presidential Order No. 9 (2018)')");
    CHECK(p[1] == "tables/cn/2099.yaml:3: documents.nowhere: not in tables/documents.yaml");
    CHECK(p[2].find("tables/cn/2099.yaml:5: basic_deduction.source.article: 'somewhere in the law' has no Chinese form") == 0);
}

TEST_CASE("Articles are numbered as the text numbers them: 条, 款, 项", "[citations]") {
    CHECK(article_rule_zh("art. 6") == "第六条");
    CHECK(article_rule_zh("art. 3(2)") == "第三条第（二）项");
    CHECK(article_rule_zh("art. 6(1)(2)") == "第六条第一款第（二）项");
    CHECK(article_rule_zh("arts. 1-4") == "第一条至第四条");
    CHECK(article_rule_zh("item 5(2)") == "第五条第（二）项");
    CHECK(article_rule_zh("item 11") == "第十一条");
    CHECK(article_rule_zh("art. 22") == "第二十二条");
    CHECK(article_rule_zh("conditions of applicants").empty());
    CHECK(article_rule_zh("art. 6(1); other").empty());
    CHECK(chinese_numeral(10) == "十");
    CHECK(chinese_numeral(19) == "十九");
    CHECK(chinese_numeral(40) == "四十");
    CHECK(chinese_numeral(107) == "一百零七");
    CHECK(chinese_numeral(110) == "一百一十");
}

TEST_CASE("A table value is cited in Chinese as issued and in English as before", "[citations]") {
    const TaxYear& y = Tables::builtin().year(2024);
    const LegalSource& annual = y.comprehensive_annual().source();
    CHECK(annual.doc_id == "iit-law");
    CHECK(cite(annual, "zh") == "《中华人民共和国个人所得税法》附：个人所得税税率表一（综合所得适用） [" + annual.file + ":" +
                                    std::to_string(annual.line) + "]");
    CHECK(cite(annual, "en") == annual.cite());
    const LegalSource& basic = y.provision("basic_deduction").source;
    CHECK(Tables::builtin().citations().cite(basic, "zh") == "《中华人民共和国个人所得税法》第六条第一款第（一）项");
    const LegalSource& monthly = y.comprehensive_monthly().source();
    CHECK(Tables::builtin().citations().cite(monthly, "zh") == "财政部 税务总局公告2023年第30号附件 按月换算后的综合所得税率表");

    LegalSource gba{"Caishui [2019] No. 31", "caishui-2019-31", "arts. 1-4", "", 0};
    CHECK(Tables::builtin().citations().cite(gba, "zh") == "财税〔2019〕31号第一条至第四条");
    gba.doc_id.clear();  // found by its English number
    CHECK(Tables::builtin().citations().cite(gba, "zh") == "财税〔2019〕31号第一条至第四条");
    LegalSource yue{"Yue Cai Shui [2023] No. 21", "yue-2023-21", "conditions of applicants", "", 0};
    CHECK(Tables::builtin().citations().cite(yue, "zh") == "粤财税〔2023〕21号（申请人条件）");
    LegalSource unknown{"Some Order No. 1", "", "art. 2", "", 0};
    CHECK(Tables::builtin().citations().cite(unknown, "zh") == "Some Order No. 1, art. 2");
}

TEST_CASE("A malformed document registry is a TableError naming file, line and key", "[citations]") {
    const TableDocument doc{"tables/documents.yaml",
                            "documents:\n"
                            "  x:\n"
                            "    zh: {number: \"财税〔2019〕31号\", title: \"t\"}\n"
                            "    en: {number: \"n\", title: \"t\"}\n"
                            "    status: maybe\n"};
    try {
        Citations::parse(doc);
        FAIL("no error");
    } catch (const TableError& e) {
        CHECK(e.line() == 5);
        CHECK(e.key() == "documents.x.status");
    }
}
