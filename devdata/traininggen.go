package devdata

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"congvu"
	"congvu/sqldb"
)

// TrainingGenOptions are the options of GenerateTraining.
type TrainingGenOptions struct {
	// Officials is how many active officials the tree should hold: the
	// missing ones are created as GenerateViolations does. Default
	// 2 000 000.
	Officials int
	// Year is the year of the campaigns (default: the year of Now).
	Year int
	// Now is the date of the data: nothing is attended nor passed after it
	// (default: the database's clock).
	Now  time.Time
	Seed uint64
	// Progress (may be nil) receives (officials done, total).
	Progress func(done, total int)
}

// TrainingGenResult counts what GenerateTraining wrote.
type TrainingGenResult struct {
	OfficialsCreated int `json:"officials_created"`
	Officials        int `json:"officials"`
	Campaigns        int `json:"campaigns"`
	Sessions         int `json:"sessions"`
	Assignments      int `json:"assignments"`
	Attendances      int `json:"attendances"`
	Completed        int `json:"completed"`
	Passed           int `json:"passed"`
	OfficialYears    int `json:"official_years"`
	RollupRows       int `json:"rollup_rows"`
}

// tgCampaign is a generated campaign.
type tgCampaign struct {
	id       int64
	unit     int32 // index into the units
	title    string
	audience string
	reason   string
	starts   time.Time // a Vietnam day, midnight UTC of the date (a DATE column)
	ends     time.Time
	hours    float64
	quiz     int // questions drawn, 0 for no quiz
	passMark int
	attempts int
	status   string
	// attend and pass are the shares of the audience who attend and, of
	// those, who pass the quiz (by the date of the data).
	attend, pass float64
	// sessions: in person per unit of the level below the campaign's
	// (keyed by unit id), and the online one.
	inPerson map[int64]tgSession
	online   tgSession
}

type tgSession struct {
	id     int64
	starts time.Time
	ends   time.Time
}

// tgCount is a rollup row's counts.
type tgCount struct{ assigned, completed, passed int }

type tgKey struct {
	unit     int64
	campaign int64
}

type tgGen struct {
	vg        *vgGen
	o         TrainingGenOptions
	now       time.Time
	campaigns []*tgCampaign
	national  *tgCampaign
	province  map[int64]*tgCampaign // the provincial campaign of each province (unit id)
	named     map[int64]*tgCampaign // the remedial campaign of each province
	rollups   map[tgKey]*tgCount
	res       TrainingGenResult
	next      struct{ campaign, session int64 }
	catalog   any // the catalog version in force, nil without a catalog
}

