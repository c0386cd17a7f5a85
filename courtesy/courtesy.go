// Package courtesy checks a reply to a citizen before it is sent, in the
// spirit of "4 xin, 4 luôn" (xin chào, xin lỗi, xin cảm ơn, xin phép; luôn
// mỉm cười, luôn nhẹ nhàng, luôn lắng nghe, luôn giúp đỡ): a greeting,
// thanks for the report, an apology when the agency was at fault or late,
// the conclusion, the next step, a polite closing, and no curt words.
//
// Phrases are matched on folded text (vntext.Fold), so a reply typed
// without diacritics ("Kinh gui ong, cam on ong da phan anh") is checked as
// well as one with them. A few curt words are only recognised with their
// diacritics, where the folded form is an ordinary word ("đừng" folds to
// "dung", like "đúng" and "dùng").
//
// The checker only advises: it never changes the text, and phrase matching
// can be fooled. Each failed check comes with a sentence the writer could
// add.
package courtesy

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"congvu/vntext"
)

// Item is one check.
type Item struct {
	Code       string // greeting, thanks, apology, conclusion, next_step, closing, tone
	Label      string // what is checked, in Vietnamese
	OK         bool
	Suggestion string // what to add or change when not OK, in Vietnamese
	Required   bool   // the reply should not be sent while it fails
}

// Result is the outcome of all checks, in the order a letter reads.
type Result struct {
	Checks []Item
	Score  int // checks passed
	Total  int // checks made
}

// Ready reports whether every required check passed.
func (r Result) Ready() bool {
	for _, c := range r.Checks {
		if c.Required && !c.OK {
			return false
		}
	}
	return true
}

// Failed returns the checks that did not pass.
func (r Result) Failed() []Item {
	var out []Item
	for _, c := range r.Checks {
		if !c.OK {
			out = append(out, c)
		}
	}
	return out
}

// Context is what the checker cannot tell from the text.
type Context struct {
	AgencyAtFault bool // the petition was founded (fully or partly)
	Late          bool // the reply comes after its deadline
}

// Check is CheckWith(text, Context{}): the apology is advisory.
func Check(text string) Result { return CheckWith(text, Context{}) }

// The checks' codes.
const (
	CodeGreeting   = "greeting"
	CodeThanks     = "thanks"
	CodeApology    = "apology"
	CodeConclusion = "conclusion"
	CodeNextStep   = "next_step"
	CodeClosing    = "closing"
	CodeTone       = "tone"
)

// How far from the start a greeting, and from the end a closing, may be
// (in tokens: words and punctuation marks). A closing is never in the first
// sentence: "Trân trọng cảm ơn Ông đã phản ánh…" opens a letter.
const (
	openingWindow = 40
	closingWindow = 40
	maxGap        = 8 // words a "*" in a phrase may skip
)

var (
	greetings = compileAll(
		"kinh gui", "kinh chao", "kinh thua", "xin chao",
		"chao ong|ba|anh|chi|quy|co|chu|bac|cu|em|ban",
		"thua ong|ba|anh|chi|quy|co|chu|bac|cu")
	thanks   = compileAll("cam on", "biet on", "cam ta")
	apology  = compileAll("xin loi", "rat tiec", "lay lam tiec", "cao loi", "mong * thong cam")
	findings = compileAll(
		"ket luan", "ket qua xac minh", "qua xac minh", "ket qua kiem tra", "qua kiem tra",
		"phan anh * dung", "co co so", "dung su that", "sai su that")
	nextSteps = compileAll(
		"tiep theo", "se", "de nghi", "lien he", "xu ly", "khac phuc", "huong dan",
		"neu * chua dong y", "kiem diem", "chan chinh", "giai quyet", "khieu nai")
	nextStepsNot = compileAll("chia se")
	closings     = compileAll(
		"tran trong", "kinh thu", "kinh chuc", "chuc ong|ba|anh|chi|quy * suc khoe",
		"xin chan thanh cam on")
)

// curt lists words and phrases that read as rude or dismissive, with how to
// show them to the writer. Folded ones match with or without diacritics;
// exact ones only as written with diacritics (their folded form is common).
var (
	curtFolded = []shown{
		{compile("khong duoc phep hoi"), "không được phép hỏi"},
		{compile("tu di ma"), "tự đi mà"},
		{compile("tu lo lay"), "tự lo lấy"},
		{compile("vo ly"), "vô lý"},
		{compile("vo van hoa"), "vô văn hóa"},
		{compile("khong phai viec cua ong|ba|anh|chi"), "không phải việc của…"},
		{compile("hoi lam the"), "hỏi lắm thế"},
	}
	curtExact = []shown{
		{compile("đừng"), "đừng"},
		{compile("cấm"), "cấm"},
		{compile("mặc kệ"), "mặc kệ"},
		{compile("lắm chuyện"), "lắm chuyện"},
		{compile("hỏi lắm"), "hỏi lắm"},
		{compile("biết chưa"), "biết chưa"},
		{compile("ai bảo"), "ai bảo"},
		{compile("liệu mà"), "liệu mà"},
	}
	// Polite or neutral uses of the exact words above.
	curtNot = compileAll("đừng ngần ngại", "đừng lo", "xin đừng", "xin ông|bà|anh|chị|quý đừng",
		"nghiêm cấm", "bị cấm", "cấm đoán")
)

