// Package export writes Công vụ's tables to files people open in office
// software: XLSX (excelize's StreamWriter, so big sheets stream) and CSV
// (UTF-8 with a byte order mark, so Excel shows Vietnamese correctly).
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Table is one table of a report: a sheet in XLSX, a section in CSV.
type Table struct {
	// Name is the sheet name (at most 31 characters, no []:*?/\).
	Name string
	// Title is written above the header row (the report title), if any.
	Title string
	// Header names the columns.
	Header []string
	// Rows hold string, int, int64, float64 (written as is; see Percent),
	// bool or time.Time values.
	Rows [][]any
	// Widths are column widths in characters (optional).
	Widths []float64
}

// Percent is a percentage, written as a number with two decimals in XLSX
// (formatted 0.0%) and as "87,5" in CSV.
type Percent float64

// BOM is the UTF-8 byte order mark that starts every CSV file.
const BOM = "\uFEFF"

// CSV writes the tables one after another. The file starts with the first
// table's header row, so that spreadsheet imports and scripts read columns
// from the first row (the report's title belongs in the file name); each
// further table follows an empty line and a line with its name. Numbers use
// a decimal comma, as Vietnamese Excel expects.
func CSV(w io.Writer, tables []Table) error {
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for i, t := range tables {
		if i > 0 {
			if err := cw.Write([]string{""}); err != nil {
				return err
			}
			if err := cw.Write([]string{t.Name}); err != nil {
				return err
			}
		}
		if err := cw.Write(t.Header); err != nil {
			return err
		}
		for _, r := range t.Rows {
			rec := make([]string, len(r))
			for j, v := range r {
				rec[j] = csvValue(v)
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return csvSafe(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return commaDecimal(strconv.FormatFloat(x, 'f', -1, 64))
	case Percent:
		return commaDecimal(strconv.FormatFloat(float64(x), 'f', 1, 64))
	case bool:
		if x {
			return "Có"
		}
		return "Không"
	case time.Time:
		return x.Format("02/01/2006")
	}
	return csvSafe(fmt.Sprint(v))
}

// csvSafe keeps a text cell from being run as a formula when the file is
// opened in a spreadsheet (CSV injection): a leading = + - @ gets a quote.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func commaDecimal(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return s[:i] + "," + s[i+1:]
		}
	}
	return s
}

// XLSX writes the tables as the sheets of one workbook, streaming rows.
func XLSX(w io.Writer, tables []Table) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}}})
	if err != nil {
		return err
	}
	titleStyle, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	pct := "0.0%"
	pctStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &pct})
	if err != nil {
		return err
	}
	date := "dd/mm/yyyy"
	dateStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &date})
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i, t := range tables {
		name := sheetName(t.Name, i, used)
		if i == 0 {
			if err := x.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(name); err != nil {
			return err
		}
		sw, err := x.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for c, wd := range t.Widths {
			if err := sw.SetColWidth(c+1, c+1, wd); err != nil {
				return err
			}
		}
		row := 1
		if t.Title != "" {
			if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: titleStyle, Value: t.Title}}); err != nil {
				return err
			}
			row = 3
		}
		head := make([]any, len(t.Header))
		for c, h := range t.Header {
			head[c] = excelize.Cell{StyleID: bold, Value: h}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, head, excelize.RowOpts{Height: 20}); err != nil {
			return err
		}
		for _, r := range t.Rows {
			row++
			vals := make([]any, len(r))
			for c, v := range r {
				switch x := v.(type) {
				case Percent:
					vals[c] = excelize.Cell{StyleID: pctStyle, Value: float64(x) / 100}
				case time.Time:
					vals[c] = excelize.Cell{StyleID: dateStyle, Value: time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)}
				case bool:
					if x {
						vals[c] = "Có"
					} else {
						vals[c] = "Không"
					}
				default:
					vals[c] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = x.WriteTo(w)
	return err
}

// sheetName makes a valid, unique sheet name from name.
func sheetName(name string, i int, used map[string]bool) string {
	var b []rune
	for _, r := range name {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			r = ' '
		}
		b = append(b, r)
	}
	s := string(b)
	if s == "" {
		s = fmt.Sprintf("Bảng %d", i+1)
	}
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	for n := 2; used[s]; n++ {
		suffix := fmt.Sprintf(" %d", n)
		r := []rune(s)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		s = string(r) + suffix
	}
	used[s] = true
	return s
}
