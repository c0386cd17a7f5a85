// Package demo loads a believable province into an empty Công vụ database:
// Tỉnh Hưng Yên as it is on the day of the load, two tiers since
// 01/07/2025 (the province and its 104 communes, from the real 2025 plan),
// with its history. The old Hưng Yên and Thái Bình of 01/03/2025 (their
// districts and communes from the national file) are imported first, with
// a few agencies and one-stop shops; the ratings of April–June 2025 are
// recorded against them; then the real plan of 01/07/2025 (the new Hưng
// Yên merges the two provinces; 381 communes become 104) is applied through
// UnitService.Restructure, as `congvu import restructuring` would, with the
// demo's own merger of the two provinces' agencies; everything after is
// recorded against today's units. On top: the departments after the 2025
// mergers, the provincial inspectorate, a hospital, the public
// administration service centres of the province and of the staffed
// communes, a few hundred officials with generated Vietnamese names, one
// account per role, ratings up to the day of the load (see FeedbackKey),
// petitions, a year of inspections, violations and commendations, the
// annual evaluations (2025 closed, the year in progress), the emulation
// movements of 2019–2025 and 2026–2030, the office incident log and the
// training on the code of conduct (training.go). The content is the same on
// every run (the ratings lead up to the day of the load), and loading twice
// changes nothing.
package demo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/vntext"
)

// oldUnitsJSON holds the provinces of Hưng Yên (level1_id 33) and Thái Bình
// (34) cut from the national file dvhcvn-2025-03-01.json, in the same
// format: the units as they were before 01/07/2025.
//
//go:embed hungyen-2025-03-01.json
var oldUnitsJSON []byte

// mergesJSON is the entry of the new Tỉnh Hưng Yên cut from the real plan
// dvhcvn-merges-2025-07-01.json, in the same format: the province merging
// 33 and 34, its 104 communes and the old communes each takes in.
//
//go:embed hungyen-merges-2025-07-01.json
var mergesJSON []byte

// Password is the password of every demo account.
const Password = "congvu-demo-2026"

// ProvinceCode is the unit code of the demo province (Tỉnh Hưng Yên, which
// kept the code of the old Hưng Yên).
const ProvinceCode = "33"

// FormerProvinceCode is the code of Tỉnh Thái Bình, merged into Hưng Yên on
// 01/07/2025.
const FormerProvinceCode = "34"

// ReformDate is the day the two-tier government took effect: the old units
// are dissolved that day and their successors exist from it.
const ReformDate = "2025-07-01"

// reformDay is ReformDate, at midnight in Vietnam.
var reformDay = time.Date(2025, 7, 1, 0, 0, 0, 0, congvu.TimeZone)

// Seed makes the generated officials the same on every run.
const Seed = 2019_0830 // the date of Plan 86/KH-UBND of Thái Bình

// LocalItemCode is the code of the demo's local standard item.
const LocalItemCode = "GT-HY-HEN"

// CityWard is the code of Phường Thái Bình, the ward that took in the seat
// of the former Thành phố Thái Bình (and took the code of Xã Tân Bình):
// thutruong heads it, canbo works at its public administration service
// centre.
const CityWard = "13225"

// Account is a demo sign-in.
type Account struct {
	Username     string
	Password     string
	FullName     string
	Role         congvu.Role
	UnitCode     string // the unit the role is granted on (its whole subtree)
	UnitName     string
	EmployeeCode string // the linked official record, "" for none
	Position     string
}

