package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"congvu"
	"congvu/export"
	"congvu/export/pdf"
)

// The official's own certificate as a PDF: issued once when the
// assignment is complete, with the number anyone checks at
// /training/certificates/{number}.

func (s *Server) myTrainingCertificate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(r.Context())
	if a.OfficialID == 0 {
		return congvu.Errorf(congvu.ENOTFOUND, "Tài khoản của anh/chị chưa được gắn với hồ sơ cán bộ nào.")
	}
	c, err := s.Services.TrainingQuiz.Certificate(r.Context(), id, a.OfficialID)
	if err != nil {
		return err
	}
	verify := s.publicBase(r) + "/training/certificates/" + c.Number
	body := []export.Block{
		{Text: "Chứng nhận ông/bà: " + c.OfficialName, Style: export.StyleCenter},
		{Text: "Đã hoàn thành đợt bồi dưỡng: " + c.CampaignTitle, Style: export.StyleCenter},
		{Text: fmt.Sprintf("Do %s tổ chức; số giờ được tính: %s.", c.UnitName, trainHours(c.Hours))},
	}
	if c.Score >= 0 {
		body = append(body, export.Block{Text: "Kết quả bài kiểm tra: " + strconv.Itoa(c.Score) + "%."})
	}
	body = append(body, export.Block{Text: "Số giấy chứng nhận: " + c.Number + ". Kiểm tra tại " + verify + ".", Style: export.StyleItalic})
	doc := export.AdminDoc{Heading: []string{c.UnitName}, Date: c.IssuedAt, Title: "GIẤY CHỨNG NHẬN", Subtitle: "Hoàn thành bồi dưỡng văn hóa công vụ",
		Body: body, Signers: []export.Signer{{Title: "THỦ TRƯỞNG ĐƠN VỊ"}}}
	var buf bytes.Buffer
	if err := pdf.WriteAdminDoc(&buf, doc); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="chung-nhan-`+c.Number+`.pdf"`)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
	return nil
}
