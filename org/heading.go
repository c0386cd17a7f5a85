package org

import (
	"strings"

	"congvu/vntext"
)

// Heading is the issuing-body block at the top left of an administrative
// document (Decree 30/2020/NĐ-CP, Appendix I): the name of the direct
// governing body, when there is one, above the name of the body that
// issues the document, both in capitals.
type Heading struct {
	Superior string // "UBND TỈNH HƯNG YÊN" above "SỞ NỘI VỤ"; "" for a People's Committee
	Body     string // "SỞ NỘI VỤ", "UBND XÃ ĐÔNG HƯNG"
}

// Lines are the heading's lines, top first.
func (h Heading) Lines() []string {
	if h.Superior == "" {
		return []string{h.Body}
	}
	return []string{h.Superior, h.Body}
}

// GoverningBody is the heading of the body that decides and signs for u:
// for a territory (a province, a commune and, before 01/07/2025, a
// district) its People's Committee, not the territory ("UBND TỈNH HƯNG
// YÊN", "UBND THÀNH PHỐ HÀ NỘI", "UBND XÃ …", "UBND PHƯỜNG …", "UBND ĐẶC KHU
// …"); for a department, a public service unit, a one-stop shop or another
// agency its own name, under the body of its parent unit ("UBND TỈNH HƯNG
// YÊN" over "SỞ NỘI VỤ"). It reads u.Ancestors (root first) for the
// parent. Letters, replies and slips are headed with it.
func GoverningBody(u *Unit) Heading {
	if u == nil {
		return Heading{}
	}
	h := Heading{Body: bodyName(u)}
	if u.territorial() || u.Kind == KindNation {
		return h
	}
	if n := len(u.Ancestors); n > 0 && u.Ancestors[n-1].Kind != KindNation {
		h.Superior = bodyName(u.Ancestors[n-1])
	}
	return h
}

// territorial reports whether u is a territory governed by a People's
// Committee.
func (u *Unit) territorial() bool {
	return u.Kind == KindProvince || u.Kind == KindDistrict || u.Kind == KindCommune
}

// unitTypes are the words that start a territory's full name, longest
// first where one starts another.
var unitTypes = []string{"Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã"}

// bodyName is the one-line name of the body of u, in capitals.
func bodyName(u *Unit) string {
	name := vntext.Normalize(strings.TrimSpace(u.Name))
	if !u.territorial() {
		return strings.ToUpper(name)
	}
	upper := strings.ToUpper(name)
	if strings.HasPrefix(upper, "UBND ") || strings.HasPrefix(upper, "ỦY BAN NHÂN DÂN ") || strings.HasPrefix(upper, "UỶ BAN NHÂN DÂN ") {
		return upper
	}
	return "UBND " + strings.ToUpper(fullName(name, vntext.Normalize(u.TypeName)))
}

// fullName is a territory's name with its type in front ("Tỉnh Hưng
// Yên"), whether the name carries it already or only the type name does.
func fullName(name, typeName string) string {
	for _, t := range unitTypes {
		if hasPrefixFold(name, t+" ") {
			return name
		}
	}
	for _, t := range unitTypes {
		// "Thành phố Trung ương", "Thành phố thuộc tỉnh": "Thành phố".
		if typeName != "" && (strings.EqualFold(typeName, t) || hasPrefixFold(typeName, t+" ")) {
			return t + " " + name
		}
	}
	return name
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
