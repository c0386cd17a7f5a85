package feedbacksql

import (
	"cmp"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"congvu"
)

// importKeyPrefix names, in the settings table, the imports written.
const importKeyPrefix = "feedback.import:"

// importChunk is how many ratings one write statement (PostgreSQL) or one
// rollup flush takes.
const importChunk = 2000

var _ feedback.Importer = (*FeedbackService)(nil)

// FeedbackImported reports whether the import named key was written. See
// feedback.Importer.
func (s *FeedbackService) FeedbackImported(ctx context.Context, key string) (bool, error) {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key = $1`, importKeyPrefix+strings.TrimSpace(key)).Scan(&n); err != nil {
		return false, s.db.Internal("feedback imported", err)
	}
	return n > 0, nil
}

// importErr is the error of record i of a kind ("Đánh giá", "Hồ sơ", "Máy
// đánh giá").
func importErr(kind string, i int, format string, a ...any) error {
	return congvu.Errorf(congvu.EINVALID, "%s thứ %d: %s", kind, i+1, fmt.Sprintf(format, a...))
}

// validationText flattens a validation error into one sentence.
func validationText(err error) string {
	fields := congvu.ErrorFields(err)
	if len(fields) == 0 {
		return congvu.ErrorMessage(err)
	}
	var msgs []string
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		msgs = append(msgs, fields[k])
	}
	return strings.Join(msgs, " ")
}

// importedDossier is a dossier an import's ratings may name.
type importedDossier struct {
	id, unitID, officialID int64
	code                   string
	rated                  bool
	at                     time.Time // when rated
}

// ImportFeedback writes past ratings, with their kiosks and dossiers, in
// one transaction (see feedback.Importer). The ratings go through the
// batch writer's own code — rows, answers and rollups of the unit, its
// ancestors and the official, aggregated per key — so the rollups are what
// Submit would have written, and ratings without a status meet the rules
// against ballot stuffing exactly as Submit applies them, in time order.
// Ids follow time order within the import: import history before live
// ratings arrive, so rating ids keep following submission order (the
// comment search walks them newest first).
func (s *FeedbackService) ImportFeedback(ctx context.Context, in feedback.Import) (*feedback.ImportResult, error) {
	if !congvu.ActorFromContext(ctx).IsSystem() {
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người vận hành hệ thống (dòng lệnh) được nhập dữ liệu đánh giá.")
	}
	key := strings.TrimSpace(in.Key)
	if key == "" || utf8.RuneCountInString(key) > 100 {
		return nil, congvu.FieldError("key", "Xin đặt tên (tối đa 100 ký tự) cho lần nhập dữ liệu.")
	}
	res := &feedback.ImportResult{}
	if done, err := s.FeedbackImported(ctx, key); err != nil {
		return nil, err
	} else if done {
		res.AlreadyImported = true
		return res, nil
	}
	secret, err := s.ipSecret(ctx)
	if err != nil {
		return nil, err
	}
	ipKey, err := s.db.DayKey(ctx, feedbackIPRing, s.db.Now()) // the day of the import: outside the transaction
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	order, err := checkImport(&in, now)
	if err != nil {
		return nil, err
	}

	// Units and officials named, with their current paths.
	units, offs, err := s.importRefs(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := checkImportRefs(in, units, offs); err != nil {
		return nil, err
	}

	// The batch writer's code, on statements and ids of its own.
	w := &FeedbackService{db: s.db}
	if s.db.Engine == sqldb.SQLite {
		// Prepared outside the transaction: SQLite has one write connection.
		if _, err := w.sqliteStatements(ctx); err != nil {
			return nil, s.db.Internal("import feedback", err)
		}
		defer w.sq.close()
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
			importKeyPrefix+key, tx.Now.Format(time.RFC3339))
		if err != nil {
			return s.db.Internal("import feedback", err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			res.AlreadyImported = true
			return nil
		}
		refs := &importLinks{units: units, offs: offs, seen: map[int64]time.Time{}}
		if refs.kiosks, err = s.importKiosks(ctx, tx, in.Kiosks); err != nil {
			return err
		}
		res.Kiosks = len(in.Kiosks)
		if refs.dossiers, err = s.importDossiers(ctx, tx, in.Dossiers); err != nil {
			return err
		}
		res.Dossiers = len(in.Dossiers)

		limits := newMemCounters() // historical ratings: counted at their own times
		ps := make([]*pendingRating, 0, len(order))
		var rated []*importedDossier
		for _, i := range order {
			r := in.Ratings[i]
			t, err := s.importTarget(ctx, tx, i, r, refs)
			if err != nil {
				return err
			}
			answers := make(map[string]bool, len(r.Answers))
			for k, v := range r.Answers {
				answers[k] = v
			}
			fb := &feedback.Feedback{UnitID: t.UnitID, OfficialID: t.OfficialID, Channel: r.Channel, Satisfaction: r.Satisfaction,
				Answers: answers, Comment: r.Comment, DossierCode: r.DossierCode, Contact: r.Contact,
				Status: feedback.Accepted, SubmittedAt: r.SubmittedAt}
			if t.dossierID != 0 {
				fb.DossierCode, fb.Verified = t.DossierCode, true
			}
			p := &pendingRating{fb: fb, target: t, ipHash: sqldb.Pseudonym(ipKey, "ip", r.IP), fillTime: r.FillTime,
				checkIP: r.Channel != feedback.ChannelKiosk && r.Channel != feedback.ChannelAPI}
			switch {
			case t.kioskID != 0:
				p.device = fmt.Sprintf("kiosk:%d", t.kioskID)
			case r.DeviceID != "":
				p.device = sqldb.Pseudonym(secret, "device", r.DeviceID)
			}
			if r.Status == "" {
				if err := judge(ctx, []*pendingRating{p}, fb.SubmittedAt, limits.add); err != nil {
					return err
				}
			} else {
				fb.Status, fb.FlagReason = r.Status, vntext.Clean(r.FlagReason)
			}
			if t.dossierID != 0 && fb.Status != feedback.Rejected {
				d := refs.dossiers[dossierKey(r.UnitID, r.DossierCode)]
				d.rated, d.at = true, fb.SubmittedAt
				rated = append(rated, d)
			}
			ps = append(ps, p)
		}

		// Write: rows, answers and rollups, a chunk at a time. An old rating
		// counts in the tree as it stood on its day (sqldb.PathsBefore).
		unitIDs := make([]int64, 0, len(units))
		for id := range units {
			unitIDs = append(unitIDs, id)
		}
		before, err := sqldb.PathsBefore(ctx, s.db, tx, unitIDs)
		if err != nil {
			return err
		}
		for start := 0; start < len(ps); start += importChunk {
			chunk := ps[start:min(start+importChunk, len(ps))]
			d := newRollupDelta()
			for _, p := range chunk {
				u := p.fb.UnitID
				d.addFeedback(sqldb.PathIDs(sqldb.PathAt(before[u], units[u].path, p.fb.SubmittedAt)), p.fb, 1)
			}
			var err error
			if s.db.Engine == sqldb.Postgres {
				err = w.writePostgres(ctx, tx.Tx, chunk, d)
			} else {
				err = w.writeSQLite(ctx, tx.Tx, chunk, d)
			}
			if err != nil {
				return s.db.Internal("import feedback", err)
			}
		}
		slices.SortFunc(rated, func(a, b *importedDossier) int { return cmp.Compare(a.id, b.id) })
		for _, d := range rated {
			if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET rated_at = $1 WHERE id = $2`, d.at, d.id); err != nil {
				return s.db.Internal("import feedback", err)
			}
		}
		for _, id := range slices.Sorted(maps.Keys(refs.seen)) {
			if _, err := tx.ExecContext(ctx, `UPDATE kiosks SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL OR last_seen_at < $1)`, refs.seen[id], id); err != nil {
				return s.db.Internal("import feedback", err)
			}
		}
		tallyImport(res, ps)
		return tx.Audit("feedback.import", "feedback", 0, 0, nil, struct {
			Key string `json:"key"`
			*feedback.ImportResult
		}{key, res})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// importRefs loads the units and officials an import names: units by id
