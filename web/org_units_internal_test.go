package web

import (
	"congvu/org"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu"
)

// Sample pages of the unit and official templates, for
// TestEveryTemplateRenders.
func init() {
	root := &org.Unit{ID: 1, Code: "VN", Name: "Cả nước", Kind: org.KindNation, Path: "/1/", Active: true, ChildCount: 63}
	tb := &org.Unit{ID: 2, Code: "34", Name: "Tỉnh Thái Bình", Kind: org.KindProvince, TypeName: "Tỉnh", ParentID: 1, Path: "/1/2/",
		Active: true, ChildCount: 8, OfficialsN: 3, Ancestors: []*org.Unit{root}, UpdatedAt: sampleTime}
	gone := &org.Unit{ID: 9, Code: "33", Name: "Tỉnh Hưng Yên cũ", Kind: org.KindProvince, ParentID: 2, Path: "/1/2/9/",
		DissolvedOn: &sampleTime, Ancestors: []*org.Unit{root, tb}, Successors: []*org.Unit{tb}}
	tb.Predecessors = []*org.Unit{gone}
	merge := RestructuringView{Restructuring: &org.Restructuring{ID: 1, Kind: org.RestructMerge, Effective: sampleTime,
		Decision: "Nghị quyết 202/2025/QH15", Note: "Ghi chú", FromIDs: []int64{9, 2}, ToIDs: []int64{2}, CreatedAt: sampleTime},
		From: []*org.Unit{gone, {Name: "(đơn vị ngoài phạm vi của bạn)"}}, To: []*org.Unit{tb}}
	official := &org.Official{ID: 5, UnitID: 2, UnitName: "Tỉnh Thái Bình", UnitPath: "/1/2/", EmployeeCode: "TB-1", FullName: "Nguyễn Văn Ân",
		Category: org.CategoryCivilServant, Position: "Chuyên viên", IsLeader: true, BadgeToken: "abc123", Email: "an@example.vn",
		Phone: "0912 345 678", Active: true, UpdatedAt: sampleTime}
	retired := *official
	retired.ID, retired.Active, retired.IsLeader = 6, false, false
	pager := Pager{Page: 1, Pages: 2, Size: 50, Total: 60, From: 1, To: 50, Next: "/units?trang=2",
		Links: []PageLink{{Page: 1, Href: "/units", Current: true}, {Page: 2, Href: "/units?trang=2"}}}
	split := NewForm(url.Values{"split_from": {"34"}, "split_code_1": {""}, "split_name_1": {"Mới"}, "split_kind_1": {"commune"}})
	split.AddError("split_code_1", "Dòng 1: xin nhập mã đơn vị.")
	split.Message = "Chưa ghi nhận được."

	for name, ps := range map[string][]Page{
		"unit_list.html": {
			&UnitsPage{Form: sampleForm(), Kinds: kindOptions("Tất cả", true), Current: tb, Rows: []UnitRow{{Unit: tb, Location: "Cả nước"}, {Unit: gone}},
				Pager: pager, CanManage: true, CanImport: true, Searching: true},
			&UnitsPage{Form: NewForm(nil), Kinds: kindOptions("Tất cả", true), Roots: true, Rows: []UnitRow{{Unit: tb}}},
			&UnitsPage{Form: NewForm(nil), Current: root, CanImport: true},
			&UnitsPage{Form: NewForm(nil), Current: tb},
			&UnitsPage{Form: NewForm(url.Values{"q": {"x"}}), Searching: true},
		},
		"unit_detail.html": {
			&UnitPage{Unit: tb, Parent: root, Children: []*org.Unit{gone}, ChildrenTotal: 40, ShowOfficials: true,
				Officials: []*org.Official{official}, OfficialsTotal: 30, History: []RestructuringView{merge}, CanManage: true, CanEdit: true, CanManageOfficials: true},
			&UnitPage{Unit: gone, Dissolved: dissolvedNotice(gone, []RestructuringView{merge}), History: []RestructuringView{merge}},
			&UnitPage{Unit: gone, Dissolved: dissolvedNotice(gone, nil), ShowOfficials: true},
		},
		"unit_form.html": {
			&UnitFormPage{IsNew: true, Form: sampleForm(), Kinds: kindOptions("— Chọn —", false)},
			&UnitFormPage{Unit: tb, Parent: root, Form: sampleForm(), Kinds: kindOptions("— Chọn —", false)},
		},
		"unit_import.html": {
			&UnitImportPage{Form: sampleForm(), CanImport: true},
			&UnitImportPage{Form: NewForm(nil)},
		},
		"restructure.html": {
			&RestructurePage{Merge: sampleForm(), Split: split, Plan: sampleForm(), Kinds: kindOptions("— Chọn —", false),
				Parts: []SplitPartRow{{N: 1, Name: "Mới", Kind: "commune"}, {N: 2}}, ShowRecent: true, Recent: []RestructuringView{merge}},
			&RestructurePage{Only: "split", Merge: NewForm(nil), Split: split, Plan: NewForm(nil), Parts: []SplitPartRow{{N: 1}}},
			&RestructurePage{Merge: NewForm(nil), Split: NewForm(nil), Plan: NewForm(nil), ShowRecent: true},
			&RestructurePage{Only: "plan", Merge: NewForm(nil), Split: NewForm(nil), Plan: NewForm(nil), PreviewFile: "plan.json",
				PreviewEffective: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), Preview: &org.RestructuringPreview{Operations: 3, Restructurings: 3, Limit: 1,
					Created:      []org.PreviewUnit{{Code: "00004", Name: "Phường Ba Đình", To: "Thành phố Hà Nội"}},
					Dissolved:    []org.PreviewUnit{{Code: "00001", Name: "Phường Phúc Xá", To: "Phường Ba Đình"}},
					Moved:        []org.PreviewUnit{{Code: "26734", Name: "Phường Tân Định", From: "Quận 1", To: "Thành phố Hồ Chí Minh"}},
					Renamed:      []org.PreviewUnit{{Code: "23800", Name: "Xã Chư Sê", From: "Thị trấn Chư Sê"}},
					Officials:    []org.PreviewUnit{{Code: "00001", Name: "Phường Phúc Xá", To: "Phường Ba Đình", Count: 2}},
					Records:      []org.PreviewUnit{{Code: "00001", Name: "Phường Phúc Xá", To: "Phường Ba Đình", Records: map[string]int{"đánh giá": 3, "phản ánh": 1}}},
					Totals:       org.PreviewTotals{Created: 3190, Dissolved: 2, Moved: 1, Renamed: 1, Officials: 2, OfficialUnits: 1, RecordUnits: 1},
					RecordTotals: map[string]int{"đánh giá": 3, "phản ánh": 1}, Decisions: []string{org.DecisionProvinces2025}}},
		},
		"official_list.html": {
			&OfficialsPage{Form: sampleForm(), Categories: categoryOptions("Tất cả"), Unit: tb, Officials: []*org.Official{official, &retired},
				Pager: pager, Filtered: true, CanManage: true},
			&OfficialsPage{Form: NewForm(nil), CanManage: true},
			&OfficialsPage{Form: NewForm(nil), Filtered: true, Unit: tb},
		},
		"official_detail.html": {
			&OfficialPage{Official: official, Unit: tb, CanManage: true, Form: sampleForm()},
			&OfficialPage{Official: &retired, Form: NewForm(nil)},
			&OfficialPage{Official: &retired, CanManage: true, Form: NewForm(nil)},
		},
		"official_form.html": {
			&OfficialFormPage{IsNew: true, Form: sampleForm(), Categories: categoryOptions("—"), Unit: tb},
			&OfficialFormPage{Official: official, Form: NewForm(nil)},
		},
		"official_import.html": {
			&OfficialImportPage{Form: sampleForm(), Columns: []CSVColumn{{Name: "ma_don_vi", Required: true, Meaning: "Mã", Example: "34"}},
				Example: officialCSVExample(), FileName: "a.csv", Rejected: []org.RowError{{Line: 3, Message: "Sai."}, {Message: "Tệp hỏng."}}},
			&OfficialImportPage{Form: NewForm(nil), Result: &org.ImportResult{Created: 1, Updated: 2, Unchanged: 3, Total: 6}},
		},
	} {
		pageSamples[name] = ps
	}
}

