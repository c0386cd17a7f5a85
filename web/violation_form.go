package web

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/violation"
)

// The parsers of the violation forms: what a browser sends is outside
// input, so each reads only what it understands and records a Vietnamese
// message on the form for the rest (FuzzViolationForm checks that none
// panics and that what they return is well formed). The service decides
// whether the items, officials and evidence fit the unit and the date.

// Limits of what one violation form may carry (the service has its own).
const (
	violationMaxItems     = violation.MaxItems
	violationMaxOfficials = violation.MaxOfficials
	violationMaxEvidence  = violation.MaxEvidence
	violationMaxText      = violation.MaxDescription
)

// evidenceValue is the form value of a piece of evidence
// (congvu.EvidenceRef.FormValue).
func evidenceValue(ev congvu.EvidenceRef) string { return ev.FormValue() }

// evidenceKinds are the kinds a violation may rest on, by their form name.
var evidenceKinds = map[string]bool{
	congvu.EvidencePetition:       true,
	congvu.EvidenceInspectionLine: true,
	congvu.EvidenceObservation:    true,
	congvu.EvidenceRatings:        true,
}

// parseEvidenceValue reads one value written by evidenceValue, of a kind
// a violation may rest on (an observation is typed, not picked); a pattern
// in ratings has no id and names its official.
func parseEvidenceValue(v string) (congvu.EvidenceRef, bool) {
	ref, ok := congvu.ParseEvidenceValue(strings.TrimSpace(v))
	if !ok || !evidenceKinds[ref.Kind] || ref.Kind == congvu.EvidenceObservation ||
		(ref.ID == 0) != (ref.Kind == congvu.EvidenceRatings) || (ref.Kind == congvu.EvidenceRatings && ref.OfficialID == 0) {
		return congvu.EvidenceRef{}, false
	}
	return ref, true
}

