package petitionsql_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

const revealReason = "Cần liên hệ để xác minh sự việc."

// The sealing key is not in the database: a key file of mode 0600 beside
// it is created on first start, a wider mode is refused, a key left in
// settings by an earlier version is moved to the file (and deleted from
// settings) and still opens what it sealed; after a rotation the new key
// seals and the old one still opens; a lost key file with sealed data in
// the database stops the start instead of sealing with a new key.
func TestSealKeysLiveOutsideTheDatabase(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		x := ptSetup(t, db)
		path := filepath.Join(t.TempDir(), "congvu.db.seal-key")

		// An earlier version: the key in settings, an identity sealed with it.
		legacy := sqldb.NewSealKey()
		db.Seal = sqldb.NewSealKeys(legacy)
		old := x.submit(t, x.input()).Petition.ID
		if _, err := db.Write.Exec(`INSERT INTO settings (key, value) VALUES ('petition_identity_key', $1)`, hex.EncodeToString(legacy)); err != nil {
			t.Fatal(err)
		}
		db.Seal = nil

		var logged bytes.Buffer
		log := db.Log
		db.Log = slog.New(slog.NewTextHandler(&logged, nil))
		keys, err := sqldb.LoadSealKeys(ctx, db, path, "")
		if err != nil {
			t.Fatal(err)
		}
		db.Log = log
		if !strings.Contains(logged.String(), "back the file up") || !strings.Contains(logged.String(), path) {
			t.Errorf("the move of the key is not logged with its file: %s", logged.String())
		}
		db.Seal = keys
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("key file: %v %v", st, err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM settings WHERE key = 'petition_identity_key'`); n != 0 {
			t.Error("the sealing key is still in the database")
		}
		if string(keys.Sealing()) != string(legacy) {
			t.Error("the moved key is not the sealing one")
		}
		reveal := func(id int64) string {
			t.Helper()
			rep, err := x.ps.RevealReporter(sqldbtest.As(x.headD1), id, revealReason)
			if err != nil {
				t.Fatalf("reveal %d: %v", id, err)
			}
			return rep.Name
		}
		if reveal(old) != ptReporterName {
			t.Error("the identity sealed under the moved key does not open")
		}

		// Rotation: a new key seals, both open.
		if err := sqldb.AddSealKey(path); err != nil {
			t.Fatal(err)
		}
		if db.Seal, err = sqldb.LoadSealKeys(ctx, db, path, ""); err != nil {
			t.Fatal(err)
		}
		if string(db.Seal.Sealing()) == string(legacy) || len(db.Seal.All()) != 2 {
			t.Fatal("the rotated ring")
		}
		x.clock.Add(time.Hour)
		fresh := x.submit(t, x.input()).Petition.ID
		if reveal(old) != ptReporterName || reveal(fresh) != ptReporterName {
			t.Error("after rotation an identity does not open")
		}
		db.Seal = sqldb.NewSealKeys(legacy) // the old key alone cannot open the new seal
		if _, err := x.ps.RevealReporter(sqldbtest.As(x.headD1), fresh, revealReason); err == nil {
			t.Error("the new identity opens with the old key: not sealed with the new one")
		}

		// The environment's key seals.
		env := sqldb.NewSealKey()
		if db.Seal, err = sqldb.LoadSealKeys(ctx, db, path, base64.StdEncoding.EncodeToString(env)); err != nil {
			t.Fatal(err)
		}
		if string(db.Seal.Sealing()) != string(env) || len(db.Seal.All()) != 3 {
			t.Error("CONGVU_SEAL_KEY does not seal")
		}
		if _, err := sqldb.LoadSealKeys(ctx, db, path, "court"); err == nil {
			t.Error("a malformed CONGVU_SEAL_KEY accepted")
		}

		// A key file others may read is refused.
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := sqldb.LoadSealKeys(ctx, db, path, ""); err == nil || !strings.Contains(err.Error(), "0644") {
			t.Errorf("a key file of mode 0644: %v", err)
		}
		// A lost key file, with sealed identities in the database.
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		if _, err := sqldb.LoadSealKeys(ctx, db, path, ""); err == nil {
			t.Error("started with a new key while sealed identities exist")
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Error("a new key file written over a lost one")
		}
	})
}

// A reporter's address leaves the outbox: masked as the message is sent
// (the sender got it whole), and masked (and given up) when delivery has
// failed for ReporterAddressRetention.
func TestReporterAddressLeavesTheOutbox(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		ob := sqldb.NewOutboxService(db)
		clear := func() int {
			return sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE to_addr = $1`, ptReporterEmail)
		}
		r := x.submit(t, x.input())
		x.step(t, x.headD1, r.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		if clear() != 1 {
			t.Fatalf("%d messages to the reporter queued", clear())
		}
		got := ""
		if _, err := ob.Deliver(context.Background(), 100, func(m *congvu.OutboxMessage) error {
			if strings.Contains(m.To, "dan.pham") {
				got = m.To
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got != ptReporterEmail {
			t.Errorf("the sender got %q", got)
		}
		if clear() != 0 {
			t.Error("a sent message keeps the reporter's address")
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE to_reporter AND to_addr = 'd***@example.vn'`); n != 1 {
			t.Errorf("%d masked addresses", n)
		}

		// A second petition whose emails never go out.
		r2 := x.submit(t, x.input())
		x.step(t, x.headD1, r2.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		fail := func(*congvu.OutboxMessage) error { return errors.New("máy chủ thư không trả lời") }
		ob.Deliver(context.Background(), 100, fail)
		if n, err := ob.PurgeReporterAddresses(context.Background(), x.clock.Now()); err != nil || n != 0 || clear() != 1 {
			t.Errorf("purged %d (%v) before the retention; %d in clear", n, err, clear())
		}
		if n, err := ob.PurgeReporterAddresses(context.Background(), x.clock.Now().Add(sqldb.ReporterAddressRetention+time.Minute)); err != nil || n != 1 {
			t.Errorf("purged %d: %v", n, err)
		}
		if clear() != 0 {
			t.Error("an undelivered reporter's address is kept past the retention")
		}
		tried := false
		ob.Deliver(context.Background(), 100, func(m *congvu.OutboxMessage) error {
			tried = tried || m.To == "d***@example.vn"
			return nil
		})
		if tried {
			t.Error("a message whose address was purged is still sent")
		}
	})
}

// The mail server's refusal usually repeats the recipient: a reporter's
// address never stays in clear in the outbox's last error (Deliver masks
// it, and the purge masks what an older version stored), nor does the
// outbox page show it.
func TestReporterAddressLeavesOutboxErrors(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := ptSetup(t, db)
		ob := sqldb.NewOutboxService(db)
		inError := func() int {
			return sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE last_error LIKE '%dan.pham%'`)
		}
		r := x.submit(t, x.input())
		x.step(t, x.headD1, r.Petition.ID, petition.StepInput{Step: petition.StepAccept})
		refuse := func(m *congvu.OutboxMessage) error {
			return fmt.Errorf("smtp: 550 5.1.1 <%s>: Recipient address rejected: user unknown (RCPT TO:%s)", m.To, strings.ToUpper(m.To))
		}
		if _, err := ob.Deliver(context.Background(), 100, refuse); err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE to_reporter AND last_error LIKE '%550 5.1.1 <d***@example.vn>%'`); n != 1 {
			t.Errorf("%d reporter's errors with the masked address", n)
		}
		if n := inError(); n != 0 {
			t.Errorf("%d last errors keep the reporter's address", n)
		}
		list, _, err := ob.FindOutbox(sqldbtest.As(x.admin), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range list {
			if strings.Contains(strings.ToLower(m.LastError+m.To), "dan.pham") {
				t.Errorf("the outbox page shows %q / %q", m.To, m.LastError)
			}
		}

		// A row stored in clear before: the purge masks its error too, once
		// the message is given up.
		if _, err := db.Write.Exec(`UPDATE outbox SET last_error = $1 WHERE to_reporter`, "550 <"+ptReporterEmail+">: user unknown"); err != nil {
			t.Fatal(err)
		}
		if _, err := ob.PurgeReporterAddresses(context.Background(), x.clock.Now().Add(sqldb.ReporterAddressRetention+time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n := inError(); n != 0 {
			t.Errorf("after the purge %d last errors keep the reporter's address", n)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE to_reporter AND last_error = '550 <d***@example.vn>: user unknown'`); n != 1 {
			t.Errorf("%d purged errors", n)
		}
	})
}

