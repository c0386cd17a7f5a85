// Package demo loads a believable province into an empty Công vụ database:
// the real unit tree of Thái Bình (from the national file of 01/03/2025),
// its departments, a hospital, one-stop shops, a few hundred officials with
// generated Vietnamese names, one account per role, and six months of
// citizens' ratings (see FeedbackKey). The content is the same on every run
// (the ratings lead up to the day of the load), and loading twice changes
// nothing.
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

// thaiBinhJSON is the province of Thái Bình (level1_id 34) cut from the
// national file dvhcvn-2025-03-01.json, in the same format.
//
//go:embed thaibinh.json
var thaiBinhJSON []byte

// Password is the password of every demo account.
const Password = "congvu-demo-2026"

// ProvinceCode is the unit code of the demo province (Tỉnh Thái Bình).
const ProvinceCode = "34"

// Seed makes the generated officials the same on every run.
const Seed = 2019_0830 // the date of Plan 86/KH-UBND of Thái Bình

// LocalItemCode is the code of the demo's local standard item.
const LocalItemCode = "GT-TB-HEN"

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
	// Units is the import of the province's administrative units.
	Units *org.ImportResult
	// UnitsCreated counts the agencies, hospital and one-stop shops added.
	UnitsCreated int
	// OfficialsCreated counts new official records.
	OfficialsCreated int
	// UsersCreated counts new accounts.
	UsersCreated int
	// LocalItemCreated tells whether the local standard item was added.
	LocalItemCreated bool
	// Feedback is what the import of the demo's ratings wrote; nil when the
	// feedback service cannot import.
	Feedback *feedback.ImportResult
	// Petitions is what the demo's petitions load did; nil when there is
	// no petition service or no Options.Clock.
	Petitions *PetitionsResult
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
}

// unitSpec is a unit the demo adds under the imported tree.
type unitSpec struct {
	code, name, typeName, parent string
	kind                         org.UnitKind
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

// The two districts the demo staffs, and how many of their communes.
var demoDistricts = []struct {
	code, level, account string
	communes             int
}{
	{code: "336", level: "thành phố", account: "thutruong", communes: 6}, // Thành phố Thái Bình
	{code: "344", level: "huyện", communes: 6},                           // Huyện Vũ Thư
}

// plan is everything the demo writes, computed without a database.
type plan struct {
	provinceName string
	units        []unitSpec
	unitNames    map[string]string
	people       []person
	accounts     []Account
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
	var f nationalFile
	if err := json.Unmarshal(thaiBinhJSON, &f); err != nil {
		return nil, fmt.Errorf("demo: embedded province file: %w", err)
	}
	if len(f.Data) != 1 || f.Data[0].ID != ProvinceCode {
		return nil, errors.New("demo: embedded province file must hold Thái Bình only")
	}
	prov := f.Data[0]
	p := &plan{provinceName: prov.Name, unitNames: map[string]string{ProvinceCode: prov.Name, congvu.RootUnitCode: "Cả nước"}}
	st := newStaffer(Seed)

	// Provincial departments, the hospital and the public service centre.
	for _, d := range departments {
		p.units = append(p.units, unitSpec{code: d.code, name: d.name, typeName: "Sở", parent: ProvinceCode, kind: org.KindDepartment})
	}
	p.units = append(p.units,
		unitSpec{code: "34.SYT.BVDK", name: "Bệnh viện Đa khoa tỉnh Thái Bình", typeName: "Bệnh viện", parent: "34.SYT", kind: org.KindServiceUnit},
		unitSpec{code: "34.TTPVHCC", name: "Trung tâm Phục vụ hành chính công tỉnh", typeName: "Trung tâm", parent: ProvinceCode, kind: org.KindOneStopShop},
	)
	for _, d := range departments {
		st.add(d.code, d.short, departmentRoster(d))
	}
	st.add("34.SYT.BVDK", "bvdk", hospitalRoster)
	st.add("34.TTPVHCC", "ttpvhcc", serviceCenterRoster)

	// Two districts with their home-affairs office, one-stop shop and a few
	// communes.
	for _, dd := range demoDistricts {
		var found bool
		for _, l2 := range prov.Level2s {
			if l2.ID != dd.code {
				continue
			}
			found = true
			p.unitNames[l2.ID] = l2.Name
			place := strings.TrimSpace(strings.TrimPrefix(l2.Name, l2.Type))
			pnv, bpmc := dd.code+".PNV", dd.code+".BPMC"
			p.units = append(p.units,
				unitSpec{code: pnv, name: "Phòng Nội vụ " + dd.level + " " + place, typeName: "Phòng", parent: dd.code, kind: org.KindDepartment},
				unitSpec{code: bpmc, name: "Bộ phận Tiếp nhận và Trả kết quả " + dd.level + " " + place, typeName: "Bộ phận một cửa", parent: dd.code, kind: org.KindOneStopShop},
			)
			short := strings.ReplaceAll(vntext.Fold(place), " ", "")
			st.add(dd.code, short, districtRoster(dd.level, dd.account))
			st.add(pnv, "pnv."+short, homeAffairsOfficeRoster)
			account := ""
			if dd.account != "" {
				account = "canbo"
			}
			st.add(bpmc, "bpmc."+short, oneStopRoster(account))
			for i, l3 := range l2.Level3s {
				if i >= dd.communes {
					break
				}
				p.unitNames[l3.ID] = l3.Name
				st.add(l3.ID, "", communeRoster(strings.ToLower(l3.Type)))
			}
		}
		if !found {
			return nil, fmt.Errorf("demo: district %s not in the province file", dd.code)
		}
	}
	for _, u := range p.units {
		p.unitNames[u.code] = u.name
	}
	p.people = st.people

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
			scope = x.unitCode
		}
		return Account{Username: username, Password: Password, FullName: x.FullName, Role: role,
			UnitCode: scope, UnitName: p.unitNames[scope], EmployeeCode: x.EmployeeCode, Position: x.Position}
	}
	p.accounts = []Account{
		{Username: "admin", Password: Password, FullName: "Quản trị hệ thống", Role: congvu.RoleAdmin,
			UnitCode: congvu.RootUnitCode, UnitName: "Cả nước", Position: "Quản trị viên"},
		linked("noivu", congvu.RoleSupervisor, ProvinceCode),
		linked("thutruong", congvu.RoleUnitHead, "336"),
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

// ProvinceFile returns the embedded unit file of Thái Bình (dvhcvn format).
func ProvinceFile() []byte { return bytes.Clone(thaiBinhJSON) }
