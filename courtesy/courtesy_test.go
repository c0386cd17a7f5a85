package courtesy

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

const complete = `Kính gửi Ông Nguyễn Văn Bình,

Ủy ban nhân dân xã Vũ Hội trân trọng cảm ơn Ông đã phản ánh về việc cán bộ một cửa yêu cầu nộp thêm giấy tờ khi làm thủ tục chứng thực ngày 12/3.

Qua xác minh, nội dung Ông phản ánh là đúng: cán bộ tiếp nhận đã yêu cầu bản sao sổ hộ khẩu, là giấy tờ không có trong quy định. Chúng tôi thành thật xin lỗi Ông về sự phiền hà này.

Ủy ban đã yêu cầu cán bộ kiểm điểm và sẽ hướng dẫn lại toàn bộ bộ phận một cửa. Nếu Ông chưa đồng ý với kết quả trên, xin vui lòng liên hệ Văn phòng Ủy ban qua số 0227 3851 234.

Trân trọng cảm ơn Ông.`

// The same reply as typed without diacritics (Telex switched off).
const completeASCII = `Kinh gui ong Nguyen Van Binh,
UBND xa Vu Hoi tran trong cam on ong da phan anh ve viec can bo mot cua yeu cau nop them giay to.
Qua xac minh, noi dung ong phan anh la dung. Chung toi thanh that xin loi ong.
Uy ban da yeu cau can bo kiem diem va se huong dan lai bo phan mot cua.
Tran trong.`

