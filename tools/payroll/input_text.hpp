// tools/payroll/input_text.hpp - the text of a payroll file as payroll systems export it:
// UTF-8 with or without a byte-order mark, or GB18030 (what Chinese Excel and the withholding
// client save), CRLF or LF line ends, RFC 4180 quoting, and amounts with grouped thousands.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace payroll {

/// A problem with the input: exit status 2, "FILE:LINE: column NAME: problem".
struct InputProblem {
    long line = 0;            ///< 0: not tied to a line
    std::string column;       ///< the column or "(row)", "(header)", "(file)"
    std::string problem;
};

/// A failure of the machine, not of the data (a read or write error): exit status 1.
struct Fault {
    std::string message;
};

enum class Encoding { automatic, utf8, gb18030 };

/// The largest payroll or state file read: 1 GiB, several million employees' rows. Larger
/// files are refused before anything is allocated for them.
inline constexpr std::size_t kMaxInputBytes = std::size_t(1) << 30;

/// Reads the whole file, a regular file of at most max_bytes: a directory, FIFO, device or
/// socket, or a larger file, is an InputProblem (never waited on, never read in whole); a read
/// error (not only opening) is a Fault.
std::string read_file(const std::string& path, std::size_t max_bytes = kMaxInputBytes);

/// The text as UTF-8 without a byte-order mark. `automatic`: a UTF-8 BOM or valid UTF-8 is
/// UTF-8, anything else is decoded as GB18030 (a superset of GBK and GB2312) with ICU; bytes
/// that are not GB18030 either are an InputProblem naming the line.
std::string to_utf8(std::string raw, Encoding encoding, const char** detected);

/// Splits one line (without its line end) into cells, RFC 4180 quoting ("" is a quote inside a
/// quoted cell; a quoted cell may not span lines). Cells are trimmed of spaces and tabs
/// around them (also U+3000 and U+00A0, which spreadsheets leave in Chinese exports).
void split_cells(std::string_view line, long line_no, std::vector<std::string_view>& cells, std::string& scratch_quoted);

/// Trims ASCII spaces and tabs, U+3000 (ideographic space) and U+00A0 at both ends.
std::string_view trim(std::string_view s);

/// An amount of yuan as fen: "12345.67", "35,000.00" (thousands separators only where they
/// group correctly: 1-3 leading digits then groups of exactly three), at most two decimals,
/// never negative. Empty is 0.
std::int64_t amount_fen(std::string_view cell, long line_no, const std::string& column);

/// A whole number within [lo, hi].
int whole_number(std::string_view cell, long line_no, const std::string& column, int lo, int hi);

/// A cell for an output CSV: quoted (quotes doubled) when it holds a comma, quote or line break.
void append_cell(std::string& out, std::string_view s);

/// Appends fen as yuan with two decimals ("1234.56").
void append_yuan(std::string& out, std::int64_t fen);

}  // namespace payroll
