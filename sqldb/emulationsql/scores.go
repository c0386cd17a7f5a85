package emulationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/emulation"
	"congvu/evaluation"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// evidencePerLine bounds the evidence links kept on a score line.
const evidencePerLine = 20

// measure is a criterion's measured value for a registration, with what it
// says and rests on.
type measure struct {
	value    float64
	text     string
	evidence []string
}

// regRow is a registration as the scoring reads it.
type regRow struct {
	id, unitID, officialID int64
	subject                emulation.Subject
	path                   string
}

// regsOf lists the registrations of a movement's year still in the race.
func (s *EmulationService) regsOf(ctx context.Context, q sqldb.Querier, movementID int64, year int) ([]regRow, error) {
	return sqldb.QueryAll(ctx, s.db, q, "registrations to score", `SELECT r.id, r.unit_id, COALESCE(r.official_id, 0), r.subject, u.path
		FROM emulation_registrations r JOIN units u ON u.id = r.unit_id WHERE r.movement_id = $1 AND r.year = $2 AND r.withdrawn = FALSE ORDER BY r.id`,
		func(sc sqldb.Scanner) (regRow, error) {
			var r regRow
			return r, sc.Scan(&r.id, &r.unitID, &r.officialID, &r.subject, &r.path)
		}, movementID, year)
}

// regJoin selects the live registrations of a subject of the movement's
// year: $1 movement, $2 year.
func regJoin(emulation.Subject) string {
	return ` FROM emulation_registrations r JOIN units ru ON ru.id = r.unit_id`
}

func regWhere(subject emulation.Subject) string {
	return ` r.movement_id = $1 AND r.year = $2 AND r.withdrawn = FALSE AND r.subject = '` + string(subject) + `'`
}

// pairs runs a query of (registration id, evidence id) rows.
func (s *EmulationService) pairs(ctx context.Context, q sqldb.Querier, op, query string, args ...any) (map[int64][]int64, error) {
	type pr struct{ reg, id int64 }
	rows, err := sqldb.QueryAll(ctx, s.db, q, op, query, func(sc sqldb.Scanner) (pr, error) {
		var p pr
		return p, sc.Scan(&p.reg, &p.id)
	}, args...)
	if err != nil {
		return nil, err
	}
	out := map[int64][]int64{}
	for _, p := range rows {
		out[p.reg] = append(out[p.reg], p.id)
	}
	return out, nil
}

func links(kind string, ids []int64) []string {
	var out []string
	for _, id := range ids {
		if len(out) == evidencePerLine {
			break
		}
		out = append(out, kind+":"+strconv.FormatInt(id, 10))
	}
	return out
}

// minSample is the ratings of the year before an index counts: the
// commendation rule set's in force at the end of the year.
func (s *EmulationService) minSample(ctx context.Context, year int) (int, *commendation.RuleSet, []commendation.RuleSet, error) {
	sets, err := s.commendationRuleSets(ctx)
	if err != nil {
		return 0, nil, nil, err
	}
	_, end := commendation.YearBounds(year)
	rs := commendation.RuleSetOn(sets, end.Add(-time.Hour))
	if rs == nil || rs.MinSample <= 0 {
		return commendation.DefaultMinSample, rs, sets, nil
	}
	return rs.MinSample, rs, sets, nil
}

