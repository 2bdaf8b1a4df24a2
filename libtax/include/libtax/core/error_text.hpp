// libtax/core/error_text.hpp - an error's message in the reader's language.
//
// Every libtax::Error keeps its English what() (logs, C++ callers). Its message is also read as a
// message id with arguments: the frame by the error's class ("error.input": "{field} = {value}:
// {problem}", "error.table": "{file}:{line}: {key}: {problem}", "error.other": "{problem}") and
// the problem as the catalogue's error.problem.* template it matches ("must not be negative",
// "no tax table covers this year (the {origin} tables cover {years})", "unknown key (expected one
// of: {known})" ...; the templates of messages/en.yaml are the patterns, so a new problem needs
// only a catalogue entry). A problem that wraps another message in its {detail} ("row {row}:
// {detail}" around "wages = -1.00: must not be negative") has the inner one read the same way, so
// it renders in the outer one's language. Field names, values, file names and lines are kept verbatim. A problem
// no template matches stays English inside the translated frame (error_message().translated is
// then false).
#pragma once

#include <string>

#include "libtax/core/catalogue.hpp"
#include "libtax/core/error.hpp"
#include "libtax/core/trace.hpp"

namespace libtax {

struct ErrorMessage {
    std::string id;     ///< "error.input", "error.table" or "error.other"
    TraceArgs args;     ///< field, value (or file, line, key) and problem: a message id with its own arguments, or the English text
    std::string problem_id;  ///< the error.problem.* id matched; empty when the problem stays English
    bool translated() const noexcept { return !problem_id.empty(); }
};

/// The error read as a message id with arguments (see the top of this header).
ErrorMessage error_message(const Error& e);
/// The error's message in `language` ("en": exactly what(); "zh"; "both": the Chinese line, then
/// the English one). InputError for another language.
std::string error_text(const Error& e, const std::string& language);

}  // namespace libtax
