package devdata

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/violationsql"
	"congvu/violation"
	"congvu/vntext"
)

// ViolationGenOptions are the options of GenerateViolations.
type ViolationGenOptions struct {
	// Officials is how many active officials the tree should hold: the
	// missing ones are created (most in communes, some in provinces).
	// Default 2 000 000.
	Officials int
	// Violations is how many violations to write (default 1 000 000).
	Violations int
	// From, To bound the dates of the acts, [From, To): default the ten
	// years up to today.
	From, To time.Time
	Seed     uint64
	// Progress (may be nil) receives (violations written, total).
	Progress func(done, total int)
}

// ViolationGenResult counts what GenerateViolations wrote.
type ViolationGenResult struct {
	OfficialsCreated int `json:"officials_created"`
	Officials        int `json:"officials"`
	Violations       int `json:"violations"`
	Dismissed        int `json:"dismissed"`
	Handlings        int `json:"handlings"`
	Cases            int `json:"cases"`
	CasesOpen        int `json:"cases_open"`
	RollupRows       int `json:"rollup_rows"`
}

// vgUnit is a unit of the generator.
type vgUnit struct {
	id, parent int64
	name       string
	ancestors  []int64 // root first, itself last
	officials  []int32 // indexes into vgGen.officials
}

type vgOfficial struct {
	id       int64
	unit     int32
	name     string
	code     string
	category org.Category
	leader   bool
}

type vgGen struct {
	db        *sqldb.DB
	o         ViolationGenOptions
	rng       *rand.Rand
	now       time.Time
	units     []vgUnit
	officials []vgOfficial
	items     []struct{ code, title string }
	sets      []violation.RuleSet
	res       ViolationGenResult
	w         vgWriter
	next      struct{ violation, evidence, handling, cases int64 }
}

// GenerateViolations writes believable violations for benchmarks: acts
// spread over the years of o at the units of the tree, each naming one
// official (one in ten two of the same unit) and one or two items of the
// catalog, from an observation dated some days after the act; most
// handled below discipline (nhắc nhở, phê bình, chấn chỉnh) some weeks
// later, some put to discipline (cases decided under the rule set of the
// act's date, a few still running, some past their limit), some with no
// measure, a few dismissed. Officials are created first where the tree has
// fewer than o.Officials. Rows go to the tables and the rollups exactly as
// the services write them (violationsql.RollupDelta, the tree as it stands
// now), with multi-row INSERTs on SQLite and COPY on PostgreSQL, a
// transaction per few thousand violations; one audit event records the
// run. Never on a production database.
func GenerateViolations(ctx context.Context, db *sqldb.DB, o ViolationGenOptions) (*ViolationGenResult, error) {
	if o.Officials == 0 {
		o.Officials = 2_000_000
	}
	if o.Violations == 0 {
		o.Violations = 1_000_000
	}
	now := db.Now().UTC()
	if o.To.IsZero() {
		o.To = congvu.Date(now)
	}
	if o.From.IsZero() {
		o.From = o.To.AddDate(-10, 0, 0)
	}
	if o.Violations < 0 || o.Officials < 0 || !o.From.Before(o.To) {
		return nil, errors.New("generate violations: bad options")
	}
	g := &vgGen{db: db, o: o, rng: rand.New(rand.NewPCG(o.Seed, 0x76646173)), now: now}
	w, err := newVGWriter(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("generate violations: %w", err)
	}
	g.w = w
	defer w.close()
	if err := g.load(ctx); err != nil {
		return nil, fmt.Errorf("generate violations: %w", err)
	}
	if err := g.ensureOfficials(ctx); err != nil {
		return nil, fmt.Errorf("generate violations: officials: %w", err)
	}
	if err := g.run(ctx); err != nil {
		return nil, fmt.Errorf("generate violations: %w", err)
	}
	if err := w.finish(ctx); err != nil {
		return nil, fmt.Errorf("generate violations: %w", err)
	}
	err = db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit("violation.generate", "violation", 0, 0, nil, g.res)
	})
	return &g.res, err
}

