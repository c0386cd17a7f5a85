package api

import (
	"congvu"
	"congvu/commendation"
	"net/http"
	"strconv"
	"time"
)

// Commendations through the API: praises and proposals of khen thưởng,
// their decision or withdrawal, the year's suggestions and the dated rule
// sets. The service decides who may do what; this file decodes and
// encodes.

const commendationNotFound = "Không tìm thấy khen thưởng, biểu dương."

// commendationBody creates a praise (kind praise) or a proposal (award).
type commendationBody struct {
	Kind       commendation.Kind    `json:"kind"`
	OfficialID int64                `json:"official_id,omitempty"`
	UnitID     int64                `json:"unit_id,omitempty"`
	Year       int                  `json:"year"`
	Form       string               `json:"form,omitempty"`
	Reason     string               `json:"reason"`
	Evidence   []congvu.EvidenceRef `json:"evidence,omitempty"`
}

// commendationDecisionBody decides a proposal; date is yyyy-mm-dd (Vietnam day).
type commendationDecisionBody struct {
	Approve bool   `json:"approve"`
	Number  string `json:"number,omitempty"`
	Date    string `json:"date,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

// withdrawBody withdraws a proposal.
type withdrawBody struct {
	Reason string `json:"reason"`
}

func (s *Server) listCommendations(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := commendation.Filter{Query: q.str("q"), UnitID: q.id("unit_id"), OfficialID: q.id("official_id"),
		Kind: commendation.Kind(q.str("kind")), Status: commendation.Status(q.str("status"))}
	if v := q.str("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 9999 {
			q.errs.Add("year", "Năm phải là số từ 2000 trở đi.")
		}
		f.Year = y
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Commendations.FindCommendations(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) createCommendation(w http.ResponseWriter, r *http.Request) error {
	var b commendationBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	svc := s.Services.Commendations
	var c *commendation.Commendation
	var err error
	switch b.Kind {
	case commendation.KindPraise:
		c, err = svc.Praise(r.Context(), commendation.PraiseInput{OfficialID: b.OfficialID, UnitID: b.UnitID, Year: b.Year, Reason: b.Reason, Evidence: b.Evidence})
	case commendation.KindAward:
		c, err = svc.Propose(r.Context(), commendation.ProposalInput{OfficialID: b.OfficialID, UnitID: b.UnitID, Year: b.Year, Form: b.Form, Reason: b.Reason, Evidence: b.Evidence})
	default:
		return congvu.FieldError("kind", "Loại phải là praise (biểu dương) hoặc award (đề nghị khen thưởng).")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/commendations/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) getCommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, commendationNotFound)
	if err != nil {
		return err
	}
	c, err := s.Services.Commendations.FindCommendation(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) decideCommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, commendationNotFound)
	if err != nil {
		return err
	}
	var b commendationDecisionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	in := commendation.DecisionInput{Approve: b.Approve, Number: b.Number, Reason: b.Reason}
	if b.Date != "" {
		d, err := time.ParseInLocation(time.DateOnly, b.Date, congvu.TimeZone)
		if err != nil {
			return congvu.FieldError("date", "Ngày ký phải có dạng năm-tháng-ngày, ví dụ 2026-03-05.")
		}
		in.Date = d
	}
	c, err := s.Services.Commendations.Decide(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) withdrawCommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, commendationNotFound)
	if err != nil {
		return err
	}
	var b withdrawBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	c, err := s.Services.Commendations.Withdraw(r.Context(), id, b.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// commendationSuggestions lists the year's suggestions for a unit's
// subtree (default: the actor's own unit that may praise or propose).
func (s *Server) commendationSuggestions(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	unitID := q.id("unit_id")
	year := time.Now().In(congvu.TimeZone).Year()
	if v := q.str("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			q.errs.Add("year", "Năm phải là một số.")
		}
		year = y
	}
	if err := q.err(); err != nil {
		return err
	}
	if unitID == 0 {
		g, ok := commendation.SuggestUnit(congvu.ActorFromContext(r.Context()))
		if !ok {
			return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền biểu dương, đề nghị khen thưởng.")
		}
		unitID = g.UnitID
	}
	list, err := s.Services.Commendations.Suggest(r.Context(), unitID, year)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*commendation.Suggestion{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit_id": unitID, "year": year, "items": list})
	return nil
}

func (s *Server) listCommendationRuleSets(w http.ResponseWriter, r *http.Request) error {
	sets, err := s.Services.Commendations.RuleSets(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": sets})
	return nil
}

func (s *Server) addCommendationRuleSet(w http.ResponseWriter, r *http.Request) error {
	var b commendation.RuleSet
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	rs, err := s.Services.Commendations.AddRuleSet(r.Context(), b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rs)
	return nil
}
