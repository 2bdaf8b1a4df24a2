// libtax-calc: rendering the one-page answer (summary.hpp) as text and as JSON.
#include "summary.hpp"

#include <algorithm>

#include "libtax/core/language.hpp"  // display_width

namespace libtax_calc {

using libtax::TraceArgs;
using libtax::json_string;
using libtax::message_id;

namespace {

using libtax::display_width;

std::string pad(const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
    return s + std::string(w < width ? width - w : 1, ' ');
}

/// " [UNCONFIRMED] [WHAT-IF]": the marks of a figure's raised flags.
std::string marks(const Flags& f, const libtax::Catalogue& cat) {
    std::string out;
    if (f.what_if) out += " " + cat.format("calc.summary.mark.what_if");
    if (f.foreign_projection) out += " " + cat.format("calc.summary.mark.projection_not_law");
    else if (f.projection) out += " " + cat.format("calc.summary.mark.projection");
    if (f.unconfirmed) out += " " + cat.format("calc.summary.mark.unconfirmed");
    if (f.not_law) out += " " + cat.format("calc.summary.mark.not_law");
    return out;
}

std::string bonus_text(const std::string& treatment, const libtax::Catalogue& cat) {
    return cat.format("calc.summary.bonus." + treatment);
}

/// With income.allowances: "; <the cheaper allowance treatment> after relief, saving S (exemptions E,
/// deductions D)"; empty without allowances.
std::string allowance_text(const RegimeLine& r, const libtax::Catalogue& cat) {
    if (r.allowances.empty()) return {};
    return cat.format("calc.summary.allowances", {{"treatment", cat.format("calc.summary.allowances." + r.allowances)},
                                                  {"saving", r.allowance_saving.str()},
                                                  {"exemptions", r.exemptions_tax.str()},
                                                  {"deductions", r.deductions_tax.str()}});
}

std::string residence_text(const Summary& s, const libtax::Catalogue& cat) {
    std::string out = cat.format("calc.summary.residence." + s.residence);
    if (s.residence_days) out += cat.format("calc.summary.residence_days", {{"days", std::to_string(*s.residence_days)}});
    if (s.residence_from != "domicile" && s.residence_from != "assumed")
        out += cat.format("calc.summary.residence_from", {{"source", "person." + s.residence_from}});
    return out;
}

std::string indent(int n) { return std::string(static_cast<std::size_t>(n) * 2, ' '); }

std::string amount_json(Money m, const Flags& f) { return "{\"amount\": " + json_string(m.str()) + ", " + flags_json(f) + "}"; }

}  // namespace

std::string flags_json(const Flags& f) {
    return std::string("\"what_if\": ") + (f.what_if ? "true" : "false") + ", \"unconfirmed\": " + (f.unconfirmed ? "true" : "false") +
           ", \"projection\": " + (f.projection || f.foreign_projection ? "true" : "false") + ", \"not_law\": " + (f.not_law ? "true" : "false");
}

std::string render_summary_text(const Summary& s, const libtax::Catalogue& cat) {
    std::vector<std::pair<std::string, std::string>> rows;  // label, value
    rows.push_back({cat.format("calc.summary.person"),
                    cat.format("calc.summary.person_value", {{"identity", cat.has("calc.value." + s.identity) ? cat.format("calc.value." + s.identity) : s.identity},
                                                             {"residence", residence_text(s, cat)}})});
    if (!s.sourcing.empty())
        rows.push_back({cat.format("calc.summary.sourcing"), cat.format("calc.summary.with_note", {{"value", s.sourced_wages.str()}, {"note", libtax::bilingual(s.sourcing, s.sourcing_zh)}})});
    if (!s.monthly_tax.empty()) {
        Money total;
        bool equal = true;
        std::string each;
        for (const auto& [month, tax] : s.monthly_tax) {
            total = total + tax;
            equal = equal && tax == s.monthly_tax.front().second;
            each += (each.empty() ? "" : "; ") + month + ": " + tax.str();
        }
        rows.push_back({cat.format("calc.summary.monthly"),
                        equal ? cat.format("calc.summary.monthly_equal", {{"months", std::to_string(s.monthly_tax.size())},
                                                                          {"tax", s.monthly_tax.front().second.str()},
                                                                          {"total", total.str()}})
                              : each + " = " + total.str()});
    }
    rows.push_back({cat.format("calc.summary.total_income"), s.total_income.str()});
    rows.push_back({cat.format("calc.summary.tax_before_relief"),
                    cat.format("calc.summary.with_note", {{"value", s.tax_before_relief.str() + marks(s.tax_flags, cat)}, {"note", bonus_text(s.bonus_before, cat)}})});
    if (s.allowances_tax_without_relief)
        rows.push_back({cat.format("calc.summary.allowances_without_relief"),
                        cat.format("calc.summary.allowances_no_regime", {{"tax", s.allowances_tax_without_relief->str()},
                                                                         {"treatment", cat.format("calc.summary.allowances." + s.allowances_without_relief)}})});
    for (const RegimeLine& r : s.regimes) {
        std::string v;
        if (!r.computed) v = cat.format("calc.summary.regime_not_computed", {{"reason", r.why_not}});
        else if (!r.eligible) v = cat.format("calc.summary.regime_not_eligible", {{"reason", libtax::bilingual(r.why_not, r.why_not_zh)}});
        else
            v = cat.format("calc.summary.regime", {{"relief", r.relief.str()}, {"tax", r.tax_after_relief.str()}, {"bonus", bonus_text(r.bonus, cat)}}) +
                allowance_text(r, cat) + marks(r.flags, cat);
        rows.push_back({cat.format("calc.summary.regime_label", {{"regime", r.name}}), v});
    }
    const RegimeLine* best = s.best < 0 ? nullptr : &s.regimes[static_cast<std::size_t>(s.best)];
    std::string best_text = best ? cat.format("calc.summary.best_regime", {{"regime", best->name}, {"bonus", bonus_text(s.bonus_due, cat)}})
                                 : cat.format("calc.summary.best_none", {{"bonus", bonus_text(s.bonus_due, cat)}});
    if (best) best_text += allowance_text(*best, cat);
    // a choice resting on a carried-forward Hong Kong / Macao table says so on its line too
    if (best && best->flags.foreign_projection) best_text += " " + cat.format("calc.summary.mark.projection_not_law");
    rows.push_back({cat.format("calc.summary.best"), best_text});
    rows.push_back({cat.format("calc.summary.net_income"), s.net_income.str() + marks(s.due_flags, cat)});
    rows.push_back({cat.format("calc.summary.tax_due"), s.tax_due.str() + marks(s.due_flags, cat)});

    std::size_t width = 0;
    for (const auto& [label, value] : rows) width = std::max(width, display_width(label));
    std::string out = "== " + cat.format("calc.summary.heading", {{"year", std::to_string(s.year)}}) + " ==\n";
    for (const Banner& b : s.banners) out += "!! " + cat.format(b.id, b.args) + "\n";
    for (const auto& [label, value] : rows) out += pad(label, width + 2) + value + "\n";
    return out;
}

/// With income.allowances: `"allowance_treatment": ..., "allowance_saving": ...,
/// "exemptions_tax_after_relief": ..., "deductions_tax_after_relief": ..., ` (nulls where the line
/// has no figures); empty without allowances.
static std::string allowance_json(const RegimeLine& r, bool has) {
    if (r.allowances.empty()) return {};
    auto money = [&](const Money& m) { return has ? json_string(m.str()) : std::string("null"); };
    return "\"allowance_treatment\": " + (has ? json_string(r.allowances) : std::string("null")) + ", \"allowance_saving\": " + money(r.allowance_saving) +
           ", \"exemptions_tax_after_relief\": " + money(r.exemptions_tax) + ", \"deductions_tax_after_relief\": " + money(r.deductions_tax) + ", ";
}

std::string render_summary_json(const Summary& s, const std::vector<const libtax::Catalogue*>& cats, int depth) {
    // a text in each language: one, or "Chinese / English" when they differ
    const auto each = [&](auto&& render) {
        std::string out;
        for (const libtax::Catalogue* c : cats) {
            const std::string t = render(*c);
            if (out.empty()) out = t;
            else if (t != out) out += " / " + t;
        }
        return out;
    };
    const std::string in = indent(depth + 1), in2 = indent(depth + 2);
    std::string out = "{\n";
    out += in + "\"title\": " + json_string(s.title) + ",\n";
    out += in + "\"year\": " + std::to_string(s.year) + ",\n";
    out += in + "\"identity\": " + json_string(s.identity) + ",\n";
    out += in + "\"residence\": {\"status\": " + json_string(s.residence) + ", \"text\": " + json_string(each([&](const libtax::Catalogue& c) { return residence_text(s, c); })) +
           ", \"days\": " + (s.residence_days ? std::to_string(*s.residence_days) : "null") + ", \"from\": " + json_string(s.residence_from) +
           ", \"sourcing\": " + (s.sourcing.empty() ? "null" : json_string(s.sourcing)) +
           ", \"china_sourced_wages\": " + (s.sourcing.empty() ? "null" : json_string(s.sourced_wages.str())) + "},\n";
    out += in + "\"monthly_wage_tax\": ";
    if (s.monthly_tax.empty()) out += "null,\n";
    else {
        out += "{";
        for (std::size_t i = 0; i < s.monthly_tax.size(); ++i)
            out += (i ? ", " : "") + json_string(s.monthly_tax[i].first) + ": " + json_string(s.monthly_tax[i].second.str());
        out += "},\n";
    }
    out += in + "\"banners\": [";
    for (std::size_t i = 0; i < s.banners.size(); ++i)
        out += (i ? ",\n" : "\n") + in2 + "{\"kind\": " + json_string(s.banners[i].kind) + ", \"text\": " +
               json_string(each([&](const libtax::Catalogue& c) { return c.format(s.banners[i].id, s.banners[i].args); })) + "}";
    out += s.banners.empty() ? "],\n" : "\n" + in + "],\n";
    out += in + "\"total_income\": " + amount_json(s.total_income, Flags()) + ",\n";
    out += in + "\"tax_before_relief\": {\"amount\": " + json_string(s.tax_before_relief.str()) + ", \"bonus_treatment\": " +
           json_string(s.bonus_before) + ", " + flags_json(s.tax_flags) + "},\n";
    if (!s.allowances_without_relief.empty())
        out += in + "\"allowances_without_relief\": {\"allowance_treatment\": " + json_string(s.allowances_without_relief) + ", \"tax\": " +
               (s.allowances_tax_without_relief ? json_string(s.allowances_tax_without_relief->str()) : std::string("null")) + "},\n";
    out += in + "\"regimes\": [";
    for (std::size_t i = 0; i < s.regimes.size(); ++i) {
        const RegimeLine& r = s.regimes[i];
        const bool has = r.computed && r.eligible;
        out += (i ? ",\n" : "\n") + in2 + "{\"id\": " + json_string(r.id) + ", \"enacted\": " + (r.enacted ? "true" : "false") +
               ", \"computed\": " + (r.computed ? "true" : "false") + ", \"eligible\": " + (r.eligible ? "true" : "false") +
               ", \"reason\": " + (has ? std::string("null") : json_string(r.why_not)) +
               ", \"bonus_treatment\": " + (has ? json_string(r.bonus) : std::string("null")) +
               ", \"relief\": " + (has ? json_string(r.relief.str()) : std::string("null")) +
               ", \"tax_after_relief\": " + (has ? json_string(r.tax_after_relief.str()) : std::string("null")) + ", " + allowance_json(r, has) +
               flags_json(r.flags) + "}";
    }
    out += s.regimes.empty() ? "],\n" : "\n" + in + "],\n";
    const RegimeLine* best = s.best < 0 ? nullptr : &s.regimes[static_cast<std::size_t>(s.best)];
    out += in + "\"best\": {\"regime\": " + (best ? json_string(best->id) : std::string("null")) + ", \"bonus_treatment\": " +
           json_string(s.bonus_due) + ", \"relief\": " + json_string((best ? best->relief : Money()).str()) + ", \"tax_after_relief\": " +
           json_string(s.tax_due.str()) + ", " + (best ? allowance_json(*best, true) : std::string()) + flags_json(s.due_flags) + "},\n";
    out += in + "\"net_income\": " + amount_json(s.net_income, s.due_flags) + ",\n";
    out += in + "\"tax_due\": " + amount_json(s.tax_due, s.due_flags) + "\n";
    return out + indent(depth) + "}";
}

}  // namespace libtax_calc
