package web

// petitionAdminRoutes returns the petition deadline rules, the email outbox and the petition dashboard.
func (s *Server) petitionAdminRoutes() []Route {
	return nil
}
