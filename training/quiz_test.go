package training

import (
	"congvu"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

func TestValidateQuestion(t *testing.T) {
	ok := QuestionInput{ItemCode: " gt-xc ", Text: " Câu hỏi? ", Choices: []string{"A", " ", "B", "C"}, Answer: 2}
	if err := ValidateQuestion(&ok); err != nil {
		t.Fatalf("valid question refused: %v", err)
	}
	if ok.ItemCode != "GT-XC" || ok.Text != "Câu hỏi?" || len(ok.Choices) != 3 || ok.Choices[ok.Answer] != "B" {
		t.Fatalf("not tidied: %+v", ok)
	}
	cases := []struct {
		name  string
		in    QuestionInput
		field string
		msg   string
	}{
		{"no text", QuestionInput{ItemCode: "GT-XC", Choices: []string{"A", "B"}}, "text", "Xin nhập nội dung câu hỏi."},
		{"one choice", QuestionInput{ItemCode: "GT-XC", Text: "?", Choices: []string{"A", ""}}, "choices", "Câu hỏi cần ít nhất 2 phương án trả lời."},
		{"seven choices", QuestionInput{ItemCode: "GT-XC", Text: "?", Choices: strings.Split("a b c d e f g", " ")}, "choices", "Câu hỏi có nhiều nhất 6 phương án trả lời."},
		{"same choices", QuestionInput{ItemCode: "GT-XC", Text: "?", Choices: []string{"Có", "có"}}, "choices", "Các phương án trả lời không được trùng nhau."},
		{"answer out of range", QuestionInput{ItemCode: "GT-XC", Text: "?", Choices: []string{"A", "B"}, Answer: 2}, "answer", "Xin chọn phương án đúng trong các phương án đã nhập."},
		{"answer negative", QuestionInput{ItemCode: "GT-XC", Text: "?", Choices: []string{"A", "B"}, Answer: -1}, "answer", "Xin chọn phương án đúng trong các phương án đã nhập."},
		{"answer left empty", QuestionInput{ItemCode: "GT-XC", Text: "?", Choices: []string{"A", "B", ""}, Answer: 2}, "answer", "Xin chọn phương án đúng trong các phương án đã nhập."},
		{"no item", QuestionInput{Text: "?", Choices: []string{"A", "B"}}, "item_code", "Xin chọn chuẩn mực mà câu hỏi kiểm tra."},
		{"bad item", QuestionInput{ItemCode: "GT XC; drop", Text: "?", Choices: []string{"A", "B"}}, "item_code", "Mã chuẩn mực không hợp lệ."},
	}
	for _, c := range cases {
		err := ValidateQuestion(&c.in)
		if congvu.ErrorCode(err) != congvu.EINVALID || congvu.ErrorFields(err)[c.field] != c.msg {
			t.Errorf("%s: got %v, want %s: %s", c.name, err, c.field, c.msg)
		}
	}
}

func bank(items map[string]int) []*Question {
	var out []*Question
	id := int64(0)
	for code, n := range items {
		for range n {
			id++
			out = append(out, &Question{ID: id, ItemCode: code, Choices: []string{"a", "b"}, Active: true})
		}
	}
	return out
}

func TestDrawSpreadsAcrossItems(t *testing.T) {
	b := bank(map[string]int{"A": 10, "B": 1, "C": 3, "D": 2})
	b = append(b, &Question{ID: 99, ItemCode: "E", Active: false})
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		got := Draw(b, 4, rnd)
		items := map[string]bool{}
		ids := map[int64]bool{}
		for _, q := range got {
			items[q.ItemCode] = true
			if ids[q.ID] {
				t.Fatalf("question %d drawn twice", q.ID)
			}
			ids[q.ID] = true
			if !q.Active {
				t.Fatal("inactive question drawn")
			}
		}
		if len(got) != 4 || len(items) != 4 {
			t.Fatalf("4 questions on 4 items should cover every item once: %d questions on %v", len(got), items)
		}
	}
	// Seven questions: every item once, then the three items that have
	// more: never a third on A before B's only one is used.
	got := Draw(b, 7, rnd)
	per := map[string]int{}
	for _, q := range got {
		per[q.ItemCode]++
	}
	if per["A"] != 2 || per["B"] != 1 || per["C"] != 2 || per["D"] != 2 {
		t.Fatalf("draw of 7 not spread: %v", per)
	}
	if got := Draw(b, 50, rnd); len(got) != 16 {
		t.Fatalf("a small bank gives all its active questions: %d", len(got))
	}
	// Random: two draws of 2 from 4 items differ sometimes.
	seen := map[string]bool{}
	for range 50 {
		d := Draw(b, 2, rnd)
		seen[d[0].ItemCode+d[1].ItemCode] = true
	}
	if len(seen) < 4 {
		t.Fatalf("draws look fixed: %v", seen)
	}
}

