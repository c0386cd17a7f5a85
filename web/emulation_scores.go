package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/emulation"
)

// EmulationScorePage explains one registration's score line by line: the value
// measured, the points, the maximum, how the points follow, the evidence
// (linked where the actor may open it), and the hand-scored lines with
// their reason and the form to score them.
type EmulationScorePage struct {
	Base
	emuFmt
	M        *emulation.Movement
	Reg      *emulation.Registration
	Score    *emulation.Score
	Year     int
	Lines    []EmulationScoreLine
	CanScore bool
	Form     *Form
	Manual   []Option
}

// EmulationScoreLine is a line of a score with its evidence as links.
type EmulationScoreLine struct {
	emulation.ScoreLine
	Evidence []EmulationEvidenceLink
}

// EmulationEvidenceLink is one piece of evidence a line rests on: a link when the
// actor may open it, else its name only.
type EmulationEvidenceLink struct {
	Label, Href string
}

// evidencePages are the pages evidence of each kind opens, with the right
// to read them; kinds without a page of their own are named only.
var evidencePages = map[string]struct {
	label, prefix string
	act           congvu.Action
}{
	"violation":                   {"Vi phạm", "/violations/", congvu.ActViolationView},
	congvu.EvidencePetition:       {"Phản ánh", "/petitions/", congvu.ActPetitionView},
	"inspection":                  {"Kết quả kiểm tra", "/inspections/", congvu.ActInspectionView},
	congvu.EvidenceInspectionKept: {"Kết quả kiểm tra", "/inspections/", congvu.ActInspectionView},
	congvu.EvidenceInspectionLine: {"Nội dung kiểm tra không đạt", "", ""},
	congvu.EvidenceRatings:        {"Đánh giá của người dân trong năm", "", ""},
	"discipline":                  {"Kỷ luật", "/discipline/", congvu.ActViolationView},
	"evaluation":                  {"Xếp loại chất lượng", "/evaluations/", congvu.ActEvaluationView},
	"commendation":                {"Khen thưởng", "/commendations/", congvu.ActCommendationView},
}

// EmulationEvidenceLinks turns a line's evidence ("kind:id") into links
// for actor a, who reads a registration of the unit at unitPath: the
// evidence of a line lies in that subtree, and the page it opens checks
// again.
func EmulationEvidenceLinks(a *congvu.Actor, unitPath string, refs []string) []EmulationEvidenceLink {
	var out []EmulationEvidenceLink
	for _, ref := range refs {
		kind, rest, _ := strings.Cut(ref, ":")
		idText, _, _ := strings.Cut(rest, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		page, known := evidencePages[kind]
		switch {
		case !known:
			out = append(out, EmulationEvidenceLink{Label: ref})
		case page.prefix == "" || err != nil || id <= 0:
			label := page.label
			if page.prefix == "" && kind != congvu.EvidenceRatings && err == nil && id > 0 {
				label += " số " + idText
			}
			out = append(out, EmulationEvidenceLink{Label: label})
		case !a.Can(page.act, unitPath):
			out = append(out, EmulationEvidenceLink{Label: page.label + " số " + idText})
		default:
			out = append(out, EmulationEvidenceLink{Label: page.label + " số " + idText, Href: page.prefix + idText})
		}
	}
	return out
}

func (s *Server) emulationScore(w http.ResponseWriter, r *http.Request) error {
	return s.renderScore(w, r, http.StatusOK, nil)
}

func (s *Server) renderScore(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	m, err := s.movementByPath(r)
	if err != nil {
		return err
	}
	regID, err := strconv.ParseInt(r.PathValue("reg"), 10, 64)
	if err != nil || regID <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đăng ký thi đua.")
	}
	year := emulationYear(r, m)
	if f != nil {
		if y, err := strconv.Atoi(f.Get("year")); err == nil {
			year = y
		}
	}
	// The score says whose it is; the registration (its unit's place in the
	// tree, its pledge) is looked for among those of that unit.
	sc, err := s.Services.Emulation.Explain(ctx, regID, year)
	var hint *emulation.Score
	switch congvu.ErrorCode(err) {
	case "":
		hint = sc
	case congvu.ENOTFOUND: // registered, perhaps not scored yet
	default:
		return err
	}
	reg, err := s.findRegistration(r, m.ID, year, regID, hint)
	if err != nil {
		return err
	}
	if sc == nil {
		sc = &emulation.Score{RegistrationID: reg.ID, Subject: reg.Subject, UnitID: reg.UnitID, UnitName: reg.UnitName,
			OfficialID: reg.OfficialID, OfficialName: reg.OfficialName, Year: year}
	}
	p := &EmulationScorePage{M: m, Score: sc, Reg: reg, Year: year, Form: f}
	p.Base = Base{Title: fmt.Sprintf("Điểm thi đua năm %d: %s", year, EmulationScoreName(sc)),
		Crumbs: []Link{{"Phong trào thi đua", "/emulation"}, {m.Title, fmt.Sprintf("%s?year=%d", movementHref(m.ID), year)}}}
	for _, l := range sc.Lines {
		p.Lines = append(p.Lines, EmulationScoreLine{ScoreLine: l, Evidence: EmulationEvidenceLinks(a, reg.UnitPath, l.Evidence)})
	}
	for _, c := range m.CriteriaOf(reg.Subject) {
		if c.Source == emulation.SourceManual {
			p.Manual = append(p.Manual, Option{strconv.FormatInt(c.ID, 10), fmt.Sprintf("%s (tối đa %s điểm)", c.Label, EmulationPoints(c.Weight))})
		}
	}
	unitPath := reg.UnitPath
	p.CanScore = len(p.Manual) > 0 && m.Status == emulation.MovementOpen && a.Can(congvu.ActEmulationScore, unitPath)
	if p.Form == nil {
		p.Form = NewForm(nil)
		if len(p.Manual) > 0 {
			p.Form.Set("criterion", p.Manual[0].Value)
		}
	}
	if len(p.Manual) > 1 {
		p.Manual = append([]Option{{"", "— Chọn tiêu chí —"}}, p.Manual...)
	}
	return s.Render(w, r, status, "emulation_score.html", p)
}

