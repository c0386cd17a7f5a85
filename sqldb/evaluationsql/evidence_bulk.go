package evaluationsql

import (
	"congvu"
	"congvu/evaluation"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/trainingsql"
	"context"
	"errors"
)

// Summaries is the evidence in counts of every active official of a unit's
// subtree: a handful of set-based queries over the subtree (one GROUP BY
// official each), never one query per official. The counts are those
// Summary lists: the same conditions, the same year, the same readers'
// cuts (the ratings up to yesterday for those who do not review them; the
// petitions that concern the reader left out). See
// evaluation.EvidenceService.
func (s *EvidenceService) Summaries(ctx context.Context, unitID int64, year int) ([]*evaluation.SummaryRow, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, errUnauth()
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !actor.Can(congvu.ActUnitView, u.Path) && !actor.Can(congvu.ActEvaluationView, u.Path) {
		return nil, sqldb.NotFoundUnit()
	}
	if !actor.Can(congvu.ActEvaluationView, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không có quyền xem kết quả đánh giá của đơn vị này.")
	}
	if s.discipline == nil {
		return nil, s.db.Internal("summaries", errNoDiscipline)
	}
	y := spanOf(year)
	disciplined, err := s.discipline.DisciplinedIn(ctx, u.Path, year)
	if err != nil {
		return nil, err
	}
	days := s.ratingDays(actor, []string{u.Path}, y)
	trained, err := trainingsql.Years(ctx, s.db, u.Path, year)
	if err != nil {
		return nil, err
	}
	var out []*evaluation.SummaryRow
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var a sqldb.Args
		scope := sqldb.ScopeClause("u.path", []string{u.Path}, &a)
		// Every active official of the subtree, in the tree's order.
		rows, err := sqldb.QueryAll(ctx, s.db, tx, "summary officials", `SELECT o.id, o.full_name, u.id, u.name FROM officials o
			JOIN units u ON u.id = o.unit_id WHERE `+scope+` AND o.active = TRUE ORDER BY u.path, o.full_name, o.id`,
			func(sc sqldb.Scanner) (*evaluation.SummaryRow, error) {
				r := &evaluation.SummaryRow{Index: -1}
				return r, sc.Scan(&r.OfficialID, &r.OfficialName, &r.UnitID, &r.UnitName)
			}, a...)
		if err != nil {
			return err
		}
		byID := make(map[int64]*evaluation.SummaryRow, len(rows))
		for _, r := range rows {
			byID[r.OfficialID] = r
			r.Disciplined = disciplined[r.OfficialID]
			if ty, ok := trained[r.OfficialID]; ok && ty.Required > 0 {
				r.Training = trainingOf(ty)
			}
		}
		// in runs a GROUP BY official query whose rows are (official, n)
		// and sets each official's count with set.
		in := func(op, q string, args sqldb.Args, set func(r *evaluation.SummaryRow, n int)) error {
			type pair struct {
				id int64
				n  int
			}
			ps, err := sqldb.QueryAll(ctx, s.db, tx, op, q, func(sc sqldb.Scanner) (pair, error) {
				var p pair
				return p, sc.Scan(&p.id, &p.n)
			}, args...)
			for _, p := range ps {
				if r := byID[p.id]; r != nil {
					set(r, p.n)
				}
			}
			return err
		}

		// Ratings: the tallies of the year, the index as the dashboards
		// compute it (feedback.Tally.Index).
		from, to := days.Bounds()
		var ra sqldb.Args
		type tally struct {
			id int64
			t  feedback.Tally
		}
		ts, err := sqldb.QueryAll(ctx, s.db, tx, "summary ratings", `SELECT r.official_id, SUM(r.total), SUM(r.very_satisfied), SUM(r.satisfied)
			FROM rollup_official_day r JOIN officials o ON o.id = r.official_id JOIN units u ON u.id = o.unit_id
			WHERE `+sqldb.ScopeClause("u.path", []string{u.Path}, &ra)+` AND r.day >= `+ra.Add(from)+` AND r.day < `+ra.Add(to)+`
			GROUP BY r.official_id`, func(sc sqldb.Scanner) (tally, error) {
			var t tally
			return t, sc.Scan(&t.id, &t.t.Total, &t.t.VerySatisfied, &t.t.Satisfied)
		}, ra...)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if r := byID[t.id]; r != nil {
				r.Ratings, r.Index = t.t.Total, index(t.t.Total, t.t.Index())
			}
		}

		// Founded petitions, those that concern the reader left out.
		var pa sqldb.Args
		hide, err := sqldb.ConcealClauseOf(ctx, tx, actor, "petition", "p.id", &pa)
		if err != nil {
			return s.db.Internal("conceal petitions", err)
		}
		if err := in("summary petitions", `SELECT p.official_id, COUNT(*) FROM petitions p JOIN officials o ON o.id = p.official_id
			JOIN units u ON u.id = o.unit_id WHERE `+sqldb.ScopeClause("u.path", []string{u.Path}, &pa)+` AND `+founded+`
			AND `+petitionDate+` >= `+pa.Add(y.from.UTC())+` AND `+petitionDate+` < `+pa.Add(y.to.UTC())+` AND NOT `+hide+`
			GROUP BY p.official_id`, pa, func(r *evaluation.SummaryRow, n int) { r.FoundedPetitions = n }); err != nil {
			return err
		}

		// Breached inspection lines naming the official.
		var la sqldb.Args
		if err := in("summary findings", `SELECT l.official_id, COUNT(*) FROM inspection_lines l JOIN inspections i ON i.id = l.inspection_id
			JOIN officials o ON o.id = l.official_id JOIN units u ON u.id = o.unit_id
			WHERE `+sqldb.ScopeClause("u.path", []string{u.Path}, &la)+` AND `+breached+`
			AND l.recorded_at >= `+la.Add(y.from.UTC())+` AND l.recorded_at < `+la.Add(y.to.UTC())+`
			GROUP BY l.official_id`, la, func(r *evaluation.SummaryRow, n int) { r.Breaches = n }); err != nil {
			return err
		}

		// Violations naming the official with an act in the year
		// (conduct.Year's Violations).
		df, dt := y.dates()
		var va sqldb.Args
		if err := in("summary violations", `SELECT vo.official_id, COUNT(*) FROM violation_officials vo JOIN violations v ON v.id = vo.violation_id
			JOIN officials o ON o.id = vo.official_id JOIN units u ON u.id = o.unit_id
			WHERE `+sqldb.ScopeClause("u.path", []string{u.Path}, &va)+` AND v.act_date >= `+va.Add(df)+` AND v.act_date < `+va.Add(dt)+`
			GROUP BY vo.official_id`, va, func(r *evaluation.SummaryRow, n int) { r.Violations = n }); err != nil {
			return err
		}

		// Commendations of the year, issued or approved (conduct.Year's).
		var ca sqldb.Args
		if err := in("summary commendations", `SELECT c.official_id, COUNT(*) FROM commendations c
			JOIN officials o ON o.id = c.official_id JOIN units u ON u.id = o.unit_id
			WHERE `+sqldb.ScopeClause("u.path", []string{u.Path}, &ca)+` AND c.year = `+ca.Add(year)+` AND c.status IN ('issued', 'approved')
			GROUP BY c.official_id`, ca, func(r *evaluation.SummaryRow, n int) { r.Commendations = n }); err != nil {
			return err
		}

		// The level in force of the year's evaluation, if decided.
		var ea sqldb.Args
		type level struct {
			id int64
			l  evaluation.Level
		}
		ls, err := sqldb.QueryAll(ctx, s.db, tx, "summary levels", `SELECT e.official_id, e.final_level FROM evaluations e
			JOIN officials o ON o.id = e.official_id JOIN units u ON u.id = o.unit_id
			WHERE `+sqldb.ScopeClause("u.path", []string{u.Path}, &ea)+` AND e.year = `+ea.Add(year)+` AND e.final_level <> ''`,
			func(sc sqldb.Scanner) (level, error) {
				var l level
				return l, sc.Scan(&l.id, &l.l)
			}, ea...)
		if err != nil {
			return err
		}
		for _, l := range ls {
			if r := byID[l.id]; r != nil {
				r.Level = l.l
			}
		}
		out = rows
		return tx.Audit("evaluation.read", "evaluation_summary", 0, u.ID, nil, map[string]any{"year": year, "officials": len(rows)})
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []*evaluation.SummaryRow{}
	}
	return out, nil
}

var errNoDiscipline = errors.New("evidence service built without UseDiscipline")
