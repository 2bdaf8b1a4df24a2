// tools/payroll/input_text.hpp - the text of a payroll file as payroll systems export it:
// UTF-8 with or without a byte-order mark, or GB18030 (what Chinese Excel and the withholding
// client save), CRLF or LF line ends, RFC 4180 quoting, and amounts with grouped thousands.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libtax/core/error.hpp>
#include <libtax/core/trace.hpp>

namespace payroll {

/// A problem with the input: exit status 2, "FILE:LINE: column NAME: problem". The problem is a
/// message id of the catalogues (payroll.problem.*, libtax/messages/) with its arguments, so the
/// program can print it in the language asked for (messages.hpp); `problem` is its English text.
struct InputProblem {
    long line = 0;            ///< 0: not tied to a line
    std::string column;       ///< the column or "(row)", "(header)", "(file)", "(state)", "(arguments)"
    std::string problem;      ///< in English
    std::string id;           ///< the message id of `problem`
    libtax::TraceArgs args;   ///< and its arguments (a library error's text is given in both languages)
    std::string column_zh;    ///< the column in Chinese where it is not a name of the file ("" = `column`)

    InputProblem() = default;
    InputProblem(long line, std::string column, std::string id, libtax::TraceArgs args = {});
};

/// A library error as the argument {error} of a message: its text in English and in Chinese.
libtax::TraceText error_argument(const libtax::Error& e);

/// A failure of the machine, not of the data (a read or write error): exit status 1. The
/// message is a payroll.fault.* id with its arguments; `message` is its English text.
struct Fault {
    std::string message;
    std::string id;
    libtax::TraceArgs args;

    Fault() = default;
    Fault(std::string id, libtax::TraceArgs args);
};

enum class Encoding { automatic, utf8, gb18030 };

/// The largest payroll or state file read: 1 GiB, several million employees' rows. Larger
/// files are refused before anything is allocated for them.
inline constexpr std::size_t kMaxInputBytes = std::size_t(1) << 30;

/// A large byte buffer for a whole file or a whole output: not zero-filled when allocated (a
/// million employees are some 100 MB a file, and filling them costs as much as reading them) and,
/// from 2 MiB on, mapped with transparent huge pages where the kernel grants them on request
/// (fewer page faults). Grows by doubling; append() and friends never shrink it.
class Text {
public:
    Text() = default;
    explicit Text(std::size_t capacity) { reserve(capacity); }
    Text(Text&& o) noexcept : data_(o.data_), size_(o.size_), capacity_(o.capacity_) { o.forget(); }
    Text& operator=(Text&& o) noexcept;
    Text(const Text&) = delete;
    Text& operator=(const Text&) = delete;
    ~Text() { release(); }

    const char* data() const { return data_; }
    char* data() { return data_; }
    std::size_t size() const { return size_; }
    std::size_t capacity() const { return capacity_; }
    bool empty() const { return size_ == 0; }
    std::string_view view() const { return {data_, size_}; }
    operator std::string_view() const { return view(); }  // NOLINT: a Text is read as text

