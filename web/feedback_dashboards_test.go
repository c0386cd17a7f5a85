package web_test

import (
	"congvu/sqldb/sqldbtest"
	"context"
	"encoding/xml"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/chart"
	"congvu/export"
	"congvu/feedback"
	"congvu/org"

	"github.com/xuri/excelize/v2"
)

// dashSeed rates through the real feedback service: n ratings of official
// o (one an hour, so none is a burst) and m of the unit's QR code, ending
// now. It returns the accepted ratings' counts per level and the time of
// the first rating.
func dashSeed(t *testing.T, e *env, o *org.Official, unit *org.Unit, n, m int) (feedback.Tally, time.Time) {
	t.Helper()
	var mu sync.Mutex
	clock := time.Now().Add(-time.Duration(n+m+2) * time.Hour)
	e.db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	defer func() { e.db.Now = time.Now }()
	token, err := e.svc.Feedback.UnitToken(sysCtx(), unit.ID)
	if err != nil {
		t.Fatal(err)
	}
	comments := []string{"Cán bộ rất tận tình, hướng dẫn chu đáo", "Phải chờ lâu", ""}
	var tally feedback.Tally
	first := clock.Add(time.Hour)
	for i := 0; i < n+m; i++ {
		mu.Lock()
		clock = clock.Add(time.Hour)
		mu.Unlock()
		in := feedback.Input{Satisfaction: feedback.Satisfactions[i%3], Comment: comments[i%3], FillTime: time.Minute,
			Answers: map[string]bool{"GT-XC": true, "GT-XL": i%4 != 0, "GT-GD": i%2 == 0}}
		if i < n {
			in.BadgeToken = o.BadgeToken
		} else {
			in.UnitToken = token
		}
		fb, err := e.svc.Feedback.Submit(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if fb.Status != feedback.Accepted {
			t.Fatalf("rating %d %s: %s", i, fb.Status, fb.FlagReason)
		}
		tally.Total++
		switch fb.Satisfaction {
		case feedback.VerySatisfied:
			tally.VerySatisfied++
		case feedback.Satisfied:
			tally.Satisfied++
		default:
			tally.Dissatisfied++
		}
	}
	return tally, first
}

var svgRe = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// checkSVGs parses every chart of a page with encoding/xml and checks its
// title and description.
func checkSVGs(t *testing.T, body string, want int) {
	t.Helper()
	svgs := svgRe.FindAllString(body, -1)
	if len(svgs) != want {
		t.Fatalf("%d charts, want %d", len(svgs), want)
	}
	for _, s := range svgs {
		d := xml.NewDecoder(strings.NewReader(s))
		var title, desc bool
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("chart is not well-formed XML: %v\n%s", err, s)
			}
			if se, ok := tok.(xml.StartElement); ok {
				title = title || se.Name.Local == "title"
				desc = desc || se.Name.Local == "desc"
			}
		}
		if !title || !desc || !strings.Contains(s, `role="img"`) {
			t.Errorf("chart without title, desc or role: %.200s", s)
		}
	}
}

