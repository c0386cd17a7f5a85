// Package commendationdoc builds the documents of a proposal of khen
// thưởng — the proposal (tờ trình đề nghị khen thưởng) of the proposing
// unit and the decision (quyết định khen thưởng) of the competent one — in
// the layout of Decree 30/2020/NĐ-CP (export.AdminDoc), as PDF or DOCX,
// for the web and API edges. What the actor may read is the service's.
package commendationdoc

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"congvu"
	"congvu/commendation"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/inspectiondoc"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/services"
	"congvu/vntext"
)

// Doc names one document of a commendation.
type Doc string

// The documents, named as in their addresses.
const (
	Proposal Doc = "to-trinh"
	Decision Doc = "quyet-dinh"
)

// Format is a file format (inspectiondoc's).
type Format = inspectiondoc.Format

// File is a document ready to send (inspectiondoc's).
type File = inspectiondoc.File

// ParseName reads the last segment of a document's address, such as
// "to-trinh.pdf" or "quyet-dinh.docx"; ok is false for anything else.
func ParseName(s string) (Doc, Format, bool) {
	name, ext, found := strings.Cut(s, ".")
	if !found {
		return "", "", false
	}
	d, f := Doc(name), Format(ext)
	if (d != Proposal && d != Decision) || (f != inspectiondoc.PDF && f != inspectiondoc.DOCX) {
		return "", "", false
	}
	return d, f, true
}

// Info is what the documents need besides the commendation.
type Info struct {
	Proposing, Competent org.Heading
	ProposingKind        org.UnitKind
	CompetentKind        org.UnitKind
	Place                string
	Basis                string // the rule set's title
}

// Build writes document d of commendation id in format f as the actor in
// ctx may read it; ENOTFOUND for a praise (no document), and for the
// decision of a proposal not approved.
func Build(ctx context.Context, svc services.Set, id int64, d Doc, f Format) (*File, error) {
	c, err := svc.Commendations.FindCommendation(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Kind != commendation.KindAward || (d == Decision && c.Status != commendation.StatusApproved) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không có văn bản này: chỉ đề nghị khen thưởng có tờ trình, chỉ đề nghị đã được quyết định có quyết định.")
	}
	var info Info
	if u, err := svc.Units.FindUnitByID(ctx, c.ProposingUnitID); err == nil {
		info.Proposing, info.ProposingKind = org.GoverningBody(u), u.Kind
		info.Place = inspectiondoc.PlaceName(u)
	}
	if u, err := svc.Units.FindUnitByID(ctx, c.CompetentUnitID); err == nil {
		info.Competent, info.CompetentKind = org.GoverningBody(u), u.Kind
		if p := inspectiondoc.PlaceName(u); p != "" {
			info.Place = p
		}
	}
	if info.Proposing.Body == "" {
		info.Proposing.Body = strings.ToUpper(c.ProposingUnitName)
	}
	if info.Competent.Body == "" {
		info.Competent.Body = strings.ToUpper(c.CompetentUnitName)
	}
	if sets, err := svc.Commendations.RuleSets(ctx); err == nil {
		for _, rs := range sets {
			if rs.ID == c.RuleSetID {
				info.Basis = rs.Title
			}
		}
	}
	var doc export.AdminDoc
	if d == Decision {
		doc = DecisionDoc(c, info)
	} else {
		doc = ProposalDoc(c, info)
	}
	var buf bytes.Buffer
	if f == inspectiondoc.DOCX {
		err = docx.Write(&buf, doc)
	} else {
		f, err = inspectiondoc.PDF, pdf.WriteAdminDoc(&buf, doc)
	}
	if err != nil {
		return nil, err
	}
	return &File{Name: string(d) + "-" + strconv.FormatInt(c.ID, 10) + "." + string(f), ContentType: f.ContentType(), Data: buf.Bytes()}, nil
}

// headTitle is the title of the head who signs for a unit of kind k.
func headTitle(k org.UnitKind) string {
	switch k {
	case org.KindNation:
		return "THỦ TƯỚNG"
	case org.KindProvince, org.KindDistrict, org.KindCommune:
		return "CHỦ TỊCH"
	}
	return "THỦ TRƯỞNG"
}

// addressee is who a proposal is addressed to: "Chủ tịch Ủy ban nhân dân
// xã X", "Thủ tướng Chính phủ", "Thủ trưởng Sở Y".
func addressee(c *commendation.Commendation, info Info) string {
	switch info.CompetentKind {
	case org.KindNation:
		return "Thủ tướng Chính phủ"
	case org.KindProvince, org.KindDistrict, org.KindCommune:
		return "Chủ tịch Ủy ban nhân dân " + lowerFirst(c.CompetentUnitName)
	}
	return "Thủ trưởng " + c.CompetentUnitName
}

func lowerFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToLower(r)) + s[i+len(string(r)):]
	}
	return s
}

func initials(body string) string {
	body = export.Upper(body)
	if strings.HasPrefix(body, "ỦY BAN NHÂN DÂN") || strings.HasPrefix(body, "UBND") {
		return "UBND"
	}
	var b strings.Builder
	for _, w := range strings.Fields(body) {
		for _, r := range w {
			b.WriteRune(r)
			break
		}
	}
	return b.String()
}

