package export

import (
	"bytes"
	"congvu/feedback"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"congvu"

	"github.com/xuri/excelize/v2"
)

func sample() *feedback.Dashboard {
	from := time.Date(2026, 7, 1, 0, 0, 0, 0, congvu.TimeZone)
	t := feedback.Tally{Total: 40, VerySatisfied: 20, Satisfied: 10, Dissatisfied: 10, Flagged: 3, Rejected: 1}
	return &feedback.Dashboard{UnitID: 7, Title: "Xã Đông Hưng", From: from, To: from.AddDate(0, 3, 0), Period: feedback.PeriodMonth,
		Tally: t, Index: t.Index(), MinSample: 30,
		Items: []feedback.ItemRate{{Code: "GT-XC", Title: "Xin chào", Yes: 35, Asked: 40, Rate: 87.5}, {Code: "GT-XL", Title: "Xin lỗi"}},
		Trend: []feedback.TrendPoint{{Start: from, Label: "T7/2026", Tally: t, Index: t.Index()}},
		Children: []feedback.RankRow{
			{UnitID: 8, Name: "Thôn Đoài", Tally: t, Index: 75, Ranked: true},
			{UnitID: 9, Name: "=Thôn Đông", Tally: feedback.Tally{Total: 3, VerySatisfied: 3}, Index: 100},
		},
	}
}

func TestXLSXOpens(t *testing.T) {
	var buf bytes.Buffer
	if err := XLSX(&buf, DashboardTables(sample())); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("excelize cannot read the file back: %v", err)
	}
	defer x.Close()
	want := []string{"Tổng hợp", "Hành vi", "Xu hướng", "Đơn vị trực thuộc"}
	if got := x.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows, err := x.GetRows("Tổng hợp")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Mức độ hài lòng — Xã Đông Hưng" || rows[2][0] != "Chỉ tiêu" {
		t.Fatalf("summary rows %q", rows[:3])
	}
	found := false
	for _, r := range rows {
		if len(r) == 2 && r[0] == "Chỉ số hài lòng" {
			found = true
			if r[1] != "75.0%" {
				t.Errorf("index cell %q, want 75.0%%", r[1])
			}
		}
		if len(r) == 2 && r[0] == "Đến ngày" && r[1] != "30/09/2026" {
			t.Errorf("last day %q (To is exclusive)", r[1])
		}
	}
	if !found {
		t.Errorf("no index row in %q", rows)
	}
	v, _ := x.GetCellValue("Hành vi", "E4")
	if v != "87.5%" {
		t.Errorf("rate cell %q", v)
	}
	ranks, _ := x.GetRows("Đơn vị trực thuộc")
	if ranks[3][0] != "1" || ranks[4][0] != "Chưa đủ mẫu (n < 30)" || ranks[4][1] != "=Thôn Đông" {
		t.Errorf("ranking rows %q", ranks)
	}
	if f, _ := x.GetCellFormula("Đơn vị trực thuộc", "B5"); f != "" {
		t.Errorf("a name became formula %q", f)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, DashboardTables(sample())); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.HasPrefix(s, "\xef\xbb\xbf") {
		t.Fatalf("no UTF-8 BOM: % x", s[:8])
	}
	for _, want := range []string{"Chỉ số hài lòng,\"75,0\"", "Rất hài lòng,20", "Xin chào,35,40,\"87,5\"",
		"Chưa đủ mẫu (n < 30),'=Thôn Đông", "T7/2026,01/07/2026,40", "\r\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("CSV lacks %q\n%s", want, s)
		}
	}
	// It parses as CSV with variable field counts.
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, BOM)))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 20 {
		t.Fatalf("%d records", len(recs))
	}
	// The first row is the first table's header, not a title.
	if first := DashboardTables(sample())[0].Header; strings.Join(recs[0], "|") != strings.Join(first, "|") {
		t.Errorf("first row %q, want the header %q", recs[0], first)
	}
}

func TestCSVStartsWithTheHeader(t *testing.T) {
	var buf bytes.Buffer
	tb := Table{Name: "Phản ánh", Title: "Phản ánh, kiến nghị xuất ngày 07/12/2026", Header: []string{"Mã phản ánh", "Ngày gửi"},
		Rows: [][]any{{"PA-AAAA-BBBB", "07/12/2026"}}}
	if err := CSV(&buf, []Table{tb}); err != nil {
		t.Fatal(err)
	}
	want := BOM + "Mã phản ánh,Ngày gửi\r\nPA-AAAA-BBBB,07/12/2026\r\n"
	if buf.String() != want {
		t.Errorf("CSV %q, want %q", buf.String(), want)
	}
}

func TestSheetName(t *testing.T) {
	used := map[string]bool{}
	if got := sheetName("a/b:c", 0, used); got != "a b c" {
		t.Errorf("got %q", got)
	}
	long := strings.Repeat("Đơn vị ", 10)
	a, b := sheetName(long, 1, used), sheetName(long, 2, used)
	if a == b || len([]rune(a)) > 31 || len([]rune(b)) > 31 {
		t.Errorf("names %q %q", a, b)
	}
}
