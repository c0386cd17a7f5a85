package violation

import (
	"regexp"
	"strings"

	"congvu/vntext"
)

// decisionNumberRE is a số/ký hiệu of Decree 30/2020/NĐ-CP: a number, a
// slash, the symbol (capital letters and digits in hyphenated parts).
var decisionNumberRE = regexp.MustCompile(`^[0-9]{1,6}/[\p{Lu}0-9]{1,12}(-[\p{Lu}0-9]{1,12}){0,4}$`)

// ParseDecisionNumber reads a decision's số/ký hiệu as clerks type it
// ("15/QĐ-UBND", " 7 / qđ-snv "): spaces around the slash and the hyphens
// are dropped, the symbol is written in capitals. The message says what is
// wrong, in Vietnamese ("" when read).
func ParseDecisionNumber(v string) (string, string) {
	v = vntext.Normalize(v)
	if v == "" {
		return "", "Xin nhập số, ký hiệu của quyết định, ví dụ 15/QĐ-UBND."
	}
	n, sym, ok := strings.Cut(v, "/")
	if !ok {
		return "", "Số, ký hiệu phải có dạng số/ký hiệu, ví dụ 15/QĐ-UBND."
	}
	out := strings.TrimSpace(n) + "/" + strings.ToUpper(strings.Join(strings.Fields(strings.ReplaceAll(sym, " - ", "-")), ""))
	if !decisionNumberRE.MatchString(out) {
		return "", "Số, ký hiệu phải có dạng số/ký hiệu, ví dụ 15/QĐ-UBND."
	}
	return out, ""
}

// ValidDecisionNumber reports whether s is a số/ký hiệu as
// ParseDecisionNumber writes it.
func ValidDecisionNumber(s string) bool { return decisionNumberRE.MatchString(s) }
