// libtax-calc: computes one person's tax year from a scenario file and prints every step with
// its legal basis; --json prints the same as JSON (schema "libtax-calc/1"); --tables DIR uses
// what-if tables instead of the built-in ones.
//
//   libtax-calc [--json] [--lang zh|en|both] [--tables DIR] SCENARIO.yaml
//
// Exit status: 0 computed; 2 bad input (scenario file, tables, options), with the file:line and
// field on stderr (and, with --json, as a JSON "error" object on stdout); 1 unexpected failure.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "calculate.hpp"
#include "report.hpp"
#include "scenario.hpp"

namespace {

const char* kUsage =
    "usage: libtax-calc [--json] [--lang zh|en|both] [--tables DIR] SCENARIO.yaml\n"
    "  Computes the scenario's tax year (annual tax, bonus choice, prepayments, business income,\n"
    "  monthly withholding, talent regimes) and explains every step with its legal basis.\n"
    "  --json        print the result as JSON (schema \"libtax-calc/1\", see the README)\n"
    "  --lang L      write the report in Chinese (zh), English (en, the default) or both (each line in\n"
    "                Chinese, then English); JSON keeps every message id and argument\n"
    "  --tables DIR  use the tables in DIR (laid out like tables/: cn/<year>.yaml) instead of the built-in ones\n"
    "  --help        this text\n"
    "exit status: 0 computed, 2 bad input (file:line and field on stderr), 1 unexpected failure\n";

struct Failure {
    std::string file;
    int line = 0;
    std::string field;
    std::string message;
};

int fail(bool json, const std::string& lang, const Failure& f) {
    const auto& c = libtax::Catalogue::builtin(lang == "both" ? "zh" : lang);
    std::cerr << c.format("calc.report.error", {{"text", f.message}}) << "\n";
    if (lang == "both") std::cerr << libtax::Catalogue::builtin("en").format("calc.report.error", {{"text", f.message}}) << "\n";
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
    std::string tables_dir, scenario_path, lang = libtax::default_language();
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--json") {
            json = true;
        } else if (a == "--lang") {
            if (i + 1 >= argc || !(std::string(argv[i + 1]) == "zh" || std::string(argv[i + 1]) == "en" || std::string(argv[i + 1]) == "both")) {
                std::cerr << "libtax-calc: --lang needs zh, en or both\n" << kUsage;
                return 2;
            }
            lang = argv[++i];
        } else if (a == "--tables") {
            if (i + 1 >= argc) {
                std::cerr << "libtax-calc: --tables needs a directory\n" << kUsage;
                return 2;
            }
            tables_dir = argv[++i];
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
        const libtax_calc::Report report = libtax_calc::calculate(*tables, scenario);
        std::cout << (json ? libtax_calc::render_json(report, lang) : libtax_calc::render_text(report, lang));
        return 0;
    } catch (const libtax::TableError& e) {
        return fail(json, lang, {e.file(), e.line(), e.key(), e.what()});
    } catch (const libtax::InputError& e) {
        return fail(json, lang, {scenario_path, 0, e.field(), e.what()});
    } catch (const libtax::Error& e) {
        return fail(json, lang, {scenario_path, 0, "", e.what()});
    } catch (const std::exception& e) {
        std::cerr << "libtax-calc: unexpected failure: " << e.what() << "\n";
        return 1;
    }
}
