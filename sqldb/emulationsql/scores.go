package emulationsql

import (
	"congvu"
	"congvu/emulation"
	"congvu/sqldb"
	"context"
	"fmt"
	"slices"
	"strings"
)

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
