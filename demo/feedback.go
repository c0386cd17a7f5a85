package demo

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/vntext"
)

// The demo's citizen feedback: ratings of the people who serve the public —
// the public administration service centres of the province and of the
// staffed communes, the communes, the hospital, and a little for two
// departments — with a weekly rhythm, officials from excellent to poor,
// comments, kiosks, dossiers returned on time or late, and a few ballot
// stuffing bursts. From April to June 2025 they are recorded against the
// units of then (the two provinces' centres, two cities' one-stop shops,
// the former communes), in one import keyed FormerFeedbackKey; from
// 01/07/2025 to the day before the load against today's units, in one
// import keyed FeedbackKey, denser in the last FeedbackDays days.
// Everything is drawn from Seed and the day of the load.

// FeedbackKey names the demo's import of the ratings since 01/07/2025:
// loading again writes nothing.
const FeedbackKey = "demo-hung-yen"

// FormerFeedbackKey names the import of the ratings before 01/07/2025.
const FormerFeedbackKey = "demo-hung-yen-truoc-01-07-2025"

// FeedbackDays is how many days before the load the ratings are at their
// full rate; earlier days, back to FormerFrom, hold fewer.
const FeedbackDays = 182

// FormerFrom is the first day of the demo's ratings, three months before
// the reform.
var FormerFrom = time.Date(2025, 4, 1, 0, 0, 0, 0, congvu.TimeZone)

// olderRate is the share of the full rate on days since 01/07/2025 before
// the last FeedbackDays; formerRate on days before 01/07/2025.
const (
	olderRate  = 0.1
	formerRate = 0.4
)

func feedbackKey(e era) string {
	if e == before {
		return FormerFeedbackKey
	}
	return FeedbackKey
}

// profile is how well someone serves: the chance a citizen leaves
// satisfied or very satisfied, the share of those very satisfied, and the
// chance of a "yes" to each of the eight behaviours (congvu.FourXinCodes
// order: xin chào, xin lỗi, xin cảm ơn, xin phép, mỉm cười, nhẹ nhàng,
// lắng nghe, giúp đỡ).
type profile struct {
	name  string
	sat   float64
	very  float64
	items [8]float64
}

var (
	excellent = profile{"excellent", 0.965, 0.78, [8]float64{0.98, 0.93, 0.97, 0.94, 0.96, 0.97, 0.97, 0.98}}
	good      = profile{"good", 0.88, 0.55, [8]float64{0.93, 0.78, 0.9, 0.84, 0.86, 0.9, 0.9, 0.91}}
	average   = profile{"average", 0.78, 0.4, [8]float64{0.88, 0.62, 0.84, 0.74, 0.72, 0.8, 0.8, 0.82}}
	// poor: rarely says sorry or listens, seldom smiles.
	poor = profile{"poor", 0.58, 0.3, [8]float64{0.72, 0.28, 0.7, 0.58, 0.42, 0.6, 0.33, 0.62}}
)

// stream is a place where citizens rate: its unit, the officials they
// rate there, how many ratings a busy working day brings, and through
// which channels.
type stream struct {
	unitCode  string
	officials []string // employee codes
	perDay    float64
	kiosk     string  // device key of the unit's kiosk, "" for none
	badge     float64 // share of ratings through an official's badge
	kioskP    float64 // through the kiosk (the rest: the unit's QR code)
	base      profile // for ratings of the unit as a whole
	hospital  bool
	era       era
}

// demoKiosk is one of the demo's tablets.
type demoKiosk struct {
	unitCode, name string
}

var demoKiosks = []demoKiosk{
	{centreCode, "Máy đánh giá sảnh tầng 1"},
	{communeCentre(CityWard), "Máy đánh giá quầy một cửa"},
}

// derived makes a lowercase base32 secret (26 letters, like the service's
// own tokens) from the demo seed and a name: the demo's kiosks and open
// dossiers get the same keys on every load, so their links can be shown.
func derived(name string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("congvu demo %d %s", Seed, name)))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:16]))
}

// kioskKey returns the device key of demo kiosk i.
func kioskKey(i int) string { return derived(fmt.Sprintf("kiosk %d", i)) }