// parseItemCodes reads standard item codes from the ticked boxes and the
// typed list (separated by commas, semicolons or spaces), upper-cased,
// each once, in the order given. bad is the first value that is not a
// code.
func parseItemCodes(values []string) (codes []string, bad string) {
	seen := map[string]bool{}
	for _, v := range values {
		for _, c := range strings.FieldsFunc(v, func(r rune) bool {
			return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
		}) {
			c = strings.ToUpper(c)
			if !validItemCode(c) {
				if bad == "" {
					bad = c
				}
				continue
			}
			if !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
	}
	return codes, bad
}

// validItemCode reports whether c looks like a standard item code (GT-XC,
// TT-01, a local item's DV-…): letters, digits and dashes, at most 32.
func validItemCode(c string) bool {
	if c == "" || len(c) > 32 || c[0] == '-' {
		return false
	}
	for _, r := range c {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// parseIDs reads positive ids, each once; ok is false when a value is
// not one.
func parseIDs(values []string) (ids []int64, ok bool) {
	ok = true
	seen := map[int64]bool{}
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			ok = false
			continue
		}
		if !seen[n] {
			seen[n] = true
			ids = append(ids, n)
		}
	}
	return ids, ok
}

// violationDate reads a calendar day typed dd/mm/yyyy (midnight in
// congvu.TimeZone); empty is zero, for the domain to require it.
func violationDate(f *Form, name string) time.Time {
	v := f.Get(name)
	if v == "" {
		return time.Time{}
	}
	d, ok := ParseDate(v)
	if !ok {
		f.AddError(name, "Ngày không hợp lệ; xin nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
		return time.Time{}
	}
	return d
}

// textField reads a text of at most violationMaxText characters.
func textField(f *Form, name string) string {
	v := strings.TrimSpace(f.Values.Get(name))
	if !utf8.ValidString(v) {
		f.AddError(name, "Nội dung có ký tự không hợp lệ.")
		return ""
	}
	if utf8.RuneCountInString(v) > violationMaxText {
		f.AddError(name, "Nội dung dài quá "+strconv.Itoa(violationMaxText)+" ký tự, xin viết gọn lại.")
	}
	return v
}

// parseViolationForm reads the form that opens a violation (the unit is
// named by its code, returned for the caller to find). What cannot be
// read is recorded on f; what the domain requires of an input
// (violation.Input.Validate: lengths, at least one item and one piece of
// evidence…) is the service's to say, see violationInputErrors.
func parseViolationForm(f *Form) (in violation.Input, unitCode string) {
	unitCode = f.Get("unit")
	if utf8.RuneCountInString(unitCode) > 64 {
		f.AddError("unit", "Mã đơn vị không hợp lệ.")
		unitCode = ""
	}
	in.ActDate = violationDate(f, "act_date")
	in.Description = textField(f, "description")
	codes, bad := parseItemCodes(append(append([]string(nil), f.Values["item"]...), f.Values.Get("items")))
	switch {
	case bad != "":
		f.AddError("items", "“"+truncateRunes(bad, 32)+"” không phải mã chuẩn mực; mã gồm chữ in hoa, số và gạch nối, ví dụ GT-XC.")
	case len(codes) > violationMaxItems:
		f.AddError("items", "Một vụ vi phạm nêu tối đa "+strconv.Itoa(violationMaxItems)+" chuẩn mực.")
	}
	in.ItemCodes = codes
	ids, ok := parseIDs(f.Values["official"])
	switch {
	case !ok:
		f.AddError("officials", "Danh sách cán bộ không hợp lệ; xin chọn lại trong danh sách.")
	case len(ids) > violationMaxOfficials:
		f.AddError("officials", "Một vụ vi phạm nêu tối đa "+strconv.Itoa(violationMaxOfficials)+" cán bộ.")
	}
	in.OfficialIDs = ids
	in.AboutUnit = f.Checked("about_unit")
	seen := map[string]bool{}
	for _, v := range f.Values["evidence"] {
		ref, ok := parseEvidenceValue(v)
		if !ok {
			f.AddError("evidence", "Căn cứ đã chọn không hợp lệ; xin chọn lại trong danh sách.")
			continue
		}
		if k := evidenceValue(ref); !seen[k] {
			seen[k] = true
			in.Evidence = append(in.Evidence, ref)
		}
	}
	if len(in.Evidence) > violationMaxEvidence {
		f.AddError("evidence", "Một vụ vi phạm dựa trên tối đa "+strconv.Itoa(violationMaxEvidence)+" căn cứ.")
	}
	if note := textField(f, "observation"); note != "" {
		if in.Notes == nil {
			in.Notes = map[int]string{}
		}
		in.Notes[len(in.Evidence)] = note
		ref := congvu.EvidenceRef{Kind: congvu.EvidenceObservation, ItemCodes: in.ItemCodes, Date: in.ActDate}
		if len(in.OfficialIDs) == 1 {
			ref.OfficialID = in.OfficialIDs[0]
		}
		in.Evidence = append(in.Evidence, ref)
	}
	return in, unitCode
}

// violationInputErrors puts the errors of a violation input (the
// service's, or the domain's Validate) on the form's fields: a piece of
// evidence on the observation box when it is the observation, else on the
// list of evidence.
func violationInputErrors(f *Form, in violation.Input, err error) bool {
	if !f.SetError(err) {
		return false
	}
	for k, msg := range congvu.ErrorFields(err) {
		i, ok := strings.CutPrefix(k, "evidence.")
		if !ok {
			continue
		}
		delete(f.Errors, k)
		n, _ := strconv.Atoi(i)
		if n >= 0 && n < len(in.Evidence) && in.Evidence[n].Kind == congvu.EvidenceObservation {
			f.AddError("observation", msg)
		} else {
			f.AddError("evidence", msg)
		}
	}
	f.moveError("unit_id", "unit")
	f.moveError("item_codes", "items")
	f.moveError("official_ids", "officials")
	return true
}

// parseHandlingForm reads the form that records a measure short of
// discipline for one official (the service checks what it requires).
func parseHandlingForm(f *Form) violation.HandlingInput {
	var in violation.HandlingInput
	if v := f.Values.Get("official"); v != "" {
		ids, ok := parseIDs([]string{v})
		if !ok || len(ids) != 1 {
			f.AddError("official", "Xin chọn cán bộ trong danh sách.")
		} else {
			in.OfficialID = ids[0]
		}
	}
	in.Kind = violation.HandlingKind(f.Get("kind"))
	if in.Kind != "" && !in.Kind.Valid() {
		f.AddError("kind", "Xin chọn hình thức: nhắc nhở, phê bình hoặc chấn chỉnh.")
	}
	in.Severity = violation.Severity(f.Get("severity"))
	if in.Severity != "" && !in.Severity.Valid() {
		f.AddError("severity", "Xin chọn mức độ trong danh sách.")
	}
	in.Note = textField(f, "note")
	return in
}

// truncateRunes cuts s to n characters.
func truncateRunes(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
