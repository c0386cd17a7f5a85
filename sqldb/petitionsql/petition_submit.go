package petitionsql

import (
	"congvu"
	"congvu/attach"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

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
	// A file may name its reporter: who opened which one is recorded, like
	// a look at the reporter's identity.
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.Audit("petition.file_open", "petition", petitionID, p.HandlerUnitID, nil, fileOpened{a.ID, a.FileName, a.ContentType})
	})
	if err != nil {
		rc.Close()
		return nil, nil, err
	}
	return a, rc, nil
}

// fileOpened is what the audit log records of an opened attachment.
type fileOpened struct {
	AttachmentID int64  `json:"attachment_id"`
	FileName     string `json:"file_name"`
	ContentType  string `json:"content_type"`
}

// DiscardFiles removes files stored for a form that was then refused: each
// row still unclaimed whose id and blob key match (a guessed id removes
// nothing), then its blob. Files a petition holds are left alone. See
// petition.Service.
func (s *PetitionService) DiscardFiles(ctx context.Context, files []*petition.Attachment) error {
	ctx = context.WithoutCancel(ctx) // a client gone away must not leave them behind
	for _, a := range files {
		if a == nil || a.Key == "" {
			continue
		}
		r, err := s.db.Write.ExecContext(ctx, `DELETE FROM petition_attachments WHERE id = $1 AND blob_key = $2 AND petition_id IS NULL`, a.ID, a.Key)
		if err != nil {
			return s.db.Internal("discard attachment", err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			continue
		}
		if err := s.blobs.Delete(ctx, a.Key); err != nil {
			// The row is gone: the blob is unreachable, only disk is lost.
			s.db.Log.Error("discard attachment blob", "attachment", a.ID, "err", err)
		}
	}
	return nil
}

// ---- submission ----

// petitionSubject is whom a petition is about.
type petitionSubject struct {
	unit         sqldb.UnitRef
	officialID   int64
	officialName string
	leader       bool // the official is a head or deputy
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
		err = s.db.Read.QueryRowContext(ctx, `SELECT o.id, o.full_name, o.is_leader, u.id, u.name, u.path FROM officials o JOIN units u ON u.id = o.unit_id
			WHERE o.badge_token = $1 AND o.active = TRUE AND u.active = TRUE`, sqldb.CleanToken(badge)).
			Scan(&sub.officialID, &sub.officialName, &sub.leader, &sub.unit.ID, &sub.unit.Name, &sub.unit.Path)
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
		err = s.db.Read.QueryRowContext(ctx, `SELECT o.id, o.full_name, o.is_leader, u.id, u.name, u.path FROM officials o JOIN units u ON u.id = o.unit_id
			WHERE o.id = $1 AND o.active = TRUE AND u.active = TRUE`, in.OfficialID).
			Scan(&sub.officialID, &sub.officialName, &sub.leader, &sub.unit.ID, &sub.unit.Name, &sub.unit.Path)
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
// honeypot is refused with a generic EINVALID, a form sent too fast as
// petition.CheckFillTime says. A form whose FormKey filed a petition
// already, with the same petition.FormContent, gets that petition's
// receipt again (Repeated, no secret); with other content,
// petition.ErrFormUsed, naming nothing; either way nothing is stored,
// counted or sent. Only a form that filed nothing is refused for its age
// (Input.FormExpired: petition.ErrFormExpired). ELIMIT past
// petition.MaxPerIPPerDay. See petition.Service.
func (s *PetitionService) Submit(ctx context.Context, in petition.Input) (*petition.Receipt, error) {
	if strings.TrimSpace(in.Honeypot) != "" {
		return nil, errSubmitRefused()
	}
	formKey, digest := sql.NullString{}, sql.NullString{}
	if in.FormKey != "" {
		formKey = sql.NullString{String: sqldb.HashToken("petition-form:" + in.FormKey), Valid: true}
		// The nonce, never stored, keys the hash: it tells nothing of the
		// content, the sealed identity included.
		digest = sql.NullString{String: sqldb.HashToken("petition-form-content:" + in.FormKey + "\x00" + petition.FormContent(&in)), Valid: true}
		if rec, err := s.repeated(ctx, formKey.String, digest.String); rec != nil || err != nil {
			return rec, err
		}
	}
	if in.FormExpired {
		return nil, petition.ErrFormExpired()
	}
	if err := petition.CheckFillTime(in.FillTime); err != nil {
		return nil, err
	}
	sub, files, err := s.validate(ctx, &in)
	if err != nil {
		return nil, err
	}
	var sealKey []byte // checked before the transaction (SQLite's one writer)
	if !in.Anonymous {
		if sealKey, err = s.db.SealingKey(ctx); err != nil {
			return nil, err
		}
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
			if err := tx.QueryRowContext(tx.Ctx, `SELECT COUNT(*) FROM petitions WHERE `+petition.TrackingKeySQL("tracking_code")+` = $1`, code).Scan(&n); err != nil {
				return s.db.Internal("submit petition", err)
			}
			if n == 0 {
				break
			}
			if i == 5 {
				return s.db.Internal("submit petition", errors.New("no free tracking code"))
			}
		}
		kind := petition.SuggestKind(in.Category, in.Anonymous)
		handler, err := s.competentHandler(tx.Ctx, tx, sub.unit.Path, petition.CompetenceFor(kind, sub.leader))
		if err != nil {
			return err
		}
		sealed, hasContact := "", false
		if !in.Anonymous {
			if sealed, err = SealReporter(sealKey, code, in.Reporter); err != nil {
				return s.db.Internal("seal reporter", err)
			}
			hasContact = in.Reporter.Email != ""
		}
		search := PetitionSearchText(code, in.Category, sub.officialName, sub.unit.Name, in.SubjectText, in.Description, in.Place)
		var occurred sql.NullTime
		if in.OccurredAt != nil {
			occurred = sql.NullTime{Time: in.OccurredAt.UTC(), Valid: true}
		}
		// A form sent twice at once: the second insert finds the key taken
		// (waiting for the first to commit) and stores nothing.
		var id int64
		err = tx.QueryRowContext(tx.Ctx, `INSERT INTO petitions (tracking_code, secret_hash, channel, category, unit_id, official_id, subject_text,
			description, occurred_at, place, anonymous, reporter_sealed, has_contact, status, handler_unit_id, search_text, ip_hash, submitted_at, updated_at, form_key, form_digest, kind)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $20, $21) ON CONFLICT (form_key) DO NOTHING RETURNING id`,
			code, sqldb.HashToken(secret), string(in.Channel), string(in.Category), sub.unit.ID, sqldb.NullID(sub.officialID), in.SubjectText,
			in.Description, occurred, in.Place, in.Anonymous, sealed, hasContact, string(petition.Received), handler.ID, search, ipHash, tx.Now, formKey, digest, string(kind)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return errFormRepeated
		}
		if err != nil {
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
		due, err := s.startStage(tx, id, petition.StageAccept, handler.ID)
		if err != nil {
			return s.db.Internal("submit petition", err)
		}
		// The dashboard's rollups count it from now (petition_rollup.go).
		if err := addPetitionRollup(tx.Ctx, tx, id); err != nil {
			return err
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
			fmt.Sprintf("Có đơn mới cần %s.\n\nMã phản ánh: %s\nLoại đơn (gợi ý, xác nhận khi xem xét): %s\nLoại hành vi: %s\nBị phản ánh: %s\nHạn %s: %s\n\nXem và xử lý tại: /petitions/%d\n",
				strings.ToLower(petition.StageAccept.LabelFor(kind)), code, kind.Label(), in.Category.Label(), about,
				strings.ToLower(petition.StageAccept.LabelFor(kind)), due.In(congvu.TimeZone).Format("02/01/2006"), id)); err != nil {
			return err
		}
		out, err = s.load(tx.Ctx, tx, "p.id = $1", false, id)
		if err != nil {
			return err
		}
		return s.loadDetails(tx.Ctx, tx, out.Petition)
	})
	if errors.Is(err, errFormRepeated) {
		rec, err := s.repeated(ctx, formKey.String, digest.String)
		if err == nil && rec == nil {
			err = s.db.Internal("submit petition", errors.New("form key taken by no petition"))
		}
		return rec, err
	}
	if err != nil {
		return nil, err
	}
	return &petition.Receipt{TrackingCode: out.TrackingCode, Secret: secret, Petition: out.Petition}, nil
}

// errFormRepeated rolls back the submission of a form that filed a
// petition already.
var errFormRepeated = errors.New("petition form sent again")

// repeated returns the receipt, without its secret, of the petition filed
// by the form whose key hashes to formKey, when that petition was filed
// with the content that hashes to digest; petition.ErrFormUsed, naming
// nothing, when it was filed with other content; nil when there is none.
func (s *PetitionService) repeated(ctx context.Context, formKey, digest string) (*petition.Receipt, error) {
	var filed sql.NullString
	err := s.db.Read.QueryRowContext(ctx, `SELECT form_digest FROM petitions WHERE form_key = $1`, formKey).Scan(&filed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.db.Internal("form sent again", err)
	}
	if !filed.Valid || subtle.ConstantTimeCompare([]byte(filed.String), []byte(digest)) != 1 {
		return nil, petition.ErrFormUsed()
	}
	p, err := s.load(ctx, s.db.Read, "p.form_key = $1", false, formKey)
	if p == nil || err != nil {
		return nil, err
	}
	return &petition.Receipt{TrackingCode: p.TrackingCode, Petition: p.Petition, Repeated: true}, nil
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
func (s *PetitionService) mailHandlers(tx *sqldb.Tx, u *sqldb.UnitRef, petitionID int64, subject, body string) error {
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
func (s *PetitionService) mailReporter(tx *sqldb.Tx, idKey *sqldb.SealKeys, p *storedPetition, subject, body string) error {
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