// measures reads, set-based, every evidence source of the movement's year
// for every live registration: source → registration → measure.
func (s *EmulationService) measures(ctx context.Context, q sqldb.Querier, m *emulation.Movement, year int) (map[emulation.Source]map[int64]measure, error) {
	out := map[emulation.Source]map[int64]measure{}
	for _, src := range emulation.Sources {
		out[src] = map[int64]measure{}
	}
	need := map[emulation.Source]bool{}
	for _, c := range m.Criteria {
		need[c.Source] = true
	}
	start, end := commendation.YearBounds(year)
	fromDay, toDay := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)
	regs, err := s.regsOf(ctx, q, m.ID, year)
	if err != nil {
		return nil, err
	}

	if need[emulation.SourceIndex] {
		min, _, _, err := s.minSample(ctx, year)
		if err != nil {
			return nil, err
		}
		for _, sub := range []emulation.Subject{emulation.Collective, emulation.Individual} {
			table, on := "rollup_unit_day", "d.unit_id = r.unit_id"
			if sub == emulation.Individual {
				table, on = "rollup_official_day", "d.official_id = r.official_id"
			}
			type row struct {
				reg, off int64
				t        feedback.Tally
			}
			rows, err := sqldb.QueryAll(ctx, s.db, q, "score ratings", `SELECT r.id, COALESCE(r.official_id, 0), COALESCE(SUM(d.total), 0),
				COALESCE(SUM(d.very_satisfied), 0), COALESCE(SUM(d.satisfied), 0), COALESCE(SUM(d.dissatisfied), 0)`+regJoin(sub)+`
				LEFT JOIN `+table+` d ON `+on+` AND d.day >= $3 AND d.day < $4 WHERE`+regWhere(sub)+` GROUP BY r.id, r.official_id`,
				func(sc sqldb.Scanner) (row, error) {
					var r row
					return r, sc.Scan(&r.reg, &r.off, &r.t.Total, &r.t.VerySatisfied, &r.t.Satisfied, &r.t.Dissatisfied)
				}, m.ID, year, fromDay, toDay)
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				var ev []string
				if r.off != 0 { // an official's ratings; a unit's are its dashboard
					ev = []string{congvu.EvidenceRef{Kind: congvu.EvidenceRatings, OfficialID: r.off}.FormValue()}
				}
				if r.t.Total < min {
					out[emulation.SourceIndex][r.reg] = measure{value: emulation.NoFigure,
						text: fmt.Sprintf("Mới có %s lượt đánh giá trong năm, chưa đủ %s lượt tối thiểu để tính chỉ số hài lòng", vntext.Number(r.t.Total), vntext.Number(min))}
					continue
				}
				idx := r.t.Index() // the feedback capability's formula
				out[emulation.SourceIndex][r.reg] = measure{value: idx, evidence: ev,
					text: fmt.Sprintf("Chỉ số hài lòng %s%% trên %s lượt đánh giá năm %d", emulation.Num(idx), vntext.Number(r.t.Total), year)}
			}
		}
	}

	if need[emulation.SourceViolations] {
		coll, err := s.pairs(ctx, q, "score violations of units", `SELECT r.id, v.id`+regJoin(emulation.Collective)+`
			JOIN violations v ON v.act_date >= $3 AND v.act_date < $4 AND v.status <> 'dismissed'
			JOIN units vu ON vu.id = v.unit_id AND vu.path LIKE ru.path || '%'
			WHERE`+regWhere(emulation.Collective)+` ORDER BY r.id, v.act_date, v.id`, m.ID, year, fromDay, toDay)
		if err != nil {
			return nil, err
		}
		ind, err := s.pairs(ctx, q, "score violations of officials", `SELECT DISTINCT r.id, v.id`+regJoin(emulation.Individual)+`
			JOIN violation_officials vo ON vo.official_id = r.official_id
			JOIN violations v ON v.id = vo.violation_id AND v.act_date >= $3 AND v.act_date < $4 AND v.status <> 'dismissed'
			WHERE`+regWhere(emulation.Individual)+` ORDER BY r.id, v.id`, m.ID, year, fromDay, toDay)
		if err != nil {
			return nil, err
		}
		disc, err := s.disciplinedMembers(ctx, q, m.UnitPath, year)
		if err != nil {
			return nil, err
		}
		for _, r := range regs {
			ids, nd := coll[r.id], 0
			if r.subject == emulation.Individual {
				ids = ind[r.id]
				if disc.officials[r.officialID] {
					nd = 1
				}
			} else {
				nd = disc.under(r.path)
			}
			text := fmt.Sprintf("%d vi phạm trong năm", len(ids))
			switch {
			case r.subject == emulation.Individual && nd > 0:
				text += "; bị kỷ luật trong năm (tính thêm 1)"
			case nd > 0:
				text += fmt.Sprintf("; %d cá nhân bị kỷ luật trong năm (tính thêm %d)", nd, nd)
			}
			out[emulation.SourceViolations][r.id] = measure{value: float64(len(ids) + nd), text: text, evidence: links("violation", ids)}
		}
	}

	if need[emulation.SourceInspection] {
		for _, sub := range []emulation.Subject{emulation.Collective, emulation.Individual} {
			on := `JOIN inspections i ON i.status IN ('recorded', 'concluded', 'closed') AND i.visited_at >= $3 AND i.visited_at < $4
				JOIN units iu ON iu.id = i.target_unit_id AND iu.path LIKE ru.path || '%'
				JOIN inspection_lines l ON l.inspection_id = i.id AND l.result IN ('kept', 'breached')`
			if sub == emulation.Individual {
				on = `JOIN inspection_lines l ON l.official_id = r.official_id AND l.result IN ('kept', 'breached')
				JOIN inspections i ON i.id = l.inspection_id AND i.status IN ('recorded', 'concluded', 'closed') AND i.visited_at >= $3 AND i.visited_at < $4`
			}
			type row struct {
				reg                     int64
				kept, breached, inspect int
			}
			rows, err := sqldb.QueryAll(ctx, s.db, q, "score inspections", `SELECT r.id, SUM(CASE WHEN l.result = 'kept' THEN 1 ELSE 0 END),
				SUM(CASE WHEN l.result = 'breached' THEN 1 ELSE 0 END), COUNT(DISTINCT i.id)`+regJoin(sub)+` `+on+`
				WHERE`+regWhere(sub)+` GROUP BY r.id`, func(sc sqldb.Scanner) (row, error) {
				var r row
				return r, sc.Scan(&r.reg, &r.kept, &r.breached, &r.inspect)
			}, m.ID, year, start.UTC(), end.UTC())
			if err != nil {
				return nil, err
			}
			breached, err := s.pairs(ctx, q, "score breached lines", `SELECT r.id, l.id`+regJoin(sub)+` `+on+`
				WHERE`+regWhere(sub)+` AND l.result = 'breached' ORDER BY r.id, l.id`, m.ID, year, start.UTC(), end.UTC())
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				n := r.kept + r.breached
				if n == 0 {
					continue
				}
				pct := 100 * float64(r.kept) / float64(n)
				out[emulation.SourceInspection][r.reg] = measure{value: pct, evidence: links(congvu.EvidenceInspectionLine, breached[r.reg]),
					text: fmt.Sprintf("Kiểm tra công vụ: %d/%d tiêu chí đạt (%s%%) trong %d cuộc kiểm tra", r.kept, n, emulation.Num(pct), r.inspect)}
			}
		}
		for _, r := range regs {
			if _, ok := out[emulation.SourceInspection][r.id]; !ok {
				out[emulation.SourceInspection][r.id] = measure{value: emulation.NoFigure, text: "Không có kết quả kiểm tra công vụ trong năm"}
			}
		}
	}

	if need[emulation.SourcePetitions] {
		coll, err := s.pairs(ctx, q, "score petitions of units", `SELECT r.id, p.id`+regJoin(emulation.Collective)+`
			JOIN petitions p ON p.conclusion IN ('founded', 'partly') AND p.submitted_at >= $3 AND p.submitted_at < $4
			JOIN units pu ON pu.id = p.unit_id AND pu.path LIKE ru.path || '%'
			WHERE`+regWhere(emulation.Collective)+` ORDER BY r.id, p.id`, m.ID, year, start.UTC(), end.UTC())
		if err != nil {
			return nil, err
		}
		ind, err := s.pairs(ctx, q, "score petitions of officials", `SELECT r.id, p.id`+regJoin(emulation.Individual)+`
			JOIN petitions p ON p.official_id = r.official_id AND p.conclusion IN ('founded', 'partly') AND p.submitted_at >= $3 AND p.submitted_at < $4
			WHERE`+regWhere(emulation.Individual)+` ORDER BY r.id, p.id`, m.ID, year, start.UTC(), end.UTC())
		if err != nil {
			return nil, err
		}
		for _, r := range regs {
			ids := coll[r.id]
			if r.subject == emulation.Individual {
				ids = ind[r.id]
			}
			out[emulation.SourcePetitions][r.id] = measure{value: float64(len(ids)), evidence: links(congvu.EvidencePetition, ids),
				text: fmt.Sprintf("%d phản ánh được kết luận có cơ sở trong năm", len(ids))}
		}
	}

	if need[emulation.SourceEvaluation] {
		levels, err := s.levels(ctx, q, m.ID, year)
		if err != nil {
			return nil, err
		}
		for _, r := range regs {
			lv, ok := levels[r.id]
			if !ok {
				out[emulation.SourceEvaluation][r.id] = measure{value: emulation.NoFigure, text: "Chưa có kết quả xếp loại chất lượng năm " + strconv.Itoa(year)}
				continue
			}
			mm := measure{value: emulation.LevelValue(lv.level), text: "Xếp loại " + lv.level.Label()}
			if lv.evaluationID != 0 {
				mm.evidence = []string{"evaluation:" + strconv.FormatInt(lv.evaluationID, 10)}
			}
			out[emulation.SourceEvaluation][r.id] = mm
		}
	}

	for _, r := range regs {
		out[emulation.SourceTraining][r.id] = measure{value: emulation.NoFigure, text: "Chưa có số liệu bồi dưỡng"}
	}
	return out, nil
}

