package orgsql

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"congvu"
	"congvu/sqldb"
	"congvu/vntext"
)

// OfficialService implements congvu.OfficialService.
type OfficialService struct{ db *sqldb.DB }

// NewOfficialService returns the official service of db.
func NewOfficialService(db *sqldb.DB) *OfficialService { return &OfficialService{db: db} }

var _ congvu.OfficialService = (*OfficialService)(nil)

func errOfficialForbidden() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền quản lý cán bộ của đơn vị này.")
}

func errEmployeeCodeTaken() error {
	msg := "Mã cán bộ đã được dùng cho người khác."
	return &congvu.Error{Code: congvu.ECONFLICT, Message: msg, Fields: map[string]string{"employee_code": msg}}
}

// getOfficial loads an official by id, or ENOTFOUND.
func (s *OfficialService) getOfficial(ctx context.Context, q sqldb.Querier, id int64) (*congvu.Official, error) {
	return sqldb.LoadOfficial(ctx, s.db, q, id)
}

// redactBadge hides the badge token from actors who may not manage o (an
// official still sees their own).
func redactBadge(actor *congvu.Actor, o *congvu.Official) {
	if !actor.Can(congvu.ActOfficialManage, o.UnitPath) && (actor.IsAnonymous() || actor.OfficialID != o.ID) {
		o.BadgeToken = ""
	}
}

// FindOfficialByID returns an official the actor may see. See
// congvu.OfficialService.
func (s *OfficialService) FindOfficialByID(ctx context.Context, id int64) (*congvu.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	o, err := s.getOfficial(ctx, s.db.Read, id)
	if err != nil {
		return nil, err
	}
	if !sqldb.CanViewOfficial(actor, o) {
		return nil, sqldb.ErrNoOfficial()
	}
	redactBadge(actor, o)
	return o, nil
}

