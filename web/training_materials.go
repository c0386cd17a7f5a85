package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"congvu"
	"congvu/standard"
	"congvu/training"
)

// Materials: the catalog version's items with their meaning, examples of
// good and bad conduct and legal source (edited by managers), and the
// documents units uploaded. The question bank of each item.

// trainMaxUpload bounds an uploaded document.
const trainMaxUpload = 20 << 20

func init() {
	FlashMessages["bd-sua-tai-lieu"] = "Đã lưu tài liệu."
	FlashMessages["bd-tai-len"] = "Đã tải lên tài liệu."
	FlashMessages["bd-luu-cau-hoi"] = "Đã lưu câu hỏi."
}

func (s *Server) trainingMaterialRoutes() []Route {
	manage := Need(congvu.ActTrainingManage)
	return []Route{
		// Every signed-in official reads the materials (self-paced study).
		{Method: "GET", Pattern: "/training/materials", Access: SignedIn, Handler: s.trainingMaterials},
		{Method: "POST", Pattern: "/training/materials/upload", Access: manage, Handler: s.uploadTrainingDocument, Upload: true, MaxBody: trainMaxUpload + 64<<10},
		{Method: "POST", Pattern: "/training/materials/{id}", Access: manage, Handler: s.updateTrainingMaterial},
		{Method: "GET", Pattern: "/training/materials/{id}/file", Access: SignedIn, Handler: s.trainingDocument},
		{Method: "GET", Pattern: "/training/questions", Access: manage, Handler: s.trainingQuestions},
		{Method: "POST", Pattern: "/training/questions", Access: manage, Handler: s.createTrainingQuestion},
		{Method: "POST", Pattern: "/training/questions/{id}", Access: manage, Handler: s.updateTrainingQuestion},
	}
}

// TrainingMaterialsPage is the materials of a catalog version.
type TrainingMaterialsPage struct {
	Base
	Version   *standard.Version
	Items     []*training.Material
	Documents []*training.Material
	CanManage bool
	// CanEditItems: the items are national; only national managers edit
	// them (the service decides, the page hides the forms).
	CanEditItems bool
	Units        []Option
	// Edit is the failed edit form and its material; Upload the failed
	// upload form.
	Edit   *Form
	EditID int64
	Upload *Form
}

// EditForm is the edit form of m (the failed one with its input).
func (p *TrainingMaterialsPage) EditForm(m *training.Material) *Form {
	if p.Edit != nil && p.EditID == m.ID {
		return p.Edit
	}
	return NewForm(map[string][]string{"meaning": {m.Meaning}, "good": {strings.Join(m.GoodExamples, "\n")},
		"bad": {strings.Join(m.BadExamples, "\n")}, "legal_source": {m.LegalSource}})
}

// FieldOf is a field id unique to m (the failed form keeps the plain one
// its error summary links to).
func (p *TrainingMaterialsPage) FieldOf(m *training.Material, name string) string {
	if p.Edit != nil && p.EditID == m.ID {
		return "id=" + FieldID(name)
	}
	return "id=" + FieldID(name) + "-" + strconv.FormatInt(m.ID, 10)
}

// Size writes a file size.
func (p *TrainingMaterialsPage) Size(n int64) string {
	if n < 1<<20 {
		return strconv.FormatInt((n+1023)/1024, 10) + " KB"
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
}

func (s *Server) trainingMaterials(w http.ResponseWriter, r *http.Request) error {
	return s.renderTrainingMaterials(w, r, http.StatusOK, &TrainingMaterialsPage{})
}

func (s *Server) renderTrainingMaterials(w http.ResponseWriter, r *http.Request, status int, p *TrainingMaterialsPage) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	p.Base = Base{Title: "Tài liệu bồi dưỡng văn hóa công vụ"}
	if a.Can(congvu.ActTrainingView, "") {
		p.Base.Crumbs = []Link{{"Bồi dưỡng", "/training"}}
	} else {
		p.Base.Crumbs = []Link{{"Bồi dưỡng của tôi", "/training/mine"}}
	}
	v, err := s.Services.Standards.CurrentVersion(ctx, 0)
	if err != nil {
		return err
	}
	p.Version = v
	list, err := s.Services.Training.Materials(ctx, v.ID)
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.Kind == training.MaterialDocument {
			p.Documents = append(p.Documents, m)
		} else {
			p.Items = append(p.Items, m)
		}
	}
	p.CanManage = a.Can(congvu.ActTrainingManage, "")
	p.CanEditItems = training.CanManage(a, congvu.RootUnitPath)
	if p.CanManage {
		p.Units = s.trainingUnits(r)
	}
	if p.Upload == nil {
		p.Upload = NewForm(nil)
	}
	return s.Render(w, r, status, "training_materials.html", p)
}

