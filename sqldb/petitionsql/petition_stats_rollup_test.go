package petitionsql_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/petitionsql"
	"congvu/sqldb/sqldbtest"
)

// The dashboard read from the rollups shows exactly what the petitions'
// rows show (the raw path, the reference), after every kind of step:
// submission, acceptance, rejection, assignment, transfer, verification,
// conclusions founded, partly founded and unfounded, closing, a reopening
// by the reporter, a withdrawal, a restructuring (a district abolished,
// its commune moved up) and steps after it; for a viewer with no official
// record and for one with petitions that concern them (about their own
// record and units), who must see none of those; over ranges of days and
// of whole months, for every unit. A step that forgot to move the rollups
// leaves a figure different from the rows'. After the rollups are filled
// again from the rows (the backfill of migration 0045), the same.
func TestPetitionStatsRollupsMatchRows(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		t0, open := stFixture(t, x) // the clock is now t0 + 40 days
		h := time.Hour
		ctx := context.Background()
		// receipt files a petition about An and keeps its tracking code and secret.
		receipt := func(cat petition.Category) *petition.Receipt {
			t.Helper()
			r, err := x.ps.Submit(ctx, petition.Input{Category: cat, Anonymous: true, OfficialID: x.an.ID,
				Description: "Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định, hẹn đi hẹn lại nhiều lần."})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		// A reopened petition: concluded, closed, then contested by its reporter.
		x.set(t0.Add(-20 * 24 * h))
		re := receipt(petition.Favours)
		for i, in := range []petition.StepInput{{Step: petition.StepAccept}, {Step: petition.StepAssign}, {Step: petition.StepVerify},
			{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded, Text: "Kết quả xác minh.", Items: []string{"TT-VV"}, ConclusionPublic: true},
			{Step: petition.StepClose}} {
			x.set(t0.Add(-20*24*h + time.Duration(i+1)*7*h))
			x.step(t, x.d1Head, re.Petition.ID, in)
		}
		x.set(t0.Add(-20*24*h + 3*24*h))
		if err := x.ps.PostReporterMessage(ctx, re.Petition.TrackingCode, re.Secret, "Tôi không đồng ý với kết quả trả lời.", true); err != nil {
			t.Fatal(err)
		}
		if p, err := x.ps.FindPetition(x.p1Sup, re.Petition.ID); err != nil || p.Status == petition.Closed {
			t.Fatalf("the contested petition was not reopened: %v %v", p, err)
		}
		// A withdrawn one, accepted first.
		x.set(t0.Add(-15 * 24 * h))
		wd := receipt(petition.Delay)
		x.set(t0.Add(-15*24*h + 5*h))
		x.step(t, x.d1Head, wd.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		if err := x.ps.Withdraw(ctx, wd.Petition.TrackingCode, wd.Secret, "Sự việc đã được giải quyết ổn thỏa"); err != nil {
			t.Fatal(err)
		}
		// A transferred one.
		x.set(t0.Add(2 * 24 * h))
		tr := x.submit(t, x.binh, 0, petition.Harassment)
		x.set(t0.Add(3 * 24 * h))
		x.step(t, x.d1Head, tr.ID, petition.StepInput{Step: petition.StepAccept})
		x.step(t, x.d1Head, tr.ID, petition.StepInput{Step: petition.StepAssign})
		x.set(t0.Add(4 * 24 * h))
		x.step(t, x.p1Sup, tr.ID, petition.StepInput{Step: petition.StepTransfer, UnitID: x.D2, Reason: "Đơn vị khác có thẩm quyền xử lý."})

		viewer := sqldbtest.As(sqldbtest.Actor(911, congvu.RoleInspector, 1, congvu.RootUnitPath))
		// An, supervising the whole country: the petitions about him, his
		// commune, its district and province are never his to count.
		an := sqldbtest.As(&congvu.Actor{UserID: 912, Username: "an", FullName: "Nguyễn Văn An", OfficialID: x.an.ID,
			Grants: []congvu.Grant{{Role: congvu.RoleInspector, UnitID: 1, UnitPath: congvu.RootUnitPath}}})
		ranges := [][2]time.Time{
			{}, // the default year
			{t0.AddDate(0, 0, -10), t0.AddDate(0, 0, 40)},
			{t0.AddDate(0, 0, -70), t0.AddDate(0, 0, 45)}, // whole months inside
			{t0.AddDate(0, 0, -55), t0.AddDate(0, 0, 40)}, // a month less its first days
			{t0.AddDate(0, 0, 25), t0.AddDate(0, 0, 40)},
		}
		compare := func(when string) {
			t.Helper()
			concealed := false
			for _, who := range []struct {
				name string
				ctx  context.Context
			}{{"viewer", viewer}, {"An", an}, {"p1sup", x.p1Sup}} {
				for _, unit := range []int64{0, 1, x.P1, x.D1, x.C1, x.D2, x.P2} {
					if unit != 0 && who.name == "p1sup" && unit == 1 {
						continue // outside the supervisor's scope
					}
					for _, r := range ranges {
						f := petition.StatsFilter{UnitID: unit, From: r[0], To: r[1]}
						got, err := x.ps.Stats(who.ctx, f)
						if err != nil {
							if unit == x.P2 && who.name == "p1sup" {
								continue
							}
							t.Fatalf("%s: stats of %d for %s: %v", when, unit, who.name, err)
						}
						want, err := x.ps.StatsRaw(who.ctx, f)
						if err != nil {
							t.Fatal(err)
						}
						if g, w := jsonOfStats(got), jsonOfStats(want); g != w {
							t.Errorf("%s: %s, unit %d, %s – %s: from the rollups\n%s\nfrom the rows\n%s", when, who.name, unit,
								r[0].Format(time.DateOnly), r[1].Format(time.DateOnly), g, w)
						}
						if who.name == "An" && unit == x.P1 && r == ranges[1] {
							all, err := x.ps.Stats(viewer, f)
							if err != nil {
								t.Fatal(err)
							}
							concealed = got.Total < all.Total && len(got.TopOfficial) == 0 && len(all.TopOfficial) > 0
						}
					}
				}
			}
			if !concealed {
				t.Errorf("%s: An's figures should leave out the petitions about him", when)
			}
		}
		compare("after the steps")

		// A restructuring: Huyện Một abolished, Xã Một moved up to the province;
		// then steps on petitions submitted before and after it.
		eff := congvu.Date(x.clock.Now()).AddDate(0, 0, -20)
		if _, err := orgsql.NewUnitService(db).Restructure(sqldbtest.Sys(), org.RestructuringPlan{Effective: eff.Format(time.DateOnly),
			Decision: "Nghị quyết thử nghiệm", Operations: []org.RestructuringOp{{Op: org.RestructAbolish, From: []string{"P1D1"}}}}); err != nil {
			t.Fatal(err)
		}
		compare("after the restructuring")
		x.set(x.clock.Now().Add(2 * h))
		late := x.submit(t, x.an, 0, petition.Attitude)
		x.step(t, x.p1Sup, late.ID, petition.StepInput{Step: petition.StepAccept})
		for _, p := range open {
			if p.Status == petition.Concluded {
				x.step(t, x.p1Sup, p.ID, petition.StepInput{Step: petition.StepClose})
			}
		}
		compare("after steps past the restructuring")

		if err := petitionsql.RebuildStatsRollups(sqldbtest.Sys(), db); err != nil {
			t.Fatal(err)
		}
		compare("after the backfill")
	})
}

func jsonOfStats(st *petition.Stats) string {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Sprint(err)
	}
	return string(b)
}
