package publicstats_test

import (
	"context"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/petition"
	"congvu/publicstats"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
)

// On both engines: a district's figures are its dashboards', the province
// is compared, the index is left out below the minimum sample, the root
// lists the provinces, and an unknown code is ENOTFOUND.
func TestFigures(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		tree := sqldbtest.MakeTree(t, db)
		w := sqlservicestest.Wire(t, db)
		ctx := sqldbtest.Sys()
		o, err := w.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: tree.D1, EmployeeCode: "D1-1", FullName: "Lương Văn Tên Riêng", Category: org.CategoryCivilServant})
		if err != nil {
			t.Fatal(err)
		}
		rate := func(n int) {
			for i := range n {
				clock.Add(time.Hour)
				if _, err := w.Feedback.Submit(context.Background(), feedback.Input{BadgeToken: o.BadgeToken, Satisfaction: feedback.Satisfactions[i%3],
					FillTime: time.Minute, Answers: map[string]bool{"GT-XC": true, "GT-XL": i%2 == 0}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		rate(feedback.MinRankingSample - 1)
		if _, err := w.Petitions.Submit(context.Background(), petition.Input{Channel: petition.ViaBadge, BadgeToken: o.BadgeToken,
			Category: petition.Delay, Description: "Hồ sơ quá hẹn hai tuần mà không có phiếu hẹn lại.", Anonymous: true}); err != nil {
			t.Fatal(err)
		}
		clock.Add(48 * time.Hour)
		svc := w.Public.(*publicstats.Reader)
		f, err := svc.Figures(context.Background(), "P1D1")
		if err != nil {
			t.Fatal(err)
		}
		if f.This.Ratings != feedback.MinRankingSample-1 || f.This.Index != nil || f.Province == nil || f.Province.Code != "P1" || f.InProvince == nil {
			t.Fatalf("below the sample: %+v", f)
		}
		rate(2)
		clock.Add(48 * time.Hour)
		if f, _ := svc.Figures(context.Background(), "P1D1"); f.This.Ratings != feedback.MinRankingSample-1 {
			t.Fatalf("not cached: %d", f.This.Ratings)
		}
		svc.Drop()
		if f, err = svc.Figures(context.Background(), "P1D1"); err != nil {
			t.Fatal(err)
		}
		d, err := w.Dashboards.Dashboard(ctx, feedback.DashboardFilter{UnitID: tree.D1, From: f.This.From, To: f.This.To, Period: feedback.PeriodMonth})
		if err != nil {
			t.Fatal(err)
		}
		st, err := w.Petitions.Stats(ctx, petition.StatsFilter{UnitID: tree.D1, From: f.This.From, To: f.This.To})
		if err != nil {
			t.Fatal(err)
		}
		if f.This.Ratings != d.Tally.Total || f.This.Index == nil || *f.This.Index != d.Index || f.This.Petitions != st.Total || st.Total != 1 {
			t.Fatalf("figures %+v; dashboards %d %.2f, %d petitions", f.This, d.Tally.Total, d.Index, st.Total)
		}
		if f.InProvince.Ratings != f.This.Ratings || f.Last.Ratings != 0 || f.Last.Index != nil {
			t.Fatalf("province %+v, last year %+v", f.InProvince, f.Last)
		}
		root, err := svc.Figures(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(root.Children) != 2 || root.Children[0].Code+root.Children[1].Code != "P2P1" || root.Parent != nil || root.Province != nil {
			t.Fatalf("root %+v", root)
		}
		if _, err := svc.Figures(context.Background(), "KHONG-CO"); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("unknown code: %v", err)
		}
	})
}
