// libtax/core/trace.hpp - what a calculation did, recorded as message ids and figures.
//
// A calculator takes an optional `Trace*`; with a null pointer it records nothing (one branch,
// nothing formatted or allocated), otherwise it records:
//
//   title(id, args)                          what was computed ("annual_tax.title", {year})
//   step(id, value, formula-id, args, src)   one figure: its label's id, the value as
//                                            language-neutral text ("886000.00", "20%"), the id of
//                                            the formula that gave it, the named arguments both
//                                            templates use, and the legal source of a table value
//   note(id, args)                           a remark (an unconfirmed reading, a choice made)
//   read(key, value, src)                    a table value read, with its legal source
//
// The trace holds no language: ids name templates in a message catalogue (core/catalogue.hpp,
// libtax/messages/<lang>.yaml) and render_text / render_json (core/render.hpp) turn a trace into
// text in any catalogue's language. An argument may itself be a message id (message_id("...")),
// translated when rendered; every other argument is inserted as it is.
//
// Composite results (an annual bonus compared with merged taxation, a relief that computes the
// annual tax) record their parts under a scope: TraceScope s(trace, "annual_bonus.part.merged")
// prefixes the label of every step recorded while it lives; titles recorded inside a scope are
// dropped (the composite has its own).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "libtax/core/legal_source.hpp"

namespace libtax {

/// An argument's value or a step's value: plain text, or a message id to translate. Plain text
/// a table holds in two languages (a regime's area, an UNCONFIRMED note) carries its Chinese in
/// `zh`: a Chinese catalogue renders `zh`, every other one `text`.
struct TraceText {
    std::string text;
    bool message = false;  ///< `text` is a message id, rendered through the catalogue
    std::string zh;        ///< plain text only: its Chinese form (empty: `text` in every language)

    TraceText() = default;
    TraceText(std::string t) : text(std::move(t)) {}  // NOLINT: implicit, plain text is the common case
    TraceText(const char* t) : text(t) {}             // NOLINT
};

/// A message id used as an argument or value: translated when rendered.
inline TraceText message_id(std::string id) {
    TraceText t(std::move(id));
    t.message = true;
    return t;
}

/// Plain text given in English and in Chinese (bilingual table text): rendered in the
/// catalogue's language.
inline TraceText bilingual(std::string en, std::string zh) {
    TraceText t(std::move(en));
    t.zh = std::move(zh);
    return t;
}

/// A named argument: fills `{name}` in the templates of the entry's ids.
struct TraceArg {
    std::string name;
    TraceText value;
};
using TraceArgs = std::vector<TraceArg>;

struct TraceEntry {
    enum class Kind : unsigned char { title, step, note, read };
    Kind kind = Kind::step;
    std::string id;        ///< message id; for a read, the table key ("basic_deduction.annual")
    TraceText value;       ///< step and read: the figure
    std::string formula;   ///< step: message id of the formula (empty: none)
    TraceArgs args;        ///< arguments of id and formula
    LegalSource source;    ///< step and read: the legal source (document empty: none)
    std::vector<std::string> scope;  ///< message ids of the enclosing scopes, outermost first

    bool has_source() const noexcept { return !source.document.empty(); }
};

class Trace {
public:
    /// What the whole calculation is; kept only for the first title outside any scope.
    void title(std::string id, TraceArgs args = {}) {
        if (!scope_.empty() || has_title_) return;
        has_title_ = true;
        TraceEntry e;
        e.kind = TraceEntry::Kind::title;
        e.id = std::move(id);
        e.args = std::move(args);
        entries_.insert(entries_.begin(), std::move(e));
    }
    /// One figure of the calculation; `source` when it is (or comes from) a table value.
    void step(std::string id, TraceText value, std::string formula = {}, TraceArgs args = {},
              const LegalSource* source = nullptr) {
        TraceEntry e;
        e.kind = TraceEntry::Kind::step;
        e.id = std::move(id);
        e.value = std::move(value);
        e.formula = std::move(formula);
        e.args = std::move(args);
        if (source) e.source = *source;
        e.scope = scope_;
        entries_.push_back(std::move(e));
    }
    void step(std::string id, TraceText value, std::string formula, TraceArgs args, const LegalSource& source) {
        step(std::move(id), std::move(value), std::move(formula), std::move(args), &source);
    }
    void note(std::string id, TraceArgs args = {}) {
        TraceEntry e;
        e.kind = TraceEntry::Kind::note;
        e.id = std::move(id);
        e.args = std::move(args);
        e.scope = scope_;
        entries_.push_back(std::move(e));
    }
    /// A table value the calculation read.
    void read(std::string key, std::string value, const LegalSource& source) {
        TraceEntry e;
        e.kind = TraceEntry::Kind::read;
        e.id = std::move(key);
        e.value = TraceText(std::move(value));
        e.source = source;
        e.scope = scope_;
        entries_.push_back(std::move(e));
    }

    /// Records the entries of `part` (computed on its own) as if recorded here under `scope`
    /// (empty: no prefix); its title is dropped.
    void append(const Trace& part, const char* scope = "") {
        for (const TraceEntry& e : part.entries_) {
            if (e.kind == TraceEntry::Kind::title) continue;
            TraceEntry x = e;
            std::vector<std::string> prefix = scope_;
            if (*scope) prefix.push_back(scope);
            x.scope.insert(x.scope.begin(), prefix.begin(), prefix.end());
            entries_.push_back(std::move(x));
        }
    }

    void push_scope(std::string id) { scope_.push_back(std::move(id)); }
    void pop_scope() {
        if (!scope_.empty()) scope_.pop_back();
    }

    const std::vector<TraceEntry>& entries() const noexcept { return entries_; }
    bool empty() const noexcept { return entries_.empty(); }
    /// The title entry, or null when none was recorded.
    const TraceEntry* title_entry() const noexcept {
        return has_title_ ? &entries_.front() : nullptr;
    }

private:
    std::vector<TraceEntry> entries_;
    std::vector<std::string> scope_;
    bool has_title_ = false;
};

/// Records the entries of a part of a composite result under `id` while it lives; does nothing
/// for a null trace.
class TraceScope {
public:
    TraceScope(Trace* trace, const char* id) : trace_(trace) {
        if (trace_) trace_->push_scope(id);
    }
    ~TraceScope() {
        if (trace_) trace_->pop_scope();
    }
    TraceScope(const TraceScope&) = delete;
    TraceScope& operator=(const TraceScope&) = delete;

private:
    Trace* trace_;
};

}  // namespace libtax
