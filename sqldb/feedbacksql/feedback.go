package feedbacksql

import (
	"congvu/feedback"
	"congvu/sqldb"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"congvu"
)

// FeedbackService implements feedback.Service.
//
// Submit hands each rating to the batch writer goroutine, which writes
// everything queued (up to maxFeedbackBatch ratings) in one transaction —
// the rows, their answers and the rollups, aggregated per key so a hot row
// is written once — commits, and only then answers every waiting Submit
// (group commit): many concurrent ratings share one durable commit, and
// nothing is acknowledged before it is durable.
//
// Ratings are citizen evidence, not staff writes: Submit records no audit
// event (the rating row itself is the record, and an audit row per rating
// would double the hot path). Every staff write — a review, a kiosk created
// or revoked, a unit token issued, a dossier registered — is audited.
//
// The counters of the rules against ballot stuffing (per address
// pseudonym, per address and official, per device, bursts per official)
// are rows of feedback_counters, updated by the batch's own transaction
// with one statement per batch on PostgreSQL: every app server behind a
// load balancer counts into the same ones, and a restart resets nothing
// (see feedback_limits.go).
type FeedbackService struct {
	db    *sqldb.DB
	queue chan *pendingRating
	stop  chan struct{}
	done  chan struct{}

	mu     sync.RWMutex // held for reading while sending to queue
	closed bool

	secretMu sync.Mutex
	secret   []byte

	targets *targetCache // public tokens recently resolved

	// Touched by the batch writer goroutine only.
	lastPrune time.Time    // of feedback_counters
	sq        *sqliteStmts // prepared on first use (SQLite)
	pgIDs     []int64      // feedback ids reserved from the sequence (PostgreSQL)

	batches, ratings atomic.Int64 // committed group commits and the ratings they wrote
}

// FeedbackStats counts the batcher's work since the service started.
type FeedbackStats struct {
	Batches int64 // transactions committed with at least one new rating
	Ratings int64 // ratings written by them
}

// Stats returns the batcher's counters: Ratings/Batches is the mean group
// commit size.
func (s *FeedbackService) Stats() FeedbackStats {
	return FeedbackStats{Batches: s.batches.Load(), Ratings: s.ratings.Load()}
}

// maxFeedbackBatch is how many ratings one group commit writes at most.
const maxFeedbackBatch = 256

var _ feedback.Service = (*FeedbackService)(nil)

// NewFeedbackService returns the feedback service of db and starts its
// batcher. Call Close before closing db.
func NewFeedbackService(db *sqldb.DB) *FeedbackService {
	s := &FeedbackService{
		db:      db,
		queue:   make(chan *pendingRating, 4*maxFeedbackBatch),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		targets: newTargetCache(),
	}
	go s.run()
	return s
}

// Close writes what is queued, stops the batcher and waits for it. Submit
// fails with EINTERNAL afterwards. Close may be called more than once.
func (s *FeedbackService) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		<-s.done
		return
	}
	s.closed = true
	s.mu.Unlock()
	close(s.stop)
	<-s.done
}

