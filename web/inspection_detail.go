package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/inspection"
)

func init() {
	FlashMessages["kt-da-tao"] = "Đã tạo đợt kiểm tra. Bước tiếp theo: chọn danh mục kiểm tra từ bộ chuẩn mực."
	FlashMessages["kt-da-chon"] = "Đã lưu danh mục kiểm tra."
	FlashMessages["kt-da-ghi"] = "Đã lưu kết quả kiểm tra."
	FlashMessages["kt-da-lap-bien-ban"] = "Đã lập biên bản: mọi dòng đã có kết quả. Bước tiếp theo: dự thảo kết luận."
	FlashMessages["kl-da-luu"] = "Đã lưu dự thảo kết luận."
	FlashMessages["kl-da-ra-soat"] = "Đã ghi nhận rà soát (thẩm định) dự thảo kết luận."
	FlashMessages["kl-da-ban-hanh"] = "Đã ban hành kết luận; đơn vị được kiểm tra xem được kết luận từ nay."
}

// InspectionPage is one inspection: its facts, its lines grouped, its
// conclusion with the workflow buttons, and its history. The inspected
// unit gets inspection_unit.html instead (the issued conclusion only).
type InspectionPage struct {
	Base
	I                     *inspection.Inspection
	PlanHref              string
	Groups                []LineGroup
	Counts                LineCounts
	CanRun, CanChoose     bool
	CanRecord, CanClose   bool
	CanConclude, CanDraft bool
	Steps                 []Option // the conclusion's next step, as a button
	Conclusion            *Form
	Record                *Form // closing the record, when refused
	History               []HistoryEntry
	Photos                map[int64][]*inspection.Photo // photos per line (taken on the field page)
	Issued                bool                          // for the inspected unit's page
	Docs                  []Link                        // the record and the conclusion the actor may download
	// Actions are the corrective actions of the issued conclusion the
	// actor sees; NewActionHref sets one (for those who verify them).
	Actions       []*inspection.CorrectiveAction
	NewActionHref string
}

// inspectionDocs are the documents of i the actor's side may read, to
// download (inspection.RecordFor, ConclusionFor).
func inspectionDocs(i *inspection.Inspection, side inspection.Side) []Link {
	var out []Link
	h := inspectionHref(i.ID)
	if i.RecordFor(side) {
		out = append(out, Link{"Biên bản (PDF)", h + "/bien-ban.pdf"}, Link{"Biên bản (DOCX)", h + "/bien-ban.docx"})
	}
	if i.ConclusionFor(side) && (i.Conclusion != "" || side == inspection.SideTarget) {
		out = append(out, Link{"Kết luận (PDF)", h + "/ket-luan.pdf"}, Link{"Kết luận (DOCX)", h + "/ket-luan.docx"})
	}
	return out
}

// PhotoHref is the address of a photo of the inspection.
func (p *InspectionPage) PhotoHref(ph *inspection.Photo) string {
	return inspectionPhotoHref(p.I.ID, ph.ID)
}

// LinePhotos are the photos of a line.
func (p *InspectionPage) LinePhotos(lineID int64) []*inspection.Photo { return p.Photos[lineID] }

// LineGroup is the lines of one group of the catalog.
type LineGroup struct {
	Code, Name string
	Lines      []*inspection.Line
}

// LineCounts counts the lines by result.
type LineCounts struct{ Kept, Breached, NotObserved, Open int }

// ConclusionLabel is the label of the conclusion's text box.
func (p *InspectionPage) ConclusionLabel() string {
	if p.I.Conclusion != "" {
		return "Sửa dự thảo kết luận"
	}
	return "Viết dự thảo kết luận"
}

// PhotoCount is the number of photos of a line.
func (p *InspectionPage) PhotoCount(lineID int64) int { return len(p.Photos[lineID]) }

// MethodLabel names a method.
func (p *InspectionPage) MethodLabel(m inspection.Method) string { return m.Label() }

// Paragraphs splits a text at blank lines or line breaks.
func (p *InspectionPage) Paragraphs(s string) []string { return paragraphs(s) }

func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// groupNames are the names of the catalog's groups, by code.
func (s *Server) groupNames(r *http.Request, unitID int64) map[string]string {
	names := map[string]string{}
	if v, err := s.Services.Standards.CurrentVersion(r.Context(), unitID); err == nil {
		for _, g := range v.Groups {
			names[g.Code] = g.Name
		}
	}
	return names
}

