// Package disciplinedoc builds the documents of a discipline case — the
// review minutes (biên bản kiểm điểm), the minutes of the disciplinary
// council (biên bản họp Hội đồng kỷ luật), the discipline decision
// (quyết định kỷ luật) and its notification (thông báo) — in the layout of
// Decree 30/2020/NĐ-CP (export.AdminDoc), written as PDF or DOCX, for the
// web and API edges. What the actor may read is decided by the service
// (FindCase) and by For: the official concerned gets the decision and the
// notification only, once the decision is signed.
package disciplinedoc

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"congvu"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/services"
	"congvu/violation"
)

// Doc names one document of a case; its value is the file name's stem in
// the documents' addresses (/discipline/{id}/docs/{doc}.pdf).
type Doc string

// The documents of a case.
const (
	Review   Doc = "bien-ban-kiem-diem"
	Council  Doc = "bien-ban-hoi-dong"
	Decision Doc = "quyet-dinh"
	Notice   Doc = "thong-bao"
)

// Docs lists them in the order of the procedure.
var Docs = []Doc{Review, Council, Decision, Notice}

// Label is the Vietnamese name.
func (d Doc) Label() string {
	switch d {
	case Review:
		return "Biên bản kiểm điểm"
	case Council:
		return "Biên bản họp Hội đồng kỷ luật"
	case Decision:
		return "Quyết định kỷ luật"
	case Notice:
		return "Thông báo quyết định kỷ luật"
	}
	return string(d)
}

// Format is a file format.
type Format string

// The formats.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
)

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	if f == DOCX {
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "application/pdf"
}

// File is a document ready to send.
type File struct {
	Name        string // "quyet-dinh-12.pdf"
	ContentType string
	Data        []byte
}

// Concerned reports whether the actor is the official the case is about
// (who reads it as the official does, even when they are also staff).
func Concerned(a *congvu.Actor, c *violation.Case) bool {
	return a != nil && a.OfficialID != 0 && a.OfficialID == c.OfficialID
}

// For lists the documents of c the actor may print: the official
// concerned the decision and the notification once the decision is
// signed; staff every document (drafts until their step is done), the
// council's minutes only when the case has or needs a council.
func For(a *congvu.Actor, c *violation.Case, needsCouncil bool) []Doc {
	if Concerned(a, c) {
		if c.Decision == nil {
			return nil
		}
		return []Doc{Decision, Notice}
	}
	out := []Doc{Review}
	if c.Council != nil || needsCouncil {
		out = append(out, Council)
	}
	return append(out, Decision, Notice)
}

// Info is what the documents of a case need besides the case: the issuing
// bodies, the place, the rule set and the acts. Every field is optional
// but the headings.
type Info struct {
	// UnitHeading heads the review minutes (the official's unit);
	// CompetentHeading the council's minutes, the decision and the notice.
	UnitHeading, CompetentHeading org.Heading
	// Place is the place name before the date ("Hưng Yên").
	Place string
	// RuleSet is the case's rule set (its basis and its forms' labels).
	RuleSet *violation.RuleSet
	// Acts describe the violations the case judges, one line each.
	Acts []string
}

// formLabel names a form code by the rule set, the code itself when
// unknown.
func (info Info) formLabel(code string) string {
	if info.RuleSet != nil {
		return info.RuleSet.FormLabel(code)
	}
	return code
}

// NeedsCouncil reports whether the case's proposed form needs a council
// under rs.
func NeedsCouncil(rs *violation.RuleSet, c *violation.Case) bool {
	return rs != nil && rs.NeedsCouncil(c.Category, c.ProposedForm)
}

// Build writes document d of case id in format f, as the actor in ctx may
// read it: ENOTFOUND when the case is not the actor's to see or the
// document not theirs (For).
func Build(ctx context.Context, svc services.Set, id int64, d Doc, f Format) (*File, error) {
	c, err := svc.Discipline.FindCase(ctx, id)
	if err != nil {
		return nil, err
	}
	info := CaseInfo(ctx, svc, c)
	if !slices.Contains(For(congvu.ActorFromContext(ctx), c, NeedsCouncil(info.RuleSet, c)), d) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	doc := Make(c, d, info)
	var buf bytes.Buffer
	if f == DOCX {
		err = docx.Write(&buf, doc)
	} else {
		f, err = PDF, pdf.WriteAdminDoc(&buf, doc)
	}
	if err != nil {
		return nil, err
	}
	return &File{Name: string(d) + "-" + strconv.FormatInt(c.ID, 10) + "." + string(f), ContentType: f.ContentType(), Data: buf.Bytes()}, nil
}

