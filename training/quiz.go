package training

import (
	"congvu"
	"congvu/vntext"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
)

// The bounds of a question of the bank.
const (
	MinChoices        = 2
	MaxChoices        = 6
	maxQuestionText   = 1000
	maxChoiceText     = 300
	maxExplanationLen = 2000
)

// itemCodeRe is the shape of a standard item's code (GT-XC, TT-NHN, local
// codes such as TB-01).
var itemCodeRe = regexp.MustCompile(`^[A-Z0-9]{1,10}(-[A-Z0-9]{1,10}){0,3}$`)

// NormalizeItemCode is an item code as stored: trimmed, upper case.
func NormalizeItemCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ValidateQuestion checks a question of the bank and tidies it in place
// (trimmed text and choices, the item code upper case): a text, two to six
// distinct choices, the right one among them, the item it is about. It does
// not check that the item exists in the catalog: the storage does.
func ValidateQuestion(in *QuestionInput) error {
	v := congvu.Validation{}
	in.ItemCode = NormalizeItemCode(in.ItemCode)
	in.Text = vntext.Clean(in.Text)
	in.Explanation = vntext.CleanParagraphs(in.Explanation)
	switch {
	case in.ItemCode == "":
		v.Add("item_code", "Xin chọn chuẩn mực mà câu hỏi kiểm tra.")
	case !itemCodeRe.MatchString(in.ItemCode):
		v.Add("item_code", "Mã chuẩn mực không hợp lệ.")
	}
	switch {
	case in.Text == "":
		v.Add("text", "Xin nhập nội dung câu hỏi.")
	default:
		tooLong(v, "text", in.Text, maxQuestionText, "Nội dung câu hỏi")
	}
	var choices []string
	answer := in.Answer
	for i, c := range in.Choices {
		if c = vntext.Clean(c); c != "" {
			choices = append(choices, c)
		} else if i < in.Answer {
			answer-- // an empty choice left out before the right one
		} else if i == in.Answer {
			answer = -1 // the right one was left empty
		}
	}
	in.Answer = answer
	in.Choices = choices
	switch {
	case len(choices) < MinChoices:
		v.Add("choices", "Câu hỏi cần ít nhất 2 phương án trả lời.")
	case len(choices) > MaxChoices:
		v.Add("choices", "Câu hỏi có nhiều nhất 6 phương án trả lời.")
	default:
		seen := map[string]bool{}
		for _, c := range choices {
			key := strings.ToLower(c)
			if seen[key] {
				v.Add("choices", "Các phương án trả lời không được trùng nhau.")
			}
			seen[key] = true
			tooLong(v, "choices", c, maxChoiceText, "Mỗi phương án trả lời")
		}
		if in.Answer < 0 || in.Answer >= len(choices) {
			v.Add("answer", "Xin chọn phương án đúng trong các phương án đã nhập.")
		}
	}
	tooLong(v, "explanation", in.Explanation, maxExplanationLen, "Phần giải thích")
	return v.Err()
}

