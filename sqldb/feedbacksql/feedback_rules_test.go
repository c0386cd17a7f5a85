package feedbacksql_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/sqldbtest"

	"golang.org/x/text/unicode/norm"
)

func fbAdmin(x *fbFix) context.Context {
	return sqldbtest.As(sqldbtest.Actor(7, congvu.RoleAdmin, x.P1, x.P1Path))
}

func TestFeedbackValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		ctx := fbPublic()
		_, err := x.fs.Submit(ctx, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: "tuyệt vời",
			Answers: map[string]bool{"GT-XC": true, "KHONG-CO": true}, Comment: strings.Repeat("ý", 2001),
			Contact: strings.Repeat("a", 201), DossierCode: strings.Repeat("H", 65)})
		sqldbtest.Code(t, err, congvu.EINVALID)
		for _, f := range []string{"satisfaction", "answers", "comment", "contact", "dossier_code"} {
			if congvu.ErrorFields(err)[f] == "" {
				t.Errorf("no message on %s: %v", f, err)
			}
		}
		if m := congvu.ErrorFields(err)["satisfaction"]; !strings.Contains(m, "hài lòng") {
			t.Errorf("message not Vietnamese: %q", m)
		}
		// Exactly 2000 characters with diacritics is fine; NFD input is
		// stored as NFC; control characters are dropped.
		long := strings.Repeat("ệ", 1999) + "\x00"
		fb, err := x.fs.Submit(ctx, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Satisfied,
			Comment: norm.NFD.String(long) + "!", Contact: norm.NFD.String(" Lê  Thị Hà "), DossierCode: strings.Repeat("H", 64)})
		if err != nil {
			t.Fatal(err)
		}
		var comment, contact, search string
		if err := db.Read.QueryRow(`SELECT comment, contact, search_comment FROM feedback WHERE id = $1`, fb.ID).Scan(&comment, &contact, &search); err != nil {
			t.Fatal(err)
		}
		if comment != strings.Repeat("ệ", 1999)+"!" || contact != "Lê Thị Hà" || search != strings.Repeat("e", 1999)+"!" {
			t.Errorf("stored %q… %q %q…", comment[:12], contact, search[:6])
		}
		// Whom a rating is about: no token, two tokens, unknown tokens.
		_, err = x.fs.Submit(ctx, feedback.Input{Satisfaction: feedback.Satisfied})
		sqldbtest.Code(t, err, congvu.EINVALID)
		_, err = x.fs.Submit(ctx, feedback.Input{BadgeToken: x.an.BadgeToken, UnitToken: "abc", Satisfaction: feedback.Satisfied})
		sqldbtest.Code(t, err, congvu.EINVALID)
		for _, in := range []feedback.Input{{BadgeToken: "khong-co"}, {UnitToken: "khong-co"}, {KioskKey: "khong-co"}, {DossierToken: "khong-co"}, {BadgeToken: strings.Repeat("x", 5000)}, {BadgeToken: "a\x00b"}, {UnitToken: "\xff\xfe"}} {
			in.Satisfaction = feedback.Satisfied
			_, err = x.fs.Submit(ctx, in)
			sqldbtest.Code(t, err, congvu.ENOTFOUND)
		}
		// By id, only for an integration allowed on the unit.
		_, err = x.fs.Submit(ctx, feedback.Input{OfficialID: x.an.ID, Satisfaction: feedback.Satisfied})
		sqldbtest.Code(t, err, congvu.EUNAUTH)
		_, err = x.fs.Submit(sqldbtest.As(sqldbtest.Actor(8, congvu.RoleAdmin, x.D2, "/1/"+fmt.Sprint(x.P1)+"/"+fmt.Sprint(x.D2)+"/")), feedback.Input{OfficialID: x.an.ID, Satisfaction: feedback.Satisfied})
		if c := congvu.ErrorCode(err); c != congvu.ENOTFOUND && c != congvu.EINVALID {
			t.Errorf("official outside the integration's scope: %v", err)
		}
		fb, err = x.fs.Submit(fbAdmin(x), feedback.Input{OfficialID: x.an.ID, Satisfaction: feedback.Dissatisfied})
		if err != nil {
			t.Fatal(err)
		}
		if fb.Channel != feedback.ChannelAPI || fb.UnitID != x.C1 || fb.OfficialID != x.an.ID {
			t.Errorf("api feedback %+v", fb)
		}
		fb, err = x.fs.Submit(fbAdmin(x), feedback.Input{UnitID: x.D2, Satisfaction: feedback.Satisfied})
		if err != nil || fb.UnitID != x.D2 || fb.OfficialID != 0 {
			t.Fatalf("api unit feedback %+v %v", fb, err)
		}
		x.checkRollups(t)
	})
}

