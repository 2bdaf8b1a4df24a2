// libtax/core/error.hpp - the error classes every entry point throws.
//
// Each error names what was wrong: the field and the value for bad input, the file:line and key
// for a bad table. Calculators never return a half-computed result: they throw before writing one.
#pragma once

#include <stdexcept>
#include <string>

namespace libtax {

/// Base of every libtax error.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Bad input to a calculator: names the field and the value.
class InputError : public Error {
public:
    InputError(std::string field, std::string value, const std::string& problem)
        : Error(field + " = " + value + ": " + problem), field_(std::move(field)), value_(std::move(value)) {}
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

/// A malformed or inconsistent table file: names file:line and the key.
class TableError : public Error {
public:
    TableError(std::string file, int line, std::string key, const std::string& problem)
        : Error(file + ":" + std::to_string(line) + ": " + key + ": " + problem),
          file_(std::move(file)), line_(line), key_(std::move(key)) {}
    const std::string& file() const noexcept { return file_; }
    int line() const noexcept { return line_; }
    const std::string& key() const noexcept { return key_; }

private:
    std::string file_;
    int line_;
    std::string key_;
};

}  // namespace libtax