// Draw picks n questions from the bank's active ones at random, spread
// across the items: every item is drawn once (in a random order of items)
// before any item is drawn twice, so a quiz of eight questions on a bank of
// the eight behaviours asks one on each. The questions come in a random
// order. A bank smaller than n gives all its active questions.
func Draw(bank []*Question, n int, rnd *rand.Rand) []*Question {
	byItem := map[string][]*Question{}
	var items []string
	for _, q := range bank {
		if !q.Active {
			continue
		}
		if _, ok := byItem[q.ItemCode]; !ok {
			items = append(items, q.ItemCode)
		}
		byItem[q.ItemCode] = append(byItem[q.ItemCode], q)
	}
	slices.Sort(items) // the map's order is not the draw's
	for _, code := range items {
		qs := byItem[code]
		rnd.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	}
	var out []*Question
	for len(out) < n && len(items) > 0 {
		rnd.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		left := items[:0]
		for _, code := range items {
			if len(out) == n {
				break
			}
			qs := byItem[code]
			out = append(out, qs[0])
			if byItem[code] = qs[1:]; len(qs) > 1 {
				left = append(left, code)
			}
		}
		items = left
	}
	rnd.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Grade scores a submitted attempt: it sets a.Correct from a.Answers and
// the questions' right answers (a.Questions[i].Answer), a.Score (the
// percent of right answers, rounded down, so 7 of 9 is 77 and does not
// reach a pass mark of 78) and a.Passed (a score at or above a.PassMark).
func Grade(a *Attempt) (score int, passed bool) {
	a.Correct = make([]bool, len(a.Questions))
	right := 0
	for i, q := range a.Questions {
		if i < len(a.Answers) && a.Answers[i] == q.Answer {
			a.Correct[i] = true
			right++
		}
	}
	if len(a.Questions) > 0 {
		score = 100 * right / len(a.Questions)
	}
	a.Score, a.Passed = score, score >= a.PassMark
	return a.Score, a.Passed
}

// NormalizeAnswers fits submitted answers to an attempt of n questions:
// one per question, -1 for none or a choice out of range.
func NormalizeAnswers(answers []int, questions []Question) []int {
	out := make([]int, len(questions))
	for i, q := range questions {
		out[i] = -1
		if i < len(answers) && answers[i] >= 0 && answers[i] < len(q.Choices) {
			out[i] = answers[i]
		}
	}
	return out
}

// QuizOpen says whether the campaign's quiz may be taken or submitted:
// the campaign has a quiz and officials may train in it (TrainError: it is
// open). Its period's end does not close it: an official behind may still
// catch up until the organiser closes the campaign.
func QuizOpen(c *Campaign) error {
	if c.QuizQuestions <= 0 {
		return congvu.Errorf(congvu.ECONFLICT, "Đợt bồi dưỡng này không có bài kiểm tra.")
	}
	return TrainError(c)
}

// CanAttempt is the rule of attempts: a new attempt is allowed while the
// quiz is open, the official has not passed, and has used fewer than the
// campaign's MaxAttempts (0: no limit). used counts the submitted and the
// unsubmitted attempts alike.
func CanAttempt(c *Campaign, used int, passed bool) error {
	if err := QuizOpen(c); err != nil {
		return err
	}
	if passed {
		return congvu.Errorf(congvu.ECONFLICT, "Anh/chị đã đạt bài kiểm tra của đợt bồi dưỡng này.")
	}
	if c.MaxAttempts > 0 && used >= c.MaxAttempts {
		return congvu.Errorf(congvu.ECONFLICT, "Anh/chị đã làm hết %d lần kiểm tra được phép.", c.MaxAttempts)
	}
	return nil
}

// AttemptsLeft is how many more attempts the official may start, -1 for
// no limit.
func AttemptsLeft(c *Campaign, used int) int {
	if c.MaxAttempts <= 0 {
		return -1
	}
	return max(0, c.MaxAttempts-used)
}

// ForAnswering returns a copy of the attempt safe to show before it is
// submitted: no right answer, no explanation. Submitted attempts are
// returned whole (with Key).
func (a *Attempt) ForAnswering() *Attempt {
	cp := *a
	if a.SubmittedAt != nil {
		return &cp
	}
	cp.Questions = make([]Question, len(a.Questions))
	for i, q := range a.Questions {
		q.Answer = -1
		q.Explanation = ""
		q.Choices = slices.Clone(q.Choices)
		cp.Questions[i] = q
	}
	cp.Key, cp.Correct = nil, nil
	return &cp
}

// KeyShown is the rule of showing a submitted attempt's right answers and
// explanations: once the official passed the campaign's quiz, or when they
// may take no other attempt (none left, or the quiz closed) and have none
// in progress. Before that a retry could meet the same questions with the
// answers known; whether each answer was right still shows. used counts
// the official's attempts (submitted or not), as for CanAttempt.
func KeyShown(c *Campaign, passed bool, used int, inProgress bool) bool {
	if inProgress {
		return false
	}
	return passed || CanAttempt(c, used, passed) != nil
}

// WithoutKey returns a copy of a submitted attempt without the right
// answers and explanations (KeyHidden set); which answers were right, the
// score and the result stay.
func (a *Attempt) WithoutKey() *Attempt {
	cp := *a
	cp.Questions = make([]Question, len(a.Questions))
	for i, q := range a.Questions {
		q.Answer = -1
		q.Explanation = ""
		cp.Questions[i] = q
	}
	cp.Key, cp.KeyHidden = nil, true
	return &cp
}

// Submitted reports whether the attempt was submitted.
func (a *Attempt) Submitted() bool { return a.SubmittedAt != nil }
