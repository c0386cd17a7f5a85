package petitionsql_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/blob"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/petitionsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

// ptBlobs is the attachments folder of the tests (the real store).
type ptBlobs struct{ *blob.Dir }

// len counts the stored blobs (temporary files of a Put under way aside).
func (b ptBlobs) len(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir(b.Path())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			n++
		}
	}
	return n
}

// ptFix is a unit tree with officials, staff and a petition service:
// P1 > D1 > C1 and P1 > D2; P2 on its own. An (the subject of most
// petitions) and Bình work in C1, Dũng in D1, Chi in D2.
type ptFix struct {
	db                             *sqldb.DB
	clock                          *sqldbtest.Clock
	ps                             *petitionsql.PetitionService
	blobs                          ptBlobs
	P1, D1, C1, D2, P2             int64
	P1Path, D1Path, C1Path, D2Path string
	P2Path                         string
	an, binh, dung, chi            *org.Official
	// Staff.
	headD1   *congvu.Actor // unit head of D1 (the default handler of C1), official Dũng
	headD2   *congvu.Actor // unit head of D2
	headC1   *congvu.Actor // unit head of C1, official Bình: sees, may not handle
	supAn    *congvu.Actor // supervisor of P1 whose own record is An: the subject
	inspBinh *congvu.Actor // inspector of P1 whose record (Bình) lies in C1
	headP2   *congvu.Actor // outsider
	admin    *congvu.Actor // administrator of the whole tree
}

func ptSetup(t *testing.T, db *sqldb.DB) *ptFix {
	t.Helper()
	dir, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	x := &ptFix{db: db, clock: sqldbtest.SetClock(db), blobs: ptBlobs{dir}}
	x.P1, x.P1Path = sqldbtest.Unit(t, db, "/1/", "P1", "Tỉnh Một")
	x.D1, x.D1Path = sqldbtest.Unit(t, db, x.P1Path, "P1D1", "Huyện Một")
	x.C1, x.C1Path = sqldbtest.Unit(t, db, x.D1Path, "P1D1C1", "Xã Một")
	x.D2, x.D2Path = sqldbtest.Unit(t, db, x.P1Path, "P1D2", "Huyện Hai")
	x.P2, x.P2Path = sqldbtest.Unit(t, db, "/1/", "P2", "Tỉnh Hai")
	offs := orgsql.NewOfficialService(db)
	x.an = sqldbtest.Official(t, offs, x.C1, "AN", "Nguyễn Văn An", org.CategoryCivilServant)
	x.binh = sqldbtest.Official(t, offs, x.C1, "BINH", "Trần Thị Bình", org.CategoryCivilServant)
	x.dung = sqldbtest.Official(t, offs, x.D1, "DUNG", "Lê Văn Dũng", org.CategoryCivilServant)
	x.chi = sqldbtest.Official(t, offs, x.D2, "CHI", "Hoàng Văn Chí", org.CategoryCivilServant)
	if _, err := standardsql.NewStandardService(db).EnsureCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	us := orgsql.NewUserService(db)
	x.headD1 = ptStaff(t, us, "truong.d1", "thu.truong.d1@example.vn", congvu.RoleUnitHead, x.D1, x.D1Path, x.dung.ID)
	x.headD2 = ptStaff(t, us, "truong.d2", "thu.truong.d2@example.vn", congvu.RoleUnitHead, x.D2, x.D2Path, x.chi.ID)
	x.headC1 = ptStaff(t, us, "truong.c1", "", congvu.RoleUnitHead, x.C1, x.C1Path, 0)
	x.headC1.OfficialID = x.binh.ID // linked below through inspBinh's account otherwise; an actor is all the service reads
	x.supAn = ptStaff(t, us, "giamsat.an", "", congvu.RoleSupervisor, x.P1, x.P1Path, x.an.ID)
	x.inspBinh = ptStaff(t, us, "thanhtra.binh", "", congvu.RoleInspector, x.P1, x.P1Path, x.binh.ID)
	x.headP2 = ptStaff(t, us, "truong.p2", "thu.truong.p2@example.vn", congvu.RoleUnitHead, x.P2, x.P2Path, 0)
	x.admin = ptStaff(t, us, "quantri", "quantri@example.vn", congvu.RoleAdmin, 1, congvu.RootUnitPath, 0)
	x.ps = petitionsql.NewPetitionService(db, dir, calendarsql.NewCalendarService(db))
	return x
}

// ptStaff creates an account (so handlers' emails resolve) and returns its
// actor.
func ptStaff(t *testing.T, us *orgsql.UserService, username, email string, role congvu.Role, unitID int64, path string, official int64) *congvu.Actor {
	t.Helper()
	u, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: username, FullName: "Cán bộ " + username, Email: email, Password: sqldbtest.Password,
		OfficialID: official, Active: true, Grants: []congvu.Grant{{Role: role, UnitID: unitID}}})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return &congvu.Actor{UserID: u.ID, Username: username, FullName: u.FullName, OfficialID: official,
		Grants: []congvu.Grant{{Role: role, UnitID: unitID, UnitPath: path}}}
}

func ptFrom(ip string) context.Context {
	return congvu.NewContextWithMeta(context.Background(), congvu.RequestMeta{IP: ip})
}

const ptReporterName = "Phạm Văn Dân"
const ptReporterEmail = "dan.pham@example.vn"
const ptReporterPhone = "0912 345 678"

// ptInput is a valid petition about An by his badge.
func (x *ptFix) input() petition.Input {
	return petition.Input{BadgeToken: x.an.BadgeToken, Category: petition.Harassment,
		Description: "Cán bộ tiếp nhận hồ sơ nhũng nhiễu, đòi thêm giấy tờ không có trong quy định.",
		Place:       "Bộ phận một cửa xã Một",
		Reporter:    petition.Reporter{Name: ptReporterName, Phone: ptReporterPhone, Email: ptReporterEmail, Address: "12 Lê Lợi"},
		Consent:     true, FillTime: time.Minute}
}

// submitTagged submits the fixture's input with its description tagged
// ("tag: …"), edited by edit if not nil, a minute after the last one.
func (x *ptFix) submitTagged(t *testing.T, tag string, edit func(in *petition.Input)) *petition.Receipt {
	t.Helper()
	in := x.input()
	in.Description = tag + ": " + in.Description
	if edit != nil {
		edit(&in)
	}
	x.clock.Add(time.Minute)
	return x.submit(t, in)
}

func (x *ptFix) submit(t *testing.T, in petition.Input) *petition.Receipt {
	t.Helper()
	r, err := x.ps.Submit(ptFrom("203.0.113.7"), in)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return r
}

func (x *ptFix) step(t *testing.T, a *congvu.Actor, id int64, in petition.StepInput) *petition.Petition {
	t.Helper()
	p, err := x.ps.Step(sqldbtest.As(a), id, in)
	if err != nil {
		t.Fatalf("step %s: %v", in.Step, err)
	}
	if p.Status != petition.StepTo[in.Step] {
		t.Fatalf("after %s: status %s", in.Step, p.Status)
	}
	return p
}

