// Package citizen holds the pages citizens use, without an account and
// without JavaScript: rating an official or a unit (badge and unit QR codes,
// dossier links), the kiosk in a one-stop shop, and reporting misconduct and
// tracking the report. They are built on the web core (rendering, forms,
// errors, the route table and its access rules) and registered with it, so
// importing this package adds them to every server.
//
// Citizen pages are small, work on a cheap phone on a slow network, make no
// third-party request, and never put a secret in a URL they can avoid.
package citizen

import "congvu/web"

// Pages are the citizens' pages on a server.
type Pages struct{ *web.Server }

func init() {
	web.RegisterPages(func(srv *web.Server) []web.Route {
		s := &Pages{srv}
		var rs []web.Route
		rs = append(rs, s.ratingRoutes()...)
		rs = append(rs, s.kioskRoutes()...)
		rs = append(rs, s.petitionPublicRoutes()...)
		rs = append(rs, s.publicRoutes()...)
		return rs
	})
}
