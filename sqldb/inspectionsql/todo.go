package inspectionsql

import (
	"congvu"
	"congvu/inspection"
	"context"
)

func notYet() error { return congvu.Errorf(congvu.EINTERNAL, "not implemented yet") }

func (s *InspectionService) SuggestTargets(ctx context.Context, f inspection.SuggestFilter) ([]*inspection.Suggestion, error) {
	return nil, notYet()
}
func (s *InspectionService) GenerateChecklist(ctx context.Context, id int64, in inspection.ChecklistInput) (*inspection.Inspection, error) {
	return nil, notYet()
}
func (s *InspectionService) SaveTemplate(ctx context.Context, in inspection.TemplateInput) (*inspection.Template, error) {
	return nil, notYet()
}
func (s *InspectionService) FindTemplates(ctx context.Context, unitID int64) ([]*inspection.Template, error) {
	return nil, notYet()
}
func (s *InspectionService) StartVisit(ctx context.Context, id int64) (*inspection.Inspection, error) {
	return nil, notYet()
}
func (s *InspectionService) RecordLine(ctx context.Context, id int64, in inspection.LineInput) (*inspection.Line, error) {
	return nil, notYet()
}
func (s *InspectionService) CloseRecord(ctx context.Context, id int64) (*inspection.Inspection, error) {
	return nil, notYet()
}
func (s *InspectionService) DraftConclusion(ctx context.Context, id int64, text string) (*inspection.Inspection, error) {
	return nil, notYet()
}
func (s *InspectionService) ReviewConclusion(ctx context.Context, id int64) (*inspection.Inspection, error) {
	return nil, notYet()
}
func (s *InspectionService) IssueConclusion(ctx context.Context, id int64) (*inspection.Inspection, error) {
	return nil, notYet()
}
func (s *InspectionService) EvidenceFor(ctx context.Context, id int64) ([]congvu.EvidenceRef, error) {
	return nil, notYet()
}