type levelOf struct {
	level        evaluation.Level
	evaluationID int64
}

// levels reads the year's classification of every live registration: the
// official's decided evaluation (final_level), the unit's own.
func (s *EmulationService) levels(ctx context.Context, q sqldb.Querier, movementID int64, year int) (map[int64]levelOf, error) {
	type row struct {
		reg, id int64
		level   string
	}
	scan := func(sc sqldb.Scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.reg, &r.id, &r.level)
	}
	ind, err := sqldb.QueryAll(ctx, s.db, q, "score evaluations", `SELECT r.id, e.id, e.final_level`+regJoin(emulation.Individual)+`
		JOIN evaluations e ON e.official_id = r.official_id AND e.year = r.year AND e.final_level <> ''
		WHERE`+regWhere(emulation.Individual), scan, movementID, year)
	if err != nil {
		return nil, err
	}
	coll, err := sqldb.QueryAll(ctx, s.db, q, "score unit evaluations", `SELECT r.id, 0, ue.level`+regJoin(emulation.Collective)+`
		JOIN unit_evaluations ue ON ue.unit_id = r.unit_id AND ue.year = r.year
		WHERE`+regWhere(emulation.Collective), scan, movementID, year)
	if err != nil {
		return nil, err
	}
	out := map[int64]levelOf{}
	for _, r := range append(ind, coll...) {
		if l := evaluation.Level(r.level); l.Valid() {
			out[r.reg] = levelOf{level: l, evaluationID: r.id}
		}
	}
	return out, nil
}