// ptMail lists the queued emails as "to|subject|body".
func ptMail(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	rows, err := db.Read.Query(`SELECT to_addr, subject, body FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var to, sub, body string
		if err := rows.Scan(&to, &sub, &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, to+"|"+sub+"|"+body)
	}
	return out
}

func ptMailTo(t *testing.T, db *sqldb.DB, to string) []string {
	var out []string
	for _, m := range ptMail(t, db) {
		if strings.HasPrefix(m, to+"|") {
			out = append(out, m)
		}
	}
	return out
}

// ptNoIdentity fails when any stored text outside the sealed column holds
// the reporter's name, phone or email.
func ptNoIdentity(t *testing.T, db *sqldb.DB) {
	t.Helper()
	for _, needle := range []string{ptReporterName, "Dân", ptReporterEmail, "345 678", "0912"} {
		pat := "%" + needle + "%"
		for _, q := range []string{
			`SELECT COUNT(*) FROM petitions WHERE reporter_sealed LIKE $1 OR search_text LIKE $1 OR description LIKE $1 OR ip_hash LIKE $1`,
			`SELECT COUNT(*) FROM audit_events WHERE COALESCE(CAST(before_json AS TEXT), '') LIKE $1 OR COALESCE(CAST(after_json AS TEXT), '') LIKE $1 OR COALESCE(ip, '') LIKE $1`,
			`SELECT COUNT(*) FROM petition_events WHERE note LIKE $1 OR actor_name LIKE $1`,
		} {
			if n := sqldbtest.Count(t, db, q, pat); n != 0 {
				t.Errorf("%q found by %s", needle, q)
			}
		}
	}
	for _, m := range ptMail(t, db) {
		if strings.Contains(m, ptReporterName) || (strings.Contains(m, ptReporterEmail) && !strings.HasPrefix(m, ptReporterEmail+"|")) {
			t.Errorf("identity in an email: %s", m)
		}
	}
}

func TestPetitionSubmitValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		ctx := ptFrom("198.51.100.1")
		future := x.clock.Now().Add(48 * time.Hour)
		cases := []struct {
			name   string
			edit   func(in *petition.Input)
			fields []string
		}{
			{"empty", func(in *petition.Input) { *in = petition.Input{FillTime: time.Minute} },
				[]string{"category", "unit_id", "description", "reporter_name", "reporter_phone", "consent"}},
			{"short description", func(in *petition.Input) { in.Description = "Quá ngắn" }, []string{"description"}},
			{"long description", func(in *petition.Input) { in.Description = strings.Repeat("ầ", 5001) }, []string{"description"}},
			{"long place", func(in *petition.Input) { in.Place = strings.Repeat("x", 301) }, []string{"place"}},
			{"future", func(in *petition.Input) { in.OccurredAt = &future }, []string{"occurred_at"}},
			{"bad email", func(in *petition.Input) { in.Reporter.Email = "dan@" }, []string{"reporter_email"}},
			{"bad phone", func(in *petition.Input) { in.Reporter.Phone = "gọi tôi" }, []string{"reporter_phone"}},
			{"no contact", func(in *petition.Input) { in.Reporter.Phone, in.Reporter.Email = "", "" }, []string{"reporter_phone"}},
			{"no consent", func(in *petition.Input) { in.Consent = false }, []string{"consent"}},
			{"bad category", func(in *petition.Input) { in.Category = "bribe" }, []string{"category"}},
			{"unknown badge", func(in *petition.Input) { in.BadgeToken = "khongco" }, []string{"subject"}},
			{"two tokens", func(in *petition.Input) { in.UnitToken = "abc" }, []string{"subject"}},
			{"unknown unit", func(in *petition.Input) { in.BadgeToken, in.UnitID = "", 999999 }, []string{"unit_id"}},
			{"unknown official", func(in *petition.Input) { in.BadgeToken, in.OfficialID = "", 999999 }, []string{"official_id"}},
			{"unstored file", func(in *petition.Input) {
				in.Files = []*petition.Attachment{{ID: 77, Key: "khong-co"}}
			}, []string{"files"}},
		}
		for _, c := range cases {
			in := x.input()
			c.edit(&in)
			_, err := x.ps.Submit(ctx, in)
			sqldbtest.Code(t, err, congvu.EINVALID)
			fields := congvu.ErrorFields(err)
			for _, f := range c.fields {
				if fields[f] == "" {
					t.Errorf("%s: no message on %s: %v", c.name, f, err)
				}
			}
			if len(fields) != len(c.fields) {
				t.Errorf("%s: fields %v, want %v", c.name, fields, c.fields)
			}
		}
		// Anti-abuse: a filled honeypot is refused in vague words; a form
		// sent in two seconds is told to wait a few seconds and send again.
		in := x.input()
		in.Honeypot = "http://spam.example"
		_, err := x.ps.Submit(ctx, in)
		sqldbtest.Code(t, err, congvu.EINVALID)
		if msg := congvu.ErrorMessage(err); msg != "Không gửi được phản ánh. Xin vui lòng kiểm tra lại nội dung và gửi lại." {
			t.Errorf("honeypot message %q", msg)
		}
		in = x.input()
		in.FillTime = 2 * time.Second
		_, err = x.ps.Submit(ctx, in)
		sqldbtest.Code(t, err, congvu.EINVALID)
		if msg := congvu.ErrorMessage(err); !strings.Contains(msg, "xin đợi vài giây rồi bấm “Gửi phản ánh” lần nữa") {
			t.Errorf("fast form message %q", msg)
		}
		for _, q := range []string{`SELECT COUNT(*) FROM petitions`, `SELECT COUNT(*) FROM petition_events`, `SELECT COUNT(*) FROM petition_stages`,
			`SELECT COUNT(*) FROM outbox`, `SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'petition.%'`} {
			if n := sqldbtest.Count(t, db, q); n != 0 {
				t.Errorf("%s: %d after refused submissions", q, n)
			}
		}

		// Anonymous: no name, phone nor consent needed, and what was typed
		// anyway is dropped.
		in = x.input()
		in.Anonymous, in.Consent = true, false
		r, err := x.ps.Submit(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petitions WHERE id = $1 AND reporter_sealed = '' AND has_contact = FALSE AND anonymous = TRUE`, r.Petition.ID) != 1 {
			t.Error("anonymous petition keeps an identity")
		}
		// By unit id with the person described, and a past date.
		past := x.clock.Now().AddDate(0, 0, -3)
		in = x.input()
		in.BadgeToken, in.UnitID, in.SubjectText, in.OccurredAt = "", x.C1, "Cán bộ nam ngồi bàn số 2", &past
		r, err = x.ps.Submit(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Petition.OfficialID != 0 || r.Petition.UnitID != x.C1 || r.Petition.Channel != petition.ViaWeb || r.Petition.OccurredAt == nil {
			t.Errorf("by unit: %+v", r.Petition)
		}
	})
}

