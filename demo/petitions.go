package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"congvu"
	"congvu/petition"
	"congvu/services"
	"congvu/vntext"
)

// The demo's petitions (phản ánh, kiến nghị): about a hundred citizens'
// reports over the last six months, about officials of the staffed units
// (or only a unit), in every status of handling, each driven through the
// real PetitionService by the demo's handlers (noivu, thanhtra, thutruong)
// at believable moments: the services' clock (Options.Clock) is moved to
// each moment in turn, and the deadline sweep runs every morning of the
// simulated months, then once at the real time. Some open petitions are
// past their deadline, a few escalated. The plan is drawn from Seed alone;
// only the moments depend on the day of the load. Loading again skips the
// petitions whose description is already stored.

// reporterEmailDomain is a reserved domain (RFC 2606), like the staff's:
// demo mail can never reach a real mailbox.
const reporterEmailDomain = "hopthu.example"

// PetitionsResult says what the demo's petitions load did.
type PetitionsResult struct {
	// Created counts the petitions submitted by this load; Skipped those
	// found already stored.
	Created, Skipped int
	// ByStatus counts every petition in the database by status, after the
	// load.
	ByStatus map[petition.Status]int
	// Overdue and Escalated count open petitions past their deadline, and
	// those escalated to a supervising unit.
	Overdue, Escalated int
	// Sweeps is the total of the deadline sweeps run.
	Sweeps petition.SweepResult
	// Elapsed is how long the petitions took.
	Elapsed time.Duration
}

// timing is where an open petition stands against the deadline of its
// current stage when the demo is loaded.
type timing int

const (
	onTime    timing = iota // well before the deadline
	nearDue                 // within the reminder period
	late                    // past the deadline, not yet escalated
	escalated               // past the deadline and the escalation delay
)

// actKind is what happens to a petition.
type actKind int

const (
	actSubmit actKind = iota
	actAccept
	actReject
	actAssign
	actTransfer
	actVerify
	actConclude
	actReply
	actClose
	actNote
	actMessage // from the reporter, through the tracking page
	actReveal
)

// petitionAction is one thing done to a petition, timed relative to the
// previous one.
type petitionAction struct {
	kind  actKind
	actor string // username of the staff account; "" for the reporter
	// days are working days after the previous action (hours for the
	// reporter's messages); minute is the minute of the working day.
	days, minute int
	// frac places actions after the current stage started, in an open
	// petition: a share of the time from the stage's start to the load.
	frac       float64
	unit       string // assign, transfer: unit code ("" for the default handler)
	text       string // reason, note, reply, message; {code} is the tracking code of petition dupOf
	conclusion petition.Conclusion
	items      []string
}

// stage reports the deadline stage an action starts, if any.
func (a petitionAction) stage() petition.DeadlineStage {
	switch a.kind {
	case actSubmit:
		return petition.StageAccept
	case actAccept:
		return petition.StageAssign
	case actAssign, actTransfer:
		return petition.StageConclude
	case actConclude:
		return petition.StageClose
	}
	return ""
}

// petitionSpec is one demo petition.
type petitionSpec struct {
	story        string // key of the story, or "R<n>" for a rejection
	official     string // employee code of the subject; "" for a unit
	unit         string // code of the subject's unit
	kind         subjectKind
	badge        bool // made through the QR code on the official's badge
	subjectText  string
	category     petition.Category
	description  string
	place        string
	occurredDays int // days before the submission it happened
	anonymous    bool
	reporter     petition.Reporter
	photo        photoKind
	target       petition.Status
	timing       timing  // open petitions
	pick         float64 // open petitions: where in the window of the timing
	ageDays      int     // closed and rejected: days from the submission to the load (before fitting)
	hour, minute int     // of the submission
	dupOf        int     // index+1 of the petition this one repeats; 0 for none
	dupDays      int     // days after the first petition
	actions      []petitionAction
}

var (
	petitionPlanOnce sync.Once
	petitionPlanList []*petitionSpec
	petitionPlanErr  error
)

func getPetitionPlan(p *plan) ([]*petitionSpec, error) {
	petitionPlanOnce.Do(func() { petitionPlanList, petitionPlanErr = buildPetitionPlan(p) })
	return petitionPlanList, petitionPlanErr
}

// PetitionCount is how many petitions the demo holds.
func PetitionCount() int {
	p, err := getPlan()
	if err != nil {
		return 0
	}
	specs, err := getPetitionPlan(p)
	if err != nil {
		return 0
	}
	return len(specs)
}

// ---- the plan ----

// planner draws the demo's petitions.
type planner struct {
	p          *plan
	r          *rand.Rand
	pools      map[subjectKind][]person
	communes   []string
	districtOf map[string]string // commune code → district code
	parentOf   map[string]string // added unit code → parent code
	seen       map[string]bool   // descriptions
	specs      []*petitionSpec
	photos     int
	reveals    int
}

// slot is a petition to draw: its target and, for a few, its subject and
// story.
type slot struct {
	target     petition.Status
	timing     timing
	official   string
	kind       subjectKind
	story      string
	conclusion petition.Conclusion
	named      bool // anonymous never
}