func TestFeedbackCounterAndKiosk(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		admin := fbAdmin(x)
		pub := fbPublic()

		// Unit QR token: only for managers of the unit; stable until reissued.
		_, err := x.fs.UnitToken(pub, x.C1)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.fs.UnitToken(sqldbtest.As(sqldbtest.Actor(9, congvu.RoleInspector, x.P1, x.P1Path)), x.C1)
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.fs.UnitToken(sqldbtest.As(sqldbtest.Actor(9, congvu.RoleAdmin, x.P2, fmt.Sprintf("/1/%d/", x.P2))), x.C1)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		tok, err := x.fs.UnitToken(admin, x.C1)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := x.fs.UnitToken(admin, x.C1); again != tok || len(tok) < 20 {
			t.Fatalf("token %q then %q", tok, again)
		}
		tg, err := x.fs.Target(pub, feedback.ChannelCounter, tok)
		if err != nil || tg.UnitID != x.C1 || tg.OfficialID != 0 || tg.UnitName != "Xã Một" {
			t.Fatalf("counter target %+v %v", tg, err)
		}
		fb, err := x.fs.Submit(pub, feedback.Input{UnitToken: tok, Satisfaction: feedback.Satisfied, Answers: fbAllYes()})
		if err != nil || fb.Channel != feedback.ChannelCounter || fb.UnitID != x.C1 || fb.OfficialID != 0 {
			t.Fatalf("counter rating %+v %v", fb, err)
		}
		// The citizen may pick an official of the unit, not of another.
		fb, err = x.fs.Submit(pub, feedback.Input{UnitToken: tok, OfficialID: x.binh.ID, Satisfaction: feedback.Satisfied})
		if err != nil || fb.OfficialID != x.binh.ID {
			t.Fatalf("counter rating of an official %+v %v", fb, err)
		}
		_, err = x.fs.Submit(pub, feedback.Input{UnitToken: tok, OfficialID: x.chi.ID, Satisfaction: feedback.Satisfied})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["official_id"] == "" {
			t.Errorf("no field message: %v", err)
		}
		newTok, err := x.fs.ReissueUnitToken(admin, x.C1)
		if err != nil || newTok == tok {
			t.Fatalf("reissue %q %v", newTok, err)
		}
		_, err = x.fs.Target(pub, feedback.ChannelCounter, tok)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if _, err := x.fs.Target(pub, feedback.ChannelCounter, newTok); err != nil {
			t.Fatal(err)
		}

		// Kiosks: the key is shown once and stored hashed.
		_, err = x.fs.CreateKiosk(admin, x.C1, "  ")
		sqldbtest.Code(t, err, congvu.EINVALID)
		_, err = x.fs.CreateKiosk(sqldbtest.As(sqldbtest.Actor(9, congvu.RoleInspector, x.P1, x.P1Path)), x.C1, "Quầy 1")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		k, err := x.fs.CreateKiosk(admin, x.C1, "Quầy  số 1")
		if err != nil {
			t.Fatal(err)
		}
		if k.ID == 0 || k.Name != "Quầy số 1" || k.UnitID != x.C1 || !k.Active || len(k.DeviceKey) < 30 {
			t.Fatalf("kiosk %+v", k)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM kiosks WHERE key_hash = $1`, k.DeviceKey); n != 0 {
			t.Fatal("device key stored in clear")
		}
		got, err := x.fs.KioskByKey(pub, k.DeviceKey)
		if err != nil || got.ID != k.ID || got.DeviceKey != "" {
			t.Fatalf("by key %+v %v", got, err)
		}
		list, err := x.fs.FindKiosks(sqldbtest.As(sqldbtest.Actor(9, congvu.RoleAdmin, x.P1, x.P1Path)), x.P1)
		if err != nil || len(list) != 1 || list[0].ID != k.ID {
			t.Fatalf("find kiosks %v %v", list, err)
		}
		fb, err = x.fs.Submit(pub, feedback.Input{KioskKey: k.DeviceKey, OfficialID: x.an.ID, Satisfaction: feedback.VerySatisfied, Answers: fbAllYes("GT-MC")})
		if err != nil || fb.Channel != feedback.ChannelKiosk || fb.OfficialID != x.an.ID || fb.UnitID != x.C1 {
			t.Fatalf("kiosk rating %+v %v", fb, err)
		}
		var dev string
		db.Read.QueryRow(`SELECT device_id FROM feedback WHERE id = $1`, fb.ID).Scan(&dev)
		if dev != fmt.Sprintf("kiosk:%d", k.ID) {
			t.Errorf("device %q", dev)
		}
		if got, _ := x.fs.FindKiosks(admin, x.C1); got[0].LastSeen == nil {
			t.Errorf("last seen not kept")
		}
		if err := x.fs.RevokeKiosk(admin, k.ID); err != nil {
			t.Fatal(err)
		}
		_, err = x.fs.KioskByKey(pub, k.DeviceKey)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.fs.Submit(pub, feedback.Input{KioskKey: k.DeviceKey, Satisfaction: feedback.Satisfied})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		sqldbtest.Code(t, x.fs.RevokeKiosk(sqldbtest.As(sqldbtest.Actor(9, congvu.RoleAdmin, x.P2, fmt.Sprintf("/1/%d/", x.P2))), k.ID), congvu.ENOTFOUND)

		// Staff writes are audited, without secrets; ratings are not.
		for _, kind := range []string{"unit_token.create", "unit_token.reissue", "kiosk.create", "kiosk.revoke"} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = $1`, kind); n != 1 {
				t.Errorf("%d audit events %s", n, kind)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE CAST(after_json AS TEXT) LIKE $1 OR CAST(after_json AS TEXT) LIKE $2 OR CAST(after_json AS TEXT) LIKE $3`,
			"%"+k.DeviceKey+"%", "%"+tok+"%", "%"+newTok+"%"); n != 0 {
			t.Errorf("a secret in the audit log")
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'feedback%'`); n != 0 {
			t.Errorf("ratings audited: %d", n)
		}
		x.checkRollups(t)
	})
}