// A form sent again (its FormKey seen before) files nothing new: the same
// tracking code comes back, without the secret; sent many times at once,
// it still files one petition.
func TestPetitionFormSentTwice(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		in := x.input()
		in.FormKey = "nonce-cua-bieu-mau-1"
		first := x.submit(t, in)
		if first.Repeated || first.Secret == "" {
			t.Fatalf("first sending: %+v", first)
		}
		counts := func() [3]int {
			return [3]int{sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petitions`), sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox`),
				sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.submit'`)}
		}
		before := counts()
		for range petition.MaxPerIPPerDay + 1 { // nor does the network's daily limit count them
			again := x.submit(t, in)
			if !again.Repeated || again.Secret != "" || again.TrackingCode != first.TrackingCode {
				t.Fatalf("sent again: repeated %v, secret %q, code %s (first %s)", again.Repeated, again.Secret, again.TrackingCode, first.TrackingCode)
			}
		}
		if after := counts(); after != before {
			t.Fatalf("petitions, emails, audit rows: %v after sending again, %v before", after, before)
		}
		// Many sendings of one form at once: one petition, one secret.
		in.FormKey = "nonce-cua-bieu-mau-2"
		var wg sync.WaitGroup
		recs := make([]*petition.Receipt, 8)
		errs := make([]error, len(recs))
		for i := range recs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				recs[i], errs[i] = x.ps.Submit(ptFrom("198.51.100.9"), in)
			}()
		}
		wg.Wait()
		secrets := 0
		for i, r := range recs {
			if errs[i] != nil {
				t.Fatalf("sending %d: %v", i, errs[i])
			}
			if r.TrackingCode != recs[0].TrackingCode {
				t.Fatalf("one form filed %s and %s", r.TrackingCode, recs[0].TrackingCode)
			}
			if r.Secret != "" {
				secrets++
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petitions`); n != before[0]+1 || secrets != 1 {
			t.Fatalf("%d petitions (want %d), %d secrets shown (want 1)", n, before[0]+1, secrets)
		}
		// Another form, the same words: a petition of its own.
		in.FormKey = "nonce-cua-bieu-mau-3"
		if r := x.submit(t, in); r.Repeated || r.TrackingCode == first.TrackingCode {
			t.Fatalf("another form: %+v", r)
		}
	})
}

// A form's key is bound to what it filed: sent again with other content
// it files nothing and names nothing (ECONFLICT, no code); its age is
// looked at only when it filed nothing (a receipt reloaded the next day is
// the form sent again, whatever its age).
func TestPetitionFormKeyBoundToContent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		in := x.input()
		in.FormKey = "nonce-cua-may-dung-chung"
		first := x.submit(t, in)
		other := in
		other.Description = "Một phản ánh khác hẳn, của người dùng máy sau: cán bộ hẹn lại nhiều lần."
		other.Reporter = petition.Reporter{}
		other.Anonymous = true
		rec, err := x.ps.Submit(ptFrom("203.0.113.10"), other)
		if congvu.ErrorCode(err) != congvu.ECONFLICT || rec != nil || strings.Contains(congvu.ErrorMessage(err), first.TrackingCode) {
			t.Fatalf("the form with other content: %+v, %v", rec, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petitions`); n != 1 {
			t.Fatalf("%d petitions, want 1", n)
		}
		in.FormExpired = true
		if again := x.submit(t, in); !again.Repeated || again.TrackingCode != first.TrackingCode {
			t.Fatalf("an old form that filed a petition: %+v", again)
		}
		in.FormKey = "nonce-bieu-mau-cu"
		if _, err := x.ps.Submit(ptFrom("203.0.113.10"), in); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Fatalf("an old form that filed nothing: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petitions`); n != 1 {
			t.Fatalf("%d petitions, want 1", n)
		}
	})
}

func TestPetitionSubmitSealsIdentityAndNotifies(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		p := r.Petition
		if !regexp.MustCompile(`^PA-[A-Z2-7]{4}-[A-Z2-7]{4}$`).MatchString(r.TrackingCode) || p.TrackingCode != r.TrackingCode {
			t.Errorf("tracking code %q", r.TrackingCode)
		}
		if len(r.Secret) < 16 {
			t.Errorf("secret %q", r.Secret)
		}
		if p.Status != petition.Received || p.HandlerUnitID != x.D1 || p.HandlerName != "Huyện Một" || p.OfficialID != x.an.ID ||
			p.UnitID != x.C1 || p.Channel != petition.ViaBadge || !p.HasContact || p.Anonymous {
			t.Errorf("stored %+v", p)
		}
		// 10 working days from Thursday 5 March 2026: Thursday 19 March, end of day in Vietnam.
		wantDue := time.Date(2026, 3, 19, 23, 59, 59, 0, congvu.TimeZone)
		if p.DueAt == nil || !p.DueAt.Equal(wantDue) {
			t.Errorf("due %v, want %v", p.DueAt, wantDue)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_stages WHERE petition_id = $1 AND stage = 'accept' AND unit_id = $2 AND done_at IS NULL`, p.ID, x.D1); n != 1 {
			t.Errorf("%d open accept stages", n)
		}
		var secretHash, sealed, search string
		if err := db.Read.QueryRow(`SELECT secret_hash, reporter_sealed, search_text FROM petitions WHERE id = $1`, p.ID).Scan(&secretHash, &sealed, &search); err != nil {
			t.Fatal(err)
		}
		if secretHash == r.Secret || strings.Contains(secretHash, r.Secret) || len(secretHash) != 64 {
			t.Errorf("secret stored as %q", secretHash)
		}
		if !strings.HasPrefix(sealed, "v1:") || len(sealed) < 60 {
			t.Errorf("sealed %q", sealed)
		}
		if !strings.Contains(search, "nhung nhieu") || !strings.Contains(search, "nguyen van an") || !strings.Contains(search, "xa mot") {
			t.Errorf("search text %q", search)
		}
		ptNoIdentity(t, db)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.submit' AND entity_id = $1 AND COALESCE(ip, '') = ''`, p.ID); n != 1 {
			t.Errorf("%d submit audits without the IP", n)
		}
		mails := ptMail(t, db)
		if len(mails) != 1 || !strings.HasPrefix(mails[0], "thu.truong.d1@example.vn|Phản ánh mới "+r.TrackingCode+"|") ||
			!strings.Contains(mails[0], "/petitions/"+strconv.FormatInt(p.ID, 10)) || !strings.Contains(mails[0], "19/03/2026") {
			t.Errorf("mails %q", mails)
		}
		// The staff view carries no identity.
		got, err := x.ps.FindPetition(sqldbtest.As(x.headD1), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Description != p.Description || got.OfficialName != "Nguyễn Văn An" {
			t.Errorf("found %+v", got)
		}

		// The root's own petitions stay with the root; other units go to
		// their nearest active parent.
		if u, err := x.ps.DefaultHandler(context.Background(), 1); err != nil || u.ID != 1 {
			t.Errorf("root handler %v %v", u, err)
		}
		if _, err := db.Write.Exec(`UPDATE units SET active = FALSE WHERE id = $1`, x.D1); err != nil {
			t.Fatal(err)
		}
		if u, err := x.ps.DefaultHandler(context.Background(), x.C1); err != nil || u.ID != x.P1 {
			t.Errorf("handler past an inactive parent %v %v", u, err)
		}
		_, err = x.ps.DefaultHandler(context.Background(), 999999)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}

func TestPetitionSubmitRateLimit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		ctx := ptFrom("192.0.2.50")
		for i := 0; i < petition.MaxPerIPPerDay; i++ {
			if _, err := x.ps.Submit(ctx, x.input()); err != nil {
				t.Fatalf("petition %d: %v", i, err)
			}
		}
		_, err := x.ps.Submit(ctx, x.input())
		sqldbtest.Code(t, err, congvu.ELIMIT)
		if !strings.Contains(congvu.ErrorMessage(err), "quá nhiều phản ánh") {
			t.Errorf("message %q", congvu.ErrorMessage(err))
		}
		if _, err := x.ps.Submit(ptFrom("192.0.2.51"), x.input()); err != nil {
			t.Errorf("another address: %v", err)
		}
		x.clock.Add(24 * time.Hour)
		if _, err := x.ps.Submit(ctx, x.input()); err != nil {
			t.Errorf("next day: %v", err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petitions`); n != petition.MaxPerIPPerDay+2 {
			t.Errorf("%d petitions", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM rate_limits WHERE key LIKE '%192.0.2%'`); n != 0 {
			t.Error("an IP address in clear in the limiter")
		}
	})
}

