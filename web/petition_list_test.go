package web_test

import (
	"bytes"
	"congvu/devdata"
	"congvu/org"
	"congvu/petition"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"congvu"
)

// The staff petition routes: viewers see, handlers of the handler unit act.
// The in-scope petition is about an official of 34.SNV and handled by
// province 34, so the head of 34.SNV sees it but may not act on it.
func init() {
	handlers := allowedRoles(superv, inspect)
	for k, v := range map[string]expectation{
		"GET /petitions":                   {In: viewers},
		"GET /petitions/export":            {In: viewers},
		"GET /petitions/{id}":              {In: viewers, Out: nobody, object: "petition"},
		"GET /petitions/{id}/files/{file}": {In: allowedRoles(superv, inspect), Out: nobody, object: "petition"}, // those who handle it
		"POST /petitions/{id}/step":        {In: handlers, Out: nobody, object: "petition"},
		"POST /petitions/{id}/reply":       {In: handlers, Out: nobody, object: "petition"},
		"POST /petitions/{id}/notes":       {In: handlers, Out: nobody, object: "petition"},
		"POST /petitions/{id}/reveal":      {In: handlers, Out: nobody, object: "petition"},
	} {
		authzTable[k] = v
	}
}

// petitionEnv is newEnv with a second department of province 34.
func petitionEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	u, err := e.svc.Units.CreateUnit(sysCtx(), org.UnitInput{Code: "34.STP", Name: "Sở Tư pháp tỉnh Thái Bình", Kind: org.KindDepartment,
		ParentID: e.units["34"].ID})
	if err != nil {
		t.Fatal(err)
	}
	e.units[u.Code] = u
	return e
}

// petitionIn is a petition as a citizen submits it.
type petitionIn struct {
	official  *org.Official
	unit      string
	category  petition.Category
	text      string
	anonymous bool
	files     []*petition.Attachment
}

// submitPetition submits a petition (publicly) and returns its receipt.
func (e *env) submitPetition(in petitionIn) *petition.Receipt {
	e.t.Helper()
	pi := petition.Input{Channel: petition.ViaWeb, Category: in.category, Description: in.text, Anonymous: in.anonymous,
		Place: "Bộ phận một cửa", FillTime: time.Minute, Files: in.files}
	if in.official != nil {
		pi.OfficialID = in.official.ID
	} else {
		pi.UnitID = e.units[in.unit].ID
	}
	if !in.anonymous {
		pi.Reporter = petition.Reporter{Name: "Trần Thị Bích Ngọc", Phone: "0912 345 678", Email: "ngoc.tran@example.org", Address: "12 Lê Lợi, Thái Bình"}
		pi.Consent = true
	}
	rc, err := e.svc.Petitions.Submit(context.Background(), pi)
	if err != nil {
		e.t.Fatalf("submit petition: %v", err)
	}
	return rc
}

// track returns the reporter's view of a petition.
func (e *env) track(rc *petition.Receipt) *petition.Public {
	e.t.Helper()
	pp, err := e.svc.Petitions.Track(context.Background(), rc.TrackingCode, rc.Secret)
	if err != nil {
		e.t.Fatalf("track: %v", err)
	}
	return pp
}

