package evaluationsql_test

import (
	"congvu"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// evFixture is a small tree with three officials and a year of evidence
// (2025) around them, with evidence of 2024 and 2026 that must not count.
type evFixture struct {
	db            *sqldb.DB
	svc           evaluation.EvidenceService
	tree          sqldbtest.Tree
	a, b, c       *org.Official
	sup, head2    *congvu.Actor // supervisor of P1; unit head of D2
	admin, own    *congvu.Actor // administrator of the whole tree; official A themself
	petitionCodes []string
}

func ts(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 3, 0, 0, 0, time.UTC) }

func exec(t *testing.T, db *sqldb.DB, q string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := db.Write.QueryRow(q+" RETURNING 1", args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func insertID(t *testing.T, db *sqldb.DB, q string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := db.Write.QueryRow(q+" RETURNING id", args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func newEvFixture(t *testing.T, db *sqldb.DB) *evFixture {
	t.Helper()
	sqldbtest.SetClock(db) // 5 March 2026
	w := sqlservices.New(db, nil)
	x := &evFixture{db: db, svc: w.EvaluationEvidence, tree: sqldbtest.MakeTree(t, db)}
	offs := orgsql.NewOfficialService(db)
	x.a = sqldbtest.Official(t, offs, x.tree.D1, "A01", "Nguyễn Văn An", org.CategoryCivilServant)
	x.b = sqldbtest.Official(t, offs, x.tree.D1, "B01", "Trần Thị Bình", org.CategoryCivilServant)
	x.c = sqldbtest.Official(t, offs, x.tree.D2, "C01", "Lê Văn Cường", org.CategoryCivilServant)
	us := orgsql.NewUserService(db)
	sup := sqldbtest.User(t, us, "giamsat", congvu.RoleSupervisor, x.tree.P1)
	x.sup = sqldbtest.Actor(sup.ID, congvu.RoleSupervisor, x.tree.P1, x.tree.P1Path)
	h2 := sqldbtest.User(t, us, "thutruong2", congvu.RoleUnitHead, x.tree.D2)
	x.head2 = sqldbtest.Actor(h2.ID, congvu.RoleUnitHead, x.tree.D2, x.tree.D2Path)
	ad := sqldbtest.User(t, us, "quantri", congvu.RoleAdmin, 1)
	x.admin = sqldbtest.Actor(ad.ID, congvu.RoleAdmin, 1, congvu.RootUnitPath)
	ou, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: "canbo-a", FullName: x.a.FullName, Password: sqldbtest.Password,
		Active: true, OfficialID: x.a.ID, Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: x.tree.D1}}})
	if err != nil {
		t.Fatal(err)
	}
	x.own = sqldbtest.Actor(ou.ID, congvu.RoleOfficial, x.tree.D1, x.tree.D1Path)
	x.own.OfficialID = x.a.ID

	// Ratings: A rated in 2025 (and on the last day of 2024 and the first
	// of 2026), B in 2025, C never.
	day := func(official int64, d string, total, vs, s, dis int) {
		exec(t, db, `INSERT INTO rollup_official_day (official_id, day, total, very_satisfied, satisfied, dissatisfied) VALUES ($1, $2, $3, $4, $5, $6)`,
			official, d, total, vs, s, dis)
	}
	day(x.a.ID, "2025-03-10", 10, 4, 4, 2)
	day(x.a.ID, "2025-11-30", 10, 1, 3, 6)
	day(x.a.ID, "2024-12-31", 5, 0, 0, 5)
	day(x.a.ID, "2026-01-01", 7, 0, 0, 7)
	day(x.b.ID, "2025-06-01", 3, 0, 3, 0)
	// The behaviours are columns of the day rows: GT-XC → gt_xc_yes, gt_xc_asked.
	greeted := func(official int64, d string, yes, asked int) {
		exec(t, db, `UPDATE rollup_official_day SET gt_xc_yes = $1, gt_xc_asked = $2 WHERE official_id = $3 AND day = $4`, yes, asked, official, d)
	}
	greeted(x.a.ID, "2025-03-10", 8, 10)
	greeted(x.a.ID, "2024-12-31", 0, 5)
	unitDay := func(unit int64, d string, total, vs, s int) {
		exec(t, db, `INSERT INTO rollup_unit_day (unit_id, day, total, very_satisfied, satisfied) VALUES ($1, $2, $3, $4, $5)`, unit, d, total, vs, s)
	}
	unitDay(x.tree.D1, "2025-03-10", 20, 10, 5)
	unitDay(x.tree.D1, "2024-12-31", 20, 0, 0)
	exec(t, db, `UPDATE rollup_unit_day SET gt_xc_yes = 9, gt_xc_asked = 10 WHERE unit_id = $1 AND day = '2025-03-10'`, x.tree.D1)

	// Petitions naming A: founded and partly founded in 2025 (counted),
	// founded in 2024, unfounded in 2025, founded but still being handled;
	// one founded naming B.
	n := 0
	pet := func(o *org.Official, status, concl string, occurred time.Time) {
		n++
		code := "PA-TEST-" + string(rune('A'+n))
		x.petitionCodes = append(x.petitionCodes, code)
		exec(t, db, `INSERT INTO petitions (tracking_code, secret_hash, channel, category, unit_id, official_id, description, occurred_at, anonymous,
			reporter_sealed, has_contact, status, conclusion, submitted_at, updated_at, closed_at)
			VALUES ($1, 'x', 'web', 'attitude', $2, $3, 'Cán bộ quát tháo', $4, FALSE, 'Phạm Người Báo', TRUE, $5, $6, $7, $8, $9)`,
			code, o.UnitID, o.ID, occurred, status, concl, occurred.Add(24*time.Hour), occurred.AddDate(0, 1, 0), occurred.AddDate(0, 1, 0))
	}
	pet(x.a, "closed", "founded", ts(2025, 5, 1))
	pet(x.a, "concluded", "partly", ts(2025, 9, 1))
	pet(x.a, "closed", "founded", ts(2024, 12, 30))
	pet(x.a, "closed", "unfounded", ts(2025, 6, 1))
	pet(x.a, "in_progress", "founded", ts(2025, 7, 1))
	pet(x.b, "closed", "founded", ts(2025, 7, 1))

	// An inspection of D1: A breached a line in 2025 (counted), kept one,
	// breached one in 2026; B breached one in 2025.
	insp := insertID(t, db, `INSERT INTO inspections (kind, unit_id, target_unit_id, origin, status, created_at, updated_at)
		VALUES ('check', $1, $2, 'adhoc', 'closed', $3, $3)`, x.tree.P1, x.tree.D1, ts(2025, 4, 1))
	line := func(o *org.Official, pos int, result string, at time.Time) {
		exec(t, db, `INSERT INTO inspection_lines (inspection_id, position, item_code, item_title, group_code, method, result, official_id, recorded_at, updated_at)
			VALUES ($1, $2, 'GT-XC', 'Xin chào', 'GT', 'observe', $3, $4, $5, $5)`, insp, pos, result, o.ID, at)
	}
	line(x.a, 1, "breached", ts(2025, 4, 2))
	line(x.a, 2, "kept", ts(2025, 4, 2))
	line(x.a, 3, "breached", ts(2026, 1, 2))
	line(x.b, 4, "breached", ts(2025, 4, 2))

	// Violations: one in 2025 naming A and B, one in 2024 naming A.
	viol := func(act string, os ...*org.Official) {
		v := insertID(t, db, `INSERT INTO violations (unit_id, act_date, description, evidence_at, created_at, updated_at) VALUES ($1, $2, 'Thái độ', $3, $3, $3)`,
			x.tree.D1, act, ts(2025, 12, 1))
		for _, o := range os {
			exec(t, db, `INSERT INTO violation_officials (violation_id, official_id, unit_id, outcome) VALUES ($1, $2, $3, 'pending')`, v, o.ID, o.UnitID)
		}
	}
	viol("2025-04-01", x.a, x.b)
	viol("2024-11-01", x.a)

	// Commendations of A: issued in 2025 (counted), proposed in 2025,
	// issued in 2024.
	comm := func(o *org.Official, year int, status string) {
		exec(t, db, `INSERT INTO commendations (kind, official_id, unit_id, year, reason, status, created_at, updated_at) VALUES ('praise', $1, $2, $3, 'Tận tụy', $4, $5, $5)`,
			o.ID, o.UnitID, year, status, ts(year, 12, 1))
	}
	comm(x.a, 2025, "issued")
	// B was reprimanded with effect in 2025; A's decision of 2024 is not
	// of the year.
	disc := func(o *org.Official, effective string) {
		exec(t, db, `INSERT INTO discipline_cases (official_id, category, unit_id, competent_unit_id, rule_set_id, severity, proposed_form, status,
			opened_at, due_at, decision_number, decision_signed_on, decision_effective_on, decision_form, decided_at, created_at, updated_at)
			VALUES ($1, 'civil_servant', $2, $3, (SELECT MIN(id) FROM discipline_rule_sets), 'minor', 'reprimand', 'notified',
			$4, $4, '12/QĐ-KL', $5, $5, 'reprimand', $4, $4, $4)`, o.ID, o.UnitID, x.tree.P1, ts(2024, 6, 1), effective)
	}
	disc(x.b, "2025-08-01")
	// Task products of A: two confirmed in 2026 (one short on quality),
	// one reported in 2026, one confirmed in 2025; one of B in 2026.
	prod := func(o *org.Official, year, month int, status string, qualityFailed bool) {
		exec(t, db, `INSERT INTO evaluation_products (official_id, unit_id, year, period_kind, period, title, points, due_on, status, quality_failed, created_at)
			VALUES ($1, $2, $3, 'month', $4, 'Báo cáo tháng', 10, $5, $6, $7, $8)`, o.ID, o.UnitID, year, month, time.Date(year, time.Month(month), 28, 0, 0, 0, 0, time.UTC),
			status, qualityFailed, ts(year, time.Month(month), 1))
	}
	prod(x.a, 2026, 1, "confirmed", false)
	prod(x.a, 2026, 2, "confirmed", true)
	prod(x.a, 2026, 3, "reported", false)
	prod(x.a, 2025, 12, "confirmed", false)
	prod(x.b, 2026, 1, "assigned", false)
	disc(x.a, "2024-08-01")
	comm(x.a, 2025, "proposed")
	comm(x.a, 2024, "issued")
	return x
}

