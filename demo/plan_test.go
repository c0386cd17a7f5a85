package demo

import (
	"reflect"
	"strings"
	"testing"

	"congvu"
	"congvu/org"
	"congvu/vntext"
)

func TestPlanIsBelievable(t *testing.T) {
	p, err := buildPlan()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.people); n < 450 || n > 650 {
		t.Errorf("%d officials, want 450-650", n)
	}
	again, err := buildPlan()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.people, again.people) {
		t.Error("two plans differ: the demo must be deterministic")
	}

	codes := map[string]bool{}
	units := map[string]bool{ProvinceCode: true}
	for _, u := range p.units {
		units[u.code] = true
	}
	for code := range p.unitNames {
		units[code] = true
	}
	for code := range p.formerNames {
		units[code] = true
	}
	families := map[string]int{}
	for _, x := range p.people {
		if codes[x.EmployeeCode] {
			t.Errorf("employee code %s twice", x.EmployeeCode)
		}
		codes[x.EmployeeCode] = true
		if !strings.HasPrefix(x.EmployeeCode, "HY-") || len(x.EmployeeCode) != 9 {
			t.Errorf("employee code %q, want HY-000123", x.EmployeeCode)
		}
		if s, ok := p.successor[x.nowCode]; ok && s != x.nowCode || x.nowCode == "" {
			t.Errorf("%s works today in a former unit %q", x.FullName, x.nowCode)
		}
		if strings.Contains(x.Position, "Thanh tra Sở") || strings.Contains(x.Position, "huyện") || strings.Contains(x.Position, "thị trấn") {
			t.Errorf("%s holds a post abolished in 2025: %q", x.FullName, x.Position)
		}
		if !units[x.unitCode] {
			t.Errorf("%s works in unknown unit %s", x.FullName, x.unitCode)
		}
		if vntext.Normalize(x.FullName) != x.FullName || len(strings.Fields(x.FullName)) < 3 {
			t.Errorf("bad name %q", x.FullName)
		}
		words := strings.Fields(x.FullName)
		families[words[0]]++
		// Gender consistency: "Văn" is a man's middle name, "Thị" a woman's.
		for _, w := range words[1 : len(words)-1] {
			if w == "Văn" {
				for _, f := range femaleGiven {
					if words[len(words)-1] == f && !contains(maleGiven, f) {
						t.Errorf("%q: male middle name with a female given name", x.FullName)
					}
				}
			}
		}
		pos := x.Position
		want := x.Category
		switch {
		case strings.HasPrefix(pos, "Chủ tịch UBND xã"), strings.HasPrefix(pos, "Phó Chủ tịch UBND"):
			want = org.CategoryCadre
		case strings.HasPrefix(pos, "Công chức"):
			want = org.CategoryCivilServant
		case pos == "Bác sĩ", pos == "Điều dưỡng", pos == "Hộ sinh":
			want = org.CategoryPublicEmployee
		case pos == "Lái xe", pos == "Nhân viên bảo vệ", pos == "Lái xe cứu thương":
			want = org.CategoryWorker
		}
		if x.Category != want {
			t.Errorf("%s %q is %s, want %s", x.FullName, pos, x.Category, want)
		}
		if !x.Category.Valid() {
			t.Errorf("invalid category %q", x.Category)
		}
		leaderWord := strings.HasPrefix(pos, "Giám đốc") || strings.HasPrefix(pos, "Trưởng") || strings.HasPrefix(pos, "Chủ tịch") || strings.HasPrefix(pos, "Chánh")
		if leaderWord && !x.IsLeader {
			t.Errorf("%q should be flagged as leader", pos)
		}
		if x.Email != "" && !strings.HasSuffix(x.Email, "@"+emailDomain) {
			t.Errorf("email %q outside the reserved demo domain", x.Email)
		}
	}
	if families["Nguyễn"] < families["Trần"] || families["Trần"] < families["Đặng"] {
		t.Errorf("family names do not follow their frequency: %v", families)
	}

	// Today's agencies: the departments after the 2025 mergers, the
	// provincial inspectorate, the office and the service centre.
	names := map[string]bool{}
	for _, u := range p.units {
		names[u.name] = true
		if strings.Contains(u.name, "Thanh tra Sở") || u.era == after && strings.Contains(u.name, "Bộ phận Tiếp nhận") {
			t.Errorf("unit %q", u.name)
		}
	}
	for _, want := range []string{"Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Sở Y tế",
		"Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Tư pháp", "Thanh tra tỉnh",
		"Văn phòng UBND tỉnh", "Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Phục vụ hành chính công phường Thái Bình"} {
		if !names[want] {
			t.Errorf("no %q", want)
		}
	}
	for _, gone := range []string{"Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải", "Sở Thông tin và Truyền thông"} {
		if names[gone] {
			t.Errorf("%q was merged away on 01/03/2025", gone)
		}
	}

	roles := map[congvu.Role]bool{}
	for _, a := range p.accounts {
		if s, ok := p.successor[a.UnitCode]; ok && s != a.UnitCode {
			t.Errorf("account %s on a former unit %s", a.Username, a.UnitCode)
		}
		roles[a.Role] = true
		if len(a.Password) < congvu.MinPasswordLen {
			t.Errorf("password of %s shorter than %d", a.Username, congvu.MinPasswordLen)
		}
		if a.UnitName == "" {
			t.Errorf("account %s has no scope name", a.Username)
		}
		if a.Role != congvu.RoleAdmin && a.EmployeeCode == "" {
			t.Errorf("account %s is not linked to an official", a.Username)
		}
	}
	for _, r := range congvu.Roles {
		if !roles[r] {
			t.Errorf("no demo account with role %s", r)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestPersonNameGender(t *testing.T) {
	st := newStaffer(1)
	for range 2000 {
		m := strings.Fields(personName(st.r, false))
		if contains(m, "Thị") {
			t.Fatalf("male name %v has Thị", m)
		}
		f := strings.Fields(personName(st.r, true))
		if contains(f, "Văn") {
			t.Fatalf("female name %v has Văn", f)
		}
	}
}
