package trainingsql_test

import (
	"archive/zip"
	"bytes"
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	_ "congvu/sqldb/petitionsql" // its concealer: petitions concerning the reader
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/standard"
	"congvu/training"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"
)

// Storage holds exactly training.DefaultRuleSets (migration 0041); only a
// national administrator adds a set, audited; the year's minimum follows
// the set in force on 1 January.
func TestTrainingRuleSets(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		sets, err := w.svc.RuleSets(w.offD1)
		if err != nil {
			t.Fatal(err)
		}
		asJSON := func(r training.RuleSet) string {
			r.CreatedAt = time.Time{}
			b, _ := json.Marshal(r)
			return string(b)
		}
		defaults := training.DefaultRuleSets()
		if len(sets) != len(defaults) {
			t.Fatalf("stored %d sets, want %d", len(sets), len(defaults))
		}
		for i := range defaults {
			if asJSON(sets[i]) != asJSON(defaults[i]) {
				t.Errorf("stored %s\nwant   %s", asJSON(sets[i]), asJSON(defaults[i]))
			}
		}
		rs := training.RuleSet{Code: "99/2027", Basis: "Nghị định giả định", From: day(2027, 1, 1), MinHours: 24}
		if err := w.svc.AddRuleSet(w.headP1, rs); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("a head added a rule: %v", err)
		}
		bad := rs
		bad.MinHours, bad.Basis = -1, ""
		if fs := congvu.ErrorFields(w.svc.AddRuleSet(w.admin, bad)); fs["min_hours"] == "" || fs["basis"] == "" {
			t.Fatalf("bad rule: %v", fs)
		}
		if err := w.svc.AddRuleSet(w.admin, rs); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.AddRuleSet(w.admin, rs); congvu.ErrorFields(err)["code"] == "" {
			t.Fatalf("the same code twice: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.rules'`); n != 1 {
			t.Fatalf("audited %d", n)
		}
		if y, err := w.svc.OfficialYear(w.offD1, w.offs["D1A"].ID, 2027); err != nil || y.MinHours != 24 {
			t.Fatalf("2027: %+v %v", y, err)
		}
		if y, err := w.svc.OfficialYear(w.offD1, w.offs["D1A"].ID, 2026); err != nil || y.MinHours != 40 {
			t.Fatalf("2026: %+v %v", y, err)
		}
	})
}

func docx(t *testing.T, part string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	f, err := z.Create(part)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("<xml/>"))
	z.Close()
	return b.Bytes()
}

