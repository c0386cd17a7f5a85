package web

import (
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/training"
)

// Editing a draft campaign (its period, audience, quiz) before it is
// opened: the new campaign's form, prefilled, with the officials it names
// ticked (among the suggestions, or listed apart).

func init() {
	FlashMessages["bd-sua-dot"] = "Đã lưu dự thảo đợt bồi dưỡng."
}

// draftOf reads a draft the actor manages; a campaign already opened is
// ECONFLICT in words (training.EditError).
func (s *Server) draftOf(r *http.Request) (*training.Campaign, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	c, err := s.managedCampaign(r, id)
	if err != nil {
		return nil, err
	}
	if err := training.EditError(c); err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Server) editTrainingCampaignForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.draftOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Has("goi-y") {
		q.Del("goi-y")
		return s.renderNewTrainingCampaign(w, r, http.StatusOK, &NewTrainingCampaignPage{Form: NewForm(q), Named: tickedOfficials(q["official"]), Edit: c})
	}
	f := NewForm(nil)
	f.Set("unit", strconv.FormatInt(c.UnitID, 10))
	f.Set("title", c.Title)
	f.Set("purpose", c.Purpose)
	f.Set("audience", string(c.Audience))
	if c.NewSince != nil {
		f.Set("new_since", c.NewSince.In(congvu.TimeZone).Format("02/01/2006"))
	}
	f.Set("reason", c.Reason)
	f.Set("starts_on", c.StartsOn.In(congvu.TimeZone).Format("02/01/2006"))
	f.Set("ends_on", c.EndsOn.In(congvu.TimeZone).Format("02/01/2006"))
	f.Set("hours", strings.Replace(strconv.FormatFloat(c.Hours, 'f', -1, 64), ".", ",", 1))
	f.Set("quiz_questions", strconv.Itoa(c.QuizQuestions))
	f.Set("pass_mark", strconv.Itoa(c.PassMark))
	f.Set("max_attempts", strconv.Itoa(c.MaxAttempts))
	named := map[int64]bool{}
	for _, n := range c.Named {
		named[n.OfficialID] = true
	}
	return s.renderNewTrainingCampaign(w, r, http.StatusOK, &NewTrainingCampaignPage{Form: f, Named: named, Edit: c})
}

// tickedOfficials are the officials ticked in a form sent.
func tickedOfficials(vs []string) map[int64]bool {
	named := map[int64]bool{}
	for _, v := range vs {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			named[id] = true
		}
	}
	return named
}

func (s *Server) updateTrainingCampaign(w http.ResponseWriter, r *http.Request) error {
	c, err := s.draftOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := campaignInput(f)
	if !f.Failed() {
		_, err := s.Services.Training.UpdateCampaign(r.Context(), c.ID, in)
		if err == nil {
			return s.Redirect(w, r, trainingCampaignHref(c.ID), "bd-sua-dot")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("unit_id", "unit")
		f.moveError("official_ids", "official")
	}
	f.Summarize("Chưa lưu được dự thảo, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderNewTrainingCampaign(w, r, http.StatusBadRequest, &NewTrainingCampaignPage{Form: f, Named: tickedOfficials(r.PostForm["official"]), Edit: c})
}
