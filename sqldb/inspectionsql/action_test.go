package inspectionsql_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/blob"
	"congvu/inspection"
	"congvu/org"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/inspectionsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
)

// axFix is a province inspectorate (P1) that inspected a district (D1,
// with a commune C1 below it); D2 is D1's sibling.
type axFix struct {
	db                     *sqldb.DB
	clock                  *sqldbtest.Clock
	as                     *inspectionsql.ActionService
	blobs                  *blob.Dir
	P1, D1, C1, D2         int64
	P1Path, D1Path, C1Path string
	insp                   *congvu.Actor // inspector of P1, lead of the inspection
	insp2                  *congvu.Actor // another inspector of P1
	headD1                 *congvu.Actor // head of the inspected district
	headD2                 *congvu.Actor // head of the sibling district
}

func axSetup(t *testing.T, db *sqldb.DB) *axFix {
	t.Helper()
	dir, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	x := &axFix{db: db, clock: sqldbtest.SetClock(db), blobs: dir}
	x.P1, x.P1Path = sqldbtest.Unit(t, db, "/1/", "P1", "Tỉnh Một")
	x.D1, x.D1Path = sqldbtest.Unit(t, db, x.P1Path, "P1D1", "Huyện Một")
	x.C1, x.C1Path = sqldbtest.Unit(t, db, x.D1Path, "P1D1C1", "Xã Một")
	var d2Path string
	x.D2, d2Path = sqldbtest.Unit(t, db, x.P1Path, "P1D2", "Huyện Hai")
	us := orgsql.NewUserService(db)
	x.insp = axStaff(t, us, "thanhtra", "thanhtra@example.vn", congvu.RoleInspector, x.P1, x.P1Path)
	x.insp2 = axStaff(t, us, "thanhtra2", "", congvu.RoleInspector, x.P1, x.P1Path)
	x.headD1 = axStaff(t, us, "truong.d1", "truong.d1@example.vn", congvu.RoleUnitHead, x.D1, x.D1Path)
	x.headD2 = axStaff(t, us, "truong.d2", "truong.d2@example.vn", congvu.RoleUnitHead, x.D2, d2Path)
	x.as = inspectionsql.NewActionService(db, dir, calendarsql.NewCalendarService(db))
	return x
}

func axStaff(t *testing.T, us *orgsql.UserService, username, email string, role congvu.Role, unitID int64, path string) *congvu.Actor {
	t.Helper()
	u, err := us.CreateUser(sqldbtest.Sys(), org.UserInput{Username: username, FullName: "Cán bộ " + username, Email: email, Password: sqldbtest.Password,
		Active: true, Grants: []congvu.Grant{{Role: role, UnitID: unitID}}})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return &congvu.Actor{UserID: u.ID, Username: username, FullName: u.FullName, Grants: []congvu.Grant{{Role: role, UnitID: unitID, UnitPath: path}}}
}

// inspection stores a thanh tra of D1 by P1 with its conclusion issued.
func (x *axFix) inspection(t *testing.T, status inspection.Status) int64 {
	t.Helper()
	return axInspection(t, x.db, x.P1, x.D1, x.insp.UserID, status)
}

func (x *axFix) set(t time.Time) { x.clock.Set(t) }

func (x *axFix) create(t *testing.T, inspID, owner int64, days int) *inspection.CorrectiveAction {
	t.Helper()
	a, err := x.as.CreateAction(sqldbtest.As(x.insp), inspID, inspection.ActionInput{OwnerUnitID: owner, Text: "Niêm yết công khai thủ tục tại bộ phận một cửa", Days: days})
	if err != nil {
		t.Fatalf("create action: %v", err)
	}
	return a
}

func vn(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, congvu.TimeZone)
}

