package commendationsql

import (
	"congvu"
	"congvu/commendation"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// subject is who a commendation is about: an official of a unit, or the
// unit itself.
type subject struct {
	officialID   int64
	officialName string
	unit         *sqldb.UnitRef
}

// subject loads the subject of an input: the official (its unit when
// unitID is 0) or the unit; field errors when there is no such active one.
func (s *CommendationService) subject(ctx context.Context, q sqldb.Querier, officialID, unitID int64) (*subject, error) {
	sj := &subject{}
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
		sj.officialID, sj.officialName, unitID = o.ID, o.FullName, o.UnitID
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

// chain is the subject's unit and its ancestors, nearest first.
func (s *CommendationService) chain(ctx context.Context, q sqldb.Querier, path string) ([]commendation.UnitNode, error) {
	ids := sqldb.PathIDs(path)
	var ar sqldb.Args
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = ar.Add(id)
	}
	nodes, err := sqldb.QueryAll(ctx, s.db, q, "unit chain", `SELECT id, kind, name FROM units WHERE id IN (`+strings.Join(ph, ", ")+`)`,
		func(sc sqldb.Scanner) (commendation.UnitNode, error) {
			var n commendation.UnitNode
			err := sc.Scan(&n.ID, &n.Kind, &n.Name)
			return n, err
		}, ar...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]commendation.UnitNode{}
	for _, n := range nodes {
		byID[n.ID] = n
	}
	out := make([]commendation.UnitNode, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		if n, ok := byID[ids[i]]; ok {
			out = append(out, n)
		}
	}
	return out, nil
}

// proposingUnit is the unit an actor proposes from for a subject under
// path: the deepest of their grants allowing ActCommendationPropose over
// it (the subject's own unit for the operator).
func proposingUnit(a *congvu.Actor, path string, own int64) (int64, bool) {
	if a.IsSystem() {
		return own, true
	}
	var best *congvu.Grant
	for i := range a.Grants {
		g := &a.Grants[i]
		one := congvu.Actor{UserID: a.UserID, Grants: []congvu.Grant{*g}}
		if one.Can(congvu.ActCommendationPropose, path) && (best == nil || len(g.UnitPath) > len(best.UnitPath)) {
			best = g
		}
	}
	if best == nil {
		return 0, false
	}
	return best.UnitID, true
}

func searchOf(c *commendation.Commendation) string {
	return vntext.SearchKey(c.OfficialName, c.UnitName, c.Reason, c.FormLabel, c.DecisionNumber, c.Kind.Label())
}

// insert writes a new commendation and its evidence in tx.
func (s *CommendationService) insert(ctx context.Context, tx *sqldb.Tx, c *commendation.Commendation) error {
	c.CreatedAt, c.UpdatedAt = tx.Now, tx.Now
	if tx.Actor != nil && tx.Actor.UserID > 0 {
		c.CreatedBy = tx.Actor.UserID
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO commendations (kind, official_id, unit_id, year, reason, status, form, form_label, rule_set_id,
		proposing_unit_id, competent_unit_id, search, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
		string(c.Kind), sqldb.NullID(c.OfficialID), c.UnitID, c.Year, c.Reason, string(c.Status), c.Form, c.FormLabel, sqldb.NullID(c.RuleSetID),
		sqldb.NullID(c.ProposingUnitID), sqldb.NullID(c.CompetentUnitID), searchOf(c), sqldb.NullID(c.CreatedBy), c.CreatedAt).Scan(&c.ID)
	if err != nil {
		return s.db.Internal("insert commendation", err)
	}
	for _, e := range c.Evidence {
		if _, err := tx.ExecContext(ctx, `INSERT INTO commendation_evidence (commendation_id, kind, ref_id, official_id, unit_id, evidence_date, summary, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.ID, e.Kind, e.ID, sqldb.NullID(e.OfficialID), e.UnitID, e.Date.UTC(), e.Summary, tx.Now); err != nil {
			return s.db.Internal("insert commendation evidence", err)
		}
	}
	return nil
}

// Praise records a biểu dương by a unit head (ActCommend over the
// subject's unit), issued at once. See commendation.Service.
func (s *CommendationService) Praise(ctx context.Context, in commendation.PraiseInput) (*commendation.Commendation, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	if err := in.Validate(s.db.Now()); err != nil {
		return nil, err
	}
	sj, err := s.subject(ctx, s.db.Read, in.OfficialID, in.UnitID)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActCommend, sj.unit.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền biểu dương cán bộ, đơn vị này: chỉ người đứng đầu đơn vị hoặc cấp trên.")
	}
	if commendation.OwnRecord(a, sj.officialID) {
		return nil, commendation.ErrOwnRecord()
	}
	ev, err := s.resolveEvidence(ctx, s.db.Read, in.Evidence, sj, in.Year)
	if err != nil {
		return nil, err
	}
	c := &commendation.Commendation{Kind: commendation.KindPraise, OfficialID: sj.officialID, OfficialName: sj.officialName, UnitID: sj.unit.ID,
		UnitName: sj.unit.Name, UnitPath: sj.unit.Path, Year: in.Year, Reason: in.Reason, Evidence: ev, Status: commendation.StatusIssued}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// A praise posted twice (a reload, a double click) is saved once.
		if err := s.lockSubject(ctx, tx, c.UnitID); err != nil {
			return err
		}
		var same int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commendations WHERE kind = 'praise' AND status = 'issued' AND year = $1
			AND unit_id = $2 AND COALESCE(official_id, 0) = $3 AND reason = $4`, c.Year, c.UnitID, c.OfficialID, c.Reason).Scan(&same); err != nil {
			return s.db.Internal("same praise", err)
		}
		if same > 0 {
			return congvu.Errorf(congvu.ECONFLICT, "Đã biểu dương %s năm %d với cùng nội dung này.", subjectName(c), c.Year)
		}
		if err := s.insert(ctx, tx, c); err != nil {
			return err
		}
		return tx.Audit("commendation.praise", "commendation", c.ID, c.UnitID, nil, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Propose records a proposal of khen thưởng from the actor's unit
// (ActCommendationPropose over the subject's unit) to the competent unit
// of the form under the rule set in force today. See commendation.Service.
func (s *CommendationService) Propose(ctx context.Context, in commendation.ProposalInput) (*commendation.Commendation, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	now := s.db.Now()
	sets, err := s.loadRuleSets(ctx, s.db.Read)
	if err != nil {
		return nil, err
	}
	rs := commendation.RuleSetOn(sets, now)
	if err := in.Validate(rs, now); err != nil {
		return nil, err
	}
	sj, err := s.subject(ctx, s.db.Read, in.OfficialID, in.UnitID)
	if err != nil {
		return nil, err
	}
	proposer, ok := proposingUnit(a, sj.unit.Path, sj.unit.ID)
	if !ok {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền đề nghị khen thưởng cho cán bộ, đơn vị này.")
	}
	if commendation.OwnRecord(a, sj.officialID) {
		return nil, commendation.ErrOwnRecord()
	}
	form, _ := rs.FormByCode(in.Form)
	chain, err := s.chain(ctx, s.db.Read, sj.unit.Path)
	if err != nil {
		return nil, err
	}
	competent, ok := form.Competent(chain)
	if !ok {
		return nil, congvu.FieldError("form", "Không có cấp nào của đơn vị này có thẩm quyền quyết định "+form.Label+"; xin chọn hình thức khác.")
	}
	ev, err := s.resolveEvidence(ctx, s.db.Read, in.Evidence, sj, in.Year)
	if err != nil {
		return nil, err
	}
	c := &commendation.Commendation{Kind: commendation.KindAward, OfficialID: sj.officialID, OfficialName: sj.officialName, UnitID: sj.unit.ID,
		UnitName: sj.unit.Name, UnitPath: sj.unit.Path, Year: in.Year, Reason: in.Reason, Evidence: ev, Status: commendation.StatusProposed,
		Form: form.Code, FormLabel: form.Label, RuleSetID: rs.ID, ProposingUnitID: proposer, CompetentUnitID: competent.ID, CompetentUnitName: competent.Name}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.lockSubject(ctx, tx, c.UnitID); err != nil {
			return err
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commendations WHERE kind = 'award' AND status = 'proposed' AND form = $1 AND year = $2
			AND unit_id = $3 AND COALESCE(official_id, 0) = $4`, c.Form, c.Year, c.UnitID, c.OfficialID).Scan(&open); err != nil {
			return s.db.Internal("open proposals", err)
		}
		if open > 0 {
			return congvu.FieldError("form", "Đã có đề nghị "+c.FormLabel+" năm "+fmt.Sprint(c.Year)+" cho "+subjectName(c)+" đang chờ quyết định.")
		}
		if err := tx.QueryRowContext(ctx, `SELECT name FROM units WHERE id = $1`, proposer).Scan(&c.ProposingUnitName); err != nil {
			return s.db.Internal("proposing unit", err)
		}
		if err := s.insert(ctx, tx, c); err != nil {
			return err
		}
		return tx.Audit("commendation.propose", "commendation", c.ID, c.UnitID, nil, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// lockSubject serializes the commendations of a unit's subjects in tx
// (PostgreSQL; SQLite's write transactions already are), so that two
// posts of the same praise or proposal cannot both pass the check for an
// existing one.
func (s *CommendationService) lockSubject(ctx context.Context, tx *sqldb.Tx, unitID int64) error {
	if s.db.Engine != sqldb.Postgres {
		return nil
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM units WHERE id = $1 FOR NO KEY UPDATE`, unitID).Scan(&id); err != nil {
		return s.db.Internal("lock unit", err)
	}
	return nil
}

func subjectName(c *commendation.Commendation) string { return c.Subject() }

func errClosed(c *commendation.Commendation) error {
	return congvu.Errorf(congvu.ECONFLICT, "Đề nghị này không còn chờ quyết định (%s).", strings.ToLower(c.Status.Label()))
}

// Decide approves (with the decision's number and date, the amount from
// the base salary in force on that date) or rejects (with a reason) a
// proposal: only the head of its competent unit. See commendation.Service.
func (s *CommendationService) Decide(ctx context.Context, id int64, in commendation.DecisionInput) (*commendation.Commendation, error) {
	a := congvu.ActorFromContext(ctx)
	c, err := s.FindCommendation(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActCommendationView, c.UnitPath) {
		return nil, errNotFound()
	}
	if !commendation.MayDecide(a, c.CompetentUnitID) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người đứng đầu %s quyết định đề nghị này.", c.CompetentUnitName)
	}
	if commendation.OwnRecord(a, c.OfficialID) {
		return nil, commendation.ErrOwnRecord()
	}
	if !c.Open() {
		return nil, errClosed(c)
	}
	if err := in.Validate(c.CreatedAt, s.db.Now()); err != nil {
		return nil, err
	}
	before := *c
	if in.Approve {
		sets, err := s.loadRuleSets(ctx, s.db.Read)
		if err != nil {
			return nil, err
		}
		rs := commendation.RuleSetOn(sets, in.Date)
		form, ok := commendation.Form{}, false
		if rs != nil {
			form, ok = rs.FormByCode(c.Form)
		}
		if !ok { // the form left the rules: the set it was proposed under
			for i := range sets {
				if sets[i].ID == c.RuleSetID {
					rs = &sets[i]
					form, ok = rs.FormByCode(c.Form)
				}
			}
		}
		if !ok {
			return nil, congvu.FieldError("date", "Không tìm thấy quy định khen thưởng áp dụng cho ngày ký; xin liên hệ quản trị viên.")
		}
		amount, _, ok := rs.Amount(form, c.Collective(), in.Date)
		if !ok {
			return nil, congvu.FieldError("date", "Chưa có mức lương cơ sở áp dụng cho ngày ký; xin liên hệ quản trị viên.")
		}
		d := in.Date
		c.Status, c.DecisionNumber, c.DecisionDate, c.Amount = commendation.StatusApproved, in.Number, &d, amount
	} else {
		c.Status, c.RejectReason = commendation.StatusRejected, in.Reason
	}
	if err := s.update(ctx, "commendation.decide", &before, c); err != nil {
		return nil, err
	}
	return c, nil
}

// update writes the decision or withdrawal of c, still proposed, and
// audits it.
func (s *CommendationService) update(ctx context.Context, kind string, before, c *commendation.Commendation) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		c.UpdatedAt = tx.Now
		var decided any
		if c.DecisionDate != nil {
			decided = *c.DecisionDate
		}
		res, err := tx.ExecContext(ctx, `UPDATE commendations SET status = $1, decision_number = $2, decision_date = $3, amount = $4, reject_reason = $5,
			search = $6, updated_at = $7 WHERE id = $8 AND status = 'proposed'`, string(c.Status), c.DecisionNumber, decided, c.Amount, c.RejectReason,
			searchOf(c), c.UpdatedAt, c.ID)
		if err != nil {
			return s.db.Internal("update commendation", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err != nil {
				return s.db.Internal("update commendation", err)
			}
			return errClosed(before)
		}
		return tx.Audit(kind, "commendation", c.ID, c.UnitID, before, c)
	})
}

// Withdraw withdraws a proposal still waiting, with a reason: those who may
// propose from its proposing unit. See commendation.Service.
func (s *CommendationService) Withdraw(ctx context.Context, id int64, reason string) (*commendation.Commendation, error) {
	a := congvu.ActorFromContext(ctx)
	c, err := s.FindCommendation(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActCommendationView, c.UnitPath) {
		return nil, errNotFound()
	}
	pu, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, c.ProposingUnitID)
	if err != nil {
		return nil, err
	}
	if pu == nil || !a.Can(congvu.ActCommendationPropose, pu.Path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ đơn vị đã đề nghị mới rút được đề nghị này.")
	}
	if !c.Open() {
		return nil, errClosed(c)
	}
	reason = vntext.CleanParagraphs(reason)
	if n := utf8.RuneCountInString(reason); n < 5 || n > commendation.MaxRejectReason {
		return nil, congvu.FieldError("reason", "Xin nêu lý do rút đề nghị (từ 5 đến 2.000 ký tự).")
	}
	before := *c
	c.Status, c.RejectReason = commendation.StatusWithdrawn, reason
	if err := s.update(ctx, "commendation.withdraw", &before, c); err != nil {
		return nil, err
	}
	return c, nil
}

// dmy writes a Vietnam day as dd/mm/yyyy.
func dmy(t time.Time) string { return congvu.Date(t).Format("02/01/2006") }

// percent writes a share the Vietnamese way: 96,2%.
func percent(x float64) string { return strings.Replace(fmt.Sprintf("%.1f%%", x), ".", ",", 1) }

// related reports whether a unit under path is the subject's unit, in its
// subtree or one of its ancestors.
func related(path, subj string) bool {
	return strings.HasPrefix(path, subj) || strings.HasPrefix(subj, path)
}

func errEvidence() error {
	return congvu.FieldError("evidence", "Không tìm thấy căn cứ đã chọn, hoặc căn cứ không thuộc cán bộ, đơn vị và năm này.")
}

// resolveEvidence checks each reference against the data (it exists, is
// about the subject and the year) and writes its summary: the summaries
// are the server's, never the client's.
func (s *CommendationService) resolveEvidence(ctx context.Context, q sqldb.Querier, refs []congvu.EvidenceRef, sj *subject, year int) ([]*commendation.Evidence, error) {
	start, end := commendation.YearBounds(year)
	out := []*commendation.Evidence{}
	seen := map[string]bool{}
	for _, r := range refs {
		key := fmt.Sprintf("%s/%d", r.Kind, r.ID)
		if seen[key] {
			continue
		}
		seen[key] = true
		e := &commendation.Evidence{EvidenceRef: congvu.EvidenceRef{Kind: r.Kind, ID: r.ID, ItemCodes: []string{}, OfficialID: sj.officialID, UnitID: sj.unit.ID}}
		switch r.Kind {
		case congvu.EvidenceRatings:
			t, err := s.tally(ctx, q, sj, year)
			if err != nil {
				return nil, err
			}
			if t.total == 0 {
				return nil, errEvidence()
			}
			e.ID, e.Date = 0, minTime(end.Add(-time.Second), s.db.Now()).UTC()
			e.Summary = fmt.Sprintf("Chỉ số hài lòng %s trên %s lượt đánh giá năm %d", percent(t.index()), vntext.Number(t.total), year)
		case congvu.EvidenceThanks:
			var off sql.NullInt64
			var path, search string
			var at time.Time
			err := q.QueryRowContext(ctx, `SELECT f.official_id, u.path, f.search_comment, f.submitted_at FROM feedback f JOIN units u ON u.id = f.unit_id
				WHERE f.id = $1 AND f.status = 'accepted'`, r.ID).Scan(&off, &path, &search, &at)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, errEvidence()
			}
			if err != nil {
				return nil, s.db.Internal("thanks evidence", err)
			}
			okSubject := (sj.officialID != 0 && off.Int64 == sj.officialID) || (sj.officialID == 0 && strings.HasPrefix(path, sj.unit.Path))
			if !okSubject || !thanks(search) || at.Before(start) || !at.Before(end) {
				return nil, errEvidence()
			}
			e.OfficialID, e.Date = off.Int64, at.UTC()
			e.Summary = "Người dân cảm ơn trong đánh giá ngày " + dmy(at)
		case congvu.EvidenceInspectionKept:
			var path string
			var visited sql.NullTime
			var kept, breached int
			err := q.QueryRowContext(ctx, `SELECT u.path, i.visited_at,
				(SELECT COUNT(*) FROM inspection_lines l WHERE l.inspection_id = i.id AND l.result = 'kept'),
				(SELECT COUNT(*) FROM inspection_lines l WHERE l.inspection_id = i.id AND l.result = 'breached')
				FROM inspections i JOIN units u ON u.id = i.target_unit_id WHERE i.id = $1 AND i.status IN ('recorded', 'concluded', 'closed')`, r.ID).
				Scan(&path, &visited, &kept, &breached)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, errEvidence()
			}
			if err != nil {
				return nil, s.db.Internal("inspection evidence", err)
			}
			if !related(path, sj.unit.Path) || kept == 0 || breached > 0 || !visited.Valid || visited.Time.Before(start) || !visited.Time.Before(end) {
				return nil, errEvidence()
			}
			e.OfficialID, e.Date = 0, visited.Time.UTC()
			e.Summary = fmt.Sprintf("Kiểm tra ngày %s: %d tiêu chí, tất cả đều đạt", dmy(visited.Time), kept)
		case congvu.EvidencePetition:
			at, err := s.petitionThanks(ctx, q, r.ID, sj.unit.Path, start, end)
			if err != nil {
				return nil, err
			}
			e.OfficialID, e.Date = 0, at.UTC()
			e.Summary = "Người phản ánh cảm ơn đơn vị sau khi phản ánh được giải quyết (ngày " + dmy(at) + ")"
		default:
			return nil, congvu.FieldError("evidence", "Loại căn cứ không hợp lệ.")
		}
		out = append(out, e)
	}
	return out, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// thanks reports whether folded text thanks.
