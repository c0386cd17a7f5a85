package api

import (
	"congvu/org"
	"net/http"
	"strconv"
)

// officialBody is the JSON body that creates an official or replaces its
// editable fields.
type officialBody struct {
	UnitID       int64        `json:"unit_id"`
	EmployeeCode string       `json:"employee_code"`
	FullName     string       `json:"full_name"`
	Category     org.Category `json:"category"`
	Position     string       `json:"position"`
	IsLeader     bool         `json:"is_leader"`
	Email        string       `json:"email"`
	Phone        string       `json:"phone"`
}

const officialNotFound = "Không tìm thấy cán bộ."

func (s *Server) listOfficials(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := org.OfficialFilter{
		Query:          q.str("q"),
		UnitID:         q.id("unit_id"),
		DirectOnly:     q.boolean("direct"),
		Category:       org.Category(q.str("category")),
		IncludeRetired: q.boolean("include_retired"),
	}
	if f.Category != "" && !f.Category.Valid() {
		q.errs.Add("category", "Loại cán bộ không hợp lệ.")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	officials, total, err := s.Services.Officials.FindOfficials(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(officials, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) getOfficial(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, officialNotFound)
	if err != nil {
		return err
	}
	o, err := s.Services.Officials.FindOfficialByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) createOfficial(w http.ResponseWriter, r *http.Request) error {
	var b officialBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	o, err := s.Services.Officials.CreateOfficial(r.Context(), org.OfficialInput(b))
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/officials/"+strconv.FormatInt(o.ID, 10))
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) updateOfficial(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, officialNotFound)
	if err != nil {
		return err
	}
	var b officialBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	o, err := s.Services.Officials.UpdateOfficial(r.Context(), id, org.OfficialInput(b))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) deactivateOfficial(w http.ResponseWriter, r *http.Request) error {
	return s.setOfficialActive(w, r, false)
}

func (s *Server) activateOfficial(w http.ResponseWriter, r *http.Request) error {
	return s.setOfficialActive(w, r, true)
}

func (s *Server) setOfficialActive(w http.ResponseWriter, r *http.Request, active bool) error {
	id, err := pathID(r, officialNotFound)
	if err != nil {
		return err
	}
	o, err := s.Services.Officials.SetOfficialActive(r.Context(), id, active)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}
