package devdata

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"congvu"
	"congvu/calendar"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/petitionsql"
	"congvu/vntext"
)

// GeneratePetitions writes n believable petitions (phản ánh) about the
// units of the tree and their officials, for benchmarks and demonstrations:
// Vietnamese descriptions with diacritics built from phrase templates per
// category, submitted over the last two years (more recently, more on
// working days), a third anonymous, the others with a sealed identity; each
// taken as far through the workflow as its age allows (received, accepted,
// rejected, assigned, verifying, concluded, closed), with its deadline
// stages under the rules in force, its history events, breached items, the
// agency's reply before closing, and overdue, reminder and escalation marks
// where a stage ran late. search_text is what Submit writes
// (petitionSearchText), so search behaves as on real data; on SQLite the
// FTS5 triggers index each row as it is inserted.
//
// Officials are created (two per commune, as gen-feedback does) in
// communes that have none. Rows go in with multi-row INSERTs on SQLite and
// COPY on PostgreSQL, a transaction per few thousand petitions; one audit
// event records the run. progress (may be nil) receives (written, n).
func GeneratePetitions(ctx context.Context, db *sqldb.DB, n int, progress func(done, total int)) error {
	if n <= 0 {
		return errors.New("generate petitions: the number of petitions must be positive")
	}
	g := &petGen{db: db, n: n, now: db.Now().UTC(), codes: map[string]struct{}{}}
	if err := g.load(ctx); err != nil {
		return fmt.Errorf("generate petitions: %w", err)
	}
	if err := g.run(ctx, progress); err != nil {
		return fmt.Errorf("generate petitions: %w", err)
	}
	return db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit("petition.generate", "petition", 0, 0, nil, g.res)
	})
}

// petGenResult counts what GeneratePetitions wrote (the audit record).
type petGenResult struct {
	Petitions        int            `json:"petitions"`
	ByStatus         map[string]int `json:"by_status"`
	Anonymous        int            `json:"anonymous"`
	AboutOfficials   int            `json:"about_officials"`
	Stages           int            `json:"stages"`
	Events           int            `json:"events"`
	Messages         int            `json:"messages"`
	Items            int            `json:"items"`
	OfficialsCreated int            `json:"officials_created"`
}

// petUnit is a unit petitions may be about.
type petUnit struct {
	id        int64
	name      string
	kind      org.UnitKind
	handler   int32   // index of the default handler (nearest active ancestor; itself for the root)
	officials []int32 // indexes into petGen.officials
}

type petOfficial struct {
	id   int64
	name string
}

// petRule is a stored deadline rule in force from a date.
type petRule struct {
	from time.Time
	rule petition.DeadlineRule
}

type petGen struct {
	db        *sqldb.DB
	n         int
	now       time.Time
	rng       *rand.Rand
	idKey     []byte
	units     []petUnit // every active unit; subjects drawn by weight
	byID      map[int64]int32
	cum       []float64 // cumulative subject weights over units
	officials []petOfficial
	rules     map[petition.DeadlineStage][]petRule // stored rules, oldest first
	cal       *calendar.Calendar                   // the working-day calendar deadlines are counted on
	codes     map[string]struct{}
	next      struct{ petition, stage, event, message int64 }
	res       petGenResult
}

// petBatch is a transaction's worth of generated rows.
type petBatch struct {
	petitions []genPet
	stages    []genPetStage
	events    []genPetEvent
	messages  []genPetMessage
	items     []genPetItem
}

type genPet struct {
	id                                      int64
	code, secretHash, channel, category     string
	unitID, officialID                      int64
	subjectText, description, place         string
	occurred                                time.Time // zero: NULL
	anonymous, hasContact                   bool
	sealed, status                          string
	handler                                 int64
	rejectReason, conclusion, conclusionTxt string
	due, reminded, overdue                  time.Time
	escalatedTo                             int64
	escalatedAt                             time.Time
	search                                  string
	submitted, updated, closed              time.Time
}

type genPetStage struct {
	id, petition int64
	stage        string
	unit         int64
	started, due time.Time
	done         time.Time
}

type genPetEvent struct {
	id, petition int64
	kind, status string
	unit         int64
	actor, note  string
	public       bool
	at           time.Time
}

type genPetMessage struct {
	id, petition int64
	fromAgency   bool
	author, body string
	at           time.Time
}

type genPetItem struct {
	petition int64
	code     string
}

