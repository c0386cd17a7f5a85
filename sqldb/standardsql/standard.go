package standardsql

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/sqldb"
	"congvu/standard"
	"congvu/vntext"
)

// embeddedCatalog is the national code of conduct (Decision 1847/QĐ-TTg as
// implemented by the provincial and district plans in the seed documents).
//
//go:embed catalog/1847-2019.json
var embeddedCatalog []byte

// EmbeddedCatalog returns the national catalog shipped with the binary.
func EmbeddedCatalog() (standard.CatalogSeed, error) {
	var seed standard.CatalogSeed
	dec := json.NewDecoder(bytes.NewReader(embeddedCatalog))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seed); err != nil {
		return seed, fmt.Errorf("embedded catalog: %w", err)
	}
	return seed, nil
}

// standardGroups are the four groups of the code of conduct, in display
// order, with their default Vietnamese names.
var standardGroups = []struct{ Code, Name string }{
	{"TT", "Tinh thần, thái độ làm việc"},
	{"GT", "Giao tiếp, ứng xử"},
	{"DD", "Đạo đức, lối sống"},
	{"TP", "Trang phục"},
}

func standardGroupName(code string) (string, bool) {
	for _, g := range standardGroups {
		if g.Code == code {
			return g.Name, true
		}
	}
	return "", false
}

// Limits on catalog text, in characters.
const (
	maxStdCode        = 20
	maxStdVersionCode = 40
	maxStdTitle       = 300
	maxStdDescription = 4000
	maxStdDocument    = 500
	maxStdSection     = 300
)

// validStdCode reports whether code is upper-case ASCII letters, digits and
// inner hyphens, such as "GT-XC".
func validStdCode(code string, max int) bool {
	if code == "" || len(code) > max || code[0] == '-' || code[len(code)-1] == '-' || strings.Contains(code, "--") {
		return false
	}
	for _, r := range code {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func stdTooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }

// StandardService implements standard.Service.
type StandardService struct{ db *sqldb.DB }

// NewStandardService returns the catalog service on db.
func NewStandardService(db *sqldb.DB) *StandardService { return &StandardService{db: db} }

var _ standard.Service = (*StandardService)(nil)

func noStandardVersion() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Chưa có bộ chuẩn mực văn hóa công vụ nào có hiệu lực.")
}

