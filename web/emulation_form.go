package web

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"congvu"
	"congvu/emulation"
)

// The movement form: launching a movement (a draft prefilled with the
// office-culture criteria), editing a draft, opening and ending one.

// EmulationMovementFormPage launches a movement or edits a draft one.
type EmulationMovementFormPage struct {
	Base
	Form     *Form
	Action   string
	Rows     []EmulationCriterionRow
	Subjects []Option
	Sources  []Option
}

// EmulationCriterionRow is one row of the criteria table of the movement form: the
// names of its inputs and their errors.
type EmulationCriterionRow struct {
	N                                                         int
	Subject, Code, Label, Weight, Source, Target, Floor, Help string
}

func criterionRow(i int) EmulationCriterionRow {
	n := strconv.Itoa(i)
	return EmulationCriterionRow{N: i + 1, Subject: "crit_subject_" + n, Code: "crit_code_" + n, Label: "crit_label_" + n, Weight: "crit_weight_" + n,
		Source: "crit_source_" + n, Target: "crit_target_" + n, Floor: "crit_floor_" + n, Help: "crit_help_" + n}
}

// setCriteria writes criteria into the movement form's rows.
func setCriteria(f *Form, cs []emulation.Criterion) {
	for i, c := range cs {
		row := criterionRow(i)
		f.Set(row.Subject, string(c.Subject))
		f.Set(row.Code, c.Code)
		f.Set(row.Label, c.Label)
		f.Set(row.Weight, EmulationPoints(c.Weight))
		f.Set(row.Source, string(c.Source))
		f.Set(row.Target, EmulationPoints(c.Target))
		f.Set(row.Floor, EmulationPoints(c.Floor))
		f.Set(row.Help, c.Help)
	}
	f.Set("crit_count", strconv.Itoa(len(cs)))
}

// ParseMovementForm reads the movement form: its text, years and criteria
// rows (a row without a name is skipped). What cannot be read is recorded
// in f; the domain's own rules are the service's.
func ParseMovementForm(f *Form) emulation.MovementInput {
	in := emulation.MovementInput{Title: f.Get("title"), Content: f.Get("content")}
	year := func(name string, required bool) int {
		v := f.Get(name)
		if v == "" {
			if required {
				f.AddError(name, "Xin nhập năm, ví dụ "+strconv.Itoa(thisYear())+".")
			}
			return 0
		}
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			f.AddError(name, "Năm phải là số từ 2000 đến 2100.")
			return 0
		}
		return y
	}
	in.FromYear, in.ToYear, in.InterimYear = year("from_year", true), year("to_year", true), year("interim_year", false)
	count := int(min(max(f.Int("crit_count"), 0), 60)) + emulationCriteriaRows
	for i := range count {
		row := criterionRow(i)
		c := emulation.Criterion{Subject: emulation.Subject(f.Get(row.Subject)), Code: f.Get(row.Code), Label: f.Get(row.Label),
			Source: emulation.Source(f.Get(row.Source)), Help: f.Get(row.Help)}
		if c.Label == "" && c.Code == "" && f.Get(row.Weight) == "" {
			continue
		}
		num := func(name string, required bool) float64 {
			v := f.Get(name)
			if v == "" && !required {
				return 0
			}
			x, ok := parseEmuNumber(v)
			if !ok {
				f.AddError(name, "Xin nhập một số, ví dụ 20 hoặc 12,5.")
			}
			return x
		}
		c.Weight = num(row.Weight, true)
		c.Target, c.Floor = num(row.Target, false), num(row.Floor, false)
		in.Criteria = append(in.Criteria, c)
	}
	return in
}

// criterionField matches the service's names of a criterion's fields:
// criteria.2.weight or criteria[2].weight.
var criterionField = regexp.MustCompile(`^criteria[.\[](\d+)\]?\.(\w+)$`)

