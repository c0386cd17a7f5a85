package orgsql_test

import (
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

// Two servers share one database: what one of them keeps in memory (a
// session's actor, a page of officials) gives way to a write made through
// the other, or straight in the database, at the next request.
func TestCachesSeeWritesOfAnotherServer(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		tr := sqldbtest.MakeTree(t, db)
		offsA, offsB := orgsql.NewOfficialService(db), orgsql.NewOfficialService(db)
		usA, usB := orgsql.NewUserService(db), orgsql.NewUserService(db)
		o := sqldbtest.Official(t, offsB, tr.D1, "CB1", "Nguyễn Văn An", org.CategoryCivilServant)
		u := sqldbtest.User(t, usB, "giamsat", congvu.RoleSupervisor, tr.P1)
		sess, err := usB.Authenticate(sqldbtest.Sys(), "giamsat", sqldbtest.Password)
		if err != nil {
			t.Fatal(err)
		}
		actor := func() *congvu.Actor {
			t.Helper()
			a, err := usA.ActorBySession(sqldbtest.Sys(), sess.Token)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		grant := func(want string) {
			t.Helper()
			for range 2 { // read, then kept
				if a := actor(); len(a.Grants) != 1 || a.Grants[0].UnitName != want {
					t.Fatalf("grants %+v, want one on %s", a.Grants, want)
				}
			}
		}
		list := func(want string) {
			t.Helper()
			for range 2 {
				got, total, err := offsA.FindOfficials(sqldbtest.As(actor()), org.OfficialFilter{})
				if err != nil {
					t.Fatal(err)
				}
				s := ""
				for _, o := range got {
					s += o.FullName + " (" + o.UnitName + ");"
				}
				if s != want || total != len(got) {
					t.Fatalf("officials %q (total %d), want %q", s, total, want)
				}
			}
		}
		grant("Tỉnh Một")
		list("Nguyễn Văn An (Huyện Một);")

		// An official renamed on the other server, a unit renamed in the
		// database.
		if _, err := offsB.UpdateOfficial(sqldbtest.Sys(), o.ID, org.OfficialInput{UnitID: tr.D1, EmployeeCode: "CB1", FullName: "Nguyễn Văn Ân",
			Category: org.CategoryCivilServant}); err != nil {
			t.Fatal(err)
		}
		list("Nguyễn Văn Ân (Huyện Một);")
		if _, err := db.Write.Exec(`UPDATE units SET name = 'Huyện Một Mới' WHERE id = $1`, tr.D1); err != nil {
			t.Fatal(err)
		}
		list("Nguyễn Văn Ân (Huyện Một Mới);")
		if _, err := db.Write.Exec(`UPDATE units SET name = 'Tỉnh Một Mới' WHERE id = $1`, tr.P1); err != nil {
			t.Fatal(err)
		}
		grant("Tỉnh Một Mới")

		// A grant moved in the database, then by the other server.
		if _, err := db.Write.Exec(`UPDATE user_grants SET unit_id = $2 WHERE user_id = $1`, u.ID, tr.P2); err != nil {
			t.Fatal(err)
		}
		grant("Tỉnh Hai")
		list("")
		if _, err := usB.UpdateUser(sqldbtest.Sys(), u.ID, org.UserInput{Username: u.Username, FullName: u.FullName, Active: true,
			Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: tr.D1}}}); err != nil {
			t.Fatal(err)
		}
		grant("Huyện Một Mới")
		list("Nguyễn Văn Ân (Huyện Một Mới);")

		// A logout on the other server ends the session here too.
		if err := usB.Logout(sqldbtest.Sys(), sess.Token); err != nil {
			t.Fatal(err)
		}
		_, err = usA.ActorBySession(sqldbtest.Sys(), sess.Token)
		sqldbtest.Code(t, err, congvu.EUNAUTH)

		// A kept session still expires on time.
		if sess, err = usB.Authenticate(sqldbtest.Sys(), "giamsat", sqldbtest.Password); err != nil {
			t.Fatal(err)
		}
		grant("Huyện Một Mới")
		clock.Set(sess.ExpiresAt.Add(time.Second))
		_, err = usA.ActorBySession(sqldbtest.Sys(), sess.Token)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
	})
}