func TestPetitionTrack(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		ip := ptFrom("203.0.113.9")
		pub, err := x.ps.Track(ip, strings.ToLower(strings.ReplaceAll(r.TrackingCode, "-", " ")), " "+strings.ToUpper(r.Secret)+" ")
		if err != nil {
			t.Fatal(err)
		}
		if pub.TrackingCode != r.TrackingCode || pub.Status != petition.Received || pub.UnitName != "Xã Một" || pub.DueAt == nil ||
			len(pub.Events) != 1 || pub.Events[0].Kind != "submit" || pub.Events[0].ActorName != "" || pub.Events[0].UnitName != "Huyện Một" {
			t.Errorf("public view %+v events %+v", pub, pub.Events)
		}

		// A wrong secret is counted per code and address: after
		// MaxTrackFailuresPerCode failures from one address, even the right
		// secret is refused there for the window, and an unknown code is
		// refused the same way; another address still gets through, so
		// nobody who learns a code can lock its reporter out.
		guesser := ptFrom("198.51.100.10")
		for i := 0; i < petition.MaxTrackFailuresPerCode; i++ {
			_, err := x.ps.Track(guesser, r.TrackingCode, "sai-ma-bi-mat")
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
		}
		_, err = x.ps.Track(guesser, r.TrackingCode, r.Secret)
		sqldbtest.Code(t, err, congvu.ELIMIT)
		err = x.ps.PostReporterMessage(guesser, r.TrackingCode, r.Secret, "Tôi bổ sung thêm thông tin.", false)
		sqldbtest.Code(t, err, congvu.ELIMIT)
		if _, err := x.ps.Track(ip, r.TrackingCode, r.Secret); err != nil {
			t.Errorf("the reporter, from their own address: %v", err)
		}
		for i := 0; i < petition.MaxTrackFailuresPerCode; i++ {
			_, err := x.ps.Track(guesser, "PA-ZZZZ-ZZZZ", "sai-ma-bi-mat")
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
		}
		_, err = x.ps.Track(guesser, "PA-ZZZZ-ZZZZ", "sai-ma-bi-mat")
		sqldbtest.Code(t, err, congvu.ELIMIT) // as for a real code: the refusal tells nothing
		x.clock.Add(petition.TrackFailureWindow)
		if _, err := x.ps.Track(guesser, r.TrackingCode, r.Secret); err != nil {
			t.Fatalf("after the window: %v", err)
		}

		// Per address: unknown codes count too.
		other := x.submit(t, x.input())
		bad := ptFrom("192.0.2.99")
		for i := 0; i < petition.MaxTrackFailuresPerIP; i++ {
			_, err := x.ps.Track(bad, "PA-AAAA-AAA"+string(rune('A'+i%20)), "x")
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
		}
		_, err = x.ps.Track(bad, other.TrackingCode, other.Secret)
		sqldbtest.Code(t, err, congvu.ELIMIT)
		if _, err := x.ps.Track(ptFrom("192.0.2.100"), other.TrackingCode, other.Secret); err != nil {
			t.Errorf("another address: %v", err)
		}
		// Garbage is a miss, not an error.
		_, err = x.ps.Track(ptFrom("192.0.2.101"), "'; DROP TABLE petitions; --", "")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
	})
}

// ptToVerifying walks a petition to "verifying" as D1's head.
func (x *ptFix) toVerifying(t *testing.T, id int64) {
	t.Helper()
	x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepAccept})
	x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepAssign})
	x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepVerify})
}

