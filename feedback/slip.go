package feedback

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/vntext"
)

// The apology slip (phiếu xin lỗi và hẹn lại ngày trả kết quả): when a
// dossier will not be returned by its due date, the agency at fault
// apologises to the applicant in writing and gives a new date, once. The
// slip is recorded; these are its rules.
//
// What was checked (search of public pages, 07/12/2026): Decree
// 118/2025/NĐ-CP of 9/6/2025, in force 01/07/2025, replaced Decrees 61/2018
// and 107/2021 on the one-stop shop; Circular 03/2025/TT-VPCP of 15/9/2025
// guides it, and its Appendix I lists the forms, form No. 04 being "Văn bản
// xin lỗi và đề nghị gia hạn thời gian giải quyết" (under Circular 01/2018
// form No. 04 was "Phiếu xin lỗi và hẹn lại ngày trả kết quả").
// [cần kiểm tra]: the date Circular 03/2025 takes effect (slips dated
// 01/07–14/09/2025 are given the old form); the article of Decree 118/2025
// that requires the apology; the fields of the new form No. 04 — the slip
// keeps those of the old form (addressee, dossier code, due date, reason,
// new date, Nơi nhận, the head's signature) and adds the applicant's
// address; neither form is known to name the handling official; that a
// dossier is rescheduled once and that the slip must be dated before the
// due date (law.md: [verify]).

// SlipForm is the form of the slip in force from a date, with its legal
// basis.
type SlipForm struct {
	Key   string    // stored with each slip
	From  time.Time // first day in force (Vietnam)
	Title string    // the title printed on the slip
	// Basis cites the form and the decree it serves, printed at the foot.
	Basis string
	// NamesOfficial is true when the form names the official who handled
	// the dossier.
	NamesOfficial bool
}

// slipForms are the forms, oldest first.
var slipForms = []SlipForm{
	{Key: "01/2018/TT-VPCP-04", From: time.Date(2018, 8, 22, 0, 0, 0, 0, congvu.TimeZone),
		Title: "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
		Basis: "Mẫu số 04 ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018; Nghị định số 61/2018/NĐ-CP ngày 23/4/2018"},
	{Key: "01/2018/TT-VPCP-04/118", From: time.Date(2025, 7, 1, 0, 0, 0, 0, congvu.TimeZone),
		Title: "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
		Basis: "Nghị định số 118/2025/NĐ-CP ngày 9/6/2025; mẫu số 04 Thông tư số 01/2018/TT-VPCP"},
	{Key: "03/2025/TT-VPCP-04", From: time.Date(2025, 9, 15, 0, 0, 0, 0, congvu.TimeZone),
		Title: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
		Basis: "Mẫu số 04 Phụ lục I ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15/9/2025; Nghị định số 118/2025/NĐ-CP ngày 9/6/2025"},
}

// SlipFormOn is the form in force on day t.
func SlipFormOn(t time.Time) SlipForm {
	f := slipForms[0]
	for _, x := range slipForms {
		if !t.Before(x.From) {
			f = x
		}
	}
	return f
}

// SlipFormByKey is the form a slip was issued on; ok is false for an
// unknown key.
func SlipFormByKey(key string) (SlipForm, bool) {
	for _, x := range slipForms {
		if x.Key == key {
			return x, true
		}
	}
	return SlipForm{}, false
}

// ApologySlip is a recorded apology slip.
type ApologySlip struct {
	ID        int64  `json:"id"`
	DossierID int64  `json:"dossier_id"`
	UnitID    int64  `json:"unit_id"` // the issuing agency: the one at fault
	UnitName  string `json:"unit_name"`
	// The dossier as it stood: its code, procedure, receiving unit and
	// dates.
	DossierCode       string    `json:"dossier_code"`
	ProcedureName     string    `json:"procedure_name,omitempty"`
	ReceivingUnitID   int64     `json:"receiving_unit_id"`
	ReceivingUnitName string    `json:"receiving_unit_name"`
	ReceivedAt        time.Time `json:"received_at"`
	DueAt             time.Time `json:"due_at"`
	NewDueAt          time.Time `json:"new_due_at"` // the day given (midnight, Vietnam)
	Number            string    `json:"number,omitempty"`
	IssuedAt          time.Time `json:"issued_at"`
	Reason            string    `json:"reason"`
	Recipient         string    `json:"recipient"`
	RecipientAddress  string    `json:"recipient_address"`
	CopiesTo          string    `json:"copies_to,omitempty"` // more "Nơi nhận", one a line
	SignerTitle       string    `json:"signer_title,omitempty"`
	Signer            string    `json:"signer,omitempty"`
	Form              string    `json:"form"` // SlipForm.Key
}

// Distribution is the slip's "Nơi nhận": the applicant ("Như trên"), the
// receiving unit when another agency apologises, the lines staff added,
// and the file copy.
func (s *ApologySlip) Distribution() []string {
	out := []string{"Như trên"}
	if s.ReceivingUnitID != 0 && s.ReceivingUnitID != s.UnitID && s.ReceivingUnitName != "" {
		out = append(out, s.ReceivingUnitName+" (nơi tiếp nhận hồ sơ)")
	}
	for _, l := range strings.Split(s.CopiesTo, "\n") {
		l = strings.TrimLeft(strings.TrimSpace(l), "-–+• ")
		if l = strings.TrimRight(l, ";.,"); l != "" {
			out = append(out, l)
		}
	}
	return append(out, "Lưu: VT")
}