// Result says what Load did.
type Result struct {
	// AlreadyLoaded is true when the database held the demo already and
	// nothing was written.
	AlreadyLoaded bool
	// Units is the import of the administrative units of 01/03/2025.
	Units *org.ImportResult
	// Restructured counts the operations of the restructurings of
	// 01/07/2025 applied by this load (0 when applied before).
	Restructured int
	// UnitsCreated counts the agencies, hospital and one-stop shops added.
	UnitsCreated int
	// OfficialsCreated counts new official records.
	OfficialsCreated int
	// UsersCreated counts new accounts.
	UsersCreated int
	// LocalItemCreated tells whether the local standard item was added.
	LocalItemCreated bool
	// Feedback is what the import of the demo's ratings since 01/07/2025
	// wrote; nil when the feedback service cannot import.
	Feedback *feedback.ImportResult
	// FormerFeedback is the import of the ratings before 01/07/2025,
	// recorded against the units of then.
	FormerFeedback *feedback.ImportResult
	// Petitions is what the demo's petitions load did; nil when there is
	// no petition service or no Options.Clock.
	Petitions *PetitionsResult
	// Inspections is what the demo's inspections load did; nil when there
	// is no inspection service or no Options.Clock.
	Inspections *InspectionsResult
	// Violations is what the demo's violations and commendations load
	// did; nil without those services or without Options.Clock.
	Violations *ViolationsResult
	// Evaluations is what the demo's annual evaluations and emulation
	// movements load did; nil without those services or without
	// Options.Clock.
	Evaluations *EvaluationsResult
	// Incidents is what the demo's office incident log load did.
	Incidents *IncidentsResult
	// Training is what the demo's training load did; nil without the
	// training services or Options.Clock.
	Training *TrainingResult
	// Accounts lists the demo sign-ins.
	Accounts []Account
	// Elapsed is how long Load took.
	Elapsed time.Duration
}

// Options tunes Load.
type Options struct {
	// Logf receives one line per step; nil for silence.
	Logf func(format string, args ...any)
	// Progress receives the progress of the unit import; may be nil.
	Progress congvu.Progress
	// Now is the moment the ratings lead up to (nil: time.Now); they span
	// FeedbackDays days before its date.
	Now func() time.Time
	// Clock is the clock of the services (&sqldb.DB.Now). The petitions
	// are handled through the services at believable past moments by
	// setting it, moment by moment; it is restored before Load returns.
	// Without it, no petitions are loaded.
	Clock *func() time.Time
	// SkipRatings leaves the citizens' ratings out (they take most of a
	// load's time; tests of the other parts skip them).
	SkipRatings bool
	// SkipTraining leaves the training out (its quizzes are hundreds of
	// transactions; tests of the other parts skip it).
	SkipTraining bool
}

// era is when a unit or an official appears: before the reform of
// 01/07/2025 (imported or created, then carried through it) or after it.
type era int

const (
	before era = iota
	after
)

// unitSpec is a unit the demo adds to the imported tree.
type unitSpec struct {
	code, name, typeName, parent string
	kind                         org.UnitKind
	era                          era
	byPlan                       bool // created by the demo's restructuring of 01/07/2025
}

// nationalFile is the part of the dvhcvn format the demo reads.
type nationalFile struct {
	Data []struct {
		ID      string `json:"level1_id"`
		Name    string `json:"name"`
		Level2s []struct {
			ID      string `json:"level2_id"`
			Name    string `json:"name"`
			Type    string `json:"type"`
			Level3s []struct {
				ID   string `json:"level3_id"`
				Name string `json:"name"`
				Type string `json:"type"`
			} `json:"level3s"`
		} `json:"level2s"`
	} `json:"data"`
}

// mergesFile is the part of the dvhcvn merges format the demo reads.
type mergesFile struct {
	Data []struct {
		ID      string     `json:"level1_id"`
		Name    string     `json:"name"`
		Merges  []mergeRef `json:"merges"`
		Level2s []struct {
			ID     string     `json:"level2_id"`
			Name   string     `json:"name"`
			Merges []mergeRef `json:"merges"`
		} `json:"level2s"`
	} `json:"data"`
}

type mergeRef struct {
	OldID string `json:"old_id"`
	Name  string `json:"name"`
	Type  string `json:"type"` // "full" or "partial"
}