func TestPetitionWorkflow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		id := r.Petition.ID
		as := sqldbtest.As(x.headD1)

		// Illegal steps from "received".
		for _, st := range []petition.Step{petition.StepAssign, petition.StepVerify, petition.StepTransfer, petition.StepConclude, petition.StepClose} {
			_, err := x.ps.Step(as, id, petition.StepInput{Step: st, UnitID: x.D2, Reason: "x", Conclusion: petition.ConclusionUnfounded, Text: "x"})
			sqldbtest.Code(t, err, congvu.ECONFLICT)
			if !strings.Contains(congvu.ErrorMessage(err), "“Mới tiếp nhận”") {
				t.Errorf("%s: %q", st, congvu.ErrorMessage(err))
			}
		}
		_, err := x.ps.Step(as, id, petition.StepInput{Step: "approve"})
		sqldbtest.Code(t, err, congvu.EINVALID)

		x.clock.Add(time.Hour)
		p := x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepAccept, Note: "Đủ điều kiện thụ lý."})
		// The assign stage: 3 working days from Thursday → Tuesday 10 March.
		if want := time.Date(2026, 3, 10, 23, 59, 59, 0, congvu.TimeZone); p.DueAt == nil || !p.DueAt.Equal(want) {
			t.Errorf("assign due %v", p.DueAt)
		}
		if len(ptMailTo(t, db, ptReporterEmail)) != 1 {
			t.Errorf("reporter not told of acceptance: %q", ptMail(t, db))
		}
		_, err = x.ps.Step(as, id, petition.StepInput{Step: petition.StepReject, Reason: "x"})
		sqldbtest.Code(t, err, congvu.ECONFLICT)

		// Assign: never into the subject's subtree; by default to the
		// supervising unit.
		_, err = x.ps.Step(as, id, petition.StepInput{Step: petition.StepAssign, UnitID: x.C1})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["unit_id"] == "" {
			t.Errorf("no unit_id message: %v", err)
		}
		p = x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepAssign})
		if p.HandlerUnitID != x.D1 {
			t.Errorf("assigned to %d", p.HandlerUnitID)
		}
		p = x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepVerify})
		concludeDue := p.DueAt

		// Transfer: a reason and another unit outside the subtree.
		_, err = x.ps.Step(as, id, petition.StepInput{Step: petition.StepTransfer, UnitID: x.D2})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["reason"] == "" {
			t.Errorf("no reason message: %v", err)
		}
		_, err = x.ps.Step(as, id, petition.StepInput{Step: petition.StepTransfer, UnitID: x.D1, Reason: "Chuyển"})
		sqldbtest.Code(t, err, congvu.EINVALID)
		_, err = x.ps.Step(as, id, petition.StepInput{Step: petition.StepTransfer, UnitID: x.C1, Reason: "Chuyển"})
		sqldbtest.Code(t, err, congvu.EINVALID)
		// Three days later (the 30 days from the first verification end on
		// Saturday 4 April and move to Monday 6: a transfer a day or two
		// later would end on that Monday too).
		x.clock.Add(3 * 24 * time.Hour)
		p = x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepTransfer, UnitID: x.D2, Reason: "Huyện Hai có thẩm quyền xác minh."})
		if p.HandlerUnitID != x.D2 || p.Status != petition.Assigned || p.DueAt == nil || !p.DueAt.After(*concludeDue) {
			t.Errorf("transferred %+v (due %v, before %v)", p, p.DueAt, concludeDue)
		}
		if m := ptMailTo(t, db, "thu.truong.d2@example.vn"); len(m) != 1 || !strings.Contains(m[0], "được giao cho Huyện Hai") {
			t.Errorf("D2 not told: %q", m)
		}
		// D1's head still sees it (the subject is in D1) but no longer acts.
		_, err = x.ps.Step(as, id, petition.StepInput{Step: petition.StepVerify})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if _, err := x.ps.FindPetition(as, id); err != nil {
			t.Errorf("D1 lost sight: %v", err)
		}
		asD2 := sqldbtest.As(x.headD2)
		x.step(t, x.headD2, id, petition.StepInput{Step: petition.StepVerify})

		// Conclude: a breach must name known standard items.
		_, err = x.ps.Step(asD2, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded, Text: "Xác minh có vi phạm.", ConclusionPublic: true})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["items"] == "" {
			t.Errorf("no items message: %v", err)
		}
		_, err = x.ps.Step(asD2, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded, Text: "Có vi phạm.", Items: []string{"TT-NHN", "XX-KHONG"}, ConclusionPublic: true})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if !strings.Contains(congvu.ErrorFields(err)["items"], "XX-KHONG") {
			t.Errorf("items message %v", err)
		}
		_, err = x.ps.Step(asD2, id, petition.StepInput{Step: petition.StepConclude, Conclusion: "maybe", Text: ""})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if f := congvu.ErrorFields(err); f["conclusion"] == "" || f["text"] == "" {
			t.Errorf("fields %v", f)
		}
		p = x.step(t, x.headD2, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionPartly,
			Text: "Cán bộ An yêu cầu thêm giấy tờ không cần thiết; đã kiểm điểm.", Items: []string{"tt-nhn", "TT-NHN", "GT-TD"}, ConclusionPublic: true})
		if strings.Join(p.BreachedItems, ",") != "GT-TD,TT-NHN" || p.Conclusion != petition.ConclusionPartly {
			t.Errorf("concluded %+v", p)
		}

		// Close needs a reply to a reporter who is not anonymous.
		_, err = x.ps.Step(asD2, id, petition.StepInput{Step: petition.StepClose})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if _, err := x.ps.Reply(asD2, id, "  "); congvu.ErrorCode(err) != congvu.EINVALID {
			t.Errorf("empty reply: %v", err)
		}
		msg, err := x.ps.Reply(asD2, id, "Kính gửi Ông/Bà, phản ánh của Ông/Bà là đúng một phần; cán bộ đã bị kiểm điểm.")
		if err != nil {
			t.Fatal(err)
		}
		if msg.AuthorName != "Huyện Hai" || !msg.FromAgency {
			t.Errorf("reply %+v", msg)
		}
		if _, err := x.ps.AddNote(asD2, id, "Đã lập biên bản làm việc với cán bộ An."); err != nil {
			t.Fatal(err)
		}
		p = x.step(t, x.headD2, id, petition.StepInput{Step: petition.StepClose})
		if p.ClosedAt == nil || p.DueAt != nil || p.Overdue {
			t.Errorf("closed %+v", p)
		}
		for _, st := range petition.StepsFrom(petition.Received) {
			_, err := x.ps.Step(asD2, id, petition.StepInput{Step: st, Reason: "x"})
			sqldbtest.Code(t, err, congvu.ECONFLICT)
		}
		_, err = x.ps.Reply(asD2, id, "Thêm")
		sqldbtest.Code(t, err, congvu.ECONFLICT)

		// Stages: accept, assign, conclude (D1), conclude (D2), close; all done.
		if got := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_stages WHERE petition_id = $1`, id); got != 5 {
			t.Errorf("%d stages", got)
		}
		if got := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_stages WHERE petition_id = $1 AND done_at IS NULL`, id); got != 0 {
			t.Errorf("%d open stages", got)
		}
		var kinds []string
		rows, err := db.Read.Query(`SELECT kind FROM audit_events WHERE entity_type = 'petition' AND entity_id = $1 ORDER BY id`, id)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k string
			rows.Scan(&k)
			kinds = append(kinds, k)
		}
		rows.Close()
		if got := strings.Join(kinds, ","); got != "petition.submit,petition.accept,petition.assign,petition.verify,petition.transfer,petition.verify,petition.conclude,petition.reply,petition.note,petition.close" {
			t.Errorf("audit %s", got)
		}

		// History for staff: every step with its actor; the reporter's view:
		// no names, no internal notes, the finding and the reply.
		events, msgs, notes, err := x.ps.History(as, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 8 || events[4].Kind != "transfer" || !strings.Contains(events[4].Note, "Huyện Hai có thẩm quyền") || events[4].ActorName != x.headD1.FullName {
			t.Errorf("events %d, transfer %+v", len(events), events[4])
		}
		if len(msgs) != 1 || len(notes) != 1 || notes[0].AuthorName != x.headD2.FullName {
			t.Errorf("messages %d notes %+v", len(msgs), notes)
		}
		pub, err := x.ps.Track(ptFrom("203.0.113.10"), r.TrackingCode, r.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if pub.Status != petition.Closed || pub.DueAt != nil || pub.Conclusion != petition.ConclusionPartly || len(pub.Messages) != 1 || len(pub.Events) != 8 {
			t.Errorf("public %+v", pub)
		}
		for _, e := range pub.Events {
			if e.ActorName != "" || strings.Contains(e.Note, "thẩm quyền") || strings.Contains(e.Note, "kiểm điểm") || strings.Contains(e.Note, "Đủ điều kiện") {
				t.Errorf("public event shows %+v", e)
			}
			if e.Kind == "conclude" && e.Note != "Phản ánh đúng một phần" {
				t.Errorf("conclusion note %q", e.Note)
			}
		}
		// The reporter was mailed on accept, conclude and reply — the code
		// only, never the finding.
		rm := ptMailTo(t, db, ptReporterEmail)
		if len(rm) != 3 {
			t.Errorf("reporter mails %q", rm)
		}
		for _, m := range rm {
			if !strings.Contains(m, r.TrackingCode) || strings.Contains(m, "kiểm điểm") || strings.Contains(m, "An") && strings.Contains(m, "Nguyễn") {
				t.Errorf("reporter mail %q", m)
			}
		}
		ptNoIdentity(t, db)
	})
}

func TestPetitionReject(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		_, err := x.ps.Step(sqldbtest.As(x.headD1), r.Petition.ID, petition.StepInput{Step: petition.StepReject})
		sqldbtest.Code(t, err, congvu.EINVALID)
		p := x.step(t, x.headD1, r.Petition.ID, petition.StepInput{Step: petition.StepReject, Reason: "Nội dung đã được giải quyết tại phản ánh trước.", Note: "ghi chú nội bộ"})
		if p.RejectReason != "Nội dung đã được giải quyết tại phản ánh trước." || p.ClosedAt == nil || p.DueAt != nil {
			t.Errorf("rejected %+v", p)
		}
		pub, err := x.ps.Track(ptFrom("203.0.113.10"), r.TrackingCode, r.Secret)
		if err != nil {
			t.Fatal(err)
		}
		last := pub.Events[len(pub.Events)-1]
		if pub.RejectReason != p.RejectReason || last.Kind != "reject" || last.Note != p.RejectReason {
			t.Errorf("public %+v %+v", pub, last)
		}
		err = x.ps.PostReporterMessage(ptFrom("203.0.113.10"), r.TrackingCode, r.Secret, "Tôi không đồng ý.", false)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if len(ptMailTo(t, db, ptReporterEmail)) != 1 {
			t.Errorf("reporter mails %q", ptMail(t, db))
		}
	})
}

