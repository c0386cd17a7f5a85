package feedback

import (
	"maps"
	"testing"
)

// Packing keeps every answer of the eight and drops a code outside them
// (ValidateInput refuses those before).
func TestPackAnswers(t *testing.T) {
	for _, answers := range []map[string]bool{
		{},
		{"GT-XC": true},
		{"GT-GD": false},
		{"GT-XC": true, "GT-XL": false, "GT-XCO": true, "GT-XP": false, "GT-MC": true, "GT-NN": false, "GT-LN": true, "GT-GD": true},
	} {
		asked, yes := PackAnswers(answers)
		if yes&^asked != 0 || asked > 255 {
			t.Errorf("%v: asked %b yes %b", answers, asked, yes)
		}
		if got := UnpackAnswers(asked, yes); !maps.Equal(got, answers) || got == nil {
			t.Errorf("%v packed as %b/%b reads back %v", answers, asked, yes, got)
		}
	}
	if asked, yes := PackAnswers(map[string]bool{"GT-XX": true, "GT-XL": true}); asked != 2 || yes != 2 {
		t.Errorf("a code outside the eight packed: %b/%b", asked, yes)
	}
}
