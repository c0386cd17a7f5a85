package api

import (
	"congvu/standard"
	"net/http"
)

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(openAPIDocument)
	return nil
}

func (s *Server) currentStandards(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	unitID := q.id("unit_id")
	if err := q.err(); err != nil {
		return err
	}
	v, err := s.Services.Standards.CurrentVersion(r.Context(), unitID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// versionList is the JSON shape of the list of catalog versions.
type versionList struct {
	Items []*standard.Version `json:"items"`
}

func (s *Server) standardVersions(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.Services.Standards.FindVersions(r.Context())
	if err != nil {
		return err
	}
	if vs == nil {
		vs = []*standard.Version{}
	}
	writeJSON(w, http.StatusOK, versionList{Items: vs})
	return nil
}

func (s *Server) standardItem(w http.ResponseWriter, r *http.Request) error {
	it, err := s.Services.Standards.FindItemByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}
