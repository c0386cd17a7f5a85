package violationsql_test

import (
	"cmp"
	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/violationsql"
	"congvu/violation"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The list of a subtree gives the same pages and totals whichever way it
// is read (walked down the act-date index or taken from the subtree's
// whole set) as the straightforward reading: every violation the actor
// reads by violation.CanView (or as the official concerned), filtered,
// newest act first. A violation whose named official moved to another
// province since is listed there; a sibling unit's never.
func TestViolationListPlans(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := setup(t, db)
		obs := func(unit int64, days int, note string, officials ...int64) violation.Input {
			return violation.Input{UnitID: unit, ActDate: x.act.AddDate(0, 0, days), ItemCodes: []string{"TT-TT"}, Description: note,
				OfficialIDs: officials, Evidence: []congvu.EvidenceRef{{Kind: congvu.EvidenceObservation}}, Notes: map[int]string{0: "Biên bản ghi nhận."}}
		}
		var moved *violation.Violation
		for i := range 12 {
			switch i % 4 {
			case 0:
				x.create(t, x.headC1, obs(x.C1, i%5, fmt.Sprintf("Xã: chậm giải quyết hồ sơ lần %d.", i), x.an.ID))
			case 1:
				moved = x.create(t, x.headD1, obs(x.D1, i%3, fmt.Sprintf("Huyện Một: thái độ thiếu tôn trọng lần %d.", i), x.dung.ID))
			case 2:
				x.create(t, x.headD2, obs(x.D2, i%4, fmt.Sprintf("Huyện Hai: đòi thêm giấy tờ lần %d.", i), x.chi.ID))
			default:
				x.create(t, x.headD1, obs(x.C1, 2, fmt.Sprintf("Xã: hai cán bộ cùng gây khó %d.", i), x.an.ID, x.binh.ID))
			}
		}
		// Dũng works in Tỉnh Hai today.
		if _, err := db.Write.Exec(`UPDATE officials SET unit_id = $1 WHERE id = $2`, x.P2, x.dung.ID); err != nil {
			t.Fatal(err)
		}
		var all []*violation.Violation
		for id := int64(1); id <= int64(sqldbtest.Count(t, db, `SELECT MAX(id) FROM violations`)); id++ {
			v, err := x.vs.FindViolation(sqldbtest.Sys(), id)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, v)
		}
		slices.SortFunc(all, func(a, b *violation.Violation) int {
			return cmp.Or(b.ActDate.Compare(a.ActDate), cmp.Compare(b.ID, a.ID))
		})
		want := func(a *congvu.Actor, f violation.Filter) []int64 {
			var ids []int64
			for _, v := range all {
				if !violation.Concerns(a, v) && !violation.CanView(a, v) {
					continue
				}
				if f.UnitID != 0 && !strings.HasPrefix(v.UnitPath, x.pathOf(f.UnitID)) ||
					f.Status != "" && v.Status != f.Status || !f.From.IsZero() && v.ActDate.Before(f.From) || !f.To.IsZero() && v.ActDate.After(f.To) ||
					f.Query == "Nguyen Van An" && v.Named(x.an.ID) == nil {
					continue
				}
				ids = append(ids, v.ID)
			}
			return ids
		}
		filters := []violation.Filter{{}, {UnitID: x.C1}, {UnitID: x.D1}, {UnitID: x.D2}, {Status: violation.StatusOpen}, {Status: violation.StatusDismissed, UnitID: x.P1},
			{From: x.act.AddDate(0, 0, 1), To: x.act.AddDate(0, 0, 3)}, {Query: "Nguyen Van An"}, {UnitID: x.P1, From: x.act.AddDate(0, 0, 2)}}
		actors := []*congvu.Actor{x.sup, x.headD1, x.headD2, x.headC1, x.headP2, x.anSelf, x.admin}
		for _, plan := range []string{"walk", "walkpage", "set", ""} {
			restore := violationsql.SetListPlan(plan)
			for _, a := range actors {
				for _, f := range filters {
					w := want(a, f)
					for _, limit := range []int{3, 50} {
						var got []int64
						total := -1
						for offset := 0; offset < 12; offset += limit {
							f.Limit, f.Offset = limit, offset
							list, n, err := x.vs.FindViolations(sqldbtest.As(a), f)
							if err != nil {
								t.Fatalf("%s %s %+v: %v", plan, a.Username, f, err)
							}
							if offset == 0 {
								total = n
							}
							for _, v := range list {
								got = append(got, v.ID)
							}
						}
						f.Limit, f.Offset = 0, 0
						if !slices.Equal(got, w) || total != len(w) {
							t.Errorf("plan %q, %s, filter %+v, limit %d: listed %v (total %d), want %v", plan, a.Username, f, limit, got, total, w)
						}
					}
				}
			}
			restore()
		}
		// The check above is not vacuous: Tỉnh Hai's head reads the moved
		// official's violation, Huyện Hai's head none of Huyện Một's.
		if w := want(x.headP2, violation.Filter{}); len(w) != 3 || w[0] != moved.ID && w[1] != moved.ID && w[2] != moved.ID {
			t.Errorf("Tỉnh Hai reads %v", w)
		}
		for _, id := range want(x.headD2, violation.Filter{}) {
			if v := all[slices.IndexFunc(all, func(v *violation.Violation) bool { return v.ID == id })]; v.UnitID != x.D2 {
				t.Errorf("Huyện Hai reads %d of unit %d", id, v.UnitID)
			}
		}
	})
}

func (x *vFix) pathOf(id int64) string {
	return map[int64]string{x.P1: x.P1Path, x.D1: x.D1Path, x.C1: x.C1Path, x.D2: x.D2Path, x.P2: x.P2Path}[id]
}