// load reads the unit tree, the officials (creating some where communes
// have none), the deadline rules, the identity key, the tracking codes in
// use and the next ids.
func (g *petGen) load(ctx context.Context) error {
	db := g.db
	rows, err := db.Read.QueryContext(ctx, `SELECT id, path, kind, name FROM units WHERE active = TRUE ORDER BY id`)
	if err != nil {
		return err
	}
	type unitRow struct {
		id         int64
		path, name string
		kind       org.UnitKind
	}
	var all []unitRow
	for rows.Next() {
		var u unitRow
		if err := rows.Scan(&u.id, &u.path, &u.kind, &u.name); err != nil {
			rows.Close()
			return err
		}
		all = append(all, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(all) == 0 {
		return errors.New("no active unit")
	}
	g.byID = map[int64]int32{}
	for i, u := range all {
		g.byID[u.id] = int32(i)
		g.units = append(g.units, petUnit{id: u.id, name: u.name, kind: u.kind, handler: int32(i)})
	}
	for i, u := range all {
		ids := sqldb.PathIDs(u.path)
		for j := len(ids) - 2; j >= 0; j-- {
			if h, ok := g.byID[ids[j]]; ok {
				g.units[i].handler = h
				break
			}
		}
	}
	var seed int64
	if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM petitions`).Scan(&seed); err != nil {
		return err
	}
	g.rng = rand.New(rand.NewPCG(uint64(seed)+1, 0x5eed_9e37_79b9_7f4a))

	if err := g.loadOfficials(ctx, true); err != nil {
		return err
	}
	// Subjects: communes mostly (where citizens meet officials), then
	// districts and provinces; some units are busier than others. The root
	// is only a subject when it is the only unit.
	total := 0.0
	for i, u := range g.units {
		w := 0.0
		switch {
		case len(g.units) == 1:
			w = 1
		case u.kind == org.KindNation:
		case u.kind == org.KindCommune:
			w = 1
		case u.kind == org.KindDistrict:
			w = 1.5
		case u.kind == org.KindProvince:
			w = 3
		default:
			w = 0.8
		}
		if len(g.units[i].officials) > 0 {
			w *= 1.2
		}
		total += w * math.Exp(g.rng.NormFloat64()*0.5)
		g.cum = append(g.cum, total)
	}

	if g.cal, err = calendarsql.Load(ctx, db, db.Read); err != nil {
		return err
	}
	g.rules = map[petition.DeadlineStage][]petRule{}
	rrows, err := db.Read.QueryContext(ctx, `SELECT stage, days, working_days, remind_days, escalate_days, valid_from
		FROM petition_deadline_rules WHERE kind = 'report' ORDER BY valid_from, id`)
	if err != nil {
		return err
	}
	for rrows.Next() {
		var r petition.DeadlineRule
		var stage string
		if err := rrows.Scan(&stage, &r.Days, &r.WorkingDays, &r.RemindDays, &r.EscalateDays, &r.ValidFrom); err != nil {
			rrows.Close()
			return err
		}
		r.Stage = petition.DeadlineStage(stage)
		g.rules[r.Stage] = append(g.rules[r.Stage], petRule{from: r.ValidFrom.UTC(), rule: r})
	}
	rrows.Close()
	if err := rrows.Err(); err != nil {
		return err
	}

	if db.Seal == nil {
		return errors.New("no sealing keys loaded (sqldb.LoadSealKeys)")
	}
	g.idKey = db.Seal.Sealing()
	crows, err := db.Read.QueryContext(ctx, `SELECT tracking_code FROM petitions`)
	if err != nil {
		return err
	}
	for crows.Next() {
		var c string
		if err := crows.Scan(&c); err != nil {
			crows.Close()
			return err
		}
		g.codes[c] = struct{}{}
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return err
	}
	for _, x := range []struct {
		table string
		to    *int64
	}{{"petitions", &g.next.petition}, {"petition_stages", &g.next.stage}, {"petition_events", &g.next.event}, {"petition_messages", &g.next.message}} {
		if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+x.table).Scan(x.to); err != nil {
			return err
		}
		*x.to++
	}
	g.res.ByStatus = map[string]int{}
	return nil
}

// loadOfficials reads the active officials by unit; with create, it first
// creates two officials in each commune that has none (the way
// GenerateFeedback does, same employee codes) and reads again.
func (g *petGen) loadOfficials(ctx context.Context, create bool) error {
	for i := range g.units {
		g.units[i].officials = nil
	}
	g.officials = g.officials[:0]
	rows, err := g.db.Read.QueryContext(ctx, `SELECT id, unit_id, full_name FROM officials WHERE active = TRUE ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o petOfficial
		var unit int64
		if err := rows.Scan(&o.id, &unit, &o.name); err != nil {
			rows.Close()
			return err
		}
		if i, ok := g.byID[unit]; ok {
			g.units[i].officials = append(g.units[i].officials, int32(len(g.officials)))
			g.officials = append(g.officials, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if !create {
		return nil
	}
	fg := &genState{db: g.db, o: GenOptions{OfficialsPerUnit: 2}, rng: g.rng, res: &GenResult{}}
	var missing []int
	for _, u := range g.units {
		if u.kind == org.KindCommune && len(u.officials) == 0 {
			missing = append(missing, len(fg.targets))
			fg.targets = append(fg.targets, genUnit{id: u.id})
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := fg.createOfficials(ctx, missing); err != nil {
		return err
	}
	g.res.OfficialsCreated = fg.res.OfficialsCreated
	return g.loadOfficials(ctx, false)
}

// ruleAt is the deadline rule of stage in force at t: the stored rule with
// the latest valid_from not after t, or the built-in default.
func (g *petGen) ruleAt(stage petition.DeadlineStage, t time.Time) petition.DeadlineRule {
	rs := g.rules[stage]
	for i := len(rs) - 1; i >= 0; i-- {
		if !rs[i].from.After(t) {
			return rs[i].rule
		}
	}
	for _, d := range petition.DefaultDeadlineRules {
		if d.Stage == stage {
			return petition.DeadlineRule{Stage: stage, Days: d.Days, WorkingDays: d.WorkingDays, RemindDays: d.RemindDays, EscalateDays: d.EscalateDays}
		}
	}
	return petition.DeadlineRule{Stage: stage, Days: 10}
}

// petitionGenBatch is how many petitions go in one transaction.
const petitionGenBatch = 5000

// run spreads the petitions over the last two years and writes them a
// batch at a time.
func (g *petGen) run(ctx context.Context, progress func(done, total int)) error {
	to := congvu.Date(g.now)
	from := to.AddDate(-2, 0, 0)
	var days []time.Time
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	weights := make([]float64, len(days))
	sum := 0.0
	for i, d := range days {
		w := 1.0
		switch d.Weekday() {
		case time.Saturday:
			w = 0.55
		case time.Sunday:
			w = 0.4
		}
		weights[i] = w * (0.5 + float64(i)/float64(len(days))) // use grows over the two years
		sum += weights[i]
	}
	counts := make([]int, len(days))
	done, share := 0, 0.0
	for i := range days {
		share += weights[i] / sum * float64(g.n)
		counts[i] = int(math.Round(share)) - done
		done += counts[i]
	}
	w, err := g.newWriter(ctx)
	if err != nil {
		return err
	}
	defer w.close()
	b := &petBatch{}
	written := 0
	flush := func() error {
		if len(b.petitions) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.write(ctx, b); err != nil {
			return err
		}
		written += len(b.petitions)
		g.res.Petitions += len(b.petitions)
		g.res.Stages += len(b.stages)
		g.res.Events += len(b.events)
		g.res.Messages += len(b.messages)
		g.res.Items += len(b.items)
		b.petitions, b.stages, b.events, b.messages, b.items = b.petitions[:0], b.stages[:0], b.events[:0], b.messages[:0], b.items[:0]
		if progress != nil {
			progress(written, g.n)
		}
		return nil
	}
	var times []time.Time
	for i, d := range days {
		// Submission times: any time from 6:00 to 23:00, more in office
		// hours; today's only up to now.
		times = times[:0]
		for range counts[i] {
			var mins int
			if g.rng.IntN(3) < 2 {
				mins = 7*60 + 30 + g.rng.IntN(9*60+30)
			} else {
				mins = 6*60 + g.rng.IntN(17*60)
			}
			t := d.Add(time.Duration(mins)*time.Minute + time.Duration(g.rng.IntN(60))*time.Second).UTC()
			if t.After(g.now) {
				t = g.now.Add(-time.Duration(g.rng.IntN(3600)) * time.Second)
			}
			times = append(times, t)
		}
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		for _, t := range times {
			if err := g.petition(b, t); err != nil {
				return err
			}
			if len(b.petitions) >= petitionGenBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := w.finish(ctx); err != nil {
		return err
	}
	// The rows were written without the services: the dashboard's rollups
	// are filled from them, as migration 0045 fills them.
	return petitionsql.RebuildStatsRollups(ctx, g.db)
}

// pick returns one of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// petition generates one petition submitted at t, with its history up to
// now, into b.
func (g *petGen) petition(b *petBatch, t time.Time) error {
	r := g.rng
	p := genPet{id: g.next.petition, submitted: t}
	g.next.petition++
	ui := int32(min(searchCum(g.cum, r.Float64()*g.cum[len(g.cum)-1]), len(g.units)-1))
	u := &g.units[ui]
	p.unitID = u.id
	officialName := ""
	if len(u.officials) > 0 && r.IntN(100) < 65 {
		o := g.officials[pick(r, u.officials)]
		p.officialID, officialName = o.id, o.name
	}
	cat := petGenCategory(r)
	p.category = string(cat)
	switch x := r.IntN(100); {
	case x < 8:
		p.channel = string(petition.ViaAPI)
	case p.officialID != 0 && x < 60:
		p.channel = string(petition.ViaBadge)
	case p.officialID == 0 && x < 40:
		p.channel = string(petition.ViaUnit)
	default:
		p.channel = string(petition.ViaWeb)
	}
	if p.officialID == 0 && r.IntN(100) < 60 {
		p.subjectText = pick(r, petGenSubjects)
	}
	if r.IntN(100) < 70 {
		day := congvu.Date(t).AddDate(0, 0, -r.IntN(12))
		p.occurred = day.UTC()
	}
	p.description = vntext.CleanParagraphs(g.describe(cat, u, p.occurred, t)) // as Submit cleans it
	p.subjectText = vntext.Clean(p.subjectText)
	if r.IntN(100) < 60 {
		p.place = vntext.Clean(strings.ReplaceAll(pick(r, petGenPlaces), "{dv}", u.name))
	}
	for {
		p.code = petition.NewTrackingCode()
		if _, dup := g.codes[p.code]; !dup {
			break
		}
	}
	g.codes[p.code] = struct{}{}
	p.secretHash = sqldb.HashToken(petition.NewSecret())
	p.anonymous = r.IntN(100) < 35
	if !p.anonymous {
		rep := g.reporter(u)
		sealed, err := petitionsql.SealReporter(g.idKey, p.code, rep)
		if err != nil {
			return err
		}
		p.sealed, p.hasContact = sealed, rep.Email != ""
	} else {
		g.res.Anonymous++
	}
	if p.officialID != 0 {
		g.res.AboutOfficials++
	}
	p.search = petitionsql.PetitionSearchText(p.code, cat, officialName, u.name, p.subjectText, p.description, p.place)
	g.history(b, &p, u, cat)
	g.res.ByStatus[p.status]++
	b.petitions = append(b.petitions, p)
	return nil
}

// petGenCategory draws a category: delays and harassment are the most
// reported, dress and alcohol the least.
func petGenCategory(r *rand.Rand) petition.Category {
	switch x := r.IntN(100); {
	case x < 18:
		return petition.Harassment
	case x < 38:
		return petition.Obstruct
	case x < 47:
		return petition.Favours
	case x < 69:
		return petition.Delay
	case x < 87:
		return petition.Attitude
	case x < 91:
		return petition.Dress
	case x < 94:
		return petition.Alcohol
	}
	return petition.Other
}

// describe writes what happened: an opening of the category, details, a
// request; a few petitions carry an uncommon sentence.
func (g *petGen) describe(cat petition.Category, u *petUnit, occurred, submitted time.Time) string {
	r := g.rng
	var sb strings.Builder
	fill := func(tpl string) {
		for {
			i := strings.IndexByte(tpl, '{')
			if i < 0 {
				sb.WriteString(tpl)
				return
			}
			j := strings.IndexByte(tpl[i:], '}')
			if j < 0 {
				sb.WriteString(tpl)
				return
			}
			sb.WriteString(tpl[:i])
			switch key := tpl[i+1 : i+j]; key {
			case "tt":
				sb.WriteString(pick(r, petGenProcedures))
			case "gt":
				sb.WriteString(pick(r, petGenPapers))
			case "ai":
				sb.WriteString(pick(r, petGenWho))
			case "noi":
				sb.WriteString(pick(r, petGenWhere))
			case "dv":
				sb.WriteString(u.name)
			case "n":
				sb.WriteString(strconv.Itoa(2 + r.IntN(5)))
			case "ngay":
				sb.WriteString(strconv.Itoa(3 + r.IntN(40)))
			case "tien":
				sb.WriteString(pick(r, petGenMoney))
			case "gio":
				sb.WriteString(strconv.Itoa(7 + r.IntN(10)))
			case "khi":
				d := occurred
				if d.IsZero() {
					d = congvu.Date(submitted).AddDate(0, 0, -r.IntN(10))
				}
				d = d.In(congvu.TimeZone)
				sb.WriteString(strings.NewReplacer("{d}", strconv.Itoa(d.Day()), "{m}", strconv.Itoa(int(d.Month())),
					"{thu}", petGenWeekdays[d.Weekday()]).Replace(pick(r, petGenWhen)))
			default:
				sb.WriteString(tpl[i : i+j+1])
			}
			tpl = tpl[i+j+1:]
		}
	}
	var out strings.Builder
	sentence := func(tpl string) {
		sb.Reset()
		fill(tpl)
		s := sb.String()
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		// A sentence may start with a slot ("{ai} không chào hỏi").
		first, size := utf8.DecodeRuneInString(s)
		out.WriteRune(unicode.ToUpper(first))
		out.WriteString(s[size:])
	}
	pool := petGenText[cat]
	sentence(pick(r, pool.open))
	for k := r.IntN(3); k > 0; k-- {
		if r.IntN(3) == 0 {
			sentence(pick(r, petGenCommonDetails))
		} else {
			sentence(pick(r, pool.detail))
		}
	}
	if r.IntN(5000) == 0 {
		sentence(pick(r, petGenRare))
	}
	if r.IntN(100) < 70 {
		sentence(pick(r, petGenRequests))
	}
	return out.String()
}

// reporter makes up a reporter living in or near the unit.
func (g *petGen) reporter(u *petUnit) petition.Reporter {
	r := g.rng
	fam, mid, given := pick(r, genFamily), pick(r, genMiddle), pick(r, genGiven)
	rep := petition.Reporter{Name: fam + " " + mid + " " + given}
	if r.IntN(100) < 85 {
		rep.Phone = fmt.Sprintf("0%d%08d", pick(r, []int{3, 7, 8, 9}), r.IntN(100_000_000))
	}
	if rep.Phone == "" || r.IntN(100) < 45 {
		rep.Email = strings.ReplaceAll(strings.ToLower(foldASCII(given+fam)), " ", "") + strconv.Itoa(r.IntN(1000)) + "@" + pick(r, []string{"gmail.com", "yahoo.com", "outlook.com"})
	}
	if r.IntN(100) < 40 {
		rep.Address = fmt.Sprintf("Số %d, thôn %s, %s", 1+r.IntN(200), pick(r, petGenVillages), u.name)
	}
	return rep
}

// foldASCII keeps the ASCII letters of the folded s.
func foldASCII(s string) string {
	var b strings.Builder
	for _, c := range vntext.Fold(s) {
		if c >= 'a' && c <= 'z' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// history takes p through the workflow as far as its age allows: each
// stage ends after a believable time (some late), unless that is after
// now; the open stage keeps its deadline, with reminder, overdue and
// escalation marks as the sweep would have set them.
func (g *petGen) history(b *petBatch, p *genPet, u *petUnit, cat petition.Category) {
	r := g.rng
	handler := &g.units[u.handler]
	staff := func() string { return pick(r, genFamily) + " " + pick(r, genMiddle) + " " + pick(r, genGiven) }
	event := func(kind string, status petition.Status, at time.Time, note string) {
		b.events = append(b.events, genPetEvent{id: g.next.event, petition: p.id, kind: kind, status: string(status), unit: handler.id,
			actor: staff(), note: note, public: true, at: at})
		g.next.event++
		p.updated = at
	}
	var cur *genPetStage
	var curRule petition.DeadlineRule
	start := func(stage petition.DeadlineStage, at time.Time) {
		curRule = g.ruleAt(stage, at)
		b.stages = append(b.stages, genPetStage{id: g.next.stage, petition: p.id, stage: string(stage), unit: handler.id,
			started: at, due: curRule.AddDays(g.cal, at).UTC()})
		g.next.stage++
		cur = &b.stages[len(b.stages)-1]
	}
	// after draws when a stage ends: usually well within the deadline,
	// sometimes late.
	after := func(at time.Time, typical, spread float64) time.Time {
		days := typical * math.Exp(r.NormFloat64()*spread)
		return at.Add(time.Duration(days*24*float64(time.Hour)) + time.Duration(r.IntN(3600))*time.Second)
	}
	open := func(status petition.Status) {
		p.status, p.handler, p.due = string(status), handler.id, cur.due
		// As the sweep marks them (see petition_rules.go), running often.
		if rem := curRule.Shift(g.cal, cur.due, -curRule.RemindDays); curRule.RemindDays > 0 && rem.Before(g.now) {
			p.reminded = rem.Add(time.Duration(r.IntN(3600)) * time.Second)
		}
		if cur.due.Before(g.now) {
			p.overdue = cur.due.Add(time.Duration(1+r.IntN(3600)) * time.Second)
			if esc := curRule.Shift(g.cal, cur.due, curRule.EscalateDays); esc.Before(g.now) && handler.handler != g.byID[handler.id] {
				p.escalatedTo, p.escalatedAt = g.units[handler.handler].id, esc.Add(time.Duration(r.IntN(3600))*time.Second)
			}
		}
	}

	t := p.submitted
	p.updated = t
	b.events = append(b.events, genPetEvent{id: g.next.event, petition: p.id, kind: "submit", status: string(petition.Received),
		unit: handler.id, actor: "Hệ thống", public: true, at: t})
	g.next.event++
	start(petition.StageAccept, t)

	t1 := after(t, 3, 0.7)
	if !t1.Before(g.now) {
		open(petition.Received)
		return
	}
	cur.done = t1
	if r.IntN(100) < 12 {
		p.rejectReason = pick(r, petGenRejections)
		event(string(petition.StepReject), petition.Rejected, t1, "Lý do: "+p.rejectReason)
		p.status, p.handler, p.closed = string(petition.Rejected), handler.id, t1
		return
	}
	event(string(petition.StepAccept), petition.Accepted, t1, "")
	start(petition.StageAssign, t1)
	t2 := after(t1, 1, 0.8)
	if !t2.Before(g.now) {
		open(petition.Accepted)
		return
	}
	cur.done = t2
	if r.IntN(100) < 15 && handler.handler != g.byID[handler.id] {
		handler = &g.units[handler.handler] // the supervising unit of the default handler takes it
	}
	event(string(petition.StepAssign), petition.Assigned, t2, "")
	start(petition.StageConclude, t2)
	tv := after(t2, 1.5, 0.8)
	t3 := after(tv, 14, 0.5)
	if !t3.Before(g.now) {
		if tv.Before(g.now) {
			event(string(petition.StepVerify), petition.Verifying, tv, "")
			open(petition.Verifying)
		} else {
			open(petition.Assigned)
		}
		return
	}
	event(string(petition.StepVerify), petition.Verifying, tv, "")
	cur.done = t3
	switch x := r.IntN(100); {
	case x < 35:
		p.conclusion = string(petition.ConclusionFounded)
	case x < 55:
		p.conclusion = string(petition.ConclusionPartly)
	default:
		p.conclusion = string(petition.ConclusionUnfounded)
	}
	concl := petition.Conclusion(p.conclusion)
	p.conclusionTxt = pick(r, petGenConclusions[concl])
	if concl.Breached() {
		items := cat.Items()
		if len(items) == 0 {
			items = petition.Attitude.Items()
		}
		k := 1 + r.IntN(min(2, len(items)))
		for _, i := range r.Perm(len(items))[:k] {
			b.items = append(b.items, genPetItem{petition: p.id, code: items[i]})
		}
	}
	event(string(petition.StepConclude), petition.Concluded, t3, concl.Label()+": "+p.conclusionTxt)
	start(petition.StageClose, t3)
	t4 := after(t3, 2, 0.7)
	if !t4.Before(g.now) {
		open(petition.Concluded)
		return
	}
	reply := t3.Add(t4.Sub(t3) / 2)
	b.messages = append(b.messages, genPetMessage{id: g.next.message, petition: p.id, fromAgency: true, author: handler.name,
		body: strings.ReplaceAll(pick(r, petGenReplies[concl]), "{ma}", p.code), at: reply})
	g.next.message++
	p.updated = reply
	cur.done = t4
	event(string(petition.StepClose), petition.Closed, t4, "")
	p.status, p.handler, p.closed = string(petition.Closed), handler.id, t4
}
