// tools/payroll/input_text.cpp - see input_text.hpp.
#include "input_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/ucnv.h>

namespace payroll {

namespace {
constexpr std::size_t kMapFrom = std::size_t(2) << 20;  ///< 2 MiB: one huge page
}

namespace {
/// One large Text buffer freed and kept for the next Text that fits in it (or grown in place
/// from it): a large buffer that replaces another, as a growing one does, reuses the pages the
/// first faulted in (fresh pages are zero-filled by the kernel). Not for threads: the program
/// is one.
struct Spare {
    char* data = nullptr;
    std::size_t capacity = 0;
} spare;
}  // namespace

Text& Text::operator=(Text&& o) noexcept {
    if (this != &o) {
        release();
        data_ = o.data_, size_ = o.size_, capacity_ = o.capacity_;
        o.forget();
    }
    return *this;
}

void Text::release() noexcept {
    if (!data_) return;
    if (capacity_ >= kMapFrom && capacity_ > spare.capacity) {
        std::swap(data_, spare.data);
        std::swap(capacity_, spare.capacity);
    }
    free_large(data_, capacity_);
    forget();
}

void* allocate_large(std::size_t bytes) {
    if (bytes < kMapFrom) {
        void* p = std::malloc(bytes ? bytes : 1);
        if (!p) throw std::bad_alloc();
        return p;
    }
    bytes = (bytes + kMapFrom - 1) / kMapFrom * kMapFrom;
    void* m = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    ::madvise(m, bytes, MADV_HUGEPAGE);  // a hint: without it, ordinary pages
#endif
    return m;
}

void* allocate_large_zeroed(std::size_t bytes) {
    if (bytes >= kMapFrom) return allocate_large(bytes);  // anonymous pages are zero
    void* p = std::calloc(bytes ? bytes : 1, 1);
    if (!p) throw std::bad_alloc();
    return p;
}

void free_large(void* p, std::size_t bytes) noexcept {
    if (!p) return;
    if (bytes < kMapFrom) std::free(p);
    else ::munmap(p, (bytes + kMapFrom - 1) / kMapFrom * kMapFrom);
}

void Text::reserve(std::size_t capacity) {
    if (capacity <= capacity_) return;
    if (capacity >= kMapFrom) capacity = (capacity + kMapFrom - 1) / kMapFrom * kMapFrom;
    char* p = nullptr;
    if (capacity >= kMapFrom && spare.capacity >= capacity) {
        p = spare.data;
        capacity = spare.capacity;
        spare = Spare{};
    } else if (capacity >= kMapFrom && spare.data) {
        // the spare grown in place or moved by the kernel: its pages are kept (the state file's
        // for the payroll file's), only the rest is fresh
        void* m = ::mremap(spare.data, spare.capacity, capacity, MREMAP_MAYMOVE);
        if (m == MAP_FAILED) {
            p = static_cast<char*>(allocate_large(capacity));
        } else {
            p = static_cast<char*>(m);
            spare = Spare{};
#ifdef MADV_HUGEPAGE
            ::madvise(p, capacity, MADV_HUGEPAGE);
#endif
        }
    } else {
        p = static_cast<char*>(allocate_large(capacity));
    }
    if (size_) std::memcpy(p, data_, size_);
    const std::size_t size = size_;
    release();
    data_ = p, size_ = size, capacity_ = capacity;
}

void Text::erase_front(std::size_t n) {
    n = std::min(n, size_);
    std::memmove(data_, data_ + n, size_ - n);
    size_ -= n;
}

Text read_file(const std::string& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw InputProblem{0, "(file)", "payroll.problem.cannot_open", {{"path", path}, {"reason", std::strerror(errno)}}};
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw Fault{"payroll.fault.stat", {{"path", path}, {"reason", std::strerror(errno)}}};
    if (!S_ISREG(st.st_mode)) throw InputProblem{0, "(file)", "payroll.problem.not_regular", {{"path", path}}};
    const auto too_large = [&] {
        return InputProblem{0, "(file)", "payroll.problem.too_large", {{"path", path}, {"bytes", std::to_string(max_bytes)}}};
    };
    if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) throw too_large();
    // read straight into the buffer; the file may grow while read: never hold more than max_bytes + 1
    Text data(static_cast<std::size_t>(st.st_size) + 1);
    while (true) {
        if (data.size() > max_bytes) throw too_large();
        if (data.size() == data.capacity()) data.reserve(std::min(max_bytes + 1, data.capacity() * 2));  // it grew
        const std::size_t want = std::min(data.capacity(), max_bytes + 1) - data.size();
        const ssize_t n = ::read(fd, data.data() + data.size(), want);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Fault{"payroll.fault.read", {{"path", path}, {"bytes", std::to_string(data.size())}, {"reason", std::strerror(errno)}}};
        }
        data.commit(static_cast<std::size_t>(n));
    }
    if (data.size() > max_bytes) throw too_large();
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
            while (end - p >= 8) {  // ASCII eight bytes at a time
                std::uint64_t w;
                std::memcpy(&w, p, 8);
                if (w & 0x8080808080808080ULL) break;
                p += 8;
            }
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
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter open_converter(const char* name) {
    UErrorCode status = U_ZERO_ERROR;
    Converter c(ucnv_open(name, &status));
    if (U_FAILURE(status)) throw Fault{"payroll.fault.icu", {{"name", name}, {"reason", u_errorName(status)}}};
    if (std::strcmp(name, "GB18030") == 0) ucnv_setToUCallBack(c.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    return c;
}

/// One code point (below 0x110000, not a surrogate) as UTF-8; returns its length.
int put_utf8(char* out, char32_t cp) {
    if (cp < 0x80) return out[0] = static_cast<char>(cp), 1;
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

/// A GB18030 sequence decoded by ICU into UTF-8 (at most 8 bytes out); 0 when ICU refuses it or
/// it is not exactly one character.
int icu_one(UConverter* from, const char* seq, int len, char* out) {
    UErrorCode status = U_ZERO_ERROR;
    ucnv_reset(from);
    UChar u[4];
    const int32_t n = ucnv_toUChars(from, u, 4, seq, len, &status);
    if (U_FAILURE(status) || n < 1 || n > 2) return 0;
    char32_t cp = u[0];
    if (n == 2) {
        if (u[0] < 0xD800 || u[0] > 0xDBFF || u[1] < 0xDC00 || u[1] > 0xDFFF) return 0;
        cp = 0x10000 + ((static_cast<char32_t>(u[0]) - 0xD800) << 10) + (u[1] - 0xDC00);
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        return 0;
    }
    return put_utf8(out, cp);
}

/// ICU's decoding of every two-byte GB18030 sequence (lead 0x81-0xFE, trail 0x40-0x7E or
/// 0x80-0xFE: 23,940 of them), taken once; a character GB18030 maps beyond the BMP or ICU refuses
/// has length 0 and is left to ICU.
struct TwoByteTable {
    struct Entry {
        char utf8[3];
        std::uint8_t len;
    };
    static constexpr int trail_count = 0xFF - 0x40;  // trails 0x40..0xFE (0x7F has length 0)
    Entry entries[126 * trail_count];

    explicit TwoByteTable(UConverter* from) {
        for (int lead = 0x81; lead <= 0xFE; ++lead)
            for (int trail = 0x40; trail <= 0xFE; ++trail) {
                Entry& e = entries[(lead - 0x81) * trail_count + (trail - 0x40)];
                e = Entry{};
                if (trail == 0x7F) continue;
                const char seq[2] = {static_cast<char>(lead), static_cast<char>(trail)};
                char out[8];
                const int n = icu_one(from, seq, 2, out);
                if (n >= 1 && n <= 3) {
                    std::memcpy(e.utf8, out, static_cast<std::size_t>(n));
                    e.len = static_cast<std::uint8_t>(n);
                }
            }
    }
};

/// The fast decoding; false when a sequence is beyond it (then ICU decodes the text, and names
/// the byte it refuses). Appends to `out`.
bool gb18030_fast(std::string_view raw, UConverter* from, const TwoByteTable& table, Text& out) {
    const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
    const auto* end = p + raw.size();
    // at most 4 bytes of UTF-8 for each byte in (a two-byte sequence: 3; a four-byte one: 4)
    out.reserve(out.size() + raw.size() + raw.size() / 2 + 16);
    while (p < end) {
        char* o = out.room(64);
        char* const o_end = o + 48;
        while (p < end && o < o_end) {
            const unsigned char c = *p;
            if (c < 0x80) {
                if (end - p >= 8 && o_end - o >= 8) {
                    std::uint64_t w;
                    std::memcpy(&w, p, 8);
                    if ((w & 0x8080808080808080ULL) == 0) {
                        std::memcpy(o, p, 8);
                        p += 8, o += 8;
                        continue;
                    }
                }
                *o++ = static_cast<char>(c);
                ++p;
                continue;
            }
            if (c == 0x80 || c == 0xFF || end - p < 2) return false;
            const unsigned char t = p[1];
            if (t >= 0x40 && t <= 0xFE) {
                const TwoByteTable::Entry& e = table.entries[(c - 0x81) * TwoByteTable::trail_count + (t - 0x40)];
                if (e.len == 0) return false;
                std::memcpy(o, e.utf8, 3);
                o += e.len;
                p += 2;
                continue;
            }
            if (t < 0x30 || t > 0x39 || end - p < 4) return false;
            const int n = icu_one(from, reinterpret_cast<const char*>(p), 4, o);
            if (n == 0) return false;
            o += n;
            p += 4;
        }
        out.commit(static_cast<std::size_t>(o - (out.data() + out.size())));
    }
    return true;
}

bool gb18030_fast(std::string_view raw, Text& out) {
    Converter from = open_converter("GB18030");
    const auto table = std::make_unique<TwoByteTable>(from.get());
    return gb18030_fast(raw, from.get(), *table, out);
}

}  // namespace

namespace {

/// ICU's decoding of `raw` into `out`; false with the offset of the byte it refuses and its
/// error's name.
bool icu_decode(std::string_view raw, std::string& out, std::size_t& refused_at, const char*& error) {
    Converter from = open_converter("GB18030");
    Converter to = open_converter("UTF-8");
    out.assign(raw.size() * 3 / 2 + 16, '\0');
    char* target = out.data();
    const char* source = raw.data();
    UChar pivot[4096];
    UChar* pivot_source = pivot;
    UChar* pivot_target = pivot;
    while (true) {
        UErrorCode status = U_ZERO_ERROR;
        ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source, raw.data() + raw.size(), pivot,
                       &pivot_source, &pivot_target, pivot + 4096, false, true, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            const std::size_t used = static_cast<std::size_t>(target - out.data());
            out.resize(out.size() * 2);
            target = out.data() + used;
            continue;
        }
        if (U_FAILURE(status)) {
            refused_at = static_cast<std::size_t>(source - raw.data());
            error = u_errorName(status);
            return false;
        }
        break;
    }
    out.resize(static_cast<std::size_t>(target - out.data()));
    return true;
}

InputProblem not_gb18030(long line, std::size_t byte, const char* error) {
    return InputProblem{line, "(file)", "payroll.problem.not_gb18030", {{"byte", std::to_string(byte)}, {"icu", error}}};
}

InputProblem not_utf8(long line, std::size_t byte) {
    return InputProblem{line, "(file)", "payroll.problem.not_utf8", {{"byte", std::to_string(byte)}}};
}

}  // namespace

