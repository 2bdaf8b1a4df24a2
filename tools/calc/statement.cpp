// libtax-calc: the annual tax statement (statement.hpp), HTML from the Report, PDF by WeasyPrint.
#include "statement.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "libtax/core/catalogue.hpp"
#include "libtax/core/render.hpp"
#include "libtax/regimes/regime.hpp"
#include "libtax/tables/tables.hpp"

extern char** environ;

namespace libtax_calc {

using libtax::Catalogue;
using libtax::Money;
using libtax::TraceArgs;

namespace {

std::string esc(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

/// The report's figures, looked up by section id and figure name.
struct Figures {
    const Report& r;

    const Section* section(const std::string& id) const {
        for (const auto& s : r.sections)
            if (s.id == id) return &s;
        return nullptr;
    }
    const Figure* figure(const std::string& sid, const std::string& name) const {
        const Section* s = section(sid);
        if (!s) return nullptr;
        for (const auto& f : s->figures)
            if (f.name == name) return &f;
        return nullptr;
    }
    std::optional<Money> money(const std::string& sid, const std::string& name) const {
        const Figure* f = figure(sid, name);
        if (!f || f->json.empty() || f->json[0] != '"' || f->text.message) return std::nullopt;
        try {
            return Money::parse(f->text.text);
        } catch (const libtax::Error&) {
            return std::nullopt;
        }
    }
    /// The figure's value as JSON has it, without the quotes of a string ("separate", "true", "gba").
    std::string value(const std::string& sid, const std::string& name) const {
        const Figure* f = figure(sid, name);
        if (!f) return {};
        return f->json.size() >= 2 && f->json.front() == '"' ? f->json.substr(1, f->json.size() - 2) : f->json;
    }
};

/// Labels in one language or in both (Chinese first, English under it).
class Labels {
public:
    explicit Labels(const std::string& lang) : lang_(lang) {
        if (lang != "zh" && lang != "en" && lang != "both")
            throw libtax::InputError("lang", lang, "expected \"zh\", \"en\" or \"both\"");
        if (lang != "en") cats_.push_back(&Catalogue::builtin("zh"));
        if (lang != "zh") cats_.push_back(&Catalogue::builtin("en"));
    }
    const std::string& lang() const { return lang_; }

    /// A message (statement.*, written in full so that a test finds every id used here) as HTML.
    std::string operator()(const std::string& id, const TraceArgs& args = {}) const {
        if (cats_.size() == 1) return esc(cats_[0]->format(id, args));
        return "<span lang=\"zh\">" + esc(cats_[0]->format(id, args)) + "</span><span class=\"en\" lang=\"en\">" +
               esc(cats_[1]->format(id, args)) + "</span>";
    }
    /// A catalogue id if the catalogues have it, else the plain text.
    std::string maybe(const std::string& id, const std::string& fallback) const {
        for (const auto* c : cats_)
            if (!c->has(id)) return esc(fallback);
        return (*this)(id);
    }
    /// A figure's display value: a message (calc.value.yes) in the language, plain text as it is.
    std::string value(const libtax::TraceText& t) const { return t.message ? (*this)(t.text) : esc(t.text); }
    const std::vector<const Catalogue*>& catalogues() const { return cats_; }

private:
    std::string lang_;
    std::vector<const Catalogue*> cats_;
};

/// A figure of the report in the statement: its text and its reference, linked to the appendix.
std::string fig(const Figures& f, const std::string& sid, const std::string& name) {
    const Figure* x = f.figure(sid, name);
    if (!x) return "<span class=\"missing\">-</span>";
    const std::string ref = sid + "." + name;
    return "<span class=\"fig\" data-ref=\"" + esc(ref) + "\">" + esc(x->text.text) + "</span> <a class=\"ref\" href=\"#f-" + esc(ref) + "\">" +
           esc(ref) + "</a>";
}

/// A figure the statement derives from the report's: its value and its formula in references.
std::string derived(const std::string& id, Money value, const std::string& formula) {
    return "<span class=\"fig derived\" data-derived=\"" + esc(id) + "\">" + esc(value.str()) + "</span> <span class=\"ref\">= " + formula + "</span>";
}

/// A word figure of the report ("separate", "yes") in the statement's language, with its reference.
std::string word(const Labels& L, const Figures& f, const std::string& sid, const std::string& name);

std::string ref_link(const std::string& sid, const std::string& name) {
    const std::string ref = sid + "." + name;
    return "<a class=\"ref\" href=\"#f-" + esc(ref) + "\">" + esc(ref) + "</a>";
}

std::string row(const std::string& label, const std::string& value, const std::string& cls = "") {
    return "<tr" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + "><th>" + label + "</th><td class=\"num\">" + value + "</td></tr>\n";
}

std::string scenario_ref(const std::string& key) { return "<span class=\"ref\">scenario: " + esc(key) + "</span>"; }

const char* kCss = R"css(
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
       font-size: 9.5pt; color: #111; line-height: 1.35; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; border-bottom: 2px solid #1f3a68; padding-bottom: 1mm; color: #1f3a68; }
h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm 0; color: #1f3a68; border-bottom: 1px solid #9fb0cc; }
h3 { font-size: 10pt; margin: 4mm 0 1mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm 0; }
th, td { border: 1px solid #c8d0dc; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #f1f4f9; font-weight: normal; width: 45%; }
thead th { font-weight: bold; background: #e3e9f3; }
td.num { text-align: right; }
tr.total th, tr.total td { font-weight: bold; background: #fbf6e3; }
.en { display: block; color: #555; font-size: 85%; }
.fig { font-weight: bold; white-space: nowrap; }
.ref { color: #2a5db0; font-size: 7pt; text-decoration: none; font-weight: normal; }
td.num .ref { display: block; }
.mark { border: 2px solid #b00020; color: #b00020; padding: 1.5mm 2mm; margin: 2mm 0; font-weight: bold; }
.tag { color: #b00020; font-weight: bold; }
.note { color: #333; font-size: 8.5pt; }
.meta { color: #333; font-size: 8.5pt; }
.appendix td, .appendix th { font-size: 8pt; }
.missing { color: #999; }
)css";

std::string identity_value(const Labels& L, const std::string& id) { return L.maybe("calc.value." + id, id); }

std::string word(const Labels& L, const Figures& f, const std::string& sid, const std::string& name) {
    const Figure* x = f.figure(sid, name);
    if (!x) return "<span class=\"missing\">-</span>";
    return "<span class=\"word\" data-ref=\"" + esc(sid + "." + name) + "\" data-value=\"" + esc(f.value(sid, name)) + "\">" + L.value(x->text) +
           "</span> " + ref_link(sid, name);
}

/// A message in English: what the marks (UNCONFIRMED, NOT LAW) are found in.
std::string english(const std::string& id, const TraceArgs& args) { return Catalogue::builtin("en").format(id, args); }

/// A section's explanation in one language: its title, then each traced part's steps and notes
/// under the part's heading (as libtax-calc renders it).
libtax::Explanation explanation_in(const Section& s, const Catalogue& c) {
    libtax::Explanation out;
    if (!s.explanation_title_id.empty()) {
        out.set_title(c.format(s.explanation_title_id, s.explanation_title_args));
    } else if (!s.parts.empty()) {
        if (const libtax::TraceEntry* t = s.parts.front().trace.title_entry()) out.set_title(c.format(t->id, t->args));
    }
    for (const TracedPart& p : s.parts)
        out.append(libtax::render_explanation(p.trace, c), p.scope_id.empty() ? std::string() : c.format(p.scope_id, p.scope_args));
    return out;
}

}  // namespace

std::string statement_html(const Report& r, const Scenario& s, const libtax::Tables& tables, const std::string& lang) {
    const Labels L(lang);
    const Figures F{r};
    const std::string year = std::to_string(r.year);
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == "en" ? "en" : "zh-CN") + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<title>" + esc(Catalogue::builtin(lang == "en" ? "en" : "zh").format("statement.title", {{"year", year}})) + "</title>\n";
    h += "<style>" + std::string(kCss) + "</style>\n</head>\n<body>\n";

    // --- heading and marks ------------------------------------------------------------------
    h += "<h1>" + L("statement.title", {{"year", year}}) + "</h1>\n";
    h += "<p class=\"meta\">" + L("statement.meta.scenario", {{"title", r.title.empty() ? r.file : r.title}, {"file", r.file}}) + "<br>" +
         L("statement.meta.generated", {{"version", LIBTAX_CALC_VERSION}, {"tables", r.tables == "built-in" ? libtax::message_id("calc.value.built_in") : libtax::TraceText(r.tables)}}) + "</p>\n";
    const bool whatif_tables = r.tables != "built-in";
    bool whatif_regime = false, unconfirmed = false;
    for (const auto& sec : r.sections) {
        for (const auto& n : sec.notes) {
            const std::string t = english(n.id, n.args);
            if (contains(t, "NOT LAW")) whatif_regime = true;
            if (contains(t, "UNCONFIRMED")) unconfirmed = true;
        }
        const libtax::Explanation e = explanation_in(sec, Catalogue::builtin("en"));
        for (const auto& st : e.steps())
            if (contains(st.label, "UNCONFIRMED") || contains(st.value, "UNCONFIRMED") || contains(st.basis, "UNCONFIRMED") || contains(st.formula, "UNCONFIRMED"))
                unconfirmed = true;
        for (const auto& n : e.notes())
            if (contains(n, "UNCONFIRMED")) unconfirmed = true;
    }
    if (whatif_tables) h += "<div class=\"mark\" id=\"mark-whatif-tables\">" + L("statement.mark.whatif_tables", {{"tables", r.tables}}) + "</div>\n";
    if (whatif_regime) h += "<div class=\"mark\" id=\"mark-whatif-regime\">" + L("statement.mark.whatif_regime") + "</div>\n";
    if (unconfirmed) h += "<div class=\"mark\" id=\"mark-unconfirmed\">" + L("statement.mark.unconfirmed") + "</div>\n";
    h += "<p class=\"note\">" + L("statement.disclaimer") + "</p>\n";

    // --- 1. identity and residence ----------------------------------------------------------
    h += "<h2 id=\"st-identity\">" + L("statement.identity.heading") + "</h2>\n<table>\n";
    h += row(L("statement.identity.identity"), identity_value(L, identity_name(s.talent.identity)) + " " + scenario_ref("person.identity"));
    if (s.days_in_china)
        h += row(L("statement.identity.days_in_china"), "<span class=\"fig\">" + std::to_string(*s.days_in_china) + "</span> " + scenario_ref("person.days_in_china"));
    // libtax-calc computes residents only: a non-mainland person with fewer than 183 days is refused (calculate.cpp)
    h += row(L("statement.identity.status"), L(s.talent.identity == libtax::Identity::mainland ? "statement.identity.resident_domiciled"
                                     : s.days_in_china                               ? "statement.identity.resident_days"
                                                                                     : "statement.identity.resident_declared"));
    if (s.talent.days_in_zone)
        h += row(L("statement.identity.days_in_zone"), "<span class=\"fig\">" + std::to_string(*s.talent.days_in_zone) + "</span> " + scenario_ref("person.days_in_zone"));
    if (!s.zone_name.empty()) h += row(L("statement.identity.zone"), esc(s.zone_name) + (s.talent.city.empty() ? "" : " (" + esc(s.talent.city) + ")"));
    h += row(L("statement.identity.talent_recognised"), L(s.talent.talent_recognised ? "statement.value.yes" : "statement.value.no"));
    h += "</table>\n";

    // --- 2. income by item and payer ----------------------------------------------------------
    h += "<h2 id=\"st-income\">" + L("statement.income.heading") + "</h2>\n<table>\n<thead><tr><th>" + L("statement.income.item") + "</th><th>" + L("statement.income.payer") +
         "</th><th>" + L("statement.income.amount") + "</th></tr></thead>\n";
    Money gross;
    std::vector<std::string> gross_terms;
    auto income_row = [&](const std::string& item, const std::string& payer, Money amount, const std::string& ref) {
        h += "<tr><th>" + item + "</th><td>" + payer + "</td><td class=\"num\"><span class=\"fig\">" + esc(amount.str()) + "</span> " + ref + "</td></tr>\n";
        gross += amount;
        gross_terms.push_back(ref);
    };
    auto has_payments = [&](libtax::PaymentKind k) {
        for (const auto& p : s.payments)
            if (p.kind == k) return true;
        return false;
    };
    const auto& inc = s.talent.income;
    if (!inc.wages.is_zero())
        income_row(L("statement.income.wages"), L(s.monthly_pay.empty() ? "statement.payer.employer" : "statement.payer.employer_monthly"), inc.wages, scenario_ref("income.wages"));
    if (!s.bonus.is_zero()) income_row(L("statement.income.bonus"), L("statement.payer.employer"), s.bonus, scenario_ref("income.bonus"));
    const struct {
        Money amount;
        libtax::PaymentKind kind;
        const char* label;
        const char* key;
    } items[] = {{inc.labour, libtax::PaymentKind::labour, "statement.income.labour", "income.labour"},
                 {inc.author, libtax::PaymentKind::author, "statement.income.author", "income.author"},
                 {inc.royalties, libtax::PaymentKind::royalties, "statement.income.royalties", "income.royalties"}};
    for (const auto& it : items)
        if (!it.amount.is_zero()) income_row(L(it.label), L(has_payments(it.kind) ? "statement.payer.payments" : "statement.payer.not_stated"), it.amount, scenario_ref(it.key));
    if (!s.talent.business_taxable_income.is_zero())
        income_row(L("statement.income.business"), L("statement.payer.own_business"), s.talent.business_taxable_income, scenario_ref("income.business_taxable_income"));
    h += "<tr class=\"total\"><th>" + L("statement.income.total") + "</th><td></td><td class=\"num\">" +
         derived("gross_income", gross, L("statement.income.total.formula")) + "</td></tr>\n</table>\n";
    if (!s.payments.empty()) {
        h += "<table>\n<thead><tr><th>" + L("statement.income.payment") + "</th><th>" + L("statement.income.amount") + "</th></tr></thead>\n";
        for (std::size_t i = 0; i < s.payments.size(); ++i) {
            const auto& p = s.payments[i];
            const std::string kind = p.kind == libtax::PaymentKind::labour ? "statement.income.labour" : p.kind == libtax::PaymentKind::author ? "statement.income.author" : "statement.income.royalties";
            h += "<tr><th>" + L("statement.income.payment_n", {{"number", std::to_string(i + 1)}}) + " &middot; " + L(kind) + "</th><td class=\"num\"><span class=\"fig\">" +
                 esc(p.amount.str()) + "</span> " + scenario_ref("payments[" + std::to_string(i) + "].amount") + "</td></tr>\n";
        }
        h += "</table>\n";
    }
    h += "<p class=\"note\">" + L("statement.income.note") + "</p>\n";

    // --- 3. tax withheld by month ----------------------------------------------------------
    h += "<h2 id=\"st-withheld\">" + L("statement.withheld.heading") + "</h2>\n";
    const Section* wh = F.section("withholding");
    const Section* pp = F.section("prepayments");
    if (wh && wh->available) {
        h += "<table>\n<thead><tr><th>" + L("statement.withheld.month") + "</th><th>" + L("statement.withheld.amount") + "</th></tr></thead>\n";
        for (const auto& f : wh->figures)
            if (f.name.rfind("month_", 0) == 0)
                h += row(L("statement.withheld.month_n", {{"month", std::to_string(std::atoi(f.name.c_str() + 6))}}), fig(F, "withholding", f.name));
        h += row(L("statement.withheld.total"), fig(F, "withholding", "total_withheld"), "total");
        h += "</table>\n";
    } else {
        h += "<p class=\"note\">" + L("statement.withheld.none") + "</p>\n";
    }
    if (pp) {
        h += "<table>\n";
        for (const auto& f : pp->figures)
            if (f.name.rfind("payment_", 0) == 0)
                h += row(L("statement.withheld.payment_n", {{"number", f.name.substr(8, f.name.size() - 8 - 4)}}), fig(F, "prepayments", f.name));
        h += row(L("statement.withheld.total_prepaid"), fig(F, "prepayments", "total_prepaid"), "total");
        h += "</table>\n";
    }

    // --- 4. the annual reconciliation -----------------------------------------------------------
    h += "<h2 id=\"st-reconciliation\">" + L("statement.reconciliation.heading") + "</h2>\n<table>\n";
    h += row(L("statement.reconciliation.tax"), fig(F, "summary", "comprehensive_income_tax"));
    if (F.section("bonus")) h += row(L("statement.reconciliation.bonus_choice"), word(L, F, "bonus", "choice"));
    // figures as (present, value): the reconciliation uses only those the report has
    const std::optional<Money> comp_tax_f = F.money("summary", "comprehensive_income_tax");
    const std::optional<Money> withheld_f = wh && wh->available ? F.money("withholding", "total_withheld") : std::nullopt;
    const std::optional<Money> prepaid_f = pp ? F.money("prepayments", "total_prepaid") : std::nullopt;
    const bool has_withheld = withheld_f.has_value(), has_prepaid = prepaid_f.has_value();
    const Money withheld = withheld_f.value_or(Money()), prepaid = prepaid_f.value_or(Money());
    if (has_withheld) h += row(L("statement.reconciliation.withheld"), fig(F, "withholding", "total_withheld"));
    if (has_prepaid) h += row(L("statement.reconciliation.prepaid"), fig(F, "prepayments", "total_prepaid"));
    const bool wages_unknown = !inc.wages.is_zero() && !has_withheld;  // wages paid, but no monthly pay to withhold from
    if (comp_tax_f && (has_withheld || has_prepaid) && !wages_unknown) {
        const Money balance = comp_tax_f.value_or(Money()) - withheld - prepaid;
        std::string formula = "summary.comprehensive_income_tax";
        if (has_withheld) formula += " &minus; withholding.total_withheld";
        if (has_prepaid) formula += " &minus; prepayments.total_prepaid";
        h += row(L(balance.is_negative() ? "statement.reconciliation.refund" : "statement.reconciliation.payable"), derived("balance", balance, formula), "total");
    } else {
        h += "<tr><td colspan=\"2\" class=\"note\">" + L(wages_unknown ? "statement.reconciliation.wages_not_withheld" : "statement.reconciliation.no_withholding") +
             "</td></tr>\n";
    }
    if (F.section("business")) h += row(L("statement.reconciliation.business_tax"), fig(F, "summary", "business_income_tax"));
    h += row(L("statement.reconciliation.total_tax"), fig(F, "summary", "total_tax"), "total");
    h += "</table>\n<p class=\"note\">" + L("statement.reconciliation.note") + "</p>\n";

    // --- 5. talent-regime relief and how it reaches the person ------------------------------------
    const Section* rg = F.section("regimes");
    if (rg) {
        h += "<h2 id=\"st-relief\">" + L("statement.relief.heading") + "</h2>\n";
        if (!rg->available) {
            h += "<p class=\"note\">" + L("statement.relief.not_computed") + "</p>\n";
        } else {
            for (const auto& id : s.regimes) {
                const Figure* relief = F.figure("regimes", id + ".relief");
                std::string name = id;
                const libtax::RegimeVersion* v = nullptr;
                bool enacted = true;
                try {
                    const libtax::Regime& g = tables.regime(id);
                    name = g.name;
                    enacted = g.enacted;
                    v = &g.nearest_version(r.year);
                } catch (const libtax::Error&) {
                }
                h += "<h3>" + esc(name) + " <span class=\"ref\">(" + esc(id) + ")</span>";
                if (!enacted) h += " <span class=\"tag\">" + L("statement.relief.not_law") + "</span>";
                bool unconf = false;
                for (const auto& n : rg->notes) {
                    const std::string t = english(n.id, n.args);
                    if (t.rfind(id + ":", 0) == 0 && contains(t, "UNCONFIRMED")) unconf = true;
                }
                if (unconf) h += " <span class=\"tag\">UNCONFIRMED</span>";
                h += "</h3>\n<table>\n";
                if (!relief) {
                    h += row(L("statement.relief.relief"), L("statement.relief.regime_not_computed"));
                    h += "</table>\n";
                    continue;
                }
                h += row(L("statement.relief.enacted"), word(L, F, "regimes", id + ".enacted"));
                h += row(L("statement.relief.eligible"), word(L, F, "regimes", id + ".eligible"));
                const std::string kind = F.value("regimes", id + ".kind");
                h += row(L("statement.relief.kind"), L(kind == "exemption" ? "statement.relief.kind.exemption" : "statement.relief.kind.subsidy") + " " + ref_link("regimes", id + ".kind"));
                h += row(L("statement.relief.tax_covered"), fig(F, "regimes", id + ".tax"));
                h += row(L("statement.relief.relief"), fig(F, "regimes", id + ".relief"), "total");
                h += row(L("statement.relief.reaches"), L(kind == "exemption" ? "statement.relief.reaches.exemption" : "statement.relief.reaches.subsidy") +
                                                  (v && !v->reaches.empty() ? "<br><span class=\"note\">" + L("statement.relief.table_says") + " " + esc(v->reaches) + "</span>" : ""));
                if (!enacted) h += "<tr><td colspan=\"2\" class=\"note\">" + L("statement.relief.not_law.note") + "</td></tr>\n";
                h += "</table>\n";
            }
            h += "<table>\n" + row(L("statement.relief.best"), word(L, F, "regimes", "best")) +
                 row(L("statement.relief.best_relief"), fig(F, "regimes", "best_relief"), "total") + "</table>\n";
        }
    }

    // --- 6. tax actually borne, 7. net legal income after tax ----------------------------------------
    h += "<h2 id=\"st-borne\">" + L("statement.borne.heading") + "</h2>\n<table>\n";
    h += row(L("statement.borne.total_tax"), fig(F, "summary", "total_tax"));
    std::optional<Money> borne = F.money("summary", "total_tax");
    std::string borne_ref = ref_link("summary", "total_tax");
    if (F.figure("summary", "best_regime_relief")) {
        h += row(L("statement.borne.relief"), fig(F, "summary", "best_regime_relief"));
        h += row(L("statement.borne.borne"), fig(F, "summary", "tax_after_best_relief"), "total");
        borne = F.money("summary", "tax_after_best_relief");
        borne_ref = ref_link("summary", "tax_after_best_relief");
        const std::string best = F.value("regimes", "best");
        if (best != "none" && !best.empty() && F.value("regimes", best + ".kind") == "subsidy")
            h += "<tr><td colspan=\"2\" class=\"note\">" + L("statement.borne.subsidy_later") + "</td></tr>\n";
    } else {
        h += row(L("statement.borne.borne"), fig(F, "summary", "total_tax"), "total");
    }
    h += "</table>\n";
    h += "<h2 id=\"st-net\">" + L("statement.net.heading") + "</h2>\n<table>\n";
    h += row(L("statement.net.income"), "<span class=\"fig\">" + esc(gross.str()) + "</span> <span class=\"ref\">= " + L("statement.income.total") + "</span>");
    if (borne) {
        h += row(L("statement.net.tax_borne"), "<span class=\"fig\">" + esc(borne->str()) + "</span> " + borne_ref);
        h += row(L("statement.net.net"), derived("net_income", gross - *borne, L("statement.net.formula")), "total");
    }
    h += "</table>\n<p class=\"note\">" + L("statement.net.note") + "</p>\n";

    // --- appendix: the report's sections, same ids, figures and explanation ------------------------
    h += "<h2 id=\"st-appendix\">" + L("statement.appendix.heading") + "</h2>\n<p class=\"note\">" + L("statement.appendix.intro") + "</p>\n<div class=\"appendix\">\n";
    for (const auto& sec : r.sections) {
        h += "<h3 id=\"sec-" + esc(sec.id) + "\">" + esc(sec.id) + ": " + L(sec.title_id, sec.title_args) + "</h3>\n<table>\n";
        for (const auto& f : sec.figures)
            h += "<tr id=\"f-" + esc(sec.id + "." + f.name) + "\"><th>" + L(f.label_id, f.label_args) + " <span class=\"ref\">" + esc(sec.id + "." + f.name) +
                 "</span></th><td class=\"num\">" + L.value(f.text) + "</td></tr>\n";
        h += "</table>\n";
        // the explanation in each language of the statement, step by step (the same trace: the steps align)
        std::vector<libtax::Explanation> ex;
        for (const auto* c : L.catalogues()) ex.push_back(explanation_in(sec, *c));
        const auto& steps = ex.front().steps();
        if (!steps.empty()) {
            auto both = [&](auto&& field) {
                std::string out = esc(field(ex[0]));
                for (std::size_t k = 1; k < ex.size(); ++k)
                    if (field(ex[k]) != field(ex[0])) out += "<span class=\"en\">" + esc(field(ex[k])) + "</span>";
                return out;
            };
            h += "<table>\n<thead><tr><th colspan=\"3\">" + both([](const libtax::Explanation& e) { return e.title(); }) + "</th></tr></thead>\n";
            for (std::size_t i = 0; i < steps.size(); ++i) {
                auto step = [&](std::string libtax::Step::*m) {
                    return both([&](const libtax::Explanation& e) { return i < e.steps().size() ? e.steps()[i].*m : std::string(); });
                };
                const auto& en_step = ex.back().steps()[std::min(i, ex.back().steps().size() - 1)];
                const bool unc = contains(en_step.basis, "UNCONFIRMED") || contains(en_step.formula, "UNCONFIRMED") || contains(en_step.value, "UNCONFIRMED");
                h += "<tr><td>" + step(&libtax::Step::label) + "</td><td class=\"num\">" + step(&libtax::Step::value) + "</td><td>" + step(&libtax::Step::formula) +
                     (steps[i].basis.empty() ? "" : "<br><span class=\"note\">" + step(&libtax::Step::basis) + "</span>") +
                     (unc ? " <span class=\"tag\">UNCONFIRMED</span>" : "") + "</td></tr>\n";
            }
            h += "</table>\n";
            for (std::size_t i = 0; i < ex.front().notes().size(); ++i) {
                const std::string en_note = i < ex.back().notes().size() ? ex.back().notes()[i] : std::string();
                const bool mark = contains(en_note, "UNCONFIRMED") || contains(en_note, "NOT LAW");
                h += "<p class=\"note\">" + std::string(mark ? "<span class=\"tag\">&#9888;</span> " : "") +
                     both([&](const libtax::Explanation& e) { return i < e.notes().size() ? e.notes()[i] : std::string(); }) + "</p>\n";
            }
        }
        for (const auto& n : sec.notes) {
            const std::string t = english(n.id, n.args);
            const bool mark = contains(t, "UNCONFIRMED") || contains(t, "NOT LAW");
            h += "<p class=\"note\">" + std::string(mark ? "<span class=\"tag\">&#9888;</span> " : "") + L(n.id, n.args) + "</p>\n";
        }
    }
    h += "</div>\n";
    h += "</body>\n</html>\n";
    return h;
}

namespace {

std::string extension_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const auto dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string e = path.substr(dot + 1);
    for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

std::string directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

/// A new empty file next to `path` (same directory, so rename() is atomic); its name.
std::string temp_next_to(const std::string& path, const std::string& suffix) {
    std::string tmpl = directory_of(path) + "/.statement-XXXXXX" + suffix;
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    const int fd = mkstemps(buf.data(), static_cast<int>(suffix.size()));
    if (fd < 0) throw libtax::InputError("statement", path, "cannot write in " + directory_of(path) + ": " + std::strerror(errno));
    const mode_t mask = ::umask(0);  // the file gets the permissions of a file created normally (mkstemp gives 0600)
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    ::close(fd);
    return std::string(buf.data());
}

void write_all(const std::string& file, const std::string& text, const std::string& path) {
    FILE* f = std::fopen(file.c_str(), "wb");
    bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (f) {
        ok = std::fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
        ok = std::fclose(f) == 0 && ok;
    }
    if (!ok) {
        std::remove(file.c_str());
        throw libtax::InputError("statement", path, std::string("cannot write: ") + std::strerror(errno));
    }
}

/// Runs weasyprint html pdf (no shell); its exit status, -1 when it could not be started.
int run_weasyprint(const std::string& html, const std::string& pdf, std::string& error_file) {
    const char* exe = std::getenv("LIBTAX_WEASYPRINT");
    const std::string program = exe && *exe ? exe : "weasyprint";
    error_file = temp_next_to(pdf, ".log");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, error_file.c_str(), O_WRONLY | O_TRUNC, 0600);
    std::vector<std::string> args{program, "--quiet", html, pdf};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return -1;  // exec failed in the child
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::string head_of_file(const std::string& file) {
    std::string out;
    if (FILE* f = std::fopen(file.c_str(), "rb")) {
        char buf[400];
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        out.assign(buf, n);
        std::fclose(f);
    }
    return libtax::bounded_text(out);
}

}  // namespace

void write_statement(const std::string& html, const std::string& path) {
    const std::string ext = extension_of(path);
    if (ext != "html" && ext != "htm" && ext != "pdf")
        throw libtax::InputError("statement", path, "expected a file name ending in .html or .pdf");
    struct stat st {};
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw libtax::InputError("statement", path, "is a directory");
    if (ext != "pdf") {
        const std::string tmp = temp_next_to(path, ".html");
        write_all(tmp, html, path);
        if (std::rename(tmp.c_str(), path.c_str()) != 0) {
            const int e = errno;
            std::remove(tmp.c_str());
            throw libtax::InputError("statement", path, std::string("cannot write: ") + std::strerror(e));
        }
        return;
    }
    const std::string tmp_html = temp_next_to(path, ".html");
    std::string tmp_pdf, log;
    try {
        write_all(tmp_html, html, path);
        tmp_pdf = temp_next_to(path, ".pdf");
        const int rc = run_weasyprint(tmp_html, tmp_pdf, log);
        if (rc == -1)
            throw libtax::NotAvailableError("statement", path,
                                            "a PDF needs the weasyprint program (Debian package weasyprint, with a CJK font such as fonts-noto-cjk); "
                                            "write .html instead or install it");
        struct stat out {};
        if (rc != 0 || stat(tmp_pdf.c_str(), &out) != 0 || out.st_size == 0)
            throw libtax::Error("weasyprint failed (exit " + std::to_string(rc) + ") writing " + path + ": " + head_of_file(log));
        if (std::rename(tmp_pdf.c_str(), path.c_str()) != 0)
            throw libtax::InputError("statement", path, std::string("cannot write: ") + std::strerror(errno));
    } catch (...) {
        std::remove(tmp_html.c_str());
        if (!tmp_pdf.empty()) std::remove(tmp_pdf.c_str());
        if (!log.empty()) std::remove(log.c_str());
        throw;
    }
    std::remove(tmp_html.c_str());
    if (!log.empty()) std::remove(log.c_str());
}

}  // namespace libtax_calc
