package export

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/standard"
)

// InspectionDocInfo is what the record and the conclusion of an
// inspection need besides the inspection itself: who issues and signs
// them, who took part, and the names the inspection holds only as codes.
// The web and API edges fill it from the services; every field but Heading
// is optional.
type InspectionDocInfo struct {
	// Heading is the inspecting unit's: org.GoverningBody(owner unit).
	Heading org.Heading
	// Place is the place name before the date ("Hưng Yên").
	Place string
	// Number is the document's number, empty until the clerk gives one;
	// Symbol overrides the default symbol ("BB-ĐKT" or "BB-ĐTT" for a
	// record, "KL-" and the initials of the issuing body for a
	// conclusion: "KL-SNV").
	Number, Symbol string
	// PlanTitle is the plan the inspection carries out, when from a plan.
	PlanTitle string
	// Basis lists the legal bases of the conclusion ("Luật Thanh tra số
	// 84/2025/QH15"), each printed "Căn cứ …;".
	Basis []string
	// Team is the inspection team, the lead first; Representatives are
	// those of the inspected unit who attended, the head first.
	Team, Representatives []Member
	// Groups names the catalog's groups by code (GroupNames).
	Groups map[string]string
	// Opinion is the inspected unit's opinion written in the record;
	// empty leaves dotted lines to write by hand.
	Opinion string
	// Actions are the corrective actions the conclusion requires.
	Actions []CorrectiveAction
	// Signer signs the conclusion ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", name);
	// empty: "THỦ TRƯỞNG CƠ QUAN" with a blank name.
	Signer Signer
	// Recipients overrides the conclusion's "Nơi nhận" (default: the
	// inspected unit, the team, the archive).
	Recipients []string
}

// Member is one person of the team or of the inspected unit.
type Member struct {
	Name string
	Role string // "Trưởng đoàn", "Chánh Văn phòng"
}

// CorrectiveAction is one corrective action of a conclusion.
type CorrectiveAction struct {
	Text      string
	OwnerUnit string
	Deadline  time.Time
}

// GroupNames maps the groups of a catalog version by code, for
// InspectionDocInfo.Groups.
func GroupNames(groups []*standard.Group) map[string]string {
	out := make(map[string]string, len(groups))
	for _, g := range groups {
		out[g.Code] = g.Name
	}
	return out
}

// GroupTally counts the results of an inspection's lines in one group of
// the catalog.
type GroupTally struct {
	GroupCode                                string
	Lines, Kept, Breached, NotObserved, Open int
}

// TallyLines counts lines by group, in the order the groups first appear
// on the checklist; the last entry is the total (GroupCode "").
func TallyLines(lines []*inspection.Line) []GroupTally {
	var out []GroupTally
	at := map[string]int{}
	total := GroupTally{}
	for _, l := range sortedLines(lines) {
		i, ok := at[l.GroupCode]
		if !ok {
			i = len(out)
			at[l.GroupCode] = i
			out = append(out, GroupTally{GroupCode: l.GroupCode})
		}
		for _, t := range []*GroupTally{&out[i], &total} {
			t.Lines++
			switch l.Result {
			case inspection.ResultKept:
				t.Kept++
			case inspection.ResultBreached:
				t.Breached++
			case inspection.ResultNotObserved:
				t.NotObserved++
			default:
				t.Open++
			}
		}
	}
	return append(out, total)
}

func sortedLines(lines []*inspection.Line) []*inspection.Line {
	out := append([]*inspection.Line(nil), lines...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Position < out[b].Position })
	return out
}

// words of an inspection's documents by kind: "kiểm tra" or "thanh tra".
func kindWord(k inspection.Kind) string {
	if k == inspection.KindInspection {
		return "thanh tra"
	}
	return "kiểm tra"
}