// openDossiers are returned, unrated dossiers of the public service centre
// whose one-time links the demo prints: fixed codes and tokens, so a link
// shown yesterday still works today (until someone uses it).
const openDossiers = 12

func openDossierCode(i int) string  { return fmt.Sprintf("TTHCC-MINHHOA-%02d", i+1) }
func openDossierToken(i int) string { return derived(fmt.Sprintf("dossier %d", i)) }

// lateDemoDossier is the code of a late dossier with its apology data, for
// the printed apology slip link.
const lateDemoDossier = "TTHCC-MINHHOA-TRE"

// ratedStaff are the demo's named officials: the employee codes of the public
// service centre's front desk, best and worst, and those of the service
// centre of Phường Thái Bình (before 01/07/2025 the one-stop shop of
// Thành phố Thái Bình).
type ratedStaff struct {
	best, worst      string // at the provincial public service centre
	cityBest         string // the "canbo" account's official, Phường Thái Bình
	cityWorst        string
	poorCommune      string // unit code of the commune with poor service
	excellentCommune string
}

// feedbackPlan is the demo's feedback, by unit and employee codes.
type feedbackPlan struct {
	streams  []stream
	profiles map[string]profile // employee code → profile
	staff    ratedStaff
}

// frontDesk lists the employee codes of people in unit whose position
// starts with one of prefixes: for era before, those created there before
// the reform; for after, those who work there today.
func (p *plan) frontDesk(e era, unit string, prefixes ...string) []string {
	var out []string
	for _, x := range p.people {
		if e == before && (x.era != before || x.unitCode != unit) || e == after && x.nowCode != unit {
			continue
		}
		for _, pre := range prefixes {
			if strings.HasPrefix(x.Position, pre) {
				out = append(out, x.EmployeeCode)
				break
			}
		}
	}
	return out
}

