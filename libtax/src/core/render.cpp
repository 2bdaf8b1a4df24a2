// Rendering a trace through a message catalogue: the Explanation, plain text and JSON.
#include "libtax/core/render.hpp"

#include <cstdio>

#include "libtax/core/language.hpp"
#include "libtax/tables/citations.hpp"

namespace libtax {

namespace {

/// The citation of a source in the catalogue's language: the document's name from the
/// catalogue ("document.<doc_id>") when it has one, else the document as tables/documents.yaml
/// cites it in that language (tables/citations.hpp: 财税〔2019〕31号第一条 in Chinese).
std::string cite(const LegalSource& s, const Catalogue& c) {
    if (s.doc_id.empty() || !c.has("document." + s.doc_id)) return libtax::cite(s, c.language());
    LegalSource local = s;
    local.document = c.lookup("document." + s.doc_id);
    return local.cite();
}

std::string label_of(const TraceEntry& e, const Catalogue& c) {
    std::string prefix;
    for (const auto& s : e.scope) prefix += c.format(s) + ": ";
    return prefix + c.format(e.id, e.args);
}

}  // namespace

namespace {

/// Length of the well-formed UTF-8 character starting at s[i] (RFC 3629: no overlongs, no
/// surrogates, at most U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_length(const std::string& s, std::size_t i) {
    const auto b = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    const auto cont = [&](std::size_t k) { return (b(k) & 0xC0u) == 0x80u; };
    const unsigned c = b(0);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return b(1) >= lo && b(1) <= hi && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

}  // namespace

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = utf8_length(s, i);
        if (n == 0) {  // not UTF-8 (a byte of a file name or value): the replacement character keeps the JSON valid
            out += "\\ufffd";
            ++i;
            continue;
        }
        if (n > 1) {
            out.append(s, i, n);
            i += n;
            continue;
        }
        ++i;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

namespace {


std::string json_args(const TraceArgs& args, const Catalogue& c) {
    std::string out = "{";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const TraceArg& a = args[i];
        out += (i ? ", " : "") + json_string(a.name) + ": ";
        if (a.value.message)
            out += "{\"message\": " + json_string(a.value.text) + ", \"text\": " + json_string(c.format(a.value.text, args)) + "}";  // it may use the other arguments
        else
            out += json_string(c.plain(a.value));  // table text in two languages: the catalogue's
    }
    return out + "}";
}

std::string json_source(const LegalSource& s, const Catalogue& c) {
    if (s.document.empty()) return "null";
    return "{\"doc_id\": " + json_string(s.doc_id) + ", \"document\": " + json_string(s.document) +
           ", \"article\": " + json_string(s.article) + ", \"file\": " + json_string(s.file) +
           ", \"line\": " + std::to_string(s.line) + ", \"cite\": " + json_string(cite(s, c)) + "}";
}

std::string json_scope(const std::vector<std::string>& scope) {
    std::string out = "[";
    for (std::size_t i = 0; i < scope.size(); ++i) out += (i ? ", " : "") + json_string(scope[i]);
    return out + "]";
}

}  // namespace

Explanation render_explanation(const Trace& trace, const Catalogue& c) {
    Explanation out;
    for (const auto& e : trace.entries()) {
        switch (e.kind) {
            case TraceEntry::Kind::title: out.set_title(c.format(e.id, e.args)); break;
            case TraceEntry::Kind::step:
                out.add(label_of(e, c), c.text(e.value, e.args), e.formula.empty() ? std::string() : c.format(e.formula, e.args),
                        e.has_source() ? cite(e.source, c) : std::string());
                break;
            case TraceEntry::Kind::note: out.note(c.format(e.id, e.args)); break;
            case TraceEntry::Kind::read: break;
        }
    }
    return out;
}

// The catalogue's own words for "basis" and "note" (依据：, 注：; the English words when it lacks
// explain.basis or explain.note), labels aligned by display width.
std::string render_text(const Trace& trace, const Catalogue& c) { return explanation_text(render_explanation(trace, c), c); }

std::string render_json(const Trace& trace, const Catalogue& c) {
    std::string title = "null", steps, notes, reads;
    for (const auto& e : trace.entries()) {
        switch (e.kind) {
            case TraceEntry::Kind::title:
                title = "{\"id\": " + json_string(e.id) + ", \"args\": " + json_args(e.args, c) + ", \"text\": " +
                        json_string(c.format(e.id, e.args)) + "}";
                break;
            case TraceEntry::Kind::step:
                steps += std::string(steps.empty() ? "" : ",\n    ") + "{\"id\": " + json_string(e.id) +
                         ", \"scope\": " + json_scope(e.scope) + ", \"label\": " + json_string(label_of(e, c)) +
                         ", \"value\": " + json_string(c.text(e.value, e.args)) +
                         ", \"formula_id\": " + (e.formula.empty() ? "null" : json_string(e.formula)) +
                         ", \"formula\": " + (e.formula.empty() ? "null" : json_string(c.format(e.formula, e.args))) +
                         ", \"args\": " + json_args(e.args, c) + ", \"source\": " + json_source(e.source, c) + "}";
                break;
            case TraceEntry::Kind::note:
                notes += std::string(notes.empty() ? "" : ",\n    ") + "{\"id\": " + json_string(e.id) + ", \"args\": " +
                         json_args(e.args, c) + ", \"text\": " + json_string(c.format(e.id, e.args)) + "}";
                break;
            case TraceEntry::Kind::read:
                reads += std::string(reads.empty() ? "" : ",\n    ") + "{\"key\": " + json_string(e.id) + ", \"value\": " +
                         json_string(e.value.text) + ", \"source\": " + json_source(e.source, c) + "}";
                break;
        }
    }
    return "{\n  \"language\": " + json_string(c.language()) + ",\n  \"title\": " + title + ",\n  \"steps\": [\n    " + steps +
           "\n  ],\n  \"notes\": [\n    " + notes + "\n  ],\n  \"reads\": [\n    " + reads + "\n  ]\n}\n";
}

}  // namespace libtax
