package export

import (
	"congvu/feedback"
	"fmt"

	"congvu"
)

// DashboardTables returns the tables of a dashboard page: the summary, the
// eight behaviours, the trend, and the rankings of child units and of
// officials when the dashboard has them.
func DashboardTables(d *feedback.Dashboard) []Table {
	title := "Mức độ hài lòng — " + d.Title
	last := d.To.AddDate(0, 0, -1)
	summary := Table{Name: "Tổng hợp", Title: title, Header: []string{"Chỉ tiêu", "Giá trị"}, Widths: []float64{46, 24},
		Rows: [][]any{
			{"Đối tượng", d.Title},
			{"Từ ngày", d.From.In(congvu.TimeZone).Format("02/01/2006")},
			{"Đến ngày", last.In(congvu.TimeZone).Format("02/01/2006")},
			{"Kỳ thống kê", d.Period.Label()},
			{"Chỉ số hài lòng", Percent(d.Index)},
			{"Số lượt đánh giá được tính", d.Tally.Total},
			{"Rất hài lòng", d.Tally.VerySatisfied},
			{"Hài lòng", d.Tally.Satisfied},
			{"Không hài lòng", d.Tally.Dissatisfied},
			{"Bị gắn cờ nghi vấn (không tính)", d.Tally.Flagged},
			{"Bị loại (không tính)", d.Tally.Rejected},
		}}
	items := Table{Name: "Hành vi", Title: title, Header: []string{"Mã", "Chuẩn mực", "Số lượt trả lời “Có”", "Số lượt trả lời", "Tỷ lệ thực hiện"},
		Widths: []float64{10, 48, 20, 16, 16}}
	for _, it := range d.Items {
		var rate any = ""
		if it.Asked > 0 {
			rate = Percent(it.Rate)
		}
		items.Rows = append(items.Rows, []any{it.Code, it.Title, it.Yes, it.Asked, rate})
	}
	trend := Table{Name: "Xu hướng", Title: title, Header: []string{"Kỳ", "Từ ngày", "Số lượt được tính", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Chỉ số hài lòng", "Gắn cờ", "Bị loại"},
		Widths: []float64{16, 12, 18, 14, 12, 16, 16, 10, 10}}
	for _, p := range d.Trend {
		var idx any = ""
		if p.Tally.Total > 0 {
			idx = Percent(p.Index)
		}
		trend.Rows = append(trend.Rows, []any{p.Label, p.Start.In(congvu.TimeZone).Format("02/01/2006"), p.Tally.Total,
			p.Tally.VerySatisfied, p.Tally.Satisfied, p.Tally.Dissatisfied, idx, p.Tally.Flagged, p.Tally.Rejected})
	}
	out := []Table{summary, items, trend}
	if len(d.Children) > 0 {
		out = append(out, rankingTable("Đơn vị trực thuộc", "Đơn vị", title, d.Children, d.MinSample))
	}
	if len(d.Officials) > 0 {
		out = append(out, rankingTable("Cán bộ", "Cán bộ", title, d.Officials, d.MinSample))
	}
	return out
}

// RankNote is what a ranking shows instead of a rank for a row below the
// minimum sample.
func RankNote(minSample int) string { return fmt.Sprintf("Chưa đủ mẫu (n < %d)", minSample) }

func rankingTable(name, who, title string, rows []feedback.RankRow, minSample int) Table {
	t := Table{Name: name, Title: title, Header: []string{"Thứ hạng", who, "Số lượt được tính", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Chỉ số hài lòng", "Gắn cờ", "Bị loại"},
		Widths: []float64{20, 40, 18, 14, 12, 16, 16, 10, 10}}
	rank := 0
	for _, r := range rows {
		var place any = RankNote(minSample)
		if r.Ranked {
			rank++
			place = rank
		}
		var idx any = ""
		if r.Tally.Total > 0 {
			idx = Percent(r.Index)
		}
		t.Rows = append(t.Rows, []any{place, r.Name, r.Tally.Total, r.Tally.VerySatisfied, r.Tally.Satisfied, r.Tally.Dissatisfied, idx, r.Tally.Flagged, r.Tally.Rejected})
	}
	return t
}