// buildFeedbackPlan decides who is rated where, and how well each serves.
func buildFeedbackPlan(p *plan) *feedbackPlan {
	r := rand.New(rand.NewPCG(Seed, 0x66656564))
	fp := &feedbackPlan{profiles: map[string]profile{}}
	draw := func() profile {
		switch x := r.IntN(100); {
		case x < 25:
			return excellent
		case x < 65:
			return good
		case x < 90:
			return average
		default:
			return poor
		}
	}
	assign := func(codes []string, base profile) {
		for _, c := range codes {
			if _, ok := fp.profiles[c]; ok {
				continue // the same person serves the same way after moving
			}
			if r.IntN(3) == 0 {
				fp.profiles[c] = draw()
			} else {
				fp.profiles[c] = base
			}
		}
	}
	desk := []string{"Công chức tiếp nhận", "Nhân viên hướng dẫn"}

	// Today: the provincial public service centre, with the best and the
	// worst desks (Hưng Yên's own staff and those who came from Thái
	// Bình's centre).
	centre := p.frontDesk(after, centreCode, desk...)
	assign(centre, good)
	fp.staff.best, fp.staff.worst = centre[0], centre[2]
	fp.profiles[centre[0]], fp.profiles[centre[2]], fp.profiles[centre[5]] = excellent, poor, excellent
	fp.streams = append(fp.streams, stream{unitCode: centreCode, officials: centre, perDay: 40, kiosk: kioskKey(0), badge: 0.45, kioskP: 0.37, base: good, era: after})

	// The service centres of the staffed communes; Phường Thái Bình's
	// first, with the staff of the former city's one-stop shop.
	for i, c := range p.communes {
		code := communeCentre(c)
		staff := p.frontDesk(after, code, "Phó Giám đốc", "Công chức tiếp nhận")
		s := stream{unitCode: code, officials: staff, perDay: 4, badge: 0.7, base: average, era: after}
		if i == 0 {
			for _, x := range p.people {
				if x.account == "canbo" {
					fp.staff.cityBest = x.EmployeeCode
				}
			}
			fp.staff.cityWorst = staff[len(staff)-1]
			fp.profiles[fp.staff.cityBest], fp.profiles[fp.staff.cityWorst] = excellent, poor
			assign(staff, good)
			s.perDay, s.kiosk, s.badge, s.kioskP, s.base = 24, kioskKey(1), 0.5, 0.3, good
		} else {
			assign(staff, average)
		}
		fp.streams = append(fp.streams, s)
	}

	// The staffed communes themselves (their civil servants came from the
	// former communes): most decent, one excellent, one poor.
	bases := []profile{good, average, excellent, average, good, poor, good}
	communeBase := map[string]profile{}
	for i, c := range p.communes {
		base := bases[i%len(bases)]
		communeBase[c] = base
		switch base.name {
		case "poor":
			fp.staff.poorCommune = c
		case "excellent":
			if fp.staff.excellentCommune == "" {
				fp.staff.excellentCommune = c
			}
		}
		staff := p.frontDesk(after, c, "Công chức Tư pháp", "Công chức Địa chính", "Công chức Văn phòng", "Chuyên viên Văn phòng")
		assign(staff, base)
		fp.streams = append(fp.streams, stream{unitCode: c, officials: staff, perDay: 1.5 + float64(r.IntN(3)), badge: 0.6, base: base, era: after})
	}

	// The hospital, and a trickle at two departments (too few to rank),
	// before and after.
	wards := p.frontDesk(after, hospitalCode, "Bác sĩ", "Điều dưỡng", "Hộ sinh")
	assign(wards, good)
	fp.profiles[wards[len(wards)-3]] = poor
	stp, stc := p.frontDesk(after, "33.STP", "Chuyên viên"), p.frontDesk(after, "33.STC", "Chuyên viên")
	assign(stp, good)
	assign(stc, average)
	for _, e := range []era{after, before} {
		fp.streams = append(fp.streams,
			stream{unitCode: hospitalCode, officials: wards, perDay: 15, badge: 0.75, base: good, hospital: true, era: e},
			stream{unitCode: "33.STP", officials: stp, perDay: 0.3, badge: 0.5, base: good, era: e},
			stream{unitCode: "33.STC", officials: stc, perDay: 0.25, badge: 0.5, base: average, era: e},
		)
	}

	// Before 01/07/2025: the two provinces' centres, the two cities'
	// one-stop shops, and the former communes, each served by the people
	// who later moved.
	tbCentre := p.frontDesk(before, "34.TTPVHCC", desk...)
	hyCentre := p.frontDesk(before, centreCode, desk...)
	fp.streams = append(fp.streams,
		stream{unitCode: "34.TTPVHCC", officials: tbCentre, perDay: 30, badge: 0.4, base: good, era: before},
		stream{unitCode: centreCode, officials: hyCentre, perDay: 22, badge: 0.4, base: good, era: before},
	)
	for _, ds := range districtShops {
		code := ds.district + ".BPMC"
		staff := p.frontDesk(before, code, "Công chức tiếp nhận")
		assign(staff, average)
		fp.streams = append(fp.streams, stream{unitCode: code, officials: staff, perDay: 14, badge: 0.5, base: average, era: before})
	}
	for _, c := range p.communes {
		for _, old := range p.predecessors[c] {
			staff := p.frontDesk(before, old, "Công chức")
			fp.streams = append(fp.streams, stream{unitCode: old, officials: staff, perDay: 1 + float64(r.IntN(2)), badge: 0.5, base: communeBase[c], era: before})
		}
	}
	return fp
}

