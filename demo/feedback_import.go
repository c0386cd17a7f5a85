package demo

import (
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

// Drawing the demo ratings, comments and dossiers into a feedback import.

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
