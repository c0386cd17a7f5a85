package orgsql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// from returns ctx as a request from the client address ip.
func from(ctx context.Context, ip string) context.Context {
	return congvu.NewContextWithMeta(ctx, congvu.RequestMeta{IP: ip})
}

// answer is what a sign-in attempt tells the client.
type answer struct {
	code, msg string
	wait      time.Duration
}

func answerOf(err error) answer {
	wait, _ := org.RetryAfter(err)
	return answer{congvu.ErrorCode(err), congvu.ErrorMessage(err), wait}
}

// Issue 9, item 7: five wrong passwords from five addresses locked the
// account for everybody; now the owner signs in from a sixth.
func TestLoginBackoffIsPerAddress(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := context.Background()
		u := sqldbtest.User(t, us, "thanhtra", congvu.RoleInspector, 1)

		for i := 1; i <= 5; i++ {
			_, err := us.Authenticate(from(ctx, fmt.Sprintf("203.0.113.%d", i)), "thanhtra", "sai mật khẩu")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
		}
		sess, err := us.Authenticate(from(ctx, "198.51.100.6"), " ThanhTra ", sqldbtest.Password)
		if err != nil {
			t.Fatalf("right password from a sixth address after five wrong ones from five others: %v", err)
		}
		if sess.UserID != u.ID || len(sess.Token) < 40 || !sess.ExpiresAt.Equal(clock.Now().Add(congvu.SessionLifetime)) {
			t.Fatalf("session %+v", sess)
		}

		// Five wrong passwords from one address: that address waits (even
		// with the right password), the owner elsewhere does not.
		bad := from(ctx, "192.0.2.66")
		for i := 1; i <= org.LoginFreeFailures; i++ {
			_, err := us.Authenticate(bad, "thanhtra", "sai mật khẩu")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
		}
		_, err = us.Authenticate(bad, "thanhtra", sqldbtest.Password)
		sqldbtest.Code(t, err, congvu.ELIMIT)
		if a := answerOf(err); a.wait != org.LoginFirstDelay || !strings.Contains(a.msg, "30 giây") {
			t.Fatalf("waiting pair: %+v", a)
		}
		if _, err := us.Authenticate(from(ctx, "198.51.100.6"), "thanhtra", sqldbtest.Password); err != nil {
			t.Fatalf("owner at another address: %v", err)
		}
		// Each further failure doubles the wait.
		clock.Add(org.LoginFirstDelay)
		_, err = us.Authenticate(bad, "thanhtra", "sai lần nữa")
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = us.Authenticate(bad, "thanhtra", sqldbtest.Password)
		if a := answerOf(err); a.code != congvu.ELIMIT || a.wait != 2*org.LoginFirstDelay {
			t.Fatalf("after a sixth failure: %+v, want a wait of %v", a, 2*org.LoginFirstDelay)
		}
		clock.Add(2 * org.LoginFirstDelay)
		if _, err := us.Authenticate(bad, "thanhtra", sqldbtest.Password); err != nil {
			t.Fatalf("after the wait: %v", err)
		}
		// The success forgave the pair: five more tries before a wait.
		for i := 1; i < org.LoginFreeFailures; i++ {
			_, err := us.Authenticate(bad, "thanhtra", "sai mật khẩu")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
		}
		if _, err := us.Authenticate(bad, "thanhtra", sqldbtest.Password); err != nil {
			t.Fatalf("after a success, failures start again: %v", err)
		}

		// The table keeps neither the names nor the addresses.
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM login_failures WHERE user_key LIKE '%thanhtra%' OR addr_key LIKE '%203.0.113%'`); n != 0 {
			t.Fatalf("%d rows of login_failures in clear", n)
		}
		// Audit of logins never carries a password or hash.
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE CAST(after_json AS TEXT) LIKE '%argon%' OR CAST(after_json AS TEXT) LIKE '%Mật-khẩu%' OR CAST(after_json AS TEXT) LIKE '%sai mật%'`); n != 0 {
			t.Errorf("%d audit rows mention the password", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'user.login_failed'`); n != 15 {
			t.Errorf("%d login_failed events, want 15", n)
		}

		// Inactive accounts cannot sign in.
		in := org.UserInput{Username: u.Username, FullName: u.FullName, Active: false, Grants: []congvu.Grant{{Role: congvu.RoleInspector, UnitID: 1}}}
		if _, err := us.UpdateUser(sqldbtest.Sys(), u.ID, in); err != nil {
			t.Fatal(err)
		}
		_, err = us.Authenticate(ctx, "thanhtra", sqldbtest.Password)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = us.ActorBySession(ctx, sess.Token)
		sqldbtest.Code(t, err, congvu.EUNAUTH)
	})
}

// Many failures on one account from many addresses: each of those
// addresses then waits after a single failure, but an address new to the
// account still signs in with the right password.
func TestLoginAccountCapSlowsButDoesNotLockOut(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := context.Background()
		sqldbtest.User(t, us, "noivu", congvu.RoleSupervisor, 1)
		for i := 1; i <= org.LoginAccountFailures; i++ {
			_, err := us.Authenticate(from(ctx, fmt.Sprintf("10.0.%d.1", i)), "noivu", "đoán mò")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
		}
		// Address 10.0.1.1 had one failure; now one more makes it wait.
		_, err := us.Authenticate(from(ctx, "10.0.1.1"), "noivu", "đoán nữa")
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = us.Authenticate(from(ctx, "10.0.1.1"), "noivu", "đoán nữa")
		sqldbtest.Code(t, err, congvu.ELIMIT)
		// The answer says why one failure was enough, without blaming.
		if msg := congvu.ErrorMessage(err); !strings.Contains(msg, "Tài khoản này đang bị thử mật khẩu nhiều lần") {
			t.Fatalf("wait under pressure: %q", msg)
		}
		if _, err := us.Authenticate(from(ctx, "172.16.0.9"), "noivu", sqldbtest.Password); err != nil {
			t.Fatalf("right password from a new address under pressure: %v", err)
		}
	})
}

// Unknown names get the very answers known names get, step by step, for
// the same work (one argon2id hash per try).
func TestLoginUnknownNameAnswersAsKnown(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := context.Background()
		sqldbtest.User(t, us, "canbo", congvu.RoleInspector, 1)
		try := func(name, ip string) (answer, int64) {
			before := orgsql.Hashes()
			_, err := us.Authenticate(from(ctx, ip), name, "không phải mật khẩu")
			return answerOf(err), orgsql.Hashes() - before
		}
		for i := 1; i <= org.LoginFreeFailures+2; i++ {
			known, kh := try("canbo", "192.0.2.1")
			unknown, uh := try("khongcoai", "192.0.2.2")
			if known != unknown {
				t.Fatalf("try %d: known name %+v, unknown name %+v", i, known, unknown)
			}
			if i <= org.LoginFreeFailures && (kh != 1 || uh != 1) {
				t.Fatalf("try %d: %d hashes for a known name, %d for an unknown one; want 1 each", i, kh, uh)
			}
		}
	})
}

// A hash with older parameters is replaced at the next sign-in.
func TestLoginRehashesOldParameters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		u := sqldbtest.User(t, us, "cu.ky", congvu.RoleInspector, 1)
		if _, err := db.Write.Exec(`UPDATE users SET password_hash = $2 WHERE id = $1`, u.ID, orgsql.OldHash(sqldbtest.Password)); err != nil {
			t.Fatal(err)
		}
		if _, err := us.Authenticate(context.Background(), "cu.ky", sqldbtest.Password); err != nil {
			t.Fatalf("old hash: %v", err)
		}
		var h string
		if err := db.Read.QueryRow(`SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&h); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Fatalf("not rehashed: %s", h)
		}
		if _, err := us.Authenticate(context.Background(), "cu.ky", sqldbtest.Password); err != nil {
			t.Fatalf("after rehash: %v", err)
		}
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

		_, err := us.ChangePassword(me, "không đúng", "Mật khẩu mới thật dài")
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["old_password"] == "" {
			t.Fatalf("no message on old_password: %v", err)
		}
		// Issue 9, item 8: weak passwords were accepted.
		for _, weak := range []string{"ngắn", "aaaaaaaaaa", "1234567890", "doimatkhau12", "password123"} {
			_, err = us.ChangePassword(me, sqldbtest.Password, weak)
			sqldbtest.Code(t, err, congvu.EINVALID)
			if congvu.ErrorFields(err)["new_password"] == "" {
				t.Fatalf("%q: no message on new_password: %v", weak, err)
			}
		}
		_, err = us.ChangePassword(ctx, sqldbtest.Password, "Mật khẩu mới thật dài")
		sqldbtest.Code(t, err, congvu.EUNAUTH)

		// Two sessions (this browser, another computer) and a token.
		here, err := us.Authenticate(ctx, "doimatkhau", sqldbtest.Password)
		if err != nil {
			t.Fatal(err)
		}
		there, err := us.Authenticate(ctx, "doimatkhau", sqldbtest.Password)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := us.CreateAPIToken(me, "tích hợp")
		if err != nil {
			t.Fatal(err)
		}
		sess, err := us.ChangePassword(me, sqldbtest.Password, "Mật khẩu mới thật dài")
		if err != nil {
			t.Fatal(err)
		}
		for _, old := range []*org.Session{here, there} {
			if _, err := us.ActorBySession(ctx, old.Token); congvu.ErrorCode(err) != congvu.EUNAUTH {
				t.Fatalf("a session from before the change still works: %v", err)
			}
		}
		if a, err := us.ActorBySession(ctx, sess.Token); err != nil || a.UserID != u.ID {
			t.Fatalf("the caller's new session: %v %v", a, err)
		}
		if _, err := us.ActorByAPIToken(ctx, tok.Secret); err != nil {
			t.Fatalf("API token after a password change: %v", err)
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

// Creating an account or resetting its password applies the same rule.
func TestWeakPasswordsRefusedOnCreate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		for _, weak := range []string{"aaaaaaaaaa", "1234567890", "thanhtra12", "qwertyuiop"} {
			_, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: "thanhtra", FullName: "Thanh Tra", Password: weak, Active: true,
				Grants: []congvu.Grant{{Role: congvu.RoleInspector, UnitID: 1}}})
			sqldbtest.Code(t, err, congvu.EINVALID)
			if congvu.ErrorFields(err)["password"] == "" {
				t.Fatalf("%q: no message on password: %v", weak, err)
			}
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