// disciplined are the officials disciplined in a year under a path, with
// their units' paths.
type disciplined struct {
	officials map[int64]bool
	paths     []string // the unit path of each disciplined official
}

func (d disciplined) under(path string) int {
	n := 0
	for _, p := range d.paths {
		if strings.HasPrefix(p, path) {
			n++
		}
	}
	return n
}

// disciplinedMembers reads who was disciplined in the year under path
// (the discipline capability's rule) and where they work.
func (s *EmulationService) disciplinedMembers(ctx context.Context, q sqldb.Querier, path string, year int) (disciplined, error) {
	d := disciplined{officials: map[int64]bool{}}
	ids, err := s.disciplinedIn(ctx, path, year)
	if err != nil || len(ids) == 0 {
		return d, err
	}
	d.officials = ids
	var ar sqldb.Args
	scope := sqldb.ScopeClause("u.path", []string{path}, &ar)
	type row struct {
		id   int64
		path string
	}
	rows, err := sqldb.QueryAll(ctx, s.db, q, "disciplined members", `SELECT o.id, u.path FROM officials o JOIN units u ON u.id = o.unit_id WHERE `+scope,
		func(sc sqldb.Scanner) (row, error) {
			var r row
			return r, sc.Scan(&r.id, &r.path)
		}, ar...)
	if err != nil {
		return d, err
	}
	for _, r := range rows {
		if ids[r.id] {
			d.paths = append(d.paths, r.path)
		}
	}
	return d, nil
}

