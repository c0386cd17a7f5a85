package violation

import (
	"fmt"
	"strconv"
	"strings"
)

// What makes ratings a suggestion of a violation: at least
// SuggestMinSample ratings of the official over the period, and a
// satisfaction index SuggestGap points or more below their unit's. The
// thresholds are the product's choice, shown to the user in the reason.
const (
	SuggestMinSample = 30
	SuggestGap       = 15.0
	// SuggestDays is the period looked at when none is given.
	SuggestDays = 90
	// SuggestLimit bounds each kind of suggestion.
	SuggestLimit = 50
)

// RatingsReason says in Vietnamese why an official's ratings suggest a
// violation (n ratings, index official against unit, in percent), and
// whether they do.
func RatingsReason(n int, official, unit float64) (string, bool) {
	if n < SuggestMinSample || official > unit-SuggestGap {
		return "", false
	}
	return fmt.Sprintf("Chỉ số hài lòng của cán bộ %s%% trên %d lượt đánh giá, thấp hơn %s điểm so với đơn vị (%s%%); cần xem xét, không tự động là vi phạm.",
		pct(official), n, pct(unit-official), pct(unit)), true
}

func pct(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 1, 64), ".", ",", 1)
}