// RollupDay is the day a moment counts under in the rollup tables: its date
// in congvu.TimeZone, as midnight UTC (the form DATE columns are written and
// compared in, on both engines).
func RollupDay(t time.Time) time.Time {
	y, m, d := t.In(congvu.TimeZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ratingTarget is a resolved public token: whom a rating is about, with
// what the write path needs.
type ratingTarget struct {
	feedback.RatingTarget
	unitPath  string
	kioskID   int64
	dossierID int64
	// key is the token as stored (a badge or unit token, a kiosk key's
	// hash), which the batcher checks again before writing.
	key string
}

func errNoTarget(ch feedback.Channel) error {
	switch ch {
	case feedback.ChannelBadge:
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ theo mã này; thẻ có thể đã được thay.")
	case feedback.ChannelCounter:
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đơn vị theo mã này; mã có thể đã được thay.")
	case feedback.ChannelKiosk:
		return congvu.Errorf(congvu.ENOTFOUND, "Máy đánh giá không tồn tại hoặc đã bị thu hồi.")
	case feedback.ChannelDossier:
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy hồ sơ theo đường dẫn này.")
	}
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy nơi được đánh giá.")
}

func errDossierRated() error {
	return congvu.Errorf(congvu.ECONFLICT, "Hồ sơ này đã được đánh giá.")
}

// resolve looks a public token up (no actor needed).
func (s *FeedbackService) resolve(ctx context.Context, ch feedback.Channel, token string) (*ratingTarget, error) {
	token = sqldb.CleanToken(token)
	if token == "" {
		return nil, errNoTarget(ch)
	}
	t := &ratingTarget{RatingTarget: feedback.RatingTarget{Channel: ch}}
	var err error
	switch ch {
	case feedback.ChannelBadge:
		err = s.db.Read.QueryRowContext(ctx, `SELECT o.id, o.full_name, o.position, u.id, u.name, u.path
			FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.badge_token = $1 AND o.active = TRUE`, token).
			Scan(&t.OfficialID, &t.OfficialName, &t.Position, &t.UnitID, &t.UnitName, &t.unitPath)
		t.key = token
	case feedback.ChannelCounter:
		err = s.db.Read.QueryRowContext(ctx, `SELECT u.id, u.name, u.path FROM unit_tokens t JOIN units u ON u.id = t.unit_id
			WHERE t.token = $1 AND u.active = TRUE`, token).Scan(&t.UnitID, &t.UnitName, &t.unitPath)
		t.key = token
	case feedback.ChannelKiosk:
		t.key = sqldb.HashToken(token)
		err = s.db.Read.QueryRowContext(ctx, `SELECT k.id, u.id, u.name, u.path FROM kiosks k JOIN units u ON u.id = k.unit_id
			WHERE k.key_hash = $1 AND k.active = TRUE AND u.active = TRUE`, t.key).Scan(&t.kioskID, &t.UnitID, &t.UnitName, &t.unitPath)
	case feedback.ChannelDossier:
		var returned, rated sql.NullTime
		err = s.db.Read.QueryRowContext(ctx, `SELECT d.id, d.code, u.id, u.name, u.path, COALESCE(o.id, 0), COALESCE(o.full_name, ''), COALESCE(o.position, ''), d.returned_at, d.rated_at
			FROM dossiers d JOIN units u ON u.id = d.unit_id LEFT JOIN officials o ON o.id = d.official_id
			WHERE d.token_hash = $1`, sqldb.HashToken(token)).
			Scan(&t.dossierID, &t.DossierCode, &t.UnitID, &t.UnitName, &t.unitPath, &t.OfficialID, &t.OfficialName, &t.Position, &returned, &rated)
		if err == nil && !returned.Valid {
			return nil, errNoTarget(ch)
		}
		if err == nil && rated.Valid {
			return nil, errDossierRated()
		}
	default:
		return nil, errNoTarget(ch)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoTarget(ch)
	}
	if err != nil {
		return nil, s.db.Internal("resolve rating target", err)
	}
	return t, nil
}

// Target resolves a public token to whom a rating page is about. See
// feedback.Service.
func (s *FeedbackService) Target(ctx context.Context, channel feedback.Channel, token string) (*feedback.RatingTarget, error) {
	t, err := s.resolve(ctx, channel, token)
	if err != nil {
		return nil, err
	}
	out := t.RatingTarget
	return &out, nil
}

// chooseOfficial narrows a unit-level target (counter, kiosk, API) to an
// active official of the unit's subtree.
func (s *FeedbackService) chooseOfficial(ctx context.Context, t *ratingTarget, officialID int64) error {
	var unitID int64
	var name, position, unitName, path string
	err := s.db.Read.QueryRowContext(ctx, `SELECT o.full_name, o.position, u.id, u.name, u.path FROM officials o JOIN units u ON u.id = o.unit_id
		WHERE o.id = $1 AND o.active = TRUE`, officialID).Scan(&name, &position, &unitID, &unitName, &path)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !strings.HasPrefix(path, t.unitPath)) {
		return congvu.FieldError("official_id", "Cán bộ được chọn không làm việc tại đơn vị này.")
	}
	if err != nil {
		return s.db.Internal("choose official", err)
	}
	t.OfficialID, t.OfficialName, t.Position = officialID, name, position
	t.UnitID, t.UnitName, t.unitPath = unitID, unitName, path
	return nil
}

// target works out whom in is about.
func (s *FeedbackService) target(ctx context.Context, in *feedback.Input) (*ratingTarget, error) {
	var ch feedback.Channel
	var token string
	n := 0
	for _, c := range []struct {
		ch  feedback.Channel
		tok string
	}{{feedback.ChannelBadge, in.BadgeToken}, {feedback.ChannelCounter, in.UnitToken}, {feedback.ChannelKiosk, in.KioskKey}, {feedback.ChannelDossier, in.DossierToken}} {
		if strings.TrimSpace(c.tok) != "" {
			ch, token = c.ch, c.tok
			n++
		}
	}
	if n > 1 {
		return nil, congvu.Errorf(congvu.EINVALID, "Mỗi đánh giá chỉ dùng một mã: thẻ cán bộ, mã quầy, máy đánh giá hoặc mã hồ sơ.")
	}
	if n == 1 {
		officialID := in.OfficialID
		if ch != feedback.ChannelCounter && ch != feedback.ChannelKiosk {
			officialID = 0
		}
		cacheKey := fmt.Sprintf("%s\x00%s\x00%d", ch, sqldb.CleanToken(token), officialID)
		if ch != feedback.ChannelDossier {
			if t := s.targets.get(cacheKey); t != nil {
				return t, nil
			}
		}
		t, err := s.resolve(ctx, ch, token)
		if err != nil {
			return nil, err
		}
		if officialID != 0 {
			if err := s.chooseOfficial(ctx, t, officialID); err != nil {
				return nil, err
			}
		}
		if ch != feedback.ChannelDossier {
			s.targets.put(cacheKey, t)
		}
		return t, nil
	}
	// An integration rating a unit or official by id.
	if in.OfficialID == 0 && in.UnitID == 0 {
		return nil, congvu.Errorf(congvu.EINVALID, "Không rõ đánh giá dành cho cán bộ hay đơn vị nào.")
	}
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Gửi đánh giá theo mã số đơn vị hoặc cán bộ cần tài khoản tích hợp.")
	}
	t := &ratingTarget{RatingTarget: feedback.RatingTarget{Channel: feedback.ChannelAPI}, unitPath: congvu.RootUnitPath}
	if in.UnitID != 0 {
		err := s.db.Read.QueryRowContext(ctx, `SELECT id, name, path FROM units WHERE id = $1 AND active = TRUE`, in.UnitID).Scan(&t.UnitID, &t.UnitName, &t.unitPath)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !actor.Can(congvu.ActOfficialView, t.unitPath)) {
			return nil, sqldb.NotFoundUnit()
		}
		if err != nil {
			return nil, s.db.Internal("resolve unit", err)
		}
	}
	if in.OfficialID != 0 {
		if err := s.chooseOfficial(ctx, t, in.OfficialID); err != nil {
			return nil, err
		}
	}
	if !actor.Can(congvu.ActOfficialManage, t.unitPath) {
		if !actor.Can(congvu.ActOfficialView, t.unitPath) {
			return nil, sqldb.ErrNoOfficial()
		}
		return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền gửi đánh giá cho đơn vị này.")
	}
	return t, nil
}

