package standardsql

import (
	"bytes"
	"congvu"
	"congvu/sqldb"
	"congvu/standard"
	"congvu/vntext"
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"
)

// embeddedLocal are the local versions shipped with the binary: the plans
// of provinces and districts in the seed documents, each the item set of its
// unit beyond the national catalog.
//
//go:embed catalog/local/*.json
var embeddedLocal embed.FS

// EmbeddedLocalCatalogs returns the local versions shipped with the binary,
// in file name order.
func EmbeddedLocalCatalogs() ([]standard.LocalSeed, error) {
	names, err := fs.Glob(embeddedLocal, "catalog/local/*.json")
	if err != nil {
		return nil, err
	}
	var out []standard.LocalSeed
	for _, n := range names {
		b, err := embeddedLocal.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var seed standard.LocalSeed
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&seed); err != nil {
			return nil, fmt.Errorf("embedded local catalog %s: %w", n, err)
		}
		out = append(out, seed)
	}
	return out, nil
}

// localInForce is the SQL condition that a local item (alias i, its local
// version l) is in force on the date of the given placeholder: local items
// do not belong to a national version, so a new one leaves them in force.
func localInForce(day string) string {
	return `i.local_version_id IS NOT NULL AND l.effective_on <= ` + day
}

// localCodesFree refuses a national version taking the code of a local
// item: evidence cites items by code, and local items stay in force under
// the new version, so one code would name two rules. ECONFLICT naming them.
func (s *StandardService) localCodesFree(ctx context.Context, tx *sqldb.Tx, seed standard.CatalogSeed) error {
	var a sqldb.Args
	var ph []string
	for _, g := range seed.Groups {
		for _, it := range g.Items {
			ph = append(ph, a.Add(it.Code))
		}
	}
	taken, err := sqldb.QueryAll(ctx, s.db, tx, "local codes", `SELECT i.code || ' (' || u.name || ')' FROM standard_items i JOIN units u ON u.id = i.unit_id
		WHERE i.local_version_id IS NOT NULL AND i.code IN (`+strings.Join(ph, ", ")+`) ORDER BY i.code`,
		func(sc sqldb.Scanner) (string, error) {
			var c string
			return c, sc.Scan(&c)
		}, a...)
	if err != nil {
		return err
	}
	if len(taken) > 0 {
		return &congvu.Error{Code: congvu.ECONFLICT, Message: "Mã chuẩn mực trùng với chuẩn mực riêng của đơn vị.",
			Fields: map[string]string{"groups": "Các mã sau đã là chuẩn mực riêng đang áp dụng của đơn vị, xin chọn mã khác: " + strings.Join(taken, ", ") + "."}}
	}
	return nil
}

// EnsureLocalCatalogs publishes, as the system actor, each embedded local
// version whose unit is in the tree (matched by official code and name, as
// codes are reused) and holds no local version by that decision yet. It
// returns how many it published; nothing before a national version exists.
func (s *StandardService) EnsureLocalCatalogs(ctx context.Context) (int, error) {
	seeds, err := EmbeddedLocalCatalogs()
	if err != nil {
		return 0, s.db.Internal("embedded local catalogs", err)
	}
	sys := congvu.NewContextWithActor(ctx, congvu.SystemActor("khởi tạo"))
	n := 0
	for _, seed := range seeds {
		var unitID int64
		err := s.db.Write.QueryRowContext(ctx, `SELECT id FROM units WHERE code = $1 AND name = $2 ORDER BY active DESC, id LIMIT 1`, seed.UnitCode, seed.UnitName).Scan(&unitID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return n, s.db.Internal("find local catalog unit", err)
		}
		var have int
		if err := s.db.Write.QueryRowContext(ctx, `SELECT COUNT(*) FROM standard_local_versions WHERE unit_id = $1 AND decision = $2`,
			unitID, vntext.Normalize(seed.Decision)).Scan(&have); err != nil {
			return n, s.db.Internal("check local catalog", err)
		}
		if have > 0 {
			continue
		}
		_, err = s.PublishLocalVersion(sys, unitID, seed)
		switch congvu.ErrorCode(err) {
		case "":
			n++
		case congvu.ENOTFOUND, congvu.ECONFLICT: // no national version yet; another server first
		default:
			return n, err
		}
	}
	return n, nil
}

