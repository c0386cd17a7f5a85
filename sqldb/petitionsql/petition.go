package petitionsql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/attach"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/vntext"
)

// PetitionService implements petition.Service.
//
// Reporters' identities are sealed at rest (see petition_seal.go) and only
// opened to mail the reporter or for a handler who gives a reason (logged
// in petition_identity_views and the audit log). Nothing identifying the
// reporter enters the audit log, the history, the search text or the
// handlers' email; public writes (submit, reporter's messages) are audited
// without the request's IP address.
type PetitionService struct {
	db    *sqldb.DB
	blobs congvu.BlobStore

	mu    sync.Mutex
	idKey []byte // AES-256 key sealing reporters' identities
	ipKey []byte // HMAC key for IP addresses in limits
}

// NewPetitionService returns the petition service; attachments are kept in
// blobs.
func NewPetitionService(db *sqldb.DB, blobs congvu.BlobStore) *PetitionService {
	return &PetitionService{db: db, blobs: blobs}
}

var _ petition.Service = (*PetitionService)(nil)

// Text limits, in characters.
const (
	maxPetitionReason      = 2000
	maxPetitionText        = 5000
	maxPetitionMessage     = 5000
	maxReporterMessage     = 2000
	minRevealReason        = 10
	maxRevealReason        = 500
	maxReporterMessagesDay = 20
	attachmentMaxAge       = 24 * time.Hour
)

// keys returns the sealing key and the IP key, creating them on first use.
// Call it outside a transaction: on SQLite the secrets are written through
// the single write connection.
func (s *PetitionService) keys(ctx context.Context) (idKey, ipKey []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idKey == nil {
		k, err := s.db.Secret(ctx, PetitionIdentityKey)
		if err != nil {
			return nil, nil, err
		}
		s.idKey = k
	}
	if s.ipKey == nil {
		k, err := s.db.Secret(ctx, petitionIPKey)
		if err != nil {
			return nil, nil, err
		}
		s.ipKey = k
	}
	return s.idKey, s.ipKey, nil
}

// ipHash is the pseudonym of the request's IP address ("" when unknown).
func (s *PetitionService) ipHash(ctx context.Context) (string, error) {
	ip := congvu.MetaFromContext(ctx).IP
	if ip == "" {
		return "", nil
	}
	_, k, err := s.keys(ctx)
	if err != nil {
		return "", err
	}
	return sqldb.Pseudonym(k, "ip", ip), nil
}

// reporterActor is who the audit log and the history name for a
// reporter's writes: nobody in particular (UserID 0: no rights).
var reporterActor = &congvu.Actor{Username: "citizen", FullName: "Người phản ánh"}

// asReporter returns ctx for a reporter's write: without the request's IP
// address and without any signed-in actor (a citizen browsing with a staff
// session, or an integration's token), so neither the audit log nor the
// history can name the reporter.
func asReporter(ctx context.Context) context.Context {
	m := congvu.MetaFromContext(ctx)
	m.IP = ""
	return congvu.NewContextWithActor(congvu.NewContextWithMeta(ctx, m), reporterActor)
}

// ---- loading ----

// storedPetition is a petition with what authorization and the reporter's
// side need.
type storedPetition struct {
	*petition.Petition
	secretHash string
	sealed     string
}

const petitionCols = `p.id, p.tracking_code, p.channel, p.category, p.unit_id, su.name, su.path, COALESCE(p.official_id, 0), COALESCE(o.full_name, ''),
	p.subject_text, p.description, p.occurred_at, p.place, p.anonymous, p.has_contact, p.status, COALESCE(p.handler_unit_id, 0),
	COALESCE(hu.name, ''), COALESCE(hu.path, ''), p.reject_reason, p.conclusion, p.conclusion_text, p.due_at, COALESCE(p.escalated_to, 0),
	p.submitted_at, p.updated_at, p.closed_at, p.secret_hash, p.reporter_sealed`

const petitionFrom = ` FROM petitions p JOIN units su ON su.id = p.unit_id LEFT JOIN units hu ON hu.id = p.handler_unit_id
	LEFT JOIN officials o ON o.id = p.official_id`

func scanPetition(sc sqldb.Scanner) (*storedPetition, error) {
	p := &petition.Petition{}
	sp := &storedPetition{Petition: p}
	var ch, cat, status, concl string
	var occurred, due, closed sql.NullTime
	if err := sc.Scan(&p.ID, &p.TrackingCode, &ch, &cat, &p.UnitID, &p.UnitName, &p.UnitPath, &p.OfficialID, &p.OfficialName,
		&p.SubjectText, &p.Description, &occurred, &p.Place, &p.Anonymous, &p.HasContact, &status, &p.HandlerUnitID,
		&p.HandlerName, &p.HandlerPath, &p.RejectReason, &concl, &p.ConclusionText, &due, &p.EscalatedTo,
		&p.SubmittedAt, &p.UpdatedAt, &closed, &sp.secretHash, &sp.sealed); err != nil {
		return nil, err
	}
	p.Channel, p.Category, p.Status, p.Conclusion = petition.Channel(ch), petition.Category(cat), petition.Status(status), petition.Conclusion(concl)
	p.OccurredAt, p.DueAt, p.ClosedAt = sqldb.UTCPtr(occurred), sqldb.UTCPtr(due), sqldb.UTCPtr(closed)
	p.SubmittedAt, p.UpdatedAt = sqldb.UTC(p.SubmittedAt), sqldb.UTC(p.UpdatedAt)
	return sp, nil
}

// load reads one petition, or nil when there is none. lock takes a row lock
// (PostgreSQL; SQLite's write transactions are exclusive already).
func (s *PetitionService) load(ctx context.Context, q sqldb.Querier, where string, lock bool, arg any) (*storedPetition, error) {
	query := `SELECT ` + petitionCols + petitionFrom + ` WHERE ` + where
	if lock && s.db.Engine == sqldb.Postgres {
		query += ` FOR UPDATE OF p`
	}
	p, err := scanPetition(q.QueryRowContext(ctx, query, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.db.Internal("load petition", err)
	}
	return p, nil
}

// loadDetails fills the breached items and attachments of p.
func (s *PetitionService) loadDetails(ctx context.Context, q sqldb.Querier, p *petition.Petition) error {
	items, err := sqldb.QueryAll(ctx, s.db, q, "load petition items", `SELECT item_code FROM petition_items WHERE petition_id = $1 ORDER BY item_code`,
		func(sc sqldb.Scanner) (string, error) {
			var c string
			return c, sc.Scan(&c)
		}, p.ID)
	if err != nil {
		return err
	}
	p.BreachedItems = items
	atts, err := sqldb.QueryAll(ctx, s.db, q, "load attachments", `SELECT `+attachmentCols+` FROM petition_attachments WHERE petition_id = $1 ORDER BY id`,
		scanAttachment, p.ID)
	if err != nil {
		return err
	}
	p.Attachments = atts
	return nil
}

const attachmentCols = `id, COALESCE(petition_id, 0), file_name, content_type, size, sha256, blob_key, created_at`

func scanAttachment(sc sqldb.Scanner) (*petition.Attachment, error) {
	a := &petition.Attachment{}
	if err := sc.Scan(&a.ID, &a.PetitionID, &a.FileName, &a.ContentType, &a.Size, &a.SHA256, &a.Key, &a.CreatedAt); err != nil {
		return nil, err
	}
	a.CreatedAt = sqldb.UTC(a.CreatedAt)
	return a, nil
}

// ---- authorization ----

// petitionActor is the reader of a petition, with the petition policy.
type petitionActor = petition.Viewer

// who returns the signed-in actor of ctx; EUNAUTH for a public request.
func (s *PetitionService) who(ctx context.Context, q sqldb.Querier) (*petitionActor, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	pa := &petitionActor{Actor: a}
	if a.OfficialID != 0 {
		err := q.QueryRowContext(ctx, `SELECT u.path FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.id = $1`, a.OfficialID).Scan(&pa.OfficialPath)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, s.db.Internal("load actor's official", err)
		}
	}
	return pa, nil
}

