package violationsql

import (
	"congvu"
	"congvu/calendar"
	"congvu/org"
	"congvu/sqldb"
	"congvu/violation"
	"congvu/vntext"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// discCaseColumns are the columns scanDiscCase reads, from discipline_cases
// c joined with the official o, the unit u and the competent unit cu.
const discCaseColumns = `c.id, c.official_id, o.full_name, c.category, c.leader, c.unit_id, u.name, u.path,
	c.competent_unit_id, cu.name, cu.path, c.rule_set_id, c.severity, c.proposed_form, c.proposal_note, c.status,
	c.resume_status, c.reason, c.deferral_code, c.opened_at, c.due_at, c.council,
	c.decision_number, c.decision_signed_on, c.decision_effective_on, c.decision_form, c.decision_lasts_until, c.decision_signer,
	c.complaint_filed_on, c.complaint_text, c.complaint_outcome, c.complaint_new_form, c.complaint_settled_on, c.complaint_reply,
	c.updated_at`

const discCaseFrom = ` FROM discipline_cases c JOIN officials o ON o.id = c.official_id JOIN units u ON u.id = c.unit_id
	JOIN units cu ON cu.id = c.competent_unit_id`

// discRow is a case as read, with what the service needs beyond it.
type discRow struct {
	*violation.Case
	competentPath string
	resume        violation.CaseStatus
}

// discDate reads a nullable DATE column (zero when NULL).
func discDate(v any) (time.Time, error) {
	if v == nil {
		return time.Time{}, nil
	}
	return sqldb.DateOf(v)
}

func scanDiscCase(sc sqldb.Scanner) (*discRow, error) {
	c := &violation.Case{}
	r := &discRow{Case: c}
	var council, decNumber, decForm, decSigner, cText, cOutcome, cNew, cReply string
	var signed, effective, lasts, filed, settled any
	err := sc.Scan(&c.ID, &c.OfficialID, &c.OfficialName, &c.Category, &c.Leader, &c.UnitID, &c.UnitName, &c.UnitPath,
		&c.CompetentUnitID, &c.CompetentUnitName, &r.competentPath, &c.RuleSetID, &c.Severity, &c.ProposedForm, &c.ProposalNote, &c.Status,
		&r.resume, &c.Reason, &c.DeferralCode, &c.OpenedAt, &c.DueAt, &council,
		&decNumber, &signed, &effective, &decForm, &lasts, &decSigner,
		&filed, &cText, &cOutcome, &cNew, &settled, &cReply, &c.UpdatedAt)
	if err != nil {
		return nil, err
	}
	c.OpenedAt, c.DueAt, c.UpdatedAt = c.OpenedAt.UTC(), c.DueAt.UTC(), c.UpdatedAt.UTC()
	if council != "" {
		c.Council = &violation.Council{}
		if err := json.Unmarshal([]byte(council), c.Council); err != nil {
			return nil, err
		}
	}
	if decNumber != "" {
		d := &violation.Decision{Number: decNumber, Form: decForm, Signer: decSigner}
		if d.SignedOn, err = discDate(signed); err != nil {
			return nil, err
		}
		if d.EffectiveOn, err = discDate(effective); err != nil {
			return nil, err
		}
		if d.LastsUntil, err = discDate(lasts); err != nil {
			return nil, err
		}
		c.Decision = d
	}
	if cText != "" {
		k := &violation.Complaint{Text: cText, Outcome: cOutcome, NewForm: cNew, Reply: cReply}
		if k.FiledOn, err = discDate(filed); err != nil {
			return nil, err
		}
		s, err := discDate(settled)
		if err != nil {
			return nil, err
		}
		if !s.IsZero() {
			k.SettledOn = &s
		}
		c.Complaint = k
	}
	return r, nil
}

// loadCase reads case id with its violations and steps on q, and names its
// rule set and forms. ENOTFOUND.
func (s *DisciplineService) loadCase(ctx context.Context, q sqldb.Querier, id int64) (*discRow, error) {
	r, err := scanDiscCase(q.QueryRowContext(ctx, `SELECT `+discCaseColumns+discCaseFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errCaseNotFound()
	}
	if err != nil {
		return nil, s.db.Internal("load discipline case", err)
	}
	if err := s.fillCases(ctx, q, []*discRow{r}); err != nil {
		return nil, err
	}
	return r, nil
}

func errCaseNotFound() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy vụ việc xem xét kỷ luật.")
}

// fillCases reads the violations and steps of cases and names their rule
// sets and forms.
func (s *DisciplineService) fillCases(ctx context.Context, q sqldb.Querier, rows []*discRow) error {
	if len(rows) == 0 {
		return nil
	}
	var a sqldb.Args
	var ph []string
	byID := map[int64]*violation.Case{}
	for _, r := range rows {
		ph = append(ph, a.Add(r.ID))
		byID[r.ID] = r.Case
		r.ViolationIDs, r.Steps = []int64{}, []*violation.CaseStep{}
	}
	in := strings.Join(ph, ", ")
	type pair struct{ c, v int64 }
	pairs, err := sqldb.QueryAll(ctx, s.db, q, "discipline case violations", `SELECT case_id, violation_id FROM discipline_case_violations
		WHERE case_id IN (`+in+`) ORDER BY case_id, violation_id`, func(sc sqldb.Scanner) (pair, error) {
		var p pair
		return p, sc.Scan(&p.c, &p.v)
	}, a...)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		byID[p.c].ViolationIDs = append(byID[p.c].ViolationIDs, p.v)
	}
	type step struct {
		c int64
		s *violation.CaseStep
	}
	steps, err := sqldb.QueryAll(ctx, s.db, q, "discipline case steps", `SELECT case_id, step, due_on, done_at, note FROM discipline_case_steps
		WHERE case_id IN (`+in+`)`, func(sc sqldb.Scanner) (step, error) {
		st := step{s: &violation.CaseStep{}}
		var due any
		var done sql.NullTime
		if err := sc.Scan(&st.c, &st.s.Step, &due, &done, &st.s.Note); err != nil {
			return st, err
		}
		d, err := sqldb.DateOf(due)
		st.s.DueOn, st.s.DoneAt = d, sqldb.UTCPtr(done)
		return st, err
	}, a...)
	if err != nil {
		return err
	}
	for _, st := range steps {
		byID[st.c].Steps = append(byID[st.c].Steps, st.s)
	}
	for _, r := range rows {
		slices.SortFunc(r.Steps, func(x, y *violation.CaseStep) int {
			return slices.Index(violation.Steps, x.Step) - slices.Index(violation.Steps, y.Step)
		})
		rs, err := s.ruleSetByID(ctx, r.RuleSetID)
		if err != nil {
			return err
		}
		r.RuleSetTitle = rs.Title
		if r.Decision != nil {
			r.Decision.FormLabel = rs.FormLabel(r.Decision.Form)
		}
	}
	return nil
}