// An administrator's password reset lifts the name's back-off (and reads
// the pseudonym key outside its transaction: a fresh service deadlocked).
func TestPasswordResetLiftsBackoff(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		u := sqldbtest.User(t, us, "quen.mat.khau", congvu.RoleInspector, 1)
		here := from(context.Background(), "192.0.2.40")
		for i := 0; i < org.LoginFreeFailures; i++ {
			_, err := us.Authenticate(here, "quen.mat.khau", "không nhớ nổi")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
		}
		ctx, cancel := context.WithTimeout(sqldbtest.Sys(), 20*time.Second)
		defer cancel()
		in := org.UserInput{Username: u.Username, FullName: u.FullName, Password: "Mật khẩu cấp lại 2026", Active: true,
			Grants: []congvu.Grant{{Role: congvu.RoleInspector, UnitID: 1}}}
		if _, err := orgsql.NewUserService(db).UpdateUser(ctx, u.ID, in); err != nil {
			t.Fatalf("reset: %v", err)
		}
		if _, err := us.Authenticate(here, "quen.mat.khau", "Mật khẩu cấp lại 2026"); err != nil {
			t.Fatalf("after the reset, from the address that had to wait: %v", err)
		}
	})
}

// The back-off keeps an address only as a pseudonym under a key of the day:
// the same address the next day is another row, and the rows of days past
// are pruned, so nothing in login_failures outlives its day's key.
func TestLoginFailuresForgetAddresses(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clock := sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := from(context.Background(), "203.0.113.9")
		sqldbtest.User(t, us, "thanhtra", congvu.RoleInspector, 1)
		keys := func() map[string]bool {
			m := map[string]bool{}
			rows, err := db.Read.Query(`SELECT addr_key FROM login_failures WHERE addr_key <> ''`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var k string
				rows.Scan(&k)
				if strings.Contains(k, "203.0.113.9") {
					t.Fatalf("address in clear: %q", k)
				}
				m[k] = true
			}
			return m
		}
		_, err := us.Authenticate(ctx, "thanhtra", "sai mật khẩu")
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		first := keys()
		clock.Add(24 * time.Hour)
		_, err = us.Authenticate(ctx, "thanhtra", "sai mật khẩu")
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		if all := keys(); len(first) != 1 || len(all) != 2 {
			t.Fatalf("one address on two days: keys %d then %d, want 1 then 2 (a key per day)", len(first), len(all))
		}
		n, err := orgsql.PruneLoginFailures(context.Background(), db, clock.Now().Add(-time.Hour))
		if err != nil || n != 2 { // the row of the day before, and its account row
			t.Fatalf("pruned %d, %v; want the day before's 2 rows", n, err)
		}
		if left := keys(); len(left) != 1 || first[func() string {
			for k := range left {
				return k
			}
			return ""
		}()] {
			t.Fatalf("left %v: want only today's row", left)
		}
	})
}

