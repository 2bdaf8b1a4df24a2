// The trace, the message catalogue and the renderers (core/trace.hpp, catalogue.hpp, render.hpp).
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "libtax/core/catalogue.hpp"
#include "libtax/core/render.hpp"
#include "test_support.hpp"

using namespace libtax;
using namespace libtax::test;

namespace {
ComprehensiveIncome million() {
    ComprehensiveIncome in;
    in.receipts.wages = yuan("1000000");
    in.social_insurance = yuan("30000");
    in.special_additional = yuan("24000");
    return in;
}

const TraceEntry* find_step(const Trace& t, const std::string& id) {
    for (const auto& e : t.entries())
        if (e.kind == TraceEntry::Kind::step && e.id == id) return &e;
    return nullptr;
}
}  // namespace

TEST_CASE("A calculator records message ids, language-neutral values and sources", "[trace]") {
    Trace trace;
    const auto r = annual_tax(Tables::builtin().year(2024), million(), &trace);
    CHECK(r.tax.str() == "224180.00");
    REQUIRE(trace.title_entry());
    CHECK(trace.title_entry()->id == "annual_tax.title");
    const TraceEntry* taxable = find_step(trace, "annual_tax.taxable_income");
    REQUIRE(taxable);
    CHECK(taxable->value.text == "886000.00");
    CHECK(taxable->formula == "annual_tax.taxable_income.formula");
    const TraceEntry* basic = find_step(trace, "annual_tax.basic_deduction");
    REQUIRE(basic);
    CHECK(basic->source.doc_id == "iit-law");  // the key of the table's documents: registry
    CHECK(basic->source.document == "Presidential Order No. 9 (2018)");
    const TraceEntry* bracket = find_step(trace, "annual_tax.bracket");
    REQUIRE(bracket);
    CHECK(bracket->value.message);  // the bracket's description is translated
    CHECK(bracket->value.text == "bracket.describe");
}

TEST_CASE("render_text gives the English explanation; the old bool overload is the same text", "[trace]") {
    const TaxYear& y = Tables::builtin().year(2024);
    Trace trace;
    annual_tax(y, million(), &trace);
    const std::string text = render_text(trace, Catalogue::builtin("en"));
    INFO(text);
    CHECK(text.rfind("Annual comprehensive income tax, resident, tax year 2024\n", 0) == 0);
    CHECK(text.find("taxable income") != std::string::npos);
    CHECK(text.find("886000.00 x 35% - 85920.00, rounded half-up to the fen") != std::string::npos);
    CHECK(text.find("comprehensive_annual bracket 6 (over 660000.00 up to 960000.00): rate 35%, quick deduction 85920.00") !=
          std::string::npos);
    CHECK(explained([&](Trace* tr) { return annual_tax(y, million(), tr); }).explanation.text() == text);
}

TEST_CASE("render_text in Chinese writes the catalogue's words for basis and note", "[trace]") {
    Trace trace;
    annual_tax(Tables::builtin().year(2024), million(), &trace);
    trace.note("common.text", {{"text", "x"}});
    const std::string zh = render_text(trace, Catalogue::builtin("zh"));
    INFO(zh);
    CHECK(zh.find("    依据：") != std::string::npos);  // under a step that read a table value
    CHECK(zh.find("\n  注：x\n") != std::string::npos);
    CHECK(zh.find("basis:") == std::string::npos);
    CHECK(zh.find("note:") == std::string::npos);
    CHECK(zh == explanation_text(trace, "zh"));  // the same text Python and libtax-calc print
    const std::string en = render_text(trace, Catalogue::builtin("en"));
    CHECK(en.find("    basis: ") != std::string::npos);
    CHECK(en.find("\n  note: x\n") != std::string::npos);
}

TEST_CASE("render_json keeps ids, arguments, rendered text and sources", "[trace]") {
    Trace trace;
    annual_tax(Tables::builtin().year(2024), million(), &trace);
    const std::string json = render_json(trace, Catalogue::builtin("en"));
    INFO(json);
    CHECK(json.find("\"language\": \"en\"") != std::string::npos);
    CHECK(json.find("\"id\": \"annual_tax.tax\"") != std::string::npos);
    CHECK(json.find("\"formula_id\": \"annual_tax.tax.formula\"") != std::string::npos);
    CHECK(json.find("\"taxable\": \"886000.00\", \"rate\": \"35%\", \"quick\": \"85920.00\"") != std::string::npos);
    CHECK(json.find("\"doc_id\": \"iit-law\"") != std::string::npos);
    CHECK(json.find("\"formula\": \"886000.00 x 35% - 85920.00, rounded half-up to the fen\"") != std::string::npos);
}

