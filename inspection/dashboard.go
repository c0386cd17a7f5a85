package inspection

import (
	"context"
	"time"

	"congvu"
	"congvu/feedback"
)

// The compliance dashboard: the share of checked lines kept among lines
// kept or breached (not observed lines were not checked), per standard
// item, unit subtree and period, read from rollups kept on write.

const (
	// MinComplianceSample is the fewest checked lines (kept + breached) a
	// unit or an item needs to be ranked: a rate over a handful of lines
	// says little.
	MinComplianceSample = 20
	// WeakestShown is how many weakest items the dashboard names.
	WeakestShown = 5
	// DefaultStaleMonths is N in "units not inspected in N months" when
	// none is given; MaxStaleMonths bounds it.
	DefaultStaleMonths = 12
	MaxStaleMonths     = 60
	// DefaultDashboardMonths is the range of a dashboard when none is
	// given: the twelve months up to today.
	DefaultDashboardMonths = 12
	// MaxDashboardDays bounds the range of one dashboard (five years).
	MaxDashboardDays = 5*366 + 1
	// StaleShown is how many units not inspected the page lists (the
	// export lists them all).
	StaleShown = 50
	// StaleLevels is how deep under the subject units not inspected are
	// looked for: its sub-units and theirs (the country lists provinces
	// and districts; a province, its districts and communes). Deeper units
	// show on the dashboard of their province.
	StaleLevels = 2
)

// Tally counts lines by result.
type Tally struct {
	Kept        int `json:"kept"`
	Breached    int `json:"breached"`
	NotObserved int `json:"not_observed"`
}

// Add adds o to t.
func (t *Tally) Add(o Tally) {
	t.Kept += o.Kept
	t.Breached += o.Breached
	t.NotObserved += o.NotObserved
}

// Checked is the number of lines checked: kept or breached.
func (t Tally) Checked() int { return t.Kept + t.Breached }

// Rate is the compliance rate in percent: kept among checked lines; ok is
// false when no line was checked.
func (t Tally) Rate() (rate float64, ok bool) {
	if t.Checked() == 0 {
		return 0, false
	}
	return 100 * float64(t.Kept) / float64(t.Checked()), true
}

// Ranked reports whether t has enough checked lines to be ranked.
func (t Tally) Ranked() bool { return t.Checked() >= MinComplianceSample }

// ComplianceFilter chooses a compliance dashboard.
type ComplianceFilter struct {
	// UnitID is the subtree; 0 is the root of the actor's first scope.
	UnitID int64
	// Kind keeps one kind of inspection; "" counts both.
	Kind Kind
	// From and To are Vietnam dates, To exclusive (a time of day counts
	// its whole day). Zero: the DefaultDashboardMonths up to today.
	From, To time.Time
	// Period is the step of the trend: week, month (default) or quarter.
	Period feedback.Period
	// StaleMonths is N in "units not inspected in N months", counted back
	// from To (0: DefaultStaleMonths).
	StaleMonths int
}

// ItemCompliance is the compliance with one standard item.
type ItemCompliance struct {
	Code  string `json:"code"`
	Title string `json:"title"`
	Tally
	Rate   float64 `json:"rate"`   // percent; 0 when nothing was checked
	Ranked bool    `json:"ranked"` // at least MinComplianceSample lines checked
}

// UnitCompliance is one row of the ranking of sub-units.
type UnitCompliance struct {
	UnitID int64  `json:"unit_id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Tally
	Rate   float64 `json:"rate"`
	Ranked bool    `json:"ranked"`
	Place  int     `json:"place,omitempty"` // 1 for the best ranked; 0 when not ranked
}

// TrendPoint is one period of the trend.
type TrendPoint struct {
	Start time.Time `json:"start"`
	Label string    `json:"label"`
	Tally
	Rate float64 `json:"rate"`
}

// StaleUnit is a unit whose subtree had no line recorded in the last N
// months.
type StaleUnit struct {
	UnitID  int64     `json:"unit_id"`
	Code    string    `json:"code"`
	Name    string    `json:"name"`
	LastDay time.Time `json:"last_day,omitzero"` // zero: never inspected
}

// OverdueAction is a corrective action past its deadline and not done.
type OverdueAction struct {
	ID           int64     `json:"id"`
	InspectionID int64     `json:"inspection_id"`
	UnitID       int64     `json:"unit_id"`
	UnitName     string    `json:"unit_name"`
	Title        string    `json:"title"`
	DueOn        time.Time `json:"due_on"`
	DaysLate     int       `json:"days_late"`
}

// Compliance is the compliance dashboard of a unit subtree.
type Compliance struct {
	UnitID int64           `json:"unit_id"`
	Title  string          `json:"title"`
	Kind   Kind            `json:"kind,omitempty"`
	From   time.Time       `json:"from"`
	To     time.Time       `json:"to"` // exclusive
	Period feedback.Period `json:"period"`
	Tally
	Rate      float64 `json:"rate"`
	MinSample int     `json:"min_sample"`
	// Trend is one point per period of the range, empty ones included.
	Trend []TrendPoint `json:"trend"`
	// Items are the standard items checked in the range, by code.
	Items []ItemCompliance `json:"items"`
	// Weakest are the ranked items of lowest compliance, at most
	// WeakestShown.
	Weakest []ItemCompliance `json:"weakest"`
	// Units rank the active sub-units: ranked ones best first, then the
	// others, most checked first.
	Units []UnitCompliance `json:"units"`
	// Stale lists the active units at most StaleLevels levels under the
	// subject with no line recorded in their subtree in the StaleMonths
	// months up to To, never inspected first, then the longest ago; at
	// most StaleShown unless all were asked for. StaleTotal counts them all.
	StaleMonths int         `json:"stale_months"`
	Stale       []StaleUnit `json:"stale"`
	StaleTotal  int         `json:"stale_total"`
	// Overdue lists the corrective actions of the subtree past their
	// deadline; OverdueTotal counts them.
	Overdue      []OverdueAction `json:"overdue"`
	OverdueTotal int             `json:"overdue_total"`
}

// DashboardService gives the compliance dashboards.
type DashboardService interface {
	// Compliance returns the compliance dashboard of a unit subtree.
	// Errors: EUNAUTH (nobody signed in), EFORBIDDEN (the actor sees no
	// compliance anywhere), EINVALID (a bad range, kind, period or N),
	// ENOTFOUND (no such unit, or one the actor may not see the
	// compliance of).
	Compliance(ctx context.Context, f ComplianceFilter) (*Compliance, error)
	// AllStale lists every unit not inspected of f's dashboard (Stale
	// without its bound), for the export. Errors as Compliance.
	AllStale(ctx context.Context, f ComplianceFilter) ([]StaleUnit, error)
}

// CanViewCompliance reports whether the actor may see the compliance
// figures of the subtree at path. The figures count lines of inspections
// not concluded yet (and of unannounced ones once visited), so only those
// who run or supervise inspections see them, not the inspected unit's head.
func CanViewCompliance(a *congvu.Actor, path string) bool {
	return a.Can(congvu.ActInspectionDashboard, path)
}

// RateOf fills the rate of a tally: its Rate, or 0 when nothing was checked.
func RateOf(t Tally) float64 {
	r, _ := t.Rate()
	return r
}
