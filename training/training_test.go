package training

import (
	"congvu"
	"congvu/standard"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// A code works in its window and the next one, not after, not for another
// session, not under another secret; typing it by hand in lower case with
// spaces works.
func TestQRCode(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	at := time.Date(2026, 3, 5, 8, 0, 10, 0, time.UTC)
	code := QRCode(secret, 7, at)
	if len(code) != QRCodeLen || strings.ToUpper(code) != code {
		t.Fatalf("code %q", code)
	}
	if !CheckQRCode(secret, 7, code, at) || !CheckQRCode(secret, 7, code, at.Add(QRPeriod)) {
		t.Fatal("the current and the previous window must be accepted")
	}
	if CheckQRCode(secret, 7, code, at.Add(2*QRPeriod)) {
		t.Fatal("a code forwarded two periods later still works")
	}
	if CheckQRCode(secret, 8, code, at) || CheckQRCode([]byte("other secret"), 7, code, at) || CheckQRCode(nil, 7, code, at) {
		t.Fatal("a code works for another session or secret")
	}
	if !CheckQRCode(secret, 7, " "+strings.ToLower(code[:5])+" "+code[5:], at) {
		t.Fatal("a code typed by hand is refused")
	}
	if CheckQRCode(secret, 7, code[:9], at) || CheckQRCode(secret, 7, "", at) {
		t.Fatal("a short code works")
	}
	if AttendPath(7, code) != "/training/attend/7/"+code {
		t.Fatal(AttendPath(7, code))
	}
	if QRCode(secret, 7, at.Add(QRPeriod)) == code {
		t.Fatal("the code does not rotate")
	}
}

func TestAttendWindow(t *testing.T) {
	s := &Session{StartsAt: time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 3, 5, 4, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		at time.Time
		ok bool
	}{
		{s.StartsAt.Add(-31 * time.Minute), false},
		{s.StartsAt.Add(-30 * time.Minute), true},
		{s.EndsAt.Add(30 * time.Minute), true},
		{s.EndsAt.Add(31 * time.Minute), false},
	} {
		err := AttendWindow(s, c.at)
		if (err == nil) != c.ok || (err != nil && congvu.ErrorCode(err) != congvu.ECONFLICT) {
			t.Errorf("at %s: %v", c.at, err)
		}
	}
	if congvu.ErrorCode(ErrBadCode()) != congvu.EINVALID || !strings.Contains(congvu.ErrorMessage(ErrBadCode()), "không đúng hoặc đã hết hạn") {
		t.Error(ErrBadCode())
	}
}

func TestCampaignInputValidate(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, congvu.TimeZone) }
	in := CampaignInput{}
	fs := congvu.ErrorFields(in.Validate())
	for _, f := range []string{"unit_id", "title", "audience", "starts_on"} {
		if fs[f] == "" {
			t.Errorf("empty input: no message for %s: %v", f, fs)
		}
	}
	in = CampaignInput{UnitID: 1, Title: "  Quán triệt  ", Audience: AudienceNamed, StartsOn: day(10), EndsOn: day(5), QuizQuestions: 10}
	fs = congvu.ErrorFields(in.Validate())
	for _, f := range []string{"official_ids", "reason", "ends_on", "pass_mark", "max_attempts"} {
		if fs[f] == "" {
			t.Errorf("no message for %s: %v", f, fs)
		}
	}
	in = CampaignInput{UnitID: 1, Title: " Quán triệt ", Audience: AudienceNew, StartsOn: day(1), EndsOn: day(31)}
	if fs := congvu.ErrorFields(in.Validate()); fs["new_since"] == "" {
		t.Errorf("new staff without a day: %v", fs)
	}
	since := day(1)
	in = CampaignInput{UnitID: 1, Title: " Quán triệt ", Audience: AudienceAll, NewSince: &since, OfficialIDs: []int64{3, 3},
		StartsOn: day(1), EndsOn: day(31), QuizQuestions: 10, PassMark: 80, MaxAttempts: 3, Hours: 8}
	if err := in.Validate(); err != nil || in.Title != "Quán triệt" || in.NewSince != nil || in.OfficialIDs != nil {
		t.Fatalf("%v %+v", err, in)
	}
}

func TestSessionInputValidate(t *testing.T) {
	c := &Campaign{StartsOn: time.Date(2026, 3, 1, 0, 0, 0, 0, congvu.TimeZone), EndsOn: time.Date(2026, 3, 31, 0, 0, 0, 0, congvu.TimeZone)}
	in := SessionInput{Title: "Lớp 1", Mode: ModeInPerson, StartsAt: time.Date(2026, 4, 2, 1, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 4, 2, 3, 0, 0, 0, time.UTC)}
	fs := congvu.ErrorFields(in.Validate(c))
	if fs["place"] == "" || fs["starts_at"] == "" {
		t.Errorf("outside the period, no place: %v", fs)
	}
	in = SessionInput{Title: "Tự học", Mode: ModeOnline}
	if err := in.Validate(c); err != nil || !in.StartsAt.Equal(c.StartsOn) || congvu.Date(in.EndsAt) != c.EndsOn {
		t.Fatalf("online over the period: %v %+v", err, in)
	}
	in = SessionInput{Title: "x", Mode: "radio"}
	if fs := congvu.ErrorFields(in.Validate(c)); fs["mode"] == "" {
		t.Errorf("mode: %v", fs)
	}
}

