package training

import (
	"congvu/feedback"
	"congvu/vntext"
	"fmt"
)

// The evidence that suggests remedial training, over the last twelve
// months: any founded (or partly founded) report, any violation, or a
// satisfaction index below WeakIndex over at least
// feedback.MinRankingSample ratings (a smaller sample says nothing).
const (
	SuggestMonths = 12
	WeakIndex     = 70.0 // percent satisfied or very satisfied
)

// Evidence is an official's evidence of the last twelve months.
type Evidence struct {
	Founded    int            // founded or partly founded petitions naming them
	Violations int            // violations naming them
	Ratings    feedback.Tally // their ratings
}

// Reasons says in Vietnamese why e suggests remedial training; none when
// it does not. A head decides; nothing is automatic.
func (e Evidence) Reasons() []string {
	var out []string
	if e.Founded > 0 {
		out = append(out, fmt.Sprintf("%d phản ánh có cơ sở trong 12 tháng", e.Founded))
	}
	if e.Violations > 0 {
		out = append(out, fmt.Sprintf("%d vi phạm trong 12 tháng", e.Violations))
	}
	if e.Ratings.Total >= feedback.MinRankingSample {
		if idx := e.Ratings.Index(); idx < WeakIndex {
			out = append(out, fmt.Sprintf("Chỉ số hài lòng %s%% trên %s lượt đánh giá trong 12 tháng (dưới %s%%)",
				vntext.Decimal(idx, 1), vntext.Number(e.Ratings.Total), vntext.Decimal(WeakIndex, 0)))
		}
	}
	return out
}