func TestSplitCodes(t *testing.T) {
	got := splitCodes(" 34, 33;\n01  79\t")
	if len(got) != 4 || got[0] != "34" || got[1] != "33" || got[2] != "01" || got[3] != "79" {
		t.Fatalf("splitCodes: %q", got)
	}
}

func TestSingleOpMessage(t *testing.T) {
	err := singleOpMessage(congvu.Errorf(congvu.EINVALID, "Thao tác 1 (chia tách): đơn vị kết quả X không hợp lệ."))
	if m := congvu.ErrorMessage(err); m != "Đơn vị kết quả X không hợp lệ." {
		t.Fatalf("got %q", m)
	}
	err = singleOpMessage(congvu.Errorf(congvu.EINVALID, "Thao tác 2 (chia tách): x."))
	if m := congvu.ErrorMessage(err); m != "Thao tác 2 (chia tách): x." {
		t.Fatalf("got %q", m)
	}
}

func TestDecodePlan(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"effective": "2025-07-01", "decision": "x", "operations": [{"op": "rename", "from": ["1"], "name": "A"}]}`, ""},
		{`{"effective": "2025-07-01", "operations": []}`, "Tệp không có thao tác nào (mục \"operations\" trống)."},
		{"{\n\"effective\": 5}", "Mục \"effective\" ở dòng 2 có giá trị sai kiểu."},
		{`{"effectiv": "2025-07-01"}`, "Tệp có mục không được hỗ trợ: \"effectiv\". Xem định dạng trong tài liệu “Kế hoạch sắp xếp”."},
		{"{\n\n  oops", "Tệp không phải JSON hợp lệ: lỗi ở dòng 3."},
	} {
		var p org.RestructuringPlan
		if got := decodePlan([]byte(c.in), &p); got != c.want {
			t.Errorf("decodePlan(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzDecodePlan(f *testing.F) {
	f.Add([]byte(`{"effective": "2025-07-01", "decision": "x", "operations": [{"op": "merge", "from": ["1", "2"], "into": {"code": "2"}}]}`))
	f.Add([]byte("\xEF\xBB\xBF{\n\"operations\": [1]}"))
	f.Add([]byte(`{"effective": 5`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p org.RestructuringPlan
		msg := decodePlan(data, &p)
		if msg == "" && len(p.Operations) == 0 {
			t.Fatalf("accepted a plan without operations: %q", data)
		}
	})
}

func FuzzSplitCodes(f *testing.F) {
	f.Add("34, 33;\n01")
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range splitCodes(s) {
			if c == "" || strings.ContainsAny(c, ",; \n\t") {
				t.Fatalf("splitCodes(%q) gave %q", s, c)
			}
		}
	})
}