func buildPetitionPlan(p *plan) ([]*petitionSpec, error) {
	pl := &planner{p: p, r: rand.New(rand.NewPCG(Seed, 0x7065746974696f6e)), pools: map[subjectKind][]person{},
		districtOf: map[string]string{}, parentOf: map[string]string{}, seen: map[string]bool{}}
	for _, u := range p.units {
		pl.parentOf[u.code] = u.parent
	}
	var f nationalFile
	if err := json.Unmarshal(thaiBinhJSON, &f); err != nil {
		return nil, fmt.Errorf("demo: embedded province file: %w", err)
	}
	for _, l2 := range f.Data[0].Level2s {
		for _, l3 := range l2.Level3s {
			pl.districtOf[l3.ID] = l2.ID
		}
	}
	add := func(k subjectKind, unit string, prefixes ...string) {
		for _, x := range p.people {
			if x.unitCode != unit || x.account != "" {
				continue
			}
			for _, pre := range prefixes {
				if strings.HasPrefix(x.Position, pre) {
					pl.pools[k] = append(pl.pools[k], x)
					break
				}
			}
		}
	}
	add(kindCentre, "34.TTPVHCC", "Công chức tiếp nhận", "Nhân viên hướng dẫn")
	for _, dd := range demoDistricts {
		add(kindOneStop, dd.code+".BPMC", "Tổ trưởng", "Công chức tiếp nhận")
		add(kindDistrict, dd.code, "Chuyên viên Văn phòng")
	}
	for _, x := range p.people {
		if strings.HasPrefix(x.Position, "Công chức Tư pháp") {
			pl.communes = append(pl.communes, x.unitCode)
		}
	}
	for _, c := range pl.communes {
		add(kindCommune, c, "Công chức Tư pháp", "Công chức Văn phòng", "Công chức Văn hóa", "Phó Chủ tịch UBND")
		add(kindCommuneLand, c, "Công chức Địa chính")
	}
	add(kindHospital, "34.SYT.BVDK", "Bác sĩ", "Điều dưỡng", "Hộ sinh")
	add(kindLand, "34.STNMT", "Chuyên viên")
	add(kindBusiness, "34.SKHDT", "Chuyên viên")
	add(kindHomeAffairs, "34.SNV", "Chuyên viên")
	for k := kindCentre; k <= kindHomeAffairs; k++ {
		if len(pl.pools[k]) == 0 {
			return nil, fmt.Errorf("demo: no officials for petitions of kind %d", k)
		}
	}

	// What the demo holds, status by status. The named officials of the
	// ratings get theirs: the worst desk of the public service centre
	// and of the city's one-stop shop are often reported, and founded.
	st := p.feedback.staff
	var slots []slot
	rep := func(n int, s slot) {
		for range n {
			slots = append(slots, s)
		}
	}
	rec, acc, asg, ver, con := petition.Received, petition.Accepted, petition.Assigned, petition.Verifying, petition.Concluded
	founded, partly := petition.ConclusionFounded, petition.ConclusionPartly
	slots = append(slots,
		slot{target: petition.Closed, official: st.worst, kind: kindCentre, story: "A1", conclusion: founded},
		slot{target: petition.Closed, official: st.worst, kind: kindCentre, story: "H1", conclusion: partly},
		slot{target: petition.Closed, official: st.worst, kind: kindCentre, story: "A2", conclusion: founded},
		slot{target: ver, timing: onTime, official: st.worst, kind: kindCentre, story: "O4"},
		slot{target: petition.Closed, official: st.cityWorst, kind: kindOneStop, story: "D2", conclusion: founded},
		slot{target: petition.Closed, official: st.cityWorst, kind: kindOneStop, story: "A4", conclusion: partly},
		slot{target: con, timing: onTime, official: st.cityWorst, kind: kindOneStop, story: "W3", conclusion: founded},
		// About the Department of Home Affairs: noivu and thanhtra work
		// there, so they see it but may not handle it.
		slot{target: rec, timing: onTime, kind: kindHomeAffairs, story: "D4"},
		// About the city's own office: thutruong sees it, the province handles it.
		slot{target: ver, timing: onTime, kind: kindDistrict, story: "L3", official: pl.pools[kindDistrict][0].EmployeeCode},
	)
	// The two escalated new petitions are repeated by their reporters.
	rep(2, slot{target: rec, timing: escalated, named: true})
	rep(6, slot{target: rec, timing: onTime})
	rep(2, slot{target: rec, timing: nearDue})
	rep(1, slot{target: rec, timing: late})
	rep(2, slot{target: acc, timing: onTime})
	rep(1, slot{target: acc, timing: late})
	rep(1, slot{target: acc, timing: escalated})
	rep(4, slot{target: asg, timing: onTime})
	rep(1, slot{target: asg, timing: nearDue})
	rep(1, slot{target: asg, timing: late})
	rep(5, slot{target: ver, timing: onTime})
	rep(2, slot{target: ver, timing: nearDue})
	rep(1, slot{target: ver, timing: late})
	rep(2, slot{target: ver, timing: escalated})
	rep(2, slot{target: con, timing: onTime})
	rep(1, slot{target: con, timing: late})
	rep(1, slot{target: con, timing: escalated})
	rep(40, slot{target: petition.Closed})

	for _, s := range slots {
		if err := pl.draw(s); err != nil {
			return nil, err
		}
	}
	// Rejections, and the two repeats of the escalated new petitions.
	for i := range rejections {
		pl.reject(i)
	}
	var firsts []int
	for i, sp := range pl.specs {
		if sp.target == rec && sp.timing == escalated {
			firsts = append(firsts, i)
		}
	}
	for _, i := range firsts {
		pl.repeat(i)
	}
	return pl.specs, nil
}

// categoryWeights is the mix of what citizens report.
var categoryWeights = []struct {
	cat petition.Category
	w   int
}{
	{petition.Attitude, 22}, {petition.Delay, 20}, {petition.Obstruct, 15}, {petition.Harassment, 12},
	{petition.Favours, 10}, {petition.Dress, 8}, {petition.Alcohol, 7}, {petition.Other, 6},
}

func storyByKey(key string) *story {
	for i := range stories {
		if stories[i].key == key {
			return &stories[i]
		}
	}
	panic("demo: no story " + key)
}

// draw adds the petition of slot s.
func (pl *planner) draw(s slot) error {
	r := pl.r
	for attempt := 0; attempt < 50; attempt++ {
		var st *story
		if s.story != "" {
			st = storyByKey(s.story)
		} else {
			total := 0
			for _, c := range categoryWeights {
				total += c.w
			}
			n := r.IntN(total)
			var cat petition.Category
			for _, c := range categoryWeights {
				if n < c.w {
					cat = c.cat
					break
				}
				n -= c.w
			}
			var cands []*story
			for i := range stories {
				if stories[i].cat == cat {
					cands = append(cands, &stories[i])
				}
			}
			st = cands[r.IntN(len(cands))]
		}
		kind := s.kind
		if s.story == "" || !slices.Contains(st.kinds, kind) {
			kind = st.kinds[r.IntN(len(st.kinds))]
		}
		sp := &petitionSpec{story: st.key, kind: kind, category: st.cat, target: s.target, timing: s.timing, pick: r.Float64(),
			hour: 6 + r.IntN(16), minute: r.IntN(60), occurredDays: r.IntN(6)}
		counter := fmt.Sprint(1 + r.IntN(8))
		var who string
		switch {
		case s.official != "":
			x := pl.person(s.official)
			sp.official, sp.unit, who = x.EmployeeCode, x.unitCode, roleNoun(x.Position)+" "+x.FullName
		case st.unitOnly || r.IntN(4) == 0:
			sp.unit = pl.unitOf(kind)
			who = pickS(r, nobody[kind])
			sp.subjectText = capFirst(who) + ", không rõ họ tên"
			if st.unitOnly {
				sp.subjectText = st.subject
			}
		default:
			x := pl.official(kind)
			sp.official, sp.unit, who = x.EmployeeCode, x.unitCode, roleNoun(x.Position)+" "+x.FullName
		}
		sp.badge = sp.official != "" && !st.noBadge && (kind == kindCentre || kind == kindOneStop || kind == kindHospital) && r.IntN(10) < 6
		procs := petitionProcs[kind]
		if len(st.procs) > 0 {
			procs = st.procs
		}
		unitPh := pl.unitPhrase(kind, sp.unit)
		place := pl.placeOf(kind, sp.unit, st.ward, counter)
		fill := strings.NewReplacer("{counter}", counter).Replace
		who = fill(who)
		fill = strings.NewReplacer("{who}", who, "{Who}", capFirst(who), "{place}", place, "{unit}", unitPh,
			"{proc}", pickS(r, procs), "{amount}", pickS(r, amounts), "{n}", pickS(r, visits), "{counter}", counter).Replace
		sp.description = fill(st.text)
		sp.subjectText = fill(sp.subjectText)
		sp.place = place
		if pl.seen[sp.description] {
			continue
		}
		pl.seen[sp.description] = true
		sp.anonymous = !s.named && r.IntN(4) == 0
		if !sp.anonymous {
			sp.reporter = pl.reporter()
		}
		if st.photo != photoNone && pl.photos < 7 && r.IntN(2) == 0 {
			sp.photo = st.photo
			pl.photos++
		}
		concl := s.conclusion
		if concl == "" {
			switch x := r.IntN(100); {
			case x < 40:
				concl = petition.ConclusionFounded
			case x < 65:
				concl = petition.ConclusionPartly
			default:
				concl = petition.ConclusionUnfounded
			}
		}
		sp.ageDays = 25 + r.IntN(150)
		pl.script(sp, st, fill, concl)
		pl.specs = append(pl.specs, sp)
		return nil
	}
	return fmt.Errorf("demo: cannot draw a distinct petition for %+v", s)
}