// CaseInfo fills the Info of c from the services, each part best effort.
func CaseInfo(ctx context.Context, svc services.Set, c *violation.Case) Info {
	var info Info
	if u, err := svc.Units.FindUnitByID(ctx, c.UnitID); err == nil {
		info.UnitHeading = org.GoverningBody(u)
		info.Place = placeName(u)
	}
	info.CompetentHeading = info.UnitHeading
	if c.CompetentUnitID != 0 && c.CompetentUnitID != c.UnitID {
		if u, err := svc.Units.FindUnitByID(ctx, c.CompetentUnitID); err == nil {
			info.CompetentHeading = org.GoverningBody(u)
		}
	}
	if sets, err := svc.Discipline.RuleSets(ctx); err == nil {
		for i := range sets {
			if sets[i].ID == c.RuleSetID {
				info.RuleSet = &sets[i]
			}
		}
	}
	return info
}

// placeName is the province of u without its type ("Hưng Yên").
func placeName(u *org.Unit) string {
	for _, a := range append(append([]*org.Unit(nil), u.Ancestors...), u) {
		if a.Kind == org.KindProvince {
			n := a.Name
			for _, p := range []string{"Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "} {
				if rest, ok := strings.CutPrefix(n, p); ok && rest != "" {
					return rest
				}
			}
			return n
		}
	}
	return ""
}

// Make builds document d of c.
func Make(c *violation.Case, d Doc, info Info) export.AdminDoc {
	switch d {
	case Council:
		return CouncilMinutes(c, info)
	case Decision:
		return DecisionDoc(c, info)
	case Notice:
		return NoticeDoc(c, info)
	}
	return ReviewMinutes(c, info)
}

// step returns the case's step s, or nil.
func step(c *violation.Case, s violation.Step) *violation.CaseStep {
	for _, x := range c.Steps {
		if x.Step == s {
			return x
		}
	}
	return nil
}

// SplitNumber splits a decision's số/ký hiệu "15/QĐ-UBND" into the number
// and the symbol; without a slash the whole is the number.
func SplitNumber(s string) (number, symbol string) {
	s = export.Clean(s)
	n, sym, ok := strings.Cut(s, "/")
	if !ok {
		return s, ""
	}
	return strings.TrimSpace(n), strings.TrimSpace(sym)
}

func categoryText(c *violation.Case) string {
	if l := c.Category.Label(); l != "" && l != string(c.Category) {
		return strings.ToLower(l)
	}
	return "cán bộ, công chức, viên chức"
}

func whoText(c *violation.Case) string {
	s := export.Clean(c.OfficialName) + ", " + categoryText(c)
	if u := export.Clean(c.UnitName); u != "" {
		s += ", " + u
	}
	return s
}

// basisBlocks cite the rule set: the document of a verified set, up to
// its first aside ("Nghị định 172/2025/NĐ-CP ngày 30/06/2025 quy định về
// xử lý kỷ luật cán bộ, công chức"); a set not verified against the text
// leaves the citation for the clerk to write (never an unchecked claim in
// a decision).
func basisBlocks(info Info) []export.Block {
	if info.RuleSet == nil {
		return nil
	}
	b := export.Clean(info.RuleSet.Basis)
	for _, sep := range []string{" (", ";", ". ", ":"} {
		if i := strings.Index(b, sep); i > 0 {
			b = b[:i]
		}
	}
	b = strings.TrimRight(b, ";. ")
	if !info.RuleSet.Verified || b == "" {
		b = "…………………… (văn bản quy định về xử lý kỷ luật)"
	}
	return []export.Block{{Text: "Căn cứ " + strings.TrimPrefix(b, "Căn cứ ") + ";", Style: export.StyleItalic}}
}

func actBlocks(info Info) []export.Block {
	var out []export.Block
	for _, a := range info.Acts {
		if a = export.Clean(a); a != "" {
			out = append(out, export.Block{Text: "- " + strings.TrimRight(a, ";.") + ";"})
		}
	}
	if n := len(out); n > 0 {
		out[n-1].Text = strings.TrimSuffix(out[n-1].Text, ";") + "."
	}
	return out
}

