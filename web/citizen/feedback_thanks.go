package citizen

import (
	"congvu/feedback"
	"net/http"
	"net/url"
	"strings"
)

// The thank-you page of a rating offers, after a dissatisfied one, to
// report the official or the unit rated: the petition form of the same
// badge or unit QR code, named in the page's query.

// Query parameters of the thank-you page naming whom a dissatisfied
// citizen may report: a badge's token or a unit's QR token.
const (
	thanksBadgeParam = "can-bo"
	thanksUnitParam  = "don-vi"
)

// ratingThanks is the thank-you page of a rating at level sat made through
// channel ch with token: after a rating that invites a report, it offers
// the petition form of the same badge or unit.
func ratingThanks(ch feedback.Channel, token string, sat feedback.Satisfaction) string {
	if !sat.InvitesReport() {
		return ratingThanksPath
	}
	switch ch {
	case feedback.ChannelBadge:
		return ratingThanksPath + "?" + thanksBadgeParam + "=" + url.QueryEscape(token)
	case feedback.ChannelCounter:
		return ratingThanksPath + "?" + thanksUnitParam + "=" + url.QueryEscape(token)
	}
	return ratingThanksPath
}

// reportHref is the petition form the thank-you page at r offers, or "".
func reportHref(r *http.Request) string {
	q := r.URL.Query()
	for param, path := range map[string]string{thanksBadgeParam: "/phan-anh/can-bo/", thanksUnitParam: "/phan-anh/don-vi/"} {
		if tok := q.Get(param); tok != "" && len(tok) <= 64 && strings.Trim(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == "" {
			return path + tok
		}
	}
	return ""
}
