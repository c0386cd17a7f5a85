package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/violation"
)

// Violations and their handling below discipline through the API: the
// same service as the pages (violation.Service), which checks every right,
// audits every reading and gives the official concerned their own record
// without the evidence detail nor who reported. This file decodes and
// encodes.

const violationNotFound = "Không tìm thấy vụ vi phạm."
const handlingNotFound = "Không tìm thấy việc xử lý."

// evidenceBody names a piece of evidence: its kind and id (a founded
// petition, a breached inspection line), or the unit head's own
// observation with its note; a pattern in ratings names its official.
type evidenceBody struct {
	Kind       string `json:"kind"`
	ID         int64  `json:"id"`
	OfficialID int64  `json:"official_id"`
	Note       string `json:"note"`
}

func (b evidenceBody) ref() congvu.EvidenceRef {
	return congvu.EvidenceRef{Kind: strings.TrimSpace(b.Kind), ID: b.ID, OfficialID: b.OfficialID}
}

// violationBody opens a violation.
type violationBody struct {
	UnitID      int64          `json:"unit_id"`
	ActDate     string         `json:"act_date"` // yyyy-mm-dd
	ItemCodes   []string       `json:"item_codes"`
	Description string         `json:"description"`
	OfficialIDs []int64        `json:"official_ids"`
	Evidence    []evidenceBody `json:"evidence"`
}

func (b violationBody) input() (violation.Input, error) {
	in := violation.Input{UnitID: b.UnitID, ItemCodes: b.ItemCodes, Description: b.Description, OfficialIDs: b.OfficialIDs}
	if day := strings.TrimSpace(b.ActDate); day != "" {
		d, err := time.ParseInLocation(time.DateOnly, day, congvu.TimeZone)
		if err != nil {
			return in, congvu.FieldError("act_date", "Ngày xảy ra hành vi phải có dạng năm-tháng-ngày, ví dụ 2026-03-15.")
		}
		in.ActDate = d
	}
	for i, e := range b.Evidence {
		in.Evidence = append(in.Evidence, e.ref())
		if e.Note != "" {
			if in.Notes == nil {
				in.Notes = map[int]string{}
			}
			in.Notes[i] = e.Note
		}
	}
	return in, nil
}

func (s *Server) listViolations(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := violation.Filter{Query: q.str("q"), UnitID: q.id("unit_id"), OfficialID: q.id("official_id"),
		ItemCode: strings.ToUpper(q.str("item_code")), Status: violation.Status(q.str("status"))}
	if f.Status != "" && !f.Status.Valid() {
		q.errs.Add("status", "Trạng thái không hợp lệ: open, handled hoặc dismissed.")
	}
	f.From, f.To = q.dayRange()
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Violations.FindViolations(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, violationList{list: newList(list, total, f.Offset, f.Limit), HasMore: total > f.Offset+len(list)})
	return nil
}

// violationList is a page of violations. The total is counted only up to
// violation.CountBound (past violation.MaxCount it means "more than"), so
// a client pages on while HasMore says a next page holds violations.
type violationList struct {
	list[*violation.Violation]
	HasMore bool `json:"has_more"`
}

func (s *Server) createViolation(w http.ResponseWriter, r *http.Request) error {
	var b violationBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	in, err := b.input()
	if err != nil {
		return err
	}
	v, err := s.Services.Violations.CreateViolation(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/violations/"+strconv.FormatInt(v.ID, 10))
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) getViolation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, violationNotFound)
	if err != nil {
		return err
	}
	v, err := s.Services.Violations.FindViolation(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) addViolationEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, violationNotFound)
	if err != nil {
		return err
	}
	var b evidenceBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v, err := s.Services.Violations.AddEvidence(r.Context(), id, b.ref(), b.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// handlingBody records a measure short of discipline.
type handlingBody struct {
	OfficialID int64                  `json:"official_id"`
	Kind       violation.HandlingKind `json:"kind"`
	Severity   violation.Severity     `json:"severity"`
	Note       string                 `json:"note"`
}

func (s *Server) handleViolation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, violationNotFound)
	if err != nil {
		return err
	}
	var b handlingBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	h, err := s.Services.Violations.Handle(r.Context(), id, violation.HandlingInput{OfficialID: b.OfficialID, Kind: b.Kind, Severity: b.Severity, Note: b.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, h)
	return nil
}

// ackBody is the official's acknowledgement, with an optional comment.
type ackBody struct {
	Note string `json:"note"`
}

func (s *Server) acknowledgeHandling(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, handlingNotFound)
	if err != nil {
		return err
	}
	var b ackBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	h, err := s.Services.Violations.Acknowledge(r.Context(), id, b.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

// noActionBody records that an official named gets no measure.
type noActionBody struct {
	OfficialID int64  `json:"official_id"`
	Reason     string `json:"reason"`
}

func (s *Server) violationNoAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, violationNotFound)
	if err != nil {
		return err
	}
	var b noActionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v, err := s.Services.Violations.NoAction(r.Context(), id, b.OfficialID, b.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// reasonBody is a reason (dismissal).
type reasonBody struct {
	Reason string `json:"reason"`
}

func (s *Server) dismissViolation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, violationNotFound)
	if err != nil {
		return err
	}
	var b reasonBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v, err := s.Services.Violations.Dismiss(r.Context(), id, b.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) myViolations(w http.ResponseWriter, r *http.Request) error {
	own, err := s.Services.Violations.Mine(r.Context())
	if err != nil {
		return err
	}
	if own.Violations == nil {
		own.Violations = []*violation.Violation{}
	}
	if own.Cases == nil {
		own.Cases = []*violation.Case{}
	}
	writeJSON(w, http.StatusOK, own)
	return nil
}

func (s *Server) violationSuggestions(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	unitID := q.id("unit_id")
	if unitID == 0 && q.errs.Err() == nil {
		q.errs.Add("unit_id", "Xin chỉ ra đơn vị (unit_id).")
	}
	since := q.dayParam("since") // zero: the service's period (violation.SuggestDays)
	if err := q.err(); err != nil {
		return err
	}
	list, err := s.Services.Violations.Suggest(r.Context(), unitID, since)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, len(list), 0, len(list)))
	return nil
}
