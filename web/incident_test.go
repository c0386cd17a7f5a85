package web_test

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/incident"
	"congvu/org"
	"congvu/sqldb/sqldbtest"
)

// incidentObjects records, as the operator, an incident at unit in and
// one at unit out, each with a photo (by incident id).
func incidentObjects(t *testing.T, e *env, in, out *org.Unit) (string, string, map[string]string) {
	t.Helper()
	photos := map[string]string{}
	mk := func(u *org.Unit) string {
		x, err := e.svc.Incidents.Record(sysCtx(), incident.Input{UnitID: u.ID, OccurredAt: time.Now().Add(-time.Hour), Place: "Bộ phận một cửa",
			Kind: incident.KindDisturbance, Severity: incident.SeverityModerate, Summary: "Một người to tiếng, đập bàn tại quầy tiếp nhận."})
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.svc.Incidents.AddPhoto(sysCtx(), x.ID, bytes.NewReader(pngBytes(t)))
		if err != nil {
			t.Fatal(err)
		}
		photos[itoa(x.ID)] = itoa(p.ID)
		return itoa(x.ID)
	}
	return mk(in), mk(out), photos
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestIncidentRecordReviewEscalate(t *testing.T) {
	e := newEnv(t)
	ctx := sysCtx()
	snv := e.units["34.SNV"]
	o, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: snv.ID, EmployeeCode: "SNV-9", FullName: "Vũ Thị Lan", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	e.mkUser("lan", congvu.RoleOfficial, "34.SNV", o.ID)
	e.mkUser("thutruong", congvu.RoleUnitHead, "34.SNV", 0)
	e.mkUser("thutruongtinh", congvu.RoleUnitHead, "34", 0)
	far, err := e.svc.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: e.units["01"].ID, EmployeeCode: "HN-9", FullName: "Lý Văn Xa", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	e.mkUser("lyvanxa", congvu.RoleOfficial, "01", far.ID)
	if _, err := e.db.Write.Exec(`UPDATE users SET email = 'tinh@congvu.test' WHERE username = 'thutruongtinh'`); err != nil {
		t.Fatal(err)
	}
	lan := e.client().login("lan")
	lan.get("/incidents").want(t, http.StatusOK, "Ghi sự việc")
	form := url.Values{"unit": {itoa(snv.ID)}, "date": {time.Now().In(congvu.TimeZone).Format("02/01/2006")}, "time": {"00:05"},
		"place": {"Bộ phận một cửa"}, "kind": {"staff_abuse"}, "severity": {"serious"},
		"summary": {"Một người đàn ông khoảng 50 tuổi chửi bới, ném cốc nước vào cán bộ tiếp nhận."}, "people": {"Nam, khoảng 50 tuổi"}, "police": {"on"}}

	// A bad form saves nothing and says what is wrong.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("summary", "   ")
	bad.Set("date", "31/02/2026")
	bad.Set("kind", "")
	lan.post("/incidents/new", bad).want(t, http.StatusBadRequest, "Chưa lưu", "Xin mô tả diễn biến sự việc.", "Xin chọn loại sự việc.", "Ngày xảy ra phải có dạng")
	if n := sqldbtest.Count(t, e.db, `SELECT COUNT(*) FROM incidents`); n != 0 {
		t.Fatalf("%d incidents saved from a bad form", n)
	}

	r := lan.post("/incidents/new", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d\n%s", r.StatusCode, r.Body)
	}
	href, _, _ := strings.Cut(r.Header.Get("Location"), "?")
	lan.get(href).want(t, http.StatusOK, "Cán bộ bị xúc phạm", "Nam, khoảng 50 tuổi").lacks(t, "Báo cáo cấp trên</button>")
	// An official of another unit, and one who did not record it, do not read it.
	e.client().login("lyvanxa").get(href).want(t, http.StatusNotFound)
	e.client().login("lyvanxa").get("/incidents").lacks(t, "Bộ phận một cửa")
	// The outsider is sent to sign in.
	if r := e.client().get(href); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous: %d", r.StatusCode)
	}

	head := e.client().login("thutruong")
	head.get("/incidents").want(t, http.StatusOK, "Bộ phận một cửa", "Cán bộ bị xúc phạm")
	head.get(href).want(t, http.StatusOK, "Báo cáo cấp trên</button>")
	head.post(href+"/escalate", url.Values{"note": {"Đề nghị chỉ đạo tăng cường bảo vệ."}}).want(t, http.StatusSeeOther)
	head.post(href+"/escalate", url.Values{}).want(t, http.StatusBadRequest, "Sự việc đã được báo cáo cấp trên.")
	if n := sqldbtest.Count(t, e.db, `SELECT COUNT(*) FROM outbox WHERE to_addr = 'tinh@congvu.test'`); n != 1 {
		t.Fatalf("%d notices", n)
	}
	// A photo: the recorder adds it, its position data is dropped, an
	// official of another unit cannot open it.
	lan.postMultipart(href+"/photos", nil, upload{"anh.jpg", testJPEG(t)}).want(t, http.StatusSeeOther)
	lan.postMultipart(href+"/photos", nil, upload{"ghi-chu.txt", []byte("không phải ảnh")}).want(t, http.StatusBadRequest, "Chưa thêm được ảnh.", "Chỉ nhận ảnh JPEG hoặc PNG.")
	page := head.get(href).want(t, http.StatusOK, href+"/photos/")
	photo := href + "/photos/" + regexp.MustCompile(`/photos/(\d+)"`).FindStringSubmatch(page.Body)[1]
	img := head.get(photo).want(t, http.StatusOK)
	if strings.Contains(img.Body, "GPSLatitude") || img.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("photo served with its metadata or as %s", img.Header.Get("Content-Type"))
	}
	e.client().login("lyvanxa").get(photo).want(t, http.StatusNotFound)
	e.client().login("thutruongtinh").get("/incidents").want(t, http.StatusOK, "Đã báo cáo cấp trên", "Sở Nội vụ tỉnh Thái Bình")
}