func TestDashboardPages(t *testing.T) {
	e := newEnv(t)
	ctx := sysCtx()
	snv := e.units["34.SNV"]
	o, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: snv.ID, EmployeeCode: "TB-001", FullName: "Phạm Thị Hoa", Position: "Chuyên viên", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	want, first := dashSeed(t, e, o, snv, 33, 6)

	c := e.client().login("noivu")
	// The nav leads to the supervisor's province.
	r := c.get("/dashboards")
	r.want(t, http.StatusSeeOther)
	prov := "/dashboards/units/" + itoa(e.units["34"].ID)
	if loc := r.Header.Get("Location"); loc != prov {
		t.Fatalf("redirect to %q, want %q", loc, prov)
	}
	r = c.get(prov)
	r.want(t, http.StatusOK, "Mức độ hài lòng — Tỉnh Thái Bình", `aria-current="page">Hài lòng`,
		"lượt đánh giá được tính", "Xu hướng theo tháng", "Thực hiện “4 xin, 4 luôn”", "Xin chào", "Luôn giúp đỡ",
		"Xếp hạng đơn vị trực thuộc", `href="/dashboards/units/`+itoa(snv.ID)+`?`, "Sở Nội vụ tỉnh Thái Bình",
		"Ý kiến của người dân", "Cán bộ rất tận tình", "export.xlsx", "export.csv", `<caption>Số lượt và chỉ số hài lòng mỗi tháng</caption>`)
	checkSVGs(t, r.Body, 3)
	r.lacks(t, "Đánh giá trong ngày được hiển thị từ ngày hôm sau") // a reviewer sees them at once
	// The comment feed: a reviewer sees each rating's time; an inspector,
	// who does not review ratings, only its day.
	if !strings.Contains(r.Body, `class="dash-comment-meta"`) || !strings.Contains(r.Body, `<time datetime=`) {
		t.Error("the supervisor's comment feed shows no times")
	}
	if r := e.client().login("thanhtra").get(prov); !strings.Contains(r.Body, "Cán bộ rất tận tình") || !strings.Contains(r.Body, "<span>ngày ") ||
		strings.Contains(r.Body[strings.Index(r.Body, "dash-comment-list"):], "<time") {
		t.Error("the inspector's comment feed shows the ratings' times")
	}
	// The index card: satisfied or very satisfied among accepted ratings.
	r.want(t, http.StatusOK, `<span class="stat-number">`+chart.Percent(want.Index())+`</span>`, `<span class="stat-number">`+itoa(int64(want.Total))+`</span>`)
	// 39 ratings in the department: ranked.
	if strings.Contains(r.Body, "Chưa đủ mẫu") {
		t.Errorf("the department has %d ratings but is not ranked", want.Total)
	}

	// The department: its official is ranked (33 ratings).
	r = c.get("/dashboards/units/" + itoa(snv.ID))
	r.want(t, http.StatusOK, "Cán bộ của đơn vị", `href="/dashboards/officials/`+itoa(o.ID)+`?`, "Phạm Thị Hoa")
	// With fewer ratings in range, the official is shown but not ranked.
	day := first.In(congvu.TimeZone).Format("02/01/2006")
	r = c.get("/dashboards/units/" + itoa(snv.ID) + "?tu=" + url.QueryEscape(day) + "&den=" + url.QueryEscape(day) + "&ky=week")
	r.want(t, http.StatusOK, "Chưa đủ mẫu (n &lt; 30)", "Xu hướng theo tuần", "Tuần ")

	// The comment feed pages through the 26 comments, ten at a time.
	r = c.get(prov + "?trang=2")
	r.want(t, http.StatusOK, "Ý kiến 11–20 trong 26", `rel="prev"`, `rel="next"`, "trang=3#y-kien")
	r = c.get(prov + "?trang=3")
	r.want(t, http.StatusOK, "Ý kiến 21–26 trong 26")
	r.lacks(t, `rel="next"`)

	// Comment search without diacritics, with the range kept.
	r = c.get(prov + "?q=" + url.QueryEscape("tan tinh"))
	r.want(t, http.StatusOK, "Cán bộ rất tận tình", `value="tan tinh"`)
	r.lacks(t, "Phải chờ lâu")
	r = c.get(prov + "?q=khong+co+dau")
	r.want(t, http.StatusOK, "Không có ý kiến nào có “khong co dau”")

	// Filter errors are shown on the form; the defaults are used.
	r = c.get(prov + "?tu=hom-qua")
	r.want(t, http.StatusBadRequest, "Ngày bắt đầu phải có dạng ngày/tháng/năm", `value="hom-qua"`, "lượt đánh giá được tính")
	r = c.get(prov + "?tu=01/03/2026&den=01/02/2026")
	r.want(t, http.StatusBadRequest, "Ngày kết thúc phải sau")
	r = c.get(prov + "?ky=nam")
	r.want(t, http.StatusBadRequest, "Xin chọn kỳ thống kê")

	// Outside the supervisor's province: not found.
	c.get("/dashboards/units/"+itoa(e.units["01"].ID)).want(t, http.StatusNotFound)
	c.get("/dashboards/units/"+itoa(e.units["01"].ID)+"/export.csv").want(t, http.StatusNotFound)

	// The official's page, as the supervisor and as the official.
	r = c.get("/dashboards/officials/" + itoa(o.ID))
	r.want(t, http.StatusOK, "Mức độ hài lòng — Phạm Thị Hoa", "Chuyên viên")
	checkSVGs(t, r.Body, 3)
	if _, err := e.svc.Users.CreateUser(ctx, org.UserInput{Username: "hoa", FullName: "Phạm Thị Hoa", Password: testPassword, Active: true,
		OfficialID: o.ID, Grants: []congvu.Grant{{Role: congvu.RoleOfficial, UnitID: snv.ID}}}); err != nil {
		t.Fatal(err)
	}
	me := e.client().login("hoa")
	r = me.get("/dashboards")
	r.want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/dashboards/officials/"+itoa(o.ID) {
		t.Fatalf("official redirected to %q", loc)
	}
	r = me.get("/dashboards/officials/" + itoa(o.ID))
	r.want(t, http.StatusOK, "Mức độ hài lòng của người dân với tôi", "Cán bộ rất tận tình")
	// The official does not review their own ratings: today's appear
	// tomorrow, and the page says so (here and on the home page).
	r.want(t, http.StatusOK, "Đánh giá trong ngày được hiển thị từ ngày hôm sau")
	me.get("/").want(t, http.StatusOK, "Đánh giá của người dân về tôi", "Đánh giá trong ngày được hiển thị từ ngày hôm sau")
	me.get("/dashboards/units/"+itoa(snv.ID)).want(t, http.StatusForbidden)
	me.get("/dashboards/officials/"+itoa(o.ID)+"/export.csv").want(t, http.StatusOK, "Phạm Thị Hoa")

	// Today alone, asked by the official: the page says when it will show,
	// the form keeps the day asked (not a range ending before it starts),
	// and the export is named after that day.
	today := time.Now().In(congvu.TimeZone)
	q := "?tu=" + today.Format("02/01/2006") + "&den=" + today.Format("02/01/2006") + "&ky=week"
	r = me.get("/dashboards/officials/" + itoa(o.ID) + q)
	r.want(t, http.StatusOK, "đánh giá hôm nay sẽ hiển thị từ ngày mai", `value="`+today.Format("02/01/2006")+`"`)
	r.lacks(t, "Cán bộ rất tận tình", "đến hết ngày")
	r = me.get("/dashboards/officials/" + itoa(o.ID) + "/export.csv" + q)
	r.want(t, http.StatusOK)
	stamp := today.Format("20060102")
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "-"+stamp+"-"+stamp+".csv") {
		t.Errorf("today's export named %q", cd)
	}
	// The supervisor reviews them: today's ratings count at once.
	c.get("/dashboards/officials/"+itoa(o.ID)+q).want(t, http.StatusOK, "đến hết ngày").lacks(t, "hiển thị từ ngày")
}

