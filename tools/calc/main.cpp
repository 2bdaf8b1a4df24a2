// libtax-calc: computes one person's tax year from a scenario file and prints every step with
// its legal basis; --json prints the same as JSON (schema "libtax-calc/1"); --tables DIR uses
// what-if tables instead of the built-in ones.
//
//   libtax-calc [--json] [--tables DIR] [--statement FILE.html|FILE.pdf] SCENARIO.yaml
//
// Exit status: 0 computed; 2 bad input (scenario file, tables, options), with the file:line and
// field on stderr (and, with --json, as a JSON "error" object on stdout); 1 unexpected failure.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "calc_core.hpp"  // check_regime_ids
#include "statement.hpp"
#include "calculate.hpp"
#include "report.hpp"
#include "scenario.hpp"

namespace {

const char* kUsage =
    "usage: libtax-calc [--json] [--tables DIR] [--statement FILE] SCENARIO.yaml\n"
    "  Computes the scenario's tax year (annual tax, bonus choice, prepayments, business income,\n"
    "  monthly withholding, talent regimes) and explains every step with its legal basis.\n"
    "  --json        print the result as JSON (schema \"libtax-calc/1\", see the README)\n"
    "  --tables DIR  use the tables in DIR (laid out like tables/: cn/<year>.yaml) instead of the built-in ones\n"
    "  --statement FILE  also write the annual tax statement to FILE (.html, or .pdf through WeasyPrint)\n"
    "  --help        this text\n"
    "exit status: 0 computed, 2 bad input (file:line and field on stderr), 1 unexpected failure\n";

struct Failure {
    std::string file;
    int line = 0;
    std::string field;
    std::string message;
};

int fail(bool json, const Failure& f) {
    std::cerr << "libtax-calc: error: " << f.message << "\n";
    if (json) {
        using libtax_calc::json_string;
        std::cout << "{\n  \"schema\": \"libtax-calc/1\",\n  \"error\": {\n"
                  << "    \"file\": " << json_string(f.file) << ",\n"
                  << "    \"line\": " << f.line << ",\n"
                  << "    \"field\": " << json_string(f.field) << ",\n"
                  << "    \"message\": " << json_string(f.message) << "\n  }\n}\n";
    }
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    bool json = false;
    std::string tables_dir, scenario_path, statement_path, statement_lang = "en";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--json") {
            json = true;
        } else if (a == "--tables") {
            if (i + 1 >= argc) {
                std::cerr << "libtax-calc: --tables needs a directory\n" << kUsage;
                return 2;
            }
            tables_dir = argv[++i];
        } else if (a == "--statement") {
            if (i + 1 >= argc) {
                std::cerr << "libtax-calc: --statement needs a file name (.html or .pdf)\n" << kUsage;
                return 2;
            }
            statement_path = argv[++i];
        } else if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (!a.empty() && a[0] == '-') {
            std::cerr << "libtax-calc: unknown option " << a << "\n" << kUsage;
            return 2;
        } else if (scenario_path.empty()) {
            scenario_path = a;
        } else {
            std::cerr << "libtax-calc: one scenario file at a time (got " << scenario_path << " and " << a << ")\n" << kUsage;
            return 2;
        }
    }
    if (scenario_path.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    try {
        std::shared_ptr<const libtax::Tables> tables =
            tables_dir.empty() ? libtax::Tables::builtin_shared() : libtax::Tables::load(tables_dir);
        const libtax_calc::Scenario scenario = libtax_calc::load_scenario(scenario_path);
        check_regime_ids(*tables, scenario);
        const libtax_calc::Report report = libtax_calc::calculate(*tables, scenario);
        if (!statement_path.empty())
            libtax_calc::write_statement(libtax_calc::statement_html(report, scenario, *tables, statement_lang), statement_path);
        std::cout << (json ? libtax_calc::render_json(report) : libtax_calc::render_text(report));
        return 0;
    } catch (const libtax::TableError& e) {
        return fail(json, {e.file(), e.line(), e.key(), e.what()});
    } catch (const libtax::InputError& e) {
        return fail(json, {scenario_path, 0, e.field(), e.what()});
    } catch (const libtax::Error& e) {
        return fail(json, {scenario_path, 0, "", e.what()});
    } catch (const std::bad_alloc&) {
        std::cerr << "libtax-calc: out of memory\n";
        return 1;
    } catch (const std::exception& e) {  // an internal fault: every bad input is a libtax::Error
        std::cerr << "libtax-calc: unexpected failure: " << libtax::bounded_text(e.what()) << "\n";
        return 1;
    }
}
