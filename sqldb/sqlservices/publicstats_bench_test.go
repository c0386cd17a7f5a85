package sqlservices_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/blob"
	"congvu/devdata"
	"congvu/feedback"
	"congvu/incident"
	"congvu/inspection"
	"congvu/petition"
	"congvu/publicstats"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices"
	"congvu/sqldb/standardsql"
)

// The public page benchmark reports figures, not pass/fail: the cold
// latency (cache dropped) of the public transparency page's figures
// (publicstats.Figures) of the country, a province, a district and a
// commune, then each part of a province's figures for the year so far —
// ratings and compliance come from rollups, petitions, inspections and
// apology slips from raw rows — and the incident counts of the staff
// dashboard, each beside the bare SQL of the same count from the raw rows
// in the same run, on SQLite and (when CONGVU_TEST_POSTGRES is set)
// PostgreSQL.
//
//	export CONGVU_TEST_POSTGRES='postgres://congvu@127.0.0.1:55432/congvu?sslmode=disable'
//	go test ./sqldb/sqlservices -run '^$' -bench PublicFigures -benchtime 10x -timeout 4h
//
// The data set is one province of 30 districts × 50 communes holding every
// row, the worst case for a province's page: 1,000,000 petitions over two
// years (CONGVU_BENCH_PUBLIC_PETITIONS), 300,000 ratings, 5,000
// inspections of 40 lines, 100,000 apology slips and 100,000 incidents,
// over the last two years from the devdata generators (slips and incidents
// have none: plain rows). It is generated once (many minutes) into
// $CONGVU_BENCH_DIR/public-<petitions>.db and the PostgreSQL schema
// bench_public_<petitions>, and reused by later runs.
const (
	// EnvBenchPublicPetitions is the number of petitions (default 1000000).
	EnvBenchPublicPetitions = "CONGVU_BENCH_PUBLIC_PETITIONS"
)

// publicBenchSeal seals the cached data set's identities, which outlive
// one run.
var publicBenchSeal = sqldb.NewSealKeys(bytes.Repeat([]byte{9}, 32))

func publicBenchEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// publicBenchDB opens the cached data set on engine, building it first.
func publicBenchDB(b *testing.B, engine string, n int) *sqldb.DB {
	seal := func(db *sqldb.DB) { db.Seal = publicBenchSeal }
	return sqldbtest.CachedBenchDB(b, engine, fmt.Sprintf("public_%d", n), seal, func(db *sqldb.DB) { publicBenchBuild(b, db, n) })
}

