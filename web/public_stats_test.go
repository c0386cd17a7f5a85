package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"congvu/feedback"
	"congvu/inspection"
	"congvu/petition"
	"congvu/publicstats"
)

// publicFigures reads a unit's open data as JSON.
func publicFigures(t *testing.T, c *client, code string) *publicstats.Figures {
	t.Helper()
	r := c.get("/cong-khai/"+code+".json").want(t, http.StatusOK)
	var f publicstats.Figures
	if err := json.Unmarshal([]byte(r.Body), &f); err != nil {
		t.Fatalf("%v\n%s", err, r.Body)
	}
	return &f
}

// seedPublic rates official o n times (ending now) and submits a petition
// about them with text; then moves the clock a day on, so that the page,
// which counts up to yesterday, counts them all.
func seedPublic(t *testing.T, e *env, n int, text string) {
	t.Helper()
	o := e.mkOfficial("34.SNV", "SNV-9", "Quách Thị Bích Ngọc Độc Nhất", "Chuyên viên")
	dashSeed(t, e, o, e.units["34.SNV"], n, 0)
	if _, err := e.svc.Petitions.Submit(context.Background(), petition.Input{Channel: petition.ViaBadge, BadgeToken: o.BadgeToken,
		Category: petition.Delay, Description: text, Anonymous: true}); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(26 * time.Hour)
	e.db.Now = func() time.Time { return later }
	t.Cleanup(func() { e.db.Now = time.Now })
}