// moveCriteriaErrors puts the service's errors on criteria on the rows of
// the form (in the order they were read: kept, the rows' own numbers).
func moveCriteriaErrors(f *Form, in emulation.MovementInput, rows []int) {
	for k := range f.Errors {
		m := criterionField.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		if i >= len(rows) {
			continue
		}
		row := criterionRow(rows[i])
		to := map[string]string{"subject": row.Subject, "code": row.Code, "label": row.Label, "weight": row.Weight, "source": row.Source,
			"target": row.Target, "floor": row.Floor, "help": row.Help}[m[2]]
		if to == "" {
			to = row.Label
		}
		f.moveError(k, to)
	}
}

// sayMovementErrors adds to a form that could not be read what else the
// domain refuses in it, without saving, so that every error shows at
// once; the fields the form could not read keep their own message.
func sayMovementErrors(f *Form, in emulation.MovementInput) {
	err := in.Validate(time.Now())
	rows := criteriaRowsRead(f)
	for field, msg := range congvu.ErrorFields(err) {
		if field == "unit_id" {
			continue // the code typed is what failed, or will be read
		}
		if m := criterionField.FindStringSubmatch(field); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(rows) {
				row := criterionRow(rows[i])
				if name := map[string]string{"weight": row.Weight, "target": row.Target, "floor": row.Floor}[m[2]]; name != "" && f.Error(name) != "" {
					continue
				}
			}
		}
		if f.Error(field) == "" && !(field == "to_year" && f.Error("from_year") != "") {
			f.AddError(field, msg)
		}
	}
	moveCriteriaErrors(f, in, rows)
}

// criteriaRowsRead lists the rows ParseMovementForm kept, in order.
func criteriaRowsRead(f *Form) []int {
	var out []int
	count := int(min(max(f.Int("crit_count"), 0), 60)) + emulationCriteriaRows
	for i := range count {
		row := criterionRow(i)
		if f.Get(row.Label) == "" && f.Get(row.Code) == "" && f.Get(row.Weight) == "" {
			continue
		}
		out = append(out, i)
	}
	return out
}

func (s *Server) renderMovementForm(w http.ResponseWriter, r *http.Request, status int, p *EmulationMovementFormPage) error {
	if p.Title == "" {
		p.Base = Base{Title: "Phát động phong trào thi đua", Crumbs: []Link{{"Phong trào thi đua", "/emulation"}}}
	}
	n := int(min(max(p.Form.Int("crit_count"), 0), 60)) + emulationCriteriaRows
	for i := range n {
		p.Rows = append(p.Rows, criterionRow(i))
	}
	p.Subjects = []Option{{string(emulation.Collective), emulation.Collective.Label()}, {string(emulation.Individual), emulation.Individual.Label()}}
	for _, src := range emulation.Sources {
		p.Sources = append(p.Sources, Option{string(src), src.Label()})
	}
	return s.Render(w, r, status, "emulation_form.html", p)
}

func (s *Server) newMovementForm(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(nil)
	y := thisYear()
	f.Set("from_year", strconv.Itoa(y))
	f.Set("to_year", strconv.Itoa(y+4))
	f.Set("interim_year", strconv.Itoa(y+2))
	a := congvu.ActorFromContext(r.Context())
	if roots := scopeRootIDs(a, congvu.ActEmulationManage); len(roots) > 0 {
		f.Set("unit", s.unitCode(r)(roots[0]))
	}
	setCriteria(f, emulation.OfficeCultureCriteria())
	return s.renderMovementForm(w, r, http.StatusOK, &EmulationMovementFormPage{Form: f, Action: "/emulation/new"})
}

func (s *Server) createMovement(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := ParseMovementForm(f)
	if code := f.Get("unit"); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError("unit", congvu.ErrorMessage(err))
		} else {
			in.UnitID = u.ID
		}
	} else {
		f.AddError("unit", "Xin nhập mã đơn vị phát động, ví dụ 34.")
	}
	if f.Failed() {
		sayMovementErrors(f, in)
	} else {
		m, err := s.Services.Emulation.CreateMovement(r.Context(), in)
		if err == nil {
			return s.Redirect(w, r, movementHref(m.ID), "td-phat-dong")
		}
		if !f.SetError(err) {
			return err
		}
		f.moveError("unit_id", "unit")
		moveCriteriaErrors(f, in, criteriaRowsRead(f))
	}
	f.Summarize("Chưa lưu được phong trào, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderMovementForm(w, r, http.StatusBadRequest, &EmulationMovementFormPage{Form: f, Action: "/emulation/new"})
}

