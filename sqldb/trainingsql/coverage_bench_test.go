package trainingsql_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/trainingsql"
	"congvu/training"
)

// The coverage benchmarks report figures, not pass/fail: the latency of
// the training coverage dashboard (the unit and its children, from the
// rollups) for the whole country (2 million officials on the national
// unit tree, a year of training: devdata.GenerateTraining), a province and
// a commune, for the year and for a campaign, and of the first page of who
// is behind in a province, each beside the same figure counted from the
// assignments in the same run, on SQLite and (when CONGVU_TEST_POSTGRES
// is set) PostgreSQL. The bar: p95 under 100 ms.
//
//	export CONGVU_TEST_POSTGRES='postgres://congvu@127.0.0.1:55432/congvu?sslmode=disable'
//	go test ./sqldb/trainingsql -run '^$' -bench TrainingCoverage -benchtime 40x -timeout 3h
//
// The data set is generated once (minutes) into
// $CONGVU_BENCH_DIR/training_<n>_<year>.db and the PostgreSQL schema
// bench_training_<n>_<year>, and reused by later runs; delete them when
// done.
const (
	// EnvBenchOfficials is the number of officials (default 2000000).
	EnvBenchOfficials = "CONGVU_BENCH_OFFICIALS"
)

// benchYear is the year of the generated training, as of genNow.
const benchYear = 2026

func envInt(b *testing.B, name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("%s=%q: not a positive number", name, v)
		}
		return n
	}
	return def
}

func benchEngines() []string {
	engines := []string{sqldb.SQLite}
	if os.Getenv(sqldbtest.EnvPostgres) != "" {
		engines = append(engines, sqldb.Postgres)
	}
	return engines
}