// tinyPNG is a valid 2×2 image, with no metadata.
func tinyPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func outboxCount(t *testing.T, db *sqldb.DB, to, subject string) int {
	t.Helper()
	return sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND subject = $2`, to, subject)
}

// An action set on the Friday before Tết 2027 for 5 working days is due
// when the calendar says: Saturday and Sunday are rest days, Monday 8 to
// Wednesday 10/2 are Tết days off, so the fifth working day is Wednesday
// 17/2/2027 (Monday to Friday alone would give Friday 12/2).
func TestActionDeadlineCountsWorkingDaysAcrossTet(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := axSetup(t, db)
		x.set(vn(2027, 2, 5, 10))
		a := x.create(t, x.inspection(t, inspection.StatusConcluded), x.C1, 5)
		if want := time.Date(2027, 2, 17, 23, 59, 59, 0, congvu.TimeZone); !a.DueAt.Equal(want) {
			t.Fatalf("due %v, want %v", a.DueAt.In(congvu.TimeZone), want)
		}
		if a.Status != inspection.ActionOpen || a.OwnerUnitID != x.C1 {
			t.Fatalf("created %+v", a)
		}
		// The head of the owner unit's district is told, once.
		if n := outboxCount(t, db, "truong.d1@example.vn", "Giao biện pháp khắc phục sau kiểm tra"); n != 1 {
			t.Errorf("assignment emails %d", n)
		}
	})
}

// Actions are set only on an issued conclusion, by its inspectors, for
// the inspected unit or a unit below it; bad input saves nothing.
func TestActionCreateRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := axSetup(t, db)
		recorded := x.inspection(t, inspection.StatusRecorded)
		_, err := x.as.CreateAction(sqldbtest.As(x.insp), recorded, inspection.ActionInput{OwnerUnitID: x.D1, Text: "Khắc phục", Days: 10})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		id := x.inspection(t, inspection.StatusConcluded)
		_, err = x.as.CreateAction(sqldbtest.As(x.insp), id, inspection.ActionInput{OwnerUnitID: x.D2, Text: "Khắc phục", Days: 10})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if f := congvu.ErrorFields(err)["owner_unit_id"]; !strings.Contains(f, "Huyện Một") {
			t.Errorf("owner message %q", f)
		}
		_, err = x.as.CreateAction(sqldbtest.As(x.insp), id, inspection.ActionInput{OwnerUnitID: x.D1, Text: " ", Days: 0})
		if f := congvu.ErrorFields(err); f["text"] == "" || f["days"] == "" {
			t.Errorf("fields %v", f)
		}
		// The inspected unit's head may not set actions; a sibling does
		// not learn the inspection exists.
		_, err = x.as.CreateAction(sqldbtest.As(x.headD1), id, inspection.ActionInput{OwnerUnitID: x.D1, Text: "Khắc phục", Days: 10})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.as.CreateAction(sqldbtest.As(x.headD2), id, inspection.ActionInput{OwnerUnitID: x.D1, Text: "Khắc phục", Days: 10})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_actions`); n != 0 {
			t.Fatalf("%d actions saved", n)
		}
	})
}