std::string gb18030_to_utf8_icu(std::string_view raw) {
    std::string out;
    std::size_t at = 0;
    const char* error = "";
    if (!icu_decode(raw, out, at, error)) throw not_gb18030(line_of(raw, at), at, error);
    return out;
}

Text to_utf8(Text raw, Encoding encoding, const char** detected) {
    const bool bom = raw.size() >= 3 && raw.view().substr(0, 3) == "\xEF\xBB\xBF";
    const std::size_t bad = encoding == Encoding::gb18030 ? 0 : first_invalid_utf8(raw.view().substr(bom ? 3 : 0));
    if (encoding == Encoding::utf8 || (encoding == Encoding::automatic && (bom || bad == std::string_view::npos))) {
        if (bom) raw.erase_front(3);
        if (bad != std::string_view::npos) throw not_utf8(line_of(raw, bad), bad);
        *detected = bom ? "UTF-8 with BOM" : "UTF-8";
        return raw;
    }
    *detected = "GB18030";
    Text out;
    if (gb18030_fast(raw, out)) return out;
    const std::string slow = gb18030_to_utf8_icu(raw);  // throws naming the byte ICU refuses
    Text text(slow.size() + 1);
    text.append(slow);
    return text;
}

LineChunks::LineChunks(const std::string& path, std::size_t max_bytes, std::size_t piece_bytes)
    : path_(path), max_bytes_(max_bytes), piece_bytes_(piece_bytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) throw InputProblem{0, "(file)", "payroll.problem.cannot_open", {{"path", path}, {"reason", std::strerror(errno)}}};
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        const int e = errno;
        ::close(fd_);
        throw Fault{"payroll.fault.stat", {{"path", path}, {"reason", std::strerror(e)}}};
    }
    InputProblem refused;
    if (!S_ISREG(st.st_mode)) refused = InputProblem{0, "(file)", "payroll.problem.not_regular", {{"path", path}}};
    else if (static_cast<std::uintmax_t>(st.st_size) > max_bytes)
        refused = InputProblem{0, "(file)", "payroll.problem.too_large", {{"path", path}, {"bytes", std::to_string(max_bytes)}}};
    if (!refused.id.empty()) {
        ::close(fd_);
        throw refused;
    }
    file_size_ = static_cast<std::size_t>(st.st_size);
    buffer_.reserve(std::min(piece_bytes_, file_size_ + 1));
}