func TestEvidenceSummaryCountsTheYearOfTheOfficial(t *testing.T) {
	for name, db := range sqldbtest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			x := newEvFixture(t, db)
			before := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'evaluation.read'`)
			s, err := x.svc.Summary(sqldbtest.As(x.sup), x.a.ID, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if got := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'evaluation.read' AND entity_id = $1`, x.a.ID); got != before+1 {
				t.Errorf("audited readings %d, want %d", got, before+1)
			}
			r := s.Ratings
			if r.Count != 20 || r.Index != 60 {
				t.Errorf("ratings %d index %v, want 20 and 60 (2025 only)", r.Count, r.Index)
			}
			if r.UnitCount != 20 || r.UnitIndex != 75 {
				t.Errorf("unit ratings %d index %v, want 20 and 75", r.UnitCount, r.UnitIndex)
			}
			if len(r.Behaviours) != 8 || r.Behaviours[0].Code != "GT-XC" || r.Behaviours[0].Index != 80 || r.Behaviours[0].UnitIndex != 90 || r.Behaviours[1].Index != -1 {
				t.Errorf("behaviours %+v", r.Behaviours)
			}
			if len(s.FoundedPetitions) != 2 || !strings.Contains(s.FoundedPetitions[0].Summary, x.petitionCodes[0]) || s.FoundedPetitions[0].RefID == 0 {
				t.Errorf("founded petitions %+v, want the two of 2025 with their codes", s.FoundedPetitions)
			}
			if len(s.InspectionFindings) != 1 || s.InspectionFindings[0].Kind != congvu.EvidenceInspectionLine {
				t.Errorf("findings %+v, want the one breached line of 2025", s.InspectionFindings)
			}
			if s.Conduct == nil || len(s.Conduct.Violations) != 1 || len(s.Conduct.Commendations) != 1 {
				t.Errorf("conduct %+v, want one violation and one commendation of 2025", s.Conduct)
			}
			if s.Training != nil {
				t.Errorf("training %+v in a year without any campaign", s.Training)
			}
			body, _ := json.Marshal(s)
			if strings.Contains(string(body), "Phạm Người Báo") {
				t.Errorf("the summary names the reporter: %s", body)
			}

			// B's year is B's: nothing of A's.
			sb, err := x.svc.Summary(sqldbtest.As(x.sup), x.b.ID, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := sb.Conduct.Disciplined(); !ok {
				t.Errorf("B's conduct %+v, want the reprimand of 2025", sb.Conduct)
			}
			if _, ok := s.Conduct.Disciplined(); ok || s.Cap != "" || len(s.Applied) != 0 {
				t.Errorf("A capped in 2025 by the decision of 2024: %q %+v", s.Cap, s.Applied)
			}
			if s.RuleSetCode != "90/2020-cc" {
				t.Errorf("rule set %q for a civil servant's 2025, want 90/2020-cc", s.RuleSetCode)
			}
			if sb.Cap != evaluation.LevelNotCompleted || len(sb.Applied) != 1 || !strings.Contains(sb.Applied[0].Text, "01/08/2025") || !strings.Contains(sb.Applied[0].Text, "12/QĐ-KL") {
				t.Errorf("B's cap %q %+v, want the reprimand of 01/08/2025 said with its decision", sb.Cap, sb.Applied)
			}
			if sb.Ratings.Count != 3 || sb.Ratings.Index != 100 || len(sb.FoundedPetitions) != 1 || len(sb.InspectionFindings) != 1 {
				t.Errorf("B's summary %+v", sb)
			}
			// A's 2026 so far under Decree 335/2025: the task points of the
			// year's products only, 70 × (10 + 7.5) / 30.
			s26, err := x.svc.Summary(sqldbtest.As(x.sup), x.a.ID, 2026)
			if err != nil {
				t.Fatal(err)
			}
			if s26.RuleSetCode != "335/2025-cc" || len(s26.TaskLines) != 3 || s26.TaskPoints != 40.83 {
				t.Errorf("A's 2026: rule set %q, task points %v, lines %+v", s26.RuleSetCode, s26.TaskPoints, s26.TaskLines)
			}
			// Today's ratings reach those who do not review them the next
			// day (feedback.VisibleUntil): a head of D1 sees A's 2026 up to
			// yesterday, the supervisor, who reviews, up to now.
			exec(t, db, `INSERT INTO rollup_official_day (official_id, day, total, very_satisfied) VALUES ($1, '2026-03-05', 1, 1)`, x.a.ID)
			head1 := sqldbtest.Actor(x.head2.UserID, congvu.RoleUnitHead, x.tree.D1, x.tree.D1Path)
			for who, c := range map[string]struct {
				a    *congvu.Actor
				want int
			}{"supervisor": {x.sup, 8}, "head of D1": {head1, 7}} {
				s, err := x.svc.Summary(sqldbtest.As(c.a), x.a.ID, 2026)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := x.svc.Summaries(sqldbtest.As(c.a), x.tree.D1, 2026)
				if err != nil {
					t.Fatal(err)
				}
				if s.Ratings.Count != c.want || rows[0].OfficialID != x.a.ID || rows[0].Ratings != c.want {
					t.Errorf("%s sees %d ratings of A's 2026 (table: %+v), want %d", who, s.Ratings.Count, rows[0], c.want)
				}
			}
			// C was never rated: no index.
			sc, err := x.svc.Summary(sqldbtest.As(x.sup), x.c.ID, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Ratings.Count != 0 || sc.Ratings.Index != -1 || len(sc.FoundedPetitions) != 0 {
				t.Errorf("C's summary %+v", sc.Ratings)
			}
		})
	}
}

