package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"congvu/org"
	"congvu/vntext"
)

// weighted is a choice with a relative weight.
type weighted struct {
	s string
	w int
}

// familyNames follow the rough frequency of Vietnamese family names, with
// the northern spellings (Hoàng, Vũ) far more common than the southern
// (Huỳnh, Võ) in Hưng Yên and Thái Bình.
var familyNames = []weighted{
	{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 75}, {"Vũ", 45}, {"Hoàng", 45},
	{"Phan", 30}, {"Đặng", 22}, {"Bùi", 22}, {"Đỗ", 18}, {"Ngô", 14}, {"Đào", 12},
	{"Đinh", 10}, {"Dương", 10}, {"Hồ", 8}, {"Trịnh", 8}, {"Lương", 6}, {"Mai", 6},
	{"Tạ", 5}, {"Lý", 5}, {"Cao", 5}, {"Lưu", 4}, {"Huỳnh", 3}, {"Võ", 3},
}

var maleMiddle = []weighted{
	{"Văn", 300}, {"Đức", 70}, {"Minh", 60}, {"Hữu", 40}, {"Quang", 40}, {"Xuân", 30},
	{"Mạnh", 25}, {"Tiến", 25}, {"Thanh", 25}, {"Công", 25}, {"Duy", 20}, {"Trọng", 20},
	{"Ngọc", 15}, {"Việt", 15}, {"Hoàng", 12}, {"Đình", 20}, {"Quốc", 15},
}

var femaleMiddle = []weighted{
	{"Thị", 400}, {"Thu", 40}, {"Ngọc", 35}, {"Thanh", 30}, {"Minh", 20}, {"Phương", 15},
	{"Hồng", 20}, {"Bích", 10}, {"Thùy", 15}, {"Kim", 10}, {"Mai", 8}, {"Hải", 6}, {"Diệu", 5},
}

var maleGiven = []string{
	"Anh", "Tuấn", "Hùng", "Dũng", "Cường", "Hải", "Long", "Nam", "Sơn", "Thắng", "Trung",
	"Hiếu", "Hưng", "Quân", "Tùng", "Thành", "Phong", "Huy", "Khánh", "Đạt", "Bình",
	"Hoàng", "Việt", "Kiên", "Toàn", "Tâm", "Lâm", "Phúc", "Vinh", "Đông", "Hòa", "Thịnh",
	"Chiến", "Tú", "Lợi", "Tài", "Nghĩa", "Hậu", "Quý", "Thuận", "Cương", "Hiển", "Tuyên",
}

var femaleGiven = []string{
	"Hương", "Lan", "Hoa", "Mai", "Linh", "Trang", "Thảo", "Hà", "Nga", "Huyền", "Thủy",
	"Yến", "Hằng", "Nhung", "Dung", "Hạnh", "Loan", "Phương", "Oanh", "Ngọc", "Thúy",
	"Vân", "Quỳnh", "Giang", "Hiền", "Thu", "Nhàn", "Liên", "Duyên", "Thơm", "Huế",
	"Xuân", "Diệp", "Lý", "Trinh", "Chi", "Hảo", "Lụa",
}

func pick(r *rand.Rand, list []weighted) string {
	total := 0
	for _, x := range list {
		total += x.w
	}
	n := r.IntN(total)
	for _, x := range list {
		if n < x.w {
			return x.s
		}
		n -= x.w
	}
	return list[len(list)-1].s
}

// personName draws a full name whose middle and given names fit the gender.
func personName(r *rand.Rand, female bool) string {
	for {
		family := pick(r, familyNames)
		var middle, given string
		if female {
			middle, given = pick(r, femaleMiddle), femaleGiven[r.IntN(len(femaleGiven))]
		} else {
			middle, given = pick(r, maleMiddle), maleGiven[r.IntN(len(maleGiven))]
		}
		if middle == given || family == given || family == middle {
			continue
		}
		// Some northern names carry two middle names (Nguyễn Thị Thu Hà).
		if female && middle == "Thị" && r.IntN(8) == 0 {
			extra := pick(r, femaleMiddle)
			if extra != "Thị" && extra != given {
				middle += " " + extra
			}
		}
		return family + " " + middle + " " + given
	}
}

// roster is a group of identical posts in a unit.
type roster struct {
	position string
	n        int
	category org.Category
	leader   bool
	female   int    // chance in percent that a holder is a woman
	account  string // username of the demo account linked to the (single) holder
	noEmail  bool
}

