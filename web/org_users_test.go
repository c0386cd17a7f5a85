package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"congvu"
)

// Issue 9, item 8 (third review): an administrator who types a password
// while editing their own account gets the form back (400) with every other
// edit kept and the password field pointing to the change-password page,
// not a 403 page that loses the form; nothing is saved.
func TestUserFormOwnPasswordKeepsTheForm(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("admin")
	id := itoa(e.users["admin"].ID)
	r := c.post("/users/"+id, url.Values{"username": {"admin"}, "full_name": {"Quản Trị Viên Đã Sửa"}, "active": {"on"},
		"password": {"Mật khẩu tự đặt 2026"}, "grant_role": {"admin", ""}, "grant_unit": {congvu.RootUnitCode, ""}})
	r.want(t, http.StatusBadRequest, `value="Quản Trị Viên Đã Sửa"`, `id="f-password-error"`, "trang Đổi mật khẩu (/account/password)").
		lacks(t, "Không có quyền truy cập")
	c.get("/users/"+id).want(t, 200, `value="Quản Trị Viên"`).lacks(t, "Đã Sửa")
	e.client().post("/login", url.Values{"username": {"admin"}, "password": {"Mật khẩu tự đặt 2026"}}).lacks(t, "Đăng xuất")
	e.client().post("/login", url.Values{"username": {"admin"}, "password": {testPassword}}).want(t, http.StatusSeeOther)
}