// ipSecret returns the lasting HMAC key for device ids (its name is
// historical), creating it in the settings table on first use. Addresses
// are never stored in clear, and not under this key: they take the key of
// the day (feedbackIPRing); the lasting key they once took is deleted by
// migration 0009.
func (s *FeedbackService) ipSecret(ctx context.Context) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	sec, err := s.db.Secret(ctx, "feedback.device_hmac_secret")
	if err != nil {
		return nil, err
	}
	s.secret = sec
	return sec, nil
}

// feedbackIPRing is the ring of day keys under which raters' addresses
// become pseudonyms (see sqldb.DayKey): limits per address work within a
// day, and a day's pseudonyms cannot be reversed once its key is deleted.
// Device pseudonyms stay under the service's lasting secret.
const feedbackIPRing = "feedback.ip"

// pendingRating is a rating on its way through the batcher.
type pendingRating struct {
	fb        *feedback.Feedback
	target    *ratingTarget
	ipHash    string
	device    string // stored device id: "kiosk:<id>" or a pseudonym of the cookie
	honeypot  bool
	fillTime  time.Duration
	checkIP   bool
	overLimit bool // rejected by a hard cap: Submit answers ELIMIT
	done      chan batchResult
	// The keys of the counters it counts against (counterKeys), worked
	// out by Submit in the caller's goroutine rather than by the batcher.
	keys  [nCounters]string
	keyed bool

	// Set while writing a batch; reset when it is retried.
	result   batchResult
	follower *pendingRating // an earlier rating of the batch with the same idempotency key
	replay   bool           // the idempotency key was already stored
}

