package web

import (
	"congvu/org"
	"net/http"

	"congvu"
)

// HomePage is the landing page (anonymous) or the staff home (signed in).
type HomePage struct {
	Base
	Grants        []congvu.Grant
	Units         int  // units in the actor's scope
	Officials     int  // officials in the actor's scope
	ShowUnits     bool // the counts are known
	ShowOfficials bool
	Links         []HomeLink
}

// HomeLink is a shortcut on the staff home.
type HomeLink struct {
	Label string
	Href  string
	Note  string
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	a := congvu.ActorFromContext(r.Context())
	if a.IsAnonymous() {
		return s.Render(w, r, http.StatusOK, "home.html", &HomePage{Base: Base{Title: "Văn hóa công vụ"}})
	}
	p := &HomePage{Base: Base{Title: "Trang làm việc"}, Grants: a.Grants}
	ctx := r.Context()
	if a.Can(congvu.ActUnitView, "") {
		_, n, err := s.Services.Units.FindUnits(ctx, org.UnitFilter{Limit: 1})
		if err != nil {
			return err
		}
		p.Units, p.ShowUnits = n, true
	}
	if a.Can(congvu.ActOfficialView, "") || a.OfficialID != 0 {
		_, n, err := s.Services.Officials.FindOfficials(ctx, org.OfficialFilter{Limit: 1})
		if err != nil {
			return err
		}
		p.Officials, p.ShowOfficials = n, true
	}
	add := func(method, pattern string, access Access, l HomeLink) {
		if s.hasRoute(method, pattern) && access.Allows(a) {
			p.Links = append(p.Links, l)
		}
	}
	add("GET", "/units", Need(congvu.ActUnitView), HomeLink{"Đơn vị", "/units", "Cây đơn vị trong phạm vi của bạn, sáp nhập, chia tách."})
	add("GET", "/officials", Need(congvu.ActOfficialView), HomeLink{"Cán bộ, công chức, viên chức", "/officials", "Hồ sơ, thẻ đánh giá, nhập từ tệp CSV."})
	add("GET", "/chuan-muc", Public, HomeLink{"Chuẩn mực văn hóa công vụ", "/chuan-muc", "Bộ quy tắc ứng xử đang áp dụng, bản in được."})
	add("GET", "/standards/local", Need(congvu.ActUnitView), HomeLink{"Chuẩn mực riêng của đơn vị", "/standards/local", "Các quy định bổ sung của từng cơ quan, đơn vị."})
	add("GET", "/audit", Need(congvu.ActAuditView), HomeLink{"Nhật ký thao tác", "/audit", "Ai đã thay đổi gì, khi nào."})
	add("GET", "/users", Need(congvu.ActUserManage), HomeLink{"Tài khoản người dùng", "/users", "Tạo tài khoản, phân quyền theo đơn vị."})
	add("GET", "/account/tokens", SignedIn, HomeLink{"Khóa truy cập API", "/account/tokens", "Cho phần mềm khác kết nối với Công vụ."})
	return s.Render(w, r, http.StatusOK, "home.html", p)
}
