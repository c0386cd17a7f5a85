package api

import (
	"congvu/petition"
	"testing"
)

// The petition schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent; allOf
// schemas are checked with their parts merged.
func TestOpenAPIPetitionSchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"Reporter": petition.Reporter{}, "PetitionInput": petitionBody{}, "PetitionReceipt": petitionReceipt{},
		"PetitionTrack": trackBody{}, "PetitionReporterMessage": trackMessageBody{}, "PetitionWithdraw": trackWithdrawBody{},
		"PetitionEvent": petition.Event{}, "PetitionMessage": petition.Message{}, "PetitionNote": petition.Note{},
		"PetitionAttachment": petition.Attachment{}, "IdentityView": petition.IdentityView{}, "PublicPetition": petition.Public{},
		"Petition": petition.Petition{}, "PetitionDetail": petitionDetail{}, "PetitionStepInput": stepBody{},
		"PetitionNoteInput": noteBody{}, "PetitionReplyInput": replyBody{}, "CourtesyCheck": courtesyCheck{},
		"CourtesyResult": courtesyView{}, "PetitionReply": replyView{}, "PetitionReplyHeld": replyHeld{},
		"PetitionRevealInput": revealBody{}, "CountRow": petition.CountRow{}, "StageTiming": petition.StageTiming{},
		"FoundedRow": petition.FoundedRow{}, "PetitionStats": petition.Stats{},
	})
	// The enums list exactly the domain's values.
	schemas := loadOpenAPI(t)["components"].(map[string]any)["schemas"].(map[string]any)
	for name, want := range map[string][]string{
		"PetitionCategory":   strs(petition.Categories),
		"PetitionStatus":     strs(petition.Statuses),
		"PetitionConclusion": strs(petition.Conclusions),
		"PetitionStep": strs(petition.StepsFrom(petition.Received), petition.StepAssign, petition.StepTransfer, petition.StepVerify, petition.StepConclude, petition.StepClose,
			petition.StepExtend, petition.StepSuspend, petition.StepResume),
		"PetitionKind":    strs(petition.Kinds),
		"PetitionChannel": {"web", "badge", "unit", "api"},
	} {
		got := map[string]bool{}
		for _, e := range schemas[name].(map[string]any)["enum"].([]any) {
			got[e.(string)] = true
		}
		if len(got) != len(want) {
			t.Errorf("%s enum %v, want %v", name, got, want)
		}
		for _, w := range want {
			if !got[w] {
				t.Errorf("%s enum lacks %s", name, w)
			}
		}
	}
}

func strs[T ~string](xs []T, more ...T) []string {
	var out []string
	for _, x := range append(xs, more...) {
		out = append(out, string(x))
	}
	return out
}
