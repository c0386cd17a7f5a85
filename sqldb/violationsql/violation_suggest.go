package violationsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/violation"
	"context"
	"fmt"
	"time"
)

// Suggest lists evidence in the unit's subtree no violation rests on yet:
// breached inspection lines naming an official (closed records), founded
// petitions naming an official that the actor may read, and officials
// whose satisfaction index falls violation.SuggestGap points below their
// unit's over violation.SuggestMinSample ratings. Each kind at most
// violation.SuggestLimit, newest first. See violation.Service.
func (s *ViolationService) Suggest(ctx context.Context, unitID int64, since time.Time) ([]*violation.Suggestion, error) {
	actor := congvu.ActorFromContext(ctx)
	unit, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if unit == nil || !violation.Allowed(actor, congvu.ActViolationView, unit.Path) {
		return nil, sqldb.NotFoundUnit()
	}
	if !violation.Allowed(actor, congvu.ActViolationOpen, unit.Path) {
		return nil, errForbidden()
	}
	now := s.db.Now()
	if since.IsZero() || since.After(now) {
		since = now.AddDate(0, 0, -violation.SuggestDays)
	}
	since = congvu.Date(since)
	out := []*violation.Suggestion{}
	lines, err := s.suggestLines(ctx, unit.Path, since)
	if err != nil {
		return nil, err
	}
	out = append(out, lines...)
	pets, err := s.suggestPetitions(ctx, unit.Path, since)
	if err != nil {
		return nil, err
	}
	out = append(out, pets...)
	ratings, err := s.suggestRatings(ctx, unit.Path, since, now)
	if err != nil {
		return nil, err
	}
	return append(out, ratings...), nil
}

func (s *ViolationService) suggestLines(ctx context.Context, path string, since time.Time) ([]*violation.Suggestion, error) {
	var a sqldb.Args
	q := `SELECT l.id, l.item_code, l.official_id, o.full_name, tu.id, tu.name, l.recorded_at
		FROM inspection_lines l JOIN inspections i ON i.id = l.inspection_id JOIN units tu ON tu.id = i.target_unit_id
		JOIN officials o ON o.id = l.official_id
		WHERE l.result = 'breached' AND l.official_id IS NOT NULL AND i.status IN ('recorded', 'concluded', 'closed')
		AND ` + sqldb.ScopeClause("tu.path", []string{path}, &a) + ` AND l.recorded_at >= ` + a.Add(since.UTC()) + `
		AND NOT EXISTS (SELECT 1 FROM violation_evidence e WHERE e.kind = 'inspection_line' AND e.ref_id = l.id)
		ORDER BY l.recorded_at DESC, l.id DESC LIMIT ` + a.Add(violation.SuggestLimit)
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "suggest lines", q, func(sc sqldb.Scanner) (*violation.Suggestion, error) {
		g := &violation.Suggestion{}
		var code string
		var at time.Time
		if err := sc.Scan(&g.ID, &code, &g.OfficialID, &g.OfficialName, &g.UnitID, &g.UnitName, &at); err != nil {
			return nil, err
		}
		g.Kind, g.ItemCodes, g.Date = congvu.EvidenceInspectionLine, []string{code}, congvu.Date(at)
		g.Summary = fmt.Sprintf("Kiểm tra ngày %s: không đạt chuẩn mực %s (dòng kiểm tra số %d).", day(g.Date), code, g.ID)
		g.Reason = "Kết quả kiểm tra ghi nhận cán bộ không đạt chuẩn mực; chưa có vụ việc nào dựa trên kết quả này."
		return g, nil
	}, a...)
}