// petitionNow returns the petition as stored now.
func (e *env) petitionNow(id int64) *petition.Petition {
	e.t.Helper()
	p, err := e.svc.Petitions.FindPetition(sysCtx(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// mkUser adds an account with one grant.
func (e *env) mkUser(username string, role congvu.Role, unit string, officialID int64) {
	e.t.Helper()
	if _, err := e.svc.Users.CreateUser(sysCtx(), org.UserInput{Username: username, FullName: "Người Dùng " + username, Password: testPassword,
		Active: true, OfficialID: officialID, Grants: []congvu.Grant{{Role: role, UnitID: e.units[unit].ID}}}); err != nil {
		e.t.Fatal(err)
	}
}

func pid(p *petition.Receipt) string { return itoa(p.Petition.ID) }

func TestPetitionListFiltersAndSearch(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	minh := e.mkOfficial("34.STP", "STP-1", "Trần Văn Minh", "Chuyên viên")
	far := e.mkOfficial("01", "HN-1", "Lê Văn Xa", "Chuyên viên")
	favours := e.submitPetition(petitionIn{official: ha, category: petition.Favours, text: "Cán bộ gợi ý đòi tiền bồi dưỡng để làm nhanh hồ sơ đất đai."})
	delay := e.submitPetition(petitionIn{official: minh, category: petition.Delay, text: "Hồ sơ hộ tịch trễ hẹn ba lần, không báo lý do.", anonymous: true})
	unitOnly := e.submitPetition(petitionIn{unit: "34.SNV", category: petition.Attitude, text: "Nhân viên quầy số 2 quát nạt người dân."})
	hanoi := e.submitPetition(petitionIn{official: far, category: petition.Favours, text: "Ở Hà Nội cũng đòi tiền bồi dưỡng."})

	c := e.client().login("noivu")
	r := c.get("/petitions").want(t, http.StatusOK, favours.TrackingCode, delay.TrackingCode, unitOnly.TrackingCode,
		"Nguyễn Thị Thu Hà", "Trần Văn Minh", "Vòi vĩnh, tham nhũng vặt", "Mới tiếp nhận", "Tỉnh Thái Bình",
		"Có <strong>3</strong> phản ánh", "Tải về Excel (.xlsx)", `href="/petitions/export?format=csv"`,
		`<a href="/petitions" aria-current="page">Phản ánh</a>`)
	r.lacks(t, hanoi.TrackingCode, "Lê Văn Xa")

	// Search ignores diacritics; a tracking code finds its petition.
	r = c.get("/petitions?q="+url.QueryEscape("doi tien boi duong")).want(t, http.StatusOK, favours.TrackingCode, "Có <strong>1</strong> phản ánh khớp bộ lọc")
	r.lacks(t, delay.TrackingCode, unitOnly.TrackingCode, hanoi.TrackingCode)
	c.get("/petitions?q="+url.QueryEscape(delay.TrackingCode)).want(t, http.StatusOK, delay.TrackingCode).lacks(t, favours.TrackingCode)
	c.get("/petitions?q=khong+co+chu+nay").want(t, http.StatusOK, "Không có phản ánh nào khớp bộ lọc", "“khong co chu nay”", `<a href="/petitions">xem tất cả phản ánh</a>`)

	// Filters: category, unit subtree, official (by code), status.
	c.get("/petitions?loai=delay").want(t, http.StatusOK, delay.TrackingCode).lacks(t, favours.TrackingCode, unitOnly.TrackingCode)
	r = c.get("/petitions?don-vi=34.SNV").want(t, http.StatusOK, favours.TrackingCode, unitOnly.TrackingCode, "Sở Nội vụ tỉnh Thái Bình (<span class=\"code\">34.SNV</span>)")
	r.lacks(t, delay.TrackingCode)
	c.get("/petitions?can-bo=stp-1").want(t, http.StatusOK, delay.TrackingCode, "Cán bộ: Trần Văn Minh").lacks(t, favours.TrackingCode, unitOnly.TrackingCode)
	c.get("/petitions?can-bo="+itoa(ha.ID)).want(t, http.StatusOK, favours.TrackingCode).lacks(t, delay.TrackingCode)
	if _, err := e.svc.Petitions.Step(e.loginCtx("noivu"), delay.Petition.ID, petition.StepInput{Step: petition.StepAccept}); err != nil {
		t.Fatal(err)
	}
	c.get("/petitions?trang-thai=accepted").want(t, http.StatusOK, delay.TrackingCode, "Đã thụ lý").lacks(t, favours.TrackingCode)

	// Bad filters are shown next to their fields, the list withheld.
	r = c.get("/petitions?trang-thai=bogus&loai=x&don-vi=01&can-bo=KHONG-CO&tu=31/02/2026&sap-xep=z")
	r.want(t, http.StatusBadRequest, "Bộ lọc chưa hợp lệ", "Xin chọn một trạng thái trong danh sách.", "Xin chọn một loại phản ánh trong danh sách.",
		"Không tìm thấy đơn vị có mã “01” trong phạm vi của bạn.", "Không tìm thấy cán bộ có mã “KHONG-CO”", "Ngày không hợp lệ",
		"Xin chọn một cách sắp xếp", `aria-invalid="true"`)
	r.lacks(t, favours.TrackingCode)

	// Deadlines: an overdue petition is marked in words and found by the
	// overdue filter; sorting by deadline puts it first.
	past := time.Now().Add(-2 * time.Hour).UTC()
	if _, err := e.db.Write.Exec(`UPDATE petitions SET due_at = $1 WHERE id = $2`, past, unitOnly.Petition.ID); err != nil {
		t.Fatal(err)
	}
	soon := time.Now().Add(20 * time.Hour).UTC()
	if _, err := e.db.Write.Exec(`UPDATE petitions SET due_at = $1 WHERE id = $2`, soon, favours.Petition.ID); err != nil {
		t.Fatal(err)
	}
	c.get("/petitions").want(t, http.StatusOK, "Quá hạn", "Sắp đến hạn", "trong đó <strong>1</strong> quá hạn")
	r = c.get("/petitions?qua-han=on").want(t, http.StatusOK, unitOnly.TrackingCode, "Quá hạn")
	r.lacks(t, favours.TrackingCode, delay.TrackingCode)
	r = c.get("/petitions?sap-xep=han").want(t, http.StatusOK)
	if i, j := strings.Index(r.Body, unitOnly.TrackingCode), strings.Index(r.Body, favours.TrackingCode); i < 0 || j < 0 || i > j {
		t.Fatalf("sorted by deadline, the overdue petition is not first (%d, %d)", i, j)
	}
	// Escalated petitions are marked and filtered.
	if _, err := e.db.Write.Exec(`UPDATE petitions SET escalated_to = $1, escalated_at = $2 WHERE id = $3`, e.units[congvu.RootUnitCode].ID, past, unitOnly.Petition.ID); err != nil {
		t.Fatal(err)
	}
	c.get("/petitions?vuot-cap=on").want(t, http.StatusOK, unitOnly.TrackingCode, "Đã báo cấp trên").lacks(t, favours.TrackingCode)

	// Out of scope: Hà Nội's admin sees only their own; an official none.
	c2 := e.client().login("hanoi")
	c2.get("/petitions").want(t, http.StatusOK, hanoi.TrackingCode).lacks(t, favours.TrackingCode)
	e.client().login("admin").get("/petitions").want(t, http.StatusOK, hanoi.TrackingCode, favours.TrackingCode)
	e.mkUser("thuha", congvu.RoleOfficial, "34.SNV", ha.ID)
	e.client().login("thuha").get("/petitions").want(t, http.StatusForbidden)
	e.client().login("thuha").get("/").want(t, http.StatusOK).lacks(t, `href="/petitions"`)
}

func TestPetitionListEmptyAndPaged(t *testing.T) {
	e := petitionEnv(t)
	c := e.client().login("noivu")
	r := c.get("/petitions").want(t, http.StatusOK, "Chưa có phản ánh nào trong phạm vi của bạn.", "mã QR")
	r.lacks(t, "Tải về Excel")
	for i := 0; i < 51; i++ {
		e.submitPetition(petitionIn{unit: "34.SNV", category: petition.Dress, text: "Cán bộ không đeo thẻ, lần " + strconv.Itoa(i+1) + ".", anonymous: true})
	}
	r = c.get("/petitions?loai=dress").want(t, http.StatusOK, "Hiển thị 1–50 trong tổng số 51", `href="/petitions?loai=dress&amp;trang=2"`)
	if n := len(regexp.MustCompile(`<a href="/petitions/[0-9]+"`).FindAllString(r.Body, -1)); n != 50 {
		t.Fatalf("page 1 lists %d petitions, want 50", n)
	}
	c.get("/petitions?loai=dress&trang=2").want(t, http.StatusOK, "Hiển thị 51–51 trong tổng số 51")
}

// loginCtx returns a context acting as a test account.
func (e *env) loginCtx(username string) context.Context {
	e.t.Helper()
	s, err := e.svc.Users.Authenticate(context.Background(), username, testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	a, err := e.svc.Users.ActorBySession(context.Background(), s.Token)
	if err != nil {
		e.t.Fatal(err)
	}
	return congvu.NewContextWithActor(context.Background(), a)
}

// wantRedirect checks a successful POST went back to the petition with the
// given confirmation.
func wantRedirect(t *testing.T, r *resp, to, flash string) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != to+"?ok="+flash {
		t.Fatalf("%s: %d %q, want a redirect to %s?ok=%s\n%s", r.Request.URL.Path, r.StatusCode, r.Header.Get("Location"), to, flash, r.Body)
	}
}

var selectedOption = regexp.MustCompile(`<option value="(\d+)" selected>`)

// The whole handling of a petition through the web, as a supervisor of
// the province: accept, assign, transfer, verify, conclude, reply, close;
// each wrong input shown next to its field with the input kept.
func TestPetitionWorkflowThroughTheWeb(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	rc := e.submitPetition(petitionIn{official: ha, category: petition.Attitude, text: "Cán bộ quát nạt, không chào hỏi.\nTôi phải chờ hai tiếng."})
	base := "/petitions/" + pid(rc)
	c := e.client().login("noivu")

	r := c.get(base).want(t, http.StatusOK, rc.TrackingCode, "Mới tiếp nhận", "Nguyễn Thị Thu Hà", "Sở Nội vụ tỉnh Thái Bình",
		"<p>Cán bộ quát nạt, không chào hỏi.</p><p>Tôi phải chờ hai tiếng.</p>", // paragraphs kept
		"GT-XC", // the category's standard items
		`value="accept"`, `value="reject"`, "Có ghi danh (thông tin được bảo mật)", "Người dân gửi phản ánh")
	r.lacks(t, `value="assign"`, `value="conclude"`, "Trần Thị Bích Ngọc", "0912 345 678")

	// Reject without a reason: the reason field says so.
	r = c.post(base+"/step", url.Values{"step": {"reject"}, "reject_reason": {""}})
	r.want(t, http.StatusBadRequest, "Chưa thực hiện được bước “Không xử lý”", `id="f-reject-reason-error"`, "Xin nêu lý do.", `href="#f-reject-reason"`)
	// An unknown step.
	c.post(base+"/step", url.Values{"step": {"bogus"}}).want(t, http.StatusBadRequest)

	wantRedirect(t, c.post(base+"/step", url.Values{"step": {"accept"}, "accept_note": {"Đủ điều kiện thụ lý."}}), base, "pa-da-thu-ly")
	r = c.get(base+"?ok=pa-da-thu-ly").want(t, http.StatusOK, "Đã ghi nhận quyết định thụ lý", "Đã tiếp nhận, đang xử lý", "Đủ điều kiện thụ lý.", `value="assign"`)
	r.lacks(t, `value="accept"`)
	// Taking a step the status no longer allows: a conflict, said plainly.
	c.post(base+"/step", url.Values{"step": {"accept"}}).want(t, http.StatusConflict, "không thể “Tiếp nhận, xử lý”")

	// Assign: the select offers the default handler (selected) and its
	// units, never the subject's unit.
	m := selectedOption.FindStringSubmatch(r.Body)
	if m == nil || m[1] != itoa(e.units["34"].ID) {
		t.Fatalf("assign does not default to the supervising unit: %v", m)
	}
	if !strings.Contains(r.Body, `value="`+itoa(e.units["34.STP"].ID)+`"`) || strings.Contains(r.Body, `<option value="`+itoa(e.units["34.SNV"].ID)+`"`) {
		t.Fatal("the unit choices are wrong")
	}
	// Typing the subject's own unit is refused next to the field.
	r = c.post(base+"/step", url.Values{"step": {"assign"}, "assign_unit": {itoa(e.units["34"].ID)}, "assign_unit_code": {"34.SNV"}})
	r.want(t, http.StatusBadRequest, "Không thể giao phản ánh cho chính đơn vị bị phản ánh", `value="34.SNV"`)
	r = c.post(base+"/step", url.Values{"step": {"assign"}, "assign_unit_code": {"KHONG-CO"}})
	r.want(t, http.StatusBadRequest, "Không tìm thấy đơn vị có mã “KHONG-CO”", `id="f-assign-unit-code-error"`)
	wantRedirect(t, c.post(base+"/step", url.Values{"step": {"assign"}, "assign_unit": {itoa(e.units["34.STP"].ID)}}), base, "pa-da-giao")
	if p := e.petitionNow(rc.Petition.ID); p.Status != petition.Assigned || p.HandlerUnitID != e.units["34.STP"].ID {
		t.Fatalf("after assign: %s, handler %d", p.Status, p.HandlerUnitID)
	}

	// Transfer back to the province, with a reason.
	r = c.post(base+"/step", url.Values{"step": {"transfer"}, "transfer_unit_code": {"34"}, "transfer_reason": {""}})
	r.want(t, http.StatusBadRequest, "Xin nêu lý do.", `value="34"`)
	// The transfer select offers the supervising unit, not the current
	// handler.
	r = c.get(base).want(t, http.StatusOK, `<option value="`+itoa(e.units["34"].ID)+`">Tỉnh Thái Bình (34)</option>`)
	r.lacks(t, `<option value="`+itoa(e.units["34.STP"].ID)+`"`)
	wantRedirect(t, c.post(base+"/step", url.Values{"step": {"transfer"}, "transfer_unit": {itoa(e.units["34"].ID)},
		"transfer_reason": {"Vượt thẩm quyền của Sở Tư pháp."}}), base, "pa-da-chuyen")
	if p := e.petitionNow(rc.Petition.ID); p.Status != petition.Assigned || p.HandlerUnitID != e.units["34"].ID {
		t.Fatalf("after transfer: %s, handler %d", p.Status, p.HandlerUnitID)
	}
	wantRedirect(t, c.post(base+"/step", url.Values{"step": {"verify"}}), base, "pa-dang-xac-minh")

	// Conclude: the category's items come pre-checked, grouped as in the
	// catalog.
	r = c.get(base).want(t, http.StatusOK, `value="conclude"`, `name="conclude_conclusion" value="founded"`, `name="conclude_public" value="1" aria-describedby="f-conclude-public-hint" checked`,
		`id="f-item-GT-XC" name="conclude_items" value="GT-XC" checked`, "(theo loại phản ánh)")
	if strings.Contains(r.Body, `value="TP-GG" checked`) {
		t.Fatal("an item unrelated to the category is pre-checked")
	}
	// Founded without items, and without a text: both fields say so, the
	// choice is kept.
	r = c.post(base+"/step", url.Values{"step": {"conclude"}, "conclude_conclusion": {"founded"}, "conclude_text": {""}})
	r.want(t, http.StatusBadRequest, "Xin ghi nội dung kết luận.", `value="founded" checked`)
	r = c.post(base+"/step", url.Values{"step": {"conclude"}, "conclude_conclusion": {"founded"}, "conclude_text": {"Đúng như phản ánh."}})
	r.want(t, http.StatusBadRequest, "cần nêu ít nhất một chuẩn mực", "Đúng như phản ánh.")
	if strings.Contains(r.Body, `value="GT-XC" checked`) {
		t.Fatal("items unticked by the handler come back ticked")
	}
	// The reporter reads the conclusion (the box, checked at first), or a
	// summary: unchecked without a summary, the form says so and keeps the
	// box unchecked.
	r = c.post(base+"/step", url.Values{"step": {"conclude"}, "conclude_conclusion": {"unfounded"}, "conclude_text": {"Nội bộ: chậm trình ký."}})
	r.want(t, http.StatusBadRequest, "Người phản ánh cần được biết kết quả", "Người phản ánh được đọc kết luận này",
		`name="conclude_summary"`, "Nội bộ: chậm trình ký.").lacks(t, `aria-describedby="f-conclude-public-hint" checked`)
	wantRedirect(t, c.post(base+"/step", url.Values{"step": {"conclude"}, "conclude_conclusion": {"partly"}, "conclude_public": {"1"},
		"conclude_text": {"Cán bộ có lời nói thiếu chuẩn mực; đã kiểm điểm."}, "conclude_items": {"GT-XC", "GT-NN"}}), base, "pa-da-ket-luan")
	if p := e.petitionNow(rc.Petition.ID); !p.ConclusionPublic {
		t.Fatal("a conclusion written on the form that says the reporter reads it is not public")
	}
	c.get(base).want(t, http.StatusOK, "Phản ánh đúng một phần", "Cán bộ có lời nói thiếu chuẩn mực; đã kiểm điểm.", "Chuẩn mực bị vi phạm", `value="close"`)

	// The starting draft of a founded petition apologises; filled in, it
	// passes the checks (which now require an apology).
	r = c.post(base+"/reply", url.Values{"action": {"template"}}).want(t, http.StatusOK, "thành thật xin lỗi", "đúng một phần")
	c.post(base+"/reply", url.Values{"action": {"check"}, "body": {fillDraft(t, replyDraft(t, r.Body))}}).want(t, http.StatusOK, "Đủ các mục bắt buộc")
	c.post(base+"/reply", url.Values{"action": {"check"}, "body": {"Kính gửi Ông/Bà, cảm ơn Ông/Bà. Kết quả xác minh: đúng. Chúng tôi sẽ kiểm điểm cán bộ. Trân trọng."}}).
		want(t, http.StatusOK, "Chưa đủ các mục bắt buộc", "Xin lỗi vì sai sót")

	// Closing before replying to a reporter who gave their name: refused.
	c.post(base+"/step", url.Values{"step": {"close"}}).want(t, http.StatusConflict, "Cần gửi trả lời")
	wantRedirect(t, c.post(base+"/reply", url.Values{"action": {"send"}, "body": {goodReply}}), base, "pa-da-tra-loi")
	wantRedirect(t, c.post(base+"/step", url.Values{"step": {"close"}}), base, "pa-da-dong")
	r = c.get(base).want(t, http.StatusOK, "Đã đóng", "Đã kết thúc")
	r.lacks(t, `action="`+base+`/step"`, `action="`+base+`/reply"`)
	// The history shows every step with its author.
	for _, s := range []string{"Tiếp nhận, xử lý", "Giao xử lý", "Chuyển đơn vị khác", "Bắt đầu xác minh", "Kết luận", "Đóng phản ánh", "Hoàng Thanh Thịnh"} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("history lacks %q", s)
		}
	}
	pp := e.track(rc)
	if pp.Status != petition.Closed || pp.Conclusion != petition.ConclusionPartly {
		t.Fatalf("the reporter sees %s %s", pp.Status, pp.Conclusion)
	}

	// Notes: kept, internal only.
	c.post(base+"/notes", url.Values{"note": {""}}).want(t, http.StatusBadRequest, "Xin nhập nội dung ghi chú.")
	wantRedirect(t, c.post(base+"/notes", url.Values{"note": {"Đã lưu biên bản làm việc."}}), base, "pa-da-ghi-chu")
	c.get(base).want(t, http.StatusOK, "Đã lưu biên bản làm việc.")
	for _, m := range e.track(rc).Messages {
		if strings.Contains(m.Body, "biên bản") {
			t.Fatal("an internal note reached the reporter")
		}
	}
}

// goodReply is a courteous reply: greeting, thanks, apology, the result,
// a contact and a closing.
const goodReply = `Kính gửi Ông/Bà,

Sở Nội vụ tỉnh Thái Bình xin chân thành cảm ơn Ông/Bà đã gửi phản ánh về thái độ của cán bộ tại bộ phận một cửa.

Kết quả xác minh cho thấy nội dung phản ánh là đúng một phần. Chúng tôi thành thật xin lỗi Ông/Bà vì sự phiền hà đã gây ra. Cán bộ liên quan đã được kiểm điểm và nhắc nhở; đơn vị đã bố trí thêm người hướng dẫn tại quầy để việc này không lặp lại.

Nếu cần trao đổi thêm, xin Ông/Bà vui lòng liên hệ số điện thoại 0227 3831 234 hoặc gửi ý kiến qua trang tra cứu phản ánh.

Trân trọng cảm ơn Ông/Bà.`

func TestPetitionReplyCourtesyCheck(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	rc := e.submitPetition(petitionIn{official: ha, category: petition.Attitude, text: "Cán bộ quát nạt người dân."})
	base := "/petitions/" + pid(rc)
	c := e.client().login("noivu")
	r := c.get(base).want(t, http.StatusOK, `action="`+base+`/reply"`, `value="check"`, `value="template"`, "Chưa có trao đổi nào")
	r.lacks(t, "Vẫn gửi khi chưa đủ các mục")

	// A curt reply is held back, the checklist beside the draft.
	curt := "Đã xử lý."
	r = c.post(base+"/reply", url.Values{"action": {"send"}, "body": {curt}})
	r.want(t, http.StatusBadRequest, "Chưa gửi trả lời", "Kiểm tra lời lẽ: đạt", "Chưa đủ các mục bắt buộc", "Gợi ý:",
		"Vẫn gửi khi chưa đủ các mục", `>Đã xử lý.</textarea>`)
	if n := len(e.track(rc).Messages); n != 0 {
		t.Fatalf("a held-back reply reached the reporter (%d messages)", n)
	}
	// Checking only: the checklist, no error.
	r = c.post(base+"/reply", url.Values{"action": {"check"}, "body": {curt}}).want(t, http.StatusOK, "Kiểm tra lời lẽ: đạt", "Thiếu")
	r.lacks(t, "Chưa gửi trả lời")
	c.post(base+"/reply", url.Values{"action": {"check"}, "body": {""}}).want(t, http.StatusBadRequest, "Xin nhập nội dung trả lời để kiểm tra.")

	// The starting template: a courteous draft with blanks to fill; sent
	// as it is, it is refused for its blanks.
	r = c.post(base+"/reply", url.Values{"action": {"template"}, "body": {""}}).want(t, http.StatusOK, "Kính gửi Ông/Bà", rc.TrackingCode,
		"xin chân thành cảm ơn", "[số điện thoại, địa chỉ liên hệ của đơn vị]")
	draft := replyDraft(t, r.Body)
	r = c.post(base+"/reply", url.Values{"action": {"send"}, "body": {draft}, "force": {"on"}})
	r.want(t, http.StatusBadRequest, "Thư còn chỗ cần điền")
	// Filled in, the draft passes the checks as it is.
	c.post(base+"/reply", url.Values{"action": {"check"}, "body": {fillDraft(t, draft)}}).want(t, http.StatusOK, "Đủ các mục bắt buộc")
	// A non-empty draft is not overwritten by the template.
	c.post(base+"/reply", url.Values{"action": {"template"}, "body": {"Nội dung riêng"}}).want(t, http.StatusOK, "thư mẫu chưa được chèn", ">Nội dung riêng</textarea>")

	// A good reply goes, and the reporter reads it.
	wantRedirect(t, c.post(base+"/reply", url.Values{"action": {"send"}, "body": {goodReply}}), base, "pa-da-tra-loi")
	pp := e.track(rc)
	if len(pp.Messages) != 1 || !pp.Messages[0].FromAgency || !strings.Contains(pp.Messages[0].Body, "thành thật xin lỗi Ông/Bà") {
		t.Fatalf("the reporter sees %+v", pp.Messages)
	}
	c.get(base).want(t, http.StatusOK, "Sở Nội vụ tỉnh Thái Bình xin chân thành cảm ơn")

	// A curt reply sent on purpose, confirmed, goes too.
	wantRedirect(t, c.post(base+"/reply", url.Values{"action": {"send"}, "body": {curt}, "force": {"on"}}), base, "pa-da-tra-loi")
	if n := len(e.track(rc).Messages); n != 2 {
		t.Fatalf("%d messages after a confirmed send, want 2", n)
	}
}

var replyTextarea = regexp.MustCompile(`(?s)<textarea id="f-body"[^>]*>(.*?)</textarea>`)

// replyDraft returns the text of the reply box of a petition page.
func replyDraft(t *testing.T, body string) string {
	t.Helper()
	m := replyTextarea.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no reply textarea")
	}
	return htmlUnescape(m[1])
}