// person is one generated official.
type person struct {
	unitCode string // where the official is created
	org.OfficialInput
	account string
	era     era    // created before the reform (moved by it) or after
	nowCode string // the unit the official works in today
}

const (
	cadre   = org.CategoryCadre
	civil   = org.CategoryCivilServant
	public  = org.CategoryPublicEmployee
	laborer = org.CategoryWorker
)

// department is a provincial agency of the new Hưng Yên: the departments
// (sở) left by the mergers of 01/03/2025, the provincial inspectorate (the
// only inspectorate of the province since the Law on Inspection 84/2025:
// departments no longer have their own) and the office of the provincial
// people's committee. They existed in Hưng Yên before 01/07/2025 and took in
// Thái Bình's counterparts that day.
type department struct {
	code, name, short, typeName string
	offices                     []string
	head, deputy                string // "Giám đốc Sở", "Chánh Thanh tra tỉnh"...
	extra                       []roster
}

var departments = []department{
	{code: "33.SNV", name: "Sở Nội vụ", short: "snv",
		offices: []string{"Tổ chức, biên chế và tổ chức phi chính phủ", "Công chức, viên chức", "Xây dựng chính quyền và công tác thanh niên", "Lao động, việc làm"},
		extra: []roster{
			{position: "Trưởng ban Thi đua - Khen thưởng", n: 1, category: civil, leader: true, female: 30},
			{position: "Chuyên viên chính, Phòng Công chức, viên chức", n: 1, category: civil, female: 60, account: "noivu"},
		}},
	{code: "33.STC", name: "Sở Tài chính", short: "stc",
		offices: []string{"Quản lý ngân sách", "Đăng ký kinh doanh", "Quản lý đầu tư", "Tài chính doanh nghiệp"}},
	{code: "33.SXD", name: "Sở Xây dựng", short: "sxd",
		offices: []string{"Quản lý xây dựng", "Quy hoạch - Kiến trúc", "Quản lý vận tải"}},
	{code: "33.SNNMT", name: "Sở Nông nghiệp và Môi trường", short: "snnmt",
		offices: []string{"Đất đai", "Môi trường", "Trồng trọt và Chăn nuôi", "Thủy lợi"}},
	{code: "33.SCT", name: "Sở Công Thương", short: "sct",
		offices: []string{"Quản lý công nghiệp", "Quản lý thương mại"}},
	{code: "33.SYT", name: "Sở Y tế", short: "syt",
		offices: []string{"Nghiệp vụ Y", "Nghiệp vụ Dược", "Bảo trợ xã hội", "Kế hoạch - Tài chính"}},
	{code: "33.SGDDT", name: "Sở Giáo dục và Đào tạo", short: "sgddt",
		offices: []string{"Giáo dục Mầm non", "Giáo dục Phổ thông", "Khảo thí và Quản lý chất lượng giáo dục"},
		extra: []roster{
			{position: "Chuyên viên", n: 2, category: civil, female: 70},
		}},
	{code: "33.SVHTTDL", name: "Sở Văn hóa, Thể thao và Du lịch", short: "svhttdl",
		offices: []string{"Quản lý văn hóa và gia đình", "Quản lý thể dục thể thao", "Quản lý du lịch"}},
	{code: "33.SKHCN", name: "Sở Khoa học và Công nghệ", short: "skhcn",
		offices: []string{"Quản lý khoa học", "Chuyển đổi số", "Bưu chính, viễn thông"}},
	{code: "33.STP", name: "Sở Tư pháp", short: "stp",
		offices: []string{"Xây dựng và kiểm tra văn bản", "Hành chính tư pháp", "Phổ biến, giáo dục pháp luật"}},
	{code: "33.TTT", name: "Thanh tra tỉnh", short: "thanhtra", typeName: "Thanh tra", head: "Chánh Thanh tra tỉnh", deputy: "Phó Chánh Thanh tra tỉnh",
		offices: []string{"Nghiệp vụ 1", "Nghiệp vụ 2", "Tiếp công dân, xử lý đơn"},
		extra: []roster{
			{position: "Thanh tra viên chính", n: 2, category: civil, female: 35},
			{position: "Thanh tra viên", n: 1, category: civil, female: 40, account: "thanhtra"},
		}},
	{code: "33.VP", name: "Văn phòng UBND tỉnh", short: "vpubnd", typeName: "Văn phòng", head: "Chánh Văn phòng UBND tỉnh", deputy: "Phó Chánh Văn phòng UBND tỉnh",
		offices: []string{"Tổng hợp", "Kinh tế", "Khoa giáo - Văn xã", "Kiểm soát thủ tục hành chính"}},
}

