// tools/payroll/messages.cpp - see messages.hpp.
#include "messages.hpp"

#include <algorithm>
#include <ostream>

#include <map>
#include <string_view>

#include <libtax/core/error_text.hpp>
#include <libtax/tables/embedded_documents.hpp>

namespace payroll {

namespace {

/// The payroll.* messages of the built-in catalogues, by language. Only these lines are parsed:
/// the whole catalogues (some 3,000 lines of YAML) took 40 ms of every run to print its summary
/// line. A library error's own text comes from the whole catalogue (error_argument).
const std::map<std::string, libtax::Catalogue>& payroll_catalogues() {
    static const std::map<std::string, libtax::Catalogue> all = [] {
        std::map<std::string, libtax::Catalogue> m;
        for (const libtax::TableDocument& doc : libtax::embedded_message_documents()) {
            std::string_view base = doc.name;
            base.remove_prefix(base.rfind('/') == std::string_view::npos ? 0 : base.rfind('/') + 1);
            const std::string lang(base.substr(0, base.find('.')));
            if (lang == "glossary") continue;
            std::string lines;
            for (std::size_t at = 0; at < doc.text.size();) {
                const std::size_t end = std::min(doc.text.find('\n', at), doc.text.size());
                if (doc.text.compare(at, 8, "payroll.") == 0) lines.append(doc.text, at, end - at).push_back('\n');
                at = end + 1;
            }
            m[lang] = libtax::Catalogue::parse(doc.name, lang, lines);
        }
        return m;
    }();
    return all;
}

const libtax::Catalogue& catalogue(const std::string& language) {
    const auto& all = payroll_catalogues();
    const auto it = all.find(language);
    return it != all.end() ? it->second : libtax::Catalogue::builtin(language);  // the latter names the known languages
}

const libtax::Catalogue& english() {
    static const libtax::Catalogue& en = catalogue("en");
    return en;
}

/// The column as the catalogue writes it: the pseudo-columns "(row)", "(file)", ... translated,
/// a column of the file as it is named there.
std::string column_in(const InputProblem& p, const libtax::Catalogue& c) {
    if (c.language() == "zh" && !p.column_zh.empty()) return p.column_zh;
    static const std::pair<const char*, const char*> pseudo[] = {
        {"(row)", "payroll.column.row"},           {"(header)", "payroll.column.header"},
        {"(file)", "payroll.column.file"},         {"(state)", "payroll.column.state"},
        {"(arguments)", "payroll.column.arguments"}, {"(empty header)", "payroll.column.empty_header"},
    };
    for (const auto& [name, id] : pseudo)
        if (p.column == name) return c.format(id);
    return p.column;
}

}  // namespace

InputProblem::InputProblem(long line_, std::string column_, std::string id_, libtax::TraceArgs args_)
    : line(line_), column(std::move(column_)), id(std::move(id_)), args(std::move(args_)) {
    problem = english().format(id, args);
}

Fault::Fault(std::string id_, libtax::TraceArgs args_) : id(std::move(id_)), args(std::move(args_)) {
    message = english().format(id, args);
}

libtax::TraceText error_argument(const libtax::Error& e) {
    std::string zh;
    try {
        zh = libtax::error_text(e, "zh");
    } catch (const std::exception&) {
        zh = e.what();  // no Chinese form: the English text
    }
    return libtax::bilingual(e.what(), zh);
}

bool is_language(const std::string& language) { return language == "zh" || language == "en" || language == "both"; }

std::vector<const libtax::Catalogue*> catalogues(const std::string& language) {
    if (language == "both") return {&catalogue("zh"), &catalogue("en")};
    return {&catalogue(language)};
}

void print(std::ostream& out, const std::string& language, const std::string& id, const libtax::TraceArgs& args) {
    for (const libtax::Catalogue* c : catalogues(language)) out << c->format(id, args) << "\n";
}

std::string problem_line(const InputProblem& p, const std::string& file, const libtax::Catalogue& c) {
    const std::string column = column_in(p, c);
    const std::string problem = c.format(p.id, p.args);
    if (p.line > 0)
        return c.format("payroll.error.at_line", {{"file", file}, {"line", std::to_string(p.line)}, {"column", column}, {"problem", problem}});
    if (p.column[0] == '-' || p.column[0] == '(')  // the arguments, or the run as a whole
        return c.format("payroll.error.of_run", {{"column", column}, {"problem", problem}});
    return c.format("payroll.error.in_file", {{"file", file}, {"column", column}, {"problem", problem}});
}

}  // namespace payroll
