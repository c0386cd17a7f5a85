// Package publicstats gives the public transparency page (/cong-khai): for
// a province, commune or agency, the figures citizens may see of the year
// so far and of the same days last year — the satisfaction index and its
// trend, the eight behaviours, reports received, handled on time and
// founded, inspections done and compliance, apology slips issued.
//
// It compiles, never decides: every figure is read through the dashboard
// of its capability (ratings, petitions, inspections, apology slips) as the
// system, so the public page shows exactly what the dashboards show for the
// same unit and period. Aggregates only: nothing it returns names an
// official or quotes a report; a share over fewer cases than its minimum
// sample is left out (nil), for the page to say "chưa đủ số liệu".
package publicstats

import (
	"context"
	"time"
)

// CacheTTL is how long a unit's figures are kept in the process: the page
// is read by many and its figures change by the day.
const CacheTTL = 5 * time.Minute

// Ref names a unit on the page.
type Ref struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Span is the figures of a unit over one range of days.
type Span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"` // exclusive
	// Ratings counted (accepted) and the satisfaction index, the share of
	// them satisfied or very satisfied (feedback.Tally.Index); nil below
	// MinSample ratings.
	Ratings int      `json:"ratings"`
	Index   *float64 `json:"satisfaction_index"`
	// Petitions received (submitted in the range), concluded, and founded
	// or partly founded among those concluded.
	Petitions int `json:"petitions_received"`
	Concluded int `json:"petitions_concluded"`
	Founded   int `json:"petitions_founded"`
	// OnTime is the share of handling stages completed by their deadline
	// (the petition dashboard's on-time rate); nil when none was completed.
	StagesDone int      `json:"stages_completed"`
	OnTime     *float64 `json:"on_time_rate"`
	// Inspections concluded (or closed) of the unit's subtree, the checked
	// lines and the compliance (kept among checked); nil below
	// inspection.MinComplianceSample lines.
	Inspections int      `json:"inspections_done"`
	Checked     int      `json:"lines_checked"`
	Compliance  *float64 `json:"compliance_rate"`
	// ApologySlips issued by the unit's subtree.
	ApologySlips int `json:"apology_slips"`
}

// Month is one point of the index's trend.
type Month struct {
	Label   string   `json:"label"` // "T3/2026"
	Ratings int      `json:"ratings"`
	Index   *float64 `json:"satisfaction_index"` // nil below MinSample
}

// Behaviour is one of the eight behaviours ("4 xin, 4 luôn") over the year.
type Behaviour struct {
	Code  string   `json:"code"`
	Title string   `json:"title"`
	Asked int      `json:"answers"`
	Rate  *float64 `json:"rate"` // percent of yes; nil below MinSample answers
}

// Figures is one unit's public page.
type Figures struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	TypeName string `json:"type_name,omitempty"`
	// Parent is the unit above (nil for the country); Province is the
	// province it lies in, compared with (nil for a province or above).
	Parent   *Ref  `json:"parent,omitempty"`
	Province *Ref  `json:"province,omitempty"`
	Children []Ref `json:"children,omitempty"`
	// Year is the year shown; AsOf the last day its data count (yesterday:
	// a day is counted once over).
	Year      int       `json:"year"`
	AsOf      time.Time `json:"as_of"`
	MinSample int       `json:"min_sample"`
	// This is the year so far; Last the same days of the year before;
	// InProvince the province's figures over This's days.
	This       Span        `json:"this_year"`
	Last       Span        `json:"last_year"`
	InProvince *Span       `json:"province_this_year,omitempty"`
	Trend      []Month     `json:"trend"`
	Behaviours []Behaviour `json:"behaviours"`
}

// Service gives the public figures (public: no actor is needed).
type Service interface {
	// Figures returns a unit's figures by its code; "" is the whole
	// country. ENOTFOUND for an unknown or dissolved unit.
	Figures(ctx context.Context, code string) (*Figures, error)
}

// Pct returns a pointer to v when n reaches min, else nil: a share over
// too few cases is not shown.
func Pct(v float64, n, min int) *float64 {
	if n < min || n == 0 {
		return nil
	}
	return &v
}