// lines splits a text box into its non-empty lines.
func lines(v string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(v, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (s *Server) updateTrainingMaterial(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := training.MaterialInput{Title: f.Get("title"), Meaning: textField(f, "meaning"), GoodExamples: lines(r.PostForm.Get("good")),
		BadExamples: lines(r.PostForm.Get("bad")), LegalSource: f.Get("legal_source")}
	if !f.Failed() {
		m, err := s.Services.Training.UpdateMaterial(r.Context(), id, in)
		if err == nil {
			return s.Redirect(w, r, "/training/materials#tl-"+strconv.FormatInt(m.ID, 10), "bd-sua-tai-lieu")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("good_examples", "good")
		f.moveError("bad_examples", "bad")
	}
	f.Summarize("Chưa lưu được tài liệu, xin kiểm tra lại.")
	return s.renderTrainingMaterials(w, r, http.StatusBadRequest, &TrainingMaterialsPage{Edit: f, EditID: id})
}

func (s *Server) uploadTrainingDocument(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if !errors.Is(err, http.ErrNotMultipart) {
			return err
		}
		f.AddError("file", "Xin chọn tệp tài liệu để tải lên (PDF, Word…).")
		f.Summarize("Chưa tải lên được tài liệu, xin kiểm tra lại.")
		return s.renderTrainingMaterials(w, r, http.StatusBadRequest, &TrainingMaterialsPage{Upload: f})
	}
	f = NewForm(r.MultipartForm.Value)
	in := training.MaterialInput{Title: f.Get("title"), Meaning: f.Get("meaning"), UnitID: f.Int("unit")}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.AddError("file", "Xin chọn tệp tài liệu để tải lên (PDF, Word…).")
	} else {
		defer file.Close()
		in.FileName = hdr.Filename
		if hdr.Size > trainMaxUpload {
			f.AddError("file", "Tệp lớn quá 20 MB, xin chọn tệp nhỏ hơn.")
		}
	}
	if !f.Failed() {
		_, err := s.Services.Training.UploadDocument(r.Context(), in, file)
		if err == nil {
			return s.Redirect(w, r, "/training/materials#tai-lieu-tai-len", "bd-tai-len")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("unit_id", "unit")
		f.moveError("file_name", "file")
	}
	f.Summarize("Chưa tải lên được tài liệu, xin kiểm tra lại.")
	return s.renderTrainingMaterials(w, r, http.StatusBadRequest, &TrainingMaterialsPage{Upload: f})
}

func (s *Server) trainingDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, rc, err := s.Services.Training.OpenDocument(r.Context(), id)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	ct := m.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": m.FileName}))
	h.Set("Cache-Control", "no-store")
	if m.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(m.Size, 10))
	}
	_, err = io.Copy(w, rc)
	return err
}

// TrainingQuestionsPage is the question bank of one item.
type TrainingQuestionsPage struct {
	Base
	Items     []Option
	Item      string
	ItemTitle string
	Questions []*training.Question
	New       *Form
	Edit      *Form
	EditID    int64
	// CanEdit: the bank is national (training.CanEditBank); others read
	// it without the forms.
	CanEdit bool
}

// EditForm is the edit form of q.
func (p *TrainingQuestionsPage) EditForm(q *training.Question) *Form {
	if p.Edit != nil && p.EditID == q.ID {
		return p.Edit
	}
	f := NewForm(nil)
	f.Set("text", q.Text)
	f.Set("choices", strings.Join(q.Choices, "\n"))
	f.Set("answer", strconv.Itoa(q.Answer+1))
	f.Set("explanation", q.Explanation)
	if q.Active {
		f.Set("active", "on")
	}
	return f
}