// SlipInput is what staff fill in to issue a slip; the slip is dated the
// day it is recorded.
type SlipInput struct {
	DossierID        int64
	UnitID           int64 // the issuing agency, which must be the dossier's agency at fault
	Number           string
	Recipient        string
	RecipientAddress string
	Reason           string
	NewDueAt         time.Time // the new day of return
	CopiesTo         string
	SignerTitle      string
	Signer           string
}

// SlipFilter selects slips. Results are limited to the actor's scope.
type SlipFilter struct {
	UnitID    int64 // issued by this unit or a unit under it
	DossierID int64
	From, To  time.Time // issued in [From, To)
	Offset    int
	Limit     int // negative: count only
}

// Limits of a slip's fields (it is one page).
const (
	maxSlipText    = 200
	maxSlipReason  = 1000
	maxSlipAddress = 300
	maxSlipCopies  = 500
)

// SlipLastDay is the last day a slip for a dossier due at due may be
// dated: the day before the due date. Deadline counting goes through this
// one function, so that a working-day calendar can replace it.
func SlipLastDay(due time.Time) time.Time {
	return congvu.Date(due).AddDate(0, 0, -1)
}

// AtFault is the agency responsible for the delay: the one the dossier
// records, else the unit that received it.
func (d *Dossier) AtFault() int64 {
	if d.DelayUnitID != 0 {
		return d.DelayUnitID
	}
	return d.UnitID
}

// CheckSlip decides whether in may be issued for d at now, prior being the
// slip already issued for d (nil when none), and normalises in. The slip is
// refused (ECONFLICT) for a returned dossier, a dossier rescheduled
// already, by an agency other than the one at fault, or on or after the due
// date; its fields are checked (EINVALID).
func CheckSlip(d *Dossier, prior *ApologySlip, issuerName, atFaultName string, in *SlipInput, now time.Time) error {
	day := func(t time.Time) string { return t.In(congvu.TimeZone).Format("02/01/2006") }
	switch {
	case d.ReturnedAt != nil:
		return congvu.Errorf(congvu.ECONFLICT, "Hồ sơ %s đã trả kết quả ngày %s: không lập phiếu xin lỗi và hẹn lại cho hồ sơ đã trả.", d.Code, day(*d.ReturnedAt))
	case prior != nil:
		return congvu.Errorf(congvu.ECONFLICT, "Hồ sơ %s đã được hẹn lại một lần (phiếu ngày %s, hẹn trả ngày %s); mỗi hồ sơ chỉ được hẹn lại một lần.",
			d.Code, day(prior.IssuedAt), day(prior.NewDueAt))
	case in.UnitID != d.AtFault():
		return congvu.Errorf(congvu.ECONFLICT, "Phiếu xin lỗi của hồ sơ %s do cơ quan để chậm giải quyết lập: %s, không phải %s.", d.Code, atFaultName, issuerName)
	case congvu.Date(now).After(SlipLastDay(d.DueAt)):
		return congvu.Errorf(congvu.ECONFLICT, "Hồ sơ %s hẹn trả ngày %s: phiếu xin lỗi và hẹn lại phải lập trước ngày hẹn trả, chậm nhất ngày %s.",
			d.Code, day(d.DueAt), day(SlipLastDay(d.DueAt)))
	}
	in.Number = vntext.Clean(in.Number)
	in.Recipient = vntext.Clean(in.Recipient)
	in.RecipientAddress = vntext.Clean(in.RecipientAddress)
	in.Reason = vntext.Clean(in.Reason)
	in.CopiesTo = vntext.CleanParagraphs(in.CopiesTo)
	in.SignerTitle = vntext.Clean(in.SignerTitle)
	in.Signer = vntext.Clean(in.Signer)
	v := congvu.Validation{}
	for _, f := range []struct{ field, value, empty string }{
		{"recipient", in.Recipient, "Xin nhập họ tên người (tổ chức) nộp hồ sơ."},
		{"recipient_address", in.RecipientAddress, "Xin nhập địa chỉ của người nộp hồ sơ."},
		{"reason", in.Reason, "Xin nêu lý do chậm trả kết quả."},
	} {
		if f.value == "" {
			v.Add(f.field, f.empty)
		}
	}
	for _, f := range []struct {
		field, value string
		max          int
	}{{"number", in.Number, maxSlipText}, {"recipient", in.Recipient, maxSlipText}, {"recipient_address", in.RecipientAddress, maxSlipAddress},
		{"reason", in.Reason, maxSlipReason}, {"copies_to", in.CopiesTo, maxSlipCopies}, {"signer_title", in.SignerTitle, maxSlipText}, {"signer", in.Signer, maxSlipText}} {
		if utf8.RuneCountInString(f.value) > f.max {
			v.Add(f.field, fmt.Sprintf("Dài quá %d ký tự; phiếu chỉ có một trang.", f.max))
		}
	}
	switch {
	case in.NewDueAt.IsZero():
		v.Add("new_due_at", "Xin chọn ngày hẹn trả kết quả mới.")
	case !congvu.Date(in.NewDueAt).After(congvu.Date(d.DueAt)):
		v.Add("new_due_at", fmt.Sprintf("Ngày hẹn trả mới phải sau ngày hẹn trả ban đầu (%s).", day(d.DueAt)))
	case in.NewDueAt.Year() > 2200:
		v.Add("new_due_at", "Ngày hẹn trả mới không hợp lệ.")
	default:
		in.NewDueAt = congvu.Date(in.NewDueAt)
	}
	return v.Err()
}
