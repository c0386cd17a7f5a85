package emulationsql_test

import (
	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/sqldb/trainingsql"
	"congvu/training"
	"context"
	"strings"
	"testing"
	"time"
)

// The training criteria score the year's training as the training
// capability counts it. Campaigns of March 2026: one of D1 (A, B), one of
// the province (A, B, C, E); A attended both, B and C the province's, E
// none. A completed every campaign (100, full points), B one of two (50,
// half); D1 has one official of two complete (50%, the floor: 0 points),
// D2 all (100%, full points), D3 none (0%, a figure, not "no figure":
// that is for a year nobody was required to train, see
// TestScoresExplainedLineByLine).
func TestTrainingScoreLines(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.movement(t)
		if _, err := standardsql.NewStandardService(db).EnsureCatalog(context.Background()); err != nil {
			t.Fatal(err)
		}
		ts := trainingsql.NewService(db, nil)
		campaign := func(unit int64, present ...int64) {
			c, err := ts.CreateCampaign(f.sup, training.CampaignInput{UnitID: unit, Title: "Quán triệt Đề án văn hóa công vụ", Audience: training.AudienceAll,
				StartsOn: time.Date(2026, 3, 1, 0, 0, 0, 0, congvu.TimeZone), EndsOn: time.Date(2026, 3, 31, 0, 0, 0, 0, congvu.TimeZone), Hours: 4})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ts.OpenCampaign(f.sup, c.ID); err != nil {
				t.Fatal(err)
			}
			s, err := ts.CreateSession(f.sup, training.SessionInput{CampaignID: c.ID, Title: "Lớp 1", Mode: training.ModeInPerson, Place: "Hội trường",
				StartsAt: time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 3, 5, 4, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ts.Mark(f.sup, s.ID, present); err != nil {
				t.Fatal(err)
			}
		}
		campaign(f.x.D1, f.a.ID)
		campaign(f.x.P1, f.a.ID, f.b.ID, f.c.ID)
		if _, err := f.svc.ComputeScores(f.sup, f.m.ID, 2026); err != nil {
			t.Fatal(err)
		}
		for _, w := range []struct {
			reg, code string
			value     float64
			points    float64
			text      string
		}{
			{"A", "cn_boi_duong", 100, 10, "Hoàn thành đủ 2/2 đợt bồi dưỡng năm 2026 (8 giờ)"},
			{"B", "cn_boi_duong", 50, 5, "Hoàn thành 1/2 đợt bồi dưỡng năm 2026 (50%)"},
			{"D1", "tt_boi_duong", 50, 0, "1/2 cán bộ hoàn thành bồi dưỡng năm 2026 (50%)"},
			{"D2", "tt_boi_duong", 100, 10, "1/1 cán bộ hoàn thành bồi dưỡng năm 2026 (100%)"},
			{"D3", "tt_boi_duong", 0, 0, "0/1 cán bộ hoàn thành bồi dưỡng năm 2026 (0%)"},
		} {
			sc, err := f.svc.Explain(f.sup, f.regs[w.reg].ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			if l := line(t, sc, w.code); l.Value != w.value || l.Points != w.points || !strings.Contains(l.Explanation, w.text) {
				t.Errorf("%s %s: value %v, %v points, %q; want %v, %v, %q", w.reg, w.code, l.Value, l.Points, l.Explanation, w.value, w.points, w.text)
			}
		}
	})
}
