// libtax-calc: the calculation's report, rendered as text or as JSON (schema "libtax-calc/1").
//
// A report is a list of sections ("annual_tax", "bonus", ...), each with named figures, the
// explanation of its calculation and notes. Text and JSON show the same content.
#pragma once

#include <string>
#include <vector>

#include "libtax/libtax.hpp"
#include "summary.hpp"

namespace libtax_calc {

/// A named figure, held as its JSON literal and its display text.
struct Figure {
    std::string name;
    std::string json;  ///< "\"224180.00\"", "5", "true"
    std::string text;  ///< "224180.00", "5", "yes"
};

struct Section {
    std::string id;
    std::string title;
    bool available = true;  ///< false: not computed (the reason is the first note)
    std::vector<Figure> figures;
    libtax::Explanation explanation;  ///< empty title and no steps = none
    std::vector<std::string> notes;
    Flags flags;  ///< what_if, unconfirmed, projection, not_law of this section's figures

    void money(const std::string& name, libtax::Money m);
    void integer(const std::string& name, long long v);
    void flag(const std::string& name, bool v);
    void word(const std::string& name, const std::string& v);
};

struct Report {
    std::string file;
    std::string title;
    int year = 0;
    std::string tables;  ///< "built-in" or the --tables directory
    std::vector<Figure> person;
    std::vector<Section> sections;
    libtax::Money total_tax;  ///< before any talent-regime relief
    libtax::Money tax_due;    ///< after the best legal choice's relief (the last line)
    Summary summary;          ///< the one-page answer, printed first
};

using libtax::json_string;  // libtax/core/render.hpp
/// The one-page answer, then with `explain` every section with its explanation; the last line is
/// the tax due after relief. Labels of the page from the catalogue (its language).
std::string render_text(const Report& r, const libtax::Catalogue& cat, bool explain);
/// Everything (summary and sections), whatever `explain` says.
std::string render_json(const Report& r, const libtax::Catalogue& cat);

}  // namespace libtax_calc