// with their paths, and active officials by id with their unit (whose path
// is loaded too).
func (s *FeedbackService) importRefs(ctx context.Context, in feedback.Import) (map[int64]unitRow, map[int64]int64, error) {
	unitIDs, offIDs := map[int64]bool{}, map[int64]bool{}
	for _, k := range in.Kiosks {
		unitIDs[k.UnitID] = true
	}
	for _, d := range in.Dossiers {
		unitIDs[d.UnitID] = true
		if d.OfficialID != 0 {
			offIDs[d.OfficialID] = true
		}
	}
	for _, r := range in.Ratings {
		if r.UnitID != 0 {
			unitIDs[r.UnitID] = true
		}
		if r.OfficialID != 0 {
			offIDs[r.OfficialID] = true
		}
	}
	offs := map[int64]int64{}
	ids := keysOf(offIDs)
	for start := 0; start < len(ids); start += 500 {
		var a sqldb.Args
		rows, err := s.db.Read.QueryContext(ctx, `SELECT id, unit_id FROM officials WHERE active = TRUE AND id IN (`+inList(&a, ids[start:min(start+500, len(ids))])+`)`, a...)
		if err != nil {
			return nil, nil, s.db.Internal("import feedback", err)
		}
		for rows.Next() {
			var id, unit int64
			if err := rows.Scan(&id, &unit); err != nil {
				rows.Close()
				return nil, nil, s.db.Internal("import feedback", err)
			}
			offs[id] = unit
			unitIDs[unit] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, s.db.Internal("import feedback", err)
		}
	}
	units := map[int64]unitRow{}
	ids = keysOf(unitIDs)
	for start := 0; start < len(ids); start += 500 {
		var a sqldb.Args
		rows, err := s.db.Read.QueryContext(ctx, `SELECT id, name, path FROM units WHERE id IN (`+inList(&a, ids[start:min(start+500, len(ids))])+`)`, a...)
		if err != nil {
			return nil, nil, s.db.Internal("import feedback", err)
		}
		for rows.Next() {
			var u unitRow
			if err := rows.Scan(&u.id, &u.name, &u.path); err != nil {
				rows.Close()
				return nil, nil, s.db.Internal("import feedback", err)
			}
			units[u.id] = u
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, s.db.Internal("import feedback", err)
		}
	}
	return units, offs, nil
}

