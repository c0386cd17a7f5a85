package citizen

import (
	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
	"congvu/web"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// samplePages gives the citizens' templates filled page structs, for
// TestCitizenTemplatesRender (the zero value is tried too).
func samplePages(s *Pages) map[string][]web.Page {
	r := httptest.NewRequest("GET", "/phan-anh/can-bo/abc", nil)
	badge := &PetitionSubject{Channel: petition.ViaBadge, OfficialName: "Nguyễn Thị Thu Hà", Position: "Chuyên viên",
		UnitName: "Sở Nội vụ tỉnh Thái Bình", BadgeToken: "abc"}
	unit := &PetitionSubject{Channel: petition.ViaWeb, UnitName: "UBND xã Vũ Phúc", UnitID: 9}
	bad := web.NewForm(url.Values{"category": {"delay"}, "description": {"Hẹn lại ba lần."}, "anonymous": {"khong"}, "name": {"Trần Văn An"}})
	bad.AddError("reporter_phone", "Xin để lại số điện thoại hoặc email.")
	bad.AddError("consent", "Xin đồng ý.")
	bad.AddError("tep", "Tệp “a.gif”: không nhận loại tệp này.")
	bad.Message = "Chưa gửi được phản ánh."
	withErrors := s.petitionFormPage(r, unit, bad)
	withErrors.AttachmentsLost = true
	due := sampleTime.Add(240 * time.Hour)
	view := &petition.Public{TrackingCode: "PA-7KQ3-M9XD", Category: petition.Favours, UnitName: "Sở Nội vụ tỉnh Thái Bình",
		Status: petition.Verifying, DueAt: &due, SubmittedAt: sampleTime,
		Events: []*petition.Event{{Kind: "submit", Status: petition.Received, At: sampleTime, Public: true},
			{Kind: "assign", Status: petition.Assigned, UnitName: "Thanh tra tỉnh", At: sampleTime, Public: true}},
		Messages: []*petition.Message{{Body: "Tôi bổ sung ảnh.", CreatedAt: sampleTime},
			{FromAgency: true, AuthorName: "Thanh tra tỉnh", Body: "Đã nhận.\nXin cảm ơn.", CreatedAt: sampleTime}}}
	rejected := &petition.Public{TrackingCode: "PA-AAAA-BBBB", Category: petition.Other, Status: petition.Rejected,
		RejectReason: "Không thuộc thẩm quyền.", SubmittedAt: sampleTime, Anonymous: true}
	until := sampleTime.Add(petition.ReopenWindow)
	closedView := &petition.Public{TrackingCode: "PA-CCCC-DDDD", Category: petition.Delay, UnitName: "Sở Nội vụ tỉnh Thái Bình", Status: petition.Closed,
		Conclusion: petition.ConclusionUnfounded, ConclusionText: "Hồ sơ chậm do thiếu ý kiến phòng chuyên môn.", SubmittedAt: sampleTime, Anonymous: true,
		ClosedAt: &sampleTime, MayWrite: true, WriteUntil: &until}
	msgErr := web.NewForm(url.Values{"noi-dung": {"x"}})
	msgErr.AddError("noi-dung", "Quá dài.")
	out := map[string][]web.Page{}
	out["petition_public.html"] = []web.Page{
		&PetitionPage{Kind: "start", Categories: petitionCategories(web.NewForm(nil))},
		&PetitionPage{Kind: "start", Query: "vu phuc", Searched: true, Units: []*org.Unit{{ID: 9, Code: "34.VP", Name: "UBND xã Vũ Phúc", Ancestors: []*org.Unit{{ID: 2, Name: "Tỉnh Thái Bình"}}}}},
		&PetitionPage{Kind: "start", Query: "không có", Searched: true},
		s.petitionFormPage(r, badge, web.NewForm(nil)),
		withErrors,
		&PetitionPage{Kind: "receipt", Receipt: &petition.Receipt{TrackingCode: "PA-7KQ3-M9XD", Secret: "abcdefghijklmnop",
			Petition: &petition.Petition{DueAt: &due}}},
		&PetitionPage{Kind: "receipt", Receipt: &petition.Receipt{TrackingCode: "PA-7KQ3-M9XD", Secret: "abcdefghijklmnop"}},
		&PetitionPage{Kind: "repeated", Receipt: &petition.Receipt{TrackingCode: "PA-7KQ3-M9XD", Repeated: true, Petition: &petition.Petition{SubmittedAt: sampleTime}}},
		&PetitionPage{Kind: "track", Form: web.NewForm(url.Values{"ma": {"PA-7KQ3-M9XD"}})},
		&PetitionPage{Kind: "view", Petition: closedView, Steps: petitionSteps(closedView.Status, closedView.Kind), Code: "PA-CCCC-DDDD", Secret: "abc", MessageForm: web.NewForm(nil)},
		&PetitionPage{Kind: "view", Petition: view, Steps: petitionSteps(view.Status, view.Kind), Code: "PA-7KQ3-M9XD", Secret: "abc", MessageForm: web.NewForm(nil)},
		&PetitionPage{Kind: "view", Petition: rejected, Steps: petitionSteps(rejected.Status, petition.KindDenunciation), MessageForm: msgErr},
		&PetitionPage{Kind: "problem", Status: 404, Heading: "Mã QR không còn hiệu lực", Message: "Xin quét lại."},
	}
	official := &feedback.RatingTarget{OfficialID: 5, OfficialName: "Nguyễn Thị Thu Hà", Position: "Chuyên viên", UnitID: 7,
		UnitName: "Sở Nội vụ tỉnh Thái Bình", Channel: feedback.ChannelBadge}
	dossier := &feedback.RatingTarget{UnitID: 7, UnitName: "Sở Nội vụ tỉnh Thái Bình", DossierCode: "H57-0012", Channel: feedback.ChannelDossier}
	badRating := web.NewForm(url.Values{"comment": {"Rất tận tình"}, "a-GT-XC": {"co"}, "a-GT-XL": {"x"}})
	badRating.AddError("satisfaction", "Xin chọn mức độ hài lòng.")
	badRating.AddError("a-GT-XL", "Câu trả lời không hợp lệ.")
	badRating.Message = "Chưa gửi được đánh giá."
	kv := &KioskView{Base: "/kiosk/abc", UnitName: "Bộ phận một cửa", Name: "Quầy 1", ResetURL: "/kiosk/abc", Reset: 5,
		Officials: []*org.Official{{ID: 5, FullName: "Nguyễn Thị Thu Hà", Position: "Chuyên viên", Active: true}, {ID: 6, FullName: "Trần Văn Minh", Active: true}}}
	kform := s.ratePage(&feedback.RatingTarget{UnitID: 7, UnitName: "Bộ phận một cửa", Channel: feedback.ChannelKiosk}, web.NewForm(nil), "/kiosk/abc/danh-gia")
	kform.Kiosk = kv
	kv.Inline = kform
	kpick := &RatePage{Kind: "pick", Kiosk: kv}
	kthanks := &RatePage{Kind: "thanks", Kiosk: kv}
	out["rate.html"] = []web.Page{
		s.ratePage(official, web.NewForm(nil), "/danh-gia/abc"),
		s.ratePage(dossier, badRating, "/danh-gia/ho-so/abc"),
		&RatePage{Kind: "thanks"},
		&RatePage{Kind: "thanks", ReportHref: "/phan-anh/can-bo/abc"},
		&RatePage{Kind: "problem", Status: 404, Heading: "Mã QR không còn hiệu lực", Message: "Xin quét lại."},
		&RatePage{Kind: "problem", Status: 404, Heading: "Máy đánh giá chưa sẵn sàng", Message: "Đã thu hồi.", Kiosk: &KioskView{Base: "/kiosk/x"}},
		kpick, kform, kthanks,
	}
	return out
}

func TestPetitionSteps(t *testing.T) {
	got := func(st petition.Status) string {
		var b []string
		for _, v := range petitionSteps(st, petition.KindDenunciation) {
			b = append(b, v.State)
		}
		return strings.Join(b, " ")
	}
	for st, want := range map[petition.Status]string{
		petition.Received:  "current todo todo todo todo todo",
		petition.Assigned:  "done done current todo todo todo",
		petition.Concluded: "done done done done current todo",
		petition.Closed:    "done done done done done done",
		petition.Rejected:  "done rejected",
	} {
		if g := got(st); g != want {
			t.Errorf("%s: %s, want %s", st, g, want)
		}
	}
}

func TestSecretGroups(t *testing.T) {
	if g := groupsOf("abcdefghijklmnop", 4); g != "abcd efgh ijkl mnop" {
		t.Errorf("groups %q", g)
	}
}

// The meta refresh of the kiosk's thank-you screen survives the template
// escaper, and only that screen has one.
func TestKioskRefresh(t *testing.T) {
	s := testPages(t)
	for _, p := range samplePages(s)["rate.html"] {
		w := httptest.NewRecorder()
		if err := s.Render(w, httptest.NewRequest("GET", "/kiosk/abc", nil), 200, "rate.html", p); err != nil {
			t.Fatal(err)
		}
		rp := p.(*RatePage)
		has := strings.Contains(w.Body.String(), `<meta http-equiv="refresh" content="5; url=/kiosk/abc">`)
		if want := rp.Kind == "thanks" && rp.Kiosk != nil; has != want {
			t.Errorf("%s page (kiosk %v): refresh %v, want %v", rp.Kind, rp.Kiosk != nil, has, want)
		}
	}
}

func testPages(t *testing.T) *Pages {
	t.Helper()
	srv, err := web.New(web.Options{Services: sqlservicestest.Wire(t, sqldbtest.SQLite(t)).Set, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &Pages{srv}
}

var sampleTime = time.Date(2025, 7, 1, 17, 30, 0, 0, time.UTC) // 02/07/2025 00:30 in Hà Nội

// Every citizens' template renders its samples and their zero values,
// signed in or not, as a whole page with no missing value.
func TestCitizenTemplatesRender(t *testing.T) {
	s := testPages(t)
	actors := []*congvu.Actor{nil, {UserID: 1, Username: "noivu", FullName: "Hoàng Thanh Thịnh",
		Grants: []congvu.Grant{{Role: congvu.RoleAdmin, UnitPath: "/1/", UnitName: "Cả nước"}}}}
	for name, samples := range samplePages(s) {
		if len(samples) == 0 {
			t.Errorf("no sample page for %s", name)
		}
		for i, p := range samples {
			zero := reflect.New(reflect.TypeOf(p).Elem()).Interface().(web.Page)
			for _, variant := range []web.Page{p, zero} {
				for _, a := range actors {
					r := httptest.NewRequest("GET", "/x", nil)
					r = r.WithContext(congvu.NewContextWithActor(r.Context(), a))
					w := httptest.NewRecorder()
					if err := s.Render(w, r, 200, name, variant); err != nil {
						t.Errorf("%s sample %d (%T, actor %v): %v", name, i, variant, a != nil, err)
						continue
					}
					body := w.Body.String()
					for _, want := range []string{`<html lang="vi">`, "</html>"} {
						if !strings.Contains(body, want) {
							t.Errorf("%s: page lacks %q", name, want)
						}
					}
					if strings.Contains(body, "<no value>") || strings.Contains(body, "%!") {
						t.Errorf("%s: template printed a missing value:\n%s", name, body)
					}
				}
			}
		}
	}
}
