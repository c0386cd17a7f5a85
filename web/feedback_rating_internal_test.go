package web

import (
	"congvu/feedback"
	"congvu/org"
	"strings"
	"testing"
	"time"
)

// Sample pages of the feedback-source templates, for
// TestEveryTemplateRenders.
func init() {
	tb := &org.Unit{ID: 2, Code: "34", Name: "Tỉnh Thái Bình", Kind: org.KindProvince, Path: "/1/2/", Active: true, ChildCount: 3}
	snv := &org.Unit{ID: 7, Code: "34.SNV", Name: "Sở Nội vụ tỉnh Thái Bình", Kind: org.KindDepartment, Path: "/1/2/7/",
		Ancestors: []*org.Unit{{ID: 1, Name: "Cả nước", Kind: org.KindNation}, tb}}
	newKiosk := &feedback.Kiosk{ID: 3, UnitID: 7, UnitName: "Sở Nội vụ", Name: "Quầy 1", DeviceKey: "k3y", Active: true, CreatedAt: sampleTime}
	late := &feedback.Dossier{ID: 1, Code: "H57-0012", UnitID: 7, ProcedureName: "Cấp giấy phép", ReceivedAt: sampleTime, DueAt: sampleTime,
		ReturnedAt: &sampleTime, RatedAt: &sampleTime}
	slip := &feedback.ApologySlip{ID: 5, DossierCode: "H57-0012", ProcedureName: "Cấp giấy phép", UnitName: "Sở Nội vụ", Number: "12/PXL",
		IssuedAt: sampleTime, DueAt: sampleTime, NewDueAt: sampleTime}
	for name, ps := range map[string][]Page{
		"kiosks.html": {
			&FeedbackSourcesPage{Unit: tb, UnitURL: "http://x.test/danh-gia/don-vi/abc", KioskForm: sampleForm(), ReissueForm: sampleForm(), DossierForm: NewForm(nil),
				Kiosks:   []*feedback.Kiosk{newKiosk, {ID: 4, Name: "Cũ", UnitName: "Sở Nội vụ", CreatedAt: sampleTime, LastSeen: &sampleTime}},
				NewKiosk: newKiosk, NewKioskURL: "http://x.test/kiosk/k3y", NewKioskQR: "data:image/png;base64,AAAA"},
			&FeedbackSourcesPage{Unit: &org.Unit{ID: 9, Name: "Đã giải thể"}, KioskForm: NewForm(nil), ReissueForm: NewForm(nil), DossierForm: NewForm(nil)},
		},
		"dossier.html": {
			&DossierPage{Unit: snv, Form: sampleForm()},
			&DossierPage{Unit: snv, Dossier: late, Late: true, Refusal: "Hồ sơ H57-0012 đã trả kết quả.", Form: sampleForm()},
			&DossierPage{Unit: snv, Dossier: &feedback.Dossier{Code: "H57-1", DueAt: sampleTime, ReceivedAt: sampleTime, DelayUnitName: "Sở Tư pháp"}, Form: sampleForm()},
			&DossierPage{Unit: snv, Dossier: late, Slip: slip, Refusal: "Đã hẹn lại một lần.", Form: NewForm(nil)},
		},
		"apology_slips.html": {
			&ApologySlipsPage{Unit: snv, Slips: []*feedback.ApologySlip{slip, {ID: 6, DossierCode: "H57-2", IssuedAt: sampleTime, DueAt: sampleTime, NewDueAt: sampleTime}},
				CanIssue: true, Pager: Pager{Total: 2, Page: 1, Pages: 1, From: 1, To: 2}},
			&ApologySlipsPage{Unit: snv},
		},
	} {
		pageSamples[name] = ps
	}
}

