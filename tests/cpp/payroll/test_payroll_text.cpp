// The text layer of libtax-payroll (tools/payroll/input_text.hpp): its GB18030 decoding gives
// ICU's text for every two-byte sequence, four-byte sequences and refused bytes; its buffers
// and number formatting.
#include <vector>
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "input_text.hpp"
#include "layout.hpp"
#include "state_file.hpp"

#include <cstdio>
#include <fstream>

#include "libtax/libtax.hpp"

using namespace payroll;

namespace {

Text text_of(std::string_view s) {
    Text t(s.size() + 1);
    t.append(s);
    return t;
}

std::string fast(std::string_view raw) {
    const char* detected = "";
    return std::string(to_utf8(text_of(raw), Encoding::gb18030, &detected).view());
}

std::string problem_of(std::string_view raw, bool use_fast) {
    try {
        if (use_fast) fast(raw);
        else gb18030_to_utf8_icu(raw);
    } catch (const InputProblem& p) {
        return std::to_string(p.line) + ": " + p.problem;
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("GB18030: worked characters, two- and four-byte", "[payroll_text]") {
    // 本期收入 (GB2312 range), 㐀 U+3400 (four bytes 81 39 EE 39), 𠀀 U+20000 (95 32 82 36), € U+20AC (A2 E3)
    CHECK(fast("\xB1\xBE\xC6\xDA\xCA\xD5\xC8\xEB,35000.00\r\n") == "\xE6\x9C\xAC\xE6\x9C\x9F\xE6\x94\xB6\xE5\x85\xA5,35000.00\r\n");
    CHECK(fast("a\x81\x39\xEE\x39z") == "a\xE3\x90\x80z");
    CHECK(fast("\x81\x39\xEF\x30") == "\xE3\x90\x81");  // U+3401, the next four-byte code
    CHECK(fast("\x95\x32\x82\x36") == "\xF0\xA0\x80\x80");
    CHECK(fast("\xA2\xE3") == "\xE2\x82\xAC");
    CHECK(fast("") == "");
}

TEST_CASE("GB18030: every two-byte sequence decodes as ICU decodes it", "[payroll_text]") {
    std::string all;
    for (int lead = 0x81; lead <= 0xFE; ++lead) {
        for (int trail = 0x40; trail <= 0xFE; ++trail) {
            if (trail == 0x7F) continue;
            all += static_cast<char>(lead);
            all += static_cast<char>(trail);
            if (trail % 7 == 0) all += "ab,12345678.90\r\n";  // ASCII runs of several lengths between them
        }
    }
    const std::string icu = gb18030_to_utf8_icu(all);
    CHECK(icu.size() > all.size());
    CHECK(fast(all) == icu);
}

TEST_CASE("GB18030: random text, valid and not, as ICU decodes or refuses it", "[payroll_text]") {
    std::mt19937 rnd(20240301);
    for (int round = 0; round < 400; ++round) {
        std::string s;
        const int pieces = static_cast<int>(rnd() % 40);
        for (int i = 0; i < pieces; ++i) {
            switch (rnd() % 6) {
                case 0: s += std::string(rnd() % 20, static_cast<char>('0' + rnd() % 10)); break;
                case 1: s += ",\r\n"[rnd() % 3]; break;
                case 2:
                case 3:  // a two-byte sequence
                    s += static_cast<char>(0x81 + rnd() % 126);
                    s += static_cast<char>(0x40 + rnd() % 191);
                    break;
                case 4:  // a four-byte sequence (most valid, some beyond the assigned range)
                    s += static_cast<char>(0x81 + rnd() % 126);
                    s += static_cast<char>(0x30 + rnd() % 10);
                    s += static_cast<char>(0x81 + rnd() % 126);
                    s += static_cast<char>(0x30 + rnd() % 10);
                    break;
                default:  // any byte: a stray trail, 0x80, 0xFF, a truncated sequence
                    s += static_cast<char>(rnd() % 256);
            }
        }
        const std::string expected = problem_of(s, false);
        INFO("round " << round);
        if (expected == "(accepted)") CHECK(fast(s) == gb18030_to_utf8_icu(s));
        else CHECK(problem_of(s, true) == expected);
    }
}

TEST_CASE("GB18030: refused bytes are named as ICU names them", "[payroll_text]") {
    for (std::string_view bad : {std::string_view("ok\r\n\x80"), std::string_view("a,b\n\xFF\n"), std::string_view("x\n\n\xB1")}) {
        const std::string p = problem_of(bad, true);
        CHECK(p == problem_of(bad, false));
        CHECK(p.find("is neither UTF-8 nor GB18030 text") != std::string::npos);
    }
    CHECK(problem_of("x\n\n\xB1", true).rfind("3: ", 0) == 0);  // on the third line
}

TEST_CASE("Text: grows past its capacity and past 2 MiB, keeps its bytes", "[payroll_text]") {
    Text t(4);
    std::string expected;
    for (int i = 0; i < 400000; ++i) {
        const std::string piece = std::to_string(i) + ",";
        t.append(piece);
        expected += piece;
    }
    CHECK(t.size() == expected.size());
    CHECK(t.size() > (std::size_t(2) << 20));
    CHECK(t.view() == expected);
    t.erase_front(2);
    CHECK(t.view() == std::string_view(expected).substr(2));
    Text moved = std::move(t);
    CHECK(moved.view() == std::string_view(expected).substr(2));
    CHECK(t.empty());
}

TEST_CASE("append_yuan and append_int: fen as yuan, whole numbers", "[payroll_text]") {
    Text t;
    for (std::int64_t fen : {0LL, 5LL, 50LL, 123456LL, -7LL, -123456LL, 100000000000000000LL}) {
        append_yuan(t, fen);
        t += ' ';
    }
    CHECK(t.view() == "0.00 0.05 0.50 1234.56 -0.07 -1234.56 1000000000000000.00 ");
    Text n;
    for (std::int64_t v : {0LL, 7LL, -7LL, 2024LL, 9223372036854775807LL, -9223372036854775807LL - 1}) {
        append_int(n, v);
        n += ' ';
    }
    CHECK(n.view() == "0 7 -7 2024 9223372036854775807 -9223372036854775808 ");
    // every power of ten and its neighbours: the digits are counted before they are written
    std::vector<std::int64_t> powers{1};  // 10^0 .. 10^18 (10^19 does not fit in int64)
    while (powers.back() < 1000000000000000000LL) powers.push_back(powers.back() * 10);
    for (const std::int64_t p : powers)
        for (std::int64_t v : {p - 1, p, p + 1, -p, -(p - 1)}) {
            Text one;
            append_int(one, v);
            CHECK(one.view() == std::to_string(v));
            Text yuan;
            append_yuan(yuan, v);
            const std::uint64_t a = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
            const std::string frac = std::to_string(a % 100);
            CHECK(yuan.view() == (v < 0 ? "-" : "") + std::to_string(a / 100) + "." + (frac.size() < 2 ? "0" : "") + frac);
        }
}

namespace {

/// A random cell of amount-like bytes: digits, points, commas, a minus, spaces, a letter.
std::string random_cell(std::mt19937& rnd) {
    static const char bytes[] = "0123456789012345678901234567890123456789..,,- x";
    std::string c;
    for (int n = static_cast<int>(rnd() % 20); n > 0; --n) c += bytes[rnd() % (sizeof bytes - 1)];
    return c;
}

/// The cell's amount in fen, or its problem's line.
std::string amount_or_problem(std::string_view cell, bool fast) {
    try {
        return std::to_string(fast ? amount_fen_fast(cell, 3, "wage") : amount_fen(cell, 3, "wage"));
    } catch (const InputProblem& p) {
        return std::to_string(p.line) + ": " + p.column + ": " + p.problem;
    }
}

/// A row read as the run reads it (one pass, else split and read) or only the long way: the
/// row's figures, or the problem.
std::string row_or_problem(const Layout& layout, const std::string& line, bool one_pass) {
    PayRow r;
    try {
        bool plain = false;
        if (one_pass) {
            try {
                plain = layout.read_plain(line, false, 7, 2024, 3, r);
            } catch (const InputProblem&) {
            }
        }
        if (!plain) {
            std::vector<std::string_view> cells;
            std::string scratch;
            split_cells(line, 7, cells, scratch);
            layout.read(cells, 7, 2024, 3, r);
        }
    } catch (const InputProblem& p) {
        return std::to_string(p.line) + ": " + p.column + ": " + p.problem;
    }
    return std::string(r.id) + " " + std::to_string(r.year) + "-" + std::to_string(r.month) + " " + std::to_string(r.wage) + " " +
           std::to_string(r.exempt) + " " + std::to_string(r.social) + " " + std::to_string(r.other) + " " +
           std::to_string(r.bonus) + (r.bonus_merged ? " merged " : " separate ") + std::to_string(r.first_wages);
}

}  // namespace

TEST_CASE("The inline amount reader and the one-pass row reader agree with the long way", "[payroll_text]") {
    // worked cells first: the fast path takes these, the long way names the problems
    CHECK(amount_or_problem("35000.5", true) == "3500050");
    CHECK(amount_or_problem("35,000.05", true) == "3500005");
    CHECK(amount_or_problem("12.", true) == "3: wage: '12.' needs one or two decimals after the point (amounts are whole fen)");
    CHECK(amount_or_problem("-1", true) == "3: wage: '-1' is negative; amounts must not be negative");
    // a run of digits far longer than an amount: refused the long way, read without overflow
    CHECK(amount_or_problem(std::string(40, '9'), true) == amount_or_problem(std::string(40, '9'), false));
    CHECK(amount_or_problem(std::string(40, '9') + ".5", true) == amount_or_problem(std::string(40, '9') + ".5", false));
    std::mt19937 rnd(2024);
    for (int i = 0; i < 20000; ++i) {
        const std::string cell = random_cell(rnd);
        INFO("cell '" << cell << "'");
        CHECK(amount_or_problem(cell, true) == amount_or_problem(cell, false));
    }
    std::vector<std::string> unknown;
    const std::vector<std::string_view> header{"employee", "year", "month", "wage", "exempt_income", "social_insurance",
                                               "other_deductions", "bonus", "bonus_method", "first_wages_this_year", "note"};
    const Layout layout = Layout::from_header(header, unknown);
    CHECK(unknown == std::vector<std::string>{"note"});
    CHECK(row_or_problem(layout, "E1,2024,2,30000,0,4500.5,,1000,merged,1,x", true) == "E1 2024-2 3000000 0 450050 0 100000 merged 1");
    const char* const pieces[] = {"E1", " E2 ", "\"E,3\"", "", "2024", "2025", "13", "3", "30000", "1,000", "\"1,000\"", "12.3",
                                  "-5", "x", "merged", "separate", "1", "0", "2", " ", "\"", "a\"b", "\xE3\x80\x80" "7"};
    for (int i = 0; i < 20000; ++i) {
        std::string line;
        const int cells = 9 + static_cast<int>(rnd() % 4);  // 11 is the header's count
        for (int c = 0; c < cells; ++c) line += (c ? "," : "") + std::string(pieces[rnd() % (sizeof pieces / sizeof *pieces)]);
        INFO("line '" << line << "'");
        CHECK(row_or_problem(layout, line, true) == row_or_problem(layout, line, false));
    }
}

TEST_CASE("A state file's cell of many digits is refused the long way, read without overflow", "[payroll_text]") {
    // the one-pass reader reads at most one digit past the longest cell; the long way names it
    const std::string header =
        "libtax-payroll state,1\nyear,2024\nperiod,2\n"
        "employee,first_month,first_wages_this_year,prior_year_low_income,last_month,bonus_taxed_separately,wages,exempt_income,"
        "social_insurance,special_additional,other_deductions,tax_reductions,withheld,bonus_withheld,bonus_separate,private_pension\n";
    const std::string path = "test_payroll_text_state.csv";
    for (const std::string& wages : {std::string(30, '9'), std::string(19, '9'), std::string("9999999999999999999999999")}) {
        {
            std::ofstream out(path, std::ios::binary);
            out << header << "E1,1,0,0,2,0," << wages << ",0,0,0,0,0,0,0,0,0\nend,1\n";
        }
        INFO("wages cell of " << wages.size() << " digits");
        std::string column;
        try {
            (void)read_state(path, libtax::Tables::builtin());
        } catch (const InputProblem& p) {
            column = p.column;
            CHECK(p.line == 5);
            CHECK(p.id == "payroll.problem.fen");
        }
        CHECK(column == "wages");
    }
    {
        std::ofstream out(path, std::ios::binary);
        out << header << "E1,1,0,0,2,0,3000000,0,0,0,0,0,0,0,0,0\nend,1\n";
    }
    CHECK(read_state(path, libtax::Tables::builtin()).employees.size() == 1);  // the same file, a plain cell: read
    std::remove(path.c_str());
}