// Every app server must seal with the same key: the database records the
// check of the key that seals, and a server whose keys do not hold it — a
// key file of its own, or none on PostgreSQL once the first server made
// one — refuses to start, naming the file, instead of sealing what the
// others cannot open.
func TestSealKeysAgreeAcrossServers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		x := ptSetup(t, db)
		dir := t.TempDir()
		first := filepath.Join(dir, "first.seal-key")
		keys, err := sqldb.LoadSealKeys(ctx, db, first, "")
		if err != nil {
			t.Fatal(err)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM settings WHERE key = 'seal_key_check' AND value = $1`, sqldb.SealKeyCheck(keys.Sealing())); n != 1 {
			t.Fatal("no key check recorded")
		}

		// A second PostgreSQL app server without the key file.
		second := filepath.Join(dir, "second.seal-key")
		if db.Engine == sqldb.Postgres {
			_, err := sqldb.LoadSealKeys(ctx, db, second, "")
			if err == nil || !strings.Contains(err.Error(), second) || !strings.Contains(err.Error(), "copy its key file") {
				t.Errorf("a second server without the key file: %v", err)
			}
			if _, err := os.Stat(second); !errors.Is(err, os.ErrNotExist) {
				t.Error("the second server created a key of its own")
			}
		}

		// A server with a key file of its own, or another key in the
		// environment: refused, on either engine, sealed data or not.
		own := filepath.Join(dir, "own.seal-key")
		if err := os.WriteFile(own, []byte(base64.StdEncoding.EncodeToString(sqldb.NewSealKey())+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := sqldb.LoadSealKeys(ctx, db, own, ""); err == nil || !strings.Contains(err.Error(), own) || !strings.Contains(err.Error(), "copy the key file") {
			t.Errorf("a key file of its own: %v", err)
		}
		if _, err := sqldb.LoadSealKeys(ctx, db, own, base64.StdEncoding.EncodeToString(sqldb.NewSealKey())); err == nil {
			t.Error("another key in the environment accepted")
		}

		// The first server's file, copied: accepted, and its identities open.
		db.Seal = keys
		id := x.submit(t, x.input()).Petition.ID
		copied, err := os.ReadFile(first)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(second, copied, 0o600); err != nil {
			t.Fatal(err)
		}
		if db.Seal, err = sqldb.LoadSealKeys(ctx, db, second, ""); err != nil {
			t.Fatalf("the copied key file: %v", err)
		}
		if rep, err := x.ps.RevealReporter(sqldbtest.As(x.headD1), id, revealReason); err != nil || rep.Name != ptReporterName {
			t.Errorf("reveal with the copied keys: %v", err)
		}
	})
}

// An earlier version's key supplied by CONGVU_SEAL_KEY alone (no key file):
// the server starts, the key leaves the settings table at once (the
// environment holds it), it seals and opens, and the next start works too.
func TestLegacySealKeyInTheEnvironmentOnly(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		x := ptSetup(t, db)
		path := filepath.Join(t.TempDir(), "congvu.db.seal-key")
		legacy := sqldb.NewSealKey()
		db.Seal = sqldb.NewSealKeys(legacy)
		old := x.submit(t, x.input()).Petition.ID
		if _, err := db.Write.Exec(`INSERT INTO settings (key, value) VALUES ('petition_identity_key', $1)`, hex.EncodeToString(legacy)); err != nil {
			t.Fatal(err)
		}
		env := base64.StdEncoding.EncodeToString(legacy)
		for start := 1; start <= 2; start++ {
			keys, err := sqldb.LoadSealKeys(ctx, db, path, env)
			if err != nil {
				t.Fatalf("start %d: %v", start, err)
			}
			if string(keys.Sealing()) != string(legacy) {
				t.Errorf("start %d: the environment's key does not seal", start)
			}
			db.Seal = keys
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM settings WHERE key = 'petition_identity_key'`); n != 0 {
			t.Error("the sealing key is still in the database")
		}
		if rep, err := x.ps.RevealReporter(sqldbtest.As(x.headD1), old, revealReason); err != nil || rep.Name != ptReporterName {
			t.Errorf("the identity sealed under the legacy key: %v", err)
		}
	})
}

