package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"congvu"
)

func init() {
	for k, v := range map[string]expectation{
		"GET /settings/discipline-rules":  {In: signedIn},
		"POST /settings/discipline-rules": {In: nobody}, // national admins only, none in this table
	} {
		authzTable[k] = v
	}
}

// The discipline rule sets: every signed-in user reads each with its
// forms, council, time bars, steps, competence and citation, verified or
// not; only a national admin adds one, from a copy; a bad one is explained
// with the input kept and saves nothing; a good one is listed and audited.
func TestDisciplineRulesPage(t *testing.T) {
	e := newEnv(t)
	c := e.client().login("noivu")
	r := c.get("/settings/discipline-rules")
	r.want(t, http.StatusOK, "Quy định về xử lý kỷ luật", "Nghị định 172/2025/NĐ-CP", "Nghị định 112/2020/NĐ-CP", "Viên chức",
		"Khiển trách", "Cảnh cáo", "Hạ bậc lương", "Buộc thôi việc", "Thời hiệu:", "ngày làm việc", "Thẩm quyền xử lý kỷ luật",
		"Đã đối chiếu", "Chưa đối chiếu", "Đang áp dụng").lacks(t, `action="/settings/discipline-rules"`)

	future := time.Now().In(congvu.TimeZone).AddDate(0, 0, 10).Format("02/01/2006")
	c.post("/settings/discipline-rules", url.Values{"code": {"x"}}).want(t, http.StatusForbidden)

	admin := e.client().login("admin")
	form := admin.get("/settings/discipline-rules").want(t, http.StatusOK, `action="/settings/discipline-rules"`, "Thêm quy định", "Sao chép")
	// The add form starts from a copy of a stored set, as JSON.
	rules := textareaValue(t, form.Body, "rules")
	if !strings.Contains(rules, `"forms"`) || !strings.Contains(rules, `"competence"`) {
		t.Fatalf("the add form is not a copy: %.200s", rules)
	}
	count := strings.Count(form.Body, `class="section rule-set"`)

	bad := url.Values{"code": {"thu-2027"}, "title": {"Quy định thử giữ lại"}, "valid_from": {"31/02/2027"}, "basis": {"Căn cứ giữ lại"},
		"rules": {`{"categories": ["civil_servant"], "forms": [`}}
	admin.post("/settings/discipline-rules", bad).want(t, http.StatusBadRequest, "Quy định chưa được lưu",
		"Ngày bắt đầu áp dụng phải có dạng ngày/tháng/năm", "không đúng cú pháp JSON", `value="Quy định thử giữ lại"`, "Căn cứ giữ lại")
	bad.Set("valid_from", "01/01/2020")
	bad.Set("rules", rules)
	admin.post("/settings/discipline-rules", bad).want(t, http.StatusBadRequest, "chỉ áp dụng từ hôm nay trở đi")
	bad.Set("valid_from", future)
	bad.Set("rules", `{"categories": ["civil_servant"], "forms": [{"code": "reprimand", "label": "Khiển trách"}]}`)
	admin.post("/settings/discipline-rules", bad).want(t, http.StatusBadRequest, "Quy định chưa được lưu")
	if n := strings.Count(admin.get("/settings/discipline-rules").Body, `class="section rule-set"`); n != count {
		t.Fatalf("%d rule sets after refused adds, want %d", n, count)
	}

	good := url.Values{"code": {"thu-2027"}, "title": {"Quy định thử nghiệm 2027"}, "valid_from": {future},
		"basis": {"Nghị định thử 99/2026/NĐ-CP, Điều 3"}, "rules": {rules}}
	admin.post("/settings/discipline-rules", good).want(t, http.StatusSeeOther)
	admin.get("/settings/discipline-rules").want(t, http.StatusOK, "Quy định thử nghiệm 2027", "Sẽ áp dụng từ "+future)
	admin.get("/audit").want(t, http.StatusOK, "Thêm quy định về xử lý kỷ luật")
}

// textareaValue is the unescaped text of the textarea named name.
func textareaValue(t *testing.T, body, name string) string {
	t.Helper()
	i := strings.Index(body, `name="`+name+`"`)
	if i < 0 {
		t.Fatalf("no textarea %s", name)
	}
	rest := body[i:]
	j := strings.Index(rest, ">")
	k := strings.Index(rest, "</textarea>")
	if j < 0 || k < j {
		t.Fatalf("textarea %s not closed", name)
	}
	return htmlUnescape(rest[j+1 : k])
}