func TestPetitionConflictsOfInterest(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		id := r.Petition.ID

		// The subject official never sees it, whatever their grants.
		_, err := x.ps.FindPetition(sqldbtest.As(x.supAn), id)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, _, _, err = x.ps.History(sqldbtest.As(x.supAn), id)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.ps.Step(sqldbtest.As(x.supAn), id, petition.StepInput{Step: petition.StepAccept})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.ps.IdentityViews(sqldbtest.As(x.supAn), id)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if list, n, err := x.ps.FindPetitions(sqldbtest.As(x.supAn), petition.Filter{}); err != nil || n != 0 || len(list) != 0 {
			t.Errorf("subject lists %d %v", n, err)
		}
		// A petition about C1 as a unit concerns everyone working in C1:
		// An (a supervisor of P1) does not see it either.
		in := x.input()
		in.BadgeToken, in.UnitID = "", x.C1
		unitPet := x.submit(t, in)
		if list, n, err := x.ps.FindPetitions(sqldbtest.As(x.supAn), petition.Filter{}); err != nil || n != 0 || len(list) != 0 {
			t.Errorf("a colleague of the unit lists %d %v", n, err)
		}
		_, err = x.ps.Step(sqldbtest.As(x.supAn), unitPet.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		// Colleagues in the subject's unit (an inspector of the province,
		// the head of C1 whose record is there) see nothing of it.
		for _, a := range []*congvu.Actor{x.inspBinh, x.headC1} {
			_, err := x.ps.FindPetition(sqldbtest.As(a), id)
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
			_, err = x.ps.Step(sqldbtest.As(a), id, petition.StepInput{Step: petition.StepAccept})
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
			_, err = x.ps.RevealReporter(sqldbtest.As(a), id, "Cần liên hệ để xác minh sự việc.")
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
			_, err = x.ps.Reply(sqldbtest.As(a), id, "Trả lời")
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
			_, err = x.ps.AddNote(sqldbtest.As(a), id, "Ghi chú")
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
		}
		// A head of C1 with no record there sees the petition about their
		// unit, but neither handles it nor opens its files.
		outsideHead := sqldbtest.Actor(9997, congvu.RoleUnitHead, x.C1, x.C1Path)
		p, err := x.ps.FindPetition(sqldbtest.As(outsideHead), id)
		if err != nil || len(p.Attachments) != 0 {
			t.Errorf("C1's head: %v, %d attachments listed", err, len(p.Attachments))
		}
		_, err = x.ps.Step(sqldbtest.As(outsideHead), id, petition.StepInput{Step: petition.StepAccept})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, _, err = x.ps.OpenFile(sqldbtest.As(outsideHead), id, 1)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		// An outsider does not even see it; an administrator sees but does
		// not handle; nobody signed in gets EUNAUTH.
		_, err = x.ps.FindPetition(sqldbtest.As(x.headP2), id)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, _, err = x.ps.OpenFile(sqldbtest.As(x.headP2), id, 1)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, err := x.ps.FindPetition(sqldbtest.As(x.admin), id); err != nil {
			t.Errorf("admin: %v", err)
		}
		_, err = x.ps.Step(sqldbtest.As(x.admin), id, petition.StepInput{Step: petition.StepAccept})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.ps.FindPetition(context.Background(), id)
		sqldbtest.Code(t, err, congvu.EUNAUTH)

		// Assigning into the subject's subtree is refused even to a handler.
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepAccept})
		for _, u := range []int64{x.C1} {
			_, err = x.ps.Step(sqldbtest.As(x.headD1), id, petition.StepInput{Step: petition.StepAssign, UnitID: u})
			sqldbtest.Code(t, err, congvu.EINVALID)
		}
		_, err = x.ps.Step(sqldbtest.As(x.headD1), id, petition.StepInput{Step: petition.StepAssign, UnitID: 999999})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if _, err := db.Write.Exec(`UPDATE units SET active = FALSE WHERE id = $1`, x.D2); err != nil {
			t.Fatal(err)
		}
		_, err = x.ps.Step(sqldbtest.As(x.headD1), id, petition.StepInput{Step: petition.StepAssign, UnitID: x.D2})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petitions WHERE id = $1 AND status = 'accepted'`, id); n != 1 {
			t.Error("a refused step changed the petition")
		}
	})
}

func TestPetitionRevealReporter(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		r := x.submit(t, x.input())
		id := r.Petition.ID
		as := sqldbtest.As(x.headD1)
		_, err := x.ps.RevealReporter(as, id, "xem")
		sqldbtest.Code(t, err, congvu.EINVALID)
		_, err = x.ps.RevealReporter(sqldbtest.As(x.admin), id, "Cần liên hệ để xác minh sự việc.")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_identity_views`); n != 0 {
			t.Errorf("%d views logged for refused readings", n)
		}
		rep, err := x.ps.RevealReporter(as, id, "Cần liên hệ để xác minh sự việc.")
		if err != nil {
			t.Fatal(err)
		}
		if rep.Name != ptReporterName || rep.Email != ptReporterEmail || rep.Phone != ptReporterPhone || rep.Address != "12 Lê Lợi" {
			t.Errorf("reporter %+v", rep)
		}
		if views, err := x.ps.IdentityViews(sqldbtest.As(x.admin), id); err != nil || len(views) != 0 {
			t.Errorf("an administrator, who oversees but does not handle, reads %d identity views (%v)", len(views), err)
		}
		views, err := x.ps.IdentityViews(sqldbtest.As(sqldbtest.Actor(9995, congvu.RoleSupervisor, x.P1, x.P1Path)), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(views) != 1 || views[0].UserID != x.headD1.UserID || views[0].Reason != "Cần liên hệ để xác minh sự việc." {
			t.Errorf("views %+v", views)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.reveal' AND entity_id = $1 AND CAST(after_json AS TEXT) LIKE '%xác minh%'`, id); n != 1 {
			t.Errorf("%d reveal audits", n)
		}
		events, _, _, err := x.ps.History(as, id)
		if err != nil {
			t.Fatal(err)
		}
		if last := events[len(events)-1]; last.Kind != "reveal" || last.Public {
			t.Errorf("reveal event %+v", last)
		}
		// The subject's unit head (with no record there) sees the petition,
		// but neither the readings, their reasons nor the internal notes.
		if _, err := x.ps.AddNote(as, id, "Người phản ánh là chị Lan, hàng xóm của anh An."); err != nil {
			t.Fatal(err)
		}
		outsider := sqldbtest.As(sqldbtest.Actor(9996, congvu.RoleUnitHead, x.C1, x.C1Path))
		if views, err := x.ps.IdentityViews(outsider, id); err != nil || len(views) != 0 {
			t.Errorf("the subject's unit head reads %d identity views (%v)", len(views), err)
		}
		events, _, notes, err := x.ps.History(outsider, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 0 {
			t.Errorf("the subject's unit head reads %d internal notes", len(notes))
		}
		for _, e := range events {
			if e.Kind == "reveal" || (!e.Public && e.Note != "") {
				t.Errorf("the subject's unit head sees event %+v", e)
			}
		}
		if _, _, notes, _ := x.ps.History(as, id); len(notes) != 1 {
			t.Errorf("the handler reads %d notes", len(notes))
		}
		pub, err := x.ps.Track(ptFrom("203.0.113.10"), r.TrackingCode, r.Secret)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range pub.Events {
			if e.Kind == "reveal" {
				t.Error("the reporter sees the reveal event")
			}
		}
		ptNoIdentity(t, db)

		// The sealed identity is bound to its petition: copied onto another,
		// it does not open.
		in := x.input()
		in.Reporter.Name = "Người Khác"
		other := x.submit(t, in)
		if _, err := db.Write.Exec(`UPDATE petitions SET reporter_sealed = (SELECT reporter_sealed FROM petitions WHERE id = $1) WHERE id = $2`, id, other.Petition.ID); err != nil {
			t.Fatal(err)
		}
		db.Log = sqldbtest.DiscardLog()
		_, err = x.ps.RevealReporter(as, other.Petition.ID, "Cần liên hệ để xác minh sự việc.")
		sqldbtest.Code(t, err, congvu.EINTERNAL)

		in = x.input()
		in.Anonymous = true
		anon := x.submit(t, in)
		_, err = x.ps.RevealReporter(as, anon.Petition.ID, "Cần liên hệ để xác minh sự việc.")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if congvu.ErrorMessage(err) != "Người phản ánh ẩn danh." {
			t.Errorf("message %q", congvu.ErrorMessage(err))
		}
	})
}

