package training

import (
	"archive/zip"
	"bytes"
	"congvu"
	"path/filepath"
	"strings"
)

// MaxDocument is the largest uploaded document.
const MaxDocument = 20 << 20

// Document content types, by extension.
var documentTypes = map[string]string{
	".pdf":  "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

// DocumentType checks an uploaded document: a PDF, DOCX or PPTX whose
// content (sniffed, not the name's word) is what its extension says, no
// larger than MaxDocument; it returns the content type.
func DocumentType(name string, content []byte) (string, error) {
	if len(content) > MaxDocument {
		return "", congvu.Errorf(congvu.ETOOLARGE, "Tệp tài liệu lớn hơn 20 MB.")
	}
	ext := strings.ToLower(filepath.Ext(name))
	ct, ok := documentTypes[ext]
	if !ok {
		return "", congvu.FieldError("file", "Chỉ nhận tệp PDF, DOCX hoặc PPTX.")
	}
	if sniffDocument(content) != ext {
		return "", congvu.FieldError("file", "Nội dung tệp không đúng định dạng "+strings.ToUpper(ext[1:])+".")
	}
	return ct, nil
}

// sniffDocument is the extension the content is: ".pdf" from its
// signature, ".docx" or ".pptx" from the parts of the zip package; "" for
// anything else.
func sniffDocument(b []byte) string {
	if bytes.HasPrefix(b, []byte("%PDF-")) {
		return ".pdf"
	}
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return ""
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return ""
	}
	for _, f := range z.File {
		switch f.Name {
		case "word/document.xml":
			return ".docx"
		case "ppt/presentation.xml":
			return ".pptx"
		}
	}
	return ""
}
