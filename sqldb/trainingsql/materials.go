package trainingsql

import (
	"bytes"
	"congvu"
	"congvu/sqldb"
	"congvu/standard"
	"congvu/training"
	"context"
	"encoding/json"
	"io"
	"strings"
)

const materialCols = `m.id, m.kind, COALESCE(m.catalog_version_id, 0), m.item_code, m.title, m.meaning, m.good_examples, m.bad_examples,
	m.legal_source, COALESCE(m.unit_id, 0), COALESCE(u.path, ''), m.file_name, m.content_type, m.size, m.blob_key, m.position, m.updated_at`

const materialFrom = ` FROM training_materials m LEFT JOIN units u ON u.id = m.unit_id`

func scanMaterial(sc sqldb.Scanner) (*training.Material, error) {
	m := &training.Material{}
	var good, bad string
	if err := sc.Scan(&m.ID, &m.Kind, &m.CatalogVersionID, &m.ItemCode, &m.Title, &m.Meaning, &good, &bad, &m.LegalSource, &m.UnitID,
		&m.UnitPath, &m.FileName, &m.ContentType, &m.Size, &m.BlobKey, &m.Position, &m.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(good), &m.GoodExamples); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(bad), &m.BadExamples); err != nil {
		return nil, err
	}
	m.UpdatedAt = m.UpdatedAt.UTC()
	return m, nil
}

func errNoMaterial() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tài liệu.") }

func (s *Service) loadMaterial(ctx context.Context, q sqldb.Querier, id int64) (*training.Material, error) {
	m, err := scanMaterial(q.QueryRowContext(ctx, `SELECT `+materialCols+materialFrom+` WHERE m.id = $1`, id))
	if isNoRows(err) {
		return nil, errNoMaterial()
	}
	if err != nil {
		return nil, s.db.Internal("load training material", err)
	}
	return m, nil
}

// canReadDocument reports whether a reads a document of the unit at path:
// staff reading training there, or anyone whose grant lies in its subtree
// (a document of a province is for every commune of it).
func canReadDocument(a *congvu.Actor, path string) bool {
	if a.IsAnonymous() {
		return false
	}
	if training.CanView(a, path) {
		return true
	}
	for _, g := range a.Grants {
		if strings.HasPrefix(g.UnitPath, path) {
			return true
		}
	}
	return false
}

func marshalList(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// buildItems writes the materials of a catalog version's national items
// when it has none yet (training.ItemMaterial, or what was written for the
// item in an earlier version).
func (s *Service) buildItems(ctx context.Context, versionID int64) error {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_materials WHERE kind = 'item' AND catalog_version_id = $1`, versionID).Scan(&n); err != nil {
		return s.db.Internal("count training materials", err)
	}
	if n > 0 {
		return nil
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		items, err := sqldb.QueryAll(ctx, s.db, tx, "catalog items", `SELECT i.code, i.title, i.description, i.basis_document, i.basis_section
			FROM standard_items i LEFT JOIN standard_groups g ON g.version_id = i.version_id AND g.code = i.group_code
			WHERE i.version_id = $1 AND i.unit_id IS NULL ORDER BY COALESCE(g.position, 0), i.position, i.id`,
			func(sc sqldb.Scanner) (*standard.Item, error) {
				it := &standard.Item{}
				return it, sc.Scan(&it.Code, &it.Title, &it.Description, &it.Basis.Document, &it.Basis.Section)
			}, versionID)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phiên bản bộ chuẩn mực.")
		}
		// What people wrote for an item in an earlier version (edited after
		// it was built) carries over to the new version's item of the same
		// code: a new catalog does not undo the units' teaching work.
		edited := map[string]*training.Material{}
		prev, err := sqldb.QueryAll(ctx, s.db, tx, "earlier training materials", `SELECT m.item_code, m.meaning, m.good_examples, m.bad_examples
			FROM training_materials m JOIN standard_versions v ON v.id = m.catalog_version_id
			WHERE m.kind = 'item' AND m.catalog_version_id <> $1 AND m.updated_at > m.created_at
			ORDER BY v.effective_on DESC, v.id DESC`, func(sc sqldb.Scanner) (*training.Material, error) {
			m := &training.Material{}
			var good, bad string
			if err := sc.Scan(&m.ItemCode, &m.Meaning, &good, &bad); err != nil {
				return nil, err
			}
			if err := json.Unmarshal([]byte(good), &m.GoodExamples); err != nil {
				return nil, err
			}
			return m, json.Unmarshal([]byte(bad), &m.BadExamples)
		}, versionID)
		if err != nil {
			return err
		}
		for _, m := range prev {
			if edited[m.ItemCode] == nil {
				edited[m.ItemCode] = m
			}
		}
		built := 0
		for i, it := range items {
			m := training.ItemMaterial(it, versionID, i+1)
			if e := edited[it.Code]; e != nil {
				m.Meaning, m.GoodExamples, m.BadExamples = e.Meaning, e.GoodExamples, e.BadExamples
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO training_materials (kind, catalog_version_id, item_code, title, meaning, good_examples,
				bad_examples, legal_source, position, created_at, updated_at) VALUES ('item', $1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
				ON CONFLICT (catalog_version_id, item_code) WHERE kind = 'item' DO NOTHING`,
				versionID, m.ItemCode, m.Title, m.Meaning, marshalList(m.GoodExamples), marshalList(m.BadExamples), m.LegalSource, m.Position, tx.Now)
			if err != nil {
				return s.db.Internal("build training materials", err)
			}
			k, _ := res.RowsAffected()
			built += int(k)
		}
		if built == 0 {
			return nil
		}
		return tx.Audit("training.material.update", "standard_version", versionID, 0, nil, map[string]any{"built": built})
	})
}