func keysOf(m map[int64]bool) []int64 { return slices.Sorted(maps.Keys(m)) }

// importKiosks inserts the kiosks of an import, by key hash.
func (s *FeedbackService) importKiosks(ctx context.Context, tx *sqldb.Tx, ks []feedback.KioskRecord) (map[string]*feedback.Kiosk, error) {
	out := map[string]*feedback.Kiosk{}
	for i, k := range ks {
		h := sqldb.HashToken(sqldb.CleanToken(k.DeviceKey))
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO kiosks (unit_id, name, key_hash, active, created_at) VALUES ($1, $2, $3, TRUE, $4) RETURNING id`,
			k.UnitID, k.Name, h, k.CreatedAt.UTC()).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return nil, importErr("Máy đánh giá", i, "khóa thiết bị đã được dùng.")
		}
		if err != nil {
			return nil, s.db.Internal("import kiosk", err)
		}
		out[h] = &feedback.Kiosk{ID: id, UnitID: k.UnitID, Name: k.Name, Active: true}
	}
	return out, nil
}

// importDossiers inserts the dossiers of an import, by unit and code.
func (s *FeedbackService) importDossiers(ctx context.Context, tx *sqldb.Tx, ds []feedback.DossierRecord) (map[string]*importedDossier, error) {
	out := map[string]*importedDossier{}
	for i, d := range ds {
		var tokenHash any
		if d.RatingToken != "" {
			tokenHash = sqldb.HashToken(d.RatingToken)
		}
		updated := d.ReceivedAt
		if d.ReturnedAt != nil {
			updated = *d.ReturnedAt
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO dossiers (code, unit_id, official_id, procedure_name, received_at, due_at, returned_at, token_hash,
			delay_reason, new_due_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			d.Code, d.UnitID, sqldb.NullID(d.OfficialID), d.ProcedureName, d.ReceivedAt, d.DueAt, d.ReturnedAt, tokenHash,
			d.DelayReason, d.NewDueAt, d.ReceivedAt, updated).Scan(&id)
		if sqldb.IsUniqueViolation(err) {
			return nil, importErr("Hồ sơ", i, "hồ sơ %s đã có trong đơn vị, hoặc mã đánh giá đã được dùng.", d.Code)
		}
		if err != nil {
			return nil, s.db.Internal("import dossier", err)
		}
		out[dossierKey(d.UnitID, d.Code)] = &importedDossier{id: id, unitID: d.UnitID, officialID: d.OfficialID, code: d.Code}
	}
	return out, nil
}

// kioskByHash finds an active kiosk stored before the import, with its
// unit, or nil.
func (s *FeedbackService) kioskByHash(ctx context.Context, tx *sqldb.Tx, h string) (*feedback.Kiosk, unitRow, error) {
	k := &feedback.Kiosk{}
	var u unitRow
	err := tx.QueryRowContext(ctx, `SELECT k.id, u.id, u.name, u.path FROM kiosks k JOIN units u ON u.id = k.unit_id WHERE k.key_hash = $1 AND k.active = TRUE`, h).
		Scan(&k.ID, &u.id, &u.name, &u.path)
	if err == sql.ErrNoRows {
		return nil, u, nil
	}
	if err != nil {
		return nil, u, s.db.Internal("import feedback", err)
	}
	k.UnitID = u.id
	return k, u, nil
}

// dossierByCode finds a dossier stored before the import, or nil.
func (s *FeedbackService) dossierByCode(ctx context.Context, tx *sqldb.Tx, unitID int64, code string) (*importedDossier, error) {
	d := &importedDossier{unitID: unitID, code: code}
	var rated sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(official_id, 0), rated_at FROM dossiers WHERE unit_id = $1 AND code = $2`, unitID, code).
		Scan(&d.id, &d.officialID, &rated)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, s.db.Internal("import feedback", err)
	}
	d.rated = rated.Valid
	return d, nil
}

