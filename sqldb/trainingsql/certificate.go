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

func errNoCertificate() error {
	return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy giấy chứng nhận có số này.")
}

// certFrom joins what a certificate shows: the campaign and its unit,
// the official and the unit of their assignment.
const certFrom = ` FROM training_certificates t
	JOIN training_campaigns c ON c.id = t.campaign_id JOIN units cu ON cu.id = c.unit_id
	JOIN officials o ON o.id = t.official_id
	LEFT JOIN training_assignments x ON x.campaign_id = t.campaign_id AND x.official_id = t.official_id
	LEFT JOIN units ou ON ou.id = x.unit_id`

const certCols = `t.number, t.campaign_id, c.title, c.unit_id, cu.name, c.starts_on, c.ends_on, t.official_id, o.full_name,
	COALESCE(ou.name, ''), t.hours, t.score, t.issued_at`

func scanCertificate(sc sqldb.Scanner) (*training.Certificate, error) {
	c := &training.Certificate{}
	var starts, ends any
	if err := sc.Scan(&c.Number, &c.CampaignID, &c.CampaignTitle, &c.UnitID, &c.UnitName, &starts, &ends, &c.OfficialID, &c.OfficialName,
		&c.OfficialUnit, &c.Hours, &c.Score, &c.IssuedAt); err != nil {
		return nil, err
	}
	var err error
	if c.StartsOn, err = sqldb.DateOf(starts); err != nil {
		return nil, err
	}
	if c.EndsOn, err = sqldb.DateOf(ends); err != nil {
		return nil, err
	}
	c.IssuedAt = c.IssuedAt.UTC()
	return c, nil
}

func (s *QuizService) loadCertificate(ctx context.Context, q sqldb.Querier, where string, args ...any) (*training.Certificate, error) {
	c, err := scanCertificate(q.QueryRowContext(ctx, `SELECT `+certCols+certFrom+` WHERE `+where, args...))
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, s.db.Internal("load certificate", err)
	}
	return c, nil
}

// Certificate returns the certificate of an official's complete
// assignment, issuing it the first time (audited, once: the pair is
// unique). The official reads their own (officialID 0 or theirs); staff
// read those of officials assigned in a unit whose training they read.
// ECONFLICT while the assignment is not complete. See
// training.QuizService.
func (s *QuizService) Certificate(ctx context.Context, campaignID, officialID int64) (*training.Certificate, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	self := officialID == 0 || officialID == a.OfficialID
	if officialID == 0 {
		officialID = a.OfficialID
	}
	if officialID == 0 {
		return nil, errNoCertificate()
	}
	for range 3 {
		c, err := s.certificate(ctx, a, campaignID, officialID, self)
		if !errors.Is(err, errRetry) {
			return c, err
		}
	}
	return nil, s.db.Internal("issue certificate", errRetry)
}

func (s *QuizService) certificate(ctx context.Context, a *congvu.Actor, campaignID, officialID int64, self bool) (*training.Certificate, error) {
	// A certificate issued already is read without a write transaction.
	var path string
	err := s.db.Read.QueryRowContext(ctx, `SELECT u.path FROM training_assignments x JOIN units u ON u.id = x.unit_id
		WHERE x.campaign_id = $1 AND x.official_id = $2`, campaignID, officialID).Scan(&path)
	if isNoRows(err) {
		if self {
			return nil, errNotAudience()
		}
		return nil, errNoCertificate()
	}
	if err != nil {
		return nil, s.db.Internal("certificate assignment", err)
	}
	if !self && !training.CanView(a, path) {
		return nil, errNoCertificate()
	}
	c, err := s.loadCertificate(ctx, s.db.Read, `t.campaign_id = $1 AND t.official_id = $2`, campaignID, officialID)
	if err != nil || c != nil {
		return c, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		camp, err := s.svc.loadCampaign(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		var x training.Assignment
		var attended, passed sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT unit_id, attended_at, passed_at, best_score FROM training_assignments
			WHERE campaign_id = $1 AND official_id = $2`, campaignID, officialID).Scan(&x.UnitID, &attended, &passed, &x.BestScore); err != nil {
			return s.db.Internal("certificate assignment", err)
		}
		x.AttendedAt, x.PassedAt = sqldb.UTCPtr(attended), sqldb.UTCPtr(passed)
		if !training.Complete(camp, &x) {
			if self {
				return congvu.Errorf(congvu.ECONFLICT, "Anh/chị chưa hoàn thành đợt bồi dưỡng này nên chưa có giấy chứng nhận.")
			}
			return congvu.Errorf(congvu.ECONFLICT, "Cán bộ chưa hoàn thành đợt bồi dưỡng này nên chưa có giấy chứng nhận.")
		}
		score := -1
		if camp.QuizQuestions > 0 {
			score = x.BestScore
		}
		number := training.NewCertificateNumber(tx.Now.In(congvu.TimeZone).Year())
		_, err = tx.ExecContext(ctx, `INSERT INTO training_certificates (number, campaign_id, official_id, hours, score, issued_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, number, campaignID, officialID, camp.Hours, score, tx.Now)
		if sqldb.IsUniqueViolation(err) {
			return errRetry // issued by another request now (or, once in 2^40, a number taken)
		}
		if err != nil {
			return s.db.Internal("issue certificate", err)
		}
		return tx.Audit("training.certificate", "training_campaign", campaignID, x.UnitID, nil,
			map[string]any{"number": number, "official_id": officialID, "score": score, "hours": camp.Hours})
	})
	if err != nil {
		return nil, err
	}
	c, err = s.loadCertificate(ctx, s.db.Write, `t.campaign_id = $1 AND t.official_id = $2`, campaignID, officialID)
	if err == nil && c == nil {
		err = s.db.Internal("issue certificate", errors.New("certificate missing after issue"))
	}
	return c, err
}

// The public check is rate-limited per address: numbers have 40 random
// bits, and each miss costs a guesser one of few tries.
const (
	verifyLimit  = 30
	verifyWindow = 10 * time.Minute
)

// VerifyCertificate checks a certificate's number for anyone: the name,
// the campaign, the organising unit and the date, nothing more.
// ENOTFOUND for a number never issued (or mistyped). See
// training.QuizService.
func (s *QuizService) VerifyCertificate(ctx context.Context, number string) (*training.Certificate, error) {
	key := "training.verify:" + congvu.MetaFromContext(ctx).IP
	if ok, err := s.limiter.Allow(ctx, key, verifyLimit, verifyWindow); err != nil {
		return nil, err
	} else if !ok {
		return nil, congvu.Errorf(congvu.ELIMIT, "Anh/chị đã tra cứu quá nhiều lần. Xin thử lại sau ít phút.")
	}
	n, ok := training.NormalizeCertificateNumber(number)
	if !ok {
		return nil, errNoCertificate()
	}
	c, err := s.loadCertificate(ctx, s.db.Read, `t.number = $1`, n)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, errNoCertificate()
	}
	return c.Public(), nil
}