// scoreByHand scores a manual criterion with its reason.
func (s *Server) scoreByHand(w http.ResponseWriter, r *http.Request) error {
	id, err := s.movementID(r)
	if err != nil {
		return err
	}
	regID, err := strconv.ParseInt(r.PathValue("reg"), 10, 64)
	if err != nil || regID <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đăng ký thi đua.")
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := emulation.HandScoreInput{RegistrationID: regID, CriterionID: f.Int("criterion"), Reason: f.Get("reason")}
	y, err := strconv.Atoi(f.Get("year"))
	if err != nil {
		return congvu.Errorf(congvu.EINVALID, "Năm chấm điểm không hợp lệ; xin tải lại trang.")
	}
	in.Year = y
	if in.CriterionID == 0 {
		f.AddError("criterion", "Xin chọn tiêu chí chấm trực tiếp.")
	}
	if pts, ok := parseEmuNumber(f.Get("points")); ok {
		in.Points = pts
	} else {
		f.AddError("points", "Xin nhập số điểm, ví dụ 8 hoặc 7,5.")
	}
	if !f.Failed() {
		_, err := s.Services.Emulation.ScoreByHand(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, fmt.Sprintf("%s/scores/%d?year=%d", movementHref(id), regID, y), "td-cham")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("criterion_id", "criterion")
	}
	f.Summarize("Chưa chấm được điểm, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderScore(w, r, http.StatusBadRequest, f)
}

// registrationPages bounds the pages of registrations read to find one.
const registrationPages = 25

// findRegistration finds registration id of a movement and year: among
// those of the score's subject and unit when hint is given, else among all
// (a bounded number of pages); ENOTFOUND when it is not there.
func (s *Server) findRegistration(r *http.Request, movementID int64, year int, id int64, hint *emulation.Score) (*emulation.Registration, error) {
	f := emulation.RegistrationFilter{MovementID: movementID, Year: year, Limit: 200}
	if hint != nil {
		f.Subject, f.UnitID = hint.Subject, hint.UnitID
	}
	for page := 0; page < registrationPages; page++ {
		f.Offset = page * f.Limit
		list, total, err := s.Services.Emulation.FindRegistrations(r.Context(), f)
		if err != nil {
			return nil, err
		}
		for _, g := range list {
			if g.ID == id {
				return g, nil
			}
		}
		if len(list) < f.Limit || f.Offset+len(list) >= total {
			break
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đăng ký thi đua năm %d của phong trào này.", year)
}