// subjectLine is "bà/ông … , đơn vị …" or the collective's name.
func subjectLine(c *commendation.Commendation) string {
	if c.OfficialID != 0 {
		return c.OfficialName + ", " + c.UnitName
	}
	return "Tập thể " + c.UnitName
}

func basis(info Info) []export.Block {
	out := []export.Block{{Text: "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;", Style: export.StyleItalic}}
	if b := strings.TrimRight(export.Clean(info.Basis), ";."); b != "" && !strings.Contains(b, "06/2022") {
		out = append(out, export.Block{Text: "Căn cứ " + b + ";", Style: export.StyleItalic})
	}
	return out
}

// ProposalDoc is the proposal (tờ trình) of c, from its proposing unit to
// the head of its competent unit.
func ProposalDoc(c *commendation.Commendation, info Info) export.AdminDoc {
	doc := export.AdminDoc{
		Heading:  info.Proposing.Lines(),
		Symbol:   "TTr-" + initials(info.Proposing.Body),
		Place:    info.Place,
		Date:     c.CreatedAt,
		Title:    "Tờ trình",
		Subtitle: "Về việc đề nghị tặng " + c.FormLabel + " năm " + fmt.Sprint(c.Year),
	}
	doc.Body = append(doc.Body, export.Block{Text: "Kính gửi: " + addressee(c, info), Style: export.StyleCenter})
	doc.Body = append(doc.Body, basis(info)...)
	doc.Body = append(doc.Body,
		export.Block{Text: fmt.Sprintf("%s kính trình %s xem xét, tặng %s cho:", c.ProposingUnitName, addressee(c, info), c.FormLabel)},
		export.Block{Table: &export.DocTable{Header: []string{"TT", "Cá nhân, tập thể", "Đơn vị", "Hình thức"},
			Rows: [][]string{{"1", c.Subject(), c.UnitName, c.FormLabel}}, Widths: []float64{9, 55, 55, 41}, Center: []int{0}}},
		export.Block{Text: "I. THÀNH TÍCH", Style: export.StyleHeading},
		export.Block{Text: c.Reason})
	if len(c.Evidence) > 0 {
		doc.Body = append(doc.Body, export.Block{Text: "II. CĂN CỨ ĐỀ NGHỊ", Style: export.StyleHeading})
		t := &export.DocTable{Header: []string{"TT", "Loại", "Nội dung", "Ngày"}, Widths: []float64{9, 40, 85, 26}, Center: []int{0, 3}}
		for i, e := range c.Evidence {
			t.Rows = append(t.Rows, []string{fmt.Sprint(i + 1), commendation.EvidenceKindLabel(e.Kind), e.Summary, congvu.Date(e.Date).Format("02/01/2006")})
		}
		doc.Body = append(doc.Body, export.Block{Table: t})
	}
	doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("Kính trình %s xem xét, quyết định./.", addressee(c, info))})
	doc.Recipients = []string{"Như trên", "Lưu: VT"}
	doc.Signers = []export.Signer{{Title: headTitle(info.ProposingKind)}}
	return doc
}

// DecisionDoc is the decision (quyết định) of c's competent unit.
func DecisionDoc(c *commendation.Commendation, info Info) export.AdminDoc {
	number, symbol, _ := strings.Cut(c.DecisionNumber, "/")
	doc := export.AdminDoc{
		Heading:  info.Competent.Lines(),
		Number:   number,
		Symbol:   symbol,
		Place:    info.Place,
		Title:    "Quyết định",
		Subtitle: "Về việc tặng " + c.FormLabel,
	}
	if c.DecisionDate != nil {
		doc.Date = *c.DecisionDate
	}
	authority := headTitle(info.CompetentKind) + " " + export.Upper(info.Competent.Body)
	if info.CompetentKind == org.KindNation {
		authority = "THỦ TƯỚNG CHÍNH PHỦ"
	}
	doc.Body = append(doc.Body, export.Block{Text: authority, Style: export.StyleCenter})
	doc.Body = append(doc.Body, basis(info)...)
	doc.Body = append(doc.Body,
		export.Block{Text: fmt.Sprintf("Xét đề nghị của %s tại Tờ trình ngày %s,", c.ProposingUnitName, congvu.Date(c.CreatedAt).Format("02/01/2006")), Style: export.StyleItalic},
		export.Block{Text: "QUYẾT ĐỊNH:", Style: export.StyleCenter},
		export.Block{Text: fmt.Sprintf("Điều 1. Tặng %s cho %s, đã có thành tích: %s", c.FormLabel, subjectLine(c), strings.TrimRight(c.Reason, ".")+".")},
		export.Block{Text: fmt.Sprintf("Điều 2. Kèm theo %s là tiền thưởng %s đồng, theo mức lương cơ sở áp dụng tại ngày ký quyết định, chi từ quỹ thi đua, khen thưởng theo quy định.", c.FormLabel, vntext.Number(int(c.Amount)))},
		export.Block{Text: fmt.Sprintf("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. %s và %s chịu trách nhiệm thi hành Quyết định này./.", c.ProposingUnitName, subjectName(c))},
	)
	doc.Recipients = []string{"Như Điều 3", "Lưu: VT"}
	doc.Signers = []export.Signer{{Title: headTitle(info.CompetentKind)}}
	return doc
}

func subjectName(c *commendation.Commendation) string {
	if c.OfficialID != 0 {
		return "cá nhân có tên tại Điều 1"
	}
	return "tập thể có tên tại Điều 1"
}
