package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/violation"
)

// vietnamese reports whether msg is a message for users: Vietnamese, with
// its diacritics.
func vietnamese(msg string) bool {
	if msg == "" || !utf8.ValidString(msg) {
		return false
	}
	for _, r := range msg {
		if r > 0x7f {
			return true
		}
	}
	return false
}

// FuzzViolationForm feeds the parsers of the violation forms whatever a
// browser could send: they never panic, what they return is well formed
// (item codes, ids and evidence of the kinds known, each once), and what
// they refuse they say in Vietnamese on a field of the form.
func FuzzViolationForm(f *testing.F) {
	f.Add("GT-XC", "gt-xc, TT-01;DV-01", "12", "petition:5:12", "15/03/2026", "Cán bộ quát nạt người dân.", "", "reminder", "minor")
	f.Add("", "", "", "", "", "", "Biên bản ghi nhận ngày 02/03.", "", "")
	f.Add("GT XC", "không-mã,,;", "-1", "ratings:0", "31/02/2026", "x", "y", "khien-trach", "nhe")
	f.Add("A\x00B", "\xff\xfe", "9223372036854775808", "inspection_line:7:0", "2026-03-15", strings.Repeat("a", 5001), "", "correction", "grave")
	f.Add("ĐẠO-ĐỨC", "GT-XC GT-XC gt-xc", "1 ", "observation:1", "1/1/2000", "", "", "", "")
	f.Fuzz(func(t *testing.T, item, items, official, evidence, date, description, observation, kind, severity string) {
		vals := url.Values{"unit": {"34.SNV"}, "item": {item, items}, "items": {items}, "official": {official, "7"},
			"evidence": {evidence, "petition:3"}, "act_date": {date}, "description": {description}, "observation": {observation}}
		fm := NewForm(vals)
		in, code := parseViolationForm(fm)
		if code != "34.SNV" {
			t.Fatalf("unit code %q", code)
		}
		seen := map[string]bool{}
		for _, c := range in.ItemCodes {
			if !validItemCode(c) || seen[c] || c != strings.ToUpper(c) {
				t.Fatalf("item code %q returned (%v)", c, in.ItemCodes)
			}
			seen[c] = true
		}
		ids := map[int64]bool{}
		for _, id := range in.OfficialIDs {
			if id <= 0 || ids[id] {
				t.Fatalf("official id %d returned (%v)", id, in.OfficialIDs)
			}
			ids[id] = true
		}
		refs := map[string]bool{}
		for i, ev := range in.Evidence {
			if !evidenceKinds[ev.Kind] {
				t.Fatalf("evidence kind %q", ev.Kind)
			}
			if ev.Kind == congvu.EvidenceObservation {
				if in.Notes[i] == "" || i != len(in.Evidence)-1 {
					t.Fatalf("observation %d without its note: %+v %v", i, in.Evidence, in.Notes)
				}
				continue
			}
			v := evidenceValue(ev)
			back, ok := parseEvidenceValue(v)
			if !ok || evidenceValue(back) != v || refs[v] {
				t.Fatalf("evidence %q does not round-trip or repeats", v)
			}
			refs[v] = true
		}
		if !in.ActDate.IsZero() && formatDate(in.ActDate) != mustReformat(t, fm.Get("act_date")) {
			t.Fatalf("date %q read as %s", fm.Get("act_date"), formatDate(in.ActDate))
		}
		if utf8.RuneCountInString(in.Description) > violationMaxText && fm.Error("description") == "" {
			t.Fatal("too long a description accepted")
		}
		for field, msg := range fm.Errors {
			if !vietnamese(msg) {
				t.Fatalf("field %s: message %q", field, msg)
			}
		}

		hf := NewForm(url.Values{"official": {official}, "kind": {kind}, "severity": {severity}, "note": {description}})
		h := parseHandlingForm(hf)
		if (h.Kind != "" && !h.Kind.Valid() && hf.Error("kind") == "") || (h.Severity != "" && !h.Severity.Valid() && hf.Error("severity") == "") || h.OfficialID < 0 {
			t.Fatalf("handling %+v accepted", h)
		}
		for field, msg := range hf.Errors {
			if !vietnamese(msg) {
				t.Fatalf("field %s: message %q", field, msg)
			}
		}
	})
}

func mustReformat(t *testing.T, s string) string {
	d, ok := ParseDate(s)
	if !ok {
		t.Fatalf("date %q accepted but does not parse", s)
	}
	return formatDate(d)
}

// The parsers' answers on the inputs people type.
func TestParseViolationForm(t *testing.T) {
	fm := NewForm(url.Values{"unit": {"34.SNV"}, "item": {"GT-XC"}, "items": {"gt-xc, tt-01; DV-01"}, "official": {"12", "12", "7"},
		"evidence": {"petition:5:12", "inspection_line:9", "petition:5:12"}, "act_date": {"15/03/2026"}, "observation": {"Biên bản ngày 15/03."},
		"description": {"Cán bộ quát nạt người dân."}})
	in, _ := parseViolationForm(fm)
	if fm.Failed() {
		t.Fatalf("errors: %v", fm.Errors)
	}
	if strings.Join(in.ItemCodes, " ") != "GT-XC TT-01 DV-01" || len(in.OfficialIDs) != 2 || len(in.Evidence) != 3 || in.Evidence[2].Kind != congvu.EvidenceObservation ||
		in.Notes[2] != "Biên bản ngày 15/03." || formatDate(in.ActDate) != "15/03/2026" {
		t.Fatalf("parsed %+v", in)
	}
	bad := NewForm(url.Values{"item": {"GT XC"}, "items": {"không-mã"}, "official": {"abc"}, "evidence": {"tin-don:3"}, "act_date": {"31/02/2026"}})
	parseViolationForm(bad)
	for _, field := range []string{"items", "officials", "evidence", "act_date"} {
		if !vietnamese(bad.Error(field)) {
			t.Errorf("no Vietnamese error on %s: %v", field, bad.Errors)
		}
	}
}

