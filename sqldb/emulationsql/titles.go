package emulationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/emulation"
	"congvu/evaluation"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

func errNoProposal() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đề nghị danh hiệu thi đua.")
}

// subjectRef is whom a title is for.
type subjectRef struct {
	subject      emulation.Subject
	officialID   int64
	officialName string
	unit         *sqldb.UnitRef
}

func (s *EmulationService) subjectOf(ctx context.Context, q sqldb.Querier, officialID, unitID int64) (*subjectRef, error) {
	sj := &subjectRef{subject: emulation.Collective}
	if officialID != 0 {
		o, err := sqldb.LoadOfficial(ctx, s.db, q, officialID)
		if congvu.ErrorCode(err) == congvu.ENOTFOUND || (err == nil && !o.Active) {
			return nil, congvu.FieldError("official_id", "Không tìm thấy cán bộ.")
		}
		if err != nil {
			return nil, err
		}
		if unitID != 0 && unitID != o.UnitID {
			return nil, congvu.FieldError("unit_id", "Cán bộ không thuộc đơn vị đã chọn.")
		}
		sj.subject, sj.officialID, sj.officialName, unitID = emulation.Individual, o.ID, o.FullName, o.UnitID
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, q, unitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	sj.unit = u
	return sj, nil
}

// chain is a unit and its ancestors, nearest first.
func (s *EmulationService) chain(ctx context.Context, q sqldb.Querier, path string) ([]commendation.UnitNode, error) {
	ids := sqldb.PathIDs(path)
	var ar sqldb.Args
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = ar.Add(id)
	}
	nodes, err := sqldb.QueryAll(ctx, s.db, q, "unit chain", `SELECT id, kind, name FROM units WHERE id IN (`+strings.Join(ph, ", ")+`)`,
		func(sc sqldb.Scanner) (commendation.UnitNode, error) {
			var n commendation.UnitNode
			return n, sc.Scan(&n.ID, &n.Kind, &n.Name)
		}, ar...)
	if err != nil {
		return nil, err
	}
	out := make([]commendation.UnitNode, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		for _, n := range nodes {
			if n.ID == ids[i] {
				out = append(out, n)
			}
		}
	}
	return out, nil
}

// yearFacts are the facts of a year the titles read, for many subjects at
// once (set-based over a subtree).
type yearFacts struct {
	year        int
	levels      map[int64]evaluation.Level // official → final level
	unitLevels  map[int64]evaluation.Level // unit → the agency's own
	disciplined disciplined                // nationwide: an official moved keeps their discipline
	initiatives map[int64]string           // official → initiative registered
	held        map[string]bool            // "subject:key:title" of live proposals
	heldBy      map[string][]string        // "subject:key:" → titles of live proposals
	members     []member                   // active officials under the subtree
}

type member struct {
	id   int64
	path string
}

func heldKey(sub emulation.Subject, key int64, title string) string {
	return fmt.Sprintf("%s:%d:%s", sub, key, title)
}

