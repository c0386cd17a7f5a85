package web

import (
	"congvu"
	"congvu/emulation"
)

// Temporary until the emucore branch is merged.

func emuTitleRuleSetFor(sets []emulation.TitleRuleSet, year int) *emulation.TitleRuleSet {
	for i := range sets {
		if sets[i].FromYear <= year && (sets[i].UntilYear == 0 || year <= sets[i].UntilYear) {
			return &sets[i]
		}
	}
	return nil
}

func emuMayDecide(a *congvu.Actor, competentID int64) bool {
	return a.Can(congvu.ActEmulationDecide, "")
}

func emulationDefaultCriteria() []emulation.Criterion { return nil }
