package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu"
	"congvu/feedback"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/backup"
	"congvu/sqldb/sqldbtest"
)

// acked is what the load wrote and was told was stored, with when.
type acked struct {
	mu        sync.Mutex
	ratings   map[int64]time.Time
	petitions map[int64]time.Time
	errs      []error
}

// loadWriter writes ratings and petitions with attachments through the
// services from several goroutines until stop is closed.
func loadWriter(t *testing.T, o *opened, unitID int64, stop <-chan struct{}) (*acked, *sync.WaitGroup) {
	ack := &acked{ratings: map[int64]time.Time{}, petitions: map[int64]time.Time{}}
	var wg sync.WaitGroup
	sys := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("kiểm thử tải"))
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if w == 0 && i%4 == 0 { // a petition with a photo, now and then
					id, err := submitPetition(o, unitID, fmt.Sprintf("%d-%d", w, i))
					ack.add(ack.petitions, id, err)
					continue
				}
				fb, err := o.services.Feedback.Submit(sys, feedback.Input{UnitID: unitID, Satisfaction: feedback.Satisfied,
					Answers: map[string]bool{"GT-XC": true, "GT-LN": false}, Comment: fmt.Sprintf("đánh giá %d-%d", w, i)})
				var id int64
				if err == nil {
					id = fb.ID
				}
				ack.add(ack.ratings, id, err)
			}
		}()
	}
	return ack, &wg
}

func (a *acked) add(m map[int64]time.Time, id int64, err error) {
	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil {
		a.errs = append(a.errs, err)
		return
	}
	m[id] = now
}

// before returns the ids acknowledged before t.
func (a *acked) before(m map[int64]time.Time, t time.Time) []int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ids []int64
	for id, at := range m {
		if at.Before(t) {
			ids = append(ids, id)
		}
	}
	return ids
}

// submitPetition files a petition with a named reporter (sealed) and a
// photo unique to tag.
func submitPetition(o *opened, unitID int64, tag string) (int64, error) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range tag {
		img.Set(i%8, i/8, color.RGBA{R: tag[i], G: byte(i), B: 200, A: 255})
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	ctx := context.Background()
	file, err := o.services.Petitions.StoreFile(ctx, "anh-"+tag+".png", &buf)
	if err != nil {
		return 0, err
	}
	r, err := o.services.Petitions.Submit(ctx, petition.Input{Channel: petition.ViaWeb, UnitID: unitID, Category: petition.Delay,
		Description: "Hồ sơ " + tag + " quá hẹn hai tuần, không ai giải thích lý do.", Reporter: petition.Reporter{Name: "Nguyễn Văn An", Phone: "0912 345 678"},
		Consent: true, Files: []*petition.Attachment{file}})
	if err != nil {
		return 0, err
	}
	return r.Petition.ID, nil
}

// drillPlace is where a drill runs: the source database and its folders,
// and a fresh place to restore into.
type drillPlace struct {
	source, target common
}

// TestBackupDrill writes ratings and petitions (with attachments and
// sealed identities) through the services from several goroutines, takes
// a backup under that load, restores it into a fresh place and checks that
// every write acknowledged before the backup began is there, that the copy
// passes its integrity check and opens with the restored keys, and that the
// attachments and the keys came back byte for byte.
func TestBackupDrill(t *testing.T) {
	places := map[string]drillPlace{sqldb.SQLite: {
		source: common{db: filepath.Join(t.TempDir(), "cv.db")},
		target: common{db: filepath.Join(t.TempDir(), "moi", "cv.db")},
	}}
	if dsn := sqldbtest.EmptyDSNs(t)[sqldb.Postgres]; dsn != "" {
		if _, err := exec.LookPath("pg_dump"); err != nil && !sqldbtest.RequirePostgres() {
			t.Log("pg_dump not installed: PostgreSQL drill skipped")
		} else {
			places[sqldb.Postgres] = drillPlace{
				source: common{db: dsn, files: filepath.Join(t.TempDir(), "files")},
				target: common{db: freshDatabase(t, dsn), files: filepath.Join(t.TempDir(), "tep-moi")},
			}
		}
	}
	for engine, p := range places {
		t.Run(engine, func(t *testing.T) { drill(t, p) })
	}
}

