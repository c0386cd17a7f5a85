package demo

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"congvu"
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
