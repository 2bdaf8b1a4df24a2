// The language of explanations: the process default and rendering in one or two languages.
#include "libtax/core/language.hpp"

#include <algorithm>
#include <mutex>
#include <sstream>

#include "libtax/core/render.hpp"

namespace libtax {

namespace {

std::mutex& language_mutex() {
    static std::mutex m;
    return m;
}
std::string& language_slot() {
    static std::string lang = "en";
    return lang;
}

}  // namespace

std::string explanation_text(const Explanation& e, const Catalogue& c) {
    std::string out = e.title().empty() ? std::string() : e.title() + "\n";
    std::size_t width = 0;
    for (const auto& s : e.steps()) width = std::max(width, display_width(s.label));
    for (const auto& s : e.steps()) {
        out += "  " + s.label + std::string(width - display_width(s.label), ' ') + "  " + s.value;
        if (!s.formula.empty()) out += "   = " + s.formula;
        out += "\n";
        if (!s.basis.empty())
            out += "  " + std::string(width, ' ') + "    " +
                   (c.has("explain.basis") ? c.format("explain.basis", {{"cite", s.basis}}) : "basis: " + s.basis) + "\n";
    }
    // a caller's own catalogue need not define explain.basis and explain.note: the English words then
    for (const auto& n : e.notes()) out += "  " + (c.has("explain.note") ? c.format("explain.note", {{"text", n}}) : "note: " + n) + "\n";
    return out;
}

std::string interleave_lines(const std::string& first, const std::string& second) {
    std::istringstream a(first), b(second);
    std::string out, la, lb;
    while (std::getline(a, la)) {
        out += la + "\n";
        if (std::getline(b, lb)) out += lb + "\n";
    }
    while (std::getline(b, lb)) out += lb + "\n";
    return out;
}

void check_language(const std::string& language) {
    if (language == "both") return;
    Catalogue::builtin(language);  // InputError naming the known languages
}

std::string default_language() {
    std::lock_guard<std::mutex> lock(language_mutex());
    return language_slot();
}

void set_default_language(const std::string& language) {
    check_language(language);
    std::lock_guard<std::mutex> lock(language_mutex());
    language_slot() = language;
}

std::size_t display_width(const std::string& s) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        // U+2E80 and above (CJK, full-width forms) take two columns
        const bool wide = len == 4 || (len == 3 && (c >= 0xE3 || (c == 0xE2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xBA)));
        w += wide ? 2 : 1;
        i += len;
    }
    return w;
}

Explanation explanation_in(const Trace& trace, const std::string& language) {
    const std::string lang = language_or_default(language);
    return render_explanation(trace, Catalogue::builtin(lang == "both" ? "zh" : lang));
}

std::string explanation_text(const Trace& trace, const std::string& language) {
    const std::string lang = language_or_default(language);
    if (lang == "en") return render_text(trace, Catalogue::builtin("en"));
    if (lang != "both") return explanation_text(render_explanation(trace, Catalogue::builtin(lang)), Catalogue::builtin(lang));
    return interleave_lines(explanation_text(render_explanation(trace, Catalogue::builtin("zh")), Catalogue::builtin("zh")),
                            render_text(trace, Catalogue::builtin("en")));
}

std::string english_only_text(const Explanation& english, const std::string& language) {
    const std::string lang = language_or_default(language);
    if (lang == "en") return english.text();
    const std::string head = Catalogue::builtin(lang == "both" ? "zh" : lang).format("explain.english_only");
    return head + "\n" + english.text();
}

}  // namespace libtax
