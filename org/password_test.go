package org_test

import (
	"strings"
	"testing"

	"congvu/org"
)

func TestPasswordProblem(t *testing.T) {
	for _, c := range []struct {
		user, pw string
		why      string // a word of the expected message, "" when accepted
	}{
		// The examples: all accepted before.
		{"thanhtra", "aaaaaaaaaa", "dễ đoán"},
		{"thanhtra", "1234567890", "dễ đoán"},
		{"thanhtra", "thanhtra12", "tên đăng nhập"},
		{"noivu", "ThanhTra12NOIVU", "tên đăng nhập"},
		{"x", "0987654321", "dễ đoán"},
		{"x", "abcdefghijk", "dễ đoán"},
		{"x", "qwertyuiop", "dễ đoán"},
		{"x", "1212121212", "dễ đoán"},
		{"x", "abcabcabca", "dễ đoán"},
		{"x", "password123", "hay bị dùng"},
		{"x", "Password2024!", "hay bị dùng"},
		{"x", "baseball1234", "hay bị dùng"},
		{"x", "matkhau123", "hay bị dùng"},
		{"x", "2024qwerty!!", "hay bị dùng"},
		{"x", "ngắn", "ít nhất"},
		{"x", strings.Repeat("ab", 200), "dài quá"},
		{"x", "", "Xin nhập"},
		// Accepted.
		{"thanhtra", "Mật-khẩu-đủ-dài-1", ""},
		{"noivu", "congvu-demo-2026", ""},
		{"canbo", "hôm nay trời đẹp lắm", ""},
		{"x", "correct horse battery", ""},
	} {
		got := org.PasswordProblem(c.user, c.pw)
		if (c.why == "") != (got == "") || !strings.Contains(got, c.why) {
			t.Errorf("PasswordProblem(%q, %q) = %q, want a message with %q", c.user, c.pw, got, c.why)
		}
	}
}
