package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/export/disciplinedoc"
)

// The documents of a discipline case (PDF and DOCX in the layout of Decree
// 30/2020): which the actor may print is decided by disciplinedoc.For on
// the case the service lets them read.
func (s *Server) disciplineDocRoutes() []Route {
	var out []Route
	for _, d := range disciplinedoc.Docs {
		for _, f := range []disciplinedoc.Format{disciplinedoc.PDF, disciplinedoc.DOCX} {
			out = append(out, Route{Method: "GET", Pattern: "/discipline/{id}/docs/" + string(d) + "." + string(f), Access: SignedIn,
				Handler: func(w http.ResponseWriter, r *http.Request) error { return s.disciplineDoc(w, r, d, f) }})
		}
	}
	return out
}

func (s *Server) disciplineDoc(w http.ResponseWriter, r *http.Request, d disciplinedoc.Doc, f disciplinedoc.Format) error {
	if err := forbidCases(congvu.ActorFromContext(r.Context())); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	file, err := disciplinedoc.Build(r.Context(), s.Services, id, d, f)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", file.ContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", `attachment; filename="`+file.Name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(file.Data)))
	w.Write(file.Data)
	return nil
}