func TestDashboardEmptyState(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("hanoi")
	r := c.get("/dashboards/units/" + itoa(e.units["01"].ID))
	r.want(t, http.StatusOK, "Chưa có đánh giá nào trong khoảng thời gian này", "mã QR trên thẻ cán bộ", "máy tính bảng (kiosk)", "Chưa có ý kiến nào")
	r.lacks(t, "<svg ")
}

func TestDashboardExport(t *testing.T) {
	e := newEnv(t)
	snv := e.units["34.SNV"]
	o, err := e.svc.Officials.CreateOfficial(sysCtx(), org.OfficialInput{UnitID: snv.ID, EmployeeCode: "TB-002", FullName: "Đặng Văn Đức", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := dashSeed(t, e, o, snv, 4, 2)
	sqldbtest.NextDay(e.db) // the inspector does not review ratings: today's count from tomorrow on
	c := e.client().login("thanhtra")
	base := "/dashboards/units/" + itoa(e.units["34"].ID)

	r := c.get(base + "/export.csv")
	r.want(t, http.StatusOK)
	if !strings.HasPrefix(r.Body, "\uFEFF") {
		t.Fatalf("CSV without BOM: %q", r.Body[:10])
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="hai-long-tinh-thai-binh-`) || !strings.HasSuffix(cd, `.csv"`) {
		t.Errorf("disposition %q", cd)
	}
	if first := strings.SplitN(strings.TrimPrefix(r.Body, "\uFEFF"), "\r\n", 2)[0]; first != strings.Join(export.DashboardTables(&feedback.Dashboard{})[0].Header, ",") {
		t.Errorf("the CSV starts with %q, not the header row", first)
	}
	for _, s := range []string{"Số lượt đánh giá được tính," + itoa(int64(want.Total)), "Sở Nội vụ tỉnh Thái Bình", "Chưa đủ mẫu (n < 30)", "Xin chào"} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("CSV lacks %q", s)
		}
	}

	r = c.get(base + "/export.xlsx?tu=01/01/2026&ky=quarter")
	r.want(t, http.StatusOK)
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), "|"); got != "Tổng hợp|Hành vi|Xu hướng|Đơn vị trực thuộc" {
		t.Errorf("sheets %s", got)
	}
	rows, _ := x.GetRows("Tổng hợp")
	var from, period string
	for _, row := range rows {
		if len(row) == 2 && row[0] == "Từ ngày" {
			from = row[1]
		}
		if len(row) == 2 && row[0] == "Kỳ thống kê" {
			period = row[1]
		}
	}
	if from != "01/01/2026" || period != "Theo quý" {
		t.Errorf("summary from %q period %q", from, period)
	}
	c.get(base+"/export.xlsx?tu=sai").want(t, http.StatusBadRequest)
}

// A successor's dashboard shows, under "Trước sắp xếp", the unit merged
// into it during the range with that unit's figures before the merge, and
// a link to its dashboard over that part of the range.
func TestDashboardShowsPredecessors(t *testing.T) {
	e := newEnv(t)
	ctx := sysCtx()
	snv := e.units["34.SNV"]
	o, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: snv.ID, EmployeeCode: "TB-003", FullName: "Vũ Thị Lan", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	want, first := dashSeed(t, e, o, snv, 7, 2)
	succ, err := e.svc.Units.CreateUnit(ctx, org.UnitInput{Code: "34.SNV2", Name: "Sở Nội vụ mới", Kind: org.KindDepartment, ParentID: e.units["34"].ID})
	if err != nil {
		t.Fatal(err)
	}
	// Merged with effect from the day after the last rating, recorded later.
	later := time.Now().Add(72 * time.Hour)
	e.db.Now = func() time.Time { return later }
	defer func() { e.db.Now = time.Now }()
	eff := congvu.Date(time.Now()).AddDate(0, 0, 1)
	if _, err := e.svc.Units.Restructure(ctx, org.RestructuringPlan{Effective: eff.Format(time.DateOnly), Decision: "Quyết định thử", Operations: []org.RestructuringOp{
		{Op: org.RestructMerge, From: []string{"34.SNV"}, Into: &org.NewUnitSpec{Code: "34.SNV2"}},
	}}); err != nil {
		t.Fatal(err)
	}
	c := e.client().login("noivu")
	q := "?" + url.Values{"tu": {first.In(congvu.TimeZone).Format("02/01/2006")}}.Encode()
	r := c.get("/dashboards/units/" + itoa(succ.ID) + q)
	link := "/dashboards/units/" + itoa(snv.ID) + "?" + url.Values{"den": {eff.AddDate(0, 0, -1).Format("02/01/2006")}, "ky": {"month"},
		"tu": {first.In(congvu.TimeZone).Format("02/01/2006")}}.Encode()
	r.want(t, http.StatusOK, "Trước sắp xếp", "Sở Nội vụ tỉnh Thái Bình", template.HTMLEscapeString(link), eff.Format("02/01/2006"),
		`<td class="num">`+strconv.Itoa(want.Total)+`</td>`, "Chưa có đánh giá nào trong khoảng thời gian này")
	// From the merge on, nothing to show.
	r = c.get("/dashboards/units/" + itoa(succ.ID) + "?" + url.Values{"tu": {eff.Format("02/01/2006")}}.Encode())
	r.want(t, http.StatusOK).lacks(t, "Trước sắp xếp")
}

// A feed with more comments than feedback.MaxCommentCount says "hơn",
// pages up to the bound and says how to see older ones.
func TestDashboardCommentFeedBound(t *testing.T) {
	e := newEnv(t)
	snv := e.units["34.SNV"]
	n := feedback.MaxCommentCount + 5
	at := time.Now().Add(-48 * time.Hour).UTC()
	for i := range n {
		if _, err := e.db.Write.Exec(`INSERT INTO feedback (unit_id, channel, satisfaction, comment, search_comment, status, submitted_at)
			VALUES ($1, 'badge', 'satisfied', $2, $3, 'accepted', $4)`, snv.ID, "Ý kiến số "+itoa(int64(i)), "y kien so "+itoa(int64(i)), at.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	c := e.client().login("noivu")
	path := "/dashboards/units/" + itoa(snv.ID)
	max := chart.Number(feedback.MaxCommentCount)
	c.get(path).want(t, http.StatusOK, "Ý kiến 1–10 trong hơn "+max, "Trang ý kiến dừng ở "+max+" ý kiến mới nhất",
		"Ý kiến số "+itoa(int64(n-1)), "trang="+itoa(int64(feedback.MaxCommentCount/10))+"#y-kien")
	last := c.get(path + "?trang=" + itoa(int64(feedback.MaxCommentCount/10)))
	last.want(t, http.StatusOK, "Ý kiến "+chart.Number(feedback.MaxCommentCount-9)+"–"+max+" trong hơn "+max)
	last.lacks(t, `rel="next"`)
	// A page past the feed's end says so and leads back to its last page.
	c.get(path+"?trang=999").want(t, http.StatusOK, "Không còn ý kiến ở trang này.", "trang="+itoa(int64(feedback.MaxCommentCount/10))+"#y-kien").
		lacks(t, "Chưa có ý kiến nào")
	// Fewer than the bound: the exact count, no hint.
	c.get(path+"?q="+url.QueryEscape("so 7")).want(t, http.StatusOK, "Ý kiến 1–").lacks(t, "Trang ý kiến dừng ở", "trong hơn")
}
