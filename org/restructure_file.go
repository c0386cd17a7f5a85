package org

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"congvu"
)

// The legal bases of the 01/07/2025 reorganisation, recorded with each
// operation of a plan read from a dvhcvn merges file.
const (
	// DecisionProvinces2025 decided the province mergers.
	DecisionProvinces2025 = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh"
	// DecisionCommunes2025 names the commune mergers, one resolution of the
	// Standing Committee of the National Assembly per province.
	DecisionCommunes2025 = "Các nghị quyết năm 2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã"
	// DecisionTwoTiers2025 ended the district level.
	DecisionTwoTiers2025 = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (chính quyền địa phương hai cấp, không tổ chức cấp huyện)"
)

// ParseRestructuringFile reads a restructuring plan file in either format
// Công vụ knows (docs/restructuring.md): the plan JSON
// ({"effective", "decision", "operations"}), or the dvhcvn merges file of the
// 01/07/2025 reorganisation ({"data": [{"level1_id", "name", "merges",
// "level2s": [{"level2_id", "name", "merges": [{"old_id", "name", "type"}]}]}]}),
// which it converts to a plan (see MergesPlan). A file that is neither is
// EINVALID with a Vietnamese message.
func ParseRestructuringFile(data []byte) (RestructuringPlan, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err == nil {
		if _, ok := probe["data"]; ok {
			if _, ops := probe["operations"]; !ops {
				return parseMergesFile(data)
			}
		}
	}
	var plan RestructuringPlan
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&plan); err != nil {
		return plan, congvu.Errorf(congvu.EINVALID, "%s", decodeMessage(data, err))
	}
	if len(plan.Operations) == 0 {
		return plan, congvu.Errorf(congvu.EINVALID, "Tệp không có thao tác nào (mục \"operations\" trống).")
	}
	return plan, nil
}