// fillDraft fills the blanks of the starting draft as a handler would.
func fillDraft(t *testing.T, draft string) string {
	t.Helper()
	filled := strings.NewReplacer(
		"[nêu kết quả xác minh, căn cứ và việc đã làm]", "qua kiểm tra ban đầu, hồ sơ của Ông/Bà đã được chuyển bộ phận chuyên môn xem xét lại",
		"[nêu biện pháp khắc phục, hình thức xử lý đối với cán bộ]", "Cán bộ liên quan đã bị nhắc nhở, kiểm điểm trước đơn vị",
		"[số điện thoại, địa chỉ liên hệ của đơn vị]", "số điện thoại 0227 3831 234",
		"[họ tên, chức vụ người ký]", "Phạm Văn Ký, Chánh Văn phòng").Replace(draft)
	if strings.Contains(filled, "[") {
		t.Fatalf("the draft has blanks this test does not know:\n%s", filled)
	}
	return filled
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
}

// Reading the reporter's identity: a reason is required, the identity is
// on that response only (never cached, never in a cookie or a redirect),
// each reading is listed and audited without the identity, and people of
// the subject's unit never see it.
func TestPetitionRevealIdentity(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	rc := e.submitPetition(petitionIn{official: ha, category: petition.Favours, text: "Cán bộ đòi tiền bồi dưỡng mới làm hồ sơ."})
	base := "/petitions/" + pid(rc)
	c := e.client().login("noivu")
	c.get(base).want(t, http.StatusOK, `action="`+base+`/reveal"`, "Chưa ai xem thông tin người phản ánh.").lacks(t, "Trần Thị Bích Ngọc")

	r := c.post(base+"/reveal", url.Values{"reveal_reason": {""}})
	r.want(t, http.StatusBadRequest, "Xin nêu lý do", `id="f-reveal-reason-error"`)
	r.lacks(t, "Trần Thị Bích Ngọc")
	c.post(base+"/reveal", url.Values{"reveal_reason": {"ngắn"}}).want(t, http.StatusBadRequest, "ít nhất").lacks(t, "Trần Thị Bích Ngọc")

	reason := "Mời người phản ánh đến làm việc, xác minh thêm"
	r = c.post(base+"/reveal", url.Values{"reveal_reason": {reason}})
	r.want(t, http.StatusOK, "Trần Thị Bích Ngọc", "0912 345 678", "ngoc.tran@example.org", "12 Lê Lợi, Thái Bình", reason, "Hoàng Thanh Thịnh")
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q", cc)
	}
	for _, ck := range r.Cookies() {
		if strings.Contains(ck.Value, "Ng") || strings.Contains(ck.Value, "0912") {
			t.Fatalf("identity in a cookie: %v", ck)
		}
	}
	// The next page load lists the reading, not the identity.
	r = c.get(base).want(t, http.StatusOK, reason, "Những lần xem thông tin người phản ánh", "Xem thông tin người phản ánh")
	r.lacks(t, "Trần Thị Bích Ngọc", "0912 345 678", "ngoc.tran@example.org")
	views, err := e.svc.Petitions.IdentityViews(e.loginCtx("noivu"), rc.Petition.ID)
	if err != nil || len(views) != 1 || views[0].Reason != reason {
		t.Fatalf("identity views %+v %v", views, err)
	}
	evs, _, err := e.svc.Audit.FindAuditEvents(e.loginCtx("admin"), congvu.AuditFilter{Kind: "petition.reveal"})
	if err != nil || len(evs) != 1 {
		t.Fatalf("audit of the reading: %d %v", len(evs), err)
	}
	if s := string(evs[0].Before) + string(evs[0].After); strings.Contains(s, "Bích Ngọc") || strings.Contains(s, "0912") || !strings.Contains(s, "Mời người phản ánh") {
		t.Fatalf("audit of the reading: %s", s)
	}

	wantRedirect(t, c.post(base+"/notes", url.Values{"note": {"Đã gọi chị Ngọc để hẹn làm việc."}}), base, "pa-da-ghi-chu")

	// The head of the subject's unit sees the petition, not the identity,
	// nor the handlers' notes or the reasons for reading the identity
	// (which may name the reporter), and may not read it.
	e.mkUser("truongphong", congvu.RoleUnitHead, "34.SNV", 0)
	h := e.client().login("truongphong")
	r = h.get(base).want(t, http.StatusOK, rc.TrackingCode, "không xử lý được")
	r.lacks(t, `action="`+base+`/reveal"`, `action="`+base+`/step"`, `action="`+base+`/reply"`, "Trần Thị Bích Ngọc",
		reason, "Ghi chú nội bộ", "Đã gọi chị Ngọc", "Những lần xem thông tin")
	h.post(base+"/reveal", url.Values{"reveal_reason": {reason}}).want(t, http.StatusForbidden).lacks(t, "Trần Thị Bích Ngọc")
	h.post(base+"/step", url.Values{"step": {"accept"}}).want(t, http.StatusForbidden)
	h.post(base+"/reply", url.Values{"action": {"check"}, "body": {"Xin chào"}}).want(t, http.StatusForbidden)
	// A supervisor whose own official record lies in the subject's unit
	// does not even see it.
	me := e.mkOfficial("34.SNV", "SNV-2", "Vũ Văn Giám", "Phó Giám đốc")
	e.mkUser("giamsat", congvu.RoleSupervisor, "34", me.ID)
	g := e.client().login("giamsat")
	g.get(base).want(t, http.StatusNotFound).lacks(t, rc.TrackingCode)
	g.post(base+"/reveal", url.Values{"reveal_reason": {reason}}).want(t, http.StatusNotFound).lacks(t, "Trần Thị Bích Ngọc")
	// The official reported never sees the petition.
	e.mkUser("thuha", congvu.RoleOfficial, "34.SNV", ha.ID)
	e.client().login("thuha").get(base).want(t, http.StatusForbidden)
	// Out of scope: not found.
	e.client().login("hanoi").get(base).want(t, http.StatusNotFound)

	// An anonymous petition has nothing to reveal, and no form.
	anon := e.submitPetition(petitionIn{official: ha, category: petition.Favours, text: "Đòi tiền bồi dưỡng, tôi xin giấu tên.", anonymous: true})
	c.get("/petitions/"+pid(anon)).want(t, http.StatusOK, "Ẩn danh").lacks(t, "/reveal\"")
}

