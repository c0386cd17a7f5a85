package org_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"congvu"
	"congvu/org"
)

// A small merges file with the cases of the real one: a province taking in
// another, a commune continued under a new type, an old commune divided
// among two new ones, and a new commune taking the code of an unrelated
// old one that merges elsewhere (Xã Ia Mơ, 23737).
const smallMerges = `{"data":[{"level1_id":"52","name":"Tỉnh Gia Lai","merges":[{"old_id":"52","name":"Tỉnh Gia Lai","type":"full"},{"old_id":"64","name":"Tỉnh Bình Định","type":"full"}],
"level2s":[
 {"level2_id":"23737","name":"Xã Ia Mơ","merges":[{"old_id":"23740","name":"Xã Ia Púch","type":"full"},{"old_id":"23743","name":"Xã Ia Nan","type":"partial"}]},
 {"level2_id":"23734","name":"Xã Ia Ly","merges":[{"old_id":"23734","name":"Xã Ia Ly","type":"full"},{"old_id":"23737","name":"Xã Ia Mơ Nông","type":"full"},{"old_id":"23743","name":"Xã Ia Nan","type":"partial"}]},
 {"level2_id":"23800","name":"Xã Chư Sê","merges":[{"old_id":"23800","name":"Thị trấn Chư Sê","type":"full"}]},
 {"level2_id":"23900","name":"Phường Pleiku","merges":[{"old_id":"23900","name":"Phường Pleiku","type":"full"}]}
]}],"stats":{"level1_count":1,"level2_count":4}}`

func TestParseRestructuringFileMerges(t *testing.T) {
	plan, err := org.ParseRestructuringFile([]byte(smallMerges))
	if err != nil {
		t.Fatal(err)
	}
	if plan.Effective != "2025-07-01" || plan.Decision != org.DecisionProvinces2025 {
		t.Errorf("plan %q %q", plan.Effective, plan.Decision)
	}
	var kinds []string
	for _, op := range plan.Operations {
		k := string(op.Op)
		if op.Into != nil {
			k += ":" + op.Into.Code
		} else if len(op.From) > 0 {
			k += ":" + op.From[0]
		} else {
			k += ":" + string(op.Kind) + "@" + op.Parent
		}
		kinds = append(kinds, k)
	}
	// Ia Ly (dissolving Ia Mơ Nông, 23737) comes before the new Ia Mơ that takes 23737.
	want := []string{"merge:52", "merge:23734", "rename:23800", "merge:23737", "abolish:district@52"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("operations %v, want %v", kinds, want)
	}
	iaLy, iaMo, cs := plan.Operations[1], plan.Operations[3], plan.Operations[2]
	// Ia Nan is divided: its home is the first new commune listing it (Ia Mơ); Ia Ly takes a part.
	if !slices.Equal(iaLy.From, []string{"23734", "23737"}) || !slices.Equal(iaLy.Partly, []string{"23743"}) ||
		iaLy.Into.Name != "Xã Ia Ly" || iaLy.Into.TypeName != "Xã" || iaLy.Into.ParentCode != "52" || iaLy.Decision != org.DecisionCommunes2025 {
		t.Errorf("Ia Ly: %+v %+v", iaLy, iaLy.Into)
	}
	if !slices.Equal(iaMo.From, []string{"23740", "23743"}) || len(iaMo.Partly) != 0 {
		t.Errorf("Ia Mơ: %+v", iaMo)
	}
	if cs.Name != "Xã Chư Sê" || cs.TypeName != "Xã" || cs.Kind != org.KindCommune {
		t.Errorf("Chư Sê: %+v", cs)
	}
	// The plan JSON is still read, strictly.
	if _, err := org.ParseRestructuringFile([]byte(`{"effective":"2025-07-01","decision":"x","operations":[{"op":"move","from":["1"],"parent":"2","oops":1}]}`)); congvu.ErrorCode(err) != congvu.EINVALID {
		t.Errorf("unknown field: %v", err)
	}
	if _, err := org.ParseRestructuringFile([]byte(`{"data":[]}`)); congvu.ErrorCode(err) != congvu.EINVALID {
		t.Errorf("empty merges file: %v", err)
	}
}

// The real file: 34 provinces, 3,321 communes.
func TestParseRestructuringFileReal(t *testing.T) {
	dir := os.Getenv("CONGVU_TEST_DATA")
	if dir == "" {
		t.Skip("CONGVU_TEST_DATA not set")
	}
	body, err := os.ReadFile(filepath.Join(dir, "dvhcvn-merges-2025-07-01.json"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := org.ParseRestructuringFile(body)
	if err != nil {
		t.Fatal(err)
	}
	n := map[org.RestructuringKind]int{}
	for _, op := range plan.Operations {
		n[op.Op]++
	}
	// 23 province mergers, 3,321-131 new communes, 17 renamed ones continued, 34 district abolitions.
	if n[org.RestructMerge] != 23+3190 || n[org.RestructAbolish] != 34 {
		t.Errorf("operations %v", n)
	}
}