// departmentRoster is the staff of a provincial agency.
func departmentRoster(d department) []roster {
	head, deputy := d.head, d.deputy
	if head == "" {
		head, deputy = "Giám đốc Sở", "Phó Giám đốc Sở"
	}
	out := []roster{
		{position: head, n: 1, category: civil, leader: true, female: 20},
		{position: deputy, n: 2, category: civil, leader: true, female: 30},
	}
	if d.typeName == "" {
		out = append(out, roster{position: "Chánh Văn phòng Sở", n: 1, category: civil, leader: true, female: 40})
	}
	for _, o := range d.offices {
		out = append(out,
			roster{position: "Trưởng phòng " + o, n: 1, category: civil, leader: true, female: 35},
			roster{position: "Phó Trưởng phòng " + o, n: 1, category: civil, leader: true, female: 45},
		)
	}
	out = append(out,
		roster{position: "Chuyên viên chính", n: 3, category: civil, female: 55},
		roster{position: "Chuyên viên", n: 4, category: civil, female: 60},
		roster{position: "Kế toán viên", n: 1, category: civil, female: 80},
		roster{position: "Văn thư", n: 1, category: civil, female: 85},
		roster{position: "Lái xe", n: 1, category: laborer, female: 0, noEmail: true},
	)
	return append(out, d.extra...)
}

// formerDepartmentRoster is what the demo keeps of a Thái Bình department
// that merged into its Hưng Yên counterpart on 01/07/2025: a deputy and a
// few specialists, who moved with it (its director is not in the demo).
var formerDepartmentRoster = []roster{
	{position: "Phó Giám đốc Sở", n: 1, category: civil, leader: true, female: 30},
	{position: "Chuyên viên chính", n: 1, category: civil, female: 55},
	{position: "Chuyên viên", n: 2, category: civil, female: 60},
}

// serviceCenterRoster is the staff of a provincial public administration
// service centre.
func serviceCenterRoster(director bool) []roster {
	out := []roster{
		{position: "Phó Giám đốc Trung tâm", n: 1, category: civil, leader: true, female: 40},
		{position: "Công chức tiếp nhận và trả kết quả", n: 7, category: civil, female: 65},
		{position: "Kế toán viên", n: 1, category: public, female: 80},
		{position: "Nhân viên hướng dẫn thủ tục", n: 1, category: laborer, female: 70, noEmail: true},
	}
	if director {
		out = append([]roster{{position: "Giám đốc Trung tâm", n: 1, category: civil, leader: true, female: 30}}, out...)
	}
	return out
}

var hospitalRoster = []roster{
	{position: "Giám đốc Bệnh viện", n: 1, category: public, leader: true, female: 20},
	{position: "Phó Giám đốc Bệnh viện", n: 3, category: public, leader: true, female: 35},
	{position: "Trưởng khoa Nội tổng hợp", n: 1, category: public, leader: true, female: 35},
	{position: "Trưởng khoa Ngoại tổng hợp", n: 1, category: public, leader: true, female: 10},
	{position: "Trưởng khoa Phụ sản", n: 1, category: public, leader: true, female: 70},
	{position: "Trưởng khoa Nhi", n: 1, category: public, leader: true, female: 60},
	{position: "Trưởng khoa Hồi sức tích cực - Chống độc", n: 1, category: public, leader: true, female: 25},
	{position: "Trưởng khoa Cấp cứu", n: 1, category: public, leader: true, female: 25},
	{position: "Phó Trưởng khoa", n: 3, category: public, leader: true, female: 45},
	{position: "Điều dưỡng trưởng", n: 2, category: public, leader: true, female: 90},
	{position: "Bác sĩ", n: 16, category: public, female: 45},
	{position: "Điều dưỡng", n: 20, category: public, female: 85},
	{position: "Hộ sinh", n: 3, category: public, female: 100},
	{position: "Kỹ thuật viên xét nghiệm", n: 3, category: public, female: 60},
	{position: "Dược sĩ", n: 2, category: public, female: 70},
	{position: "Kế toán viên", n: 1, category: public, female: 80},
	{position: "Lái xe cứu thương", n: 2, category: laborer, female: 0, noEmail: true},
	{position: "Nhân viên bảo vệ", n: 2, category: laborer, female: 0, noEmail: true},
}