// tinyPNG is a small PNG image.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPetitionFiles(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	att, err := e.svc.Petitions.StoreFile(context.Background(), "ảnh chụp \"quầy\" 2.png", bytes.NewReader(tinyPNG(t)))
	if err != nil {
		t.Fatal(err)
	}
	rc := e.submitPetition(petitionIn{official: ha, category: petition.Attitude, text: "Cán bộ quát nạt, có ảnh chụp kèm theo.", files: []*petition.Attachment{att}})
	base := "/petitions/" + pid(rc)
	c := e.client().login("thanhtra")
	href := base + "/files/" + itoa(att.ID)
	c.get(base).want(t, http.StatusOK, `href="`+href+`"`, "image/png")
	r := c.get(href).want(t, http.StatusOK)
	h := r.Header
	if h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Cache-Control"), "no-store") {
		t.Fatalf("headers %v", h)
	}
	cd := h.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=") || strings.Contains(cd, "\n") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	if sum := sha256.Sum256([]byte(r.Body)); hex.EncodeToString(sum[:]) != att.SHA256 {
		t.Fatal("the download differs from the stored file")
	}
	c.get(base+"/files/999999").want(t, http.StatusNotFound)
	c.get(base+"/files/abc").want(t, http.StatusNotFound)
	// Another petition's file through this petition: not found.
	other := e.submitPetition(petitionIn{official: ha, category: petition.Attitude, text: "Cán bộ quát nạt, không có ảnh kèm theo.", anonymous: true})
	c.get("/petitions/"+pid(other)+"/files/"+itoa(att.ID)).want(t, http.StatusNotFound)
	e.client().login("hanoi").get(href).want(t, http.StatusNotFound)
	e.mkUser("thuha", congvu.RoleOfficial, "34.SNV", ha.ID)
	e.client().login("thuha").get(href).want(t, http.StatusForbidden)
}