// ComputeScores computes the evidence-fed lines of every live registration
// of an open movement's year, keeps the hand-scored ones, and ranks
// (ActEmulationScore at the movement's unit). See emulation.Service.
func (s *EmulationService) ComputeScores(ctx context.Context, movementID int64, year int) (*emulation.ComputeResult, error) {
	a := congvu.ActorFromContext(ctx)
	m, err := s.FindMovement(ctx, movementID)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActEmulationScore, m.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền tính điểm thi đua của phong trào này.")
	}
	if m.Status != emulation.MovementOpen {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chỉ tính điểm được khi phong trào đang diễn ra.")
	}
	if !m.Covers(year) {
		return nil, congvu.FieldError("year", fmt.Sprintf("Năm phải trong thời gian của phong trào (%d–%d).", m.FromYear, m.ToYear))
	}
	res := &emulation.ComputeResult{}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.lockMovement(ctx, tx, m.ID); err != nil {
			return err
		}
		regs, err := s.regsOf(ctx, tx, m.ID, year)
		if err != nil {
			return err
		}
		ms, err := s.measures(ctx, tx, m, year)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM emulation_registrations WHERE movement_id = $1 AND year = $2 AND withdrawn = TRUE`,
			m.ID, year).Scan(&res.Skipped); err != nil {
			return s.db.Internal("withdrawn registrations", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM emulation_score_lines WHERE manual = FALSE AND year = $2 AND registration_id IN
			(SELECT id FROM emulation_registrations WHERE movement_id = $1 AND year = $2)`, m.ID, year); err != nil {
			return s.db.Internal("clear score lines", err)
		}
		by := sqldb.NullID(max(a.UserID, 0))
		var rows [][]any
		for _, r := range regs {
			for _, c := range m.CriteriaOf(r.subject) {
				if c.Source == emulation.SourceManual {
					continue
				}
				mm, ok := ms[c.Source][r.id]
				if !ok {
					mm = measure{value: emulation.NoFigure, text: "Chưa có số liệu"}
				}
				points, why := c.PointsFor(mm.value)
				rows = append(rows, []any{r.id, year, c.ID, mm.value, points, mm.text + ". " + why, strings.Join(mm.evidence, " "), false, "", by, tx.Now})
			}
			res.Scored++
		}
		if err := s.insertRows(ctx, tx, "score lines", `INSERT INTO emulation_score_lines (registration_id, year, criterion_id, value, points, explanation,
			evidence, manual, reason, scored_by, scored_at) VALUES `, "", rows); err != nil {
			return err
		}
		if err := s.rank(ctx, tx, m.ID, year); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE emulation_scores SET computed_at = $3 WHERE year = $2 AND registration_id IN
			(SELECT id FROM emulation_registrations WHERE movement_id = $1 AND year = $2)`, m.ID, year, tx.Now); err != nil {
			return s.db.Internal("computed at", err)
		}
		return tx.Audit("emulation.compute", "emulation_movement", m.ID, m.UnitID, nil, map[string]any{"year": year, "scored": res.Scored, "skipped": res.Skipped})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// lockMovement serializes the scoring of a movement in tx (PostgreSQL;
// SQLite's write transactions already are): two computations at once would
// each clear the lines and insert their own.
func (s *EmulationService) lockMovement(ctx context.Context, tx *sqldb.Tx, id int64) error {
	if s.db.Engine != sqldb.Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT id FROM emulation_movements WHERE id = $1 FOR UPDATE`, id); err != nil {
		return s.db.Internal("lock movement", err)
	}
	return nil
}

// rank sums the lines of every live, scored registration of the
// movement's year and ranks them within their cluster and subject (ties
// share a rank), in tx.
func (s *EmulationService) rank(ctx context.Context, tx *sqldb.Tx, movementID int64, year int) error {
	m, err := s.loadMovement(ctx, tx, movementID)
	if err != nil {
		return err
	}
	maxOf := map[emulation.Subject]float64{}
	for _, c := range m.Criteria {
		maxOf[c.Subject] += c.Weight
	}
	type row struct {
		reg, cluster int64
		subject      emulation.Subject
		total        float64
	}
	rows, err := sqldb.QueryAll(ctx, s.db, tx, "rank totals", `SELECT r.id, COALESCE(cu.cluster_id, 0), r.subject, SUM(l.points)
		FROM emulation_registrations r JOIN emulation_score_lines l ON l.registration_id = r.id AND l.year = r.year
		LEFT JOIN emulation_cluster_units cu ON cu.movement_id = r.movement_id AND cu.unit_id = r.unit_id
		WHERE r.movement_id = $1 AND r.year = $2 AND r.withdrawn = FALSE GROUP BY r.id, cu.cluster_id, r.subject`,
		func(sc sqldb.Scanner) (row, error) {
			var r row
			return r, sc.Scan(&r.reg, &r.cluster, &r.subject, &r.total)
		}, movementID, year)
	if err != nil {
		return err
	}
	type group struct {
		subject emulation.Subject
		cluster int64
	}
	groups := map[group][]*row{}
	for i := range rows {
		r := &rows[i]
		r.total = roundPoints(r.total)
		g := group{r.subject, r.cluster}
		groups[g] = append(groups[g], r)
	}
	var out [][]any
	for _, list := range groups {
		slices.SortStableFunc(list, func(a, b *row) int {
			switch {
			case a.total > b.total:
				return -1
			case a.total < b.total:
				return 1
			}
			return int(a.reg - b.reg)
		})
		for i, r := range list {
			rank := i + 1
			if i > 0 && list[i-1].total == r.total {
				// ties share the rank of the first of them
				for j := i - 1; j >= 0 && list[j].total == r.total; j-- {
					rank = j + 1
				}
			}
			out = append(out, []any{r.reg, year, r.total, maxOf[r.subject], rank, len(list), tx.Now})
		}
	}
	return s.insertRows(ctx, tx, "scores", `INSERT INTO emulation_scores (registration_id, year, total, max, rank, rank_of, computed_at) VALUES `,
		` ON CONFLICT (registration_id, year) DO UPDATE SET total = excluded.total, max = excluded.max, rank = excluded.rank, rank_of = excluded.rank_of`, out)
}