func pickS(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func (pl *planner) person(code string) person {
	for _, x := range pl.p.people {
		if x.EmployeeCode == code {
			return x
		}
	}
	panic("demo: no official " + code)
}

// official picks the subject of a petition of the given kind; the commune
// with poor service gets more than its share.
func (pl *planner) official(kind subjectKind) person {
	pool := pl.pools[kind]
	if poor := pl.p.feedback.staff.poorCommune; (kind == kindCommune || kind == kindCommuneLand) && pl.r.IntN(3) == 0 {
		var there []person
		for _, x := range pool {
			if x.unitCode == poor {
				there = append(there, x)
			}
		}
		if len(there) > 0 {
			pool = there
		}
	}
	return pool[pl.r.IntN(len(pool))]
}

// unitOf picks the unit of a petition about no one in particular.
func (pl *planner) unitOf(kind subjectKind) string {
	switch kind {
	case kindCentre:
		return "34.TTPVHCC"
	case kindOneStop:
		if pl.r.IntN(3) == 0 {
			return demoDistricts[1].code + ".BPMC"
		}
		return demoDistricts[0].code + ".BPMC"
	case kindCommune, kindCommuneLand:
		if pl.r.IntN(3) == 0 {
			return pl.p.feedback.staff.poorCommune
		}
		return pl.communes[pl.r.IntN(len(pl.communes))]
	case kindHospital:
		return "34.SYT.BVDK"
	case kindLand:
		return "34.STNMT"
	case kindBusiness:
		return "34.SKHDT"
	case kindDistrict:
		return demoDistricts[pl.r.IntN(len(demoDistricts))].code
	}
	return "34.SNV"
}

// districtPhrase is "thành phố Thái Bình" for the one-stop shop of the city.
func (pl *planner) districtPhrase(oneStop string) string {
	return strings.TrimPrefix(pl.p.unitNames[oneStop], "Bộ phận Tiếp nhận và Trả kết quả ")
}

// unitPhrase is the subject's unit as people call it.
func (pl *planner) unitPhrase(kind subjectKind, code string) string {
	switch kind {
	case kindCentre:
		return "Trung tâm Phục vụ hành chính công tỉnh"
	case kindOneStop:
		return "Bộ phận Một cửa " + pl.districtPhrase(code)
	case kindCommune, kindCommuneLand, kindDistrict:
		return "UBND " + lowerFirst(pl.p.unitNames[code])
	case kindHospital:
		return "Bệnh viện Đa khoa tỉnh"
	}
	return pl.p.unitNames[code]
}

// placeOf is where it happened.
func (pl *planner) placeOf(kind subjectKind, code, ward, counter string) string {
	switch kind {
	case kindCentre:
		return "Trung tâm Phục vụ hành chính công tỉnh, quầy số " + counter
	case kindOneStop:
		return "Bộ phận Một cửa " + pl.districtPhrase(code) + ", quầy số " + counter
	case kindCommune, kindCommuneLand:
		return "Bộ phận Một cửa UBND " + lowerFirst(pl.p.unitNames[code])
	case kindHospital:
		return ward + ", Bệnh viện Đa khoa tỉnh Thái Bình"
	case kindLand:
		return "Văn phòng Đăng ký đất đai, Sở Tài nguyên và Môi trường"
	case kindBusiness:
		return "Phòng Đăng ký kinh doanh, Sở Kế hoạch và Đầu tư"
	case kindDistrict:
		return "Văn phòng HĐND và UBND " + lowerFirst(pl.p.unitNames[code])
	}
	return "Sở Nội vụ tỉnh Thái Bình"
}

// roleNoun is how a citizen names an official's post.
func roleNoun(position string) string {
	for _, x := range []struct{ prefix, noun string }{
		{"Công chức tiếp nhận", "công chức tiếp nhận hồ sơ"},
		{"Tổ trưởng", "tổ trưởng bộ phận một cửa"},
		{"Nhân viên hướng dẫn", "nhân viên hướng dẫn thủ tục"},
		{"Công chức Tư pháp", "công chức tư pháp - hộ tịch"},
		{"Công chức Địa chính", "công chức địa chính"},
		{"Công chức Văn phòng", "công chức văn phòng"},
		{"Công chức Văn hóa", "công chức văn hóa - xã hội"},
		{"Hộ sinh", "nữ hộ sinh"},
		{"Chuyên viên", "chuyên viên"},
	} {
		if strings.HasPrefix(position, x.prefix) {
			return x.noun
		}
	}
	return lowerFirst(position)
}

func capFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// reporter draws a citizen: a name, a mobile number, often an email and an
// address.
func (pl *planner) reporter() petition.Reporter {
	r := pl.r
	female := r.IntN(2) == 0
	name := personName(r, female)
	prefixes := []string{"091", "094", "097", "098", "086", "088", "034", "035", "036", "038", "039", "083"}
	rep := petition.Reporter{Name: name}
	if r.IntN(10) < 9 {
		rep.Phone = fmt.Sprintf("%s%d %03d %03d", pickS(r, prefixes), r.IntN(10), r.IntN(1000), r.IntN(1000))
	}
	if rep.Phone == "" || r.IntN(2) == 0 {
		parts := strings.Fields(vntext.Fold(name))
		local := parts[len(parts)-1] + "." + parts[0]
		if r.IntN(2) == 0 {
			local += fmt.Sprint(60 + r.IntN(40))
		}
		rep.Email = local + "@" + reporterEmailDomain
	}
	if r.IntN(10) < 6 {
		c := pl.communes[r.IntN(len(pl.communes))]
		cname := pl.p.unitNames[c]
		if strings.HasPrefix(cname, "Phường") {
			rep.Address = fmt.Sprintf("Tổ dân phố số %d, %s", 1+r.IntN(12), lowerFirst(cname))
		} else {
			rep.Address = fmt.Sprintf("Thôn %s, %s", pickS(r, []string{"Đông", "Đoài", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "An Lạc", "Phú Xuân"}), lowerFirst(cname))
		}
		rep.Address += ", tỉnh Thái Bình"
	}
	return rep
}

// handlerOf is the unit that handles petitions about unit code by default:
// its parent.
func (pl *planner) handlerOf(code string) string {
	if p, ok := pl.parentOf[code]; ok {
		return p
	}
	if d, ok := pl.districtOf[code]; ok {
		return d
	}
	return ProvinceCode
}

// actorFor picks the demo account that acts for handler unit code.
func (pl *planner) actorFor(code string) string {
	if (code == "336" || strings.HasPrefix(code, "336.")) && pl.r.IntN(5) != 0 {
		return "thutruong"
	}
	if pl.r.IntN(3) == 0 {
		return "thanhtra"
	}
	return "noivu"
}

// script writes what happens to sp up to its target status.
func (pl *planner) script(sp *petitionSpec, st *story, fill func(string) string, concl petition.Conclusion) {
	r := pl.r
	work := func() int { return r.IntN(540) }
	handler := pl.handlerOf(sp.unit)
	actor := pl.actorFor(handler)
	acts := []petitionAction{{kind: actSubmit}}
	add := func(a petitionAction) { acts = append(acts, a) }
	defer func() {
		// The actions after the current stage started are placed by frac.
		k := 0
		for i, a := range acts {
			if a.stage() != "" {
				k = i
			}
		}
		m := len(acts) - 1 - k
		for j := 1; j <= m; j++ {
			acts[k+j].frac = 0.08 + 0.8*float64(j-1)/float64(max(m, 1)) + 0.05*r.Float64()
		}
		sp.actions = acts
	}()
	hospital := sp.kind == kindHospital
	target := sp.target
	isOpen := !target.Final()
	slow := isOpen && (sp.timing == late || sp.timing == escalated)

	if target == petition.Received {
		if slow && !sp.anonymous {
			add(petitionAction{kind: actMessage, days: 30 + r.IntN(60), minute: r.IntN(60), text: pickS(r, messagesLate)})
		}
		return
	}
	acceptDays := 1 + r.IntN(5)
	if r.IntN(10) == 0 {
		acceptDays = 11 + r.IntN(3)
	}
	a := petitionAction{kind: actAccept, actor: actor, days: acceptDays, minute: work()}
	if r.IntN(3) == 0 {
		a.text = "Phản ánh có nội dung cụ thể (thời gian, địa điểm, người liên quan), đủ điều kiện thụ lý."
	}
	add(a)
	if target == petition.Accepted {
		if slow {
			add(petitionAction{kind: actNote, actor: actor, text: pickS(r, notesWaiting), minute: work()})
		}
		return
	}
	assign := petitionAction{kind: actAssign, actor: actor, days: r.IntN(3), minute: work()}
	if r.IntN(12) == 0 {
		assign.days = 4 + r.IntN(2)
	}
	if (handler == "336" || handler == "344") && r.IntN(10) < 3 {
		assign.unit = handler + ".PNV"
		assign.text = "Giao Phòng Nội vụ xác minh, báo cáo kết quả trước hạn."
		handler = assign.unit
	}
	add(assign)
	sinceAssign := 0
	// A transfer, now and then, to the office in charge of the civil
	// service.
	if to := map[string]string{"336": "336.PNV", "344": "344.PNV", ProvinceCode: "34.SNV"}[handler]; to != "" && (to != "34.SNV" || sp.kind == kindCentre) && r.IntN(8) == 0 {
		handler = to
		if !(to == "336.PNV" && actor == "thutruong") {
			actor = pl.actorFor(to)
		}
		reason := "Chuyển Phòng Nội vụ xác minh theo chức năng tham mưu quản lý cán bộ, công chức."
		if to == "34.SNV" {
			reason = "Chuyển Sở Nội vụ xác minh theo chức năng thanh tra công vụ đối với Trung tâm."
		}
		d := 1 + r.IntN(4)
		sinceAssign += d
		add(petitionAction{kind: actTransfer, actor: actor, days: d, minute: work(), unit: to, text: reason})
	}
	if target == petition.Assigned {
		return
	}
	d := 1 + r.IntN(3)
	sinceAssign += d
	add(petitionAction{kind: actVerify, actor: actor, days: d, minute: work()})
	notes := notesGeneric
	if hospital {
		notes = notesHospital
	}
	unitPh := pl.unitPhrase(sp.kind, sp.unit)
	first := r.IntN(len(notes))
	for i := range 1 + r.IntN(2) {
		d := 2 + r.IntN(4)
		sinceAssign += d
		add(petitionAction{kind: actNote, actor: actor, days: d, minute: work(),
			text: strings.ReplaceAll(notes[(first+i)%len(notes)], "{unit}", unitPh)})
	}
	if !sp.anonymous && pl.reveals < 3 && r.IntN(4) == 0 {
		pl.reveals++
		d := 1 + r.IntN(2)
		sinceAssign += d
		add(petitionAction{kind: actReveal, actor: actor, days: d, minute: work(), text: revealReasons[pl.reveals-1]})
	}
	if r.IntN(3) == 0 {
		msg := pickS(r, messagesMore)
		if slow {
			msg = pickS(r, messagesLate)
		}
		add(petitionAction{kind: actMessage, days: 20 + r.IntN(60), minute: r.IntN(60), text: msg})
		d := 1 + r.IntN(2)
		sinceAssign += d
		body := "Kính gửi Ông/Bà,\n\nChúng tôi cảm ơn Ông/Bà đã gửi thêm thông tin. Phản ánh của Ông/Bà đang được xác minh; kết quả xác minh sẽ được thông báo tới Ông/Bà trong thời hạn quy định. Nếu cần làm rõ thêm, cán bộ xác minh sẽ liên hệ với Ông/Bà."
		if slow {
			body += " Chúng tôi thành thật xin lỗi Ông/Bà vì việc xác minh đã kéo dài hơn dự kiến."
		}
		add(petitionAction{kind: actReply, actor: actor, days: d, minute: work(), text: body + "\n\n" + pickS(r, replyClosing)})
	}
	if target == petition.Verifying {
		return
	}
	total, lateConclusion := 9+r.IntN(10), false
	if r.IntN(10) == 0 {
		total, lateConclusion = 23+r.IntN(4), true
	}
	items := slices.Clone(st.items)
	switch concl {
	case petition.ConclusionPartly:
		items = slices.Clone(st.partlyIt)
		if len(items) == 0 {
			items = st.items[:1]
		}
	case petition.ConclusionUnfounded:
		items = nil
	}
	finding := map[petition.Conclusion]string{petition.ConclusionFounded: st.found, petition.ConclusionPartly: st.partly, petition.ConclusionUnfounded: st.unfound}[concl]
	internal := strings.NewReplacer("người Ông/Bà", "người mà người phản ánh", "Ông/Bà", "người phản ánh").Replace(fill(finding))
	ev := pickS(r, evidence)
	if hospital {
		ev = evidenceHospital
	}
	add(petitionAction{kind: actConclude, actor: actor, days: max(1, total-sinceAssign), minute: work(), conclusion: concl, items: items,
		text: capFirst(internal) + ". " + ev})
	if target == petition.Concluded {
		return
	}
	replyDays, lateReply := 1+r.IntN(3), false
	if r.IntN(10) == 0 {
		replyDays, lateReply = 6+r.IntN(3), true
	}
	add(petitionAction{kind: actReply, actor: actor, days: replyDays, minute: work(),
		text: conclusionReply(r, st, fill, concl, lateConclusion || lateReply)})
	if !sp.anonymous && r.IntN(3) == 0 {
		add(petitionAction{kind: actMessage, days: 4 + r.IntN(40), minute: r.IntN(60), text: pickS(r, messagesThanks)})
	}
	add(petitionAction{kind: actClose, actor: actor, days: r.IntN(2), minute: work()})
}

// conclusionReply is the courteous letter telling the reporter the
// outcome: greeting, thanks, the finding (with an apology when founded),
// what was done and what comes next, a polite closing.
func conclusionReply(r *rand.Rand, st *story, fill func(string) string, concl petition.Conclusion, late bool) string {
	parts := []string{"Kính gửi Ông/Bà,", fill(strings.ReplaceAll(pickS(r, replyThanks), "{topic}", st.topic))}
	var finding, next string
	switch concl {
	case petition.ConclusionFounded:
		finding = "Qua xác minh, nội dung Ông/Bà phản ánh là đúng: " + fill(st.found) + ". Chúng tôi thành thật xin lỗi Ông/Bà về sự việc đáng tiếc này."
		next = fill(st.remedy)
	case petition.ConclusionPartly:
		finding = "Qua xác minh, nội dung Ông/Bà phản ánh đúng một phần: " + fill(st.partly) + ". Chúng tôi xin lỗi Ông/Bà về những thiếu sót của cán bộ."
		next = fill(st.remedy)
	default:
		finding = "Qua xác minh, chưa có cơ sở để kết luận nội dung phản ánh là đúng: " + fill(st.unfound) +
			". Tuy vậy, chúng tôi rất tiếc vì Ông/Bà chưa hài lòng khi làm việc với cơ quan và đã nhắc cán bộ luôn giải thích rõ ràng, tận tình với người dân."
		next = "Nếu Ông/Bà có thêm thông tin (thời điểm cụ thể, người chứng kiến, hình ảnh), xin gửi bổ sung qua trang tra cứu phản ánh để chúng tôi xem xét lại."
	}
	if late {
		finding += " Chúng tôi cũng xin lỗi Ông/Bà vì việc trả lời đã chậm hơn thời hạn."
	}
	next += " Nếu chưa đồng ý với kết quả giải quyết, Ông/Bà có thể phản hồi qua trang tra cứu phản ánh bằng mã phản ánh và mã bí mật đã được cấp."
	return strings.Join(append(parts, finding, next, pickS(r, replyClosing)), "\n\n")
}

// reject adds rejection i: a petition that cannot be accepted.
func (pl *planner) reject(i int) {
	r := pl.r
	rj := rejections[i]
	sp := &petitionSpec{story: fmt.Sprintf("R%d", i+1), kind: rj.kind, category: rj.cat, target: petition.Rejected,
		description: rj.text, hour: 6 + r.IntN(16), minute: r.IntN(60), occurredDays: -1, ageDays: 10 + r.IntN(160)}
	sp.unit = pl.unitOf(rj.kind)
	sp.anonymous = r.IntN(3) == 0
	if !sp.anonymous {
		sp.reporter = pl.reporter()
	}
	pl.seen[sp.description] = true
	actor := pl.actorFor(pl.handlerOf(sp.unit))
	sp.actions = []petitionAction{{kind: actSubmit}, {kind: actReject, actor: actor, days: 1 + r.IntN(6), minute: r.IntN(540), text: rj.reason}}
	if rj.reply != "" {
		body := "Kính gửi Ông/Bà,\n\nChúng tôi cảm ơn Ông/Bà đã gửi phản ánh. " + rj.reply + "\n\n" + pickS(r, replyClosing)
		sp.actions = append(sp.actions, petitionAction{kind: actReply, actor: actor, minute: r.IntN(540), text: body})
	}
	pl.specs = append(pl.specs, sp)
}

// repeat adds the reporter of petition i sending it again a week later,
// rejected as a duplicate.
func (pl *planner) repeat(i int) {
	r := pl.r
	first := pl.specs[i]
	sp := *first
	sp.story, sp.target, sp.dupOf, sp.dupDays = "repeat "+first.story, petition.Rejected, i+1, 5+r.IntN(4)
	sp.hour, sp.minute, sp.photo, sp.occurredDays = 6+r.IntN(16), r.IntN(60), photoNone, -1
	sp.description = "Tôi gửi lại phản ánh đã gửi tuần trước vì chưa thấy cơ quan trả lời. " + first.description
	pl.seen[sp.description] = true
	actor := pl.actorFor(pl.handlerOf(sp.unit))
	sp.actions = []petitionAction{{kind: actSubmit},
		{kind: actReject, actor: actor, days: 1 + r.IntN(3), minute: r.IntN(540),
			text: "Trùng nội dung với phản ánh {code} của cùng người phản ánh, đang được xem xét, giải quyết."},
		{kind: actReply, actor: actor, minute: r.IntN(540),
			text: "Kính gửi Ông/Bà,\n\nChúng tôi cảm ơn Ông/Bà đã gửi lại phản ánh. Qua kiểm tra, nội dung này trùng với phản ánh mã {code} Ông/Bà đã gửi trước đó, đang được xem xét, giải quyết; phản ánh gửi lại được lưu cùng hồ sơ. " +
				"Chúng tôi xin lỗi Ông/Bà vì việc xem xét phản ánh trước đã chậm. Kết quả giải quyết sẽ được thông báo tới Ông/Bà theo mã {code}.\n\n" + pickS(r, replyClosing)},
	}
	pl.specs = append(pl.specs, &sp)
}

// ---- the moments ----

// inOffice reports whether t is within office hours (7:30 to 16:45, Monday
// to Friday).
func inOffice(t time.Time) bool {
	l := t.In(congvu.TimeZone)
	m := l.Hour()*60 + l.Minute()
	return workday(l) && m >= 7*60+30 && m <= 16*60+45
}

func workday(t time.Time) bool {
	wd := t.In(congvu.TimeZone).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

func midnight(t time.Time) time.Time {
	l := t.In(congvu.TimeZone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, congvu.TimeZone)
}

// staffAfter is the office moment `days` working days after t, at minute
// of the working day (from 7:30), and always after t.
func staffAfter(t time.Time, days, minute int) time.Time {
	day := midnight(t)
	for !workday(day) {
		day = day.AddDate(0, 0, 1)
	}
	for n := days; n > 0; {
		day = day.AddDate(0, 0, 1)
		if workday(day) {
			n--
		}
	}
	at := day.Add(7*time.Hour + 30*time.Minute + time.Duration(minute)*time.Minute)
	if !at.After(t) {
		at = t.Add(time.Duration(10+minute%50) * time.Minute)
		if !inOffice(at) {
			return staffAfter(t, 1, minute%120)
		}
	}
	return at
}

// staffBefore is the office moment `days` working days before t, at minute
// of the working day, and always before t.
func staffBefore(t time.Time, days, minute int) time.Time {
	day := midnight(t)
	for !workday(day) {
		day = day.AddDate(0, 0, -1)
	}
	for n := days; n > 0; {
		day = day.AddDate(0, 0, -1)
		if workday(day) {
			n--
		}
	}
	at := day.Add(7*time.Hour + 30*time.Minute + time.Duration(minute)*time.Minute)
	if !at.Before(t) {
		at = t.Add(-time.Duration(10+minute%50) * time.Minute)
		if !inOffice(at) {
			return staffBefore(t, 1, minute%120)
		}
	}
	return at
}

func defaultRule(stage petition.DeadlineStage) petition.DeadlineRule {
	for _, d := range petition.DefaultDeadlineRules {
		if d.Stage == stage {
			return petition.DeadlineRule{Stage: stage, Days: d.Days, WorkingDays: d.WorkingDays, RemindDays: d.RemindDays, EscalateDays: d.EscalateDays}
		}
	}
	panic("demo: no deadline rule for " + string(stage))
}

// holds reports whether a stage due at due stands at now as tm says.
func (tm timing) holds(now, due time.Time, rule petition.DeadlineRule) bool {
	remind := due.AddDate(0, 0, -rule.RemindDays)
	escalate := due.AddDate(0, 0, rule.EscalateDays)
	switch tm {
	case onTime:
		return now.Before(remind.Add(-time.Hour))
	case nearDue:
		return now.After(remind.Add(time.Hour)) && now.Before(due.Add(-time.Hour))
	case late:
		return now.After(due.Add(time.Hour)) && now.Before(escalate.Add(-time.Hour))
	}
	return now.After(escalate.Add(24*time.Hour)) && now.Before(escalate.AddDate(0, 0, 15))
}

// fallback is the timing to use when none fits tm: late and escalated
// stay overdue, the others stay in time.
func (tm timing) fallback() timing {
	return [...]timing{onTime: nearDue, nearDue: onTime, late: escalated, escalated: late}[tm]
}

// schedule returns the moment of each action of sp for a load at now;
// first holds the moments of the petition sp repeats, if any.
func (sp *petitionSpec) schedule(now time.Time, first []time.Time) ([]time.Time, error) {
	acts := sp.actions
	times := make([]time.Time, len(acts))
	forward := func(t0 time.Time) {
		times[0] = t0
		for i := 1; i < len(acts); i++ {
			if acts[i].kind == actMessage {
				times[i] = times[i-1].Add(time.Duration(acts[i].days)*time.Hour + time.Duration(acts[i].minute)*time.Minute)
			} else {
				times[i] = staffAfter(times[i-1], acts[i].days, acts[i].minute)
			}
		}
	}
	citizen := func(day time.Time) time.Time {
		return midnight(day).Add(time.Duration(sp.hour)*time.Hour + time.Duration(sp.minute)*time.Minute)
	}
	if sp.target.Final() {
		if sp.dupOf != 0 {
			forward(citizen(first[0].AddDate(0, 0, sp.dupDays)))
			if !times[len(times)-1].Before(now) {
				return nil, fmt.Errorf("demo: petition %q repeats one too recent", sp.description)
			}
			return times, nil
		}
		t0 := citizen(now.AddDate(0, 0, -sp.ageDays))
		for forward(t0); !times[len(times)-1].Before(now.Add(-time.Hour)); forward(t0) {
			t0 = t0.AddDate(0, 0, -7) // whole weeks keep the weekdays
		}
		return times, nil
	}

	// An open petition: find when its current stage started, so that its
	// deadline stands as sp.timing says; the steps before it go backward
	// from there, the notes and messages after it forward, up to now.
	k := 0
	for i, a := range acts {
		if a.stage() != "" {
			k = i
		}
	}
	rule := defaultRule(acts[k].stage())
	minSpan := time.Duration(len(acts)-1-k) * 26 * time.Hour
	var cands []time.Time
	// A short stage may have no deadline in the window at some hours (the
	// days to assign end on working days, two days of escalation after a
	// Friday end on Sunday): then the timing next to it will do.
	for _, tm := range []timing{sp.timing, sp.timing.fallback()} {
		if len(cands) > 0 {
			break
		}
		for h := 1; h < 24*(rule.Days*7/5+rule.EscalateDays+20); h++ {
			s := now.Add(-time.Duration(h)*time.Hour - time.Duration(sp.minute)*time.Minute)
			if k == 0 {
				if l := s.In(congvu.TimeZone); l.Hour() < 6 || l.Hour() >= 23 {
					continue
				}
			} else if !inOffice(s) {
				continue
			}
			if now.Sub(s) < minSpan || !tm.holds(now, rule.AddDays(s), rule) {
				continue
			}
			cands = append(cands, s)
		}
	}
	if len(cands) == 0 {
		return nil, fmt.Errorf("demo: no moment fits petition %q", sp.description)
	}
	s := cands[int(sp.pick*float64(len(cands)))]
	times[k] = s
	for i := k; i > 0; i-- {
		times[i-1] = staffBefore(times[i], acts[i].days, acts[i-1].minute)
	}
	if k > 0 { // the citizen wrote in the evening or early morning
		times[0] = times[0].Add(-time.Duration(30+sp.minute*9) * time.Minute)
	}
	span := now.Sub(s)
	prev := s
	for j := k + 1; j < len(acts); j++ {
		t := s.Add(time.Duration(float64(span) * acts[j].frac))
		if acts[j].kind != actMessage && !inOffice(t) {
			t = staffAfter(t, 0, acts[j].minute%240)
		}
		if !t.After(prev) {
			t = prev.Add(10 * time.Minute)
		}
		if !t.Before(now.Add(-15 * time.Minute)) {
			t = prev.Add(now.Sub(prev) / 2)
		}
		times[j], prev = t, t
	}
	return times, nil
}

// ---- the load ----

// existingPetitions maps the description of every stored petition to its
// id and tracking code.
func existingPetitions(ctx context.Context, s services.Set) (map[string]*petition.Petition, error) {
	out := map[string]*petition.Petition{}
	for offset := 0; ; {
		list, total, err := s.Petitions.FindPetitions(ctx, petition.Filter{Offset: offset, Limit: congvu.MaxPageSize})
		if err != nil {
			return nil, fmt.Errorf("demo: list petitions: %w", err)
		}
		for _, p := range list {
			out[p.Description] = p
		}
		offset += len(list)
		if len(list) == 0 || offset >= total {
			return out, nil
		}
	}
}

// petitionsLoaded reports whether every demo petition is stored.
func petitionsLoaded(ctx context.Context, s services.Set, p *plan) (bool, error) {
	specs, err := getPetitionPlan(p)
	if err != nil {
		return false, err
	}
	have, err := existingPetitions(ctx, s)
	if err != nil {
		return false, err
	}
	for _, sp := range specs {
		if have[sp.description] == nil {
			return false, nil
		}
	}
	return true, nil
}

// timed is an action of a petition (or a sweep) at its moment.
type timed struct {
	at     time.Time
	spec   int // -1 for a sweep
	action int
}

// loadPetitions submits and handles the demo's petitions through
// s.Petitions, moving *clock to each moment, then sweeps deadlines at now.
func loadPetitions(ctx context.Context, s services.Set, p *plan, officials map[string]*congvu.Official,
	unitByCode func(string) (*congvu.Unit, error), clock *func() time.Time, now time.Time) (*PetitionsResult, error) {
	start := time.Now()
	specs, err := getPetitionPlan(p)
	if err != nil {
		return nil, err
	}
	res := &PetitionsResult{ByStatus: map[petition.Status]int{}}
	have, err := existingPetitions(ctx, s)
	if err != nil {
		return nil, err
	}

	// The moments.
	times := make([][]time.Time, len(specs))
	var queue []timed
	for i, sp := range specs {
		var first []time.Time
		if sp.dupOf != 0 {
			first = times[sp.dupOf-1]
		}
		if times[i], err = sp.schedule(now, first); err != nil {
			return nil, err
		}
		if have[sp.description] != nil {
			res.Skipped++
			continue
		}
		for j, at := range times[i] {
			queue = append(queue, timed{at: at, spec: i, action: j})
		}
	}
	if len(queue) > 0 {
		// The deadline sweep runs every morning at seven.
		first := queue[0].at
		for _, q := range queue {
			if q.at.Before(first) {
				first = q.at
			}
		}
		for day := midnight(first); ; day = day.AddDate(0, 0, 1) {
			at := day.Add(7 * time.Hour)
			if !at.Before(now) {
				break
			}
			queue = append(queue, timed{at: at, spec: -1})
		}
	}
	sort.SliceStable(queue, func(a, b int) bool { return queue[a].at.Before(queue[b].at) })

	// Who acts: the demo's handlers, as they are signed in.
	actors := map[string]context.Context{}
	for _, a := range p.accounts {
		u, err := findUser(ctx, s, a.Username)
		if err != nil {
			return nil, err
		}
		unit, err := unitByCode(a.UnitCode)
		if err != nil {
			return nil, err
		}
		actors[a.Username] = congvu.NewContextWithActor(ctx, &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName,
			OfficialID: u.OfficialID, Grants: []congvu.Grant{{Role: a.Role, UnitID: unit.ID, UnitPath: unit.Path, UnitName: unit.Name}}})
	}
	public := congvu.NewContextWithActor(ctx, nil)

	var moment atomic.Int64
	old := *clock
	*clock = func() time.Time { return time.Unix(0, moment.Load()).UTC() }
	defer func() { *clock = old }()

	ids := make([]int64, len(specs))
	codes := make([]string, len(specs))
	secrets := make([]string, len(specs))
	for i, sp := range specs {
		if e := have[sp.description]; e != nil {
			ids[i], codes[i] = e.ID, e.TrackingCode
		}
	}
	for _, q := range queue {
		moment.Store(q.at.UnixNano())
		if q.spec < 0 {
			r, err := s.Petitions.Sweep(ctx, q.at)
			if err != nil {
				return nil, fmt.Errorf("demo: deadline sweep: %w", err)
			}
			res.Sweeps.Reminded += r.Reminded
			res.Sweeps.Overdue += r.Overdue
			res.Sweeps.Escalated += r.Escalated
			continue
		}
		sp, a := specs[q.spec], specs[q.spec].actions[q.action]
		text := a.text
		if sp.dupOf != 0 {
			text = strings.ReplaceAll(text, "{code}", codes[sp.dupOf-1])
		}
		if err := runPetitionAction(s, public, actors[a.actor], sp, a, text, q.at, officials, unitByCode, &ids[q.spec], &codes[q.spec], &secrets[q.spec]); err != nil {
			return nil, fmt.Errorf("demo: petition %d (%s), %s: %w", q.spec+1, sp.story, actionName(a.kind), err)
		}
		if a.kind == actSubmit {
			res.Created++
		}
	}
	*clock = old

	r, err := s.Petitions.Sweep(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("demo: deadline sweep: %w", err)
	}
	res.Sweeps.Reminded += r.Reminded
	res.Sweeps.Overdue += r.Overdue
	res.Sweeps.Escalated += r.Escalated

	for _, st := range petition.Statuses {
		_, n, err := s.Petitions.FindPetitions(ctx, petition.Filter{Status: st, Limit: 1})
		if err != nil {
			return nil, fmt.Errorf("demo: count petitions: %w", err)
		}
		res.ByStatus[st] = n
	}
	if _, res.Overdue, err = s.Petitions.FindPetitions(ctx, petition.Filter{Overdue: true, Limit: 1}); err != nil {
		return nil, fmt.Errorf("demo: count petitions: %w", err)
	}
	if _, res.Escalated, err = s.Petitions.FindPetitions(ctx, petition.Filter{Escalated: true, Limit: 1}); err != nil {
		return nil, fmt.Errorf("demo: count petitions: %w", err)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func actionName(k actKind) string {
	return [...]string{"submit", "accept", "reject", "assign", "transfer", "verify", "conclude", "reply", "close", "note", "message", "reveal"}[k]
}

// runPetitionAction does action a of petition sp at the moment at.
func runPetitionAction(s services.Set, public, staff context.Context, sp *petitionSpec, a petitionAction, text string, at time.Time,
	officials map[string]*congvu.Official, unitByCode func(string) (*congvu.Unit, error), id *int64, code, secret *string) error {
	step := func(in petition.StepInput) error {
		_, err := s.Petitions.Step(staff, *id, in)
		return err
	}
	unitID := func(code string) (int64, error) {
		if code == "" {
			return 0, nil
		}
		u, err := unitByCode(code)
		if err != nil {
			return 0, err
		}
		return u.ID, nil
	}
	switch a.kind {
	case actSubmit:
		in := petition.Input{Category: sp.category, Description: sp.description, Place: sp.place, SubjectText: sp.subjectText,
			Anonymous: sp.anonymous, Reporter: sp.reporter, Consent: !sp.anonymous}
		if sp.official != "" {
			o, ok := officials[sp.official]
			if !ok {
				return fmt.Errorf("official %s is missing", sp.official)
			}
			if sp.badge && o.BadgeToken != "" {
				in.BadgeToken = o.BadgeToken
			} else {
				in.OfficialID = o.ID
			}
		} else {
			u, err := unitByCode(sp.unit)
			if err != nil {
				return err
			}
			in.UnitID = u.ID
		}
		if sp.occurredDays >= 0 {
			day := midnight(at).AddDate(0, 0, -sp.occurredDays)
			for sp.kind != kindHospital && !workday(day) {
				day = day.AddDate(0, 0, -1)
			}
			in.OccurredAt = &day
		}
		if sp.photo != photoNone {
			l := at.Add(-time.Duration(sp.occurredDays*24+3)*time.Hour - 17*time.Minute).In(congvu.TimeZone)
			f, err := s.Petitions.StoreFile(public, l.Format("IMG_20060102_150405.jpg"), bytes.NewReader(demoPhoto(sp.photo, photoSeed(sp.description))))
			if err != nil {
				return err
			}
			in.Files = []*petition.Attachment{f}
		}
		rec, err := s.Petitions.Submit(public, in)
		if err != nil {
			return err
		}
		*id, *code, *secret = rec.Petition.ID, rec.TrackingCode, rec.Secret
		return nil
	case actMessage:
		return s.Petitions.PostReporterMessage(public, *code, *secret, text)
	case actAccept:
		return step(petition.StepInput{Step: petition.StepAccept, Note: text})
	case actReject:
		return step(petition.StepInput{Step: petition.StepReject, Reason: text})
	case actAssign, actTransfer:
		u, err := unitID(a.unit)
		if err != nil {
			return err
		}
		if a.kind == actAssign {
			return step(petition.StepInput{Step: petition.StepAssign, UnitID: u, Note: text})
		}
		return step(petition.StepInput{Step: petition.StepTransfer, UnitID: u, Reason: text})
	case actVerify:
		return step(petition.StepInput{Step: petition.StepVerify})
	case actConclude:
		return step(petition.StepInput{Step: petition.StepConclude, Conclusion: a.conclusion, Text: text, Items: a.items})
	case actClose:
		return step(petition.StepInput{Step: petition.StepClose})
	case actReply:
		_, err := s.Petitions.Reply(staff, *id, text)
		return err
	case actNote:
		_, err := s.Petitions.AddNote(staff, *id, text)
		return err
	case actReveal:
		_, err := s.Petitions.RevealReporter(staff, *id, text)
		return err
	}
	return fmt.Errorf("unknown action %d", a.kind)
}

// ---- the photos ----

// demoPhoto draws a small photograph as a phone would take it: a dossier
// receipt on a table, or an empty counter; the same seed gives the same
// bytes.
func demoPhoto(kind photoKind, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0x6a706567))
	const w, h = 480, 360
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := max(y0, 0); y < min(y1, h); y++ {
			for x := max(x0, 0); x < min(x1, w); x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	switch kind {
	case photoReceipt:
		fill(0, 0, w, h, color.RGBA{112, 80, 54, 255})         // the table
		fill(64, 26, 418, 344, color.RGBA{80, 58, 40, 255})    // the paper's shadow
		fill(70, 20, 410, 336, color.RGBA{241, 237, 226, 255}) // the receipt
		fill(140, 44, 340, 54, color.RGBA{60, 60, 66, 255})    // its title
		for y := 84; y < 270; y += 17 {
			fill(96, y, 96+150+r.IntN(150), y+6, color.RGBA{96, 96, 104, 255})
		}
		for dy := -30; dy <= 30; dy++ { // the red stamp
			for dx := -30; dx <= 30; dx++ {
				if d := dx*dx + dy*dy; d <= 900 && d >= 650 {
					img.SetRGBA(330+dx, 288+dy, color.RGBA{186, 42, 44, 255})
				}
			}
		}
	default:
		fill(0, 0, w, h, color.RGBA{228, 216, 172, 255})      // the wall
		fill(0, 270, w, h, color.RGBA{156, 156, 150, 255})    // the floor
		fill(176, 50, 304, 104, color.RGBA{28, 82, 160, 255}) // the counter's sign
		fill(192, 70, 288, 84, color.RGBA{245, 245, 245, 255})
		fill(214, 130, 266, 205, color.RGBA{46, 46, 52, 255}) // an empty chair
		fill(40, 196, 440, 300, color.RGBA{122, 86, 56, 255}) // the counter
		fill(40, 196, 440, 204, color.RGBA{160, 120, 84, 255})
	}
	for y := range h {
		for x := range w {
			c := img.RGBAAt(x, y)
			n := r.IntN(13) - 6
			img.SetRGBA(x, y, color.RGBA{clamp8(int(c.R) + n), clamp8(int(c.G) + n), clamp8(int(c.B) + n), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 72}); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return buf.Bytes()
}

// photoSeed makes each petition's photo its own.
func photoSeed(description string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(description))
	return h.Sum64()
}

func clamp8(v int) uint8 { return uint8(min(max(v, 0), 255)) }
