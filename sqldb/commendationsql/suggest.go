package commendationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// suggestRows bounds the rows of evidence read per kind.
const suggestRows = 5000

// evidencePerKind bounds the pieces of one kind kept on a suggestion.
const evidencePerKind = 5

// Suggest lists the officials and units of a unit's subtree whose evidence
// of year merits a praise or a proposal, without a commendation of that
// year (other than rejected or withdrawn): a satisfaction index at or above
// the rule set's threshold over its minimum sample (from the rollups),
// MinThanks comments thanking an official, inspections whose lines were
// all kept, a founded petition's reporter thanking the unit. For those who
// praise or propose over the unit. See commendation.Service.
func (s *CommendationService) Suggest(ctx context.Context, unitID int64, year int) ([]*commendation.Suggestion, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	now := s.db.Now()
	if year < 2000 || year > congvu.Date(now).Year() {
		return nil, congvu.FieldError("year", fmt.Sprintf("Năm thành tích phải từ 2000 đến %d.", congvu.Date(now).Year()))
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	if !a.Can(congvu.ActCommend, u.Path) && !a.Can(congvu.ActCommendationPropose, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền biểu dương, đề nghị khen thưởng ở đơn vị này.")
	}
	sets, err := s.loadRuleSets(ctx, s.db.Read)
	if err != nil {
		return nil, err
	}
	minSample, minIndex := commendation.DefaultMinSample, commendation.DefaultMinIndex
	if rs := commendation.RuleSetOn(sets, now); rs != nil {
		minSample, minIndex = rs.MinSample, rs.MinIndex
	}
	start, end := commendation.YearBounds(year)
	fromDay, toDay := yearDays(year)
	q := s.db.Read

	type key struct{ official, unit int64 }
	found := map[key]*commendation.Suggestion{}
	reasons := map[key][]string{}
	get := func(k key, officialName, unitName string) *commendation.Suggestion {
		g := found[k]
		if g == nil {
			g = &commendation.Suggestion{OfficialID: k.official, OfficialName: officialName, UnitID: k.unit, UnitName: unitName, Evidence: []*commendation.Evidence{}}
			found[k] = g
		}
		return g
	}
	yearEnd := minTime(end.Add(-time.Second), now).UTC()

	// Who already has a commendation of the year.
	var ar sqldb.Args
	scope := sqldb.ScopeClause("u.path", []string{u.Path}, &ar)
	type had struct{ official, unit int64 }
	done, err := sqldb.QueryAll(ctx, s.db, q, "commended of the year", `SELECT COALESCE(c.official_id, 0), c.unit_id FROM commendations c
		JOIN units u ON u.id = c.unit_id WHERE `+scope+` AND c.year = `+ar.Add(year)+` AND c.status NOT IN ('rejected', 'withdrawn')`,
		func(sc sqldb.Scanner) (had, error) {
			var h had
			err := sc.Scan(&h.official, &h.unit)
			return h, err
		}, ar...)
	if err != nil {
		return nil, err
	}
	var disciplined map[int64]bool
	if s.discipline != nil {
		if disciplined, err = s.discipline.DisciplinedIn(ctx, u.Path, year); err != nil {
			return nil, err
		}
	}
	skip := func(k key) bool {
		if k.official != 0 && disciplined[k.official] {
			return true // disciplined in the year: not a subject to suggest
		}
		for _, h := range done {
			if (k.official != 0 && h.official == k.official) || (k.official == 0 && h.official == 0 && h.unit == k.unit) {
				return true
			}
		}
		return false
	}
	ratings := func(kind, table string) error {
		var ar sqldb.Args
		scope := sqldb.ScopeClause("u.path", []string{u.Path}, &ar)
		var query string
		if kind == "official" {
			query = `SELECT o.id, o.full_name, o.unit_id, u.name, SUM(r.total), SUM(r.very_satisfied + r.satisfied)
				FROM officials o JOIN units u ON u.id = o.unit_id JOIN ` + table + ` r ON r.official_id = o.id
				WHERE ` + scope + ` AND o.active = TRUE AND r.day >= ` + ar.Add(fromDay) + ` AND r.day < ` + ar.Add(toDay) + `
				GROUP BY o.id, o.full_name, o.unit_id, u.name HAVING SUM(r.total) >= ` + ar.Add(minSample)
		} else {
			query = `SELECT 0, '', u.id, u.name, SUM(r.total), SUM(r.very_satisfied + r.satisfied)
				FROM units u JOIN ` + table + ` r ON r.unit_id = u.id
				WHERE ` + scope + ` AND u.active = TRUE AND u.kind <> 'nation' AND r.day >= ` + ar.Add(fromDay) + ` AND r.day < ` + ar.Add(toDay) + `
				GROUP BY u.id, u.name HAVING SUM(r.total) >= ` + ar.Add(minSample)
		}
		type row struct {
			k          key
			name, unit string
			t          tallyOf
		}
		rows, err := sqldb.QueryAll(ctx, s.db, q, "suggest by ratings", query, func(sc sqldb.Scanner) (row, error) {
			var r row
			err := sc.Scan(&r.k.official, &r.name, &r.k.unit, &r.unit, &r.t.total, &r.t.good)
			return r, err
		}, ar...)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.t.index() < minIndex || skip(r.k) {
				continue
			}
			g := get(r.k, r.name, r.unit)
			g.Evidence = append(g.Evidence, &commendation.Evidence{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidenceRatings, OfficialID: r.k.official, UnitID: r.k.unit, Date: yearEnd},
				Summary: fmt.Sprintf("Chỉ số hài lòng %s trên %s lượt đánh giá năm %d", percent(r.t.index()), vntext.Number(r.t.total), year)})
			reasons[r.k] = append(reasons[r.k], fmt.Sprintf("chỉ số hài lòng %s trên %s lượt đánh giá (ngưỡng %s, tối thiểu %s lượt)",
				percent(r.t.index()), vntext.Number(r.t.total), percent(minIndex), vntext.Number(minSample)))
		}
		return nil
	}
	if err := ratings("official", "rollup_official_day"); err != nil {
		return nil, err
	}
	if err := ratings("unit", "rollup_unit_day"); err != nil {
		return nil, err
	}

	// Comments thanking an official.
	{
		var ar sqldb.Args
		scope := sqldb.ScopeClause("u.path", []string{u.Path}, &ar)
		var likes []string
		for _, w := range commendation.ThanksWords {
			likes = append(likes, "f.search_comment LIKE "+ar.Add("%"+w+"%"))
		}
		type row struct {
			id   int64
			k    key
			name string
			unit string
			at   time.Time
		}
		rows, err := sqldb.QueryAll(ctx, s.db, q, "suggest by thanks", `SELECT f.id, o.id, o.full_name, o.unit_id, u.name, f.submitted_at
			FROM feedback f JOIN officials o ON o.id = f.official_id JOIN units u ON u.id = o.unit_id
			WHERE `+scope+` AND o.active = TRUE AND f.status = 'accepted' AND f.submitted_at >= `+ar.Add(start.UTC())+` AND f.submitted_at < `+ar.Add(end.UTC())+`
			AND (`+strings.Join(likes, " OR ")+`) ORDER BY f.submitted_at DESC, f.id DESC LIMIT `+ar.Add(suggestRows),
			func(sc sqldb.Scanner) (row, error) {
				var r row
				err := sc.Scan(&r.id, &r.k.official, &r.name, &r.k.unit, &r.unit, &r.at)
				return r, err
			}, ar...)
		if err != nil {
			return nil, err
		}
		count := map[key]int{}
		for _, r := range rows {
			count[r.k]++
		}
		for _, r := range rows {
			if skip(r.k) || (count[r.k] < commendation.MinThanks && found[r.k] == nil) {
				continue
			}
			g := get(r.k, r.name, r.unit)
			n := 0
			for _, e := range g.Evidence {
				if e.Kind == congvu.EvidenceThanks {
					n++
				}
			}
			if n == 0 {
				reasons[r.k] = append(reasons[r.k], fmt.Sprintf("%d lời cảm ơn của người dân trong đánh giá", count[r.k]))
			}
			if n < evidencePerKind {
				g.Evidence = append(g.Evidence, &commendation.Evidence{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidenceThanks, ID: r.id, OfficialID: r.k.official, UnitID: r.k.unit, Date: r.at.UTC()},
					Summary: "Người dân cảm ơn trong đánh giá ngày " + dmy(r.at)})
			}
		}
	}

	// Inspections whose lines were all kept.
	{
		var ar sqldb.Args
		scope := sqldb.ScopeClause("u.path", []string{u.Path}, &ar)
		type row struct {
			id   int64
			k    key
			unit string
			at   time.Time
			kept int
		}
		rows, err := sqldb.QueryAll(ctx, s.db, q, "suggest by inspections", `SELECT i.id, u.id, u.name, i.visited_at,
			(SELECT COUNT(*) FROM inspection_lines l WHERE l.inspection_id = i.id AND l.result = 'kept')
			FROM inspections i JOIN units u ON u.id = i.target_unit_id
			WHERE `+scope+` AND u.active = TRUE AND i.status IN ('recorded', 'concluded', 'closed') AND i.visited_at >= `+ar.Add(start.UTC())+` AND i.visited_at < `+ar.Add(end.UTC())+`
			AND NOT EXISTS (SELECT 1 FROM inspection_lines l WHERE l.inspection_id = i.id AND l.result = 'breached')
			ORDER BY i.visited_at DESC LIMIT `+ar.Add(suggestRows), func(sc sqldb.Scanner) (row, error) {
			var r row
			err := sc.Scan(&r.id, &r.k.unit, &r.unit, &r.at, &r.kept)
			return r, err
		}, ar...)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.kept == 0 || skip(r.k) {
				continue
			}
			g := get(r.k, "", r.unit)
			if len(g.Evidence) == 0 || !slices.ContainsFunc(g.Evidence, func(e *commendation.Evidence) bool { return e.Kind == congvu.EvidenceInspectionKept }) {
				reasons[r.k] = append(reasons[r.k], "kiểm tra công vụ: mọi tiêu chí đều đạt")
			}
			g.Evidence = append(g.Evidence, &commendation.Evidence{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidenceInspectionKept, ID: r.id, UnitID: r.k.unit, Date: r.at.UTC()},
				Summary: fmt.Sprintf("Kiểm tra ngày %s: %d tiêu chí, tất cả đều đạt", dmy(r.at), r.kept)})
		}
	}

	// A founded petition's reporter thanking the unit.
	{
		var ar sqldb.Args
		scope := sqldb.ScopeClause("u.path", []string{u.Path}, &ar)
		type row struct {
			id   int64
			k    key
			unit string
			body string
			at   time.Time
		}
		rows, err := sqldb.QueryAll(ctx, s.db, q, "suggest by petitions", `SELECT p.id, u.id, u.name, m.body, m.created_at
			FROM petitions p JOIN units u ON u.id = p.unit_id JOIN petition_messages m ON m.petition_id = p.id AND m.from_agency = FALSE
			WHERE `+scope+` AND u.active = TRUE AND p.conclusion IN ('founded', 'partly') AND m.created_at >= `+ar.Add(start.UTC())+` AND m.created_at < `+ar.Add(end.UTC())+`
			ORDER BY m.created_at DESC LIMIT `+ar.Add(suggestRows), func(sc sqldb.Scanner) (row, error) {
			var r row
			err := sc.Scan(&r.id, &r.k.unit, &r.unit, &r.body, &r.at)
			return r, err
		}, ar...)
		if err != nil {
			return nil, err
		}
		seen := map[int64]bool{}
		for _, r := range rows {
			if seen[r.id] || !thanks(vntext.Fold(r.body)) || skip(r.k) {
				continue
			}
			seen[r.id] = true
			g := get(r.k, "", r.unit)
			if !slices.ContainsFunc(g.Evidence, func(e *commendation.Evidence) bool { return e.Kind == congvu.EvidencePetition }) {
				reasons[r.k] = append(reasons[r.k], "người phản ánh cảm ơn đơn vị sau khi phản ánh được giải quyết")
			}
			g.Evidence = append(g.Evidence, &commendation.Evidence{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidencePetition, ID: r.id, UnitID: r.k.unit, Date: r.at.UTC()},
				Summary: "Người phản ánh cảm ơn đơn vị sau khi phản ánh được giải quyết (ngày " + dmy(r.at) + ")"})
		}
	}

	out := make([]*commendation.Suggestion, 0, len(found))
	for k, g := range found {
		// Keep a few pieces per kind.
		var kept []*commendation.Evidence
		per := map[string]int{}
		for _, e := range g.Evidence {
			e.ItemCodes = []string{}
			if per[e.Kind] < evidencePerKind {
				kept = append(kept, e)
			}
			per[e.Kind]++
		}
		g.Evidence = kept
		r := reasons[k]
		g.Reason = strings.ToUpper(r[0][:1]) + r[0][1:]
		if len(r) > 1 {
			g.Reason += "; " + strings.Join(r[1:], "; ")
		}
		g.Reason += "."
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *commendation.Suggestion) int {
		if c := len(reasons[key{b.OfficialID, b.UnitID}]) - len(reasons[key{a.OfficialID, a.UnitID}]); c != 0 {
			return c
		}
		if (a.OfficialID == 0) != (b.OfficialID == 0) {
			if a.OfficialID != 0 {
				return -1
			}
			return 1
		}
		if c := strings.Compare(vntext.Fold(a.OfficialName+" "+a.UnitName), vntext.Fold(b.OfficialName+" "+b.UnitName)); c != 0 {
			return c
		}
		return int(a.OfficialID - b.OfficialID + a.UnitID - b.UnitID)
	})
	return out, nil
}
