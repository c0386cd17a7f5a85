package web

// petitionRoutes returns the staff petition pages: the list, one petition and its handling.
func (s *Server) petitionRoutes() []Route {
	return nil
}