// benchTrainingDB opens the cached data set of engine, generating it first
// when missing: the national unit tree, the catalog, officials and a year
// of training.
func benchTrainingDB(b *testing.B, engine string, officials int) *sqldb.DB {
	ctx := sqldbtest.Sys()
	build := func(db *sqldb.DB) {
		units := filepath.Join(os.Getenv("CONGVU_TEST_DATA"), "dvhcvn-2025-03-01.json")
		if os.Getenv("CONGVU_TEST_DATA") == "" {
			units = filepath.Join("..", "..", "..", "shared", "data", "dvhcvn-2025-03-01.json")
		}
		f, err := os.Open(units)
		if err != nil {
			b.Skipf("the national unit file is needed (CONGVU_TEST_DATA): %v", err)
		}
		defer f.Close()
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := standardsql.NewStandardService(db).EnsureCatalog(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := orgsql.NewUnitService(db).ImportUnits(ctx, f, nil); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		res, err := devdata.GenerateTraining(ctx, db, devdata.TrainingGenOptions{Officials: officials, Year: benchYear, Now: genNow, Seed: 14})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: generated in %v: %+v", db.Engine, time.Since(t0).Round(time.Second), *res)
	}
	return sqldbtest.CachedBenchDB(b, engine, fmt.Sprintf("training_%d_%d", officials, benchYear), nil, build)
}

// benchSubject is a unit of the benchmark with the campaign measured there.
type benchSubject struct {
	name     string
	unit     int64
	path     string
	campaign int64 // the national campaign, or the province's own
}

// benchSubjects are the country, the province with the most officials in
// training and its commune (a unit without sub-units) with the most.
func benchSubjects(b *testing.B, db *sqldb.DB) []benchSubject {
	one := func(q string, args ...any) (int64, string) {
		var id int64
		var path string
		if err := db.Read.QueryRow(q, args...).Scan(&id, &path); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
		return id, path
	}
	province, ppath := one(`SELECT u.id, u.path FROM units u JOIN training_rollups r ON r.unit_id = u.id AND r.year = $1 AND r.campaign_id = 0
		WHERE u.depth = 1 ORDER BY r.assigned DESC, u.id LIMIT 1`, benchYear)
	commune, cpath := one(`SELECT u.id, u.path FROM units u JOIN training_rollups r ON r.unit_id = u.id AND r.year = $1 AND r.campaign_id = 0
		WHERE u.path > $2 AND u.path < $3 AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)
		ORDER BY r.assigned DESC, u.id LIMIT 1`, benchYear, ppath, congvu.SubtreeUpper(ppath))
	campaign := func(unit int64) int64 {
		var id int64
		if err := db.Read.QueryRow(`SELECT MIN(id) FROM training_campaigns WHERE unit_id = $1 AND year = $2 AND audience = 'all'`, unit, benchYear).Scan(&id); err != nil {
			b.Fatal(err)
		}
		return id
	}
	national, own := campaign(1), campaign(province)
	return []benchSubject{{"commune", commune, cpath, own}, {"province", province, ppath, own}, {"country", 1, congvu.RootUnitPath, national}}
}

// rawYear counts a subtree's year from the assignments: its officials,
// those with every assignment of the year complete.
func rawYear(db *sqldb.DB, path string) (assigned, completed int, err error) {
	err = db.Read.QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN y.done = y.n THEN 1 ELSE 0 END), 0)
		FROM (SELECT a.official_id, COUNT(*) AS n, COUNT(a.completed_at) AS done FROM training_assignments a JOIN units u ON u.id = a.unit_id
			WHERE u.path >= $1 AND u.path < $2 AND a.year = $3 GROUP BY a.official_id) y`, path, congvu.SubtreeUpper(path), benchYear).Scan(&assigned, &completed)
	return
}

// rawCampaign counts a subtree's assignments of a campaign and the
// complete ones.
func rawCampaign(db *sqldb.DB, path string, campaign int64) (assigned, completed int, err error) {
	err = db.Read.QueryRow(`SELECT COUNT(*), COUNT(a.completed_at) FROM training_assignments a JOIN units u ON u.id = a.unit_id
		WHERE u.path >= $1 AND u.path < $2 AND a.campaign_id = $3`, path, congvu.SubtreeUpper(path), campaign).Scan(&assigned, &completed)
	return
}

// rawBehind counts a subtree's assignments of the year not complete.
func rawBehind(db *sqldb.DB, path string) (n int, err error) {
	err = db.Read.QueryRow(`SELECT COUNT(*) FROM training_assignments a JOIN units u ON u.id = a.unit_id
		WHERE u.path >= $1 AND u.path < $2 AND a.year = $3 AND a.completed_at IS NULL`, path, congvu.SubtreeUpper(path), benchYear).Scan(&n)
	return
}

// BenchmarkTrainingCoverage reports the latency (p50, p95 in ms) of the
// coverage dashboard through the service as a supervisor of each unit
// ("rollups": Service.Coverage, the unit and each of its children, for
// the year, then for a campaign) and of the first page (20) of who is
// behind in the year in the province (Service.Assignments with Behind,
// with its count), each beside "rows": the same unit's figures counted
// from the assignments, the reference in the same run; the figures must
// agree.
func BenchmarkTrainingCoverage(b *testing.B) {
	officials := envInt(b, EnvBenchOfficials, 2_000_000)
	for _, engine := range benchEngines() {
		b.Run(engine, func(b *testing.B) {
			db := benchTrainingDB(b, engine, officials)
			sqldbtest.SetClock(db).Set(genNow)
			svc := trainingsql.NewService(db, nil)
			for _, s := range benchSubjects(b, db) {
				ctx := sqldbtest.As(sqldbtest.Actor(1, congvu.RoleSupervisor, s.unit, s.path))
				for _, scope := range []struct {
					name     string
					campaign int64
					raw      func() (int, int, error)
				}{
					{"year", 0, func() (int, int, error) { return rawYear(db, s.path) }},
					{"campaign", s.campaign, func() (int, int, error) { return rawCampaign(db, s.path, s.campaign) }},
				} {
					var got training.Coverage
					var children int
					b.Run(s.name+"/"+scope.name+"/rollups", func(b *testing.B) {
						sqldbtest.Latencies(b, func() error {
							self, kids, err := svc.Coverage(ctx, training.CoverageFilter{UnitID: s.unit, Year: benchYear, CampaignID: scope.campaign})
							if err == nil {
								got, children = *self, len(kids)
							}
							return err
						})
						b.ReportMetric(float64(got.Assigned), "assigned")
						b.ReportMetric(float64(children), "children")
					})
					b.Run(s.name+"/"+scope.name+"/rows", func(b *testing.B) {
						var n, done int
						sqldbtest.Latencies(b, func() (err error) { n, done, err = scope.raw(); return })
						if n != got.Assigned || done != got.Completed {
							b.Errorf("rows count %d assigned, %d complete; rollups %d, %d", n, done, got.Assigned, got.Completed)
						}
						b.ReportMetric(float64(n), "assigned")
					})
				}
				if s.name != "province" {
					continue
				}
				var total int
				b.Run(s.name+"/behind/service", func(b *testing.B) {
					sqldbtest.Latencies(b, func() error {
						list, n, err := svc.Assignments(ctx, training.Filter{UnitID: s.unit, Year: benchYear, Behind: true, Limit: 20})
						if err == nil && len(list) != 20 {
							err = fmt.Errorf("a first page of %d", len(list))
						}
						total = n
						return err
					})
					b.ReportMetric(float64(total), "behind")
				})
				b.Run(s.name+"/behind/rows", func(b *testing.B) {
					var n int
					sqldbtest.Latencies(b, func() (err error) { n, err = rawBehind(db, s.path); return })
					if n != total {
						b.Errorf("rows count %d behind, the service %d", n, total)
					}
					b.ReportMetric(float64(n), "behind")
				})
			}
		})
	}
}