func init() {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, congvu.TimeZone)
	named := []*violation.Named{{OfficialID: 1, FullName: "Nguyễn Thị Thu Hà", EmployeeCode: "SNV-7", UnitName: "Sở Nội vụ", Outcome: violation.OutcomePending},
		{OfficialID: 2, FullName: "Trịnh Văn An", EmployeeCode: "SNV-8", UnitName: "Sở Nội vụ", Outcome: violation.OutcomeNoAction, Reason: "Nghỉ phép."}}
	v := &violation.Violation{ID: 5, UnitName: "Sở Nội vụ tỉnh Thái Bình", ActDate: day, ItemCodes: []string{"GT-XC"}, ItemTitles: []string{"Xin chào"},
		Description: "Quát nạt người dân.\nKhông chào hỏi.", Status: violation.StatusOpen, Severity: violation.SeverityMinor, Officials: named,
		Evidence:   []*violation.Evidence{{EvidenceRef: congvu.EvidenceRef{Kind: congvu.EvidencePetition, ID: 3, Date: day}, Summary: "Phản ánh PA-AAAA-BBBB, kết luận: đúng."}},
		Handlings:  []*violation.Handling{{ID: 9, OfficialID: 1, OfficialName: "Nguyễn Thị Thu Hà", Kind: violation.HandlingReminder, Note: "Chào hỏi người dân.", DeciderName: "Đinh Quang Huy", DecidedAt: day, AcknowledgedAt: &day, AckNote: "Tiếp thu."}},
		EvidenceAt: day, CreatedAt: day, UpdatedAt: day}
	pending := []Option{{"1", "Nguyễn Thị Thu Hà (SNV-7)"}}
	pageSamples["violation_detail.html"] = []Page{&ViolationPage{V: v, CanOpen: true, CanHandle: true, CanDismiss: true, CanDiscipline: true, Pending: pending,
		Kinds: violation.HandlingKinds, Severities: severityOptions(), Evidence: NewForm(nil), Handle: NewForm(nil), NoAction: NewForm(nil), Dismiss: NewForm(nil),
		EvidenceChoices: []ViolationEvidenceChoice{{Value: "petition:4:1", Label: "Phản ánh PA-CCCC-DDDD"}},
		History:         []HistoryEntry{{At: day, Label: "Mở vụ vi phạm", Actor: "Đinh Quang Huy"}}, Reads: 3}}
	pageSamples["violation_list.html"] = []Page{&ViolationsPage{Form: NewForm(nil), Statuses: violationStatusOptions(), Rows: []*violation.Violation{v},
		Pager: Pager{Page: 1, Pages: 1, Size: 50, Total: 1, From: 1, To: 1}, CanOpen: true}}
	pageSamples["violation_form.html"] = []Page{&NewViolationPage{Form: NewForm(url.Values{"unit": {"34.SNV"}}), Unit: sampleUnit,
		Groups:    []*StaffItemGroup{{Code: "GT", Name: "Giao tiếp", Items: []StaffItemChoice{{Code: "GT-XC", Title: "Xin chào", Checked: true}}}},
		Officials: []ViolationOfficialChoice{{ID: 1, Label: "Nguyễn Thị Thu Hà (SNV-7)", Checked: true}},
		Evidence:  []ViolationEvidenceChoice{{Value: "petition:3:1", Label: "Phản ánh PA-AAAA-BBBB", Reason: "Chưa có vụ việc nào.", Checked: true}}}}
	pageSamples["violation_mine.html"] = []Page{&MyViolationsPage{Own: &violation.Own{Violations: []*violation.Violation{v},
		Cases: []*violation.Case{{ID: 1, RuleSetTitle: "Nghị định 172/2025/NĐ-CP", Status: violation.CaseNotified, OpenedAt: day,
			Decision: &violation.Decision{Number: "15/QĐ-UBND", FormLabel: "Khiển trách", SignedOn: day, EffectiveOn: day}}}}},
		&MyViolationsPage{NoRecord: true}}
}

// The detail page links each official still pending to the discipline
// pages (when they exist and the actor may open a case there).
func TestViolationDetailLinksToDiscipline(t *testing.T) {
	s := testServer(t)
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/violations/5", nil)
	if err := s.Render(w, r, 200, "violation_detail.html", pageSamples["violation_detail.html"][0]); err != nil {
		t.Fatal(err)
	}
	body := w.Body.String()
	for _, want := range []string{`href="/discipline/new?violation=5&amp;official=1"`, "Xem xét kỷ luật", "3 lượt xem", "Nghỉ phép."} {
		if !strings.Contains(body, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
	if strings.Contains(body, "official=2") {
		t.Error("an official with an outcome is offered discipline")
	}
}
