package orgsql_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
)

func TestAuthenticateLockoutAndUnlock(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := context.Background()
		u := sqldbtest.User(t, us, "nguyenvana", congvu.RoleAdmin, 1)

		_, errUnknown := us.Authenticate(ctx, "khongco", sqldbtest.Password)
		sqldbtest.Code(t, errUnknown, congvu.EUNAUTH)
		for i := 1; i < congvu.MaxFailedLogins; i++ {
			_, err := us.Authenticate(ctx, "nguyenvana", "sai mật khẩu")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
			if congvu.ErrorMessage(err) != congvu.ErrorMessage(errUnknown) {
				t.Fatalf("wrong password says %q, unknown user says %q", congvu.ErrorMessage(err), congvu.ErrorMessage(errUnknown))
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT failed_logins FROM users WHERE id = $1`, u.ID); n != congvu.MaxFailedLogins-1 {
			t.Fatalf("failed_logins = %d", n)
		}
		_, err := us.Authenticate(ctx, "nguyenvana", "sai lần nữa")
		sqldbtest.Code(t, err, congvu.ELIMIT)
		// Locked at 02:30 UTC for 15 minutes: 09:45 in Vietnam.
		if msg := congvu.ErrorMessage(err); !strings.Contains(msg, "05/03/2026 09:45") {
			t.Fatalf("lock message %q does not say when to retry in Vietnam time", msg)
		}
		// Even the right password is refused while locked.
		clock.Add(congvu.LockoutDuration - time.Minute)
		_, err = us.Authenticate(ctx, "NguyenVanA", sqldbtest.Password)
		sqldbtest.Code(t, err, congvu.ELIMIT)

		clock.Add(2 * time.Minute)
		sess, err := us.Authenticate(ctx, " NguyenVanA ", sqldbtest.Password)
		if err != nil {
			t.Fatalf("login after the lock expired: %v", err)
		}
		if sess.UserID != u.ID || len(sess.Token) < 40 || !sess.ExpiresAt.Equal(clock.Now().Add(congvu.SessionLifetime)) {
			t.Fatalf("session %+v", sess)
		}
		var failed int
		var locked, last sql.NullTime
		if err := db.Read.QueryRow(`SELECT failed_logins, locked_until, last_login_at FROM users WHERE id = $1`, u.ID).Scan(&failed, &locked, &last); err != nil {
			t.Fatal(err)
		}
		if failed != 0 || locked.Valid || !last.Valid || !last.Time.Equal(clock.Now()) {
			t.Fatalf("after login: failed %d, locked %v, last %v", failed, locked, last)
		}
		for kind, want := range map[string]int{"user.login_failed": congvu.MaxFailedLogins, "user.locked": 1, "user.login": 1} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = $1`, kind); n != want {
				t.Errorf("%d %s events, want %d", n, kind, want)
			}
		}
		// Audit of logins never carries a password or hash.
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE CAST(after_json AS TEXT) LIKE '%argon%' OR CAST(after_json AS TEXT) LIKE '%Mật-khẩu%'`); n != 0 {
			t.Errorf("%d audit rows mention the password", n)
		}

		// Inactive accounts cannot sign in.
		in := org.UserInput{Username: u.Username, FullName: u.FullName, Active: false, Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: 1}}}
		if _, err := us.UpdateUser(sqldbtest.Sys(), u.ID, in); err != nil {
			t.Fatal(err)
		}
		_, err = us.Authenticate(ctx, "nguyenvana", sqldbtest.Password)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = us.ActorBySession(ctx, sess.Token)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
	})
}

func TestSessionsExpireAndLogout(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := context.Background()
		pid, ppath := sqldbtest.Unit(t, db, "/1/", "T01", "Tỉnh Một")
		u := sqldbtest.User(t, us, "canbo.tinh", congvu.RoleSupervisor, pid)

		sess, err := us.Authenticate(ctx, "canbo.tinh", sqldbtest.Password)
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := db.Read.QueryRow(`SELECT token_hash FROM sessions WHERE user_id = $1`, u.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == sess.Token || len(stored) != 64 {
			t.Fatalf("session stored as %q: want the SHA-256 hex, not the token", stored)
		}
		a, err := us.ActorBySession(ctx, sess.Token)
		if err != nil {
			t.Fatal(err)
		}
		if a.UserID != u.ID || a.Username != "canbo.tinh" || len(a.Grants) != 1 || a.Grants[0].UnitPath != ppath ||
			a.Grants[0].UnitName != "Tỉnh Một" || a.Grants[0].Role != congvu.RoleSupervisor {
			t.Fatalf("actor %+v", a)
		}
		if !a.Can(congvu.ActOfficialView, ppath+"99/") || a.Can(congvu.ActOfficialView, "/1/") {
			t.Fatal("actor's grants do not scope as expected")
		}
		if _, err := us.ActorBySession(ctx, sess.Token+"x"); congvu.ErrorCode(err) != congvu.EUNAUTH {
			t.Fatalf("unknown token: %v", err)
		}

		clock.Add(congvu.SessionLifetime - time.Second)
		if _, err := us.ActorBySession(ctx, sess.Token); err != nil {
			t.Fatalf("session before expiry: %v", err)
		}
		clock.Add(time.Second)
		_, err = us.ActorBySession(ctx, sess.Token)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, u.ID); n != 0 {
			t.Fatalf("expired session kept: %d rows", n)
		}

		sess, err = us.Authenticate(ctx, "canbo.tinh", sqldbtest.Password)
		if err != nil {
			t.Fatal(err)
		}
		if err := us.Logout(ctx, sess.Token); err != nil {
			t.Fatal(err)
		}
		_, err = us.ActorBySession(ctx, sess.Token)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		if err := us.Logout(ctx, sess.Token); err != nil {
			t.Fatalf("second logout: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'user.logout' AND actor_id = $1`, u.ID); n != 1 {
			t.Fatalf("%d logout events", n)
		}
	})
}

func TestAPITokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := context.Background()
		u := sqldbtest.User(t, us, "tichhop", congvu.RoleInspector, 1)
		other := sqldbtest.User(t, us, "nguoikhac", congvu.RoleInspector, 1)
		me := &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName}

		_, err := us.CreateAPIToken(sqldbtest.As(me), "  ")
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["name"] == "" {
			t.Fatalf("no message on field name: %v", err)
		}
		_, err = us.CreateAPIToken(ctx, "ẩn danh")
		sqldbtest.Code(t, err, congvu.EUNAUTH)

		tok, err := us.CreateAPIToken(sqldbtest.As(me), "Hệ thống một cửa")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok.Secret, "cv_") || len(tok.Secret) < 50 {
			t.Fatalf("secret %q", tok.Secret)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1 OR name = $1`, tok.Secret); n != 0 {
			t.Fatal("secret stored in clear")
		}
		a, err := us.ActorByAPIToken(ctx, tok.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if a.UserID != u.ID || a.TokenID != tok.ID || len(a.Grants) != 1 {
			t.Fatalf("actor %+v", a)
		}
		list, err := us.FindAPITokens(sqldbtest.As(me))
		if err != nil || len(list) != 1 || list[0].Secret != "" || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(clock.Now()) {
			t.Fatalf("tokens %+v, %v", list, err)
		}
		// last_used_at moves at most once a minute.
		clock.Add(30 * time.Second)
		us.ActorByAPIToken(ctx, tok.Secret)
		list, _ = us.FindAPITokens(sqldbtest.As(me))
		if !list[0].LastUsedAt.Equal(clock.Now().Add(-30 * time.Second)) {
			t.Fatalf("last_used_at updated within the minute: %v", list[0].LastUsedAt)
		}
		clock.Add(31 * time.Second)
		us.ActorByAPIToken(ctx, tok.Secret)
		list, _ = us.FindAPITokens(sqldbtest.As(me))
		if !list[0].LastUsedAt.Equal(clock.Now()) {
			t.Fatalf("last_used_at not updated after a minute: %v", list[0].LastUsedAt)
		}

		// Another user cannot see or revoke it.
		them := &congvu.Actor{UserID: other.ID, Username: other.Username}
		if l, _ := us.FindAPITokens(sqldbtest.As(them)); len(l) != 0 {
			t.Fatalf("other user sees %d tokens", len(l))
		}
		sqldbtest.Code(t, us.RevokeAPIToken(sqldbtest.As(them), tok.ID), congvu.ENOTFOUND)
		if _, err := us.ActorByAPIToken(ctx, tok.Secret); err != nil {
			t.Fatalf("token stopped working after a refused revoke: %v", err)
		}

		if err := us.RevokeAPIToken(sqldbtest.As(me), tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = us.ActorByAPIToken(ctx, tok.Secret)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = us.ActorByAPIToken(ctx, "not-a-token")
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		list, _ = us.FindAPITokens(sqldbtest.As(me))
		if list[0].RevokedAt == nil {
			t.Fatal("revoked_at not shown")
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind IN ('api_token.create', 'api_token.revoke') AND actor_id = $1`, u.ID); n != 2 {
			t.Fatalf("%d token audit events, want 2", n)
		}
	})
}

