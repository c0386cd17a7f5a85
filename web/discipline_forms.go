package web

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"congvu"
	"congvu/violation"
	"congvu/vntext"
)

// The parsers of the discipline forms: dates, the council's members typed
// one per line, the decision's số/ký hiệu, vote counts. Each returns what
// it read and a Vietnamese message when it could not ("" when it could),
// so that the pages record the message on the field and save nothing.

// Limits of the discipline forms.
const (
	maxCouncilMembers = 15
	maxMemberName     = 100
	maxVotes          = 999
)

// parseDay reads a day typed dd/mm/yyyy (midnight in congvu.TimeZone).
// Empty gives a zero time and "" unless required.
func parseDay(v string, required bool, what string) (time.Time, string) {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			return time.Time{}, "Xin nhập " + what + "."
		}
		return time.Time{}, ""
	}
	t, ok := ParseDate(v)
	if !ok {
		return time.Time{}, capitalFirst(what) + " phải có dạng ngày/tháng/năm, ví dụ 15/08/2026."
	}
	return t, ""
}

func capitalFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}

// parseCouncilMembers reads the council's members, one per line: "Họ tên
// - Vai trò" or "Họ tên, Vai trò" (the role defaults to "Ủy viên").
// Blank lines are skipped.
func parseCouncilMembers(text string) ([]violation.CouncilMember, string) {
	var out []violation.CouncilMember
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = vntext.Normalize(line)
		if line == "" {
			continue
		}
		name, role := line, ""
		for _, sep := range []string{" - ", " – ", ","} {
			if a, b, ok := strings.Cut(line, sep); ok {
				name, role = strings.TrimSpace(a), strings.TrimSpace(b)
				break
			}
		}
		if strings.HasPrefix(line, "-") || strings.HasPrefix(line, "–") {
			name = ""
		}
		if role == "" {
			role = "Ủy viên"
		}
		if name == "" || !strings.ContainsFunc(name, unicode.IsLetter) {
			return nil, "Dòng " + strconv.Itoa(n+1) + ": thiếu họ tên thành viên."
		}
		if strings.ContainsFunc(name, badRune) || strings.ContainsFunc(role, badRune) {
			return nil, "Dòng " + strconv.Itoa(n+1) + ": có ký tự không hợp lệ."
		}
		if utf8.RuneCountInString(name) > maxMemberName || utf8.RuneCountInString(role) > maxMemberName {
			return nil, "Dòng " + strconv.Itoa(n+1) + ": họ tên và vai trò mỗi phần tối đa " + strconv.Itoa(maxMemberName) + " ký tự."
		}
		out = append(out, violation.CouncilMember{Name: name, Role: role})
		if len(out) > maxCouncilMembers {
			return nil, "Hội đồng có tối đa " + strconv.Itoa(maxCouncilMembers) + " thành viên."
		}
	}
	if len(out) == 0 {
		return nil, "Xin ghi các thành viên Hội đồng, mỗi người một dòng, ví dụ: Nguyễn Văn A - Chủ tịch Hội đồng."
	}
	return out, ""
}

// membersText writes members back one per line, as parseCouncilMembers
// reads them.
func membersText(ms []violation.CouncilMember) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(m.Name + " - " + m.Role)
	}
	return b.String()
}

// parseDecisionNumber reads a decision's số/ký hiệu
// (violation.ParseDecisionNumber).
func parseDecisionNumber(v string) (string, string) { return violation.ParseDecisionNumber(v) }

// parseVotes reads a count of votes (0 to maxVotes).
func parseVotes(v string) (int, string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, "Xin nhập số phiếu."
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxVotes {
		return 0, "Số phiếu phải là số nguyên từ 0 đến " + strconv.Itoa(maxVotes) + "."
	}
	return n, ""
}

// dayField reads a date field of f, recording its message.
func dayField(f *Form, name string, required bool, what string) time.Time {
	t, msg := parseDay(f.Get(name), required, what)
	if msg != "" {
		f.AddError(name, msg)
	}
	return t
}

// today is the current Vietnam day at midnight.
func today() time.Time { return congvu.Date(time.Now()) }

// badRune is a character no name holds: a control character, a broken
// byte.
func badRune(r rune) bool { return r == utf8.RuneError || unicode.IsControl(r) }
