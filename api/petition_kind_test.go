package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// Petitions by their legal kind through the API: the kind confirmed with a
// reason at acceptance, the tố cáo's extension (twice only when very
// complex), suspension and resumption, and the reporter's withdrawal.
func TestPetitionKindsThroughTheAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPetitionFixture(t, db)
		body := petitionAbout(f.badge(f.offA1))
		body["category"] = "favours"
		body["description"] = "Cán bộ đòi 500.000 đồng mới nhận hồ sơ đăng ký hộ kinh doanh."
		rc := f.submit(body)
		id := f.idOf(rc.TrackingCode)
		path := fmt.Sprintf("/api/v1/petitions/%d/steps", id)
		step := func(b map[string]any, want int, what string) petition.Petition {
			t.Helper()
			r := f.do("POST", path, f.headA, b)
			wantStatus(t, r, want, what)
			var p petition.Petition
			if want == http.StatusOK {
				r.decode(t, &p)
			}
			return p
		}
		if d := f.detail(f.headA, id); d.Kind != petition.KindDenunciation {
			t.Errorf("suggested kind %s", d.Kind)
		}
		step(map[string]any{"step": "accept", "kind": "complaint"}, http.StatusBadRequest, "change without reason")
		p := step(map[string]any{"step": "accept", "kind": "denunciation"}, http.StatusOK, "accept as suggested")
		if p.Kind != petition.KindDenunciation || p.AcceptedAt == nil {
			t.Errorf("accepted %+v", p)
		}
		step(map[string]any{"step": "assign"}, http.StatusOK, "assign")
		due := *step(map[string]any{"step": "extend", "reason": "Cần xác minh thêm"}, http.StatusOK, "extend").DueAt
		r := f.do("POST", path, f.headA, map[string]any{"step": "extend", "reason": "Chờ giám định"})
		wantStatus(t, r, http.StatusConflict, "second extension, not very complex")
		if e := r.err(t); e.Error.Code != congvu.ECONFLICT || !strings.Contains(e.Error.Message, "đặc biệt phức tạp") {
			t.Errorf("second extension: %s", r.Body)
		}
		p = step(map[string]any{"step": "extend", "reason": "Vụ việc đặc biệt phức tạp", "very_complex": true}, http.StatusOK, "second extension")
		// 30 days more, moved to the next working day when they end on a
		// day off (the shipped calendar).
		want := due.AddDate(0, 0, 30)
		for wd := want.In(congvu.TimeZone).Weekday(); wd == time.Saturday || wd == time.Sunday; wd = want.In(congvu.TimeZone).Weekday() {
			want = want.AddDate(0, 0, 1)
		}
		if p.Extensions != 2 || !p.DueAt.Equal(want) {
			t.Errorf("after the second extension: %d, due %v (first %v)", p.Extensions, p.DueAt, due)
		}
		if p = step(map[string]any{"step": "suspend", "reason": "Chờ kết quả cơ quan khác"}, http.StatusOK, "suspend"); p.Status != petition.Suspended {
			t.Errorf("suspended: %s", p.Status)
		}
		if p = step(map[string]any{"step": "resume"}, http.StatusOK, "resume"); p.Status != petition.Assigned {
			t.Errorf("resumed: %s", p.Status)
		}

		// The reporter withdraws with the code and secret.
		w := map[string]any{"tracking_code": rc.TrackingCode, "secret": "aaaa bbbb cccc dddd"}
		wantStatus(t, f.do("POST", "/api/v1/petitions/track/withdraw", "", w), http.StatusNotFound, "withdraw, wrong secret")
		w = map[string]any{"tracking_code": rc.TrackingCode, "secret": rc.Secret, "reason": "Đã được giải quyết"}
		r = f.do("POST", "/api/v1/petitions/track/withdraw", "", w)
		wantStatus(t, r, http.StatusOK, "withdraw")
		var pub petition.Public
		r.decode(t, &pub)
		if pub.Status != petition.Withdrawn || pub.MayWithdraw || pub.Kind != petition.KindDenunciation {
			t.Errorf("withdrawn: %s", r.Body)
		}
		wantStatus(t, f.do("POST", "/api/v1/petitions/track/withdraw", "", w), http.StatusConflict, "withdraw twice")
	})
}