func (s *ViolationService) suggestPetitions(ctx context.Context, path string, since time.Time) ([]*violation.Suggestion, error) {
	var a sqldb.Args
	q := `SELECT p.id, o.full_name, u.name FROM petitions p JOIN units u ON u.id = p.unit_id JOIN officials o ON o.id = p.official_id
		WHERE p.conclusion IN ('founded', 'partly') AND p.status IN ('concluded', 'closed') AND p.official_id IS NOT NULL
		AND ` + sqldb.ScopeClause("u.path", []string{path}, &a) + ` AND p.updated_at >= ` + a.Add(since.UTC()) + `
		AND NOT EXISTS (SELECT 1 FROM violation_evidence e WHERE e.kind = 'petition' AND e.ref_id = p.id)
		ORDER BY p.updated_at DESC, p.id DESC LIMIT ` + a.Add(violation.SuggestLimit)
	type row struct {
		id          int64
		name, uname string
	}
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "suggest petitions", q, func(sc sqldb.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.id, &r.name, &r.uname)
	}, a...)
	if err != nil {
		return nil, err
	}
	var out []*violation.Suggestion
	for _, r := range rows {
		// Read as the actor: a petition about the reader is not theirs to see.
		e, err := s.resolve(ctx, congvu.EvidenceRef{Kind: congvu.EvidencePetition, ID: r.id}, "", 0, nil, "petition", congvu.Validation{})
		if err != nil {
			return nil, err
		}
		if e == nil {
			continue
		}
		out = append(out, &violation.Suggestion{Evidence: *e, OfficialName: r.name, UnitName: r.uname,
			Reason: "Phản ánh của người dân được kết luận đúng hoặc đúng một phần; chưa có vụ việc nào dựa trên kết luận này."})
	}
	return out, nil
}

func (s *ViolationService) suggestRatings(ctx context.Context, path string, since, now time.Time) ([]*violation.Suggestion, error) {
	from := utcDate(since)
	var a sqldb.Args
	type row struct {
		official, unit int64
		name, uname    string
		n, good        int
	}
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "suggest ratings", `SELECT o.id, o.full_name, u.id, u.name, SUM(r.total),
		SUM(r.very_satisfied + r.satisfied) FROM rollup_official_day r JOIN officials o ON o.id = r.official_id JOIN units u ON u.id = o.unit_id
		WHERE `+sqldb.ScopeClause("u.path", []string{path}, &a)+` AND r.day >= `+a.Add(from)+` AND o.active = TRUE
		AND NOT EXISTS (SELECT 1 FROM violation_evidence e WHERE e.kind = 'ratings' AND e.official_id = o.id AND e.evidence_date >= `+a.Add(since.UTC())+`)
		GROUP BY o.id, o.full_name, u.id, u.name HAVING SUM(r.total) >= `+a.Add(violation.SuggestMinSample)+`
		ORDER BY o.id LIMIT 5000`, func(sc sqldb.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.official, &r.name, &r.unit, &r.uname, &r.n, &r.good)
	}, a...)
	if err != nil {
		return nil, err
	}
	unitIndex := map[int64]float64{}
	var out []*violation.Suggestion
	for _, r := range rows {
		ui, ok := unitIndex[r.unit]
		if !ok {
			var n, good int
			if err := s.db.Read.QueryRowContext(ctx, `SELECT COALESCE(SUM(total), 0), COALESCE(SUM(very_satisfied + satisfied), 0)
				FROM rollup_unit_day WHERE unit_id = $1 AND day >= $2`, r.unit, from).Scan(&n, &good); err != nil {
				return nil, s.db.Internal("unit ratings", err)
			}
			if n > 0 {
				ui = 100 * float64(good) / float64(n)
			}
			unitIndex[r.unit] = ui
		}
		reason, ok := violation.RatingsReason(r.n, 100*float64(r.good)/float64(r.n), ui)
		if !ok {
			continue
		}
		today := congvu.Date(now)
		out = append(out, &violation.Suggestion{
			Evidence: violation.Evidence{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidenceRatings, OfficialID: r.official, UnitID: r.unit, Date: today},
				Summary: fmt.Sprintf("Kết quả đánh giá của người dân từ %s đến %s.", day(since), day(today))},
			OfficialName: r.name, UnitName: r.uname, Reason: reason})
		if len(out) == violation.SuggestLimit {
			break
		}
	}
	return out, nil
}
