package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/org"
	"congvu/violation"
)

// Discipline cases and the dated discipline rule sets through the API. The
// service (violation.DisciplineService) decides who may do what and what
// the official concerned sees; this file decodes and encodes. Days are
// written yyyy-mm-dd (Vietnam calendar days).

const caseNotFound = "Không tìm thấy hồ sơ kỷ luật."

// day is a calendar day in a JSON body: "2026-08-15".
type day string

// read parses d into v under name; required says an empty day is an
// error (the steps leave that to the service, which authorizes first).
func (d day) read(v congvu.Validation, name string, required bool) time.Time {
	s := strings.TrimSpace(string(d))
	if s == "" {
		if required {
			v.Add(name, "Xin nhập ngày (năm-tháng-ngày, ví dụ 2026-08-15).")
		}
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, congvu.TimeZone)
	if err != nil {
		v.Add(name, "Ngày phải có dạng năm-tháng-ngày, ví dụ 2026-08-15.")
	}
	return t
}

// caseBody opens a case.
type caseBody struct {
	OfficialID   int64              `json:"official_id"`
	ViolationIDs []int64            `json:"violation_ids"`
	Severity     violation.Severity `json:"severity"`
	ProposedForm string             `json:"proposed_form"`
}

// caseReviewBody records the review.
type caseReviewBody struct {
	Minutes string `json:"minutes"`
	On      day    `json:"on"`
}

// councilBody records the council.
type councilBody struct {
	Members      []violation.CouncilMember `json:"members"`
	MeetingOn    day                       `json:"meeting_on"`
	Minutes      string                    `json:"minutes"`
	VotesFor     int                       `json:"votes_for"`
	VotesAgainst int                       `json:"votes_against"`
	Recommended  string                    `json:"recommended"`
}

// disciplineDecisionBody records the signed decision.
type disciplineDecisionBody struct {
	Number      string `json:"number"`
	SignedOn    day    `json:"signed_on"`
	EffectiveOn day    `json:"effective_on"`
	Form        string `json:"form"`
	Signer      string `json:"signer"`
}

// notifyBody records the notification.
type notifyBody struct {
	Note string `json:"note"`
	On   day    `json:"on"`
}

// complaintBody files a complaint.
type complaintBody struct {
	FiledOn day    `json:"filed_on"`
	Text    string `json:"text"`
}

// settleBody settles it.
type settleBody struct {
	Outcome string `json:"outcome"`
	NewForm string `json:"new_form"`
	Reply   string `json:"reply"`
}

// deferBody puts a case aside.
type deferBody struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// dropBody ends a case without discipline.
type dropBody struct {
	Reason string `json:"reason"`
}

// forbidCases refuses those who may read no case (violation.MayReadCases).
func forbidCases(r *http.Request) error {
	if violation.MayReadCases(congvu.ActorFromContext(r.Context())) {
		return nil
	}
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem hồ sơ kỷ luật.")
}