// The owner unit reports with a note and a file; the inspector verifies;
// the inspection closes only when its last action is verified. Every
// write is audited; a sibling unit sees nothing.
func TestActionReportVerifyClosesInspection(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := axSetup(t, db)
		id := x.inspection(t, inspection.StatusConcluded)
		a1 := x.create(t, id, x.D1, 10)
		a2 := x.create(t, id, x.C1, 10)
		head := sqldbtest.As(x.headD1)

		// The sibling district sees nothing and may do nothing.
		if list, n, err := x.as.FindActions(sqldbtest.As(x.headD2), inspection.ActionFilter{}); err != nil || n != 0 || len(list) != 0 {
			t.Fatalf("sibling list %d %v", n, err)
		}
		_, err := x.as.FindActionByID(sqldbtest.As(x.headD2), a1.ID)
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		_, err = x.as.ReportAction(sqldbtest.As(x.headD2), a1.ID, inspection.ReportInput{Note: "Đã làm"})
		sqldbtest.Code(t, err, congvu.ENOTFOUND)
		// The inspector does not report for the unit; the unit does not
		// verify itself; nothing is verified before it is reported.
		_, err = x.as.ReportAction(sqldbtest.As(x.insp), a1.ID, inspection.ReportInput{Note: "Đã làm"})
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		_, err = x.as.VerifyAction(sqldbtest.As(x.insp), a1.ID, "")
		sqldbtest.Code(t, err, congvu.ECONFLICT)

		got, err := x.as.ReportAction(head, a1.ID, inspection.ReportInput{Note: "Đã niêm yết tại quầy số 1",
			Files: []inspection.Upload{{Name: "anh.png", Body: bytes.NewReader(tinyPNG(t))}}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != inspection.ActionReported || got.ReportedAt == nil {
			t.Fatalf("reported %+v", got)
		}
		_, err = x.as.ReportAction(head, a1.ID, inspection.ReportInput{Note: "Lần nữa"})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		_, err = x.as.VerifyAction(head, a1.ID, "")
		sqldbtest.Code(t, err, congvu.EFORBIDDEN)
		if n := outboxCount(t, db, "thanhtra@example.vn", "Đơn vị báo cáo kết quả khắc phục"); n != 1 {
			t.Errorf("report emails to the lead: %d", n)
		}

		// The evidence is listed with the report and opens for the inspector.
		full, err := x.as.FindActionByID(sqldbtest.As(x.insp2), a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		var file *inspection.ActionFile
		for _, e := range full.Events {
			if e.Kind == inspection.EventReported && len(e.Files) == 1 {
				file = e.Files[0]
			}
		}
		if file == nil || file.ContentType != "image/png" {
			t.Fatalf("events %+v", full.Events)
		}
		_, rc, err := x.as.OpenActionFile(sqldbtest.As(x.insp2), a1.ID, file.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("file %q", b[:8])
		}
		if _, _, err := x.as.OpenActionFile(sqldbtest.As(x.headD2), a1.ID, file.ID); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Errorf("sibling opens evidence: %v", err)
		}

		if _, err := x.as.VerifyAction(sqldbtest.As(x.insp2), a1.ID, "Đã kiểm tra thực tế"); err != nil {
			t.Fatal(err)
		}
		if st := inspectionStatus(t, db, id); st != string(inspection.StatusConcluded) {
			t.Fatalf("closed with an action open: %s", st)
		}
		if _, err := x.as.ReportAction(head, a2.ID, inspection.ReportInput{Note: "Xã đã khắc phục"}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.as.VerifyAction(sqldbtest.As(x.insp), a2.ID, ""); err != nil {
			t.Fatal(err)
		}
		if st := inspectionStatus(t, db, id); st != string(inspection.StatusClosed) {
			t.Fatalf("all verified, inspection %s", st)
		}
		// No more actions on a closed conclusion.
		_, err = x.as.CreateAction(sqldbtest.As(x.insp), id, inspection.ActionInput{OwnerUnitID: x.D1, Text: "Thêm", Days: 5})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		for kind, want := range map[string]int{"inspection.action.create": 2, "inspection.action.report": 2, "inspection.action.verify": 2, "inspection.close": 1} {
			if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = $1`, kind); n != want {
				t.Errorf("audit %s: %d, want %d", kind, n, want)
			}
		}
	})
}

// A report that the inspector does not accept goes back to the unit with
// the reason; a report whose file is refused saves nothing.
func TestActionSendBack(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := axSetup(t, db)
		a := x.create(t, x.inspection(t, inspection.StatusConcluded), x.D1, 10)
		head := sqldbtest.As(x.headD1)

		_, err := x.as.ReportAction(head, a.ID, inspection.ReportInput{Note: "Đã làm",
			Files: []inspection.Upload{{Name: "a.png", Body: bytes.NewReader(tinyPNG(t))}, {Name: "x.exe", Body: strings.NewReader("MZ không phải ảnh")}}})
		sqldbtest.Code(t, err, congvu.EINVALID)
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM inspection_action_files`); n != 0 {
			t.Fatalf("%d files saved", n)
		}
		if entries, _ := os.ReadDir(x.blobs.Path()); len(visible(entries)) != 0 {
			t.Fatalf("blobs left: %d", len(visible(entries)))
		}
		if got, _ := x.as.FindActionByID(head, a.ID); got.Status != inspection.ActionOpen {
			t.Fatalf("status %s", got.Status)
		}

		if _, err := x.as.ReportAction(head, a.ID, inspection.ReportInput{Note: "Đã làm"}); err != nil {
			t.Fatal(err)
		}
		_, err = x.as.ReturnAction(sqldbtest.As(x.insp), a.ID, "thiếu")
		sqldbtest.Code(t, err, congvu.EINVALID)
		got, err := x.as.ReturnAction(sqldbtest.As(x.insp), a.ID, "Chưa có ảnh chụp bảng niêm yết tại quầy")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != inspection.ActionOpen || got.ReportedAt != nil {
			t.Fatalf("returned %+v", got)
		}
		if n := outboxCount(t, db, "truong.d1@example.vn", "Biện pháp khắc phục bị trả lại"); n != 1 {
			t.Errorf("return emails %d", n)
		}
		if _, err := x.as.ReportAction(head, a.ID, inspection.ReportInput{Note: "Đã bổ sung ảnh"}); err != nil {
			t.Fatalf("report again: %v", err)
		}
		full, _ := x.as.FindActionByID(head, a.ID)
		var kinds []string
		for _, e := range full.Events {
			kinds = append(kinds, string(e.Kind))
		}
		if strings.Join(kinds, ",") != "create,report,return,report" {
			t.Errorf("history %v", kinds)
		}
	})
}

func visible(entries []os.DirEntry) []os.DirEntry {
	var out []os.DirEntry
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e)
		}
	}
	return out
}

