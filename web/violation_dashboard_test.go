package web_test

func init() {
	// Violations are sensitive: supervisors, unit heads and inspectors
	// see them, not administrators nor officials.
	viewers := allowedRoles(superv, head, inspect)
	for k, v := range map[string]expectation{
		"GET /violations/dashboard":        {In: viewers},
		"GET /violations/dashboard/export": {In: viewers}, // without a format: 400
	} {
		authzTable[k] = v
	}
}
