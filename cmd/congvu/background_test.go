package main

import (
	"congvu/org"
	"congvu/petition"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congvu"
)

func TestFilesDir(t *testing.T) {
	for _, c := range []struct{ files, db, want string }{
		{"/srv/tep", "congvu.db", "/srv/tep"},
		{"", "/var/lib/congvu/congvu.db", "/var/lib/congvu/congvu.db-files"},
		{"", "file:data/cv.db?_pragma=x", "data/cv.db-files"},
		{"", "postgres://congvu@db/congvu", "congvu-files"},
		{"", ":memory:", "congvu-files"},
	} {
		if got := filesDir(&common{files: c.files, db: c.db}); got != c.want {
			t.Errorf("filesDir(%q, %q) = %q, want %q", c.files, c.db, got, c.want)
		}
	}
}

// TestBackgroundDeliversTheOutbox submits a petition, whose handler is
// emailed through the outbox, and checks that a round of the background
// work delivers it once, retrying a failed delivery in the next round.
func TestBackgroundDeliversTheOutbox(t *testing.T) {
	dir := t.TempDir()
	a := &app{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, getenv: os.Getenv}
	o, err := a.open(&common{db: filepath.Join(dir, "cv.db")}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer o.db.Close()
	defer o.feedback.Close()
	if _, err := os.Stat(filepath.Join(dir, "cv.db-files")); err != nil {
		t.Fatalf("attachments folder not created: %v", err)
	}
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
	if _, err := o.services.Users.CreateUser(ctx, org.UserInput{Username: "noivu", FullName: "Cán bộ Nội vụ", Email: "noivu@thaibinh.gov.vn",
		Password: "mật-khẩu-đủ-dài", Active: true, Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: prov.ID}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := o.services.Petitions.Submit(context.Background(), petition.Input{Channel: petition.ViaWeb, UnitID: dept.ID,
		Category: petition.Delay, Description: "Hồ sơ chứng thực quá hẹn hai tuần, không ai giải thích lý do.", Anonymous: true}); err != nil {
		t.Fatal(err)
	}
	var sent []*congvu.OutboxMessage
	fail := true
	send := func(m *congvu.OutboxMessage) error {
		if fail {
			fail = false
			return errors.New("relay unavailable")
		}
		sent = append(sent, m)
		return nil
	}
	backgroundRound(ctx, o, send) // fails once
	backgroundRound(ctx, o, send) // retried
	backgroundRound(ctx, o, send) // nothing left
	if len(sent) != 1 || sent[0].To != "noivu@thaibinh.gov.vn" {
		t.Fatalf("sent %d messages: %+v", len(sent), sent)
	}
}

// TestGenPetitions fills a small tree with generated petitions that the
// service then finds.
func TestGenPetitions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.db")
	r := cli(t, context.Background(), nil, "", "gen-petitions", "--db", path, "--petitions", "0")
	if r.code != exitUsage {
		t.Fatalf("--petitions 0: exit %d", r.code)
	}
	if r := cli(t, context.Background(), nil, "", "gen-petitions", "--db", path, "--petitions", "10"); r.code == exitOK ||
		!strings.Contains(r.stderr, "--units FILE") {
		t.Fatalf("no commune, no unit file: exit %d", r.code)
	}
	a := &app{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, getenv: os.Getenv}
	o, err := a.open(&common{db: path}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("kiểm thử"))
	parent := int64(1)
	for _, u := range []org.UnitInput{{Code: "34", Name: "Tỉnh Thái Bình", Kind: org.KindProvince}, {Code: "34.D", Name: "Huyện Vũ Thư", Kind: org.KindDistrict},
		{Code: "34.D.X", Name: "Xã Vũ Hội", Kind: org.KindCommune}} {
		u.ParentID = parent
		made, err := o.services.Units.CreateUnit(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		parent = made.ID
	}
	o.feedback.Close()
	o.db.Close()
	if r := cli(t, context.Background(), nil, "", "gen-petitions", "--db", path, "--petitions", "120"); r.code != exitOK || !strings.Contains(r.stdout, "Generated 120 petitions") {
		t.Fatalf("gen-petitions: exit %d", r.code)
	}
	o, err = a.open(&common{db: path}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer o.db.Close()
	defer o.feedback.Close()
	sup := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: -1, Username: "system", FullName: "kiểm thử",
		Grants: []congvu.Grant{{Role: congvu.RoleSupervisor, UnitID: 1, UnitPath: congvu.RootUnitPath}}})
	if _, n, err := o.services.Petitions.FindPetitions(sup, petition.Filter{}); err != nil || n != 120 {
		t.Fatalf("found %d generated petitions: %v", n, err)
	}
}

// TestBackgroundSweepsCorrectiveActions checks that a round of the
// background work notifies an overdue corrective action, once.
func TestBackgroundSweepsCorrectiveActions(t *testing.T) {
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
	past := time.Now().Add(-72 * time.Hour).UTC()
	var inspID int64
	if err := o.db.Write.QueryRow(`INSERT INTO inspections (origin, kind, unit_id, target_unit_id, status, conclusion_status, created_at, updated_at)
		VALUES ('adhoc', 'inspection', $1, $2, 'concluded', 'issued', $3, $3) RETURNING id`, prov.ID, dept.ID, past).Scan(&inspID); err != nil {
		t.Fatal(err)
	}
	if _, err := o.db.Write.Exec(`INSERT INTO inspection_actions (inspection_id, owner_unit_id, text, days, due_at, status, created_at, updated_at)
		VALUES ($1, $2, 'Niêm yết thủ tục', 1, $3, 'open', $3, $3)`, inspID, dept.ID, past); err != nil {
		t.Fatal(err)
	}
	backgroundRound(ctx, o, nil)
	backgroundRound(ctx, o, nil)
	var n int
	if err := o.db.Read.QueryRow(`SELECT COUNT(*) FROM outbox WHERE to_addr = 'giamdoc@thaibinh.gov.vn' AND subject = 'Biện pháp khắc phục đã quá hạn'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("overdue notices: %d, %v", n, err)
	}
}
