package inspection

import (
	"congvu"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text limits.
const (
	MaxTitle      = 300
	MaxScope      = 4000
	MaxReason     = 2000
	MaxNote       = 2000
	MaxConclusion = 50000
	MaxTeam       = 30
	MaxTargets    = 500
	MaxLines      = 200
	MaxClientKey  = 100
)

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Validate checks a plan's content; field names are the JSON names
// (targets.N.month for a target's).
func (in *PlanInput) Validate() error {
	v := congvu.Validation{}
	in.Title, in.Scope = strings.TrimSpace(in.Title), strings.TrimSpace(in.Scope)
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn đơn vị lập kế hoạch.")
	}
	if !in.Kind.Valid() {
		v.Add("kind", "Xin chọn loại: kiểm tra công vụ hoặc thanh tra.")
	}
	if in.Year < 2000 || in.Year > 2100 {
		v.Add("year", "Năm kế hoạch không hợp lệ.")
	}
	if in.Title == "" {
		v.Add("title", "Xin nhập tên kế hoạch.")
	} else if tooLong(in.Title, MaxTitle) {
		v.Add("title", fmt.Sprintf("Tên kế hoạch dài quá %d ký tự.", MaxTitle))
	}
	if tooLong(in.Scope, MaxScope) {
		v.Add("scope", fmt.Sprintf("Nội dung, phạm vi dài quá %d ký tự.", MaxScope))
	}
	var team []string
	for _, m := range in.Team {
		if m = strings.TrimSpace(m); m != "" {
			team = append(team, m)
		}
	}
	in.Team = team
	if len(team) > MaxTeam {
		v.Add("team", fmt.Sprintf("Đoàn có nhiều hơn %d thành viên.", MaxTeam))
	}
	for _, m := range team {
		if tooLong(m, 200) {
			v.Add("team", "Tên thành viên đoàn dài quá 200 ký tự.")
		}
	}
	if len(in.Targets) == 0 {
		v.Add("targets", "Xin chọn ít nhất một đơn vị được kiểm tra.")
	}
	if len(in.Targets) > MaxTargets {
		v.Add("targets", fmt.Sprintf("Kế hoạch có nhiều hơn %d đơn vị.", MaxTargets))
	}
	for i, t := range in.Targets {
		if t.UnitID <= 0 {
			v.Add(fmt.Sprintf("targets.%d.unit_id", i), "Xin chọn đơn vị được kiểm tra.")
		}
		if t.Month < 1 || t.Month > 12 {
			v.Add(fmt.Sprintf("targets.%d.month", i), "Tháng phải từ 1 đến 12.")
		}
	}
	return v.Err()
}

// Validate checks an inspection's start, apart from what the plan target
// gives.
func (in *InspectionInput) Validate() error {
	v := congvu.Validation{}
	in.Reason = strings.TrimSpace(in.Reason)
	if !in.Origin.Valid() {
		v.Add("origin", "Xin chọn căn cứ tiến hành: theo kế hoạch, đột xuất hoặc theo dấu hiệu.")
	}
	if in.Origin == OriginPlan {
		if in.PlanTargetID <= 0 {
			v.Add("plan_target_id", "Xin chọn đơn vị trong kế hoạch.")
		}
	} else if in.Origin.Valid() {
		if !in.Kind.Valid() {
			v.Add("kind", "Xin chọn loại: kiểm tra công vụ hoặc thanh tra.")
		}
		if in.UnitID <= 0 {
			v.Add("unit_id", "Xin chọn đơn vị tiến hành.")
		}
		if in.TargetUnitID <= 0 {
			v.Add("target_unit_id", "Xin chọn đơn vị được kiểm tra.")
		}
		if in.Reason == "" {
			v.Add("reason", "Xin nêu lý do kiểm tra đột xuất.")
		}
	}
	if tooLong(in.Reason, MaxReason) {
		v.Add("reason", fmt.Sprintf("Lý do dài quá %d ký tự.", MaxReason))
	}
	return v.Err()
}

// Validate checks a line's record.
func (in *LineInput) Validate() error {
	v := congvu.Validation{}
	in.Note, in.ClientKey = strings.TrimSpace(in.Note), strings.TrimSpace(in.ClientKey)
	in.ItemCode = strings.ToUpper(strings.TrimSpace(in.ItemCode))
	if in.LineID <= 0 && in.ItemCode == "" {
		v.Add("line_id", "Xin chọn dòng của phiếu kiểm tra.")
	}
	if in.LineID <= 0 && in.ItemCode != "" && in.ClientKey == "" {
		v.Add("client_key", "Thiếu mã đồng bộ của dòng ghi thêm.")
	}
	if !in.Result.Valid() {
		v.Add("result", "Xin chọn kết quả: thực hiện đúng, vi phạm hoặc không quan sát được.")
	}
	if tooLong(in.Note, MaxNote) {
		v.Add("note", fmt.Sprintf("Ghi chú dài quá %d ký tự.", MaxNote))
	}
	if in.Result == ResultBreached && in.Note == "" && in.OfficialID == 0 {
		v.Add("note", "Xin ghi rõ hành vi vi phạm.")
	}
	if tooLong(in.ClientKey, MaxClientKey) {
		v.Add("client_key", "Mã đồng bộ quá dài.")
	}
	return v.Err()
}

// ValidateSpec checks one chosen line; prefix names its fields.
func ValidateSpec(v congvu.Validation, prefix string, s *LineSpec) {
	if s.Method != "" && !s.Method.Valid() {
		v.Add(prefix+"method", "Cách kiểm tra không hợp lệ.")
	}
	if s.Sample < 0 || s.Sample > MaxSample {
		v.Add(prefix+"sample", fmt.Sprintf("Cỡ mẫu phải từ 0 đến %d.", MaxSample))
	}
}

// Validate checks a template.
func (in *TemplateInput) Validate() error {
	v := congvu.Validation{}
	in.Name = strings.TrimSpace(in.Name)
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn đơn vị.")
	}
	if in.Name == "" {
		v.Add("name", "Xin nhập tên mẫu phiếu.")
	} else if tooLong(in.Name, MaxTitle) {
		v.Add("name", fmt.Sprintf("Tên mẫu phiếu dài quá %d ký tự.", MaxTitle))
	}
	if len(in.Lines) == 0 {
		v.Add("lines", "Mẫu phiếu chưa có dòng nào.")
	}
	if len(in.Lines) > MaxLines {
		v.Add("lines", fmt.Sprintf("Mẫu phiếu có nhiều hơn %d dòng.", MaxLines))
	}
	for i := range in.Lines {
		in.Lines[i].ItemCode = strings.ToUpper(strings.TrimSpace(in.Lines[i].ItemCode))
		if in.Lines[i].ItemCode == "" {
			v.Add(fmt.Sprintf("lines.%d.item_code", i), "Xin chọn chuẩn mực.")
		}
		ValidateSpec(v, fmt.Sprintf("lines.%d.", i), &in.Lines[i])
	}
	return v.Err()
}
