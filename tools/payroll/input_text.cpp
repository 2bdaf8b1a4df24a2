// tools/payroll/input_text.cpp - see input_text.hpp.
#include "input_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/ucnv.h>

namespace payroll {

std::string read_file(const std::string& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw InputProblem{0, "(file)", "cannot open " + path + ": " + std::strerror(errno)};
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw Fault{"cannot stat " + path + ": " + std::strerror(errno)};
    if (!S_ISREG(st.st_mode)) throw InputProblem{0, "(file)", path + " is not a regular file (a directory, FIFO, device or socket); refused"};
    const auto too_large = [&] {
        return InputProblem{0, "(file)", path + " is larger than " + std::to_string(max_bytes) + " bytes; refused"};
    };
    if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) throw too_large();
    // read straight into the string; the file may grow while read: never hold more than max_bytes + 1
    std::string data(static_cast<std::size_t>(st.st_size) + 1, '\0');
    std::size_t used = 0;
    while (true) {
        if (used == data.size()) {
            if (data.size() > max_bytes) throw too_large();
            data.resize(std::min(max_bytes + 1, data.size() * 2));
        }
        const ssize_t n = ::read(fd, data.data() + used, data.size() - used);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Fault{"reading " + path + " failed after " + std::to_string(used) + " bytes: " + std::strerror(errno)};
        }
        used += static_cast<std::size_t>(n);
    }
    if (used > max_bytes) throw too_large();
    data.resize(used);
    return data;
}

namespace {

/// The offset of the first byte that is not well-formed UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s) {
    const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
    const auto* p = begin;
    const auto* end = p + s.size();
    while (p < end) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        int n = 0;
        unsigned cp = 0;
        if ((*p & 0xE0) == 0xC0) n = 1, cp = *p & 0x1F;
        else if ((*p & 0xF0) == 0xE0) n = 2, cp = *p & 0x0F;
        else if ((*p & 0xF8) == 0xF0) n = 3, cp = *p & 0x07;
        else return static_cast<std::size_t>(p - begin);
        if (end - p <= n) return static_cast<std::size_t>(p - begin);
        for (int i = 1; i <= n; ++i) {
            if ((p[i] & 0xC0) != 0x80) return static_cast<std::size_t>(p - begin);
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return static_cast<std::size_t>(p - begin);
        p += n + 1;
    }
    return std::string_view::npos;
}

long line_of(std::string_view s, std::size_t offset) {
    long line = 1;
    for (std::size_t i = 0; i < offset && i < s.size(); ++i) line += s[i] == '\n';
    return line;
}

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};

std::string gb18030_to_utf8(const std::string& raw) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> from(ucnv_open("GB18030", &status));
    if (U_FAILURE(status)) throw Fault{std::string("ICU has no GB18030 converter: ") + u_errorName(status)};
    ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::unique_ptr<UConverter, ConverterCloser> to(ucnv_open("UTF-8", &status));
    if (U_FAILURE(status)) throw Fault{std::string("ICU has no UTF-8 converter: ") + u_errorName(status)};
    std::string out(raw.size() * 3 / 2 + 16, '\0');
    char* target = out.data();
    const char* source = raw.data();
    UChar pivot[4096];
    UChar* pivot_source = pivot;
    UChar* pivot_target = pivot;
    while (true) {
        status = U_ZERO_ERROR;
        ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source, raw.data() + raw.size(), pivot,
                       &pivot_source, &pivot_target, pivot + 4096, false, true, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            const std::size_t used = static_cast<std::size_t>(target - out.data());
            out.resize(out.size() * 2);
            target = out.data() + used;
            continue;
        }
        if (U_FAILURE(status)) {
            const std::size_t at = static_cast<std::size_t>(source - raw.data());
            throw InputProblem{line_of(raw, at), "(file)",
                               "byte " + std::to_string(at) + " is neither UTF-8 nor GB18030 text (" + u_errorName(status) + ")"};
        }
        break;
    }
    out.resize(static_cast<std::size_t>(target - out.data()));
    return out;
}

}  // namespace

std::string to_utf8(std::string raw, Encoding encoding, const char** detected) {
    const bool bom = raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0;
    if (encoding == Encoding::utf8 || (encoding == Encoding::automatic && (bom || first_invalid_utf8(raw) == std::string_view::npos))) {
        if (bom) raw.erase(0, 3);
        const std::size_t bad = first_invalid_utf8(raw);
        if (bad != std::string_view::npos)
            throw InputProblem{line_of(raw, bad), "(file)", "not valid UTF-8 (byte " + std::to_string(bad) + "); save as UTF-8 or GB18030"};
        *detected = bom ? "UTF-8 with BOM" : "UTF-8";
        return raw;
    }
    *detected = "GB18030";
    return gb18030_to_utf8(raw);
}

