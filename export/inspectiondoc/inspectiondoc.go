// Package inspectiondoc builds the documents of an inspection — the visit
// record (biên bản) and the conclusion (kết luận) — from the services, for
// the web and API edges: what the actor's side may read (the domain rules
// inspection.RecordFor and ConclusionFor), filled with the names the
// inspection holds only as ids, and written as PDF or DOCX.
package inspectiondoc

import (
	"bytes"
	"context"
	"strconv"

	"congvu"
	"congvu/export"
	"congvu/export/docx"
	"congvu/export/pdf"
	"congvu/inspection"
	"congvu/org"
	"congvu/services"
)

// Doc names one document of an inspection.
type Doc string

// The documents.
const (
	Record     Doc = "record"
	Conclusion Doc = "conclusion"
)

// Format is a file format.
type Format string

// The formats.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
)

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	if f == DOCX {
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "application/pdf"
}

// File is a document ready to send.
type File struct {
	Name        string // "bien-ban-12.pdf"
	ContentType string
	Data        []byte
}

// Build writes document d of inspection id in format f, as the actor in
// ctx may read it: ENOTFOUND when the inspection is not the actor's to
// see, or when the actor is the inspected unit and the record is not
// closed yet (Record) or the conclusion not issued (Conclusion). Drafts
// are printed with "DỰ THẢO" for the inspecting side.
func Build(ctx context.Context, svc services.Set, id int64, d Doc, f Format) (*File, error) {
	i, err := svc.Inspections.FindInspection(ctx, id)
	if err != nil {
		return nil, err
	}
	side := inspection.SideOf(congvu.ActorFromContext(ctx), i.UnitPath, i.TargetUnitPath)
	ok := i.RecordFor(side)
	if d == Conclusion {
		ok = i.ConclusionFor(side)
	}
	if !ok {
		if d == Conclusion {
			return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy kết luận.")
		}
		return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy biên bản.")
	}
	info := Info(ctx, svc, i)
	var doc export.AdminDoc
	name := "bien-ban-"
	if d == Conclusion {
		doc, name = export.InspectionConclusion(i, info), "ket-luan-"
	} else {
		doc = export.InspectionRecord(i, info)
	}
	var buf bytes.Buffer
	if f == DOCX {
		err = docx.Write(&buf, doc)
	} else {
		f, err = PDF, pdf.WriteAdminDoc(&buf, doc)
	}
	if err != nil {
		return nil, err
	}
	return &File{Name: name + strconv.FormatInt(i.ID, 10) + "." + string(f), ContentType: f.ContentType(), Data: buf.Bytes()}, nil
}

// Info fills what the documents of i need besides i, each part best
// effort (a name the actor may not read is left out): the inspecting
// unit's heading and place, the plan's title and team, the lead, the
// corrective actions set, the catalog's group names.
func Info(ctx context.Context, svc services.Set, i *inspection.Inspection) export.InspectionDocInfo {
	var info export.InspectionDocInfo
	if u, err := svc.Units.FindUnitByID(ctx, i.UnitID); err == nil {
		info.Heading = org.GoverningBody(u)
		info.Place = PlaceName(u)
	}
	if i.Kind == inspection.KindInspection {
		info.Basis = []string{"Luật Thanh tra số 84/2025/QH15"}
	}
	lead := ""
	if i.LeadUserID != 0 {
		if u, err := svc.Users.FindUserByID(ctx, i.LeadUserID); err == nil {
			lead = u.FullName
			info.Team = append(info.Team, export.Member{Name: lead, Role: "Trưởng đoàn"})
		}
	}
	if i.PlanID != 0 {
		if p, err := svc.Inspections.FindPlan(ctx, i.PlanID); err == nil {
			info.PlanTitle = p.Title
			for _, m := range p.Team {
				if m != lead {
					info.Team = append(info.Team, export.Member{Name: m, Role: "Thành viên"})
				}
			}
		}
	}
	if svc.InspectionActions != nil {
		if acts, _, err := svc.InspectionActions.FindActions(ctx, inspection.ActionFilter{InspectionID: i.ID, Limit: 200}); err == nil {
			for _, a := range acts {
				info.Actions = append(info.Actions, export.CorrectiveAction{Text: a.Text, OwnerUnit: a.OwnerUnitName, Deadline: a.DueAt})
			}
		}
	}
	if i.CatalogVersionID != 0 {
		if v, err := svc.Standards.FindVersion(ctx, i.CatalogVersionID); err == nil {
			info.Groups = export.GroupNames(v.Groups)
		}
	} else if v, err := svc.Standards.CurrentVersion(ctx, i.TargetUnitID); err == nil {
		info.Groups = export.GroupNames(v.Groups)
	}
	return info
}

// PlaceName is the place name of a document's date line: the province of
// u ("Hưng Yên" of "Tỉnh Hưng Yên"), empty when u has none.
func PlaceName(u *org.Unit) string {
	for _, a := range append(append([]*org.Unit(nil), u.Ancestors...), u) {
		if a.Kind == org.KindProvince {
			n := a.Name
			for _, p := range []string{"Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "} {
				if len(n) > len(p) && n[:len(p)] == p {
					return n[len(p):]
				}
			}
			return n
		}
	}
	return ""
}
