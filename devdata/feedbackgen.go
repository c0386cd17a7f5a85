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
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
)

// GenOptions configures GenerateFeedback.
type GenOptions struct {
	// Ratings is how many ratings to write.
	Ratings int
	// From and To bound the ratings' times (To exclusive); both are Vietnam
	// dates. Zero: the twelve months up to yesterday (no rating later than
	// the day before the run).
	From, To time.Time
	// Seed makes the data reproducible.
	Seed uint64
	// OfficialsPerUnit is how many officials are created in each target
	// unit that has none (0: 2).
	OfficialsPerUnit int
	// Progress receives (ratings written, Ratings).
	Progress congvu.Progress
}

// GenResult says what GenerateFeedback wrote.
type GenResult struct {
	Ratings          int   `json:"ratings"`
	Answers          int   `json:"answers"`
	Comments         int   `json:"comments"`
	Flagged          int   `json:"flagged"`
	Rejected         int   `json:"rejected"`
	Units            int   `json:"units"` // units rated
	OfficialsCreated int   `json:"officials_created"`
	RollupRows       int64 `json:"rollup_rows"`
	Days             int   `json:"days"`
}

// genUnit is a unit ratings go to, with the indexes of its ancestors.
type genUnit struct {
	id        int64
	ancestors []int32 // indexes into genState.units of the unit and every ancestor
	quality   float64
	officials []int32 // indexes into genState.officials
}

type genOfficial struct {
	id      int64
	quality float64
}

// genRating is one generated rating.
type genRating struct {
	id       int64
	unit     int32 // index of a target unit
	official int32 // index into officials, -1 for none
	at       time.Time
	sat      feedback.Satisfaction
	status   feedback.Status
	channel  feedback.Channel
	answers  uint8 // bit i: feedback.FourXinCodes[i] answered (stored as answers_asked, see feedback.PackAnswers)
	yes      uint8 // bit i: answered yes (answers_yes)
	comment  string
	reason   string
}

// GenerateFeedback writes o.Ratings believable ratings spread over the
// communes of the unit tree (or its leaves when it has no commune) and
// their officials — creating officials where a commune has none — with a
// weekly rhythm, office hours, officials from poor to excellent, comments
// and a few flagged or rejected ratings. It writes feedback (answers
// packed in each row) and the rollup tables exactly as the feedback service
// would (rollups computed in memory, one day at a time, added to any rows
// already there), with multi-row INSERTs on SQLite and COPY on
// PostgreSQL. It is a benchmark and demonstration loader: one audit event
// records the run.
func GenerateFeedback(ctx context.Context, db *sqldb.DB, o GenOptions) (*GenResult, error) {
	if o.Ratings <= 0 {
		return nil, errors.New("generate: ratings must be positive")
	}
	if o.OfficialsPerUnit <= 0 {
		o.OfficialsPerUnit = 2
	}
	if o.To.IsZero() {
		o.To = congvu.Date(db.Now())
	}
	if o.From.IsZero() {
		o.From = o.To.AddDate(-1, 0, 0)
	}
	o.From, o.To = congvu.Date(o.From), congvu.Date(o.To)
	if !o.From.Before(o.To) {
		return nil, errors.New("generate: empty range")
	}
	g := &genState{db: db, o: o, rng: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), res: &GenResult{}}
	if err := g.load(ctx); err != nil {
		return nil, err
	}
	if err := g.run(ctx); err != nil {
		return nil, err
	}
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit("feedback.generate", "feedback", 0, 0, nil, g.res)
	})
	return g.res, err
}

type genState struct {
	db        *sqldb.DB
	o         GenOptions
	rng       *rand.Rand
	res       *GenResult
	units     []int64   // every unit that gets rollups: id by index
	targets   []genUnit // units rated
	cum       []float64 // cumulative weights of targets
	officials []genOfficial
	nextID    int64
	acc       *yearTally
	days      []time.Time
}

