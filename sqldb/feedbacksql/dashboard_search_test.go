package feedbacksql_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

// searchTree builds two provinces of two districts each over generated
// ratings, then moves a district across provinces and merges two communes,
// and generates more ratings after: comments indexed before and after the
// units moved.
func searchTree(t *testing.T, db *sqldb.DB) (map[string]*org.Unit, *sqldbtest.Clock) {
	t.Helper()
	clock := sqldbtest.SetClock(db)
	clock.Set(vnDay(2026, 3, 2).Add(9 * time.Hour))
	ctx := sqldbtest.Sys()
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	us := orgsql.NewUnitService(db)
	root, err := us.FindUnitByCode(ctx, congvu.RootUnitCode)
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]*org.Unit{"VN": root}
	for _, u := range []struct {
		code, parent string
		kind         org.UnitKind
	}{
		{"P1", "VN", org.KindProvince}, {"P2", "VN", org.KindProvince},
		{"D11", "P1", org.KindDistrict}, {"D12", "P1", org.KindDistrict}, {"D21", "P2", org.KindDistrict}, {"D22", "P2", org.KindDistrict},
		{"C111", "D11", org.KindCommune}, {"C112", "D11", org.KindCommune}, {"C121", "D12", org.KindCommune},
		{"C211", "D21", org.KindCommune}, {"C212", "D21", org.KindCommune}, {"C221", "D22", org.KindCommune},
	} {
		unit, err := us.CreateUnit(ctx, org.UnitInput{Code: u.code, Name: "Đơn vị " + u.code, Kind: u.kind, ParentID: units[u.parent].ID})
		if err != nil {
			t.Fatal(err)
		}
		units[u.code] = unit
	}
	if _, err := devdata.GenerateFeedback(ctx, db, devdata.GenOptions{Ratings: 4000, From: vnDay(2026, 1, 1), To: vnDay(2026, 3, 2), Seed: 7}); err != nil {
		t.Fatal(err)
	}
	// D21 goes to P1 from 1 February, recorded on 2 March: its ratings of
	// February count in P1 although they were indexed under P2.
	if _, err := us.Restructure(ctx, org.RestructuringPlan{Effective: "2026-02-01", Decision: "Nghị quyết thử nghiệm", Operations: []org.RestructuringOp{
		{Op: org.RestructMove, From: []string{"D21"}, Parent: "P1"},
	}}); err != nil {
		t.Fatal(err)
	}
	clock.Set(vnDay(2026, 3, 3).Add(9 * time.Hour))
	if _, err := us.Restructure(ctx, org.RestructuringPlan{Effective: "2026-03-05", Decision: "Nghị quyết thử nghiệm 2", Operations: []org.RestructuringOp{
		{Op: org.RestructMerge, From: []string{"C112"}, Into: &org.NewUnitSpec{Code: "C221"}},
	}}); err != nil {
		t.Fatal(err)
	}
	clock.Set(vnDay(2026, 3, 20).Add(9 * time.Hour))
	if _, err := devdata.GenerateFeedback(ctx, db, devdata.GenOptions{Ratings: 1000, From: vnDay(2026, 3, 3), To: vnDay(2026, 3, 20), Seed: 8}); err != nil {
		t.Fatal(err)
	}
	for code, u := range units {
		if units[code], err = us.FindUnitByCode(ctx, u.Code); err != nil {
			t.Fatal(err)
		}
	}
	return units, clock
}

