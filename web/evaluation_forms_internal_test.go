package web

import (
	"net/url"
	"strings"
	"testing"

	"congvu/evaluation"
	"congvu/org"
)

// The points and the rule set's JSON, as posted by anybody: a value is
// either read within its criterion's bounds or reported on its field in
// Vietnamese; nothing panics, no parser's English reaches the page.
func FuzzEvaluationForms(f *testing.F) {
	for _, s := range []string{"5", "4,5", "4.5", "-1", "1e308", "NaN", "Inf", "", "0x10", "\x00\xff", "5,5,5",
		`{"categories":["civil_servant"],"scored":true}`, `{"unknown":1}`, `[]`, `{"general":[{"code":"x","max":"a"}]}`} {
		f.Add(s)
	}
	rs := evaluation.RuleSetFor(evaluation.DefaultRuleSets(), org.CategoryCivilServant, 2026)
	if rs == nil {
		f.Fatal("no rule set for 2026")
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := url.Values{"rules": {s}, "code": {"x"}, "title": {"x"}, "basis": {"x"}, "from_year": {"2999"}}
		for _, c := range rs.General {
			v.Set(generalField(c.Code), s)
		}
		form := NewForm(v)
		scores := readScores(form, rs)
		for i, c := range rs.General {
			sc := scores[i]
			if msg := form.Error(generalField(c.Code)); msg == "" && (sc.Points < 0 || sc.Points > c.Max || sc.Points != sc.Points) {
				t.Fatalf("%q read as %v for a maximum of %v", s, sc.Points, c.Max)
			}
		}
		evaluationRuleInput(form)
		for k, msg := range form.Errors {
			if strings.Contains(msg, "json") || strings.Contains(msg, "strconv") || msg == "" {
				t.Fatalf("field %s says %q", k, msg)
			}
		}
	})
}