// AddLocalItem adds a unit's own item, to the unit's local version issued
// by in.Basis.Document (created, in force from in.EffectiveOn or today, when
// the unit has none by that decision). The actor must be allowed to manage
// standards of that unit (admin, supervisor or unit head of a subtree
// holding it). The code must not be used by an item of the current national
// version nor by another local item. EINVALID, ECONFLICT, EFORBIDDEN,
// ENOTFOUND (the unit does not exist or lies outside the actor's view),
// EUNAUTH.
func (s *StandardService) AddLocalItem(ctx context.Context, in standard.ItemInput) (*standard.Item, error) {
	it := &standard.Item{
		GroupCode:   sqldb.NormalizeStdCode(in.GroupCode),
		Code:        in.Code,
		Title:       in.Title,
		Description: in.Description,
		Basis:       in.Basis,
		Prohibition: in.Prohibition,
		AppliesTo:   in.AppliesTo,
		UnitID:      in.UnitID,
	}
	v := congvu.Validation{}
	if in.UnitID <= 0 {
		v.Add("unit_id", "Xin chọn đơn vị.")
	}
	eff := in.EffectiveOn
	if eff.IsZero() {
		eff = s.today()
	}
	items, err := s.insertLocal(ctx, in.UnitID, vntext.Normalize(in.Basis.Document), eff, []*standard.Item{it}, v, func(int) string { return "" })
	if err != nil {
		return nil, err
	}
	return items[0], nil
}

// PublishLocalVersion stores the local version seed of unitID: its decision,
// date of effect and items, in one transaction (the decision joins an
// existing local version of the unit by the same decision). Same rules as
// AddLocalItem for each item; seed.UnitCode and UnitName are not read.
func (s *StandardService) PublishLocalVersion(ctx context.Context, unitID int64, seed standard.LocalSeed) (*standard.LocalVersion, error) {
	v := congvu.Validation{}
	decision := vntext.Normalize(seed.Decision)
	switch {
	case decision == "":
		v.Add("decision", "Xin nhập văn bản ban hành (số, ngày, cơ quan ban hành).")
	case stdTooLong(decision, maxStdDocument):
		v.Add("decision", fmt.Sprintf("Tên văn bản ban hành dài quá %d ký tự.", maxStdDocument))
	}
	eff, err := time.Parse("2006-01-02", strings.TrimSpace(seed.EffectiveOn))
	if err != nil {
		v.Add("effective_on", "Ngày hiệu lực phải có dạng yyyy-mm-dd, ví dụ 2019-08-30.")
	}
	if len(seed.Items) == 0 {
		v.Add("items", "Phiên bản riêng phải có ít nhất một chuẩn mực.")
	}
	for i, it := range seed.Items {
		if it == nil {
			v.Add(fmt.Sprintf("items[%d]", i), "Chuẩn mực bị trống.")
			seed.Items = nil
			break
		}
		it.GroupCode = sqldb.NormalizeStdCode(it.GroupCode)
		it.UnitID = unitID
		if it.Basis.Document == "" {
			it.Basis.Document = decision
		}
	}
	items, err := s.insertLocal(ctx, unitID, decision, eff, seed.Items, v, func(i int) string { return fmt.Sprintf("items[%d].", i) })
	if err != nil {
		return nil, err
	}
	lv := &standard.LocalVersion{UnitID: unitID, Decision: decision, EffectiveOn: eff, Items: items}
	if len(items) > 0 {
		lv.ID, lv.UnitName = items[0].LocalVersionID, items[0].UnitName
		if items[0].EffectiveOn != nil {
			lv.EffectiveOn = *items[0].EffectiveOn
		}
	}
	return lv, nil
}

