// libtax/core/language.hpp - the language an explanation is rendered in, and the process default.
//
// A language is the name of a built-in message catalogue ("en", "zh"; libtax/messages/<lang>.yaml)
// or "both" (each line in Chinese, then in English). The process-wide default is "en" until
// set_default_language changes it (Python: libtax.set_language). Citations follow the language
// (tables/citations.hpp): documents exist in Chinese and English, so a catalogue in another
// language cites them in English.
#pragma once

#include <string>

#include "libtax/core/catalogue.hpp"
#include "libtax/core/explanation.hpp"
#include "libtax/core/trace.hpp"

namespace libtax {

/// Refuses anything but a built-in catalogue's language or "both": InputError naming the value
/// and the known languages.
void check_language(const std::string& language);
/// The process-wide default language ("en" unless set); safe to call from any thread.
std::string default_language();
/// Sets the process-wide default (checked by check_language).
void set_default_language(const std::string& language);
/// `language`, or the process default when it is empty.
inline std::string language_or_default(const std::string& language) {
    if (language.empty()) return default_language();
    check_language(language);
    return language;
}

/// The trace rendered in `language` ("both": in Chinese, whose steps come first).
Explanation explanation_in(const Trace& trace, const std::string& language);
/// The trace as text in `language`: "en" is render_text's English; other languages use their
/// catalogue's words for "basis" and "note" and align columns by display width; "both" gives
/// each line in Chinese, then the same line in English.
std::string explanation_text(const Trace& trace, const std::string& language);

/// An explanation already rendered in `catalogue`'s language, laid out as Explanation::text()
/// with that catalogue's words for "basis" and "note" and columns aligned by display width (for
/// composite explanations put together from several traces, e.g. libtax-calc's sections).
std::string explanation_text(const Explanation& explanation, const Catalogue& catalogue);
/// Two renderings of the same text, line by line: the first's line, then the second's (what
/// "both" does with a Chinese and an English rendering).
std::string interleave_lines(const std::string& first, const std::string& second);

/// Columns a UTF-8 text takes in a terminal: CJK characters and full-width forms two, others one.
std::size_t display_width(const std::string& s);

/// An explanation that exists only in English (its calculator does not record a trace yet): the
/// English text, headed in another language by a line saying it is not translated.
std::string english_only_text(const Explanation& english, const std::string& language);

}  // namespace libtax
