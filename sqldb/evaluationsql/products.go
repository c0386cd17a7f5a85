package evaluationsql

import (
	"congvu"
	"congvu/evaluation"
	"congvu/org"
	"congvu/sqldb"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

func errNoProduct() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy sản phẩm.") }

const productCols = `p.id, p.official_id, o.full_name, p.unit_id, u.path, p.year, p.period_kind, p.period, p.title, p.points, p.due_on,
	p.status, p.report_note, p.reported_at, p.quality_failed, p.progress_failed, p.confirm_note, COALESCE(p.confirmed_by, 0),
	p.confirmed_at, p.cancel_reason, COALESCE(p.assigned_by, 0), p.created_at, o.is_leader`

const productFrom = ` FROM evaluation_products p JOIN officials o ON o.id = p.official_id JOIN units u ON u.id = p.unit_id`

// product is a product with whether its official leads their unit (whose
// products the parent unit tracks).
type product struct {
	*evaluation.Product
	leader bool
}

func scanProduct(sc sqldb.Scanner) (product, error) {
	p := product{Product: &evaluation.Product{}}
	var due any
	var reported, confirmed sql.NullTime
	if err := sc.Scan(&p.ID, &p.OfficialID, &p.OfficialName, &p.UnitID, &p.UnitPath, &p.Year, &p.PeriodKind, &p.Period, &p.Title, &p.Points, &due,
		&p.Status, &p.ReportNote, &reported, &p.QualityFailed, &p.ProgressFailed, &p.ConfirmNote, &p.ConfirmedBy, &confirmed,
		&p.CancelReason, &p.AssignedBy, &p.CreatedAt, &p.leader); err != nil {
		return p, err
	}
	d, err := sqldb.DateOf(due)
	if err != nil {
		return p, err
	}
	p.DueOn, p.ReportedAt, p.ConfirmedAt, p.CreatedAt = d, nullUTC(reported), nullUTC(confirmed), p.CreatedAt.UTC()
	return p, nil
}

// products reads the products matching where (on "p") on q, by period.
func (s *EvaluationService) products(ctx context.Context, q sqldb.Querier, where, tail string, args ...any) ([]*evaluation.Product, error) {
	rows, err := sqldb.QueryAll(ctx, s.db, q, "evaluation products", `SELECT `+productCols+productFrom+` WHERE `+where+
		` ORDER BY p.year, CASE WHEN p.period_kind = 'quarter' THEN p.period * 3 ELSE p.period END, p.id`+tail, scanProduct, args...)
	out := make([]*evaluation.Product, len(rows))
	for i, r := range rows {
		out[i] = r.Product
	}
	return out, err
}

func (s *EvaluationService) loadProduct(ctx context.Context, q sqldb.Querier, id int64) (product, error) {
	p, err := scanProduct(q.QueryRowContext(ctx, `SELECT `+productCols+productFrom+` WHERE p.id = $1`, id))
	if err == sql.ErrNoRows {
		return p, errNoProduct()
	}
	return p, s.db.Internal("load product", err)
}

// AssignProduct assigns a product to an official for a period: by their
// manager (evaluation.CanTrack), under the period kinds of the rule set of
// the year. Audited. See evaluation.Service.
func (s *EvaluationService) AssignProduct(ctx context.Context, in evaluation.ProductInput) (*evaluation.Product, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.")
	}
	var o *org.Official
	if in.OfficialID > 0 {
		var err error
		if o, err = sqldb.LoadOfficial(ctx, s.db, s.db.Read, in.OfficialID); err != nil {
			return nil, err
		}
		if !evaluation.Own(a, o.ID) && !a.Can(congvu.ActEvaluationView, o.UnitPath) && !a.Can(congvu.ActEvaluationTrack, o.UnitPath) {
			return nil, sqldb.ErrNoOfficial()
		}
		if err := evaluation.CanTrack(a, o.ID, o.UnitPath, o.IsLeader); err != nil {
			return nil, err
		}
	}
	var rs *evaluation.RuleSet
	if o != nil {
		sets, err := s.ruleSets(ctx)
		if err != nil {
			return nil, err
		}
		rs = evaluation.RuleSetFor(sets, o.Category, in.Year)
	}
	in, due, err := rs.CheckProduct(in)
	if err != nil {
		return nil, err
	}
	var out product
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO evaluation_products (official_id, unit_id, year, period_kind, period, title, points, due_on, status, assigned_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'assigned', $9, $10) RETURNING id`, o.ID, o.UnitID, in.Year, string(in.PeriodKind), in.Period, in.Title,
			in.Points, due.Format(time.DateOnly), sqldb.NullID(max(a.UserID, 0)), tx.Now).Scan(&id); err != nil {
			return s.db.Internal("assign product", err)
		}
		if err := tx.Audit("evaluation.product.assign", "evaluation_product", id, o.UnitID, nil, map[string]any{"official_id": o.ID,
			"year": in.Year, "period": evaluation.PeriodLabel(in.PeriodKind, in.Period), "title": in.Title, "points": in.Points}); err != nil {
			return err
		}
		out, err = s.loadProduct(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.Product, nil
}

// productStep takes a step of a product's tracking in one transaction:
// who may (may; those who may not read the product learn nothing of it),
// whether it comes now (after the input's check), the change (set, its
// placeholders from $2 on, filled by args with the transaction's time)
// and its audit.
func (s *EvaluationService) productStep(ctx context.Context, id int64, step evaluation.ProductStep, kind string,
	may func(a *congvu.Actor, p product) error, check func() error, set string, args func(now time.Time) []any) (*evaluation.Product, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errNoProduct()
	}
	var out product
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, err := s.loadProduct(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := may(a, p); err != nil {
			if !evaluation.CanReadProduct(a, p.Product) {
				return errNoProduct()
			}
			return err
		}
		next, err := evaluation.NextProduct(p.Status, step)
		if err != nil {
			return err
		}
		if err := check(); err != nil {
			return err
		}
		all := append([]any{string(next)}, args(tx.Now)...)
		q := `UPDATE evaluation_products SET status = $1, ` + set + fmt.Sprintf(` WHERE id = $%d AND status = $%d`, len(all)+1, len(all)+2)
		res, err := tx.ExecContext(ctx, q, append(all, id, string(p.Status))...)
		if err != nil {
			return s.db.Internal("product step", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return congvu.Errorf(congvu.ECONFLICT, "Sản phẩm vừa được người khác cập nhật; xin tải lại trang.")
		}
		if err := tx.Audit(kind, "evaluation_product", id, p.UnitID, map[string]any{"status": p.Status}, map[string]any{"status": next}); err != nil {
			return err
		}
		out, err = s.loadProduct(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.Product, nil
}

// ReportProduct is the official reporting their product done. See
// evaluation.Service.
func (s *EvaluationService) ReportProduct(ctx context.Context, id int64, note string) (*evaluation.Product, error) {
	note, verr := evaluation.CheckReport(note)
	return s.productStep(ctx, id, evaluation.ProductStepReport, "evaluation.product.report",
		func(a *congvu.Actor, p product) error {
			if !evaluation.Own(a, p.OfficialID) {
				return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ cán bộ được giao mới báo cáo hoàn thành sản phẩm.")
			}
			return nil
		}, func() error { return verr }, "reported_at = $2, report_note = $3",
		func(now time.Time) []any { return []any{now, note} })
}

// ConfirmProduct is the manager confirming a reported product with its
// failures. See evaluation.Service.
func (s *EvaluationService) ConfirmProduct(ctx context.Context, id int64, in evaluation.ConfirmInput) (*evaluation.Product, error) {
	in, verr := evaluation.CheckConfirm(in)
	a := congvu.ActorFromContext(ctx)
	return s.productStep(ctx, id, evaluation.ProductStepConfirm, "evaluation.product.confirm",
		func(a *congvu.Actor, p product) error {
			return evaluation.CanTrack(a, p.OfficialID, p.UnitPath, p.leader)
		},
		func() error { return verr }, "confirmed_at = $2, quality_failed = $3, progress_failed = $4, confirm_note = $5, confirmed_by = $6",
		func(now time.Time) []any {
			return []any{now, in.QualityFailed, in.ProgressFailed, in.Note, sqldb.NullID(max(a.UserID, 0))}
		})
}

// CancelProduct withdraws a product not yet confirmed, with a reason. See
// evaluation.Service.
func (s *EvaluationService) CancelProduct(ctx context.Context, id int64, reason string) (*evaluation.Product, error) {
	reason, verr := evaluation.CheckCancel(reason)
	return s.productStep(ctx, id, evaluation.ProductStepCancel, "evaluation.product.cancel",
		func(a *congvu.Actor, p product) error {
			return evaluation.CanTrack(a, p.OfficialID, p.UnitPath, p.leader)
		},
		func() error { return verr }, "cancel_reason = $2",
		func(time.Time) []any { return []any{reason} })
}

// FindProducts lists the products the actor reads (their own; those of
// the subtrees where they hold ActEvaluationView), auditing the reading
// of others' products. See evaluation.Service.
func (s *EvaluationService) FindProducts(ctx context.Context, f evaluation.ProductFilter) ([]*evaluation.Product, int, error) {
	var ar sqldb.Args
	where, ok, err := s.sight(ctx, "p", f.UnitID, &ar)
	if err != nil || !ok {
		return []*evaluation.Product{}, 0, err
	}
	if f.OfficialID != 0 {
		where = append(where, "p.official_id = "+ar.Add(f.OfficialID))
	}
	if f.Year != 0 {
		where = append(where, "p.year = "+ar.Add(f.Year))
	}
	if f.Period != 0 {
		where = append(where, "p.period = "+ar.Add(f.Period))
	}
	if f.Status != "" {
		where = append(where, "p.status = "+ar.Add(string(f.Status)))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+productFrom+` WHERE `+cond, ar...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count products", err)
	}
	list, err := s.products(ctx, s.db.Read, cond, fmt.Sprintf(` LIMIT %d OFFSET %d`, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), ar...)
	if err != nil {
		return nil, 0, err
	}
	own, others := congvu.ActorFromContext(ctx).OfficialID, false
	for _, p := range list {
		others = others || p.OfficialID != own
	}
	if others {
		ids := make([]int64, len(list))
		for i, p := range list {
			ids[i] = p.ID
		}
		if err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			return tx.Audit("evaluation.read", "evaluation_product", 0, f.UnitID, nil, map[string]any{"products": ids, "official_id": f.OfficialID, "year": f.Year})
		}); err != nil {
			return nil, 0, err
		}
	}
	return list, total, nil
}
