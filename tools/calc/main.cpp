// libtax-calc: computes one person's tax year from a scenario file and prints the one-page
// answer (summary.hpp); --explain adds every step with its legal basis after it; --json prints
// everything as JSON (schema "libtax-calc/1"); --tables DIR uses what-if tables instead of the
// built-in ones (a kind of table the scenario needs and DIR lacks is exit 2); --lang zh|en|both
// writes the report in Chinese, English or both (default: the LIBTAX_LANG environment variable, else en).
//
//   libtax-calc [--explain] [--json] [--lang zh|en|both] [--tables DIR] [--projection] [--statement FILE.html|FILE.pdf] SCENARIO.yaml
//
// Exit status: 0 computed; 2 bad input (scenario file, tables, options), with the file:line and
// field on stderr (and, with --json, as a JSON "error" object on stdout); 1 unexpected failure.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "calc_core.hpp"  // compute
#include "libtax/core/error_text.hpp"
#include "calculate.hpp"
#include "report.hpp"
#include "scenario.hpp"
#include "statement.hpp"
#include "yaml_reader.hpp"  // libtax/src/tables: quoted()

namespace {

const char* kUsage =
    "usage: libtax-calc [--explain] [--json] [--lang zh|en|both] [--tables DIR] [--projection] [--statement FILE] SCENARIO.yaml\n"
    "  Computes the scenario's tax year (residents, non-domiciled residents, non-residents month by month;\n"
    "  annual tax, bonus choice, prepayments, business income, monthly withholding, talent regimes) and\n"
    "  prints the one-page answer: income, tax before relief, each regime's relief and the tax after it,\n"
    "  the best legal choice (bonus treatment chosen after relief), net income, and a banner for every\n"
    "  what-if table, UNCONFIRMED reading, projection or NOT-LAW regime. The last line is the tax due.\n"
    "  --explain     after the one-page answer, every step with its legal basis (default: the page alone)\n"
    "  --json        print everything as JSON (schema \"libtax-calc/1\": summary, flags, every section)\n"
    "  --lang L      write the report in Chinese (zh), English (en) or both (each line in Chinese, then\n"
    "                in English); default: $LIBTAX_LANG, else en. JSON keeps every message id and argument\n"
    "  --tables DIR  use the tables in DIR (laid out like tables/: cn/<year>.yaml, regimes/<id>.yaml,\n"
    "                hk_macao/) instead of the built-in ones; a kind the scenario needs and DIR lacks is exit 2\n"
    "  --projection  a year beyond the Hong Kong / Macao tables carries the latest one forward, each figure it\n"
    "                touches marked PROJECTION, not law (without it such a year is exit 2 naming the missing table)\n"
    "  --statement FILE  also write the annual tax statement to FILE (.html, or .pdf through WeasyPrint), in --lang\n"
    "  --help        this text\n"
    "exit status: 0 computed, 2 bad input (file:line and field on stderr), 1 unexpected failure\n";

struct Failure {
    std::string file;
    int line = 0;
    std::string field;
    std::string message;      ///< what() of the error, in English
    std::string id;           ///< libtax-calc's own errors: the problem's message id (calc.error.*)
    libtax::TraceArgs args;   ///< and its arguments
    std::string message_zh;   ///< errors of the library and the table reader: the message in Chinese (core/error_text.hpp)