// load reads the tree, the catalog items, the rule sets and the next ids.
func (g *vgGen) load(ctx context.Context) error {
	db := g.db
	if err := g.loadUnits(ctx); err != nil {
		return err
	}
	var err error
	if g.items, err = sqldb.QueryAll(ctx, db, db.Read, "generate items", `SELECT i.code, i.title FROM standard_items i
		WHERE i.unit_id IS NULL AND i.version_id = (SELECT v.id FROM standard_versions v ORDER BY v.effective_on DESC, v.id DESC LIMIT 1)
		ORDER BY i.position, i.id`, func(sc sqldb.Scanner) (struct{ code, title string }, error) {
		var it struct{ code, title string }
		err := sc.Scan(&it.code, &it.title)
		return it, err
	}); err != nil {
		return err
	}
	if len(g.items) == 0 {
		return errors.New("no catalog; run the server once (or EnsureCatalog) first")
	}
	if g.sets, err = violationsql.NewDisciplineService(db, nil).RuleSets(ctx); err != nil {
		return err
	}
	for _, t := range []struct {
		table string
		dst   *int64
	}{{"violations", &g.next.violation}, {"violation_evidence", &g.next.evidence}, {"violation_handlings", &g.next.handling}, {"discipline_cases", &g.next.cases}} {
		if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t.table).Scan(t.dst); err != nil {
			return err
		}
	}
	return nil
}

var vgCategories = []org.Category{org.CategoryCivilServant, org.CategoryCivilServant, org.CategoryPublicEmployee, org.CategoryPublicEmployee,
	org.CategoryPublicEmployee, org.CategoryCadre}

