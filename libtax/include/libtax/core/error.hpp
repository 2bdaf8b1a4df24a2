// libtax/core/error.hpp - the error classes every entry point throws.
//
// Each error names what was wrong: the field and the value for bad input, the file:line and key
// for a bad table. Calculators never return a half-computed result: they throw before writing one.
// A message quotes at most a bounded prefix of what it was given (bounded_text), so a 10 MB input
// cannot become a 10 MB message.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace libtax {

/// The longest piece of caller-supplied text (a value, a key, a file name) an error quotes.
inline constexpr std::size_t kMaxQuotedBytes = 200;

/// `text` if it is at most `max` bytes, else its first bytes (cut at a UTF-8 character
/// boundary) followed by "... (N bytes)". Every error constructor quotes through this.
inline std::string bounded_text(const std::string& text, std::size_t max = kMaxQuotedBytes) {
    if (text.size() <= max) return text;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return text.substr(0, cut) + "... (" + std::to_string(text.size()) + " bytes)";
}

/// Base of every libtax error.
class Error : public std::runtime_error {
public:
    // a problem text may itself quote values: bounded at a few quoted pieces' worth
    explicit Error(const std::string& message) : std::runtime_error(bounded_text(message, 8 * kMaxQuotedBytes)) {}
};

/// Bad input to a calculator: names the field and the value.
class InputError : public Error {
public:
    InputError(std::string field, std::string value, const std::string& problem)
        : Error(bounded_text(field) + " = " + bounded_text(value) + ": " + problem),
          field_(bounded_text(field)), value_(bounded_text(value)) {}
    const std::string& field() const noexcept { return field_; }
    const std::string& value() const noexcept { return value_; }

private:
    std::string field_;
    std::string value_;
};

/// An amount or intermediate figure beyond the range libtax computes exactly.
class RangeError : public InputError {
public:
    using InputError::InputError;
};

/// A tax year or date that no loaded table covers. Never silently replaced by another year.
class CoverageError : public InputError {
public:
    using InputError::InputError;
};

/// A legal option that does not exist for the year or person asked about (for example the
/// separate taxation of an annual bonus outside its legal window).
class NotAvailableError : public InputError {
public:
    using InputError::InputError;
};

/// A malformed or inconsistent table file, or one that cannot be read: names file:line and the
/// key ("(file)" when the file itself is the problem, "(document)" for its shape).
class TableError : public Error {
public:
    TableError(std::string file, int line, std::string key, const std::string& problem)
        : Error(bounded_text(file, 4 * kMaxQuotedBytes) + ":" + std::to_string(line) + ": " + bounded_text(key) + ": " + problem),
          file_(bounded_text(file, 4 * kMaxQuotedBytes)), line_(line), key_(bounded_text(key)) {}
    const std::string& file() const noexcept { return file_; }
    int line() const noexcept { return line_; }
    const std::string& key() const noexcept { return key_; }

private:
    std::string file_;
    int line_;
    std::string key_;
};

}  // namespace libtax
