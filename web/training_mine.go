package web

import (
	"net/http"
	"strconv"

	"congvu"
	"congvu/training"
)

// The official's own training: their assignments with what is left to do
// (attend a session, study online, pass the quiz, download the
// certificate), and the quiz, which works without JavaScript: radio
// buttons, a submit button, then the result with the explanation of each
// question and what to read again per standard item.

func init() {
	FlashMessages["bd-nop-bai"] = "Đã nộp bài. Kết quả ở ngay dưới đây."
}

func (s *Server) trainingMineRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/training/mine", Access: SignedIn, Handler: s.myTraining},
		{Method: "GET", Pattern: "/training/quiz/{id}", Access: SignedIn, Handler: s.trainingQuiz},
		{Method: "POST", Pattern: "/training/quiz/{id}", Access: SignedIn, Handler: s.startTrainingQuiz},
		{Method: "GET", Pattern: "/training/attempts/{id}", Access: SignedIn, Handler: s.trainingAttempt},
		{Method: "POST", Pattern: "/training/attempts/{id}", Access: SignedIn, Handler: s.submitTrainingAttempt},
		{Method: "GET", Pattern: "/training/mine/{id}/certificate.pdf", Access: SignedIn, Handler: s.myTrainingCertificate},
	}
}

// MyTrainingLine is one assignment with its campaign and sessions.
type MyTrainingLine struct {
	A        *training.Assignment
	C        *training.Campaign // nil when it could not be read
	Sessions []*training.Session
}

// NeedsQuiz reports whether the quiz is still to pass.
func (l MyTrainingLine) NeedsQuiz() bool {
	return l.C != nil && l.C.QuizQuestions > 0 && l.A.PassedAt == nil
}

// AttemptsLeft is how many attempts remain (training.AttemptsLeft), -1
// when unknown or unlimited.
func (l MyTrainingLine) AttemptsLeft() int {
	if l.C == nil {
		return -1
	}
	return training.AttemptsLeft(l.C, l.A.Attempts)
}

// Online are the self-paced sessions; InPerson the classes.
func (l MyTrainingLine) Online() []*training.Session { return l.sessions(training.ModeOnline) }

// InPerson are the classes.
func (l MyTrainingLine) InPerson() []*training.Session { return l.sessions(training.ModeInPerson) }

func (l MyTrainingLine) sessions(m training.SessionMode) []*training.Session {
	var out []*training.Session
	for _, s := range l.Sessions {
		if s.Mode == m {
			out = append(out, s)
		}
	}
	return out
}

// MyTrainingPage is the official's assignments.
type MyTrainingPage struct {
	Base
	NoRecord bool
	Lines    []MyTrainingLine
	Problem  string
}

func (s *Server) myTraining(w http.ResponseWriter, r *http.Request) error {
	return s.renderMyTraining(w, r, http.StatusOK, "")
}

func (s *Server) renderMyTraining(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	p := &MyTrainingPage{Base: Base{Title: "Bồi dưỡng của tôi"}, NoRecord: a.OfficialID == 0, Problem: problem}
	if !p.NoRecord {
		list, err := s.Services.Training.Mine(ctx)
		if err != nil {
			return err
		}
		for _, as := range list {
			l := MyTrainingLine{A: as}
			if c, err := s.Services.Training.FindCampaign(ctx, as.CampaignID); err == nil {
				l.C = c
			}
			if ss, err := s.Services.Training.Sessions(ctx, as.CampaignID); err == nil {
				l.Sessions = ss
			}
			p.Lines = append(p.Lines, l)
		}
	}
	return s.Render(w, r, status, "training_mine.html", p)
}

// TrainingQuizPage is the start of a campaign's quiz: its rules and the
// official's attempts so far.
type TrainingQuizPage struct {
	Base
	C *training.Campaign
	A *training.Assignment
}

// myAssignment finds the signed-in official's assignment of a campaign;
// ENOTFOUND when they hold none.
func (s *Server) myAssignment(r *http.Request, campaignID int64) (*training.Assignment, error) {
	list, err := s.Services.Training.Mine(r.Context())
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		if a.CampaignID == campaignID {
			return a, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "Anh/chị không thuộc đối tượng của đợt bồi dưỡng này.")
}

func (s *Server) trainingQuiz(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	as, err := s.myAssignment(r, id)
	if err != nil {
		return err
	}
	c, err := s.Services.Training.FindCampaign(r.Context(), id)
	if err != nil {
		return err
	}
	p := &TrainingQuizPage{Base: Base{Title: "Bài kiểm tra: " + c.Title, Crumbs: []Link{{"Bồi dưỡng của tôi", "/training/mine"}}}, C: c, A: as}
	return s.Render(w, r, http.StatusOK, "training_quiz.html", p)
}

func trainingAttemptHref(id int64) string { return "/training/attempts/" + strconv.FormatInt(id, 10) }

func (s *Server) startTrainingQuiz(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	at, err := s.Services.TrainingQuiz.StartAttempt(r.Context(), id)
	if err != nil {
		if c := congvu.ErrorCode(err); c == congvu.ECONFLICT || c == congvu.ELIMIT || c == congvu.EINVALID {
			return s.renderMyTraining(w, r, StatusOf(c), congvu.ErrorMessage(err))
		}
		return err
	}
	return s.Redirect(w, r, trainingAttemptHref(at.ID), "")
}