// An administrator who sets their own password through the user form would
// skip the old password and leave their other sessions alive: the form
// refuses it and points to the change-password page.
func TestUpdateUserRefusesOwnPassword(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		admin := sqldbtest.User(t, us, "quan.tri", congvu.RoleAdmin, 1)
		other, err := us.Authenticate(context.Background(), "quan.tri", sqldbtest.Password)
		if err != nil {
			t.Fatal(err)
		}
		self := sqldbtest.As(&congvu.Actor{UserID: admin.ID, Username: admin.Username, FullName: admin.FullName,
			Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: 1, UnitPath: "/1/"}}})
		in := org.UserInput{Username: admin.Username, FullName: admin.FullName, Password: "Mật khẩu tự đặt 2026", Active: true,
			Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitID: 1}}}
		_, err = us.UpdateUser(self, admin.ID, in)
		var ce *congvu.Error
		if !errors.As(err, &ce) || ce.Code != congvu.EINVALID ||
			!strings.Contains(ce.Fields["password"], "/account/password") {
			t.Fatalf("own password through the user form: %v (%+v)", err, ce)
		}
		if _, err := us.Authenticate(context.Background(), "quan.tri", "Mật khẩu tự đặt 2026"); err == nil {
			t.Fatal("the new password was set")
		}
		if _, err := us.ActorBySession(context.Background(), other.Token); err != nil {
			t.Fatalf("the refused edit touched the sessions: %v", err)
		}
		// The same form without a password still saves.
		in.Password = ""
		in.FullName = "Quản Trị Viên"
		if _, err := us.UpdateUser(self, admin.ID, in); err != nil {
			t.Fatalf("own edit without a password: %v", err)
		}
	})
}

