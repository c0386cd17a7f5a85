package web_test

import (
	"congvu/sqldb/sqldbtest"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/petition"
)

// workCount is how the staff home writes a count of work.
func workCount(n, label string) string {
	return `<span class="stat-number">` + n + `</span> <span class="stat-label">` + label + `</span>`
}

// TestHomeShowsEachRoleItsWork: the staff home opens with each role's work,
// counted by the petition list's own query (a petition that concerns the
// reader is not counted), linking to that filtered list; and the
// satisfaction of the last 30 days, of the scope or of an official.
func TestHomeShowsEachRoleItsWork(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	lan := e.mkOfficial("34.SNV", "SNV-2", "Phạm Thị Lan", "Chuyên viên")
	minh := e.mkOfficial("34.STP", "STP-1", "Trần Văn Minh", "Chuyên viên")
	late := e.submitPetition(petitionIn{official: ha, category: petition.Attitude, text: "Cán bộ quát nạt người dân tại quầy."})
	soon := e.submitPetition(petitionIn{official: minh, category: petition.Delay, text: "Hồ sơ trễ hẹn, không báo lý do.", anonymous: true})
	e.submitPetition(petitionIn{unit: "34.STP", category: petition.Dress, text: "Nhân viên không đeo thẻ.", anonymous: true})
	for id, due := range map[int64]time.Time{late.Petition.ID: time.Now().Add(-2 * time.Hour), soon.Petition.ID: time.Now().Add(20 * time.Hour)} {
		if _, err := e.db.Write.Exec(`UPDATE petitions SET due_at = $1 WHERE id = $2`, due.UTC(), id); err != nil {
			t.Fatal(err)
		}
	}
	// Ratings of Minh this week.
	for _, s := range []feedback.Satisfaction{feedback.VerySatisfied, feedback.Satisfied, feedback.Satisfied, feedback.Dissatisfied} {
		if _, err := e.svc.Feedback.Submit(context.Background(), feedback.Input{BadgeToken: minh.BadgeToken, Satisfaction: s, FillTime: time.Minute}); err != nil {
			t.Fatal(err)
		}
	}

	// The province's supervisor handles all three (their handler is the
	// province).
	r := e.client().login("noivu").get("/").want(t, http.StatusOK, "Phản ánh bạn cần xử lý",
		workCount("3", "đang chờ xử lý"), workCount("1", "quá hạn"), workCount("1", "sắp đến hạn trong 48 giờ"),
		`href="/petitions?cua-toi=on&amp;dang-xu-ly=on&amp;sap-xep=han"`, `href="/petitions?cua-toi=on&amp;qua-han=on&amp;sap-xep=han"`,
		`href="/petitions?cua-toi=on&amp;sap-den-han=on&amp;sap-xep=han"`,
		"Mức độ hài lòng 30 ngày qua", "Tỉnh Thái Bình", "75%", "trên 4 lượt đánh giá", `role="img"`)
	// The work comes before the shortcuts.
	if i, j := strings.Index(r.Body, "Phản ánh bạn cần xử lý"), strings.Index(r.Body, "Vai trò và phạm vi"); i > j {
		t.Errorf("work after the roles card")
	}
	// The links list what they count.
	c := e.client().login("noivu")
	c.get("/petitions?cua-toi=on&qua-han=on&sap-xep=han").want(t, http.StatusOK, late.TrackingCode).lacks(t, soon.TrackingCode)
	c.get("/petitions?cua-toi=on&sap-den-han=on&sap-xep=han").want(t, http.StatusOK, soon.TrackingCode).lacks(t, late.TrackingCode)

	// A supervisor whose own record is in Sở Nội vụ does not count the
	// petition about a colleague there, as the list does not show it.
	e.mkUser("giamsat.snv", congvu.RoleSupervisor, "34", lan.ID)
	e.client().login("giamsat.snv").get("/").want(t, http.StatusOK, workCount("2", "đang chờ xử lý"), workCount("0", "quá hạn"),
		workCount("1", "sắp đến hạn trong 48 giờ"), "Đánh giá của người dân về tôi", "Chưa có lượt đánh giá nào.")

	// An administrator oversees: everything in scope, and ratings to review.
	e.client().login("admin").get("/").want(t, http.StatusOK, "Phản ánh trong phạm vi của bạn", workCount("3", "đang chờ xử lý"),
		`href="/petitions?dang-xu-ly=on&amp;sap-xep=han"`, workCount("0", "đánh giá nghi vấn chờ xét"), "Cả nước")
	// Hà Nội's administrator: none of Thái Bình's.
	e.client().login("hanoi").get("/").want(t, http.StatusOK, workCount("0", "đang chờ xử lý"))

	// An official: no petitions, their own ratings.
	// Today's ratings count for them from tomorrow on (a count that moved
	// as each citizen left would tell who rated what).
	e.mkUser("tranminh", congvu.RoleOfficial, "34.STP", minh.ID)
	me := e.client().login("tranminh")
	me.get("/").want(t, http.StatusOK, "Đánh giá của người dân về tôi", "Chưa có lượt đánh giá nào.",
		"Đánh giá trong ngày được hiển thị từ ngày hôm sau").lacks(t, "75%")
	sqldbtest.NextDay(e.db)
	r = e.client().login("tranminh").get("/").want(t, http.StatusOK, "Đánh giá của người dân về tôi", "75%", "trên 4 lượt đánh giá")
	r.lacks(t, "đang chờ xử lý", "Phản ánh bạn cần xử lý")
}
