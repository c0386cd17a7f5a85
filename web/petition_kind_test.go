package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"congvu/petition"
)

// Petitions by their legal kind through the web: the kind confirmed or
// changed with a reason at acceptance, never a tố cáo while anonymous; the
// steps the law has (extension, suspension, referral) taken by the handler
// and read by the reporter on /tra-cuu, who may withdraw there.
func TestPetitionKindsThroughTheWeb(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	c := e.client().login("noivu")

	// A phản ánh is received and dealt with, not "thụ lý"; its kind is
	// changed at acceptance only with a reason.
	rep := e.submitPetition(petitionIn{official: ha, category: petition.Attitude, text: "Cán bộ quát nạt, không chào hỏi khi tôi nộp hồ sơ."})
	base := "/petitions/" + pid(rep)
	c.get(base).want(t, http.StatusOK, "Loại đơn", "Phản ánh, kiến nghị", "Nghị định 20/2008/NĐ-CP", `<h3 id="buoc-accept">Tiếp nhận, xử lý</h3>`,
		`name="accept_kind"`, "Thẩm quyền giải quyết").lacks(t, `<h3 id="buoc-accept">Thụ lý</h3>`)
	c.post(base+"/step", url.Values{"step": {"accept"}, "accept_kind": {"complaint"}}).want(t, http.StatusBadRequest,
		`id="f-accept-kind-reason-error"`, "Xin nêu lý do đổi loại đơn")
	wantRedirect(t, c.post(base+"/step", url.Values{"step": {"accept"}, "accept_kind": {"complaint"},
		"accept_kind_reason": {"Người dân đề nghị xem xét lại quyết định trả hồ sơ"}}), base, "pa-da-thu-ly")
	c.get(base).want(t, http.StatusOK, "Khiếu nại", "Luật Khiếu nại 2011", "Đổi loại đơn: Phản ánh, kiến nghị → Khiếu nại", "quyết định trả hồ sơ", "Đã thụ lý")

	// Anonymous: the form offers no tố cáo, says why, and refuses one.
	anon := e.submitPetition(petitionIn{official: ha, category: petition.Favours, text: "Cán bộ đòi 200.000 đồng để nhận hồ sơ trong ngày.", anonymous: true})
	abase := "/petitions/" + pid(anon)
	c.get(abase).want(t, http.StatusOK, "Điều 25", `<option value="report" selected>`).lacks(t, `<option value="denunciation"`)
	c.post(abase+"/step", url.Values{"step": {"accept"}, "accept_kind": {"denunciation"}, "accept_kind_reason": {"Đòi tiền"}}).want(t, http.StatusBadRequest,
		`id="f-accept-kind-error"`, "Đơn gửi ẩn danh không được giải quyết theo thủ tục tố cáo")

	// A tố cáo (asking for money, with a name): extended once, a second
	// time only when very complex; suspended and resumed; the reporter
	// reads each step.
	den := e.submitPetition(petitionIn{official: ha, category: petition.Favours, text: "Cán bộ đòi 500.000 đồng mới nhận hồ sơ của tôi."})
	dbase := "/petitions/" + pid(den)
	c.get(dbase).want(t, http.StatusOK, "<strong>Tố cáo</strong>", `<h3 id="buoc-accept">Thụ lý</h3>`)
	wantRedirect(t, c.post(dbase+"/step", url.Values{"step": {"accept"}}), dbase, "pa-da-thu-ly")
	wantRedirect(t, c.post(dbase+"/step", url.Values{"step": {"assign"}}), dbase, "pa-da-giao")
	c.get(dbase).want(t, http.StatusOK, "thời hạn giải quyết tính từ ngày thụ lý", `name="extend_very_complex"`, `value="suspend"`, `value="refer"`)
	c.post(dbase+"/step", url.Values{"step": {"extend"}, "extend_reason": {""}}).want(t, http.StatusBadRequest, "Xin nêu lý do.")
	wantRedirect(t, c.post(dbase+"/step", url.Values{"step": {"extend"}, "extend_reason": {"Cần xác minh thêm tại hai đơn vị"}}), dbase, "pa-da-gia-han")
	c.post(dbase+"/step", url.Values{"step": {"extend"}, "extend_reason": {"Chờ giám định"}}).want(t, http.StatusConflict, "đặc biệt phức tạp")
	wantRedirect(t, c.post(dbase+"/step", url.Values{"step": {"extend"}, "extend_reason": {"Vụ việc liên quan nhiều người"}, "extend_very_complex": {"1"}}), dbase, "pa-da-gia-han")
	wantRedirect(t, c.post(dbase+"/step", url.Values{"step": {"suspend"}, "suspend_reason": {"Chờ kết quả của cơ quan khác"}}), dbase, "pa-da-tam-dinh-chi")
	c.get(dbase).want(t, http.StatusOK, "Ngừng tính hạn", `value="resume"`, "Đã gia hạn 2 lần")
	wantRedirect(t, c.post(dbase+"/step", url.Values{"step": {"resume"}}), dbase, "pa-da-tiep-tuc")

	cit := e.client()
	track := url.Values{"ma": {den.TrackingCode}, "ma-bi-mat": {den.Secret}}
	r := cit.post("/tra-cuu", track).want(t, http.StatusOK, "Được xem xét theo thủ tục: <strong>Tố cáo</strong>", "Tình trạng: Đã giao xử lý",
		"Gia hạn giải quyết lần 1", "Gia hạn giải quyết lần 2", "Vụ việc đặc biệt phức tạp", "Tạm đình chỉ giải quyết", "Chờ kết quả của cơ quan khác",
		"Tiếp tục giải quyết", `action="/tra-cuu/rut-don"`)
	r.lacks(t, "Cán bộ noivu", "Nguyễn Thị Thu Hà")
	citizenPage(t, e, r)

	// Withdrawal from /tra-cuu: confirmed, proven by the code and secret.
	cit.post("/tra-cuu/rut-don", track).want(t, http.StatusBadRequest, "Xin đánh dấu ô xác nhận")
	bad := url.Values{"ma": {den.TrackingCode}, "ma-bi-mat": {"aaaa bbbb cccc dddd"}, "xac-nhan-rut": {"co"}}
	cit.post("/tra-cuu/rut-don", bad).want(t, http.StatusNotFound)
	if p := e.petitionNow(den.Petition.ID); p.Status != petition.Assigned {
		t.Fatalf("withdrawn without the secret: %s", p.Status)
	}
	ok := url.Values{"ma": track["ma"], "ma-bi-mat": track["ma-bi-mat"], "xac-nhan-rut": {"co"}, "ly-do-rut": {"Đã được trả lại tiền"}}
	cit.post("/tra-cuu/rut-don", ok).want(t, http.StatusOK, "Đã ghi nhận việc anh/chị rút đơn", "Tình trạng: Người gửi đã rút đơn",
		"Anh/chị đã rút đơn", "Đã được trả lại tiền").lacks(t, `action="/tra-cuu/rut-don"`)
	if p := e.petitionNow(den.Petition.ID); p.Status != petition.Withdrawn {
		t.Fatalf("after withdrawal: %s", p.Status)
	}
	c.get(dbase).want(t, http.StatusOK, "Người gửi rút đơn", "Đã được trả lại tiền")

	// Referral to the procuracy on signs of a crime.
	other := e.submitPetition(petitionIn{official: ha, category: petition.Favours, text: "Cán bộ nhận 5 triệu đồng để làm sai hồ sơ đất đai."})
	obase := "/petitions/" + pid(other)
	c.post(obase+"/step", url.Values{"step": {"refer"}, "refer_reason": {"Dấu hiệu nhận hối lộ"}}).want(t, http.StatusBadRequest, `id="f-refer-refer-to-error"`)
	wantRedirect(t, c.post(obase+"/step", url.Values{"step": {"refer"}, "refer_refer_to": {"procuracy"}, "refer_reason": {"Dấu hiệu tội nhận hối lộ"}}), obase, "pa-da-chuyen-to-tung")
	cit.post("/tra-cuu", url.Values{"ma": {other.TrackingCode}, "ma-bi-mat": {other.Secret}}).want(t, http.StatusOK,
		"Đã chuyển cơ quan tiến hành tố tụng", "viện kiểm sát nhân dân có thẩm quyền", "Dấu hiệu tội nhận hối lộ")

	// The public form says what anonymity means before the choice.
	form := e.client().get("/phan-anh/can-bo/" + ha.BadgeToken)
	notice, choice := strings.Index(form.Body, "Điều 25"), strings.Index(form.Body, `name="anonymous"`)
	if notice < 0 || choice < 0 || notice > choice {
		t.Fatalf("anonymity notice at %d, the choice at %d", notice, choice)
	}

	// The rules page lists each kind's rules with their citation, truthfully labelled.
	e.client().login("admin").get("/petitions/rules").want(t, http.StatusOK, `id="loai-denunciation"`, "Luật Tố cáo 2018, Điều 30", "Luật Khiếu nại 2011, Điều 28",
		"Mặc định, áp dụng tương tự", "Mặc định theo luật (cần đối chiếu văn bản)", "Xem xét, tiếp nhận", `name="kind"`)
}