// Comments, by what they are about. Some are typed without diacritics,
// as many phones send them.
var (
	praise = []string{
		"Cán bộ hướng dẫn rất tận tình, dễ hiểu.",
		"Được hướng dẫn chu đáo, không phải đi lại nhiều lần.",
		"Thái độ niềm nở, lịch sự. Cảm ơn cán bộ!",
		"Giải quyết nhanh, trả kết quả sớm hơn hẹn.",
		"Cán bộ vui vẻ, nói năng nhẹ nhàng.",
		"Rất hài lòng.",
		"Tốt",
		"Chị cán bộ giải thích kỹ từng giấy tờ cần bổ sung.",
		"Nhanh gọn, đúng hẹn.",
		"Cán bộ trẻ nhưng làm việc rất chuyên nghiệp.",
		"Được hướng dẫn nộp hồ sơ trực tuyến, đỡ mất công.",
		"Cảm ơn anh cán bộ đã giúp đỡ người già như tôi.",
		"Phục vụ tận tâm, đáng khen.",
		"Thủ tục đơn giản hơn trước nhiều.",
	}
	okay = []string{
		"Nên có thêm ghế ngồi chờ.",
		"Chỗ để xe hơi chật.",
		"Cần niêm yết rõ hơn phí, lệ phí.",
		"Máy lấy số thứ tự thỉnh thoảng bị lỗi.",
		"Tạm được, nhưng phải chờ hơi lâu.",
		"Cán bộ hướng dẫn đầy đủ.",
		"Nên có wifi cho người dân chờ.",
		"Ổn.",
		"Hướng dẫn được, nhưng nên có bảng chỉ dẫn rõ hơn.",
	}
	waiting = []string{
		"Phải chờ gần 2 tiếng mới đến lượt.",
		"Chờ lâu quá, chỉ có một quầy làm việc.",
		"Hẹn trả kết quả nhưng đến nơi lại chưa có.",
		"Đến từ sáng mà đến trưa vẫn chưa xong.",
		"Trễ hẹn mà không được báo trước.",
	}
	attitude = []string{
		"Cán bộ không xin lỗi khi để dân chờ lâu.",
		"Trình bày chưa hết đã bị ngắt lời, không chịu lắng nghe.",
		"Thái độ cau có, nói trống không.",
		"Cán bộ vừa làm vừa nghe điện thoại, không để ý người dân.",
		"Hỏi lại thì bị gắt.",
		"Không chào hỏi, không hướng dẫn, chỉ bảo về bổ sung giấy tờ.",
		"Không xin lỗi khi làm sai tên trong giấy tờ.",
	}
	hospitalPraise = []string{
		"Bác sĩ khám kỹ, giải thích rõ bệnh tình.",
		"Điều dưỡng chăm sóc chu đáo, nhẹ nhàng.",
		"Cảm ơn các y bác sĩ khoa đã tận tình.",
	}
	hospitalComplaint = []string{
		"Chờ khám quá lâu, không ai hướng dẫn.",
		"Điều dưỡng nói năng thiếu nhẹ nhàng với người nhà bệnh nhân.",
		"Xếp hàng làm thủ tục mất cả buổi sáng.",
	}
	delayReasons = []string{
		"Hồ sơ phải xin ý kiến cơ quan chuyên môn cấp trên.",
		"Chờ kết quả xác minh nguồn gốc đất từ UBND cấp xã.",
		"Hệ thống phần mềm một cửa gặp sự cố.",
		"Cán bộ thụ lý nghỉ ốm đột xuất, chưa bố trí kịp người thay.",
		"Phải bổ sung trích lục bản đồ địa chính.",
	}
	procedures = []struct {
		name string
		days int // working days to the due date
	}{
		{"Chứng thực bản sao từ bản chính giấy tờ, văn bản", 0},
		{"Đăng ký khai sinh", 1},
		{"Đăng ký kết hôn", 3},
		{"Cấp bản sao trích lục hộ tịch", 1},
		{"Xác nhận tình trạng hôn nhân", 3},
		{"Đăng ký thành lập hộ kinh doanh", 3},
		{"Cấp phiếu lý lịch tư pháp", 10},
		{"Đăng ký biến động quyền sử dụng đất", 10},
		{"Cấp giấy phép xây dựng nhà ở riêng lẻ", 15},
		{"Đăng ký thành lập doanh nghiệp", 3},
	}
)

// dayFactor is the weekly rhythm: Monday and Tuesday busiest, Saturday
// morning only, nobody on Sunday.
func dayFactor(d time.Weekday) float64 {
	return [7]float64{0, 1.28, 1.16, 1.0, 0.95, 0.88, 0.33}[d]
}

// poisson draws a Poisson count with mean lambda.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 { // normal approximation
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// officeTime draws a moment of day d when the office is open: mornings
// 7:30–11:30 (more so early in the week), afternoons 13:30–17:00, each
// busiest in its first half.
func officeTime(r *rand.Rand, d time.Time) time.Time {
	morning := 0.62
	switch d.Weekday() {
	case time.Monday, time.Tuesday:
		morning = 0.74
	case time.Saturday:
		morning = 1
	}
	tri := func() float64 { return math.Min(r.Float64(), r.Float64()*1.4) } // skewed early
	var mins float64
	if r.Float64() < morning {
		mins = 7*60 + 30 + 240*tri()
	} else {
		mins = 13*60 + 30 + 210*tri()
	}
	return d.Add(time.Duration(mins*60+float64(r.IntN(60))) * time.Second)
}

