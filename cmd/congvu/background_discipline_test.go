package main

import (
	"congvu"
	"congvu/org"
	"congvu/violation"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBackgroundSweepsDiscipline checks that a round of the background
// work notifies a discipline step past its deadline to the unit's head,
// once.
func TestBackgroundSweepsDiscipline(t *testing.T) {
	dir := t.TempDir()
	a := &app{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, getenv: os.Getenv}
	o, err := a.open(&common{db: filepath.Join(dir, "cv.db")}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer o.db.Close()
	defer o.feedback.Close()
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("kiểm thử"))
	root, err := o.services.Units.FindUnitByCode(ctx, congvu.RootUnitCode)
	if err != nil {
		t.Fatal(err)
	}
	prov, err := o.services.Units.CreateUnit(ctx, org.UnitInput{Code: "34", Name: "Tỉnh Thái Bình", Kind: org.KindProvince, ParentID: root.ID})
	if err != nil {
		t.Fatal(err)
	}
	dept, err := o.services.Units.CreateUnit(ctx, org.UnitInput{Code: "34.STP", Name: "Sở Tư pháp", Kind: org.KindDepartment, ParentID: prov.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.services.Users.CreateUser(ctx, org.UserInput{Username: "giamdoc", FullName: "Giám đốc Sở", Email: "giamdoc@thaibinh.gov.vn",
		Password: "mật-khẩu-đủ-dài", Active: true, Grants: []congvu.Grant{{Role: congvu.RoleUnitHead, UnitID: dept.ID}}}); err != nil {
		t.Fatal(err)
	}
	off, err := o.services.Officials.CreateOfficial(ctx, org.OfficialInput{UnitID: dept.ID, EmployeeCode: "STP01", FullName: "Phạm Văn Dũng", Category: org.CategoryCivilServant})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	var vid int64
	if err := o.db.Write.QueryRow(`INSERT INTO violations (unit_id, act_date, description, evidence_at, created_at, updated_at)
		VALUES ($1, $2, 'Chậm trả kết quả', $3, $3, $3) RETURNING id`, dept.ID, congvu.Date(now).AddDate(0, -1, 0).Format(time.DateOnly), now).Scan(&vid); err != nil {
		t.Fatal(err)
	}
	if _, err := o.db.Write.Exec(`INSERT INTO violation_officials (violation_id, official_id, unit_id) VALUES ($1, $2, $3)`, vid, off.ID, dept.ID); err != nil {
		t.Fatal(err)
	}
	c, err := o.services.Discipline.OpenCase(ctx, violation.CaseInput{OfficialID: off.ID, ViolationIDs: []int64{vid},
		Severity: violation.SeverityMinor, ProposedForm: violation.FormReprimand})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.db.Write.Exec(`UPDATE discipline_case_steps SET due_on = $1 WHERE case_id = $2 AND step = 'review'`,
		congvu.Date(now).AddDate(0, 0, -3).Format(time.DateOnly), c.ID); err != nil {
		t.Fatal(err)
	}
	backgroundRound(ctx, o, nil)
	backgroundRound(ctx, o, nil)
	var n int
	if err := o.db.Read.QueryRow(`SELECT COUNT(*) FROM outbox WHERE to_addr = 'giamdoc@thaibinh.gov.vn' AND subject = 'Bước thủ tục kỷ luật đã quá hạn'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("overdue notices: %d, %v", n, err)
	}
}