func byCode(t *testing.T, r Result, code string) Item {
	t.Helper()
	for _, c := range r.Checks {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no check %q", code)
	return Item{}
}

func assertAllOK(t *testing.T, r Result) {
	t.Helper()
	for _, c := range r.Checks {
		if !c.OK {
			t.Errorf("%s failed: %s", c.Code, c.Suggestion)
		}
		if c.OK && c.Suggestion != "" {
			t.Errorf("%s passed but suggests %q", c.Code, c.Suggestion)
		}
	}
	if !r.Ready() || r.Score != r.Total || r.Total != 7 {
		t.Errorf("Ready %v, score %d/%d", r.Ready(), r.Score, r.Total)
	}
}

func TestCompleteReplyPasses(t *testing.T) {
	for name, text := range map[string]string{
		"diacritics":    complete,
		"no diacritics": completeASCII,
		"NFD input":     norm.NFD.String(complete),
		"upper-case greeting and closing": strings.Replace(strings.Replace(complete,
			"Kính gửi", "KÍNH GỬI", 1), "Trân trọng cảm ơn Ông.", "TRÂN TRỌNG.", 1),
	} {
		t.Run(name, func(t *testing.T) {
			r := CheckWith(text, Context{AgencyAtFault: true, Late: true})
			assertAllOK(t, r)
			if a := byCode(t, r, CodeApology); !a.Required {
				t.Error("apology not required for a founded, late petition")
			}
		})
	}
}

// A reply laid out as an official letter: heading in capitals, "./." at
// the end, a signature block.
const formal = `ỦY BAN NHÂN DÂN
XÃ VŨ HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Thưa Bà Trần Thị Hoa,
Trước hết, Ủy ban xin cảm ơn Bà đã tin tưởng gửi phản ánh.
Kết quả xác minh cho thấy cán bộ Lê Văn D đã hẹn trả hồ sơ quá hạn 5 ngày mà không thông báo. Rất tiếc vì sự chậm trễ này; Ủy ban thành thật xin lỗi Bà.
Hồ sơ của Bà sẽ được trả trong ngày 20/4. Đề nghị Bà mang theo giấy hẹn.
Kính chúc Bà sức khỏe.
Trân trọng./.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn C`

func TestFormalLetterPasses(t *testing.T) {
	assertAllOK(t, CheckWith(formal, Context{AgencyAtFault: true}))
	assertAllOK(t, CheckWith(vntextFoldLines(formal), Context{AgencyAtFault: true}))
}

// vntextFoldLines strips the diacritics but keeps the lines and the case,
// as a reply typed without Vietnamese input would look.
func vntextFoldLines(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestCurtReplyFails(t *testing.T) {
	r := CheckWith("Đã xem. Hồ sơ của ông thiếu giấy tờ thì phải bổ sung, đừng gửi đơn nữa!!!", Context{AgencyAtFault: false, Late: true})
	if r.Ready() {
		t.Fatal("a curt reply is ready")
	}
	for _, code := range []string{CodeGreeting, CodeThanks, CodeApology, CodeConclusion, CodeClosing, CodeTone} {
		c := byCode(t, r, code)
		if c.OK {
			t.Errorf("%s passed", code)
		}
		if c.Suggestion == "" || !strings.Contains(c.Suggestion, "«") {
			t.Errorf("%s: suggestion %q does not give an example", code, c.Suggestion)
		}
	}
	tone := byCode(t, r, CodeTone).Suggestion
	for _, want := range []string{"«đừng»", "«!!»"} {
		if !strings.Contains(tone, want) {
			t.Errorf("tone suggestion %q does not mention %s", tone, want)
		}
	}
	if !strings.Contains(byCode(t, r, CodeApology).Suggestion, "chậm") {
		t.Errorf("late apology suggestion: %q", byCode(t, r, CodeApology).Suggestion)
	}
	if r.Score >= r.Total-4 {
		t.Errorf("score %d/%d", r.Score, r.Total)
	}
}

func TestApologyAdvisoryWithoutContext(t *testing.T) {
	// An unfounded petition answered in time: no apology needed.
	text := `Kính gửi Bà Trần Thị Hoa,
Cảm ơn Bà đã phản ánh. Qua xác minh, nội dung phản ánh không có cơ sở: hồ sơ của Bà được trả đúng hẹn.
Nếu Bà chưa đồng ý, Bà có thể liên hệ Thanh tra huyện. Trân trọng.`
	r := Check(text)
	a := byCode(t, r, CodeApology)
	if !a.OK || a.Required {
		t.Errorf("apology: %+v", a)
	}
	assertAllOK(t, r)

	for _, ctx := range []Context{{AgencyAtFault: true}, {Late: true}, {AgencyAtFault: true, Late: true}} {
		r := CheckWith(text, ctx)
		a := byCode(t, r, CodeApology)
		if a.OK || !a.Required || r.Ready() || a.Suggestion == "" {
			t.Errorf("%+v: apology %+v, ready %v", ctx, a, r.Ready())
		}
		if strings.Contains(a.Suggestion, "chậm") != ctx.Late {
			t.Errorf("%+v: suggestion %q", ctx, a.Suggestion)
		}
	}
}

func TestEachCheckAloneWithAndWithoutDiacritics(t *testing.T) {
	cases := []struct {
		code   string
		ctx    Context
		yes    []string
		no     []string
		noNote string
	}{
		{code: CodeGreeting,
			yes: []string{"Kính gửi Ông,", "Kinh gui ong,", "Kính chào Bà.", "Xin chào anh Nam,", "xin chao chi",
				"Chào Ông/Bà,", "Thưa Ông/Bà,", "thua ba", "Kính thưa Quý ông,"},
			no: []string{"Ông phản ánh việc chậm trễ.", "Thừa nhận sai sót của cán bộ.",
				strings.Repeat("Nội dung thư dài. ", 15) + "Kính gửi lời chào."}, noNote: "a greeting far from the start is not one"},
		{code: CodeThanks,
			yes: []string{"Cảm ơn Ông.", "Cám ơn Bà.", "cam on ong", "Trân trọng cảm ơn.", "Chúng tôi biết ơn Bà."},
			no:  []string{"Cảm nhận của Ông là đúng.", "Cam kết xử lý."}},
		{code: CodeApology, ctx: Context{AgencyAtFault: true},
			yes: []string{"Chúng tôi thành thật xin lỗi Ông.", "thanh that xin loi ba", "Rất tiếc về sự việc.",
				"Kính mong Ông thông cảm.", "Chúng tôi cáo lỗi."},
			no: []string{"Xin hỏi Ông có đồng ý.", "Mong Ông. Thông cảm"}},
		{code: CodeConclusion,
			yes: []string{"Kết luận: đúng.", "ket qua xac minh cho thay", "Qua xác minh, cán bộ có vi phạm.",
				"Phản ánh của Ông là đúng.", "Phan anh cua ba khong dung.", "Phản ánh không có cơ sở.",
				"Qua kiểm tra hồ sơ, việc trả chậm là có thật."},
			no: []string{"Cảm ơn Ông đã phản ánh, chúng tôi sử dụng thông tin.", "Ông gửi đơn ngày 3/4."}},
		{code: CodeNextStep,
			yes: []string{"Cơ quan sẽ trả hồ sơ.", "co quan se tra ho so", "Bước tiếp theo là họp.", "Đề nghị Ông mang giấy tờ.",
				"Xin liên hệ số 0227.", "Cán bộ đã khắc phục.", "Nếu Ông chưa đồng ý, xin gửi lại.", "Cán bộ phải kiểm điểm."},
			no: []string{"Chúng tôi chia sẻ với Ông.", "Ông đã phản ánh."}},
		{code: CodeClosing,
			yes: []string{"Nội dung. Trân trọng.", "Noi dung. Tran trong.", "Nội dung. Kính thư.",
				"Nội dung. Kính chúc Ông sức khỏe.", "Nội dung. Chúc Bà và gia đình sức khỏe."},
			no: []string{"Trân trọng cảm ơn Ông đã phản ánh về việc cán bộ xã đòi thêm giấy tờ khi chứng thực bản sao, việc này gây phiền hà."}, noNote: "thanks at the start is not a closing"},
	}
	for _, c := range cases {
		for _, s := range c.yes {
			if it := byCode(t, CheckWith(s, c.ctx), c.code); !it.OK {
				t.Errorf("%s should pass: %q", c.code, s)
			}
		}
		for _, s := range c.no {
			if it := byCode(t, CheckWith(s, c.ctx), c.code); it.OK {
				t.Errorf("%s should fail: %q (%s)", c.code, s, c.noNote)
			}
		}
	}
}

func TestTone(t *testing.T) {
	curt := map[string]string{
		"Ông không được phép hỏi thêm.":                 "không được phép hỏi",
		"Muốn nhanh thì tự đi mà làm.":                  "tự đi mà",
		"tu di ma lam":                                  "tự đi mà",
		"Yêu cầu của bà là vô lý.":                      "vô lý",
		"yeu cau cua ba la vo ly":                       "vô lý",
		"Đừng gửi đơn nữa.":                             "đừng",
		"Cấm quay phim trong phòng.":                    "cấm",
		"Chúng tôi mặc kệ.":                             "mặc kệ",
		"Ông hỏi lắm thế.":                              "hỏi lắm",
		"Đây không phải việc của ông.":                  "không phải việc của",
		"Hồ sơ sai thì làm lại!!":                       "!!",
		"Ông PHẢI NỘP ĐỦ HỒ SƠ MỚI ĐƯỢC GIẢI QUYẾT.":    "viết hoa",
		"Kinh gui ong. ONG PHAI NOP DU HO SO TRUOC DAY": "viết hoa",
	}
	for text, want := range curt {
		it := byCode(t, Check(text), CodeTone)
		if it.OK || !it.Required || !strings.Contains(it.Suggestion, want) {
			t.Errorf("%q: %+v, want a suggestion about %q", text, it, want)
		}
	}
	polite := []string{
		complete,
		"Xin Ông đừng ngần ngại liên hệ với chúng tôi.",
		"Pháp luật nghiêm cấm hành vi nhũng nhiễu nhân dân.",
		"Ông đừng lo, hồ sơ đã được giải quyết.",
		"Căn cứ Nghị định số 61/2018/NĐ-CP, UBND xã trả lời như sau.",
		// "dung" without diacritics may be đúng or dùng: never curt.
		"Phan anh cua ong la dung, chung toi dung bien phap khac phuc.",
		// A cảm ơn is not a cấm.
		"cam on ong",
		// The letter heading is in capitals.
		"ỦY BAN NHÂN DÂN XÃ VŨ HỘI HUYỆN ĐÔNG HƯNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nKính gửi Ông,",
		"Cảm ơn Ông!",
	}
	for _, text := range polite {
		if it := byCode(t, Check(text), CodeTone); !it.OK {
			t.Errorf("%q flagged: %s", text, it.Suggestion)
		}
	}
}

func TestEmpty(t *testing.T) {
	r := Check("")
	if r.Ready() || r.Total != 7 {
		t.Fatalf("empty reply: ready %v, total %d", r.Ready(), r.Total)
	}
	// Only the advisory apology and the tone pass.
	if r.Score != 2 || len(r.Failed()) != 5 {
		t.Errorf("score %d, failed %d", r.Score, len(r.Failed()))
	}
	for _, c := range r.Checks {
		if c.Label == "" || c.Code == "" {
			t.Errorf("check without code or label: %+v", c)
		}
	}
}

func TestReadyIgnoresAdvisory(t *testing.T) {
	r := Result{Checks: []Item{{Code: "a", OK: true, Required: true}, {Code: "b", OK: false}}}
	if !r.Ready() {
		t.Error("an advisory failure blocks")
	}
	r.Checks = append(r.Checks, Item{Code: "c", OK: false, Required: true})
	if r.Ready() {
		t.Error("a required failure does not block")
	}
}

func TestPatternGap(t *testing.T) {
	p := compile("phan anh * dung")
	for s, want := range map[string]bool{
		"phan anh dung":                           true,
		"phan anh cua ong/ba la dung":             true,
		"phan anh, chung toi su dung":             false, // a gap does not cross a comma
		"phan anh a b c d e f g h i dung":         false, // nor more than 8 words
		"noi dung phan anh cua ba hoan toan dung": true,
	} {
		if got := p.find(tokenize(s), 0, 100) >= 0; got != want {
			t.Errorf("%q: %v", s, got)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	for b.Loop() {
		Check(complete)
	}
}