// citizenIP draws an address of a Vietnamese mobile or home network.
func citizenIP(r *rand.Rand) string {
	prefixes := []string{"14.160", "14.191", "27.72", "113.185", "116.96", "117.5", "171.224", "42.114", "1.53", "123.24"}
	return fmt.Sprintf("%s.%d.%d", prefixes[r.IntN(len(prefixes))], r.IntN(256), 1+r.IntN(254))
}

// answersFor draws the eight yes/no answers of someone served by pr who
// left sat; a few skip some questions.
func answersFor(r *rand.Rand, pr profile, sat feedback.Satisfaction) map[string]bool {
	out := make(map[string]bool, 8)
	skip := r.IntN(10) == 0
	for i, code := range feedback.FourXinCodes {
		if skip && r.IntN(3) == 0 {
			continue
		}
		p := pr.items[i]
		switch sat {
		case feedback.Dissatisfied:
			p *= 0.55
		case feedback.VerySatisfied:
			p = math.Min(0.995, p+0.04)
		}
		out[code] = r.Float64() < p
	}
	return out
}

func satisfactionFor(r *rand.Rand, pr profile) feedback.Satisfaction {
	if r.Float64() >= pr.sat {
		return feedback.Dissatisfied
	}
	if r.Float64() < pr.very {
		return feedback.VerySatisfied
	}
	return feedback.Satisfied
}

// commentFor draws a comment (or none) fitting the rating.
func commentFor(r *rand.Rand, sat feedback.Satisfaction, answers map[string]bool, hospital bool) string {
	var pool []string
	switch {
	case sat == feedback.Dissatisfied && r.IntN(100) < 45:
		switch {
		case hospital:
			pool = hospitalComplaint
		case !answers["GT-XL"] || !answers["GT-LN"] || !answers["GT-NN"]:
			pool = attitude
		default:
			pool = waiting
		}
	case sat == feedback.VerySatisfied && r.IntN(100) < 16:
		pool = praise
		if hospital && r.IntN(2) == 0 {
			pool = hospitalPraise
		}
	case sat == feedback.Satisfied && r.IntN(100) < 12:
		pool = okay
		if r.IntN(3) == 0 {
			pool = praise
		}
	default:
		return ""
	}
	c := pool[r.IntN(len(pool))]
	switch x := r.IntN(100); {
	case x < 22: // typed without diacritics
		c = vntext.Fold(c)
	case x < 30:
		c = strings.ToLower(strings.TrimSuffix(c, "."))
	}
	return c
}

// feedbackRefs maps the plan's codes to database ids.
type feedbackRefs struct {
	units     map[string]int64 // unit code → id
	officials map[string]int64 // employee code → id
}

// eraDays is the first day of the ratings of era e and the day after its
// last, for a load on the day of now.
func eraDays(e era, now time.Time) (from, to time.Time) {
	if e == before {
		return FormerFrom, reformDay
	}
	return reformDay, congvu.Date(now)
}