type shown struct {
	p    pattern
	show string
}

// CheckWith checks text knowing whether the agency was at fault or late:
// then the apology is required.
func CheckWith(text string, ctx Context) Result {
	// Fold line by line to keep the line breaks that end sentences.
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = vntext.Fold(l)
	}
	folded, newline := tokenizeLines(strings.Join(lines, "\n"))
	text = norm.NFC.String(text)
	exact := tokenize(strings.ToLower(text))
	n := len(folded)
	var r Result
	add := func(it Item) {
		if it.OK {
			it.Suggestion = ""
		}
		r.Checks = append(r.Checks, it)
	}

	add(Item{Code: CodeGreeting, Label: "Lời chào, xưng hô đầu thư", Required: true,
		OK:         findAny(greetings, folded, 0, min(n, openingWindow)),
		Suggestion: "Thêm lời chào đầu thư, ví dụ: «Kính gửi Ông/Bà Nguyễn Văn A,»"})

	add(Item{Code: CodeThanks, Label: "Cảm ơn người phản ánh", Required: true,
		OK:         findAny(thanks, folded, 0, n),
		Suggestion: "Cảm ơn người đã phản ánh, ví dụ: «Chúng tôi trân trọng cảm ơn Ông/Bà đã phản ánh để cơ quan chấn chỉnh kịp thời.»"})

	apologyNeeded := ctx.AgencyAtFault || ctx.Late
	apologyItem := Item{Code: CodeApology, Label: "Lời xin lỗi khi cơ quan có sai sót hoặc trả lời chậm",
		Required: apologyNeeded, OK: !apologyNeeded || findAny(apology, folded, 0, n)}
	switch {
	case ctx.AgencyAtFault && ctx.Late:
		apologyItem.Suggestion = "Xin lỗi vì sai sót và vì trả lời chậm, ví dụ: «Chúng tôi thành thật xin lỗi Ông/Bà về thái độ, cách làm việc chưa đúng mực của cán bộ và vì đã trả lời chậm hơn thời hạn.»"
	case ctx.AgencyAtFault:
		apologyItem.Suggestion = "Xin lỗi vì sai sót của cơ quan, ví dụ: «Chúng tôi thành thật xin lỗi Ông/Bà về thái độ, cách làm việc chưa đúng mực của cán bộ.»"
	case ctx.Late:
		apologyItem.Suggestion = "Xin lỗi vì trả lời chậm, ví dụ: «Chúng tôi thành thật xin lỗi Ông/Bà vì đã trả lời chậm hơn thời hạn.»"
	}
	add(apologyItem)

	add(Item{Code: CodeConclusion, Label: "Nêu rõ kết quả xác minh, kết luận", Required: true,
		OK:         findAny(findings, folded, 0, n),
		Suggestion: "Nêu rõ kết quả xác minh, ví dụ: «Qua xác minh, nội dung Ông/Bà phản ánh là đúng: cán bộ tiếp nhận đã yêu cầu nộp thêm giấy tờ không có trong quy định.»"})

	add(Item{Code: CodeNextStep, Label: "Nêu việc sẽ làm tiếp theo", Required: true,
		OK:         findAny(nextSteps, mask(folded, nextStepsNot), 0, n),
		Suggestion: "Nói rõ việc sẽ làm tiếp theo, ví dụ: «Cơ quan đã yêu cầu cán bộ kiểm điểm và sẽ giải quyết hồ sơ của Ông/Bà trong tuần này; nếu chưa đồng ý, Ông/Bà có thể liên hệ Văn phòng qua số điện thoại …»"})

	add(Item{Code: CodeClosing, Label: "Lời kết lịch sự", Required: true,
		OK:         findAny(closings, folded, max(n-closingWindow, firstSentence(folded, newline)), n),
		Suggestion: "Thêm lời kết cuối thư, ví dụ: «Trân trọng cảm ơn Ông/Bà.» hoặc «Trân trọng.»"})

	add(toneItem(text, folded, mask(exact, curtNot)))

	r.Total = len(r.Checks)
	for _, c := range r.Checks {
		if c.OK {
			r.Score++
		}
	}
	return r
}

