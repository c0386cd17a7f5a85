package org_test

import (
	"testing"

	"congvu/org"
)

// The body that decides and signs is the People's Committee or the agency,
// not the territory: "UBND TỈNH HƯNG YÊN", never "TỈNH HƯNG YÊN"; an agency
// under it has a two-line heading (Decree 30/2020), its superior above it.
func TestGoverningBody(t *testing.T) {
	nation := &org.Unit{ID: 1, Name: "Việt Nam", Kind: org.KindNation}
	hy := &org.Unit{ID: 2, Name: "Tỉnh Hưng Yên", Kind: org.KindProvince, TypeName: "Tỉnh", Ancestors: []*org.Unit{nation}}
	hn := &org.Unit{ID: 3, Name: "Thành phố Hà Nội", Kind: org.KindProvince, TypeName: "Thành phố Trung ương", Ancestors: []*org.Unit{nation}}
	bare := &org.Unit{ID: 4, Name: "Hưng Yên", Kind: org.KindProvince, TypeName: "Tỉnh", Ancestors: []*org.Unit{nation}}
	up := []*org.Unit{nation, hy}
	snv := &org.Unit{ID: 5, Name: "Sở Nội vụ", Kind: org.KindDepartment, Ancestors: up}
	xa := &org.Unit{ID: 6, Name: "Xã Đông Hưng", Kind: org.KindCommune, TypeName: "Xã", Ancestors: up}
	phuong := &org.Unit{ID: 7, Name: "Phường Phố Hiến", Kind: org.KindCommune, TypeName: "Phường", Ancestors: up}
	dk := &org.Unit{ID: 8, Name: "Phú Quốc", Kind: org.KindCommune, TypeName: "Đặc khu", Ancestors: []*org.Unit{nation, hy}}
	oss := &org.Unit{ID: 9, Name: "Bộ phận Một cửa", Kind: org.KindOneStopShop, Ancestors: []*org.Unit{nation, hy, xa}}
	phong := &org.Unit{ID: 10, Name: "Phòng Công chức", Kind: org.KindDepartment, Ancestors: []*org.Unit{nation, hy, snv}}
	for _, c := range []struct {
		u              *org.Unit
		superior, body string
	}{
		{hy, "", "UBND TỈNH HƯNG YÊN"},
		{hn, "", "UBND THÀNH PHỐ HÀ NỘI"},
		{bare, "", "UBND TỈNH HƯNG YÊN"},
		{snv, "UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ"},
		{xa, "", "UBND XÃ ĐÔNG HƯNG"},
		{phuong, "", "UBND PHƯỜNG PHỐ HIẾN"},
		{dk, "", "UBND ĐẶC KHU PHÚ QUỐC"},
		{oss, "UBND XÃ ĐÔNG HƯNG", "BỘ PHẬN MỘT CỬA"},
		{phong, "SỞ NỘI VỤ", "PHÒNG CÔNG CHỨC"},
	} {
		h := org.GoverningBody(c.u)
		if h.Superior != c.superior || h.Body != c.body {
			t.Errorf("%s: heading %q / %q, want %q / %q", c.u.Name, h.Superior, h.Body, c.superior, c.body)
		}
	}
	if got := org.GoverningBody(snv).Lines(); len(got) != 2 || got[0] != "UBND TỈNH HƯNG YÊN" {
		t.Errorf("lines %q", got)
	}
	if got := org.GoverningBody(hy).Lines(); len(got) != 1 {
		t.Errorf("lines %q", got)
	}
	if got := org.KindCommune.Label(); got != "Xã, phường, đặc khu" {
		t.Errorf("commune label %q", got)
	}
}