// buildFeedbackImport draws the demo's ratings of era e: before the reform
// from FormerFrom, after it up to the day before the day of now (in
// Vietnam).
func buildFeedbackImport(p *plan, fp *feedbackPlan, refs feedbackRefs, now time.Time, e era) (feedback.Import, error) {
	r := rand.New(rand.NewPCG(Seed+uint64(e), 0x726174696e6773))
	in := feedback.Import{Key: feedbackKey(e)}
	today := congvu.Date(now)
	start, end := eraDays(e, now)
	full := today.AddDate(0, 0, -FeedbackDays) // the full rate from this day
	span := today.Sub(FormerFrom).Hours() / 24
	unit := func(code string) (int64, error) {
		id, ok := refs.units[code]
		if !ok {
			return 0, fmt.Errorf("demo: unit %s missing", code)
		}
		return id, nil
	}
	official := func(code string) (int64, error) {
		id, ok := refs.officials[code]
		if !ok {
			return 0, fmt.Errorf("demo: official %s missing", code)
		}
		return id, nil
	}
	for i, k := range demoKiosks {
		if e == before {
			break
		}
		id, err := unit(k.unitCode)
		if err != nil {
			return in, err
		}
		in.Kiosks = append(in.Kiosks, feedback.KioskRecord{UnitID: id, Name: k.name, DeviceKey: kioskKey(i), CreatedAt: start.AddDate(0, 0, 7).Add(9 * time.Hour)})
	}
	fill := func() time.Duration { return time.Duration(15+r.IntN(150)) * time.Second }
	rate := func(s *stream, at time.Time, officialCode string, ch feedback.Channel) error {
		pr := s.base
		rec := feedback.Record{Channel: ch, SubmittedAt: at.UTC(), FillTime: fill()}
		if officialCode != "" {
			id, err := official(officialCode)
			if err != nil {
				return err
			}
			rec.OfficialID, pr = id, fp.profiles[officialCode]
		}
		switch ch {
		case feedback.ChannelKiosk:
			rec.KioskKey = s.kiosk
		default:
			id, err := unit(s.unitCode)
			if err != nil {
				return err
			}
			if rec.OfficialID == 0 {
				rec.UnitID = id
			}
			rec.IP = citizenIP(r)
			rec.DeviceID = derived(fmt.Sprintf("device %d", r.IntN(1<<30)))
		}
		rec.Satisfaction = satisfactionFor(r, pr)
		rec.Answers = answersFor(r, pr, rec.Satisfaction)
		rec.Comment = commentFor(r, rec.Satisfaction, rec.Answers, s.hospital)
		if rec.Comment != "" && r.IntN(5) == 0 {
			rec.Contact = fmt.Sprintf("09%08d", r.IntN(100_000_000))
		}
		if r.IntN(250) == 0 { // a hurried tap through the form
			rec.FillTime = time.Duration(800+r.IntN(1500)) * time.Millisecond
		}
		in.Ratings = append(in.Ratings, rec)
		return nil
	}

	// Everyday ratings.
	for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
		f := dayFactor(d.Weekday())
		if f == 0 {
			continue
		}
		growth := 0.75 + 0.5*d.Sub(FormerFrom).Hours()/24/span // the badges catch on
		switch {
		case e == before:
			growth *= formerRate
		case d.Before(full):
			growth *= olderRate
		}
		for si := range fp.streams {
			s := &fp.streams[si]
			if s.era != e {
				continue
			}
			n := poisson(r, s.perDay*f*growth)
			for range n {
				at := officeTime(r, d)
				x := r.Float64()
				var err error
				switch {
				case x < s.badge && len(s.officials) > 0:
					err = rate(s, at, s.officials[r.IntN(len(s.officials))], feedback.ChannelBadge)
				case x < s.badge+s.kioskP && s.kiosk != "":
					who := ""
					if r.IntN(10) < 7 && len(s.officials) > 0 {
						who = s.officials[r.IntN(len(s.officials))]
					}
					err = rate(s, at, who, feedback.ChannelKiosk)
				default:
					who := ""
					if r.IntN(2) == 0 && len(s.officials) > 0 {
						who = s.officials[r.IntN(len(s.officials))]
					}
					err = rate(s, at, who, feedback.ChannelCounter)
				}
				if err != nil {
					return in, err
				}
			}
		}
	}

	if e == before {
		// Dossiers of the two cities' shops and Thái Bình's centre.
		return in, addDossiers(r, p, fp, refs, &in, start, end, now, e, rate)
	}

	// Ballot stuffing: bursts on a few days, which the rules flag or
	// reject as they would have live.
	workday := func(back int) time.Time {
		d := today.AddDate(0, 0, -back)
		for d.Weekday() == time.Sunday || d.Weekday() == time.Saturday {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	burst := func(s *stream, who string, ch feedback.Channel, at time.Time, n int, every time.Duration, oneIP bool) error {
		ip := citizenIP(r)
		for i := range n {
			if err := rate(s, at.Add(time.Duration(i)*every), who, ch); err != nil {
				return err
			}
			rec := &in.Ratings[len(in.Ratings)-1]
			rec.Satisfaction, rec.Answers, rec.Comment, rec.Contact = feedback.VerySatisfied, answersFor(r, excellent, feedback.VerySatisfied), "", ""
			rec.FillTime = time.Duration(4+r.IntN(4)) * time.Second
			if oneIP {
				rec.IP, rec.DeviceID = ip, ""
			}
		}
		return nil
	}
	centre, city := &fp.streams[0], &fp.streams[1]
	// One official, 40 ratings in five minutes from one address.
	if err := burst(centre, fp.staff.worst, feedback.ChannelBadge, workday(37).Add(16*time.Hour+41*time.Minute), 40, 7*time.Second, true); err != nil {
		return in, err
	}
	// The ward's kiosk tapped 145 times in 24 minutes for one official:
	// flagged as a burst, and past the kiosk's hourly cap refused. (One
	// address alone is never refused below a flood: it may be a centre's
	// Wi-Fi; the burst above is flagged.)
	if err := burst(city, fp.staff.cityWorst, feedback.ChannelKiosk, workday(64).Add(11*time.Hour+20*time.Minute), 145, 10*time.Second, false); err != nil {
		return in, err
	}
	// Twenty ratings from twenty addresses in six minutes.
	if err := burst(centre, fp.staff.worst, feedback.ChannelBadge, workday(12).Add(17*time.Hour+2*time.Minute), 20, 18*time.Second, false); err != nil {
		return in, err
	}

	// Dossiers at the one-stop shops: returned on time or late (with the
	// apology data), a quarter rated through their one-time link.
	if err := addDossiers(r, p, fp, refs, &in, start, end, now, e, rate); err != nil {
		return in, err
	}
	return in, nil
}

// addWorkdays returns the day n working days (Monday–Friday) after d.
func addWorkdays(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			n--
		}
	}
	return d
}

