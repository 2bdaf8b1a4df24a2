// The language of explanations: the process default and rendering in one or two languages.
#include "libtax/core/language.hpp"

#include <mutex>

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

Explanation interleave(const Explanation& first, const Explanation& second) {
    Explanation out(first.title() == second.title() ? first.title() : first.title() + "\n" + second.title());
    const auto& a = first.steps();
    const auto& b = second.steps();
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        out.add(a[i].label, a[i].value, a[i].formula, a[i].basis);
        out.add(b[i].label, b[i].value, b[i].formula, b[i].basis);
    }
    for (std::size_t i = 0; i < first.notes().size() && i < second.notes().size(); ++i) {
        out.note(first.notes()[i]);
        out.note(second.notes()[i]);
    }
    return out;
}

}  // namespace

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

Explanation explanation_in(const Trace& trace, const std::string& language) {
    const std::string lang = language_or_default(language);
    if (lang != "both") return render_explanation(trace, Catalogue::builtin(lang));
    return interleave(render_explanation(trace, Catalogue::builtin("zh")), render_explanation(trace, Catalogue::builtin("en")));
}

std::string explanation_text(const Trace& trace, const std::string& language) { return explanation_in(trace, language).text(); }

std::string english_only_text(const Explanation& english, const std::string& language) {
    const std::string lang = language_or_default(language);
    if (lang == "en") return english.text();
    const std::string head = Catalogue::builtin(lang == "both" ? "zh" : lang).format("explain.english_only");
    return head + "\n" + english.text();
}

}  // namespace libtax
