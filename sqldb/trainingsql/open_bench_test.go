package trainingsql_test

import (
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"context"
	"fmt"
	"testing"
)

// benchOfficials is the audience of the benchmark's campaign: 100 communes
// of 10 provinces.
const benchOfficials = 50_000

// BenchmarkTrainingOpen opens a campaign for the whole country: the
// assignments, the officials' years and the rollups, set-based. The
// figure is officials assigned per second (a national campaign of two
// million officials takes 2e6 / that many seconds).
func BenchmarkTrainingOpen(b *testing.B) {
	sqldbtest.EachBench(b, func(b *testing.B, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		if _, err := standardsql.NewStandardService(db).EnsureCatalog(context.Background()); err != nil {
			b.Fatal(err)
		}
		var units []int64
		for p := range 10 {
			_, pp := sqldbtest.Unit(&testing.T{}, db, "/1/", fmt.Sprintf("BP%d", p), fmt.Sprintf("Tỉnh %d", p))
			for c := range 10 {
				id, _ := sqldbtest.Unit(&testing.T{}, db, pp, fmt.Sprintf("BP%dC%d", p, c), fmt.Sprintf("Xã %d-%d", p, c))
				units = append(units, id)
			}
		}
		per := benchOfficials / len(units)
		now := db.Now().UTC()
		for i, u := range units {
			if _, err := db.Write.Exec(`WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < $1)
				INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, badge_token, created_at, updated_at)
				SELECT $2, 'B' || $3 || '-' || CAST(k AS TEXT), 'Cán bộ', 'can bo', 'civil_servant', 'b' || $3 || '-' || CAST(k AS TEXT), $4, $4 FROM n`,
				per, u, fmt.Sprint(i), now); err != nil {
				b.Fatal(err)
			}
		}
		svc := trainingsql.NewService(db, nil)
		ctx := sqldbtest.Sys()
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			c, err := svc.CreateCampaign(ctx, training.CampaignInput{UnitID: 1, Title: "Quán triệt toàn quốc", Audience: training.AudienceAll,
				StartsOn: day(2026, 3, 1), EndsOn: day(2026, 12, 31), CatalogVersionID: 0})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			c, err = svc.OpenCampaign(ctx, c.ID)
			if err != nil {
				b.Fatal(err)
			}
			if c.Assigned != per*len(units) {
				b.Fatalf("assigned %d", c.Assigned)
			}
		}
		b.ReportMetric(float64(per*len(units)*b.N)/b.Elapsed().Seconds(), "officials/s")
	})
}