// insertRows inserts rows (all of the same width): on PostgreSQL in
// statements of up to 400 rows (one round trip per batch, not per row); on
// SQLite, in process, one row per statement, whose text repeats and so is
// prepared once (a wide statement costs more to prepare and bind than the
// rows it saves).
func (s *EmulationService) insertRows(ctx context.Context, tx *sqldb.Tx, op, head, tail string, rows [][]any) error {
	batchRows := 400
	if s.db.Engine != sqldb.Postgres {
		batchRows = 1
	}
	for len(rows) > 0 {
		n := min(len(rows), batchRows)
		var ar sqldb.Args
		var b strings.Builder
		b.WriteString(head)
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j, v := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(ar.Add(v))
			}
			b.WriteString(")")
		}
		b.WriteString(tail)
		if _, err := tx.ExecContext(ctx, b.String(), ar...); err != nil {
			return s.db.Internal("insert "+op, err)
		}
		rows = rows[n:]
	}
	return nil
}

func roundPoints(x float64) float64 {
	return float64(int64(x*100+0.5)) / 100
}

// ownUnit is the unit of the actor's official record, 0 when none.
func (s *EmulationService) ownUnit(ctx context.Context, a *congvu.Actor) (int64, error) {
	if a == nil || a.OfficialID == 0 {
		return 0, nil
	}
	var id int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT unit_id FROM officials WHERE id = $1`, a.OfficialID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, s.db.Internal("own unit", err)
	}
	return id, nil
}

// ScoreByHand scores a manual criterion of a registration with a reason
// (ActEmulationScore over its unit; never one's own unit or oneself). See
// emulation.Service.
func (s *EmulationService) ScoreByHand(ctx context.Context, in emulation.HandScoreInput) (*emulation.Score, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	r, err := s.loadRegistration(ctx, s.db.Read, in.RegistrationID)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActEmulationView, r.UnitPath) {
		return nil, errNoRegistration()
	}
	if !a.Can(congvu.ActEmulationScore, r.UnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền chấm điểm thi đua cho đơn vị, cán bộ này.")
	}
	own, err := s.ownUnit(ctx, a)
	if err != nil {
		return nil, err
	}
	if emulation.OwnSubject(a, own, r.Subject, r.UnitID, r.OfficialID) {
		return nil, emulation.ErrOwnSubject()
	}
	if in.Year == 0 {
		in.Year = r.Year
	}
	if in.Year != r.Year {
		return nil, congvu.FieldError("year", "Năm chấm điểm không khớp với năm đăng ký.")
	}
	if r.Withdrawn {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Đăng ký đã được rút.")
	}
	m, err := s.loadMovement(ctx, s.db.Read, r.MovementID)
	if err != nil {
		return nil, err
	}
	if m.Status != emulation.MovementOpen {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Chỉ chấm điểm được khi phong trào đang diễn ra.")
	}
	var c *emulation.Criterion
	for i := range m.Criteria {
		if m.Criteria[i].ID == in.CriterionID && m.Criteria[i].Subject == r.Subject {
			c = &m.Criteria[i]
		}
	}
	if c == nil {
		return nil, congvu.FieldError("criterion_id", "Không tìm thấy tiêu chí của phong trào cho đăng ký này.")
	}
	if err := emulation.HandScore(*c, in.Points, &in.Reason); err != nil {
		return nil, err
	}
	points := roundPoints(in.Points)
	why := fmt.Sprintf("Chấm trực tiếp: %s/%s điểm.", emulation.Num(points), emulation.Num(c.Weight))
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.lockMovement(ctx, tx, m.ID); err != nil {
			return err
		}
		var before any
		var old struct {
			points float64
			reason string
		}
		switch err := tx.QueryRowContext(ctx, `SELECT points, reason FROM emulation_score_lines WHERE registration_id = $1 AND year = $2 AND criterion_id = $3`,
			r.ID, in.Year, c.ID).Scan(&old.points, &old.reason); {
		case err == nil:
			before = map[string]any{"points": old.points, "reason": old.reason}
		case !errors.Is(err, sql.ErrNoRows):
			return s.db.Internal("old hand score", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO emulation_score_lines (registration_id, year, criterion_id, value, points, explanation, evidence,
			manual, reason, scored_by, scored_at) VALUES ($1, $2, $3, $4, $4, $5, '', TRUE, $6, $7, $8)
			ON CONFLICT (registration_id, year, criterion_id) DO UPDATE SET value = excluded.value, points = excluded.points,
			explanation = excluded.explanation, evidence = '', manual = TRUE, reason = excluded.reason, scored_by = excluded.scored_by, scored_at = excluded.scored_at`,
			r.ID, in.Year, c.ID, points, why, in.Reason, sqldb.NullID(max(a.UserID, 0)), tx.Now); err != nil {
			return s.db.Internal("hand score", err)
		}
		if err := s.rank(ctx, tx, m.ID, in.Year); err != nil {
			return err
		}
		return tx.Audit("emulation.score", "emulation_registration", r.ID, r.UnitID, before,
			map[string]any{"criterion": c.Code, "year": in.Year, "points": points, "reason": in.Reason})
	})
	if err != nil {
		return nil, err
	}
	return s.explain(ctx, s.db.Read, r, m, in.Year)
}

