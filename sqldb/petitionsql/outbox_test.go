package petitionsql_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
)

// obAdd queues a message directly, created at the clock's time plus
// minutes.
func obAdd(t *testing.T, db *sqldb.DB, to, subject string, unitID int64, minutes int) int64 {
	t.Helper()
	var unit any
	if unitID != 0 {
		unit = unitID
	}
	var id int64
	if err := db.Write.QueryRow(`INSERT INTO outbox (to_addr, subject, body, unit_id, created_at) VALUES ($1, $2, 'Nội dung', $3, $4) RETURNING id`,
		to, subject, unit, db.Now().UTC().Add(time.Duration(minutes)*time.Minute)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func obSubjects(list []*congvu.OutboxMessage) string {
	var s []string
	for _, m := range list {
		s = append(s, m.Subject)
	}
	return strings.Join(s, ",")
}

func TestOutboxScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		ob := sqldb.NewOutboxService(db)
		obAdd(t, db, "d1@example.vn", "c1", x.C1, 1)
		obAdd(t, db, "nguoidan@gmail.com", "d1", x.D1, 2) // a reporter
		obAdd(t, db, "p2@example.vn", "p2", x.P2, 3)
		obAdd(t, db, "p1@example.vn", "none", 0, 4)

		list, total, err := ob.FindOutbox(x.admin, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if total != 4 || obSubjects(list) != "none,p2,d1,c1" {
			t.Errorf("root auditor: %d %s", total, obSubjects(list))
		}
		// Staff addresses are shown, a reporter's masked.
		for _, m := range list {
			switch m.Subject {
			case "d1":
				if m.To != "n***@gmail.com" {
					t.Errorf("reporter's address shown as %q", m.To)
				}
			case "none":
				if m.To != "p1@example.vn" || m.UnitID != 0 || m.SentAt != nil || m.Body != "Nội dung" {
					t.Errorf("message %+v", m)
				}
			case "c1":
				if m.UnitID != x.C1 || m.CreatedAt.IsZero() {
					t.Errorf("message %+v", m)
				}
			}
		}
		list, total, _ = ob.FindOutbox(x.admin, 1, 2)
		if total != 4 || obSubjects(list) != "p2,d1" {
			t.Errorf("page 2 of 2: %d %s", total, obSubjects(list))
		}
		list, total, _ = ob.FindOutbox(x.p1Sup, 0, 0)
		if total != 2 || obSubjects(list) != "d1,c1" {
			t.Errorf("supervisor of P1: %d %s", total, obSubjects(list))
		}
		list, total, _ = ob.FindOutbox(sqldbtest.As(sqldbtest.Actor(903, congvu.RoleAdmin, x.C1, x.C1Path)), 0, 0)
		if total != 1 || obSubjects(list) != "c1" {
			t.Errorf("admin of C1: %d %s", total, obSubjects(list))
		}
		for name, ctx := range map[string]context.Context{
			"public":           context.Background(),
			"unit head of D1":  x.d1Head,
			"inspector of all": sqldbtest.As(sqldbtest.Actor(904, congvu.RoleInspector, 1, congvu.RootUnitPath)),
		} {
			if _, _, err := ob.FindOutbox(ctx, 0, 0); congvu.ErrorCode(err) != congvu.EFORBIDDEN {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}

func TestOutboxDeliver(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		ob := sqldb.NewOutboxService(db)
		ids := map[string]int64{}
		for i, to := range []string{"a@example.vn", "hong@example.vn", "b@example.vn", "c@example.vn"} {
			ids[to] = obAdd(t, db, to, "thư "+to, x.D1, i)
		}
		long := strings.Repeat("lỗi máy chủ thư ", 60) // 960 characters
		calls := map[string]int{}
		send := func(m *congvu.OutboxMessage) error {
			calls[m.To]++
			if m.To == "hong@example.vn" {
				return errors.New(long)
			}
			return nil
		}

		// Oldest first, up to the limit; a failure counts against it.
		sent, err := ob.Deliver(context.Background(), 2, send)
		if err != nil || sent != 1 || calls["a@example.vn"] != 1 || calls["hong@example.vn"] != 1 || len(calls) != 2 {
			t.Fatalf("first delivery: %d %v %v", sent, calls, err)
		}
		var attempts int
		var lastErr string
		var sentAt *time.Time
		load := func(id int64) {
			t.Helper()
			var at sql.NullTime
			if err := db.Read.QueryRow(`SELECT attempts, last_error, sent_at FROM outbox WHERE id = $1`, id).Scan(&attempts, &lastErr, &at); err != nil {
				t.Fatal(err)
			}
			sentAt = nil
			if at.Valid {
				sentAt = &at.Time
			}
		}
		load(ids["hong@example.vn"])
		if attempts != 1 || sentAt != nil || utf8.RuneCountInString(lastErr) != 500 || !strings.HasPrefix(long, lastErr) {
			t.Errorf("failed message: attempts %d, sent %v, error of %d characters", attempts, sentAt, utf8.RuneCountInString(lastErr))
		}
		load(ids["a@example.vn"])
		if attempts != 0 || sentAt == nil || !sentAt.Equal(x.clock.Now()) || lastErr != "" {
			t.Errorf("sent message: attempts %d, sent %v, error %q", attempts, sentAt, lastErr)
		}

		// The rest, and the failing one retried until five attempts.
		for i := 0; i < 6; i++ {
			if _, err := ob.Deliver(context.Background(), 10, send); err != nil {
				t.Fatal(err)
			}
		}
		want := map[string]int{"a@example.vn": 1, "hong@example.vn": 5, "b@example.vn": 1, "c@example.vn": 1}
		for to, n := range want {
			if calls[to] != n {
				t.Errorf("%s sent %d times, want %d", to, calls[to], n)
			}
		}
		load(ids["hong@example.vn"])
		if attempts != 5 || sentAt != nil {
			t.Errorf("given up after %d attempts (sent %v)", attempts, sentAt)
		}
		if n := sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL`); n != 3 {
			t.Errorf("%d sent", n)
		}
		// A message that succeeds after a failure keeps no error.
		id := obAdd(t, db, "d@example.vn", "thư d", x.D1, 10)
		fail := true
		flaky := func(m *congvu.OutboxMessage) error {
			if fail {
				fail = false
				return errors.New("tạm thời không kết nối được")
			}
			return nil
		}
		for i := 0; i < 2; i++ {
			if _, err := ob.Deliver(context.Background(), 10, flaky); err != nil {
				t.Fatal(err)
			}
		}
		load(id)
		if attempts != 1 || sentAt == nil || lastErr != "" {
			t.Errorf("flaky message: attempts %d, sent %v, error %q", attempts, sentAt, lastErr)
		}
	})
}

func TestOutboxTwoDeliverersSendOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		x := pxSetup(t, db)
		const n = 40
		for i := 0; i < n; i++ {
			obAdd(t, db, "to@example.vn", "thư", x.D1, i)
		}
		var mu sync.Mutex
		count := map[int64]int{}
		send := func(m *congvu.OutboxMessage) error {
			mu.Lock()
			count[m.ID]++
			mu.Unlock()
			time.Sleep(time.Millisecond)
			return nil
		}
		// On PostgreSQL two services, as two servers; SQLite has one
		// writing process.
		a, b := sqldb.NewOutboxService(db), sqldb.NewOutboxService(db)
		if db.Engine == sqldb.SQLite {
			b = a
		}
		var wg sync.WaitGroup
		total := make([]int, 4)
		for i := range total {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := a
				if i%2 == 1 {
					s = b
				}
				for {
					sent, err := s.Deliver(context.Background(), 7, send)
					if err != nil {
						t.Error(err)
						return
					}
					total[i] += sent
					if sent == 0 && sqldbtest.Count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL`) == 0 {
						return
					}
				}
			}()
		}
		wg.Wait()
		sum := 0
		for _, s := range total {
			sum += s
		}
		if sum != n || len(count) != n {
			t.Errorf("sent %d, %d distinct, want %d", sum, len(count), n)
		}
		for id, c := range count {
			if c != 1 {
				t.Errorf("message %d sent %d times", id, c)
			}
		}
	})
}
