package trainingdoc

import (
	"context"
	"strconv"
	"time"

	"congvu"
	"congvu/export/inspectiondoc"
	"congvu/org"
	"congvu/services"
	"congvu/training"
)

// The lists of who is behind: the workbook holds up to MaxBehindRows of
// them (a national campaign's may be far longer: the rest is counted),
// the report the first ReportBehindRows.
const (
	MaxBehindRows    = 10000
	ReportBehindRows = 50
)

// InfoFor is the heading and place of unit id (its governing body, as
// letters are headed) and the site's address; blanks when the unit is
// not found. The unit is read as the operator: a unit's name and province
// are public, and an official downloading their certificate does not read
// units (ActUnitView), which left the place out of their certificate.
func InfoFor(ctx context.Context, svc services.Set, unitID int64, baseURL string) Info {
	info := Info{BaseURL: baseURL}
	sys := congvu.NewContextWithActor(ctx, congvu.SystemActor("Tiêu đề văn bản bồi dưỡng"))
	if u, err := svc.Units.FindUnitByID(sys, unitID); err == nil {
		info.Heading = org.GoverningBody(u)
		info.Place = inspectiondoc.PlaceName(u)
	}
	return info
}

// BuildCertificate is the PDF of the certificate of an official (0: the
// signed-in one) in a campaign, issued on first call when the assignment
// is complete; what the actor may read is TrainingQuiz.Certificate's.
// baseURL is the site's address printed for the check.
func BuildCertificate(ctx context.Context, svc services.Set, campaignID, officialID int64, baseURL string) (*File, error) {
	c, err := svc.TrainingQuiz.Certificate(ctx, campaignID, officialID)
	if err != nil {
		return nil, err
	}
	return CertificatePDF(c, InfoFor(ctx, svc, c.UnitID, baseURL))
}

// behind reads the assignments not complete in f, up to limit, and
// their number.
func behind(ctx context.Context, svc services.Set, f training.Filter, limit int) ([]*training.Assignment, int, error) {
	f.Behind = true
	var out []*training.Assignment
	total := 0
	for len(out) < limit {
		f.Offset, f.Limit = len(out), min(200, limit-len(out))
		page, n, err := svc.Training.Assignments(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		out, total = append(out, page...), n
		if len(page) < f.Limit {
			break
		}
	}
	return out, total, nil
}

// coverageOf reads the coverage of f's unit and children and who is
// behind there, up to limit.
func coverageOf(ctx context.Context, svc services.Set, f training.CoverageFilter, title string, limit int) (Coverage, error) {
	self, children, err := svc.Training.Coverage(ctx, f)
	if err != nil {
		return Coverage{}, err
	}
	cv := Coverage{Title: title, Total: self, Children: children, Today: congvu.Date(now())}
	unit := f.UnitID
	if self != nil {
		unit = self.UnitID
	}
	cv.Behind, cv.BehindCount, err = behind(ctx, svc, training.Filter{UnitID: unit, CampaignID: f.CampaignID, Year: f.Year}, limit)
	return cv, err
}

// now dates the documents: when they are made.
var now = time.Now

// BuildCoverage is the coverage workbook of f (a unit, 0: the actor's
// widest scope, and its children, in a year or a campaign) with the list
// of who is behind.
func BuildCoverage(ctx context.Context, svc services.Set, f training.CoverageFilter) (*File, error) {
	title := "Năm " + strconv.Itoa(f.Year)
	if f.CampaignID > 0 {
		c, err := svc.Training.FindCampaign(ctx, f.CampaignID)
		if err != nil {
			return nil, err
		}
		title = c.Title
	} else if f.Year == 0 {
		title = "Năm " + strconv.Itoa(now().In(congvu.TimeZone).Year())
	}
	cv, err := coverageOf(ctx, svc, f, title, MaxBehindRows)
	if err != nil {
		return nil, err
	}
	return CoverageXLSX(cv)
}

// BuildCampaignReport is the report of a campaign for its organising unit
// (unitID 0) or a unit of its subtree: the figures, the children, the
// results per item and the first of who is behind.
func BuildCampaignReport(ctx context.Context, svc services.Set, campaignID, unitID int64) (*File, error) {
	c, err := svc.Training.FindCampaign(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	if unitID == 0 {
		unitID = c.UnitID
	}
	cv, err := coverageOf(ctx, svc, training.CoverageFilter{UnitID: unitID, CampaignID: c.ID}, c.Title, ReportBehindRows)
	if err != nil {
		return nil, err
	}
	r := Report{Campaign: c, Coverage: cv}
	if c.QuizQuestions > 0 {
		if r.Items, err = svc.TrainingQuiz.ItemResults(ctx, c.ID, unitID); err != nil {
			return nil, err
		}
	}
	return CampaignReportPDF(r, InfoFor(ctx, svc, unitID, ""))
}