// facts reads the year's facts under path.
func (s *EmulationService) facts(ctx context.Context, q sqldb.Querier, path string, year int) (*yearFacts, error) {
	f := &yearFacts{year: year, levels: map[int64]evaluation.Level{}, unitLevels: map[int64]evaluation.Level{}, initiatives: map[int64]string{}, held: map[string]bool{},
		heldBy: map[string][]string{}}
	var ar sqldb.Args
	scope := sqldb.ScopeClause("u.path", []string{path}, &ar)
	y := ar.Add(year)
	type kv struct {
		id  int64
		val string
	}
	scan := func(sc sqldb.Scanner) (kv, error) {
		var r kv
		return r, sc.Scan(&r.id, &r.val)
	}
	rows, err := sqldb.QueryAll(ctx, s.db, q, "title levels", `SELECT e.official_id, e.final_level FROM evaluations e JOIN officials o ON o.id = e.official_id
		JOIN units u ON u.id = o.unit_id WHERE `+scope+` AND e.year = `+y+` AND e.final_level <> ''`, scan, ar...)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		f.levels[r.id] = evaluation.Level(r.val)
	}
	if rows, err = sqldb.QueryAll(ctx, s.db, q, "title unit levels", `SELECT ue.unit_id, ue.level FROM unit_evaluations ue JOIN units u ON u.id = ue.unit_id
		WHERE `+scope+` AND ue.year = `+y, scan, ar...); err != nil {
		return nil, err
	}
	for _, r := range rows {
		f.unitLevels[r.id] = evaluation.Level(r.val)
	}
	if rows, err = sqldb.QueryAll(ctx, s.db, q, "title initiatives", `SELECT r.official_id, r.initiative FROM emulation_registrations r JOIN units u ON u.id = r.unit_id
		WHERE `+scope+` AND r.year = `+y+` AND r.withdrawn = FALSE AND r.official_id IS NOT NULL AND r.initiative <> '' ORDER BY r.id`, scan, ar...); err != nil {
		return nil, err
	}
	for _, r := range rows {
		f.initiatives[r.id] = r.val
	}
	type hk struct {
		sub   string
		key   int64
		title string
	}
	held, err := sqldb.QueryAll(ctx, s.db, q, "titles held", `SELECT p.subject, p.subject_key, p.title FROM emulation_title_proposals p JOIN units u ON u.id = p.unit_id
		WHERE `+scope+` AND p.year = `+y+` AND p.status <> 'rejected'`, func(sc sqldb.Scanner) (hk, error) {
		var h hk
		return h, sc.Scan(&h.sub, &h.key, &h.title)
	}, ar...)
	if err != nil {
		return nil, err
	}
	for _, h := range held {
		f.held[heldKey(emulation.Subject(h.sub), h.key, h.title)] = true
		k := heldKey(emulation.Subject(h.sub), h.key, "")
		f.heldBy[k] = append(f.heldBy[k], h.title)
	}
	var mar sqldb.Args
	if f.members, err = sqldb.QueryAll(ctx, s.db, q, "title members", `SELECT o.id, u.path FROM officials o JOIN units u ON u.id = o.unit_id
		WHERE `+sqldb.ScopeClause("u.path", []string{path}, &mar)+` AND o.active = TRUE`, func(sc sqldb.Scanner) (member, error) {
		var m member
		return m, sc.Scan(&m.id, &m.path)
	}, mar...); err != nil {
		return nil, err
	}
	if f.disciplined, err = s.disciplinedMembers(ctx, q, congvu.RootUnitPath, year); err != nil {
		return nil, err
	}
	return f, nil
}

// evidence is what the titles' checks read of one subject.
func (f *yearFacts) evidence(sub emulation.Subject, unitPath string, unitID, officialID int64) emulation.TitleEvidence {
	var e emulation.TitleEvidence
	if sub == emulation.Individual {
		e.Level, e.Disciplined, e.Initiative = f.levels[officialID], f.disciplined.officials[officialID], f.initiatives[officialID]
		e.Held = slices.Sorted(slices.Values(f.heldBy[heldKey(sub, officialID, "")]))
		return e
	}
	e.Level = f.unitLevels[unitID]
	for _, m := range f.members {
		if !strings.HasPrefix(m.path, unitPath) {
			continue
		}
		e.Members++
		l := f.levels[m.id]
		if l != "" {
			e.Rated++
		}
		if l.AtLeast(evaluation.LevelExcellent) {
			e.Excellent++
		}
		if l.AtLeast(evaluation.LevelGood) {
			e.Good++
		}
		if l.AtLeast(evaluation.LevelCompleted) {
			e.Completed++
		}
		if f.disciplined.officials[m.id] {
			e.MembersDisciplined++
		}
	}
	return e
}

// checks checks a title for a subject: the titles it needs count as held
// when held or, for suggestions (assume), when the subject is eligible.
func checks(rs *emulation.TitleRuleSet, t emulation.TitleRule, e emulation.TitleEvidence, assume bool) []emulation.Check {
	if assume && t.NeedsTitle != "" && !slices.Contains(e.Held, t.NeedsTitle) {
		if need, ok := rs.TitleByCode(t.NeedsTitle); ok {
			if _, pass := emulation.Passed(need.Check(e)); pass {
				e.Held = append(e.Held, t.NeedsTitle)
			}
		}
	}
	return t.Check(e)
}

