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
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/petitionsql"
	"congvu/vntext"

	"github.com/jackc/pgx/v5"
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
	kind      congvu.UnitKind
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
		kind       congvu.UnitKind
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
		case u.kind == congvu.KindNation:
		case u.kind == congvu.KindCommune:
			w = 1
		case u.kind == congvu.KindDistrict:
			w = 1.5
		case u.kind == congvu.KindProvince:
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

	g.rules = map[petition.DeadlineStage][]petRule{}
	rrows, err := db.Read.QueryContext(ctx, `SELECT stage, days, working_days, remind_days, escalate_days, valid_from
		FROM petition_deadline_rules ORDER BY valid_from, id`)
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

	if g.idKey, err = db.Secret(ctx, petitionsql.PetitionIdentityKey); err != nil {
		return err
	}
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
		if u.kind == congvu.KindCommune && len(u.officials) == 0 {
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
	return w.finish(ctx)
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
			started: at, due: curRule.AddDays(at).UTC()})
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
		if rem := curRule.Shift(cur.due, -curRule.RemindDays); curRule.RemindDays > 0 && rem.Before(g.now) {
			p.reminded = rem.Add(time.Duration(r.IntN(3600)) * time.Second)
		}
		if cur.due.Before(g.now) {
			p.overdue = cur.due.Add(time.Duration(1+r.IntN(3600)) * time.Second)
			if esc := curRule.Shift(cur.due, curRule.EscalateDays); esc.Before(g.now) && handler.handler != g.byID[handler.id] {
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

// ---- writers ----

type petGenWriter interface {
	write(ctx context.Context, b *petBatch) error
	finish(ctx context.Context) error
	close()
}

func (g *petGen) newWriter(ctx context.Context) (petGenWriter, error) {
	if g.db.Engine == sqldb.Postgres {
		c, err := g.db.Write.Conn(ctx)
		if err != nil {
			return nil, err
		}
		w := &pgPetGen{g: g, c: c}
		if err := c.Raw(func(dc any) error {
			sc, ok := dc.(interface{ Conn() *pgx.Conn })
			if !ok {
				return fmt.Errorf("driver connection %T is not pgx", dc)
			}
			w.conn = sc.Conn()
			return nil
		}); err != nil {
			c.Close()
			return nil, err
		}
		return w, nil
	}
	if _, err := g.db.Write.ExecContext(ctx, `PRAGMA cache_size = -524288`); err != nil {
		return nil, err
	}
	return &sqlitePetGen{g: g}, nil
}

// sqlitePetGen writes with multi-row INSERTs of literals; the FTS5 triggers
// index the petitions as they go in (measured: 12% of the generator's CPU;
// a 'rebuild' afterwards would tokenize the same text and every existing
// row again).
type sqlitePetGen struct {
	g *petGen
	s sqlLit
}

func (s *sqlLit) time(t time.Time) {
	if t.IsZero() {
		s.b = append(s.b, "NULL"...)
		return
	}
	s.str(sqliteTime(t))
}

func (s *sqlLit) id(v int64) {
	if v == 0 {
		s.b = append(s.b, "NULL"...)
		return
	}
	s.int(v)
}

func (s *sqlLit) bool(v bool) {
	if v {
		s.b = append(s.b, "TRUE"...)
	} else {
		s.b = append(s.b, "FALSE"...)
	}
}

func (w *sqlitePetGen) write(ctx context.Context, b *petBatch) error {
	tx, err := w.g.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s := &w.s
	insert := func(head string, n, per int, row func(i int)) error {
		for start := 0; start < n; start += per {
			s.b = append(s.b[:0], head...)
			s.b = append(s.b, " VALUES "...)
			for i := start; i < min(start+per, n); i++ {
				if i > start {
					s.b = append(s.b, ',')
				}
				s.b = append(s.b, '(')
				row(i)
				s.b = append(s.b, ')')
			}
			if _, err := tx.ExecContext(ctx, string(s.b)); err != nil {
				return fmt.Errorf("%s: %w", head[:min(len(head), 40)], err)
			}
		}
		return nil
	}
	sep := func() { s.b = append(s.b, ',') }
	err = insert(`INSERT INTO petitions (id, tracking_code, secret_hash, channel, category, unit_id, official_id, subject_text, description, occurred_at,
		place, anonymous, reporter_sealed, has_contact, status, handler_unit_id, reject_reason, conclusion, conclusion_text, due_at, reminded_at, overdue_at,
		escalated_to, escalated_at, search_text, submitted_at, updated_at, closed_at)`, len(b.petitions), 400, func(i int) {
		p := &b.petitions[i]
		s.int(p.id)
		for _, v := range []string{p.code, p.secretHash, p.channel, p.category} {
			sep()
			s.str(v)
		}
		sep()
		s.int(p.unitID)
		sep()
		s.id(p.officialID)
		sep()
		s.str(p.subjectText)
		sep()
		s.str(p.description)
		sep()
		s.time(p.occurred)
		sep()
		s.str(p.place)
		sep()
		s.bool(p.anonymous)
		sep()
		s.str(p.sealed)
		sep()
		s.bool(p.hasContact)
		sep()
		s.str(p.status)
		sep()
		s.id(p.handler)
		for _, v := range []string{p.rejectReason, p.conclusion, p.conclusionTxt} {
			sep()
			s.str(v)
		}
		for _, v := range []time.Time{p.due, p.reminded, p.overdue} {
			sep()
			s.time(v)
		}
		sep()
		s.id(p.escalatedTo)
		sep()
		s.time(p.escalatedAt)
		sep()
		s.str(p.search)
		for _, v := range []time.Time{p.submitted, p.updated, p.closed} {
			sep()
			s.time(v)
		}
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO petition_stages (id, petition_id, stage, unit_id, started_at, due_at, done_at)`, len(b.stages), 2000, func(i int) {
		x := &b.stages[i]
		s.int(x.id)
		sep()
		s.int(x.petition)
		sep()
		s.str(x.stage)
		sep()
		s.id(x.unit)
		for _, v := range []time.Time{x.started, x.due, x.done} {
			sep()
			s.time(v)
		}
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO petition_events (id, petition_id, kind, status, unit_id, actor_id, actor_name, note, public, at)`, len(b.events), 1000, func(i int) {
		x := &b.events[i]
		s.int(x.id)
		sep()
		s.int(x.petition)
		sep()
		s.str(x.kind)
		sep()
		s.str(x.status)
		sep()
		s.id(x.unit)
		s.b = append(s.b, ",NULL,"...)
		s.str(x.actor)
		sep()
		s.str(x.note)
		sep()
		s.bool(x.public)
		sep()
		s.time(x.at)
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO petition_messages (id, petition_id, from_agency, author_id, author_name, body, created_at)`, len(b.messages), 500, func(i int) {
		x := &b.messages[i]
		s.int(x.id)
		sep()
		s.int(x.petition)
		sep()
		s.bool(x.fromAgency)
		s.b = append(s.b, ",NULL,"...)
		s.str(x.author)
		sep()
		s.str(x.body)
		sep()
		s.time(x.at)
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO petition_items (petition_id, item_code)`, len(b.items), 4000, func(i int) {
		s.int(b.items[i].petition)
		sep()
		s.str(b.items[i].code)
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

func (w *sqlitePetGen) finish(ctx context.Context) error {
	_, err := w.g.db.Write.ExecContext(ctx, `PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002`)
	return err
}

func (w *sqlitePetGen) close() { w.g.db.Write.Exec(`PRAGMA cache_size = -2000`) }

// pgPetGen writes with COPY on one connection, the search index in place
// (measured on 100 000 petitions: dropping the GIN index and building it
// again at the end took longer in all, and would leave a live database
// without search meanwhile).
type pgPetGen struct {
	g    *petGen
	c    interface{ Close() error }
	conn *pgx.Conn
}

func pgTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func pgID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (w *pgPetGen) write(ctx context.Context, b *petBatch) error {
	tx, err := w.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	copyRows := func(table string, cols []string, n int, row func(i int) []any) error {
		i := -1
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if i++; i >= n {
				return nil, nil
			}
			return row(i), nil
		}))
		if err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
		return nil
	}
	err = copyRows("petitions", []string{"id", "tracking_code", "secret_hash", "channel", "category", "unit_id", "official_id", "subject_text",
		"description", "occurred_at", "place", "anonymous", "reporter_sealed", "has_contact", "status", "handler_unit_id", "reject_reason",
		"conclusion", "conclusion_text", "due_at", "reminded_at", "overdue_at", "escalated_to", "escalated_at", "search_text",
		"submitted_at", "updated_at", "closed_at"}, len(b.petitions), func(i int) []any {
		p := &b.petitions[i]
		return []any{p.id, p.code, p.secretHash, p.channel, p.category, p.unitID, pgID(p.officialID), p.subjectText,
			p.description, pgTime(p.occurred), p.place, p.anonymous, p.sealed, p.hasContact, p.status, pgID(p.handler), p.rejectReason,
			p.conclusion, p.conclusionTxt, pgTime(p.due), pgTime(p.reminded), pgTime(p.overdue), pgID(p.escalatedTo), pgTime(p.escalatedAt), p.search,
			p.submitted, p.updated, pgTime(p.closed)}
	})
	if err != nil {
		return err
	}
	err = copyRows("petition_stages", []string{"id", "petition_id", "stage", "unit_id", "started_at", "due_at", "done_at"}, len(b.stages), func(i int) []any {
		x := &b.stages[i]
		return []any{x.id, x.petition, x.stage, pgID(x.unit), x.started, x.due, pgTime(x.done)}
	})
	if err != nil {
		return err
	}
	err = copyRows("petition_events", []string{"id", "petition_id", "kind", "status", "unit_id", "actor_name", "note", "public", "at"}, len(b.events), func(i int) []any {
		x := &b.events[i]
		return []any{x.id, x.petition, x.kind, x.status, pgID(x.unit), x.actor, x.note, x.public, x.at}
	})
	if err != nil {
		return err
	}
	err = copyRows("petition_messages", []string{"id", "petition_id", "from_agency", "author_name", "body", "created_at"}, len(b.messages), func(i int) []any {
		x := &b.messages[i]
		return []any{x.id, x.petition, x.fromAgency, x.author, x.body, x.at}
	})
	if err != nil {
		return err
	}
	err = copyRows("petition_items", []string{"petition_id", "item_code"}, len(b.items), func(i int) []any {
		return []any{b.items[i].petition, b.items[i].code}
	})
	if err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// finish moves the id sequences past the generated rows, vacuums the
// petitions (hint bits and visibility map set, as autovacuum would have
// done by the time anyone searches) and refreshes the planner's
// statistics.
func (w *pgPetGen) finish(ctx context.Context) error {
	for _, t := range []string{"petitions", "petition_stages", "petition_events", "petition_messages"} {
		if _, err := w.conn.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
			return err
		}
	}
	for _, q := range []string{`VACUUM (ANALYZE) petitions`, `ANALYZE petition_stages`, `ANALYZE petition_events`, `ANALYZE petition_messages`, `ANALYZE petition_items`} {
		if _, err := w.conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func (w *pgPetGen) close() { w.c.Close() }

// ---- what the generated petitions say ----

// petGenPool is what petitions of a category say: an opening sentence,
// then details. Slots: {tt} a procedure, {gt} a paper demanded, {ai} who,
// {noi} where, {dv} the unit's name, {khi} when, {n} times, {ngay} days,
// {tien} money, {gio} an hour.
type petGenPool struct{ open, detail []string }

var petGenText = map[petition.Category]petGenPool{
	petition.Harassment: {
		open: []string{
			"{khi} tôi đến {noi} của {dv} để làm thủ tục {tt} nhưng bị {ai} hạch sách, yêu cầu nộp thêm {gt} dù quy định không đòi hỏi.",
			"Tôi bị {ai} nhũng nhiễu khi làm thủ tục {tt}: mỗi lần đến lại bị đòi thêm một loại giấy tờ mới.",
			"{khi} {ai} của {dv} bắt tôi bổ sung {gt}, nói nếu không có thì hồ sơ {tt} sẽ bị trả lại.",
			"Cán bộ cố tình gây khó dễ, hạch sách từng chữ trong tờ khai khi tôi nộp hồ sơ {tt} tại {noi}.",
			"Khi làm thủ tục {tt} tại {dv}, tôi bị yêu cầu nộp {gt}, là loại giấy tờ không có trong thành phần hồ sơ được niêm yết.",
		},
		detail: []string{
			"Tôi hỏi căn cứ theo quy định nào thì cán bộ không trả lời mà bảo cứ làm theo hướng dẫn.",
			"Cán bộ còn nói nếu muốn nhanh thì phải liên hệ riêng.",
			"Hàng xóm tôi làm cùng thủ tục trước đó không bị yêu cầu những giấy tờ này.",
			"Cán bộ giữ hồ sơ của tôi nhiều ngày mà không viết giấy biên nhận.",
			"Tôi phải xin nghỉ làm nhiều buổi để bổ sung giấy tờ theo yêu cầu.",
		},
	},
	petition.Obstruct: {
		open: []string{
			"Tôi phải đi lại {n} lần mới nộp được hồ sơ {tt} tại {dv} vì mỗi lần {ai} lại hướng dẫn một kiểu.",
			"{khi} {ai} từ chối tiếp nhận hồ sơ {tt} của tôi mà không nêu lý do, cũng không hướng dẫn bằng văn bản.",
			"Hướng dẫn thủ tục {tt} tại {noi} không rõ ràng, cán bộ chỉ nói miệng, tôi ghi không kịp và phải quay lại nhiều lần.",
			"Khi tôi nộp hồ sơ {tt}, {ai} bảo đã hết giờ nhận hồ sơ dù lúc đó mới khoảng {gio} giờ.",
			"Tôi đã nộp hồ sơ {tt} qua Cổng dịch vụ công trực tuyến nhưng {ai} vẫn bắt mang bản giấy đến nộp lại.",
		},
		detail: []string{
			"Mỗi lần đi lại tôi mất gần nửa ngày công.",
			"Khi tôi hỏi lại thì cán bộ tỏ ra khó chịu và bảo tự đọc quy định.",
			"Bảng niêm yết thủ tục tại {noi} đã cũ, không ghi đủ thành phần hồ sơ.",
			"Tôi đề nghị cán bộ ghi các giấy tờ còn thiếu ra giấy nhưng không được đáp ứng.",
			"Số điện thoại đường dây nóng niêm yết tại trụ sở gọi nhiều lần không ai nghe máy.",
		},
	},
	petition.Favours: {
		open: []string{
			"{khi} {ai} của {dv} gợi ý tôi phải “bồi dưỡng” {tien} thì hồ sơ {tt} mới được giải quyết nhanh.",
			"Khi làm thủ tục {tt}, tôi được một người tự xưng quen cán bộ gợi ý nộp {tien} “phí dịch vụ” để khỏi phải chờ.",
			"Cán bộ nói hồ sơ {tt} của tôi còn thiếu sót nhưng có thể “châm chước” nếu tôi “biết điều”.",
			"Tôi phải nộp {tien} cho {ai} mà không được cấp biên lai thu phí, lệ phí.",
			"{khi} tôi thấy {ai} nhận phong bì của người đến trước ngay tại {noi}, sau đó hồ sơ của họ được giải quyết trước.",
		},
		detail: []string{
			"Tôi không đồng ý thì hồ sơ bị để lại đến cuối buổi.",
			"Khoản tiền này không có trong bảng phí, lệ phí được niêm yết.",
			"Nhiều người dân trong thôn cũng gặp trường hợp tương tự.",
			"Tôi có ghi lại thời gian và nội dung trao đổi, sẵn sàng cung cấp khi cơ quan xác minh.",
		},
	},
	petition.Delay: {
		open: []string{
			"Hồ sơ {tt} tôi nộp tại {dv} đã quá hẹn {ngay} ngày nhưng chưa có kết quả.",
			"{khi} tôi đến nhận kết quả {tt} theo giấy hẹn thì {ai} bảo chưa xong, hẹn lại lần thứ {n}.",
			"Tôi nộp hồ sơ {tt} đã hơn {ngay} ngày, hỏi thì cán bộ nói hồ sơ đang trình ký, không rõ khi nào xong.",
			"{khi} tôi chờ ở {noi} hơn hai tiếng vì {ai} bỏ vị trí làm việc mà không có người thay.",
			"Hồ sơ {tt} của gia đình tôi bị thất lạc tại {dv}, tôi phải làm lại từ đầu và chờ thêm {ngay} ngày.",
		},
		detail: []string{
			"Cán bộ không có văn bản xin lỗi và hẹn lại theo quy định khi trả kết quả trễ hạn.",
			"Việc chậm trễ làm gia đình tôi lỡ thời hạn vay vốn ngân hàng.",
			"Tôi gọi điện hỏi tiến độ nhiều lần nhưng không được trả lời rõ ràng.",
			"Trong giờ làm việc nhưng {noi} đóng cửa, không có thông báo.",
			"Trên hệ thống dịch vụ công, hồ sơ vẫn ở trạng thái chờ tiếp nhận.",
		},
	},
	petition.Attitude: {
		open: []string{
			"{khi} {ai} tại {noi} của {dv} quát nạt, nói năng thiếu tôn trọng khi tôi hỏi về thủ tục {tt}.",
			"Cán bộ tiếp dân thờ ơ, vừa làm việc vừa dùng điện thoại, không trả lời câu hỏi của người dân.",
			"Tôi là người cao tuổi, hỏi lại hai lần thì {ai} lớn tiếng và bảo tôi về hỏi con cháu.",
			"{ai} không chào hỏi, ném trả hồ sơ ra quầy và nói “thiếu thì về bổ sung”.",
			"Thái độ của {ai} tại {dv} rất khó chịu, cáu gắt với người dân đến làm thủ tục {tt}.",
		},
		detail: []string{
			"Nhiều người đang chờ ở {noi} đều chứng kiến sự việc.",
			"Khi tôi đề nghị được gặp lãnh đạo thì cán bộ nói lãnh đạo đi vắng.",
			"Cán bộ còn dùng lời lẽ xúc phạm người dân đến trước tôi.",
			"Tôi mong cán bộ có thái độ niềm nở, lịch sự như quy tắc ứng xử đã niêm yết.",
		},
	},
	petition.Dress: {
		open: []string{
			"{khi} {ai} tại {noi} của {dv} không đeo thẻ công chức nên tôi không biết tên để liên hệ.",
			"Cán bộ tiếp dân mặc quần áo không phù hợp, đi dép lê trong giờ làm việc.",
			"Nhiều cán bộ tại {dv} không đeo thẻ, không có biển tên trên bàn làm việc.",
		},
		detail: []string{
			"Khi tôi hỏi tên thì cán bộ không trả lời.",
			"Bàn tiếp dân không có biển ghi họ tên, chức danh theo quy định.",
		},
	},
	petition.Alcohol: {
		open: []string{
			"{khi} sau giờ nghỉ trưa {ai} của {dv} quay lại làm việc, người nồng nặc mùi rượu bia.",
			"Cán bộ hút thuốc lá ngay tại {noi} trong giờ làm việc, dù có biển cấm hút thuốc.",
			"Tôi thấy {ai} đi uống bia tại quán gần trụ sở {dv} trong giờ hành chính.",
		},
		detail: []string{
			"Khi tiếp dân cán bộ nói năng thiếu tỉnh táo, nhầm giấy tờ của tôi với người khác.",
			"Khói thuốc làm người già và trẻ em đang chờ rất khó chịu.",
		},
	},
	petition.Other: {
		open: []string{
			"Cán bộ của {dv} sử dụng xe công vào việc riêng trong ngày làm việc.",
			"Bảng niêm yết thủ tục hành chính tại {noi} của {dv} không đầy đủ, thiếu mức phí, lệ phí.",
			"{ai} tự ý thu tiền photo giấy tờ với giá cao hơn nhiều so với bên ngoài.",
			"Cán bộ để lộ thông tin cá nhân trong hồ sơ {tt} của tôi cho người không liên quan.",
		},
		detail: []string{
			"Tôi đề nghị cơ quan kiểm tra, làm rõ.",
			"Việc này diễn ra nhiều lần, người dân trong xã đều biết.",
		},
	},
}

var (
	petGenProcedures = []string{"đăng ký khai sinh cho con", "đăng ký kết hôn", "cấp giấy chứng nhận quyền sử dụng đất",
		"chuyển nhượng quyền sử dụng đất", "tách thửa đất", "chứng thực bản sao giấy tờ", "chứng thực chữ ký",
		"xác nhận tình trạng hôn nhân", "đăng ký thường trú", "đăng ký tạm trú", "cấp giấy phép xây dựng nhà ở",
		"đăng ký hộ kinh doanh", "trích lục giấy khai sinh", "đăng ký khai tử", "hưởng trợ cấp xã hội cho người cao tuổi",
		"hưởng chế độ người có công", "xác nhận hộ nghèo", "cấp đổi giấy chứng nhận quyền sử dụng đất",
		"đăng ký biến động đất đai", "hỗ trợ người khuyết tật", "đăng ký nhận cha, mẹ, con", "xác nhận thông tin cư trú",
		"đăng ký giám hộ", "cấp bản sao trích lục hộ tịch"}
	petGenPapers = []string{"bản sao sổ hộ khẩu có chứng thực", "giấy xác nhận của trưởng thôn", "bản photo căn cước có công chứng",
		"giấy xác nhận cư trú", "giấy khám sức khỏe", "đơn viết tay có xác nhận của tổ dân phố", "bản vẽ sơ đồ thửa đất",
		"giấy cam kết không tranh chấp có chữ ký của các hộ liền kề", "biên lai nộp thuế của các năm trước", "ảnh chân dung 4x6",
		"giấy ủy quyền có công chứng", "bản sao giấy khai sinh của cả bố và mẹ"}
	petGenWho = []string{"cán bộ tiếp nhận hồ sơ", "cán bộ địa chính", "công chức tư pháp - hộ tịch", "công chức văn phòng - thống kê",
		"cán bộ ngồi quầy số 2", "cán bộ trực bộ phận một cửa", "cán bộ phụ trách lĩnh vực đất đai", "công chức văn hóa - xã hội",
		"cán bộ thu phí, lệ phí", "cán bộ lĩnh vực lao động - thương binh và xã hội"}
	petGenWhere = []string{"bộ phận một cửa", "phòng tiếp công dân", "quầy tiếp nhận hồ sơ", "phòng làm việc của cán bộ địa chính",
		"hội trường ủy ban", "bộ phận tiếp nhận và trả kết quả"}
	petGenMoney    = []string{"200.000 đồng", "300.000 đồng", "500.000 đồng", "một triệu đồng", "hai triệu đồng", "vài trăm nghìn đồng"}
	petGenWhen     = []string{"Vào {thu}, ngày {d}/{m},", "Sáng ngày {d}/{m},", "Chiều {thu} ngày {d}/{m},", "Khoảng 9 giờ sáng ngày {d}/{m},", "Hôm {d}/{m},", "Đầu giờ chiều ngày {d}/{m},"}
	petGenWeekdays = [7]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}
	// petGenCommonDetails fit any category.
	petGenCommonDetails = []string{
		"Sự việc diễn ra khi có nhiều người dân đang chờ làm thủ tục.",
		"Tôi còn giữ giấy biên nhận hồ sơ và ảnh chụp bảng niêm yết thủ tục.",
		"Đây không phải lần đầu tôi gặp tình trạng này tại {dv}.",
		"Gia đình tôi ở xa, mỗi lần lên trụ sở mất hơn một giờ đi lại.",
	}
	// petGenRare are in about one petition in five thousand: the rare
	// word of the search benchmark ("khuất tất").
	petGenRare = []string{
		"Tôi thấy việc xét duyệt hồ sơ {tt} có nhiều điểm khuất tất, đề nghị công khai danh sách.",
		"Người dân trong thôn cho rằng việc thu tiền có dấu hiệu khuất tất.",
	}
	petGenRequests = []string{
		"Đề nghị cơ quan có thẩm quyền xem xét, xử lý nghiêm.",
		"Kính đề nghị lãnh đạo quan tâm, chấn chỉnh.",
		"Tôi mong hồ sơ được giải quyết sớm để người dân không phải đi lại nhiều lần.",
		"Đề nghị nhắc nhở cán bộ thực hiện đúng quy tắc ứng xử.",
		"Xin cảm ơn và mong nhận được phản hồi.",
		"Rất mong cơ quan xác minh và trả lời cho tôi được biết.",
	}
	petGenSubjects = []string{"Anh cán bộ ngồi quầy số 2", "Chị cán bộ tư pháp - hộ tịch", "Cán bộ địa chính (không rõ tên)",
		"Người trực bộ phận một cửa buổi sáng", "Một cán bộ nam khoảng 40 tuổi, đeo kính", "Chị cán bộ thu phí, lệ phí",
		"Cán bộ tiếp nhận hồ sơ đất đai", "Anh cán bộ văn phòng ủy ban"}
	petGenPlaces = []string{"Bộ phận một cửa, {dv}", "Trụ sở {dv}", "Phòng tiếp công dân, {dv}", "Nhà văn hóa thôn",
		"Bộ phận tiếp nhận và trả kết quả, {dv}"}
	petGenVillages = []string{"Đông", "Thượng", "Hạ", "Trung", "An Lạc", "Phú Mỹ", "Tân Lập", "Đồng Tâm", "Hòa Bình", "Bắc Sơn",
		"Nam Tiến", "Thái Hòa"}
	petGenRejections = []string{
		"Nội dung phản ánh không rõ ràng, không đủ thông tin để xác minh.",
		"Phản ánh trùng với phản ánh đã được xem xét, giải quyết trước đó.",
		"Nội dung không thuộc phạm vi quy tắc ứng xử của cán bộ, công chức; đã hướng dẫn gửi đến cơ quan có thẩm quyền.",
		"Sự việc đang được giải quyết theo thủ tục khiếu nại nên không thụ lý theo kênh phản ánh.",
	}
	petGenConclusions = map[petition.Conclusion][]string{
		petition.ConclusionFounded: {
			"Qua xác minh, nội dung phản ánh là đúng. Đơn vị đã tổ chức kiểm điểm, nhắc nhở công chức liên quan và chấn chỉnh việc tiếp nhận hồ sơ.",
			"Phản ánh đúng. Công chức đã nhận khuyết điểm, xin lỗi người dân; đơn vị xem xét xử lý theo quy định.",
		},
		petition.ConclusionPartly: {
			"Qua xác minh, phản ánh đúng một phần: việc trả kết quả trễ hạn là có, nhưng không có việc đòi thêm giấy tờ ngoài quy định.",
			"Phản ánh đúng một phần; đã nhắc nhở công chức về thái độ giao tiếp và hướng dẫn lại thủ tục cho người dân.",
		},
		petition.ConclusionUnfounded: {
			"Qua xác minh, làm việc với công chức và người làm chứng, chưa có cơ sở kết luận nội dung phản ánh.",
			"Nội dung phản ánh không đúng: hồ sơ được trả đúng hẹn theo giấy biên nhận.",
		},
	}
	petGenReplies = map[petition.Conclusion][]string{
		petition.ConclusionFounded: {
			"Kính gửi Ông/Bà,\n\nCơ quan trân trọng cảm ơn Ông/Bà đã gửi phản ánh mã {ma}. Qua xác minh, nội dung phản ánh là đúng; chúng tôi thành thật xin lỗi Ông/Bà vì sự việc đã xảy ra. Đơn vị đã kiểm điểm công chức liên quan và chấn chỉnh việc tiếp nhận hồ sơ. Nếu còn vướng mắc, Ông/Bà vui lòng liên hệ bộ phận một cửa để được hỗ trợ.\n\nTrân trọng.",
		},
		petition.ConclusionPartly: {
			"Kính gửi Ông/Bà,\n\nCơ quan trân trọng cảm ơn Ông/Bà đã gửi phản ánh mã {ma}. Qua xác minh, nội dung phản ánh đúng một phần; chúng tôi xin lỗi Ông/Bà về phần thiếu sót và đã nhắc nhở công chức liên quan. Ông/Bà có thể tiếp tục gửi ý kiến qua trang tra cứu phản ánh.\n\nTrân trọng.",
		},
		petition.ConclusionUnfounded: {
			"Kính gửi Ông/Bà,\n\nCơ quan trân trọng cảm ơn Ông/Bà đã gửi phản ánh mã {ma}. Qua xác minh, chưa có cơ sở kết luận nội dung phản ánh. Cơ quan luôn sẵn sàng tiếp nhận thêm thông tin để xem xét lại.\n\nTrân trọng.",
		},
	}
)