// oneStopRoster is the staff of a district one-stop shop before
// 01/07/2025; they moved to the public administration service centre of
// the ward that took in the district's seat.
func oneStopRoster(account string) []roster {
	return []roster{
		{position: "Công chức tiếp nhận và trả kết quả", n: 1, category: civil, female: 70, account: account},
		{position: "Công chức tiếp nhận và trả kết quả", n: 4, category: civil, female: 65},
	}
}

// formerCommuneRoster is the front desk of a commune, ward or township
// before 01/07/2025: the civil servants who served citizens there and
// moved to the new commune when theirs merged into it.
func formerCommuneRoster(level string) []roster {
	land := "Công chức Địa chính - Xây dựng"
	if level == "phường" || level == "thị trấn" {
		land = "Công chức Địa chính - Xây dựng - Đô thị và Môi trường"
	}
	return []roster{
		{position: "Công chức Văn phòng - Thống kê", n: 1, category: civil, female: 60, noEmail: true},
		{position: "Công chức Tư pháp - Hộ tịch", n: 1, category: civil, female: 55, noEmail: true},
		{position: land, n: 1, category: civil, female: 25, noEmail: true},
	}
}

// communeRoster is the people's committee of a commune of the two-tier
// government ("xã" or "phường"): its leaders, its office and divisions.
func communeRoster(level, account string) []roster {
	economy := "Phòng Kinh tế"
	if level == "phường" {
		economy = "Phòng Kinh tế, Hạ tầng và Đô thị"
	}
	return []roster{
		{position: "Chủ tịch UBND " + level, n: 1, category: cadre, leader: true, female: 15, account: account},
		{position: "Phó Chủ tịch UBND " + level, n: 2, category: cadre, leader: true, female: 30},
		{position: "Chủ tịch HĐND " + level, n: 1, category: cadre, leader: true, female: 20},
		{position: "Chánh Văn phòng HĐND và UBND", n: 1, category: civil, leader: true, female: 40},
		{position: "Chuyên viên Văn phòng HĐND và UBND", n: 2, category: civil, female: 55},
		{position: "Trưởng " + economy, n: 1, category: civil, leader: true, female: 30},
		{position: "Trưởng Phòng Văn hóa - Xã hội", n: 1, category: civil, leader: true, female: 45},
		{position: "Chỉ huy trưởng Ban Chỉ huy Quân sự", n: 1, category: civil, female: 0, noEmail: true},
	}
}

// communeCentreRoster is the staff of a commune's public administration
// service centre (Trung tâm Phục vụ hành chính công xã, phường).
func communeCentreRoster(n int) []roster {
	return []roster{
		{position: "Phó Giám đốc Trung tâm", n: 1, category: civil, leader: true, female: 45},
		{position: "Công chức tiếp nhận và trả kết quả", n: n, category: civil, female: 65},
	}
}

// staffer generates the officials of units in a fixed order, from a fixed
// seed, so every demo load is the same.
type staffer struct {
	era    era // of the people added next
	r      *rand.Rand
	people []person
	emails map[string]int
	taken  map[string]bool // unit code + name
}

func newStaffer(seed uint64) *staffer {
	return &staffer{r: rand.New(rand.NewPCG(seed, 0x7468616962696e68)), emails: map[string]int{}, taken: map[string]bool{}}
}

// emailDomain is a reserved domain (RFC 2606): demo mail can never reach a
// real mailbox.
const emailDomain = "hungyen.example"

func (s *staffer) add(unitCode, short string, rs []roster) {
	for _, ro := range rs {
		for range ro.n {
			female := s.r.IntN(100) < ro.female
			name := personName(s.r, female)
			for s.taken[unitCode+"|"+name] {
				name = personName(s.r, female)
			}
			s.taken[unitCode+"|"+name] = true
			p := person{unitCode: unitCode, account: ro.account, era: s.era}
			p.EmployeeCode = fmt.Sprintf("HY-%06d", len(s.people)+1)
			p.FullName = name
			p.Category = ro.category
			p.Position = ro.position
			p.IsLeader = ro.leader
			if !ro.noEmail && short != "" {
				p.Email = s.email(name, short)
			}
			s.people = append(s.people, p)
		}
	}
}

// email builds the usual government form: given name, then the initials of
// family and middle names, then the agency ("hanhnt.snv@...").
func (s *staffer) email(name, short string) string {
	parts := strings.Fields(vntext.Fold(name))
	local := parts[len(parts)-1]
	for _, p := range parts[:len(parts)-1] {
		local += p[:1]
	}
	s.emails[local+"."+short]++
	if n := s.emails[local+"."+short]; n > 1 {
		local += fmt.Sprint(n)
	}
	local += "." + short
	return local + "@" + emailDomain
}