// TrainingAttemptPage is an attempt: the questions to answer, or once
// submitted the result, question by question and per standard item.
type TrainingAttemptPage struct {
	Base
	At *training.Attempt
	C  *training.Campaign
	// Mine: the signed-in official took it (staff in scope read others').
	Mine  bool
	Form  *Form
	Items []AttemptItem
}

// AttemptItem is how an attempt went on one standard item.
type AttemptItem struct {
	Code           string
	Correct, Total int
}

// Submitted reports whether the attempt was submitted.
func (p *TrainingAttemptPage) Submitted() bool { return p.At.SubmittedAt != nil }

// Name is the radio group of question i.
func (p *TrainingAttemptPage) Name(i int) string { return "q" + strconv.Itoa(i) }

// Chosen reports whether choice j of question i was chosen (the answers
// submitted, or the form sent back).
func (p *TrainingAttemptPage) Chosen(i, j int) bool {
	if p.Submitted() {
		return i < len(p.At.Answers) && p.At.Answers[i] == j
	}
	return p.Form != nil && p.Form.Values.Get(p.Name(i)) == strconv.Itoa(j)
}

// Right reports whether question i was answered right.
func (p *TrainingAttemptPage) Right(i int) bool { return i < len(p.At.Correct) && p.At.Correct[i] }

// IsKey reports whether choice j is the right one of question i (known
// once submitted).
func (p *TrainingAttemptPage) IsKey(i, j int) bool { return i < len(p.At.Key) && p.At.Key[i] == j }

// Answered reports whether question i was answered.
func (p *TrainingAttemptPage) Answered(i int) bool {
	return i < len(p.At.Answers) && p.At.Answers[i] >= 0
}

// CanRetry reports whether another attempt is allowed after this one
// (training.CanAttempt, counting the attempts up to this one).
func (p *TrainingAttemptPage) CanRetry() bool {
	return p.C != nil && training.CanAttempt(p.C, p.At.Number, p.At.Passed) == nil
}

func (s *Server) trainingAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderTrainingAttempt(w, r, http.StatusOK, id, nil)
}

func (s *Server) renderTrainingAttempt(w http.ResponseWriter, r *http.Request, status int, id int64, f *Form) error {
	ctx := r.Context()
	at, err := s.Services.TrainingQuiz.FindAttempt(ctx, id)
	if err != nil {
		return err
	}
	p := &TrainingAttemptPage{At: at, Form: f, Mine: at.OfficialID == congvu.ActorFromContext(ctx).OfficialID}
	if c, err := s.Services.Training.FindCampaign(ctx, at.CampaignID); err == nil {
		p.C = c
	}
	title := "Bài kiểm tra"
	if p.C != nil {
		title += ": " + p.C.Title
	}
	if at.SubmittedAt != nil {
		title = "Kết quả " + lowerFirst(title)
		idx := map[string]int{}
		for i, q := range at.Questions {
			k, ok := idx[q.ItemCode]
			if !ok {
				k = len(p.Items)
				idx[q.ItemCode] = k
				p.Items = append(p.Items, AttemptItem{Code: q.ItemCode})
			}
			p.Items[k].Total++
			if p.Right(i) {
				p.Items[k].Correct++
			}
		}
	}
	p.Base = Base{Title: title, Crumbs: []Link{{"Bồi dưỡng của tôi", "/training/mine"}}}
	return s.Render(w, r, status, "training_attempt.html", p)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'A' && r[0] <= 'Z' {
		r[0] += 'a' - 'A'
	}
	return string(r)
}

func (s *Server) submitTrainingAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	at, err := s.Services.TrainingQuiz.FindAttempt(r.Context(), id)
	if err != nil {
		return err
	}
	if at.OfficialID != congvu.ActorFromContext(r.Context()).OfficialID {
		return congvu.Errorf(congvu.EFORBIDDEN, "Chỉ người làm bài nộp được bài của mình.")
	}
	answers := make([]int, len(at.Questions))
	missing := 0
	for i := range at.Questions {
		answers[i] = -1
		v := r.PostForm.Get("q" + strconv.Itoa(i))
		if v == "" {
			missing++
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n >= len(at.Questions[i].Choices) {
			f.AddError("q"+strconv.Itoa(i), "Xin chọn một đáp án trong danh sách.")
			continue
		}
		answers[i] = n
	}
	if missing > 0 && !f.Checked("confirm_blank") {
		f.SetMessage("Còn " + strconv.Itoa(missing) + " câu chưa trả lời. Xin trả lời hết, hoặc đánh dấu ô \"Nộp bài dù còn câu chưa trả lời\" rồi nộp.")
	}
	if !f.Failed() {
		if _, err := s.Services.TrainingQuiz.SubmitAttempt(r.Context(), id, answers); err != nil {
			if !f.SetError(err) {
				return err
			}
		} else {
			return s.Redirect(w, r, trainingAttemptHref(id), "bd-nop-bai")
		}
	}
	return s.renderTrainingAttempt(w, r, http.StatusBadRequest, id, f)
}