func paragraphs(s string) []export.Block {
	var out []export.Block
	for _, l := range export.Lines(s) {
		out = append(out, export.Block{Text: l})
	}
	if len(out) == 0 {
		out = append(out, export.Block{Text: dotted}, export.Block{Text: dotted})
	}
	return out
}

const dotted = "……………………………………………………………………………………………………………"

// ReviewMinutes is the review minutes (biên bản kiểm điểm) of the
// official before the collective of their unit; a draft until the review
// step is done.
func ReviewMinutes(c *violation.Case, info Info) export.AdminDoc {
	st := step(c, violation.StepReview)
	doc := export.AdminDoc{
		Heading:  info.UnitHeading.Lines(),
		Symbol:   "BB-KĐ",
		Place:    info.Place,
		Draft:    st == nil || st.DoneAt == nil,
		Title:    "Biên bản",
		Subtitle: "Cuộc họp kiểm điểm đối với " + export.Clean(c.OfficialName),
	}
	when := "Hôm nay, ngày …… tháng …… năm ………"
	if st != nil && st.DoneAt != nil {
		doc.Date = *st.DoneAt
		when = "Hôm nay, " + export.VNDate(*st.DoneAt)
	}
	doc.Body = append(doc.Body, basisBlocks(info)...)
	doc.Body = append(doc.Body,
		export.Block{Text: fmt.Sprintf("%s, tại %s, tổ chức cuộc họp kiểm điểm đối với %s.", when, export.Clean(c.UnitName), whoText(c))},
		export.Block{Text: "I. NỘI DUNG VI PHẠM", Style: export.StyleHeading})
	if acts := actBlocks(info); len(acts) > 0 {
		doc.Body = append(doc.Body, acts...)
	} else {
		doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("Các hành vi vi phạm nêu tại hồ sơ xem xét kỷ luật số %d.", c.ID)})
	}
	if c.Severity != "" {
		doc.Body = append(doc.Body, export.Block{Text: "Mức độ hậu quả: " + strings.ToLower(c.Severity.Label()) + "."})
	}
	doc.Body = append(doc.Body, export.Block{Text: "II. DIỄN BIẾN CUỘC HỌP VÀ Ý KIẾN", Style: export.StyleHeading})
	if st != nil {
		doc.Body = append(doc.Body, paragraphs(st.Note)...)
	} else {
		doc.Body = append(doc.Body, paragraphs("")...)
	}
	if p := export.Clean(info.formLabel(c.ProposedForm)); p != "" {
		doc.Body = append(doc.Body, export.Block{Text: "III. KIẾN NGHỊ", Style: export.StyleHeading},
			export.Block{Text: "Cuộc họp kiến nghị hình thức kỷ luật: " + strings.ToLower(p) + "."})
	}
	doc.Body = append(doc.Body, export.Block{Text: "Biên bản được lập thành 02 bản, đã được đọc lại cho những người dự họp cùng nghe, thống nhất và ký tên./."})
	doc.Signers = []export.Signer{{Authority: "Người được kiểm điểm", Name: export.Clean(c.OfficialName)}, {Authority: "Chủ trì cuộc họp"}}
	return doc
}