func (s *EmulationService) ruleSetFor(ctx context.Context, year int) (*emulation.TitleRuleSet, error) {
	sets, err := s.loadTitleRuleSets(ctx, s.db.Read)
	if err != nil {
		return nil, err
	}
	rs := emulation.TitleRuleSetFor(sets, year)
	if rs == nil {
		return nil, congvu.FieldError("year", fmt.Sprintf("Chưa có quy định danh hiệu thi đua áp dụng cho năm %d.", year))
	}
	return rs, nil
}

func validYear(year int, now time.Time) error {
	if y := congvu.Date(now).Year(); year < 2000 || year > y {
		return congvu.FieldError("year", fmt.Sprintf("Năm xét danh hiệu phải từ 2000 đến %d.", y))
	}
	return nil
}

// SuggestTitles lists, for the units and officials of a subtree, the
// titles of the year's rule they are eligible to, and those they
// registered for with the checks that fail; never those already proposed.
// For who proposes over the unit. See emulation.Service.
func (s *EmulationService) SuggestTitles(ctx context.Context, unitID int64, year int) ([]*emulation.TitleSuggestion, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	if err := validYear(year, s.db.Now()); err != nil {
		return nil, err
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active || !a.Can(congvu.ActEmulationView, u.Path) {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	if !a.Can(congvu.ActEmulationPropose, u.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền đề nghị danh hiệu thi đua ở đơn vị này.")
	}
	rs, err := s.ruleSetFor(ctx, year)
	if err != nil {
		return nil, err
	}
	f, err := s.facts(ctx, s.db.Read, u.Path, year)
	if err != nil {
		return nil, err
	}
	// Who registered for which title.
	var ar sqldb.Args
	scope := sqldb.ScopeClause("u.path", []string{u.Path}, &ar)
	type subj struct {
		sub      emulation.Subject
		unitID   int64
		unit     string
		path     string
		official int64
		name     string
		title    string
	}
	scan := func(sc sqldb.Scanner) (subj, error) {
		var x subj
		return x, sc.Scan(&x.sub, &x.unitID, &x.unit, &x.path, &x.official, &x.name, &x.title)
	}
	subjects, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "title subjects", `SELECT 'individual', u.id, u.name, u.path, o.id, o.full_name, ''
		FROM officials o JOIN units u ON u.id = o.unit_id JOIN evaluations e ON e.official_id = o.id AND e.year = `+ar.Add(year)+` AND e.final_level <> ''
		WHERE `+scope+` AND o.active = TRUE
		UNION ALL SELECT 'collective', u.id, u.name, u.path, 0, '', '' FROM units u JOIN unit_evaluations ue ON ue.unit_id = u.id AND ue.year = `+ar.Add(year)+`
		WHERE `+scope+` AND u.active = TRUE
		UNION ALL SELECT r.subject, u.id, u.name, u.path, COALESCE(r.official_id, 0), COALESCE(o.full_name, ''), r.title
		FROM emulation_registrations r JOIN units u ON u.id = r.unit_id LEFT JOIN officials o ON o.id = r.official_id
		WHERE `+scope+` AND r.year = `+ar.Add(year)+` AND r.withdrawn = FALSE AND r.title <> ''`, scan, ar...)
	if err != nil {
		return nil, err
	}
	registered := map[string]bool{}
	for _, x := range subjects {
		if x.title != "" {
			registered[heldKey(x.sub, subjKey(x.sub, x.unitID, x.official), x.title)] = true
		}
	}
	seen := map[string]bool{}
	out := []*emulation.TitleSuggestion{}
	for _, x := range subjects {
		key := subjKey(x.sub, x.unitID, x.official)
		e := f.evidence(x.sub, x.path, x.unitID, x.official)
		for _, t := range rs.Titles {
			k := heldKey(x.sub, key, t.Code)
			if t.Subject != x.sub || seen[k] || f.held[k] {
				continue
			}
			cs := checks(rs, t, e, true)
			_, ok := emulation.Passed(cs)
			if !ok && !registered[k] {
				continue
			}
			seen[k] = true
			out = append(out, &emulation.TitleSuggestion{Title: t.Code, TitleLabel: t.Label, Subject: x.sub, UnitID: x.unitID, UnitName: x.unit,
				OfficialID: x.official, OfficialName: x.name, Checks: cs, Eligible: ok})
		}
	}
	slices.SortStableFunc(out, func(a, b *emulation.TitleSuggestion) int {
		if a.Eligible != b.Eligible {
			if a.Eligible {
				return -1
			}
			return 1
		}
		if a.Subject != b.Subject {
			return strings.Compare(string(a.Subject), string(b.Subject))
		}
		return strings.Compare(vntext.Fold(a.UnitName+" "+a.OfficialName), vntext.Fold(b.UnitName+" "+b.OfficialName))
	})
	return out, nil
}

// subjKey is the subject_key of a subject: the unit (collective) or the
// official (individual).
func subjKey(sub emulation.Subject, unitID, officialID int64) int64 {
	if sub == emulation.Collective {
		return unitID
	}
	return officialID
}

const proposalCols = `p.id, COALESCE(p.movement_id, 0), p.year, p.title, p.title_label, p.subject, p.unit_id, u.name, u.path,
	COALESCE(p.official_id, 0), COALESCE(o.full_name, ''), p.checks, p.reason, p.status, p.competent_unit_id, p.decision_number, p.decision_date,
	p.amount, p.reject_reason, COALESCE(p.proposed_by, 0), p.created_at, p.updated_at, COALESCE(p.rule_set_id, 0)`

const proposalFrom = ` FROM emulation_title_proposals p JOIN units u ON u.id = p.unit_id LEFT JOIN officials o ON o.id = p.official_id`

type proposalRow struct {
	*emulation.TitleProposal
	ruleSetID int64
}

func scanProposal(sc sqldb.Scanner) (proposalRow, error) {
	p := &emulation.TitleProposal{}
	var checks string
	var decided sql.NullTime
	var rsID int64
	if err := sc.Scan(&p.ID, &p.MovementID, &p.Year, &p.Title, &p.TitleLabel, &p.Subject, &p.UnitID, &p.UnitName, &p.UnitPath, &p.OfficialID,
		&p.OfficialName, &checks, &p.Reason, &p.Status, &p.CompetentUnitID, &p.DecisionNumber, &decided, &p.Amount, &p.RejectReason,
		&p.ProposedBy, &p.CreatedAt, &p.UpdatedAt, &rsID); err != nil {
		return proposalRow{}, err
	}
	p.Checks = []emulation.Check{}
	if checks != "" {
		if err := json.Unmarshal([]byte(checks), &p.Checks); err != nil {
			return proposalRow{}, err
		}
	}
	if decided.Valid {
		p.DecisionDate = sqldb.NullDate(decided)
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return proposalRow{p, rsID}, nil
}

func (s *EmulationService) loadProposal(ctx context.Context, q sqldb.Querier, id int64) (proposalRow, error) {
	r, err := scanProposal(q.QueryRowContext(ctx, `SELECT `+proposalCols+proposalFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errNoProposal()
	}
	if err != nil {
		return r, s.db.Internal("load title proposal", err)
	}
	return r, nil
}

// FindTitleProposal returns a proposal the actor reads (ActEmulationView
// over the subject's unit). See emulation.Service.
func (s *EmulationService) FindTitleProposal(ctx context.Context, id int64) (*emulation.TitleProposal, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	r, err := s.loadProposal(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActEmulationView, r.UnitPath) {
		return nil, errNoProposal()
	}
	redactProposal(a, r.TitleProposal)
	return r.TitleProposal, nil
}

// redactProposal hides, from a reader who may not read the official's
// evaluation (ActEvaluationView over the unit; the official themself),
// what an individual's checks state of their classification and
// discipline (as the audit log hides their events: proposalConcealClause).
func redactProposal(a *congvu.Actor, p *emulation.TitleProposal) {
	if p.Subject != emulation.Individual || (a.OfficialID != 0 && a.OfficialID == p.OfficialID) || a.Can(congvu.ActEvaluationView, p.UnitPath) {
		return
	}
	p.Checks = emulation.RedactChecks(p.Checks)
}

// FindTitleProposals lists the proposals the actor reads, newest first.
// See emulation.Service.
func (s *EmulationService) FindTitleProposals(ctx context.Context, f emulation.TitleFilter) ([]*emulation.TitleProposal, int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, 0, errUnauth()
	}
	f.Limit, f.Offset = pageBounds(f.Limit, f.Offset)
	var ar sqldb.Args
	where := []string{sqldb.ScopeClause("u.path", a.Scopes(congvu.ActEmulationView), &ar)}
	if f.UnitID != 0 {
		under, err := s.underUnit(ctx, f.UnitID, &ar)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, under)
	}
	if f.Year != 0 {
		where = append(where, "p.year = "+ar.Add(f.Year))
	}
	if f.Title != "" {
		where = append(where, "p.title = "+ar.Add(f.Title))
	}
	if f.Status != "" {
		where = append(where, "p.status = "+ar.Add(string(f.Status)))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+proposalFrom+` WHERE `+cond, ar...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count title proposals", err)
	}
	lim, off := ar.Add(f.Limit), ar.Add(f.Offset)
	rows, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find title proposals", `SELECT `+proposalCols+proposalFrom+` WHERE `+cond+
		` ORDER BY p.created_at DESC, p.id DESC LIMIT `+lim+` OFFSET `+off, scanProposal, ar...)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*emulation.TitleProposal, len(rows))
	for i, r := range rows {
		redactProposal(a, r.TitleProposal)
		out[i] = r.TitleProposal
	}
	return out, total, nil
}