func TestPetitionExport(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	a := e.submitPetition(petitionIn{official: ha, category: petition.Favours, text: "Đòi tiền bồi dưỡng, số tài khoản riêng."})
	b := e.submitPetition(petitionIn{unit: "34.STP", category: petition.Delay, text: "Chậm trả kết quả hộ tịch hai tuần."})
	c := e.client().login("noivu")
	r := c.get("/petitions/export?format=csv").want(t, http.StatusOK, a.TrackingCode, b.TrackingCode, "Mã phản ánh", "Nguyễn Thị Thu Hà",
		"Vòi vĩnh, tham nhũng vặt", "Sở Tư pháp tỉnh Thái Bình")
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("headers %v", r.Header)
	}
	if !strings.HasPrefix(r.Body, "\uFEFFMã phản ánh,Ngày gửi,") {
		t.Errorf("the CSV does not start with the header row: %q", r.Body[:min(len(r.Body), 120)])
	}
	// No identity, nor the reporter's own words.
	r.lacks(t, "Trần Thị Bích Ngọc", "0912 345 678", "ngoc.tran@example.org", "Lê Lợi", "số tài khoản riêng")
	// The filter applies.
	c.get("/petitions/export?format=csv&loai=delay").want(t, http.StatusOK, b.TrackingCode).lacks(t, a.TrackingCode)
	c.get("/petitions/export?format=pdf").want(t, http.StatusBadRequest)
	c.get("/petitions/export?format=csv&trang-thai=bogus").want(t, http.StatusBadRequest)

	r = c.get("/petitions/export?format=xlsx&q="+url.QueryEscape("boi duong")).want(t, http.StatusOK)
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(x.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, row := range rows {
		all += strings.Join(row, "|") + "\n"
	}
	if !strings.Contains(all, a.TrackingCode) || strings.Contains(all, b.TrackingCode) || strings.Contains(all, "Bích Ngọc") || strings.Contains(all, "tài khoản") {
		t.Fatalf("xlsx rows:\n%s", all)
	}
	// Hà Nội exports nothing of Thái Bình.
	e.client().login("hanoi").get("/petitions/export?format=csv").want(t, http.StatusOK).lacks(t, a.TrackingCode, b.TrackingCode)
}

