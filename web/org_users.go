package web

import (
	"congvu/org"
	"congvu/privacy"
	"net/http"
	"strconv"
	"strings"

	"congvu"

	"golang.org/x/text/unicode/norm"
)

// UsersPage lists accounts in the actor's scope.
type UsersPage struct {
	Base
	Form  *Form
	Users []*org.User
	Pager Pager
}

const usersPageSize = 50

func (s *Server) users(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	users, total, err := s.Services.Users.FindUsers(r.Context(), org.UserFilter{
		Query: f.Get("q"), Limit: usersPageSize, Offset: PageOffset(r, usersPageSize)})
	if err != nil {
		return err
	}
	return s.Render(w, r, http.StatusOK, "users.html", &UsersPage{Base: Base{Title: "Tài khoản người dùng"},
		Form: f, Users: users, Pager: NewPager(r, total, usersPageSize)})
}

// GrantRow is one row of the grants table of the user form: a role over a
// unit given by its code.
type GrantRow struct {
	Index    int
	Role     string
	UnitCode string
	UnitName string
	Error    string
}

// RoleID and UnitID are the ids of the row's inputs.
func (g GrantRow) RoleID() string { return "f-grant-role-" + strconv.Itoa(g.Index) }

// UnitID is the id of the row's unit code input.
func (g GrantRow) UnitID() string { return "f-grant-unit-" + strconv.Itoa(g.Index) }

// ErrorID is the id of the row's error message.
func (g GrantRow) ErrorID() string { return "f-grant-role-" + strconv.Itoa(g.Index) + "-error" }

// UserFormPage creates or edits an account.
type UserFormPage struct {
	Base
	IsNew  bool
	User   *org.User // nil when new
	Form   *Form
	Grants []GrantRow
	Roles  []Option
}

// blankGrantRows is how many empty grant rows the form offers.
const blankGrantRows = 2

func (s *Server) userFormPage(u *org.User, f *Form, rows []GrantRow) *UserFormPage {
	p := &UserFormPage{IsNew: u == nil, User: u, Form: f,
		Base: Base{Crumbs: []Link{{"Tài khoản", "/users"}}, Privacy: s.PrivacyNotice(privacy.Account, "")}}
	if u == nil {
		p.Title = "Tạo tài khoản"
	} else {
		p.Title = "Tài khoản " + u.Username
	}
	p.Roles = append(p.Roles, Option{"", "— Không —"})
	for _, role := range congvu.Roles {
		p.Roles = append(p.Roles, Option{string(role), role.Label()})
	}
	for i := 0; i < blankGrantRows; i++ {
		rows = append(rows, GrantRow{})
	}
	for i := range rows {
		rows[i].Index = i
	}
	p.Grants = rows
	return p
}

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	f.Set("active", "on")
	return s.Render(w, r, http.StatusOK, "user_form.html", s.userFormPage(nil, f, nil))
}

func (s *Server) editUserForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.Services.Users.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	f := NewForm(nil)
	f.Set("username", u.Username)
	f.Set("full_name", u.FullName)
	f.Set("email", u.Email)
	if u.Active {
		f.Set("active", "on")
	}
	if u.OfficialID != 0 {
		if o, err := s.Services.Officials.FindOfficialByID(r.Context(), u.OfficialID); err == nil {
			f.Set("employee_code", o.EmployeeCode)
		}
	}
	var rows []GrantRow
	for _, g := range u.Grants {
		row := GrantRow{Role: string(g.Role), UnitName: g.UnitName}
		if s.Services.Units != nil {
			if unit, err := s.Services.Units.FindUnitByID(r.Context(), g.UnitID); err == nil {
				row.UnitCode, row.UnitName = unit.Code, unit.Name
			}
		}
		rows = append(rows, row)
	}
	return s.Render(w, r, http.StatusOK, "user_form.html", s.userFormPage(u, f, rows))
}