func TestGrade(t *testing.T) {
	qs := make([]Question, 9)
	for i := range qs {
		qs[i] = Question{Answer: i % 3, Choices: []string{"a", "b", "c"}}
	}
	a := &Attempt{Questions: qs, PassMark: 78}
	a.Answers = NormalizeAnswers([]int{0, 1, 2, 0, 1, 2, 0, 0, 0, 5}, qs) // 7 right of 9
	score, passed := Grade(a)
	if score != 77 || passed {
		t.Fatalf("7/9 with pass mark 78: got %d %v", score, passed)
	}
	a.PassMark = 77
	if _, passed := Grade(a); !passed {
		t.Fatal("77 reaches a pass mark of 77")
	}
	if !a.Correct[0] || a.Correct[7] {
		t.Fatalf("correct flags: %v", a.Correct)
	}
	if got := NormalizeAnswers([]int{7, -3}, qs[:3]); got[0] != -1 || got[1] != -1 || got[2] != -1 {
		t.Fatalf("out-of-range answers kept: %v", got)
	}
}

func TestCanAttempt(t *testing.T) {
	c := &Campaign{Status: CampaignOpen, QuizQuestions: 10, MaxAttempts: 2}
	if err := CanAttempt(c, 1, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c      Campaign
		used   int
		passed bool
		msg    string
	}{
		{*c, 2, false, "Anh/chị đã làm hết 2 lần kiểm tra được phép."},
		{*c, 0, true, "Anh/chị đã đạt bài kiểm tra của đợt bồi dưỡng này."},
		{Campaign{Status: CampaignClosed, QuizQuestions: 10}, 0, false, "Đợt bồi dưỡng đã kết thúc."},
		{Campaign{Status: CampaignDraft, QuizQuestions: 10}, 0, false, "Đợt bồi dưỡng chưa được triển khai."},
		{Campaign{Status: CampaignOpen}, 0, false, "Đợt bồi dưỡng này không có bài kiểm tra."},
	} {
		err := CanAttempt(&tc.c, tc.used, tc.passed)
		if congvu.ErrorCode(err) != congvu.ECONFLICT || congvu.ErrorMessage(err) != tc.msg {
			t.Errorf("got %v, want %s", err, tc.msg)
		}
	}
	if err := CanAttempt(&Campaign{Status: CampaignOpen, QuizQuestions: 5}, 40, false); err != nil {
		t.Fatalf("no limit: %v", err)
	}
}

func TestForAnsweringHidesTheKey(t *testing.T) {
	a := &Attempt{Questions: []Question{{Text: "?", Choices: []string{"a", "b"}, Answer: 1, Explanation: "vì b"}}, Key: []int{1}}
	hidden := a.ForAnswering()
	b, _ := json.Marshal(hidden)
	if hidden.Questions[0].Answer != -1 || strings.Contains(string(b), "vì b") || hidden.Key != nil {
		t.Fatalf("key shown before submission: %s %+v", b, hidden.Questions[0])
	}
	if a.Questions[0].Answer != 1 {
		t.Fatal("ForAnswering changed the attempt")
	}
	now := time.Now()
	a.SubmittedAt = &now
	if a.ForAnswering().Questions[0].Explanation != "vì b" {
		t.Fatal("a submitted attempt shows its explanations")
	}
}