// insertLocal checks and stores local items of unitID under the local
// version of decision (created in force from eff when absent), collecting
// the messages of item i under prefix(i); v holds the caller's own checks.
func (s *StandardService) insertLocal(ctx context.Context, unitID int64, decision string, eff time.Time, items []*standard.Item, v congvu.Validation, prefix func(int) string) ([]*standard.Item, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	if !a.Can(congvu.ActStandardManage, "") {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền bổ sung chuẩn mực của đơn vị.")
	}
	codes := map[string]bool{}
	for i, it := range items {
		p := prefix(i)
		if it.GroupCode == "" {
			v.Add(p+"group", "Xin chọn nhóm chuẩn mực.")
		} else if _, ok := standardGroupName(it.GroupCode); !ok {
			v.Add(p+"group", "Nhóm chuẩn mực không hợp lệ (chỉ có TT, GT, DD, TP).")
		}
		it.FourXin = false
		validateStdItemText(v, p, it)
		if codes[it.Code] && it.Code != "" {
			v.Add(p+"code", fmt.Sprintf("Mã %s bị lặp lại.", it.Code))
		}
		codes[it.Code] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	path, name, err := s.stdUnit(ctx, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if !a.Can(congvu.ActUnitView, path) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị.")
	}
	if !a.Can(congvu.ActStandardManage, path) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền bổ sung chuẩn mực cho đơn vị %s.", name)
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		ver, err := s.currentVersion(ctx, tx)
		if err != nil {
			return err
		}
		var lvID int64
		var lvEff time.Time
		err = tx.QueryRowContext(ctx, `SELECT id, effective_on FROM standard_local_versions WHERE unit_id = $1 AND decision = $2`, unitID, decision).Scan(&lvID, &lvEff)
		if errors.Is(err, sql.ErrNoRows) {
			lvEff = eff
			err = tx.QueryRowContext(ctx, `INSERT INTO standard_local_versions (unit_id, decision, effective_on, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
				unitID, decision, eff, tx.Now).Scan(&lvID)
			if err == nil {
				err = tx.Audit("standard.local_version", "standard_local_version", lvID, unitID, nil, map[string]any{
					"decision": decision, "effective_on": eff.Format("2006-01-02")})
			}
		}
		if err != nil {
			return s.db.Internal("local standard version", err)
		}
		lvEff = sqldb.UTC(lvEff)
		for i, it := range items {
			conflict := &congvu.Error{Code: congvu.ECONFLICT, Message: "Mã chuẩn mực đã được dùng.",
				Fields: map[string]string{prefix(i) + "code": fmt.Sprintf("Mã %s đã có trong bộ chuẩn mực hiện hành hoặc là chuẩn mực riêng của một đơn vị, xin chọn mã khác.", it.Code)}}
			var groupOK int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM standard_groups WHERE version_id = $1 AND code = $2`, ver.ID, it.GroupCode).Scan(&groupOK); err != nil {
				return s.db.Internal("check standard group", err)
			}
			if groupOK == 0 {
				return congvu.FieldError(prefix(i)+"group", "Nhóm chuẩn mực này không có trong bộ chuẩn mực hiện hành.")
			}
			var taken int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM standard_items WHERE code = $2 AND ((version_id = $1 AND unit_id IS NULL) OR local_version_id IS NOT NULL)`,
				ver.ID, it.Code).Scan(&taken); err != nil {
				return s.db.Internal("check standard item code", err)
			}
			if taken > 0 {
				return conflict
			}
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM standard_items WHERE version_id = $1 AND group_code = $2`, ver.ID, it.GroupCode).Scan(&it.Position); err != nil {
				return s.db.Internal("next standard item position", err)
			}
			it.VersionID, it.UnitID, it.UnitName = ver.ID, unitID, name
			it.LocalVersionID, it.Decision, it.EffectiveOn = lvID, decision, &lvEff
			err = tx.QueryRowContext(ctx, `INSERT INTO standard_items (version_id, group_code, code, title, description, basis_document, basis_section, prohibition, four_xin, applies_to, unit_id, position, created_at, local_version_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE, $9, $10, $11, $12, $13) RETURNING id`,
				ver.ID, it.GroupCode, it.Code, it.Title, it.Description, it.Basis.Document, it.Basis.Section, it.Prohibition, it.AppliesTo, unitID, it.Position, tx.Now, lvID).Scan(&it.ID)
			if sqldb.IsUniqueViolation(err) {
				return conflict
			}
			if err != nil {
				return s.db.Internal("insert local standard item", err)
			}
			if err := tx.Audit("standard.local_add", "standard_item", it.ID, unitID, nil, it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// FindLocalItems lists the local items in force whose units lie in the
// actor's view, restricted to unitID's subtree when unitID > 0, ordered by
// unit path, group and position. ENOTFOUND when unitID is not in the
// actor's view.
func (s *StandardService) FindLocalItems(ctx context.Context, unitID int64) ([]*standard.Item, error) {
	a := congvu.ActorFromContext(ctx)
	scopes := a.Scopes(congvu.ActUnitView)
	var sub string
	if unitID > 0 {
		path, _, err := s.stdUnit(ctx, s.db.Read, unitID)
		if err != nil {
			return nil, err
		}
		if !a.Can(congvu.ActUnitView, path) {
			return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị.")
		}
		sub = path
	}
	out := []*standard.Item{}
	if len(scopes) == 0 {
		return out, nil
	}
	v, err := s.currentVersion(ctx, s.db.Read)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	var q sqldb.Args
	where := localInForce(q.Add(s.today())) + " AND " + sqldb.ScopeClause("u.path", scopes, &q)
	if sub != "" {
		where += " AND " + sqldb.ScopeClause("u.path", []string{sub}, &q)
	}
	items, err := s.queryItems(ctx, `SELECT `+stdItemCols+stdItemFrom+`
		LEFT JOIN standard_groups g ON g.version_id = `+q.Add(v.ID)+` AND g.code = i.group_code
		WHERE `+where+` ORDER BY u.path, g.position, i.position, i.id`, q...)
	if err != nil {
		return nil, err
	}
	return append(out, items...), nil
}