// GenerateTraining writes a believable year of training for the coverage
// benchmarks: a national campaign on the code of conduct for everyone
// (in person per province or online, with a quiz), a campaign of each
// province for everyone of it (in person per district or online, no quiz,
// at various times of the year, some ended with officials behind) and a
// remedial campaign of each province for a few officials it names (with
// a quiz). Most officials attend and pass, some never do, a few fail the
// quiz; nothing happens after o.Now. The assignments, attendances, the
// officials' years and the coverage rollups (per campaign, and per year
// counting each official once) are written as the progress step keeps
// them: training.Complete is the rule of an assignment, YearComplete and
// YearPassed of a year, a unit's row counts its whole subtree. Officials
// are created first where the tree has fewer than o.Officials. It refuses a year that already has campaigns. Rows go in
// multi-row INSERTs on SQLite and COPY on PostgreSQL, a transaction per
// 20 000 officials; one audit event records the run. Never on a
// production database.
func GenerateTraining(ctx context.Context, db *sqldb.DB, o TrainingGenOptions) (*TrainingGenResult, error) {
	if o.Officials == 0 {
		o.Officials = 2_000_000
	}
	if o.Now.IsZero() {
		o.Now = db.Now().UTC()
	}
	if o.Year == 0 {
		o.Year = o.Now.In(congvu.TimeZone).Year()
	}
	if o.Officials < 0 || o.Year < 2000 || o.Year > 2200 {
		return nil, errors.New("generate training: bad options")
	}
	var n int
	if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_campaigns WHERE year = $1`, o.Year).Scan(&n); err != nil {
		return nil, fmt.Errorf("generate training: %w", err)
	}
	if n > 0 {
		return nil, fmt.Errorf("generate training: the year %d already has %d campaigns", o.Year, n)
	}
	vg := &vgGen{db: db, o: ViolationGenOptions{Officials: o.Officials}, rng: rand.New(rand.NewPCG(o.Seed, 0x74726e67)), now: db.Now().UTC()}
	w, err := newVGWriter(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("generate training: %w", err)
	}
	vg.w = w
	defer w.close()
	g := &tgGen{vg: vg, o: o, now: o.Now.UTC(), province: map[int64]*tgCampaign{}, named: map[int64]*tgCampaign{}, rollups: map[tgKey]*tgCount{}}
	if err := vg.loadUnits(ctx); err != nil {
		return nil, fmt.Errorf("generate training: %w", err)
	}
	if err := vg.ensureOfficials(ctx); err != nil {
		return nil, fmt.Errorf("generate training: officials: %w", err)
	}
	g.res.Officials, g.res.OfficialsCreated = vg.res.Officials, vg.res.OfficialsCreated
	if err := g.plan(ctx); err != nil {
		return nil, fmt.Errorf("generate training: %w", err)
	}
	if err := g.run(ctx); err != nil {
		return nil, fmt.Errorf("generate training: %w", err)
	}
	if err := g.finish(ctx); err != nil {
		return nil, fmt.Errorf("generate training: %w", err)
	}
	err = db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit("training.generate", "training_campaign", 0, 0, nil, g.res)
	})
	return &g.res, err
}

// day is the Vietnam date of year, month, day as a DATE column holds it.
func tgDay(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// plan reads the next ids and the catalog, and writes the campaigns and
// their sessions.
func (g *tgGen) plan(ctx context.Context) error {
	db, r, y := g.vg.db, g.vg.rng, g.o.Year
	for _, t := range []struct {
		table string
		dst   *int64
	}{{"training_campaigns", &g.next.campaign}, {"training_sessions", &g.next.session}} {
		if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t.table).Scan(t.dst); err != nil {
			return err
		}
	}
	var cv int64
	if err := db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM standard_versions`).Scan(&cv); err != nil {
		return err
	}
	if cv > 0 {
		g.catalog = cv
	}
	add := func(c *tgCampaign) *tgCampaign {
		g.next.campaign++
		c.id = g.next.campaign
		c.status = "open"
		c.inPerson = map[int64]tgSession{}
		g.campaigns = append(g.campaigns, c)
		return c
	}
	root := int32(g.vg.unitIndex(g.vg.units[0].ancestors[0]))
	g.national = add(&tgCampaign{unit: root, title: fmt.Sprintf("Quán triệt Đề án văn hóa công vụ năm %d", y), audience: "all",
		starts: tgDay(y, 3, 1), ends: tgDay(y, 6, 30), hours: 8, quiz: 10, passMark: 70, attempts: 3, attend: 0.93, pass: 0.92})
	for i, u := range g.vg.units {
		if len(u.ancestors) != 2 {
			continue
		}
		m := time.Month(1 + r.IntN(8))
		c := add(&tgCampaign{unit: int32(i), title: fmt.Sprintf("Bồi dưỡng quy tắc ứng xử tại bộ phận một cửa năm %d — %s", y, u.name), audience: "all",
			starts: tgDay(y, m, 1), hours: 4, attend: 0.70 + 0.28*r.Float64()})
		c.ends = c.starts.AddDate(0, 2+r.IntN(3), -1)
		if c.ends.Year() > y {
			c.ends = tgDay(y, 12, 31)
		}
		g.province[u.id] = c
		g.named[u.id] = add(&tgCampaign{unit: int32(i), title: fmt.Sprintf("Bồi dưỡng bổ sung về văn hóa công vụ năm %d — %s", y, u.name), audience: "named",
			reason: "Cán bộ có phản ánh được kết luận có cơ sở trong 12 tháng", starts: tgDay(y, 9, 1), ends: tgDay(y, 11, 30),
			hours: 2, quiz: 5, passMark: 80, attempts: 2, attend: 0.85, pass: 0.8})
	}
	// Sessions: in person per unit of the level below the campaign's (a
	// province for the national one, a district for a province's), and the
	// online one over the whole period.
	var campaigns, sessions [][]any
	now := g.vg.now
	for _, c := range g.campaigns {
		cu := &g.vg.units[c.unit]
		session := func(title, mode, place string, starts, ends time.Time) tgSession {
			g.next.session++
			secret := make([]byte, 32)
			for i := range secret {
				secret[i] = byte(r.Uint32())
			}
			sessions = append(sessions, []any{g.next.session, c.id, title, mode, place, "Báo cáo viên", starts, ends, hex.EncodeToString(secret), now})
			return tgSession{id: g.next.session, starts: starts, ends: ends}
		}
		days := int(c.ends.Sub(c.starts).Hours()/24) + 1
		c.online = session("Tự học trực tuyến", "online", "", vnAt(c.starts, 0), vnAt(c.ends.AddDate(0, 0, 1), 0))
		// In person: a class at each child unit (not for a handful of named
		// officials) and one at the campaign's unit itself.
		class := func(u *vgUnit, hour int) {
			start := vnAt(c.starts.AddDate(0, 0, r.IntN(days)), hour)
			c.inPerson[u.id] = session("Lớp bồi dưỡng — "+u.name, "in_person", "Hội trường "+u.name, start, start.Add(3*time.Hour))
		}
		if c.audience != "named" {
			for i := range g.vg.units {
				if u := &g.vg.units[i]; u.parent == cu.id {
					class(u, 8)
				}
			}
		}
		class(cu, 14)
		campaigns = append(campaigns, []any{c.id, cu.id, c.title, "Quán triệt, bồi dưỡng quy tắc ứng xử của cán bộ, công chức, viên chức.", c.audience,
			c.reason, c.starts, c.ends, int64(g.o.Year), c.status, g.catalog, c.hours, int64(c.quiz), int64(c.passMark), int64(c.attempts),
			vnAt(c.starts.AddDate(0, 0, -10), 9), vnAt(c.starts, 7)})
	}
	g.res.Campaigns, g.res.Sessions = len(campaigns), len(sessions)
	return g.vg.w.tx(ctx, func(t vgTx) error {
		if err := t.rows("training_campaigns", []string{"id", "unit_id", "title", "purpose", "audience", "reason", "starts_on", "ends_on", "year",
			"status", "catalog_version_id", "hours", "quiz_questions", "pass_mark", "max_attempts", "created_at", "updated_at"}, campaigns); err != nil {
			return err
		}
		return t.rows("training_sessions", []string{"id", "campaign_id", "title", "mode", "place", "lecturer", "starts_at", "ends_at", "secret",
			"created_at"}, sessions)
	})
}