// A running server whose sealing key is no longer the one recorded
// (another app server started with a newer key) refuses to seal new
// identities, once its cached check (a minute) has expired, rather than
// seal with a key the other servers do not hold; restarted with the new key
// file it seals again.
func TestRunningServerStopsSealingAfterAnotherKeyIsRecorded(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		x := ptSetup(t, db)
		dir := t.TempDir()
		first := filepath.Join(dir, "first.seal-key")
		keys, err := sqldb.LoadSealKeys(ctx, db, first, "")
		if err != nil {
			t.Fatal(err)
		}
		db.Seal = keys
		x.submit(t, x.input())

		// The second server: the first's file plus a key of its own.
		second := filepath.Join(dir, "second.seal-key")
		copied, err := os.ReadFile(first)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(second, copied, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := sqldb.AddSealKey(second); err != nil {
			t.Fatal(err)
		}
		if _, err := sqldb.LoadSealKeys(ctx, db, second, ""); err != nil {
			t.Fatal(err)
		}

		x.clock.Add(2 * time.Minute)
		var logged bytes.Buffer
		log := db.Log
		db.Log = slog.New(slog.NewTextHandler(&logged, nil))
		_, err = x.ps.Submit(ptFrom("203.0.113.7"), x.input())
		db.Log = log
		sqldbtest.Code(t, err, congvu.EINTERNAL)
		if !strings.Contains(logged.String(), "refusing to seal") {
			t.Errorf("the refusal is not logged: %s", logged.String())
		}
		if db.Seal, err = sqldb.LoadSealKeys(ctx, db, second, ""); err != nil {
			t.Fatal(err)
		}
		x.submit(t, x.input())
	})
}