// checkImport checks and normalises the kiosks, the dossiers and then the
// ratings of an import before anything is written, and returns the order of
// the ratings in time (the rules against stuffing count as time passes,
// and ids follow submission order).
func checkImport(in *feedback.Import, now time.Time) ([]int, error) {
	latest := now.Add(5 * time.Minute)
	kioskKeys := map[string]int{} // key hash → index in in.Kiosks
	for i, k := range in.Kiosks {
		in.Kiosks[i].Name = vntext.Clean(k.Name)
		h := sqldb.HashToken(sqldb.CleanToken(k.DeviceKey))
		switch {
		case in.Kiosks[i].Name == "" || utf8.RuneCountInString(in.Kiosks[i].Name) > 120:
			return nil, importErr("Máy đánh giá", i, "tên máy trống hoặc dài quá 120 ký tự.")
		case len(sqldb.CleanToken(k.DeviceKey)) < 16:
			return nil, importErr("Máy đánh giá", i, "khóa thiết bị phải có ít nhất 16 ký tự.")
		case k.CreatedAt.IsZero() || k.CreatedAt.After(latest):
			return nil, importErr("Máy đánh giá", i, "thời điểm tạo không hợp lệ.")
		}
		if _, dup := kioskKeys[h]; dup {
			return nil, importErr("Máy đánh giá", i, "khóa thiết bị trùng với máy khác.")
		}
		kioskKeys[h] = i
	}
	for i := range in.Dossiers {
		d := &in.Dossiers[i]
		dv := feedback.DossierInput{Code: d.Code, UnitCode: "-", ProcedureName: d.ProcedureName, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt,
			ReturnedAt: d.ReturnedAt, DelayReason: d.DelayReason, NewDueAt: d.NewDueAt}
		if err := feedback.ValidateDossier(&dv, now).Err(); err != nil {
			return nil, importErr("Hồ sơ", i, "%s", validationText(err))
		}
		d.Code, d.ProcedureName, d.DelayReason = dv.Code, dv.ProcedureName, dv.DelayReason
		d.ReceivedAt, d.DueAt = dv.ReceivedAt.UTC().Round(time.Microsecond), dv.DueAt.UTC().Round(time.Microsecond)
		d.ReturnedAt, d.NewDueAt = utcTimePtr(dv.ReturnedAt), utcTimePtr(dv.NewDueAt)
		d.RatingToken = sqldb.CleanToken(d.RatingToken)
		if d.RatingToken != "" && (d.ReturnedAt == nil || len(d.RatingToken) < 16) {
			return nil, importErr("Hồ sơ", i, "chỉ hồ sơ đã trả kết quả mới có mã đánh giá, dài ít nhất 16 ký tự.")
		}
	}
	order := make([]int, len(in.Ratings))
	for i := range order {
		order[i] = i
		r := &in.Ratings[i]
		fi := feedback.Input{Satisfaction: r.Satisfaction, Answers: r.Answers, Comment: r.Comment, Contact: r.Contact, DossierCode: r.DossierCode}
		if err := feedback.ValidateInput(&fi); err != nil {
			return nil, importErr("Đánh giá", i, "%s", validationText(err))
		}
		r.Comment, r.Contact, r.DossierCode = fi.Comment, fi.Contact, fi.DossierCode
		switch r.Channel {
		case feedback.ChannelBadge, feedback.ChannelCounter, feedback.ChannelKiosk, feedback.ChannelDossier, feedback.ChannelAPI:
		default:
			return nil, importErr("Đánh giá", i, "kênh đánh giá %q không hợp lệ.", r.Channel)
		}
		switch r.Status {
		case "", feedback.Accepted, feedback.Flagged, feedback.Rejected:
		default:
			return nil, importErr("Đánh giá", i, "trạng thái %q không hợp lệ.", r.Status)
		}
		if r.SubmittedAt.IsZero() || r.SubmittedAt.After(latest) || r.SubmittedAt.Year() < 2000 {
			return nil, importErr("Đánh giá", i, "thời điểm gửi không hợp lệ.")
		}
		r.SubmittedAt = r.SubmittedAt.UTC().Round(time.Microsecond)
	}
	// Time order: the rules against stuffing count as time passes, and ids
	// follow submission order.
	slices.SortStableFunc(order, func(a, b int) int { return in.Ratings[a].SubmittedAt.Compare(in.Ratings[b].SubmittedAt) })

	return order, nil
}

