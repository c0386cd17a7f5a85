package web

import (
	"congvu/org"
	"congvu/petition"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Sample pages of the public petition template, for TestEveryTemplateRenders.
func init() {
	s := &Server{formKey: formKey(nil)}
	r := httptest.NewRequest("GET", "/phan-anh/can-bo/abc", nil)
	badge := &PetitionSubject{Channel: petition.ViaBadge, OfficialName: "Nguyễn Thị Thu Hà", Position: "Chuyên viên",
		UnitName: "Sở Nội vụ tỉnh Thái Bình", BadgeToken: "abc"}
	unit := &PetitionSubject{Channel: petition.ViaWeb, UnitName: "UBND xã Vũ Phúc", UnitID: 9}
	bad := NewForm(url.Values{"category": {"delay"}, "description": {"Hẹn lại ba lần."}, "anonymous": {"khong"}, "name": {"Trần Văn An"}})
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
	msgErr := NewForm(url.Values{"noi-dung": {"x"}})
	msgErr.AddError("noi-dung", "Quá dài.")
	pageSamples["petition_public.html"] = []page{
		&PetitionPage{Kind: "start", Categories: petitionCategories(NewForm(nil))},
		&PetitionPage{Kind: "start", Query: "vu phuc", Searched: true, Units: []*org.Unit{{ID: 9, Code: "34.VP", Name: "UBND xã Vũ Phúc", Ancestors: []*org.Unit{{ID: 2, Name: "Tỉnh Thái Bình"}}}}},
		&PetitionPage{Kind: "start", Query: "không có", Searched: true},
		s.petitionFormPage(r, badge, NewForm(nil)),
		withErrors,
		&PetitionPage{Kind: "receipt", Receipt: &petition.Receipt{TrackingCode: "PA-7KQ3-M9XD", Secret: "abcdefghijklmnop",
			Petition: &petition.Petition{DueAt: &due}}},
		&PetitionPage{Kind: "receipt", Receipt: &petition.Receipt{TrackingCode: "PA-7KQ3-M9XD", Secret: "abcdefghijklmnop"}},
		&PetitionPage{Kind: "track", Form: NewForm(url.Values{"ma": {"PA-7KQ3-M9XD"}})},
		&PetitionPage{Kind: "view", Petition: view, Steps: petitionSteps(view.Status), Code: "PA-7KQ3-M9XD", Secret: "abc", MessageForm: NewForm(nil)},
		&PetitionPage{Kind: "view", Petition: rejected, Steps: petitionSteps(rejected.Status), MessageForm: msgErr},
		&PetitionPage{Kind: "problem", Status: 404, Heading: "Mã QR không còn hiệu lực", Message: "Xin quét lại."},
	}
}

func TestPetitionSteps(t *testing.T) {
	got := func(st petition.Status) string {
		var b []string
		for _, v := range petitionSteps(st) {
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