const scoreCols = `r.id, r.subject, r.unit_id, u.name, COALESCE(r.official_id, 0), COALESCE(o.full_name, ''), COALESCE(cu.cluster_id, 0),
	sc.year, sc.total, sc.max, sc.rank, sc.rank_of, sc.computed_at, u.path`

// scoreRow is a score with its unit's path, for the readers' checks.
type scoreRow struct {
	*emulation.Score
	path string
}

func scanScoreRow(sc sqldb.Scanner) (scoreRow, error) {
	x := &emulation.Score{Lines: []emulation.ScoreLine{}}
	var path string
	err := sc.Scan(&x.RegistrationID, &x.Subject, &x.UnitID, &x.UnitName, &x.OfficialID, &x.OfficialName, &x.ClusterID, &x.Year, &x.Total, &x.Max,
		&x.Rank, &x.RankOf, &x.ComputedAt, &path)
	x.ComputedAt = x.ComputedAt.UTC()
	return scoreRow{x, path}, err
}

func scanScore(sc sqldb.Scanner) (*emulation.Score, error) {
	r, err := scanScoreRow(sc)
	return r.Score, err
}

// redact hides, from a reader who may not read the official's
// evaluation (ActEvaluationView over the unit; the official themself),
// the classification an individual's line rests on: the evaluation is
// personal (administrators and inspectors read emulation, not
// evaluations). The points stay: they are the score.
// Likewise an individual's violations and discipline for a reader who may
// not read violations (ActViolationView).
func redact(a *congvu.Actor, x *emulation.Score, path string) {
	if x.Subject != emulation.Individual || (a.OfficialID != 0 && a.OfficialID == x.OfficialID) {
		return
	}
	evaluations, violations := a.Can(congvu.ActEvaluationView, path), a.Can(congvu.ActViolationView, path)
	for i := range x.Lines {
		l := &x.Lines[i]
		switch {
		case l.Source == emulation.SourceEvaluation && !evaluations:
			l.Value, l.Evidence = emulation.NoFigure, nil
			l.Explanation = "Xếp loại chất lượng là thông tin cá nhân: chỉ người có thẩm quyền xem đánh giá, xếp loại mới xem được căn cứ."
		case l.Source == emulation.SourceViolations && !violations:
			l.Value, l.Evidence = emulation.NoFigure, nil
			l.Explanation = "Vi phạm, kỷ luật là thông tin cá nhân: chỉ người có thẩm quyền xem vi phạm mới xem được căn cứ."
		}
	}
}

// lines reads the score lines of registrations of a year, by registration.
func (s *EmulationService) lines(ctx context.Context, q sqldb.Querier, where string, args ...any) (map[int64][]emulation.ScoreLine, error) {
	type row struct {
		reg int64
		l   emulation.ScoreLine
	}
	rows, err := sqldb.QueryAll(ctx, s.db, q, "score lines", `SELECT l.registration_id, l.criterion_id, c.code, c.label, c.source, l.value, l.points, c.weight,
		l.explanation, l.evidence, l.manual, l.reason, COALESCE(l.scored_by, 0)
		FROM emulation_score_lines l JOIN emulation_criteria c ON c.id = l.criterion_id WHERE `+where+` ORDER BY l.registration_id, c.position, c.id`,
		func(sc sqldb.Scanner) (row, error) {
			var r row
			var ev string
			err := sc.Scan(&r.reg, &r.l.CriterionID, &r.l.Code, &r.l.Label, &r.l.Source, &r.l.Value, &r.l.Points, &r.l.Max, &r.l.Explanation, &ev,
				&r.l.Manual, &r.l.Reason, &r.l.ScoredBy)
			r.l.Evidence = strings.Fields(ev)
			return r, err
		}, args...)
	if err != nil {
		return nil, err
	}
	out := map[int64][]emulation.ScoreLine{}
	for _, r := range rows {
		out[r.reg] = append(out[r.reg], r.l)
	}
	return out, nil
}