// checkImportRefs checks that the kiosks and dossiers of an import name
// units (and officials of them) that exist, and that no dossier code comes
// twice in a unit.
func checkImportRefs(in feedback.Import, units map[int64]unitRow, offs map[int64]int64) error {
	for i, k := range in.Kiosks {
		if _, ok := units[k.UnitID]; !ok {
			return importErr("Máy đánh giá", i, "không có đơn vị mã số %d.", k.UnitID)
		}
	}
	dossierIdx := map[string]int{}
	for i, d := range in.Dossiers {
		if _, ok := units[d.UnitID]; !ok {
			return importErr("Hồ sơ", i, "không có đơn vị mã số %d.", d.UnitID)
		}
		if d.OfficialID != 0 {
			o, ok := offs[d.OfficialID]
			if !ok || !pathWithin(units[o].path, units[d.UnitID].path) {
				return importErr("Hồ sơ", i, "cán bộ mã số %d không thuộc đơn vị.", d.OfficialID)
			}
		}
		if _, dup := dossierIdx[dossierKey(d.UnitID, d.Code)]; dup {
			return importErr("Hồ sơ", i, "mã hồ sơ %s trùng trong đơn vị.", d.Code)
		}
		dossierIdx[dossierKey(d.UnitID, d.Code)] = i
	}

	return nil
}

// dossierKey identifies a dossier of an import: its unit and code.
func dossierKey(unit int64, code string) string { return fmt.Sprintf("%d\x00%s", unit, code) }

