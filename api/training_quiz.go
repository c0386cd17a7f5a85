package api

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/training"
)

// Question banks, attempts at a campaign's quiz and certificates through
// the API.

const (
	trainQuestionNotFound = "Không tìm thấy câu hỏi."
	trainAttemptNotFound  = "Không tìm thấy bài làm."
)

// questionBody creates or edits a question; answer is the index of the
// right choice (0 for the first).
type questionBody struct {
	ItemCode    string   `json:"item_code"`
	Text        string   `json:"text"`
	Choices     []string `json:"choices"`
	Answer      int      `json:"answer"`
	Explanation string   `json:"explanation,omitempty"`
	Active      bool     `json:"active"`
}

func (b questionBody) input() training.QuestionInput {
	return training.QuestionInput{ItemCode: b.ItemCode, Text: b.Text, Choices: b.Choices, Answer: b.Answer, Explanation: b.Explanation, Active: b.Active}
}

// questionView is a question of the bank as its editors read it, with the
// right answer.
type questionView struct {
	*training.Question
	Answer int `json:"answer"`
}

func questionViews(list []*training.Question) []questionView {
	out := make([]questionView, 0, len(list))
	for _, q := range list {
		out = append(out, questionView{q, q.Answer})
	}
	return out
}

// attemptStartBody starts (or resumes) an attempt at a campaign's quiz.
type attemptStartBody struct {
	CampaignID int64 `json:"campaign_id"`
}

// attemptSubmitBody answers an attempt: per question, the index of the
// choice, -1 for none.
type attemptSubmitBody struct {
	Answers []int `json:"answers"`
}

func (s *Server) listTrainingQuestions(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	item := q.str("item_code")
	if item == "" {
		q.errs.Add("item_code", "Xin chỉ ra mã chuẩn mực (item_code).")
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := s.Services.TrainingQuiz.Questions(r.Context(), item)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": questionViews(list)})
	return nil
}

func (s *Server) createTrainingQuestion(w http.ResponseWriter, r *http.Request) error {
	var b questionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	q, err := s.Services.TrainingQuiz.CreateQuestion(r.Context(), b.input())
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/training/questions/"+strconv.FormatInt(q.ID, 10))
	writeJSON(w, http.StatusCreated, questionView{q, q.Answer})
	return nil
}

func (s *Server) updateTrainingQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainQuestionNotFound)
	if err != nil {
		return err
	}
	var b questionBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	q, err := s.Services.TrainingQuiz.UpdateQuestion(r.Context(), id, b.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, questionView{q, q.Answer})
	return nil
}

func (s *Server) startTrainingAttempt(w http.ResponseWriter, r *http.Request) error {
	var b attemptStartBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	at, err := s.Services.TrainingQuiz.StartAttempt(r.Context(), b.CampaignID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/training/attempts/"+strconv.FormatInt(at.ID, 10))
	writeJSON(w, http.StatusCreated, at)
	return nil
}

func (s *Server) getTrainingAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainAttemptNotFound)
	if err != nil {
		return err
	}
	at, err := s.Services.TrainingQuiz.FindAttempt(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, at)
	return nil
}

func (s *Server) submitTrainingAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainAttemptNotFound)
	if err != nil {
		return err
	}
	var b attemptSubmitBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	at, err := s.Services.TrainingQuiz.SubmitAttempt(r.Context(), id, b.Answers)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, at)
	return nil
}

func (s *Server) trainingItemResults(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainCampaignNotFound)
	if err != nil {
		return err
	}
	q := newQuery(r)
	unit := q.id("unit_id")
	if err := q.err(); err != nil {
		return err
	}
	list, err := s.Services.TrainingQuiz.ItemResults(r.Context(), id, unit)
	if err != nil {
		return err
	}
	writeItems(w, list)
	return nil
}

// trainingCertificate issues (once) or returns the certificate of an
// official's complete assignment: the caller's own without official_id.
func (s *Server) trainingCertificate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, trainCampaignNotFound)
	if err != nil {
		return err
	}
	q := newQuery(r)
	official := q.id("official_id")
	if official == 0 {
		if official = congvu.ActorFromContext(r.Context()).OfficialID; official == 0 {
			q.errs.Add("official_id", "Xin chỉ ra cán bộ (official_id): tài khoản này không gắn với hồ sơ cán bộ.")
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	c, err := s.Services.TrainingQuiz.Certificate(r.Context(), id, official)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) verifyTrainingCertificate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Services.TrainingQuiz.VerifyCertificate(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c.Check())
	return nil
}