LineChunks::~LineChunks() { ::close(fd_); }

void LineChunks::fill() {
    while (!eof_ && buffer_.size() < buffer_.capacity()) {
        const ssize_t n = ::read(fd_, buffer_.data() + buffer_.size(), buffer_.capacity() - buffer_.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Fault{"payroll.fault.read", {{"path", path_}, {"bytes", std::to_string(read_)}, {"reason", std::strerror(errno)}}};
        }
        if (n == 0) {
            eof_ = true;
            break;
        }
        buffer_.commit(static_cast<std::size_t>(n));
        read_ += static_cast<std::size_t>(n);
        if (read_ > max_bytes_)  // it grew while read
            throw InputProblem{0, "(file)", "payroll.problem.too_large", {{"path", path_}, {"bytes", std::to_string(max_bytes_)}}};
    }
}

bool LineChunks::next(std::string_view& piece) {
    buffer_.erase_front(returned_);  // what is left is the start of a line (short)
    returned_ = 0;
    std::size_t n = 0;
    while (true) {
        fill();
        if (buffer_.empty()) return false;
        if (const void* nl = ::memrchr(buffer_.data(), '\n', buffer_.size())) {
            n = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.data()) + 1;
            break;
        }
        if (eof_) {
            n = buffer_.size();
            break;
        }
        buffer_.reserve(buffer_.capacity() * 2);  // a line longer than the buffer
    }
    piece = std::string_view(buffer_.data(), n);
    returned_ = n;
    piece_offset_ = next_offset_;
    next_offset_ += n;
    return true;
}

