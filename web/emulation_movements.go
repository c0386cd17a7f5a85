package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/emulation"
	"congvu/vntext"
)

// The staff pages of the emulation movement (phong trào thi đua): the
// route table and the movements (this file), the form that launches one
// (emulation_form.go), one movement with its ranking (emulation_movement.go)
// and the forms on it: clusters, registrations, computing the scores
// (emulation_registrations.go), a
// score explained line by line (emulation_scores.go), titles
// (emulation_titles.go), interim and final reviews (emulation_reviews.go),
// the dated title rules (emulation_rules.go) and the documents
// (emulation_docs.go). The service checks every right; the pages only hide
// the forms an actor could not use.

// emulationYearParam is the query parameter of the year a page shows.
const emulationYearParam = "year"

// emulationCriteriaRows is how many criteria rows the movement form shows
// beyond those it holds, for new criteria.
const emulationCriteriaRows = 3

func (s *Server) emulationRoutes() []Route {
	view, manage := Need(congvu.ActEmulationView), Need(congvu.ActEmulationManage)
	register, score := Need(congvu.ActEmulationRegister), Need(congvu.ActEmulationScore)
	return []Route{
		{Method: "GET", Pattern: "/emulation", Access: view, Handler: s.emulationMovements},
		{Method: "GET", Pattern: "/emulation/new", Access: manage, Handler: s.newMovementForm},
		{Method: "POST", Pattern: "/emulation/new", Access: manage, Handler: s.createMovement},
		{Method: "GET", Pattern: "/emulation/titles", Access: view, Handler: s.emulationTitles},
		{Method: "POST", Pattern: "/emulation/titles/propose", Access: Need(congvu.ActEmulationPropose), Handler: s.proposeTitle},
		{Method: "POST", Pattern: "/emulation/titles/decide", Access: Need(congvu.ActEmulationDecide), Handler: s.decideTitle},
		{Method: "GET", Pattern: "/emulation/titles/to-trinh.pdf", Access: view, Handler: s.titleDossier},
		{Method: "GET", Pattern: "/emulation/titles/to-trinh.docx", Access: view, Handler: s.titleDossier},
		{Method: "GET", Pattern: "/emulation/{id}", Access: view, Handler: s.emulationMovement},
		{Method: "GET", Pattern: "/emulation/{id}/edit", Access: manage, Handler: s.editMovementForm},
		{Method: "POST", Pattern: "/emulation/{id}/edit", Access: manage, Handler: s.updateMovement},
		{Method: "POST", Pattern: "/emulation/{id}/open", Access: manage, Handler: s.openMovement},
		{Method: "POST", Pattern: "/emulation/{id}/close", Access: manage, Handler: s.closeMovement},
		{Method: "POST", Pattern: "/emulation/{id}/clusters", Access: manage, Handler: s.saveCluster},
		{Method: "POST", Pattern: "/emulation/{id}/registrations", Access: register, Handler: s.registerEmulation},
		{Method: "POST", Pattern: "/emulation/{id}/registrations/{reg}/withdraw", Access: register, Handler: s.withdrawEmulation},
		{Method: "POST", Pattern: "/emulation/{id}/compute", Access: score, Handler: s.computeScores},
		{Method: "GET", Pattern: "/emulation/{id}/scores/{reg}", Access: view, Handler: s.emulationScore},
		{Method: "POST", Pattern: "/emulation/{id}/scores/{reg}", Access: score, Handler: s.scoreByHand},
		{Method: "GET", Pattern: "/emulation/{id}/ranking.xlsx", Access: view, Handler: s.rankingDoc},
		{Method: "GET", Pattern: "/emulation/{id}/ranking.pdf", Access: view, Handler: s.rankingDoc},
		{Method: "POST", Pattern: "/emulation/{id}/reviews", Access: manage, Handler: s.createReview},
		{Method: "GET", Pattern: "/emulation/{id}/reviews/{rid}", Access: view, Handler: s.emulationReview},
		{Method: "GET", Pattern: "/emulation/{id}/reviews/{rid}/bao-cao.pdf", Access: view, Handler: s.reviewDoc},
		{Method: "GET", Pattern: "/emulation/{id}/reviews/{rid}/bao-cao.docx", Access: view, Handler: s.reviewDoc},
		{Method: "GET", Pattern: "/settings/title-rules", Access: SignedIn, Handler: s.titleRules},
		{Method: "POST", Pattern: "/settings/title-rules", Access: Need(congvu.ActEmulationRules), Handler: s.addTitleRules},
	}
}