func (s *Server) listDisciplineCases(w http.ResponseWriter, r *http.Request) error {
	if err := forbidCases(r); err != nil {
		return err
	}
	q := newQuery(r)
	f := violation.CaseFilter{Query: q.str("q"), UnitID: q.id("unit_id"), OfficialID: q.id("official_id"),
		Status: violation.CaseStatus(q.str("status")), Overdue: q.boolean("overdue")}
	if f.Status != "" && !f.Status.Valid() {
		q.errs.Add("status", "Trạng thái không hợp lệ.")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Discipline.FindCases(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) openDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	if !congvu.ActorFromContext(r.Context()).Can(congvu.ActDisciplineRun, "") {
		return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền mở thủ tục xem xét kỷ luật.")
	}
	var b caseBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	c, err := s.Services.Discipline.OpenCase(r.Context(), violation.CaseInput{OfficialID: b.OfficialID, ViolationIDs: b.ViolationIDs,
		Severity: b.Severity, ProposedForm: strings.TrimSpace(b.ProposedForm)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/discipline-cases/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) getDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	if err := forbidCases(r); err != nil {
		return err
	}
	id, err := pathID(r, caseNotFound)
	if err != nil {
		return err
	}
	c, err := s.Services.Discipline.FindCase(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// caseStep decodes body into dst (nil: no body), checks it with read and
// runs the step, answering the case.
func (s *Server) caseStep(w http.ResponseWriter, r *http.Request, dst any, step func(id int64, v congvu.Validation) (*violation.Case, error)) error {
	id, err := pathID(r, caseNotFound)
	if err != nil {
		return err
	}
	if dst != nil {
		if err := decodeJSON(w, r, dst); err != nil {
			return err
		}
	}
	v := congvu.Validation{}
	c, err := step(id, v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) reviewDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	var b caseReviewBody
	return s.caseStep(w, r, &b, func(id int64, v congvu.Validation) (*violation.Case, error) {
		on := b.On.read(v, "on", false)
		if err := v.Err(); err != nil {
			return nil, err
		}
		return s.Services.Discipline.RecordReview(r.Context(), id, b.Minutes, on)
	})
}

func (s *Server) councilDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	var b councilBody
	return s.caseStep(w, r, &b, func(id int64, v congvu.Validation) (*violation.Case, error) {
		in := violation.CouncilInput{Members: b.Members, MeetingOn: b.MeetingOn.read(v, "meeting_on", false), Minutes: b.Minutes,
			VotesFor: b.VotesFor, VotesAgainst: b.VotesAgainst, Recommended: b.Recommended}
		if b.VotesFor < 0 || b.VotesAgainst < 0 {
			v.Add("votes_for", "Số phiếu không được âm.")
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		return s.Services.Discipline.RecordCouncil(r.Context(), id, in)
	})
}

func (s *Server) decideDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	var b disciplineDecisionBody
	return s.caseStep(w, r, &b, func(id int64, v congvu.Validation) (*violation.Case, error) {
		in := violation.DecisionInput{Number: strings.TrimSpace(b.Number), SignedOn: b.SignedOn.read(v, "signed_on", false),
			EffectiveOn: b.EffectiveOn.read(v, "effective_on", false), Form: b.Form, Signer: b.Signer}
		if in.Number != "" {
			n, msg := violation.ParseDecisionNumber(in.Number)
			if msg != "" {
				v.Add("number", msg)
			}
			in.Number = n
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		return s.Services.Discipline.Decide(r.Context(), id, in)
	})
}

func (s *Server) notifyDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	var b notifyBody
	return s.caseStep(w, r, &b, func(id int64, v congvu.Validation) (*violation.Case, error) {
		on := b.On.read(v, "on", false)
		if err := v.Err(); err != nil {
			return nil, err
		}
		return s.Services.Discipline.Notify(r.Context(), id, b.Note, on)
	})
}

func (s *Server) complainDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	var b complaintBody
	return s.caseStep(w, r, &b, func(id int64, v congvu.Validation) (*violation.Case, error) {
		in := violation.ComplaintInput{FiledOn: b.FiledOn.read(v, "filed_on", false), Text: b.Text}
		if err := v.Err(); err != nil {
			return nil, err
		}
		return s.Services.Discipline.FileComplaint(r.Context(), id, in)
	})
}

func (s *Server) settleDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	var b settleBody
	return s.caseStep(w, r, &b, func(id int64, v congvu.Validation) (*violation.Case, error) {
		return s.Services.Discipline.SettleComplaint(r.Context(), id, violation.ComplaintInput{Outcome: b.Outcome, NewForm: b.NewForm, Reply: b.Reply})
	})
}

func (s *Server) deferDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	var b deferBody
	return s.caseStep(w, r, &b, func(id int64, v congvu.Validation) (*violation.Case, error) {
		return s.Services.Discipline.Defer(r.Context(), id, b.Code, b.Reason)
	})
}

func (s *Server) resumeDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	return s.caseStep(w, r, nil, func(id int64, v congvu.Validation) (*violation.Case, error) {
		return s.Services.Discipline.Resume(r.Context(), id)
	})
}

func (s *Server) dropDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	var b dropBody
	return s.caseStep(w, r, &b, func(id int64, v congvu.Validation) (*violation.Case, error) {
		return s.Services.Discipline.Drop(r.Context(), id, b.Reason)
	})
}

// Rule sets.

func (s *Server) listDisciplineRuleSets(w http.ResponseWriter, r *http.Request) error {
	sets, err := s.Services.Discipline.RuleSets(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(sets, len(sets), 0, len(sets)))
	return nil
}

// ruleSetBody is a new rule set: its dates as days.
type ruleSetBody struct {
	violation.RuleSet
	From  day `json:"from"`
	Until day `json:"until"`
}

func (s *Server) addDisciplineRuleSet(w http.ResponseWriter, r *http.Request) error {
	var b ruleSetBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	rs := b.RuleSet
	utc := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	rs.From, rs.Until = utc(b.From.read(v, "from", false)), utc(b.Until.read(v, "until", false))
	rs.ID, rs.CreatedBy, rs.CreatedAt = 0, 0, time.Time{}
	if err := v.Err(); err != nil {
		return err
	}
	out, err := s.Services.Discipline.AddRuleSet(r.Context(), rs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// ruleSetOn answers the rule set that judges an act of date by an official
// of category.
func (s *Server) disciplineRuleSetOn(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	c := org.Category(q.str("category"))
	if !c.Valid() {
		q.errs.Add("category", "Loại đối tượng không hợp lệ: cadre, civil_servant, public_employee hoặc worker.")
	}
	d := q.dayParam("date")
	if d.IsZero() && q.str("date") == "" {
		q.errs.Add("date", "Xin nhập ngày của hành vi (năm-tháng-ngày).")
	}
	if err := q.err(); err != nil {
		return err
	}
	rs, err := s.Services.Discipline.RuleSetFor(r.Context(), c, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rs)
	return nil
}