struct Utf8Pieces::Decoder {
    Converter from = open_converter("GB18030");
    TwoByteTable table{from.get()};
};

Utf8Pieces::Utf8Pieces(const std::string& path, Encoding encoding) : chunks_(path) {
    first_pending_ = chunks_.next(first_);
    const bool bom = first_.size() >= 3 && first_.substr(0, 3) == "\xEF\xBB\xBF";
    if (first_pending_) {
        const std::size_t lines = static_cast<std::size_t>(std::count(first_.begin(), first_.end(), '\n'));
        estimated_lines_ = static_cast<std::size_t>(static_cast<double>(chunks_.file_size()) * static_cast<double>(lines + 1) /
                                                    static_cast<double>(first_.size())) + 1;
    }
    const bool valid = encoding != Encoding::gb18030 && first_invalid_utf8(first_.substr(bom ? 3 : 0)) == std::string_view::npos;
    if (encoding == Encoding::utf8 || (encoding == Encoding::automatic && (bom || valid))) {
        automatic_utf8_ = encoding == Encoding::automatic && !bom;
        if (bom) skip_ = 3, first_.remove_prefix(3);
        detected_ = bom ? "UTF-8 with BOM" : "UTF-8";
        return;  // the first piece is checked when returned, as every piece
    }
    detected_ = "GB18030";
    decoder_ = std::make_unique<Decoder>();
}

Utf8Pieces::~Utf8Pieces() = default;

bool Utf8Pieces::next(std::string_view& piece, long lines_before) {
    lines_ = lines_before;
    std::string_view raw;
    if (first_pending_) {
        raw = first_;
        first_pending_ = false;
    } else if (!chunks_.next(raw)) {
        return false;
    }
    return take(raw, piece);
}

bool Utf8Pieces::take(std::string_view raw, std::string_view& piece) {
    const std::size_t offset = chunks_.piece_offset() + (chunks_.piece_offset() == 0 ? skip_ : 0);  // where `raw` begins in the file
    if (!decoder_) {  // UTF-8: the text itself
        if (const std::size_t bad = first_invalid_utf8(raw); bad != std::string_view::npos) {
            if (automatic_utf8_) throw NotUtf8{};
            throw not_utf8(lines_ + line_of(raw, bad), offset - skip_ + bad);
        }
        piece = raw;
        return true;
    }
    // in GB18030 the byte 0x0A is a line feed and nothing else (no sequence has it as a trail
    // byte), so a piece of whole lines decodes alone, and ICU refuses the byte it would refuse
    // in the whole text
    out_.clear();
    if (!gb18030_fast(raw, decoder_->from.get(), decoder_->table, out_)) {
        std::string slow;  // beyond the fast decoding: ICU decodes the piece
        std::size_t at = 0;
        const char* error = "";
        if (!icu_decode(raw, slow, at, error)) throw not_gb18030(lines_ + line_of(raw, at), offset + at, error);
        out_.clear();
        out_.append(slow);
    }
    piece = out_.view();
    return true;
}

