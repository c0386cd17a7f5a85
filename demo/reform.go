package demo

import (
	"fmt"

	"congvu/org"
)

// communePlan is the real plan of 01/07/2025 for the demo province: the
// embedded entry of the new Hưng Yên read as `congvu import restructuring`
// reads the national file.
func communePlan() (org.RestructuringPlan, error) {
	plan, err := org.ParseRestructuringFile(mergesJSON)
	if err != nil {
		return plan, fmt.Errorf("demo: embedded merges file: %w", err)
	}
	return plan, nil
}