func TestPetitionAnonymousNeverEmailed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		in := x.input()
		in.Anonymous = true // the reporter's email typed anyway is dropped
		r := x.submit(t, in)
		id := r.Petition.ID
		x.toVerifying(t, id)
		as := sqldbtest.As(x.headD1)
		if _, err := x.ps.Reply(as, id, "Cảm ơn Ông/Bà, chúng tôi đang xác minh."); err != nil {
			t.Fatal(err)
		}
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: "Không có cơ sở.", ConclusionPublic: true})
		for _, m := range ptMail(t, db) {
			if !strings.HasPrefix(m, "thu.truong.d1@example.vn|") {
				t.Errorf("mail to someone other than the handler: %q", m)
			}
		}
		if len(ptMailTo(t, db, ptReporterEmail)) != 0 {
			t.Error("an anonymous reporter was emailed")
		}

		// Anonymous and silent: may close without a reply. Anonymous but
		// tracking and writing: needs one.
		in = x.input()
		in.Anonymous = true
		silent := x.submit(t, in)
		x.toVerifying(t, silent.Petition.ID)
		x.step(t, x.headD1, silent.Petition.ID, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: "Không có cơ sở.", ConclusionPublic: true})
		x.step(t, x.headD1, silent.Petition.ID, petition.StepInput{Step: petition.StepClose})

		talking := x.submit(t, in)
		if err := x.ps.PostReporterMessage(ptFrom("203.0.113.10"), talking.TrackingCode, talking.Secret, "Tôi bổ sung: sự việc xảy ra hai lần.", false); err != nil {
			t.Fatal(err)
		}
		err := x.ps.PostReporterMessage(ptFrom("203.0.113.10"), talking.TrackingCode, "sai", "Tin nhắn giả mạo", false)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		x.toVerifying(t, talking.Petition.ID)
		x.step(t, x.headD1, talking.Petition.ID, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: "Không có cơ sở.", ConclusionPublic: true})
		_, err = x.ps.Step(as, talking.Petition.ID, petition.StepInput{Step: petition.StepClose})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		_, msgs, _, err := x.ps.History(as, talking.Petition.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 || msgs[0].FromAgency || msgs[0].Body != "Tôi bổ sung: sự việc xảy ra hai lần." {
			t.Errorf("messages %+v", msgs)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.message' AND COALESCE(ip, '') = ''`); n != 1 {
			t.Errorf("%d message audits without IP", n)
		}
		// The handlers heard of the reporter's message.
		if m := ptMailTo(t, db, "thu.truong.d1@example.vn"); !strings.Contains(strings.Join(m, "\n"), "Người phản ánh gửi thêm ý kiến: "+talking.TrackingCode) {
			t.Errorf("handler not told of the message")
		}
	})
}

// Every closure leaves the reporter a reply: an anonymous petition closed
// without one gets the conclusion's words as a reply. The tracking view
// shows the conclusion's text; for 30 days after closing the reporter may
// still write, and a message contesting the result reopens the petition
// for its handler, who answers and closes again. After that, no more.
func TestPetitionClosureAndAfter(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		in := x.input()
		in.Anonymous = true
		r := x.submit(t, in)
		id := r.Petition.ID
		x.toVerifying(t, id)
		finding := "Cán bộ An đã yêu cầu giấy xác nhận ngoài quy định; đơn vị đã tổ chức kiểm điểm và trả hồ sơ đúng hạn."
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionFounded, Text: finding, Items: []string{"TT-NHN"}, ConclusionPublic: true})
		closed := x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepClose})
		ip := ptFrom("203.0.113.9")
		pub, err := x.ps.Track(ip, r.TrackingCode, r.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if len(pub.Messages) != 1 || !pub.Messages[0].FromAgency || !strings.Contains(pub.Messages[0].Body, finding) || pub.Messages[0].AuthorName != "Huyện Một" {
			t.Fatalf("closed without a reply: messages %+v", pub.Messages)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'petition.reply' AND entity_id = $1`, id); n != 1 {
			t.Errorf("%d reply audits, want the closing reply's", n)
		}
		if pub.ConclusionText != finding || !pub.MayWrite || pub.ClosedAt == nil || pub.WriteUntil == nil ||
			!pub.WriteUntil.Equal(closed.ClosedAt.Add(petition.ReopenWindow)) {
			t.Fatalf("tracking a closed petition: text %q, may write %v, closed %v, until %v", pub.ConclusionText, pub.MayWrite, pub.ClosedAt, pub.WriteUntil)
		}

		// A month less a day later, the reporter writes: reopened.
		x.clock.Add(petition.ReopenWindow - 24*time.Hour)
		before := len(ptMailTo(t, db, "thu.truong.d1@example.vn"))
		if err := x.ps.PostReporterMessage(ip, r.TrackingCode, r.Secret, "Tôi vẫn chưa nhận lại bản gốc giấy tờ đã nộp.", true); err != nil {
			t.Fatalf("a message 29 days after closing: %v", err)
		}
		p, err := x.ps.FindPetition(sqldbtest.As(x.headD1), id)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != petition.ReopenTo || p.ClosedAt != nil || p.DueAt == nil || !p.DueAt.After(x.clock.Now()) {
			t.Fatalf("after the reporter's message: status %s, closed %v, due %v", p.Status, p.ClosedAt, p.DueAt)
		}
		if m := ptMailTo(t, db, "thu.truong.d1@example.vn"); len(m) != before+1 || !strings.Contains(m[len(m)-1], "mở lại") {
			t.Errorf("handler not told of the reopening: %v", m[before:])
		}
		pub, err = x.ps.Track(ip, r.TrackingCode, r.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if last := pub.Events[len(pub.Events)-1]; last.Kind != "reopen" || last.Status != petition.ReopenTo || !pub.MayWrite || pub.WriteUntil != nil {
			t.Fatalf("tracking the reopened petition: last event %+v, may write %v, until %v", last, pub.MayWrite, pub.WriteUntil)
		}
		// The reporter wrote: the handler answers before closing again.
		as := sqldbtest.As(x.headD1)
		_, err = x.ps.Step(as, id, petition.StepInput{Step: petition.StepClose})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if _, err := x.ps.Reply(as, id, "Kính gửi Ông/Bà, xin cảm ơn Ông/Bà; bản gốc đã được gửi trả qua bưu điện. Trân trọng."); err != nil {
			t.Fatal(err)
		}
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepClose})

		// Past the window: refused, and nothing changes.
		x.clock.Add(petition.ReopenWindow + time.Minute)
		err = x.ps.PostReporterMessage(ip, r.TrackingCode, r.Secret, "Thêm một ý kiến nữa.", false)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if pub, err = x.ps.Track(ip, r.TrackingCode, r.Secret); err != nil || pub.Status != petition.Closed || pub.MayWrite {
			t.Fatalf("past the window: %v, status %s, may write %v", err, pub.Status, pub.MayWrite)
		}

		// A rejection stays final.
		rej := x.submit(t, x.input())
		x.step(t, x.headD1, rej.Petition.ID, petition.StepInput{Step: petition.StepReject, Reason: "Nội dung đã được giải quyết trước đây."})
		err = x.ps.PostReporterMessage(ip, rej.TrackingCode, rej.Secret, "Tôi không đồng ý.", false)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
	})
}

// A reporter's message reopens a closed petition only when it contests
// the result, and only once in the petition's life: a "thank you" is
// recorded and told to the handlers, the petition staying closed with no
// new deadline; after one reopening, a contesting message does the same.
func TestPetitionReopenOnRequestOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		in := x.input()
		in.Anonymous = true
		r := x.submit(t, in)
		id := r.Petition.ID
		x.toVerifying(t, id)
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: "Không có cơ sở.", ConclusionPublic: true})
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepClose})
		ip := ptFrom("203.0.113.9")
		mails := func() []string { return ptMailTo(t, db, "thu.truong.d1@example.vn") }
		stays := func(what string, mayReopen bool) {
			t.Helper()
			pub, err := x.ps.Track(ip, r.TrackingCode, r.Secret)
			if err != nil {
				t.Fatal(err)
			}
			if pub.Status != petition.Closed || pub.DueAt != nil || pub.MayReopen != mayReopen || !pub.MayWrite {
				t.Fatalf("%s: status %s, due %v, may reopen %v, may write %v", what, pub.Status, pub.DueAt, pub.MayReopen, pub.MayWrite)
			}
		}
		stays("closed", true)
		before := len(mails())
		if err := x.ps.PostReporterMessage(ip, r.TrackingCode, r.Secret, "Cảm ơn cơ quan.", false); err != nil {
			t.Fatal(err)
		}
		stays("after a thank-you", true)
		if m := mails(); len(m) != before+1 || !strings.Contains(m[len(m)-1], "không mở lại") {
			t.Fatalf("handlers told of the thank-you: %q", m[before:])
		}
		// Contesting: reopened, answered, closed again.
		if err := x.ps.PostReporterMessage(ip, r.TrackingCode, r.Secret, "Tôi chưa đồng ý: hồ sơ vẫn chưa được trả.", true); err != nil {
			t.Fatal(err)
		}
		as := sqldbtest.As(x.headD1)
		if p, err := x.ps.FindPetition(as, id); err != nil || p.Status != petition.ReopenTo {
			t.Fatalf("after contesting: %v, %+v", err, p)
		}
		if _, err := x.ps.Reply(as, id, "Kính gửi Ông/Bà, xin cảm ơn Ông/Bà; hồ sơ đã được trả qua bưu điện. Trân trọng."); err != nil {
			t.Fatal(err)
		}
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepClose})
		stays("closed again", false)
		before = len(mails())
		if err := x.ps.PostReporterMessage(ip, r.TrackingCode, r.Secret, "Tôi vẫn chưa đồng ý.", true); err != nil {
			t.Fatal(err)
		}
		stays("contesting a second time", false)
		if m := mails(); len(m) != before+1 || !strings.Contains(m[len(m)-1], "không mở lại") {
			t.Fatalf("handlers told of the second contest: %q", m[before:])
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_events WHERE petition_id = $1 AND kind = 'reopen'`, id); n != 1 {
			t.Fatalf("%d reopenings, want 1", n)
		}
	})
}