func TestPublicPageNamesNobodyAndMatchesTheDashboards(t *testing.T) {
	e := newEnv(t)
	const text = "Cán bộ Zyxwvu đòi tiền bồi dưỡng ở quầy số bảy"
	seedPublic(t, e, 40, text)
	c := e.client()
	r := c.get("/cong-khai/34.SNV").want(t, http.StatusOK, "Sở Nội vụ tỉnh Thái Bình", "Tỉnh Thái Bình", "Chỉ số hài lòng",
		"Xin chào", "Số phản ánh đã nhận", "Tỉ lệ tuân thủ", "Số phiếu đã phát hành", "/cong-khai/34.SNV.csv", "/cong-khai/34.SNV.json",
		"tính đến hết ngày", "Cùng kỳ", "Toàn tỉnh Thái Bình", "và với toàn tỉnh Thái Bình")
	f := publicFigures(t, c, "34.SNV")
	csvBody := c.get("/cong-khai/34.SNV.csv").want(t, http.StatusOK).Body
	for _, body := range []string{r.Body, csvBody, c.get("/cong-khai/34.SNV.json").Body, c.get("/cong-khai/34").Body, c.get("/cong-khai").Body} {
		for _, secret := range []string{"Quách", "Độc Nhất", "Zyxwvu", "bồi dưỡng ở quầy", "SNV-9", "Chuyên viên"} {
			if strings.Contains(body, secret) {
				t.Fatalf("the public page shows %q", secret)
			}
		}
	}
	r.lacks(t, "<script", "style=", "https://", "Đăng nhập")
	if r.Header.Get("Set-Cookie") != "" || !strings.Contains(r.Header.Get("Cache-Control"), "public") || r.Header.Get("ETag") == "" {
		t.Fatalf("headers %v", r.Header)
	}
	req, _ := http.NewRequest("GET", e.ts.URL+"/cong-khai/34.SNV", nil)
	req.Header.Set("If-None-Match", r.Header.Get("ETag"))
	if rr := c.do(req); rr.StatusCode != http.StatusNotModified {
		t.Fatalf("revalidation: %d", rr.StatusCode)
	}

	// The same figures as the dashboards for the same unit and days.
	ctx := sysCtx()
	unit := e.units["34.SNV"]
	d, err := e.svc.Dashboards.Dashboard(ctx, feedback.DashboardFilter{UnitID: unit.ID, From: f.This.From, To: f.This.To, Period: feedback.PeriodMonth})
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.svc.Petitions.Stats(ctx, petition.StatsFilter{UnitID: unit.ID, From: f.This.From, To: f.This.To})
	if err != nil {
		t.Fatal(err)
	}
	comp, err := e.svc.Compliance.Compliance(ctx, inspection.ComplianceFilter{UnitID: unit.ID, From: f.This.From, To: f.This.To})
	if err != nil {
		t.Fatal(err)
	}
	if d.Tally.Total != 40 || f.This.Ratings != d.Tally.Total || f.This.Index == nil || *f.This.Index != d.Index {
		t.Fatalf("ratings %d index %v; dashboard %d %.3f", f.This.Ratings, f.This.Index, d.Tally.Total, d.Index)
	}
	if f.This.Petitions != 1 || f.This.Petitions != st.Total || f.This.Founded != st.Founded || f.This.Concluded != st.Concluded {
		t.Fatalf("petitions %+v; dashboard total %d founded %d", f.This, st.Total, st.Founded)
	}
	if f.This.Checked != comp.Checked() || f.This.Compliance != nil {
		t.Fatalf("compliance %+v; dashboard %d", f.This, comp.Checked())
	}
	if len(f.Behaviours) != len(d.Items) || len(f.Behaviours) != 8 {
		t.Fatalf("behaviours %d, dashboard %d", len(f.Behaviours), len(d.Items))
	}
	for i, b := range f.Behaviours {
		if b.Asked != d.Items[i].Asked || (b.Rate != nil && *b.Rate != d.Items[i].Rate) {
			t.Fatalf("behaviour %s: %+v, dashboard %+v", b.Code, b, d.Items[i])
		}
	}
	// The page and the CSV carry the JSON's figures.
	pct := strings.Replace(strconv.FormatFloat(math.Round(*f.This.Index*10)/10, 'f', 1, 64), ".", ",", 1) + "%"
	r.want(t, http.StatusOK, pct, ">40<", f.AsOf.Format("02/01/2006"))
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, row := range rows[1:] {
		if row[0] != "34.SNV" || row[2] != f.AsOf.Format("2006-01-02") {
			t.Fatalf("row %v", row)
		}
		got[row[3]+"|"+row[4]] = row[5]
	}
	year := "nam_" + strconv.Itoa(f.Year)
	if got["so_danh_gia|"+year] != "40" || got["chi_so_hai_long|"+year] != strconv.FormatFloat(math.Round(*f.This.Index*10)/10, 'f', 1, 64) ||
		got["phan_anh_da_nhan|"+year] != "1" || got["ti_le_tuan_thu|"+year] != "" {
		t.Fatalf("csv %v", got)
	}
	// Units link their children and parent; an unknown unit is a friendly 404.
	c.get("/cong-khai").want(t, http.StatusOK, `href="/cong-khai/34"`, `href="/cong-khai/01"`)
	c.get("/cong-khai/34").want(t, http.StatusOK, `href="/cong-khai/34.SNV"`)
	c.get("/cong-khai/khong-co").want(t, http.StatusNotFound, "Không tìm thấy đơn vị")
}

func TestPublicPageBelowTheMinimumSample(t *testing.T) {
	e := newEnv(t)
	seedPublic(t, e, feedback.MinRankingSample-1, "Cán bộ không hướng dẫn, để người dân chờ lâu")
	c := e.client()
	f := publicFigures(t, c, "34.SNV")
	if f.This.Ratings != feedback.MinRankingSample-1 || f.This.Index != nil {
		t.Fatalf("%d ratings, index %v", f.This.Ratings, f.This.Index)
	}
	for _, b := range f.Behaviours {
		if b.Rate != nil {
			t.Fatalf("behaviour %s shown over %d answers", b.Code, b.Asked)
		}
	}
	for _, m := range f.Trend {
		if m.Index != nil {
			t.Fatalf("month %s shown over %d ratings", m.Label, m.Ratings)
		}
	}
	r := c.get("/cong-khai/34.SNV").want(t, http.StatusOK, "chưa đủ số liệu")
	i := strings.Index(r.Body, "Chỉ số hài lòng</th>")
	if i < 0 || !strings.HasPrefix(r.Body[i+len("Chỉ số hài lòng</th>"):], "<td>chưa đủ số liệu</td>") {
		t.Fatalf("the index row shows a figure: %.200s", r.Body[max(i, 0):])
	}
}