TEST_CASE("Catalogue: placeholders, message arguments, braces and clear errors", "[trace][catalogue]") {
    const Catalogue c = Catalogue::parse("messages/xx.yaml", "xx",
                                         "greet: \"hello {who}, {{literal}}\"\n"
                                         "who.world: \"world\"\n"
                                         "document.iit-law: \"the IIT Law\"\n");
    CHECK(c.format("greet", {{"who", "you"}}) == "hello you, {literal}");
    CHECK(c.format("greet", {{"who", message_id("who.world")}}) == "hello world, {literal}");
    CHECK_THROWS_WITH(c.format("missing"), Catch::Contains("no message 'missing'"));
    CHECK_THROWS_WITH(c.format("greet"), Catch::Contains("no argument for placeholder {who}"));
    CHECK_THROWS_AS(Catalogue::parse("messages/bad.yaml", "bad", "a:\n  b: c\n"), MessageError);
    CHECK_THROWS_AS(Catalogue::builtin("klingon"), InputError);
    // a catalogue may name a document in its language, found by the source's doc_id
    Trace t;
    LegalSource s;
    s.document = "Presidential Order No. 9 (2018)";
    s.doc_id = "iit-law";
    s.article = "art. 6";
    t.step("greet", "1.00", {}, {{"who", "x"}}, s);
    t.note("greet", {{"who", "y"}});
    // this catalogue lacks explain.basis and explain.note: the English words
    CHECK(render_text(t, c).find("basis: the IIT Law, art. 6") != std::string::npos);
    CHECK(render_text(t, c).find("\n  note: hello y, {literal}\n") != std::string::npos);
}

TEST_CASE("Scopes prefix the labels of a part; a part's own title is dropped", "[trace]") {
    Trace t;
    t.title("greet", {{"who", "all"}});
    {
        TraceScope part(&t, "who.world");
        t.title("greet", {{"who", "inner"}});
        t.step("greet", "2.00", {}, {{"who", "x"}});
    }
    t.step("greet", "3.00", {}, {{"who", "y"}});
    const Catalogue c = Catalogue::parse("x", "xx", "greet: \"hi {who}\"\nwho.world: \"world\"\n");
    const Explanation e = render_explanation(t, c);
    CHECK(e.title() == "hi all");
    REQUIRE(e.steps().size() == 2);
    CHECK(e.steps()[0].label == "world: hi x");
    CHECK(e.steps()[1].label == "hi y");
    TraceScope nothing(nullptr, "who.world");  // a null trace: no effect
}

TEST_CASE("Every message id the calculators record is in the English catalogue", "[trace][catalogue]") {
    // The ids are string literals in the calculator headers; every id's first segment is one of
    // the catalogue's groups, so a literal "group.rest" with a known group must be an id.
    const Catalogue& en = Catalogue::builtin("en");
    std::set<std::string> groups;
    for (const auto& kv : en.messages()) groups.insert(kv.first.substr(0, kv.first.find('.')));
    const char* headers[] = {"comprehensive/income_amount.hpp", "comprehensive/annual_tax.hpp", "comprehensive/annual_bonus.hpp",
                             "comprehensive/prepayment.hpp", "business/business_tax.hpp", "separate/severance.hpp",
                             "separate/early_retirement.hpp", "separate/equity_incentives.hpp", "separate/annuity_payout.hpp",
                             "separate/internal_retirement.hpp", "foreign/nonresident_equity.hpp", "payroll/withholding_run.hpp",
                             "payroll/reconciliation.hpp", "foreign/nondomiciled_annual_tax.hpp", "foreign/allowances.hpp",
                             "foreign/working_days.hpp", "foreign/six_year_rule.hpp", "foreign/residency.hpp",
                             "foreign/wage_sourcing.hpp", "foreign/nonresident_tax.hpp", "hk_macao/hong_kong_salaries_tax.hpp",
                             "hk_macao/macao_professional_tax.hpp", "regimes/relief.hpp", "tables/bracket_schedule.hpp",
                             "comprehensive/special_additional_deductions.hpp", "comprehensive/other_deductions.hpp",
                             "comprehensive/itemised_deductions.hpp", "comprehensive/donations.hpp", "foreign/foreign_tax_credit.hpp",
                             "separate/private_pension.hpp"};
    const std::regex literal("\"([a-z_]+)\\.([a-z_0-9.]*[a-z_0-9])\"");  // not a prefix ending in "."
    int checked = 0;
    for (const char* h : headers) {
        const std::string text = read_file(source_path(std::string("libtax/include/libtax/") + h));
        REQUIRE_FALSE(text.empty());
        for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
            if (!groups.count((*it)[1].str())) continue;
            const std::string id = (*it)[1].str() + "." + (*it)[2].str();
            INFO(h << ": " << id);
            CHECK(en.has(id));
            ++checked;
        }
    }
    CHECK(checked > 250);
}
