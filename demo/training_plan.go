package demo

import (
	"bytes"
	"congvu/export"
	"congvu/export/pdf"
	"congvu/org"
	"congvu/training"
	"fmt"
	"strings"
	"time"
)

// planDocTitle is the title of the province's plan, uploaded by Sở Nội vụ
// as a material of its campaign (found again by it).
const planDocTitle = "Kế hoạch triển khai quán triệt Đề án văn hóa công vụ năm %d"

// uploadPlan uploads the province's plan of the campaign (a PDF written as
// the administrative documents are) as noivu, and adds it to the
// campaign's materials; unless a document of that title is there.
func (w *tWork) uploadPlan(tc *tCampaign, province *org.Unit, at time.Time) error {
	noivu := w.actors["noivu"]
	year := tc.in.EndsOn.Year()
	title := fmt.Sprintf(planDocTitle, year)
	list, err := w.s.Training.Materials(noivu, 0)
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.Kind == training.MaterialDocument && m.Title == title {
			tc.in.MaterialIDs = append(tc.in.MaterialIDs, m.ID)
			return nil
		}
	}
	snv := w.units["33.SNV"]
	doc := export.AdminDoc{Heading: org.GoverningBody(snv).Lines(), Number: "112", Symbol: "KH-SNV", Place: "Hưng Yên", Date: at,
		Title: "KẾ HOẠCH", Subtitle: fmt.Sprintf("Quán triệt Đề án văn hóa công vụ đến cán bộ, công chức, viên chức năm %d", year),
		Body: []export.Block{
			{Style: export.StyleItalic, Text: "Căn cứ Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ phê duyệt Đề án văn hóa công vụ;"},
			{Style: export.StyleHeading, Text: "I. MỤC ĐÍCH, YÊU CẦU"},
			{Text: "Toàn thể cán bộ, công chức, viên chức trong tỉnh nắm vững mục tiêu, nội dung của Đề án văn hóa công vụ và Bộ chuẩn mực; " +
				"người đứng đầu cơ quan, đơn vị chịu trách nhiệm tổ chức cho cán bộ thuộc quyền dự đầy đủ."},
			{Style: export.StyleHeading, Text: "II. NỘI DUNG, HÌNH THỨC"},
			{Text: "Hội nghị quán triệt trực tiếp theo cụm cơ quan, đơn vị; điểm danh bằng mã QR trên phần mềm Công vụ hoặc ký danh sách. " +
				"Cán bộ vắng học bù trực tuyến. Sau khi học, mỗi người làm bài kiểm tra nhận thức 10 câu, đạt từ 80% trở lên (tối đa 3 lần)."},
			{Style: export.StyleHeading, Text: "III. THỜI GIAN"},
			{Text: fmt.Sprintf("Từ ngày %s đến ngày %s.", tc.in.StartsOn.Format("02/01/2006"), tc.in.EndsOn.Format("02/01/2006"))},
		},
		Recipients: []string{"UBND tỉnh (để b/c)", "Các sở, ban, ngành", "UBND các xã, phường", "Lưu: VT, CCVC"},
		Signers:    []export.Signer{{Authority: "KT. GIÁM ĐỐC", Title: "PHÓ GIÁM ĐỐC", Hint: "(Đã ký)", Name: w.personName("33.SNV", "Phó Giám đốc Sở")}},
	}
	var buf bytes.Buffer
	if err := pdf.WriteAdminDoc(&buf, doc); err != nil {
		return err
	}
	m, err := w.s.Training.UploadDocument(noivu, training.MaterialInput{Title: title, UnitID: province.ID,
		Meaning:  "Kế hoạch của Sở Nội vụ: đối tượng, hình thức quán triệt, bài kiểm tra và thời gian thực hiện.",
		FileName: fmt.Sprintf("KH-quan-triet-DAVHCV-%d.pdf", year)}, &buf)
	if err != nil {
		return err
	}
	tc.in.MaterialIDs = append(tc.in.MaterialIDs, m.ID)
	return nil
}

// personName is the name of the first official of the unit whose position
// begins with position.
func (w *tWork) personName(code, position string) string {
	for _, pe := range w.p.people {
		if pe.nowCode == code && strings.HasPrefix(pe.Position, position) {
			return pe.FullName
		}
	}
	return ""
}
