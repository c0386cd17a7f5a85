package demo

import (
	"bytes"
	"congvu"
	"congvu/inspection"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The template, findings and the steps of one inspection visit, from decision to issued conclusion.

// The checklists: a one-stop shop is checked on the template the
// province saves; other units on the lists below, thanh tra adding the
// petty-corruption items asked of citizens.
const templateName = "Phiếu kiểm tra văn hóa công vụ tại bộ phận một cửa"

var (
	deskItems   = []string{"GT-XC", "GT-XL", "GT-XCO", "GT-MC", "GT-NN", "GT-LN", "GT-GD", "GT-LS", "GT-TD", "TT-KL", "TT-KD", "TT-KK", "TT-NHN", "TP-TH", "TP-GG", "DD-TL"}
	officeItems = []string{"GT-LS", "GT-TD", "GT-XL", "GT-LN", "TT-KL", "TT-QL", "TT-KD", "TT-KK", "TT-NHN", "TT-VC", "TP-TH", "TP-GG", "DD-RB", "DD-TL", "DD-PN"}
	thanhItems  = []string{"TT-VV", "TT-TNV"}
)

// breachOdds is the chance of a breach per item: the items citizens rate
// worst (xin lỗi, lắng nghe, mỉm cười) and those their petitions name
// most (lịch sự, giờ giấc, thẻ, chậm trễ) far above the rest.
var breachOdds = map[string]float64{
	"GT-XL": 0.38, "GT-LN": 0.36, "GT-MC": 0.3, "GT-LS": 0.26, "TP-TH": 0.24, "TT-KL": 0.22, "TT-KD": 0.2,
	"GT-TD": 0.1, "TT-KK": 0.07, "GT-NN": 0.06, "GT-XC": 0.05, "TT-NHN": 0.04, "TP-GG": 0.04,
}

// findingNotes are what an inspector writes of a breach, by item.
var findingNotes = map[string][]string{
	"GT-XL":  {"Để người dân chờ quá giờ hẹn nhưng không xin lỗi.", "Ghi sai thông tin trên giấy biên nhận, không xin lỗi người nộp hồ sơ.", "Trả hồ sơ trễ hẹn, không có lời xin lỗi."},
	"GT-LN":  {"Ngắt lời người dân khi đang trình bày, trả lời cắt ngang.", "Vừa tiếp dân vừa dùng điện thoại, không lắng nghe hết ý kiến.", "Người dân hỏi lại lần hai thì trả lời gắt."},
	"GT-MC":  {"Thái độ cau có, không niềm nở khi tiếp người dân.", "Tiếp dân với nét mặt căng thẳng, nói trống không."},
	"GT-LS":  {"Nói trống không với người lớn tuổi.", "Lớn tiếng với người dân tại quầy."},
	"TP-TH":  {"Không đeo thẻ công chức khi làm việc tại quầy.", "Đeo thẻ úp mặt, người dân không đọc được tên."},
	"TT-KL":  {"Có mặt tại quầy muộn 25 phút so với giờ làm việc.", "Rời vị trí làm việc trong giờ hành chính không có lý do.", "Quầy không có người trực từ 10 giờ 15 đến 10 giờ 50."},
	"TT-KD":  {"3/10 hồ sơ kiểm tra quá hạn giải quyết, không có phiếu xin lỗi và hẹn lại.", "Hồ sơ chuyển phòng chuyên môn chậm 2 ngày so với quy trình."},
	"GT-TD":  {"Hướng dẫn bổ sung hồ sơ không đầy đủ, người dân phải đi lại nhiều lần.", "Không hướng dẫn người dân cách nộp hồ sơ trực tuyến khi được hỏi."},
	"TT-KK":  {"Yêu cầu nộp thêm giấy tờ ngoài danh mục thủ tục đã công khai.", "Yêu cầu bản sao có chứng thực giấy tờ đã có trong cơ sở dữ liệu."},
	"GT-NN":  {"Nói to, gắt gỏng với người dân khi đông người chờ."},
	"GT-XC":  {"Không chào hỏi người dân khi đến quầy."},
	"TT-NHN": {"Người dân phản ánh phải quay lại nhiều lần mới được tiếp nhận hồ sơ."},
	"TP-GG":  {"Mặc trang phục không phù hợp (áo phông) khi tiếp dân."},
	"TT-VV":  {"Một người dân cho biết được gợi ý 'cảm ơn' để hồ sơ được giải quyết sớm; đã ghi nhận, chuyển xác minh."},
}

// demoTemplate finds or saves the one-stop shops' checklist template.
func demoTemplate(ctx context.Context, s services.Set, noivu context.Context, province *org.Unit, run func(time.Time, func() error) error, t time.Time) (*inspection.Template, error) {
	list, err := s.Inspections.FindTemplates(noivu, province.ID)
	if err != nil {
		return nil, fmt.Errorf("demo: templates: %w", err)
	}
	for _, x := range list {
		if x.Name == templateName && x.UnitID == province.ID {
			return x, nil
		}
	}
	in := inspection.TemplateInput{UnitID: province.ID, Name: templateName}
	for _, code := range deskItems {
		in.Lines = append(in.Lines, inspection.LineSpec{ItemCode: code})
	}
	var out *inspection.Template
	err = run(t, func() (err error) { out, err = s.Inspections.SaveTemplate(noivu, in); return err })
	if err != nil {
		return nil, fmt.Errorf("demo: save template: %w", err)
	}
	return out, nil
}

// inspWork carries one inspection through its steps.
type inspWork struct {
	s          services.Set
	ctx        context.Context
	sp         inspSpec
	idx        int
	target     *org.Unit
	planTarget *inspection.PlanTarget
	tmpl       *inspection.Template
	officials  map[string]*org.Official
	heads      map[string]context.Context // the demo accounts
	p          *plan
	res        *InspectionsResult
	chosen     map[int64]bool

	visit   time.Time
	x       *inspection.Inspection
	actions []*inspection.CorrectiveAction
	r       *rand.Rand
	staff   []*org.Official // of the target unit, front desk first
}

func (w *inspWork) create() error {
	in := inspection.InspectionInput{Origin: w.sp.origin, Kind: w.sp.kind, Unannounced: w.sp.unannounced}
	day := congvu.Date(w.visit)
	in.ScheduledOn = &day
	owner, err := w.s.Units.FindUnitByCode(w.ctx, accountOf(w.p, w.sp.owner).UnitCode)
	if err != nil {
		return err
	}
	if w.planTarget != nil {
		in.PlanTargetID = w.planTarget.ID
	} else {
		in.UnitID = owner.ID
		in.Reason = w.sp.lead
		if w.sp.origin == inspection.OriginEvidence {
			sug, err := w.s.Inspections.SuggestTargets(w.ctx, inspection.SuggestFilter{UnitID: owner.ID, Kind: w.sp.kind, Limit: 20})
			if err != nil {
				return err
			}
			for _, g := range sug {
				if w.chosen[g.UnitID] {
					continue
				}
				u, err := w.s.Units.FindUnitByID(w.ctx, g.UnitID)
				if err != nil {
					return err
				}
				if u.Code == "33.TTT" || u.Code == "33.SNV" {
					continue // not the inspectors' own units
				}
				w.target = u
				in.Reason += " " + strings.Join(g.Reasons, " ")
				break
			}
			if w.target == nil {
				return fmt.Errorf("no suggestion left")
			}
			w.chosen[w.target.ID] = true
		}
		in.TargetUnitID = w.target.ID
	}
	x, err := w.s.Inspections.CreateInspection(w.ctx, in)
	if err != nil {
		return err
	}
	w.x = x
	w.res.Created++
	return nil
}

// checklist draws up the checklist from the catalog in force.
func (w *inspWork) checklist() error {
	in := inspection.ChecklistInput{}
	switch {
	case w.sp.kind == inspection.KindInspection && w.target.Kind == org.KindOneStopShop:
		in.Items = specsOf(withThanh(deskItems))
	case w.sp.kind == inspection.KindInspection:
		in.Items = specsOf(withThanh(officeItems))
	case w.target.Kind == org.KindOneStopShop && w.tmpl != nil:
		in.TemplateID = w.tmpl.ID // (the centre's local item is added on the day of the load: not in force before)
	case w.target.Kind == org.KindOneStopShop:
		in.Items = specsOf(deskItems)
	default:
		in.Items = specsOf(officeItems)
	}
	x, err := w.s.Inspections.GenerateChecklist(w.ctx, w.x.ID, in)
	if err != nil {
		return err
	}
	w.x = x
	return nil
}

// withThanh adds the items a thanh tra asks of citizens after the last
// item of their group (TT).
func withThanh(codes []string) []string {
	last := 0
	for i, c := range codes {
		if strings.HasPrefix(c, "TT-") {
			last = i
		}
	}
	out := append(append([]string{}, codes[:last+1]...), thanhItems...)
	return append(out, codes[last+1:]...)
}

func specsOf(codes []string) []inspection.LineSpec {
	out := make([]inspection.LineSpec, len(codes))
	for i, c := range codes {
		out[i] = inspection.LineSpec{ItemCode: c}
	}
	return out
}

func (w *inspWork) start() error {
	x, err := w.s.Inspections.StartVisit(w.ctx, w.x.ID)
	if err != nil {
		return err
	}
	w.x = x
	w.r = rand.New(rand.NewPCG(Seed+uint64(w.idx), 0x74686e68))
	// The officials of the inspected unit, the front desk first; at the
	// provincial centre the desk citizens rate worst leads.
	var desk, rest []*org.Official
	for _, pe := range w.p.people {
		o := w.officials[pe.EmployeeCode]
		if o == nil || !o.Active || pe.nowCode != w.target.Code {
			continue
		}
		if pe.EmployeeCode == w.p.feedback.staff.worst || pe.EmployeeCode == w.p.feedback.staff.cityWorst {
			desk = append([]*org.Official{o}, desk...)
		} else if !pe.IsLeader {
			desk = append(desk, o)
		} else {
			rest = append(rest, o)
		}
	}
	w.staff = append(desk, rest...)
	return nil
}

// factor weighs the odds of a breach by how the target serves in the
// demo's ratings.
func (w *inspWork) factor() float64 {
	switch w.target.Code {
	case w.p.feedback.staff.poorCommune, communeCentre(w.p.feedback.staff.poorCommune):
		return 1.7
	case w.p.feedback.staff.excellentCommune, communeCentre(w.p.feedback.staff.excellentCommune):
		return 0.4
	case centreCode, communeCentre(CityWard):
		return 1.2
	}
	return 1
}

func (w *inspWork) record(l int, t time.Time) error {
	if l >= len(w.x.Lines) {
		return nil
	}
	line := w.x.Lines[l]
	if w.sp.stop == stopVisit && l >= len(w.x.Lines)*3/5 {
		return nil // the visit goes on: the rest is still to record
	}
	in := inspection.LineInput{LineID: line.ID, Result: inspection.ResultKept, RecordedAt: &t}
	odds := breachOdds[line.ItemCode]
	if odds == 0 {
		odds = 0.02
	}
	switch x := w.r.Float64(); {
	case line.Method == inspection.MethodAsk && x > 0.9:
		in.Result, in.Note = inspection.ResultNotObserved, "Không có người dân đang chờ để hỏi trong thời gian kiểm tra."
	case x < odds*w.factor():
		notes := findingNotes[line.ItemCode]
		in.Result = inspection.ResultBreached
		if len(notes) == 0 {
			in.Note = "Chưa thực hiện đúng chuẩn mực: " + line.ItemTitle + "."
		} else {
			in.Note = notes[w.r.IntN(len(notes))]
		}
		if len(w.staff) > 0 && line.GroupCode != "DD" && w.r.IntN(10) < 7 {
			n := min(len(w.staff), 3)
			in.OfficialID = w.staff[w.r.IntN(n)].ID
			w.res.Named++
		}
		w.res.Breached++
	}
	if _, err := w.s.Inspections.RecordLine(w.ctx, w.x.ID, in); err != nil {
		return err
	}
	// A photo of the empty counter, or of a late dossier's receipt.
	kind := map[string]photoKind{"TT-KL": photoCounter, "TT-KD": photoReceipt}[line.ItemCode]
	if in.Result != inspection.ResultBreached || kind == photoNone || w.s.InspectionPhotos == nil {
		return nil
	}
	_, err := w.s.InspectionPhotos.AddPhoto(w.ctx, line.ID, fmt.Sprintf("demo-%d", line.ID), bytes.NewReader(demoPhoto(kind, uint64(line.ID)*7919+Seed)))
	if err == nil {
		w.res.Photos++
	}
	return err
}

func (w *inspWork) close() error {
	x, err := w.s.Inspections.CloseRecord(w.ctx, w.x.ID)
	if err != nil {
		return err
	}
	w.x = x
	return nil
}

func (w *inspWork) draft() error {
	x, err := w.s.Inspections.DraftConclusion(w.ctx, w.x.ID, conclusionText(w.x))
	if err != nil {
		return err
	}
	w.x = x
	return nil
}

func (w *inspWork) review() error {
	_, err := w.s.Inspections.ReviewConclusion(w.ctx, w.x.ID)
	return err
}

func (w *inspWork) issue() error {
	_, err := w.s.Inspections.IssueConclusion(w.ctx, w.x.ID)
	return err
}

// conclusionText drafts the conclusion from the record: what is kept, what
// is breached and by whom, and what the unit must do.
func conclusionText(x *inspection.Inspection) string {
	var kept, breached, unseen int
	var faults []string
	for _, l := range x.Lines {
		switch l.Result {
		case inspection.ResultKept:
			kept++
		case inspection.ResultBreached:
			breached++
			who := ""
			if l.OfficialName != "" {
				who = " (" + l.OfficialName + ")"
			}
			faults = append(faults, fmt.Sprintf("- %s (%s): %s%s", l.ItemTitle, l.ItemCode, strings.TrimSuffix(l.Note, "."), who))
		case inspection.ResultNotObserved:
			unseen++
		}
	}
	verb := "kiểm tra"
	if x.Kind == inspection.KindInspection {
		verb = "thanh tra"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Qua %s việc thực hiện văn hóa công vụ tại %s ngày %s, trên %d nội dung của phiếu %s:\n\n",
		verb, x.TargetUnitName, x.VisitedAt.In(congvu.TimeZone).Format("02/01/2006"), len(x.Lines), verb)
	fmt.Fprintf(&b, "1. Ưu điểm: %d nội dung thực hiện đúng quy định; cán bộ, công chức cơ bản chấp hành giờ giấc, trang phục, quy tắc ứng xử.\n", kept)
	if unseen > 0 {
		fmt.Fprintf(&b, "   %d nội dung không quan sát được trong thời gian %s.\n", unseen, verb)
	}
	if breached == 0 {
		b.WriteString("\n2. Tồn tại, hạn chế: không phát hiện vi phạm.\n\n3. Kiến nghị: tiếp tục duy trì, nhân rộng cách làm tốt.")
		return b.String()
	}
	fmt.Fprintf(&b, "\n2. Tồn tại, hạn chế (%d nội dung):\n%s\n", breached, strings.Join(faults, "\n"))
	b.WriteString("\n3. Kiến nghị: người đứng đầu đơn vị chấn chỉnh, tổ chức kiểm điểm trách nhiệm cá nhân có vi phạm; " +
		"khắc phục các tồn tại nêu trên và báo cáo kết quả bằng văn bản trong thời hạn 30 ngày làm việc.")
	return b.String()
}