// staffedCommunes are the communes of today's Hưng Yên the demo staffs,
// with the number of front-desk staff of their service centre. The first
// is CityWard; the fifth is where Thành phố Hưng Yên had its seat.
var staffedCommunes = []struct {
	code    string
	account string // the demo account of its chairman
	desk    int
}{
	{code: CityWard, account: "thutruong", desk: 3},
	{code: "12452", desk: 3}, // Phường Trần Hưng Đạo
	{code: "12454", desk: 3}, // Phường Trần Lãm
	{code: "12817", desk: 2}, // Phường Trà Lý
	{code: "11953", desk: 3}, // Phường Phố Hiến
	{code: "11977", desk: 2}, // Xã Tân Hưng (the code of the former Xã Phương Nam)
	{code: "13192", desk: 2}, // Xã Vũ Thư (with the former Thị trấn Vũ Thư)
}

// districtShops are the one-stop shops of two former cities before
// 01/07/2025, and the commune whose service centre took them over.
var districtShops = []struct {
	district, level, account, successor string
}{
	{district: "336", level: "thành phố", account: "canbo", successor: CityWard}, // Thành phố Thái Bình
	{district: "323", level: "thành phố", successor: "11953"},                    // Thành phố Hưng Yên
}

// formerAgencies are the Thái Bình agencies that merged on 01/07/2025 into
// the Hưng Yên agency of the same name.
var formerAgencies = []struct{ code, name, successor string }{
	{"34.SNV", "Sở Nội vụ tỉnh Thái Bình", "33.SNV"},
	{"34.SYT", "Sở Y tế tỉnh Thái Bình", "33.SYT"},
	{"34.TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh Thái Bình", "33.TTPVHCC"},
}

// The codes of the units the demo rates most.
const (
	centreCode   = "33.TTPVHCC" // the provincial public administration service centre
	hospitalCode = "BVDK-TB"    // Bệnh viện Đa khoa Thái Bình
)

// communeCentre is the code of the service centre of commune code.
func communeCentre(code string) string { return code + ".TTPVHCC" }

// plan is everything the demo writes, computed without a database.
type plan struct {
	provinceName string
	units        []unitSpec
	unitNames    map[string]string   // code → name today (or when dissolved)
	formerNames  map[string]string   // code → name before 01/07/2025
	successor    map[string]string   // former code → code today, for the staffed units
	predecessors map[string][]string // staffed commune → the former communes it took in whole
	communes     []string            // codes of the staffed communes
	people       []person
	accounts     []Account
	agencyPlan   org.RestructuringPlan
	feedback     *feedbackPlan
}

var (
	planOnce   sync.Once
	cachedPlan *plan
	planErr    error
)

func getPlan() (*plan, error) {
	planOnce.Do(func() { cachedPlan, planErr = buildPlan() })
	return cachedPlan, planErr
}

