package petition

import (
	"fmt"
	"time"

	"congvu"
	"congvu/calendar"
)

// What a citizen reports decides the law that applies (design/law.md,
// "Citizens' reports: which law"): a phản ánh, kiến nghị about conduct at a
// counter (Decree 20/2008/NĐ-CP as amended by Decree 92/2017/NĐ-CP); a tố
// cáo of an official's unlawful act, asking for money among them (Law on
// Denunciations 2018); a khiếu nại against an administrative decision or
// act (Law on Complaints 2011). The kind is suggested at intake from the
// category (SuggestKind), confirmed by the handler when accepting, who may
// change it with a reason (StepInput.Kind, KindReason); each kind has its
// own dated deadline rules, its own steps and words.

// Kind is the legal kind of a petition.
type Kind string

// The kinds.
const (
	KindReport       Kind = "report"       // phản ánh, kiến nghị
	KindDenunciation Kind = "denunciation" // tố cáo
	KindComplaint    Kind = "complaint"    // khiếu nại
)

// Kinds lists the kinds.
var Kinds = []Kind{KindReport, KindDenunciation, KindComplaint}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindReport || k == KindDenunciation || k == KindComplaint }

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindReport:
		return "Phản ánh, kiến nghị"
	case KindDenunciation:
		return "Tố cáo"
	case KindComplaint:
		return "Khiếu nại"
	}
	return string(k)
}

// Law names the law the kind is handled under.
func (k Kind) Law() string {
	switch k {
	case KindDenunciation:
		return "Luật Tố cáo 2018"
	case KindComplaint:
		return "Luật Khiếu nại 2011"
	}
	return "Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP) về tiếp nhận, xử lý phản ánh, kiến nghị"
}

// Accepts reports whether the kind has a formal acceptance decision (thụ
// lý): tố cáo and khiếu nại do; a phản ánh is received and dealt with
// (tiếp nhận, xử lý).
func (k Kind) Accepts() bool { return k == KindDenunciation || k == KindComplaint }

// SuggestKind is the kind suggested at intake: asking for money or favours
// is an unlawful act, denounced (tố cáo), unless the reporter stays
// anonymous (Law on Denunciations 2018, Art. 25: then it is information,
// handled as a phản ánh); everything else is a phản ánh. No category
// suggests a khiếu nại: the handler says so when the report contests a
// decision.
func SuggestKind(c Category, anonymous bool) Kind {
	if c == Favours && !anonymous {
		return KindDenunciation
	}
	return KindReport
}

// ErrAnonymousDenunciation is why an anonymous petition cannot be a tố
// cáo: EINVALID on the field "kind".
func ErrAnonymousDenunciation() error {
	return congvu.FieldError("kind", "Đơn gửi ẩn danh không được giải quyết theo thủ tục tố cáo (Luật Tố cáo 2018, Điều 25): "+
		"người tố cáo phải nêu rõ họ tên, địa chỉ. Đơn này được xử lý như phản ánh, thông tin về hành vi vi phạm; nếu nội dung cụ thể, cơ quan vẫn xem xét, xử lý.")
}

// CheckKind reports whether a petition may be handled as kind k: EINVALID
// for an unknown kind, ErrAnonymousDenunciation for a tố cáo whose reporter
// is anonymous.
func CheckKind(k Kind, anonymous bool) error {
	switch {
	case !k.Valid():
		return congvu.FieldError("kind", "Xin chọn loại đơn: phản ánh, kiến nghị; tố cáo; hoặc khiếu nại.")
	case k == KindDenunciation && anonymous:
		return ErrAnonymousDenunciation()
	}
	return nil
}

// AnonymityNotice is what the public form says before the citizen chooses
// to stay anonymous.
const AnonymityNotice = "Lưu ý: đơn gửi ẩn danh không được giải quyết theo thủ tục tố cáo (Luật Tố cáo 2018, Điều 25). " +
	"Nếu anh/chị tố cáo cán bộ có hành vi trái pháp luật (ví dụ đòi tiền, quà) và muốn được giải quyết như một đơn tố cáo, xin để lại họ tên và thông tin liên hệ; " +
	"danh tính người tố cáo được giữ bí mật. Đơn ẩn danh được xem xét như phản ánh, thông tin về hành vi vi phạm nếu nội dung đủ cụ thể."

// LabelFor is the name of status s for a petition of kind k: "thụ lý"
// belongs to tố cáo and khiếu nại; a phản ánh is "tiếp nhận, xử lý".
func (s Status) LabelFor(k Kind) string {
	if !k.Accepts() {
		switch s {
		case Accepted:
			return "Đã tiếp nhận, đang xử lý"
		case Rejected:
			return "Không xử lý"
		}
	}
	return s.Label()
}

// LabelFor is the name of step s for a petition of kind k.
func (s Step) LabelFor(k Kind) string {
	if !k.Accepts() {
		switch s {
		case StepAccept:
			return "Tiếp nhận, xử lý"
		case StepReject:
			return "Không xử lý"
		}
	}
	return s.Label()
}

