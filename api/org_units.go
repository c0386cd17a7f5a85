package api

import (
	"congvu/org"
	"net/http"
	"strconv"
)

// unitBody is the JSON body that creates a unit.
type unitBody struct {
	Code     string       `json:"code"`
	Name     string       `json:"name"`
	Kind     org.UnitKind `json:"kind"`
	TypeName string       `json:"type_name"`
	ParentID int64        `json:"parent_id"`
}

// unitUpdateBody replaces a unit's editable fields; the parent changes only
// through a restructuring, so it is not accepted here.
type unitUpdateBody struct {
	Code     string       `json:"code"`
	Name     string       `json:"name"`
	Kind     org.UnitKind `json:"kind"`
	TypeName string       `json:"type_name"`
}

// unitRef is a short reference to a unit (an ancestor).
type unitRef struct {
	ID   int64        `json:"id"`
	Code string       `json:"code"`
	Name string       `json:"name"`
	Kind org.UnitKind `json:"kind"`
}

// unitDetail is a unit with its ancestors, root first.
type unitDetail struct {
	*org.Unit
	Ancestors []unitRef `json:"ancestors"`
}

func detailOf(u *org.Unit) unitDetail {
	d := unitDetail{Unit: u, Ancestors: []unitRef{}}
	for _, a := range u.Ancestors {
		d.Ancestors = append(d.Ancestors, unitRef{ID: a.ID, Code: a.Code, Name: a.Name, Kind: a.Kind})
	}
	return d
}

const unitNotFound = "Không tìm thấy đơn vị."

func (s *Server) listUnits(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := org.UnitFilter{
		Query:         q.str("q"),
		ParentID:      q.id("parent_id"),
		UnderID:       q.id("under_id"),
		Kind:          org.UnitKind(q.str("kind")),
		IncludeClosed: q.boolean("include_closed"),
	}
	if f.Kind != "" && !f.Kind.Valid() {
		q.errs.Add("kind", "Loại đơn vị không hợp lệ.")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	units, total, err := s.Services.Units.FindUnits(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(units, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) getUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, unitNotFound)
	if err != nil {
		return err
	}
	u, err := s.Services.Units.FindUnitByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, detailOf(u))
	return nil
}

func (s *Server) unitByCode(w http.ResponseWriter, r *http.Request) error {
	u, err := s.Services.Units.FindUnitByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, detailOf(u))
	return nil
}

func (s *Server) createUnit(w http.ResponseWriter, r *http.Request) error {
	var b unitBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	u, err := s.Services.Units.CreateUnit(r.Context(), org.UnitInput(b))
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/units/"+strconv.FormatInt(u.ID, 10))
	writeJSON(w, http.StatusCreated, detailOf(u))
	return nil
}

func (s *Server) updateUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, unitNotFound)
	if err != nil {
		return err
	}
	var b unitUpdateBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	u, err := s.Services.Units.UpdateUnit(r.Context(), id, org.UnitInput{
		Code: b.Code, Name: b.Name, Kind: b.Kind, TypeName: b.TypeName})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, detailOf(u))
	return nil
}
