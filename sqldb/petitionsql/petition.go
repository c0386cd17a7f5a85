package petitionsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"congvu"
	"congvu/calendar"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
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
	cal   calendar.Source
}

// NewPetitionService returns the petition service; attachments are kept in
// blobs, and every deadline is counted on the working-day calendar of cal.
func NewPetitionService(db *sqldb.DB, blobs congvu.BlobStore, cal calendar.Source) *PetitionService {
	return &PetitionService{db: db, blobs: blobs, cal: cal}
}

var _ petition.Service = (*PetitionService)(nil)

// Text limits, in characters.
const (
	maxPetitionMessage     = 5000
	maxReporterMessage     = 2000
	minRevealReason        = 10
	maxRevealReason        = 500
	maxReporterMessagesDay = 20
	attachmentMaxAge       = 24 * time.Hour
)

// sealKeys returns the keys sealing reporters' identities, which the
// database does not hold (see sqldb.LoadSealKeys).
func (s *PetitionService) sealKeys() (*sqldb.SealKeys, error) {
	if s.db.Seal == nil {
		return nil, s.db.Internal("seal keys", errors.New("no sealing keys loaded (sqldb.LoadSealKeys)"))
	}
	return s.db.Seal, nil
}

// petitionIPRing is the ring of day keys under which reporters' addresses
// become pseudonyms (see sqldb.DayKey): a day's key is deleted after
// sqldb.DayKeyRetention, and that day's pseudonyms can no longer be
// reversed by trying every address.
const petitionIPRing = "petition.ip"

// ipHash is the pseudonym of the request's IP address ("" when unknown).
func (s *PetitionService) ipHash(ctx context.Context) (string, error) {
	return s.db.DayPseudonym(ctx, petitionIPRing, "ip", congvu.MetaFromContext(ctx).IP, s.db.Now())
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
	p.submitted_at, p.updated_at, p.closed_at, p.secret_hash, p.reporter_sealed, p.conclusion_public, p.reporter_summary,
	p.kind, p.accepted_at, p.suspended_at, p.suspended_from, p.extensions, COALESCE(o.is_leader, FALSE)`

const petitionFrom = ` FROM petitions p JOIN units su ON su.id = p.unit_id LEFT JOIN units hu ON hu.id = p.handler_unit_id
	LEFT JOIN officials o ON o.id = p.official_id`

func scanPetition(sc sqldb.Scanner) (*storedPetition, error) {
	p := &petition.Petition{}
	sp := &storedPetition{Petition: p}
	var ch, cat, status, concl, kind, suspendedFrom string
	var occurred, due, closed, accepted, suspended sql.NullTime
	if err := sc.Scan(&p.ID, &p.TrackingCode, &ch, &cat, &p.UnitID, &p.UnitName, &p.UnitPath, &p.OfficialID, &p.OfficialName,
		&p.SubjectText, &p.Description, &occurred, &p.Place, &p.Anonymous, &p.HasContact, &status, &p.HandlerUnitID,
		&p.HandlerName, &p.HandlerPath, &p.RejectReason, &concl, &p.ConclusionText, &due, &p.EscalatedTo,
		&p.SubmittedAt, &p.UpdatedAt, &closed, &sp.secretHash, &sp.sealed, &p.ConclusionPublic, &p.ReporterSummary,
		&kind, &accepted, &suspended, &suspendedFrom, &p.Extensions, &p.SubjectLeader); err != nil {
		return nil, err
	}
	p.Channel, p.Category, p.Status, p.Conclusion = petition.Channel(ch), petition.Category(cat), petition.Status(status), petition.Conclusion(concl)
	p.OccurredAt, p.DueAt, p.ClosedAt = sqldb.UTCPtr(occurred), sqldb.UTCPtr(due), sqldb.UTCPtr(closed)
	p.SubmittedAt, p.UpdatedAt = sqldb.UTC(p.SubmittedAt), sqldb.UTC(p.UpdatedAt)
	p.Kind, p.AcceptedAt, p.SuspendedAt, p.SuspendedFrom = petition.Kind(kind), sqldb.UTCPtr(accepted), sqldb.UTCPtr(suspended), petition.Status(suspendedFrom)
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
	pa, err := loadViewer(ctx, q, a)
	if err != nil {
		return nil, s.db.Internal("load actor's official", err)
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

// unitRef reads a unit a petition names (nil when there is none).
func (s *PetitionService) unitRef(ctx context.Context, q sqldb.Querier, id int64) (*sqldb.UnitRef, error) {
	return sqldb.LoadUnitRef(ctx, s.db, q, id)
}

// defaultHandler is the unit petitions about the unit with the given path go
// to: its nearest active ancestor (the supervising unit), or the unit
// itself for the root.
func (s *PetitionService) defaultHandler(ctx context.Context, q sqldb.Querier, path string) (*sqldb.UnitRef, error) {
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

// competentHandler is the unit a petition about the unit with the given
// path goes to under the competence rule c (petition.CompetenceRules: the
// body managing the official, the body above for heads and deputies), with
// the conflict-of-interest policy on top: never the subject's unit or a
// unit inside it, so the nearest active unit above; the root handles its
// own when nothing lies above.
func (s *PetitionService) competentHandler(ctx context.Context, q sqldb.Querier, path string, c petition.Competence) (*sqldb.UnitRef, error) {
	ids := sqldb.PathIDs(path)
	if len(ids) == 0 {
		return nil, s.db.Internal("competent handler", fmt.Errorf("bad unit path %q", path))
	}
	refs := make([]*sqldb.UnitRef, len(ids))
	paths, active := make([]string, len(ids)), make([]bool, len(ids))
	for i, id := range ids {
		u, err := s.unitRef(ctx, q, id)
		if err != nil {
			return nil, err
		}
		if u != nil {
			refs[i], paths[i], active[i] = u, u.Path, u.Active
		}
	}
	if i := c.CompetentAmong(&petition.Petition{UnitPath: path}, paths, active); i >= 0 {
		return refs[i], nil
	}
	return s.defaultHandler(ctx, q, path)
}

// DefaultHandler returns the unit petitions about unitID go to by default:
// its supervising (parent) unit, skipping units that have ceased to be
// active; the root unit handles its own. Public: the form says where a
// petition will go. ENOTFOUND. See petition.Service.
func (s *PetitionService) DefaultHandler(ctx context.Context, unitID int64) (*org.Unit, error) {
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