// publicBenchBuild writes the province and its two years of rows.
func publicBenchBuild(b *testing.B, db *sqldb.DB, nPetitions int) {
	ctx := sqldbtest.Sys()
	start := time.Now()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(ctx); err != nil {
		b.Fatal(err)
	}
	now := db.Now().UTC()
	unit := func(parent int64, parentPath, kind, code, name string, depth int) (int64, string) {
		var id int64
		if err := db.Write.QueryRow(`INSERT INTO units (code, name, search_name, kind, parent_id, path, depth, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, '', $6, TRUE, $7, $7) RETURNING id`, code, name, strings.ToLower(name), kind, parent, depth, now).Scan(&id); err != nil {
			b.Fatal(err)
		}
		path := congvu.PathOf(parentPath, id)
		if _, err := db.Write.Exec(`UPDATE units SET path = $1 WHERE id = $2`, path, id); err != nil {
			b.Fatal(err)
		}
		return id, path
	}
	var root int64
	if err := db.Write.QueryRow(`SELECT id FROM units WHERE path = $1`, congvu.RootUnitPath).Scan(&root); err != nil {
		b.Fatal(err)
	}
	var communes []int64
	province, ppath := unit(root, congvu.RootUnitPath, "province", "BP", "Tỉnh Thử Nghiệm", 2)
	for d := range 30 {
		did, dpath := unit(province, ppath, "district", fmt.Sprintf("BP-D%02d", d), fmt.Sprintf("Huyện %02d", d), 3)
		for c := range 50 {
			id, _ := unit(did, dpath, "commune", fmt.Sprintf("BP-D%02d-C%02d", d, c), fmt.Sprintf("Xã %02d-%02d", d, c), 4)
			communes = append(communes, id)
		}
	}
	today := congvu.Date(now)
	from := time.Date(today.Year()-1, 1, 1, 0, 0, 0, 0, congvu.TimeZone) // last year and this year so far
	fr, err := devdata.GenerateFeedback(ctx, db, devdata.GenOptions{Ratings: publicBenchEnv("CONGVU_BENCH_PUBLIC_RATINGS", 300000), From: from, To: today, Seed: 17})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d ratings, %d rollup rows (%s)", db.Engine, fr.Ratings, fr.RollupRows, time.Since(start).Round(time.Second))
	if _, err := devdata.GenerateInspections(ctx, db, devdata.InspectionGenOptions{Inspections: publicBenchEnv("CONGVU_BENCH_PUBLIC_INSPECTIONS", 5000),
		From: from, To: today, Seed: 17}); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	step := max(nPetitions/10, 1)
	if err := devdata.GeneratePetitions(ctx, db, nPetitions, func(done, total int) {
		if done%step < 5000 || done == total {
			b.Logf("%s: %d/%d petitions, %v", db.Engine, done, total, time.Since(t0).Round(time.Second))
		}
	}); err != nil {
		b.Fatal(err)
	}
	span := today.Sub(from)
	r := rand.New(rand.NewPCG(17, 18))
	at := func() time.Time { return from.Add(time.Duration(r.Int64N(int64(span)))).UTC() }
	// Apology slips: a dossier each, issued by the commune that received it.
	nSlips := publicBenchEnv("CONGVU_BENCH_PUBLIC_SLIPS", 100000)
	publicBenchRows(b, db, nSlips, func(tx *sql.Tx, lo, hi int) error {
		var dv, sv []string
		var da, sa []any
		for i := lo; i < hi; i++ {
			u, t := communes[r.IntN(len(communes))], at()
			due := t.Add(15 * 24 * time.Hour)
			k := len(da)
			da = append(da, fmt.Sprintf("HS-%07d", i), u, t.Add(-5*24*time.Hour), due, u)
			dv = append(dv, fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d, $%d)", k+1, k+2, k+3, k+4, k+5, k+3, k+3))
			k = len(sa)
			sa = append(sa, u, fmt.Sprintf("HS-%07d", i), t, due, due.Add(7*24*time.Hour))
			sv = append(sv, fmt.Sprintf("((SELECT id FROM dossiers WHERE unit_id = $%d AND code = $%d), $%d, $%d, $%d, $%d, 'Thiếu giấy tờ cần xác minh thêm', 'Người nộp hồ sơ', 'Xã', '01/2018/TT-VPCP-04')",
				k+1, k+2, k+1, k+3, k+4, k+5))
		}
		if _, err := tx.Exec(`INSERT INTO dossiers (code, unit_id, received_at, due_at, delay_unit_id, created_at, updated_at) VALUES `+strings.Join(dv, ", "), da...); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO apology_slips (dossier_id, unit_id, issued_at, due_at, new_due_at, reason, recipient, recipient_address, form) VALUES `+
			strings.Join(sv, ", "), sa...)
		return err
	})
	// Incidents: a third staff abuse, one in ten serious.
	nIncidents := publicBenchEnv("CONGVU_BENCH_PUBLIC_INCIDENTS", 100000)
	kinds := []incident.Kind{incident.KindDisturbance, incident.KindStaffAbuse, incident.KindStaffAbuse, incident.KindDamage, incident.KindOther}
	publicBenchRows(b, db, nIncidents, func(tx *sql.Tx, lo, hi int) error {
		var vs []string
		var args []any
		for i := lo; i < hi; i++ {
			sev := incident.SeverityMinor
			if i%10 == 0 {
				sev = incident.SeveritySerious
			}
			t := at()
			k := len(args)
			args = append(args, communes[r.IntN(len(communes))], t, string(kinds[i%len(kinds)]), string(sev))
			vs = append(vs, fmt.Sprintf("($%d, $%d, 'Bộ phận một cửa', $%d, $%d, 'Một người to tiếng tại quầy.', 'recorded', $%d, $%d)", k+1, k+2, k+3, k+4, k+2, k+2))
		}
		_, err := tx.Exec(`INSERT INTO incidents (unit_id, occurred_at, place, kind, severity, summary, status, created_at, updated_at) VALUES `+strings.Join(vs, ", "), args...)
		return err
	})
	if _, err := db.Write.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: province built in %s", db.Engine, time.Since(start).Round(time.Second))
}

// publicBenchRows writes n rows in transactions of batches of 500 by fn.
func publicBenchRows(b *testing.B, db *sqldb.DB, n int, fn func(tx *sql.Tx, lo, hi int) error) {
	for lo := 0; lo < n; lo += 5000 {
		tx, err := db.Write.Begin()
		if err != nil {
			b.Fatal(err)
		}
		for l := lo; l < min(lo+5000, n); l += 500 {
			if err := fn(tx, l, min(l+500, n)); err != nil {
				tx.Rollback()
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPublicFigures: see the comment at the top of the file.
// page/<scope> is a cold read of a unit's public figures (the cache
// dropped before each); page/province-cached the same read from the
// 5-minute cache; page/commune-province-kept the first read of a commune
// while its province's figures are kept. part/<name> is one read of a province's figures for the
// year so far through its service as the public page does it (the page
// makes it twice for a province — this year and the same days of last
// year — and three times for a unit inside one, which adds its province);
// raw/<name> is the bare SQL count of the same rows. incidents/counts is
// the staff dashboard's per-unit incident counts of the province for the
// year, beside raw/incidents.
func BenchmarkPublicFigures(b *testing.B) {
	n := publicBenchEnv(EnvBenchPublicPetitions, 1_000_000)
	engines := []string{sqldb.SQLite}
	if os.Getenv(sqldbtest.EnvPostgres) != "" {
		engines = append(engines, sqldb.Postgres)
	}
	for _, engine := range engines {
		b.Run(engine, func(b *testing.B) {
			db := publicBenchDB(b, engine, n)
			blobs, err := blob.NewDir(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			w := sqlservices.New(db, blobs)
			pub := w.Public.(*publicstats.Reader)
			ctx := sqldbtest.Sys()
			var province int64
			var ppath string
			if err := db.Read.QueryRow(`SELECT id, path FROM units WHERE code = 'BP'`).Scan(&province, &ppath); err != nil {
				b.Fatal(err)
			}
			var total int
			if err := db.Read.QueryRow(`SELECT COUNT(*) FROM petitions`).Scan(&total); err != nil {
				b.Fatal(err)
			}
			now := db.Now()
			to := congvu.Date(now)
			from := time.Date(to.Year(), 1, 1, 0, 0, 0, 0, congvu.TimeZone)
			b.Logf("%s: %d petitions in the province; the year so far: %s to %s", engine, total, from.Format(time.DateOnly), to.Format(time.DateOnly))

			for _, scope := range []struct{ name, code string }{{"country", ""}, {"province", "BP"}, {"district", "BP-D00"}, {"commune", "BP-D00-C00"}} {
				b.Run("page/"+scope.name, func(b *testing.B) {
					var f *publicstats.Figures
					sqldbtest.Latencies(b, func() (err error) {
						pub.Drop()
						f, err = pub.Figures(context.Background(), scope.code)
						return err
					})
					b.ReportMetric(float64(f.This.Petitions), "petitions")
				})
			}
			b.Run("page/province-cached", func(b *testing.B) {
				sqldbtest.Latencies(b, func() error {
					_, err := pub.Figures(context.Background(), "BP")
					return err
				})
			})
			// Communes read for the first time while the province's figures
			// are kept (as they are once anyone read the province or one of
			// its units in the last five minutes): a different commune each
			// time.
			b.Run("page/commune-province-kept", func(b *testing.B) {
				next := 0
				sqldbtest.Latencies(b, func() error {
					next++
					_, err := pub.Figures(context.Background(), fmt.Sprintf("BP-D%02d-C%02d", 1+next/50, next%50))
					return err
				})
			})

			superv := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleSupervisor, province, ppath))
			var count int
			parts := []struct {
				name string
				do   func() error
			}{
				{"part/ratings", func() error {
					d, err := w.Dashboards.Dashboard(ctx, feedback.DashboardFilter{UnitID: province, From: from, To: to, Period: feedback.PeriodMonth})
					if err == nil {
						count = d.Tally.Total
					}
					return err
				}},
				{"part/petitions", func() error {
					st, err := w.Petitions.Stats(ctx, petition.StatsFilter{UnitID: province, From: from, To: to})
					if err == nil {
						count = st.Total
					}
					return err
				}},
				{"part/compliance", func() error {
					c, err := w.Compliance.Compliance(ctx, inspection.ComplianceFilter{UnitID: province, From: from, To: to, Period: feedback.PeriodMonth})
					if err == nil {
						count = c.Checked()
					}
					return err
				}},
				{"part/inspections", func() error {
					count = 0
					for _, st := range []inspection.Status{inspection.StatusConcluded, inspection.StatusClosed} {
						_, n, err := w.Inspections.FindInspections(ctx, inspection.Filter{TargetUnitID: province, Status: st, From: from, To: to.AddDate(0, 0, -1), Limit: 1})
						if err != nil {
							return err
						}
						count += n
					}
					return nil
				}},
				{"part/slips", func() error {
					_, n, err := w.Feedback.FindApologySlips(ctx, feedback.SlipFilter{UnitID: province, From: from, To: to, Limit: 1})
					count = n
					return err
				}},
				{"incidents/counts", func() error {
					// As the province's supervisor, whose dashboard it is.
					cs, err := w.Incidents.Counts(superv, incident.Filter{UnitID: province, From: from, Until: to})
					count = 0
					for _, c := range cs {
						count += c.Total
					}
					return err
				}},
			}
			lo, hi, f, t := ppath, congvu.SubtreeUpper(ppath), from.UTC(), to.UTC()
			raw := func(q string) func() error {
				return func() error {
					rows, err := db.Read.Query(q, lo, hi, f, t)
					if err != nil {
						return err
					}
					defer rows.Close()
					count = 0
					for rows.Next() {
						var k int
						var a, b sql.NullString
						if err := rows.Scan(&a, &b, &k); err != nil {
							return err
						}
						count += k
					}
					return rows.Err()
				}
			}
			parts = append(parts, []struct {
				name string
				do   func() error
			}{
				// The least a petition figure costs from raw rows: one
				// pass grouped by status and conclusion.
				{"raw/petitions", raw(`SELECT p.status, p.conclusion, COUNT(*) FROM petitions p JOIN units u ON u.id = p.unit_id
					WHERE u.path >= $1 AND u.path < $2 AND p.submitted_at >= $3 AND p.submitted_at < $4 GROUP BY p.status, p.conclusion`)},
				{"raw/inspections", raw(`SELECT i.status, '', COUNT(*) FROM inspections i JOIN units u ON u.id = i.target_unit_id
					WHERE u.path >= $1 AND u.path < $2 AND i.visited_at >= $3 AND i.visited_at < $4 AND i.status IN ('concluded', 'closed') GROUP BY i.status`)},
				{"raw/slips", raw(`SELECT '', '', COUNT(*) FROM apology_slips s JOIN units u ON u.id = s.unit_id
					WHERE u.path >= $1 AND u.path < $2 AND s.issued_at >= $3 AND s.issued_at < $4`)},
				{"raw/incidents", raw(`SELECT i.kind, i.severity, COUNT(*) FROM incidents i JOIN units u ON u.id = i.unit_id
					WHERE u.path >= $1 AND u.path < $2 AND i.occurred_at >= $3 AND i.occurred_at < $4 GROUP BY i.kind, i.severity`)},
			}...)
			for _, p := range parts {
				b.Run(p.name, func(b *testing.B) {
					sqldbtest.Latencies(b, p.do)
					b.ReportMetric(float64(count), "rows")
				})
			}
		})
	}
}
