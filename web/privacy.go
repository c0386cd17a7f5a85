package web

import (
	"net/http"

	"congvu/privacy"
)

// PrivacyNotice is the notice of a page collecting data of kind k for the
// body named receiver ("" when unknown), with the configured controller and
// contact: every collecting page calls it, so the facts have one home
// (privacy.NoticeFor).
func (s *Server) PrivacyNotice(k privacy.Kind, receiver string) *privacy.Notice {
	n := privacy.NoticeFor(k, receiver, s.Privacy)
	return &n
}

// PrivacyPage is the full notice: every kind of collection, its purpose
// and what is kept until when.
type PrivacyPage struct {
	Base
	Notices []privacy.Notice
}

func (s *Server) privacyPage(w http.ResponseWriter, r *http.Request) error {
	p := &PrivacyPage{Base: Base{Title: "Quyền riêng tư và dữ liệu cá nhân"}}
	for _, k := range privacy.Kinds {
		p.Notices = append(p.Notices, privacy.NoticeFor(k, "", s.Privacy))
	}
	return s.Render(w, r, http.StatusOK, "privacy.html", p)
}