func toneItem(text string, folded, exact []string) Item {
	it := Item{Code: CodeTone, Label: "Lời lẽ nhẹ nhàng, tôn trọng (không cộc lốc, không quát tháo)", Required: true}
	var words []string
	for _, c := range curtFolded {
		if c.p.find(folded, 0, len(folded)) >= 0 {
			words = append(words, "«"+c.show+"»")
		}
	}
	for _, c := range curtExact {
		if c.p.find(exact, 0, len(exact)) >= 0 {
			words = append(words, "«"+c.show+"»")
		}
	}
	var advice []string
	if len(words) > 0 {
		advice = append(advice, "Thay "+strings.Join(words, ", ")+" bằng lời nhẹ nhàng, tôn trọng, ví dụ: «Rất mong Ông/Bà thông cảm và phối hợp với cơ quan.»")
	}
	if strings.Contains(text, "!!") {
		advice = append(advice, "Bỏ các dấu chấm than liên tiếp «!!»: thư trả lời nên giữ giọng bình tĩnh.")
	}
	if shouting(text) {
		advice = append(advice, "Không viết hoa cả câu: chữ in hoa liên tiếp được hiểu là quát tháo; chỉ viết hoa chữ cái đầu câu và tên riêng.")
	}
	it.OK = len(advice) == 0
	it.Suggestion = strings.Join(advice, " ")
	return it
}

// shouting reports (in NFC text) a run of more than 5 upper-case words in a line. The
// letter heading (the first lines when they have no lower-case letter, such
// as "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or the agency's name) is not
// shouting.
func shouting(text string) bool {
	heading := true
	nonEmpty := 0
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		nonEmpty++
		if heading && nonEmpty <= 4 && !hasLower(line) && !strings.ContainsAny(line, "!?.") {
			continue
		}
		heading = false
		run := 0
		for _, w := range tokenize(line) {
			upper, lower := false, false
			for _, r := range w {
				upper = upper || unicode.IsUpper(r)
				lower = lower || unicode.IsLower(r)
			}
			switch {
			case lower:
				run = 0
			case upper:
				if run++; run > 5 {
					return true
				}
			}
		}
	}
	return false
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// tokenize splits text into words (letters, digits, combining marks) and
// single punctuation marks; space separates and is dropped.
func tokenize(s string) []string {
	toks, _ := tokenizeLines(s)
	return toks
}

// tokenizeLines is tokenize that also reports, for each token, whether a
// line break came before it.
func tokenizeLines(s string) (toks []string, newline []bool) {
	start := -1
	nl := false
	emit := func(t string) {
		toks = append(toks, t)
		newline = append(newline, nl)
		nl = false
	}
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		if word {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			emit(s[start:i])
			start = -1
		}
		switch {
		case r == '\n':
			nl = true
		case !unicode.IsSpace(r):
			emit(string(r))
		}
	}
	if start >= 0 {
		emit(s[start:])
	}
	return toks, newline
}

// firstSentence returns the number of tokens in the first sentence, which
// ends with . ! ? or a line break.
func firstSentence(toks []string, newline []bool) int {
	for i, t := range toks {
		if i > 0 && newline[i] {
			return i
		}
		if t == "." || t == "!" || t == "?" || t == "…" {
			return i + 1
		}
	}
	return len(toks)
}

// A pattern is a phrase: each element lists the words that may stand at its
// place, or is nil for a gap of up to maxGap words within one clause.
type pattern [][]string

func compile(s string) pattern {
	var p pattern
	for _, w := range strings.Fields(s) {
		if w == "*" {
			p = append(p, nil)
			continue
		}
		p = append(p, strings.Split(w, "|"))
	}
	return p
}

func compileAll(ss ...string) []pattern {
	out := make([]pattern, len(ss))
	for i, s := range ss {
		out[i] = compile(s)
	}
	return out
}

// clauseBreak marks tokens a gap may not cross.
func clauseBreak(tok string) bool { return strings.ContainsAny(tok, ".,;:!?…()[]\"«»") }

func isWord(tok string) bool {
	for _, r := range tok {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
	return false
}

// matchAt returns the end of a match of p starting at toks[i], or -1.
func (p pattern) matchAt(toks []string, i int) int {
	if len(p) == 0 {
		return i
	}
	if p[0] == nil {
		for skip := 0; skip <= maxGap && i+skip <= len(toks); skip++ {
			if end := p[1:].matchAt(toks, i+skip); end >= 0 {
				return end
			}
			if i+skip == len(toks) || clauseBreak(toks[i+skip]) {
				break
			}
		}
		return -1
	}
	if i >= len(toks) {
		return -1
	}
	for _, alt := range p[0] {
		if toks[i] == alt {
			return p[1:].matchAt(toks, i+1)
		}
	}
	return -1
}

// find returns the first start in [from, to) where p matches, or -1.
func (p pattern) find(toks []string, from, to int) int {
	for i := max(from, 0); i < to && i < len(toks); i++ {
		if isWord(toks[i]) && p.matchAt(toks, i) >= 0 {
			return i
		}
	}
	return -1
}

func findAny(ps []pattern, toks []string, from, to int) bool {
	for _, p := range ps {
		if p.find(toks, from, to) >= 0 {
			return true
		}
	}
	return false
}

// mask returns toks with every match of the patterns blanked out.
func mask(toks []string, ps []pattern) []string {
	out := toks
	copied := false
	for _, p := range ps {
		for i := 0; i < len(out); i++ {
			end := p.matchAt(out, i)
			if end < 0 || !isWord(out[i]) {
				continue
			}
			if !copied {
				out = append([]string(nil), toks...)
				copied = true
			}
			for j := i; j < end; j++ {
				out[j] = "_"
			}
		}
	}
	return out
}
