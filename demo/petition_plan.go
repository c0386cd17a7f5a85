package demo

import (
	"congvu/petition"
	"congvu/vntext"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ---- the plan ----

// planner draws the demo's petitions.
type planner struct {
	p        *plan
	r        *rand.Rand
	pools    map[subjectKind][]person
	communes []string
	parentOf map[string]string // added unit code → parent code
	seen     map[string]bool   // descriptions
	specs    []*petitionSpec
	photos   int
	reveals  int
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
		parentOf: map[string]string{}, seen: map[string]bool{}}
	for _, u := range p.units {
		if u.era == after || !strings.HasPrefix(u.code, FormerProvinceCode+".") {
			pl.parentOf[u.code] = u.parent
		}
	}
	pl.parentOf[hospitalCode] = "33.SYT" // since 01/07/2025
	// The petitions are of the last months: about people where they work
	// today.
	add := func(k subjectKind, unit string, prefixes ...string) {
		for _, x := range p.people {
			if x.nowCode != unit || x.account != "" {
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
	add(kindCentre, centreCode, "Công chức tiếp nhận", "Nhân viên hướng dẫn")
	pl.communes = p.communes
	for _, c := range pl.communes {
		add(kindOneStop, communeCentre(c), "Phó Giám đốc", "Công chức tiếp nhận")
		add(kindDistrict, c, "Chuyên viên Văn phòng")
		add(kindCommune, c, "Công chức Tư pháp", "Công chức Văn phòng", "Trưởng Phòng Văn hóa", "Phó Chủ tịch UBND")
		add(kindCommuneLand, c, "Công chức Địa chính")
	}
	add(kindHospital, hospitalCode, "Bác sĩ", "Điều dưỡng", "Hộ sinh")
	add(kindLand, "33.SNNMT", "Chuyên viên")
	add(kindBusiness, "33.STC", "Chuyên viên")
	add(kindHomeAffairs, "33.SNV", "Chuyên viên")
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
		// About the Department of Home Affairs: noivu works there, so she
		// may not see it; thanhtra (the provincial inspectorate) may.
		slot{target: rec, timing: onTime, kind: kindHomeAffairs, story: "D4"},
		// About the ward's own office: thutruong sees it, the province handles it.
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
			sp.official, sp.unit, who = x.EmployeeCode, x.nowCode, roleNoun(x.Position)+" "+x.FullName
		case st.unitOnly || r.IntN(4) == 0:
			sp.unit = pl.unitOf(kind)
			who = pickS(r, nobody[kind])
			sp.subjectText = capFirst(who) + ", không rõ họ tên"
			if st.unitOnly {
				sp.subjectText = st.subject
			}
		default:
			x := pl.official(kind)
			sp.official, sp.unit, who = x.EmployeeCode, x.nowCode, roleNoun(x.Position)+" "+x.FullName
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
			if x.nowCode == poor {
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
		return centreCode
	case kindOneStop:
		if pl.r.IntN(3) == 0 {
			return communeCentre(pl.communes[1+pl.r.IntN(len(pl.communes)-1)])
		}
		return communeCentre(CityWard)
	case kindCommune, kindCommuneLand:
		if pl.r.IntN(3) == 0 {
			return pl.p.feedback.staff.poorCommune
		}
		return pl.communes[pl.r.IntN(len(pl.communes))]
	case kindHospital:
		return hospitalCode
	case kindLand:
		return "33.SNNMT"
	case kindBusiness:
		return "33.STC"
	case kindDistrict:
		return pl.communes[pl.r.IntN(len(pl.communes))]
	}
	return "33.SNV"
}

// unitPhrase is the subject's unit as people call it.
func (pl *planner) unitPhrase(kind subjectKind, code string) string {
	switch kind {
	case kindCentre:
		return "Trung tâm Phục vụ hành chính công tỉnh"
	case kindOneStop:
		return pl.p.unitNames[code]
	case kindCommune, kindCommuneLand, kindDistrict:
		return "UBND " + lowerFirst(pl.p.unitNames[code])
	case kindHospital:
		return "Bệnh viện Đa khoa Thái Bình"
	}
	return pl.p.unitNames[code]
}

// placeOf is where it happened.
func (pl *planner) placeOf(kind subjectKind, code, ward, counter string) string {
	switch kind {
	case kindCentre:
		return "Trung tâm Phục vụ hành chính công tỉnh, quầy số " + counter
	case kindOneStop:
		return pl.p.unitNames[code] + ", quầy số " + counter
	case kindCommune, kindCommuneLand:
		return "Trụ sở UBND " + lowerFirst(pl.p.unitNames[code])
	case kindHospital:
		return ward + ", Bệnh viện Đa khoa Thái Bình"
	case kindLand:
		return "Văn phòng Đăng ký đất đai, Sở Nông nghiệp và Môi trường"
	case kindBusiness:
		return "Phòng Đăng ký kinh doanh, Sở Tài chính"
	case kindDistrict:
		return "Văn phòng HĐND và UBND " + lowerFirst(pl.p.unitNames[code])
	}
	return "Sở Nội vụ tỉnh Hưng Yên"
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
		rep.Address += ", tỉnh Hưng Yên"
	}
	return rep
}

// handlerOf is the unit that handles petitions about unit code by default:
// its parent (the province for a commune).
func (pl *planner) handlerOf(code string) string {
	if p, ok := pl.parentOf[code]; ok {
		return p
	}
	return ProvinceCode
}

// actorFor picks the demo account that acts for handler unit code on a
// petition about unit subject: never noivu about the department it works
// in (the conflict rule hides such petitions from it).
func (pl *planner) actorFor(code, subject string) string {
	if subject == "33.SNV" {
		return "thanhtra"
	}
	if (code == CityWard || strings.HasPrefix(code, CityWard+".")) && pl.r.IntN(5) != 0 {
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
	actor := pl.actorFor(handler, sp.unit)
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
	add(assign)
	sinceAssign := 0
	// A transfer, now and then, to the department in charge of the civil
	// service.
	if to := "33.SNV"; handler == ProvinceCode && sp.kind == kindCentre && r.IntN(8) == 0 {
		handler = to
		actor = pl.actorFor(to, sp.unit)
		reason := "Chuyển Sở Nội vụ xác minh theo chức năng tham mưu quản lý cán bộ, công chức đối với Trung tâm."
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
	actor := pl.actorFor(pl.handlerOf(sp.unit), sp.unit)
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
	actor := pl.actorFor(pl.handlerOf(sp.unit), sp.unit)
	sp.actions = []petitionAction{{kind: actSubmit},
		{kind: actReject, actor: actor, days: 1 + r.IntN(3), minute: r.IntN(540),
			text: "Trùng nội dung với phản ánh {code} của cùng người phản ánh, đang được xem xét, giải quyết."},
		{kind: actReply, actor: actor, minute: r.IntN(540),
			text: "Kính gửi Ông/Bà,\n\nChúng tôi cảm ơn Ông/Bà đã gửi lại phản ánh. Qua kiểm tra, nội dung này trùng với phản ánh mã {code} Ông/Bà đã gửi trước đó, đang được xem xét, giải quyết; phản ánh gửi lại được lưu cùng hồ sơ. " +
				"Chúng tôi xin lỗi Ông/Bà vì việc xem xét phản ánh trước đã chậm. Kết quả giải quyết sẽ được thông báo tới Ông/Bà theo mã {code}.\n\n" + pickS(r, replyClosing)},
	}
	pl.specs = append(pl.specs, &sp)
}
