package violationsql_test

import (
	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/violationsql"
	"congvu/violation"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchViolations is how many violations BenchmarkViolationList generates
// (CONGVU_BENCH_VIOLATIONS, default 200000): a decade over 34 provinces ×
// 10 districts × 10 communes, 5 officials a commune.
func benchViolations() int {
	if n, err := strconv.Atoi(os.Getenv("CONGVU_BENCH_VIOLATIONS")); err == nil && n > 0 {
		return n
	}
	return 200000
}

type benchTree struct {
	commune, province int64
	communes          []int64
	officials         []int64 // 5 per commune, in commune order
}

func benchData(b *testing.B, db *sqldb.DB, n int) benchTree {
	b.Helper()
	var x benchTree
	name := []string{"Xã", "Phường", "Thị trấn"}
	for p := range 34 {
		pid, ppath := benchUnit(b, db, "/1/", fmt.Sprintf("P%02d", p), fmt.Sprintf("Tỉnh %02d", p))
		if p == 0 {
			x.province = pid
		}
		for d := range 10 {
			_, dpath := benchUnit(b, db, ppath, fmt.Sprintf("P%02dD%d", p, d), fmt.Sprintf("Huyện %02d-%d", p, d))
			for c := range 10 {
				cid, _ := benchUnit(b, db, dpath, fmt.Sprintf("P%02dD%dC%d", p, d, c), fmt.Sprintf("%s %02d-%d-%d", name[c%3], p, d, c))
				x.communes = append(x.communes, cid)
			}
		}
	}
	x.commune = x.communes[0]
	now := db.Now().UTC()
	batch := func(q string, rows int, row func(i int, a *sqldb.Args) string) {
		for start := 0; start < rows; start += 500 {
			var a sqldb.Args
			var vals []string
			for i := start; i < min(start+500, rows); i++ {
				vals = append(vals, row(i, &a))
			}
			if _, err := db.Write.Exec(q+strings.Join(vals, ", "), a...); err != nil {
				b.Fatal(err)
			}
		}
	}
	first := int64(0)
	if err := db.Write.QueryRow(`SELECT COALESCE(MAX(id), 0) + 1 FROM officials`).Scan(&first); err != nil {
		b.Fatal(err)
	}
	batch(`INSERT INTO officials (id, unit_id, employee_code, full_name, search_name, category, badge_token, created_at, updated_at) VALUES `,
		5*len(x.communes), func(i int, a *sqldb.Args) string {
			id := first + int64(i)
			x.officials = append(x.officials, id)
			full := fmt.Sprintf("Nguyễn Văn %d", i)
			return "(" + strings.Join([]string{a.Add(id), a.Add(x.communes[i/5]), a.Add(fmt.Sprintf("B%07d", i)), a.Add(full),
				a.Add(strings.ToLower(full)), a.Add("civil_servant"), a.Add(fmt.Sprintf("tok%07d", i)), a.Add(now), a.Add(now)}, ", ") + ")"
		})
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	codes := []string{"TT-TT", "TT-NV", "GT-TT", "GT-CX"}
	actDay := func(i int) time.Time { return start.AddDate(0, 0, (i*7)%3650) }
	batch(`INSERT INTO violations (id, unit_id, act_date, description, status, evidence_at, search, created_at, updated_at) VALUES `, n,
		func(i int, a *sqldb.Args) string {
			c := i % len(x.communes)
			off := x.officials[c*5+(i/len(x.communes))%5]
			st := []string{"handled", "handled", "open", "dismissed"}[i%4]
			return "(" + strings.Join([]string{a.Add(i + 1), a.Add(x.communes[c]), a.Add(actDay(i)), a.Add("Vi phạm quy định tiếp nhận hồ sơ."),
				a.Add(st), a.Add(actDay(i)), a.Add(fmt.Sprintf("nguyen van %d vi pham quy dinh", off)), a.Add(now), a.Add(now)}, ", ") + ")"
		})
	batch(`INSERT INTO violation_officials (violation_id, official_id, unit_id) VALUES `, n, func(i int, a *sqldb.Args) string {
		c := i % len(x.communes)
		return "(" + a.Add(i+1) + ", " + a.Add(x.officials[c*5+(i/len(x.communes))%5]) + ", " + a.Add(x.communes[c]) + ")"
	})
	batch(`INSERT INTO violation_items (violation_id, item_code, item_title) VALUES `, n, func(i int, a *sqldb.Args) string {
		return "(" + a.Add(i+1) + ", " + a.Add(codes[i%len(codes)]) + ", " + a.Add("Chuẩn mực "+codes[i%len(codes)]) + ")"
	})
	if db.Engine == sqldb.Postgres {
		for _, q := range []string{`SELECT setval(pg_get_serial_sequence('violations', 'id'), (SELECT MAX(id) FROM violations))`, `ANALYZE`} {
			if _, err := db.Write.Exec(q); err != nil {
				b.Fatal(err)
			}
		}
	} else if _, err := db.Write.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return x
}

func benchLatencies(b *testing.B, do func() error) {
	if err := do(); err != nil {
		b.Fatal(err)
	}
	var ds []time.Duration
	for b.Loop() {
		t := time.Now()
		if err := do(); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t))
	}
	slices.Sort(ds)
	pct := func(p float64) float64 {
		return float64(ds[max(int(math.Ceil(p*float64(len(ds))))-1, 0)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(len(ds)), "samples")
}

// BenchmarkViolationList reports the latency (p50, p95 in ms) of the
// violation list (the first page of 50, newest act first, with its
// bounded total and the audited reading) for a supervisor of a commune, a
// province and the whole country, without a filter and with a search of
// a name; beside them, the engine's limit in the same run: the bare page
// of the whole table by the act-date index, without the service.
func BenchmarkViolationList(b *testing.B) {
	n := benchViolations()
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		t0 := time.Now()
		x := benchData(b, db, n)
		b.Logf("%s: %d violations in %v", db.Engine, n, time.Since(t0).Round(time.Millisecond))
		vs := violationsql.NewViolationService(db, standardsql.NewStandardService(db), nil, nil)
		scopes := []struct {
			name string
			unit int64
			path string
		}{{"commune", x.commune, ""}, {"province", x.province, ""}, {"country", 1, congvu.RootUnitPath}}
		for _, sc := range scopes {
			if sc.path == "" {
				if err := db.Read.QueryRow(`SELECT path FROM units WHERE id = $1`, sc.unit).Scan(&sc.path); err != nil {
					b.Fatal(err)
				}
			}
			ctx := sqldbtest.As(benchActor(sc.unit, sc.path))
			for _, q := range []struct{ name, query string }{{"none", ""}, {"name", fmt.Sprintf("Nguyễn Văn %d", x.officials[3])}} {
				b.Run(sc.name+"/"+q.name, func(b *testing.B) {
					var total int
					benchLatencies(b, func() error {
						var err error
						_, total, err = vs.FindViolations(ctx, violation.Filter{Query: q.query, Limit: 50})
						return err
					})
					b.ReportMetric(float64(total), "matches")
				})
			}
		}
		b.Run("index/page", func(b *testing.B) {
			benchLatencies(b, func() error {
				rows, err := db.Read.Query(`SELECT id FROM violations ORDER BY act_date DESC, id DESC LIMIT 50`)
				if err != nil {
					return err
				}
				defer rows.Close()
				for rows.Next() {
				}
				return rows.Err()
			})
		})
	})
}

