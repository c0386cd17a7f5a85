package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/emulation"
)

// The forms on a movement's page: a cluster, a registration and its
// withdrawal, computing the year's scores. A refusal shows the page again
// with the form as it was typed.

// saveCluster creates or replaces a cluster: the children ticked and the
// other unit codes typed.
func (s *Server) saveCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := s.movementID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := emulation.ClusterInput{ID: f.Int("cluster_id"), MovementID: id, Title: f.Get("cluster_title")}
	for _, v := range f.Values["units"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			f.AddError("cluster_codes", "Đơn vị đã chọn không hợp lệ; xin tải lại trang.")
			continue
		}
		in.UnitIDs = append(in.UnitIDs, n)
	}
	for _, code := range strings.FieldsFunc(f.Get("cluster_codes"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError("cluster_codes", congvu.ErrorMessage(err))
			continue
		}
		in.UnitIDs = append(in.UnitIDs, u.ID)
	}
	if !f.Failed() {
		_, err := s.Services.Emulation.SaveCluster(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, movementHref(id), "td-cum")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("title", "cluster_title")
		f.moveError("unit_ids", "cluster_codes")
		f.moveError("units", "cluster_codes")
	}
	f.Summarize("Chưa lưu được cụm thi đua, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderMovement(w, r, http.StatusBadRequest, id, &movementForms{cluster: f})
}

// registerEmulation registers a unit (collective) or an official for a
// year.
func (s *Server) registerEmulation(w http.ResponseWriter, r *http.Request) error {
	id, err := s.movementID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := emulation.RegistrationInput{MovementID: id, Subject: emulation.Subject(f.Get("subject")), Title: f.Get("title"),
		Pledge: f.Get("pledge"), Initiative: f.Get("initiative")}
	y, err := strconv.Atoi(f.Get("reg_year"))
	if err != nil {
		f.AddError("reg_year", "Năm phải là một số, ví dụ "+strconv.Itoa(thisYear())+".")
	}
	in.Year = y
	switch in.Subject {
	case emulation.Individual:
		code := f.Get("official")
		if code == "" {
			f.AddError("official", "Xin nhập mã cán bộ đăng ký thi đua.")
			break
		}
		oid, err := s.officialByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError("official", congvu.ErrorMessage(err))
		}
		in.OfficialID = oid
	case emulation.Collective:
		code := f.Get("unit")
		if code == "" {
			f.AddError("unit", "Xin nhập mã đơn vị đăng ký thi đua.")
			break
		}
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError("unit", congvu.ErrorMessage(err))
		} else {
			in.UnitID = u.ID
		}
	default:
		f.AddError("subject", "Xin chọn tập thể hoặc cá nhân.")
	}
	if !f.Failed() {
		_, err := s.Services.Emulation.Register(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, fmt.Sprintf("%s?year=%d", movementHref(id), in.Year), "td-dang-ky")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("official_id", "official")
		f.moveError("unit_id", "unit")
		f.moveError("year", "reg_year")
	}
	f.Summarize("Chưa đăng ký được, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderMovement(w, r, http.StatusBadRequest, id, &movementForms{reg: f})
}

// withdrawEmulation withdraws a registration, with a reason.
func (s *Server) withdrawEmulation(w http.ResponseWriter, r *http.Request) error {
	id, err := s.movementID(r)
	if err != nil {
		return err
	}
	reg, err := strconv.ParseInt(r.PathValue("reg"), 10, 64)
	if err != nil || reg <= 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đăng ký thi đua.")
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	g, err := s.Services.Emulation.Withdraw(r.Context(), reg, f.Get("reason"))
	if err == nil {
		return s.Redirect(w, r, fmt.Sprintf("%s?year=%d", movementHref(id), g.Year), "td-rut")
	}
	if !f.SetError(err) {
		return err
	}
	f.Summarize("Chưa rút được đăng ký.")
	return s.renderMovement(w, r, http.StatusBadRequest, id, &movementForms{withdrawal: f, withdrawID: reg})
}

// computeScores computes the year's scores and ranks them.
func (s *Server) computeScores(w http.ResponseWriter, r *http.Request) error {
	id, err := s.movementID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	y, err := strconv.Atoi(f.Get("year"))
	if err != nil {
		return congvu.Errorf(congvu.EINVALID, "Năm tính điểm không hợp lệ.")
	}
	if _, err := s.Services.Emulation.ComputeScores(r.Context(), id, y); err != nil {
		if !f.SetError(err) {
			return err
		}
		return s.renderMovement(w, r, http.StatusBadRequest, id, &movementForms{step: f})
	}
	return s.Redirect(w, r, fmt.Sprintf("%s?year=%d", movementHref(id), y), "td-tinh-diem")
}