type batchResult struct {
	fb  *feedback.Feedback
	err error
}

func errOverLimit() error {
	return congvu.Errorf(congvu.ELIMIT, "Đã nhận quá nhiều đánh giá từ thiết bị hoặc mạng này trong một giờ, nên đánh giá này chưa được tính. Xin vui lòng gửi lại sau.")
}

// Submit validates a rating, resolves whom it is about and hands it to the
// batcher; it returns once the rating is committed. See
// feedback.Service.
func (s *FeedbackService) Submit(ctx context.Context, in feedback.Input) (*feedback.Feedback, error) {
	if err := feedback.ValidateInput(&in); err != nil {
		return nil, err
	}
	t, err := s.target(ctx, &in)
	if err != nil {
		// A replay answers with the rating it repeats even when its token
		// no longer resolves (a kiosk revoked since, a dossier this very
		// rating marked rated). Other replays are found by the batch
		// writer, one query per batch, so the common case costs nothing.
		if in.IdempotencyKey != "" {
			old, kerr := s.byIdemKey(ctx, s.db.Read, in.IdempotencyKey)
			if kerr != nil {
				return nil, kerr
			}
			if old != nil {
				return withoutContact(old), nil
			}
		}
		return nil, err
	}
	secret, err := s.ipSecret(ctx)
	if err != nil {
		return nil, err
	}
	answers := make(map[string]bool, len(in.Answers))
	for k, v := range in.Answers {
		answers[k] = v
	}
	fb := &feedback.Feedback{
		UnitID: t.UnitID, UnitName: t.UnitName, OfficialID: t.OfficialID, OfficialName: t.OfficialName,
		Channel: t.Channel, Satisfaction: in.Satisfaction, Answers: answers, Comment: in.Comment,
		DossierCode: in.DossierCode, Contact: in.Contact, Status: feedback.Accepted,
		IdempotencyKey: in.IdempotencyKey, SubmittedAt: s.db.Now().UTC(),
	}
	if t.dossierID != 0 {
		fb.DossierCode, fb.Verified = t.DossierCode, true
	}
	ipHash, err := s.db.DayPseudonym(ctx, feedbackIPRing, "ip", congvu.MetaFromContext(ctx).IP, fb.SubmittedAt)
	if err != nil {
		return nil, err
	}
	p := &pendingRating{
		fb: fb, target: t,
		ipHash:   ipHash,
		honeypot: strings.TrimSpace(in.Honeypot) != "",
		fillTime: in.FillTime,
		// A kiosk is one device serving many people, and an integration
		// forwards many people's ratings: neither is limited per IP.
		checkIP: t.Channel != feedback.ChannelKiosk && t.Channel != feedback.ChannelAPI,
		done:    make(chan batchResult, 1),
	}
	switch {
	case t.kioskID != 0:
		p.device = fmt.Sprintf("kiosk:%d", t.kioskID)
	case in.DeviceID != "":
		p.device = sqldb.Pseudonym(secret, "device", in.DeviceID)
	}
	p.keys, p.keyed = p.counterKeys(), true
	return s.enqueue(ctx, p)
}

// enqueue hands p to the batcher and waits for its commit.
func (s *FeedbackService) enqueue(ctx context.Context, p *pendingRating) (*feedback.Feedback, error) {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, &congvu.Error{Code: congvu.EINTERNAL, Message: "feedback service closed"}
	}
	select {
	case s.queue <- p:
	case <-ctx.Done():
		s.mu.RUnlock()
		return nil, s.db.Internal("submit feedback", ctx.Err())
	}
	s.mu.RUnlock()
	select {
	case r := <-p.done:
		return r.fb, r.err
	case <-ctx.Done():
		// The rating may still be committed; the caller may retry with the
		// same idempotency key.
		return nil, s.db.Internal("submit feedback", ctx.Err())
	}
}