func TestFormStamp(t *testing.T) {
	s := &Server{formKey: formKey([]byte("một bí mật đủ dài cho kiểm thử"))}
	now := time.Now()
	st := s.Stamp("/danh-gia/abc", now.Add(-7*time.Second))
	if d := s.FillTime("/danh-gia/abc", st, now); d < 6900*time.Millisecond || d > 7100*time.Millisecond {
		t.Fatalf("fill time %v, want about 7 s", d)
	}
	ms, mac, _ := strings.Cut(st, ".")
	for name, bad := range map[string]string{
		"missing":      "",
		"no MAC":       ms,
		"forged time":  "0" + ms + "." + mac, // same number, other text: another MAC
		"earlier time": strings.Replace(st, ms, "1", 1),
		"garbage":      "x.y",
	} {
		if d := s.FillTime("/danh-gia/abc", bad, now); d != ForgedFill {
			t.Errorf("%s stamp %q: fill time %v, want %v", name, bad, d, ForgedFill)
		}
	}
	// A stamp is bound to its page and to the server's secret.
	if d := s.FillTime("/danh-gia/khac", st, now); d != ForgedFill {
		t.Errorf("stamp of another page accepted: %v", d)
	}
	other := &Server{formKey: formKey(nil)}
	if d := other.FillTime("/danh-gia/abc", st, now); d != ForgedFill {
		t.Errorf("stamp of another secret accepted: %v", d)
	}
	// From the future (a forged or skewed clock): flagged as fast.
	if d := s.FillTime("/danh-gia/abc", s.Stamp("/danh-gia/abc", now.Add(time.Minute)), now); d != ForgedFill {
		t.Errorf("future stamp: %v", d)
	}
}

// A stamp carries a one-time key of its rendering, and expires after
// MaxFormAge.
func TestFormStampNonceAndAge(t *testing.T) {
	s := &Server{formKey: formKey([]byte("một bí mật đủ dài cho kiểm thử"))}
	now := time.Now()
	a, b := s.Stamp("/phan-anh/gui", now.Add(-time.Minute)), s.Stamp("/phan-anh/gui", now.Add(-time.Minute))
	ca, cb := s.CheckStamp("/phan-anh/gui", a, now), s.CheckStamp("/phan-anh/gui", b, now)
	if ca.Nonce == "" || cb.Nonce == "" || ca.Nonce == cb.Nonce || ca.Expired || ca.Fill < 59*time.Second {
		t.Fatalf("two renderings: %+v, %+v; want distinct nonces, a minute old", ca, cb)
	}
	if again := s.CheckStamp("/phan-anh/gui", a, now.Add(time.Second)); again.Nonce != ca.Nonce {
		t.Fatalf("the same stamp read twice gives nonces %q and %q", ca.Nonce, again.Nonce)
	}
	// Another nonce under the same MAC is a forgery.
	parts := strings.Split(a, ".")
	if c := s.CheckStamp("/phan-anh/gui", parts[0]+"."+strings.Split(b, ".")[1]+"."+parts[2], now); c.Fill != ForgedFill || c.Nonce != "" {
		t.Fatalf("swapped nonce accepted: %+v", c)
	}
	// Past MaxFormAge: expired, and no measure of a fill for a rating.
	old := s.Stamp("/danh-gia/abc", now.Add(-MaxFormAge-time.Minute))
	if c := s.CheckStamp("/danh-gia/abc", old, now); !c.Expired || c.Nonce == "" {
		t.Fatalf("a stamp of %v ago: %+v, want expired", MaxFormAge+time.Minute, c)
	}
	if d := s.FillTime("/danh-gia/abc", old, now); d != ForgedFill {
		t.Fatalf("expired stamp: fill time %v, want %v", d, ForgedFill)
	}
	if c := s.CheckStamp("/danh-gia/abc", s.Stamp("/danh-gia/abc", now.Add(-MaxFormAge+time.Minute)), now); c.Expired {
		t.Fatalf("a stamp just under %v expired", MaxFormAge)
	}
}

func TestFileSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Sở Nội vụ tỉnh Thái Bình": "so-noi-vu-tinh-thai-binh",
		"000.00.34.H57-260120/12":  "000-00-34-h57-260120-12",
		"  Đặng  Thị  ":            "dang-thi",
		`"><script>`:               "script",
	} {
		if got := printSlug(in); got != want {
			t.Errorf("printSlug(%q) = %q, want %q", in, got, want)
		}
	}
}
