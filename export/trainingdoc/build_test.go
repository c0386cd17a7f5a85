package trainingdoc_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/export/trainingdoc"
	"congvu/org"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
	"congvu/training"

	"github.com/xuri/excelize/v2"
)

// The documents built from the services: an official's certificate once
// complete (refused before), the coverage workbook and the campaign's
// report of the organiser, with what each actor may read.
func TestBuildFromServices(t *testing.T) {
	db := sqldbtest.SQLite(t)
	sqldbtest.SetClock(db)
	w := sqlservicestest.Wire(t, db)
	tree := sqldbtest.MakeTree(t, db)
	offs := w.Officials
	a, err := offs.CreateOfficial(sqldbtest.Sys(), org.OfficialInput{UnitID: tree.D1, EmployeeCode: "A1", FullName: "Nguyễn Văn An", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := offs.CreateOfficial(sqldbtest.Sys(), org.OfficialInput{UnitID: tree.D2, EmployeeCode: "B1", FullName: "Trần Thị Bình", Category: org.CategoryCivilServant}); err != nil {
		t.Fatal(err)
	}
	var uid int64
	if err := db.Write.QueryRow(`INSERT INTO users (username, full_name, search_name, email, password_hash, official_id, active, created_at, updated_at)
		VALUES ('an', 'Nguyễn Văn An', 'an', '', 'x', $1, TRUE, $2, $2) RETURNING id`, a.ID, db.Now().UTC()).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	official := sqldbtest.As(&congvu.Actor{UserID: uid, Username: "an", FullName: "Nguyễn Văn An", OfficialID: a.ID})
	sup := sqldbtest.Sys()

	c, err := w.Training.CreateCampaign(sup, training.CampaignInput{UnitID: tree.P1, Title: "Quán triệt Đề án văn hóa công vụ năm 2026",
		Audience: training.AudienceAll, StartsOn: time.Date(2026, 3, 1, 0, 0, 0, 0, congvu.TimeZone), EndsOn: time.Date(2026, 6, 30, 0, 0, 0, 0, congvu.TimeZone),
		Hours: 4, QuizQuestions: 4, PassMark: 50, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = w.Training.OpenCampaign(sup, c.ID); err != nil {
		t.Fatal(err)
	}
	s, err := w.Training.CreateSession(sup, training.SessionInput{CampaignID: c.ID, Title: "Tự học", Mode: training.ModeOnline})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := trainingdoc.BuildCertificate(official, w.Set, c.ID, 0, "https://congvu.example.vn"); congvu.ErrorCode(err) != congvu.ECONFLICT {
		t.Fatalf("a certificate before completion: %v", err)
	}
	if _, err := w.Training.Mark(sup, s.ID, []int64{a.ID}); err != nil {
		t.Fatal(err)
	}
	bank, err := w.TrainingQuiz.Questions(sup, "")
	if err != nil {
		t.Fatal(err)
	}
	key := map[int64]int{}
	for _, q := range bank {
		key[q.ID] = q.Answer
	}
	at, err := w.TrainingQuiz.StartAttempt(official, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	ans := make([]int, len(at.Questions))
	for i, q := range at.Questions {
		ans[i] = key[q.ID]
	}
	if _, err := w.TrainingQuiz.SubmitAttempt(official, at.ID, ans); err != nil {
		t.Fatal(err)
	}

	f, err := trainingdoc.BuildCertificate(official, w.Set, c.ID, 0, "https://congvu.example.vn")
	if err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, f.Data)
	for _, want := range []string{"GIẤY CHỨNG NHẬN", "Nguyễn Văn An", "Huyện Một", "Quán triệt Đề án văn hóa công vụ năm 2026",
		"Thời lượng: 4 giờ", "Kết quả kiểm tra: 100/100 điểm", "https://congvu.example.vn/training/certificates/BD-2026-"} {
		if !strings.Contains(txt, want) {
			t.Errorf("certificate lacks %q:\n%s", want, txt)
		}
	}

	x, err := trainingdoc.BuildCoverage(sup, w.Set, training.CoverageFilter{UnitID: tree.P1, CampaignID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(x.Data))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, _ := book.GetRows("Độ bao phủ")
	flat := ""
	for _, r := range rows {
		flat += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(flat, "Tỉnh Một (toàn đơn vị)|2|1|1|50.0%") || !strings.Contains(flat, "Huyện Một|1|1|1|100.0%") || !strings.Contains(flat, "Huyện Hai|1|0|0|0.0%") {
		t.Errorf("coverage sheet:\n%s", flat)
	}
	rows, _ = book.GetRows("Chưa hoàn thành")
	if len(rows) != 4 || !strings.HasPrefix(strings.Join(rows[3], "|"), "Trần Thị Bình|Huyện Hai|") {
		t.Errorf("behind sheet: %v", rows)
	}
	if _, err := trainingdoc.BuildCoverage(official, w.Set, training.CoverageFilter{UnitID: tree.P1, CampaignID: c.ID}); err == nil {
		t.Error("an official reads the coverage workbook")
	}

	r, err := trainingdoc.BuildCampaignReport(sup, w.Set, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	txt = pdfText(t, r.Data)
	for _, want := range []string{"BÁO CÁO", "phải bồi dưỡng: 2; đã hoàn thành: 1 (50%)", "Huyện Hai", "KẾT QUẢ KIỂM TRA THEO CHUẨN MỰC", "100%", "Trần Thị Bình"} {
		if !strings.Contains(txt, want) {
			t.Errorf("report lacks %q:\n%s", want, txt)
		}
	}
}