// addDossiers adds the dossiers of era e received from start to the day
// before end, with their ratings; before the reform only those returned
// and rated before it.
func addDossiers(r *rand.Rand, p *plan, fp *feedbackPlan, refs feedbackRefs, in *feedback.Import, start, end, now time.Time, e era,
	rate func(s *stream, at time.Time, officialCode string, ch feedback.Channel) error) error {
	streamOf := func(code string) *stream {
		for i := range fp.streams {
			if fp.streams[i].unitCode == code && fp.streams[i].era == e {
				return &fp.streams[i]
			}
		}
		panic("demo: no ratings at " + code)
	}
	type shop struct {
		stream *stream
		prefix string
		perDay int
	}
	var shops []shop
	last := now
	if e == before {
		shops = []shop{{streamOf("34.TTPVHCC"), "TTHCC-TB", 4}, {streamOf(centreCode), "TTHCC-HY", 3}, {streamOf("336.BPMC"), "TPTB", 3}}
		last = end
	} else {
		shops = []shop{{streamOf(centreCode), "TTHCC", 5}, {streamOf(communeCentre(CityWard)), "PTB", 3}, {streamOf(communeCentre(p.communes[4])), "PPH", 2}}
	}
	today := end
	full := congvu.Date(now).AddDate(0, 0, -FeedbackDays)
	at := func(d time.Time, h, m int) time.Time {
		return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	for _, sh := range shops {
		unitID := refs.units[sh.stream.unitCode]
		seq := 0
		for d := start; d.Before(today); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				continue
			}
			n := sh.perDay
			if e == after && d.Before(full) {
				n = poisson(r, float64(n)*olderRate) // fewer on older days, as the ratings
			}
			for range n {
				seq++
				pr := procedures[r.IntN(len(procedures))]
				who := sh.stream.officials[r.IntN(len(sh.stream.officials))]
				rec := feedback.DossierRecord{
					Code: fmt.Sprintf("%s-%s-%04d", sh.prefix, d.Format("060102"), seq), UnitID: unitID, OfficialID: refs.officials[who],
					ProcedureName: pr.name, ReceivedAt: at(d, 7+r.IntN(4), 30+r.IntN(30)).UTC(),
				}
				due := at(addWorkdays(d, pr.days), 16, 30)
				rec.DueAt = due.UTC()
				returned := at(addWorkdays(d, r.IntN(pr.days+1)), 8+r.IntN(8), r.IntN(60))
				if returned.Before(rec.ReceivedAt) {
					returned = rec.ReceivedAt.Add(time.Duration(20+r.IntN(60)) * time.Minute)
				}
				late := fp.profiles[who].name == "poor" && r.IntN(5) == 0 || r.IntN(14) == 0
				if late {
					newDue := at(addWorkdays(congvu.Date(due), 1+r.IntN(4)), 16, 30)
					rec.DelayReason = delayReasons[r.IntN(len(delayReasons))]
					rec.NewDueAt = ptr(newDue.UTC())
					returned = at(congvu.Date(newDue), 8+r.IntN(8), r.IntN(60))
				}
				if !returned.Before(last) {
					if e == after {
						in.Dossiers = append(in.Dossiers, rec) // still being processed
					}
					continue
				}
				rec.ReturnedAt = ptr(returned.UTC())
				rec.RatingToken = derived("dossier token " + rec.Code)
				in.Dossiers = append(in.Dossiers, rec)
				if r.IntN(4) != 0 {
					continue
				}
				ratedAt := returned.Add(time.Duration(30+r.IntN(36*60)) * time.Minute)
				for ratedAt.In(congvu.TimeZone).Weekday() == time.Sunday {
					ratedAt = ratedAt.Add(24 * time.Hour)
				}
				if h := ratedAt.In(congvu.TimeZone).Hour(); h < 7 || h >= 22 {
					ratedAt = ratedAt.Add(10 * time.Hour)
				}
				if !ratedAt.Before(last) {
					continue
				}
				if err := rate(sh.stream, ratedAt, who, feedback.ChannelDossier); err != nil {
					return err
				}
				x := &in.Ratings[len(in.Ratings)-1]
				x.OfficialID, x.UnitID, x.DossierCode, x.KioskKey = 0, unitID, rec.Code, ""
				if late && x.Satisfaction == feedback.VerySatisfied {
					x.Satisfaction = feedback.Satisfied
				}
			}
		}
	}

	if e == before {
		slices.SortStableFunc(in.Ratings, func(a, b feedback.Record) int { return a.SubmittedAt.Compare(b.SubmittedAt) })
		return nil
	}
	// The dossiers whose links the demo prints: returned yesterday (one
	// of them late, with its apology data), not rated.
	centre := &fp.streams[0]
	unitID := refs.units[centre.unitCode]
	y := today.AddDate(0, 0, -1)
	for y.Weekday() == time.Saturday || y.Weekday() == time.Sunday {
		y = y.AddDate(0, 0, -1)
	}
	for i := range openDossiers {
		pr := procedures[i%len(procedures)]
		rec := feedback.DossierRecord{Code: openDossierCode(i), UnitID: unitID, OfficialID: refs.officials[centre.officials[i%len(centre.officials)]],
			ProcedureName: pr.name, ReceivedAt: at(y, 8, 5+i).UTC(), DueAt: at(addWorkdays(y, max(pr.days, 1)), 16, 30).UTC(),
			ReturnedAt: ptr(at(y, 14, 10+3*i).UTC()), RatingToken: openDossierToken(i)}
		in.Dossiers = append(in.Dossiers, rec)
	}
	received := addWorkdays(y.AddDate(0, 0, -14), 0)
	in.Dossiers = append(in.Dossiers, feedback.DossierRecord{Code: lateDemoDossier, UnitID: unitID, OfficialID: refs.officials[fp.staff.worst],
		ProcedureName: "Cấp giấy phép xây dựng nhà ở riêng lẻ", ReceivedAt: at(received, 9, 12).UTC(), DueAt: at(addWorkdays(received, 7), 16, 30).UTC(),
		ReturnedAt: ptr(at(y, 10, 45).UTC()), DelayReason: "Chờ kết quả xác minh nguồn gốc đất từ UBND phường Phố Hiến.", NewDueAt: ptr(at(y, 16, 30).UTC()),
		RatingToken: derived("dossier token " + lateDemoDossier)})
	slices.SortStableFunc(in.Ratings, func(a, b feedback.Record) int { return a.SubmittedAt.Compare(b.SubmittedAt) })
	return nil
}

func ptr(t time.Time) *time.Time { return &t }
