package web

// petitionPublicRoutes returns the public petition pages: the reporting form, the receipt and tracking.
func (s *Server) petitionPublicRoutes() []Route {
	return nil
}