// ProposeTitle proposes a title for a unit or an official of the actor's
// sight (ActEmulationPropose over the subject's unit; never oneself nor
// one's own unit): the checks of the year's rule must hold (EINVALID names
// the first that fails); the competent unit is the nearest of the title's
// decider kinds. See emulation.Service.
func (s *EmulationService) ProposeTitle(ctx context.Context, in emulation.TitleProposalInput) (*emulation.TitleProposal, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	if err := validYear(in.Year, s.db.Now()); err != nil {
		return nil, err
	}
	in.Reason = vntext.CleanParagraphs(in.Reason)
	if n := utf8.RuneCountInString(in.Reason); n > commendation.MaxReason {
		return nil, congvu.FieldError("reason", "Lý do đề nghị không được dài quá 4.000 ký tự.")
	}
	rs, err := s.ruleSetFor(ctx, in.Year)
	if err != nil {
		return nil, err
	}
	t, ok := rs.TitleByCode(in.Title)
	if !ok {
		return nil, congvu.FieldError("title", "Xin chọn một danh hiệu của quy định năm "+fmt.Sprint(in.Year)+".")
	}
	sj, err := s.subjectOf(ctx, s.db.Read, in.OfficialID, in.UnitID)
	if err != nil {
		return nil, err
	}
	if t.Subject != sj.subject {
		return nil, congvu.FieldError("title", "Danh hiệu "+t.Label+" dành cho "+strings.ToLower(t.Subject.Label())+".")
	}
	if !a.Can(congvu.ActEmulationView, sj.unit.Path) {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	if !a.Can(congvu.ActEmulationPropose, sj.unit.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền đề nghị danh hiệu thi đua cho đơn vị, cán bộ này.")
	}
	own, err := s.ownUnit(ctx, a)
	if err != nil {
		return nil, err
	}
	if emulation.OwnSubject(a, own, sj.subject, sj.unit.ID, sj.officialID) {
		return nil, emulation.ErrOwnSubject()
	}
	if in.MovementID != 0 {
		m, err := s.FindMovement(ctx, in.MovementID)
		if err != nil {
			return nil, congvu.FieldError("movement_id", "Không tìm thấy phong trào thi đua.")
		}
		if !m.Covers(in.Year) || !strings.HasPrefix(sj.unit.Path, m.UnitPath) {
			return nil, congvu.FieldError("movement_id", "Phong trào không bao gồm đơn vị, năm này.")
		}
	}
	f, err := s.facts(ctx, s.db.Read, sj.unit.Path, in.Year)
	if err != nil {
		return nil, err
	}
	cs := checks(rs, t, f.evidence(sj.subject, sj.unit.Path, sj.unit.ID, sj.officialID), false)
	if failed, ok := emulation.Passed(cs); !ok {
		return nil, emulation.ErrCheckFailed(t.Label, failed)
	}
	chain, err := s.chain(ctx, s.db.Read, sj.unit.Path)
	if err != nil {
		return nil, err
	}
	competent, ok := t.Competent(chain)
	if !ok {
		return nil, congvu.FieldError("title", "Không có cấp nào của đơn vị này có thẩm quyền quyết định danh hiệu "+t.Label+".")
	}
	p := &emulation.TitleProposal{MovementID: in.MovementID, Year: in.Year, Title: t.Code, TitleLabel: t.Label, Subject: sj.subject, UnitID: sj.unit.ID,
		UnitName: sj.unit.Name, UnitPath: sj.unit.Path, OfficialID: sj.officialID, OfficialName: sj.officialName, Checks: cs, Reason: in.Reason,
		Status: emulation.ProposalProposed, CompetentUnitID: competent.ID}
	body, err := json.Marshal(cs)
	if err != nil {
		return nil, s.db.Internal("proposal checks", err)
	}
	key := subjKey(sj.subject, sj.unit.ID, sj.officialID)
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p.CreatedAt, p.UpdatedAt, p.ProposedBy = tx.Now, tx.Now, max(a.UserID, 0)
		err := tx.QueryRowContext(ctx, `INSERT INTO emulation_title_proposals (movement_id, year, title, title_label, subject, unit_id, official_id, subject_key,
			checks, reason, status, rule_set_id, competent_unit_id, proposed_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			sqldb.NullID(p.MovementID), p.Year, p.Title, p.TitleLabel, string(p.Subject), p.UnitID, sqldb.NullID(p.OfficialID), key, string(body), p.Reason,
			string(p.Status), sqldb.NullID(rs.ID), p.CompetentUnitID, sqldb.NullID(p.ProposedBy), p.CreatedAt).Scan(&p.ID)
		if sqldb.IsUniqueViolation(err) {
			return congvu.Errorf(congvu.ECONFLICT, "Đã có đề nghị danh hiệu %s năm %d cho %s.", t.Label, p.Year, subjectName(p))
		}
		if err != nil {
			return s.db.Internal("insert title proposal", err)
		}
		return tx.Audit("emulation.title.propose", "emulation_title_proposal", p.ID, p.UnitID, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func subjectName(p *emulation.TitleProposal) string {
	if p.OfficialID != 0 {
		return p.OfficialName
	}
	return p.UnitName
}

// DecideTitle approves (number, date, the amount from the coefficient and
// the base salary in force on that date; the checks hold again) or
// rejects (a reason) a proposal: only the head of its competent unit,
// never for themselves or their own unit. See emulation.Service.
func (s *EmulationService) DecideTitle(ctx context.Context, id int64, in emulation.TitleDecisionInput) (*emulation.TitleProposal, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errUnauth()
	}
	r, err := s.loadProposal(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	p := r.TitleProposal
	if !a.Can(congvu.ActEmulationView, p.UnitPath) {
		return nil, errNoProposal()
	}
	if !emulation.MayDecide(a, p.CompetentUnitID) {
		var name string
		_ = s.db.Read.QueryRowContext(ctx, `SELECT name FROM units WHERE id = $1`, p.CompetentUnitID).Scan(&name)
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người đứng đầu %s quyết định danh hiệu %s này.", name, p.TitleLabel)
	}
	own, err := s.ownUnit(ctx, a)
	if err != nil {
		return nil, err
	}
	if emulation.OwnSubject(a, own, p.Subject, p.UnitID, p.OfficialID) {
		return nil, emulation.ErrOwnSubject()
	}
	if p.Status != emulation.ProposalProposed {
		return nil, congvu.Errorf(congvu.ECONFLICT, "Đề nghị này đã được quyết định.")
	}
	before := *p
	now := s.db.Now()
	if in.Approve {
		v := congvu.Validation{}
		in.Number = strings.TrimSpace(vntext.Clean(in.Number))
		if n := utf8.RuneCountInString(in.Number); n == 0 || n > commendation.MaxDecisionNumber {
			v.Add("number", "Xin nhập số quyết định (tối đa 60 ký tự).")
		}
		d, ok := congvu.ParseDate(in.Date, time.UTC)
		switch {
		case !ok:
			v.Add("date", "Xin nhập ngày ký quyết định (dd/mm/yyyy).")
		case d.After(commendation.DateOnly(now)):
			v.Add("date", "Ngày ký không được sau ngày hôm nay.")
		case d.Year() < p.Year:
			v.Add("date", fmt.Sprintf("Ngày ký không được trước năm xét danh hiệu (%d).", p.Year))
		case d.Before(commendation.DateOnly(p.CreatedAt)):
			v.Add("date", "Ngày ký không được trước ngày đề nghị ("+congvu.Date(p.CreatedAt).Format("02/01/2006")+").")
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		sets, err := s.loadTitleRuleSets(ctx, s.db.Read)
		if err != nil {
			return nil, err
		}
		var rs *emulation.TitleRuleSet
		for i := range sets {
			if sets[i].ID == r.ruleSetID {
				rs = &sets[i]
			}
		}
		if rs == nil {
			rs = emulation.TitleRuleSetFor(sets, p.Year)
		}
		t, ok := emulation.TitleRule{}, false
		if rs != nil {
			t, ok = rs.TitleByCode(p.Title)
		}
		if !ok {
			return nil, congvu.FieldError("title", "Không tìm thấy quy định của danh hiệu này; xin liên hệ quản trị viên.")
		}
		// The facts may have changed since the proposal (a discipline
		// decision): the checks must still hold.
		f, err := s.facts(ctx, s.db.Read, p.UnitPath, p.Year)
		if err != nil {
			return nil, err
		}
		cs := checks(rs, t, f.evidence(p.Subject, p.UnitPath, p.UnitID, p.OfficialID), false)
		if failed, ok := emulation.Passed(cs); !ok {
			return nil, emulation.ErrCheckFailed(t.Label, failed)
		}
		csets, err := s.commendationRuleSets(ctx)
		if err != nil {
			return nil, err
		}
		amount, _, ok := t.Amount(commendation.RuleSetOn(csets, d), d)
		if !ok {
			return nil, congvu.FieldError("date", "Chưa có mức lương cơ sở áp dụng cho ngày ký; xin liên hệ quản trị viên.")
		}
		p.Status, p.DecisionNumber, p.DecisionDate, p.Amount, p.Checks = emulation.ProposalApproved, in.Number, d, amount, cs
	} else {
		reason := vntext.CleanParagraphs(in.RejectReason)
		if n := utf8.RuneCountInString(reason); n < 5 || n > commendation.MaxRejectReason {
			return nil, congvu.FieldError("reject_reason", "Xin nêu lý do không công nhận (từ 5 đến 2.000 ký tự).")
		}
		p.Status, p.RejectReason = emulation.ProposalRejected, reason
	}
	body, err := json.Marshal(p.Checks)
	if err != nil {
		return nil, s.db.Internal("proposal checks", err)
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p.UpdatedAt = tx.Now
		var decided any
		if !p.DecisionDate.IsZero() {
			decided = p.DecisionDate
		}
		res, err := tx.ExecContext(ctx, `UPDATE emulation_title_proposals SET status = $1, decision_number = $2, decision_date = $3, amount = $4,
			reject_reason = $5, checks = $6, decided_by = $7, updated_at = $8 WHERE id = $9 AND status = 'proposed'`, string(p.Status), p.DecisionNumber,
			decided, p.Amount, p.RejectReason, string(body), sqldb.NullID(max(a.UserID, 0)), p.UpdatedAt, p.ID)
		if err != nil {
			return s.db.Internal("decide title", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Đề nghị này đã được quyết định.")
		}
		return tx.Audit("emulation.title.decide", "emulation_title_proposal", p.ID, p.UnitID, &before, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
