package emulation

import (
	"congvu"
	"congvu/evaluation"
	"congvu/vntext"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a movement.
const (
	MaxTitle       = 300
	MaxContent     = 10000
	MaxCriteria    = 40
	MaxYears       = 10
	MaxReason      = 2000
	MaxPledge      = 4000
	MaxReviewText  = 20000
	MaxClusterSize = 500
)

// NoFigure is the value of a line with nothing to measure.
const NoFigure = -1

// FewerIsBetter reports whether lower values earn more points (Target
// below Floor: violations, founded petitions).
func (c Criterion) FewerIsBetter() bool { return c.Target < c.Floor }

// PointsFor turns a measured value into points: full Weight at Target or
// better, none at Floor or worse, linear in between (for "fewer is
// better" criteria Target < Floor), rounded to hundredths; with the
// sentence that explains it. A value below 0 is no figure: no points.
func (c Criterion) PointsFor(value float64) (points float64, explanation string) {
	w := num(c.Weight)
	if value < 0 || math.IsNaN(value) {
		return 0, fmt.Sprintf("Chưa có số liệu: 0/%s điểm.", w)
	}
	var frac float64
	switch {
	case c.Target == c.Floor:
		if (c.FewerIsBetter() && value <= c.Target) || value >= c.Target {
			frac = 1
		}
	case c.FewerIsBetter():
		frac = (c.Floor - value) / (c.Floor - c.Target)
	default:
		frac = (value - c.Floor) / (c.Target - c.Floor)
	}
	frac = max(0, min(1, frac))
	points = math.Round(c.Weight*frac*100) / 100
	points = max(0, min(c.Weight, points))
	v, t, f, p := c.format(value), c.format(c.Target), c.format(c.Floor), num(points)
	what := "Giá trị"
	if c.Source == SourceEvaluation {
		what = "Mức"
	}
	if c.FewerIsBetter() {
		switch {
		case frac >= 1:
			return points, fmt.Sprintf("%s %s, không quá %s: đủ %s điểm.", what, v, t, w)
		case frac <= 0:
			return points, fmt.Sprintf("%s %s, từ %s trở lên: 0/%s điểm.", what, v, f, w)
		}
		return points, fmt.Sprintf("%s %s, giữa %s (đủ %s điểm) và %s (0 điểm), tính theo tỷ lệ: %s/%s điểm.", what, v, t, w, f, p, w)
	}
	switch {
	case frac >= 1:
		return points, fmt.Sprintf("%s %s, đạt %s trở lên: đủ %s điểm.", what, v, t, w)
	case frac <= 0:
		return points, fmt.Sprintf("%s %s, từ %s trở xuống: 0/%s điểm.", what, v, f, w)
	}
	return points, fmt.Sprintf("%s %s, giữa %s (0 điểm) và %s (đủ %s điểm), tính theo tỷ lệ: %s/%s điểm.", what, v, f, t, w, p, w)
}

// format writes a value of the criterion's source: a share with its
// percent sign, a classification by its name, a count as a number.
func (c Criterion) format(x float64) string {
	switch c.Source {
	case SourceIndex, SourceInspection, SourceTraining:
		return num(x) + "%"
	case SourceEvaluation:
		if x == float64(int(x)) && x >= 1 && x <= 4 {
			return "“" + evaluation.Levels[4-int(x)].Label() + "”"
		}
	}
	return num(x)
}

// LevelValue is the value of a classification for a criterion fed by
// SourceEvaluation: 4 excellent … 1 not completed, NoFigure when none.
func LevelValue(l evaluation.Level) float64 {
	if r := l.Rank(); r > 0 {
		return float64(r)
	}
	return NoFigure
}

func validCode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// bounds are the sane values of a source's Target and Floor.
func bounds(s Source) (lo, hi float64) {
	switch s {
	case SourceIndex, SourceInspection, SourceTraining:
		return 0, 100
	case SourceEvaluation:
		return 1, 4
	case SourceViolations, SourcePetitions:
		return 0, 1000
	}
	return 0, 0
}

// ValidateCriteria checks a movement's criteria into v: codes unique and
// well formed, labels, weights, sources known, Target and Floor sane for
// the source, and the weights of each subject present summing to 100. It
// trims the texts.
func ValidateCriteria(v congvu.Validation, cs []Criterion) {
	if len(cs) > MaxCriteria {
		v.Add("criteria", fmt.Sprintf("Một phong trào có tối đa %d tiêu chí.", MaxCriteria))
		return
	}
	seen := map[string]bool{}
	sum := map[Subject]float64{}
	for i := range cs {
		c := &cs[i]
		key := fmt.Sprintf("criteria.%d", i)
		c.Code, c.Label, c.Help = strings.TrimSpace(c.Code), vntext.Clean(strings.TrimSpace(c.Label)), vntext.Clean(strings.TrimSpace(c.Help))
		if !c.Subject.Valid() {
			v.Add(key+".subject", "Xin chọn tiêu chí cho tập thể hay cá nhân.")
		}
		switch {
		case !validCode(c.Code):
			v.Add(key+".code", "Mã tiêu chí chỉ gồm chữ thường không dấu, số và dấu gạch dưới, tối đa 40 ký tự.")
		case seen[c.Code]:
			v.Add(key+".code", "Mã tiêu chí bị trùng: "+c.Code+".")
		}
		seen[c.Code] = true
		if n := utf8.RuneCountInString(c.Label); n == 0 || n > 300 {
			v.Add(key+".label", "Xin nhập tên tiêu chí (tối đa 300 ký tự).")
		}
		if utf8.RuneCountInString(c.Help) > 2000 {
			v.Add(key+".help", "Hướng dẫn chấm không được dài quá 2.000 ký tự.")
		}
		if math.IsNaN(c.Weight) || c.Weight <= 0 || c.Weight > 100 {
			v.Add(key+".weight", "Điểm tối đa của tiêu chí phải lớn hơn 0 và không quá 100.")
		} else if c.Subject.Valid() {
			sum[c.Subject] += c.Weight
		}
		if !c.Source.Valid() {
			v.Add(key+".source", "Nguồn số liệu không hợp lệ.")
			continue
		}
		if c.Source == SourceManual {
			c.Target, c.Floor = 0, 0
			continue
		}
		lo, hi := bounds(c.Source)
		if math.IsNaN(c.Target) || math.IsNaN(c.Floor) || c.Target < lo || c.Target > hi || c.Floor < lo || c.Floor > hi {
			v.Add(key+".target", fmt.Sprintf("Mức đủ điểm và mức 0 điểm của nguồn %s phải từ %s đến %s.", strings.ToLower(c.Source.Label()), num(lo), num(hi)))
		} else if c.Target == c.Floor {
			v.Add(key+".target", "Mức đủ điểm và mức 0 điểm phải khác nhau.")
		}
		fewer := c.Source == SourceViolations || c.Source == SourcePetitions
		if c.Target != c.Floor && fewer != c.FewerIsBetter() {
			if fewer {
				v.Add(key+".target", "Với "+strings.ToLower(c.Source.Label())+", càng ít càng tốt: mức đủ điểm phải nhỏ hơn mức 0 điểm.")
			} else {
				v.Add(key+".target", "Với "+strings.ToLower(c.Source.Label())+", càng cao càng tốt: mức đủ điểm phải lớn hơn mức 0 điểm.")
			}
		}
	}
	for _, s := range []Subject{Collective, Individual} {
		if w, ok := sum[s]; ok && math.Abs(w-100) > 0.001 {
			v.Add("criteria", fmt.Sprintf("Tổng điểm các tiêu chí cho %s phải bằng 100 (hiện là %s).", strings.ToLower(s.Label()), num(w)))
		}
	}
}

// Validate checks a movement's input: title, content, years (from 2000,
// at most MaxYears, ending no earlier than last year for a new one),
// interim year inside the period, and the criteria (ValidateCriteria).
// It trims the texts.
func (in *MovementInput) Validate(today time.Time) error {
	v := congvu.Validation{}
	in.Title, in.Content = vntext.Clean(strings.TrimSpace(in.Title)), vntext.CleanParagraphs(in.Content)
	if n := utf8.RuneCountInString(in.Title); n == 0 || n > MaxTitle {
		v.Add("title", "Xin nhập tên phong trào (tối đa 300 ký tự).")
	}
	if utf8.RuneCountInString(in.Content) > MaxContent {
		v.Add("content", "Nội dung không được dài quá 10.000 ký tự.")
	}
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn đơn vị phát động.")
	}
	switch {
	case in.FromYear < 2000 || in.FromYear > 9999:
		v.Add("from_year", "Năm bắt đầu không hợp lệ.")
	case in.ToYear < in.FromYear || in.ToYear > 9999:
		v.Add("to_year", "Năm kết thúc không được trước năm bắt đầu.")
	case in.ToYear-in.FromYear+1 > MaxYears:
		v.Add("to_year", fmt.Sprintf("Một phong trào kéo dài tối đa %d năm.", MaxYears))
	case !today.IsZero() && in.FromYear > congvu.Date(today).Year()+5:
		v.Add("from_year", "Năm bắt đầu quá xa so với hiện tại.")
	}
	if in.InterimYear != 0 && (in.InterimYear < in.FromYear || in.InterimYear >= in.ToYear) {
		v.Add("interim_year", "Năm sơ kết phải nằm trong thời gian của phong trào, trước năm kết thúc.")
	}
	ValidateCriteria(v, in.Criteria)
	return v.Err()
}

