package violationsql

import (
	"congvu/violation"
	"context"
	"time"
)

// OpenCase opens a discipline case. See violation.DisciplineService.
func (s *DisciplineService) OpenCase(ctx context.Context, in violation.CaseInput) (*violation.Case, error) {
	return nil, discNotYet()
}

// FindCase returns a case. See violation.DisciplineService.
func (s *DisciplineService) FindCase(ctx context.Context, id int64) (*violation.Case, error) {
	return nil, discNotYet()
}

// FindCases lists cases. See violation.DisciplineService.
func (s *DisciplineService) FindCases(ctx context.Context, f violation.CaseFilter) ([]*violation.Case, int, error) {
	return nil, 0, discNotYet()
}

// RecordReview closes the review step. See violation.DisciplineService.
func (s *DisciplineService) RecordReview(ctx context.Context, id int64, minutes string, on time.Time) (*violation.Case, error) {
	return nil, discNotYet()
}

// RecordCouncil records the council. See violation.DisciplineService.
func (s *DisciplineService) RecordCouncil(ctx context.Context, id int64, in violation.CouncilInput) (*violation.Case, error) {
	return nil, discNotYet()
}

// Decide records the decision. See violation.DisciplineService.
func (s *DisciplineService) Decide(ctx context.Context, id int64, in violation.DecisionInput) (*violation.Case, error) {
	return nil, discNotYet()
}

// Notify records the notification. See violation.DisciplineService.
func (s *DisciplineService) Notify(ctx context.Context, id int64, note string, on time.Time) (*violation.Case, error) {
	return nil, discNotYet()
}

// FileComplaint records a complaint. See violation.DisciplineService.
func (s *DisciplineService) FileComplaint(ctx context.Context, id int64, in violation.ComplaintInput) (*violation.Case, error) {
	return nil, discNotYet()
}

// SettleComplaint settles it. See violation.DisciplineService.
func (s *DisciplineService) SettleComplaint(ctx context.Context, id int64, in violation.ComplaintInput) (*violation.Case, error) {
	return nil, discNotYet()
}

// Defer puts a case aside. See violation.DisciplineService.
func (s *DisciplineService) Defer(ctx context.Context, id int64, code, reason string) (*violation.Case, error) {
	return nil, discNotYet()
}

// Resume takes a deferred case back. See violation.DisciplineService.
func (s *DisciplineService) Resume(ctx context.Context, id int64) (*violation.Case, error) {
	return nil, discNotYet()
}

// Drop ends a case without discipline. See violation.DisciplineService.
func (s *DisciplineService) Drop(ctx context.Context, id int64, reason string) (*violation.Case, error) {
	return nil, discNotYet()
}
