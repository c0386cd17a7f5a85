package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
	"slices"
	"strings"
)

// The evidence read the way the evaluation's summaries read it (one home
// for what a founded petition is and when it happened).
const (
	petitionDate = "COALESCE(p.occurred_at, p.submitted_at)"
	founded      = "p.conclusion IN ('founded', 'partly') AND p.status IN ('concluded', 'closed')"
)

// Suggest lists the active officials of a unit's subtree whose evidence of
// the last twelve months (training.Evidence) suggests remedial training,
// for a head who manages training there; petitions concerning the reader
// are left out. Nothing is acted on.
func (s *Service) Suggest(ctx context.Context, unitID int64) ([]training.Suggestion, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, sqldb.NotFoundUnit()
	}
	if !training.CanManage(a, u.Path) {
		return nil, errManage()
	}
	today := s.today()
	from := today.AddDate(0, -training.SuggestMonths, 0)
	ev := map[int64]*training.Evidence{}
	get := func(id int64) *training.Evidence {
		if ev[id] == nil {
			ev[id] = &training.Evidence{}
		}
		return ev[id]
	}
	count := func(op, q string, args sqldb.Args, set func(e *training.Evidence, n int)) error {
		rows, err := s.db.Read.QueryContext(ctx, q, args...)
		if err != nil {
			return s.db.Internal(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return s.db.Internal(op, err)
			}
			set(get(id), n)
		}
		return s.db.Internal(op, rows.Err())
	}
	var pa sqldb.Args
	hide, err := sqldb.ConcealClauseOf(ctx, s.db.Read, a, "petition", "p.id", &pa)
	if err != nil {
		return nil, s.db.Internal("conceal petitions", err)
	}
	if err := count("suggest petitions", `SELECT p.official_id, COUNT(*) FROM petitions p JOIN officials o ON o.id = p.official_id
		JOIN units u ON u.id = o.unit_id WHERE o.active AND `+sqldb.ScopeClause("u.path", []string{u.Path}, &pa)+` AND `+founded+`
		AND `+petitionDate+` >= `+pa.Add(from.UTC())+` AND NOT `+hide+` GROUP BY p.official_id`, pa,
		func(e *training.Evidence, n int) { e.Founded = n }); err != nil {
		return nil, err
	}
	var va sqldb.Args
	if err := count("suggest violations", `SELECT vo.official_id, COUNT(*) FROM violation_officials vo JOIN violations v ON v.id = vo.violation_id
		JOIN officials o ON o.id = vo.official_id JOIN units u ON u.id = o.unit_id
		WHERE o.active AND `+sqldb.ScopeClause("u.path", []string{u.Path}, &va)+` AND v.status <> 'dismissed' AND v.act_date >= `+va.Add(dayArg(from))+`
		GROUP BY vo.official_id`, va, func(e *training.Evidence, n int) { e.Violations = n }); err != nil {
		return nil, err
	}
	// Ratings up to yesterday: today's are not counted for every reader
	// yet (feedback.VisibleUntil).
	var ra sqldb.Args
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.official_id, SUM(r.total), SUM(r.very_satisfied), SUM(r.satisfied), SUM(r.dissatisfied)
		FROM rollup_official_day r JOIN officials o ON o.id = r.official_id JOIN units u ON u.id = o.unit_id
		WHERE o.active AND `+sqldb.ScopeClause("u.path", []string{u.Path}, &ra)+` AND r.day >= `+ra.Add(from.Format("2006-01-02"))+`
		AND r.day < `+ra.Add(today.Format("2006-01-02"))+` GROUP BY r.official_id`, ra...)
	if err != nil {
		return nil, s.db.Internal("suggest ratings", err)
	}
	for rows.Next() {
		var id int64
		var t = &training.Evidence{}
		if err := rows.Scan(&id, &t.Ratings.Total, &t.Ratings.VerySatisfied, &t.Ratings.Satisfied, &t.Ratings.Dissatisfied); err != nil {
			rows.Close()
			return nil, s.db.Internal("suggest ratings", err)
		}
		get(id).Ratings = t.Ratings
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("suggest ratings", err)
	}
	var out []training.Suggestion
	for id, e := range ev {
		if r := e.Reasons(); len(r) > 0 {
			out = append(out, training.Suggestion{OfficialID: id, Reasons: r})
		}
	}
	for i := range out {
		o, err := sqldb.LoadOfficial(ctx, s.db, s.db.Read, out[i].OfficialID)
		if err != nil {
			return nil, err
		}
		out[i].OfficialName, out[i].UnitID, out[i].UnitName = o.FullName, o.UnitID, o.UnitName
	}
	slices.SortFunc(out, func(x, y training.Suggestion) int {
		if c := len(y.Reasons) - len(x.Reasons); c != 0 {
			return c
		}
		return strings.Compare(x.OfficialName, y.OfficialName)
	})
	return out, nil
}