func drill(t *testing.T, p drillPlace) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := &app{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	o, err := a.open(&p.source, log)
	if err != nil {
		t.Fatal(err)
	}
	defer o.db.Close()
	ctx := congvu.NewContextWithActor(context.Background(), congvu.SystemActor("kiểm thử"))
	root, err := o.services.Units.FindUnitByCode(ctx, congvu.RootUnitCode)
	if err != nil {
		t.Fatal(err)
	}
	unit, err := o.services.Units.CreateUnit(ctx, org.UnitInput{Code: "34", Name: "Tỉnh Thái Bình", Kind: org.KindProvince, ParentID: root.ID})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	ack, wg := loadWriter(t, o, unit.ID, stop)
	// Let the load build up, then back up while it goes on.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if len(ack.before(ack.petitions, time.Now())) >= 3 && len(ack.before(ack.ratings, time.Now())) >= 50 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the load wrote too little: %d ratings, %d petitions, errors %v", len(ack.ratings), len(ack.petitions), ack.errs)
		}
	}
	dest := filepath.Join(t.TempDir(), "sao-luu")
	began := time.Now()
	m, err := a.backup(&p.source, dest, "")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // writes go on after it, and must not matter
	close(stop)
	wg.Wait()
	o.feedback.Close()
	if len(ack.errs) > 0 {
		t.Fatalf("the load failed: %v", ack.errs[0])
	}
	ratings, petitions := ack.before(ack.ratings, began), ack.before(ack.petitions, began)
	t.Logf("acknowledged before the backup: %d ratings, %d petitions; in all %d, %d", len(ratings), len(petitions), len(ack.ratings), len(ack.petitions))

	if _, err := a.restore(&p.target, dest, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.restore(&p.target, dest, ""); err == nil || !strings.Contains(err.Error(), "exists") && !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("a second restore into the same place: %v, want a refusal", err)
	}
	// The restored copy opens as the server opens it: migrations, and the
	// keys, which must hold the key its identities are sealed under.
	r, err := a.open(&p.target, log)
	if err != nil {
		t.Fatal(err)
	}
	defer r.db.Close()
	defer r.feedback.Close()
	if r.db.Engine == sqldb.SQLite {
		if err := sqldb.IntegrityCheck(ctx, r.db.Read); err != nil {
			t.Fatal(err)
		}
	}
	missing := func(table string, ids []int64) {
		for _, id := range ids {
			var n int
			if err := r.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1`, id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("%s %d, acknowledged before the backup, is not in the restored copy", table, id)
			}
		}
	}
	missing("feedback", ratings)
	missing("petitions", petitions)
	var sealed int
	if err := r.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM petitions WHERE reporter_sealed <> ''`).Scan(&sealed); err != nil || sealed < len(petitions) {
		t.Fatalf("%d sealed identities restored (%v), want at least %d", sealed, err, len(petitions))
	}
	// Every attachment the copy names is there, byte for byte.
	rows, err := r.db.Read.QueryContext(ctx, `SELECT blob_key FROM petition_attachments WHERE petition_id IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	rows.Close()
	if len(keys) < len(petitions) {
		t.Fatalf("%d attachments restored, want at least %d", len(keys), len(petitions))
	}
	for _, k := range keys {
		sameFile(t, filepath.Join(filesDir(&p.source), k), filepath.Join(filesDir(&p.target), k))
	}
	if len(m.Files) < len(keys) {
		t.Errorf("the manifest lists %d files, the copy names %d", len(m.Files), len(keys))
	}
	sameFile(t, sealKeyFile(&p.source), sealKeyFile(&p.target))
	if st, err := os.Stat(sealKeyFile(&p.target)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("restored key file: %v, mode %v", err, st.Mode())
	}
}

// sameFile fails unless both files exist with the same bytes.
func sameFile(t *testing.T, a, b string) {
	t.Helper()
	x, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := os.ReadFile(b)
	if err != nil {
		t.Fatalf("restored: %v", err)
	}
	if !bytes.Equal(x, y) {
		t.Errorf("%s restored as %s with other bytes", a, b)
	}
}

// freshDatabase creates an empty database on the PostgreSQL test server,
// dropped at cleanup, and returns the URL of dsn's schema in it.
func freshDatabase(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", os.Getenv(sqldbtest.EnvPostgres))
	if err != nil {
		t.Fatal(err)
	}
	name := "congvu_restore_" + strings.ToLower(congvu.RandomToken(6))
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		admin.Close()
		if sqldbtest.RequirePostgres() {
			t.Fatalf("cannot create a database to restore into: %v", err)
		}
		t.Skipf("cannot create a database to restore into: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	u.Path = "/" + name
	return u.String()
}

// TestRestoreRefuses checks what restore refuses before writing anything:
// a damaged file, a backup from a newer schema, a place not fresh, keys
// written apart and not given, keys that do not open the database; and that
// backup wants to be told where the keys go.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "cv.db")
	a := &app{ctx: ctx, stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	o, err := a.open(&common{db: src}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	root, err := o.services.Units.FindUnitByCode(sqldbtest.Sys(), congvu.RootUnitCode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := submitPetition(o, root.ID, "x"); err != nil {
		t.Fatal(err)
	}
	o.feedback.Close()
	o.db.Close()

	if r := cli(t, ctx, nil, "", "backup", "--db", src, filepath.Join(dir, "b0")); r.code != exitUsage || !strings.Contains(r.stderr, "--keys-out") {
		t.Fatalf("backup without saying where the keys go: exit %d", r.code)
	}
	keys := filepath.Join(dir, "khoa", "cv.seal-key")
	apart := filepath.Join(dir, "apart")
	if r := cli(t, ctx, nil, "", "backup", "--db", src, "--keys-out", keys, apart); r.code != exitOK {
		t.Fatalf("backup --keys-out: exit %d", r.code)
	}
	if _, err := os.Stat(filepath.Join(apart, backup.KeysInside)); err == nil {
		t.Error("--keys-out: the keys are inside the backup too")
	}
	sameFile(t, src+".seal-key", keys)
	inside := filepath.Join(dir, "inside")
	if r := cli(t, ctx, nil, "", "backup", "--db", src, "--with-keys", inside); r.code != exitOK {
		t.Fatalf("backup --with-keys: exit %d", r.code)
	}
	if r := cli(t, ctx, nil, "", "backup", "--db", src, "--with-keys", inside); r.code != exitError || !strings.Contains(r.stderr, "exists") {
		t.Fatalf("backup over an existing one: exit %d", r.code)
	}

	target := func(name string) string { return filepath.Join(dir, name, "cv.db") }
	untouched := func(db string) {
		t.Helper()
		for _, p := range []string{db, db + "-files", db + ".seal-key"} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("a refused restore wrote %s", p)
			}
		}
	}
	refused := func(want string, args ...string) {
		t.Helper()
		r := cli(t, ctx, nil, "", append([]string{"restore"}, args...)...)
		if r.code != exitError || !strings.Contains(r.stderr, want) {
			t.Errorf("restore %v: exit %d, stderr %q, want %q", args, r.code, r.stderr, want)
		}
	}
	refused("--keys-from", "--db", target("r1"), apart)
	untouched(target("r1"))
	other := filepath.Join(dir, "other.seal-key")
	if err := os.WriteFile(other, []byte(base64Key()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	refused("does not hold the key", "--db", target("r1"), "--keys-from", other, apart)
	untouched(target("r1"))
	if r := cli(t, ctx, nil, "", "restore", "--db", target("r1"), "--keys-from", keys, apart); r.code != exitOK {
		t.Fatalf("restore --keys-from: exit %d", r.code)
	}
	sameFile(t, keys, target("r1")+".seal-key")

	// A place not fresh: the database, or the attachments folder.
	refused("exists", "--db", target("r1"), inside)
	if err := os.MkdirAll(target("r2")+"-files", 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(target("r2")+"-files", "x"), []byte("x"), 0o600)
	refused("not empty", "--db", target("r2"), inside)
	if _, err := os.Stat(target("r2")); err == nil {
		t.Error("a refused restore wrote the database")
	}

	// A damaged attachment.
	m, err := backup.ReadManifest(inside)
	if err != nil || len(m.Files) == 0 {
		t.Fatalf("manifest: %v, %d files", err, len(m.Files))
	}
	damaged := filepath.Join(dir, "damaged")
	os.CopyFS(damaged, os.DirFS(inside))
	f := filepath.Join(damaged, filepath.FromSlash(m.Files[0].Path))
	b, _ := os.ReadFile(f)
	b[len(b)/2] ^= 1
	os.WriteFile(f, b, 0o600)
	refused("checksum", "--db", target("r3"), damaged)
	untouched(target("r3"))

	// A backup of a database a newer version migrated.
	db, err := sqldb.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', '2030-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	newer := filepath.Join(dir, "newer")
	if r := cli(t, ctx, nil, "", "backup", "--db", src, "--with-keys", newer); r.code != exitOK {
		t.Fatalf("backup: exit %d", r.code)
	}
	refused("newer version", "--db", target("r4"), newer)
	untouched(target("r4"))

	// A backup that did not finish.
	os.Mkdir(filepath.Join(dir, "half"+backup.Partial), 0o700)
	refused("did not finish", "--db", target("r5"), filepath.Join(dir, "half"+backup.Partial))
}

// base64Key is a fresh sealing key as a key file line.
func base64Key() string {
	return base64.StdEncoding.EncodeToString(sqldb.NewSealKey())
}