// feedPage is a comment page as ids, and its total.
func feedPage(t *testing.T, svc *feedbacksql.DashboardService, actor *org.Unit, f feedback.Filter) string {
	t.Helper()
	list, total, err := svc.Comments(withRole(congvu.RoleAdmin, actor, 0), f)
	if err != nil {
		t.Fatalf("%+v: %v", f, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", total)
	for _, fb := range list {
		fmt.Fprintf(&b, " %d", fb.ID)
	}
	return b.String()
}

// A search in a subtree matches its units inside the FTS5 index (SQLite,
// migration 0048): the pages and totals are those of the previous query
// (the country's matches, each one's unit checked) and of the feed read
// unit by unit and matched in Go, for every unit, words, range and page,
// before and after units moved, for the tree as it is and as it stood.
func TestCommentSearchScopeInIndex(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		units, _ := searchTree(t, db)
		svc := feedbacksql.NewDashboardService(db)
		ranges := [][2]time.Time{{}, {vnDay(2026, 2, 1), vnDay(2026, 3, 3)}, {vnDay(2026, 1, 20), vnDay(2026, 3, 20)}}
		queries := []string{"tan tinh", "TẬN TÌN", "cho", "h", "khong dung hen", "2026", "units"}
		codes := []string{"P1", "P2", "D11", "D21", "D22", "C112", "C221"}
		compared, found := 0, 0
		for _, code := range codes {
			for _, q := range queries {
				for _, r := range ranges {
					for _, off := range []int{0, 7} {
						f := feedback.Filter{UnitID: units[code].ID, Query: q, From: r[0], To: r[1], Limit: 7, Offset: off}
						restore := feedbacksql.SetSmallSubtree(0)
						got := feedPage(t, svc, units["VN"], f)
						undo := feedbacksql.SetMaxScopeUnits(0)
						prev := feedPage(t, svc, units["VN"], f)
						undo()
						restore()
						byUnit := feedPage(t, svc, units["VN"], f)
						if got != prev || got != byUnit {
							t.Errorf("%s %q %v offset %d: %s; previous query %s; unit by unit %s", code, q, r, off, got, prev, byUnit)
						}
						compared++
						if !strings.HasPrefix(got, "0:") {
							found++
						}
					}
				}
			}
		}
		if found < compared/3 {
			t.Errorf("only %d of %d searches found anything", found, compared)
		}
		// D21's February, indexed under P2, is P1's now; January is P2's.
		feb := feedback.Filter{Query: "tan tinh", From: vnDay(2026, 2, 1), To: vnDay(2026, 3, 3)}
		inD21 := feedPage(t, svc, units["VN"], feedback.Filter{UnitID: units["D21"].ID, Query: feb.Query, From: feb.From, To: feb.To, Limit: 1000})
		if strings.HasPrefix(inD21, "0:") {
			t.Fatal("no February match in D21")
		}
		p1 := feedPage(t, svc, units["VN"], feedback.Filter{UnitID: units["P1"].ID, Query: feb.Query, From: feb.From, To: feb.To, Limit: 1000})
		for _, id := range strings.Fields(inD21)[1:] {
			if !slices.Contains(strings.Fields(p1)[1:], id) {
				t.Errorf("D21's February comment %s not in P1's search", id)
			}
		}
	})
}

// A unit head searching their province never sees another province's
// comments, through the index or not, and cannot ask for another's.
func TestCommentSearchStaysInScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		units, _ := searchTree(t, db)
		svc := feedbacksql.NewDashboardService(db)
		for _, small := range []int{0, 64} {
			defer feedbacksql.SetSmallSubtree(small)()
			for _, code := range []string{"P1", "P2", "D22"} {
				head := withRole(congvu.RoleUnitHead, units[code], 0)
				for _, q := range []string{"tan tinh", "cho", "h"} {
					list, total, err := svc.Comments(head, feedback.Filter{Query: q, Limit: 100})
					if err != nil || total == 0 {
						t.Fatalf("%s %q: %d, %v", code, q, total, err)
					}
					for _, fb := range list {
						var path string
						if err := db.Read.QueryRow(`SELECT path FROM units WHERE id = $1`, fb.UnitID).Scan(&path); err != nil {
							t.Fatal(err)
						}
						if !strings.HasPrefix(path, units[code].Path) {
							t.Errorf("the head of %s found a comment of %s (%s)", code, fb.UnitName, path)
						}
					}
				}
				other := units["P2"]
				if code != "P1" {
					other = units["P1"]
				}
				if _, _, err := svc.Comments(head, feedback.Filter{UnitID: other.ID, Query: "tan tinh"}); congvu.ErrorCode(err) != congvu.ENOTFOUND {
					t.Errorf("the head of %s searched %s: %v", code, other.Code, err)
				}
			}
		}
	})
}

