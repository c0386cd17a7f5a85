package emulationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/emulation"
	"congvu/evaluation"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"congvu/vntext"
	"context"
	"fmt"
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

	if need[emulation.SourceTraining] {
		if err := s.trainingMeasures(ctx, m, year, regs, out[emulation.SourceTraining]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// trainingMeasures measures the year's training of every registration
// from the training capability's own figures (trainingsql: the rollups and
// the officials' years the progress step keeps, never re-derived here): a
// collective's rate of officials of its subtree who completed every
// campaign of the year, an individual's share of their campaigns complete
// (100 when all are). No figure only when nobody was required to train.
func (s *EmulationService) trainingMeasures(ctx context.Context, m *emulation.Movement, year int, regs []regRow, out map[int64]measure) error {
	var years map[int64]training.OfficialYear
	var units []int64
	for _, r := range regs {
		if r.subject == emulation.Collective {
			units = append(units, r.unitID)
		}
	}
	cov, err := trainingsql.UnitYears(ctx, s.db, units, year)
	if err != nil {
		return err
	}
	for _, r := range regs {
		if r.subject == emulation.Individual {
			if years == nil {
				var err error
				if years, err = trainingsql.Years(ctx, s.db, m.UnitPath, year); err != nil {
					return err
				}
			}
			y := years[r.officialID]
			rate := training.Rate(y.Completed, y.Required)
			switch {
			case rate < 0:
				out[r.id] = measure{value: emulation.NoFigure, text: fmt.Sprintf("Không có đợt bồi dưỡng bắt buộc trong năm %d", year)}
			case y.Completed >= y.Required:
				out[r.id] = measure{value: 100, text: fmt.Sprintf("Hoàn thành đủ %d/%d đợt bồi dưỡng năm %d (%s giờ)", y.Completed, y.Required, year,
					emulation.Num(y.Hours))}
			default:
				out[r.id] = measure{value: rate, text: fmt.Sprintf("Hoàn thành %d/%d đợt bồi dưỡng năm %d (%s%%)", y.Completed, y.Required, year,
					emulation.Num(rate))}
			}
			continue
		}
		c := cov[r.unitID]
		if c.Rate < 0 {
			out[r.id] = measure{value: emulation.NoFigure, text: fmt.Sprintf("Không có cán bộ phải tham gia bồi dưỡng trong năm %d", year)}
			continue
		}
		out[r.id] = measure{value: c.Rate, text: fmt.Sprintf("%s/%s cán bộ hoàn thành bồi dưỡng năm %d (%s%%)", vntext.Number(c.Completed),
			vntext.Number(c.Assigned), year, emulation.Num(c.Rate))}
	}
	return nil
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