// Issue 9, item 7 (third review): an unknown name's password is hashed
// with parameters drawn, by a keyed hash of the name, in the proportion the
// parameter sets are stored among active accounts. With every hash current,
// unknown names cost what a current account costs; while some accounts keep
// an older, costlier hash (not signed in since the change), about that
// share of unknown names costs as much, always the same names: the time of
// the answer is distributed as over real accounts and each name answers
// alike every time (no name is told apart by the time it takes).
func TestLoginUnknownNameCostsAsStoredHashes(t *testing.T) {
	const current, old = "m=19456,t=2,p=1", "m=65536,t=2,p=2"
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		var ids []int64
		for i := range 10 {
			ids = append(ids, sqldbtest.User(t, us, fmt.Sprintf("can.bo%d", i), congvu.RoleInspector, 1).ID)
		}
		ctx := from(context.Background(), "192.0.2.7")

		// (a) Only current hashes: every unknown name uses the current ones.
		for i := range 5 {
			_, err := us.Authenticate(ctx, fmt.Sprintf("khong.co.ai%d", i), "sai mật khẩu")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
			if got := orgsql.LastHashParams(); got != current {
				t.Fatalf("unknown name with only current hashes stored: hashed with %s", got)
			}
		}

		// (b) Three of ten active accounts keep the old hash, and so does
		// an inactive one, whose sign-in is verified against it too: 4 of 11.
		oh := orgsql.OldHash(sqldbtest.Password)
		for _, id := range ids[:3] {
			if _, err := db.Write.Exec(`UPDATE users SET password_hash = $2 WHERE id = $1`, id, oh); err != nil {
				t.Fatal(err)
			}
		}
		gone := sqldbtest.User(t, us, "nghi.huu", congvu.RoleInspector, 1)
		if _, err := db.Write.Exec(`UPDATE users SET password_hash = $2, active = $3 WHERE id = $1`, gone.ID, oh, false); err != nil {
			t.Fatal(err)
		}
		us = orgsql.NewUserService(db) // as at the server's start
		const n = 200
		byName := map[string]string{}
		olds := 0
		for i := range n {
			name := fmt.Sprintf("ten.doan%d", i)
			got, err := orgsql.DummyParams(ctx, us, name)
			if err != nil {
				t.Fatal(err)
			}
			if got != current && got != old {
				t.Fatalf("unknown name %s: parameters %s", name, got)
			}
			if got == old {
				olds++
			}
			byName[name] = got
		}
		if olds < n*4/11-25 || olds > n*4/11+25 {
			t.Fatalf("%d of %d unknown names use the old parameters; want about 36%%", olds, n)
		}
		// The same name always gets the same parameters, after a restart
		// too, and the sign-in hashes with them.
		again := orgsql.NewUserService(db)
		seen := map[string]bool{}
		for i := range n {
			name := fmt.Sprintf("ten.doan%d", i)
			got, err := orgsql.DummyParams(ctx, again, name)
			if err != nil {
				t.Fatal(err)
			}
			if got != byName[name] {
				t.Fatalf("unknown name %s: %s, then %s", name, byName[name], got)
			}
			if seen[got] {
				continue
			}
			seen[got] = true
			for range 2 {
				_, err := again.Authenticate(ctx, name, "sai mật khẩu")
				sqldbtest.Code(t, err, congvu.EUNAUTH)
				if h := orgsql.LastHashParams(); h != got {
					t.Fatalf("unknown name %s: sign-in hashed with %s, not %s", name, h, got)
				}
			}
		}
	})
}