func TestEvidenceSummaryOwnViewHidesReporterData(t *testing.T) {
	for name, db := range sqldbtest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			x := newEvFixture(t, db)
			s, err := x.svc.Summary(sqldbtest.As(x.own), x.a.ID, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.FoundedPetitions) != 2 {
				t.Fatalf("own founded petitions %+v, want the two of 2025", s.FoundedPetitions)
			}
			body, _ := json.Marshal(s)
			for _, code := range x.petitionCodes {
				if strings.Contains(string(body), code) {
					t.Errorf("the official's own summary shows tracking code %s: %s", code, body)
				}
			}
			if strings.Contains(string(body), "Phạm Người Báo") {
				t.Errorf("the official's own summary names the reporter")
			}
			for _, p := range s.FoundedPetitions {
				if p.RefID != 0 {
					t.Errorf("the official's own summary shows petition id %d", p.RefID)
				}
			}
			// A head of unit whose own record is summarised reads it as the
			// official: no codes, no ids; and the log of its readings is not
			// theirs to see.
			head := sqldbtest.Actor(x.own.UserID, congvu.RoleUnitHead, x.tree.D1, x.tree.D1Path)
			head.OfficialID = x.a.ID
			hs, err := x.svc.Summary(sqldbtest.As(head), x.a.ID, 2025)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range hs.FoundedPetitions {
				if p.RefID != 0 || strings.Contains(p.Summary, "PA-TEST") {
					t.Errorf("a head reads their own summary with petition %d %q", p.RefID, p.Summary)
				}
			}
			sup := sqldbtest.Actor(x.own.UserID, congvu.RoleSupervisor, x.tree.P1, x.tree.P1Path)
			sup.OfficialID = x.a.ID
			list, _, err := sqldb.NewAuditService(db).FindAuditEvents(sqldbtest.As(sup), congvu.AuditFilter{Kind: "evaluation.read", Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 0 {
				t.Errorf("the official sees %d readings of their own summary in the audit log", len(list))
			}
			// Someone else's summary is not theirs to read.
			_, err = x.svc.Summary(sqldbtest.As(x.own), x.b.ID, 2025)
			if code := congvu.ErrorCode(err); code != congvu.ENOTFOUND && code != congvu.EFORBIDDEN {
				t.Errorf("official reads a colleague's summary: %v", err)
			}
		})
	}
}