// LabelFor is the name of stage s for a petition of kind k.
func (s DeadlineStage) LabelFor(k Kind) string {
	switch {
	case s == StageAccept && !k.Accepts():
		return "Xem xét, tiếp nhận"
	case s == StageAccept:
		return "Xem xét, thụ lý"
	case s == StageConclude && k == KindDenunciation:
		return "Giải quyết tố cáo (xác minh, kết luận)"
	case s == StageConclude && k == KindComplaint:
		return "Giải quyết khiếu nại"
	}
	return s.Label()
}

// CountsFromAcceptance reports whether the deadline of stage s of a
// petition of kind k runs from the acceptance decision rather than from
// the start of the stage: the settlement of a tố cáo (30 days from the
// acceptance decision, Law on Denunciations 2018, Art. 30) and of a khiếu
// nại (Law on Complaints 2011, Art. 28), whoever it is assigned or
// transferred to in between.
func (k Kind) CountsFromAcceptance(s DeadlineStage) bool {
	return k.Accepts() && s == StageConclude
}

// MaxExtensions is how many times the settlement of a petition of kind k
// may be extended: a tố cáo once, twice for a very complex case (Law on
// Denunciations 2018, Art. 30); a khiếu nại once, to 45 days for a complex
// case (Law on Complaints 2011, Art. 28); a phản ánh never.
func (k Kind) MaxExtensions(veryComplex bool) int {
	switch k {
	case KindDenunciation:
		if veryComplex {
			return 2
		}
		return 1
	case KindComplaint:
		return 1
	}
	return 0
}

// CheckExtend decides whether a petition of kind k extended done times may
// be extended once more (veryComplex: the decision says the case is very
// complex), by a rule that allows extendDays: ECONFLICT saying why not.
func CheckExtend(k Kind, done int, veryComplex bool, extendDays int) error {
	limit := k.MaxExtensions(veryComplex)
	switch {
	case limit == 0 || extendDays <= 0:
		return congvu.Errorf(congvu.ECONFLICT, "Không có quy định gia hạn giải quyết đối với loại đơn “%s”.", k.Label())
	case done >= limit && k == KindDenunciation && !veryComplex:
		return congvu.Errorf(congvu.ECONFLICT, "Thời hạn giải quyết tố cáo đã được gia hạn một lần; chỉ vụ việc đặc biệt phức tạp mới được gia hạn lần thứ hai (Luật Tố cáo 2018, Điều 30).")
	case done >= limit:
		return congvu.Errorf(congvu.ECONFLICT, "Thời hạn giải quyết đã được gia hạn %d lần, là số lần tối đa theo %s.", done, k.Law())
	}
	return nil
}

// ResumeDue is the deadline of a stage due at due, suspended at
// suspendedAt and resumed at resumedAt: the days of the suspension, counted
// as rule counts its days on cal, do not count (a suspension stops the clock).
func ResumeDue(cal *calendar.Calendar, rule DeadlineRule, due, suspendedAt, resumedAt time.Time) time.Time {
	from, to := congvu.Date(suspendedAt), congvu.Date(resumedAt)
	n := 0
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		if !rule.WorkingDays || cal.IsWorkingDay(d) {
			n++
		}
	}
	if n == 0 {
		return due
	}
	return rule.Shift(cal, due, n)
}

// Authority is where a petition showing signs of a crime is referred.
type Authority string

// The authorities.
const (
	AuthorityPolice    Authority = "police"    // cơ quan công an (cơ quan điều tra)
	AuthorityProcuracy Authority = "procuracy" // viện kiểm sát
)

// Label is the Vietnamese name of the authority.
func (a Authority) Label() string {
	switch a {
	case AuthorityPolice:
		return "cơ quan công an (cơ quan điều tra) có thẩm quyền"
	case AuthorityProcuracy:
		return "viện kiểm sát nhân dân có thẩm quyền"
	}
	return string(a)
}

// Valid reports whether a is a known authority.
func (a Authority) Valid() bool { return a == AuthorityPolice || a == AuthorityProcuracy }

// Competence is who is competent to settle a petition, as rule data: how
// many levels above the subject's unit the competent body sits, with its
// citation. The conflict-of-interest policy (MayBeHandledBy) applies on
// top: a body inside the subject's unit never handles it, the next active
// unit above does.
type Competence struct {
	Levels     int
	LegalBasis string
}

