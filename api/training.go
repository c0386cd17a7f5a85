package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/training"
)

// Training on the code of conduct through the API: campaigns, sessions,
// attendance (the scan's code, the organiser's marks, online study), the
// official's own assignments, coverage, materials and the dated rules
// (this file); question banks, attempts and certificates
// (training_quiz.go). The services decide who may do what; these files
// decode and encode.

const (
	trainCampaignNotFound = "Không tìm thấy đợt bồi dưỡng."
	trainSessionNotFound  = "Không tìm thấy buổi bồi dưỡng."
)

// campaignBody creates a campaign (a draft); days are yyyy-mm-dd.
type campaignBody struct {
	UnitID           int64             `json:"unit_id"`
	Title            string            `json:"title"`
	Purpose          string            `json:"purpose,omitempty"`
	Audience         training.Audience `json:"audience"`
	NewSince         string            `json:"new_since,omitempty"`
	Reason           string            `json:"reason,omitempty"`
	OfficialIDs      []int64           `json:"official_ids,omitempty"`
	StartsOn         string            `json:"starts_on"`
	EndsOn           string            `json:"ends_on"`
	CatalogVersionID int64             `json:"catalog_version_id,omitempty"`
	Hours            float64           `json:"hours,omitempty"`
	QuizQuestions    int               `json:"quiz_questions,omitempty"`
	PassMark         int               `json:"pass_mark,omitempty"`
	MaxAttempts      int               `json:"max_attempts,omitempty"`
	MaterialIDs      []int64           `json:"material_ids,omitempty"`
}

// trainDay reads a Vietnam calendar day (yyyy-mm-dd) of a body field.
func trainDay(v congvu.Validation, name, s string, required bool) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			v.Add(name, "Xin nhập ngày (năm-tháng-ngày, ví dụ 2026-07-01).")
		}
		return time.Time{}
	}
	d, err := time.ParseInLocation(time.DateOnly, s, congvu.TimeZone)
	if err != nil {
		v.Add(name, "Ngày phải có dạng năm-tháng-ngày, ví dụ 2026-07-01.")
	}
	return d
}

func (b campaignBody) input() (training.CampaignInput, error) {
	v := congvu.Validation{}
	in := training.CampaignInput{UnitID: b.UnitID, Title: b.Title, Purpose: b.Purpose, Audience: b.Audience, Reason: b.Reason,
		OfficialIDs: b.OfficialIDs, CatalogVersionID: b.CatalogVersionID, Hours: b.Hours, QuizQuestions: b.QuizQuestions,
		PassMark: b.PassMark, MaxAttempts: b.MaxAttempts, MaterialIDs: b.MaterialIDs}
	in.StartsOn = trainDay(v, "starts_on", b.StartsOn, true)
	in.EndsOn = trainDay(v, "ends_on", b.EndsOn, true)
	if d := trainDay(v, "new_since", b.NewSince, false); !d.IsZero() {
		in.NewSince = &d
	}
	return in, v.Err()
}

// sessionBody creates a session of a campaign.
type sessionBody struct {
	Title    string               `json:"title"`
	Mode     training.SessionMode `json:"mode"`
	Place    string               `json:"place,omitempty"`
	Lecturer string               `json:"lecturer,omitempty"`
	StartsAt time.Time            `json:"starts_at"`
	EndsAt   time.Time            `json:"ends_at"`
}

// attendBody is the code the official scanned.
type attendBody struct {
	Code string `json:"code"`
}

// marksBody lists officials the organiser marks present.
type marksBody struct {
	OfficialIDs []int64 `json:"official_ids"`
}

// marksResult is how many were newly marked.
type marksResult struct {
	Marked int `json:"marked"`
}

func (s *Server) listTrainingCampaigns(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := training.Filter{UnitID: q.id("unit_id"), Status: training.CampaignStatus(q.str("status"))}
	if q.str("year") != "" {
		f.Year = q.yearParam("year")
	}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Training.FindCampaigns(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) createTrainingCampaign(w http.ResponseWriter, r *http.Request) error {
	var b campaignBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	in, err := b.input()
	if err != nil {
		return err
	}
	c, err := s.Services.Training.CreateCampaign(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/training/campaigns/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) getTrainingCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainCampaignNotFound)
	if err != nil {
		return err
	}
	c, err := s.Services.Training.FindCampaign(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) updateTrainingCampaign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainCampaignNotFound)
	if err != nil {
		return err
	}
	var b campaignBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	in, err := b.input()
	if err != nil {
		return err
	}
	c, err := s.Services.Training.UpdateCampaign(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) openTrainingCampaign(w http.ResponseWriter, r *http.Request) error {
	return s.campaignStep(w, r, s.Services.Training.OpenCampaign)
}

func (s *Server) closeTrainingCampaign(w http.ResponseWriter, r *http.Request) error {
	return s.campaignStep(w, r, s.Services.Training.CloseCampaign)
}

// campaignStep opens or closes the campaign of the path.
func (s *Server) campaignStep(w http.ResponseWriter, r *http.Request, step func(context.Context, int64) (*training.Campaign, error)) error {
	id, err := pathID(r, trainCampaignNotFound)
	if err != nil {
		return err
	}
	c, err := step(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) trainingSuggestions(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	unit := q.requireUnit("unit_id")
	if err := q.err(); err != nil {
		return err
	}
	list, err := s.Services.Training.Suggest(r.Context(), unit)
	if err != nil {
		return err
	}
	writeItems(w, list)
	return nil
}

func (s *Server) listTrainingSessions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainCampaignNotFound)
	if err != nil {
		return err
	}
	list, err := s.Services.Training.Sessions(r.Context(), id)
	if err != nil {
		return err
	}
	writeItems(w, list)
	return nil
}

