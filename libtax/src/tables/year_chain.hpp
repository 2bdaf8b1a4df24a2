// Year tables that state only what changed: `extends: <year>` in tables/cn/<year>.yaml.
//
// A year that extends another is that year's tree with this file laid over it:
//   - `table`, `year`, `period` are the file's own (stated in every file);
//   - `documents` and `schedules` merge by key (a schedule is replaced whole);
//   - a provision (a path of tables/schema.hpp) is replaced whole: a changed value restates its
//     provision with its own source and dates; `<provision>: ~` ends an inherited provision;
//   - groups (special_additional, foreign, ...) merge by key.
// Refused with TableError file:line: extending a year no document defines, a cycle, a key the
// base lacks (a new provision must instead start in the year that states it: its `from` lies in
// that year), and an inherited dated provision whose period does not reach the year.
// Every node keeps the line it was written on and is tagged with the file it was written in, so
// an inherited value reports, and cites, the file and line it was written in (YamlReader::file_of).
#pragma once

#include <memory>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "libtax/tables/tables.hpp"

namespace libtax::detail {

/// One yearly document with its tree resolved against the year it extends.
struct ResolvedYearDocument {
    const TableDocument* document;
    YAML::Node root;
};

/// Resolves the `extends` chains of the documents under cn/ (each loaded and guarded once).
std::vector<ResolvedYearDocument> resolve_year_chains(const std::vector<const TableDocument*>& year_documents);

/// Reads one resolved yearly tree (parse_tax_year.cpp).
std::shared_ptr<const TaxYear> parse_tax_year_tree(const std::string& name, const YAML::Node& root);

}  // namespace libtax::detail