// Initials are the initials of a body's name, its symbol in document
// numbers: "SỞ NỘI VỤ" → "SNV"; a People's Committee is "UBND".
func Initials(body string) string {
	body = Upper(body)
	if strings.HasPrefix(body, "UBND ") || strings.HasPrefix(body, "ỦY BAN NHÂN DÂN") || strings.HasPrefix(body, "UỶ BAN NHÂN DÂN") {
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

// visitDate is the day of the visit: when it began, else the day planned.
func visitDate(i *inspection.Inspection) time.Time {
	if i.VisitedAt != nil {
		return *i.VisitedAt
	}
	if i.ScheduledOn != nil {
		d := *i.ScheduledOn
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, congvu.TimeZone)
	}
	return time.Time{}
}

func memberLines(ms []Member) []Block {
	var out []Block
	for k, m := range ms {
		s := "- " + Clean(m.Name)
		if r := Clean(m.Role); r != "" {
			s += ", " + r
		}
		end := ";"
		if k == len(ms)-1 {
			end = "."
		}
		out = append(out, Block{Text: s + end})
	}
	if len(out) == 0 {
		out = append(out, Block{Text: "- ……………………………………………………………………"})
	}
	return out
}

const dottedLine = "……………………………………………………………………………………………………………"

// InspectionRecord is the visit record (biên bản kiểm tra / biên bản thanh
// tra) of i with its lines: who took part, each line (item, method, sample,
// result, note, official concerned), the count of results, the inspected
// unit's opinion, and the signatures of both sides. It is a draft until
// the record is closed (StatusRecorded and after).
func InspectionRecord(i *inspection.Inspection, info InspectionDocInfo) AdminDoc {
	word := kindWord(i.Kind)
	target := Clean(i.TargetUnitName)
	team := "Đoàn " + word
	sym := info.Symbol
	if sym == "" {
		sym = "BB-ĐKT"
		if i.Kind == inspection.KindInspection {
			sym = "BB-ĐTT"
		}
	}
	date := visitDate(i)
	doc := AdminDoc{
		Heading:  info.Heading.Lines(),
		Number:   info.Number,
		Symbol:   sym,
		Place:    info.Place,
		Date:     date,
		Draft:    i.Status == inspection.StatusPlanned || i.Status == inspection.StatusInProgress,
		Title:    "Biên bản " + word,
		Subtitle: "Việc thực hiện văn hóa công vụ tại " + target,
	}
	when := "Hôm nay, ngày …… tháng …… năm ………"
	if !date.IsZero() {
		when = "Hôm nay, " + VNDate(date)
		if i.VisitedAt != nil {
			t := i.VisitedAt.In(congvu.TimeZone)
			when = fmt.Sprintf("Vào hồi %02d giờ %02d, %s", t.Hour(), t.Minute(), VNDate(date))
		}
	}
	why := ""
	switch i.Origin {
	case inspection.OriginPlan:
		why = "theo kế hoạch"
		if p := Clean(info.PlanTitle); p != "" {
			why = "theo " + p
		}
	case inspection.OriginEvidence:
		why = "đột xuất theo dấu hiệu"
	default:
		why = "đột xuất"
	}
	if i.Unannounced {
		why += ", không báo trước"
	}
	intro := fmt.Sprintf("%s, tại %s, %s của %s tiến hành %s việc thực hiện văn hóa công vụ %s.",
		when, target, team, Clean(i.UnitName), word, why)
	doc.Body = append(doc.Body, Block{Text: intro})
	if r := Clean(i.Reason); r != "" && i.Origin != inspection.OriginPlan {
		doc.Body = append(doc.Body, Block{Text: "Lý do: " + strings.TrimSuffix(r, ".") + "."})
	}
	doc.Body = append(doc.Body, Block{Text: "I. THÀNH PHẦN", Style: StyleHeading}, Block{Text: "1. " + team + ":"})
	doc.Body = append(doc.Body, memberLines(info.Team)...)
	doc.Body = append(doc.Body, Block{Text: "2. Đại diện " + target + ":"})
	doc.Body = append(doc.Body, memberLines(info.Representatives)...)

	doc.Body = append(doc.Body, Block{Text: "II. NỘI DUNG VÀ KẾT QUẢ " + strings.ToUpper(word), Style: StyleHeading})
	lines := sortedLines(i.Lines)
	tally := TallyLines(lines)
	total := tally[len(tally)-1]
	doc.Body = append(doc.Body, Block{Text: fmt.Sprintf("%s đã %s %d nội dung theo bộ chuẩn mực văn hóa công vụ, kết quả như sau:", team, word, total.Lines)})
	t := &DocTable{Header: []string{"TT", "Nội dung " + word, "Cách thức", "Số mẫu", "Kết quả", "Ghi chú"},
		Widths: []float64{9, 50, 26, 13, 22, 40}, Center: []int{0, 3, 4}}
	for k, l := range lines {
		sample := ""
		if l.Sample > 0 {
			sample = fmt.Sprint(l.Sample)
		}
		t.Rows = append(t.Rows, []string{fmt.Sprint(k + 1), itemText(l), l.Method.Label(), sample, l.Result.Label(), lineNote(l)})
	}
	if len(lines) > 0 {
		doc.Body = append(doc.Body, Block{Table: t})
	}
	sum := fmt.Sprintf("Tổng hợp: %d nội dung thực hiện đúng, %d nội dung vi phạm, %d nội dung không quan sát được", total.Kept, total.Breached, total.NotObserved)
	if total.Open > 0 {
		sum += fmt.Sprintf(", %d nội dung chưa ghi nhận", total.Open)
	}
	doc.Body = append(doc.Body, Block{Text: sum + "."})

	doc.Body = append(doc.Body, Block{Text: "III. Ý KIẾN CỦA " + strings.ToUpper(target), Style: StyleHeading})
	if op := Lines(info.Opinion); len(op) > 0 {
		for _, p := range op {
			doc.Body = append(doc.Body, Block{Text: p})
		}
	} else {
		doc.Body = append(doc.Body, Block{Text: dottedLine}, Block{Text: dottedLine})
	}
	doc.Body = append(doc.Body, Block{Text: "Biên bản kết thúc vào hồi …… giờ …… cùng ngày, được lập thành 02 bản có giá trị như nhau, " +
		"mỗi bên giữ 01 bản; đã được đọc lại cho những người có tên trên cùng nghe, thống nhất và ký tên./."})

	rep, lead := Signer{Authority: "Đại diện " + target}, Signer{Authority: "TM. " + team, Title: "Trưởng đoàn"}
	if len(info.Representatives) > 0 {
		rep.Name = info.Representatives[0].Name
	}
	if len(info.Team) > 0 {
		lead.Name = info.Team[0].Name
	}
	doc.Signers = []Signer{rep, lead}
	return doc
}

// itemText is a line's standard item: "GT-XC Chào hỏi …".
func itemText(l *inspection.Line) string {
	return strings.TrimSpace(Clean(l.ItemCode) + " " + Clean(l.ItemTitle))
}

// lineNote is a line's note with the official concerned.
func lineNote(l *inspection.Line) string {
	note := strings.TrimSpace(l.Note)
	if n := Clean(l.OfficialName); n != "" {
		if note != "" {
			note += "\n"
		}
		note += "Người liên quan: " + n
	}
	return note
}

// InspectionConclusion is the conclusion (kết luận kiểm tra / kết luận
// thanh tra) of i: its legal basis, the count of results per group of the
// catalog, the breached lines with the officials concerned, the
// conclusion's text, the corrective actions when there are, the
// recipients and the signature. It is a draft until issued.
func InspectionConclusion(i *inspection.Inspection, info InspectionDocInfo) AdminDoc {
	word := kindWord(i.Kind)
	target := Clean(i.TargetUnitName)
	sym := info.Symbol
	if sym == "" {
		sym = "KL-" + Initials(info.Heading.Body)
	}
	doc := AdminDoc{
		Heading:  info.Heading.Lines(),
		Number:   info.Number,
		Symbol:   sym,
		Place:    info.Place,
		Draft:    i.ConclusionStatus != inspection.ConclusionIssued,
		Title:    "Kết luận " + word,
		Subtitle: "Việc thực hiện văn hóa công vụ tại " + target,
	}
	if i.IssuedAt != nil {
		doc.Date = *i.IssuedAt
	}
	for _, b := range info.Basis {
		if b = strings.TrimRight(Clean(b), ";."); b != "" {
			doc.Body = append(doc.Body, Block{Text: "Căn cứ " + strings.TrimPrefix(b, "Căn cứ ") + ";", Style: StyleItalic})
		}
	}
	if p := Clean(info.PlanTitle); p != "" {
		doc.Body = append(doc.Body, Block{Text: "Thực hiện " + p + ";", Style: StyleItalic})
	}
	visit := ""
	if d := visitDate(i); !d.IsZero() {
		visit = " " + VNDate(d)
	}
	doc.Body = append(doc.Body, Block{Text: fmt.Sprintf("Xét biên bản %s%s tại %s,", word, visit, target), Style: StyleItalic})
	body := Clean(i.UnitName)
	if body == "" {
		body = Clean(info.Heading.Body)
	}
	doc.Body = append(doc.Body, Block{Text: capitalise(body) + " kết luận như sau:"})

	lines := sortedLines(i.Lines)
	tally := TallyLines(lines)
	doc.Body = append(doc.Body, Block{Text: "I. KẾT QUẢ " + strings.ToUpper(word), Style: StyleHeading},
		Block{Text: "1. Tổng hợp kết quả theo nhóm chuẩn mực"})
	t := &DocTable{Header: []string{"Nhóm chuẩn mực", "Số nội dung", "Thực hiện đúng", "Vi phạm", "Không quan sát được"},
		Widths: []float64{56, 22, 26, 20, 30}, Center: []int{1, 2, 3, 4}}
	for k, g := range tally {
		name := Clean(info.Groups[g.GroupCode])
		if name == "" {
			name = Clean(g.GroupCode)
		}
		if k == len(tally)-1 {
			name = "Tổng cộng"
		}
		t.Rows = append(t.Rows, []string{name, fmt.Sprint(g.Lines), fmt.Sprint(g.Kept), fmt.Sprint(g.Breached), fmt.Sprint(g.NotObserved)})
	}
	doc.Body = append(doc.Body, Block{Table: t}, Block{Text: "2. Các nội dung vi phạm"})
	v := &DocTable{Header: []string{"TT", "Chuẩn mực", "Người liên quan", "Nội dung vi phạm"}, Widths: []float64{9, 58, 36, 57}, Center: []int{0}}
	for _, l := range lines {
		if l.Result == inspection.ResultBreached {
			v.Rows = append(v.Rows, []string{fmt.Sprint(len(v.Rows) + 1), itemText(l), Clean(l.OfficialName), l.Note})
		}
	}
	if len(v.Rows) == 0 {
		doc.Body = append(doc.Body, Block{Text: "Không phát hiện vi phạm."})
	} else {
		doc.Body = append(doc.Body, Block{Table: v})
	}

	doc.Body = append(doc.Body, Block{Text: "II. KẾT LUẬN", Style: StyleHeading})
	if c := Lines(i.Conclusion); len(c) > 0 {
		for _, p := range c {
			doc.Body = append(doc.Body, Block{Text: p})
		}
	} else {
		doc.Body = append(doc.Body, Block{Text: dottedLine}, Block{Text: dottedLine})
	}
	if len(info.Actions) > 0 {
		doc.Body = append(doc.Body, Block{Text: "III. YÊU CẦU KHẮC PHỤC", Style: StyleHeading},
			Block{Text: "Yêu cầu các đơn vị sau thực hiện và báo cáo kết quả khắc phục đúng thời hạn:"})
		a := &DocTable{Header: []string{"TT", "Nội dung khắc phục", "Đơn vị thực hiện", "Thời hạn"}, Widths: []float64{9, 83, 42, 26}, Center: []int{0, 3}}
		for k, x := range info.Actions {
			due := ""
			if !x.Deadline.IsZero() {
				due = x.Deadline.In(congvu.TimeZone).Format("02/01/2006")
			}
			a.Rows = append(a.Rows, []string{fmt.Sprint(k + 1), x.Text, Clean(x.OwnerUnit), due})
		}
		doc.Body = append(doc.Body, Block{Table: a})
	}
	doc.Recipients = info.Recipients
	if len(doc.Recipients) == 0 {
		doc.Recipients = []string{target, "Đoàn " + word, "Lưu: VT, hồ sơ " + word}
	}
	s := info.Signer
	if Clean(s.Authority) == "" && Clean(s.Title) == "" {
		s.Title = "Thủ trưởng cơ quan"
	}
	if Clean(s.Hint) == "" {
		s.Hint = "(Ký, ghi rõ họ tên và đóng dấu)"
	}
	doc.Signers = []Signer{s}
	return doc
}

// capitalise upper-cases the first letter ("SỞ NỘI VỤ" stays, "Sở nội vụ"
// too; "đoàn" → "Đoàn").
func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
