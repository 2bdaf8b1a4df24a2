// The loader's guards against hostile documents (detail::guard_document in
// libtax/src/tables/tables.cpp): size, nesting (flow, block, compact), anchors and aliases,
// NUL bytes and numbers out of range. Each guard is tested at its exact limit and beyond, and
// with inputs that once slipped past the text scan.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <random>

#include "test_support.hpp"

namespace libtax::detail {
void guard_document(const std::string& file, const std::string& text);       // libtax/src/tables/tables.cpp
void scan_document_text(const std::string& file, const std::string& text);  // guard_document's text pass
}

using namespace libtax;
using namespace libtax::test;
using libtax::detail::guard_document;

namespace {

const char* kName = "tables/cn/2024.yaml";

std::string flow(int depth) { return "table: cn-iit\nx: " + std::string(depth, '[') + "1" + std::string(depth, ']') + "\n"; }
std::string compact(int depth) {
    std::string s = "table: cn-iit\nx:\n";
    for (int i = 0; i < depth; ++i) s += "- ";
    return s + "1\n";
}
// `depth` nested block mappings including the root.
std::string indented(int depth) {
    std::string s = "table: cn-iit\nx:\n";
    for (int i = 1; i < depth - 1; ++i) s += std::string(i, ' ') + "a:\n";
    return s + std::string(depth - 1, ' ') + "a: 1\n";
}

TableError refusal(const std::string& text) {
    try {
        Tables::from_documents({{kName, text}});
    } catch (const TableError& e) {
        return e;
    }
    FAIL("accepted");
    throw;
}

// The text pass as first written: a plain loop deciding every byte's token start with strchr.
// scan_document_text is a faster form of it and must refuse exactly the same documents with
// exactly the same message and line.
void reference_scan(const std::string& file, const std::string& text) {
    constexpr int max_depth = 32;
    int line = 1, depth = 0;
    bool in_quote = false, in_comment = false;
    char quote = 0;
    std::size_t col = 0;
    bool line_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\0') throw TableError(file, line, "(document)", "contains a NUL byte; refused");
        if (c == '\n') {
            ++line;
            col = 0;
            line_start = true;
            in_comment = false;
            continue;
        }
        if (line_start && c == ' ') {
            if (++col > 2 * max_depth) throw TableError(file, line, "(document)", "indented deeper than " + std::to_string(max_depth) + " levels; refused");
            continue;
        }
        line_start = false;
        if (in_comment) continue;
        if (in_quote) {
            const bool next_plain = i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '\0';
            if (quote == '"' && c == '\\' && next_plain) ++i;
            else if (c == quote && quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
            else if (c == quote) in_quote = false;
            continue;
        }
        const bool token_start = i == 0 || std::strchr(" \t[{,:-?", text[i - 1]) != nullptr;
        if (c == '#' && (i == 0 || std::strchr(" \t\n", text[i - 1]))) in_comment = true;
        else if ((c == '"' || c == '\'') && token_start) in_quote = true, quote = c;
        else if (c == '[' || c == '{') {
            if (++depth > max_depth) throw TableError(file, line, "(document)", "nested deeper than " + std::to_string(max_depth) + " levels; refused");
        } else if (c == ']' || c == '}') depth = depth > 0 ? depth - 1 : 0;
        else if ((c == '&' || c == '*') && token_start)
            if (i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\t')
                throw TableError(file, line, "(document)", "uses YAML anchors or aliases, which tables do not allow");
    }
}

// "" when the scan accepts the text, else the refusal's line and message.
template <class Scan>
std::string verdict(Scan scan, const std::string& text) {
    try {
        scan(kName, text);
    } catch (const TableError& e) {
        return std::to_string(e.line()) + " " + e.key() + " " + e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("The text scan refuses exactly what its first, plain form refused", "[hardening][guards]") {
    // hand-made cases at each rule's edges, then random texts over the bytes the scan acts on
    std::vector<std::string> texts = {
        "", "\0", "a\0", "\n\0", "#\0", "# x\0\n", "\"a\0\"", "\"\\\0", "'\0'", "&\0", "*\0", "a: &\0",
        "[" + std::string(40, '[') + "\0", std::string(70, ' ') + "x", std::string(64, ' ') + "x",
        "a: \"x\n" + std::string(65, ' ') + "y\"", "a: 'it''s' &x", "a: \"\\\"\" &x", "a#b &x", "a #b &x",
        "#\n&x", "a: '\n&x'\n", "x: \"\\\n&y\"", "a: b&c", "- &", "- &\t", "- & x", "\t#&x", "a: [&x]",
        "[[[\n]]]", "]]]&x", "'&x", "\"&x", "x'&y", "a\r\n  &x",
    };
    std::mt19937 rng(20261206);
    const std::string alphabet = std::string("  \n\n\t#\"'\\[]{}&*,:-?ax\r") + '\0';
    for (int k = 0; k < 20000; ++k) {
        std::string t;
        const int len = static_cast<int>(rng() % 60);
        for (int j = 0; j < len; ++j) {
            if (rng() % 97 == 0) t += std::string(60 + rng() % 10, ' ');  // near the indentation limit
            else if (rng() % 97 == 0) t += std::string(30 + rng() % 4, '[');  // near the nesting limit
            else t += alphabet[rng() % alphabet.size()];
        }
        texts.push_back(t);
    }
    const char* const kinds[] = {"NUL byte", "indented deeper", "nested deeper", "anchors or aliases"};
    int accepted = 0, refused[4] = {};
    for (const auto& t : texts) {
        const std::string expected = verdict(reference_scan, t);
        INFO("text of " << t.size() << " bytes: '" << t << "'");
        REQUIRE(verdict(libtax::detail::scan_document_text, t) == expected);
        accepted += expected.empty();
        for (int r = 0; r < 4; ++r) refused[r] += expected.find(kinds[r]) != std::string::npos;
    }
    // the texts reach acceptance and every refusal, many times each
    CHECK(accepted > 1000);
    for (int r = 0; r < 4; ++r) {
        INFO(kinds[r]);
        CHECK(refused[r] > 100);
    }
}

TEST_CASE("Every real table passes the guard", "[hardening][guards]") {
    for (int y = 2019; y <= 2027; ++y) {
        const std::string f = "tables/cn/" + std::to_string(y) + ".yaml";
        CHECK_NOTHROW(guard_document(f, read_file(source_path(f))));
    }
}

TEST_CASE("Nesting is refused beyond 32 levels, however it is written", "[hardening][guards]") {
    // 31 flow levels + the root mapping = 32: allowed by the guard (the schema refuses later)
    CHECK_NOTHROW(guard_document(kName, flow(31)));
    CHECK_THROWS_WITH(guard_document(kName, flow(32)), Catch::Contains("nested deeper than 32 levels"));
    CHECK_NOTHROW(guard_document(kName, compact(30)));  // root, x's list... 31 levels
    CHECK_THROWS_WITH(guard_document(kName, compact(32)), Catch::Contains("nested deeper than 32 levels"));
    CHECK_NOTHROW(guard_document(kName, indented(32)));
    CHECK_THROWS_WITH(guard_document(kName, indented(33)), Catch::Contains("nested deeper than 32 levels"));
    // far beyond yaml-cpp's own recursion limit: refused quickly with a clear error, no crash
    for (int depth : {1000, 100000}) {
        INFO("depth " << depth);
        CHECK_THAT(refusal(flow(depth)).what(), Catch::Contains("nested deeper"));
        CHECK_THAT(refusal(compact(depth)).what(), Catch::Contains("32 levels"));
        CHECK_THAT(refusal("table: cn-iit\nnote: it's\n" + flow(depth)).what(), Catch::Contains("32 levels"));
    }
    CHECK(refusal(indented(40)).key() == "(document)");
}

TEST_CASE("Anchors and aliases are refused wherever they hide", "[hardening][guards]") {
    for (const std::string doc : {"a: &x 1\n", "a: [&x 1]\n", "a: {k: &x 1}\n", "a:\t&x 1\nb:\t*x\n",
                                  "note: it's\na: &x [1, 2]\nb: *x\n", "- &x a\n- *x\n", "? &k a\n: 1\n"}) {
        INFO(doc);
        const TableError e = refusal("table: cn-iit\n" + doc);
        CHECK(e.key() == "(document)");
        CHECK_THAT(e.what(), Catch::Contains("anchors or aliases"));
    }
    // the same characters inside quotes, comments or plain words are no anchor
    CHECK_NOTHROW(guard_document(kName, "a: \"&x *y\"\nb: 'it''s &z'\nc: a&b*c # &comment\n"));
}

TEST_CASE("Documents are refused above 4 MiB and accepted up to it", "[hardening][guards]") {
    const std::size_t limit = 4u << 20;
    std::string at_limit = "table: cn-iit\n#";
    at_limit += std::string(limit - at_limit.size() - 1, 'x') + "\n";
    REQUIRE(at_limit.size() == limit);
    CHECK_NOTHROW(guard_document(kName, at_limit));
    const TableError e = refusal(at_limit + "\n");
    CHECK(e.line() == 1);
    CHECK_THAT(e.what(), Catch::Contains("larger than 4194304 bytes"));
}

TEST_CASE("A large flat document is refused promptly, not parsed for minutes", "[hardening][guards]") {
    std::string many = "table: cn-iit\n";
    for (int i = 0; many.size() < (1u << 20); ++i) many += "k" + std::to_string(i) + ": [1, 2, 3]\n";
    const auto start = std::chrono::steady_clock::now();
    const TableError e = refusal(many);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(e.key() == "year");  // the schema refuses it: required keys are missing
    CHECK(seconds < 60);       // generous: a sanitizer build on a busy machine
}

TEST_CASE("Numbers out of range are refused as text, never converted", "[hardening][guards]") {
    // amounts: beyond 10^15 yuan, more than 30 digits, more than 30 decimals (once undefined behaviour)
    CHECK_THROWS_AS(Money::parse("1000000000000000.01"), RangeError);
    CHECK_THROWS_AS(Money::parse("-1000000000000000.01"), RangeError);
    CHECK_THROWS_WITH(Money::parse(std::string(31, '9')), Catch::Contains("too many digits"));
    CHECK_THROWS_WITH(Money::parse("0." + std::string(44, '0') + "1", "wages"), Catch::StartsWith("wages = '0.000"));
    CHECK_THROWS_AS(Money::parse("0." + std::string(60, '0') + "1"), InputError);
    CHECK(Money::parse("0." + std::string(29, '0') + "5") == Money::fen(0));  // 30 decimals: fine
    CHECK(Money::parse("1." + std::string(27, '0') + "5") == Money::fen(100));
    CHECK(Money::parse("0.005") == Money::fen(1));  // half away from zero
    // rates: beyond 12 decimals, huge numerators
    CHECK_THROWS_AS(Rate::parse("0." + std::string(12, '0') + "1"), InputError);
    CHECK_THROWS_AS(Rate::parse("99999999999999999999"), InputError);
    for (const char* bad : {"", "-", "+", ".", "1.2.3", "1e3", "0x10", " 1", "1 ", "nan", "inf", "١٢"}) {
        INFO("'" << bad << "'");
        CHECK_THROWS_AS(Money::parse(bad), InputError);
        CHECK_THROWS_AS(Rate::parse(bad), InputError);
    }
}

TEST_CASE("Rate text never overflows: huge numerators and deep binary denominators", "[hardening][guards]") {
    // once undefined behaviour: num x 100 in 64 bits, and 10^places in 128 bits for den = 2^62
    CHECK(Rate::fraction(100'000'000'000'000'000LL, 1).percent() == "100000000000000000");
    CHECK(Rate::fraction(1, std::int64_t{1} << 62).str() == "1/4611686018427387904");
    CHECK(Rate::fraction(1, std::int64_t{1} << 30).str() == "0.000000000931322574615478515625");
    CHECK(Rate::fraction(3, 100).percent() == "3%");
    CHECK(Rate::fraction(1, 8).percent() == "12.5%");
}