// FindOfficialByBadge returns the active official holding a badge token, for
// public badge pages: no actor is needed. ENOTFOUND otherwise.
func (s *OfficialService) FindOfficialByBadge(ctx context.Context, token string) (*congvu.Official, error) {
	token = strings.ToLower(strings.TrimSpace(token))
	if token == "" {
		return nil, sqldb.ErrNoOfficial()
	}
	o, err := sqldb.ScanOfficial(s.db.Read.QueryRowContext(ctx, `SELECT `+sqldb.OfficialCols+sqldb.OfficialFrom+` WHERE o.badge_token = $1 AND o.active = TRUE`, token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, sqldb.ErrNoOfficial()
	}
	if err != nil {
		return nil, s.db.Internal("find official by badge", err)
	}
	return o, nil
}

// officialViewClause limits officials (o joined with units u) to what the
// actor may see.
func officialViewClause(actor *congvu.Actor, a *sqldb.Args) string {
	var parts []string
	if scopes := actor.Scopes(congvu.ActOfficialView); len(scopes) > 0 {
		parts = append(parts, sqldb.ScopeClause("u.path", scopes, a))
	}
	if !actor.IsAnonymous() && actor.OfficialID != 0 {
		parts = append(parts, "o.id = "+a.Add(actor.OfficialID))
	}
	if len(parts) == 0 {
		return "1=0"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// FindOfficials lists the officials the actor may see (an official without
// a view role: only themself), ordered by name. See congvu.OfficialService.
func (s *OfficialService) FindOfficials(ctx context.Context, f congvu.OfficialFilter) ([]*congvu.Official, int, error) {
	actor := congvu.ActorFromContext(ctx)
	var a sqldb.Args
	where := []string{officialViewClause(actor, &a)}
	if f.UnitID != 0 {
		if f.DirectOnly {
			where = append(where, "o.unit_id = "+a.Add(f.UnitID))
		} else {
			var path string
			err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, f.UnitID).Scan(&path)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, 0, nil
			}
			if err != nil {
				return nil, 0, s.db.Internal("find officials", err)
			}
			where = append(where, sqldb.ScopeClause("u.path", []string{path}, &a))
		}
	}
	if f.Category != "" {
		where = append(where, "o.category = "+a.Add(string(f.Category)))
	}
	if !f.IncludeRetired {
		where = append(where, "o.active = TRUE")
	}
	if p := vntext.LikePattern(f.Query); p != "" {
		where = append(where, `o.search_name LIKE `+a.Add(p)+` ESCAPE '\'`)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+sqldb.OfficialFrom+` WHERE `+cond, a...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count officials", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+sqldb.OfficialCols+sqldb.OfficialFrom+` WHERE `+cond+
		fmt.Sprintf(` ORDER BY o.search_name, o.id LIMIT %d OFFSET %d`, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), a...)
	if err != nil {
		return nil, 0, s.db.Internal("find officials", err)
	}
	defer rows.Close()
	var out []*congvu.Official
	for rows.Next() {
		o, err := sqldb.ScanOfficial(rows)
		if err != nil {
			return nil, 0, s.db.Internal("scan official", err)
		}
		redactBadge(actor, o)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.db.Internal("find officials", err)
	}
	return out, total, nil
}

var (
	employeeCodeRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,32}$`)
)

// normalizeOfficialInput cleans the text fields of in.
func normalizeOfficialInput(in *congvu.OfficialInput) {
	in.EmployeeCode = vntext.Normalize(in.EmployeeCode)
	in.FullName = vntext.Normalize(in.FullName)
	in.Position = vntext.Normalize(in.Position)
	in.Email = strings.ToLower(vntext.Normalize(in.Email))
	in.Phone = vntext.Normalize(in.Phone)
}

// validateOfficialFields checks everything but the unit.
func validateOfficialFields(in congvu.OfficialInput) congvu.Validation {
	v := congvu.Validation{}
	switch {
	case in.EmployeeCode == "":
		v.Add("employee_code", "Xin nhập mã cán bộ.")
	case !employeeCodeRe.MatchString(in.EmployeeCode):
		v.Add("employee_code", "Mã cán bộ dài tối đa 32 ký tự, chỉ gồm chữ cái không dấu, chữ số và các dấu . _ -")
	}
	switch {
	case in.FullName == "":
		v.Add("full_name", "Xin nhập họ và tên.")
	case utf8.RuneCountInString(in.FullName) > 120:
		v.Add("full_name", "Họ và tên dài quá 120 ký tự.")
	}
	if !in.Category.Valid() {
		v.Add("category", "Xin chọn loại: cán bộ, công chức, viên chức hoặc người lao động.")
	}
	if utf8.RuneCountInString(in.Position) > 200 {
		v.Add("position", "Chức vụ dài quá 200 ký tự.")
	}
	if in.Email != "" && !congvu.EmailOK(in.Email) {
		v.Add("email", "Địa chỉ email không hợp lệ.")
	}
	if in.Phone != "" && !congvu.PhoneOK(in.Phone) {
		v.Add("phone", "Số điện thoại chỉ gồm chữ số, dấu + ở đầu và khoảng trắng (6–20 ký tự).")
	}
	return v
}

// lookupOfficialUnit loads a unit, or nil when there is none.
func (s *OfficialService) lookupOfficialUnit(ctx context.Context, q sqldb.Querier, id int64) (*sqldb.UnitRef, error) {
	u := &sqldb.UnitRef{}
	err := q.QueryRowContext(ctx, `SELECT id, code, name, path, active FROM units WHERE id = $1`, id).Scan(&u.ID, &u.Code, &u.Name, &u.Path, &u.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.db.Internal("find unit", err)
	}
	return u, nil
}

// codeTaken reports whether another official (not id) has the employee code.
func (s *OfficialService) codeTaken(ctx context.Context, q sqldb.Querier, code string, id int64) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM officials WHERE employee_code = $1 AND id <> $2`, code, id).Scan(&n); err != nil {
		return false, s.db.Internal("check employee code", err)
	}
	return n > 0, nil
}

