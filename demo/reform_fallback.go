package demo

import (
	"encoding/json"
	"fmt"
	"strings"

	"congvu/org"
)

// parseMerges converts the embedded entry of the dvhcvn merges format into
// a restructuring plan of 01/07/2025.
//
// TEMPORARY: a minimal converter of the demo's own, to be replaced by
// org.ParseRestructuringFile (issue 10, part 1) once it is merged. It keeps
// every new commune on the unit of the former commune whose code it
// reuses (merging the others into it, then renaming and moving it under the
// province) instead of creating a new unit with the reused code, and gives
// a former commune divided among several new ones ("partial") whole to the
// first that lists it.
func parseMerges(data []byte) (org.RestructuringPlan, error) {
	var f mergesFile
	if err := json.Unmarshal(data, &f); err != nil {
		return org.RestructuringPlan{}, fmt.Errorf("demo: merges file: %w", err)
	}
	plan := org.RestructuringPlan{Effective: ReformDate,
		Decision: "Nghị quyết số 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh; nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã năm 2025"}
	var districts []string
	seenDistrict := map[string]bool{}
	var old nationalFile
	if err := json.Unmarshal(oldUnitsJSON, &old); err != nil {
		return plan, err
	}
	for _, l1 := range old.Data {
		for _, l2 := range l1.Level2s {
			if !seenDistrict[l2.ID] {
				seenDistrict[l2.ID] = true
				districts = append(districts, l2.ID)
			}
		}
	}
	for _, l1 := range f.Data {
		var from []string
		for _, m := range l1.Merges {
			if m.OldID != l1.ID {
				from = append(from, m.OldID)
			}
		}
		if len(from) > 0 {
			plan.Operations = append(plan.Operations, org.RestructuringOp{Op: org.RestructMerge, From: from, Into: &org.NewUnitSpec{Code: l1.ID}})
		}
		// Who takes each former commune: the new commune that reuses its
		// code, else the first that lists it.
		owner := map[string]string{}
		for _, l2 := range l1.Level2s {
			owner[l2.ID] = l2.ID
		}
		for _, l2 := range l1.Level2s {
			for _, m := range l2.Merges {
				if _, ok := owner[m.OldID]; !ok {
					owner[m.OldID] = l2.ID
				}
			}
		}
		for _, l2 := range l1.Level2s {
			from := []string{l2.ID}
			for _, m := range l2.Merges {
				if m.OldID != l2.ID && owner[m.OldID] == l2.ID {
					from = append(from, m.OldID)
				}
			}
			if len(from) > 1 {
				plan.Operations = append(plan.Operations, org.RestructuringOp{Op: org.RestructMerge, From: from, Into: &org.NewUnitSpec{Code: l2.ID}})
			}
			typeName := strings.Fields(l2.Name)[0]
			plan.Operations = append(plan.Operations,
				org.RestructuringOp{Op: org.RestructRename, From: []string{l2.ID}, Name: l2.Name, TypeName: typeName},
				org.RestructuringOp{Op: org.RestructMove, From: []string{l2.ID}, Parent: l1.ID})
		}
	}
	for _, d := range districts {
		plan.Operations = append(plan.Operations, org.RestructuringOp{Op: org.RestructAbolish, From: []string{d}})
	}
	return plan, nil
}

// communePlan is the real plan of 01/07/2025 for the demo province.
func communePlan() (org.RestructuringPlan, error) { return parseMerges(mergesJSON) }