// The catalog's items become materials on first use (the eight "4 xin,
// 4 luôn" with examples); only national managers edit them. Documents are
// PDF, DOCX or PPTX by their content; a unit's documents are read in its
// subtree only.
func TestTrainingMaterials(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		list, err := w.svc.Materials(w.offD1, 0)
		if err != nil {
			t.Fatal(err)
		}
		var xc *training.Material
		for _, m := range list {
			if m.ItemCode == "GT-XC" {
				xc = m
			}
		}
		if len(list) < 40 || xc == nil || len(xc.GoodExamples) != 2 || len(xc.BadExamples) != 2 || xc.LegalSource == "" {
			t.Fatalf("%d materials, xin chào %+v", len(list), xc)
		}
		again, _ := w.svc.Materials(w.headP2, xc.CatalogVersionID)
		if len(again) != len(list) {
			t.Fatalf("built twice: %d then %d", len(list), len(again))
		}
		in := training.MaterialInput{Title: xc.Title, Meaning: "Chào trước khi hỏi việc.", GoodExamples: []string{"Chào bác ạ."}, BadExamples: []string{" "}}
		if _, err := w.svc.UpdateMaterial(w.headP1, xc.ID, in); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("a province's head edited national content: %v", err)
		}
		w.clock.Add(time.Hour)
		m, err := w.svc.UpdateMaterial(w.sys, xc.ID, in)
		if err != nil || m.Meaning != in.Meaning || len(m.BadExamples) != 0 {
			t.Fatalf("edit: %+v %v", m, err)
		}

		// A new catalog version keeps what was written for its items.
		v2 := must(standardsql.NewStandardService(db).PublishVersion(w.admin, standard.CatalogSeed{Code: "TEST-2026", Title: "Bộ chuẩn mực thử",
			EffectiveOn: "2026-03-01", Groups: []*standard.Group{{Code: "GT", Name: "Giao tiếp", Items: []*standard.Item{
				{Code: "GT-XC", Title: "Xin chào", Description: "Chào người dân.", Basis: standard.LegalBasis{Document: "Văn bản thử", Section: "Mục 1"}, FourXin: true},
				{Code: "GT-XL", Title: "Xin lỗi", Description: "Xin lỗi người dân.", Basis: standard.LegalBasis{Document: "Văn bản thử", Section: "Mục 2"}, FourXin: true},
			}}}}))
		newer := must(w.svc.Materials(w.offD1, 0))
		if newer[0].CatalogVersionID != v2.ID || newer[0].ItemCode != "GT-XC" || newer[0].Meaning != in.Meaning ||
			newer[0].LegalSource != "Văn bản thử, Mục 1" || newer[1].Meaning != training.Guides["GT-XL"].Meaning {
			t.Fatalf("the new version's materials: %+v %+v", newer[0], newer[1])
		}

		doc := training.MaterialInput{UnitID: w.x.P1, Title: "Kế hoạch quán triệt", FileName: "ke-hoach.pdf"}
		pdf := []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
		if _, err := w.svc.UploadDocument(w.headP2, doc, bytes.NewReader(pdf)); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("P2's head uploaded for P1: %v", err)
		}
		fake := doc
		fake.FileName = "ke-hoach.docx"
		if _, err := w.svc.UploadDocument(w.headP1, fake, bytes.NewReader(pdf)); congvu.ErrorFields(err)["file"] == "" {
			t.Fatalf("a PDF named .docx: %v", err)
		}
		if _, err := w.svc.UploadDocument(w.headP1, fake, bytes.NewReader(docx(t, "ppt/presentation.xml"))); congvu.ErrorFields(err)["file"] == "" {
			t.Fatalf("a PPTX named .docx: %v", err)
		}
		exe := doc
		exe.FileName = "virus.exe"
		if _, err := w.svc.UploadDocument(w.headP1, exe, bytes.NewReader([]byte("MZ"))); congvu.ErrorFields(err)["file"] == "" {
			t.Fatalf("an exe: %v", err)
		}
		big := append([]byte("%PDF-1.7\n"), make([]byte, training.MaxDocument)...)
		if _, err := w.svc.UploadDocument(w.headP1, doc, bytes.NewReader(big)); congvu.ErrorCode(err) != congvu.ETOOLARGE {
			t.Fatalf("too large: %v", err)
		}
		if _, err := w.svc.UploadDocument(w.headP1, fake, bytes.NewReader(docx(t, "word/document.xml"))); err != nil {
			t.Fatalf("a DOCX: %v", err)
		}
		d, err := w.svc.UploadDocument(w.headP1, doc, bytes.NewReader(pdf))
		if err != nil || d.ContentType != "application/pdf" || d.Size != int64(len(pdf)) {
			t.Fatalf("a PDF: %+v %v", d, err)
		}
		got, rc, err := w.svc.OpenDocument(w.offD1, d.ID)
		if err != nil {
			t.Fatalf("an official of the subtree: %v", err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(b, pdf) || got.FileName != "ke-hoach.pdf" {
			t.Fatal("content differs")
		}
		if _, _, err := w.svc.OpenDocument(w.offP2, d.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("another province's official: %v", err)
		}
		docs := 0
		for _, m := range must(w.svc.Materials(w.offP2, 0)) {
			if m.Kind == training.MaterialDocument {
				docs++
			}
		}
		if docs != 0 {
			t.Fatalf("P2's official lists %d of P1's documents", docs)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'training.material.upload'`); n != 2 {
			t.Fatalf("uploads audited %d", n)
		}
		// A campaign may add the province's documents, not another's.
		in2 := training.CampaignInput{UnitID: w.x.D1, Title: "Quán triệt", Audience: training.AudienceAll, StartsOn: day(2026, 3, 1),
			EndsOn: day(2026, 3, 31), MaterialIDs: []int64{d.ID}}
		if _, err := w.svc.CreateCampaign(w.headD1, in2); err != nil {
			t.Fatal(err)
		}
		in2.MaterialIDs = []int64{xc.ID}
		if _, err := w.svc.CreateCampaign(w.headD1, in2); congvu.ErrorFields(err)["material_ids"] == "" {
			t.Fatalf("an item as a document: %v", err)
		}
	})
}

// New staff: only officials whose record began on or after the day. A
// campaign whose period ended with officials behind counts them overdue.
func TestTrainingNewStaffAndOverdue(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.clock.Add(48 * time.Hour)
		newcomer := sqldbtest.Official(t, orgsqlOfficials(db), w.x.D2, "D2NEW", "Cán bộ mới", "civil_servant")
		since := day(2026, 3, 6)
		c, err := w.svc.CreateCampaign(w.headP1, training.CampaignInput{UnitID: w.x.P1, Title: "Cán bộ mới", Audience: training.AudienceNew,
			NewSince: &since, StartsOn: day(2026, 3, 1), EndsOn: day(2026, 3, 10)})
		if err != nil {
			t.Fatal(err)
		}
		c = w.open(t, w.headP1, c)
		list, _, _ := w.svc.Assignments(w.headP1, training.Filter{CampaignID: c.ID})
		if c.Assigned != 1 || len(list) != 1 || list[0].OfficialID != newcomer.ID {
			t.Fatalf("new staff: %+v", c)
		}
		w.clock.Add(10 * 24 * time.Hour)
		self, kids := cover(t, w, w.headP1, training.CoverageFilter{UnitID: w.x.P1, Year: 2026})
		if self.Overdue != 1 || kids[w.x.D2].Overdue != 1 || kids[w.x.D1].Overdue != 0 {
			t.Fatalf("overdue: %+v %+v", self, kids)
		}
		if got := must(w.svc.FindCampaign(w.headP1, c.ID)); !got.Overdue(congvu.Date(db.Now())) {
			t.Fatal("the campaign is not overdue")
		}
		if _, err := w.svc.OpenCampaign(w.headP1, must(w.svc.CreateCampaign(w.headP1, training.CampaignInput{UnitID: w.x.P1,
			Title: "Đã qua", Audience: training.AudienceAll, StartsOn: day(2026, 3, 1), EndsOn: day(2026, 3, 2)})).ID); congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Fatalf("opened a campaign whose period ended: %v", err)
		}
		checkRollups(t, db)
	})
}

// Suggestions come from evidence: a weak satisfaction index over the
// minimum sample is named, a small sample is not; only a head who manages
// the unit reads them.
func TestTrainingSuggest(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		rate := func(off int64, total, satisfied int) {
			if _, err := db.Write.Exec(`INSERT INTO rollup_official_day (official_id, day, total, satisfied, dissatisfied) VALUES ($1, $2, $3, $4, $5)`,
				off, "2026-02-10", total, satisfied, total-satisfied); err != nil {
				t.Fatal(err)
			}
		}
		rate(w.offs["D1B"].ID, 40, 20) // 50% over 40 ratings
		rate(w.offs["D1C"].ID, 10, 0)  // too few to say anything
		rate(w.offs["D2A"].ID, 40, 39)
		violate := func(off *org.Official, status string) {
			var id int64
			now := db.Now().UTC()
			if err := db.Write.QueryRow(`INSERT INTO violations (unit_id, act_date, description, status, evidence_at, created_at, updated_at)
				VALUES ($1, $2, 'Đòi thêm giấy tờ', $3, $4, $4, $4) RETURNING id`, off.UnitID, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), status, now).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Write.Exec(`INSERT INTO violation_officials (violation_id, official_id, unit_id) VALUES ($1, $2, $3)`, id, off.ID, off.UnitID); err != nil {
				t.Fatal(err)
			}
		}
		n := 0
		petition := func(off *org.Official, status, conclusion string, occurred time.Time) {
			n++
			if _, err := db.Write.Exec(`INSERT INTO petitions (tracking_code, secret_hash, channel, category, unit_id, official_id, description,
				occurred_at, anonymous, reporter_sealed, has_contact, status, conclusion, submitted_at, updated_at, closed_at)
				VALUES ($1, 'x', 'web', 'attitude', $2, $3, 'Cán bộ quát tháo', $4, FALSE, 'Người báo', TRUE, $5, $6, $7, $7, $7)`,
				fmt.Sprintf("PA-TEST-%d", n), off.UnitID, off.ID, occurred, status, conclusion, occurred.Add(24*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		petition(w.offs["P1A"], "closed", "founded", time.Date(2026, 1, 10, 3, 0, 0, 0, time.UTC))
		petition(w.offs["P1A"], "concluded", "partly", time.Date(2025, 6, 10, 3, 0, 0, 0, time.UTC))
		petition(w.offs["D2A"], "closed", "founded", time.Date(2025, 1, 10, 3, 0, 0, 0, time.UTC)) // more than a year ago
		petition(w.offs["D2A"], "closed", "unfounded", time.Date(2026, 1, 10, 3, 0, 0, 0, time.UTC))
		petition(w.offs["D2A"], "in_progress", "founded", time.Date(2026, 1, 10, 3, 0, 0, 0, time.UTC))
		violate(w.offs["D1C"], "open")
		violate(w.offs["D2B"], "dismissed")
		if _, err := w.svc.Suggest(w.headP2, w.x.D1); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			t.Fatalf("another province's head: %v", err)
		}
		s, err := w.svc.Suggest(w.headP1, w.x.P1)
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != 3 || s[0].OfficialID != w.offs["D1B"].ID || s[0].UnitID != w.x.D1 || len(s[0].Reasons) != 1 ||
			s[1].OfficialID != w.offs["D1C"].ID || s[1].Reasons[0] != "1 vi phạm trong 12 tháng" ||
			s[2].OfficialID != w.offs["P1A"].ID || s[2].Reasons[0] != "2 phản ánh có cơ sở trong 12 tháng" {
			t.Fatalf("suggestions: %+v", s)
		}
		if s, _ := w.svc.Suggest(w.headD1, w.x.D1); len(s) != 2 {
			t.Fatalf("D1's head: %+v", s)
		}
	})
}
