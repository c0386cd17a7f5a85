package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
	"strings"
)

const campaignCols = `c.id, c.unit_id, u.name, u.path, c.title, c.purpose, c.audience, c.new_since, c.reason, c.starts_on, c.ends_on,
	c.status, COALESCE(c.catalog_version_id, 0), c.hours, c.quiz_questions, c.pass_mark, c.max_attempts,
	COALESCE(r.assigned, 0), COALESCE(r.completed, 0), COALESCE(r.passed, 0), COALESCE(c.created_by, 0), c.created_at, c.updated_at`

// campaignFrom joins the campaign's own rollup row: its figures over its
// whole audience.
const campaignFrom = ` FROM training_campaigns c JOIN units u ON u.id = c.unit_id
	LEFT JOIN training_rollups r ON r.unit_id = c.unit_id AND r.year = c.year AND r.campaign_id = c.id`

func scanCampaign(sc sqldb.Scanner) (*training.Campaign, error) {
	c := &training.Campaign{}
	var since, starts, ends any
	if err := sc.Scan(&c.ID, &c.UnitID, &c.UnitName, &c.UnitPath, &c.Title, &c.Purpose, &c.Audience, &since, &c.Reason, &starts, &ends,
		&c.Status, &c.CatalogVersionID, &c.Hours, &c.QuizQuestions, &c.PassMark, &c.MaxAttempts, &c.Assigned, &c.Completed, &c.Passed,
		&c.CreatedBy, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	var err error
	if c.NewSince, err = nullDay(since); err != nil {
		return nil, err
	}
	if c.StartsOn, err = sqldb.DateOf(starts); err != nil {
		return nil, err
	}
	if c.EndsOn, err = sqldb.DateOf(ends); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

func (s *Service) loadCampaign(ctx context.Context, q sqldb.Querier, id int64) (*training.Campaign, error) {
	c, err := scanCampaign(q.QueryRowContext(ctx, `SELECT `+campaignCols+campaignFrom+` WHERE c.id = $1`, id))
	if isNoRows(err) {
		return nil, errNoCampaign()
	}
	if err != nil {
		return nil, s.db.Internal("load training campaign", err)
	}
	return c, nil
}

// canSee reports whether a reads campaign c: staff reading training of its
// unit, or of a unit below it (a commune's head sees the province's
// campaign that trains their staff), or an official it assigned.
func (s *Service) canSee(ctx context.Context, a *congvu.Actor, c *training.Campaign) (bool, error) {
	if training.CanView(a, c.UnitPath) {
		return true, nil
	}
	for _, p := range training.ViewScopes(a) {
		if strings.HasPrefix(p, c.UnitPath) {
			return true, nil
		}
	}
	if a.IsAnonymous() || a.OfficialID == 0 || c.Status == training.CampaignDraft {
		return false, nil
	}
	return s.holds(ctx, s.db.Read, c.ID, a.OfficialID)
}

// manages is nil when a manages campaign c (training.CanManage); else
// ENOTFOUND when a does not see it, EFORBIDDEN when they only read it.
func (s *Service) manages(ctx context.Context, a *congvu.Actor, c *training.Campaign) error {
	if training.CanManage(a, c.UnitPath) {
		return nil
	}
	ok, err := s.canSee(ctx, a, c)
	if err != nil {
		return err
	}
	if !ok {
		return errNoCampaign()
	}
	return errManage()
}

// FindCampaign returns a campaign the actor reads; ENOTFOUND otherwise.
func (s *Service) FindCampaign(ctx context.Context, id int64) (*training.Campaign, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	c, err := s.loadCampaign(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.canSee(ctx, a, c)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNoCampaign()
	}
	if c.Status == training.CampaignDraft && c.Audience == training.AudienceNamed && training.CanManage(a, c.UnitPath) {
		if c.Named, err = s.named(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// named lists the officials a campaign names, by name.
func (s *Service) named(ctx context.Context, id int64) ([]training.NamedOfficial, error) {
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "named officials", `SELECT o.id, o.full_name, u.id, u.name FROM training_campaign_officials x
		JOIN officials o ON o.id = x.official_id JOIN units u ON u.id = o.unit_id WHERE x.campaign_id = $1 ORDER BY o.full_name, o.id`,
		func(sc sqldb.Scanner) (training.NamedOfficial, error) {
			var n training.NamedOfficial
			err := sc.Scan(&n.OfficialID, &n.OfficialName, &n.UnitID, &n.UnitName)
			return n, err
		}, id)
}

// MaxPage bounds a list page.
const MaxPage = 200

func page(limit int) int {
	if limit <= 0 || limit > MaxPage {
		return MaxPage
	}
	return limit
}

// FindCampaigns lists the campaigns of the actor's scopes (and those of
// the units above them, which train their staff), newest first.
func (s *Service) FindCampaigns(ctx context.Context, f training.Filter) ([]*training.Campaign, int, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, 0, errSignIn()
	}
	scopes := training.ViewScopes(a)
	if len(scopes) == 0 {
		return nil, 0, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem các đợt bồi dưỡng.")
	}
	var args sqldb.Args
	see := []string{sqldb.ScopeClause("u.path", scopes, &args)}
	for _, p := range scopes {
		see = append(see, "u.path = SUBSTR("+args.Add(p)+", 1, LENGTH(u.path))")
	}
	w := []string{"(" + strings.Join(see, " OR ") + ")"}
	if f.UnitID > 0 {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		if u == nil {
			return nil, 0, sqldb.NotFoundUnit()
		}
		w = append(w, "("+sqldb.ScopeClause("u.path", []string{u.Path}, &args)+" OR u.path = SUBSTR("+args.Add(u.Path)+", 1, LENGTH(u.path)))")
	}
	if f.Year > 0 {
		w = append(w, "c.year = "+args.Add(f.Year))
	}
	if f.Status != "" {
		w = append(w, "c.status = "+args.Add(string(f.Status)))
	}
	where := " WHERE " + strings.Join(w, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_campaigns c JOIN units u ON u.id = c.unit_id`+where, args...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count training campaigns", err)
	}
	q := `SELECT ` + campaignCols + campaignFrom + where + ` ORDER BY c.starts_on DESC, c.id DESC LIMIT ` + args.Add(page(f.Limit)) + ` OFFSET ` + args.Add(max(f.Offset, 0))
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find training campaigns", q, scanCampaign, args...)
	return list, total, err
}

// checkCampaign validates in and loads what it refers to: the unit (the
// actor manages training there), the catalog version, the named officials
// (active, in the subtree) and the documents (of the unit, an ancestor or
// a unit of the subtree).
func (s *Service) checkCampaign(ctx context.Context, q sqldb.Querier, a *congvu.Actor, in *training.CampaignInput) (*sqldb.UnitRef, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, q, in.UnitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	if !training.CanManage(a, u.Path) {
		return nil, errManage()
	}
	v := congvu.Validation{}
	if in.CatalogVersionID == 0 {
		err := q.QueryRowContext(ctx, `SELECT id FROM standard_versions WHERE effective_on <= $1 ORDER BY effective_on DESC, id DESC LIMIT 1`,
			dayArg(in.StartsOn)).Scan(&in.CatalogVersionID)
		if isNoRows(err) {
			v.Add("catalog_version_id", "Chưa có bộ chuẩn mực nào có hiệu lực vào ngày bắt đầu.")
		} else if err != nil {
			return nil, s.db.Internal("training catalog version", err)
		}
	} else {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM standard_versions WHERE id = $1`, in.CatalogVersionID).Scan(&n); err != nil {
			return nil, s.db.Internal("training catalog version", err)
		}
		if n == 0 {
			v.Add("catalog_version_id", "Không tìm thấy phiên bản bộ chuẩn mực.")
		}
	}
	if len(in.OfficialIDs) > 0 {
		var args sqldb.Args
		ids := make([]string, len(in.OfficialIDs))
		for i, id := range in.OfficialIDs {
			ids[i] = args.Add(id)
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.active AND o.id IN (`+
			strings.Join(ids, ", ")+`) AND `+sqldb.ScopeClause("u.path", []string{u.Path}, &args), args...).Scan(&n); err != nil {
			return nil, s.db.Internal("training named officials", err)
		}
		if n != len(in.OfficialIDs) {
			v.Add("official_ids", "Chỉ chọn được cán bộ đang công tác trong đơn vị tổ chức và các đơn vị trực thuộc.")
		}
	}
	for _, id := range in.MaterialIDs {
		m, err := s.loadMaterial(ctx, q, id)
		if err != nil && congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return nil, err
		}
		if m == nil || m.Kind != training.MaterialDocument || !(strings.HasPrefix(u.Path, m.UnitPath) || strings.HasPrefix(m.UnitPath, u.Path)) {
			v.Add("material_ids", "Chỉ chọn được tài liệu của đơn vị tổ chức, cấp trên hoặc đơn vị trực thuộc.")
			break
		}
	}
	return u, v.Err()
}

// saveLists replaces a draft's named officials and documents.
func (s *Service) saveLists(tx *sqldb.Tx, id int64, in *training.CampaignInput) error {
	for _, q := range []string{`DELETE FROM training_campaign_officials WHERE campaign_id = $1`, `DELETE FROM training_campaign_materials WHERE campaign_id = $1`} {
		if _, err := tx.ExecContext(tx.Ctx, q, id); err != nil {
			return s.db.Internal("training campaign lists", err)
		}
	}
	for _, o := range in.OfficialIDs {
		if _, err := tx.ExecContext(tx.Ctx, `INSERT INTO training_campaign_officials (campaign_id, official_id) VALUES ($1, $2)`, id, o); err != nil {
			return s.db.Internal("training campaign officials", err)
		}
	}
	for _, m := range in.MaterialIDs {
		if _, err := tx.ExecContext(tx.Ctx, `INSERT INTO training_campaign_materials (campaign_id, material_id) VALUES ($1, $2)`, id, m); err != nil {
			return s.db.Internal("training campaign materials", err)
		}
	}
	return nil
}

// campaignAudit is what the audit log records of a campaign.
type campaignAudit struct {
	*training.Campaign
	OfficialIDs []int64 `json:"official_ids,omitempty"`
	MaterialIDs []int64 `json:"material_ids,omitempty"`
}

// CreateCampaign creates a draft campaign at a unit where the actor
// manages training.
func (s *Service) CreateCampaign(ctx context.Context, in training.CampaignInput) (*training.Campaign, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		u, err := s.checkCampaign(ctx, tx, a, &in)
		if err != nil {
			return err
		}
		var since any
		if in.NewSince != nil {
			since = dayArg(*in.NewSince)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO training_campaigns (unit_id, title, purpose, audience, new_since, reason, starts_on, ends_on,
			year, status, catalog_version_id, hours, quiz_questions, pass_mark, max_attempts, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
			u.ID, in.Title, in.Purpose, string(in.Audience), since, in.Reason, dayArg(in.StartsOn), dayArg(in.EndsOn), in.EndsOn.Year(),
			in.CatalogVersionID, in.Hours, in.QuizQuestions, in.PassMark, in.MaxAttempts, sqldb.NullID(max(a.UserID, 0)), tx.Now).Scan(&id); err != nil {
			return s.db.Internal("insert training campaign", err)
		}
		if err := s.saveLists(tx, id, &in); err != nil {
			return err
		}
		c, err := s.loadCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		return tx.Audit("training.campaign.create", "training_campaign", id, u.ID, nil, campaignAudit{c, in.OfficialIDs, in.MaterialIDs})
	})
	if err != nil {
		return nil, err
	}
	return s.loadCampaign(ctx, s.db.Read, id)
}

// UpdateCampaign edits a draft (training.EditError).
func (s *Service) UpdateCampaign(ctx context.Context, id int64, in training.CampaignInput) (*training.Campaign, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.loadCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.manages(ctx, a, before); err != nil {
			return err
		}
		if err := training.EditError(before); err != nil {
			return err
		}
		u, err := s.checkCampaign(ctx, tx, a, &in)
		if err != nil {
			return err
		}
		var since any
		if in.NewSince != nil {
			since = dayArg(*in.NewSince)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_campaigns SET unit_id = $1, title = $2, purpose = $3, audience = $4, new_since = $5,
			reason = $6, starts_on = $7, ends_on = $8, year = $9, catalog_version_id = $10, hours = $11, quiz_questions = $12, pass_mark = $13,
			max_attempts = $14, updated_at = $15 WHERE id = $16 AND status = 'draft'`,
			u.ID, in.Title, in.Purpose, string(in.Audience), since, in.Reason, dayArg(in.StartsOn), dayArg(in.EndsOn), in.EndsOn.Year(),
			in.CatalogVersionID, in.Hours, in.QuizQuestions, in.PassMark, in.MaxAttempts, tx.Now, id); err != nil {
			return s.db.Internal("update training campaign", err)
		}
		if err := s.saveLists(tx, id, &in); err != nil {
			return err
		}
		after, err := s.loadCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		return tx.Audit("training.campaign.update", "training_campaign", id, u.ID, before, campaignAudit{after, in.OfficialIDs, in.MaterialIDs})
	})
	if err != nil {
		return nil, err
	}
	return s.loadCampaign(ctx, s.db.Read, id)
}

// OpenCampaign assigns the audience and opens the campaign, set-based
// (assign).
func (s *Service) OpenCampaign(ctx context.Context, id int64) (*training.Campaign, error) {
	return s.step(ctx, id, "training.campaign.open", func(tx *sqldb.Tx, c *training.Campaign) (any, error) {
		if err := training.OpenError(c, s.today()); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(tx.Ctx, `UPDATE training_campaigns SET status = 'open', updated_at = $1 WHERE id = $2 AND status = 'draft'`,
			tx.Now, c.ID); err != nil {
			return nil, s.db.Internal("open training campaign", err)
		}
		n, err := s.assign(tx, c)
		return map[string]any{"status": training.CampaignOpen, "assigned": n}, err
	})
}

// CloseCampaign closes an open campaign: its coverage stays as it is.
func (s *Service) CloseCampaign(ctx context.Context, id int64) (*training.Campaign, error) {
	return s.step(ctx, id, "training.campaign.close", func(tx *sqldb.Tx, c *training.Campaign) (any, error) {
		if err := training.CloseError(c); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(tx.Ctx, `UPDATE training_campaigns SET status = 'closed', updated_at = $1 WHERE id = $2 AND status = 'open'`,
			tx.Now, c.ID); err != nil {
			return nil, s.db.Internal("close training campaign", err)
		}
		return map[string]any{"status": training.CampaignClosed, "assigned": c.Assigned, "completed": c.Completed}, nil
	})
}

// step runs a state change of a campaign the actor manages, audited as
// kind with what fn returns.
func (s *Service) step(ctx context.Context, id int64, kind string, fn func(tx *sqldb.Tx, c *training.Campaign) (any, error)) (*training.Campaign, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		c, err := s.loadCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.manages(ctx, a, c); err != nil {
			return err
		}
		after, err := fn(tx, c)
		if err != nil {
			return err
		}
		return tx.Audit(kind, "training_campaign", c.ID, c.UnitID, map[string]any{"status": c.Status}, after)
	})
	if err != nil {
		return nil, err
	}
	return s.loadCampaign(ctx, s.db.Read, id)
}
