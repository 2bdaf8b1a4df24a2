// tools/payroll/messages.hpp - the language libtax-payroll speaks: every line it prints (errors,
// warnings, the summary) is a message id of the catalogues libtax/messages/<lang>.yaml
// (payroll.*) with its arguments, printed in Chinese (zh), English (en) or both (each line in
// Chinese, then in English), as libtax-calc prints. The language is --lang, else the
// LIBTAX_LANG environment variable, else English. File names, column names, values and the
// system's own error texts (strerror) are printed as they are; a library error wrapped in a
// problem is printed in the same language (libtax/core/error_text.hpp).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <libtax/core/catalogue.hpp>

#include "input_text.hpp"

namespace payroll {

/// zh, en or both.
bool is_language(const std::string& language);

/// The catalogues of a language: one, or Chinese then English for "both".
std::vector<const libtax::Catalogue*> catalogues(const std::string& language);

/// Prints message `id` on `out`, one line per catalogue of `language`.
void print(std::ostream& out, const std::string& language, const std::string& id, const libtax::TraceArgs& args = {});

/// The line of an input problem in `file` ("FILE:LINE: column NAME: problem", without the line
/// end) in catalogue `c`'s language.
std::string problem_line(const InputProblem& p, const std::string& file, const libtax::Catalogue& c);

}  // namespace payroll
