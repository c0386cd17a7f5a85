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

// The database goes back to an earlier state while a server runs (a
// standby promoted without the primary's last commits, a copy put back):
// its change counter goes back too, then climbs again with new writes. A
// session's actor kept from the lost state (with a grant the database no
// longer holds) is not handed out when the counter reaches its old value.
func TestKeptActorDoesNotOutliveACounterGoingBack(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tr := sqldbtest.MakeTree(t, db)
		us := orgsql.NewUserService(db)
		u := sqldbtest.User(t, us, "giamsat", congvu.RoleSupervisor, tr.P1)
		sess, err := us.Authenticate(sqldbtest.Sys(), "giamsat", sqldbtest.Password)
		if err != nil {
			t.Fatal(err)
		}
		grants := func(want int) {
			t.Helper()
			for range 2 { // read, then kept
				a, err := us.ActorBySession(sqldbtest.Sys(), sess.Token)
				if err != nil {
					t.Fatal(err)
				}
				if len(a.Grants) != want {
					t.Fatalf("%d grants %+v, want %d", len(a.Grants), a.Grants, want)
				}
			}
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.Write.Exec(q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		grants(1)
		before := sqldbtest.Count(t, db, `SELECT n FROM change_counters WHERE name = 'actors'`)
		// The write that will be lost: a second grant, kept by this server.
		exec(`INSERT INTO user_grants (user_id, role, unit_id) VALUES ($1, $2, $3)`, u.ID, string(congvu.RoleSupervisor), tr.P2)
		grants(2)
		// The database as it was before that write, counter included.
		exec(`DELETE FROM user_grants WHERE user_id = $1 AND unit_id = $2`, u.ID, tr.P2)
		exec(`UPDATE change_counters SET n = $1 WHERE name = 'actors'`, before)
		grants(1)
		// Another write raises the counter to the value the lost one had.
		exec(`UPDATE change_counters SET n = n + 1 WHERE name = 'actors'`)
		grants(1)
	})
}