    /// The message in one catalogue's language: libtax-calc's own problems and the library's
    /// errors translated (field, value, file:line kept verbatim).
    std::string in(const libtax::Catalogue& c) const {
        if (id.empty()) return c.language() == "zh" && !message_zh.empty() ? message_zh : message;
        return file + ":" + std::to_string(line) + ": " + field + ": " + c.format(id, args);
    }
};

/// The catalogues of a language: one, or Chinese then English for "both".
std::vector<const libtax::Catalogue*> catalogues(const std::string& lang) {
    if (lang == "both") return {&libtax::Catalogue::builtin("zh"), &libtax::Catalogue::builtin("en")};
    return {&libtax::Catalogue::builtin(lang)};
}

/// A bad input: the message in the report's language on stderr (and as JSON on stdout).
int fail(bool json, const std::string& lang, const Failure& f) {
    for (const auto* c : catalogues(lang)) std::cerr << c->format("calc.report.error", {{"text", f.in(*c)}}) << "\n";
    if (json) {
        using libtax_calc::json_string;
        std::cout << "{\n  \"schema\": \"libtax-calc/1\",\n  \"language\": " << json_string(lang) << ",\n  \"error\": {\n"
                  << "    \"file\": " << json_string(f.file) << ",\n"
                  << "    \"line\": " << f.line << ",\n"
                  << "    \"field\": " << json_string(f.field) << ",\n"
                  << "    \"message\": " << json_string(f.in(*catalogues(lang).front())) << ",\n"
                  << "    \"id\": " << (f.id.empty() ? "null" : json_string(f.id)) << "\n  }\n}\n";
    }
    return 2;
}

/// A mistake on the command line: the message in `lang` and the usage, exit status 2.
int usage_error(const std::string& lang, const std::string& id, const libtax::TraceArgs& args = {}) {
    for (const auto* c : catalogues(lang)) std::cerr << c->format("calc.report.error", {{"text", c->format(id, args)}}) << "\n";
    std::cerr << kUsage;
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    bool json = false, explain = false, projection = false;
    std::string tables_dir, scenario_path, statement_path, lang = "en";
    // the language first, so that every message below is in it
    std::string lang_error;
    libtax::TraceArgs lang_error_args;
    if (const char* env = std::getenv("LIBTAX_LANG"); env && *env) {
        if (libtax_calc::is_report_language(env)) lang = env;
        else lang_error = "calc.error.env_lang", lang_error_args = {{"value", libtax::bounded_text(env)}};
    }
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) != "--lang") continue;
        if (i + 1 < argc && libtax_calc::is_report_language(argv[i + 1])) {
            lang = argv[i + 1];
            lang_error.clear();
        } else {
            lang_error = "calc.error.lang", lang_error_args = {{"value", i + 1 < argc ? libtax::bounded_text(argv[i + 1]) : std::string()}};
            break;
        }
    }
    if (!lang_error.empty()) return usage_error(lang, lang_error, lang_error_args);
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--json") {
            json = true;
        } else if (a == "--explain") {
            explain = true;
        } else if (a == "--projection") {
            projection = true;
        } else if (a == "--lang") {
            ++i;  // read above
        } else if (a == "--tables") {
            if (i + 1 >= argc) return usage_error(lang, "calc.error.tables_dir");
            tables_dir = argv[++i];
        } else if (a == "--statement") {
            if (i + 1 >= argc) return usage_error(lang, "calc.error.statement_file");
            statement_path = argv[++i];
        } else if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (!a.empty() && a[0] == '-') {
            return usage_error(lang, "calc.error.unknown_option", {{"option", libtax::bounded_text(a)}});
        } else if (scenario_path.empty()) {
            scenario_path = a;
        } else {
            return usage_error(lang, "calc.error.one_scenario", {{"first", scenario_path}, {"second", a}});
        }
    }
    if (scenario_path.empty()) return usage_error(lang, "calc.error.no_scenario");
    try {
        std::shared_ptr<const libtax::Tables> tables =
            tables_dir.empty() ? libtax::Tables::builtin_shared() : libtax::Tables::load(tables_dir);
        libtax_calc::Scenario scenario = libtax_calc::load_scenario(scenario_path);
        scenario.projection = projection;
        const libtax_calc::Report report = libtax_calc::compute(*tables, scenario);
        if (!statement_path.empty())
            libtax_calc::write_statement(libtax_calc::statement_html(report, scenario, *tables, lang), statement_path);
        std::cout << (json ? libtax_calc::render_json(report, lang) : libtax_calc::render_text(report, lang, explain));
        return 0;
    } catch (const libtax_calc::ScenarioError& e) {  // worded by id in each catalogue: no message_zh
        return fail(json, lang, {e.file(), e.line(), e.key(), e.what(), e.id(), e.args(), {}});
    } catch (const libtax::TableError& e) {
        return fail(json, lang, {e.file(), e.line(), e.key(), e.what(), {}, {}, libtax::error_text(e, "zh")});
    } catch (const libtax::InputError& e) {
        return fail(json, lang, {scenario_path, 0, e.field(), e.what(), {}, {}, libtax::error_text(e, "zh")});
    } catch (const libtax::Error& e) {
        return fail(json, lang, {scenario_path, 0, "", e.what(), {}, {}, libtax::error_text(e, "zh")});
    } catch (const std::bad_alloc&) {
        std::cerr << libtax_calc::message(lang, "calc.error.out_of_memory") << "\n";
        return 1;
    } catch (const std::exception& e) {  // an internal fault: every bad input is a libtax::Error
        std::cerr << libtax_calc::message(lang, "calc.error.unexpected", {{"text", libtax::bounded_text(e.what())}}) << "\n";
        return 1;
    }
}