// step returns the case's step st, or nil.
func discStep(c *violation.Case, st violation.Step) *violation.CaseStep {
	for _, x := range c.Steps {
		if x.Step == st {
			return x
		}
	}
	return nil
}

// discMayRead reports whether the actor reads the case as staff: violation
// view over its unit or its competent unit, and not the official
// concerned (who reads it as such whatever grants they hold).
func discMayRead(a *congvu.Actor, r *discRow) bool {
	if discOwn(a, r) {
		return false
	}
	return violation.Allowed(a, congvu.ActViolationView, r.UnitPath) || violation.Allowed(a, congvu.ActViolationView, r.competentPath)
}

// discOwn reports whether the case is about the actor's own record.
func discOwn(a *congvu.Actor, r *discRow) bool {
	return a != nil && a.OfficialID != 0 && a.OfficialID == r.OfficialID
}

// FindCase returns a case the actor may read, audited in the reading's
// transaction: staff with ActViolationView over its unit or its competent
// unit, and the official concerned (without the council's vote before the
// decision). ENOTFOUND for anyone else.
func (s *DisciplineService) FindCase(ctx context.Context, id int64) (*violation.Case, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	var out *violation.Case
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case discOwn(a, r):
			out = r.ForOfficial()
		case discMayRead(a, r):
			out = r.Case
		default:
			return errCaseNotFound()
		}
		return tx.Audit("discipline.read", "discipline_case", r.ID, r.UnitID, nil, map[string]any{"official_id": r.OfficialID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindCases lists the cases the actor may see, newest first: those of
// their ActViolationView subtrees (by the case's unit or its competent
// unit) and their own. The list is audited in the reading's transaction.
func (s *DisciplineService) FindCases(ctx context.Context, f violation.CaseFilter) ([]*violation.Case, int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, 0, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	f.Query = vntext.Clean(f.Query) // outside text: PostgreSQL refuses a NUL
	var args sqldb.Args
	scopes := a.Scopes(congvu.ActViolationView)
	scope := "1=1"
	if !a.IsSystem() && !sqldb.HasRootScope(scopes) {
		scope = sqldb.ScopeClause("u.path", scopes, &args) + " OR " + sqldb.ScopeClause("cu.path", scopes, &args)
		if a.OfficialID != 0 {
			scope += " OR c.official_id = " + args.Add(a.OfficialID)
		}
	}
	where := []string{"(" + scope + ")"}
	if f.UnitID != 0 {
		var path string
		if err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, f.UnitID).Scan(&path); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return []*violation.Case{}, 0, nil
			}
			return nil, 0, s.db.Internal("case unit", err)
		}
		where = append(where, "("+sqldb.ScopeClause("u.path", []string{path}, &args)+" OR "+sqldb.ScopeClause("cu.path", []string{path}, &args)+")")
	}
	if f.OfficialID != 0 {
		where = append(where, "c.official_id = "+args.Add(f.OfficialID))
	}
	if f.Status != "" {
		where = append(where, "c.status = "+args.Add(string(f.Status)))
	}
	for _, w := range strings.Fields(vntext.Fold(f.Query)) {
		where = append(where, "c.search LIKE "+args.Add("%"+w+"%"))
	}
	if f.Overdue {
		now := s.db.Now().UTC()
		today := congvu.Date(now).Format(time.DateOnly)
		where = append(where, "c.status NOT IN ('closed', 'dropped', 'deferred') AND ((c.status IN ('review', 'council', 'decision') AND c.due_at < "+args.Add(now)+")"+
			" OR EXISTS (SELECT 1 FROM discipline_case_steps x WHERE x.case_id = c.id AND x.done_at IS NULL AND x.due_on < "+args.Add(today)+"))")
	}
	cond := strings.Join(where, " AND ")
	var list []*violation.Case
	var total int
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+discCaseFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
			return s.db.Internal("count discipline cases", err)
		}
		page := append(slices.Clone(args), f.Limit, f.Offset)
		rows, err := sqldb.QueryAll(ctx, s.db, tx, "find discipline cases", `SELECT `+discCaseColumns+discCaseFrom+` WHERE `+cond+
			fmt.Sprintf(` ORDER BY c.opened_at DESC, c.id DESC LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2), scanDiscCase, page...)
		if err != nil {
			return err
		}
		if err := s.fillCases(ctx, tx, rows); err != nil {
			return err
		}
		list = make([]*violation.Case, 0, len(rows))
		for _, r := range rows {
			if discOwn(a, r) {
				list = append(list, r.ForOfficial())
			} else {
				list = append(list, r.Case)
			}
		}
		return tx.Audit("discipline.read", "discipline_case", 0, 0, nil, map[string]any{"filter": f, "count": len(list), "total": total})
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// discViolation is what OpenCase reads of a violation: v holds its unit
// and the officials it names with their units today, for the rules of
// who reads it (violation.CanView, Conflicted).
type discViolation struct {
	id      int64
	act     time.Time
	status  string
	outcome string // of the official of the case; "" when not named
	v       *violation.Violation
	// evidenceAt is the date of its earliest evidence (its detection).
	evidenceAt time.Time
}

// OpenCase opens a discipline case for one official from violations that
// name them with outcome pending. See violation.DisciplineService.
func (s *DisciplineService) OpenCase(ctx context.Context, in violation.CaseInput) (*violation.Case, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	v := congvu.Validation{}
	if in.OfficialID <= 0 {
		v.Add("official_id", "Xin chọn người có hành vi vi phạm.")
	}
	ids := slices.Compact(slices.Sorted(slices.Values(in.ViolationIDs)))
	if len(ids) == 0 || ids[0] <= 0 {
		v.Add("violation_ids", "Xin chọn ít nhất một vi phạm.")
	}
	if !in.Severity.Valid() {
		v.Add("severity", "Xin chọn mức độ hậu quả của vi phạm.")
	}
	if strings.TrimSpace(in.ProposedForm) == "" {
		v.Add("proposed_form", "Xin chọn hình thức kỷ luật đề xuất.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var out *violation.Case
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// The official as now: category, post, unit and its parent.
		var o org.Official
		var parentID sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT o.id, o.full_name, o.employee_code, o.category, o.is_leader, o.active, o.unit_id, u.name, u.path, u.parent_id
			FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.id = $1`, in.OfficialID).
			Scan(&o.ID, &o.FullName, &o.EmployeeCode, &o.Category, &o.IsLeader, &o.Active, &o.UnitID, &o.UnitName, &o.UnitPath, &parentID)
		if errors.Is(err, sql.ErrNoRows) {
			return congvu.FieldError("official_id", "Không tìm thấy cán bộ này.")
		}
		if err != nil {
			return s.db.Internal("case official", err)
		}
		if !violation.Allowed(a, congvu.ActDisciplineRun, o.UnitPath) {
			return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem xét kỷ luật cán bộ của đơn vị này.")
		}
		vs, err := s.caseViolations(ctx, tx, ids, o.ID)
		if err != nil {
			return err
		}
		var latest time.Time
		for _, x := range vs {
			if !violation.CanView(a, x.v) && !violation.Concerns(a, x.v) {
				return congvu.FieldError("violation_ids", fmt.Sprintf("Không tìm thấy vi phạm số %d.", x.id))
			}
			switch {
			case x.status != string(violation.StatusOpen):
				return congvu.FieldError("violation_ids", fmt.Sprintf("Vi phạm số %d không còn đang xử lý.", x.id))
			case x.outcome == "":
				return congvu.FieldError("violation_ids", fmt.Sprintf("Vi phạm số %d không nêu tên %s.", x.id, o.FullName))
			case x.outcome != string(violation.OutcomePending):
				return congvu.FieldError("violation_ids", fmt.Sprintf("Vi phạm số %d đã có kết quả xử lý đối với %s.", x.id, o.FullName))
			}
			if violation.Conflicted(a, x.v) {
				return congvu.Errorf(congvu.EFORBIDDEN, "Bạn có tên trong vi phạm này nên không xem xét kỷ luật; cấp trên trực tiếp thực hiện.")
			}
			if x.act.After(latest) {
				latest = x.act
			}
		}
		rs, err := s.ruleSetFor(ctx, o.Category, latest)
		if err != nil {
			return congvu.FieldError("official_id", congvu.ErrorMessage(err))
		}
		form := rs.FormByCode(in.ProposedForm)
		if form == nil || !form.Allows(o.Category, o.IsLeader) {
			return congvu.FieldError("proposed_form", fmt.Sprintf("Hình thức này không áp dụng cho %s%s theo %s.",
				strings.ToLower(o.Category.Label()), map[bool]string{true: " giữ chức vụ lãnh đạo, quản lý", false: ""}[o.IsLeader], rs.Title))
		}
		if !slices.Contains(form.Severities, in.Severity) {
			var ls []string
			for _, x := range form.Severities {
				ls = append(ls, strings.ToLower(x.Label()))
			}
			return congvu.FieldError("proposed_form", fmt.Sprintf("Hình thức %s áp dụng cho vi phạm gây hậu quả %s.", strings.ToLower(form.Label), strings.Join(ls, " hoặc ")))
		}
		for _, x := range vs {
			// The time bar of each act by the rule of its own date.
			xr := rs
			if r2, err := s.ruleSetFor(ctx, o.Category, x.act); err == nil {
				xr = r2
			}
			if barred, tb := xr.Barred(in.Severity, x.act, tx.Now); barred {
				return congvu.FieldError("violation_ids", fmt.Sprintf("Hành vi vi phạm ngày %s (vi phạm số %d) đã hết thời hiệu xử lý kỷ luật: %s theo %s.",
					x.act.Format("02/01/2006"), x.id, tb.Label(), xr.Title))
			}
		}
		running, err := s.runningForm(ctx, tx, o.ID, latest)
		if err != nil {
			return err
		}
		scale := rs.For(o.Category, o.IsLeader)
		forms := make([]string, len(vs))
		for i := range forms {
			forms[i] = in.ProposedForm
		}
		proposed, why := scale.Propose(forms, running)
		if proposed == "" {
			return congvu.FieldError("proposed_form", why)
		}
		competent := o.UnitID
		k := rs.CompetenceFor(o.Category, o.IsLeader)
		if k.Level == violation.LevelAppointing && parentID.Valid {
			competent = parentID.Int64
		}
		c := &violation.Case{OfficialID: o.ID, OfficialName: o.FullName, Category: o.Category, Leader: o.IsLeader, UnitID: o.UnitID,
			UnitName: o.UnitName, UnitPath: o.UnitPath, CompetentUnitID: competent, ViolationIDs: ids, RuleSetID: rs.ID, RuleSetTitle: rs.Title,
			Severity: in.Severity, ProposedForm: proposed, ProposalNote: why, Status: violation.CaseReview, OpenedAt: tx.Now, UpdatedAt: tx.Now}
		// The handling limit runs from the detection of the acts: the
		// earliest evidence of the violations (never after today).
		detected := tx.Now
		for _, x := range vs {
			if x.evidenceAt.Before(detected) {
				detected = x.evidenceAt
			}
		}
		c.DueAt = cal.DaysAfter(detected, rs.HandlingDays).UTC()
		search := vntext.Fold(strings.Join([]string{o.FullName, o.EmployeeCode, o.UnitName}, " "))
		err = tx.QueryRowContext(ctx, `INSERT INTO discipline_cases (official_id, category, leader, unit_id, competent_unit_id, rule_set_id, severity,
				proposed_form, proposal_note, status, opened_at, due_at, search, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $11, $11) RETURNING id`,
			c.OfficialID, string(c.Category), c.Leader, c.UnitID, c.CompetentUnitID, c.RuleSetID, string(c.Severity), c.ProposedForm, c.ProposalNote,
			string(c.Status), tx.Now, c.DueAt, search, sqldb.NullID(max(a.UserID, 0))).Scan(&c.ID)
		if err != nil {
			return s.db.Internal("open discipline case", err)
		}
		// The dashboards' rollups move with the violations put to the case
		// (rollup.go).
		before := make([]Share, len(vs))
		for i, x := range vs {
			if before[i], err = violationShare(ctx, tx, x.id); err != nil {
				return err
			}
		}
		for _, x := range vs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_case_violations (case_id, violation_id) VALUES ($1, $2)`, c.ID, x.id); err != nil {
				return s.db.Internal("case violation", err)
			}
			r, err := tx.ExecContext(ctx, `UPDATE violation_officials SET outcome = 'discipline', case_id = $1, decided_at = $2
				WHERE violation_id = $3 AND official_id = $4 AND outcome = 'pending'`, c.ID, tx.Now, x.id, o.ID)
			if err != nil {
				return s.db.Internal("case violation outcome", err)
			}
			if n, _ := r.RowsAffected(); n != 1 {
				return congvu.Errorf(congvu.ECONFLICT, "Vi phạm số %d vừa được người khác xử lý; xin tải lại trang.", x.id)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE violations SET severity = CASE WHEN severity = '' THEN $1 ELSE severity END, updated_at = $2,
					status = CASE WHEN NOT EXISTS (SELECT 1 FROM violation_officials p WHERE p.violation_id = violations.id AND p.outcome = 'pending') THEN 'handled' ELSE status END,
					closed_at = CASE WHEN NOT EXISTS (SELECT 1 FROM violation_officials p WHERE p.violation_id = violations.id AND p.outcome = 'pending') THEN $2 ELSE closed_at END
				WHERE id = $3`, string(in.Severity), tx.Now, x.id); err != nil {
				return s.db.Internal("case violation status", err)
			}
		}
		for i, x := range vs {
			after, err := violationShare(ctx, tx, x.id)
			if err != nil {
				return err
			}
			if err := MoveRollups(ctx, tx, before[i], after); err != nil {
				return err
			}
		}
		// Step deadlines chained from today; each is counted again from
		// the end of the step before it when that one is done.
		needs := rs.NeedsCouncil(c.Category, c.ProposedForm)
		from := tx.Now
		for _, st := range []violation.Step{violation.StepReview, violation.StepCouncil, violation.StepDecision, violation.StepNotify} {
			if st == violation.StepCouncil && !needs {
				continue
			}
			due := discDue(cal, rs, st, from)
			if _, err := tx.ExecContext(ctx, `INSERT INTO discipline_case_steps (case_id, step, due_on) VALUES ($1, $2, $3)`,
				c.ID, string(st), due.Format(time.DateOnly)); err != nil {
				return s.db.Internal("case step", err)
			}
			c.Steps = append(c.Steps, &violation.CaseStep{Step: st, DueOn: due})
			from = due
		}
		var unitName string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM units WHERE id = $1`, competent).Scan(&unitName); err != nil {
			return s.db.Internal("competent unit", err)
		}
		c.CompetentUnitName = unitName
		out = c
		return tx.Audit("discipline.open", "discipline_case", c.ID, c.UnitID, nil, c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// discDue is the deadline of step st counted from the moment from, as the
// Vietnam day it falls on (a step without a limit in rs: the decision's).
func discDue(cal *calendar.Calendar, rs *violation.RuleSet, st violation.Step, from time.Time) time.Time {
	sr, ok := rs.StepRule(st)
	if !ok {
		sr = violation.StepRule{Step: st, WorkingDays: 5}
	}
	var t time.Time
	if sr.CalendarDays {
		t = cal.DaysAfter(from, sr.WorkingDays)
	} else {
		t = cal.WorkingDaysAfter(from, sr.WorkingDays)
	}
	return congvu.Date(t)
}

// caseViolations reads the violations ids for the official officialID.
// ids missing give EINVALID.
func (s *DisciplineService) caseViolations(ctx context.Context, q sqldb.Querier, ids []int64, officialID int64) ([]*discViolation, error) {
	var a sqldb.Args
	var ph []string
	for _, id := range ids {
		ph = append(ph, a.Add(id))
	}
	in := strings.Join(ph, ", ")
	vs, err := sqldb.QueryAll(ctx, s.db, q, "case violations", `SELECT v.id, u.path, v.act_date, v.status, v.evidence_at FROM violations v JOIN units u ON u.id = v.unit_id
		WHERE v.id IN (`+in+`) ORDER BY v.id`, func(sc sqldb.Scanner) (*discViolation, error) {
		x := &discViolation{v: &violation.Violation{}}
		var act any
		if err := sc.Scan(&x.id, &x.v.UnitPath, &act, &x.status, &x.evidenceAt); err != nil {
			return nil, err
		}
		x.evidenceAt = x.evidenceAt.UTC()
		d, err := sqldb.DateOf(act)
		x.act, x.v.ID = d, x.id
		return x, err
	}, a...)
	if err != nil {
		return nil, err
	}
	if len(vs) != len(ids) {
		for _, id := range ids {
			if !slices.ContainsFunc(vs, func(x *discViolation) bool { return x.id == id }) {
				return nil, congvu.FieldError("violation_ids", fmt.Sprintf("Không tìm thấy vi phạm số %d.", id))
			}
		}
	}
	type named struct {
		v, o    int64
		outcome string
		path    string
	}
	ns, err := sqldb.QueryAll(ctx, s.db, q, "case violation officials", `SELECT p.violation_id, p.official_id, p.outcome, u.path
		FROM violation_officials p JOIN officials o ON o.id = p.official_id JOIN units u ON u.id = o.unit_id
		WHERE p.violation_id IN (`+in+`)`, func(sc sqldb.Scanner) (named, error) {
		var n named
		return n, sc.Scan(&n.v, &n.o, &n.outcome, &n.path)
	}, a...)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		for _, x := range vs {
			if x.id == n.v {
				x.v.Officials = append(x.v.Officials, &violation.Named{OfficialID: n.o, NowUnitPath: n.path, Outcome: violation.Outcome(n.outcome)})
				if n.o == officialID {
					x.outcome = n.outcome
				}
			}
		}
	}
	return vs, nil
}

// RunningForm is the form of a sanction of the official still running on
// the day act, for the actor who may run discipline at the official's
// unit. See violation.DisciplineService.
func (s *DisciplineService) RunningForm(ctx context.Context, officialID int64, act time.Time) (string, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return "", congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	var path string
	err := s.db.Read.QueryRowContext(ctx, `SELECT u.path FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.id = $1`, officialID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !violation.Allowed(a, congvu.ActDisciplineRun, path)) {
		return "", congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ này.")
	}
	if err != nil {
		return "", s.db.Internal("running form official", err)
	}
	return s.runningForm(ctx, s.db.Read, officialID, act)
}

// runningForm is the form of a sanction of the official still running on
// the day act: a decided case (complaint settled or not) whose
// consequences last until that day or later ("" when none; the heaviest
// when several).
func (s *DisciplineService) runningForm(ctx context.Context, q sqldb.Querier, officialID int64, act time.Time) (string, error) {
	day := congvu.Date(act).Format(time.DateOnly)
	type run struct {
		rs      int64
		form    string
		outcome string
		newForm string
	}
	runs, err := sqldb.QueryAll(ctx, s.db, q, "running sanction", `SELECT rule_set_id, decision_form, complaint_outcome, complaint_new_form
		FROM discipline_cases WHERE official_id = $1 AND decision_number <> '' AND decision_effective_on <= $2 AND decision_lasts_until >= $2
			AND complaint_outcome <> 'annulled' ORDER BY decision_effective_on`, func(sc sqldb.Scanner) (run, error) {
		var r run
		return r, sc.Scan(&r.rs, &r.form, &r.outcome, &r.newForm)
	}, officialID, day)
	if err != nil {
		return "", err
	}
	best, bestRank := "", -1
	for _, r := range runs {
		f := r.form
		if r.outcome == violation.ComplaintChanged && r.newForm != "" {
			f = r.newForm
		}
		rs, err := s.ruleSetByID(ctx, r.rs)
		if err != nil {
			return "", err
		}
		if i := slices.IndexFunc(rs.Forms, func(x violation.Form) bool { return x.Code == f }); i > bestRank {
			best, bestRank = f, i
		}
	}
	return best, nil
}