// CouncilMinutes is the minutes of the disciplinary council's meeting:
// its members, the minutes, the vote and the recommended form; a draft
// until recorded.
func CouncilMinutes(c *violation.Case, info Info) export.AdminDoc {
	k := c.Council
	doc := export.AdminDoc{
		Heading:  info.CompetentHeading.Lines(),
		Symbol:   "BB-HĐKL",
		Place:    info.Place,
		Draft:    k == nil,
		Title:    "Biên bản",
		Subtitle: "Họp Hội đồng kỷ luật xem xét kỷ luật đối với " + export.Clean(c.OfficialName),
	}
	if k == nil {
		k = &violation.Council{}
	}
	when := "Hôm nay, ngày …… tháng …… năm ………"
	if !k.MeetingOn.IsZero() {
		doc.Date = k.MeetingOn
		when = "Hôm nay, " + export.VNDate(k.MeetingOn)
	}
	doc.Body = append(doc.Body, basisBlocks(info)...)
	doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("%s, Hội đồng kỷ luật họp xem xét kỷ luật đối với %s.", when, whoText(c))},
		export.Block{Text: "I. THÀNH PHẦN HỘI ĐỒNG", Style: export.StyleHeading})
	if len(k.Members) == 0 {
		doc.Body = append(doc.Body, export.Block{Text: "- ……………………………………………………………………"})
	}
	for i, m := range k.Members {
		s := "- " + export.Clean(m.Name)
		if r := export.Clean(m.Role); r != "" {
			s += ", " + r
		}
		end := ";"
		if i == len(k.Members)-1 {
			end = "."
		}
		doc.Body = append(doc.Body, export.Block{Text: s + end})
	}
	doc.Body = append(doc.Body, export.Block{Text: "II. NỘI DUNG CUỘC HỌP", Style: export.StyleHeading})
	doc.Body = append(doc.Body, paragraphs(k.Minutes)...)
	doc.Body = append(doc.Body, export.Block{Text: "III. KẾT QUẢ BỎ PHIẾU KÍN", Style: export.StyleHeading})
	if c.Council != nil {
		rec := "không kỷ luật"
		if k.Recommended != "" {
			rec = "hình thức " + strings.ToLower(export.Clean(info.formLabel(k.Recommended)))
		}
		doc.Body = append(doc.Body, export.Block{Text: fmt.Sprintf("Số phiếu đồng ý kiến nghị %s: %d; số phiếu không đồng ý: %d.", rec, k.VotesFor, k.VotesAgainst)})
	} else {
		doc.Body = append(doc.Body, export.Block{Text: "Số phiếu đồng ý: ……; số phiếu không đồng ý: …… ."})
	}
	doc.Body = append(doc.Body, export.Block{Text: "Biên bản được thông qua tại cuộc họp./."})
	chair, secretary := export.Signer{Authority: "Chủ tịch Hội đồng"}, export.Signer{Authority: "Thư ký Hội đồng"}
	for _, m := range k.Members {
		r := strings.ToLower(m.Role)
		switch {
		case strings.Contains(r, "chủ tịch") && chair.Name == "":
			chair.Name = export.Clean(m.Name)
		case strings.Contains(r, "thư ký") && secretary.Name == "":
			secretary.Name = export.Clean(m.Name)
		}
	}
	doc.Signers = []export.Signer{secretary, chair}
	return doc
}

// DecisionDoc is the discipline decision (quyết định kỷ luật): its number
// and date, the legal basis, the form and the person, the effective date
// and how long its consequences last; a draft until signed.
func DecisionDoc(c *violation.Case, info Info) export.AdminDoc {
	d := c.Decision
	body := export.Upper(info.CompetentHeading.Body)
	doc := export.AdminDoc{
		Heading:  info.CompetentHeading.Lines(),
		Symbol:   "QĐ-" + initials(body),
		Place:    info.Place,
		Draft:    d == nil,
		Title:    "Quyết định",
		Subtitle: "Về việc thi hành kỷ luật đối với " + export.Clean(c.OfficialName),
	}
	if d == nil {
		d = &violation.Decision{Form: c.ProposedForm}
	} else {
		doc.Number, doc.Symbol = SplitNumber(d.Number)
		doc.Date = d.SignedOn
	}
	form := export.Clean(d.FormLabel)
	if form == "" {
		form = export.Clean(info.formLabel(d.Form))
	}
	if body == "" {
		body = "CƠ QUAN"
	}
	doc.Body = append(doc.Body, export.Block{Text: "THỦ TRƯỞNG " + body, Style: export.StyleCenter})
	doc.Body = append(doc.Body, basisBlocks(info)...)
	if st := step(c, violation.StepReview); st != nil && st.DoneAt != nil {
		doc.Body = append(doc.Body, export.Block{Text: "Căn cứ Biên bản họp kiểm điểm " + export.VNDate(*st.DoneAt) + ";", Style: export.StyleItalic})
	}
	if c.Council != nil && !c.Council.MeetingOn.IsZero() {
		doc.Body = append(doc.Body, export.Block{Text: "Căn cứ Biên bản họp Hội đồng kỷ luật " + export.VNDate(c.Council.MeetingOn) + ";", Style: export.StyleItalic})
	}
	doc.Body = append(doc.Body, export.Block{Text: "Xét hồ sơ xem xét kỷ luật số " + strconv.FormatInt(c.ID, 10) + ",", Style: export.StyleItalic},
		export.Block{Text: "QUYẾT ĐỊNH:", Style: export.StyleCenter},
		export.Block{Text: fmt.Sprintf("Điều 1. Thi hành kỷ luật bằng hình thức %s đối với %s.", strings.ToLower(orDots(form)), whoText(c))})
	if acts := actBlocks(info); len(acts) > 0 {
		doc.Body = append(doc.Body, export.Block{Text: "Lý do:"})
		doc.Body = append(doc.Body, acts...)
	}
	eff := "kể từ ngày ký"
	if !d.EffectiveOn.IsZero() {
		eff = "kể từ " + export.VNDate(d.EffectiveOn)
	}
	art2 := "Điều 2. Quyết định này có hiệu lực " + eff + "."
	if !d.LastsUntil.IsZero() {
		art2 += " Thời hạn áp dụng các hệ quả của kỷ luật đến hết " + export.VNDate(d.LastsUntil) + "."
	}
	doc.Body = append(doc.Body, export.Block{Text: art2},
		export.Block{Text: fmt.Sprintf("Điều 3. %s và %s chịu trách nhiệm thi hành Quyết định này./.", orDots(export.Clean(c.UnitName)), export.Clean(c.OfficialName))})
	doc.Recipients = []string{"Như Điều 3", "Lưu: VT, hồ sơ cán bộ"}
	doc.Signers = []export.Signer{{Title: "Thủ trưởng cơ quan", Hint: "(Ký, ghi rõ họ tên và đóng dấu)", Name: export.Clean(d.Signer)}}
	return doc
}

