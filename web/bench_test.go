package web_test

import (
	"congvu/org"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// BenchmarkPages reports the cost of serving the login page and a signed-in
// list page through the whole handler (session, service, template).
func BenchmarkPages(b *testing.B) {
	e := newEnv(b)
	ctx := sysCtx()
	for i := range 200 {
		if _, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: e.units["34.SNV"].ID, EmployeeCode: fmt.Sprintf("B%04d", i),
			FullName: fmt.Sprintf("Nguyễn Văn Bình %d", i), Category: org.CategoryCivilServant, Position: "Chuyên viên"}); err != nil {
			b.Fatal(err)
		}
	}
	anon, staff := e.client(), e.client().login("noivu")
	for _, path := range []string{"/login", "/officials", "/units"} {
		c := staff
		if path == "/login" {
			c = anon
		}
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
				res, err := c.hc.Do(req)
				if err != nil || res.StatusCode != 200 {
					b.Fatal(err, res.StatusCode)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		})
	}
}