// benchActor is a supervisor of the unit; UserID 1 is the first user
// (the audit log records it).
func benchActor(unit int64, path string) *congvu.Actor {
	return &congvu.Actor{UserID: 1, Username: "bench", FullName: "Giám sát",
		Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: unit, UnitPath: path}}}
}

// benchUnit inserts a unit under parentPath (sqldbtest.Unit for a
// benchmark).
func benchUnit(b *testing.B, db *sqldb.DB, parentPath, code, name string) (int64, string) {
	b.Helper()
	var parentID int64
	if err := db.Write.QueryRow(`SELECT id FROM units WHERE path = $1`, parentPath).Scan(&parentID); err != nil {
		b.Fatalf("parent %s: %v", parentPath, err)
	}
	now := db.Now().UTC()
	var id int64
	if err := db.Write.QueryRow(`INSERT INTO units (code, name, search_name, kind, parent_id, path, depth, active, created_at, updated_at)
		VALUES ($1, $2, $3, 'agency', $4, '', $5, TRUE, $6, $6) RETURNING id`, code, name, strings.ToLower(name), parentID,
		strings.Count(parentPath, "/")-1, now).Scan(&id); err != nil {
		b.Fatal(err)
	}
	path := congvu.PathOf(parentPath, id)
	if _, err := db.Write.Exec(`UPDATE units SET path = $1 WHERE id = $2`, path, id); err != nil {
		b.Fatal(err)
	}
	return id, path
}