// CreateOfficial creates an official with a fresh badge token. See
// congvu.OfficialService.
func (s *OfficialService) CreateOfficial(ctx context.Context, in congvu.OfficialInput) (*congvu.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActOfficialManage, "") {
		return nil, errOfficialForbidden()
	}
	normalizeOfficialInput(&in)
	v := validateOfficialFields(in)
	var out *congvu.Official
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		unit, err := s.lookupOfficialUnit(ctx, tx, in.UnitID)
		if err != nil {
			return err
		}
		switch {
		case in.UnitID == 0:
			v.Add("unit_id", "Xin chọn đơn vị.")
		case unit == nil:
			v.Add("unit_id", "Đơn vị không tồn tại.")
		case !unit.Active:
			v.Add("unit_id", "Đơn vị đã ngừng hoạt động.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if !actor.Can(congvu.ActOfficialManage, unit.Path) {
			return errOfficialForbidden()
		}
		if taken, err := s.codeTaken(ctx, tx, in.EmployeeCode, 0); err != nil {
			return err
		} else if taken {
			return errEmployeeCodeTaken()
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, position, is_leader, badge_token, email, phone, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, $11, $11) RETURNING id`,
			in.UnitID, in.EmployeeCode, in.FullName, vntext.SearchKey(in.FullName, in.EmployeeCode), string(in.Category), in.Position,
			in.IsLeader, sqldb.RandomToken(20), in.Email, in.Phone, tx.Now).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return errEmployeeCodeTaken()
		}
		if err != nil {
			return s.db.Internal("create official", err)
		}
		if out, err = s.getOfficial(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit("official.create", "official", id, out.UnitID, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// loadForManage loads an official in a transaction and checks that the
// actor may manage it: ENOTFOUND when it is not even visible.
func (s *OfficialService) loadForManage(ctx context.Context, tx *sqldb.Tx, actor *congvu.Actor, id int64) (*congvu.Official, error) {
	o, err := s.getOfficial(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !sqldb.CanViewOfficial(actor, o) {
		return nil, sqldb.ErrNoOfficial()
	}
	if !actor.Can(congvu.ActOfficialManage, o.UnitPath) {
		return nil, errOfficialForbidden()
	}
	return o, nil
}

// sameOfficial reports whether o already holds the values of in.
func sameOfficial(o *congvu.Official, in congvu.OfficialInput) bool {
	return o.UnitID == in.UnitID && o.EmployeeCode == in.EmployeeCode && o.FullName == in.FullName && o.Category == in.Category &&
		o.Position == in.Position && o.IsLeader == in.IsLeader && o.Email == in.Email && o.Phone == in.Phone
}

const officialUpdateSQL = `UPDATE officials SET unit_id = $2, employee_code = $3, full_name = $4, search_name = $5, category = $6, position = $7,
	is_leader = $8, email = $9, phone = $10, updated_at = $11 WHERE id = $1`

// UpdateOfficial edits an official; moving needs manage rights on both
// units. See congvu.OfficialService.
func (s *OfficialService) UpdateOfficial(ctx context.Context, id int64, in congvu.OfficialInput) (*congvu.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	normalizeOfficialInput(&in)
	v := validateOfficialFields(in)
	var out *congvu.Official
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.loadForManage(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		unit, err := s.lookupOfficialUnit(ctx, tx, in.UnitID)
		if err != nil {
			return err
		}
		switch {
		case in.UnitID == 0:
			v.Add("unit_id", "Xin chọn đơn vị.")
		case unit == nil:
			v.Add("unit_id", "Đơn vị không tồn tại.")
		case !unit.Active && unit.ID != old.UnitID:
			v.Add("unit_id", "Đơn vị đã ngừng hoạt động.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if !actor.Can(congvu.ActOfficialManage, unit.Path) {
			return errOfficialForbidden()
		}
		if sameOfficial(old, in) {
			out = old
			return nil
		}
		if in.EmployeeCode != old.EmployeeCode {
			if taken, err := s.codeTaken(ctx, tx, in.EmployeeCode, id); err != nil {
				return err
			} else if taken {
				return errEmployeeCodeTaken()
			}
		}
		_, err = tx.ExecContext(ctx, officialUpdateSQL, id, in.UnitID, in.EmployeeCode, in.FullName, vntext.SearchKey(in.FullName, in.EmployeeCode),
			string(in.Category), in.Position, in.IsLeader, in.Email, in.Phone, tx.Now)
		if sqldb.IsUniqueViolation(err) {
			return errEmployeeCodeTaken()
		}
		if err != nil {
			return s.db.Internal("update official", err)
		}
		if out, err = s.getOfficial(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit("official.update", "official", id, out.UnitID, old, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetOfficialActive deactivates or reactivates an official. See
// congvu.OfficialService.
func (s *OfficialService) SetOfficialActive(ctx context.Context, id int64, active bool) (*congvu.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	var out *congvu.Official
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.loadForManage(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if old.Active == active {
			out = old
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE officials SET active = $2, updated_at = $3 WHERE id = $1`, id, active, tx.Now); err != nil {
			return s.db.Internal("set official active", err)
		}
		if out, err = s.getOfficial(ctx, tx, id); err != nil {
			return err
		}
		kind := "official.deactivate"
		if active {
			kind = "official.activate"
		}
		return tx.Audit(kind, "official", id, out.UnitID, old, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReissueBadge gives the official a new badge token. See
// congvu.OfficialService.
func (s *OfficialService) ReissueBadge(ctx context.Context, id int64) (*congvu.Official, error) {
	actor := congvu.ActorFromContext(ctx)
	var out *congvu.Official
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		old, err := s.loadForManage(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE officials SET badge_token = $2, updated_at = $3 WHERE id = $1`, id, sqldb.RandomToken(20), tx.Now); err != nil {
			return s.db.Internal("reissue badge", err)
		}
		if out, err = s.getOfficial(ctx, tx, id); err != nil {
			return err
		}
		// The tokens themselves stay out of the log (Official omits them from JSON).
		return tx.Audit("official.badge_reissue", "official", id, out.UnitID, old, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Limits of an officials CSV file.
const (
	maxOfficialCSVBytes  = 32 << 20
	maxOfficialCSVErrors = 1000 // stop listing after this many bad rows
	csvLookupBatch       = 100  // values per IN (...) list
)

// csvOfficial is one parsed data row of an officials CSV file.
type csvOfficial struct {
	line     int
	unitCode string
	in       congvu.OfficialInput
}

// csvRowErrors collects messages per line.
type csvRowErrors struct {
	lines []int
	msgs  map[int][]string
}

func (e *csvRowErrors) add(line int, msg string) {
	if e.msgs == nil {
		e.msgs = map[int][]string{}
	}
	if _, ok := e.msgs[line]; !ok {
		e.lines = append(e.lines, line)
	}
	e.msgs[line] = append(e.msgs[line], msg)
}

func (e *csvRowErrors) count() int { return len(e.lines) }

// err returns the *congvu.CSVImportError (sorted by line) wrapped together
// with an EINVALID *congvu.Error, so both errors.As and congvu.ErrorCode
// work on it; nil if there are no errors.
func (e *csvRowErrors) err() error {
	if len(e.lines) == 0 {
		return nil
	}
	lines := append([]int(nil), e.lines...)
	slices.Sort(lines)
	ce := &congvu.CSVImportError{}
	for _, l := range lines {
		ce.Rows = append(ce.Rows, congvu.RowError{Line: l, Message: strings.Join(e.msgs[l], "; ")})
	}
	msg := fmt.Sprintf("Tệp có %d dòng không hợp lệ; chưa dòng nào được lưu. Xin sửa các dòng được liệt kê rồi nhập lại.", len(ce.Rows))
	return fmt.Errorf("%w: %w", &congvu.Error{Code: congvu.EINVALID, Message: msg}, ce)
}

// parseLeader reads the lanh_dao column.
func parseLeader(s string) (bool, bool) {
	switch vntext.Fold(s) {
	case "co", "1", "x":
		return true, true
	case "khong", "0", "":
		return false, true
	}
	return false, false
}

// officialCSVFieldOrder lists the official fields in the order their messages are
// reported for a CSV row.
var officialCSVFieldOrder = []string{"employee_code", "full_name", "category", "position", "email", "phone"}

// parseOfficialCSV reads the file: header check, then every data row checked
// on its own (not against the database).
func parseOfficialCSV(r io.Reader, errs *csvRowErrors) ([]csvOfficial, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxOfficialCSVBytes+1))
	if err != nil {
		return nil, congvu.FieldError("file", "Không đọc được tệp.")
	}
	if len(data) > maxOfficialCSVBytes {
		return nil, congvu.FieldError("file", fmt.Sprintf("Tệp quá lớn (tối đa %d MB).", maxOfficialCSVBytes>>20))
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return nil, congvu.FieldError("file", "Tệp không ở mã UTF-8. Xin lưu lại tệp dạng \"CSV UTF-8\" rồi nhập lại.")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		errs.add(1, "Tệp trống: cần dòng tiêu đề "+strings.Join(congvu.OfficialCSVColumns, ","))
		return nil, nil
	}
	header := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		header = data[:i]
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ','
	if bytes.Count(header, []byte(";")) > bytes.Count(header, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	first := true
	var rows []csvOfficial
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			errs.add(line, "Không đọc được dòng (kiểm tra dấu ngoặc kép).")
			if first || errs.count() >= maxOfficialCSVErrors {
				return nil, nil
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			got := make([]string, len(rec))
			for i, h := range rec {
				got[i] = strings.ToLower(strings.TrimSpace(h))
			}
			if strings.Join(got, ",") != strings.Join(congvu.OfficialCSVColumns, ",") {
				errs.add(line, "Dòng tiêu đề phải đúng là: "+strings.Join(congvu.OfficialCSVColumns, string(cr.Comma)))
				return nil, nil
			}
			continue
		}
		empty := true
		for i := range rec {
			rec[i] = vntext.Normalize(rec[i])
			if rec[i] != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		if errs.count() >= maxOfficialCSVErrors {
			break
		}
		if len(rec) != len(congvu.OfficialCSVColumns) {
			errs.add(line, fmt.Sprintf("Dòng có %d cột, cần đúng %d cột.", len(rec), len(congvu.OfficialCSVColumns)))
			continue
		}
		row := csvOfficial{line: line, unitCode: rec[0], in: congvu.OfficialInput{
			EmployeeCode: rec[1], FullName: rec[2], Position: rec[4], Email: rec[6], Phone: rec[7]}}
		normalizeOfficialInput(&row.in)
		if row.unitCode == "" {
			errs.add(line, "Thiếu mã đơn vị (ma_don_vi).")
		}
		cat, ok := congvu.ParseCategory(rec[3], vntext.Fold)
		row.in.Category = cat
		v := validateOfficialFields(row.in)
		if rec[3] != "" && !ok {
			v["category"] = fmt.Sprintf("Loại «%s» không hợp lệ: cần cán bộ, công chức, viên chức hoặc người lao động.", rec[3])
		}
		for _, f := range officialCSVFieldOrder {
			if m, bad := v[f]; bad {
				errs.add(line, m)
			}
		}
		leader, ok := parseLeader(rec[5])
		if !ok {
			errs.add(line, fmt.Sprintf("Cột lanh_dao «%s» không hợp lệ: ghi có hoặc không (hoặc 1/0, x, để trống).", rec[5]))
		}
		row.in.IsLeader = leader
		rows = append(rows, row)
	}
	return rows, nil
}

// forBatches runs fn over slices of at most csvLookupBatch strings.
func forBatches(keys []string, fn func(batch []string) error) error {
	for len(keys) > 0 {
		n := min(len(keys), csvLookupBatch)
		if err := fn(keys[:n]); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// argList adds each value to a and returns "$i,$j,...".
func argList(a *sqldb.Args, vals []string) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = a.Add(v)
	}
	return strings.Join(ph, ",")
}

// commonAncestor returns the id of the deepest unit whose subtree holds all
// the given paths, 0 for none.
func commonAncestor(paths []string) int64 {
	if len(paths) == 0 {
		return 0
	}
	prefix := paths[0]
	for _, p := range paths[1:] {
		for !strings.HasPrefix(p, prefix) {
			prefix = prefix[:strings.LastIndexByte(strings.TrimSuffix(prefix, "/"), '/')+1]
		}
	}
	segs := strings.Split(strings.Trim(prefix, "/"), "/")
	id, _ := strconv.ParseInt(segs[len(segs)-1], 10, 64)
	return id
}

// ImportOfficialsCSV creates or updates officials from a CSV file keyed by
// employee code, in one transaction. Every row is checked first; if any is
// bad the error wraps a *congvu.CSVImportError listing them all and nothing
// is saved. See congvu.OfficialService.
func (s *OfficialService) ImportOfficialsCSV(ctx context.Context, r io.Reader) (*congvu.ImportResult, error) {
	actor := congvu.ActorFromContext(ctx)
	if !actor.Can(congvu.ActOfficialManage, "") {
		return nil, errOfficialForbidden()
	}
	var errs csvRowErrors
	rows, err := parseOfficialCSV(r, &errs)
	if err != nil {
		return nil, err
	}
	// Duplicates within the file.
	firstLine := map[string]int{}
	for _, row := range rows {
		c := row.in.EmployeeCode
		if c == "" {
			continue
		}
		if l, dup := firstLine[c]; dup {
			errs.add(row.line, fmt.Sprintf("Mã cán bộ «%s» trùng với dòng %d.", c, l))
		} else {
			firstLine[c] = row.line
		}
	}
	if errs.count() >= maxOfficialCSVErrors {
		return nil, errs.err()
	}
	res := &congvu.ImportResult{Total: len(rows)}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		units, err := s.unitsByCode(ctx, tx, rows)
		if err != nil {
			return err
		}
		existing, err := s.officialsByCode(ctx, tx, rows)
		if err != nil {
			return err
		}
		for i := range rows {
			row := &rows[i]
			if row.unitCode != "" {
				u := units[row.unitCode]
				switch {
				case u == nil:
					errs.add(row.line, fmt.Sprintf("Không có đơn vị mã «%s».", row.unitCode))
				case !actor.Can(congvu.ActOfficialManage, u.Path):
					errs.add(row.line, fmt.Sprintf("Đơn vị «%s» nằm ngoài phạm vi quản lý của bạn.", row.unitCode))
				case !u.Active && (existing[row.in.EmployeeCode] == nil || existing[row.in.EmployeeCode].UnitID != u.ID):
					errs.add(row.line, fmt.Sprintf("Đơn vị «%s» đã ngừng hoạt động.", row.unitCode))
				default:
					row.in.UnitID = u.ID
				}
			}
			if o := existing[row.in.EmployeeCode]; o != nil && !actor.Can(congvu.ActOfficialManage, o.UnitPath) {
				errs.add(row.line, fmt.Sprintf("Cán bộ mã «%s» đang thuộc đơn vị ngoài phạm vi quản lý của bạn.", row.in.EmployeeCode))
			}
		}
		if err := errs.err(); err != nil {
			return err
		}
		return s.saveImport(ctx, tx, rows, units, existing, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// unitsByCode loads the units named by the rows.
func (s *OfficialService) unitsByCode(ctx context.Context, tx *sqldb.Tx, rows []csvOfficial) (map[string]*sqldb.UnitRef, error) {
	seen := map[string]bool{}
	var codes []string
	for _, r := range rows {
		if r.unitCode != "" && !seen[r.unitCode] {
			seen[r.unitCode] = true
			codes = append(codes, r.unitCode)
		}
	}
	out := map[string]*sqldb.UnitRef{}
	err := forBatches(codes, func(batch []string) error {
		var a sqldb.Args
		q, err := tx.QueryContext(ctx, `SELECT id, code, name, path, active FROM units WHERE code IN (`+argList(&a, batch)+`)`, a...)
		if err != nil {
			return s.db.Internal("import: find units", err)
		}
		defer q.Close()
		for q.Next() {
			u := &sqldb.UnitRef{}
			if err := q.Scan(&u.ID, &u.Code, &u.Name, &u.Path, &u.Active); err != nil {
				return s.db.Internal("import: scan unit", err)
			}
			out[u.Code] = u
		}
		return q.Err()
	})
	if err != nil {
		return nil, s.db.Internal("import: find units", err)
	}
	return out, nil
}

// officialsByCode loads the existing officials with the rows' codes.
func (s *OfficialService) officialsByCode(ctx context.Context, tx *sqldb.Tx, rows []csvOfficial) (map[string]*congvu.Official, error) {
	var codes []string
	for _, r := range rows {
		if r.in.EmployeeCode != "" {
			codes = append(codes, r.in.EmployeeCode)
		}
	}
	out := map[string]*congvu.Official{}
	err := forBatches(codes, func(batch []string) error {
		var a sqldb.Args
		q, err := tx.QueryContext(ctx, `SELECT `+sqldb.OfficialCols+sqldb.OfficialFrom+` WHERE o.employee_code IN (`+argList(&a, batch)+`)`, a...)
		if err != nil {
			return s.db.Internal("import: find officials", err)
		}
		defer q.Close()
		for q.Next() {
			o, err := sqldb.ScanOfficial(q)
			if err != nil {
				return s.db.Internal("import: scan official", err)
			}
			out[o.EmployeeCode] = o
		}
		return q.Err()
	})
	if err != nil {
		return nil, s.db.Internal("import: find officials", err)
	}
	return out, nil
}

// saveImport writes checked rows: updates one by one, inserts in multi-row
// statements, per-official audit events and one import event with the counts.
func (s *OfficialService) saveImport(ctx context.Context, tx *sqldb.Tx, rows []csvOfficial, units map[string]*sqldb.UnitRef,
	existing map[string]*congvu.Official, res *congvu.ImportResult) error {
	upd, err := tx.PrepareContext(ctx, officialUpdateSQL)
	if err != nil {
		return s.db.Internal("import: prepare", err)
	}
	defer upd.Close()
	var paths []string
	seenPath := map[string]bool{}
	addPath := func(p string) {
		if !seenPath[p] {
			seenPath[p] = true
			paths = append(paths, p)
		}
	}
	var creates []*congvu.Official
	for _, row := range rows {
		in := row.in
		u := units[row.unitCode]
		addPath(u.Path)
		after := &congvu.Official{UnitID: u.ID, UnitName: u.Name, UnitPath: u.Path, EmployeeCode: in.EmployeeCode, FullName: in.FullName,
			Category: in.Category, Position: in.Position, IsLeader: in.IsLeader, Email: in.Email, Phone: in.Phone, Active: true,
			CreatedAt: tx.Now, UpdatedAt: tx.Now}
		old := existing[in.EmployeeCode]
		switch {
		case old == nil:
			creates = append(creates, after)
		case sameOfficial(old, in):
			res.Unchanged++
		default:
			addPath(old.UnitPath)
			if _, err := upd.ExecContext(ctx, old.ID, u.ID, in.EmployeeCode, in.FullName, vntext.SearchKey(in.FullName, in.EmployeeCode),
				string(in.Category), in.Position, in.IsLeader, in.Email, in.Phone, tx.Now); err != nil {
				return s.db.Internal("import: update official", err)
			}
			after.ID, after.Active, after.CreatedAt = old.ID, old.Active, old.CreatedAt
			if err := tx.Audit("official.update", "official", old.ID, u.ID, old, after); err != nil {
				return err
			}
			res.Updated++
		}
	}
	for len(creates) > 0 {
		n := min(len(creates), importInsertBatch)
		if err := s.insertBatch(ctx, tx, creates[:n]); err != nil {
			return err
		}
		for _, o := range creates[:n] {
			if err := tx.Audit("official.create", "official", o.ID, o.UnitID, nil, o); err != nil {
				return err
			}
		}
		res.Created += n
		creates = creates[n:]
	}
	return tx.Audit("official.import", "official", 0, commonAncestor(paths), nil, res)
}

// importInsertBatch is how many officials one INSERT statement creates. It
// stays small: SQLite looks $N parameters up by a linear scan, so a
// statement with thousands of them costs more than it saves.
const importInsertBatch = 25

// insertBatch inserts new officials in one statement and sets their ids.
func (s *OfficialService) insertBatch(ctx context.Context, tx *sqldb.Tx, list []*congvu.Official) error {
	var a sqldb.Args
	values := make([]string, len(list))
	now := a.Add(tx.Now)
	byCode := make(map[string]*congvu.Official, len(list))
	for i, o := range list {
		byCode[o.EmployeeCode] = o
		values[i] = "(" + strings.Join([]string{a.Add(o.UnitID), a.Add(o.EmployeeCode), a.Add(o.FullName),
			a.Add(vntext.SearchKey(o.FullName, o.EmployeeCode)), a.Add(string(o.Category)), a.Add(o.Position), a.Add(o.IsLeader),
			a.Add(sqldb.RandomToken(20)), a.Add(o.Email), a.Add(o.Phone)}, ", ") + ", TRUE, " + now + ", " + now + ")"
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO officials (unit_id, employee_code, full_name, search_name, category, position, is_leader, badge_token, email, phone, active, created_at, updated_at)
		VALUES `+strings.Join(values, ", ")+` RETURNING id, employee_code`, a...)
	if sqldb.IsUniqueViolation(err) {
		return errEmployeeCodeTaken()
	}
	if err != nil {
		return s.db.Internal("import: insert officials", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return s.db.Internal("import: insert officials", err)
		}
		if o := byCode[code]; o != nil {
			o.ID = id
			n++
		}
	}
	if err := rows.Err(); err != nil {
		if sqldb.IsUniqueViolation(err) {
			return errEmployeeCodeTaken()
		}
		return s.db.Internal("import: insert officials", err)
	}
	if n != len(list) {
		return s.db.Internal("import: insert officials", fmt.Errorf("%d ids returned for %d rows", n, len(list)))
	}
	return nil
}
