// libtax-calc: computes one person's tax year from a scenario file and prints the one-page
// answer (summary.hpp); --explain adds every step with its legal basis after it; --json prints
// everything as JSON (schema "libtax-calc/1"); --tables DIR uses what-if tables instead of the
// built-in ones (a kind of table the scenario needs and DIR lacks is exit 2); --lang zh|en|both
// writes the report in Chinese, English or both (default: the LIBTAX_LANG environment variable, else en).
//
//   libtax-calc [--explain] [--json] [--lang zh|en|both] [--tables DIR] SCENARIO.yaml
//
// Exit status: 0 computed; 2 bad input (scenario file, tables, options), with the file:line and
// field on stderr (and, with --json, as a JSON "error" object on stdout); 1 unexpected failure.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "calculate.hpp"
#include "report.hpp"
#include "scenario.hpp"
#include "yaml_reader.hpp"  // libtax/src/tables: quoted()

namespace {

const char* kUsage =
    "usage: libtax-calc [--explain] [--json] [--lang zh|en|both] [--tables DIR] SCENARIO.yaml\n"
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
    "  --help        this text\n"
    "exit status: 0 computed, 2 bad input (file:line and field on stderr), 1 unexpected failure\n";

struct Failure {
    std::string file;
    int line = 0;
    std::string field;
    std::string message;
};

/// A bad input: the message in the report's language on stderr (and as JSON on stdout).
int fail(bool json, const std::string& lang, const Failure& f) {
    std::cerr << libtax_calc::message(lang, "calc.report.error", {{"text", f.message}}) << "\n";
    if (json) {
        using libtax_calc::json_string;
        std::cout << "{\n  \"schema\": \"libtax-calc/1\",\n  \"language\": " << json_string(lang) << ",\n  \"error\": {\n"
                  << "    \"file\": " << json_string(f.file) << ",\n"
                  << "    \"line\": " << f.line << ",\n"
                  << "    \"field\": " << json_string(f.field) << ",\n"
                  << "    \"message\": " << json_string(f.message) << "\n  }\n}\n";
    }
    return 2;
}

/// A mistake on the command line: the message in `lang` and the usage, exit status 2.
int usage_error(const std::string& lang, const std::string& id, const libtax::TraceArgs& args = {}) {
    if (lang == "both") {
        for (const char* l : {"zh", "en"}) {
            const auto& c = libtax::Catalogue::builtin(l);
            std::cerr << c.format("calc.report.error", {{"text", c.format(id, args)}}) << "\n";
        }
    } else {
        const auto& c = libtax::Catalogue::builtin(lang);
        std::cerr << c.format("calc.report.error", {{"text", c.format(id, args)}}) << "\n";
    }
    std::cerr << kUsage;
    return 2;
}

/// A regime id the tables do not have is bad input (exit 2), not a note in a computed report.
void check_regime_ids(const libtax::Tables& tables, const libtax_calc::Scenario& s) {
    const std::vector<std::string> known = tables.regimes();
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    for (std::size_t i = 0; i < s.regimes.size(); ++i)
        if (std::find(known.begin(), known.end(), s.regimes[i]) == known.end())
            throw libtax::TableError(s.file, i < s.regime_lines.size() ? s.regime_lines[i] : 0, "zone.regimes[" + std::to_string(i) + "]",
                                     libtax::detail::quoted(s.regimes[i]) + " is not a talent regime of these tables (they have: " + list + ")");
}

/// What-if tables must hold every kind of table the scenario needs: a folder without the regime
/// tables, or without the Hong Kong / Macao tables a listed regime compares with, is bad input
/// (exit 2, naming what is missing), never a relief of zero.
void check_table_kinds(const libtax::Tables& tables, const std::string& dir, const libtax_calc::Scenario& s) {
    if (dir.empty()) return;
    using libtax::TableError;
    std::string asked;
    for (const auto& id : s.regimes) asked += (asked.empty() ? "" : ", ") + id;
    if (!s.regimes.empty() && tables.regimes().empty())
        throw TableError(dir, 0, "regimes/",
                         "these tables have no talent-regime tables (regimes/<id>.yaml) and the scenario asks for " + asked + " (zone.regimes)");
    const libtax::Tables& law = libtax::Tables::builtin();
    const auto known = tables.regimes();
    for (const auto& id : s.regimes) {
        if (std::find(known.begin(), known.end(), id) == known.end()) continue;  // check_regime_ids names it
        const libtax::RegimeVersion* v = tables.regime(id).version_for(s.year);
        if (!v) continue;
        auto need = [&](const char* what, const char* file, auto&& have) {
            bool ours = true, built_in = true;
            try { have(tables); } catch (const libtax::Error&) { ours = false; }
            try { have(law); } catch (const libtax::Error&) { built_in = false; }
            if (!ours && built_in)
                throw TableError(dir, 0, file, std::string("these tables have no ") + what + " for " + std::to_string(s.year) +
                                                   ", which regime " + id + " (zone.regimes) compares with; the built-in tables have it");
        };
        if (v->formula == libtax::Formula::above_hong_kong)
            need("Hong Kong salaries-tax table", "hk_macao/hong-kong-salaries-tax.yaml", [&](const libtax::Tables& t) { t.hong_kong(s.year); });
        if (v->formula == libtax::Formula::above_macao)
            need("Macao professional-tax table", "hk_macao/macao-professional-tax.yaml", [&](const libtax::Tables& t) { t.macao(s.year); });
    }
}

}  // namespace

int main(int argc, char** argv) {
    bool json = false, explain = false;
    std::string tables_dir, scenario_path, lang = "en";
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
        } else if (a == "--lang") {
            ++i;  // read above
        } else if (a == "--tables") {
            if (i + 1 >= argc) return usage_error(lang, "calc.error.tables_dir");
            tables_dir = argv[++i];
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
        const libtax_calc::Scenario scenario = libtax_calc::load_scenario(scenario_path);
        check_table_kinds(*tables, tables_dir, scenario);
        check_regime_ids(*tables, scenario);
        const libtax_calc::Report report = libtax_calc::calculate(*tables, scenario);
        std::cout << (json ? libtax_calc::render_json(report, lang) : libtax_calc::render_text(report, lang, explain));
        return 0;
    } catch (const libtax::TableError& e) {
        return fail(json, lang, {e.file(), e.line(), e.key(), e.what()});
    } catch (const libtax::InputError& e) {
        return fail(json, lang, {scenario_path, 0, e.field(), e.what()});
    } catch (const libtax::Error& e) {
        return fail(json, lang, {scenario_path, 0, "", e.what()});
    } catch (const std::bad_alloc&) {
        std::cerr << libtax_calc::message(lang, "calc.error.out_of_memory") << "\n";
        return 1;
    } catch (const std::exception& e) {  // an internal fault: every bad input is a libtax::Error
        std::cerr << libtax_calc::message(lang, "calc.error.unexpected", {{"text", libtax::bounded_text(e.what())}}) << "\n";
        return 1;
    }
}
