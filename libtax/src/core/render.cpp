// Rendering a trace through a message catalogue: the Explanation, plain text and JSON.
#include "libtax/core/render.hpp"

#include <cstdio>

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

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(ch) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(ch)));
                    out += buf;
                } else {
                    out += ch;
                }
        }
    }
    return out + "\"";
}

std::string json_args(const TraceArgs& args, const Catalogue& c) {
    std::string out = "{";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const TraceArg& a = args[i];
        out += (i ? ", " : "") + json_string(a.name) + ": ";
        if (a.value.message)
            out += "{\"message\": " + json_string(a.value.text) + ", \"text\": " + json_string(c.format(a.value.text)) + "}";
        else
            out += json_string(a.value.text);
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

std::string render_text(const Trace& trace, const Catalogue& c) { return render_explanation(trace, c).text(); }

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
