// libtax/core/explanation.hpp - the steps of a calculation, each with its figure and basis.
#pragma once

#include <string>
#include <vector>

#include "libtax/core/legal_source.hpp"

namespace libtax {

/// One step: what was computed, the figure, how, and (for table values) the legal basis.
struct Step {
    std::string label;    ///< "taxable income"
    std::string value;    ///< "886000.00"
    std::string formula;  ///< "income amount - basic deduction - ..." (may be empty)
    std::string basis;    ///< legal source of the table value used (may be empty)
};

/// The explanation of one result. Calculators fill it only when asked (a null pointer skips
/// all formatting, which is what batch runs do).
class Explanation {
public:
    Explanation() noexcept = default;  // no string built: every result holds one, most stay empty
    explicit Explanation(std::string title) : title_(std::move(title)) {}
    void add(std::string label, std::string value, std::string formula = {}, std::string basis = {}) {
        steps_.push_back({std::move(label), std::move(value), std::move(formula), std::move(basis)});
    }
    void note(std::string text) { notes_.push_back(std::move(text)); }
    /// Appends another explanation's steps under a heading (for composite results).
    void append(const Explanation& other, const std::string& prefix = {});
    const std::string& title() const noexcept { return title_; }
    void set_title(std::string t) { title_ = std::move(t); }
    const std::vector<Step>& steps() const noexcept { return steps_; }
    const std::vector<std::string>& notes() const noexcept { return notes_; }
    /// Readable multi-line text: the title, one line per step, then notes.
    std::string text() const;

private:
    std::string title_;
    std::vector<Step> steps_;
    std::vector<std::string> notes_;
};

}  // namespace libtax

namespace libtax {

inline void Explanation::append(const Explanation& other, const std::string& prefix) {
    for (const auto& s : other.steps_)
        steps_.push_back({prefix.empty() ? s.label : prefix + ": " + s.label, s.value, s.formula, s.basis});
    for (const auto& n : other.notes_) notes_.push_back(n);
}

inline std::string Explanation::text() const {
    std::string out = title_.empty() ? std::string() : title_ + "\n";
    std::size_t width = 0;
    for (const auto& s : steps_) width = s.label.size() > width ? s.label.size() : width;
    for (const auto& s : steps_) {
        out += "  " + s.label + std::string(width - s.label.size(), ' ') + "  " + s.value;
        if (!s.formula.empty()) out += "   = " + s.formula;
        out += "\n";
        if (!s.basis.empty()) out += "  " + std::string(width, ' ') + "    basis: " + s.basis + "\n";
    }
    for (const auto& n : notes_) out += "  note: " + n + "\n";
    return out;
}

}  // namespace libtax