func (s *Server) createTrainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainCampaignNotFound)
	if err != nil {
		return err
	}
	var b sessionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	sess, err := s.Services.Training.CreateSession(r.Context(), training.SessionInput{CampaignID: id, Title: b.Title, Mode: b.Mode,
		Place: b.Place, Lecturer: b.Lecturer, StartsAt: b.StartsAt, EndsAt: b.EndsAt})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/training/sessions/"+strconv.FormatInt(sess.ID, 10))
	writeJSON(w, http.StatusCreated, sess)
	return nil
}

func (s *Server) listTrainingAssignments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainCampaignNotFound)
	if err != nil {
		return err
	}
	if _, err := s.Services.Training.FindCampaign(r.Context(), id); err != nil {
		return err // a campaign out of sight is not found, not an empty list
	}
	q := newQuery(r)
	f := training.Filter{CampaignID: id, UnitID: q.id("unit_id"), Behind: q.boolean("behind")}
	f.Offset, f.Limit = q.page()
	if err := q.err(); err != nil {
		return err
	}
	list, total, err := s.Services.Training.Assignments(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, total, f.Offset, f.Limit))
	return nil
}

func (s *Server) getTrainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainSessionNotFound)
	if err != nil {
		return err
	}
	sess, err := s.Services.Training.FindSession(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sess)
	return nil
}

func (s *Server) listTrainingAttendances(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainSessionNotFound)
	if err != nil {
		return err
	}
	list, err := s.Services.Training.Attendances(r.Context(), id)
	if err != nil {
		return err
	}
	writeItems(w, list)
	return nil
}

func (s *Server) attendTrainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainSessionNotFound)
	if err != nil {
		return err
	}
	var b attendBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	at, err := s.Services.Training.Attend(r.Context(), id, b.Code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, at)
	return nil
}

func (s *Server) markTrainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainSessionNotFound)
	if err != nil {
		return err
	}
	var b marksBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	n, err := s.Services.Training.Mark(r.Context(), id, b.OfficialIDs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, marksResult{Marked: n})
	return nil
}

func (s *Server) studyTrainingSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainSessionNotFound)
	if err != nil {
		return err
	}
	if _, err := s.Services.Training.FindSession(r.Context(), id); err != nil {
		return err // a session of a campaign out of sight is not found
	}
	at, err := s.Services.Training.StudyOnline(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, at)
	return nil
}

func (s *Server) myTraining(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Services.Training.Mine(r.Context())
	if err != nil {
		return err
	}
	writeItems(w, list)
	return nil
}

// coverageResult is a unit's coverage and each child's.
type coverageResult struct {
	Unit     *training.Coverage  `json:"unit"`
	Children []training.Coverage `json:"children"`
}

func (s *Server) trainingCoverage(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := training.CoverageFilter{UnitID: q.id("unit_id"), CampaignID: q.id("campaign_id")}
	if f.CampaignID == 0 {
		f.Year = q.yearParam("year")
	}
	if err := q.err(); err != nil {
		return err
	}
	unit, kids, err := s.Services.Training.Coverage(r.Context(), f)
	if err != nil {
		return err
	}
	if kids == nil {
		kids = []training.Coverage{}
	}
	writeJSON(w, http.StatusOK, coverageResult{Unit: unit, Children: kids})
	return nil
}

func (s *Server) officialTrainingYear(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "Không tìm thấy cán bộ.")
	if err != nil {
		return err
	}
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	oy, err := s.Services.Training.OfficialYear(r.Context(), id, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, oy)
	return nil
}

func (s *Server) listTrainingMaterials(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	v := q.id("catalog_version_id")
	if err := q.err(); err != nil {
		return err
	}
	if v == 0 {
		cur, err := s.Services.Standards.CurrentVersion(r.Context(), 0)
		if err != nil {
			return err
		}
		v = cur.ID
	}
	list, err := s.Services.Training.Materials(r.Context(), v)
	if err != nil {
		return err
	}
	writeItems(w, list)
	return nil
}

func (s *Server) listTrainingRuleSets(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Services.Training.RuleSets(r.Context())
	if err != nil {
		return err
	}
	writeItems(w, list)
	return nil
}

// trainingRuleSetBody adds a dated rule; days are yyyy-mm-dd.
type trainingRuleSetBody struct {
	Code     string  `json:"code"`
	Basis    string  `json:"basis"`
	From     string  `json:"from"`
	To       string  `json:"to,omitempty"`
	MinHours float64 `json:"min_hours"`
	Note     string  `json:"note,omitempty"`
	Verified bool    `json:"verified,omitempty"`
}

func (s *Server) addTrainingRuleSet(w http.ResponseWriter, r *http.Request) error {
	var b trainingRuleSetBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	v := congvu.Validation{}
	rs := training.RuleSet{Code: b.Code, Basis: b.Basis, MinHours: b.MinHours, Note: b.Note, Verified: b.Verified, CreatedAt: time.Now()}
	rs.From = trainDay(v, "from", b.From, true)
	if d := trainDay(v, "to", b.To, false); !d.IsZero() {
		rs.To = &d
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.Services.Training.AddRuleSet(r.Context(), rs); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rs)
	return nil
}

// writeItems answers a list as {"items": […]}, an empty array rather than
// null when there is nothing.
func writeItems[T any](w http.ResponseWriter, list []T) {
	if list == nil {
		list = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}