// ensureOfficials loads the active officials and creates the missing ones:
// a commune (a unit without sub-units) weighs 1, a province 40, another
// unit 4.
func (g *vgGen) ensureOfficials(ctx context.Context) error {
	idx := make(map[int64]int32, len(g.units))
	for i, u := range g.units {
		idx[u.id] = int32(i)
	}
	type row struct {
		id, unit int64
		name     string
		code     string
		cat      string
		leader   bool
	}
	have, err := sqldb.QueryAll(ctx, g.db, g.db.Read, "generate officials", `SELECT id, unit_id, full_name, employee_code, category, is_leader FROM officials WHERE active = TRUE ORDER BY id`,
		func(sc sqldb.Scanner) (row, error) {
			var r row
			err := sc.Scan(&r.id, &r.unit, &r.name, &r.code, &r.cat, &r.leader)
			return r, err
		})
	if err != nil {
		return err
	}
	var maxID int64
	for _, r := range have {
		maxID = max(maxID, r.id)
		if u, ok := idx[r.unit]; ok {
			g.officials = append(g.officials, vgOfficial{id: r.id, unit: u, name: r.name, code: r.code, category: org.Category(r.cat), leader: r.leader})
		}
	}
	if err := g.db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM officials`).Scan(&maxID); err != nil {
		return err
	}
	missing := g.o.Officials - len(g.officials)
	if missing > 0 {
		children := map[int64]int{}
		for _, u := range g.units {
			children[u.parent]++
		}
		weights := make([]float64, len(g.units))
		var sum float64
		for i, u := range g.units {
			switch {
			case u.parent == 0:
				weights[i] = 0
			case children[u.id] == 0:
				weights[i] = 1
			case len(u.ancestors) == 2:
				weights[i] = 40
			default:
				weights[i] = 4
			}
			sum += weights[i]
		}
		now := g.now
		var batch [][]any
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			err := g.w.tx(ctx, func(t vgTx) error {
				return t.rows("officials", []string{"id", "unit_id", "employee_code", "full_name", "search_name", "category", "position", "is_leader",
					"badge_token", "email", "phone", "active", "created_at", "updated_at"}, batch)
			})
			batch = batch[:0]
			return err
		}
		made := 0
		counts := make([]int, len(g.units))
		for i := range g.units {
			counts[i] = int(float64(missing) * weights[i] / sum)
			made += counts[i]
		}
		for i := 0; made < missing; i = (i + 1) % len(g.units) { // the remainder, one each
			if weights[i] > 0 {
				counts[i]++
				made++
			}
		}
		for i := range g.units {
			for range counts[i] {
				maxID++
				name := genFamily[g.rng.IntN(len(genFamily))] + " " + genMiddle[g.rng.IntN(len(genMiddle))] + " " + genGiven[g.rng.IntN(len(genGiven))]
				code := fmt.Sprintf("VG-%d", maxID)
				cat := vgCategories[g.rng.IntN(len(vgCategories))]
				leader := g.rng.IntN(100) < 6
				g.officials = append(g.officials, vgOfficial{id: maxID, unit: int32(i), name: name, code: code, category: cat, leader: leader})
				batch = append(batch, []any{maxID, g.units[i].id, code, name, vntext.SearchKey(name, code), string(cat), "", leader,
					fmt.Sprintf("vg%d%016x", maxID, g.rng.Uint64()), "", "", true, now, now})
				if len(batch) >= 20000 {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		g.res.OfficialsCreated = made
	}
	for i, o := range g.officials {
		u := &g.units[o.unit]
		u.officials = append(u.officials, int32(i))
	}
	g.res.Officials = len(g.officials)
	if len(g.officials) == 0 {
		return errors.New("no official")
	}
	return nil
}

var vgDescriptions = []string{
	"Đòi thêm giấy tờ không có trong quy định khi tiếp nhận hồ sơ.",
	"Có thái độ thiếu tôn trọng, nói trống không với người dân đến làm thủ tục.",
	"Trả hồ sơ quá hạn mà không có văn bản xin lỗi, hẹn lại.",
	"Bỏ vị trí làm việc tại bộ phận một cửa trong giờ hành chính.",
	"Sử dụng điện thoại việc riêng khi đang tiếp công dân.",
	"Hướng dẫn hồ sơ không đầy đủ, người dân phải đi lại nhiều lần.",
	"Không đeo thẻ công chức, không mặc trang phục theo quy định.",
	"Gây phiền hà, có biểu hiện nhũng nhiễu khi giải quyết thủ tục.",
}

var vgHandlings = []violation.HandlingKind{violation.HandlingReminder, violation.HandlingReminder, violation.HandlingReminder,
	violation.HandlingReminder, violation.HandlingCriticism, violation.HandlingCriticism, violation.HandlingCorrection}

// delay draws a number of days, log-normal around median, within 1..max.
func (g *vgGen) delay(median float64, maxDays int) int {
	d := int(math.Round(median * math.Exp(0.7*g.rng.NormFloat64())))
	return max(1, min(d, maxDays))
}

// vnAt is day (midnight UTC of a Vietnam date) at hour in Vietnam, in UTC.
func vnAt(day time.Time, hour int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), hour, 0, 0, 0, congvu.TimeZone).UTC()
}

// vgBatch is a transaction's worth of rows.
type vgBatch struct {
	violations, items, named, evidence, handlings, cases, caseViolations [][]any
}

// run writes the violations, oldest act first, a batch per transaction.
func (g *vgGen) run(ctx context.Context) error {
	days := int(g.o.To.Sub(g.o.From).Hours() / 24)
	acts := make([]int32, g.o.Violations)
	for i := range acts {
		// A little more in later years.
		acts[i] = int32(math.Sqrt(g.rng.Float64()*0.6+0.4*g.rng.Float64()) * float64(days))
		acts[i] = min(acts[i], int32(days-1))
	}
	slices.Sort(acts)
	const per = 10000
	delta := violationsql.NewRollupDelta(g.db.Engine)
	for start := 0; start < len(acts); start += per {
		var b vgBatch
		for _, a := range acts[start:min(start+per, len(acts))] {
			d := g.o.From.AddDate(0, 0, int(a))
			g.violation(&b, delta, time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC))
		}
		for _, t := range delta.Tables() {
			g.res.RollupRows += len(t.Rows)
		}
		err := g.w.tx(ctx, func(t vgTx) error {
			for _, x := range []struct {
				table string
				cols  []string
				rows  [][]any
			}{
				{"violations", []string{"id", "unit_id", "act_date", "description", "severity", "status", "dismiss_reason", "evidence_at", "search",
					"created_at", "updated_at", "closed_at"}, b.violations},
				{"violation_items", []string{"violation_id", "item_code", "item_title"}, b.items},
				{"discipline_cases", []string{"id", "official_id", "category", "leader", "unit_id", "competent_unit_id", "rule_set_id", "severity",
					"proposed_form", "status", "opened_at", "due_at", "decision_number", "decision_signed_on", "decision_effective_on", "decision_form",
					"decision_signer", "decided_at", "created_at", "updated_at"}, b.cases},
				{"violation_officials", []string{"violation_id", "official_id", "unit_id", "outcome", "reason", "case_id", "decided_at"}, b.named},
				{"violation_evidence", []string{"id", "violation_id", "kind", "ref_id", "official_id", "unit_id", "item_codes", "evidence_date",
					"summary", "official_summary", "note", "created_at"}, b.evidence},
				{"violation_handlings", []string{"id", "violation_id", "official_id", "kind", "note", "decider_name", "decided_at", "acknowledged_at"}, b.handlings},
				{"discipline_case_violations", []string{"case_id", "violation_id"}, b.caseViolations},
			} {
				if err := t.rows(x.table, x.cols, x.rows); err != nil {
					return err
				}
			}
			return t.rollups(delta)
		})
		if err != nil {
			return err
		}
		if g.o.Progress != nil {
			g.o.Progress(min(start+per, len(acts)), len(acts))
		}
	}
	return nil
}

// violation adds one violation of act day to b and its facts to delta.
func (g *vgGen) violation(b *vgBatch, delta *violationsql.RollupDelta, act time.Time) {
	r := g.rng
	o := &g.officials[r.IntN(len(g.officials))]
	u := &g.units[o.unit]
	named := []*vgOfficial{o}
	if r.IntN(10) == 0 && len(u.officials) > 1 {
		if o2 := &g.officials[u.officials[r.IntN(len(u.officials))]]; o2 != o {
			named = append(named, o2)
		}
	}
	g.next.violation++
	id := g.next.violation
	evAt := vnAt(act.AddDate(0, 0, r.IntN(20)), 9+r.IntN(8))
	day := act.Format(time.DateOnly)
	codes := []int{r.IntN(len(g.items))}
	if r.IntN(4) == 0 {
		if c := r.IntN(len(g.items)); c != codes[0] {
			codes = append(codes, c)
		}
	}
	desc := vgDescriptions[r.IntN(len(vgDescriptions))]
	words := []string{u.name, desc}
	for _, n := range named {
		words = append(words, n.name, n.code)
	}
	status, severity, dismissReason := "open", "", ""
	var closed any
	pending := 0
	dismissed := r.IntN(100) < 6 && evAt.AddDate(0, 0, 40).Before(g.now)
	var facts violationsql.Share
	if dismissed {
		status, dismissReason = "dismissed", "Chứng cứ không đủ để kết luận có vi phạm."
		closed = evAt.AddDate(0, 0, g.delay(15, 90))
		g.res.Dismissed++
	}
	for _, n := range named {
		var outcome, reason string
		var caseID, decidedAt any = nil, nil
		if !dismissed {
			dec := evAt.AddDate(0, 0, g.delay(18, 400)).Add(time.Duration(r.IntN(6)) * time.Hour)
			switch p := r.IntN(100); {
			case dec.After(g.now):
				outcome = "pending"
				pending++
			case p < 78:
				outcome, decidedAt = "handled", dec
				kind := vgHandlings[r.IntN(len(vgHandlings))]
				g.next.handling++
				g.res.Handlings++
				var ack any
				if r.IntN(10) < 9 {
					ack = dec.AddDate(0, 0, 1+r.IntN(5))
				}
				b.handlings = append(b.handlings, []any{g.next.handling, id, n.id, string(kind), "Đã trao đổi, nhắc nhở cán bộ.", "Thủ trưởng đơn vị", dec, ack})
				facts = append(facts, violationsql.OutcomeFact(u.id, violationsql.Day(dec), violationsql.OutcomeMeasure, string(kind)),
					violationsql.DelayFact(u.id, violationsql.Day(dec), daysApart(evAt, dec)))
				severity = "minor"
			case p < 92:
				outcome, decidedAt = "discipline", dec
				caseID = g.caseOf(b, &facts, n, id, act, evAt, dec)
				severity = "serious"
			default:
				outcome, reason, decidedAt = "no_action", "Cán bộ không trực tiếp thực hiện hành vi.", dec
				facts = append(facts, violationsql.OutcomeFact(u.id, violationsql.Day(dec), violationsql.OutcomeMeasure, violationsql.MeasureNoAction),
					violationsql.DelayFact(u.id, violationsql.Day(dec), daysApart(evAt, dec)))
			}
		} else {
			outcome = "pending"
		}
		b.named = append(b.named, []any{id, n.id, u.id, outcome, reason, caseID, decidedAt})
	}
	if !dismissed && pending == 0 {
		status, closed = "handled", b.named[len(b.named)-1][6]
	}
	updated := evAt
	if closed != nil {
		updated = closed.(time.Time)
	}
	b.violations = append(b.violations, []any{id, u.id, act, desc, severity, status, dismissReason, evAt, vntext.Fold(strings.Join(words, " ")),
		evAt, updated, closed})
	facts = append(facts, violationsql.StatusFact(u.id, day, status))
	var codeList []string
	for _, c := range codes {
		b.items = append(b.items, []any{id, g.items[c].code, g.items[c].title})
		codeList = append(codeList, g.items[c].code)
		if !dismissed {
			facts = append(facts, violationsql.ItemFact(u.id, day, g.items[c].code))
		}
	}
	g.next.evidence++
	b.evidence = append(b.evidence, []any{g.next.evidence, id, string(congvu.EvidenceObservation), int64(0), named[0].id, u.id, strings.Join(codeList, ","), evAt,
		"Ghi nhận của thủ trưởng đơn vị", "Ghi nhận của thủ trưởng đơn vị", desc, evAt})
	for _, f := range facts {
		delta.Add(g.units[g.unitIndex(f.Unit)].ancestors, f, 1)
	}
	g.res.Violations++
}

// unitIndex finds a unit by id (units are sorted by id).
func (g *vgGen) unitIndex(id int64) int {
	i, _ := slices.BinarySearchFunc(g.units, id, func(u vgUnit, id int64) int { return int(u.id - id) })
	return i
}

func daysApart(a, b time.Time) int {
	da, _ := time.Parse(time.DateOnly, violationsql.Day(a))
	db, _ := time.Parse(time.DateOnly, violationsql.Day(b))
	return int(db.Sub(da).Hours() / 24)
}

// caseOf opens a discipline case for official n about violation id, put to
// discipline at opened, and decides it some weeks later when that is past;
// it returns the case's id.
func (g *vgGen) caseOf(b *vgBatch, facts *violationsql.Share, n *vgOfficial, violationID int64, act, evAt, opened time.Time) int64 {
	r := g.rng
	u := &g.units[n.unit]
	competent := u.parent
	if competent == 0 {
		competent = u.id
	}
	rs := violation.RuleSetOn(g.sets, n.category, act)
	var rsID int64
	form := "reprimand"
	if rs != nil {
		rsID = rs.ID
		if forms := rs.FormsFor(n.category, n.leader); len(forms) > 0 {
			// Lightest forms far more often.
			i := min(int(math.Abs(r.NormFloat64())*1.2), len(forms)-1)
			form = forms[i].Code
		}
	} else if len(g.sets) > 0 {
		rsID = g.sets[0].ID
	}
	g.next.cases++
	id := g.next.cases
	g.res.Cases++
	due := opened.AddDate(0, 0, 90)
	decided := opened.AddDate(0, 0, g.delay(30, 150))
	row := []any{id, n.id, string(n.category), n.leader, u.id, competent, rsID, "serious", form}
	if decided.Before(g.now) {
		signed := time.Date(decided.Year(), decided.Month(), decided.Day(), 0, 0, 0, 0, time.UTC)
		row = append(row, "closed", opened, due, fmt.Sprintf("%d/QĐ-KL", id), signed, signed, form, "Thủ trưởng đơn vị", decided, opened, decided)
		*facts = append(*facts, violationsql.OutcomeFact(u.id, violationsql.Day(decided), violationsql.OutcomeForm, form),
			violationsql.DelayFact(u.id, violationsql.Day(decided), daysApart(evAt, decided)))
	} else {
		g.res.CasesOpen++
		st := []string{"review", "council", "decision"}[r.IntN(3)]
		if r.IntN(3) == 0 {
			due = g.now.AddDate(0, 0, -1-r.IntN(20)) // past its limit
		}
		row = append(row, st, opened, due, "", nil, nil, "", "", nil, opened, opened)
	}
	b.cases = append(b.cases, row)
	b.caseViolations = append(b.caseViolations, []any{id, violationID})
	return id
}

// loadUnits reads the active units of the tree, sorted by id, with their
// ancestors.
func (g *vgGen) loadUnits(ctx context.Context) error {
	db := g.db
	type row struct {
		id, parent int64
		path, name string
	}
	rows, err := sqldb.QueryAll(ctx, db, db.Read, "generate units", `SELECT id, COALESCE(parent_id, 0), path, name FROM units WHERE active = TRUE ORDER BY id`,
		func(sc sqldb.Scanner) (row, error) {
			var r row
			err := sc.Scan(&r.id, &r.parent, &r.path, &r.name)
			return r, err
		})
	if err != nil {
		return err
	}
	if len(rows) < 2 {
		return errors.New("no unit tree; import the national unit file first")
	}
	for _, r := range rows {
		g.units = append(g.units, vgUnit{id: r.id, parent: r.parent, name: r.name, ancestors: sqldb.PathIDs(r.path)})
	}
	return nil
}