func buildPlan() (*plan, error) {
	var old nationalFile
	if err := json.Unmarshal(oldUnitsJSON, &old); err != nil {
		return nil, fmt.Errorf("demo: embedded unit file: %w", err)
	}
	var mf mergesFile
	if err := json.Unmarshal(mergesJSON, &mf); err != nil {
		return nil, fmt.Errorf("demo: embedded merges file: %w", err)
	}
	if len(old.Data) != 2 || old.Data[0].ID != ProvinceCode || old.Data[1].ID != FormerProvinceCode || len(mf.Data) != 1 || mf.Data[0].ID != ProvinceCode {
		return nil, errors.New("demo: the embedded files must hold Hưng Yên and Thái Bình of 01/03/2025 and the new Hưng Yên")
	}
	prov := mf.Data[0]
	p := &plan{provinceName: prov.Name, unitNames: map[string]string{ProvinceCode: prov.Name, congvu.RootUnitCode: "Cả nước"},
		formerNames: map[string]string{}, successor: map[string]string{}, predecessors: map[string][]string{}}
	oldLevel := map[string]string{} // former commune code → "xã", "phường", "thị trấn"
	for _, l1 := range old.Data {
		p.formerNames[l1.ID] = l1.Name
		for _, l2 := range l1.Level2s {
			p.formerNames[l2.ID] = l2.Name
			for _, l3 := range l2.Level3s {
				p.formerNames[l3.ID] = l3.Name
				oldLevel[l3.ID] = strings.ToLower(l3.Type)
			}
		}
	}
	p.unitNames[FormerProvinceCode] = p.formerNames[FormerProvinceCode]
	st := newStaffer(Seed)

	// Before 01/07/2025: the agencies of Hưng Yên (which it keeps), the
	// Thái Bình agencies that merge into them, Thái Bình's hospital, two
	// cities' one-stop shops, and the front desks of the communes that
	// merge into the staffed ones.
	add := func(u unitSpec) {
		p.units = append(p.units, u)
		p.unitNames[u.code] = u.name
		if u.era == before {
			p.formerNames[u.code] = u.name
		}
	}
	for _, d := range departments {
		typeName := d.typeName
		if typeName == "" {
			typeName = "Sở"
		}
		add(unitSpec{code: d.code, name: d.name, typeName: typeName, parent: ProvinceCode, kind: org.KindDepartment})
	}
	add(unitSpec{code: centreCode, name: "Trung tâm Phục vụ hành chính công tỉnh", typeName: "Trung tâm", parent: ProvinceCode, kind: org.KindOneStopShop})
	for _, a := range formerAgencies {
		kind, typeName := org.KindDepartment, "Sở"
		if strings.HasSuffix(a.code, ".TTPVHCC") {
			kind, typeName = org.KindOneStopShop, "Trung tâm"
		}
		add(unitSpec{code: a.code, name: a.name, typeName: typeName, parent: FormerProvinceCode, kind: kind})
		p.successor[a.code] = a.successor
	}
	add(unitSpec{code: hospitalCode, name: "Bệnh viện Đa khoa Thái Bình", typeName: "Bệnh viện", parent: "34.SYT", kind: org.KindServiceUnit})
	for _, d := range departments {
		st.add(d.code, d.short, departmentRoster(d))
	}
	st.add(centreCode, "ttpvhcc", serviceCenterRoster(true))
	st.add("34.SNV", "snv.tb", formerDepartmentRoster)
	st.add("34.SYT", "syt.tb", formerDepartmentRoster)
	st.add("34.TTPVHCC", "ttpvhcc.tb", serviceCenterRoster(false))
	st.add(hospitalCode, "bvtb", hospitalRoster)
	for _, ds := range districtShops {
		name := p.formerNames[ds.district]
		place := strings.TrimSpace(strings.TrimPrefix(name, "Thành phố"))
		code := ds.district + ".BPMC"
		add(unitSpec{code: code, name: "Bộ phận Tiếp nhận và Trả kết quả " + ds.level + " " + place, typeName: "Bộ phận một cửa", parent: ds.district, kind: org.KindOneStopShop})
		st.add(code, "bpmc."+strings.ReplaceAll(vntext.Fold(place), " ", ""), oneStopRoster(ds.account))
		p.successor[code] = communeCentre(ds.successor)
	}
	for _, sc := range staffedCommunes {
		var found bool
		for _, l2 := range prov.Level2s {
			if l2.ID != sc.code {
				continue
			}
			found = true
			p.unitNames[l2.ID] = l2.Name
			p.communes = append(p.communes, l2.ID)
			for _, m := range l2.Merges {
				if m.Type != "full" {
					continue // a commune divided among several: not staffed
				}
				if _, ok := oldLevel[m.OldID]; !ok {
					return nil, fmt.Errorf("demo: former commune %s not in the unit file", m.OldID)
				}
				st.add(m.OldID, "", formerCommuneRoster(oldLevel[m.OldID]))
				p.successor[m.OldID] = l2.ID
				p.predecessors[l2.ID] = append(p.predecessors[l2.ID], m.OldID)
			}
		}
		if !found {
			return nil, fmt.Errorf("demo: commune %s not in the merges file", sc.code)
		}
	}

	// From 01/07/2025: the staffed communes' people's committees and their
	// public administration service centres.
	st.era = after
	for _, sc := range staffedCommunes {
		name := p.unitNames[sc.code]
		first := strings.Fields(name)[0]
		level, place := strings.ToLower(first), strings.TrimSpace(strings.TrimPrefix(name, first))
		centre := communeCentre(sc.code)
		add(unitSpec{code: centre, name: "Trung tâm Phục vụ hành chính công " + level + " " + place, typeName: "Trung tâm", parent: sc.code, kind: org.KindOneStopShop, era: after})
		st.add(sc.code, "", communeRoster(level, sc.account))
		st.add(centre, "", communeCentreRoster(sc.desk))
	}
	for i := range st.people {
		x := &st.people[i]
		x.nowCode = x.unitCode
		if s, ok := p.successor[x.unitCode]; ok && x.era == before {
			x.nowCode = s
		}
	}
	p.people = st.people

	// The demo's own restructuring of the agencies, the same day as the
	// plan of the communes: Thái Bình's agencies merge into Hưng Yên's,
	// and the two cities' one-stop shops become the service centres of the
	// wards that took in their seats.
	p.agencyPlan = org.RestructuringPlan{Effective: ReformDate,
		Decision: "Nghị quyết số 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh; sắp xếp các cơ quan, đơn vị của tỉnh Thái Bình vào cơ quan, đơn vị tương ứng của tỉnh Hưng Yên (dữ liệu minh họa)"}
	for _, a := range formerAgencies {
		p.agencyPlan.Operations = append(p.agencyPlan.Operations, org.RestructuringOp{Op: org.RestructMerge, From: []string{a.code}, Into: &org.NewUnitSpec{Code: a.successor}})
	}
	for _, ds := range districtShops {
		for i := range p.units {
			u := &p.units[i]
			if u.code != communeCentre(ds.successor) {
				continue
			}
			u.byPlan = true
			p.agencyPlan.Operations = append(p.agencyPlan.Operations, org.RestructuringOp{Op: org.RestructMerge, From: []string{ds.district + ".BPMC"},
				Into: &org.NewUnitSpec{Code: u.code, Name: u.name, Kind: u.kind, TypeName: u.typeName, ParentCode: u.parent}})
		}
	}

	byAccount := map[string]person{}
	for _, x := range p.people {
		if x.account != "" {
			byAccount[x.account] = x
		}
	}
	linked := func(username string, role congvu.Role, scope string) Account {
		x, ok := byAccount[username]
		if !ok {
			panic("demo: no official for account " + username)
		}
		if scope == "" {
			scope = x.nowCode
		}
		return Account{Username: username, Password: Password, FullName: x.FullName, Role: role,
			UnitCode: scope, UnitName: p.unitNames[scope], EmployeeCode: x.EmployeeCode, Position: x.Position}
	}
	p.accounts = []Account{
		{Username: "admin", Password: Password, FullName: "Quản trị hệ thống", Role: congvu.RoleAdmin,
			UnitCode: congvu.RootUnitCode, UnitName: "Cả nước", Position: "Quản trị viên"},
		linked("noivu", congvu.RoleSupervisor, ProvinceCode),
		linked("thutruong", congvu.RoleUnitHead, CityWard),
		linked("thanhtra", congvu.RoleInspector, ProvinceCode),
		linked("canbo", congvu.RoleOfficial, ""),
	}
	p.feedback = buildFeedbackPlan(p)
	return p, nil
}

// Accounts lists the demo sign-ins (the same on every run).
func Accounts() []Account {
	p, err := getPlan()
	if err != nil {
		return nil
	}
	return append([]Account(nil), p.accounts...)
}

// OfficialCount is how many officials the demo creates.
func OfficialCount() int {
	p, err := getPlan()
	if err != nil {
		return 0
	}
	return len(p.people)
}

// ProvinceFile returns the embedded unit file of Hưng Yên and Thái Bình as
// of 01/03/2025 (dvhcvn format).
func ProvinceFile() []byte { return bytes.Clone(oldUnitsJSON) }

// MergesFile returns the embedded entry of the new Hưng Yên from the real
// plan of 01/07/2025 (dvhcvn merges format).
func MergesFile() []byte { return bytes.Clone(mergesJSON) }