func TestCertificateNumber(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		n := NewCertificateNumber(2026)
		if !strings.HasPrefix(n, "BD-2026-") || len(n) != len("BD-2026-XXXX-XXXX") || n[12] != '-' {
			t.Fatalf("bad number %q", n)
		}
		if seen[n] {
			t.Fatalf("number %s drawn twice in 1000", n)
		}
		seen[n] = true
		if got, ok := NormalizeCertificateNumber(strings.ToLower(strings.ReplaceAll(n, "-", " "))); !ok || got != n {
			t.Fatalf("typed %q read as %q %v", n, got, ok)
		}
	}
	c := &Certificate{Number: "BD-2026-AAAA-BBBB", OfficialName: "Lê Văn A", CampaignTitle: "Đợt", UnitName: "Sở", Score: 93, Hours: 4, OfficialID: 7, CampaignID: 3}
	if b, _ := json.Marshal(c.Check()); string(b) != `{"number":"BD-2026-AAAA-BBBB","official_name":"Lê Văn A","campaign_title":"Đợt","unit_name":"Sở","issued_at":"0001-01-01T00:00:00Z"}` {
		t.Fatalf("public check: %s", b)
	}
	if got, ok := NormalizeCertificateNumber("bd 2026 0l8a-22zz"); !ok || got != "BD-2026-OLBA-22ZZ" {
		t.Fatalf("misread digits: %q %v", got, ok)
	}
	for _, bad := range []string{"", "BD-2026-ABCD", "BD-2026-ABCD-EFGH-J", "XX-2026-ABCD-EFGH", "BD-2026-ABCD-EFG9", "BD-20x6-ABCD-EFGH", "BD-2026-ABCD-EFG'"} {
		if got, ok := NormalizeCertificateNumber(bad); ok {
			t.Errorf("%q accepted as %q", bad, got)
		}
	}
}

// TestDefaultQuestions checks the national bank against the national
// catalog: every question valid, on an item of the catalog, three or more
// on each "4 xin, 4 luôn" behaviour and at least one on every other item,
// the right answers spread over the positions.
func TestDefaultQuestions(t *testing.T) {
	raw, err := os.ReadFile("../sqldb/standardsql/catalog/1847-2019.json")
	if err != nil {
		t.Fatal(err)
	}
	var cat struct {
		Groups []struct {
			Items []struct {
				Code    string `json:"code"`
				FourXin bool   `json:"four_xin"`
			} `json:"items"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(raw, &cat); err != nil {
		t.Fatal(err)
	}
	qs := DefaultQuestions()
	per := map[string]int{}
	positions := map[int]int{}
	texts := map[string]bool{}
	for _, q := range qs {
		in := q
		if err := ValidateQuestion(&in); err != nil {
			t.Errorf("%s %q: %v", q.ItemCode, q.Text, err)
		}
		if in.Text != q.Text || len(in.Choices) != len(q.Choices) || in.Explanation == "" {
			t.Errorf("%q: untidy or without explanation", q.Text)
		}
		if texts[q.Text] {
			t.Errorf("%q twice", q.Text)
		}
		texts[q.Text] = true
		per[q.ItemCode]++
		positions[q.Answer]++
	}
	known := map[string]bool{}
	fourXin := 0
	for _, g := range cat.Groups {
		for _, it := range g.Items {
			known[it.Code] = true
			want := 1
			if it.FourXin {
				want = 3
				fourXin++
			}
			if per[it.Code] < want {
				t.Errorf("item %s has %d questions, want %d or more", it.Code, per[it.Code], want)
			}
		}
	}
	if fourXin != 8 {
		t.Fatalf("the catalog has %d four-xin items", fourXin)
	}
	for code := range per {
		if !known[code] {
			t.Errorf("questions on %s, not an item of the catalog", code)
		}
	}
	for p := range 4 {
		if positions[p] < len(qs)/8 {
			t.Errorf("the right answer is choice %d in only %d questions: %v", p, positions[p], positions)
		}
	}
	qs[0].Choices[0] = "changed"
	if DefaultQuestions()[0].Choices[0] == "changed" {
		t.Fatal("DefaultQuestions shares its slices")
	}
}
