package petition_test

import (
	"testing"
	"time"

	"congvu"
	"congvu/petition"
)

func TestKindRules(t *testing.T) {
	if k := petition.SuggestKind(petition.Favours, false); k != petition.KindDenunciation {
		t.Errorf("asking for money, named: %s", k)
	}
	if k := petition.SuggestKind(petition.Favours, true); k != petition.KindReport {
		t.Errorf("asking for money, anonymous: %s (Art. 25)", k)
	}
	if k := petition.SuggestKind(petition.Attitude, false); k != petition.KindReport {
		t.Errorf("attitude: %s", k)
	}
	if congvu.ErrorCode(petition.CheckKind(petition.KindDenunciation, true)) != congvu.EINVALID || petition.CheckKind(petition.KindComplaint, true) != nil {
		t.Error("anonymous kinds")
	}
	for _, c := range []struct {
		k           petition.Kind
		done        int
		veryComplex bool
		ok          bool
	}{
		{petition.KindDenunciation, 0, false, true}, {petition.KindDenunciation, 1, false, false},
		{petition.KindDenunciation, 1, true, true}, {petition.KindDenunciation, 2, true, false},
		{petition.KindComplaint, 0, false, true}, {petition.KindComplaint, 1, true, false},
		{petition.KindReport, 0, false, false},
	} {
		rule, _ := petition.DefaultRule(c.k, petition.StageConclude)
		if err := petition.CheckExtend(c.k, c.done, c.veryComplex, rule.ExtendDays); (err == nil) != c.ok {
			t.Errorf("%s extended %d times (very complex %v): %v", c.k, c.done, c.veryComplex, err)
		}
	}
	// Thụ lý belongs to tố cáo and khiếu nại.
	if petition.Accepted.LabelFor(petition.KindReport) == petition.Accepted.LabelFor(petition.KindDenunciation) ||
		petition.StepAccept.LabelFor(petition.KindReport) != "Tiếp nhận, xử lý" || petition.StepAccept.LabelFor(petition.KindComplaint) != "Thụ lý" {
		t.Error("acceptance words")
	}
	// Every kind has a default per stage, with a citation.
	for _, k := range petition.Kinds {
		for _, s := range petition.DeadlineStages {
			if r, ok := petition.DefaultRule(k, s); !ok || r.LegalBasis == "" || r.Basis == "" {
				t.Errorf("%s %s: %+v", k, s, r)
			}
		}
	}
}

func TestResumeDue(t *testing.T) {
	due := time.Date(2026, 4, 2, 23, 59, 59, 0, congvu.TimeZone)
	from := time.Date(2026, 3, 10, 15, 0, 0, 0, congvu.TimeZone)
	to := time.Date(2026, 3, 22, 9, 0, 0, 0, congvu.TimeZone)
	got := petition.ResumeDue(nil, petition.DeadlineRule{Days: 30}, due, from, to)
	if want := due.AddDate(0, 0, 12); !got.Equal(want) {
		t.Errorf("calendar days: %v, want %v", got, want)
	}
	if got := petition.ResumeDue(nil, petition.DeadlineRule{Days: 30}, due, from, from.Add(time.Hour)); !got.Equal(due) {
		t.Errorf("resumed the same day: %v", got)
	}
}