func TestCampaignStates(t *testing.T) {
	today := time.Date(2026, 3, 5, 0, 0, 0, 0, congvu.TimeZone)
	c := &Campaign{Status: CampaignDraft, EndsOn: today}
	if EditError(c) != nil || OpenError(c, today) != nil || CloseError(c) == nil || TrainError(c) == nil {
		t.Error("draft")
	}
	if OpenError(c, today.AddDate(0, 0, 1)) == nil {
		t.Error("a draft whose period ended opens")
	}
	c.Status = CampaignOpen
	if EditError(c) == nil || OpenError(c, today) == nil || CloseError(c) != nil || TrainError(c) != nil {
		t.Error("open")
	}
	c.Status = CampaignClosed
	for _, err := range []error{EditError(c), OpenError(c, today), CloseError(c), TrainError(c)} {
		if congvu.ErrorCode(err) != congvu.ECONFLICT {
			t.Errorf("closed: %v", err)
		}
	}
}

func TestPolicy(t *testing.T) {
	head := &congvu.Actor{UserID: 2, Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitPath: "/1/5/"}}}
	insp := &congvu.Actor{UserID: 3, Grants: []congvu.Grant{{Role: congvu.RoleInspector, UnitPath: "/1/5/"}}}
	off := &congvu.Actor{UserID: 4, OfficialID: 9, Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitPath: "/1/5/"}}}
	if !CanManage(head, "/1/5/7/") || CanManage(head, "/1/6/") || !CanView(head, "/1/5/") {
		t.Error("head")
	}
	if CanManage(insp, "/1/5/") || !CanView(insp, "/1/5/7/") || CanView(insp, "/1/6/") {
		t.Error("inspector")
	}
	if CanManage(off, "/1/5/") || CanView(off, "/1/5/") || CanView(nil, "/1/") {
		t.Error("official or anonymous")
	}
	if !CanManage(congvu.SystemActor("x"), "/1/9/") {
		t.Error("system")
	}
}

// Every item of the national catalog has a meaning; the eight "4 xin,
// 4 luôn" behaviours have two good and two bad examples each.
func TestGuides(t *testing.T) {
	b, err := os.ReadFile("../sqldb/standardsql/catalog/1847-2019.json")
	if err != nil {
		t.Fatal(err)
	}
	var seed standard.CatalogSeed
	if err := json.Unmarshal(b, &seed); err != nil {
		t.Fatal(err)
	}
	fourXin := 0
	for _, g := range seed.Groups {
		for i, it := range g.Items {
			m := ItemMaterial(it, 1, i)
			if m.Meaning == "" || m.Title == "" || m.LegalSource == "" {
				t.Errorf("%s: %+v", it.Code, m)
			}
			if it.FourXin {
				fourXin++
				if len(m.GoodExamples) != 2 || len(m.BadExamples) != 2 {
					t.Errorf("%s: %d good, %d bad examples", it.Code, len(m.GoodExamples), len(m.BadExamples))
				}
			}
			in := MaterialInput{Title: m.Title, Meaning: m.Meaning, GoodExamples: m.GoodExamples, BadExamples: m.BadExamples, LegalSource: m.LegalSource}
			if err := in.ValidateItem(); err != nil {
				t.Errorf("%s: the shipped guide is invalid: %v", it.Code, congvu.ErrorFields(err))
			}
		}
	}
	if fourXin != 8 {
		t.Errorf("%d four-xin items", fourXin)
	}
	for code := range Guides {
		found := false
		for _, g := range seed.Groups {
			for _, it := range g.Items {
				found = found || it.Code == code
			}
		}
		if !found {
			t.Errorf("guide for %s, not in the catalog", code)
		}
	}
}

func TestDefaultRuleSets(t *testing.T) {
	sets := DefaultRuleSets()
	for _, rs := range sets {
		c := rs
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", rs.Code, congvu.ErrorFields(err))
		}
		if !rs.Verified && !strings.Contains(rs.Note, "cần xác minh") {
			t.Errorf("%s: unverified without saying what to check", rs.Code)
		}
	}
	if r := RuleSetFor(sets, time.Date(2026, 1, 1, 0, 0, 0, 0, congvu.TimeZone)); r == nil || r.MinHours <= 0 {
		t.Errorf("2026: %+v", r)
	}
}