func TestFeedbackDossier(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		admin := fbAdmin(x)
		pub := fbPublic()
		recv := x.clock.Now().Add(-72 * time.Hour)
		due := recv.Add(48 * time.Hour)

		_, err := x.fs.RegisterDossier(pub, feedback.DossierInput{Code: "HS-1", UnitCode: "P1D1C1", ReceivedAt: recv, DueAt: due})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.fs.RegisterDossier(admin, feedback.DossierInput{Code: "", UnitCode: "KHONGCO", OfficialCode: "CHI", ReceivedAt: recv, DueAt: recv.Add(-time.Hour)})
		sqldbtest.Code(t, err, congvu.EINVALID)
		for _, f := range []string{"code", "unit_code", "due_at"} {
			if congvu.ErrorFields(err)[f] == "" {
				t.Errorf("no message on %s: %v", f, err)
			}
		}
		_, err = x.fs.RegisterDossier(admin, feedback.DossierInput{Code: "HS-1", UnitCode: "P1D1C1", OfficialCode: "CHI", ReceivedAt: recv, DueAt: due})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if congvu.ErrorFields(err)["official_code"] == "" {
			t.Errorf("official of another unit accepted: %v", err)
		}
		_, err = x.fs.RegisterDossier(sqldbtest.As(sqldbtest.Actor(9, congvu.RoleAdmin, x.P2, fmt.Sprintf("/1/%d/", x.P2))), feedback.DossierInput{Code: "HS-1", UnitCode: "P1D1C1", ReceivedAt: recv, DueAt: due})
		sqldbtest.Code(t, err, congvu.EINVALID)

		// Registered while in progress: no token yet.
		d, err := x.fs.RegisterDossier(admin, feedback.DossierInput{Code: " HS-1 ", UnitCode: "P1D1C1", OfficialCode: "AN", ProcedureName: "Chứng thực bản sao", ReceivedAt: recv, DueAt: due})
		if err != nil {
			t.Fatal(err)
		}
		if d.ID == 0 || d.Code != "HS-1" || d.OfficialID != x.an.ID || d.RatingToken != "" || !d.ReceivedAt.Equal(recv) {
			t.Fatalf("dossier %+v", d)
		}
		// Returned late: a one-time token, once.
		ret := due.Add(5 * time.Hour)
		newDue := due.Add(24 * time.Hour)
		d, err = x.fs.RegisterDossier(admin, feedback.DossierInput{Code: "HS-1", UnitCode: "P1D1C1", OfficialCode: "AN", ProcedureName: "Chứng thực bản sao",
			ReceivedAt: recv, DueAt: due, ReturnedAt: &ret, DelayReason: "Chờ xác minh", NewDueAt: &newDue})
		if err != nil {
			t.Fatal(err)
		}
		token := d.RatingToken
		if token == "" || d.ReturnedAt == nil || !d.Late(x.clock.Now()) || d.DelayReason != "Chờ xác minh" {
			t.Fatalf("returned dossier %+v", d)
		}
		d2, err := x.fs.RegisterDossier(admin, feedback.DossierInput{Code: "HS-1", UnitCode: "P1D1C1", OfficialCode: "AN", ProcedureName: "Chứng thực bản sao",
			ReceivedAt: recv, DueAt: due, ReturnedAt: &ret, DelayReason: "Chờ xác minh", NewDueAt: &newDue})
		if err != nil || d2.RatingToken != "" || d2.ID != d.ID {
			t.Fatalf("re-registration %+v %v", d2, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM dossiers WHERE token_hash = $1`, token); n != 0 {
			t.Fatal("rating token stored in clear")
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind IN ('dossier.register', 'dossier.update')`); n != 2 {
			t.Errorf("%d dossier audit events, want 2 (the unchanged update writes nothing)", n)
		}
		found, err := x.fs.FindDossier(admin, x.C1, "HS-1")
		if err != nil || found.ID != d.ID || found.RatingToken != "" {
			t.Fatalf("find dossier %+v %v", found, err)
		}
		_, err = x.fs.FindDossier(pub, x.C1, "HS-1")
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		tg, err := x.fs.Target(pub, feedback.ChannelDossier, token)
		if err != nil || tg.DossierCode != "HS-1" || tg.OfficialID != x.an.ID || tg.UnitID != x.C1 {
			t.Fatalf("dossier target %+v %v", tg, err)
		}
		// Twenty tries at once: exactly one rating counts.
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int{}
		var winner *feedback.Feedback
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fb, err := x.fs.Submit(pub, feedback.Input{DossierToken: token, Satisfaction: feedback.Satisfied, Answers: fbAllYes()})
				mu.Lock()
				defer mu.Unlock()
				codes[congvu.ErrorCode(err)]++
				if err == nil {
					winner = fb
				}
			}()
		}
		wg.Wait()
		if codes[""] != 1 || codes[congvu.ECONFLICT] != 19 {
			t.Fatalf("outcomes %v", codes)
		}
		if !winner.Verified || winner.Channel != feedback.ChannelDossier || winner.DossierCode != "HS-1" || winner.OfficialID != x.an.ID {
			t.Errorf("winner %+v", winner)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback WHERE dossier_id = $1`, d.ID); n != 1 {
			t.Errorf("%d ratings of the dossier stored", n)
		}
		_, err = x.fs.Target(pub, feedback.ChannelDossier, token)
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if m := congvu.ErrorMessage(err); m != "Hồ sơ này đã được đánh giá." {
			t.Errorf("message %q", m)
		}
		if found, _ := x.fs.FindDossier(admin, x.C1, "HS-1"); found.RatedAt == nil {
			t.Errorf("rated_at not set")
		}
		// A code typed on an ordinary rating is kept, unverified.
		fb, err := x.fs.Submit(pub, feedback.Input{BadgeToken: x.binh.BadgeToken, Satisfaction: feedback.Satisfied, DossierCode: "HS-2"})
		if err != nil || fb.Verified || fb.DossierCode != "HS-2" {
			t.Fatalf("typed code %+v %v", fb, err)
		}
		list, _, err := x.fs.FindFeedback(admin, feedback.Filter{UnitID: x.C1})
		if err != nil || len(list) != 2 || list[0].DossierCode != "HS-2" || list[1].DossierCode != "HS-1" || !list[1].Verified {
			t.Fatalf("listed %v %v", list, err)
		}
		x.checkRollups(t)
	})
}

func TestFeedbackIdempotency(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		pub := fbPublic()
		k, err := x.fs.CreateKiosk(fbAdmin(x), x.C1, "Quầy 2")
		if err != nil {
			t.Fatal(err)
		}
		in := feedback.Input{KioskKey: k.DeviceKey, OfficialID: x.an.ID, Satisfaction: feedback.Satisfied, Answers: fbAllYes(), Contact: "an@example.vn", IdempotencyKey: "kiosk-1-0001"}
		first, err := x.fs.Submit(pub, in)
		if err != nil {
			t.Fatal(err)
		}
		again, err := x.fs.Submit(pub, in)
		if err != nil || again.ID != first.ID || again.Contact != "" {
			t.Fatalf("replay %+v %v", again, err)
		}
		// The same key sent concurrently (a queue flushed twice): one row.
		var wg sync.WaitGroup
		ids := make([]int64, 30)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := in
				in.IdempotencyKey = "kiosk-1-0002"
				fb, err := x.fs.Submit(pub, in)
				if err != nil {
					t.Error(err)
					return
				}
				ids[i] = fb.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] || id == 0 {
				t.Fatalf("ids %v", ids)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback`); n != 2 {
			t.Fatalf("%d rows", n)
		}
		x.checkRollups(t)
	})
}

