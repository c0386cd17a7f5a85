package api

import (
	"congvu/petition"
	"reflect"
	"testing"
)

// The petition schemas name exactly the fields of the Go types behind
// them, and mark as required only fields that are always sent; allOf
// schemas are checked with their parts merged.
func TestOpenAPIPetitionSchemasMatchTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range map[string]any{
		"Reporter": petition.Reporter{}, "PetitionInput": petitionBody{}, "PetitionReceipt": petitionReceipt{},
		"PetitionTrack": trackBody{}, "PetitionReporterMessage": trackMessageBody{}, "PetitionWithdraw": trackWithdrawBody{},
		"PetitionEvent": petition.Event{}, "PetitionMessage": petition.Message{}, "PetitionNote": petition.Note{},
		"PetitionAttachment": petition.Attachment{}, "IdentityView": petition.IdentityView{}, "PublicPetition": petition.Public{},
		"Petition": petition.Petition{}, "PetitionDetail": petitionDetail{}, "PetitionStepInput": stepBody{},
		"PetitionNoteInput": noteBody{}, "PetitionReplyInput": replyBody{}, "CourtesyCheck": courtesyCheck{},
		"CourtesyResult": courtesyView{}, "PetitionReply": replyView{}, "PetitionReplyHeld": replyHeld{},
		"PetitionRevealInput": revealBody{}, "CountRow": petition.CountRow{}, "StageTiming": petition.StageTiming{},
		"FoundedRow": petition.FoundedRow{}, "PetitionStats": petition.Stats{},
	} {
		sch, _ := schemas[name].(map[string]any)
		if sch == nil {
			t.Errorf("schema %s missing", name)
			continue
		}
		props, required := map[string]any{}, map[string]bool{}
		var merge func(s map[string]any)
		merge = func(s map[string]any) {
			s = resolve(t, doc, s)
			parts, _ := s["allOf"].([]any)
			for _, part := range parts {
				merge(part.(map[string]any))
			}
			ps, _ := s["properties"].(map[string]any)
			for k, p := range ps {
				props[k] = p
			}
			req, _ := s["required"].([]any)
			for _, r := range req {
				required[r.(string)] = true
			}
		}
		merge(sch)
		fields := jsonFields(reflect.TypeOf(v))
		for f, omit := range fields {
			if props[f] == nil {
				t.Errorf("%s: field %s not documented", name, f)
			}
			if required[f] && omit {
				t.Errorf("%s: %s is required but omitted when empty", name, f)
			}
		}
		for p := range props {
			if _, ok := fields[p]; !ok {
				t.Errorf("%s: documents %s, which the type lacks", name, p)
			}
		}
		for r := range required {
			if _, ok := fields[r]; !ok {
				t.Errorf("%s: requires %s, which the type lacks", name, r)
			}
		}
	}
	// The enums list exactly the domain's values.
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