func decodeMessage(data []byte, err error) string {
	line := func(off int64) int { return bytes.Count(data[:min(int(off), len(data))], []byte("\n")) + 1 }
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("Tệp không phải JSON hợp lệ: lỗi ở dòng %d.", line(se.Offset))
	case errors.As(err, &te):
		return fmt.Sprintf("Mục \"%s\" ở dòng %d có giá trị sai kiểu.", te.Field, line(te.Offset))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Sprintf("Tệp có mục không được hỗ trợ: %s. Xem định dạng trong tài liệu “Kế hoạch sắp xếp”.", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return "Tệp không đúng định dạng kế hoạch sắp xếp đơn vị."
}

// MergesFile is the dvhcvn merges format: each new province with the old
// provinces it takes in, and each new commune with the old communes (or,
// for five island districts without communes, the old district) it takes
// in, whole ("full") or in part ("partial").
type MergesFile struct {
	Data []struct {
		Level1ID string     `json:"level1_id"`
		Name     string     `json:"name"`
		Merges   []MergeRef `json:"merges"`
		Level2s  []struct {
			Level2ID string     `json:"level2_id"`
			Name     string     `json:"name"`
			Merges   []MergeRef `json:"merges"`
		} `json:"level2s"`
	} `json:"data"`
}

// MergeRef is an old unit a new one takes in.
type MergeRef struct {
	OldID string `json:"old_id"`
	Name  string `json:"name"`
	Type  string `json:"type"` // "full" or "partial"
}

func parseMergesFile(data []byte) (RestructuringPlan, error) {
	var f MergesFile
	if err := json.Unmarshal(data, &f); err != nil {
		return RestructuringPlan{}, congvu.Errorf(congvu.EINVALID, "%s", decodeMessage(data, err))
	}
	return MergesPlan(f)
}

// typeOf is the type name of a new unit, from its name: "Xã", "Phường",
// "Đặc khu" for communes, "Tỉnh" or "Thành phố Trung ương" for provinces.
func typeOf(name string, province bool) string {
	for _, p := range []string{"Đặc khu", "Phường", "Xã", "Thị trấn", "Tỉnh"} {
		if strings.HasPrefix(name, p+" ") {
			return p
		}
	}
	if strings.HasPrefix(name, "Thành phố ") {
		if province {
			return "Thành phố Trung ương"
		}
		return "Thành phố"
	}
	return ""
}

// MergesPlan converts a dvhcvn merges file into a plan effective on
// 01/07/2025. The rules (docs/restructuring.md, "The 01/07/2025 file"):
//
//   - a province that takes in others absorbs them (merge into the old
//     province whose code it keeps, or a new one); the decision is
//     Resolution 202/2025/QH15;
//   - a commune that takes in exactly one old commune, whole, with its code,
//     is that commune continued (renamed if its name or type changed);
//   - any other commune is a new unit, directly under its province, which
//     may carry the code of one of its old communes or of an unrelated old
//     one dissolved earlier in the plan (operations are ordered so that it
//     is); the old communes it takes in whole are dissolved into it;
//   - an old commune divided among several new ones ("partial") is
//     dissolved into one of them, its home: the new commune that keeps its
//     code, else the first that lists it; the others list it in "partly",
//     and every one of them is recorded as its successor;
//   - then every district left under each province is abolished.
func MergesPlan(f MergesFile) (RestructuringPlan, error) {
	plan := RestructuringPlan{Effective: "2025-07-01", Decision: DecisionProvinces2025,
		Note: "Sắp xếp đơn vị hành chính hai cấp từ 01/07/2025 (tệp dvhcvn)."}
	if len(f.Data) == 0 {
		return plan, congvu.Errorf(congvu.EINVALID, "Tệp sắp xếp không có tỉnh, thành phố nào (mục \"data\" trống).")
	}
	bad := func(format string, args ...any) (RestructuringPlan, error) {
		return plan, congvu.Errorf(congvu.EINVALID, format, args...)
	}
	// Provinces.
	for _, p := range f.Data {
		if p.Level1ID == "" || p.Name == "" || len(p.Merges) == 0 {
			return bad("Tỉnh, thành phố %q: thiếu mã, tên hoặc danh sách đơn vị cũ (merges).", p.Name)
		}
		var from []string
		keeps := false
		for _, m := range p.Merges {
			if m.OldID == "" {
				return bad("%s: một đơn vị cũ không có mã (old_id).", p.Name)
			}
			from = append(from, m.OldID)
			if m.OldID == p.Level1ID {
				keeps = true
			}
		}
		into := &NewUnitSpec{Code: p.Level1ID}
		if !keeps {
			into = &NewUnitSpec{Code: p.Level1ID, Name: p.Name, Kind: KindProvince, TypeName: typeOf(p.Name, true)}
		}
		if len(from) > 1 || !keeps {
			plan.Operations = append(plan.Operations, RestructuringOp{Op: RestructMerge, From: from, Into: into})
		}
		if keeps {
			for _, m := range p.Merges {
				if m.OldID == p.Level1ID && m.Name != p.Name {
					plan.Operations = append(plan.Operations, RestructuringOp{Op: RestructRename, From: []string{p.Level1ID},
						Name: p.Name, TypeName: typeOf(p.Name, true)})
				}
			}
		}
	}
	// Communes: the home of each old unit.
	type listing struct{ code, typ string }
	lists := map[string][]listing{}
	for _, p := range f.Data {
		for _, c := range p.Level2s {
			if c.Level2ID == "" || c.Name == "" || len(c.Merges) == 0 {
				return bad("Đơn vị cấp xã %q (%s): thiếu mã, tên hoặc danh sách đơn vị cũ (merges).", c.Name, p.Name)
			}
			for _, m := range c.Merges {
				if m.OldID == "" || (m.Type != "full" && m.Type != "partial") {
					return bad("%s: đơn vị cũ %q cần mã (old_id) và loại \"full\" hoặc \"partial\".", c.Name, m.Name)
				}
				lists[m.OldID] = append(lists[m.OldID], listing{c.Level2ID, m.Type})
			}
		}
	}
	home := map[string]string{}
	for old, ls := range lists {
		home[old] = ls[0].code
		for _, l := range ls {
			if l.code == old {
				home[old] = old
			}
		}
		if len(ls) > 1 {
			for _, l := range ls {
				if l.typ == "full" {
					return bad("Đơn vị cũ mã %s được sáp nhập toàn bộ vào %s nhưng cũng có tên trong đơn vị khác.", old, l.code)
				}
			}
		}
	}
	type pending struct {
		op    RestructuringOp
		needs string // an old code this op's new unit takes, dissolved by another operation
	}
	var todo []pending
	seenNew := map[string]bool{}
	for _, p := range f.Data {
		for _, c := range p.Level2s {
			if seenNew[c.Level2ID] {
				return bad("Mã đơn vị cấp xã %s ghi hai lần.", c.Level2ID)
			}
			seenNew[c.Level2ID] = true
			typ := typeOf(c.Name, false)
			if len(c.Merges) == 1 && c.Merges[0].OldID == c.Level2ID && c.Merges[0].Type == "full" {
				// The same commune, continued.
				if m := c.Merges[0]; m.Name != c.Name || typeOf(m.Name, false) != typ {
					todo = append(todo, pending{op: RestructuringOp{Op: RestructRename, From: []string{c.Level2ID}, Name: c.Name,
						Kind: KindCommune, TypeName: typ, Decision: DecisionCommunes2025}})
				}
				continue
			}
			op := RestructuringOp{Op: RestructMerge, Decision: DecisionCommunes2025,
				Into: &NewUnitSpec{Code: c.Level2ID, Name: c.Name, Kind: KindCommune, TypeName: typ, ParentCode: p.Level1ID}}
			for _, m := range c.Merges {
				if home[m.OldID] == c.Level2ID {
					op.From = append(op.From, m.OldID)
				} else {
					op.Partly = append(op.Partly, m.OldID)
				}
			}
			pd := pending{op: op}
			if _, old := lists[c.Level2ID]; old && home[c.Level2ID] != c.Level2ID {
				pd.needs = c.Level2ID
			}
			todo = append(todo, pd)
		}
	}
	// Order: a new unit that takes the code of an old one comes after the
	// operation that dissolves that old one.
	dissolved := map[string]bool{}
	for len(todo) > 0 {
		var later []pending
		for _, t := range todo {
			if t.needs != "" && !dissolved[t.needs] {
				later = append(later, t)
				continue
			}
			plan.Operations = append(plan.Operations, t.op)
			for _, c := range t.op.From {
				dissolved[c] = true
			}
		}
		if len(later) == len(todo) {
			return bad("Không sắp được thứ tự: đơn vị mới mã %s dùng mã của một đơn vị cũ chưa được giải thể.", later[0].op.Into.Code)
		}
		todo = later
	}
	for _, p := range f.Data {
		plan.Operations = append(plan.Operations, RestructuringOp{Op: RestructAbolish, Kind: KindDistrict, Parent: p.Level1ID, Decision: DecisionTwoTiers2025})
	}
	return plan, nil
}