func TestFeedbackAntiStuffing(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		ip := fbFromIP("203.0.113.7")

		// Honeypot: refused quietly, kept, out of the indices.
		fb, err := x.fs.Submit(ip, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.VerySatisfied, Answers: fbAllYes(), Honeypot: "http://spam"})
		if err != nil || fb.Status != feedback.Rejected || fb.FlagReason == "" {
			t.Fatalf("honeypot %+v %v", fb, err)
		}
		// Too fast: flagged.
		fb, err = x.fs.Submit(ip, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.VerySatisfied, FillTime: time.Second})
		if err != nil || fb.Status != feedback.Flagged || !strings.Contains(fb.FlagReason, "nhanh") {
			t.Fatalf("fast fill %+v %v", fb, err)
		}
		fb, err = x.fs.Submit(ip, feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Satisfied, FillTime: feedback.MinFillTime})
		if err != nil || fb.Status != feedback.Accepted {
			t.Fatalf("normal fill %+v %v", fb, err)
		}
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", x.C1); got != (fbTally{total: 1, sat: 1, flagged: 1, rejected: 1}) {
			t.Errorf("rollup %+v", got)
		}
		if got := fbItems(t, db, "rollup_official_day", "official_id", x.an.ID); len(got) != 0 {
			t.Errorf("items of refused ratings counted: %v", got)
		}
		// One address rating one official again and again: beyond
		// MaxPerAddressOfficialPerHour in an hour, flagged for review, never
		// refused.
		for i := range feedback.MaxPerAddressOfficialPerHour {
			x.clock.Add(time.Second)
			if fb, err := x.fs.Submit(ip, feedback.Input{BadgeToken: x.chi.BadgeToken, Satisfaction: feedback.Satisfied}); err != nil || fb.Status != feedback.Accepted {
				t.Fatalf("rating %d: %+v %v", i+1, fb, err)
			}
		}
		fb, err = x.fs.Submit(ip, feedback.Input{BadgeToken: x.chi.BadgeToken, Satisfaction: feedback.Satisfied, Comment: "Cán bộ tận tình"})
		if err != nil || fb.Status != feedback.Flagged || !strings.Contains(fb.FlagReason, "cùng một cán bộ từ một địa chỉ mạng") {
			t.Fatalf("one official again from one address: %+v %v", fb, err)
		}
		if fb, err := x.fs.Submit(fbFromIP("198.51.100.1"), feedback.Input{BadgeToken: x.chi.BadgeToken, Satisfaction: feedback.Satisfied}); err != nil || fb.Status != feedback.Accepted {
			t.Errorf("another address: %+v %v", fb, err)
		}
		x.clock.Add(time.Hour)
		if fb, err := x.fs.Submit(ip, feedback.Input{BadgeToken: x.chi.BadgeToken, Satisfaction: feedback.Satisfied}); err != nil || fb.Status != feedback.Accepted {
			t.Errorf("the next hour: %+v %v", fb, err)
		}
		// The address is never stored in clear, anywhere.
		for _, q := range []string{`SELECT COUNT(*) FROM feedback WHERE ip_hash LIKE $1 OR device_id LIKE $1 OR contact LIKE $1 OR comment LIKE $1`,
			`SELECT COUNT(*) FROM settings WHERE value LIKE $1`, `SELECT COUNT(*) FROM audit_events WHERE ip LIKE $1`} {
			if n := sqldbtest.Count(t, db, q, "%203.0.113.7%"); n != 0 {
				t.Errorf("IP address stored in clear: %s", q)
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(DISTINCT ip_hash) FROM feedback WHERE ip_hash <> ''`); n != 2 {
			t.Errorf("%d distinct IP pseudonyms, want 2", n)
		}
		x.checkRollups(t)
	})
}

func TestFeedbackDeviceLimitAndBurst(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		k, err := x.fs.CreateKiosk(fbAdmin(x), x.C1, "Quầy 3")
		if err != nil {
			t.Fatal(err)
		}
		// A kiosk serves many people from one address: limited per device,
		// not per IP. The kiosk rates the unit (no official: no burst).
		ip := fbFromIP("192.0.2.10")
		for i := range feedback.MaxPerDevicePerHour {
			x.clock.Add(10 * time.Second)
			if _, err := x.fs.Submit(ip, feedback.Input{KioskKey: k.DeviceKey, Satisfaction: feedback.Satisfied}); err != nil {
				t.Fatalf("kiosk rating %d: %v", i+1, err)
			}
		}
		x.clock.Add(10 * time.Second)
		_, err = x.fs.Submit(ip, feedback.Input{KioskKey: k.DeviceKey, Satisfaction: feedback.Satisfied})
		sqldbtest.Code(t, err, congvu.ELIMIT)

		// Burst: more than BurstPerOfficial ratings of one official within
		// BurstWindow are flagged, from however many addresses.
		x.clock.Add(2 * time.Hour)
		var statuses []feedback.Status
		for i := range feedback.BurstPerOfficial + 3 {
			x.clock.Add(5 * time.Second)
			fb, err := x.fs.Submit(fbFromIP(fmt.Sprintf("10.0.0.%d", i)), feedback.Input{BadgeToken: x.binh.BadgeToken, Satisfaction: feedback.VerySatisfied})
			if err != nil {
				t.Fatal(err)
			}
			statuses = append(statuses, fb.Status)
			if i >= feedback.BurstPerOfficial && !strings.Contains(fb.FlagReason, "đánh giá dồn dập") {
				t.Errorf("reason %q", fb.FlagReason)
			}
		}
		for i, s := range statuses {
			want := feedback.Accepted
			if i >= feedback.BurstPerOfficial {
				want = feedback.Flagged
			}
			if s != want {
				t.Fatalf("statuses %v", statuses)
			}
		}
		// Another official is not affected; after the window, accepted again.
		if fb, _ := x.fs.Submit(fbFromIP("10.0.1.1"), feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Satisfied}); fb.Status != feedback.Accepted {
			t.Errorf("other official %s", fb.Status)
		}
		x.clock.Add(feedback.BurstWindow + time.Second)
		if fb, _ := x.fs.Submit(fbFromIP("10.0.1.2"), feedback.Input{BadgeToken: x.binh.BadgeToken, Satisfaction: feedback.Satisfied}); fb.Status != feedback.Accepted {
			t.Errorf("after the window %s", fb.Status)
		}
		if got := fbRollup(t, db, "rollup_official_day", "official_id", x.binh.ID); got.flagged != 3 || got.total != feedback.BurstPerOfficial+1 {
			t.Errorf("official rollup %+v", got)
		}
		x.checkRollups(t)
	})
}

func TestFeedbackGroupCommit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		offs := []*org.Official{x.an, x.binh, x.chi}
		const n = 200
		var wg sync.WaitGroup
		errs := make(chan error, n)
		ids := make(chan int64, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fb, err := x.fs.Submit(fbPublic(), feedback.Input{BadgeToken: offs[i%3].BadgeToken, Satisfaction: feedback.Satisfactions[i%3],
					Answers: fbAllYes(feedback.FourXinCodes[i%8]), Comment: fmt.Sprintf("Ý kiến số %d", i)})
				if err != nil {
					errs <- err
					return
				}
				ids <- fb.ID
			}()
		}
		wg.Wait()
		close(errs)
		close(ids)
		for err := range errs {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for id := range ids {
			if seen[id] {
				t.Fatalf("id %d twice", id)
			}
			seen[id] = true
		}
		// Acknowledged means committed: every id is there, from a fresh
		// connection.
		if got := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback`); got != n || len(seen) != n {
			t.Fatalf("%d rows, %d ids", got, len(seen))
		}
		if got := fbAnswerCount(t, db); got != 8*n {
			t.Fatalf("%d answers", got)
		}
		// All at one instant, so beyond the burst limit they are flagged.
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", 1); got.total+got.flagged != n || got.total != 3*feedback.BurstPerOfficial {
			t.Fatalf("root %+v", got)
		}
		st := x.fs.Stats()
		t.Logf("%d ratings in %d commits", st.Ratings, st.Batches)
		if st.Ratings != n || st.Batches >= n {
			t.Errorf("no group commit: %+v", st)
		}
		x.checkRollups(t)
	})
}

