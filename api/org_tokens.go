package api

import (
	"net/http"
)

// The token's owner lists and revokes their API tokens (the web's
// /account/tokens does the same; creating one needs the web page, where
// the secret is shown once).

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) error {
	toks, err := s.Services.Users.FindAPITokens(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(toks, len(toks), 0, len(toks)))
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "Không tìm thấy mã truy cập.")
	if err != nil {
		return err
	}
	if err := s.Services.Users.RevokeAPIToken(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
