// libtax/tables/schema.hpp - the shape of a yearly tax table, declared once.
//
// Each provision path lists its keys and their types; the loader rejects unknown keys, missing
// required keys and values of the wrong type with file:line. A new provision is a new entry
// here (and a value in each year's file), not new parsing code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace libtax {

enum class FieldType { money, rate, count, text, date };

struct FieldSpec {
    std::string key;
    FieldType type;
    bool required = true;
    std::int64_t min = 0;           ///< counts: the legal range (months 1-12, days 0-366, ...)
    std::int64_t max = 2147483647;  ///< counts: never beyond a signed int
};

struct ProvisionSpec {
    std::string path;                ///< dotted path in the year file
    std::vector<FieldSpec> fields;   ///< besides the common keys source/from/to/note/unconfirmed
    bool required = true;            ///< every year file must have it
    bool period_required = false;    ///< must state from (and usually to)
};

/// The provisions of a yearly table (tables/cn/<year>.yaml), besides the bracket schedules.
const std::vector<ProvisionSpec>& year_table_schema();
/// Names of the bracket schedules every year must define.
const std::vector<std::string>& year_table_schedules();

}  // namespace libtax