// ReadyToOpen checks that a movement may be launched: at least one
// criterion, and the weights of each subject summing to 100.
func (m *Movement) ReadyToOpen() error {
	v := congvu.Validation{}
	if len(m.Criteria) == 0 {
		v.Add("criteria", "Xin nhập các tiêu chí trước khi phát động phong trào.")
	}
	cs := append([]Criterion(nil), m.Criteria...)
	ValidateCriteria(v, cs)
	return v.Err()
}

// CriteriaOf returns the criteria of a subject, in order.
func (m *Movement) CriteriaOf(s Subject) []Criterion {
	var out []Criterion
	for _, c := range m.Criteria {
		if c.Subject == s {
			out = append(out, c)
		}
	}
	return out
}

// Covers reports whether the movement's period covers year.
func (m *Movement) Covers(year int) bool { return year >= m.FromYear && year <= m.ToYear }

// OfficeCultureCriteria are the default criteria of a movement on the
// culture of public service (the seeds' 2019–2025 movement and the next),
// for the demo and the web's "new movement" form: each subject's weights
// sum to 100.
func OfficeCultureCriteria() []Criterion {
	return []Criterion{
		{Subject: Collective, Code: "tt_hai_long", Label: "Chỉ số hài lòng của người dân với đơn vị", Weight: 25, Source: SourceIndex, Target: 90, Floor: 70,
			Help: "Chỉ số hài lòng năm của đơn vị và các đơn vị trực thuộc, khi đủ số lượt đánh giá tối thiểu."},
		{Subject: Collective, Code: "tt_vi_pham", Label: "Không có vi phạm văn hóa công vụ", Weight: 15, Source: SourceViolations, Target: 0, Floor: 5,
			Help: "Số vi phạm (không tính vi phạm đã bác bỏ) và số cá nhân bị kỷ luật trong năm."},
		{Subject: Collective, Code: "tt_kiem_tra", Label: "Kết quả kiểm tra công vụ", Weight: 20, Source: SourceInspection, Target: 100, Floor: 60,
			Help: "Tỷ lệ tiêu chí đạt trong các cuộc kiểm tra công vụ của năm."},
		{Subject: Collective, Code: "tt_phan_anh", Label: "Phản ánh có cơ sở về đơn vị", Weight: 10, Source: SourcePetitions, Target: 0, Floor: 5,
			Help: "Số phản ánh được kết luận có cơ sở hoặc có cơ sở một phần."},
		{Subject: Collective, Code: "tt_boi_duong", Label: "Bồi dưỡng văn hóa công vụ", Weight: 10, Source: SourceTraining, Target: 100, Floor: 50,
			Help: "Tỷ lệ cán bộ của đơn vị và các đơn vị trực thuộc hoàn thành mọi đợt bồi dưỡng bắt buộc của năm."},
		{Subject: Collective, Code: "tt_xep_loai", Label: "Xếp loại chất lượng của cơ quan, đơn vị", Weight: 10, Source: SourceEvaluation, Target: 4, Floor: 2,
			Help: "Hoàn thành xuất sắc nhiệm vụ: đủ điểm; hoàn thành nhiệm vụ trở xuống: 0 điểm."},
		{Subject: Collective, Code: "tt_cham_truc_tiep", Label: "Sáng kiến, cách làm hay về văn hóa công vụ", Weight: 10, Source: SourceManual,
			Help: "Hội đồng thi đua chấm trực tiếp, ghi rõ lý do."},

		{Subject: Individual, Code: "cn_hai_long", Label: "Chỉ số hài lòng của người dân với cán bộ", Weight: 25, Source: SourceIndex, Target: 95, Floor: 70,
			Help: "Chỉ số hài lòng năm của cán bộ, khi đủ số lượt đánh giá tối thiểu."},
		{Subject: Individual, Code: "cn_vi_pham", Label: "Không vi phạm văn hóa công vụ", Weight: 20, Source: SourceViolations, Target: 0, Floor: 2,
			Help: "Số vi phạm nêu tên cán bộ (không tính vi phạm đã bác bỏ) và quyết định kỷ luật trong năm."},
		{Subject: Individual, Code: "cn_phan_anh", Label: "Phản ánh có cơ sở về cán bộ", Weight: 10, Source: SourcePetitions, Target: 0, Floor: 3,
			Help: "Số phản ánh nêu tên cán bộ được kết luận có cơ sở hoặc có cơ sở một phần."},
		{Subject: Individual, Code: "cn_boi_duong", Label: "Tham gia bồi dưỡng văn hóa công vụ", Weight: 10, Source: SourceTraining, Target: 100, Floor: 0,
			Help: "Hoàn thành mọi đợt bồi dưỡng bắt buộc của năm: đủ điểm; chưa đủ: theo tỷ lệ đợt đã hoàn thành."},
		{Subject: Individual, Code: "cn_xep_loai", Label: "Xếp loại chất lượng trong năm", Weight: 25, Source: SourceEvaluation, Target: 4, Floor: 2,
			Help: "Hoàn thành xuất sắc nhiệm vụ: đủ điểm; hoàn thành tốt: một nửa; hoàn thành nhiệm vụ trở xuống: 0 điểm."},
		{Subject: Individual, Code: "cn_cham_truc_tiep", Label: "Tinh thần, thái độ phục vụ nhân dân", Weight: 10, Source: SourceManual,
			Help: "Thủ trưởng đơn vị chấm trực tiếp, ghi rõ lý do."},
	}
}

// HandScore checks a hand score of criterion c: a manual criterion,
// points within [0, Weight], a reason (trimmed).
func HandScore(c Criterion, points float64, reason *string) error {
	v := congvu.Validation{}
	if c.Source != SourceManual {
		v.Add("criterion_id", "Tiêu chí này được chấm tự động theo số liệu; chỉ tiêu chí chấm trực tiếp mới chấm tay.")
	}
	if math.IsNaN(points) || points < 0 || points > c.Weight {
		v.Add("points", fmt.Sprintf("Điểm phải từ 0 đến %s.", num(c.Weight)))
	}
	*reason = vntext.CleanParagraphs(*reason)
	if n := utf8.RuneCountInString(*reason); n < 5 || n > MaxReason {
		v.Add("reason", "Xin nêu lý do chấm điểm (từ 5 đến 2.000 ký tự).")
	}
	return v.Err()
}
