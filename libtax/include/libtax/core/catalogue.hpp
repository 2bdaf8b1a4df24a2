// libtax/core/catalogue.hpp - the message catalogue of one language: message id -> template.
//
// A catalogue is a flat YAML mapping (libtax/messages/<lang>.yaml; the format is described at
// the top of messages/en.yaml):  annual_tax.taxable_income: "taxable income". Templates hold
// named placeholders {name}, filled from a trace entry's arguments; {{ and }} stand for literal
// braces. The built-in catalogues are compiled into the library like the tables.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "libtax/core/error.hpp"
#include "libtax/core/trace.hpp"

namespace libtax {

/// A message id a catalogue lacks, a placeholder without an argument, or a malformed catalogue.
class MessageError : public Error {
public:
    using Error::Error;
};

class Catalogue {
public:
    Catalogue() = default;
    /// Reads a catalogue from YAML text; `name` ("messages/en.yaml") is used in errors, which
    /// give name:line: id.
    static Catalogue parse(const std::string& name, const std::string& language, const std::string& yaml_text);
    /// A catalogue compiled into the library ("en", ...); InputError naming the known languages.
    static const Catalogue& builtin(const std::string& language);
    /// Languages of the built-in catalogues, sorted.
    static std::vector<std::string> builtin_languages();

    const std::string& language() const noexcept { return language_; }
    bool has(const std::string& id) const { return messages_.count(id) != 0; }
    /// The template of `id`; MessageError naming the id and the catalogue when it is missing.
    const std::string& lookup(const std::string& id) const;
    /// The template of `id` with its placeholders filled from `args` (message-id arguments are
    /// looked up in this catalogue first).
    std::string format(const std::string& id, const TraceArgs& args = {}) const;
    /// A text or message id rendered: plain text as it is, a message id looked up and filled.
    std::string text(const TraceText& t, const TraceArgs& args = {}) const;
    /// Plain text in this catalogue's language: its Chinese form (TraceText::zh) for "zh" when
    /// it has one, else the text as it is.
    const std::string& plain(const TraceText& t) const;
    /// Fills `{name}` placeholders of `tmpl`; MessageError for a placeholder with no argument.
    std::string fill(const std::string& tmpl, const TraceArgs& args, const std::string& id = {}) const;
    const std::map<std::string, std::string>& messages() const noexcept { return messages_; }
    void add(std::string id, std::string tmpl) { messages_[std::move(id)] = std::move(tmpl); }

private:
    std::string name_;
    std::string language_;
    std::map<std::string, std::string> messages_;
};

}  // namespace libtax
