package petitionsql_test

import (
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/standard"
)

// A founded conclusion may name the local items in force of the subject's
// units — after a new national version too — but not another province's,
// nor a local item not yet in force.
func TestConclusionCitesLocalItemsAcrossNationalVersions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		std := standardsql.NewStandardService(db)
		admin := sqldbtest.As(x.admin)
		today := congvu.Date(x.clock.Now())
		local := func(unit int64, decision string, eff time.Time, code string) {
			t.Helper()
			_, err := std.PublishLocalVersion(admin, unit, standard.LocalSeed{Decision: decision, EffectiveOn: eff.Format(time.DateOnly),
				Items: []*standard.Item{{GroupCode: "TT", Code: code, Title: "Quy định riêng " + code, Prohibition: true}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		local(x.P1, "Kế hoạch số 86/KH-UBND ngày 30/8/2019", time.Date(2019, 8, 30, 0, 0, 0, 0, time.UTC), "TT-P1-A")
		local(x.P1, "Quyết định số 9/QĐ-UBND (hiệu lực năm sau)", today.AddDate(1, 0, 0), "TT-P1-SAU")
		local(x.P2, "Kế hoạch của tỉnh Hai", time.Date(2019, 8, 1, 0, 0, 0, 0, time.UTC), "TT-P2-B")

		seed, err := standardsql.EmbeddedCatalog()
		if err != nil {
			t.Fatal(err)
		}
		seed.Code, seed.EffectiveOn = "QG-MOI", today.Format(time.DateOnly)
		if _, err := std.PublishVersion(admin, seed); err != nil {
			t.Fatal(err)
		}

		id := x.submit(t, x.input()).Petition.ID
		x.toVerifying(t, id)
		as := sqldbtest.As(x.headD1)
		for _, code := range []string{"TT-P2-B", "TT-P1-SAU"} {
			_, err := x.ps.Step(as, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded,
				Text: "Có vi phạm.", Items: []string{code}, ConclusionPublic: true})
			sqldbtest.Code(t, err, congvu.EINVALID)
			if !strings.Contains(congvu.ErrorFields(err)["items"], code) {
				t.Errorf("%s: %v", code, err)
			}
		}
		p := x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded,
			Text: "Có vi phạm.", Items: []string{"tt-p1-a", "TT-NHN"}, ConclusionPublic: true})
		if strings.Join(p.BreachedItems, ",") != "TT-NHN,TT-P1-A" {
			t.Errorf("breached %v", p.BreachedItems)
		}
	})
}
