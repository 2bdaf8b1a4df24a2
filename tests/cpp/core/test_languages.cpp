// The shipped catalogues (libtax/messages/<lang>.yaml) and the glossary agree with each other and
// with what the calculators record.
#include <catch2/catch.hpp>

#include <cctype>
#include <set>

#include <yaml-cpp/yaml.h>

#include "libtax/contract/field.hpp"
#include "libtax/core/catalogue.hpp"
#include "libtax/core/error_text.hpp"
#include "libtax/core/render.hpp"
#include "note_check.hpp"
#include "test_support.hpp"

using namespace libtax;

namespace {

/// The {placeholders} of a template ({{ and }} are literal braces).
std::set<std::string> placeholders(const std::string& t) {
    std::set<std::string> out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if ((t[i] == '{' || t[i] == '}') && i + 1 < t.size() && t[i + 1] == t[i]) {
            ++i;
            continue;
        }
        if (t[i] != '{') continue;
        const auto close = t.find('}', i);
        if (close == std::string::npos) break;
        out.insert(t.substr(i + 1, close - i - 1));
        i = close;
    }
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// `term` in `text` as a whole word or phrase (neither neighbour a letter, digit or _), outside
/// the {placeholders}.
bool has_word(const std::string& text, const std::string& term) {
    std::string t;
    for (std::size_t i = 0, depth = 0; i < text.size(); ++i) {
        if (text[i] == '{') ++depth;
        t += depth ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
        if (text[i] == '}' && depth) --depth;
    }
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (auto at = t.find(term); at != std::string::npos; at = t.find(term, at + 1)) {
        const bool left = at == 0 || !word(t[at - 1]);
        const bool right = at + term.size() == t.size() || !word(t[at + term.size()]);
        if (left && right) return true;
    }
    return false;
}

std::map<std::string, std::string> glossary() {
    const YAML::Node g = YAML::LoadFile(std::string(LIBTAX_SOURCE_DIR) + "/libtax/messages/glossary.yaml");
    std::map<std::string, std::string> out;
    for (auto it = g["terms"].begin(); it != g["terms"].end(); ++it) out[it->first.Scalar()] = it->second.Scalar();
    return out;
}

/// A trace of each calculator on the trace, over inputs that reach each of its branches.
std::vector<Trace> sample_traces() {
    std::vector<Trace> out;
    for (int year : Tables::builtin().years())
        for (const char* wages : {"0", "50000", "1000000", "100000000"}) {
            ComprehensiveIncome in;
            in.receipts.wages = Money::parse(wages);
            in.receipts.labour = Money::parse("30000");
            in.receipts.author = Money::parse("10000");
            in.receipts.royalties = Money::parse("5000");
            in.social_insurance = Money::parse("12000");
            in.special_additional = Money::parse("24000");
            in.other_deductions = Money::parse("2000");
            out.emplace_back();
            annual_tax(Tables::builtin().year(year), in, &out.back());
        }
    return out;
}

}  // namespace

TEST_CASE("Every shipped catalogue holds every message id of en.yaml with the same placeholders", "[languages]") {
    const Catalogue& en = Catalogue::builtin("en");
    const auto languages = Catalogue::builtin_languages();
    CHECK(languages == std::vector<std::string>{"en", "zh"});
    for (const auto& lang : languages) {
        const Catalogue& c = Catalogue::builtin(lang);
        for (const auto& [id, tmpl] : en.messages()) {
            INFO(lang << ": " << id);
            if (!c.has(id)) {
                FAIL_CHECK("messages/" << lang << ".yaml lacks " << id);
                continue;
            }
            CHECK(placeholders(c.lookup(id)) == placeholders(tmpl));
        }
        for (const auto& [id, tmpl] : c.messages())
            if (!en.has(id)) FAIL_CHECK("messages/" << lang << ".yaml has " << id << ", which en.yaml lacks");
    }
}

TEST_CASE("The catalogue check fails on a missing id and on a missing placeholder", "[languages]") {
    const Catalogue en = Catalogue::parse("en", "en", "a: \"tax {year}\"\nb: \"x\"\n");
    const Catalogue zh = Catalogue::parse("zh", "zh", "a: \"应纳税额\"\n");
    CHECK(placeholders(en.lookup("a")) != placeholders(zh.lookup("a")));
    CHECK(!zh.has("b"));
    CHECK(placeholders("{a} {{b}} {c}") == std::set<std::string>{"a", "c"});
}

TEST_CASE("Every message the calculators record renders in every shipped catalogue", "[languages]") {
    for (const auto& trace : sample_traces())
        for (const auto& lang : Catalogue::builtin_languages()) {
            INFO(lang);
            CHECK_NOTHROW(render_json(trace, Catalogue::builtin(lang)));
        }
}

