// Package evaluationdoc builds the documents of the annual evaluation —
// each official's evaluation form (phiếu đánh giá, xếp loại chất lượng)
// and a unit's summary table of the year (bảng tổng hợp kết quả đánh giá,
// xếp loại) — in the layout of Decree 30/2020/NĐ-CP (export.AdminDoc),
// written as PDF or DOCX, and the table as XLSX too, for the web and API
// edges. What the actor may read is the service's (FindEvaluation,
// FindEvaluations: audited readings).
package evaluationdoc

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"congvu"
	"congvu/evaluation"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/inspectiondoc"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/services"
	"congvu/vntext"
)

// Format is a file format.
type Format string

// The formats: the form is PDF or DOCX, the table also XLSX.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
	XLSX Format = "xlsx"
)

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	switch f {
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/pdf"
}

// File is a document ready to send.
type File struct {
	Name        string // "phieu-danh-gia-2026-12.pdf"
	ContentType string
	Data        []byte
}

// Info is what the documents need besides the evaluations: the issuing
// body and the place. Both optional (blanks to fill by hand).
type Info struct {
	Heading org.Heading
	Place   string
}

// unitInfo fills the Info of a unit from the services, best effort.
func unitInfo(ctx context.Context, svc services.Set, unitID int64) Info {
	var info Info
	if u, err := svc.Units.FindUnitByID(ctx, unitID); err == nil {
		info.Heading = org.GoverningBody(u)
		info.Place = inspectiondoc.PlaceName(u)
	}
	return info
}

// pts writes points the Vietnamese way: "27,5".
func pts(v float64) string { return vntext.Decimal(v, 2) }

func levelText(l evaluation.Level) string {
	if l == "" {
		return "……………"
	}
	return l.Label()
}

func scoreOf(scores []evaluation.Score, code string) (evaluation.Score, bool) {
	for _, s := range scores {
		if s.Code == code {
			return s, true
		}
	}
	return evaluation.Score{}, false
}

func sum(scores []evaluation.Score) float64 {
	t := 0.0
	for _, s := range scores {
		t += s.Points
	}
	return t
}

func paragraphs(s string) []export.Block {
	var out []export.Block
	for _, l := range export.Lines(s) {
		out = append(out, export.Block{Text: l})
	}
	if len(out) == 0 {
		out = append(out, export.Block{Text: dotted}, export.Block{Text: dotted})
	}
	return out
}

const dotted = "……………………………………………………………………………………………………………"

// BuildForm writes the evaluation form of evaluation id in format f, as
// the actor in ctx may read it (the service's audited reading).
func BuildForm(ctx context.Context, svc services.Set, id int64, f Format) (*File, error) {
	if f != PDF && f != DOCX {
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	e, err := svc.Evaluations.FindEvaluation(ctx, id)
	if err != nil {
		return nil, err
	}
	if !evaluation.CanRead(congvu.ActorFromContext(ctx), e) {
		// A colleague reads who is evaluated to comment, not the form.
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy văn bản.")
	}
	var rs *evaluation.RuleSet
	if sets, err := svc.Evaluations.RuleSets(ctx); err == nil {
		for i := range sets {
			if sets[i].ID == e.RuleSetID {
				rs = &sets[i]
			}
		}
	}
	sm, err := svc.EvaluationEvidence.Summary(ctx, e.OfficialID, e.Year)
	if err != nil {
		sm = nil // the form leaves the evidence to fill by hand
	}
	doc := Form(e, rs, sm, unitInfo(ctx, svc, e.UnitID))
	return write(doc, f, fmt.Sprintf("phieu-danh-gia-%d-%d", e.Year, e.ID))
}

// MaxTableRows bounds the summary table of one document (a unit's year).
const MaxTableRows = congvu.MaxPageSize

// BuildTable writes the summary table of the unit's subtree for the year
// in format f, as the actor may read it.
func BuildTable(ctx context.Context, svc services.Set, unitID int64, year int, f Format) (*File, error) {
	u, err := svc.Units.FindUnitByID(ctx, unitID)
	if err != nil {
		return nil, err
	}
	list, _, err := svc.Evaluations.FindEvaluations(ctx, evaluation.Filter{UnitID: unitID, Year: year, Limit: MaxTableRows})
	if err != nil {
		return nil, err
	}
	ev := map[int64]*evaluation.SummaryRow{}
	if sums, err := svc.EvaluationEvidence.Summaries(ctx, unitID, year); err == nil {
		for _, s := range sums {
			ev[s.OfficialID] = s
		}
	}
	rows := make([]Row, 0, len(list))
	for _, e := range list {
		rows = append(rows, Row{E: e, Evidence: ev[e.OfficialID]})
	}
	stem := fmt.Sprintf("bang-tong-hop-xep-loai-%d-%s", year, vntext.Fold(u.Code))
	stem = strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z') {
			return r
		}
		return '-'
	}, strings.ToLower(stem))
	if f == XLSX {
		var buf bytes.Buffer
		if err := export.XLSX(&buf, Sheets(u.Name, year, rows)); err != nil {
			return nil, err
		}
		return &File{Name: stem + ".xlsx", ContentType: XLSX.ContentType(), Data: buf.Bytes()}, nil
	}
	return write(Table(u.Name, year, rows, Info{Heading: org.GoverningBody(u), Place: inspectiondoc.PlaceName(u)}), f, stem)
}

func write(doc export.AdminDoc, f Format, stem string) (*File, error) {
	var buf bytes.Buffer
	var err error
	if f == DOCX {
		err = docx.Write(&buf, doc)
	} else {
		f, err = PDF, pdf.WriteAdminDoc(&buf, doc)
	}
	if err != nil {
		return nil, err
	}
	return &File{Name: stem + "." + string(f), ContentType: f.ContentType(), Data: buf.Bytes()}, nil
}
