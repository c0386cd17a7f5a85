package web

import (
	"congvu/violation"
	"strings"
	"testing"
	"unicode/utf8"
)

// The parsers of the discipline forms read what clerks type and refuse
// the rest with a Vietnamese message.
func TestDisciplineFormParsers(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"15/QĐ-UBND", "15/QĐ-UBND"},
		{" 7 / qđ-snv ", "7/QĐ-SNV"},
		{"120/QĐ - UBND", "120/QĐ-UBND"},
	} {
		if got, msg := parseDecisionNumber(c.in); got != c.want || msg != "" {
			t.Errorf("parseDecisionNumber(%q) = %q, %q; want %q", c.in, got, msg, c.want)
		}
	}
	for _, bad := range []string{"", "QĐ-UBND", "15", "15/", "abc/QĐ", "15/QĐ--UBND", "15/QĐ UBND <script>"} {
		if got, msg := parseDecisionNumber(bad); got != "" || !strings.Contains(msg, "ví dụ 15/QĐ-UBND") {
			t.Errorf("parseDecisionNumber(%q) = %q, %q; want a refusal", bad, got, msg)
		}
	}
	ms, msg := parseCouncilMembers("Nguyễn Văn An - Chủ tịch Hội đồng\r\n\r\nTrần Thị Bình, Ủy viên\nLê Văn Cường")
	if msg != "" || len(ms) != 3 || ms[0].Role != "Chủ tịch Hội đồng" || ms[1].Name != "Trần Thị Bình" || ms[2].Role != "Ủy viên" {
		t.Errorf("members %+v, %q", ms, msg)
	}
	if _, msg := parseCouncilMembers(" \n "); !strings.Contains(msg, "mỗi người một dòng") {
		t.Errorf("no members: %q", msg)
	}
	if _, msg := parseCouncilMembers("- Chủ tịch"); !strings.Contains(msg, "Dòng 1: thiếu họ tên") {
		t.Errorf("no name: %q", msg)
	}
	if _, msg := parseCouncilMembers(strings.Repeat("Nguyễn Văn An\n", 16)); !strings.Contains(msg, "tối đa 15") {
		t.Errorf("too many: %q", msg)
	}
	if d, msg := parseDay("15/08/2026", true, "ngày ký"); msg != "" || d.Day() != 15 {
		t.Errorf("day %v %q", d, msg)
	}
	if _, msg := parseDay("2026-13-45", true, "ngày ký"); msg != "Ngày ký phải có dạng ngày/tháng/năm, ví dụ 15/08/2026." {
		t.Errorf("bad day: %q", msg)
	}
	if _, msg := parseDay("", true, "ngày ký"); msg != "Xin nhập ngày ký." {
		t.Errorf("empty day: %q", msg)
	}
	if _, msg := parseVotes("-1"); msg == "" {
		t.Error("negative votes accepted")
	}
	if _, msg := parseRuleSetBody(`{"forms": [], "bogus": 1}`); !strings.Contains(msg, "bogus") {
		t.Errorf("unknown field: %q", msg)
	}
}

// FuzzDisciplineForms feeds the parsers anything: they never panic, what
// they accept is well formed (and read again the same), what they refuse
// comes with a Vietnamese message.
func FuzzDisciplineForms(f *testing.F) {
	for _, s := range []string{"15/QĐ-UBND", "Nguyễn Văn An - Chủ tịch Hội đồng\nTrần Thị Bình, Ủy viên", "15/08/2026", "31/02/2026", "",
		"1/", "/", "\x00\xff", "-", ",,,", `{"forms":[{"code":"x"}]}`, "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, msg := parseDecisionNumber(s); (n == "") == (msg == "") {
			t.Fatalf("decision number %q: %q, %q", s, n, msg)
		} else if n != "" {
			if !violation.ValidDecisionNumber(n) {
				t.Fatalf("decision number %q accepted as %q", s, n)
			}
			if again, _ := parseDecisionNumber(n); again != n {
				t.Fatalf("decision number %q read again as %q", n, again)
			}
		}
		ms, msg := parseCouncilMembers(s)
		if (len(ms) == 0) == (msg == "") {
			t.Fatalf("members %q: %v, %q", s, ms, msg)
		}
		if len(ms) > maxCouncilMembers {
			t.Fatalf("%d members", len(ms))
		}
		for _, m := range ms {
			if m.Name == "" || m.Role == "" || !utf8.ValidString(m.Name) || strings.ContainsAny(m.Name, "\n\r") {
				t.Fatalf("member %+v of %q", m, s)
			}
		}
		if len(ms) > 0 {
			again, msg := parseCouncilMembers(membersText(ms))
			if msg != "" || len(again) != len(ms) {
				t.Fatalf("members %q read again: %v, %q", membersText(ms), again, msg)
			}
		}
		if d, msg := parseDay(s, true, "ngày ký"); d.IsZero() == (msg == "") {
			t.Fatalf("day %q: %v, %q", s, d, msg)
		}
		if n, msg := parseVotes(s); msg == "" && (n < 0 || n > maxVotes) {
			t.Fatalf("votes %q: %d", s, n)
		}
		if _, msg := parseRuleSetBody(s); msg != "" && !utf8.ValidString(msg) {
			t.Fatalf("rule set message %q", msg)
		}
	})
}