func errNoPetition() error { return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phản ánh.") }

// visible loads a petition the actor may see; ENOTFOUND otherwise.
func (s *PetitionService) visible(ctx context.Context, q sqldb.Querier, id int64, lock bool) (*storedPetition, *petitionActor, error) {
	pa, err := s.who(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.load(ctx, q, "p.id = $1", lock, id)
	if err != nil {
		return nil, nil, err
	}
	if p == nil || !pa.CanView(p.Petition) {
		return nil, nil, errNoPetition()
	}
	return p, pa, nil
}

// handling loads a petition the actor may act on (in a transaction, locked).
func (s *PetitionService) handling(ctx context.Context, tx *sqldb.Tx, id int64) (*storedPetition, *petitionActor, error) {
	p, pa, err := s.visible(ctx, tx, id, true)
	if err != nil {
		return nil, nil, err
	}
	if !pa.CanHandle(p.Petition) {
		return nil, nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xử lý phản ánh đang do %s giải quyết.", p.HandlerName)
	}
	return p, pa, nil
}

// ---- units ----

// unitRef is a unit as petitions need it.
type unitRef struct {
	ID     int64
	Name   string
	Path   string
	Active bool
}

func (s *PetitionService) unitRef(ctx context.Context, q sqldb.Querier, id int64) (*unitRef, error) {
	u := &unitRef{}
	err := q.QueryRowContext(ctx, `SELECT id, name, path, active FROM units WHERE id = $1`, id).Scan(&u.ID, &u.Name, &u.Path, &u.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.db.Internal("load unit", err)
	}
	return u, nil
}

// defaultHandler is the unit petitions about the unit with the given path go
// to: its nearest active ancestor (the supervising unit), or the unit
// itself for the root.
func (s *PetitionService) defaultHandler(ctx context.Context, q sqldb.Querier, path string) (*unitRef, error) {
	ids := sqldb.PathIDs(path)
	if len(ids) == 0 {
		return nil, s.db.Internal("default handler", fmt.Errorf("bad unit path %q", path))
	}
	for i := len(ids) - 2; i >= 0; i-- {
		u, err := s.unitRef(ctx, q, ids[i])
		if err != nil {
			return nil, err
		}
		if u != nil && u.Active {
			return u, nil
		}
	}
	u, err := s.unitRef(ctx, q, ids[len(ids)-1])
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, sqldb.NotFoundUnit()
	}
	return u, nil
}

// DefaultHandler returns the unit petitions about unitID go to by default:
// its supervising (parent) unit, skipping units that have ceased to be
// active; the root unit handles its own. Public: the form says where a
// petition will go. ENOTFOUND. See petition.Service.
func (s *PetitionService) DefaultHandler(ctx context.Context, unitID int64) (*congvu.Unit, error) {
	u, err := s.unitRef(ctx, s.db.Read, unitID)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, sqldb.NotFoundUnit()
	}
	h, err := s.defaultHandler(ctx, s.db.Read, u.Path)
	if err != nil {
		return nil, err
	}
	out, err := sqldb.ScanUnit(s.db.Read.QueryRowContext(ctx, `SELECT `+sqldb.UnitCols+` FROM units u WHERE u.id = $1`, h.ID))
	if err != nil {
		return nil, s.db.Internal("load unit", err)
	}
	return out, nil
}

// ---- attachments ----

