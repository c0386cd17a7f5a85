package petitionsql_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"congvu"
	"congvu/devdata"
	"congvu/org"
	"congvu/petition"
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/orgsql"
	"congvu/sqldb/petitionsql"
	"congvu/sqldb/sqldbtest"

	"golang.org/x/text/unicode/norm"
)

// TestGeneratePetitions generates petitions on a small tree and checks that
// they are what the service would have written: search text, workflow
// history consistent with the status, deadlines of the open stage, handlers
// outside the subject's subtree; and that the service searches, reads and
// adds to them afterwards (ids and tracking codes do not collide).
func TestGeneratePetitions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := sqldbtest.Sys()
		clk := sqldbtest.SetClock(db)
		p, pPath := sqldbtest.Unit(t, db, "/1/", "GP", "Tỉnh Thử")
		d, dPath := sqldbtest.Unit(t, db, pPath, "GPD", "Huyện Thử")
		c1, _ := sqldbtest.Unit(t, db, dPath, "GPC1", "Xã Nhất")
		c2, _ := sqldbtest.Unit(t, db, dPath, "GPC2", "Xã Nhì")
		for id, kind := range map[int64]org.UnitKind{p: org.KindProvince, d: org.KindDistrict, c1: org.KindCommune, c2: org.KindCommune} {
			if _, err := db.Write.Exec(`UPDATE units SET kind = $1 WHERE id = $2`, string(kind), id); err != nil {
				t.Fatal(err)
			}
		}
		an := sqldbtest.Official(t, orgsql.NewOfficialService(db), c1, "GAN", "Nguyễn Văn Ấn", org.CategoryCivilServant)

		const n = 700
		var calls, last int
		err := devdata.GeneratePetitions(ctx, db, n, func(done, total int) {
			if total != n || done < last || done > n {
				t.Errorf("progress (%d, %d) after %d", done, total, last)
			}
			calls, last = calls+1, done
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls == 0 || last != n {
			t.Fatalf("progress ended at %d after %d calls, want %d", last, calls, n)
		}
		var created int
		db.Read.QueryRow(`SELECT COUNT(*) FROM officials WHERE unit_id = $1`, c2).Scan(&created)
		if created != 2 {
			t.Errorf("commune without officials got %d officials, want 2", created)
		}

		units := map[int64]struct{ name, path string }{}
		rows, err := db.Read.Query(`SELECT id, name, path FROM units`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var name, path string
			rows.Scan(&id, &name, &path)
			units[id] = struct{ name, path string }{name, path}
		}
		rows.Close()

		type row struct {
			id                           int64
			code, cat, status, sealed    string
			unit, handler                int64
			official                     string
			subject, desc, place, search string
			anonymous                    bool
			due                          *time.Time
			submitted                    time.Time
			closed                       *time.Time
			concl                        string
		}
		rows, err = db.Read.Query(`SELECT p.id, p.tracking_code, p.category, p.status, p.reporter_sealed, p.unit_id, COALESCE(p.handler_unit_id, 0),
			COALESCE(o.full_name, ''), p.subject_text, p.description, p.place, p.search_text, p.anonymous, p.due_at, p.submitted_at, p.closed_at, p.conclusion
			FROM petitions p LEFT JOIN officials o ON o.id = p.official_id ORDER BY p.id`)
		if err != nil {
			t.Fatal(err)
		}
		var all []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.code, &r.cat, &r.status, &r.sealed, &r.unit, &r.handler, &r.official, &r.subject, &r.desc, &r.place,
				&r.search, &r.anonymous, &r.due, &r.submitted, &r.closed, &r.concl); err != nil {
				t.Fatal(err)
			}
			all = append(all, r)
		}
		rows.Close()
		if len(all) != n {
			t.Fatalf("%d petitions, want %d", len(all), n)
		}
		statuses := map[string]int{}
		now := db.Now()
		anonymous := 0
		for _, r := range all {
			statuses[r.status]++
			want := petitionsql.PetitionSearchText(r.code, petition.Category(r.cat), r.official, units[r.unit].name, r.subject, r.desc, r.place)
			if r.search != want {
				t.Fatalf("petition %d: search_text\n%q\nwant what Submit writes\n%q", r.id, r.search, want)
			}
			if n := utf8.RuneCountInString(r.desc); n < 20 || n > 5000 || !norm.NFC.IsNormalString(r.desc) || strings.Contains(r.desc, "{") {
				t.Fatalf("petition %d: description %q", r.id, r.desc)
			}
			if !petition.Category(r.cat).Valid() || !petition.Status(r.status).Valid() {
				t.Fatalf("petition %d: category %q status %q", r.id, r.cat, r.status)
			}
			if r.anonymous != (r.sealed == "") {
				t.Fatalf("petition %d: anonymous %v with sealed %q", r.id, r.anonymous, r.sealed)
			}
			if r.anonymous {
				anonymous++
			}
			if r.submitted.After(now) || r.submitted.Before(now.AddDate(-2, 0, -2)) {
				t.Fatalf("petition %d submitted %v, now %v", r.id, r.submitted, now)
			}
			if strings.HasPrefix(units[r.handler].path, units[r.unit].path) {
				t.Fatalf("petition %d about %s handled by %s, inside the subject's subtree", r.id, units[r.unit].path, units[r.handler].path)
			}
			final := petition.Status(r.status).Final()
			if final != (r.closed != nil) || final == (r.due != nil) {
				t.Fatalf("petition %d %s: closed %v due %v", r.id, r.status, r.closed, r.due)
			}
			var open int
			var openDue time.Time
			var stages int
			srows, _ := db.Read.Query(`SELECT due_at, done_at IS NULL FROM petition_stages WHERE petition_id = $1`, r.id)
			for srows.Next() {
				var due time.Time
				var isOpen bool
				srows.Scan(&due, &isOpen)
				stages++
				if isOpen {
					open++
					openDue = due
				}
			}
			srows.Close()
			if stages == 0 || (open == 1) == final || open > 1 || (open == 1 && !openDue.Equal(*r.due)) {
				t.Fatalf("petition %d %s: %d stages, %d open (due %v, petition due %v)", r.id, r.status, stages, open, openDue, r.due)
			}
			var first string
			db.Read.QueryRow(`SELECT kind FROM petition_events WHERE petition_id = $1 ORDER BY at, id LIMIT 1`, r.id).Scan(&first)
			var last string
			db.Read.QueryRow(`SELECT status FROM petition_events WHERE petition_id = $1 ORDER BY at DESC, id DESC LIMIT 1`, r.id).Scan(&last)
			if first != "submit" || last != r.status {
				t.Fatalf("petition %d %s: history starts with %q, ends in %q", r.id, r.status, first, last)
			}
			var replies, items int
			db.Read.QueryRow(`SELECT COUNT(*) FROM petition_messages WHERE petition_id = $1 AND from_agency = TRUE`, r.id).Scan(&replies)
			db.Read.QueryRow(`SELECT COUNT(*) FROM petition_items WHERE petition_id = $1`, r.id).Scan(&items)
			if (r.status == string(petition.Closed)) != (replies == 1) {
				t.Fatalf("petition %d %s: %d replies", r.id, r.status, replies)
			}
			if petition.Conclusion(r.concl).Breached() != (items > 0) {
				t.Fatalf("petition %d concluded %q with %d breached items", r.id, r.concl, items)
			}
		}
		for _, s := range []petition.Status{petition.Closed, petition.Rejected, petition.Received} {
			if statuses[string(s)] == 0 {
				t.Errorf("no %s petition among %v", s, statuses)
			}
		}
		if anonymous < n/5 || anonymous > n/2 {
			t.Errorf("%d of %d anonymous", anonymous, n)
		}

		// The service searches them, diacritics or not, and by code.
		ps := petitionsql.NewPetitionService(db, nil, calendarsql.NewCalendarService(db)) // searching needs no attachments
		sup := sqldbtest.As(sqldbtest.Actor(900, congvu.RoleSupervisor, p, pPath))
		_, withMarks, err := ps.FindPetitions(sup, petition.Filter{Query: "nhũng nhiễu"})
		if err != nil {
			t.Fatal(err)
		}
		_, without, err := ps.FindPetitions(sup, petition.Filter{Query: "nhung nhieu"})
		if err != nil {
			t.Fatal(err)
		}
		if withMarks == 0 || withMarks != without {
			t.Errorf("“nhũng nhiễu” finds %d, “nhung nhieu” %d", withMarks, without)
		}
		list, total, err := ps.FindPetitions(sup, petition.Filter{Query: strings.ToLower(all[n/2].code)})
		if err != nil || total != 1 || list[0].ID != all[n/2].id {
			t.Fatalf("by tracking code: %d found, %v", total, err)
		}
		if _, _, _, err := ps.History(sup, all[0].id); err != nil {
			t.Fatal(err)
		}
		// A second run adds to the first; then the service submits (ids and
		// sequences moved past the generated rows).
		if err := devdata.GeneratePetitions(ctx, db, 50, nil); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		rec, err := ps.Submit(context.Background(), petition.Input{OfficialID: an.ID, Category: petition.Delay,
			Description: "Hồ sơ đăng ký khai sinh quá hẹn mười ngày chưa có kết quả.", Anonymous: true, FillTime: time.Minute})
		if err != nil {
			t.Fatalf("submit after generating: %v", err)
		}
		var count int
		db.Read.QueryRow(`SELECT COUNT(*) FROM petitions`).Scan(&count)
		if count != n+51 || rec.Petition.ID <= all[n-1].id {
			t.Fatalf("%d petitions, new id %d after %d", count, rec.Petition.ID, all[n-1].id)
		}
	})
}