func TestEvidenceSummaryRefusesOutsidersAndAdmins(t *testing.T) {
	for name, db := range sqldbtest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			x := newEvFixture(t, db)
			before := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'evaluation.read'`)
			for who, a := range map[string]*congvu.Actor{"head of D2": x.head2, "admin": x.admin} {
				_, err := x.svc.Summary(sqldbtest.As(a), x.a.ID, 2025)
				if code := congvu.ErrorCode(err); code != congvu.ENOTFOUND && code != congvu.EFORBIDDEN {
					t.Errorf("%s reads A's summary: %v", who, err)
				}
				_, err = x.svc.Summaries(sqldbtest.As(a), x.tree.D1, 2025)
				if code := congvu.ErrorCode(err); code != congvu.ENOTFOUND && code != congvu.EFORBIDDEN {
					t.Errorf("%s reads D1's table: %v", who, err)
				}
			}
			_, err := x.svc.Summary(context.Background(), x.a.ID, 2025)
			sqldbtest.Code(t, err, congvu.EUNAUTH)
			_, err = x.svc.Summaries(sqldbtest.As(x.own), x.tree.D1, 2025)
			if code := congvu.ErrorCode(err); code != congvu.ENOTFOUND && code != congvu.EFORBIDDEN {
				t.Errorf("an official reads the unit's table: %v", err)
			}
			if got := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'evaluation.read'`); got != before {
				t.Errorf("refused readings audited as readings: %d, want %d", got, before)
			}
		})
	}
}