TEST_CASE("A glossary term of an English message has its one Chinese translation in the Chinese message", "[languages]") {
    const auto terms = glossary();
    REQUIRE(terms.size() > 30);
    std::set<std::string> chinese;
    for (const auto& [en_term, zh_term] : terms) {
        CHECK(en_term == lower(en_term));
        if (!chinese.insert(zh_term).second) FAIL_CHECK("glossary: " << zh_term << " translates two English terms");
    }
    const Catalogue& en = Catalogue::builtin("en");
    const Catalogue& zh = Catalogue::builtin("zh");
    std::size_t checked = 0;
    for (const auto& [id, tmpl] : en.messages())
        for (const auto& [en_term, zh_term] : terms)
            if (has_word(tmpl, en_term) && zh.has(id)) {
                ++checked;
                if (zh.lookup(id).find(zh_term) == std::string::npos)
                    FAIL_CHECK(id << ": en says '" << en_term << "', zh lacks '" << zh_term << "': " << zh.lookup(id));
            }
    CHECK(checked > 10);
    CHECK(has_word("the taxable income is", "taxable income"));
    CHECK(!has_word("labour_prepayment", "prepayment"));
    CHECK(!has_word("{subsidy} x {rate}", "subsidy"));
}

TEST_CASE("The annual tax explained in Chinese names the statutory terms and cites the IIT Law", "[languages]") {
    ComprehensiveIncome in;
    in.receipts.wages = Money::parse("1000000");
    in.social_insurance = Money::parse("30000");
    in.special_additional = Money::parse("24000");
    Trace trace;
    CHECK(annual_tax(Tables::builtin().year(2024), in, &trace).tax.str() == "224180.00");
    const std::string zh = render_text(trace, Catalogue::builtin("zh"));
    INFO(zh);
    for (const char* s : {"居民个人综合所得年度应纳税额，2024纳税年度", "应纳税所得额", "886000.00", "速算扣除数", "专项附加扣除",
                          "《中华人民共和国个人所得税法》第六条第一款第（一）项", "综合所得税率表第6级", "224180.00"})
        CHECK(zh.find(s) != std::string::npos);
    CHECK(zh.find("Presidential Order") == std::string::npos);
}

TEST_CASE("A message wrapping another renders the inner one in the same language", "[languages]") {
    // "row {row}: {detail}" around a whole input error, as the batch boundary writes it
    const InputError row("zone_wages", "-1", "row 3: zone_wages = -1.00: must not be negative");
    CHECK(error_text(row, "zh") == "zone_wages = -1：第3行：zone_wages = -1.00：不得为负数");
    CHECK(error_text(row, "en") == row.what());
    CHECK(error_message(row).problem_id == "error.problem.py_row");
    // around a problem alone
    CHECK(error_text(InputError("wages", "'x'", "row 0: not a finite amount"), "zh") == "wages = 'x'：第0行：不是有限的金额");
    // "{detail} (the state contradicts itself ...)" around a problem with its own argument
    CHECK(error_text(InputError("state.withheld", "20000.00", "more than gross 10000.00 (the state contradicts itself: was it edited by hand?)"),
                     "zh") == "state.withheld = 20000.00：超过收入总额10000.00（状态自相矛盾：是否被手工修改过？）");
    // an inner text no template matches stays English inside the Chinese frame
    CHECK(error_text(InputError("wages", "1", "row 2: something new"), "zh") == "wages = 1：第2行：something new");
}

TEST_CASE("Errors render in Chinese with the field, value and file:line kept verbatim", "[languages]") {
    const auto zh = [](const Error& e) { return error_text(e, "zh"); };
    // a year no table covers
    try {
        Tables::builtin().year(2018);
        FAIL("2018 is covered");
    } catch (const CoverageError& e) {
        CHECK(error_text(e, "en") == e.what());
        CHECK(zh(e).rfind("year = 2018：没有税率表涵盖该纳税年度（内置税率表涵盖2019", 0) == 0);
        CHECK(error_message(e).problem_id == "error.problem.year_not_covered_have");
        CHECK(error_text(e, "both") == zh(e) + "\n" + e.what());
    }
    CHECK(zh(InputError("wages", "-1.00", "must not be negative")) == "wages = -1.00：不得为负数");
    CHECK(zh(RangeError("wages", "10000000000000000", "beyond the supported range of +/-10^15 yuan")) ==
          "wages = 10000000000000000：超出支持的范围（±10^15元）");
    CHECK(zh(InputError("wagez", "1", contract::unknown_problem("wagez", {"wages", "bonus"}))) == "wagez = 1：未知字段；是否指 `wages`？");
    CHECK(zh(TableError("tables/cn/2024.yaml", 12, "schedules.x", "unknown key (expected one of: a, b)")) ==
          "tables/cn/2024.yaml:12: schedules.x：未知的键（应为以下之一：a, b）");
    CHECK(zh(TableError("tables/cn/2024.yaml", 3, "basic_deduction.annual", "missing required key")) ==
          "tables/cn/2024.yaml:3: basic_deduction.annual：缺少必需的键");
    // a problem without a Chinese template keeps its English inside the Chinese frame (and says so)
    const InputError odd("stays[1]", "x", "overlaps stays[0]: stays must not overlap");
    CHECK(zh(odd) == "stays[1] = x：overlaps stays[0]: stays must not overlap");
    CHECK_FALSE(error_message(odd).translated());
    CHECK_THROWS_AS(error_text(odd, "fr"), InputError);
    // an input error's message re-raised under another frame (libtax-calc: the scenario's file:line)
    const TableError wrapped("s.yaml", 2, "person.stays",
                             "stays[1] = 2024-04-01 -> 2024-06-01: overlaps stays[0] (2024-03-01 -> 2024-05-01): stays must not overlap");
    CHECK(zh(wrapped) == "s.yaml:2: person.stays：stays[1] = 2024-04-01 -> 2024-06-01：与stays[0]（2024-03-01 -> 2024-05-01）重叠：各次停留不得重叠");
    CHECK(error_message(wrapped).problem_id == "error.problem.stays_overlap");
    CHECK(error_text(wrapped, "en") == wrapped.what());
}