// groupLines puts lines in groups, in the order of the checklist.
func groupLines(lines []*inspection.Line, names map[string]string) ([]LineGroup, LineCounts) {
	var out []LineGroup
	var c LineCounts
	for _, l := range lines {
		switch l.Result {
		case inspection.ResultKept:
			c.Kept++
		case inspection.ResultBreached:
			c.Breached++
		case inspection.ResultNotObserved:
			c.NotObserved++
		default:
			c.Open++
		}
		if n := len(out); n == 0 || out[n-1].Code != l.GroupCode {
			name := names[l.GroupCode]
			if name == "" {
				name = "Nhóm " + l.GroupCode
			}
			out = append(out, LineGroup{Code: l.GroupCode, Name: name})
		}
		out[len(out)-1].Lines = append(out[len(out)-1].Lines, l)
	}
	return out, c
}

// inspectionByPath finds the inspection of the {id} in the path, as the
// actor's side sees it.
func (s *Server) inspectionByPath(r *http.Request) (*inspection.Inspection, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.Services.Inspections.FindInspection(r.Context(), id)
}

// ownerSide reports whether the actor sees i from the inspecting side.
func ownerSide(a *congvu.Actor, i *inspection.Inspection) bool {
	return inspection.SideOf(a, i.UnitPath, i.TargetUnitPath) == inspection.SideOwner
}

func (s *Server) inspection(w http.ResponseWriter, r *http.Request) error {
	i, err := s.inspectionByPath(r)
	if err != nil {
		return err
	}
	return s.renderInspection(w, r, http.StatusOK, i, nil, nil)
}

func (s *Server) renderInspection(w http.ResponseWriter, r *http.Request, status int, i *inspection.Inspection, conclusion, record *Form) error {
	a := congvu.ActorFromContext(r.Context())
	var err error
	title := i.Kind.Label() + ": " + i.TargetUnitName
	p := &InspectionPage{Base: Base{Title: title, Crumbs: []Link{{"Kiểm tra, thanh tra", "/inspections"}}}, I: i}
	side := inspection.SideOf(a, i.UnitPath, i.TargetUnitPath)
	p.Docs = inspectionDocs(i, side)
	if i.ConclusionStatus == inspection.ConclusionIssued && s.Services.InspectionActions != nil {
		if p.Actions, _, err = s.Services.InspectionActions.FindActions(r.Context(), inspection.ActionFilter{InspectionID: i.ID, Limit: 200}); err != nil {
			return err
		}
		if i.Status != inspection.StatusClosed && inspection.CanVerifyAction(a, i.Kind, i.UnitPath, i.LeadUserID) {
			p.NewActionHref = inspectionHref(i.ID) + "/actions/new"
		}
	}
	if side != inspection.SideOwner {
		p.Title = "Kết luận " + strings.ToLower(i.Kind.Label()) + " tại " + i.TargetUnitName
		p.Issued = i.ConclusionStatus == inspection.ConclusionIssued
		return s.Render(w, r, status, "inspection_unit.html", p)
	}
	if i.PlanID != 0 {
		p.PlanHref = planHref(i.PlanID)
	}
	p.Groups, p.Counts = groupLines(i.Lines, s.groupNames(r, i.TargetUnitID))
	photos, err := s.Services.InspectionPhotos.ListPhotos(r.Context(), i.ID)
	if err != nil {
		return err
	}
	p.Photos = map[int64][]*inspection.Photo{}
	for _, ph := range photos {
		p.Photos[ph.LineID] = append(p.Photos[ph.LineID], ph)
	}
	open := i.Status == inspection.StatusPlanned || i.Status == inspection.StatusInProgress
	p.CanRun = a.Can(inspection.Action(i.Kind, inspection.StepRun), i.UnitPath)
	p.CanChoose = p.CanRun && open && p.Counts.Kept+p.Counts.Breached+p.Counts.NotObserved == 0
	p.CanRecord = p.CanRun && open
	p.CanClose = p.CanRecord && len(i.Lines) > 0
	p.CanConclude = a.Can(inspection.Action(i.Kind, inspection.StepConclude), i.UnitPath) &&
		i.Status != inspection.StatusPlanned && i.Status != inspection.StatusInProgress
	p.CanDraft = p.CanConclude && i.ConclusionStatus != inspection.ConclusionIssued
	if p.CanDraft && i.Conclusion != "" {
		switch inspection.ConclusionNext[i.ConclusionStatus] {
		case inspection.ConclusionReviewed:
			label := "Rà soát dự thảo"
			if i.Kind == inspection.KindInspection {
				label = "Thẩm định dự thảo"
			}
			p.Steps = []Option{{"review", label}}
		case inspection.ConclusionIssued:
			p.Steps = []Option{{"issue", "Ban hành kết luận"}}
		}
	}
	if conclusion == nil {
		conclusion = NewForm(nil)
		conclusion.Set("conclusion", i.Conclusion)
	}
	p.Conclusion, p.Record = conclusion, record
	if p.Record == nil {
		p.Record = NewForm(nil)
	}
	var recorded *time.Time
	for _, l := range i.Lines {
		if l.RecordedAt != nil && (recorded == nil || l.RecordedAt.After(*recorded)) {
			recorded = l.RecordedAt
		}
	}
	events, err := s.Services.Inspections.History(r.Context(), i.ID)
	if err != nil {
		return err
	}
	if p.History = inspectionHistory(events); len(p.History) == 0 {
		// Inspections older than their audit trail: the dates alone.
		p.History = history(i.CreatedAt, "Tạo đợt ("+i.Origin.Label()+")", i.VisitedAt, "Bắt đầu kiểm tra tại đơn vị",
			recorded, "Ghi kết quả gần nhất", i.IssuedAt, "Ban hành kết luận")
	}
	return s.Render(w, r, status, "inspection_detail.html", p)
}