// Issue 9, item 7 (third review): a client that leaves while its password
// is hashed still has its failure audited, as it is counted: the writes
// after the hash do not run on the request's cancelled context.
func TestLoginFailureAuditedWhenClientLeaves(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		sqldbtest.User(t, us, "thanhtra", congvu.RoleInspector, 1)
		for _, name := range []string{"thanhtra", "khong.co.ai"} {
			ctx, cancel := context.WithCancel(from(context.Background(), "203.0.113.60"))
			restore := orgsql.OnHash(cancel) // the client leaves as the hash starts
			_, err := us.Authenticate(ctx, name, "sai mật khẩu")
			restore()
			cancel()
			if c := congvu.ErrorCode(err); c != congvu.EUNAUTH && c != congvu.EINTERNAL {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'user.login_failed'`); n != 2 {
			t.Fatalf("%d login_failed events for 2 failures counted, want 2", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COALESCE(SUM(failures), 0) FROM login_failures WHERE addr_key <> ''`); n != 2 {
			t.Fatalf("%d failures counted, want 2", n)
		}
		// The right password, the client gone during the hash: the try is
		// forgiven (the pair's failures end), not left counted.
		ctx, cancel := context.WithCancel(from(context.Background(), "203.0.113.60"))
		restore := orgsql.OnHash(cancel)
		_, _ = us.Authenticate(ctx, "thanhtra", sqldbtest.Password)
		restore()
		if n := sqldbtest.Count(t, db, `SELECT COALESCE(SUM(failures), 0) FROM login_failures WHERE addr_key <> ''`); n != 1 {
			t.Fatalf("after the right password: %d failures counted, want 1 (the unknown name's)", n)
		}
	})
}