// withManual completes lines with the manual criteria not scored yet.
func withManual(ls []emulation.ScoreLine, cs []emulation.Criterion) []emulation.ScoreLine {
	out := []emulation.ScoreLine{}
	for _, c := range cs {
		i := slices.IndexFunc(ls, func(l emulation.ScoreLine) bool { return l.CriterionID == c.ID })
		if i >= 0 {
			out = append(out, ls[i])
			continue
		}
		why := "Chưa tính điểm."
		if c.Source == emulation.SourceManual {
			why = "Chưa chấm trực tiếp: 0/" + emulation.Num(c.Weight) + " điểm."
		}
		out = append(out, emulation.ScoreLine{CriterionID: c.ID, Code: c.Code, Label: c.Label, Source: c.Source, Value: emulation.NoFigure,
			Max: c.Weight, Explanation: why, Manual: c.Source == emulation.SourceManual})
	}
	return out
}

func (s *EmulationService) explain(ctx context.Context, q sqldb.Querier, r *emulation.Registration, m *emulation.Movement, year int) (*emulation.Score, error) {
	x, err := scanScore(q.QueryRowContext(ctx, `SELECT `+scoreCols+registrationFrom+` JOIN emulation_scores sc ON sc.registration_id = r.id
		WHERE r.id = $1 AND sc.year = $2`, r.ID, year))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Chưa tính điểm thi đua năm %d cho đăng ký này.", year)
	}
	if err != nil {
		return nil, s.db.Internal("load score", err)
	}
	ls, err := s.lines(ctx, q, "l.registration_id = $1 AND l.year = $2", r.ID, year)
	if err != nil {
		return nil, err
	}
	x.Lines = withManual(ls[r.ID], m.CriteriaOf(r.Subject))
	redact(congvu.ActorFromContext(ctx), x, r.UnitPath)
	return x, nil
}

// Explain returns a registration's score line by line (ActEmulationView
// over its unit). See emulation.Service.
func (s *EmulationService) Explain(ctx context.Context, registrationID int64, year int) (*emulation.Score, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	r, err := s.loadRegistration(ctx, s.db.Read, registrationID)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActEmulationView, r.UnitPath) {
		return nil, errNoRegistration()
	}
	if year == 0 {
		year = r.Year
	}
	m, err := s.loadMovement(ctx, s.db.Read, r.MovementID)
	if err != nil {
		return nil, err
	}
	return s.explain(ctx, s.db.Read, r, m, year)
}

// Ranking lists the scores of a movement's year, subject and cluster the
// actor reads, best first. See emulation.Service.
func (s *EmulationService) Ranking(ctx context.Context, f emulation.RankingFilter) ([]*emulation.Score, error) {
	a := congvu.ActorFromContext(ctx)
	m, err := s.FindMovement(ctx, f.MovementID)
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	var ar sqldb.Args
	where := []string{"r.movement_id = " + ar.Add(m.ID), "sc.year = " + ar.Add(f.Year), "r.withdrawn = FALSE",
		sqldb.ScopeClause("u.path", a.Scopes(congvu.ActEmulationView), &ar)}
	if f.Subject != "" {
		if !f.Subject.Valid() {
			return nil, congvu.FieldError("subject", "Xin chọn tập thể hay cá nhân.")
		}
		where = append(where, "r.subject = "+ar.Add(string(f.Subject)))
	}
	if f.ClusterID != 0 {
		where = append(where, "cu.cluster_id = "+ar.Add(f.ClusterID))
	}
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "ranking", `SELECT `+scoreCols+registrationFrom+` JOIN emulation_scores sc ON sc.registration_id = r.id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY r.subject, COALESCE(cu.cluster_id, 0), sc.rank, sc.total DESC, r.id LIMIT `+ar.Add(f.Limit), scanScoreRow, ar...)
	if err != nil {
		return nil, err
	}
	ls, err := s.lines(ctx, s.db.Read, "l.year = $2 AND l.registration_id IN (SELECT id FROM emulation_registrations WHERE movement_id = $1 AND year = $2)", m.ID, f.Year)
	if err != nil {
		return nil, err
	}
	list := make([]*emulation.Score, len(rows))
	for i, x := range rows {
		x.Lines = withManual(ls[x.RegistrationID], m.CriteriaOf(x.Subject))
		redact(a, x.Score, x.path)
		list[i] = x.Score
	}
	return list, nil
}