// importLinks is what the records of an import point to: the units and
// officials named, the kiosks and dossiers (imported or found as they are
// met), and when each kiosk was last used.
type importLinks struct {
	units    map[int64]unitRow
	offs     map[int64]int64 // official → unit
	kiosks   map[string]*feedback.Kiosk
	dossiers map[string]*importedDossier
	seen     map[int64]time.Time // kiosk → last rating
}

// importTarget resolves whom rating i of an import is about, as the public
// token of its channel would have.
func (s *FeedbackService) importTarget(ctx context.Context, tx *sqldb.Tx, i int, r feedback.Record, refs *importLinks) (*ratingTarget, error) {
	var err error
	t := &ratingTarget{RatingTarget: feedback.RatingTarget{Channel: r.Channel}}
	switch r.Channel {
	case feedback.ChannelKiosk:
		h := sqldb.HashToken(sqldb.CleanToken(r.KioskKey))
		k, ok := refs.kiosks[h]
		if !ok {
			var u unitRow
			if k, u, err = s.kioskByHash(ctx, tx, h); err != nil {
				return nil, err
			}
			if k == nil {
				return nil, importErr("Đánh giá", i, "không có máy đánh giá với khóa này.")
			}
			refs.kiosks[h], refs.units[u.id] = k, u
		}
		t.kioskID, t.UnitID = k.ID, k.UnitID
		if r.OfficialID != 0 {
			o, ok := refs.offs[r.OfficialID]
			if !ok || !pathWithin(refs.units[o].path, refs.units[k.UnitID].path) {
				return nil, importErr("Đánh giá", i, "cán bộ mã số %d không làm việc tại đơn vị của máy đánh giá.", r.OfficialID)
			}
			t.OfficialID, t.UnitID = r.OfficialID, o
		}
		if r.SubmittedAt.After(refs.seen[k.ID]) {
			refs.seen[k.ID] = r.SubmittedAt
		}
	case feedback.ChannelDossier:
		kk := dossierKey(r.UnitID, r.DossierCode)
		d, ok := refs.dossiers[kk]
		if !ok {
			if d, err = s.dossierByCode(ctx, tx, r.UnitID, r.DossierCode); err != nil {
				return nil, err
			}
			if d == nil {
				return nil, importErr("Đánh giá", i, "không có hồ sơ %s của đơn vị mã số %d.", r.DossierCode, r.UnitID)
			}
			refs.dossiers[kk] = d
		}
		if d.rated {
			return nil, importErr("Đánh giá", i, "hồ sơ %s đã được đánh giá.", d.code)
		}
		t.dossierID, t.DossierCode, t.UnitID, t.OfficialID = d.id, d.code, d.unitID, d.officialID
	default:
		switch {
		case r.OfficialID != 0:
			o, ok := refs.offs[r.OfficialID]
			if !ok {
				return nil, importErr("Đánh giá", i, "không có cán bộ mã số %d.", r.OfficialID)
			}
			if u, ok := refs.units[r.UnitID]; r.UnitID != 0 && (!ok || !pathWithin(refs.units[o].path, u.path)) {
				return nil, importErr("Đánh giá", i, "cán bộ mã số %d không làm việc tại đơn vị mã số %d.", r.OfficialID, r.UnitID)
			}
			t.OfficialID, t.UnitID = r.OfficialID, o
		case r.Channel == feedback.ChannelBadge:
			return nil, importErr("Đánh giá", i, "đánh giá qua thẻ cần mã số cán bộ.")
		default:
			if _, ok := refs.units[r.UnitID]; !ok {
				return nil, importErr("Đánh giá", i, "không có đơn vị mã số %d.", r.UnitID)
			}
			t.UnitID = r.UnitID
		}
	}
	return t, nil
}

// tallyImport counts the ratings an import writes into r.
func tallyImport(r *feedback.ImportResult, ps []*pendingRating) {
	for _, p := range ps {
		r.Ratings++
		r.Answers += len(p.fb.Answers)
		if p.fb.Comment != "" {
			r.Comments++
		}
		if p.fb.Verified {
			r.Verified++
		}
		switch p.fb.Status {
		case feedback.Accepted:
			r.Accepted++
		case feedback.Flagged:
			r.Flagged++
		case feedback.Rejected:
			r.Rejected++
		}
	}
}