// Migration 0048 converts the search index of a database written before
// it: the same searches give the same pages after it, now matching the
// subtree in the index, and ratings written after it are indexed too.
func TestCommentSearchIndexUpgrade(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if db.Engine != sqldb.SQLite {
			t.Skip("SQLite only: PostgreSQL's migration 0048 changes nothing")
		}
		units, _ := searchTree(t, db)
		// The index as migration 0003 made it.
		if _, err := db.Write.Exec(`DROP TRIGGER feedback_fts_insert; DROP TRIGGER feedback_fts_delete; DROP TRIGGER feedback_fts_update; DROP TABLE feedback_fts;
			CREATE VIRTUAL TABLE feedback_fts USING fts5(search_comment, content='feedback', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
			CREATE TRIGGER feedback_fts_insert AFTER INSERT ON feedback WHEN new.search_comment <> '' BEGIN
				INSERT INTO feedback_fts(rowid, search_comment) VALUES (new.id, new.search_comment);
			END;
			CREATE TRIGGER feedback_fts_delete AFTER DELETE ON feedback WHEN old.search_comment <> '' BEGIN
				INSERT INTO feedback_fts(feedback_fts, rowid, search_comment) VALUES ('delete', old.id, old.search_comment);
			END;
			CREATE TRIGGER feedback_fts_update AFTER UPDATE OF search_comment ON feedback BEGIN
				INSERT INTO feedback_fts(feedback_fts, rowid, search_comment) SELECT 'delete', old.id, old.search_comment WHERE old.search_comment <> '';
				INSERT INTO feedback_fts(rowid, search_comment) SELECT new.id, new.search_comment WHERE new.search_comment <> '';
			END;
			INSERT INTO feedback_fts(rowid, search_comment) SELECT id, search_comment FROM feedback WHERE search_comment <> '';
			DELETE FROM schema_migrations WHERE name = '0048_feedback_fts_units.sql'`); err != nil {
			t.Fatal(err)
		}
		svc := feedbacksql.NewDashboardService(db)
		defer feedbacksql.SetSmallSubtree(0)()
		var filters []feedback.Filter
		for _, code := range []string{"VN", "P1", "P2", "D21", "C112"} {
			for _, q := range []string{"tan tinh", "cho", "h"} {
				for _, r := range [][2]time.Time{{}, {vnDay(2026, 2, 1), vnDay(2026, 3, 20)}} {
					filters = append(filters, feedback.Filter{UnitID: units[code].ID, Query: q, From: r[0], To: r[1], Limit: 10})
				}
			}
		}
		before := map[int]string{}
		undo := feedbacksql.SetMaxScopeUnits(0)
		for i, f := range filters {
			before[i] = feedPage(t, svc, units["VN"], f)
		}
		undo()
		if applied, err := db.Migrate(sqldbtest.Sys()); err != nil || len(applied) != 1 {
			t.Fatalf("migrate: %v %v", applied, err)
		}
		for i, f := range filters {
			if got := feedPage(t, svc, units["VN"], f); got != before[i] {
				t.Errorf("%+v: %s after the upgrade, %s before", f, got, before[i])
			}
		}
		if got, want := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback_fts WHERE feedback_fts MATCH 'search_comment : tan'`),
			sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback WHERE search_comment LIKE '%tan %' OR search_comment LIKE '%tan'`); got != want || got == 0 {
			t.Errorf("%d rows indexed with tan, %d comments", got, want)
		}
	})
}
