package commendationdoc_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"congvu/commendation"
	"congvu/export/commendationdoc"
	"congvu/export/docx"
	"congvu/export/pdf"
	"congvu/org"
)

// The decision says who decides, the number and symbol apart, the amount,
// and is written by both writers.
func TestDecisionDoc(t *testing.T) {
	d := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	c := &commendation.Commendation{ID: 7, Kind: commendation.KindAward, OfficialID: 3, OfficialName: "Phạm Thị Hồng Nhung", UnitName: "Xã Đông Hòa",
		Year: 2026, Reason: "Hoàn thành xuất sắc nhiệm vụ tiếp công dân", Status: commendation.StatusApproved, FormLabel: "Giấy khen",
		ProposingUnitName: "Xã Đông Hòa", CompetentUnitName: "Xã Đông Hòa", DecisionNumber: "12/QĐ-UBND", DecisionDate: &d, Amount: 710000, CreatedAt: d}
	info := commendationdoc.Info{Competent: org.Heading{Body: "ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA"}, CompetentKind: org.KindCommune, Place: "Hưng Yên"}
	doc := commendationdoc.DecisionDoc(c, info)
	if doc.Number != "12" || doc.Symbol != "QĐ-UBND" || doc.Signers[0].Title != "CHỦ TỊCH" {
		t.Fatalf("%+v", doc)
	}
	var all []string
	for _, b := range doc.Body {
		all = append(all, b.Text)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG HÒA", "Điều 1. Tặng Giấy khen cho Phạm Thị Hồng Nhung", "710.000 đồng", "Luật Thi đua, khen thưởng số 06/2022/QH15"} {
		if !strings.Contains(text, want) {
			t.Errorf("decision lacks %q:\n%s", want, text)
		}
	}
	var b bytes.Buffer
	if err := pdf.WriteAdminDoc(&b, doc); err != nil || !bytes.HasPrefix(b.Bytes(), []byte("%PDF")) {
		t.Fatal(err)
	}
	b.Reset()
	if err := docx.Write(&b, commendationdoc.ProposalDoc(c, info)); err != nil {
		t.Fatal(err)
	}
}

// ParseName accepts the four names and nothing else.
func FuzzParseName(f *testing.F) {
	for _, s := range []string{"to-trinh.pdf", "quyet-dinh.docx", "to-trinh.", ".pdf", "to-trinh.pdf.pdf", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, format, ok := commendationdoc.ParseName(s)
		if ok && string(d)+"."+string(format) != s {
			t.Fatalf("%q read as %s.%s", s, d, format)
		}
	})
}
