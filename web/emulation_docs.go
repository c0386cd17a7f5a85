package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/export/emulationdoc"
)

// The emulation documents: the ranking of a year (XLSX sheets or the PDF
// report), the proposal of the titles of a year in a subtree, and the
// interim or final review report. What the actor may read is the
// service's.

func (s *Server) rankingDoc(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movementByPath(r)
	if err != nil {
		return err
	}
	f, ok := emulationdoc.ParseFormat(r.URL.Path, emulationdoc.XLSX, emulationdoc.PDF)
	if !ok {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	year := emulationYear(r, m)
	clusters, err := s.Services.Emulation.FindClusters(r.Context(), m.ID)
	if err != nil {
		return err
	}
	groups, err := s.movementRankings(r, m, year, clusters, 1000)
	if err != nil {
		return err
	}
	var out []emulationdoc.RankingGroup
	for _, g := range groups {
		out = append(out, emulationdoc.RankingGroup{Title: g.Title, Scores: g.Scores})
	}
	file, err := emulationdoc.BuildRanking(r.Context(), s.Services, m, year, out, f)
	if err != nil {
		return err
	}
	writeFile(w, file)
	return nil
}

func (s *Server) titleDossier(w http.ResponseWriter, r *http.Request) error {
	f, ok := emulationdoc.ParseFormat(r.URL.Path, emulationdoc.PDF, emulationdoc.DOCX)
	if !ok {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	q := NewForm(r.URL.Query())
	unit, err := s.dashboardUnit(r, q, UnitParam, congvu.ActEmulationView, "Bạn chưa được giao phạm vi theo dõi thi đua.")
	if err != nil {
		return err
	}
	if q.Failed() {
		return congvu.Errorf(congvu.ENOTFOUND, "%s", q.Error(UnitParam))
	}
	year, err := strconv.Atoi(q.Get("nam"))
	if err != nil || year < 2000 || year > thisYear() {
		return congvu.Errorf(congvu.EINVALID, "Năm phải là số từ 2000 đến %d.", thisYear())
	}
	file, err := emulationdoc.BuildDossier(r.Context(), s.Services, unit, year, f)
	if err != nil {
		return err
	}
	writeFile(w, file)
	return nil
}

func (s *Server) reviewDoc(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movementByPath(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil || rid <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy báo cáo.")
	}
	f, ok := emulationdoc.ParseFormat(r.URL.Path, emulationdoc.PDF, emulationdoc.DOCX)
	if !ok {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	file, err := emulationdoc.BuildReview(r.Context(), s.Services, m, rid, f)
	if err != nil {
		return err
	}
	writeFile(w, file)
	return nil
}
