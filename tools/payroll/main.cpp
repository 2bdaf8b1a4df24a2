// libtax-payroll - one payroll period of monthly withholding on wages (cumulative method, STA
// Announcement 2018 No. 61 art. 6), carried forward from the previous period's state.
//
//   libtax-payroll INPUT.csv RESULTS.csv [--state PREVIOUS.state] [--state-out NEW.state]
//                  [--period YYYY-MM] [--first-run] [--strict] [--encoding auto|utf-8|gb18030]
//                  [--tables DIR]
//
// INPUT is the withholding client's import template for 正常工资薪金所得 (Chinese headers, one
// file per period, --period required) or the English layout of examples/payroll/payroll_csv;
// UTF-8 with or without a BOM, or GB18030; see layout.hpp for the columns. Exit status: 0 done,
// 2 bad input (FILE:LINE: column NAME: problem on stderr), 1 a fault (a read or write error).
#include <cstring>
#include <iostream>
#include <string>

#include "period_run.hpp"

namespace {

const char* const usage =
    "usage: libtax-payroll INPUT.csv RESULTS.csv [--state PREVIOUS.state] [--state-out NEW.state]\n"
    "                      [--period YYYY-MM] [--first-run] [--strict] [--encoding auto|utf-8|gb18030] [--tables DIR]\n";

bool parse_period(const std::string& s, payroll::Options& o) {
    if (s.size() != 7 || s[4] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (s[i] < '0' || s[i] > '9') return false;
    o.period_year = std::stoi(s.substr(0, 4));
    o.period_month = std::stoi(s.substr(5, 2));
    return o.period_month >= 1 && o.period_month <= 12;
}

}  // namespace

int main(int argc, char** argv) {
    payroll::Options o;
    int positional = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--help" || a == "-h") {
            std::cout << usage;
            return 0;
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
                std::cerr << "libtax-payroll: --period " << argv[i] << ": expected YYYY-MM, e.g. 2024-03\n";
                return 2;
            }
        } else if (a == "--encoding" && has_value) {
            const std::string e = argv[++i];
            if (e == "auto") o.encoding = payroll::Encoding::automatic;
            else if (e == "utf-8" || e == "utf8") o.encoding = payroll::Encoding::utf8;
            else if (e == "gb18030" || e == "gbk") o.encoding = payroll::Encoding::gb18030;
            else {
                std::cerr << "libtax-payroll: --encoding " << e << ": expected auto, utf-8 or gb18030\n";
                return 2;
            }
        } else if (!a.empty() && a[0] == '-') {
            std::cerr << "libtax-payroll: unknown option " << a << "\n" << usage;
            return 2;
        } else if (positional == 0) {
            o.input = a, ++positional;
        } else if (positional == 1) {
            o.output = a, ++positional;
        } else {
            std::cerr << usage;
            return 2;
        }
    }
    if (positional != 2) {
        std::cerr << usage;
        return 2;
    }
    return payroll::run_period(o, std::cerr);
}
