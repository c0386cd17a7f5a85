package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu/privacy"
	"congvu/sqldb"
	"congvu/web"
)

// Every page that collects personal data shows the notice Law 91/2025/QH15
// asks for: the controller (the receiving body, and the operator set in
// configuration), the purpose, the retention the product applies — the
// figures storage uses — and the configured contact, with a link to the
// full page, which renders without script.
func TestPrivacyNoticeOnEveryCollectingPage(t *testing.T) {
	e := newEnv(t)
	cfg := privacy.Config{Controller: "Văn phòng UBND tỉnh Thái Bình", Contact: "dulieucanhan@thaibinh.gov.vn, 0227 3 831 000"}
	srv, err := web.New(web.Options{Services: e.svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Privacy: cfg})
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	o := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Phó Chánh Văn phòng")

	day := 24 * time.Hour
	keys := fmt.Sprintf("khóa bị xóa sau %d ngày", int(sqldb.DayKeyRetention/day))
	outbox := fmt.Sprintf("hoặc sau %d ngày nếu không gửi được", int(sqldb.ReporterAddressRetention/day))
	notice := func(r *resp, page string, extra ...string) {
		t.Helper()
		r.want(t, http.StatusOK, append([]string{"Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15", "Bên kiểm soát dữ liệu:</strong> ",
			"Văn phòng UBND tỉnh Thái Bình", "Để làm gì:", "Lưu những gì, đến khi nào:",
			"Liên hệ về dữ liệu cá nhân:</strong> dulieucanhan@thaibinh.gov.vn, 0227 3 831 000", `<a href="/quyen-rieng-tu">`}, extra...)...)
		if strings.Count(r.Body, `class="privacy"`) != 1 {
			t.Errorf("%s: %d privacy notices", page, strings.Count(r.Body, `class="privacy"`))
		}
	}
	c := e.client()
	form := c.get("/phan-anh/can-bo/" + o.BadgeToken)
	notice(form, "petition form", "Cơ quan cấp trên trực tiếp của Sở Nội vụ tỉnh Thái Bình (cơ quan tiếp nhận); hệ thống do Văn phòng UBND tỉnh Thái Bình vận hành", keys, outbox,
		"hệ thống không tự xóa")
	notice(c.get("/danh-gia/"+o.BadgeToken), "rating form", "Sở Nội vụ tỉnh Thái Bình (cơ quan tiếp nhận)", keys)
	notice(c.get("/tra-cuu"), "tracking", keys)

	path := "/phan-anh/can-bo/" + o.BadgeToken
	stamp := agedStamps(t, c, path)[path]
	code, secret := receipt(t, c.postMultipart(path, []string{"t", stamp, "category", "harassment",
		"description", "Đòi nộp thêm giấy xác nhận không có trong quy định.", "anonymous", "co"}))
	notice(c.post("/tra-cuu", url.Values{"ma": {code}, "ma-bi-mat": {secret}}), "tracking view", keys, `name="noi-dung"`)

	admin := e.client().login("admin")
	notice(admin.get("/users/new"), "user form", "Cấp và quản lý tài khoản", keys)
	notice(admin.get(fmt.Sprintf("/users/%d", e.users["noivu"].ID)), "user edit form")

	full := e.client().get("/quyen-rieng-tu")
	full.want(t, http.StatusOK, "Quyền riêng tư và dữ liệu cá nhân", "91/2025/QH15", "Gửi phản ánh, kiến nghị", "Đánh giá sự hài lòng",
		"Tra cứu phản ánh", "Tài khoản cán bộ", keys, outbox, "Văn phòng UBND tỉnh Thái Bình", "dulieucanhan@thaibinh.gov.vn")
	full.lacks(t, "<script")
	if len(full.Body) > 20*1024 {
		t.Errorf("the privacy page is %d bytes", len(full.Body))
	}
}

// Without configuration the notice says so rather than invent a contact.
func TestPrivacyNoticeUnconfigured(t *testing.T) {
	e := newEnv(t)
	r := e.client().get("/quyen-rieng-tu")
	r.want(t, http.StatusOK, "chưa khai báo tên trong cấu hình", "Chưa khai báo trong cấu hình")
}