// The sweep reminds the owner unit three working days before the deadline
// and notifies it and the inspectors once the deadline has passed, each
// once however often it runs; the overdue filter lists the action.
func TestActionSweepRemindsAndFlagsOverdueOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := axSetup(t, db)
		x.set(vn(2027, 2, 5, 10))
		id := x.inspection(t, inspection.StatusConcluded)
		a := x.create(t, id, x.D1, 5) // due Wednesday 17/2/2027
		done := x.create(t, id, x.D1, 5)
		if _, err := x.as.ReportAction(sqldbtest.As(x.headD1), done.ID, inspection.ReportInput{Note: "Xong"}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.as.VerifyAction(sqldbtest.As(x.insp), done.ID, ""); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		sweep := func(at time.Time) inspection.ActionSweepResult {
			t.Helper()
			res, err := x.as.SweepActions(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		// Three working days before 17/2 is Friday 12/2: not before.
		if res := sweep(vn(2027, 2, 11, 16)); res != (inspection.ActionSweepResult{}) {
			t.Fatalf("sweep on 11/2: %+v", res)
		}
		if res := sweep(vn(2027, 2, 12, 8)); res.Reminded != 1 || res.Overdue != 0 {
			t.Fatalf("sweep on 12/2: %+v", res)
		}
		if res := sweep(vn(2027, 2, 15, 8)); res != (inspection.ActionSweepResult{}) {
			t.Fatalf("second sweep: %+v", res)
		}
		if n := outboxCount(t, db, "truong.d1@example.vn", "Sắp đến hạn thực hiện biện pháp khắc phục"); n != 1 {
			t.Errorf("reminders %d", n)
		}
		x.set(vn(2027, 2, 18, 8))
		if res := sweep(vn(2027, 2, 18, 8)); res.Overdue != 1 || res.Reminded != 0 {
			t.Fatalf("sweep on 18/2: %+v", res)
		}
		if res := sweep(vn(2027, 2, 19, 8)); res != (inspection.ActionSweepResult{}) {
			t.Fatalf("second overdue sweep: %+v", res)
		}
		for _, to := range []string{"truong.d1@example.vn", "thanhtra@example.vn"} {
			if n := outboxCount(t, db, to, "Biện pháp khắc phục đã quá hạn"); n != 1 {
				t.Errorf("overdue notices to %s: %d", to, n)
			}
		}
		list, n, err := x.as.FindActions(sqldbtest.As(x.headD1), inspection.ActionFilter{Overdue: true})
		if err != nil || n != 1 || list[0].ID != a.ID || !list[0].Overdue {
			t.Fatalf("overdue list %d %v", n, err)
		}
		if sqldbtest.Count(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind IN ('inspection.action.remind', 'inspection.action.overdue')`) != 2 {
			t.Error("sweep marks not audited")
		}
	})
}

// The due-soon filter lists open actions due within five working days.
func TestActionDueSoonFilter(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := axSetup(t, db)
		x.set(vn(2027, 3, 1, 9)) // Monday
		id := x.inspection(t, inspection.StatusConcluded)
		soon := x.create(t, id, x.D1, 4)
		x.create(t, id, x.D1, 30)
		list, n, err := x.as.FindActions(sqldbtest.As(x.headD1), inspection.ActionFilter{DueSoon: true})
		if err != nil || n != 1 || list[0].ID != soon.ID {
			t.Fatalf("due soon: %d %v", n, err)
		}
		if list, n, _ := x.as.FindActions(sqldbtest.As(x.insp), inspection.ActionFilter{InspectionID: id}); n != 2 || len(list) != 2 {
			t.Fatalf("inspector's list %d", n)
		}
	})
}

// Through the inspection workflow itself: a thanh tra recorded, its
// conclusion drafted, appraised and issued; only then are actions set,
// and the inspection the service returns is closed once they are verified.
func TestActionsCloseAnIssuedConclusion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := axSetup(t, db)
		if _, err := db.Write.Exec(`UPDATE units SET kind = 'province' WHERE id = $1`, x.P1); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.Exec(`UPDATE units SET kind = 'district' WHERE id = $1`, x.D1); err != nil {
			t.Fatal(err)
		}
		std := standardsql.NewStandardService(db)
		if _, err := std.EnsureCatalog(sqldbtest.Sys()); err != nil {
			t.Fatal(err)
		}
		svc := inspectionsql.NewInspectionService(db, std)
		insp := sqldbtest.As(x.insp)
		in, err := svc.CreateInspection(insp, inspection.InspectionInput{Origin: inspection.OriginEvidence, Kind: inspection.KindInspection,
			UnitID: x.P1, TargetUnitID: x.D1, Reason: "Chỉ số hài lòng thấp"})
		if err != nil {
			t.Fatal(err)
		}
		in, err = svc.GenerateChecklist(insp, in.ID, inspection.ChecklistInput{Items: []inspection.LineSpec{{ItemCode: "GT-XC"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RecordLine(insp, in.ID, inspection.LineInput{LineID: in.Lines[0].ID, Result: inspection.ResultBreached, Note: "Không chào"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CloseRecord(insp, in.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DraftConclusion(insp, in.ID, "Cán bộ không chào hỏi; yêu cầu chấn chỉnh."); err != nil {
			t.Fatal(err)
		}
		// Not issued yet: no action.
		_, err = x.as.CreateAction(insp, in.ID, inspection.ActionInput{OwnerUnitID: x.D1, Text: "Chấn chỉnh giao tiếp", Days: 10})
		sqldbtest.Code(t, err, congvu.ECONFLICT)
		if _, err := svc.ReviewConclusion(insp, in.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.IssueConclusion(insp, in.ID); err != nil {
			t.Fatal(err)
		}
		a, err := x.as.CreateAction(insp, in.ID, inspection.ActionInput{OwnerUnitID: x.C1, Text: "Chấn chỉnh giao tiếp tại bộ phận một cửa", Days: 10})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := x.as.ReportAction(sqldbtest.As(x.headD1), a.ID, inspection.ReportInput{Note: "Đã tổ chức kiểm điểm, niêm yết quy tắc"}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.as.VerifyAction(sqldbtest.As(x.insp2), a.ID, ""); err != nil {
			t.Fatal(err)
		}
		got, err := svc.FindInspection(sqldbtest.As(x.headD1), in.ID)
		if err != nil || got.Status != inspection.StatusClosed {
			t.Fatalf("inspection after its last action: %+v %v", got, err)
		}
	})
}

// The compliance dashboard lists the subtree's actions past their deadline
// and not verified, a reported one included (the clock runs until the
// inspectors verify).
func TestComplianceListsOverdueActions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := axSetup(t, db)
		x.set(vn(2027, 3, 1, 9)) // Monday
		id := x.inspection(t, inspection.StatusConcluded)
		late := x.create(t, id, x.D1, 2)
		x.create(t, id, x.D1, 30)
		x.set(vn(2027, 3, 8, 9)) // a week on: the 2-day action is 3 days late
		d, err := inspectionsql.NewDashboardService(db).Compliance(sqldbtest.As(x.insp), inspection.ComplianceFilter{UnitID: x.P1})
		if err != nil {
			t.Fatal(err)
		}
		if d.OverdueTotal != 1 || len(d.Overdue) != 1 || d.Overdue[0].ID != late.ID || d.Overdue[0].DaysLate < 3 || d.Overdue[0].UnitName == "" {
			t.Fatalf("overdue %d %+v", d.OverdueTotal, d.Overdue)
		}
	})
}