TEST_CASE("Every error.problem template matches the text the library writes", "[languages]") {
    // the templates are the patterns: each renders back to itself from the arguments read out of it
    const Catalogue& en = Catalogue::builtin("en");
    for (const auto& [id, tmpl] : en.messages()) {
        if (id.rfind("error.problem.", 0) != 0) continue;
        INFO(id);
        TraceArgs args;
        std::string text = tmpl;
        for (const auto& name : placeholders(tmpl)) {
            const auto at = text.find("{" + name + "}");
            text.replace(at, name.size() + 2, "X" + name);
        }
        for (const char* brace : {"{{", "}}"})  // a literal brace of the template is one brace in the text
            for (auto at = text.find(brace); at != std::string::npos; at = text.find(brace, at + 1)) text.erase(at, 1);
        const InputError e("f", "v", text);
        const ErrorMessage m = error_message(e);
        CHECK(m.translated());
        CHECK(en.format(m.id, m.args) == e.what());
        const TableError t("f.yaml", 1, "k", text);  // no placeholder may shadow the frame's file, line or key
        const ErrorMessage mt = error_message(t);
        CHECK(mt.translated());
        CHECK(en.format(mt.id, mt.args) == t.what());
    }
}

namespace {
/// True when `s` holds a CJK ideograph (UTF-8 lead byte of U+4E00..U+9FFF).
bool CJK(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0xE4 && c <= 0xE9) return true;
    return false;
}
}  // namespace

TEST_CASE("Every note of the tax-year tables has its Chinese twin, checked on load and carried by the image", "[languages]") {
    int notes = 0;
    for (int y = 2019; y <= 2027; ++y)
        for (const auto& [path, p] : Tables::builtin().year(y).provisions) {
            INFO(y << " " << path);
            CHECK(p.note.empty() == p.note_zh.empty());
            if (!p.note.empty()) {
                ++notes;
                CHECK(CJK(p.note_zh));
                // a Chinese catalogue renders the Chinese twin, the English one the note
                CHECK(Catalogue::builtin("zh").format("common.text", {{"text", p.note_text()}}) == p.note_zh);
                CHECK(Catalogue::builtin("en").format("common.text", {{"text", p.note_text()}}) == p.note);
            }
        }
    CHECK(notes >= 15);
    // the loader refuses an English note without its Chinese twin, naming file:line and the key
    const std::string name = "tables/cn/2024.yaml";
    const TableError e = test::check_note_without_chinese(name, [&](const std::string& edited) {
        std::vector<TableDocument> docs;
        for (const auto& d : Tables::builtin().documents())
            if (d.name.rfind("tables/cn/", 0) == 0) docs.push_back({d.name, d.name == name ? edited : d.text});
        return docs;
    });
    CHECK(error_message(e).translated());
    CHECK(error_text(e, "zh").find("缺少") != std::string::npos);
}

TEST_CASE("A period reads 2024-01-01至2027-12-31 in Chinese and as before in English", "[languages]") {
    const Provision& window = Tables::builtin().year(2024).provision("annual_bonus.separate_taxation");
    REQUIRE(window.period);
    CHECK(Catalogue::builtin("zh").format("common.text", {{"text", window.period->text()}}) == "2024-01-01至2027-12-31");
    CHECK(Catalogue::builtin("en").format("common.text", {{"text", window.period->text()}}) == window.period->str());
    CHECK(window.period->str() == "2024-01-01 to 2027-12-31");
}
