package web

import (
	"net/http"

	"congvu"
)

// Opening a discipline case from a violation (written against the
// services once they are wired).

func (s *Server) newDisciplineCaseForm(w http.ResponseWriter, r *http.Request) error {
	return congvu.Errorf(congvu.ENOTFOUND, "Chưa thể mở thủ tục kỷ luật.")
}

func (s *Server) openDisciplineCase(w http.ResponseWriter, r *http.Request) error {
	return congvu.Errorf(congvu.ENOTFOUND, "Chưa thể mở thủ tục kỷ luật.")
}