// inspectionConclusion saves the draft conclusion, or takes its next step
// (review or appraise, issue) after saving the text when it changed.
func (s *Server) inspectionConclusion(w http.ResponseWriter, r *http.Request) error {
	i, err := s.inspectionByPath(r)
	if err != nil {
		return err
	}
	svc, ctx := s.Services.Inspections, r.Context()
	a := congvu.ActorFromContext(ctx)
	if !ownerSide(a, i) {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đợt kiểm tra.")
	}
	if !a.Can(inspection.Action(i.Kind, inspection.StepConclude), i.UnitPath) {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền kết luận đợt kiểm tra này.")
	}
	f, err := inspectionForm(r)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(r.PostForm.Get("conclusion"))
	flash := "kl-da-luu"
	if text != strings.TrimSpace(i.Conclusion) {
		_, err = svc.DraftConclusion(ctx, i.ID, text)
	}
	if err == nil {
		switch f.Get("step") {
		case "save", "":
		case "review":
			_, err = svc.ReviewConclusion(ctx, i.ID)
			flash = "kl-da-ra-soat"
		case "issue":
			_, err = svc.IssueConclusion(ctx, i.ID)
			flash = "kl-da-ban-hanh"
		default:
			err = congvu.Errorf(congvu.EINVALID, "Bước không hợp lệ.")
		}
	}
	if err == nil {
		return s.Redirect(w, r, inspectionHref(i.ID), flash)
	}
	if !f.SetError(err) {
		return err
	}
	f.Summarize("Chưa lưu được kết luận.")
	if now, err2 := svc.FindInspection(ctx, i.ID); err2 == nil {
		i = now
	}
	return s.renderInspection(w, r, http.StatusBadRequest, i, f, nil)
}

// inspectionHistory is the history of an inspection from its audit
// events, each with who acted; a run of lines recorded by one person is
// one entry ("Ghi kết quả kiểm tra (12 lượt ghi)").
func inspectionHistory(events []*congvu.AuditEvent) []HistoryEntry {
	var out []HistoryEntry
	run := 0
	for k, e := range events {
		if k > 0 && e.Kind == "inspection.line.record" && events[k-1].Kind == e.Kind && events[k-1].ActorID == e.ActorID && events[k-1].ActorName == e.ActorName {
			run++
			last := &out[len(out)-1]
			last.At, last.Label = e.At, "Ghi kết quả kiểm tra ("+strconv.Itoa(run)+" lượt ghi)"
			continue
		}
		run = 1
		label := auditKinds[e.Kind]
		if label == "" {
			label = e.Kind
		}
		actor := e.ActorName
		if actor == "" {
			actor = "Hệ thống"
		}
		out = append(out, HistoryEntry{At: e.At, Label: label, Actor: actor})
	}
	return out
}
