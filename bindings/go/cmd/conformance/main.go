// conformance runs the flattened conformance cases (see bindings/java/test/Conformance.java for
// the format; tests/python/test_bindings.py writes them from tests/cases/*.yaml) through the Go
// binding and prints "id<TAB>figures" per case.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"libtax.example/libtax"
)

func pairs(s string) [][2]string {
	var out [][2]string
	if s == "" {
		return out
	}
	for _, kv := range strings.Split(s, ";") {
		k, v, _ := strings.Cut(kv, "=")
		out = append(out, [2]string{k, v})
	}
	return out
}

func get(p [][2]string, key string) string {
	for _, kv := range p {
		if kv[0] == key {
			return kv[1]
		}
	}
	return ""
}

func num(s string) int64 {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return v
}

func run(t *libtax.Tables, c []string) (string, error) {
	year := int(num(c[2]))
	a := pairs(c[3])
	switch c[0] {
	case "annual":
		var in libtax.ComprehensiveIncome
		fields := map[string]*int64{"wages": &in.Wages, "labour": &in.Labour, "author": &in.Author, "royalties": &in.Royalties,
			"commissions": &in.Commissions, "social_insurance": &in.SocialInsurance, "special_additional": &in.SpecialAdditional,
			"other_deductions": &in.OtherDeductions}
		for _, kv := range a {
			p, ok := fields[kv[0]]
			if !ok {
				return "", fmt.Errorf("unknown field %s", kv[0])
			}
			*p = num(kv[1])
		}
		r, err := t.AnnualTax(year, in)
		return strconv.FormatInt(r.Tax, 10), err
	case "prepay":
		kind := map[string]libtax.Payment{"labour": libtax.Labour, "author": libtax.Author, "royalties": libtax.Royalties}[get(a, "kind")]
		tax, err := t.ResidentPrepayment(year, kind, num(get(a, "amount")))
		return strconv.FormatInt(tax, 10), err
	case "withhold":
		month := int(num(get(a, "first_month")))
		s, err := t.StartWithholding(year, libtax.WithholdingTerms{FirstMonth: month, Income: libtax.IncomeKind(num(get(a, "kind"))),
			FirstWagesThisYear: get(a, "first_wages") == "1", PriorYearLow: get(a, "low") == "1"})
		if err != nil {
			return "", err
		}
		var out []string
		for _, m := range strings.Split(c[4], ";") {
			v := strings.Split(m, ",")
			r, err := t.WithholdMonth(year, s, libtax.Month{Month: month, Wage: num(v[0]), ExemptIncome: num(v[1]),
				SocialInsurance: num(v[2]), SpecialAdditional: num(v[3]), OtherDeductions: num(v[4]), TaxReductions: num(v[5]),
				Bonus: num(v[6]), BonusMerged: v[7] == "1"})
			if err != nil {
				return "", err
			}
			out = append(out, strconv.FormatInt(r.Withheld, 10))
			s = r.After
			month++
		}
		return strings.Join(out, ","), nil
	case "talent":
		p := libtax.NewTalentCase()
		for _, kv := range a {
			if kv[0] != "regime" {
				if err := p.Set(kv[0], kv[1]); err != nil {
					return "", err
				}
			}
		}
		r, err := t.TalentRelief(get(a, "regime"), year, p)
		e := 0
		if r.Eligible {
			e = 1
		}
		return fmt.Sprintf("%d:%d", e, r.Amount), err
	case "choice":
		p := libtax.NewTalentCase()
		var o libtax.ReliefOptions
		for _, kv := range a {
			switch kv[0] {
			case "bonus":
				o.Bonus = num(kv[1])
			case "zone_bonus":
				z := num(kv[1])
				o.ZoneBonus = &z
			case "place":
				o.Place = kv[1]
			case "projection":
				o.Projection = kv[1] == "1"
			default:
				if err := p.Set(kv[0], kv[1]); err != nil {
					return "", err
				}
			}
		}
		cmp, err := t.CompareRegimes(year, p, o, "zh")
		if err != nil {
			return "", err
		}
		if cmp.Best < 0 {
			return "none", nil
		}
		b := cmp.Options[cmp.Best]
		explained := 0
		if strings.Contains(cmp.Explanation, fmt.Sprintf("%d.%02d", b.TaxAfterRelief/100, b.TaxAfterRelief%100)) {
			explained = 1
		}
		return fmt.Sprintf("%s:%d:%d:%d:%d:%d", b.Regime, b.BonusTreatment, b.Relief, b.TaxAfterRelief, b.BonusSaving, explained), nil
	case "language":
		// the process language, then a refused annual tax's message in it (set back to en after)
		if err := libtax.SetLanguage(get(a, "lang")); err != nil {
			return "", err
		}
		defer libtax.SetLanguage("en")
		_, err := t.AnnualTax(year, libtax.ComprehensiveIncome{Wages: num(get(a, "wages"))})
		if err == nil {
			return libtax.Language() + "|accepted", nil
		}
		var le *libtax.Error
		if !errors.As(err, &le) {
			return "", err
		}
		return libtax.Language() + "|" + le.Message, nil
	}
	return "", fmt.Errorf("unknown case kind %s", c[0])
}

func main() {
	t, err := libtax.Builtin()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer t.Close()
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		result, err := run(t, c)
		var le *libtax.Error
		if errors.As(err, &le) {
			result = fmt.Sprintf("error:%d:%s", le.Status, le.Field)
		} else if err != nil {
			fmt.Fprintln(os.Stderr, c[1]+":", err)
			os.Exit(1)
		}
		fmt.Printf("%s\t%s\n", c[1], result)
	}
}
