package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/violation"
)

// MyViolationsPage is what an official sees of their own record: the
// violations that name them, what was decided, the handlings to
// acknowledge, and the discipline cases about them. The service gives the
// evidence only in the words fit for them (Evidence.Official): never who
// reported, nor a tracking code.
type MyViolationsPage struct {
	Base
	Own *violation.Own
	// NoRecord: the account is linked to no official record.
	NoRecord bool
	// Ack is the failed acknowledgement form, with its handling.
	Ack       *Form
	AckFailed int64
}

// MyOutcome is what became of the actor among the officials a violation
// names.
func (p *MyViolationsPage) MyOutcome(v *violation.Violation) *violation.Named {
	if p.Actor == nil {
		return nil
	}
	for _, n := range v.Officials {
		if n.OfficialID == p.Actor.OfficialID {
			return n
		}
	}
	return nil
}

// AckForm is the acknowledgement form of a handling (the failed one with
// its input).
func (p *MyViolationsPage) AckForm(h *violation.Handling) *Form {
	if p.Ack != nil && p.AckFailed == h.ID {
		return p.Ack
	}
	return NewForm(nil)
}

// AckID is the id of the comment box of h's form: the failed form's is
// the one its error summary links to.
func (p *MyViolationsPage) AckID(h *violation.Handling) string {
	if p.Ack != nil && p.AckFailed == h.ID {
		return FieldID("ack_note")
	}
	return FieldID("ack_note") + "-" + strconv.FormatInt(h.ID, 10)
}

// Mine reports whether a handling is about the actor.
func (p *MyViolationsPage) Mine(h *violation.Handling) bool {
	return p.Actor != nil && h.OfficialID == p.Actor.OfficialID
}

func (s *Server) myViolations(w http.ResponseWriter, r *http.Request) error {
	return s.renderMine(w, r, http.StatusOK, &MyViolationsPage{})
}

func (s *Server) renderMine(w http.ResponseWriter, r *http.Request, status int, p *MyViolationsPage) error {
	a := congvu.ActorFromContext(r.Context())
	p.Base = Base{Title: "Vi phạm và việc xử lý của tôi"}
	if a.OfficialID == 0 {
		p.NoRecord = true
		return s.Render(w, r, status, "violation_mine.html", p)
	}
	own, err := s.Services.Violations.Mine(r.Context())
	if err != nil {
		return err
	}
	p.Own = own
	return s.Render(w, r, status, "violation_mine.html", p)
}

func (s *Server) acknowledgeHandling(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	ids, ok := parseIDs([]string{f.Values.Get("handling")})
	if !ok || len(ids) != 1 {
		return congvu.Errorf(congvu.EINVALID, "Xin chọn việc xử lý cần xác nhận.")
	}
	note := textField(f, "ack_note")
	if !f.Failed() {
		_, err := s.Services.Violations.Acknowledge(r.Context(), ids[0], note)
		if err == nil {
			return s.Redirect(w, r, "/violations/mine", "vp-da-xac-nhan")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("note", "ack_note")
	}
	f.Summarize("Chưa ghi nhận được, xin kiểm tra lại.")
	return s.renderMine(w, r, http.StatusBadRequest, &MyViolationsPage{Ack: f, AckFailed: ids[0]})
}

// Paragraphs splits a text in paragraphs.
func (p *MyViolationsPage) Paragraphs(s string) []string { return paragraphs(s) }