// StoreFile cleans an upload and stores it, streaming: attach.Clean detects
// the type from the bytes, strips image metadata and enforces the size
// limit; the cleaned bytes are hashed and written to the blob store under a
// name made from the type and the hash (name, the citizen's, is not kept:
// it may name them). The
// row stays unlinked until a petition claims it (within a day). Uploads are
// limited per IP address. See petition.Service.
func (s *PetitionService) StoreFile(ctx context.Context, name string, r io.Reader) (*petition.Attachment, error) {
	ipHash, err := s.ipHash(ctx)
	if err != nil {
		return nil, err
	}
	if ipHash != "" {
		ok, err := sqldb.NewRateLimiter(s.db).Allow(ctx, "petition-file-ip:"+ipHash, petition.MaxPerIPPerDay*petition.MaxAttachments, 24*time.Hour)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, congvu.Errorf(congvu.ELIMIT, "Đã nhận quá nhiều tệp từ mạng này trong hôm nay. Xin vui lòng gửi lại vào ngày mai.")
		}
	}
	// upload → attach.Clean → (sha256, pipe) → blob store, all streaming.
	type cleaned struct {
		contentType string
		err         error
	}
	pr, pw := io.Pipe()
	h := sha256.New()
	done := make(chan cleaned, 1)
	go func() {
		ct, _, err := attach.Clean(io.MultiWriter(pw, h), r, petition.MaxAttachmentSize)
		pw.CloseWithError(err) // nil: the reader sees EOF
		done <- cleaned{ct, err}
	}()
	key, size, putErr := s.blobs.Put(ctx, pr)
	pr.CloseWithError(errors.New("blob store stopped reading")) // frees the writer if Put gave up early
	c := <-done
	if c.err != nil || putErr != nil {
		if putErr == nil {
			s.blobs.Delete(context.WithoutCancel(ctx), key)
		}
		if congvu.ErrorCode(c.err) == congvu.EINVALID {
			return nil, c.err
		}
		if putErr != nil {
			return nil, s.db.Internal("store attachment", putErr)
		}
		return nil, s.db.Internal("clean attachment", c.err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	a := &petition.Attachment{FileName: storedFileName(c.contentType, sum), ContentType: c.contentType, Size: size, SHA256: sum,
		Key: key, CreatedAt: s.db.Now().UTC()}
	if err := s.db.Write.QueryRowContext(ctx, `INSERT INTO petition_attachments (petition_id, file_name, content_type, size, sha256, blob_key, created_at)
		VALUES (NULL, $1, $2, $3, $4, $5, $6) RETURNING id`, a.FileName, a.ContentType, a.Size, a.SHA256, a.Key, a.CreatedAt).Scan(&a.ID); err != nil {
		s.blobs.Delete(context.WithoutCancel(ctx), key)
		return nil, s.db.Internal("store attachment", err)
	}
	return a, nil
}

// storedFileName names a stored attachment from its type and content: the
// citizen's own file name is not kept, for it may name them
// ("Don_NguyenVanDan.pdf").
func storedFileName(contentType, sha string) string {
	switch contentType {
	case "image/jpeg":
		return "anh-" + sha[:8] + ".jpg"
	case "image/png":
		return "anh-" + sha[:8] + ".png"
	case "application/pdf":
		return "tai-lieu-" + sha[:8] + ".pdf"
	}
	return "tep-" + sha[:8]
}

// OpenFile returns an attachment of a petition the actor sees. See
// petition.Service.
func (s *PetitionService) OpenFile(ctx context.Context, petitionID, attachmentID int64) (*petition.Attachment, io.ReadCloser, error) {
	p, pa, err := s.visible(ctx, s.db.Read, petitionID, false)
	if err != nil {
		return nil, nil, err
	}
	if !pa.Insider(p.Petition) {
		// A file may carry its author's name (PDF metadata, a screenshot).
		return nil, nil, congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người xử lý phản ánh mới được mở tệp đính kèm.")
	}
	a, err := scanAttachment(s.db.Read.QueryRowContext(ctx, `SELECT `+attachmentCols+` FROM petition_attachments WHERE id = $1 AND petition_id = $2`,
		attachmentID, petitionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tệp đính kèm.")
	}
	if err != nil {
		return nil, nil, s.db.Internal("load attachment", err)
	}
	rc, err := s.blobs.Open(ctx, a.Key)
	if err != nil {
		if congvu.ErrorCode(err) == congvu.ENOTFOUND {
			return nil, nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy nội dung tệp đính kèm.")
		}
		return nil, nil, s.db.Internal("open attachment", err)
	}
	return a, rc, nil
}

// ---- submission ----

// petitionSubject is whom a petition is about.
type petitionSubject struct {
	unit         unitRef
	officialID   int64
	officialName string
}

// resolveSubject works out the subject of in, adding field messages to v.
func (s *PetitionService) resolveSubject(ctx context.Context, in *petition.Input, v congvu.Validation) (*petitionSubject, error) {
	sub := &petitionSubject{}
	var err error
	badge, unitTok := strings.TrimSpace(in.BadgeToken), strings.TrimSpace(in.UnitToken)
	switch {
	case badge != "" && unitTok != "":
		v.Add("subject", "Mỗi phản ánh chỉ dùng một mã: mã thẻ cán bộ hoặc mã đơn vị.")
		return nil, nil
	case badge != "":
		err = s.db.Read.QueryRowContext(ctx, `SELECT o.id, o.full_name, u.id, u.name, u.path FROM officials o JOIN units u ON u.id = o.unit_id
			WHERE o.badge_token = $1 AND o.active = TRUE AND u.active = TRUE`, sqldb.CleanToken(badge)).
			Scan(&sub.officialID, &sub.officialName, &sub.unit.ID, &sub.unit.Name, &sub.unit.Path)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("subject", "Không tìm thấy cán bộ theo mã này; thẻ có thể đã được thay.")
			return nil, nil
		}
	case unitTok != "":
		err = s.db.Read.QueryRowContext(ctx, `SELECT u.id, u.name, u.path FROM unit_tokens t JOIN units u ON u.id = t.unit_id
			WHERE t.token = $1 AND u.active = TRUE`, sqldb.CleanToken(unitTok)).Scan(&sub.unit.ID, &sub.unit.Name, &sub.unit.Path)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("subject", "Không tìm thấy đơn vị theo mã này; mã có thể đã được thay.")
			return nil, nil
		}
	case in.OfficialID != 0:
		err = s.db.Read.QueryRowContext(ctx, `SELECT o.id, o.full_name, u.id, u.name, u.path FROM officials o JOIN units u ON u.id = o.unit_id
			WHERE o.id = $1 AND o.active = TRUE AND u.active = TRUE`, in.OfficialID).
			Scan(&sub.officialID, &sub.officialName, &sub.unit.ID, &sub.unit.Name, &sub.unit.Path)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("official_id", "Không tìm thấy cán bộ được chọn.")
			return nil, nil
		}
	case in.UnitID != 0:
		err = s.db.Read.QueryRowContext(ctx, `SELECT id, name, path FROM units WHERE id = $1 AND active = TRUE`, in.UnitID).
			Scan(&sub.unit.ID, &sub.unit.Name, &sub.unit.Path)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("unit_id", "Không tìm thấy cơ quan, đơn vị được chọn hoặc đơn vị đã ngừng hoạt động.")
			return nil, nil
		}
	default:
		v.Add("unit_id", "Xin chọn cơ quan, đơn vị hoặc cán bộ bị phản ánh.")
		return nil, nil
	}
	if err != nil {
		return nil, s.db.Internal("resolve petition subject", err)
	}
	sub.unit.Active = true
	return sub, nil
}

