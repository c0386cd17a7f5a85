package training

import (
	"strings"
	"testing"
	"time"
)

// The certificate number a citizen types: whatever it is, a number taken
// is canonical (normalizing it again gives itself) and of the printed
// shape BD-YYYY-XXXX-XXXX.
func FuzzNormalizeCertificateNumber(f *testing.F) {
	for _, s := range []string{"BD-2026-7F3K-9QX2", "bd 2026 7f3k 9qx2", "BD-2026-0181-0000", "BD–2026–ABCD–EFGH", "", "BD-1999-AAAA-AAAA", "BĐ-2026-AAAA-AAAA", "BD-2026-AAAA-AAAA-A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := NormalizeCertificateNumber(s)
		if !ok {
			if n != "" {
				t.Fatalf("%q refused but gave %q", s, n)
			}
			return
		}
		if len(n) != 17 || !strings.HasPrefix(n, "BD-") || n[7] != '-' || n[12] != '-' {
			t.Fatalf("%q gave %q, not BD-YYYY-XXXX-XXXX", s, n)
		}
		if again, ok := NormalizeCertificateNumber(n); !ok || again != n {
			t.Fatalf("%q gave %q, which normalizes to %q, %v", s, n, again, ok)
		}
	})
}

// The code scanned from a session's QR: only the code of the moment (or
// of the window before) is accepted, however it is spaced or cased.
func FuzzCheckQRCode(f *testing.F) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 12, 7, 9, 30, 15, 0, time.UTC)
	f.Add(QRCode(secret, 7, now), int64(7))
	f.Add(strings.ToLower(QRCode(secret, 7, now)), int64(7))
	f.Add(QRCode(secret, 7, now.Add(-QRPeriod)), int64(7))
	f.Add(QRCode(secret, 7, now), int64(8))
	f.Add("AAAAAAAAAA", int64(7))
	f.Add("", int64(0))
	f.Fuzz(func(t *testing.T, code string, id int64) {
		if !CheckQRCode(secret, id, code, now) {
			return
		}
		c := strings.ToUpper(strings.Join(strings.Fields(code), ""))
		if c != QRCode(secret, id, now) && c != QRCode(secret, id, now.Add(-QRPeriod)) {
			t.Fatalf("%q accepted for session %d at %v, not its code of the moment", code, id, now)
		}
	})
}

// A question typed by a manager: accepted only with 2–6 choices, the
// answer among them, and a text.
func FuzzValidateQuestion(f *testing.F) {
	f.Add("GT-XC", "Khi người dân đến quầy, công chức cần làm gì trước tiên?", "Chào hỏi\nYêu cầu giấy tờ", 0)
	f.Add("", "", "", -1)
	f.Add("gt-xc", "?", "A\nA", 5)
	f.Fuzz(func(t *testing.T, item, text, choices string, answer int) {
		in := QuestionInput{ItemCode: item, Text: text, Choices: strings.Split(choices, "\n"), Answer: answer, Active: true}
		if ValidateQuestion(&in) != nil {
			return
		}
		if len(in.Choices) < MinChoices || len(in.Choices) > MaxChoices || in.Answer < 0 || in.Answer >= len(in.Choices) || in.Text == "" || in.ItemCode == "" {
			t.Fatalf("accepted %+v", in)
		}
	})
}

// The answers of a submitted quiz form: one per question, each a choice
// of that question or -1.
func FuzzNormalizeAnswers(f *testing.F) {
	f.Add([]byte{0, 1, 2}, 3)
	f.Add([]byte{}, 0)
	f.Add([]byte{255, 9}, 5)
	f.Fuzz(func(t *testing.T, raw []byte, n int) {
		n = min(max(n, 0), 50)
		qs := make([]Question, n)
		for i := range qs {
			qs[i].Choices = make([]string, 2+i%5)
		}
		answers := make([]int, len(raw))
		for i, b := range raw {
			answers[i] = int(int8(b))
		}
		out := NormalizeAnswers(answers, qs)
		if len(out) != n {
			t.Fatalf("%d answers for %d questions", len(out), n)
		}
		for i, a := range out {
			if a != -1 && (a < 0 || a >= len(qs[i].Choices)) {
				t.Fatalf("answer %d of question %d with %d choices", a, i, len(qs[i].Choices))
			}
		}
	})
}
