// Package trainingsql stores training on the code of conduct (package
// training): materials, campaigns, sessions and attendance, coverage
// rollups and the dated obligation rules; the quiz (quiz*.go,
// certificate*.go) calls the same progress step. Authorization and the
// rules are the domain's; every write is audited in its transaction and
// keeps the assignments, the officials' years and the rollups right in the
// same transaction (progress.go).
package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
	"database/sql"
	"errors"
	"time"
)

// Service implements training.Service.
type Service struct {
	db      *sqldb.DB
	blobs   congvu.BlobStore   // uploaded documents
	limiter congvu.RateLimiter // the attend path
}

// NewService returns the service on db, keeping uploaded documents in
// blobs.
func NewService(db *sqldb.DB, blobs congvu.BlobStore) *Service {
	return &Service{db: db, blobs: blobs, limiter: sqldb.NewRateLimiter(db)}
}

var _ training.Service = (*Service)(nil)

func errSignIn() error { return congvu.Errorf(congvu.EUNAUTH, "Xin đăng nhập.") }

func errNoCampaign() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đợt bồi dưỡng.")
}

func errNoSession() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy buổi bồi dưỡng.")
}

func errNotAudience() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Anh/chị không thuộc đối tượng của đợt bồi dưỡng này.")
}

func errNoOfficial() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Tài khoản của anh/chị chưa gắn với hồ sơ cán bộ nên không điểm danh được.")
}

func errManage() error {
	return congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền quản lý bồi dưỡng của đơn vị này.")
}

// dayArg is a Vietnam day as a DATE column is written: that calendar day
// at midnight UTC (how both drivers store and compare dates).
func dayArg(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// today is the current Vietnam day, midnight in congvu.TimeZone.
func (s *Service) today() time.Time { return congvu.Date(s.db.Now()) }

// nullDay reads a nullable DATE column.
func nullDay(v any) (*time.Time, error) {
	if v == nil {
		return nil, nil
	}
	d, err := sqldb.DateOf(v)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

// officialOf is the actor's official record (for the steps an official
// takes as themselves).
func officialOf(a *congvu.Actor) (int64, error) {
	if a.IsAnonymous() {
		return 0, errSignIn()
	}
	if a.OfficialID == 0 {
		return 0, errNoOfficial()
	}
	return a.OfficialID, nil
}

// isNoRows reports a missing row.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// holds reports whether the official holds an assignment of the campaign.
func (s *Service) holds(ctx context.Context, q sqldb.Querier, campaignID, officialID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_assignments WHERE campaign_id = $1 AND official_id = $2`,
		campaignID, officialID).Scan(&n)
	if err != nil {
		return false, s.db.Internal("training assignment", err)
	}
	return n > 0, nil
}
