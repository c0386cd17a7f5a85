package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"testing"

	"congvu"
	"congvu/petition"
	"congvu/web"
)

// TestAuditPageSpeaksVietnamese: the audit log names actions, fields and
// petitions as people do (labels, not codes; a petition's tracking code,
// not its row id), and its headings do not skip a level.
func TestAuditPageSpeaksVietnamese(t *testing.T) {
	e := petitionEnv(t)
	ha := e.mkOfficial("34.SNV", "SNV-1", "Nguyễn Thị Thu Hà", "Chuyên viên")
	rc := e.submitPetition(petitionIn{official: ha, category: petition.Attitude, text: "Cán bộ quát nạt người dân tại quầy."})
	if _, err := e.svc.Petitions.Step(e.loginCtx("noivu"), rc.Petition.ID, petition.StepInput{Step: petition.StepAccept}); err != nil {
		t.Fatal(err)
	}
	r := e.client().login("admin").get("/audit").want(t, http.StatusOK, "Thụ lý hoặc tiếp nhận xử lý đơn", "Người dân gửi phản ánh",
		"Phản ánh "+rc.TrackingCode, "<dt>Trạng thái</dt>", "<dt>Mã phản ánh</dt>", "<dt>Họ và tên</dt>")
	r.lacks(t, "Phản ánh #", ">petition.accept<", "&#34;status&#34;", "<h3")
	if regexp.MustCompile(`<code[^>]*>[a-z_]+\.[a-z_.]+</code>`).MatchString(r.Body) {
		t.Errorf("the audit page shows an action code")
	}

	// Every field of every state recorded here has a Vietnamese label.
	events, _, err := e.svc.Audit.FindAuditEvents(e.loginCtx("admin"), congvu.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var walk func(x any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				if web.AuditFieldLabel(k) == k {
					t.Errorf("audit field %q has no Vietnamese label", k)
				}
				walk(v)
			}
		case []any:
			for _, v := range x {
				walk(v)
			}
		}
	}
	for _, ev := range events {
		for _, raw := range []json.RawMessage{ev.Before, ev.After} {
			var x any
			if len(raw) > 0 && json.Unmarshal(raw, &x) == nil {
				walk(x)
			}
		}
	}
}