// Materials lists the materials of a catalog version (0: the version in
// force today): its items, built on first use, then the documents the
// actor reads, newest first.
func (s *Service) Materials(ctx context.Context, catalogVersionID int64) ([]*training.Material, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	if catalogVersionID == 0 {
		err := s.db.Read.QueryRowContext(ctx, `SELECT id FROM standard_versions WHERE effective_on <= $1 ORDER BY effective_on DESC, id DESC LIMIT 1`,
			dayArg(s.today())).Scan(&catalogVersionID)
		if isNoRows(err) {
			return nil, congvu.Errorf(congvu.ENOTFOUND, "Chưa có bộ chuẩn mực nào có hiệu lực.")
		}
		if err != nil {
			return nil, s.db.Internal("training catalog version", err)
		}
	}
	if err := s.buildItems(ctx, catalogVersionID); err != nil {
		return nil, err
	}
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "training materials", `SELECT `+materialCols+materialFrom+`
		WHERE (m.kind = 'item' AND m.catalog_version_id = $1) OR m.kind = 'document'
		ORDER BY CASE WHEN m.kind = 'item' THEN 0 ELSE 1 END, m.position, m.updated_at DESC, m.id DESC`, scanMaterial, catalogVersionID)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, m := range list {
		if m.Kind == training.MaterialItem || canReadDocument(a, m.UnitPath) {
			out = append(out, m)
		}
	}
	return out, nil
}

// UpdateMaterial edits a material: an item's meaning and examples
// (national content: ActTrainingManage on the whole country), or a
// document's title and description (its unit's managers).
func (s *Service) UpdateMaterial(ctx context.Context, id int64, in training.MaterialInput) (*training.Material, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.loadMaterial(ctx, tx, id)
		if err != nil {
			return err
		}
		switch before.Kind {
		case training.MaterialItem:
			if !training.CanManage(a, congvu.RootUnitPath) {
				return congvu.Errorf(congvu.EFORBIDDEN, "Nội dung chuẩn mực dùng chung cả nước: chỉ cán bộ quản lý bồi dưỡng cấp quốc gia sửa được.")
			}
			if err := in.ValidateItem(); err != nil {
				return err
			}
		default:
			if !training.CanManage(a, before.UnitPath) {
				if !canReadDocument(a, before.UnitPath) {
					return errNoMaterial()
				}
				return errManage()
			}
			in.UnitID, in.FileName = before.UnitID, before.FileName
			if err := in.ValidateDocument(); err != nil {
				return err
			}
			in.LegalSource = before.LegalSource
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_materials SET title = $1, meaning = $2, good_examples = $3, bad_examples = $4,
			legal_source = $5, updated_by = $6, updated_at = $7 WHERE id = $8`, in.Title, in.Meaning, marshalList(in.GoodExamples),
			marshalList(in.BadExamples), in.LegalSource, sqldb.NullID(max(a.UserID, 0)), tx.Now, id); err != nil {
			return s.db.Internal("update training material", err)
		}
		after, err := s.loadMaterial(ctx, tx, id)
		if err != nil {
			return err
		}
		return tx.Audit("training.material.update", "training_material", id, before.UnitID, before, after)
	})
	if err != nil {
		return nil, err
	}
	return s.loadMaterial(ctx, s.db.Read, id)
}

// UploadDocument stores a document (PDF, DOCX or PPTX, sniffed, at most
// training.MaxDocument) for a unit where the actor manages training.
func (s *Service) UploadDocument(ctx context.Context, in training.MaterialInput, r io.Reader) (*training.Material, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	if err := in.ValidateDocument(); err != nil {
		return nil, err
	}
	u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, in.UnitID)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị.")
	}
	if !training.CanManage(a, u.Path) {
		return nil, errManage()
	}
	content, err := io.ReadAll(io.LimitReader(r, training.MaxDocument+1))
	if err != nil {
		return nil, s.db.Internal("read training document", err)
	}
	ct, err := training.DocumentType(in.FileName, content)
	if err != nil {
		return nil, err
	}
	key, size, err := s.blobs.Put(ctx, bytes.NewReader(content))
	if err != nil {
		return nil, s.db.Internal("store training document", err)
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO training_materials (kind, title, meaning, unit_id, file_name, content_type, size, blob_key,
			updated_by, created_at, updated_at) VALUES ('document', $1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			in.Title, in.Meaning, u.ID, in.FileName, ct, size, key, sqldb.NullID(max(a.UserID, 0)), tx.Now).Scan(&id); err != nil {
			return s.db.Internal("insert training document", err)
		}
		m, err := s.loadMaterial(ctx, tx, id)
		if err != nil {
			return err
		}
		return tx.Audit("training.material.upload", "training_material", id, u.ID, nil, m)
	})
	if err != nil {
		s.blobs.Delete(context.WithoutCancel(ctx), key)
		return nil, err
	}
	return s.loadMaterial(ctx, s.db.Read, id)
}

// OpenDocument returns an uploaded document the actor reads, with its
// content (the caller closes it).
func (s *Service) OpenDocument(ctx context.Context, id int64) (*training.Material, io.ReadCloser, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, nil, errSignIn()
	}
	m, err := s.loadMaterial(ctx, s.db.Read, id)
	if err != nil {
		return nil, nil, err
	}
	if m.Kind != training.MaterialDocument || !canReadDocument(a, m.UnitPath) {
		return nil, nil, errNoMaterial()
	}
	rc, err := s.blobs.Open(ctx, m.BlobKey)
	if err != nil {
		return nil, nil, err
	}
	return m, rc, nil
}