func thanks(folded string) bool {
	for _, w := range commendation.ThanksWords {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}

// petitionThanks returns when the reporter of petition id, founded or
// partly founded, about a unit under or over path, thanked the unit in
// [start, end).
func (s *CommendationService) petitionThanks(ctx context.Context, q sqldb.Querier, id int64, path string, start, end time.Time) (time.Time, error) {
	type msg struct {
		path, body string
		at         time.Time
	}
	list, err := sqldb.QueryAll(ctx, s.db, q, "petition thanks", `SELECT u.path, m.body, m.created_at FROM petitions p JOIN units u ON u.id = p.unit_id
		JOIN petition_messages m ON m.petition_id = p.id AND m.from_agency = FALSE
		WHERE p.id = $1 AND p.conclusion IN ('founded', 'partly') AND m.created_at >= $2 AND m.created_at < $3 ORDER BY m.created_at`,
		func(sc sqldb.Scanner) (msg, error) {
			var m msg
			err := sc.Scan(&m.path, &m.body, &m.at)
			return m, err
		}, id, start.UTC(), end.UTC())
	if err != nil {
		return time.Time{}, err
	}
	for _, m := range list {
		if related(m.path, path) && thanks(vntext.Fold(m.body)) {
			return m.at, nil
		}
	}
	return time.Time{}, errEvidence()
}

// tallyOf counts the ratings of a year.
type tallyOf struct{ total, good int }

func (t tallyOf) index() float64 {
	if t.total == 0 {
		return 0
	}
	return 100 * float64(t.good) / float64(t.total)
}

// tally reads the ratings of the subject's year from the rollups (an
// official's own, or the unit's, which hold its whole subtree).
func (s *CommendationService) tally(ctx context.Context, q sqldb.Querier, sj *subject, year int) (tallyOf, error) {
	table, col, id := "rollup_unit_day", "unit_id", sj.unit.ID
	if sj.officialID != 0 {
		table, col, id = "rollup_official_day", "official_id", sj.officialID
	}
	from, to := yearDays(year)
	var t tallyOf
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(total), 0), COALESCE(SUM(very_satisfied + satisfied), 0) FROM `+table+
		` WHERE `+col+` = $1 AND day >= $2 AND day < $3`, id, from, to).Scan(&t.total, &t.good)
	if err != nil {
		return t, s.db.Internal("ratings tally", err)
	}
	return t, nil
}

// yearDays are the first day of year and of the next, compared with
// rollup days as the dashboards do (sqldb.DayRange.Bounds): [from, to).
func yearDays(year int) (string, string) {
	return fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)
}
