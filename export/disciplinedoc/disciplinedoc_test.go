package disciplinedoc_test

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/export/disciplinedoc"
	"congvu/export/docx"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/violation"
)

func decidedCase(t *testing.T) (*violation.Case, disciplinedoc.Info) {
	t.Helper()
	rs := violation.RuleSetOn(violation.DefaultRuleSets, org.CategoryCivilServant, time.Date(2026, 3, 2, 0, 0, 0, 0, congvu.TimeZone))
	if rs == nil {
		t.Fatal("no rule set for a civil servant in 2026")
	}
	day := func(d int) time.Time { return time.Date(2026, 4, d, 0, 0, 0, 0, congvu.TimeZone) }
	reviewed := day(6)
	c := &violation.Case{ID: 12, OfficialID: 5, OfficialName: "Nguyễn Văn Bình", Category: org.CategoryCivilServant, UnitID: 3,
		UnitName: "Sở Nội vụ", RuleSetID: rs.ID, RuleSetTitle: rs.Title, Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand,
		Status: violation.CaseNotified, OpenedAt: day(1),
		Steps: []*violation.CaseStep{{Step: violation.StepReview, DueOn: day(10), DoneAt: &reviewed, Note: "Ông Bình nhận khuyết điểm.\nTập thể thống nhất kiến nghị khiển trách."}},
		Decision: &violation.Decision{Number: "15/QĐ-SNV", SignedOn: day(20), EffectiveOn: day(21), Form: violation.FormReprimand,
			FormLabel: "Khiển trách", LastsUntil: time.Date(2027, 4, 20, 0, 0, 0, 0, congvu.TimeZone), Signer: "Trần Văn Cường"}}
	info := disciplinedoc.Info{UnitHeading: org.Heading{Superior: "UBND TỈNH HƯNG YÊN", Body: "SỞ NỘI VỤ"}, Place: "Hưng Yên", RuleSet: rs,
		Acts: []string{"Ngày 02/03/2026: quát nạt người dân tại bộ phận một cửa (GT-XC)"}}
	info.CompetentHeading = info.UnitHeading
	return c, info
}

func docxXML(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a DOCX (zip): %v", err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			body, _ := io.ReadAll(rc)
			return string(body)
		}
	}
	t.Fatal("a DOCX without word/document.xml")
	return ""
}

// Each document of a decided case renders as PDF and DOCX; the decision
// carries its number, form, dates and signer, and is no draft; the
// council's minutes of a case without a council is a draft to fill.
func TestDocumentsRender(t *testing.T) {
	c, info := decidedCase(t)
	for _, d := range disciplinedoc.Docs {
		doc := disciplinedoc.Make(c, d, info)
		if err := doc.Validate(); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		var p, w bytes.Buffer
		if err := pdf.WriteAdminDoc(&p, doc); err != nil {
			t.Fatalf("%s pdf: %v", d, err)
		}
		if !bytes.HasPrefix(p.Bytes(), []byte("%PDF")) {
			t.Errorf("%s: PDF starts %q", d, p.Bytes()[:8])
		}
		if err := docx.Write(&w, doc); err != nil {
			t.Fatalf("%s docx: %v", d, err)
		}
		x := docxXML(t, w.Bytes())
		if !strings.Contains(x, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") || !strings.Contains(x, "SỞ NỘI VỤ") {
			t.Errorf("%s: no national name or issuing body", d)
		}
		switch d {
		case disciplinedoc.Decision:
			for _, want := range []string{"Căn cứ Nghị định 172/2025/NĐ-CP ngày 30/06/2025 quy định về xử lý kỷ luật cán bộ, công chức;", "Số: 15/QĐ-SNV", "QUYẾT ĐỊNH", "khiển trách", "Nguyễn Văn Bình", "Trần Văn Cường", "ngày 21 tháng 4 năm 2026", "ngày 20 tháng 4 năm 2027", "quát nạt người dân"} {
				if !strings.Contains(x, want) {
					t.Errorf("decision lacks %q", want)
				}
			}
			if strings.Contains(x, "DỰ THẢO") || strings.Contains(x, "đối chiếu") {
				t.Error("a signed decision printed as a draft, or with the rule's verification notes")
			}
		case disciplinedoc.Notice:
			for _, want := range []string{"15/QĐ-SNV", "khiển trách", "Kính gửi: Nguyễn Văn Bình"} {
				if !strings.Contains(x, want) {
					t.Errorf("notice lacks %q", want)
				}
			}
		case disciplinedoc.Review:
			if !strings.Contains(x, "Tập thể thống nhất kiến nghị khiển trách.") || strings.Contains(x, "DỰ THẢO") {
				t.Errorf("review minutes: %.300s", x)
			}
		case disciplinedoc.Council:
			if !strings.Contains(x, "DỰ THẢO") {
				t.Error("council minutes without a council are not a draft")
			}
		}
	}
	// An undecided case prints a draft decision with the number left blank.
	c.Decision, c.Status = nil, violation.CaseDecision
	var w bytes.Buffer
	if err := docx.Write(&w, disciplinedoc.DecisionDoc(c, info)); err != nil {
		t.Fatal(err)
	}
	if x := docxXML(t, w.Bytes()); !strings.Contains(x, "DỰ THẢO") || strings.Contains(x, "15/QĐ") {
		t.Error("a draft decision is not marked or carries a number")
	}
}

// The official concerned prints only the decision and the notification,
// once decided; staff print the council's minutes only where the case
// has or needs a council.
func TestDocumentsFor(t *testing.T) {
	c, info := decidedCase(t)
	official := &congvu.Actor{OfficialID: c.OfficialID}
	staff := &congvu.Actor{UserID: 9}
	if got := disciplinedoc.For(official, c, false); !slices.Equal(got, []disciplinedoc.Doc{disciplinedoc.Decision, disciplinedoc.Notice}) {
		t.Errorf("official gets %v", got)
	}
	if got := disciplinedoc.For(staff, c, disciplinedoc.NeedsCouncil(info.RuleSet, c)); slices.Contains(got, disciplinedoc.Council) || len(got) != 3 {
		t.Errorf("staff get %v for a khiển trách under 172/2025 (no council)", got)
	}
	c.Decision = nil
	if got := disciplinedoc.For(official, c, false); len(got) != 0 {
		t.Errorf("official gets %v before the decision", got)
	}
	if n, s := disciplinedoc.SplitNumber(" 15/QĐ-UBND "); n != "15" || s != "QĐ-UBND" {
		t.Errorf("split %q %q", n, s)
	}
}