func (s *Server) movementByPath(r *http.Request) (*emulation.Movement, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.Services.Emulation.FindMovement(r.Context(), id)
}

// movementID reads the movement of a form's address, refusing (as not
// found) one the actor may not see, before anything of the form is read.
func (s *Server) movementID(r *http.Request) (int64, error) {
	m, err := s.movementByPath(r)
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

func (s *Server) editMovementForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movementByPath(r)
	if err != nil {
		return err
	}
	f := NewForm(nil)
	f.Set("title", m.Title)
	f.Set("content", m.Content)
	f.Set("from_year", strconv.Itoa(m.FromYear))
	f.Set("to_year", strconv.Itoa(m.ToYear))
	if m.InterimYear != 0 {
		f.Set("interim_year", strconv.Itoa(m.InterimYear))
	}
	setCriteria(f, m.Criteria)
	return s.renderMovementForm(w, r, http.StatusOK, &EmulationMovementFormPage{Base: editMovementBase(m), Form: f, Action: movementHref(m.ID) + "/edit"})
}

func editMovementBase(m *emulation.Movement) Base {
	return Base{Title: "Sửa phong trào: " + m.Title, Crumbs: []Link{{"Phong trào thi đua", "/emulation"}, {m.Title, movementHref(m.ID)}}}
}

func (s *Server) updateMovement(w http.ResponseWriter, r *http.Request) error {
	m, err := s.movementByPath(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := NewForm(r.PostForm)
	in := ParseMovementForm(f)
	in.UnitID = m.UnitID
	if f.Failed() {
		sayMovementErrors(f, in)
	} else {
		_, err := s.Services.Emulation.UpdateMovement(r.Context(), m.ID, in)
		if err == nil {
			return s.Redirect(w, r, movementHref(m.ID), "td-sua")
		}
		if !f.SetError(err) {
			return err
		}
		moveCriteriaErrors(f, in, criteriaRowsRead(f))
	}
	f.Summarize("Chưa lưu được phong trào, xin kiểm tra lại các ô được đánh dấu.")
	return s.renderMovementForm(w, r, http.StatusBadRequest, &EmulationMovementFormPage{Base: editMovementBase(m), Form: f, Action: movementHref(m.ID) + "/edit"})
}

func (s *Server) openMovement(w http.ResponseWriter, r *http.Request) error {
	return s.movementStep(w, r, s.Services.Emulation.OpenMovement, "td-mo")
}

func (s *Server) closeMovement(w http.ResponseWriter, r *http.Request) error {
	return s.movementStep(w, r, s.Services.Emulation.CloseMovement, "td-dong")
}

// movementStep opens or closes a movement; a refusal (weights that do not
// add up, no final review) is shown on the movement's page.
func (s *Server) movementStep(w http.ResponseWriter, r *http.Request, step func(ctx context.Context, id int64) (*emulation.Movement, error), flash string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := step(r.Context(), id)
	if err == nil {
		return s.Redirect(w, r, movementHref(m.ID), flash)
	}
	f := NewForm(nil)
	if !f.SetError(err) {
		return err
	}
	if msgs := congvu.ErrorFields(err); len(msgs) > 0 && f.Message == invalidFormMessage {
		var parts []string
		for _, m := range msgs {
			parts = append(parts, m)
		}
		f.SetMessage(strings.Join(parts, " "))
		f.Errors = map[string]string{}
	}
	return s.renderMovement(w, r, http.StatusBadRequest, id, &movementForms{step: f})
}

// FieldID is the id of the input of field name, for the criteria table.
func (p *EmulationMovementFormPage) FieldID(name string) string { return FieldID(name) }