// CompetenceRules give the competent body per kind, for an official who
// is not a head or deputy (index 0) and for one who is (index 1).
var CompetenceRules = map[Kind][2]Competence{
	KindReport: {
		{1, "Cơ quan cấp trên trực tiếp của đơn vị bị phản ánh xem xét, xử lý (Nghị định 20/2008/NĐ-CP; cần đối chiếu văn bản)"},
		{1, "Cơ quan cấp trên trực tiếp của đơn vị bị phản ánh xem xét, xử lý (Nghị định 20/2008/NĐ-CP; cần đối chiếu văn bản)"},
	},
	KindDenunciation: {
		{0, "Người đứng đầu cơ quan quản lý cán bộ bị tố cáo giải quyết (Luật Tố cáo 2018, Điều 13; cần đối chiếu văn bản)"},
		{1, "Tố cáo người đứng đầu, cấp phó của người đứng đầu: người đứng đầu cơ quan cấp trên trực tiếp giải quyết (Luật Tố cáo 2018, Điều 13; cần đối chiếu văn bản)"},
	},
	KindComplaint: {
		{0, "Người đứng đầu cơ quan đã ra quyết định, có hành vi hành chính bị khiếu nại giải quyết lần đầu (Luật Khiếu nại 2011, Điều 17–18; cần đối chiếu văn bản)"},
		{0, "Người đứng đầu cơ quan đã ra quyết định, có hành vi hành chính bị khiếu nại giải quyết lần đầu (Luật Khiếu nại 2011, Điều 17–18; cần đối chiếu văn bản)"},
	},
}

// CompetenceFor returns the competence rule of a petition of kind k about
// an official who is (leader) or is not a head or deputy.
func CompetenceFor(k Kind, leader bool) Competence {
	r, ok := CompetenceRules[k]
	if !ok {
		r = CompetenceRules[KindReport]
	}
	if leader {
		return r[1]
	}
	return r[0]
}

// CompetentAmong picks the competent unit among the subject's unit and its
// ancestors (paths, root first, the subject's unit last; active tells
// which may handle): the unit c.Levels above the subject's, then, with the
// conflict policy on top, the nearest active one above it that lies
// outside the subject's subtree. It returns the index in paths, or -1.
func (c Competence) CompetentAmong(p *Petition, paths []string, active []bool) int {
	for i := len(paths) - 1 - c.Levels; i >= 0; i-- {
		if active[i] && p.MayBeHandledBy(paths[i]) {
			return i
		}
	}
	return -1
}

// KindEvent is the history note of a kind confirmed or changed at
// acceptance.
func KindEvent(from, to Kind, reason string) string {
	if from == to {
		return "Xác nhận loại đơn: " + to.Label() + "."
	}
	return fmt.Sprintf("Đổi loại đơn: %s → %s. Lý do: %s", from.Label(), to.Label(), reason)
}

// The public notes of the steps the law has: what the reporter reads on the
// tracking page (and staff in the history), with the decision's reasons,
// never a staff member's name.

// ExtendNote is the note of the n-th extension, to due.
func ExtendNote(n int, due time.Time, veryComplex bool, reason string) string {
	what := fmt.Sprintf("Gia hạn giải quyết lần %d; hạn mới: %s.", n, due.In(congvu.TimeZone).Format("02/01/2006"))
	if veryComplex {
		what += " Vụ việc đặc biệt phức tạp."
	}
	return what + " Lý do: " + reason
}

// SuspendNote is the note of a suspension.
func SuspendNote(reason string) string {
	return "Tạm đình chỉ việc giải quyết; thời gian tạm đình chỉ không tính vào thời hạn giải quyết. Lý do: " + reason
}

// ResumeNote is the note of a resumption, with the new deadline (zero:
// none).
func ResumeNote(due time.Time) string {
	if due.IsZero() {
		return "Tiếp tục giải quyết."
	}
	return "Tiếp tục giải quyết; hạn mới (đã cộng thời gian tạm đình chỉ): " + due.In(congvu.TimeZone).Format("02/01/2006") + "."
}

// ReferNote is the note of a referral on signs of a crime.
func ReferNote(a Authority, reason string) string {
	return "Chuyển " + a.Label() + " do có dấu hiệu tội phạm. Lý do: " + reason
}

// WithdrawNote is the note of the reporter's withdrawal.
func WithdrawNote(reason string) string {
	if reason == "" {
		return "Người gửi đã rút đơn."
	}
	return "Người gửi đã rút đơn. Lý do: " + reason
}

// NoteIsPublic reports whether the history note of an event of this kind
// is the reporter's to read: the reason of a refusal, the finding, and the
// notes of the steps the law has (extension, suspension, resumption,
// referral, withdrawal).
func NoteIsPublic(kind string) bool {
	switch Step(kind) {
	case StepReject, StepConclude, StepExtend, StepSuspend, StepResume, StepRefer, StepWithdraw:
		return true
	}
	return false
}

// AnyKindLabel is the name of status s where petitions of every kind are
// counted or filtered together (dashboards, the status filter): the words
// of both, so that "thụ lý" is not said of a phản ánh.
func (s Status) AnyKindLabel() string {
	switch s {
	case Accepted:
		return "Đã thụ lý hoặc tiếp nhận xử lý"
	case Rejected:
		return "Không thụ lý hoặc không xử lý"
	}
	return s.Label()
}