// NoticeDoc is the notification of the decision to the official and the
// units concerned; a draft until notified.
func NoticeDoc(c *violation.Case, info Info) export.AdminDoc {
	st := step(c, violation.StepNotify)
	body := export.Upper(info.CompetentHeading.Body)
	doc := export.AdminDoc{
		Heading:  info.CompetentHeading.Lines(),
		Symbol:   "TB-" + initials(body),
		Place:    info.Place,
		Draft:    st == nil || st.DoneAt == nil,
		Title:    "Thông báo",
		Subtitle: "Quyết định kỷ luật đối với " + export.Clean(c.OfficialName),
	}
	if !doc.Draft {
		doc.Date = *st.DoneAt
	}
	d := c.Decision
	if d == nil {
		d = &violation.Decision{Form: c.ProposedForm}
	}
	form := export.Clean(d.FormLabel)
	if form == "" {
		form = export.Clean(info.formLabel(d.Form))
	}
	ref := "Quyết định số " + orDots(export.Clean(d.Number))
	if !d.SignedOn.IsZero() {
		ref += " " + export.VNDate(d.SignedOn)
	}
	doc.Body = append(doc.Body, export.Block{Text: "Kính gửi: " + export.Clean(c.OfficialName), Style: export.StyleCenter},
		export.Block{Text: fmt.Sprintf("%s thông báo: theo %s, %s bị kỷ luật bằng hình thức %s.", capitalise(strings.ToLower(orDots(body))), ref, whoText(c), strings.ToLower(orDots(form)))})
	if !d.EffectiveOn.IsZero() {
		doc.Body = append(doc.Body, export.Block{Text: "Quyết định có hiệu lực kể từ " + export.VNDate(d.EffectiveOn) + "."})
	}
	doc.Body = append(doc.Body, export.Block{Text: "Trường hợp không đồng ý với quyết định, người bị kỷ luật có quyền khiếu nại theo quy định của pháp luật về khiếu nại./."})
	if st != nil && st.Note != "" {
		doc.Recipients = append(doc.Recipients, export.Lines(st.Note)...)
	}
	if len(doc.Recipients) == 0 {
		doc.Recipients = []string{"Như trên", export.Clean(c.UnitName)}
	}
	doc.Recipients = append(doc.Recipients, "Lưu: VT, hồ sơ cán bộ")
	doc.Signers = []export.Signer{{Title: "Thủ trưởng cơ quan", Hint: "(Ký, ghi rõ họ tên và đóng dấu)", Name: export.Clean(d.Signer)}}
	return doc
}

func orDots(s string) string {
	if s == "" {
		return "……………"
	}
	return s
}

// initials are the initials of a body's name: "SỞ NỘI VỤ" → "SNV"; a
// People's Committee is "UBND".
func initials(body string) string {
	if strings.HasPrefix(body, "UBND ") || strings.HasPrefix(body, "ỦY BAN NHÂN DÂN") {
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

func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