func TestFeedbackClose(t *testing.T) {
	db := sqldbtest.SQLite(t)
	x := fbSetup(t, db)
	var wg sync.WaitGroup
	var ok, closed int
	var mu sync.Mutex
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := x.fs.Submit(fbPublic(), feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Satisfied})
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				ok++
			} else {
				closed++
			}
		}()
	}
	x.fs.Close()
	wg.Wait()
	x.fs.Close()
	if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback`); n != ok || ok+closed != 50 {
		t.Fatalf("%d stored, %d acknowledged, %d refused", n, ok, closed)
	}
	_, err := x.fs.Submit(fbPublic(), feedback.Input{BadgeToken: x.an.BadgeToken, Satisfaction: feedback.Satisfied})
	sqldbtest.Code(t, err, congvu.EINTERNAL)
}

// Tokens resolved once are cached, but the batcher checks them again when
// it writes: a reissued badge stops working at once, and an official who
// moved is counted in the new unit.
func TestFeedbackCachedTokensAreRechecked(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		pub := fbPublic()
		old := x.an.BadgeToken
		if _, err := x.fs.Submit(pub, feedback.Input{BadgeToken: old, Satisfaction: feedback.Satisfied}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.offs.ReissueBadge(sqldbtest.Sys(), x.an.ID); err != nil {
			t.Fatal(err)
		}
		_, err := x.fs.Submit(pub, feedback.Input{BadgeToken: old, Satisfaction: feedback.Satisfied})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)

		if _, err := x.fs.Submit(pub, feedback.Input{BadgeToken: x.binh.BadgeToken, Satisfaction: feedback.Satisfied}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.offs.UpdateOfficial(sqldbtest.Sys(), x.binh.ID, org.OfficialInput{UnitID: x.D2, EmployeeCode: "BINH", FullName: "Trần Thị Bình", Category: org.CategoryCivilServant}); err != nil {
			t.Fatal(err)
		}
		fb, err := x.fs.Submit(pub, feedback.Input{BadgeToken: x.binh.BadgeToken, Satisfaction: feedback.Satisfied})
		if err != nil || fb.UnitID != x.D2 || fb.UnitName != "Huyện Hai" {
			t.Fatalf("after the move %+v %v", fb, err)
		}
		if _, err := x.offs.SetOfficialActive(sqldbtest.Sys(), x.binh.ID, false); err != nil {
			t.Fatal(err)
		}
		_, err = x.fs.Submit(pub, feedback.Input{BadgeToken: x.binh.BadgeToken, Satisfaction: feedback.Satisfied})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if got := fbRollup(t, db, "rollup_unit_day", "unit_id", x.D2); got.total != 1 {
			t.Errorf("D2 %+v", got)
		}
		x.checkRollups(t)
	})
}

// Two app servers share one database: their batches interleave, the same
// idempotency key sent to both stores one rating, and every rollup stays
// exact.
func TestFeedbackTwoServers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := fbSetup(t, db)
		other := feedbacksql.NewFeedbackService(db)
		t.Cleanup(other.Close)
		servers := []*feedbacksql.FeedbackService{x.fs, other}
		offs := []*org.Official{x.an, x.binh, x.chi}
		var wg sync.WaitGroup
		ids := make([]int64, 120)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := feedback.Input{BadgeToken: offs[i%3].BadgeToken, Satisfaction: feedback.Satisfactions[i%3], Answers: fbAllYes(feedback.FourXinCodes[i%8])}
				if i%2 == 0 {
					in.IdempotencyKey = fmt.Sprintf("k-%d", i/4) // each key twice, once per server
				}
				fb, err := servers[(i/2)%2].Submit(fbPublic(), in)
				if err != nil {
					t.Error(err)
					return
				}
				ids[i] = fb.ID
			}()
		}
		wg.Wait()
		for i := 0; i+2 < len(ids); i += 4 {
			if ids[i] != ids[i+2] {
				t.Errorf("key k-%d stored twice: %d, %d", i/4, ids[i], ids[i+2])
			}
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM feedback`); n != 90 {
			t.Errorf("%d rows, want 90", n)
		}
		x.checkRollups(t)
	})
}
