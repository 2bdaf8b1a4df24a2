// libtax-payroll - one payroll period of monthly withholding on wages (cumulative method, STA
// Announcement 2018 No. 61 art. 6), carried forward from the previous period's state.
//
//   libtax-payroll INPUT.csv RESULTS.csv [--state PREVIOUS.state] [--state-out NEW.state]
//                  [--period YYYY-MM] [--first-run] [--strict] [--encoding auto|utf-8|gb18030]
//                  [--tables DIR] [--lang zh|en|both]
//
// INPUT is the withholding client's import template for 正常工资薪金所得 (Chinese headers, one
// file per period, --period required) or the English layout of examples/payroll/payroll_csv;
// UTF-8 with or without a BOM, or GB18030; see layout.hpp for the columns. Exit status: 0 done,
// 2 bad input (FILE:LINE: column NAME: problem on stderr), 1 a fault (a read or write error).
// --lang prints every message in Chinese, English or both (default: the LIBTAX_LANG environment
// variable, else en; messages.hpp).
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <libtax/core/error.hpp>

#include "messages.hpp"
#include "period_run.hpp"

namespace {

const char* const usage =
    "usage: libtax-payroll INPUT.csv RESULTS.csv [--state PREVIOUS.state] [--state-out NEW.state]\n"
    "                      [--period YYYY-MM] [--first-run] [--strict] [--encoding auto|utf-8|gb18030] [--tables DIR]\n"
    "                      [--lang zh|en|both]\n";

bool parse_period(const std::string& s, payroll::Options& o) {
    if (s.size() != 7 || s[4] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (s[i] < '0' || s[i] > '9') return false;
    o.period_year = std::stoi(s.substr(0, 4));
    o.period_month = std::stoi(s.substr(5, 2));
    return o.period_month >= 1 && o.period_month <= 12;
}

/// A mistake on the command line: the message in `lang`, then the usage; exit status 2.
int usage_error(const std::string& lang, const char* id, const libtax::TraceArgs& args = {}) {
    payroll::print(std::cerr, lang, id, args);
    std::cerr << usage;
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    payroll::Options o;
    // the language first, so that every message below is in it
    const char* lang_error = nullptr;
    libtax::TraceArgs lang_error_args;
    if (const char* env = std::getenv("LIBTAX_LANG"); env && *env) {
        if (payroll::is_language(env)) o.language = env;
        else lang_error = "payroll.error.env_lang", lang_error_args = {{"value", libtax::bounded_text(env)}};
    }
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--lang") != 0) continue;
        if (i + 1 < argc && payroll::is_language(argv[i + 1])) {
            o.language = argv[i + 1];
            lang_error = nullptr;
        } else {
            lang_error = "payroll.error.lang", lang_error_args = {{"value", i + 1 < argc ? libtax::bounded_text(argv[i + 1]) : std::string()}};
            break;
        }
    }
    if (lang_error) return usage_error(o.language, lang_error, lang_error_args);
    int positional = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--help" || a == "-h") {
            std::cout << usage;
            return 0;
        } else if (a == "--lang" && has_value) {
            ++i;  // read above
        } else if (a == "--strict") {
            o.strict = true;
        } else if (a == "--first-run") {
            o.first_run = true;
        } else if (a == "--state" && has_value) {
            o.state_in = argv[++i];
        } else if (a == "--state-out" && has_value) {
            o.state_out = argv[++i];
        } else if (a == "--tables" && has_value) {
            o.tables = argv[++i];
        } else if (a == "--period" && has_value) {
            if (!parse_period(argv[++i], o)) {
                payroll::print(std::cerr, o.language, "payroll.error.period_option", {{"value", libtax::bounded_text(argv[i])}});
                return 2;
            }
        } else if (a == "--encoding" && has_value) {
            const std::string e = argv[++i];
            if (e == "auto") o.encoding = payroll::Encoding::automatic;
            else if (e == "utf-8" || e == "utf8") o.encoding = payroll::Encoding::utf8;
            else if (e == "gb18030" || e == "gbk") o.encoding = payroll::Encoding::gb18030;
            else {
                payroll::print(std::cerr, o.language, "payroll.error.encoding_option", {{"value", libtax::bounded_text(e)}});
                return 2;
            }
        } else if (!a.empty() && a[0] == '-') {
            return usage_error(o.language, "payroll.error.unknown_option", {{"option", libtax::bounded_text(a)}});
        } else if (positional == 0) {
            o.input = a, ++positional;
        } else if (positional == 1) {
            o.output = a, ++positional;
        } else {
            return usage_error(o.language, "payroll.error.extra_file", {{"file", libtax::bounded_text(a)}});
        }
    }
    if (positional != 2) return usage_error(o.language, "payroll.error.files", {{"count", std::to_string(positional)}});
    return payroll::run_period(o, std::cerr);
}