func TestChangePassword(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := context.Background()
		u := sqldbtest.User(t, us, "doimatkhau", congvu.RoleInspector, 1)
		me := sqldbtest.As(&congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName})

		err := us.ChangePassword(me, "không đúng", "Mật khẩu mới thật dài")
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["old_password"] == "" {
			t.Fatalf("no message on old_password: %v", err)
		}
		err = us.ChangePassword(me, sqldbtest.Password, "ngắn")
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["new_password"] == "" {
			t.Fatalf("no message on new_password: %v", err)
		}
		sqldbtest.Code(t, us.ChangePassword(ctx, sqldbtest.Password, "Mật khẩu mới thật dài"), congvu.EUNAUTH)

		if err := us.ChangePassword(me, sqldbtest.Password, "Mật khẩu mới thật dài"); err != nil {
			t.Fatal(err)
		}
		if _, err := us.Authenticate(ctx, "doimatkhau", sqldbtest.Password); congvu.ErrorCode(err) != congvu.EUNAUTH {
			t.Fatalf("old password still works: %v", err)
		}
		if _, err := us.Authenticate(ctx, "doimatkhau", "Mật khẩu mới thật dài"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		var before, after sql.NullString
		if err := db.Read.QueryRow(`SELECT before_json, after_json FROM audit_events WHERE kind = 'user.password_change'`).Scan(&before, &after); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(before.String+after.String, "argon2") {
			t.Fatal("password hash in the audit log")
		}
	})
}

func TestUserManagementScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		p1, p1path := sqldbtest.Unit(t, db, "/1/", "P1", "Tỉnh Một")
		d1, _ := sqldbtest.Unit(t, db, p1path, "P1D1", "Huyện Một")
		p2, _ := sqldbtest.Unit(t, db, "/1/", "P2", "Tỉnh Hai")
		admin1 := sqldbtest.User(t, us, "admin.p1", congvu.RoleAdmin, p1)
		a1 := sqldbtest.As(&congvu.Actor{UserID: admin1.ID, Username: admin1.Username, FullName: admin1.FullName,
			Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: p1, UnitPath: p1path}}})
		inP2 := sqldbtest.User(t, us, "giamsat.p2", congvu.RoleSupervisor, p2)

		in := org.UserInput{Username: "Thanh.Tra-01", FullName: "  Trần   Thị Bình ", Password: "mật khẩu thanh tra", Active: true,
			Grants: []congvu.Grant{{Role: congvu.RoleInspector, UnitID: d1}, {Role: congvu.RoleInspector, UnitID: d1}}}
		u, err := us.CreateUser(a1, in)
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "thanh.tra-01" || u.FullName != "Trần Thị Bình" || len(u.Grants) != 1 || u.Grants[0].UnitID != d1 {
			t.Fatalf("created %+v", u)
		}
		if _, err := us.Authenticate(context.Background(), "thanh.tra-01", "mật khẩu thanh tra"); err != nil {
			t.Fatalf("created user cannot sign in: %v", err)
		}

		// Validation, Vietnamese, per field.
		bad := org.UserInput{Username: "ab", FullName: "", Email: "khong-phai-email", Password: "ngắn", Active: true,
			Grants: []congvu.Grant{{Role: "boss", UnitID: d1}}}
		_, err = us.CreateUser(a1, bad)
		sqldbtest.Code(t, err, congvu.EINVALID)
		for _, f := range []string{"username", "full_name", "email", "password", "grants"} {
			if congvu.ErrorFields(err)[f] == "" {
				t.Errorf("no message on %s: %v", f, err)
			}
		}
		dup := in
		dup.Username = "THANH.TRA-01"
		_, err = us.CreateUser(a1, dup)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if congvu.ErrorFields(err)["username"] == "" {
			t.Fatalf("conflict not on username: %v", err)
		}
		out := in
		out.Username = "ngoai.pham.vi"
		out.Grants = []congvu.Grant{{Role: congvu.RoleInspector, UnitID: p2}}
		_, err = us.CreateUser(a1, out)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		out.Grants = []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: 1}}
		_, err = us.CreateUser(a1, out)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// Listing and lookups are scoped.
		list, total, err := us.FindUsers(a1, org.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, x := range list {
			names = append(names, x.Username)
		}
		if total != 2 || strings.Join(names, ",") != "admin.p1,thanh.tra-01" {
			t.Fatalf("province admin sees %v (total %d)", names, total)
		}
		if list, total, _ := us.FindUsers(a1, org.UserFilter{Query: "tran thi"}); total != 1 || list[0].ID != u.ID {
			t.Fatalf("search by folded name: %d", total)
		}
		_, err = us.FindUserByID(a1, inP2.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = us.UpdateUser(a1, inP2.ID, org.UserInput{Username: "x.y.z", FullName: "X", Active: true, Grants: []congvu.Grant{{Role: congvu.RoleInspector, UnitID: p1}}})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, total, _ := us.FindUsers(sqldbtest.Sys(), org.UserFilter{}); total != 3 {
			t.Fatalf("system sees %d users, want 3", total)
		}
		supervisor := sqldbtest.As(sqldbtest.Actor(admin1.ID, congvu.RoleSupervisor, p1, p1path))
		_, _, err = us.FindUsers(supervisor, org.UserFilter{})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = us.CreateUser(supervisor, org.UserInput{Username: "abc", FullName: "A", Password: sqldbtest.Password, Grants: in.Grants})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// Grants are replaced wholesale; the audit shows before and after
		// without the password hash.
		upd := org.UserInput{Username: "thanh.tra-01", FullName: "Trần Thị Bình", Active: true, Password: "mật khẩu mới dài dài",
			Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: p1}}}
		got, err := us.UpdateUser(a1, u.ID, upd)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Grants) != 1 || got.Grants[0].Role != congvu.RoleUnitHead || got.Grants[0].UnitID != p1 {
			t.Fatalf("grants after update: %+v", got.Grants)
		}
		var before, after string
		if err := db.Read.QueryRow(`SELECT before_json, after_json FROM audit_events WHERE kind = 'user.update' AND entity_id = $1`, u.ID).Scan(&before, &after); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(before, "inspector") || !strings.Contains(after, "unit_head") || !strings.Contains(after, "password_changed") ||
			strings.Contains(before+after, "argon2") {
			t.Fatalf("audit before %s after %s", before, after)
		}

		// An account that also holds rights elsewhere cannot be changed by
		// a provincial administrator.
		both, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: "hai.tinh", FullName: "Hai Tỉnh", Password: sqldbtest.Password, Active: true,
			Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: p1}, {Role: congvu.RoleSupervisor, UnitID: p2}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := us.FindUserByID(a1, both.ID); err != nil {
			t.Fatalf("user with a grant in scope not found: %v", err)
		}
		_, err = us.UpdateUser(a1, both.ID, org.UserInput{Username: "hai.tinh", FullName: "Hai Tỉnh", Active: true, Password: "chiếm quyền tài khoản",
			Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: p1}}})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)

		// An administrator cannot lock themself out.
		_, err = us.UpdateUser(a1, admin1.ID, org.UserInput{Username: admin1.Username, FullName: admin1.FullName, Active: false,
			Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: p1}}})
		sqldbtest.Code(t, err, congvu.EINVALID)
	})
}

func TestRateLimiterFixedWindow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		rl := sqldb.NewRateLimiter(db)
		ctx := context.Background()
		allow := func(key string) bool {
			ok, err := rl.Allow(ctx, key, 3, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		for i := 0; i < 3; i++ {
			if !allow("login:1.2.3.4") {
				t.Fatalf("hit %d refused", i+1)
			}
		}
		if allow("login:1.2.3.4") {
			t.Fatal("4th hit in the window allowed")
		}
		if !allow("login:5.6.7.8") {
			t.Fatal("another key shares the limit")
		}
		clock.Add(time.Minute)
		if !allow("login:1.2.3.4") {
			t.Fatal("new window still refused")
		}
		// Concurrent hits are all counted.
		var wg sync.WaitGroup
		var mu sync.Mutex
		allowed := 0
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := rl.Allow(ctx, "burst", 5, time.Minute)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if allowed != 5 {
			t.Fatalf("%d of 20 concurrent hits allowed, want 5", allowed)
		}
		n, err := rl.Prune(ctx, clock.Now())
		if err != nil || n != 1 {
			t.Fatalf("pruned %d, %v; want the one stale window", n, err)
		}
		if sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events`) != 0 {
			t.Fatal("rate limiting wrote audit events")
		}
	})
}