// checkFiles verifies that files are attachments stored by StoreFile within
// the last day and not yet claimed; it returns their ids, deduplicated.
func (s *PetitionService) checkFiles(ctx context.Context, files []*petition.Attachment, v congvu.Validation) ([]*petition.Attachment, error) {
	var out []*petition.Attachment
	seen := map[int64]bool{}
	for _, f := range files {
		if f == nil || seen[f.ID] {
			continue
		}
		seen[f.ID] = true
		out = append(out, f)
	}
	if len(out) > petition.MaxAttachments {
		v.Add("files", fmt.Sprintf("Chỉ được gửi kèm tối đa %d tệp.", petition.MaxAttachments))
		return nil, nil
	}
	since := s.db.Now().UTC().Add(-attachmentMaxAge)
	for _, f := range out {
		var n int
		if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM petition_attachments WHERE id = $1 AND blob_key = $2 AND petition_id IS NULL AND created_at >= $3`,
			f.ID, f.Key, since).Scan(&n); err != nil {
			return nil, s.db.Internal("check attachments", err)
		}
		if n == 0 {
			v.Add("files", "Tệp đính kèm không hợp lệ hoặc đã quá hạn; xin chọn và gửi lại tệp.")
			return nil, nil
		}
	}
	return out, nil
}

// petitionAudit is what the audit log records of a submission: never the
// reporter's identity, the IP address nor the text.
type petitionAudit struct {
	TrackingCode  string            `json:"tracking_code"`
	Channel       petition.Channel  `json:"channel"`
	Category      petition.Category `json:"category"`
	UnitID        int64             `json:"unit_id"`
	OfficialID    int64             `json:"official_id,omitempty"`
	HandlerUnitID int64             `json:"handler_unit_id"`
	Anonymous     bool              `json:"anonymous"`
	Attachments   []int64           `json:"attachments,omitempty"`
}

func errSubmitRefused() error {
	return congvu.Errorf(congvu.EINVALID, "Không gửi được phản ánh. Xin vui lòng kiểm tra lại nội dung và gửi lại.")
}

// validate normalises in and checks it, resolving its subject and files;
// EINVALID with field messages.
func (s *PetitionService) validate(ctx context.Context, in *petition.Input) (*petitionSubject, []*petition.Attachment, error) {
	v := congvu.Validation{}
	petition.ValidateInput(in, s.db.Now(), v)
	sub, err := s.resolveSubject(ctx, in, v)
	if err != nil {
		return nil, nil, err
	}
	files, err := s.checkFiles(ctx, in.Files, v)
	if err != nil {
		return nil, nil, err
	}
	return sub, files, v.Err()
}

// Validate checks in as Submit would, saving and counting nothing. See
// petition.Service.
func (s *PetitionService) Validate(ctx context.Context, in petition.Input) error {
	_, _, err := s.validate(ctx, &in)
	return err
}

// Submit validates and stores a petition (public), sealing the reporter's
// identity, starts its first deadline and notifies the handlers of its
// default handler unit (the subject's supervising unit). Field names of
// EINVALID: category, subject, unit_id, official_id, subject_text,
// description, occurred_at, place, reporter_name, reporter_phone,
// reporter_email, reporter_address, consent, files, channel. A filled
// honeypot or a form sent faster than petition.MinFillTime is refused
// with a generic EINVALID. ELIMIT past petition.MaxPerIPPerDay. See
// petition.Service.
func (s *PetitionService) Submit(ctx context.Context, in petition.Input) (*petition.Receipt, error) {
	if strings.TrimSpace(in.Honeypot) != "" || (in.FillTime > 0 && in.FillTime < petition.MinFillTime) {
		return nil, errSubmitRefused()
	}
	sub, files, err := s.validate(ctx, &in)
	if err != nil {
		return nil, err
	}
	idKey, _, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	ipHash, err := s.ipHash(ctx)
	if err != nil {
		return nil, err
	}
	if ipHash != "" {
		ok, err := sqldb.NewRateLimiter(s.db).Allow(ctx, "petition-submit-ip:"+ipHash, petition.MaxPerIPPerDay, 24*time.Hour)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, congvu.Errorf(congvu.ELIMIT, "Đã nhận quá nhiều phản ánh từ mạng này trong hôm nay. Xin vui lòng gửi lại vào ngày mai, hoặc phản ánh trực tiếp tại nơi tiếp công dân.")
		}
	}
	secret := petition.NewSecret()
	var out *storedPetition
	err = s.db.InTx(asReporter(ctx), func(tx *sqldb.Tx) error {
		var code string
		for i := 0; ; i++ {
			code = petition.NewTrackingCode()
			var n int
			if err := tx.QueryRowContext(tx.Ctx, `SELECT COUNT(*) FROM petitions WHERE tracking_code = $1`, code).Scan(&n); err != nil {
				return s.db.Internal("submit petition", err)
			}
			if n == 0 {
				break
			}
			if i == 5 {
				return s.db.Internal("submit petition", errors.New("no free tracking code"))
			}
		}
		handler, err := s.defaultHandler(tx.Ctx, tx, sub.unit.Path)
		if err != nil {
			return err
		}
		sealed, hasContact := "", false
		if !in.Anonymous {
			if sealed, err = SealReporter(idKey, code, in.Reporter); err != nil {
				return s.db.Internal("seal reporter", err)
			}
			hasContact = in.Reporter.Email != ""
		}
		search := PetitionSearchText(code, in.Category, sub.officialName, sub.unit.Name, in.SubjectText, in.Description, in.Place)
		var occurred sql.NullTime
		if in.OccurredAt != nil {
			occurred = sql.NullTime{Time: in.OccurredAt.UTC(), Valid: true}
		}
		var id int64
		if err := tx.QueryRowContext(tx.Ctx, `INSERT INTO petitions (tracking_code, secret_hash, channel, category, unit_id, official_id, subject_text,
			description, occurred_at, place, anonymous, reporter_sealed, has_contact, status, handler_unit_id, search_text, ip_hash, submitted_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id`,
			code, sqldb.HashToken(secret), string(in.Channel), string(in.Category), sub.unit.ID, sqldb.NullID(sub.officialID), in.SubjectText,
			in.Description, occurred, in.Place, in.Anonymous, sealed, hasContact, string(petition.Received), handler.ID, search, ipHash, tx.Now).Scan(&id); err != nil {
			return s.db.Internal("submit petition", err)
		}
		since := tx.Now.Add(-attachmentMaxAge)
		var attIDs []int64
		for _, f := range files {
			res, err := tx.ExecContext(tx.Ctx, `UPDATE petition_attachments SET petition_id = $1 WHERE id = $2 AND blob_key = $3 AND petition_id IS NULL AND created_at >= $4`,
				id, f.ID, f.Key, since)
			if err != nil {
				return s.db.Internal("link attachment", err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return congvu.FieldError("files", "Tệp đính kèm không hợp lệ hoặc đã quá hạn; xin chọn và gửi lại tệp.")
			}
			attIDs = append(attIDs, f.ID)
		}
		due, err := startStage(tx, id, petition.StageAccept, handler.ID)
		if err != nil {
			return s.db.Internal("submit petition", err)
		}
		if err := addEvent(tx, id, "submit", petition.Received, handler.ID, "", true); err != nil {
			return s.db.Internal("submit petition", err)
		}
		if err := tx.Audit("petition.submit", "petition", id, handler.ID, nil, petitionAudit{
			TrackingCode: code, Channel: in.Channel, Category: in.Category, UnitID: sub.unit.ID, OfficialID: sub.officialID,
			HandlerUnitID: handler.ID, Anonymous: in.Anonymous, Attachments: attIDs}); err != nil {
			return err
		}
		about := sub.unit.Name
		if sub.officialName != "" {
			about = sub.officialName + " (" + sub.unit.Name + ")"
		}
		if err := s.mailHandlers(tx, handler, id, "Phản ánh mới "+code,
			fmt.Sprintf("Có phản ánh mới cần xem xét, thụ lý.\n\nMã phản ánh: %s\nLoại hành vi: %s\nBị phản ánh: %s\nHạn xem xét, thụ lý: %s\n\nXem và xử lý tại: /petitions/%d\n",
				code, in.Category.Label(), about, due.In(congvu.TimeZone).Format("02/01/2006"), id)); err != nil {
			return err
		}
		out, err = s.load(tx.Ctx, tx, "p.id = $1", false, id)
		if err != nil {
			return err
		}
		return s.loadDetails(tx.Ctx, tx, out.Petition)
	})
	if err != nil {
		return nil, err
	}
	return &petition.Receipt{TrackingCode: out.TrackingCode, Secret: secret, Petition: out.Petition}, nil
}

// petitionSearchText is what petitions.search_text holds: the folded
// tracking code, category, subject (official and unit, or the reporter's
// words) and what happened, never the reporter's identity. Submit and the
// bulk generator (petitiongen.go) both write it.
func PetitionSearchText(code string, cat petition.Category, officialName, unitName, subjectText, description, place string) string {
	return vntext.SearchKey(code, cat.Label(), officialName, unitName, subjectText, description, place)
}

// mailHandlers queues an email about petition petitionID to each handler
// of unit u it does not concern.
func (s *PetitionService) mailHandlers(tx *sqldb.Tx, u *unitRef, petitionID int64, subject, body string) error {
	to, err := handlerEmails(tx.Ctx, tx, u.Path, petitionID)
	if err != nil {
		return s.db.Internal("handler emails", err)
	}
	for _, addr := range to {
		if err := enqueueMail(tx, addr, subject, body, u.ID, petitionID, false); err != nil {
			return s.db.Internal("queue email", err)
		}
	}
	return nil
}

// mailReporter queues an email to the reporter when they gave an email and
// are not anonymous. The body must hold nothing but courtesy and the
// tracking code.
func (s *PetitionService) mailReporter(tx *sqldb.Tx, idKey []byte, p *storedPetition, subject, body string) error {
	if p.Anonymous || !p.HasContact || p.sealed == "" {
		return nil
	}
	r, err := openReporter(idKey, p.TrackingCode, p.sealed)
	if err != nil {
		// The step must not fail for want of an email: log (without the
		// identity) and go on.
		s.db.Log.Error("cannot open reporter identity to send email", "petition", p.ID, "err", err)
		return nil
	}
	if err := enqueueMail(tx, r.Email, subject, body, p.HandlerUnitID, p.ID, true); err != nil {
		return s.db.Internal("queue email", err)
	}
	return nil
}

func reporterMail(code, what string) (subject, body string) {
	return "Phản ánh " + code + ": " + what,
		"Kính gửi Ông/Bà,\n\nPhản ánh mã " + code + " của Ông/Bà " + what + ".\n\n" +
			"Ông/Bà có thể xem chi tiết tại trang tra cứu phản ánh, bằng mã phản ánh và mã bí mật được cấp khi gửi.\n\n" +
			"Trân trọng cảm ơn Ông/Bà đã góp phần xây dựng nền công vụ văn minh, liêm chính.\n"
}

// ---- the reporter's side ----

func errTrackLimit() error {
	return congvu.Errorf(congvu.ELIMIT, "Tra cứu sai quá nhiều lần. Xin vui lòng thử lại sau một giờ.")
}

func errTrackNotFound() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy phản ánh với mã và mã bí mật này. Xin kiểm tra lại.")
}

// failures reads the hits of a limiter key in the current window, without
// adding one.
func (s *PetitionService) failures(ctx context.Context, key string) (int, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT hits FROM rate_limits WHERE key = $1 AND window_start >= $2`,
		key, s.db.Now().UTC().Truncate(petition.TrackFailureWindow)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, s.db.Internal("read rate limit", err)
	}
	return n, nil
}

// reporter checks a tracking code and secret. Failures are counted per IP
// address and per (existing) code; past the limits every lookup answers
// ELIMIT, even with the right secret.
func (s *PetitionService) reporter(ctx context.Context, code, secret string) (*storedPetition, error) {
	ipHash, err := s.ipHash(ctx)
	if err != nil {
		return nil, err
	}
	ipKey := ""
	if ipHash != "" {
		ipKey = "petition-track-ip:" + ipHash
		n, err := s.failures(ctx, ipKey)
		if err != nil {
			return nil, err
		}
		if n >= petition.MaxTrackFailuresPerIP {
			return nil, errTrackLimit()
		}
	}
	var p *storedPetition
	code = petition.NormalizeTrackingCode(code)
	// Failures count per code from one address, known code or not (so a
	// refusal never tells which codes exist), and per address: a stranger
	// who knows a code cannot lock its reporter out from elsewhere, and the
	// 80-bit secret leaves nothing to gain from many addresses.
	codeKey := "petition-track-code:" + code + "@" + ipHash
	n, err := s.failures(ctx, codeKey)
	if err != nil {
		return nil, err
	}
	if n >= petition.MaxTrackFailuresPerCode {
		return nil, errTrackLimit()
	}
	if code != "" {
		if p, err = s.load(ctx, s.db.Read, "p.tracking_code = $1", false, code); err != nil {
			return nil, err
		}
	}
	if p != nil && secretMatches(petition.NormalizeSecret(secret), p.secretHash) {
		return p, nil
	}
	lim := sqldb.NewRateLimiter(s.db)
	if ipKey != "" {
		if _, err := lim.Allow(ctx, ipKey, petition.MaxTrackFailuresPerIP, petition.TrackFailureWindow); err != nil {
			return nil, err
		}
	}
	if _, err := lim.Allow(ctx, codeKey, petition.MaxTrackFailuresPerCode, petition.TrackFailureWindow); err != nil {
		return nil, err
	}
	if p != nil {
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE petitions SET track_failures = track_failures + 1 WHERE id = $1`, p.ID); err != nil {
			return nil, s.db.Internal("count track failure", err)
		}
	}
	return nil, errTrackNotFound()
}

// Track returns the reporter's view: status, deadline, public history
// (without staff names; notes only for a rejection's reason and a
// conclusion's finding) and the messages. See petition.Service.
func (s *PetitionService) Track(ctx context.Context, code, secret string) (*petition.Public, error) {
	p, err := s.reporter(ctx, code, secret)
	if err != nil {
		return nil, err
	}
	out := &petition.Public{TrackingCode: p.TrackingCode, Category: p.Category, UnitName: p.UnitName, Status: p.Status,
		Conclusion: p.Conclusion, RejectReason: p.RejectReason, SubmittedAt: p.SubmittedAt, Anonymous: p.Anonymous,
		Events: []*petition.Event{}, Messages: []*petition.Message{}}
	if !p.Status.Final() {
		out.DueAt = p.DueAt
	}
	events, err := s.events(ctx, p.ID, true)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		e.ActorName, e.Note = "", ""
		switch e.Kind {
		case string(petition.StepReject):
			e.Note = p.RejectReason
		case string(petition.StepConclude):
			e.Note = p.Conclusion.Label()
		}
		out.Events = append(out.Events, e)
	}
	msgs, err := s.messages(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out.Messages = append(out.Messages, msgs...)
	return out, nil
}

// PostReporterMessage adds the reporter's message (checked like Track) and
// notifies the handlers. ECONFLICT once the petition is closed; ELIMIT
// past 20 messages a day. See petition.Service.
func (s *PetitionService) PostReporterMessage(ctx context.Context, code, secret, body string) error {
	body = vntext.CleanParagraphs(body)
	p, err := s.reporter(ctx, code, secret)
	if err != nil {
		return err
	}
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return congvu.FieldError("body", "Xin nhập nội dung.")
	case n > maxReporterMessage:
		return congvu.FieldError("body", fmt.Sprintf("Nội dung dài quá %d ký tự.", maxReporterMessage))
	}
	if p.Status.Final() {
		return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đã kết thúc xử lý nên không gửi thêm ý kiến được.")
	}
	ok, err := sqldb.NewRateLimiter(s.db).Allow(ctx, "petition-message:"+p.TrackingCode, maxReporterMessagesDay, 24*time.Hour)
	if err != nil {
		return err
	}
	if !ok {
		return congvu.Errorf(congvu.ELIMIT, "Đã gửi quá nhiều ý kiến trong hôm nay. Xin vui lòng gửi tiếp vào ngày mai.")
	}
	return s.db.InTx(asReporter(ctx), func(tx *sqldb.Tx) error {
		cur, err := s.load(tx.Ctx, tx, "p.id = $1", true, p.ID)
		if err != nil {
			return err
		}
		if cur.Status.Final() {
			return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đã kết thúc xử lý nên không gửi thêm ý kiến được.")
		}
		var id int64
		if err := tx.QueryRowContext(tx.Ctx, `INSERT INTO petition_messages (petition_id, from_agency, author_id, author_name, body, created_at)
			VALUES ($1, FALSE, NULL, '', $2, $3) RETURNING id`, p.ID, body, tx.Now).Scan(&id); err != nil {
			return s.db.Internal("post message", err)
		}
		if _, err := tx.ExecContext(tx.Ctx, `UPDATE petitions SET updated_at = $2 WHERE id = $1`, p.ID, tx.Now); err != nil {
			return s.db.Internal("post message", err)
		}
		if err := tx.Audit("petition.message", "petition", p.ID, cur.HandlerUnitID, nil, map[string]any{"message_id": id, "from_agency": false}); err != nil {
			return err
		}
		h := &unitRef{ID: cur.HandlerUnitID, Name: cur.HandlerName, Path: cur.HandlerPath}
		if h.Path == "" {
			return nil
		}
		return s.mailHandlers(tx, h, cur.ID, "Người phản ánh gửi thêm ý kiến: "+cur.TrackingCode,
			fmt.Sprintf("Người phản ánh vừa gửi thêm ý kiến về phản ánh %s.\n\nXem tại: /petitions/%d\n", cur.TrackingCode, cur.ID))
	})
}

// ---- staff reading ----

// FindPetition returns one petition with its breached items and
// attachments, never the reporter's identity. ENOTFOUND outside the
// actor's view and for the subject official. See petition.Service.
func (s *PetitionService) FindPetition(ctx context.Context, id int64) (*petition.Petition, error) {
	p, pa, err := s.visible(ctx, s.db.Read, id, false)
	if err != nil {
		return nil, err
	}
	if err := s.loadDetails(ctx, s.db.Read, p.Petition); err != nil {
		return nil, err
	}
	if !pa.Insider(p.Petition) {
		p.Attachments = nil // for those who handle it (see OpenFile)
	}
	p.Overdue = p.IsOverdue(s.db.Now())
	p.CanHandle = pa.CanHandle(p.Petition)
	return p.Petition, nil
}

func (s *PetitionService) events(ctx context.Context, id int64, publicOnly bool) ([]*petition.Event, error) {
	q := `SELECT e.id, e.petition_id, e.kind, e.status, COALESCE(e.unit_id, 0), COALESCE(u.name, ''), e.actor_name, e.note, e.public, e.at
		FROM petition_events e LEFT JOIN units u ON u.id = e.unit_id WHERE e.petition_id = $1`
	if publicOnly {
		q += ` AND e.public = TRUE`
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "load petition events", q+` ORDER BY e.at, e.id`, func(sc sqldb.Scanner) (*petition.Event, error) {
		e := &petition.Event{}
		var status string
		if err := sc.Scan(&e.ID, &e.PetitionID, &e.Kind, &status, &e.UnitID, &e.UnitName, &e.ActorName, &e.Note, &e.Public, &e.At); err != nil {
			return nil, err
		}
		e.Status, e.At = petition.Status(status), sqldb.UTC(e.At)
		return e, nil
	}, id)
}

func (s *PetitionService) messages(ctx context.Context, id int64) ([]*petition.Message, error) {
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "load petition messages", `SELECT id, petition_id, from_agency, author_name, body, created_at
		FROM petition_messages WHERE petition_id = $1 ORDER BY created_at, id`, scanPetitionMessage, id)
}

func scanPetitionMessage(sc sqldb.Scanner) (*petition.Message, error) {
	m := &petition.Message{}
	if err := sc.Scan(&m.ID, &m.PetitionID, &m.FromAgency, &m.AuthorName, &m.Body, &m.CreatedAt); err != nil {
		return nil, err
	}
	m.CreatedAt = sqldb.UTC(m.CreatedAt)
	return m, nil
}

func scanPetitionNote(sc sqldb.Scanner) (*petition.Note, error) {
	n := &petition.Note{}
	if err := sc.Scan(&n.ID, &n.PetitionID, &n.AuthorName, &n.Body, &n.CreatedAt); err != nil {
		return nil, err
	}
	n.CreatedAt = sqldb.UTC(n.CreatedAt)
	return n, nil
}

// History returns every event (with the staff who acted), the messages and
// the internal notes, oldest first. Viewers who are not insiders (see
// petitionActor.insider) get no notes, no identity readings in the events
// and no staff-only event notes. See petition.Service.
func (s *PetitionService) History(ctx context.Context, id int64) ([]*petition.Event, []*petition.Message, []*petition.Note, error) {
	p, pa, err := s.visible(ctx, s.db.Read, id, false)
	if err != nil {
		return nil, nil, nil, err
	}
	events, err := s.events(ctx, id, false)
	if err != nil {
		return nil, nil, nil, err
	}
	msgs, err := s.messages(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if !pa.Insider(p.Petition) {
		kept := events[:0]
		for _, e := range events {
			if e.Kind == "reveal" {
				continue
			}
			// Only what the reporter reads too: the reason of a refusal
			// and the finding.
			if !e.Public || (e.Kind != string(petition.StepReject) && e.Kind != string(petition.StepConclude)) {
				e.Note = ""
			}
			kept = append(kept, e)
		}
		return kept, msgs, nil, nil
	}
	notes, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "load petition notes", `SELECT id, petition_id, author_name, body, created_at
		FROM petition_notes WHERE petition_id = $1 ORDER BY created_at, id`, scanPetitionNote, id)
	if err != nil {
		return nil, nil, nil, err
	}
	return events, msgs, notes, nil
}

// ---- handling ----

// stepAudit is what the audit log records of a step.
type stepAudit struct {
	Status        petition.Status     `json:"status"`
	HandlerUnitID int64               `json:"handler_unit_id,omitempty"`
	Reason        string              `json:"reason,omitempty"`
	Conclusion    petition.Conclusion `json:"conclusion,omitempty"`
	Text          string              `json:"text,omitempty"`
	Items         []string            `json:"items,omitempty"`
	Note          string              `json:"note,omitempty"`
}

// targetUnit checks the unit a petition is assigned or transferred to: it
// exists, is active and lies outside the subject's subtree.
func (s *PetitionService) targetUnit(ctx context.Context, q sqldb.Querier, p *storedPetition, id int64) (*unitRef, error) {
	var u *unitRef
	var err error
	if id == 0 {
		u, err = s.defaultHandler(ctx, q, p.UnitPath)
	} else {
		u, err = s.unitRef(ctx, q, id)
	}
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Active {
		return nil, congvu.FieldError("unit_id", "Không tìm thấy đơn vị được chọn hoặc đơn vị đã ngừng hoạt động.")
	}
	if !p.MayBeHandledBy(u.Path) {
		return nil, congvu.FieldError("unit_id", "Không thể giao phản ánh cho chính đơn vị bị phản ánh hoặc đơn vị trực thuộc đơn vị đó.")
	}
	return u, nil
}

// checkItems returns the codes, normalised and deduplicated, when each is
// an item of the standard version in force (national, or local to the
// subject's unit or an ancestor).
func (s *PetitionService) checkItems(ctx context.Context, q sqldb.Querier, p *storedPetition, codes []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		c = sqldb.NormalizeStdCode(c)
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, congvu.FieldError("items", "Kết luận phản ánh đúng cần nêu ít nhất một chuẩn mực bị vi phạm.")
	}
	n := s.db.Now().In(congvu.TimeZone)
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	var a sqldb.Args
	var codePH, unitPH []string
	for _, c := range out {
		codePH = append(codePH, a.Add(c))
	}
	for _, id := range sqldb.PathIDs(p.UnitPath) {
		unitPH = append(unitPH, a.Add(id))
	}
	found, err := sqldb.QueryAll(ctx, s.db, q, "check standard items", `SELECT DISTINCT i.code FROM standard_items i
		WHERE i.version_id = (SELECT id FROM standard_versions WHERE effective_on <= `+a.Add(today)+` ORDER BY effective_on DESC, id DESC LIMIT 1)
		AND i.code IN (`+strings.Join(codePH, ", ")+`) AND (i.unit_id IS NULL OR i.unit_id IN (`+strings.Join(unitPH, ", ")+`))`,
		func(sc sqldb.Scanner) (string, error) {
			var c string
			return c, sc.Scan(&c)
		}, a...)
	if err != nil {
		return nil, err
	}
	ok := map[string]bool{}
	for _, c := range found {
		ok[c] = true
	}
	var bad []string
	for _, c := range out {
		if !ok[c] {
			bad = append(bad, c)
		}
	}
	if len(bad) > 0 {
		return nil, congvu.FieldError("items", "Không có trong bộ chuẩn mực đang áp dụng: "+strings.Join(bad, ", ")+".")
	}
	return out, nil
}

// Step takes a workflow step. Order of checks: the actor sees the petition
// (ENOTFOUND), may handle it and works outside the subject's subtree
// (EFORBIDDEN), the status allows the step (ECONFLICT), the input is
// complete (EINVALID on reason, unit_id, conclusion, text, items, note,
// step). A step that changes the deadline stage (and every transfer) starts
// a new deadline; handlers of a new unit and the reporter (accept, reject,
// conclude; when they gave an email and are not anonymous) are emailed.
// See petition.Service.
func (s *PetitionService) Step(ctx context.Context, id int64, in petition.StepInput) (*petition.Petition, error) {
	in.Reason, in.Note, in.Text = vntext.Clean(in.Reason), vntext.CleanParagraphs(in.Note), vntext.CleanParagraphs(in.Text)
	idKey, _, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	var out *storedPetition
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, _, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		to, known := petition.StepTo[in.Step]
		if !known {
			return congvu.FieldError("step", "Thao tác không hợp lệ.")
		}
		if !in.Step.Allowed(p.Status) {
			return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đang ở trạng thái “%s” nên không thể “%s”.", p.Status.Label(), in.Step.Label())
		}
		v := congvu.Validation{}
		if utf8.RuneCountInString(in.Note) > maxPetitionReason {
			v.Add("note", fmt.Sprintf("Ghi chú dài quá %d ký tự.", maxPetitionReason))
		}
		switch in.Step {
		case petition.StepReject, petition.StepTransfer:
			switch n := utf8.RuneCountInString(in.Reason); {
			case n == 0:
				v.Add("reason", "Xin nêu lý do.")
			case n > maxPetitionReason:
				v.Add("reason", fmt.Sprintf("Lý do dài quá %d ký tự.", maxPetitionReason))
			}
		case petition.StepConclude:
			if !in.Conclusion.Valid() {
				v.Add("conclusion", "Xin chọn kết luận: đúng, đúng một phần hoặc không có cơ sở.")
			}
			switch n := utf8.RuneCountInString(in.Text); {
			case n == 0:
				v.Add("text", "Xin ghi nội dung kết luận.")
			case n > maxPetitionText:
				v.Add("text", fmt.Sprintf("Nội dung kết luận dài quá %d ký tự.", maxPetitionText))
			}
			if in.Conclusion.Breached() && len(in.Items) == 0 { // told with the other fields; codes are checked below
				v.Add("items", "Kết luận phản ánh đúng cần nêu ít nhất một chuẩn mực bị vi phạm.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		handler := &unitRef{ID: p.HandlerUnitID, Name: p.HandlerName, Path: p.HandlerPath}
		reject, concl, text := p.RejectReason, p.Conclusion, p.ConclusionText
		var items []string
		notes := []string{}
		switch in.Step {
		case petition.StepAssign, petition.StepTransfer:
			if in.Step == petition.StepTransfer && in.UnitID == 0 {
				return congvu.FieldError("unit_id", "Xin chọn đơn vị nhận phản ánh.")
			}
			u, err := s.targetUnit(ctx, tx, p, in.UnitID)
			if err != nil {
				return err
			}
			if in.Step == petition.StepTransfer && u.ID == p.HandlerUnitID {
				return congvu.FieldError("unit_id", "Phản ánh đang do đơn vị này xử lý; xin chọn đơn vị khác.")
			}
			handler = u
			if in.Step == petition.StepTransfer {
				notes = append(notes, "Lý do chuyển: "+in.Reason)
			}
		case petition.StepReject:
			reject = in.Reason
			notes = append(notes, "Lý do: "+in.Reason)
		case petition.StepConclude:
			if in.Conclusion.Breached() {
				if items, err = s.checkItems(ctx, tx, p, in.Items); err != nil {
					return err
				}
			}
			concl, text = in.Conclusion, in.Text
			notes = append(notes, in.Conclusion.Label()+": "+in.Text)
		case petition.StepClose:
			var agency, reporter int
			// A reply about the result: sent since the conclusion (the
			// start of the close stage).
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN from_agency AND created_at >= (SELECT MAX(started_at) FROM petition_stages
					WHERE petition_id = $1 AND stage = 'close') THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN from_agency THEN 0 ELSE 1 END), 0)
				FROM petition_messages WHERE petition_id = $1`, id).Scan(&agency, &reporter); err != nil {
				return s.db.Internal("count messages", err)
			}
			if agency == 0 && !(p.Anonymous && reporter == 0) {
				return congvu.Errorf(congvu.ECONFLICT, "Cần gửi trả lời kết quả giải quyết cho người phản ánh trước khi đóng phản ánh.")
			}
		}
		if in.Note != "" {
			notes = append(notes, in.Note)
		}
		var closed sql.NullTime
		if to.Final() {
			closed = sql.NullTime{Time: tx.Now, Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE petitions SET status = $2, handler_unit_id = $3, reject_reason = $4, conclusion = $5, conclusion_text = $6,
			updated_at = $7, closed_at = $8 WHERE id = $1`, id, string(to), handler.ID, reject, string(concl), text, tx.Now, closed); err != nil {
			return s.db.Internal("petition step", err)
		}
		if in.Step == petition.StepConclude {
			if _, err := tx.ExecContext(ctx, `DELETE FROM petition_items WHERE petition_id = $1`, id); err != nil {
				return s.db.Internal("petition step", err)
			}
			for _, c := range items {
				if _, err := tx.ExecContext(ctx, `INSERT INTO petition_items (petition_id, item_code) VALUES ($1, $2)`, id, c); err != nil {
					return s.db.Internal("petition step", err)
				}
			}
		}
		var due time.Time
		if stage := petition.StageOf(to); stage != petition.StageOf(p.Status) || in.Step == petition.StepTransfer {
			if due, err = startStage(tx, id, stage, handler.ID); err != nil {
				return s.db.Internal("petition step", err)
			}
		}
		if err := addEvent(tx, id, string(in.Step), to, handler.ID, strings.Join(notes, "\n"), true); err != nil {
			return s.db.Internal("petition step", err)
		}
		if err := tx.Audit("petition."+string(in.Step), "petition", id, handler.ID,
			stepAudit{Status: p.Status, HandlerUnitID: p.HandlerUnitID},
			stepAudit{Status: to, HandlerUnitID: handler.ID, Reason: in.Reason, Conclusion: in.Conclusion, Text: in.Text, Items: items, Note: in.Note}); err != nil {
			return err
		}
		p.HandlerUnitID = handler.ID
		switch in.Step {
		case petition.StepAssign, petition.StepTransfer:
			deadline := ""
			if !due.IsZero() {
				deadline = "\nHạn xác minh, kết luận: " + due.In(congvu.TimeZone).Format("02/01/2006")
			}
			if err := s.mailHandlers(tx, handler, id, "Phản ánh "+p.TrackingCode+" được giao cho "+handler.Name,
				fmt.Sprintf("Phản ánh %s (%s) được giao cho %s để xác minh, kết luận.%s\n\nXem và xử lý tại: /petitions/%d\n",
					p.TrackingCode, p.Category.Label(), handler.Name, deadline, id)); err != nil {
				return err
			}
		case petition.StepAccept:
			sub, body := reporterMail(p.TrackingCode, "đã được thụ lý để xem xét, giải quyết")
			if err := s.mailReporter(tx, idKey, p, sub, body); err != nil {
				return err
			}
		case petition.StepReject:
			sub, body := reporterMail(p.TrackingCode, "đã được xem xét nhưng không đủ điều kiện thụ lý; lý do được ghi tại trang tra cứu")
			if err := s.mailReporter(tx, idKey, p, sub, body); err != nil {
				return err
			}
		case petition.StepConclude:
			sub, body := reporterMail(p.TrackingCode, "đã có kết luận")
			if err := s.mailReporter(tx, idKey, p, sub, body); err != nil {
				return err
			}
		}
		out, err = s.load(ctx, tx, "p.id = $1", false, id)
		if err != nil {
			return err
		}
		return s.loadDetails(ctx, tx, out.Petition)
	})
	if err != nil {
		return nil, err
	}
	out.Overdue = out.IsOverdue(s.db.Now())
	return out.Petition, nil
}

// AddNote adds an internal note (handlers only; the reporter never sees
// it). See petition.Service.
func (s *PetitionService) AddNote(ctx context.Context, id int64, body string) (*petition.Note, error) {
	body = vntext.CleanParagraphs(body)
	var out *petition.Note
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, pa, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		switch n := utf8.RuneCountInString(body); {
		case n == 0:
			return congvu.FieldError("body", "Xin nhập nội dung ghi chú.")
		case n > maxPetitionMessage:
			return congvu.FieldError("body", fmt.Sprintf("Ghi chú dài quá %d ký tự.", maxPetitionMessage))
		}
		out, err = scanPetitionNote(tx.QueryRowContext(ctx, `INSERT INTO petition_notes (petition_id, author_id, author_name, body, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id, petition_id, author_name, body, created_at`, id, sqldb.NullID(max(pa.UserID, 0)), pa.FullName, body, tx.Now))
		if err != nil {
			return s.db.Internal("add note", err)
		}
		return tx.Audit("petition.note", "petition", id, p.HandlerUnitID, nil, map[string]any{"note_id": out.ID, "chars": utf8.RuneCountInString(body)}) // the text stays in petition_notes: staff may name the reporter there
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reply sends a message to the reporter on behalf of the handler unit (its
// name, not the person's, signs it), emailed when the reporter gave an
// email and is not anonymous. ECONFLICT once closed. See
// petition.Service.
func (s *PetitionService) Reply(ctx context.Context, id int64, body string) (*petition.Message, error) {
	body = vntext.CleanParagraphs(body)
	idKey, _, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	var out *petition.Message
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, pa, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status == petition.Closed {
			return congvu.Errorf(congvu.ECONFLICT, "Phản ánh đã đóng nên không gửi thêm trả lời được.")
		}
		switch n := utf8.RuneCountInString(body); {
		case n == 0:
			return congvu.FieldError("body", "Xin nhập nội dung trả lời.")
		case n > maxPetitionMessage:
			return congvu.FieldError("body", fmt.Sprintf("Nội dung trả lời dài quá %d ký tự.", maxPetitionMessage))
		}
		out, err = scanPetitionMessage(tx.QueryRowContext(ctx, `INSERT INTO petition_messages (petition_id, from_agency, author_id, author_name, body, created_at)
			VALUES ($1, TRUE, $2, $3, $4, $5) RETURNING id, petition_id, from_agency, author_name, body, created_at`,
			id, sqldb.NullID(max(pa.UserID, 0)), p.HandlerName, body, tx.Now))
		if err != nil {
			return s.db.Internal("reply", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE petitions SET updated_at = $2 WHERE id = $1`, id, tx.Now); err != nil {
			return s.db.Internal("reply", err)
		}
		if err := tx.Audit("petition.reply", "petition", id, p.HandlerUnitID, nil, map[string]any{"message_id": out.ID, "chars": utf8.RuneCountInString(body)}); err != nil { // the text is in petition_messages
			return err
		}
		sub, mbody := reporterMail(p.TrackingCode, "có trả lời mới của cơ quan giải quyết")
		return s.mailReporter(tx, idKey, p, sub, mbody)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevealReporter opens the reporter's identity for a handler of the
// petition who is not conflicted, with a reason of at least 10 characters,
// recording the reading (petition_identity_views, a private history event
// and the audit log, each with the reason only). See
// petition.Service.
func (s *PetitionService) RevealReporter(ctx context.Context, id int64, reason string) (*petition.Reporter, error) {
	reason = vntext.Clean(reason)
	idKey, _, err := s.keys(ctx)
	if err != nil {
		return nil, err
	}
	var out *petition.Reporter
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		p, pa, err := s.handling(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Anonymous || p.sealed == "" {
			return congvu.Errorf(congvu.ENOTFOUND, "Người phản ánh ẩn danh.")
		}
		switch n := utf8.RuneCountInString(reason); {
		case n < minRevealReason:
			return congvu.FieldError("reason", fmt.Sprintf("Xin nêu lý do cần xem thông tin người phản ánh (ít nhất %d ký tự).", minRevealReason))
		case n > maxRevealReason:
			return congvu.FieldError("reason", fmt.Sprintf("Lý do dài quá %d ký tự.", maxRevealReason))
		}
		r, err := openReporter(idKey, p.TrackingCode, p.sealed)
		if err != nil {
			return s.db.Internal("open reporter identity", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO petition_identity_views (petition_id, user_id, user_name, reason, at) VALUES ($1, $2, $3, $4, $5)`,
			id, pa.UserID, pa.FullName, reason, tx.Now); err != nil {
			return s.db.Internal("log identity view", err)
		}
		if err := addEvent(tx, id, "reveal", p.Status, p.HandlerUnitID, reason, false); err != nil {
			return s.db.Internal("log identity view", err)
		}
		if err := tx.Audit("petition.reveal", "petition", id, p.HandlerUnitID, nil, map[string]any{"reason": reason}); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// IdentityViews lists the readings of the reporter's identity, newest
// first, to insiders (see petitionActor.insider); other viewers get none.
// See petition.Service.
func (s *PetitionService) IdentityViews(ctx context.Context, id int64) ([]*petition.IdentityView, error) {
	p, pa, err := s.visible(ctx, s.db.Read, id, false)
	if err != nil {
		return nil, err
	}
	if !pa.Insider(p.Petition) {
		return nil, nil
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "load identity views", `SELECT id, petition_id, user_id, user_name, reason, at
		FROM petition_identity_views WHERE petition_id = $1 ORDER BY at DESC, id DESC`, func(sc sqldb.Scanner) (*petition.IdentityView, error) {
		v := &petition.IdentityView{}
		if err := sc.Scan(&v.ID, &v.PetitionID, &v.UserID, &v.UserName, &v.Reason, &v.At); err != nil {
			return nil, err
		}
		v.At = sqldb.UTC(v.At)
		return v, nil
	}, id)
}