func TestEvidenceSummariesEqualTheSummaries(t *testing.T) {
	for name, db := range sqldbtest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			x := newEvFixture(t, db)
			ctx := sqldbtest.As(x.sup)
			rows, err := x.svc.Summaries(ctx, x.tree.P1, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3 {
				t.Fatalf("rows %d, want the 3 officials of P1", len(rows))
			}
			if got := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'evaluation.read' AND entity_type = 'evaluation_summary' AND unit_id = $1`, x.tree.P1); got != 1 {
				t.Errorf("table readings audited %d, want 1", got)
			}
			for _, r := range rows {
				s, err := x.svc.Summary(ctx, r.OfficialID, 2025)
				if err != nil {
					t.Fatal(err)
				}
				_, disc := s.Conduct.Disciplined()
				want := evaluation.SummaryRow{OfficialID: s.OfficialID, OfficialName: s.OfficialName, UnitID: s.UnitID, UnitName: s.UnitName,
					Ratings: s.Ratings.Count, Index: s.Ratings.Index, FoundedPetitions: len(s.FoundedPetitions), Breaches: len(s.InspectionFindings),
					Violations: len(s.Conduct.Violations), Disciplined: disc, Commendations: len(s.Conduct.Commendations)}
				if *r != want {
					t.Errorf("row %+v\nwant %+v", *r, want)
				}
			}
			// The subtree only: D2's table holds C alone.
			rows, err = x.svc.Summaries(ctx, x.tree.D2, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0].OfficialID != x.c.ID {
				t.Errorf("D2's table %+v, want C alone", rows)
			}
		})
	}
}

func TestEvidenceReadingsHiddenFromAuditReadersWhoMayNotRead(t *testing.T) {
	for name, db := range sqldbtest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			x := newEvFixture(t, db)
			if _, err := x.svc.Summary(sqldbtest.As(x.sup), x.a.ID, 2025); err != nil {
				t.Fatal(err)
			}
			if _, err := x.svc.Summaries(sqldbtest.As(x.sup), x.tree.D1, 2025); err != nil {
				t.Fatal(err)
			}
			audit := sqldb.NewAuditService(db)
			seen := func(a *congvu.Actor) int {
				list, _, err := audit.FindAuditEvents(sqldbtest.As(a), congvu.AuditFilter{Kind: "evaluation.read", Limit: 50})
				if err != nil {
					t.Fatal(err)
				}
				return len(list)
			}
			if n := seen(x.admin); n != 0 {
				t.Errorf("an administrator, who may not read evaluations, sees %d readings of summaries", n)
			}
			// The supervisor of P1 sees the reading of A's summary; the
			// table's reading names no official and shows only to those who
			// read the whole tree.
			if n := seen(x.sup); n != 1 {
				t.Errorf("the supervisor sees %d readings, want 1", n)
			}
		})
	}
}