// readUserForm turns the posted form into a UserInput, resolving unit and
// official codes; problems are recorded in f and in the rows.
func (s *Server) readUserForm(r *http.Request, f *Form) (org.UserInput, []GrantRow, error) {
	in := org.UserInput{
		Username: f.Get("username"),
		FullName: f.Get("full_name"),
		Email:    f.Get("email"),
		Password: norm.NFC.String(r.PostForm.Get("password")),
		Active:   f.Checked("active"),
	}
	if code := f.Get("employee_code"); code != "" {
		id, err := s.officialByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return in, nil, err
			}
			f.AddError("employee_code", congvu.ErrorMessage(err))
		}
		in.OfficialID = id
	}
	roles, units := r.PostForm["grant_role"], r.PostForm["grant_unit"]
	var rows []GrantRow
	for i := 0; i < max(len(roles), len(units)); i++ {
		row := GrantRow{}
		if i < len(roles) {
			row.Role = strings.TrimSpace(roles[i])
		}
		if i < len(units) {
			row.UnitCode = strings.TrimSpace(norm.NFC.String(units[i]))
		}
		if row.Role == "" && row.UnitCode == "" {
			continue
		}
		role := congvu.Role(row.Role)
		switch {
		case !role.Valid():
			row.Error = "Xin chọn vai trò cho dòng này."
		case row.UnitCode == "":
			row.Error = "Xin nhập mã đơn vị cho dòng này."
		default:
			u, err := s.unitByCode(r, row.UnitCode)
			if err != nil {
				if congvu.ErrorCode(err) != congvu.ENOTFOUND {
					return in, nil, err
				}
				row.Error = congvu.ErrorMessage(err)
			} else {
				row.UnitName = u.Name
				in.Grants = append(in.Grants, congvu.Grant{Role: role, UnitID: u.ID, UnitPath: u.Path, UnitName: u.Name})
			}
		}
		if row.Error != "" {
			f.AddError("grant_role_"+strconv.Itoa(len(rows)), row.Error)
		}
		rows = append(rows, row)
	}
	return in, rows, nil
}

// officialByCode returns the id of the official with exactly this employee
// code, in the actor's scope.
func (s *Server) officialByCode(r *http.Request, code string) (int64, error) {
	list, _, err := s.Services.Officials.FindOfficials(r.Context(), org.OfficialFilter{Query: code, IncludeRetired: true, Limit: 20})
	if err != nil {
		return 0, err
	}
	for _, o := range list {
		if strings.EqualFold(o.EmployeeCode, code) {
			return o.ID, nil
		}
	}
	return 0, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ có mã “%s” trong phạm vi của bạn.", code)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in, rows, err := s.readUserForm(r, f)
	if err != nil {
		return err
	}
	if in.Password == "" {
		f.AddError("password", "Xin đặt mật khẩu ban đầu cho tài khoản.")
	}
	if !f.Failed() {
		u, err := s.Services.Users.CreateUser(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, "/users/"+strconv.FormatInt(u.ID, 10), "tao-tai-khoan")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("official_id", "employee_code")
	}
	if f.Message == "" {
		f.Message = "Chưa tạo được tài khoản, xin kiểm tra lại các ô được đánh dấu."
	}
	return s.Render(w, r, http.StatusBadRequest, "user_form.html", s.userFormPage(nil, f, rows))
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.Services.Users.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in, rows, err := s.readUserForm(r, f)
	if err != nil {
		return err
	}
	if !f.Failed() {
		_, err := s.Services.Users.UpdateUser(r.Context(), id, in)
		if err == nil {
			return s.Redirect(w, r, "/users/"+strconv.FormatInt(id, 10), "luu-tai-khoan")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("official_id", "employee_code")
	}
	if f.Message == "" {
		f.Message = "Chưa lưu được, xin kiểm tra lại các ô được đánh dấu."
	}
	return s.Render(w, r, http.StatusBadRequest, "user_form.html", s.userFormPage(u, f, rows))
}