// today is the current date in Vietnam, as midnight UTC (how dates are
// stored).
func (s *StandardService) today() time.Time {
	n := s.db.Now().In(congvu.TimeZone)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// currentVersion loads the newest version in effect, without groups.
func (s *StandardService) currentVersion(ctx context.Context, q sqldb.Querier) (*standard.Version, error) {
	v, err := scanStdVersion(q.QueryRowContext(ctx, `SELECT id, code, title, effective_on, created_at FROM standard_versions
		WHERE effective_on <= $1 ORDER BY effective_on DESC, id DESC LIMIT 1`, s.today()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, noStandardVersion()
	}
	if err != nil {
		return nil, s.db.Internal("load current standard version", err)
	}
	return v, nil
}

func scanStdVersion(sc sqldb.Scanner) (*standard.Version, error) {
	v := &standard.Version{}
	if err := sc.Scan(&v.ID, &v.Code, &v.Title, &v.EffectiveOn, &v.CreatedAt); err != nil {
		return nil, err
	}
	v.EffectiveOn, v.CreatedAt = sqldb.UTC(v.EffectiveOn), sqldb.UTC(v.CreatedAt)
	return v, nil
}

const stdItemCols = `i.id, i.version_id, i.group_code, i.code, i.title, i.description, i.basis_document, i.basis_section,
	i.prohibition, i.four_xin, i.applies_to, COALESCE(i.unit_id, 0), COALESCE(u.name, ''), i.position,
	COALESCE(i.local_version_id, 0), COALESCE(l.decision, ''), l.effective_on`

const stdItemFrom = ` FROM standard_items i LEFT JOIN units u ON u.id = i.unit_id
	LEFT JOIN standard_local_versions l ON l.id = i.local_version_id`

func scanStdItem(sc sqldb.Scanner) (*standard.Item, error) {
	it := &standard.Item{}
	var eff sql.NullTime
	err := sc.Scan(&it.ID, &it.VersionID, &it.GroupCode, &it.Code, &it.Title, &it.Description, &it.Basis.Document, &it.Basis.Section,
		&it.Prohibition, &it.FourXin, &it.AppliesTo, &it.UnitID, &it.UnitName, &it.Position, &it.LocalVersionID, &it.Decision, &eff)
	it.EffectiveOn = sqldb.UTCPtr(eff)
	return it, err
}

func (s *StandardService) queryItems(ctx context.Context, q string, a ...any) ([]*standard.Item, error) {
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "query standard items", q, scanStdItem, a...)
}

// fillGroups loads the groups of v with its national items.
func (s *StandardService) fillGroups(ctx context.Context, v *standard.Version) error {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT code, name FROM standard_groups WHERE version_id = $1 ORDER BY position`, v.ID)
	if err != nil {
		return s.db.Internal("query standard groups", err)
	}
	defer rows.Close()
	v.Groups = nil
	for rows.Next() {
		g := &standard.Group{Items: []*standard.Item{}}
		if err := rows.Scan(&g.Code, &g.Name); err != nil {
			return s.db.Internal("scan standard group", err)
		}
		v.Groups = append(v.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return s.db.Internal("query standard groups", err)
	}
	items, err := s.queryItems(ctx, `SELECT `+stdItemCols+stdItemFrom+`
		WHERE i.version_id = $1 AND i.unit_id IS NULL ORDER BY i.position, i.id`, v.ID)
	if err != nil {
		return err
	}
	addToGroups(v, items)
	return nil
}

// addToGroups appends items to their groups of v, in the given order.
func addToGroups(v *standard.Version, items []*standard.Item) {
	for _, it := range items {
		for _, g := range v.Groups {
			if g.Code == it.GroupCode {
				g.Items = append(g.Items, it)
				break
			}
		}
	}
}

// stdUnit loads a unit's path and name; ENOTFOUND when absent.
func (s *StandardService) stdUnit(ctx context.Context, q sqldb.Querier, id int64) (path, name string, err error) {
	err = q.QueryRowContext(ctx, `SELECT path, name FROM units WHERE id = $1`, id).Scan(&path, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị.")
	}
	if err != nil {
		return "", "", s.db.Internal("load unit", err)
	}
	return path, name, nil
}

// stdPathIDs returns the ids of a materialized path, root first:
// "/1/52/781/" gives 1, 52, 781 (the unit and all its ancestors).
func stdPathIDs(path string) []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// CurrentVersion returns the newest version in effect with its groups and
// national items; when unitID > 0 each group also lists, after the national
// items, the local items in force of that unit and of its ancestors (root
// first), whichever national version was current when they were issued.
// Reading is public. ENOTFOUND when no version is in effect or the unit does
// not exist.
func (s *StandardService) CurrentVersion(ctx context.Context, unitID int64) (*standard.Version, error) {
	v, err := s.currentVersion(ctx, s.db.Read)
	if err != nil {
		return nil, err
	}
	if err := s.fillGroups(ctx, v); err != nil {
		return nil, err
	}
	if unitID <= 0 {
		return v, nil
	}
	path, _, err := s.stdUnit(ctx, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	var a sqldb.Args
	var in []string
	day := a.Add(s.today())
	for _, id := range stdPathIDs(path) {
		in = append(in, a.Add(id))
	}
	items, err := s.queryItems(ctx, `SELECT `+stdItemCols+stdItemFrom+`
		WHERE `+localInForce(day)+` AND i.unit_id IN (`+strings.Join(in, ", ")+`)
		ORDER BY u.depth, l.effective_on, i.position, i.id`, a...)
	if err != nil {
		return nil, err
	}
	addToGroups(v, items)
	return v, nil
}

// FindVersions lists all versions, newest first, without their items.
func (s *StandardService) FindVersions(ctx context.Context) ([]*standard.Version, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, code, title, effective_on, created_at FROM standard_versions ORDER BY effective_on DESC, id DESC`)
	if err != nil {
		return nil, s.db.Internal("query standard versions", err)
	}
	defer rows.Close()
	out := []*standard.Version{}
	for rows.Next() {
		v, err := scanStdVersion(rows)
		if err != nil {
			return nil, s.db.Internal("scan standard version", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, s.db.Internal("query standard versions", err)
	}
	return out, nil
}

// FindVersion returns one version with its groups and national items.
// ENOTFOUND.
func (s *StandardService) FindVersion(ctx context.Context, id int64) (*standard.Version, error) {
	v, err := scanStdVersion(s.db.Read.QueryRowContext(ctx, `SELECT id, code, title, effective_on, created_at FROM standard_versions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phiên bản bộ chuẩn mực.")
	}
	if err != nil {
		return nil, s.db.Internal("load standard version", err)
	}
	if err := s.fillGroups(ctx, v); err != nil {
		return nil, err
	}
	return v, nil
}

// FindItemByCode returns an item (national or local) of the current
// version; the code is matched without regard to case. ENOTFOUND.
func (s *StandardService) FindItemByCode(ctx context.Context, code string) (*standard.Item, error) {
	v, err := s.currentVersion(ctx, s.db.Read)
	if err != nil {
		return nil, err
	}
	it, err := scanStdItem(s.db.Read.QueryRowContext(ctx, `SELECT `+stdItemCols+stdItemFrom+`
		WHERE i.code = $2 AND ((i.version_id = $1 AND i.unit_id IS NULL) OR (`+localInForce("$3")+`))
		ORDER BY i.local_version_id IS NOT NULL, i.id LIMIT 1`, v.ID, sqldb.NormalizeStdCode(code), s.today()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy chuẩn mực có mã %s.", sqldb.NormalizeStdCode(code))
	}
	if err != nil {
		return nil, s.db.Internal("load standard item", err)
	}
	return it, nil
}

// validateSeed normalizes the text of seed in place and checks it: version
// code, title and date; known groups, each once; item codes unique and made
// of A-Z, 0-9 and hyphens; item titles present. It returns the effective
// date.
func validateSeed(seed *standard.CatalogSeed) (time.Time, error) {
	v := congvu.Validation{}
	seed.Code = sqldb.NormalizeStdCode(seed.Code)
	seed.Title = vntext.Normalize(seed.Title)
	switch {
	case seed.Code == "":
		v.Add("code", "Xin nhập mã phiên bản.")
	case !validStdCode(seed.Code, maxStdVersionCode):
		v.Add("code", fmt.Sprintf("Mã phiên bản chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch nối, tối đa %d ký tự.", maxStdVersionCode))
	}
	switch {
	case seed.Title == "":
		v.Add("title", "Xin nhập tên phiên bản.")
	case stdTooLong(seed.Title, maxStdTitle):
		v.Add("title", fmt.Sprintf("Tên phiên bản dài quá %d ký tự.", maxStdTitle))
	}
	eff, err := time.Parse("2006-01-02", strings.TrimSpace(seed.EffectiveOn))
	if err != nil {
		v.Add("effective_on", "Ngày hiệu lực phải có dạng yyyy-mm-dd, ví dụ 2018-12-27.")
	}
	if len(seed.Groups) == 0 {
		v.Add("groups", "Bộ chuẩn mực phải có ít nhất một nhóm.")
	}
	groups := map[string]bool{}
	codes := map[string]string{} // item code -> field of its first use
	n := 0
	for gi, g := range seed.Groups {
		gf := fmt.Sprintf("groups[%d]", gi)
		if g == nil {
			v.Add(gf, "Nhóm chuẩn mực bị trống.")
			continue
		}
		g.Code = sqldb.NormalizeStdCode(g.Code)
		g.Name = vntext.Normalize(g.Name)
		def, known := standardGroupName(g.Code)
		switch {
		case !known:
			v.Add(gf+".code", fmt.Sprintf("Nhóm “%s” không có trong bộ chuẩn mực (chỉ có TT, GT, DD, TP).", g.Code))
		case groups[g.Code]:
			v.Add(gf+".code", fmt.Sprintf("Nhóm %s bị lặp lại.", g.Code))
		}
		groups[g.Code] = true
		if g.Name == "" {
			g.Name = def
		}
		if stdTooLong(g.Name, maxStdTitle) {
			v.Add(gf+".name", fmt.Sprintf("Tên nhóm dài quá %d ký tự.", maxStdTitle))
		}
		for ii, it := range g.Items {
			f := fmt.Sprintf("%s.items[%d]", gf, ii)
			if it == nil {
				v.Add(f, "Chuẩn mực bị trống.")
				continue
			}
			n++
			validateStdItemText(v, f+".", it)
			if it.GroupCode != "" && sqldb.NormalizeStdCode(it.GroupCode) != g.Code {
				v.Add(f+".group", fmt.Sprintf("Chuẩn mực %s ghi nhóm %s nhưng nằm trong nhóm %s.", it.Code, it.GroupCode, g.Code))
			}
			it.GroupCode = g.Code
			if first, dup := codes[it.Code]; dup && it.Code != "" {
				v.Add(f+".code", fmt.Sprintf("Mã %s bị trùng với %s.", it.Code, first))
			} else {
				codes[it.Code] = f
			}
		}
	}
	if n == 0 {
		v.Add("groups", "Bộ chuẩn mực phải có ít nhất một chuẩn mực.")
	}
	return eff, v.Err()
}

// validateStdItemText normalizes and checks the text fields of an item,
// recording messages under prefix+field.
func validateStdItemText(v congvu.Validation, prefix string, it *standard.Item) {
	it.Code = sqldb.NormalizeStdCode(it.Code)
	it.Title = vntext.Normalize(it.Title)
	it.Description = vntext.Normalize(it.Description)
	it.Basis.Document = vntext.Normalize(it.Basis.Document)
	it.Basis.Section = vntext.Normalize(it.Basis.Section)
	switch {
	case it.Code == "":
		v.Add(prefix+"code", "Xin nhập mã chuẩn mực.")
	case !validStdCode(it.Code, maxStdCode):
		v.Add(prefix+"code", fmt.Sprintf("Mã chuẩn mực chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch nối (ví dụ GT-XC), tối đa %d ký tự.", maxStdCode))
	}
	switch {
	case it.Title == "":
		v.Add(prefix+"title", "Xin nhập tên chuẩn mực.")
	case stdTooLong(it.Title, maxStdTitle):
		v.Add(prefix+"title", fmt.Sprintf("Tên chuẩn mực dài quá %d ký tự.", maxStdTitle))
	}
	if stdTooLong(it.Description, maxStdDescription) {
		v.Add(prefix+"description", fmt.Sprintf("Nội dung chuẩn mực dài quá %d ký tự.", maxStdDescription))
	}
	if stdTooLong(it.Basis.Document, maxStdDocument) {
		v.Add(prefix+"basis_document", fmt.Sprintf("Tên văn bản căn cứ dài quá %d ký tự.", maxStdDocument))
	}
	if stdTooLong(it.Basis.Section, maxStdSection) {
		v.Add(prefix+"basis_section", fmt.Sprintf("Điều, khoản căn cứ dài quá %d ký tự.", maxStdSection))
	}
	it.AppliesTo = standard.AppliesTo(strings.TrimSpace(string(it.AppliesTo)))
	if it.AppliesTo == "" {
		it.AppliesTo = standard.AppliesAll
	}
	if !it.AppliesTo.Valid() {
		v.Add(prefix+"applies_to", "Đối tượng áp dụng chỉ là mọi cán bộ (all) hoặc người giữ chức vụ lãnh đạo, quản lý (leaders).")
	}
}

// PublishVersion stores a new national version: the version, its groups and
// items in one transaction. Only an administrator of the whole tree may
// publish. EINVALID, ECONFLICT (the version code exists), EFORBIDDEN,
// EUNAUTH (nobody signed in).
func (s *StandardService) PublishVersion(ctx context.Context, seed standard.CatalogSeed) (*standard.Version, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	if !a.Can(congvu.ActCatalogPublish, congvu.RootUnitPath) {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ quản trị hệ thống toàn quốc mới được ban hành bộ chuẩn mực.")
	}
	eff, err := validateSeed(&seed)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO standard_versions (code, title, effective_on, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			seed.Code, seed.Title, eff, tx.Now).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return &congvu.Error{Code: congvu.ECONFLICT, Message: "Mã phiên bản đã được dùng.",
				Fields: map[string]string{"code": fmt.Sprintf("Đã có phiên bản mang mã %s.", seed.Code)}}
		}
		if err != nil {
			return s.db.Internal("insert standard version", err)
		}
		if err := s.localCodesFree(ctx, tx, seed); err != nil {
			return err
		}
		n := 0
		for gp, g := range seed.Groups {
			if _, err := tx.ExecContext(ctx, `INSERT INTO standard_groups (version_id, code, name, position) VALUES ($1, $2, $3, $4)`,
				id, g.Code, g.Name, gp+1); err != nil {
				return s.db.Internal("insert standard group", err)
			}
			for ip, it := range g.Items {
				if _, err := tx.ExecContext(ctx, `INSERT INTO standard_items (version_id, group_code, code, title, description, basis_document, basis_section, prohibition, four_xin, applies_to, unit_id, position, created_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12)`,
					id, g.Code, it.Code, it.Title, it.Description, it.Basis.Document, it.Basis.Section, it.Prohibition, it.FourXin, it.AppliesTo, ip+1, tx.Now); err != nil {
					return s.db.Internal("insert standard item", err)
				}
				n++
			}
		}
		return tx.Audit("standard.publish", "standard_version", id, 1, nil, map[string]any{
			"code": seed.Code, "title": seed.Title, "effective_on": eff.Format("2006-01-02"), "groups": len(seed.Groups), "items": n,
		})
	})
	if err != nil {
		return nil, err
	}
	return s.FindVersion(ctx, id)
}

// EnsureCatalog publishes the embedded national catalog, as the system
// actor, when the database holds no catalog version yet, and reports whether
// it did; then the embedded local versions whose units are in the tree
// (EnsureLocalCatalogs). It is idempotent and safe to run from several
// servers at once.
func (s *StandardService) EnsureCatalog(ctx context.Context) (bool, error) {
	seeded, err := s.ensureNational(ctx)
	if err != nil {
		return seeded, err
	}
	_, err = s.EnsureLocalCatalogs(ctx)
	return seeded, err
}

// ensureNational publishes the embedded national catalog when no version
// exists, and reports whether it did.
func (s *StandardService) ensureNational(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.Write.QueryRowContext(ctx, `SELECT COUNT(*) FROM standard_versions`).Scan(&n); err != nil {
		return false, s.db.Internal("count standard versions", err)
	}
	if n > 0 {
		return false, nil
	}
	seed, err := EmbeddedCatalog()
	if err != nil {
		return false, s.db.Internal("embedded catalog", err)
	}
	_, err = s.PublishVersion(congvu.NewContextWithActor(ctx, congvu.SystemActor("khởi tạo")), seed)
	if congvu.ErrorCode(err) == congvu.ECONFLICT {
		return false, nil // another server published it first
	}
	if err != nil {
		return false, err
	}
	return true, nil
}
