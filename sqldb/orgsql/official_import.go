package orgsql

import (
	"bytes"
	"congvu"
	"congvu/org"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
	in       org.OfficialInput
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
	ce := &org.CSVImportError{}
	for _, l := range lines {
		ce.Rows = append(ce.Rows, org.RowError{Line: l, Message: strings.Join(e.msgs[l], "; ")})
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
		errs.add(1, "Tệp trống: cần dòng tiêu đề "+strings.Join(org.OfficialCSVColumns, ","))
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
			if strings.Join(got, ",") != strings.Join(org.OfficialCSVColumns, ",") {
				errs.add(line, "Dòng tiêu đề phải đúng là: "+strings.Join(org.OfficialCSVColumns, string(cr.Comma)))
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
		if len(rec) != len(org.OfficialCSVColumns) {
			errs.add(line, fmt.Sprintf("Dòng có %d cột, cần đúng %d cột.", len(rec), len(org.OfficialCSVColumns)))
			continue
		}
		row := csvOfficial{line: line, unitCode: rec[0], in: org.OfficialInput{
			EmployeeCode: rec[1], FullName: rec[2], Position: rec[4], Email: rec[6], Phone: rec[7]}}
		normalizeOfficialInput(&row.in)
		if row.unitCode == "" {
			errs.add(line, "Thiếu mã đơn vị (ma_don_vi).")
		}
		cat, ok := org.ParseCategory(rec[3], vntext.Fold)
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
func (s *OfficialService) ImportOfficialsCSV(ctx context.Context, r io.Reader) (*org.ImportResult, error) {
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
	res := &org.ImportResult{Total: len(rows)}
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
			} else if o != nil && row.in.UnitID != 0 {
				if err := org.CheckUnitChange(actor, o, row.in.UnitID); err != nil {
					errs.add(row.line, congvu.ErrorMessage(err))
				}
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
			if prev := out[u.Code]; prev == nil || u.Active && !prev.Active || u.Active == prev.Active && u.ID > prev.ID {
				out[u.Code] = u // a code names the unit in force with it (codes are reused)
			}
		}
		return q.Err()
	})
	if err != nil {
		return nil, s.db.Internal("import: find units", err)
	}
	return out, nil
}

// officialsByCode loads the existing officials with the rows' codes.
func (s *OfficialService) officialsByCode(ctx context.Context, tx *sqldb.Tx, rows []csvOfficial) (map[string]*org.Official, error) {
	var codes []string
	for _, r := range rows {
		if r.in.EmployeeCode != "" {
			codes = append(codes, r.in.EmployeeCode)
		}
	}
	out := map[string]*org.Official{}
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
	existing map[string]*org.Official, res *org.ImportResult) error {
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
	var creates []*org.Official
	for _, row := range rows {
		in := row.in
		u := units[row.unitCode]
		addPath(u.Path)
		after := &org.Official{UnitID: u.ID, UnitName: u.Name, UnitPath: u.Path, EmployeeCode: in.EmployeeCode, FullName: in.FullName,
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
			if u.ID != old.UnitID {
				if err := syncStays(tx, "o.id = $1", old.ID); err != nil {
					return s.db.Internal("import: update official", err)
				}
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
func (s *OfficialService) insertBatch(ctx context.Context, tx *sqldb.Tx, list []*org.Official) error {
	var a sqldb.Args
	values := make([]string, len(list))
	now := a.Add(tx.Now)
	byCode := make(map[string]*org.Official, len(list))
	for i, o := range list {
		byCode[o.EmployeeCode] = o
		values[i] = "(" + strings.Join([]string{a.Add(o.UnitID), a.Add(o.EmployeeCode), a.Add(o.FullName),
			a.Add(vntext.SearchKey(o.FullName, o.EmployeeCode)), a.Add(string(o.Category)), a.Add(o.Position), a.Add(o.IsLeader),
			a.Add(congvu.RandomToken(20)), a.Add(o.Email), a.Add(o.Phone)}, ", ") + ", TRUE, " + now + ", " + now + ")"
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
	var ia sqldb.Args
	ids := make([]string, len(list))
	for i, o := range list {
		ids[i] = ia.Add(o.ID)
	}
	if err := startStays(tx, ids, ia...); err != nil {
		return s.db.Internal("import: insert officials", err)
	}
	return nil
}
