package libtax

/*
#include <libtax/c/libtax.h>
*/
import "C"

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// setTalentField sets one field of the C talent case by its name in libtax.h.
func setTalentField(c *C.libtax_talent_case, field, value string) error {
	ints := map[string]*C.int32_t{
		"identity": &c.identity, "resident": &c.resident, "wage_months": &c.wage_months,
		"talent_recognised": &c.talent_recognised, "days_in_zone": &c.days_in_zone, "actual_days": &c.actual_days,
		"social_insurance_months": &c.social_insurance_months, "social_insurance_exempt": &c.social_insurance_exempt,
		"contract_years": &c.contract_years, "encouraged_industry": &c.encouraged_industry,
	}
	fens := map[string]*C.int64_t{
		"wages": &c.wages, "labour": &c.labour, "author": &c.author, "royalties": &c.royalties, "commissions": &c.commissions,
		"business_taxable_income": &c.business_taxable_income, "social_insurance": &c.social_insurance,
		"special_additional": &c.special_additional, "other_deductions": &c.other_deductions, "talent_subsidy": &c.talent_subsidy,
		"zone_wages": &c.zone_wages, "zone_labour": &c.zone_labour, "zone_author": &c.zone_author,
		"zone_royalties": &c.zone_royalties, "zone_business_taxable_income": &c.zone_business_taxable_income,
		"tax_paid_in_zone": &c.tax_paid_in_zone, "business_tax_paid_in_zone": &c.business_tax_paid_in_zone,
		"mpf_contributions": &c.mpf_contributions,
	}
	texts := map[string][]C.char{
		"city": c.city[:], "special_industry": c.special_industry[:],
	}
	if p, ok := ints[field]; ok {
		v, err := strconv.ParseInt(value, 10, 32)
		*p = C.int32_t(v)
		return err
	}
	if p, ok := fens[field]; ok {
		v, err := strconv.ParseInt(value, 10, 64)
		*p = C.int64_t(v)
		return err
	}
	if b, ok := texts[field]; ok {
		if len(value) >= len(b) {
			return fmt.Errorf("%s: at most %d bytes", field, len(b)-1)
		}
		for i := range b {
			b[i] = 0
		}
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&b[0])), len(b)), value)
		return nil
	}
	if field == "months" { // WAGE[:ZONE_WAGE],... in fen
		var ms []WageMonth
		for _, w := range strings.Split(value, ",") {
			if w == "" {
				continue
			}
			wage, zone, hasZone := strings.Cut(w, ":")
			n, err := strconv.ParseInt(wage, 10, 64)
			if err != nil {
				return fmt.Errorf("months: expected WAGE[:ZONE_WAGE],..., got %q", value)
			}
			m := WageMonth{Wage: n, ZoneWage: Unset}
			if hasZone {
				if m.ZoneWage, err = strconv.ParseInt(zone, 10, 64); err != nil {
					return fmt.Errorf("months: expected WAGE[:ZONE_WAGE],..., got %q", value)
				}
			}
			ms = append(ms, m)
		}
		return setMonths(c, ms)
	}
	if field == "fx_rate" {
		nd := strings.SplitN(value, "/", 2)
		if len(nd) != 2 {
			return fmt.Errorf("fx_rate: expected NUM/DEN, got %q", value)
		}
		n, err1 := strconv.ParseInt(nd[0], 10, 64)
		d, err2 := strconv.ParseInt(nd[1], 10, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("fx_rate: expected NUM/DEN, got %q", value)
		}
		c.fx_rate_num, c.fx_rate_den = C.int64_t(n), C.int64_t(d)
		return nil
	}
	return &Error{Status: StatusInput, Field: field, Value: value, Message: field + ": unknown field of the talent case"}
}

// setMonths sets a non-resident's months (at most 12) and clears the rest.
func setMonths(c *C.libtax_talent_case, ms []WageMonth) error {
	if len(ms) > len(c.months) {
		return &Error{Status: StatusInput, Field: "months", Value: strconv.Itoa(len(ms)) + " months",
			Message: "months: a tax year has at most 12 months of wages"}
	}
	for i := range c.months {
		c.months[i].wage, c.months[i].zone_wage = 0, C.LIBTAX_UNSET
		if i < len(ms) {
			c.months[i].wage, c.months[i].zone_wage = C.int64_t(ms[i].Wage), C.int64_t(ms[i].ZoneWage)
		}
	}
	c.month_count = C.int32_t(len(ms))
	return nil
}