// load reads the tree and the officials, creating officials where needed.
func (g *genState) load(ctx context.Context) error {
	db := g.db
	rows, err := db.Read.QueryContext(ctx, `SELECT id, path, kind FROM units WHERE active = TRUE ORDER BY id`)
	if err != nil {
		return err
	}
	type unitRow struct {
		id   int64
		path string
		kind string
	}
	var all []unitRow
	parents := map[int64]bool{}
	for rows.Next() {
		var u unitRow
		if err := rows.Scan(&u.id, &u.path, &u.kind); err != nil {
			rows.Close()
			return err
		}
		all = append(all, u)
		ids := sqldb.PathIDs(u.path)
		if len(ids) > 1 {
			parents[ids[len(ids)-2]] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	communes := 0
	for _, u := range all {
		if u.kind == string(org.KindCommune) {
			communes++
		}
	}
	index := map[int64]int32{}
	for _, u := range all {
		index[u.id] = int32(len(g.units))
		g.units = append(g.units, u.id)
	}
	targetOf := map[int64]int{}
	for _, u := range all {
		if communes > 0 && u.kind != string(org.KindCommune) || communes == 0 && parents[u.id] {
			continue
		}
		t := genUnit{id: u.id}
		for _, a := range sqldb.PathIDs(u.path) {
			i, ok := index[a]
			if !ok {
				t.ancestors = nil // under a closed unit: not rated
				break
			}
			t.ancestors = append(t.ancestors, i)
		}
		if t.ancestors == nil {
			continue
		}
		// Communes differ: most are decent, some poor, some excellent; and
		// some are busier (a lognormal weight).
		t.quality = genQuality(g.rng)
		targetOf[u.id] = len(g.targets)
		g.targets = append(g.targets, t)
	}
	if len(g.targets) == 0 {
		return errors.New("generate: no unit to rate; import the national unit file first")
	}
	total := 0.0
	for range g.targets {
		total += math.Exp(g.rng.NormFloat64() * 0.6)
		g.cum = append(g.cum, total)
	}
	if err := g.ensureOfficials(ctx, targetOf); err != nil {
		return err
	}
	if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM feedback`).Scan(&g.nextID); err != nil {
		return err
	}
	g.nextID++
	g.res.Units = len(g.targets)
	return nil
}

// ensureOfficials loads the active officials of the target units and
// creates OfficialsPerUnit in each target unit that has none.
func (g *genState) ensureOfficials(ctx context.Context, targetOf map[int64]int) error {
	load := func() error {
		for i := range g.targets {
			g.targets[i].officials = nil
		}
		g.officials = g.officials[:0]
		rows, err := g.db.Read.QueryContext(ctx, `SELECT id, unit_id FROM officials WHERE active = TRUE ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, unit int64
			if err := rows.Scan(&id, &unit); err != nil {
				return err
			}
			t, ok := targetOf[unit]
			if !ok {
				continue
			}
			g.targets[t].officials = append(g.targets[t].officials, int32(len(g.officials)))
			g.officials = append(g.officials, genOfficial{id: id, quality: g.targets[t].quality})
		}
		return rows.Err()
	}
	if err := load(); err != nil {
		return err
	}
	var missing []int
	for i, t := range g.targets {
		if len(t.officials) == 0 {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		if err := g.createOfficials(ctx, missing); err != nil {
			return err
		}
		if err := load(); err != nil {
			return err
		}
	}
	// Officials differ within a commune too.
	for i := range g.officials {
		g.officials[i].quality = math.Max(0.3, math.Min(0.995, 0.5*g.officials[i].quality+0.5*genQuality(g.rng)))
	}
	return nil
}

var (
	genFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	genMiddle = []string{"Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quốc", "Thu", "Hoài", "Xuân", "Kim"}
	genGiven  = []string{"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"}
	genRoles  = []string{"Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng", "Công chức Văn hóa - Xã hội", "Công chức Tài chính - Kế toán"}
)

// createOfficials creates OfficialsPerUnit officials in each of the target
// units given, with generated names and employee codes "SL-<unit>-<n>".
func (g *genState) createOfficials(ctx context.Context, targets []int) error {
	now := g.db.Now().UTC()
	const chunk = 400
	type row struct {
		unit       int64
		code, name string
		role       string
	}
	var all []row
	for _, t := range targets {
		for n := 1; n <= g.o.OfficialsPerUnit; n++ {
			name := genFamily[g.rng.IntN(len(genFamily))] + " " + genMiddle[g.rng.IntN(len(genMiddle))] + " " + genGiven[g.rng.IntN(len(genGiven))]
			all = append(all, row{g.targets[t].id, fmt.Sprintf("SL-%d-%d", g.targets[t].id, n), name, genRoles[(n-1)%len(genRoles)]})
		}
	}
	err := g.db.InTx(ctx, func(tx *sqldb.Tx) error {
		for start := 0; start < len(all); start += chunk {
			var a sqldb.Args
			var vals []string
			for _, r := range all[start:min(start+chunk, len(all))] {
				vals = append(vals, fmt.Sprintf("(%s, %s, %s, %s, %s, %s, FALSE, %s, '', '', TRUE, %s, %s)", a.Add(r.unit), a.Add(r.code), a.Add(r.name),
					a.Add(vntext.SearchKey(r.name, r.code)), a.Add(string(org.CategoryCivilServant)), a.Add(r.role), a.Add(congvu.RandomToken(20)), a.Add(now), a.Add(now)))
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, position, is_leader, badge_token, email, phone, active, created_at, updated_at)
				VALUES `+strings.Join(vals, ", ")+` ON CONFLICT (employee_code) DO NOTHING`, a...); err != nil {
				return fmt.Errorf("create officials: %w", err)
			}
		}
		return tx.Audit("official.generate", "official", 0, 0, nil, map[string]int{"created": len(all)})
	})
	if err == nil {
		g.res.OfficialsCreated = len(all)
	}
	return err
}

// genQuality draws how well a unit or official serves: the chance a
// citizen leaves satisfied.
func genQuality(r *rand.Rand) float64 {
	switch x := r.Float64(); {
	case x < 0.10:
		return 0.45 + 0.2*r.Float64() // poor
	case x < 0.30:
		return 0.95 + 0.045*r.Float64() // excellent
	default:
		return 0.78 + 0.15*r.Float64()
	}
}

// genItemBias shifts the chance of a "yes" per behaviour: citizens rarely
// hear "xin lỗi" or "xin phép", usually hear "xin chào".
var genItemBias = [8]float64{0.06, -0.18, 0.03, -0.10, -0.04, 0.0, 0.02, -0.05}

var genComments = map[feedback.Satisfaction][]string{
	feedback.VerySatisfied: {"Cán bộ rất tận tình, chu đáo", "Hướng dẫn rõ ràng, dễ hiểu", "Giải quyết hồ sơ nhanh, đúng hẹn",
		"Thái độ niềm nở, lịch sự", "Rất hài lòng với cách phục vụ của cán bộ", "Được giải thích cặn kẽ, không phải đi lại nhiều lần"},
	feedback.Satisfied: {"Cán bộ hướng dẫn đầy đủ", "Thủ tục nhanh gọn", "Nên có thêm ghế ngồi chờ cho người dân",
		"Nên có thêm chỗ để xe", "Cần niêm yết rõ hơn các khoản phí, lệ phí"},
	feedback.Dissatisfied: {"Phải chờ quá lâu mới đến lượt", "Cán bộ không chào hỏi, không xin lỗi khi để chờ", "Thái độ chưa nhiệt tình",
		"Hẹn trả kết quả nhưng không đúng hẹn", "Hướng dẫn chưa rõ, phải đi lại nhiều lần", "Cán bộ nói năng thiếu nhẹ nhàng"},
}

// dayWeight is the relative volume of a day: working days full, Saturday
// morning a third, Sunday almost nothing, and adoption growing over the
// range.
func dayWeight(d time.Time, i, n int) float64 {
	w := 1.0
	switch d.Weekday() {
	case time.Saturday:
		w = 0.35
	case time.Sunday:
		w = 0.04
	}
	return w * (0.7 + 0.6*float64(i)/float64(max(n-1, 1)))
}

func (g *genState) run(ctx context.Context) error {
	var days []time.Time
	for d := g.o.From; d.Before(g.o.To); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	weights := make([]float64, len(days))
	sum := 0.0
	for i, d := range days {
		weights[i] = dayWeight(d, i, len(days))
		sum += weights[i]
	}
	// Ratings per day, rounding so the total is exact.
	counts := make([]int, len(days))
	done, share := 0, 0.0
	for i := range days {
		share += weights[i] / sum * float64(g.o.Ratings)
		counts[i] = int(math.Round(share)) - done
		done += counts[i]
	}
	g.days = days
	g.newYearTally(len(days))
	w, err := g.newWriter(ctx)
	if err != nil {
		return err
	}
	defer w.close()
	written := 0
	for i, d := range days {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := g.day(d, counts[i])
		if err := w.writeDay(ctx, d, batch); err != nil {
			return err
		}
		g.addRollups(i, batch)
		written += len(batch)
		g.res.Days++
		if g.o.Progress != nil {
			g.o.Progress(written, g.o.Ratings)
		}
	}
	return w.finish(ctx)
}

// genWriter writes generated ratings on one engine: a day of ratings at a
// time, then the rollups of the whole run.
type genWriter interface {
	writeDay(ctx context.Context, day time.Time, batch []genRating) error
	finish(ctx context.Context) error
	close()
}

// day generates n ratings on day d, in time order.
func (g *genState) day(d time.Time, n int) []genRating {
	out := make([]genRating, n)
	r := g.rng
	for i := range out {
		x := &out[i]
		x.unit = int32(min(searchCum(g.cum, r.Float64()*g.cum[len(g.cum)-1]), len(g.targets)-1))
		t := &g.targets[x.unit]
		q := t.quality
		x.official = -1
		x.channel = feedback.ChannelCounter
		if r.IntN(100) < 80 && len(t.officials) > 0 {
			x.official = t.officials[r.IntN(len(t.officials))]
			q = g.officials[x.official].quality
			x.channel = feedback.ChannelBadge
			if r.IntN(4) == 0 {
				x.channel = feedback.ChannelKiosk
			}
		} else if r.IntN(5) < 2 {
			x.channel = feedback.ChannelKiosk
		}
		// Office hours, 7:30–11:30 and 13:30–17:00; Saturday mornings.
		var mins int
		if d.Weekday() == time.Saturday || r.IntN(15) < 8 {
			mins = 7*60 + 30 + r.IntN(240)
		} else {
			mins = 13*60 + 30 + r.IntN(210)
		}
		x.at = d.Add(time.Duration(mins)*time.Minute + time.Duration(r.IntN(60))*time.Second).UTC()
		switch p := r.Float64(); {
		case p >= q:
			x.sat = feedback.Dissatisfied
		case p < q*0.55:
			x.sat = feedback.VerySatisfied
		default:
			x.sat = feedback.Satisfied
		}
		skip := r.IntN(10) == 0 // a tenth leave some questions unanswered
		for j := 0; j < 8; j++ {
			if skip && r.IntN(3) == 0 {
				continue
			}
			x.answers |= 1 << j
			p := q + genItemBias[j]
			if x.sat == feedback.Dissatisfied {
				p *= 0.55
			}
			if r.Float64() < p {
				x.yes |= 1 << j
			}
		}
		if r.IntN(100) < 12 {
			pool := genComments[x.sat]
			x.comment = pool[r.IntN(len(pool))]
		}
		x.status = feedback.Accepted
		switch p := r.IntN(1000); {
		case p < 10:
			x.status, x.reason = feedback.Flagged, "đánh giá dồn dập (dữ liệu sinh để đo hiệu năng)"
		case p < 14:
			x.status, x.reason = feedback.Rejected, "vượt giới hạn (dữ liệu sinh để đo hiệu năng)"
		}
	}
	slices.SortFunc(out, func(a, b genRating) int { return a.at.Compare(b.at) })
	for i := range out {
		out[i].id = g.nextID
		g.nextID++
		x := &out[i]
		g.res.Ratings++
		if x.comment != "" {
			g.res.Comments++
		}
		switch x.status {
		case feedback.Flagged:
			g.res.Flagged++
		case feedback.Rejected:
			g.res.Rejected++
		}
	}
	return out
}

// searchCum returns the first index of cum whose value is >= v.
func searchCum(cum []float64, v float64) int {
	i, _ := slices.BinarySearch(cum, v)
	return i
}

// yearTally accumulates the rollups of the whole run, dense by (unit or
// official index, day index), so they are written at the end in primary
// key order: appending to the rollup tables' B-trees instead of touching
// every unit's pages every day.
type yearTally struct {
	days     int
	unit     [][6]int32 // [unit*days+day]: total, very, satisfied, dissatisfied, flagged, rejected
	unitItem [][8][2]int32
	off      [][6]int32 // [official*days+day]
	offItem  [][8][2]int32
}

func (g *genState) newYearTally(days int) {
	g.acc = &yearTally{days: days,
		unit: make([][6]int32, len(g.units)*days), unitItem: make([][8][2]int32, len(g.units)*days),
		off: make([][6]int32, len(g.officials)*days), offItem: make([][8][2]int32, len(g.officials)*days)}
}

// addRollups adds a day's ratings to the rollups, the way the feedback
// service does: to the rating's unit and every ancestor, and to its
// official; flagged and rejected ratings only in their own columns.
func (g *genState) addRollups(day int, batch []genRating) {
	t := g.acc
	for i := range batch {
		x := &batch[i]
		var col int
		switch {
		case x.status == feedback.Flagged:
			col = 4
		case x.status == feedback.Rejected:
			col = 5
		case x.sat == feedback.VerySatisfied:
			col = 1
		case x.sat == feedback.Satisfied:
			col = 2
		default:
			col = 3
		}
		add := func(tal *[6]int32, items *[8][2]int32) {
			tal[col]++
			if col >= 4 {
				return
			}
			tal[0]++
			for j := 0; j < 8; j++ {
				if x.answers&(1<<j) != 0 {
					items[j][1]++
					if x.yes&(1<<j) != 0 {
						items[j][0]++
					}
				}
			}
		}
		for _, u := range g.targets[x.unit].ancestors {
			k := int(u)*t.days + day
			add(&t.unit[k], &t.unitItem[k])
		}
		if x.official >= 0 {
			k := int(x.official)*t.days + day
			add(&t.off[k], &t.offItem[k])
		}
	}
}

// rollupTable is one rollup table's rows, iterated in primary key order.
type rollupTable struct {
	name, col string
	ids       func(i int) int64
	n         int // units or officials
	tally     [][6]int32
	itemRows  [][8][2]int32
}

func (g *genState) rollupTables() []rollupTable {
	t := g.acc
	unitID := func(i int) int64 { return g.units[i] }
	offID := func(i int) int64 { return g.officials[i].id }
	return []rollupTable{
		{name: "rollup_unit_day", col: "unit_id", ids: unitID, n: len(g.units), tally: t.unit, itemRows: t.unitItem},
		{name: "rollup_official_day", col: "official_id", ids: offID, n: len(g.officials), tally: t.off, itemRows: t.offItem},
	}
}

// each calls f for every non-empty row in key order with the id, day index
// and the values of valueColumns: the six tallies, then yes and asked of
// each behaviour in feedback.FourXinCodes order.
func (rt *rollupTable) each(days int, f func(id int64, day int, vals []int64) error) error {
	vals := make([]int64, 6+16)
	for i := 0; i < rt.n; i++ {
		id := rt.ids(i)
		for d := 0; d < days; d++ {
			k := i*days + d
			if rt.tally[k] == ([6]int32{}) {
				continue
			}
			for c, v := range rt.tally[k] {
				vals[c] = int64(v)
			}
			for j, v := range rt.itemRows[k] {
				vals[6+2*j], vals[7+2*j] = int64(v[0]), int64(v[1])
			}
			if err := f(id, d, vals); err != nil {
				return err
			}
		}
	}
	return nil
}

// valueColumns are the columns of a rollup row after its key (as
// feedbacksql writes them): the tallies, then each behaviour's yes and
// asked, GT-XC → gt_xc_yes, gt_xc_asked.
func valueColumns() []string {
	cols := []string{"total", "very_satisfied", "satisfied", "dissatisfied", "flagged", "rejected"}
	for _, code := range feedback.FourXinCodes {
		c := strings.ToLower(strings.ReplaceAll(code, "-", "_"))
		cols = append(cols, c+"_yes", c+"_asked")
	}
	return cols
}

// upsertTail is the ON CONFLICT clause of a rollup table: add to the row
// already there.
func (rt *rollupTable) upsertTail() string {
	return " ON CONFLICT (" + rt.col + ", day) DO UPDATE SET " + addExcludedCols(rt.name, valueColumns()...)
}

func (rt *rollupTable) columns() []string {
	return append([]string{rt.col, "day"}, valueColumns()...)
}

// addExcludedCols is the SET list of an upsert that adds the new values.
func addExcludedCols(table string, cols ...string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf("%s = %s.%s + excluded.%s", c, table, c, c)
	}
	return strings.Join(parts, ", ")
}