std::string_view trim_spaces(std::string_view s) {
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
    {
        // nearly every line of an export has no quote: its cells end at commas, and a quote met
        // on the way starts the line over the long way below (one pass over the line, not two)
        const char* p = line.data();
        const char* const end = p + line.size();
        bool quoted = false;
        while (true) {
            const char* c = p;
            while (c != end && *c != ',' && *c != '"') ++c;
            if (c != end && *c == '"') {
                quoted = true;
                break;
            }
            cells.push_back(trim(std::string_view(p, static_cast<std::size_t>(c - p))));
            if (c == end) break;
            p = c + 1;
        }
        if (!quoted) return;
        cells.clear();
    }
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
                    throw InputProblem{line_no, "(row)", "payroll.problem.quote_not_closed", {{"cell", std::to_string(cells.size() + 1)}}};
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
                throw InputProblem{line_no, "(row)", "payroll.problem.text_after_quote", {{"cell", std::to_string(cells.size() + 1)}}};
            cells.push_back(trim(std::string_view(scratch).substr(start)));
        } else {
            const std::size_t comma = std::min(line.find(',', i), line.size());
            const std::string_view raw = line.substr(i, comma - i);
            if (raw.find('"') != std::string_view::npos)
                throw InputProblem{line_no, "(row)", "payroll.problem.quote_in_cell", {{"cell", std::to_string(cells.size() + 1)}}};
            cells.push_back(trim(raw));
            i = comma;
        }
        if (i >= line.size()) return;
        ++i;  // the comma
    }
}

std::int64_t amount_fen(std::string_view s, long line_no, const std::string& column) {
    if (s.empty()) return 0;
    auto bad = [&](const char* id) {
        return InputProblem{line_no, column, id, {{"value", std::string(s)}}};
    };
    std::size_t i = 0;
    std::int64_t yuan = 0;
    int digits = 0, group = 0;
    bool grouped = false;
    for (; i < s.size() && s[i] != '.'; ++i) {
        const char c = s[i];
        if (c == ',') {
            if (digits == 0 || (grouped ? group != 3 : group > 3)) throw bad("payroll.problem.amount_separator");
            grouped = true;
            group = 0;
            continue;
        }
        if (c == '-') throw bad("payroll.problem.amount_negative");
        if (c < '0' || c > '9') throw bad("payroll.problem.amount_not_yuan");
        if (++digits > 15) throw bad("payroll.problem.amount_range");
        yuan = yuan * 10 + (c - '0');
        ++group;
    }
    if (digits == 0) throw bad("payroll.problem.amount_no_digits");
    if (grouped && group != 3) throw bad("payroll.problem.amount_separator");
    std::int64_t fen = 0;
    if (i < s.size()) {
        const std::string_view dec = s.substr(i + 1);
        if (dec.empty() || dec.size() > 2) throw bad("payroll.problem.amount_decimals");
        for (char c : dec)
            if (c < '0' || c > '9') throw bad("payroll.problem.amount_decimal_digits");
        fen = (dec[0] - '0') * 10 + (dec.size() == 2 ? dec[1] - '0' : 0);
    }
    return yuan * 100 + fen;
}

int whole_number(std::string_view s, long line_no, const std::string& column, int lo, int hi) {
    int v = 0;
    if (s.empty() || s.size() > 6) throw InputProblem{line_no, column, "payroll.problem.whole_number", {{"value", std::string(s)}}};
    for (char c : s) {
        if (c < '0' || c > '9') throw InputProblem{line_no, column, "payroll.problem.whole_number", {{"value", std::string(s)}}};
        v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi)
        throw InputProblem{line_no, column, "payroll.problem.not_between", {{"value", std::string(s)}, {"lo", std::to_string(lo)}, {"hi", std::to_string(hi)}}};
    return v;
}

void append_cell(Text& out, std::string_view s) {
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

}  // namespace payroll
