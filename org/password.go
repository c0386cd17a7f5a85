package org

import (
	"congvu"
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxPasswordLen bounds a password (in characters), so hashing one costs a
// known amount.
const MaxPasswordLen = 256

// commonPasswordsText is a list of the passwords most often seen in leaks
// (Openwall's list of about 3,500, public domain, with Vietnamese
// favourites appended): one a line, "#" lines are comments.
//
//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is commonPasswordsText as a set, lower case.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		line = strings.ToLower(strings.TrimSpace(line))
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// keyboardRuns are sequences typed by sliding along the keyboard or the
// alphabet; a password that is a piece of one (either way) is refused.
var keyboardRuns = []string{
	"abcdefghijklmnopqrstuvwxyz",
	"01234567890",
	"qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertyuiopasdfghjklzxcvbnm",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp",
}

// PasswordRule says the password rule of PasswordProblem in Vietnamese,
// for the forms that set a password.
func PasswordRule() string {
	return fmt.Sprintf("Ít nhất %d ký tự, không chứa tên đăng nhập, không phải mật khẩu hay bị dùng (như password123) "+
		"hay một dãy dễ đoán (một ký tự lặp lại, 1234567890, qwertyuiop). Nên dùng một câu dễ nhớ, có thể có dấu tiếng Việt.",
		congvu.MinPasswordLen)
}

// PasswordProblem says, in Vietnamese, what makes password unfit as the new
// password of the account username, or returns "" when it is acceptable.
// It is the one password rule: storage calls it on every password it is
// about to store (account creation, reset, change). Refused: too short or
// too long; one of the commonly used passwords (also with digits or signs
// appended, "password2024!"); containing the username; a single character
// repeated, a short pattern repeated ("abcabcabca", "1212121212"), or a
// plain sequence of the alphabet, digits or keyboard ("1234567890",
// "qwertyuiop").
func PasswordProblem(username, password string) string {
	pw := norm.NFC.String(password)
	n := utf8.RuneCountInString(pw)
	switch {
	case n == 0:
		return "Xin nhập mật khẩu."
	case n < congvu.MinPasswordLen:
		return fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự.", congvu.MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("Mật khẩu dài quá %d ký tự.", MaxPasswordLen)
	}
	low := strings.ToLower(pw)
	if u := strings.ToLower(strings.TrimSpace(username)); utf8.RuneCountInString(u) >= 3 && strings.Contains(low, u) {
		return "Mật khẩu không được chứa tên đăng nhập."
	}
	if repeated(low) || inKeyboardRun(low) {
		return "Mật khẩu quá dễ đoán (một ký tự lặp lại, hoặc một dãy liền nhau như 1234567890, abcdefghij). Xin chọn mật khẩu khác, ví dụ một câu dễ nhớ."
	}
	if isCommon(low) {
		return "Mật khẩu này nằm trong danh sách mật khẩu hay bị dùng và dễ bị dò ra. Xin chọn mật khẩu khác, ví dụ một câu dễ nhớ."
	}
	return ""
}

// isCommon reports whether low (lower case) is a common password, as it is
// or once the digits and signs around a common core are removed
// ("123password2024!").
func isCommon(low string) bool {
	if commonPasswords[low] {
		return true
	}
	trim := func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	}
	core := strings.TrimFunc(low, trim)
	if core == low || core == "" {
		return core == "" // nothing but digits and signs, already not in the list
	}
	return utf8.RuneCountInString(core) >= 4 && (commonPasswords[core] || repeated(core) || inKeyboardRun(core))
}

// repeated reports whether s is a pattern of at most three characters
// repeated ("aaaaaaaaaa", "1212121212", "abcabcabca").
func repeated(s string) bool {
	rs := []rune(s)
	for period := 1; period <= 3 && period < len(rs); period++ {
		ok := true
		for i := period; i < len(rs); i++ {
			if rs[i] != rs[i-period] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// inKeyboardRun reports whether s is a piece of a keyboard or alphabet
// run, forwards or backwards, or a run of consecutive characters.
func inKeyboardRun(s string) bool {
	for _, run := range keyboardRuns {
		if strings.Contains(run, s) || strings.Contains(reverse(run), s) {
			return true
		}
	}
	rs := []rune(s)
	if len(rs) < 2 {
		return false
	}
	step := rs[1] - rs[0]
	if step != 1 && step != -1 {
		return false
	}
	for i := 2; i < len(rs); i++ {
		if rs[i]-rs[i-1] != step {
			return false
		}
	}
	return true
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}
