// Package libtax calls libtax's C interface (libtax/c/libtax.h, library libtax_c) from Go:
// exact Chinese individual income tax, every amount an int64 of fen (1 yuan = 100 fen), every
// failure an *Error naming the field. Build with the header and library on the cgo paths, e.g.
//
//	CGO_CFLAGS=$(pkg-config --cflags libtax_c) CGO_LDFLAGS=$(pkg-config --libs libtax_c) go build
package libtax

/*
#cgo LDFLAGS: -ltax_c
#include <stdlib.h>
#include <libtax/c/libtax.h>
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

// CAPIVersion is the C interface version this package is written for.
const CAPIVersion = 3

// Status is a libtax_status.
type Status int

const (
	StatusInput        Status = 1
	StatusRange        Status = 2
	StatusCoverage     Status = 3
	StatusNotAvailable Status = 4
	StatusTable        Status = 5
	StatusInternal     Status = 99
)

// Error is a calculation refused by libtax: "wages = -1.00: must not be negative".
type Error struct {
	Status  Status
	Field   string // the input field or table key at fault
	Value   string // the offending value as text
	Message string
}

func (e *Error) Error() string { return e.Message }

func newErr() *C.libtax_error {
	e := (*C.libtax_error)(C.calloc(1, C.sizeof_libtax_error))
	e.size = C.uint32_t(C.sizeof_libtax_error)
	return e
}

func check(st C.libtax_status, e *C.libtax_error) error {
	defer C.free(unsafe.Pointer(e))
	if st == C.LIBTAX_OK {
		return nil
	}
	return &Error{Status(st), C.GoString(&e.field[0]), C.GoString(&e.value[0]), C.GoString(&e.message[0])}
}

// SetLanguage sets the process language of libtax (C API 3, libtax_set_language): every call's
// error message (Error.Message) and every explanation asked for without a language are written
// in it. "zh" (Chinese), "en" (English, the default) or "both" (the Chinese line, then the
// English one); "" is "en". Another value is an *Error naming "language" (the setting is then
// unchanged). Field names, values and file:line stay verbatim.
func SetLanguage(language string) error {
	var cs *C.char
	if language != "" {
		cs = C.CString(language)
		defer C.free(unsafe.Pointer(cs))
	}
	return call(func(e *C.libtax_error) C.libtax_status { return C.libtax_set_language(cs, e) })
}

// Language is the process language set by SetLanguage: "zh", "en" or "both".
func Language() string { return C.GoString(C.libtax_get_language()) }

// Tables is an immutable set of yearly tables, safe for concurrent use.
type Tables struct{ h *C.libtax_tables }

// Builtin returns the tables built into the library.
func Builtin() (*Tables, error) {
	if v := int(C.libtax_c_api_version()); v != CAPIVersion {
		return nil, fmt.Errorf("libtax_c has C API %d, this package %d", v, CAPIVersion)
	}
	var h *C.libtax_tables
	if err := call(func(e *C.libtax_error) C.libtax_status { return C.libtax_tables_builtin(&h, e) }); err != nil {
		return nil, err
	}
	t := &Tables{h}
	runtime.SetFinalizer(t, (*Tables).Close)
	return t, nil
}

// Close releases the tables.
func (t *Tables) Close() {
	if t.h != nil {
		C.libtax_tables_free(t.h)
		t.h = nil
	}
}

// ComprehensiveIncome is a resident's income and deductions for one tax year, in fen.
type ComprehensiveIncome struct {
	Wages, Labour, Author, Royalties, Commissions       int64
	SocialInsurance, SpecialAdditional, OtherDeductions int64
}

// AnnualTax is the annual tax on comprehensive income.
type AnnualTax struct {
	Year, Bracket                    int
	RateNum, RateDen                 int64
	QuickDeduction, BasicDeduction   int64
	IncomeAmount, TaxableIncome, Tax int64
}

func call(f func(e *C.libtax_error) C.libtax_status) error {
	e := newErr()
	return check(f(e), e)
}

// AnnualTax computes the tax on a resident's comprehensive income.
func (t *Tables) AnnualTax(year int, in ComprehensiveIncome) (AnnualTax, error) {
	var c C.libtax_comprehensive_income
	c.size = C.uint32_t(C.sizeof_libtax_comprehensive_income)
	c.wages, c.labour, c.author, c.royalties, c.commissions = C.int64_t(in.Wages), C.int64_t(in.Labour), C.int64_t(in.Author), C.int64_t(in.Royalties), C.int64_t(in.Commissions)
	c.social_insurance, c.special_additional, c.other_deductions = C.int64_t(in.SocialInsurance), C.int64_t(in.SpecialAdditional), C.int64_t(in.OtherDeductions)
	var r C.libtax_annual_tax_result
	r.size = C.uint32_t(C.sizeof_libtax_annual_tax_result)
	err := call(func(e *C.libtax_error) C.libtax_status {
		return C.libtax_annual_tax(t.h, C.int32_t(year), &c, &r, nil, e)
	})
	return AnnualTax{int(r.year), int(r.bracket), int64(r.rate_num), int64(r.rate_den), int64(r.quick_deduction),
		int64(r.basic_deduction), int64(r.income_amount), int64(r.taxable_income), int64(r.tax)}, err
}

// Payment is the kind of a single payment.
type Payment int

const (
	Labour Payment = iota
	Author
	Royalties
)

// ResidentPrepayment is the prepayment withheld on one payment to a resident, fen.
func (t *Tables) ResidentPrepayment(year int, kind Payment, amount int64) (int64, error) {
	var r C.libtax_prepayment_result
	r.size = C.uint32_t(C.sizeof_libtax_prepayment_result)
	err := call(func(e *C.libtax_error) C.libtax_status {
		return C.libtax_resident_prepayment(t.h, C.int32_t(year), C.int32_t(kind), C.int64_t(amount), &r, nil, e)
	})
	return int64(r.tax), err
}

// IncomeKind is what the cumulative method is applied to.
type IncomeKind int

const (
	Wages IncomeKind = iota
	ContinuousLabour
	Commissions
)

// WithholdingTerms are one employee's terms at one agent for the year.
type WithholdingTerms struct {
	FirstMonth                       int
	Income                           IncomeKind
	FirstWagesThisYear, PriorYearLow bool
}

// WithholdingState is what a payroll system stores per employee between months (opaque here;
// it is the C struct, checked by the library on every use).
type WithholdingState struct {
	c C.libtax_withholding_cumulative
}

// Month is one month's pay and claims, fen.
type Month struct {
	Month                                                                                         int
	BonusMerged                                                                                   bool
	Wage, ExemptIncome, SocialInsurance, SpecialAdditional, OtherDeductions, TaxReductions, Bonus int64
}

// MonthResult is one month withheld; After is the state for the next month.
type MonthResult struct {
	Month, MonthsAtAgent                       int
	CumulativeTaxable, CumulativeTax           int64
	PayWithholding, BonusWithholding, Withheld int64
	After                                      WithholdingState
}

func b2i(b bool) C.int32_t {
	if b {
		return 1
	}
	return 0
}

// StartWithholding checks the terms against the rules in force and returns the first state.
func (t *Tables) StartWithholding(year int, terms WithholdingTerms) (WithholdingState, error) {
	var c C.libtax_withholding_terms
	c.size = C.uint32_t(C.sizeof_libtax_withholding_terms)
	c.first_month, c.income = C.int32_t(terms.FirstMonth), C.int32_t(terms.Income)
	c.first_wages_this_year, c.prior_year_low_income = b2i(terms.FirstWagesThisYear), b2i(terms.PriorYearLow)
	c.prior_year_income = C.LIBTAX_UNSET
	var s WithholdingState
	s.c.size = C.uint32_t(C.sizeof_libtax_withholding_cumulative)
	err := call(func(e *C.libtax_error) C.libtax_status {
		return C.libtax_withholding_start(t.h, C.int32_t(year), &c, &s.c, e)
	})
	return s, err
}

// WithholdMonth withholds one month by the cumulative method.
func (t *Tables) WithholdMonth(year int, before WithholdingState, m Month) (MonthResult, error) {
	var c C.libtax_withholding_month
	c.size = C.uint32_t(C.sizeof_libtax_withholding_month)
	c.month, c.bonus_merged = C.int32_t(m.Month), b2i(m.BonusMerged)
	c.wage, c.exempt_income, c.social_insurance = C.int64_t(m.Wage), C.int64_t(m.ExemptIncome), C.int64_t(m.SocialInsurance)
	c.special_additional, c.other_deductions = C.int64_t(m.SpecialAdditional), C.int64_t(m.OtherDeductions)
	c.tax_reductions, c.bonus = C.int64_t(m.TaxReductions), C.int64_t(m.Bonus)
	var r C.libtax_withholding_month_result
	r.size = C.uint32_t(C.sizeof_libtax_withholding_month_result)
	err := call(func(e *C.libtax_error) C.libtax_status {
		return C.libtax_withhold_month(t.h, C.int32_t(year), &before.c, &c, &r, nil, e)
	})
	return MonthResult{int(r.month), int(r.months_at_agent), int64(r.cumulative_taxable), int64(r.cumulative_tax),
		int64(r.pay_withholding), int64(r.bonus_withholding), int64(r.withheld), WithholdingState{r.after}}, err
}

// Unset marks an optional count or zone amount of a TalentCase as not given.
const Unset = -1

// TalentCase is one taxpayer-year as the talent regimes see it (every field of the C struct);
// start from NewTalentCase, which leaves every optional field Unset.
type TalentCase struct{ c C.libtax_talent_case }

// NewTalentCase returns a case with optional fields unset and resident true.
func NewTalentCase() *TalentCase {
	p := &TalentCase{}
	C.libtax_talent_case_init(&p.c)
	return p
}

// Set assigns one field by its C name ("wages", "days_in_zone", "city", "fx_rate" as "109/100").
func (p *TalentCase) Set(field string, value string) error { return setTalentField(&p.c, field, value) }

// WageMonth is one month of a non-resident's China-sourced wages, fen; ZoneWage Unset: all of it
// from the zone.
type WageMonth struct{ Wage, ZoneWage int64 }

// SetMonths gives a non-resident's wages month by month (at most 12; none: clears them).
func (p *TalentCase) SetMonths(ms []WageMonth) error { return setMonths(&p.c, ms) }

// SetWageMonths gives a non-resident's months of equal wages (1-12), or Unset.
func (p *TalentCase) SetWageMonths(n int) { p.c.wage_months = C.int32_t(n) }

// SetEncouragedIndustry says whether the person works in the zone's encouraged industries (Hengqin).
func (p *TalentCase) SetEncouragedIndustry(yes bool) { p.c.encouraged_industry = b2i(yes) }

// SetSocialInsuranceExempt marks overseas talent who cannot join Mainland social insurance.
func (p *TalentCase) SetSocialInsuranceExempt(yes bool) { p.c.social_insurance_exempt = b2i(yes) }

// SetBusinessTaxPaidInZone gives the business-income tax actually paid in the zone, fen, or Unset.
func (p *TalentCase) SetBusinessTaxPaidInZone(fen int64) {
	p.c.business_tax_paid_in_zone = C.int64_t(fen)
}

// SetSpecialIndustry names the Hainan special-industry route ("shipping", ...), "" none.
func (p *TalentCase) SetSpecialIndustry(name string) error { return p.Set("special_industry", name) }

// TalentRelief is one regime's relief.
type TalentRelief struct {
	Eligible, Enacted, Subsidy bool
	Tax, Amount                int64
	Code                       string
}

// TalentRelief computes the relief of `regime` ("gba", "hainan", "hengqin", ...).
func (t *Tables) TalentRelief(regime string, year int, p *TalentCase) (TalentRelief, error) {
	cs := C.CString(regime)
	defer C.free(unsafe.Pointer(cs))
	var r C.libtax_talent_relief_result
	r.size = C.uint32_t(C.sizeof_libtax_talent_relief_result)
	err := call(func(e *C.libtax_error) C.libtax_status {
		return C.libtax_talent_relief(t.h, cs, C.int32_t(year), &p.c, &r, nil, e)
	})
	return TalentRelief{r.eligible == 1, r.enacted == 1, r.subsidy == 1, int64(r.tax), int64(r.amount), C.GoString(&r.code[0])}, err
}

// ReliefOptions are the options of TalentReliefWith (Projection only) and CompareRegimes.
type ReliefOptions struct {
	IncludeIneligible, IncludeWhatIf bool   // comparison: also list those regimes
	Projection                       bool   // carry the latest Hong Kong / Macao table forward (labelled, not law)
	Bonus                            int64  // comparison: an annual one-time bonus (not in wages), fen
	ZoneBonus                        *int64 // comparison: its part from the zone, fen; nil: all of it
	Place                            string // comparison: place of work ("shenzhen", "qianhai"); "": not checked
}

// Bonus treatments of RegimeOption.BonusTreatment.
const (
	BonusSeparate = 1
	BonusMerged   = 2
)

// RegimeOption is one regime under the bonus treatment chosen after its relief; a tax that
// cannot be computed is Unset.
type RegimeOption struct {
	Regime, Code                                 string
	Eligible, Enacted, Computed, Best, Projected bool
	Subsidy, Unconfirmed                         bool
	BonusTreatment                               int // BonusSeparate or BonusMerged
	Relief, TaxBeforeRelief, TaxAfterRelief      int64
	BonusSaving                                  int64
	SeparateAvailable                            bool
	SeparateRelief, SeparateTaxAfterRelief       int64
	MergedRelief, MergedTaxAfterRelief           int64
	Excludes                                     string // comma-separated
}

// Comparison is every regime compared, ranked; Best indexes Options (-1: nothing claimable).
type Comparison struct {
	Options                 []RegimeOption
	Best                    int
	SeparateAvailable       bool
	TreatmentWithoutRelief  int
	Bonus, TaxWithoutRelief int64
	Explanation             string // in the language asked for ("" when none)
}

func optionsOf(o ReliefOptions) (C.libtax_relief_options, error) {
	var c C.libtax_relief_options
	C.libtax_relief_options_init(&c)
	if o.IncludeIneligible {
		c.flags |= C.LIBTAX_COMPARE_INCLUDE_INELIGIBLE
	}
	if o.IncludeWhatIf {
		c.flags |= C.LIBTAX_COMPARE_INCLUDE_WHAT_IF
	}
	c.projection = b2i(o.Projection)
	c.bonus = C.int64_t(o.Bonus)
	if o.ZoneBonus != nil {
		c.zone_bonus = C.int64_t(*o.ZoneBonus)
	}
	if len(o.Place) >= len(c.place) {
		return c, &Error{Status: StatusInput, Field: "place", Value: o.Place, Message: "place: at most 31 bytes"}
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&c.place[0])), len(c.place)), o.Place)
	return c, nil
}

func optionOf(o *C.libtax_regime_option) RegimeOption {
	r := &o.result
	return RegimeOption{C.GoString(&r.regime[0]), C.GoString(&r.code[0]), r.eligible == 1, r.enacted == 1, r.computed == 1,
		o.best == 1, o.projected == 1, r.subsidy == 1, r.unconfirmed == 1, int(o.bonus_treatment), int64(r.amount),
		int64(o.tax_before_relief), int64(o.tax_after_relief), int64(o.bonus_saving), o.separate_available == 1,
		int64(o.separate_relief), int64(o.separate_tax_after_relief), int64(o.merged_relief), int64(o.merged_tax_after_relief),
		C.GoString(&o.excludes[0])}
}

// explained runs f with an explanation in `language` ("zh", "en", "both"; "" none), growing the
// buffer until the text fits.
func explained(language string, f func(t *C.libtax_text, e *C.libtax_error) C.libtax_status) (string, error) {
	if language == "" {
		return "", call(func(e *C.libtax_error) C.libtax_status { return f(nil, e) })
	}
	lang := C.CString(language)
	defer C.free(unsafe.Pointer(lang))
	capacity := C.size_t(1 << 16)
	for {
		buf := (*C.char)(C.malloc(capacity))
		t := (*C.libtax_text)(C.calloc(1, C.sizeof_libtax_text))
		t.size = C.uint32_t(C.sizeof_libtax_text)
		t.buffer, t.capacity, t.language = buf, capacity, lang
		err := call(func(e *C.libtax_error) C.libtax_status { return f(t, e) })
		text, length := C.GoString(buf), t.length
		C.free(unsafe.Pointer(buf))
		C.free(unsafe.Pointer(t))
		if err != nil || length < capacity {
			return text, err
		}
		capacity = length + 1
	}
}

// TalentReliefWith is TalentRelief with options (Projection) and, unless language is "", its
// explanation in that language ("zh", "en", "both"); the result has the tax before and after.
func (t *Tables) TalentReliefWith(regime string, year int, p *TalentCase, o ReliefOptions, language string) (RegimeOption, string, error) {
	opts, err := optionsOf(o)
	if err != nil {
		return RegimeOption{}, "", err
	}
	cs := C.CString(regime)
	defer C.free(unsafe.Pointer(cs))
	out := (*C.libtax_regime_option)(C.calloc(1, C.sizeof_libtax_regime_option))
	defer C.free(unsafe.Pointer(out))
	out.size = C.uint32_t(C.sizeof_libtax_regime_option)
	text, err := explained(language, func(tx *C.libtax_text, e *C.libtax_error) C.libtax_status {
		return C.libtax_talent_relief_ex(t.h, cs, C.int32_t(year), &p.c, &opts, out, tx, e)
	})
	return optionOf(out), text, err
}

// CompareRegimes compares every regime for one taxpayer-year: the bonus weighed separate against
// merged after each regime's relief, ranked, best first; explanation in `language` ("" none).
func (t *Tables) CompareRegimes(year int, p *TalentCase, o ReliefOptions, language string) (Comparison, error) {
	opts, err := optionsOf(o)
	if err != nil {
		return Comparison{}, err
	}
	capacity := 32
	for {
		size := C.size_t(C.sizeof_libtax_regime_option)
		arr := (*C.libtax_regime_option)(C.calloc(C.size_t(capacity), size))
		items := unsafe.Slice(arr, capacity)
		for i := range items {
			items[i].size = C.uint32_t(size)
		}
		sum := (*C.libtax_regime_comparison)(C.calloc(1, C.sizeof_libtax_regime_comparison))
		sum.size = C.uint32_t(C.sizeof_libtax_regime_comparison)
		text, err := explained(language, func(tx *C.libtax_text, e *C.libtax_error) C.libtax_status {
			return C.libtax_compare_regimes_ex(t.h, C.int32_t(year), &p.c, &opts, arr, C.size_t(capacity), sum, tx, e)
		})
		n := int(sum.count)
		c := Comparison{Best: int(sum.best), SeparateAvailable: sum.separate_available == 1,
			TreatmentWithoutRelief: int(sum.treatment_without_relief), Bonus: int64(sum.bonus),
			TaxWithoutRelief: int64(sum.tax_without_relief), Explanation: text}
		if err == nil && n <= capacity {
			for i := 0; i < n; i++ {
				c.Options = append(c.Options, optionOf(&items[i]))
			}
		}
		C.free(unsafe.Pointer(arr))
		C.free(unsafe.Pointer(sum))
		if err != nil {
			return Comparison{}, err
		}
		if n <= capacity {
			return c, nil
		}
		capacity = n
	}
}