// Past petition.MaxCount petitions the list says "more than" wherever it
// counts, and its pages go on to the last petition.
func TestPetitionListPastTheCount(t *testing.T) {
	e := petitionEnv(t)
	n := petition.MaxCount + 25
	if err := devdata.GeneratePetitions(sysCtx(), e.db, n, nil); err != nil {
		t.Fatal(err)
	}
	c := e.client().login("admin")
	c.get("/petitions").want(t, http.StatusOK, "Có <strong>hơn 1.000</strong> phản ánh", "Hiển thị 1–50 trong tổng số hơn 1.000",
		`href="/petitions?trang=21"`).lacks(t, "trong tổng số 1.000")
	c.get("/petitions?trang=20").want(t, http.StatusOK, "Hiển thị 951–1.000 trong tổng số hơn 1.000", `href="/petitions?trang=21" rel="next"`)
	r := c.get("/petitions?trang=21").want(t, http.StatusOK, "Hiển thị 1.001–1.025 trong tổng số 1.025", "Có <strong>1.025</strong> phản ánh")
	r.lacks(t, `rel="next"`)
	if k := len(regexp.MustCompile(`<a href="/petitions/[0-9]+"`).FindAllString(r.Body, -1)); k != 25 {
		t.Errorf("the last page lists %d petitions, want 25", k)
	}
}