std::string_view trim(std::string_view s) {
    auto space_at_front = [&](std::size_t& n) {
        if (s.empty()) return false;
        if (s[0] == ' ' || s[0] == '\t') return n = 1, true;
        if (s.size() >= 3 && s.compare(0, 3, "\xE3\x80\x80") == 0) return n = 3, true;  // U+3000
        if (s.size() >= 2 && s.compare(0, 2, "\xC2\xA0") == 0) return n = 2, true;      // U+00A0
        return false;
    };
    auto space_at_back = [&](std::size_t& n) {
        if (s.empty()) return false;
        if (s.back() == ' ' || s.back() == '\t') return n = 1, true;
        if (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) return n = 3, true;
        if (s.size() >= 2 && s.compare(s.size() - 2, 2, "\xC2\xA0") == 0) return n = 2, true;
        return false;
    };
    std::size_t n = 0;
    while (space_at_front(n)) s.remove_prefix(n);
    while (space_at_back(n)) s.remove_suffix(n);
    return s;
}

void split_cells(std::string_view line, long line_no, std::vector<std::string_view>& cells, std::string& scratch) {
    cells.clear();
    scratch.clear();
    scratch.reserve(line.size());  // views into it stay valid: it never grows past this
    std::size_t i = 0;
    while (true) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i < line.size() && line[i] == '"') {
            const std::size_t start = scratch.size();
            ++i;
            while (true) {
                if (i >= line.size())
                    throw InputProblem{line_no, "(row)", "cell " + std::to_string(cells.size() + 1) +
                                                             ": quoted cell not closed on this line (cells may not span lines)"};
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        scratch += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                scratch += line[i++];
            }
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
            if (i < line.size() && line[i] != ',')
                throw InputProblem{line_no, "(row)", "cell " + std::to_string(cells.size() + 1) + ": text after a closing quote"};
            cells.push_back(trim(std::string_view(scratch).substr(start)));
        } else {
            const std::size_t comma = std::min(line.find(',', i), line.size());
            const std::string_view raw = line.substr(i, comma - i);
            if (raw.find('"') != std::string_view::npos)
                throw InputProblem{line_no, "(row)", "cell " + std::to_string(cells.size() + 1) + ": a quote in an unquoted cell"};
            cells.push_back(trim(raw));
            i = comma;
        }
        if (i >= line.size()) return;
        ++i;  // the comma
    }
}

std::int64_t amount_fen(std::string_view s, long line_no, const std::string& column) {
    if (s.empty()) return 0;
    auto bad = [&](const std::string& why) {
        return InputProblem{line_no, column, "'" + std::string(s) + "' " + why};
    };
    std::size_t i = 0;
    std::int64_t yuan = 0;
    int digits = 0, group = 0;
    bool grouped = false;
    for (; i < s.size() && s[i] != '.'; ++i) {
        const char c = s[i];
        if (c == ',') {
            if (digits == 0 || (grouped ? group != 3 : group > 3)) throw bad("has a misplaced thousands separator");
            grouped = true;
            group = 0;
            continue;
        }
        if (c == '-') throw bad("is negative; amounts must not be negative");
        if (c < '0' || c > '9') throw bad("is not an amount of yuan (digits, optional thousands separators, at most two decimals)");
        if (++digits > 15) throw bad("is beyond the supported range of 10^15 yuan");
        yuan = yuan * 10 + (c - '0');
        ++group;
    }
    if (digits == 0) throw bad("is not an amount of yuan (no digits before the point)");
    if (grouped && group != 3) throw bad("has a misplaced thousands separator");
    std::int64_t fen = 0;
    if (i < s.size()) {
        const std::string_view dec = s.substr(i + 1);
        if (dec.empty() || dec.size() > 2) throw bad("needs one or two decimals after the point (amounts are whole fen)");
        for (char c : dec)
            if (c < '0' || c > '9') throw bad("is not an amount of yuan");
        fen = (dec[0] - '0') * 10 + (dec.size() == 2 ? dec[1] - '0' : 0);
    }
    return yuan * 100 + fen;
}

int whole_number(std::string_view s, long line_no, const std::string& column, int lo, int hi) {
    int v = 0;
    if (s.empty() || s.size() > 6) throw InputProblem{line_no, column, "expected a whole number, got '" + std::string(s) + "'"};
    for (char c : s) {
        if (c < '0' || c > '9') throw InputProblem{line_no, column, "expected a whole number, got '" + std::string(s) + "'"};
        v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi)
        throw InputProblem{line_no, column, std::string(s) + " is not between " + std::to_string(lo) + " and " + std::to_string(hi)};
    return v;
}

void append_cell(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(s);
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_yuan(std::string& out, std::int64_t fen) {
    char buf[32];
    char* p = buf + sizeof buf;
    const bool negative = fen < 0;
    std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
    *--p = '.';
    do {
        *--p = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v);
    if (negative) *--p = '-';
    out.append(p, static_cast<std::size_t>(buf + sizeof buf - p));
}

}  // namespace payroll
