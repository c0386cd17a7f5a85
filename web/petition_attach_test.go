package web_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"testing"

	"congvu/petition"
)

// bigPNG is a real 1-bit PNG of w×h white pixels: a few hundred kilobytes
// that decode to w×h pixels.
func bigPNG(w, h int) []byte {
	chunk := func(typ string, data []byte) []byte {
		out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		out = append(append(out, typ...), data...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 1, 0, 0, 0, 0) // 1 bit, greyscale
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := bytes.Repeat([]byte{0xFF}, 1+(w+7)/8)
	row[0] = 0
	for range h {
		zw.Write(row)
	}
	zw.Close()
	out := []byte("\x89PNG\r\n\x1a\n")
	for _, c := range [][]byte{chunk("IHDR", ihdr), chunk("IDAT", z.Bytes()), chunk("IEND", nil)} {
		out = append(out, c...)
	}
	return out
}

// authoredPDF is a small PDF whose document information names its author.
var authoredPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
	"3 0 obj\n<< /Author (Nguyen Van Dan) /Creator (Microsoft Word) /Title (Don phan anh) >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 3 0 R >>\n%%EOF\n")

// The attachments of the petition form: the limits read as they are
// (50 MB in all, not the request's 51), the reporter is told before
// uploading that a PDF keeps its hidden author fields, a huge image is
// refused with its size, a refused form leaves none of its files stored,
// and staff opening a file is audited.
func TestPetitionFormAttachments(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	path := "/phan-anh/gui?don-vi=34.SNV"
	c.get(path).want(t, http.StatusOK, "mỗi tệp không quá 10 MB, tổng cộng không quá 50 MB.",
		"Tệp PDF được lưu nguyên như anh/chị gửi, kể cả thông tin ẩn trong tệp (tên tác giả").lacks(t, "51 MB")
	stamp := agedStamps(t, c, path)[path]
	files := func() int {
		t.Helper()
		var n int
		if err := e.db.Read.QueryRow(`SELECT COUNT(*) FROM petition_attachments`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	pdf := upload{"don.pdf", authoredPDF}
	photo := upload{"anh.png", bigPNG(64, 64)}

	// Refused by the service (too short): the files are not kept.
	c.postMultipart(path, []string{"t", stamp, "category", "attitude", "description", "Ngắn.", "anonymous", "co"}, photo, pdf).
		want(t, http.StatusBadRequest, "ít nhất 20 ký tự", "Xin chọn lại tệp đính kèm")
	if n := files(); n != 0 {
		t.Fatalf("%d files stored by a form the service refused", n)
	}
	// Refused by the form (no identity choice).
	c.postMultipart(path, []string{"t", stamp, "category", "attitude", "description", "Cán bộ quát nạt người dân đến nộp hồ sơ."}, photo, pdf).
		want(t, http.StatusBadRequest, "Xin chọn gửi ẩn danh")
	if n := files(); n != 0 {
		t.Fatalf("%d files stored by a form the web refused", n)
	}
	// A 30000×30000 image: refused with its size, the file before it not kept.
	huge := upload{"chup.png", bigPNG(30000, 30000)}
	if len(huge.data) > petition.MaxAttachmentSize {
		t.Fatalf("test image of %d bytes", len(huge.data))
	}
	c.postMultipart(path, []string{"t", stamp, "category", "attitude", "description", "Cán bộ quát nạt người dân đến nộp hồ sơ.", "anonymous", "co"}, pdf, huge).
		want(t, http.StatusBadRequest, "Tệp “chup.png”: Ảnh có kích thước 30000 × 30000 điểm ảnh, vượt mức cho phép")
	if n := files(); n != 0 {
		t.Fatalf("%d files stored by refused forms", n)
	}

	// Accepted: the files stay, and a handler's opening of one is audited.
	r := c.postMultipart(path, []string{"t", stamp, "category", "attitude", "description", "Cán bộ quát nạt người dân đến nộp hồ sơ.", "anonymous", "co"}, photo, pdf)
	code, _ := receipt(t, r)
	p := e.petitionByCode(code)
	if len(p.Attachments) != 2 || files() != 2 {
		t.Fatalf("%d attachments, %d stored", len(p.Attachments), files())
	}
	staff := e.client().login("thanhtra")
	staff.get("/petitions/"+itoa(p.ID)+"/files/"+itoa(p.Attachments[1].ID)).want(t, http.StatusOK)
	var actor, entity int64
	if err := e.db.Read.QueryRow(`SELECT actor_id, entity_id FROM audit_events WHERE kind = 'petition.file_open'`).Scan(&actor, &entity); err != nil {
		t.Fatalf("opening not audited: %v", err)
	}
	if actor != e.users["thanhtra"].ID || entity != p.ID {
		t.Fatalf("audited actor %d petition %d", actor, entity)
	}
	e.client().login("admin").get("/audit").want(t, http.StatusOK, "Mở tệp đính kèm của phản ánh")
}
