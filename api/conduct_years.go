package api

import (
	"congvu"
	"net/http"
	"strconv"
)

// officialConduct is an official's year of conduct: violations and their
// handling, discipline decisions, commendations (conduct.Service).
func (s *Server) officialConduct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, officialNotFound)
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return congvu.FieldError("year", "Năm không hợp lệ.")
	}
	y, err := s.Services.Conduct.Year(r.Context(), id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, y)
	return nil
}