    void reserve(std::size_t capacity);
    /// Room for n more bytes: the returned pointer may be written up to n bytes, then commit().
    char* room(std::size_t n) {
        if (capacity_ - size_ < n) reserve(std::max(capacity_ * 2, size_ + n));
        return data_ + size_;
    }
    void commit(std::size_t n) { size_ += n; }
    void resize_down(std::size_t n) { size_ = n < size_ ? n : size_; }
    void clear() { size_ = 0; }
    void erase_front(std::size_t n);
    void append(std::string_view s) {
        std::memcpy(room(s.size()), s.data(), s.size());
        size_ += s.size();
    }
    void push_back(char c) {
        *room(1) = c;
        ++size_;
    }
    Text& operator+=(std::string_view s) { return append(s), *this; }
    Text& operator+=(char c) { return push_back(c), *this; }

private:
    void release() noexcept;
    void forget() noexcept { data_ = nullptr, size_ = capacity_ = 0; }
    char* data_ = nullptr;
    std::size_t size_ = 0, capacity_ = 0;
};

/// Memory for the large arrays of a run (a million employees' states, the index over them) the
/// way Text is allocated: from 2 MiB on, mapped with transparent huge pages where the kernel
/// grants them on request (a 4 KiB page fault per 4 KiB of a 200 MB array costs more than
/// filling it).
void* allocate_large(std::size_t bytes);
void free_large(void* p, std::size_t bytes) noexcept;
/// allocate_large() of memory that reads as zero bytes: fresh pages from the kernel (zero
/// already, not filled again) or calloc below 2 MiB.
void* allocate_large_zeroed(std::size_t bytes);

template <class T>
struct LargeAllocator {
    using value_type = T;
    LargeAllocator() = default;
    template <class U>
    LargeAllocator(const LargeAllocator<U>&) noexcept {}  // NOLINT: rebinding
    T* allocate(std::size_t n) { return static_cast<T*>(allocate_large(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { free_large(p, n * sizeof(T)); }
    friend bool operator==(const LargeAllocator&, const LargeAllocator&) { return true; }
};

/// Reads the whole file, a regular file of at most max_bytes: a directory, FIFO, device or
/// socket, or a larger file, is an InputProblem (never waited on, never read in whole); a read
/// error (not only opening) is a Fault.
Text read_file(const std::string& path, std::size_t max_bytes = kMaxInputBytes);

/// The text as UTF-8 without a byte-order mark. `automatic`: a UTF-8 BOM or valid UTF-8 is
/// UTF-8, anything else is decoded as GB18030 (a superset of GBK and GB2312); bytes that are not
/// GB18030 either are an InputProblem naming the line. The decoding is ICU's: its two-byte
/// GB18030 characters are looked up in a table taken from ICU once per run, ASCII is copied as
/// is, four-byte sequences go through ICU one by one, and anything ICU refuses is decoded by ICU
/// whole for its error.
Text to_utf8(Text raw, Encoding encoding, const char** detected);

/// A regular file read a piece of whole lines at a time into one buffer used again for every
/// piece (a million employees' file is never held in whole: the kernel would zero-fill fresh pages
/// for it that are read once). The refusals are read_file()'s: a directory, FIFO, device or
/// socket, or a file of more than max_bytes (also one that grows past it while read), is an
/// InputProblem; a read error is a Fault.
class LineChunks {
public:
    explicit LineChunks(const std::string& path, std::size_t max_bytes = kMaxInputBytes, std::size_t piece_bytes = kPieceBytes);
    ~LineChunks();
    LineChunks(const LineChunks&) = delete;
    LineChunks& operator=(const LineChunks&) = delete;
    /// The next piece: whole lines with their line feeds (about piece_bytes, more for a longer
    /// line; the file's last line may have none), valid until the next call. False at the end.
    bool next(std::string_view& piece);
    /// The file's size when opened.
    std::size_t file_size() const { return file_size_; }
    /// The offset in the file of the piece next() returned last.
    std::size_t piece_offset() const { return piece_offset_; }

    static constexpr std::size_t kPieceBytes = std::size_t(1) << 20;  ///< fits the caches with its decoding

private:
    void fill();
    std::string path_;
    int fd_ = -1;
    std::size_t max_bytes_, piece_bytes_, file_size_ = 0, read_ = 0, returned_ = 0, piece_offset_ = 0, next_offset_ = 0;
    bool eof_ = false;
    Text buffer_;
};

/// A payroll file as UTF-8, a piece of whole lines at a time, without a byte-order mark: read
/// by LineChunks, a UTF-8 text checked and passed on as it is, a GB18030 text decoded as
/// to_utf8() decodes it. `automatic`: a UTF-8 BOM, or a first piece that is valid UTF-8, is
/// UTF-8 (a later piece that is not then throws NotUtf8: the caller runs again with `gb18030`,
/// having written nothing), anything else GB18030. Bytes that are neither are an InputProblem
/// naming the line and the byte's offset in the file (after a BOM for UTF-8).
class Utf8Pieces {
public:
    Utf8Pieces(const std::string& path, Encoding encoding);
    ~Utf8Pieces();
    /// The next piece (valid until the next call); false after the last. `lines_before`: the
    /// line feeds in the pieces returned before (the caller counts them as it reads their lines;
    /// a byte refused in this piece is reported on the line counted on from them).
    bool next(std::string_view& piece, long lines_before);
    /// "UTF-8", "UTF-8 with BOM" or "GB18030".
    const char* detected() const { return detected_; }
    /// The number of lines, estimated from the file's size and its first piece (for reserving).
    std::size_t estimated_lines() const { return estimated_lines_; }

    /// A text taken for UTF-8 by its first piece (`automatic`) that is not UTF-8 further on.
    struct NotUtf8 {};

private:
    struct Decoder;
    bool take(std::string_view raw, std::string_view& piece);
    LineChunks chunks_;
    bool automatic_utf8_ = false;   ///< UTF-8 by the first piece only: a bad byte later is NotUtf8
    std::size_t skip_ = 0;          ///< the BOM's bytes (offsets of UTF-8 errors are counted after it)
    std::string_view first_;        ///< the first piece, read to detect the encoding, not yet returned
    bool first_pending_ = false;
    long lines_ = 0;                ///< line feeds in the pieces before the current one (from the caller)
    const char* detected_ = "UTF-8";
    std::size_t estimated_lines_ = 0;
    Text out_;
    std::unique_ptr<Decoder> decoder_;
};

/// The same decoding with ICU alone, over the whole text (the reference for the table; tests).
std::string gb18030_to_utf8_icu(std::string_view raw);

/// Splits one line (without its line end) into cells, RFC 4180 quoting ("" is a quote inside a
/// quoted cell; a quoted cell may not span lines). Cells are trimmed of spaces and tabs
/// around them (also U+3000 and U+00A0, which spreadsheets leave in Chinese exports).
void split_cells(std::string_view line, long line_no, std::vector<std::string_view>& cells, std::string& scratch_quoted);

/// Trims ASCII spaces and tabs, U+3000 (ideographic space) and U+00A0 at both ends.
std::string_view trim_spaces(std::string_view s);

/// trim_spaces(), with its common case inline: a cell that begins and ends with none of the
/// spaces' bytes (0x20, 0x09, or the 0xE3 0xC2 0xA0 0x80 of U+3000 and U+00A0 in UTF-8).
inline std::string_view trim(std::string_view s) {
    auto plain = [](char c) { return c != ' ' && c != '\t' && c != '\xE3' && c != '\xC2' && c != '\xA0' && c != '\x80'; };
    if (s.empty() || (plain(s.front()) && plain(s.back()))) return s;
    return trim_spaces(s);
}

/// An amount of yuan as fen: "12345.67", "35,000.00" (thousands separators only where they
/// group correctly: 1-3 leading digits then groups of exactly three), at most two decimals,
/// never negative. Empty is 0.
std::int64_t amount_fen(std::string_view cell, long line_no, const std::string& column);

/// amount_fen() for the common cells, inline: at most 15 digits, optionally a point and one or
/// two decimals; anything else (empty, separators, errors) goes to amount_fen().
inline std::int64_t amount_fen_fast(std::string_view cell, long line_no, const std::string& column) {
    const char* p = cell.data();
    const char* const end = p + cell.size();
    // at most 16 digits are read (one more than an amount may have): below 10^16, no overflow
    const char* const stop = end - p > 16 ? p + 16 : end;
    std::int64_t yuan = 0;
    while (p != stop && static_cast<unsigned>(*p - '0') < 10) yuan = yuan * 10 + (*p++ - '0');
    const std::size_t digits = static_cast<std::size_t>(p - cell.data());
    if (digits == 0 || digits > 15) return amount_fen(cell, line_no, column);
    if (p == end) return yuan * 100;
    if (*p != '.' || end - p < 2 || end - p > 3) return amount_fen(cell, line_no, column);
    const unsigned d1 = static_cast<unsigned>(p[1] - '0');
    const unsigned d2 = end - p == 3 ? static_cast<unsigned>(p[2] - '0') : 0;
    if (d1 > 9 || d2 > 9) return amount_fen(cell, line_no, column);
    return yuan * 100 + d1 * 10 + d2;
}

/// A whole number within [lo, hi].
int whole_number(std::string_view cell, long line_no, const std::string& column, int lo, int hi);

/// A cell for an output CSV: quoted (quotes doubled) when it holds a comma, quote or line break.
void append_cell(Text& out, std::string_view s);

/// The number of decimal digits of u.
inline int decimal_digits(std::uint64_t u) {
    int n = 1;
    for (; u >= 10000; u /= 10000) n += 4;
    return n + (u >= 10) + (u >= 100) + (u >= 1000);
}

// append_int and append_yuan write the digits straight into the Text, two at a time from a
// table of the pairs 00..99 (a run writes some twenty million numbers: a copy from a local buffer
// and a call for each was a good part of writing them, and a division per digit most of the rest).

namespace detail {
inline constexpr char kDigitPairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/// Writes the decimal digits of u ending just before `end`; returns the first one written.
inline char* digits_before(char* end, std::uint64_t u) {
    while (u >= 100) {
        const std::size_t pair = static_cast<std::size_t>(u % 100) * 2;
        u /= 100;
        *--end = kDigitPairs[pair + 1];
        *--end = kDigitPairs[pair];
    }
    if (u >= 10) {
        *--end = kDigitPairs[u * 2 + 1];
        *--end = kDigitPairs[u * 2];
    } else {
        *--end = static_cast<char>('0' + u);
    }
    return end;
}
}  // namespace detail

/// Appends a whole number (no sign for 0 and above; "-" and digits below).
inline void append_int(Text& out, std::int64_t v) {
    const std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    const std::size_t n = static_cast<std::size_t>(decimal_digits(u)) + (v < 0);
    char* p = detail::digits_before(out.room(n) + n, u);
    if (v < 0) *--p = '-';
    out.commit(n);
}

/// Appends fen as yuan with two decimals ("1234.56").
inline void append_yuan(Text& out, std::int64_t fen) {
    const bool negative = fen < 0;
    const std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
    const std::size_t n = static_cast<std::size_t>(decimal_digits(v / 100)) + 3 + negative;
    char* p = out.room(n) + n;
    const std::size_t cents = static_cast<std::size_t>(v % 100) * 2;
    *--p = detail::kDigitPairs[cents + 1];
    *--p = detail::kDigitPairs[cents];
    *--p = '.';
    p = detail::digits_before(p, v / 100);
    if (negative) *--p = '-';
    out.commit(n);
}

}  // namespace payroll