func init() {
	FlashMessages["td-phat-dong"] = "Đã lưu phong trào (dự thảo). Kiểm tra tiêu chí rồi bấm “Phát động” để các đơn vị đăng ký."
	FlashMessages["td-sua"] = "Đã lưu phong trào."
	FlashMessages["td-mo"] = "Đã phát động phong trào: các đơn vị, cá nhân đăng ký được từ bây giờ."
	FlashMessages["td-dong"] = "Đã kết thúc phong trào."
	FlashMessages["td-cum"] = "Đã lưu cụm thi đua."
	FlashMessages["td-dang-ky"] = "Đã đăng ký thi đua."
	FlashMessages["td-rut"] = "Đã rút đăng ký."
	FlashMessages["td-tinh-diem"] = "Đã tính điểm và xếp hạng."
	FlashMessages["td-cham"] = "Đã chấm điểm tiêu chí."
	FlashMessages["td-de-nghi"] = "Đã đề nghị công nhận danh hiệu; cấp có thẩm quyền sẽ xét."
	FlashMessages["td-quyet-dinh"] = "Đã ghi quyết định công nhận danh hiệu."
	FlashMessages["td-so-ket"] = "Đã lập báo cáo; số liệu được chốt tại ngày lập."
	FlashMessages["td-quy-dinh"] = "Đã thêm bộ quy định danh hiệu thi đua."
}

func movementHref(id int64) string { return "/emulation/" + strconv.FormatInt(id, 10) }

// emuFmt gives the emulation pages their number formats.
type emuFmt struct{}

// Pts writes points the Vietnamese way, at most two decimals (85,5).
func (emuFmt) Pts(x float64) string { return EmulationPoints(x) }

// Value writes a measured value, "chưa có" when there is no figure (-1).
func (emuFmt) Value(x float64) string {
	if x < 0 {
		return "chưa có số liệu"
	}
	return EmulationPoints(x)
}

// EmulationPoints writes a number with a decimal comma, at most two
// decimals.
func EmulationPoints(x float64) string {
	return vntext.Decimal(x, 2)
}

// parseEmuNumber reads a number typed with a decimal comma or point.
func parseEmuNumber(s string) (float64, bool) {
	s = strings.Replace(strings.TrimSpace(s), ",", ".", 1)
	x, err := strconv.ParseFloat(s, 64)
	if s == "" || err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// emulationYear reads the year of a page from the query: the year given,
// or this year kept inside the movement's period (m may be nil).
func emulationYear(r *http.Request, m *emulation.Movement) int {
	y, err := strconv.Atoi(r.URL.Query().Get(emulationYearParam))
	if err != nil || y < 2000 || y > 2100 {
		y = thisYear()
		if m != nil {
			y = min(max(y, m.FromYear), m.ToYear)
		}
	}
	return y
}

// EmulationListPage is the movements in the actor's sight, current first,
// or those a filter (status, year covered) selects.
type EmulationListPage struct {
	Base
	Form            *Form
	Statuses        []Option
	Current, Others []*emulation.Movement
	Filtered        bool
	CanManage       bool
	Year            int
}

// Query parameters of the movements list.
const (
	emulationStatusParam = "trang-thai"
	emulationListYear    = "nam"
)

func (s *Server) emulationMovements(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &EmulationListPage{Base: Base{Title: "Phong trào thi đua"}, Form: f, CanManage: a.Can(congvu.ActEmulationManage, ""), Year: thisYear(),
		Statuses: []Option{{"", "Tất cả"}, {string(emulation.MovementOpen), "Đang diễn ra"}, {string(emulation.MovementDraft), "Dự thảo"},
			{string(emulation.MovementClosed), "Đã kết thúc"}}}
	filter := emulation.MovementFilter{Limit: 200}
	switch st := emulation.MovementStatus(f.Get(emulationStatusParam)); st {
	case "":
	case emulation.MovementOpen, emulation.MovementDraft, emulation.MovementClosed:
		filter.Status = st
	default:
		f.AddError(emulationStatusParam, "Xin chọn một tình trạng trong danh sách.")
	}
	if v := f.Get(emulationListYear); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			f.AddError(emulationListYear, "Năm phải là số từ 2000 đến 2100.")
		} else {
			filter.Year = y
		}
	}
	p.Filtered = filter.Status != "" || filter.Year != 0
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		return s.Render(w, r, http.StatusBadRequest, "emulation_list.html", p)
	}
	list, _, err := s.Services.Emulation.FindMovements(ctx, filter)
	if err != nil {
		return err
	}
	for _, m := range list {
		if !p.Filtered && m.Status == emulation.MovementOpen && m.Covers(p.Year) {
			p.Current = append(p.Current, m)
		} else {
			p.Others = append(p.Others, m)
		}
	}
	return s.Render(w, r, http.StatusOK, "emulation_list.html", p)
}