// FieldOf is a field id unique to q.
func (p *TrainingQuestionsPage) FieldOf(q *training.Question, name string) string {
	if p.Edit != nil && p.EditID == q.ID {
		return "id=" + FieldID(name)
	}
	return "id=" + FieldID(name) + "-" + strconv.FormatInt(q.ID, 10)
}

// Letter is the letter of choice j (A, B, C…).
func (p *TrainingQuestionsPage) Letter(j int) string { return string(rune('A' + j)) }

func (s *Server) trainingQuestions(w http.ResponseWriter, r *http.Request) error {
	return s.renderTrainingQuestions(w, r, http.StatusOK, r.URL.Query().Get("muc"), &TrainingQuestionsPage{})
}

func (s *Server) renderTrainingQuestions(w http.ResponseWriter, r *http.Request, status int, item string, p *TrainingQuestionsPage) error {
	ctx := r.Context()
	p.Base = Base{Title: "Ngân hàng câu hỏi", Crumbs: []Link{{"Bồi dưỡng", "/training"}}}
	p.CanEdit = training.CanEditBank(congvu.ActorFromContext(ctx))
	v, err := s.Services.Standards.CurrentVersion(ctx, 0)
	if err != nil {
		return err
	}
	for _, g := range v.Groups {
		for _, it := range g.Items {
			p.Items = append(p.Items, Option{it.Code, it.Code + ". " + it.Title})
			if item == "" {
				item = it.Code
			}
			if it.Code == item {
				p.ItemTitle = it.Title
			}
		}
	}
	if p.ItemTitle == "" && item != "" {
		return congvu.Errorf(congvu.ENOTFOUND, "Không có chuẩn mực mã %s trong bộ chuẩn mực hiện hành.", item)
	}
	p.Item = item
	if item != "" {
		if p.Questions, err = s.Services.TrainingQuiz.Questions(ctx, item); err != nil {
			return err
		}
	}
	if p.New == nil {
		p.New = NewForm(map[string][]string{"active": {"on"}})
	}
	return s.Render(w, r, status, "training_questions.html", p)
}

// questionInput reads a question's form: the choices one a line, the
// right one by its number (1, 2…).
func questionInput(f *Form, item string) training.QuestionInput {
	in := training.QuestionInput{ItemCode: item, Text: f.Get("text"), Choices: lines(f.Values.Get("choices")),
		Explanation: f.Get("explanation"), Active: f.Checked("active")}
	n, err := strconv.Atoi(strings.TrimSpace(f.Get("answer")))
	if err != nil || n < 1 || n > len(in.Choices) {
		f.AddError("answer", "Xin nhập số thứ tự của đáp án đúng (1 là dòng đầu tiên của các lựa chọn).")
	}
	in.Answer = n - 1
	return in
}

func (s *Server) createTrainingQuestion(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	item := f.Get("item")
	in := questionInput(f, item)
	if !f.Failed() {
		_, err := s.Services.TrainingQuiz.CreateQuestion(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, "/training/questions?muc="+item, "bd-luu-cau-hoi")
		}
		if !f.SetError(err) {
			return err
		}
	}
	f.Summarize("Chưa lưu được câu hỏi, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderTrainingQuestions(w, r, http.StatusBadRequest, item, &TrainingQuestionsPage{New: f})
}

func (s *Server) updateTrainingQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	item := f.Get("item")
	in := questionInput(f, item)
	if !f.Failed() {
		_, err := s.Services.TrainingQuiz.UpdateQuestion(r.Context(), id, in)
		if err == nil {
			return s.Redirect(w, r, "/training/questions?muc="+item, "bd-luu-cau-hoi")
		}
		if !f.SetError(err) {
			return err
		}
	}
	f.Summarize("Chưa lưu được câu hỏi, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderTrainingQuestions(w, r, http.StatusBadRequest, item, &TrainingQuestionsPage{Edit: f, EditID: id})
}