// One IPv6 host owns a /64: five wrong passwords from five of its addresses
// make the whole /64 wait, as five from one IPv4 address do.
func TestLoginBackoffCountsIPv6By64(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		ctx := context.Background()
		sqldbtest.User(t, us, "thanhtra", congvu.RoleInspector, 1)
		for i := 1; i <= org.LoginFreeFailures; i++ {
			_, err := us.Authenticate(from(ctx, fmt.Sprintf("2001:db8:7:9::%x", i)), "thanhtra", "sai mật khẩu")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
		}
		_, err := us.Authenticate(from(ctx, "2001:db8:7:9:abcd::42"), "thanhtra", "sai lần nữa")
		sqldbtest.Code(t, err, congvu.ELIMIT)
		if _, err := us.Authenticate(from(ctx, "2001:db8:7:a::1"), "thanhtra", sqldbtest.Password); err != nil {
			t.Fatalf("another /64: %v", err)
		}
	})
}

// Parallel tries from one pair: the check is made after counting, so no
// more than the free failures get a password hashed.
func TestLoginParallelTriesFromOnePair(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		sqldbtest.User(t, us, "thanhtra", congvu.RoleInspector, 1)
		ctx := from(context.Background(), "203.0.113.50")
		const n = 30
		codes := make(chan string, n)
		before := orgsql.Hashes()
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := us.Authenticate(ctx, "thanhtra", fmt.Sprintf("đoán lần %d", i))
				codes <- congvu.ErrorCode(err)
			}()
		}
		wg.Wait()
		close(codes)
		count := map[string]int{}
		for c := range codes {
			count[c]++
		}
		hashed := orgsql.Hashes() - before
		if count[congvu.EUNAUTH] > org.LoginFreeFailures || hashed > org.LoginFreeFailures || count[congvu.ELIMIT] != n-count[congvu.EUNAUTH] {
			t.Fatalf("%d parallel tries: answers %v, %d hashed; want at most %d hashed", n, count, hashed, org.LoginFreeFailures)
		}
	})
}

// A try refused because the server is busy is no failure: the pair keeps
// its free tries.
func TestLoginBusyTryIsNotCounted(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		sqldbtest.User(t, us, "thanhtra", congvu.RoleInspector, 1)
		ctx := from(context.Background(), "203.0.113.51")
		free := orgsql.FillHashQueue()
		for range 3 {
			_, err := us.Authenticate(ctx, "thanhtra", "sai mật khẩu")
			if a := answerOf(err); a.code != congvu.ELIMIT || !strings.Contains(a.msg, "bận") {
				free()
				t.Fatalf("full queue: %+v", a)
			}
		}
		free()
		for i := 1; i < org.LoginFreeFailures; i++ {
			_, err := us.Authenticate(ctx, "thanhtra", "sai mật khẩu")
			sqldbtest.Code(t, err, congvu.EUNAUTH)
		}
		if _, err := us.Authenticate(ctx, "thanhtra", sqldbtest.Password); err != nil {
			t.Fatalf("busy tries were counted as failures: %v", err)
		}
	})
}

// The audit rows of sign-ins keep what the back-off keeps: the address only
// as a pseudonym of the day, and for an unknown name not the name typed
// (often a password typed in the wrong box).
func TestLoginAuditKeepsNoAddressNorTypedName(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SetClock(db)
		us := orgsql.NewUserService(db)
		sqldbtest.User(t, us, "thanhtra", congvu.RoleInspector, 1)
		ctx := from(context.Background(), "203.0.113.77")
		_, err := us.Authenticate(ctx, "MatKhauBiMat2026", "x")
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = us.Authenticate(ctx, "thanhtra", "sai mật khẩu")
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		if _, err := us.Authenticate(ctx, "thanhtra", sqldbtest.Password); err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'user.login%'`); n != 3 {
			t.Fatalf("%d sign-in audit rows, want 3", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'user.login%' AND (ip IS NULL OR ip = '' OR ip LIKE '%203.0.113%')`); n != 0 {
			t.Fatalf("%d sign-in audit rows keep the address in clear (or nothing)", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE LOWER(actor_name) LIKE '%matkhaubimat%' OR LOWER(actor_key) LIKE '%matkhaubimat%' OR LOWER(CAST(after_json AS TEXT)) LIKE '%matkhaubimat%'`); n != 0 {
			t.Fatalf("%d audit rows keep the unknown name typed", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'user.login_failed' AND CAST(after_json AS TEXT) LIKE '%unknown_user%'`); n != 1 {
			t.Fatalf("the unknown name's failure is not marked as such (%d)", n)
		}
	})
}
