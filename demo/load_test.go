package demo_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/demo"
	"congvu/feedback"
	"congvu/org"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
)

func newServices(t *testing.T, db *sqldb.DB) services.Set {
	t.Helper()
	return sqlservicestest.Wire(t, db).Set
}

func auditCount(t *testing.T, ctx context.Context, s services.Set) int {
	t.Helper()
	_, n, err := s.Audit.FindAuditEvents(ctx, congvu.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoad(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newServices(t, db)
		ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))

		res, err := demo.Load(ctx, s, demo.Options{Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		if res.AlreadyLoaded {
			t.Fatal("first load reports AlreadyLoaded")
		}
		// Hưng Yên and Thái Bình of 01/03/2025: 2 provinces, 18
		// districts, 381 communes.
		if res.Units.Created != 401 {
			t.Errorf("units created = %d, want 401", res.Units.Created)
		}
		if res.UnitsCreated != 26 {
			t.Errorf("agencies created = %d, want 26", res.UnitsCreated)
		}
		if res.Restructured < 100 {
			t.Errorf("%d restructuring operations", res.Restructured)
		}
		if res.OfficialsCreated != demo.OfficialCount() || res.OfficialsCreated < 450 {
			t.Errorf("officials created = %d, want %d (450-650)", res.OfficialsCreated, demo.OfficialCount())
		}
		if res.UsersCreated != len(congvu.Roles) {
			t.Errorf("users created = %d, want one per role (%d)", res.UsersCreated, len(congvu.Roles))
		}
		// Thái Bình's plan 86/KH-UBND is the local version of the old
		// province, in force for its past.
		if tb, err := s.Units.FindUnitByCode(ctx, "34"); err != nil {
			t.Error(err)
		} else if items, err := s.Standards.FindLocalItems(ctx, tb.ID); err != nil || len(items) == 0 {
			t.Errorf("Thái Bình's local plan: %d items, %v", len(items), err)
		}
		if !res.LocalItemCreated {
			t.Error("local standard item not created")
		}

		province, err := s.Units.FindUnitByCode(ctx, demo.ProvinceCode)
		if err != nil {
			t.Fatal(err)
		}
		if province.Name != "Tỉnh Hưng Yên" || !province.Active {
			t.Errorf("province %+v", province)
		}
		checkToday(t, ctx, db, s, province)
		_, n, err := s.Officials.FindOfficials(ctx, org.OfficialFilter{UnitID: province.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if n != demo.OfficialCount() {
			t.Errorf("%d officials in the province, want %d", n, demo.OfficialCount())
		}
		hospital, err := s.Units.FindUnitByCode(ctx, "BVDK-TB")
		if err != nil {
			t.Fatal(err)
		}
		if hospital.Kind != org.KindServiceUnit {
			t.Errorf("hospital kind %s", hospital.Kind)
		}
		staff, _, err := s.Officials.FindOfficials(ctx, org.OfficialFilter{UnitID: hospital.ID, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range staff {
			if o.Category != org.CategoryPublicEmployee && o.Category != org.CategoryWorker {
				t.Errorf("hospital %s %q is %s", o.FullName, o.Position, o.Category)
			}
		}
		items, err := s.Standards.FindLocalItems(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		// The centre's own rule, and the item of Thái Bình's plan.
		var codes []string
		for _, it := range items {
			codes = append(codes, it.Code)
		}
		if len(items) != 2 || !slices.Contains(codes, demo.LocalItemCode) {
			t.Errorf("local items %v", codes)
		}

		// Every account signs in, holds its role on its scope, and is
		// linked to its official record.
		for _, a := range demo.Accounts() {
			sess, err := s.Users.Authenticate(context.Background(), a.Username, a.Password)
			if err != nil {
				t.Errorf("%s cannot sign in: %v", a.Username, err)
				continue
			}
			actor, err := s.Users.ActorBySession(context.Background(), sess.Token)
			if err != nil {
				t.Fatal(err)
			}
			if len(actor.Grants) != 1 || actor.Grants[0].Role != a.Role || actor.Grants[0].UnitName != a.UnitName {
				t.Errorf("%s grants %+v, want %s on %s", a.Username, actor.Grants, a.Role, a.UnitName)
			}
			if u, err := s.Units.FindUnitByCode(ctx, a.UnitCode); err != nil || !u.Active || u.ID != actor.Grants[0].UnitID {
				t.Errorf("%s: scope %s not the unit in force: %+v %v", a.Username, a.UnitCode, u, err)
			}
			if a.EmployeeCode != "" {
				o, err := s.Officials.FindOfficialByID(ctx, actor.OfficialID)
				if err != nil {
					t.Fatalf("%s: linked official: %v", a.Username, err)
				}
				if o.EmployeeCode != a.EmployeeCode || o.FullName != a.FullName {
					t.Errorf("%s linked to %s %s, want %s %s", a.Username, o.EmployeeCode, o.FullName, a.EmployeeCode, a.FullName)
				}
				if u, err := s.Units.FindUnitByID(ctx, o.UnitID); err != nil || !u.Active {
					t.Errorf("%s works in a unit not in force: %+v %v", a.Username, u, err)
				}
			}
		}

		checkFeedback(t, ctx, db, s, res)

		// A second load finds the demo and writes nothing.
		before := auditCount(t, ctx, s)
		again, err := demo.Load(ctx, s, demo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !again.AlreadyLoaded {
			t.Error("second load did not detect the demo")
		}
		if after := auditCount(t, ctx, s); after != before {
			t.Errorf("second load wrote %d audit events", after-before)
		}
		var ratings int
		if err := db.Read.QueryRow(`SELECT COUNT(*) FROM feedback`).Scan(&ratings); err != nil || ratings != res.Feedback.Ratings+res.FormerFeedback.Ratings+1 { // one rated in checkFeedback
			t.Errorf("%d ratings after the second load (%v), want %d", ratings, err, res.Feedback.Ratings+res.FormerFeedback.Ratings+1)
		}
	})
}

// checkFeedback checks the demo's ratings through the services: figures,
// dashboards, rankings, bursts, and the printed links.
func checkFeedback(t *testing.T, ctx context.Context, db *sqldb.DB, s services.Set, res *demo.Result) {
	t.Helper()
	f := res.Feedback
	if f == nil {
		t.Fatal("no ratings imported")
	}
	t.Logf("demo loaded in %v: %+v", res.Elapsed, *f)
	if f.Ratings < 20_000 || f.Ratings > 35_000 || f.Flagged < 20 || f.Rejected < 20 || f.Verified < 150 || f.Kiosks != 2 || f.Dossiers < 1000 ||
		f.Comments < f.Ratings/20 || f.Accepted+f.Flagged+f.Rejected != f.Ratings {
		t.Errorf("imported %+v", *f)
	}
	province, err := s.Units.FindUnitByCode(ctx, demo.ProvinceCode)
	if err != nil {
		t.Fatal(err)
	}

	// The province's dashboard is alive. Figures are those of the tree as
	// it stood: before 01/07/2025 Hưng Yên's are the old Hưng Yên's, and
	// the old Thái Bình, merged into it, keeps its own; together they are
	// the raw ratings of today's subtree.
	today := congvu.Date(time.Now())
	whole := feedback.DashboardFilter{From: demo.FormerFrom.AddDate(0, 0, -1), To: today.AddDate(0, 0, 1)}
	whole.UnitID = province.ID
	d, err := s.Dashboards.Dashboard(ctx, whole)
	if err != nil {
		t.Fatal(err)
	}
	former, err := s.Units.FindUnitByCode(ctx, demo.FormerProvinceCode)
	if err != nil || former.Active || !strings.HasPrefix(former.Path, province.Path) {
		t.Fatalf("old Thái Bình: %+v %v", former, err)
	}
	whole.UnitID = former.ID
	dTB, err := s.Dashboards.Dashboard(ctx, whole)
	if err != nil {
		t.Fatal(err)
	}
	if dTB.Tally.Total == 0 {
		t.Error("the old Thái Bình lost its past")
	}
	both := d.Tally
	both.Total += dTB.Tally.Total
	both.VerySatisfied += dTB.Tally.VerySatisfied
	both.Satisfied += dTB.Tally.Satisfied
	both.Dissatisfied += dTB.Tally.Dissatisfied
	both.Flagged += dTB.Tally.Flagged
	both.Rejected += dTB.Tally.Rejected
	var raw feedback.Tally
	if err := db.Read.QueryRow(`SELECT
		COALESCE(SUM(CASE WHEN f.status = 'accepted' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'accepted' AND f.satisfaction = 'very_satisfied' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'accepted' AND f.satisfaction = 'satisfied' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'accepted' AND f.satisfaction = 'dissatisfied' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'flagged' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.status = 'rejected' THEN 1 ELSE 0 END), 0)
		FROM feedback f JOIN units u ON u.id = f.unit_id WHERE u.path >= $1 AND u.path < $2`, province.Path, congvu.SubtreeUpper(province.Path)).
		Scan(&raw.Total, &raw.VerySatisfied, &raw.Satisfied, &raw.Dissatisfied, &raw.Flagged, &raw.Rejected); err != nil {
		t.Fatal(err)
	}
	if both != raw || raw.Total+raw.Flagged+raw.Rejected != f.Ratings+res.FormerFeedback.Ratings {
		t.Errorf("province and old Thái Bình dashboards %+v, raw ratings %+v", both, raw)
	}
	var trend feedback.Tally
	for _, p := range append(d.Trend, dTB.Trend...) {
		trend.Total += p.Tally.Total
		trend.Flagged += p.Tally.Flagged
	}
	if trend.Total != raw.Total || trend.Flagged != raw.Flagged {
		t.Errorf("trend sums %+v, raw %+v", trend, raw)
	}
	if d.Index < 70 || d.Index > 92 || len(d.Items) != 8 || len(d.Weakest) == 0 {
		t.Errorf("province index %.1f, %d items, weakest %+v", d.Index, len(d.Items), d.Weakest)
	}

	// The default dashboard (the last 90 days) ranks the busy children and
	// not the quiet ones.
	d, err = s.Dashboards.Dashboard(ctx, feedback.DashboardFilter{UnitID: province.ID})
	if err != nil {
		t.Fatal(err)
	}
	var ranked, unranked []string
	for _, c := range d.Children {
		if c.Tally.Total == 0 {
			continue
		}
		if c.Ranked {
			ranked = append(ranked, c.Name)
		} else {
			unranked = append(unranked, c.Name)
		}
	}
	if len(ranked) == 0 || len(unranked) == 0 {
		t.Errorf("children ranked %v, unranked %v", ranked, unranked)
	}

	// One official stands out for the wrong reasons, with a flagged burst.
	links, err := demo.Links(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(links.Badges) != 3 || links.UnitQR == nil || len(links.Kiosks) != 2 || links.Dossier == nil || links.Apology == nil || len(links.Dashboards) != 4 {
		t.Fatalf("links %+v", links)
	}
	// The public page of the province and its communes.
	if len(links.Public) != 3 {
		t.Fatalf("public links %+v", links.Public)
	}
	pub, err := s.Public.Figures(context.Background(), demo.ProvinceCode)
	if err != nil {
		t.Fatal(err)
	}
	if pub.This.Index == nil || len(pub.Children) < 100 || len(pub.Behaviours) != 8 {
		t.Fatalf("public page of the province: index %v, %d children, %d behaviours", pub.This.Index, len(pub.Children), len(pub.Behaviours))
	}
	shown := 0
	for _, c := range pub.Children {
		f, err := s.Public.Figures(context.Background(), c.Code)
		if err != nil {
			t.Fatalf("public page of %s: %v", c.Name, err)
		}
		if f.Province == nil || f.Province.Code != demo.ProvinceCode || f.InProvince == nil {
			t.Fatalf("public page of %s: province %+v", c.Name, f.Province)
		}
		if f.This.Index != nil {
			shown++
		}
	}
	t.Logf("public page: the province's index %.1f%%; %d of %d communes and agencies over the minimum sample", *pub.This.Index, shown, len(pub.Children))
	var worstID int64
	fmt.Sscan(strings.TrimPrefix(links.Dashboards[3].Path, "/dashboards/officials/"), &worstID)
	w, err := s.Dashboards.Dashboard(ctx, feedback.DashboardFilter{OfficialID: worstID})
	if err != nil {
		t.Fatal(err)
	}
	if w.Index < 45 || w.Index > 70 || len(w.Weakest) == 0 || (w.Weakest[0].Code != "GT-XL" && w.Weakest[0].Code != "GT-LN") {
		t.Errorf("worst official: index %.1f, weakest %+v", w.Index, w.Weakest)
	}
	flagged, _, err := s.Feedback.FindFeedback(ctx, feedback.Filter{OfficialID: worstID, Status: feedback.Flagged, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	burst := 0
	for _, x := range flagged {
		if strings.Contains(x.FlagReason, "dồn dập") {
			burst++
		}
	}
	if burst < 5 {
		t.Errorf("%d ratings of the worst official flagged as a burst", burst)
	}
	comments, n, err := s.Dashboards.Comments(ctx, feedback.Filter{UnitID: province.ID, Query: "lang nghe"})
	if err != nil || n == 0 || len(comments) == 0 {
		t.Errorf("comments about listening: %d (%v)", n, err)
	}

	// The printed links work: badges, the unit's QR code, the kiosks, and
	// the dossier link, once.
	for _, b := range links.Badges {
		if _, err := s.Feedback.Target(context.Background(), feedback.ChannelBadge, strings.TrimPrefix(b.Path, "/danh-gia/")); err != nil {
			t.Errorf("badge link %s: %v", b.Path, err)
		}
	}
	if _, err := s.Feedback.Target(context.Background(), feedback.ChannelCounter, strings.TrimPrefix(links.UnitQR.Path, "/danh-gia/don-vi/")); err != nil {
		t.Errorf("unit QR link: %v", err)
	}
	for _, k := range links.Kiosks {
		if _, err := s.Feedback.KioskByKey(context.Background(), strings.TrimPrefix(k.Path, "/kiosk/")); err != nil {
			t.Errorf("kiosk link %s: %v", k.Path, err)
		}
	}
	tok := strings.TrimPrefix(links.Dossier.Path, "/danh-gia/ho-so/")
	fb, err := s.Feedback.Submit(congvu.NewContextWithMeta(context.Background(), congvu.RequestMeta{IP: "192.0.2.80"}),
		feedback.Input{DossierToken: tok, Satisfaction: feedback.VerySatisfied, Answers: map[string]bool{"GT-GD": true}})
	if err != nil || !fb.Verified {
		t.Fatalf("rating through the printed dossier link: %+v %v", fb, err)
	}
	next, err := demo.Links(ctx, s)
	if err != nil || next.Dossier == nil || next.Dossier.Path == links.Dossier.Path {
		t.Errorf("after the dossier link was used: %+v %v", next, err)
	}
}

// An interrupted load resumes: what exists is kept, the rest is added.
func TestLoadResumes(t *testing.T) {
	db := sqldbtest.SQLite(t)
	s := newServices(t, db)
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("test"))
	if _, err := s.Units.ImportUnits(ctx, bytes.NewReader(demo.ProvinceFile()), nil); err != nil {
		t.Fatal(err)
	}
	province, err := s.Units.FindUnitByCode(ctx, demo.ProvinceCode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Units.CreateUnit(ctx, org.UnitInput{Code: "33.SNV", Name: "Sở Nội vụ", Kind: org.KindDepartment, ParentID: province.ID}); err != nil {
		t.Fatal(err)
	}
	res, err := demo.Load(ctx, s, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.AlreadyLoaded || res.Units.Created != 0 || res.Units.Unchanged != 401 {
		t.Errorf("units: %+v (already %v)", res.Units, res.AlreadyLoaded)
	}
	if res.UnitsCreated != 25 {
		t.Errorf("agencies created = %d, want 25", res.UnitsCreated)
	}
	if res.OfficialsCreated != demo.OfficialCount() {
		t.Errorf("officials created = %d", res.OfficialsCreated)
	}
}

// checkToday checks the province as it is today: two tiers, its 104
// communes from the real plan directly under it, no district, thị trấn,
// district one-stop shop or sector inspectorate in force; its history kept
// on the units of then, each with its successor; no rating of a unit on a
// day it did not exist.
func checkToday(t *testing.T, ctx context.Context, db *sqldb.DB, s services.Set, province *org.Unit) {
	t.Helper()
	var all []*org.Unit
	for offset := 0; ; {
		list, total, err := s.Units.FindUnits(ctx, org.UnitFilter{UnderID: province.ID, IncludeClosed: true, Offset: offset, Limit: congvu.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, list...)
		offset += len(list)
		if len(list) == 0 || offset >= total {
			break
		}
	}
	communes, dissolved := 0, 0
	for _, u := range all {
		if !u.Active {
			dissolved++
			if u.DissolvedOn == nil || u.DissolvedOn.Format(time.DateOnly) != demo.ReformDate {
				t.Errorf("%s dissolved on %v", u.Name, u.DissolvedOn)
			}
			continue
		}
		switch {
		case u.Kind == org.KindDistrict, u.TypeName == "Thị trấn", strings.HasPrefix(u.Name, "Thị trấn"),
			strings.Contains(u.Name, "Thanh tra Sở"), strings.HasPrefix(u.Name, "Bộ phận Tiếp nhận và Trả kết quả"), strings.Contains(u.Name, "Thái Bình") && u.Kind != org.KindServiceUnit && u.Kind != org.KindCommune && u.Kind != org.KindOneStopShop:
			t.Errorf("in force today: %s (%s, %s)", u.Name, u.Kind, u.TypeName)
		case u.Kind == org.KindCommune:
			communes++
			if u.ParentID != province.ID {
				t.Errorf("commune %s not directly under the province", u.Name)
			}
		}
	}
	if communes != 104 || dissolved < 300 {
		t.Errorf("%d communes in force, %d units dissolved", communes, dissolved)
	}
	tb, err := s.Units.FindUnitByCode(ctx, demo.FormerProvinceCode)
	if err != nil || tb.Active {
		t.Errorf("Tỉnh Thái Bình %+v %v", tb, err)
	}

	// Phường Thái Bình took in seven former communes (and the code of Xã
	// Tân Bình); each keeps its own ratings of before, next to it.
	ward, err := s.Units.FindUnitByCode(ctx, demo.CityWard)
	if err != nil {
		t.Fatal(err)
	}
	ward, err = s.Units.FindUnitByID(ctx, ward.ID)
	if err != nil || ward.Name != "Phường Thái Bình" || !ward.Active {
		t.Fatalf("ward %+v %v", ward, err)
	}
	var names []string
	for _, p := range ward.Predecessors {
		names = append(names, p.Name)
	}
	if len(ward.Predecessors) != 7 || !slices.Contains(names, "Xã Tân Bình") || !slices.Contains(names, "Phường Lê Hồng Phong") {
		t.Errorf("predecessors of Phường Thái Bình: %v", names)
	}
	for _, p := range ward.Predecessors {
		if p.Active || p.ID == ward.ID {
			t.Errorf("predecessor %+v", p)
		}
		d, err := s.Dashboards.Dashboard(ctx, feedback.DashboardFilter{UnitID: p.ID, From: demo.FormerFrom, To: time.Date(2025, 7, 1, 0, 0, 0, 0, congvu.TimeZone)})
		if err != nil || d.Tally.Total == 0 {
			t.Errorf("%s: no ratings of April–June 2025 (%v)", p.Name, err)
		}
	}

	// No rating of a unit on a day it did not exist: none of a dissolved
	// unit from its dissolution, none of a unit created on 01/07/2025
	// before it.
	// Every unit that existed before the reform was written before the
	// restructuring: those of higher ids came into being on 01/07/2025.
	reform := time.Date(2025, 7, 1, 0, 0, 0, 0, congvu.TimeZone)
	var lastBefore int64
	for _, u := range all {
		if !u.Active {
			lastBefore = max(lastBefore, u.ID)
		}
	}
	newUnits := 0
	for _, u := range all {
		var when time.Time
		switch {
		case !u.Active:
			when = *u.DissolvedOn
		case u.ID > lastBefore:
			when = reform
			newUnits++
		default:
			continue
		}
		// The unit's own ratings (a subtree holds its predecessors').
		cmp := "<"
		if !u.Active {
			cmp = ">="
		}
		var bad int
		err := db.Read.QueryRow(`SELECT COUNT(*) FROM feedback WHERE unit_id = $1 AND submitted_at `+cmp+` $2`, u.ID, when.UTC()).Scan(&bad)
		if err != nil || bad != 0 {
			t.Errorf("%s (active %v): %d ratings on days it did not exist (%v)", u.Name, u.Active, bad, err)
		}
	}
	if newUnits < 7 {
		t.Errorf("%d units created by the reform", newUnits)
	}
}