// ptPNG is a small valid PNG.
func ptPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPetitionAttachments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		ctx := ptFrom("203.0.113.20")
		_, err := x.ps.StoreFile(ctx, "ghi-chu.txt", strings.NewReader("đây không phải ảnh"))
		sqldbtest.Code(t, err, congvu.EINVALID)
		if x.blobs.len(t) != 0 || sqldbtest.Count(t, db, `SELECT COUNT(*) FROM petition_attachments`) != 0 {
			t.Error("a refused file was kept")
		}
		img := ptPNG(t)
		a, err := x.ps.StoreFile(ctx, `C:\Users\dan\Ảnh chụp.png`, bytes.NewReader(img))
		if err != nil {
			t.Fatal(err)
		}
		if a.ContentType != "image/png" || a.FileName != "anh-"+a.SHA256[:8]+".png" || a.Size == 0 || len(a.SHA256) != 64 || a.PetitionID != 0 {
			t.Errorf("stored %+v", a)
		}
		old, err := x.ps.StoreFile(ctx, "cu.png", bytes.NewReader(img))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.Exec(`UPDATE petition_attachments SET created_at = $1 WHERE id = $2`, x.clock.Now().Add(-25*time.Hour), old.ID); err != nil {
			t.Fatal(err)
		}
		in := x.input()
		in.Files = []*petition.Attachment{a, old}
		_, err = x.ps.Submit(ctx, in)
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["files"] == "" {
			t.Errorf("no files message %v", err)
		}
		// A guessed id without the key is not enough.
		in.Files = []*petition.Attachment{{ID: a.ID}}
		_, err = x.ps.Submit(ctx, in)
		sqldbtest.Code(t, err, congvu.EINVALID)
		in.Files = []*petition.Attachment{a, a}
		r, err := x.ps.Submit(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Petition.Attachments) != 1 || r.Petition.Attachments[0].ID != a.ID {
			t.Errorf("attachments %+v", r.Petition.Attachments)
		}
		// Claimed once only.
		in.Files = []*petition.Attachment{a}
		_, err = x.ps.Submit(ctx, in)
		sqldbtest.Code(t, err, congvu.EINVALID)
		meta, rc, err := x.ps.OpenFile(sqldbtest.As(x.headD1), r.Petition.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if meta.SHA256 != a.SHA256 || len(got) != int(a.Size) {
			t.Errorf("opened %+v, %d bytes", meta, len(got))
		}
		_, _, err = x.ps.OpenFile(sqldbtest.As(x.headD1), r.Petition.ID, old.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, _, err = x.ps.OpenFile(sqldbtest.As(x.supAn), r.Petition.ID, a.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		many := make([]*petition.Attachment, petition.MaxAttachments+1)
		for i := range many {
			many[i] = &petition.Attachment{ID: int64(1000 + i)}
		}
		in.Files = many
		_, err = x.ps.Submit(ctx, in)
		sqldbtest.Code(t, err, congvu.EINVALID)
		if !strings.Contains(congvu.ErrorFields(err)["files"], "tối đa") {
			t.Errorf("too many files: %v", err)
		}
	})
}

// An anonymous petition concluded with a text not for the reporter: the
// conclusion needs a summary for them (EINVALID on reporter_summary
// without), and once closed the reporter reads that summary at tracking and
// in the closing reply, never the internal text.
func TestPetitionConclusionSummaryReachesTheReporter(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		in := x.input()
		in.Anonymous = true
		r := x.submit(t, in)
		id := r.Petition.ID
		x.toVerifying(t, id)
		internal := "Nội bộ: chuyên viên B chậm trình ký, đã nhắc nhở."
		_, err := x.ps.Step(sqldbtest.As(x.headD1), id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: internal})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["reporter_summary"] == "" {
			t.Fatalf("no reporter_summary message: %v", err)
		}
		summary := "Sau xác minh, nội dung phản ánh không có cơ sở; hồ sơ của anh/chị đã được trả đúng hạn."
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepConclude, Conclusion: petition.ConclusionUnfounded, Text: internal, ReporterSummary: summary})
		x.step(t, x.headD1, id, petition.StepInput{Step: petition.StepClose})
		pub, err := x.ps.Track(ptFrom("203.0.113.9"), r.TrackingCode, r.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if pub.ConclusionText != summary {
			t.Errorf("tracking shows %q, want the summary", pub.ConclusionText)
		}
		if len(pub.Messages) != 1 || !strings.Contains(pub.Messages[0].Body, summary) || strings.Contains(pub.Messages[0].Body, internal) {
			t.Errorf("the closing reply: %+v", pub.Messages)
		}
	})
}
