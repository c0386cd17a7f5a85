package standardsql_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"congvu"
	"congvu/sqldb"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/standardsql"
	"congvu/standard"
	"congvu/vntext"
)

var stdFourXinCodes = []string{"GT-XC", "GT-XL", "GT-XCO", "GT-XP", "GT-MC", "GT-NN", "GT-LN", "GT-GD"}

func stdSeedItems(seed standard.CatalogSeed) map[string]*standard.Item {
	m := map[string]*standard.Item{}
	for _, g := range seed.Groups {
		for _, it := range g.Items {
			m[it.Code] = it
		}
	}
	return m
}

func TestEmbeddedCatalogContent(t *testing.T) {
	seed, err := standardsql.EmbeddedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if seed.Code != "1847-2019" || !strings.Contains(seed.Title, "1847/QĐ-TTg") {
		t.Errorf("version %q %q", seed.Code, seed.Title)
	}
	if _, err := time.Parse("2006-01-02", seed.EffectiveOn); err != nil {
		t.Errorf("effective_on %q: %v", seed.EffectiveOn, err)
	}
	var groups []string
	for _, g := range seed.Groups {
		groups = append(groups, g.Code)
		if g.Name == "" || len(g.Items) == 0 {
			t.Errorf("group %s: name %q, %d items", g.Code, g.Name, len(g.Items))
		}
	}
	if strings.Join(groups, ",") != "TT,GT,DD,TP" {
		t.Fatalf("groups %v, want TT,GT,DD,TP", groups)
	}
	codeRe := regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]+$`)
	seen := map[string]bool{}
	var fourXin []string
	for _, g := range seed.Groups {
		for _, it := range g.Items {
			if seen[it.Code] {
				t.Errorf("duplicate code %s", it.Code)
			}
			seen[it.Code] = true
			if !codeRe.MatchString(it.Code) || !strings.HasPrefix(it.Code, g.Code+"-") {
				t.Errorf("code %q in group %s", it.Code, g.Code)
			}
			for name, s := range map[string]string{"title": it.Title, "description": it.Description, "document": it.Basis.Document, "section": it.Basis.Section} {
				if s == "" || vntext.Normalize(s) != s {
					t.Errorf("%s: %s %q is empty or not normalized NFC text", it.Code, name, s)
				}
			}
			if it.FourXin {
				fourXin = append(fourXin, it.Code)
			}
			if strings.Contains(strings.ToLower(it.Description), "không được") && !it.Prohibition {
				t.Errorf("%s says “không được” but is not a prohibition", it.Code)
			}
		}
	}
	if strings.Join(fourXin, ",") != strings.Join(stdFourXinCodes, ",") {
		t.Errorf("four_xin items %v, want %v", fourXin, stdFourXinCodes)
	}
	items := stdSeedItems(seed)
	// The rules the rest of the system relies on, with their wording and source.
	must := []struct {
		code, words, document, section string
		prohibition                    bool
	}{
		{"TT-TT", "trung thành", "1847/QĐ-TTg", "mục 1", false},
		{"TT-NV", "chọn việc dễ, bỏ việc khó", "1847/QĐ-TTg", "mục 1.a", false},
		{"TT-NK", "tư duy nhiệm kỳ", "1847/QĐ-TTg", "mục 1.a", false},
		{"TT-KL", "thời giờ làm việc", "1847/QĐ-TTg", "mục 1.b", false},
		{"TT-NHN", "nhũng nhiễu", "10/CT-TTg", "", true},
		{"TT-KK", "gây khó khăn, phiền hà", "1847/QĐ-TTg", "mục 1.c", true},
		{"TT-VV", "vòi vĩnh", "1847/QĐ-TTg", "mục 1.c", true},
		{"TT-KD", "kéo dài thời gian", "1847/QĐ-TTg", "mục 1.c", true},
		{"TT-VC", "vô cảm", "1847/QĐ-TTg", "mục 1.c", true},
		{"TT-CT", "người thân quen", "1847/QĐ-TTg", "mục 1.d", true},
		{"GT-DN", "không bè phái", "1847/QĐ-TTg", "mục 2.b", false},
		{"GT-NB", "nịnh bợ", "1847/QĐ-TTg", "mục 2.c", true},
		{"DD-CK", "cần, kiệm, liêm, chính", "1847/QĐ-TTg", "mục 3.a", false},
		{"DD-CB", "đánh bạc", "1847/QĐ-TTg", "mục 3.b", true},
		{"DD-RB", "uống rượu, bia ngay trước, trong giờ làm việc", "44/2019/QH14", "Điều 5 khoản 5", true},
		// The tobacco law bans smoking inside every workplace (no indoor
		// smoking room is allowed there), not "smoking at the proper place".
		{"DD-TL", "cấm hút thuốc lá hoàn toàn trong nhà", "09/2012/QH13", "Điều 11 khoản 2 điểm a", true},
		{"DD-MXH", "mạng xã hội", "1847/QĐ-TTg", "mục 3", true},
		{"DD-MT", "mê tín dị đoan", "1847/QĐ-TTg", "mục 3", true},
		{"TP-GD", "quai hậu", "1847/QĐ-TTg", "mục 4", false},
		{"TP-NG", "trang phục riêng", "1847/QĐ-TTg", "mục 4", false},
		{"TP-TH", "phải đeo thẻ khi thực hiện nhiệm vụ", "129/2007/QĐ-TTg", "Điều 7 khoản 1", false},
	}
	// Every national item cites a national source, never a provincial or
	// district plan (those are local versions of their units).
	for code, it := range items {
		for _, local := range []string{"KH-UBND", "UBND-PNV", "Vĩnh Thuận", "Vũng Tàu", "Thái Bình"} {
			if strings.Contains(it.Basis.Document, local) {
				t.Errorf("national item %s cites a local plan: %q", code, it.Basis.Document)
			}
		}
		want := standard.AppliesAll
		if code == "TT-CT" || code == "TT-TC" || code == "GT-LD" {
			want = standard.AppliesLeaders
		}
		if it.AppliesTo != want && !(it.AppliesTo == "" && want == standard.AppliesAll) {
			t.Errorf("%s applies to %q, want %q", code, it.AppliesTo, want)
		}
	}
	for _, m := range must {
		it := items[m.code]
		if it == nil {
			t.Errorf("missing item %s", m.code)
			continue
		}
		if !strings.Contains(it.Description, m.words) {
			t.Errorf("%s description %q lacks %q", m.code, it.Description, m.words)
		}
		if !strings.Contains(it.Basis.Document, m.document) || !strings.Contains(it.Basis.Section, m.section) {
			t.Errorf("%s legal basis %q %q, want %q %q", m.code, it.Basis.Document, it.Basis.Section, m.document, m.section)
		}
		if it.Prohibition != m.prohibition {
			t.Errorf("%s prohibition %v, want %v", m.code, it.Prohibition, m.prohibition)
		}
	}
}

func stdPublic() context.Context { return context.Background() }

func stdActor(id int64, role congvu.Role, unitID int64, path string) context.Context {
	return congvu.NewContextWithActor(context.Background(), &congvu.Actor{
		UserID: id, Username: "u" + string(role), FullName: "Người dùng " + string(role),
		Grants: []congvu.Grant{{Role: role, UnitID: unitID, UnitPath: path}},
	})
}

func stdAdmin() context.Context { return stdActor(1, congvu.RoleAdmin, 1, "/1/") }

// stdAddUnit inserts a unit under parent with plain SQL and returns its path.
func stdAddUnit(t *testing.T, db *sqldb.DB, id, parent int64, name string) string {
	t.Helper()
	var pp string
	var depth int
	if err := db.Write.QueryRow(`SELECT path, depth FROM units WHERE id = $1`, parent).Scan(&pp, &depth); err != nil {
		t.Fatal(err)
	}
	path := congvu.PathOf(pp, id)
	if _, err := db.Write.Exec(`INSERT INTO units (id, code, name, search_name, kind, parent_id, path, depth, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'agency', $5, $6, $7, $8, $8)`, id, "U"+path, name, vntext.Fold(name), parent, path, depth+1, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	return path
}

func stdWantCode(t *testing.T, err error, code string) {
	t.Helper()
	if congvu.ErrorCode(err) != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

func stdCount(t *testing.T, db *sqldb.DB, q string, a ...any) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRow(q, a...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEnsureCatalogIdempotent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := standardsql.NewStandardService(db)
		if _, err := svc.CurrentVersion(ctx, 0); congvu.ErrorCode(err) != congvu.ENOTFOUND {
			t.Fatalf("empty catalog: %v", err)
		}
		did, err := svc.EnsureCatalog(ctx)
		if err != nil || !did {
			t.Fatalf("first EnsureCatalog: %v %v", did, err)
		}
		did, err = svc.EnsureCatalog(ctx)
		if err != nil || did {
			t.Fatalf("second EnsureCatalog: %v %v", did, err)
		}
		vs, err := svc.FindVersions(ctx)
		if err != nil || len(vs) != 1 || vs[0].Code != "1847-2019" {
			t.Fatalf("versions %v, %v", vs, err)
		}
		if got := vs[0].EffectiveOn.Format("2006-01-02"); got != "2018-12-27" {
			t.Errorf("effective_on %s", got)
		}
		if n := stdCount(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'standard.publish' AND actor_key = 'system' AND actor_name = 'khởi tạo'`); n != 1 {
			t.Errorf("%d publish audit events by the system actor", n)
		}

		seed, _ := standardsql.EmbeddedCatalog()
		cur, err := svc.CurrentVersion(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(cur.Groups) != 4 {
			t.Fatalf("%d groups", len(cur.Groups))
		}
		for gi, g := range cur.Groups {
			want := seed.Groups[gi]
			if g.Code != want.Code || g.Name != want.Name || len(g.Items) != len(want.Items) {
				t.Fatalf("group %d: %s %q %d items, want %s %q %d", gi, g.Code, g.Name, len(g.Items), want.Code, want.Name, len(want.Items))
			}
			for ii, it := range g.Items {
				w := want.Items[ii]
				if it.Code != w.Code || it.Title != w.Title || it.Description != w.Description || it.Basis != w.Basis ||
					it.Prohibition != w.Prohibition || it.FourXin != w.FourXin || it.GroupCode != g.Code || it.Position != ii+1 || it.UnitID != 0 {
					t.Errorf("item %s stored as %+v", w.Code, it)
				}
			}
		}
		it, err := svc.FindItemByCode(ctx, " dd-rb ")
		if err != nil || it.Code != "DD-RB" || !it.Prohibition || it.Basis.Section != "Điều 5 khoản 5" || it.AppliesTo != standard.AppliesAll {
			t.Errorf("FindItemByCode(dd-rb) = %+v, %v", it, err)
		}
		_, err = svc.FindItemByCode(ctx, "GT-NOPE")
		stdWantCode(t, err, congvu.ENOTFOUND)
		_, err = svc.FindVersion(ctx, vs[0].ID+1000)
		stdWantCode(t, err, congvu.ENOTFOUND)
	})
}

func TestCurrentVersionFollowsEffectiveDate(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := standardsql.NewStandardService(db)
		// 26/12/2018 23:59 in Vietnam: the decision is not yet in force.
		db.Now = func() time.Time { return time.Date(2018, 12, 26, 16, 59, 0, 0, time.UTC) }
		defer func() { db.Now = time.Now }()
		if _, err := svc.EnsureCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		_, err := svc.CurrentVersion(ctx, 0)
		stdWantCode(t, err, congvu.ENOTFOUND)
		// 27/12/2018 00:00 in Vietnam (still the 26th in UTC): in force.
		db.Now = func() time.Time { return time.Date(2018, 12, 26, 17, 0, 0, 0, time.UTC) }
		if v, err := svc.CurrentVersion(ctx, 0); err != nil || v.Code != "1847-2019" {
			t.Fatalf("current %v, %v", v, err)
		}

		// A later version replaces it from its own date, not before.
		db.Now = func() time.Time { return time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC) }
		next := standard.CatalogSeed{Code: "2026", Title: "Bộ chuẩn mực 2026", EffectiveOn: "2026-06-01", Groups: []*standard.Group{
			{Code: "GT", Items: []*standard.Item{{Code: "GT-XC", Title: "Xin chào", FourXin: true}}},
		}}
		v, err := svc.PublishVersion(stdAdmin(), next)
		if err != nil {
			t.Fatal(err)
		}
		if v.Groups[0].Name != "Giao tiếp, ứng xử" {
			t.Errorf("default group name %q", v.Groups[0].Name)
		}
		if cur, _ := svc.CurrentVersion(ctx, 0); cur == nil || cur.Code != "1847-2019" {
			t.Fatalf("before 2026-06-01 the current version is %v", cur)
		}
		db.Now = func() time.Time { return time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC) }
		if cur, _ := svc.CurrentVersion(ctx, 0); cur == nil || cur.Code != "2026" || len(cur.Groups) != 1 {
			t.Fatalf("from 2026-06-01 the current version is %v", cur)
		}
		vs, _ := svc.FindVersions(ctx)
		if len(vs) != 2 || vs[0].Code != "2026" {
			t.Errorf("versions not newest first: %v", vs)
		}
	})
}

func TestPublishVersionRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		svc := standardsql.NewStandardService(db)
		prov := stdAddUnit(t, db, 10, 1, "Tỉnh Thái Bình")
		good := func() standard.CatalogSeed {
			return standard.CatalogSeed{Code: "V2", Title: "Thử", EffectiveOn: "2020-01-01", Groups: []*standard.Group{
				{Code: "TT", Name: "Tinh thần, thái độ làm việc", Items: []*standard.Item{{Code: "TT-A", Title: "A"}}},
			}}
		}
		_, err := svc.PublishVersion(stdPublic(), good())
		stdWantCode(t, err, congvu.EUNAUTH)
		for _, ctx := range []context.Context{
			stdActor(2, congvu.RoleAdmin, 10, prov), // admin of a province only
			stdActor(3, congvu.RoleSupervisor, 1, "/1/"),
			stdActor(4, congvu.RoleUnitHead, 1, "/1/"),
		} {
			_, err := svc.PublishVersion(ctx, good())
			stdWantCode(t, err, congvu.EFORBIDDEN)
		}

		bad := good()
		bad.Code = "v 2"
		bad.EffectiveOn = "01/01/2020"
		bad.Groups = append(bad.Groups,
			&standard.Group{Code: "XX", Items: []*standard.Item{{Code: "XX-1", Title: "x"}}},
			&standard.Group{Code: "TT", Items: []*standard.Item{{Code: "tt-a", Title: "Trùng"}, {Code: "TT_B", Title: "b"}, {Code: "TT-C", Title: "  "}}},
		)
		_, err = svc.PublishVersion(stdAdmin(), bad)
		stdWantCode(t, err, congvu.EINVALID)
		fields := congvu.ErrorFields(err)
		for _, f := range []string{"code", "effective_on", "groups[1].code", "groups[2].code", "groups[2].items[0].code", "groups[2].items[1].code", "groups[2].items[2].title"} {
			if fields[f] == "" {
				t.Errorf("no message for field %s in %v", f, fields)
			}
		}
		if n := stdCount(t, db, `SELECT COUNT(*) FROM standard_versions`); n != 0 {
			t.Fatalf("invalid publish stored %d versions", n)
		}

		v, err := svc.PublishVersion(stdAdmin(), good())
		if err != nil || v.Code != "V2" || len(v.Groups) != 1 || v.Groups[0].Items[0].Code != "TT-A" {
			t.Fatalf("publish: %+v, %v", v, err)
		}
		_, err = svc.PublishVersion(stdAdmin(), good())
		stdWantCode(t, err, congvu.ECONFLICT)
		if congvu.ErrorFields(err)["code"] == "" {
			t.Errorf("conflict without a code field: %v", err)
		}
		if n := stdCount(t, db, `SELECT COUNT(*) FROM standard_items`); n != 1 {
			t.Errorf("%d items after a conflicting publish, want 1", n)
		}
		if n := stdCount(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'standard.publish' AND actor_id = 1`); n != 1 {
			t.Errorf("%d publish audit events", n)
		}
	})
}

// stdTree builds: root 1 > province 10 > district 11 > commune 12, district 13
// (sibling of 11), and province 20.
func stdTree(t *testing.T, db *sqldb.DB) map[int64]string {
	return map[int64]string{
		10: stdAddUnit(t, db, 10, 1, "Tỉnh Thái Bình"),
		11: stdAddUnit(t, db, 11, 10, "Huyện Vũ Thư"),
		12: stdAddUnit(t, db, 12, 11, "Xã Tam Quang"),
		13: stdAddUnit(t, db, 13, 10, "Huyện Kiến Xương"),
		20: stdAddUnit(t, db, 20, 1, "Tỉnh Kiên Giang"),
	}
}

func stdLocalCodes(v *standard.Version) []string {
	var out []string
	for _, g := range v.Groups {
		for _, it := range g.Items {
			if it.UnitID != 0 {
				out = append(out, g.Code+":"+it.Code+"@"+it.UnitName)
			}
		}
	}
	return out
}

func TestLocalItemsFollowTheTree(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := standardsql.NewStandardService(db)
		paths := stdTree(t, db)
		_, err := svc.AddLocalItem(stdAdmin(), standard.ItemInput{UnitID: 11, GroupCode: "GT", Code: "GT-L1", Title: "Trước catalog"})
		stdWantCode(t, err, congvu.ENOTFOUND) // no version in force yet
		if _, err := svc.EnsureCatalog(ctx); err != nil {
			t.Fatal(err)
		}

		head11 := stdActor(11, congvu.RoleUnitHead, 11, paths[11])
		dist, err := svc.AddLocalItem(head11, standard.ItemInput{UnitID: 11, GroupCode: "gt", Code: " gt-vt1 ",
			Title: "Trả lời  điện thoại trong 3 hồi chuông", Description: "Nghe điện thoại công vụ ngay.",
			Basis: standard.LegalBasis{Document: "Nội quy cơ quan", Section: "Điều 5"}})
		if err != nil {
			t.Fatal(err)
		}
		if dist.Code != "GT-VT1" || dist.GroupCode != "GT" || dist.Title != "Trả lời điện thoại trong 3 hồi chuông" || dist.UnitName != "Huyện Vũ Thư" || dist.ID == 0 {
			t.Errorf("added %+v", dist)
		}
		sup10 := stdActor(10, congvu.RoleSupervisor, 10, paths[10])
		if _, err := svc.AddLocalItem(sup10, standard.ItemInput{UnitID: 10, GroupCode: "TP", Code: "TP-TB1", Title: "Áo dài truyền thống ngày thứ Hai", Prohibition: false}); err != nil {
			t.Fatal(err)
		}
		if n := stdCount(t, db, `SELECT COUNT(*) FROM audit_events WHERE kind = 'standard.local_add' AND entity_type = 'standard_item'`); n != 2 {
			t.Errorf("%d local_add audit events", n)
		}

		want := map[int64]string{
			0:  "",
			12: "GT:GT-VT1@Huyện Vũ Thư,TP:TP-TB1@Tỉnh Thái Bình",
			11: "GT:GT-VT1@Huyện Vũ Thư,TP:TP-TB1@Tỉnh Thái Bình",
			10: "TP:TP-TB1@Tỉnh Thái Bình",
			13: "TP:TP-TB1@Tỉnh Thái Bình",
			20: "",
			1:  "",
		}
		for unit, w := range want {
			v, err := svc.CurrentVersion(ctx, unit)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(stdLocalCodes(v), ","); got != w {
				t.Errorf("CurrentVersion(%d) local items %q, want %q", unit, got, w)
			}
			// Local items come after the national items of their group.
			for _, g := range v.Groups {
				local := false
				for _, it := range g.Items {
					if it.UnitID != 0 {
						local = true
					} else if local {
						t.Errorf("unit %d group %s: national item %s after a local one", unit, g.Code, it.Code)
					}
				}
			}
		}
		_, err = svc.CurrentVersion(ctx, 999)
		stdWantCode(t, err, congvu.ENOTFOUND)
		if it, err := svc.FindItemByCode(ctx, "GT-VT1"); err != nil || it.UnitID != 11 || it.UnitName != "Huyện Vũ Thư" {
			t.Errorf("FindItemByCode local: %+v %v", it, err)
		}
		// The national version itself lists only national items.
		cur, _ := svc.CurrentVersion(ctx, 0)
		full, err := svc.FindVersion(ctx, cur.ID)
		if err != nil || len(stdLocalCodes(full)) != 0 {
			t.Errorf("FindVersion lists local items: %v %v", stdLocalCodes(full), err)
		}

		// Codes are unique within the version, national or local, anywhere.
		for _, code := range []string{"GT-XC", "gt-vt1"} {
			_, err := svc.AddLocalItem(stdActor(13, congvu.RoleUnitHead, 13, paths[13]), standard.ItemInput{UnitID: 13, GroupCode: "GT", Code: code, Title: "Trùng mã"})
			stdWantCode(t, err, congvu.ECONFLICT)
			if congvu.ErrorFields(err)["code"] == "" {
				t.Errorf("conflict on %s without a code field: %v", code, err)
			}
		}
		_, err = svc.AddLocalItem(head11, standard.ItemInput{UnitID: 11, GroupCode: "XX", Code: "GT Ư", Title: " "})
		stdWantCode(t, err, congvu.EINVALID)
		for _, f := range []string{"group", "code", "title"} {
			if congvu.ErrorFields(err)[f] == "" {
				t.Errorf("no message for field %s: %v", f, err)
			}
		}

		find := func(ctx context.Context, unit int64) string {
			t.Helper()
			items, err := svc.FindLocalItems(ctx, unit)
			if err != nil {
				t.Fatalf("FindLocalItems(%d): %v", unit, err)
			}
			var out []string
			for _, it := range items {
				out = append(out, it.Code)
			}
			return strings.Join(out, ",")
		}
		if got := find(sup10, 0); got != "TP-TB1,GT-VT1" {
			t.Errorf("supervisor of province sees %q", got)
		}
		if got := find(sup10, 11); got != "GT-VT1" {
			t.Errorf("filtered to district 11: %q", got)
		}
		if got := find(sup10, 13); got != "" {
			t.Errorf("filtered to district 13: %q", got)
		}
		if got := find(head11, 0); got != "GT-VT1" {
			t.Errorf("head of 11 sees %q", got)
		}
		if got := find(stdActor(13, congvu.RoleUnitHead, 13, paths[13]), 0); got != "" {
			t.Errorf("head of sibling 13 sees %q", got)
		}
		if got := find(stdPublic(), 0); got != "" {
			t.Errorf("anonymous sees %q", got)
		}
		_, err = svc.FindLocalItems(head11, 10)
		stdWantCode(t, err, congvu.ENOTFOUND)
	})
}

func TestLocalItemAuthorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		svc := standardsql.NewStandardService(db)
		paths := stdTree(t, db)
		if _, err := svc.EnsureCatalog(context.Background()); err != nil {
			t.Fatal(err)
		}
		in := standard.ItemInput{UnitID: 11, GroupCode: "DD", Code: "DD-X1", Title: "Quy định riêng"}
		cases := []struct {
			name string
			ctx  context.Context
			code string
		}{
			{"anonymous", stdPublic(), congvu.EUNAUTH},
			{"official of the unit", stdActor(5, congvu.RoleOfficial, 11, paths[11]), congvu.EFORBIDDEN},
			{"inspector of the province", stdActor(6, congvu.RoleInspector, 10, paths[10]), congvu.EFORBIDDEN},
			{"unit head of a sibling district", stdActor(7, congvu.RoleUnitHead, 13, paths[13]), congvu.ENOTFOUND},
			{"unit head of a commune below", stdActor(8, congvu.RoleUnitHead, 12, paths[12]), congvu.ENOTFOUND},
			{"admin of another province", stdActor(9, congvu.RoleAdmin, 20, paths[20]), congvu.ENOTFOUND},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := svc.AddLocalItem(c.ctx, in)
				stdWantCode(t, err, c.code)
			})
		}
		// An inspector who is also head elsewhere still may not act here.
		both := congvu.NewContextWithActor(context.Background(), &congvu.Actor{UserID: 12, Username: "x", FullName: "X", Grants: []congvu.Grant{
			{Role: congvu.RoleInspector, UnitID: 10, UnitPath: paths[10]}, {Role: congvu.RoleUnitHead, UnitID: 13, UnitPath: paths[13]},
		}})
		_, err := svc.AddLocalItem(both, in)
		stdWantCode(t, err, congvu.EFORBIDDEN)
		if n := stdCount(t, db, `SELECT COUNT(*) FROM standard_items WHERE unit_id IS NOT NULL`); n != 0 {
			t.Fatalf("%d local items stored by unauthorized actors", n)
		}
		// The head of the district itself, and the admin of its province, may.
		if _, err := svc.AddLocalItem(stdActor(11, congvu.RoleUnitHead, 11, paths[11]), in); err != nil {
			t.Fatal(err)
		}
		in.Code = "DD-X2"
		if _, err := svc.AddLocalItem(stdActor(10, congvu.RoleAdmin, 10, paths[10]), in); err != nil {
			t.Fatal(err)
		}
	})
}

// stdAddCodedUnit inserts a unit with an official code under parent.
func stdAddCodedUnit(t *testing.T, db *sqldb.DB, id, parent int64, code, name string) string {
	t.Helper()
	path := stdAddUnit(t, db, id, parent, name)
	if _, err := db.Write.Exec(`UPDATE units SET code = $1 WHERE id = $2`, code, id); err != nil {
		t.Fatal(err)
	}
	return path
}

// A provincial plan is a local version of its province: its items carry
// the plan and its date of effect, apply to the province's subtree only,
// and stay in force when a new national version is imported.
func TestLocalVersionsSurviveANewNationalVersion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := standardsql.NewStandardService(db)
		stdAddCodedUnit(t, db, 10, 1, "34", "Tỉnh Thái Bình")
		stdAddCodedUnit(t, db, 11, 10, "12001", "Xã Tam Quang")
		stdAddCodedUnit(t, db, 20, 1, "91", "Tỉnh Kiên Giang")
		stdAddCodedUnit(t, db, 21, 20, "910", "Huyện Vĩnh Thuận")
		if _, err := svc.EnsureCatalog(ctx); err != nil {
			t.Fatal(err)
		}
		// The shipped plans whose units are in the tree were published
		// (Thái Bình's and Vĩnh Thuận's; Vũng Tàu is not in this tree), once.
		if n, err := svc.EnsureLocalCatalogs(ctx); err != nil || n != 0 {
			t.Fatalf("second EnsureLocalCatalogs: %d, %v", n, err)
		}
		local := func(unit int64) map[string]*standard.Item {
			t.Helper()
			v, err := svc.CurrentVersion(ctx, unit)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]*standard.Item{}
			for _, g := range v.Groups {
				for _, it := range g.Items {
					if it.UnitID != 0 {
						out[it.Code] = it
					}
				}
			}
			return out
		}
		check := func(when string) {
			t.Helper()
			tb := local(11)
			it := tb["TT-TB86-ND"]
			if len(tb) != 1 || it == nil {
				t.Fatalf("%s: local items at Xã Tam Quang %v, want Thái Bình's plan", when, tb)
			}
			if !strings.Contains(it.Decision, "86/KH-UBND ngày 30/8/2019") || it.EffectiveOn == nil ||
				it.EffectiveOn.Format(time.DateOnly) != "2019-08-30" || it.UnitName != "Tỉnh Thái Bình" || it.AppliesTo != standard.AppliesLeaders {
				t.Errorf("%s: Thái Bình's item %+v", when, it)
			}
			vt := local(21)
			if vt["TT-VT19-TNV"] == nil || vt["TP-VT19-SD"] == nil || vt["TT-TB86-ND"] != nil {
				t.Errorf("%s: local items at Vĩnh Thuận %v", when, vt)
			}
			if it, err := svc.FindItemByCode(ctx, "tt-tb86-nd"); err != nil || it.UnitID != 10 {
				t.Errorf("%s: FindItemByCode local = %+v, %v", when, it, err)
			}
		}
		check("under 1847-2019")

		// A new national version, in force today: every local item remains.
		clock := sqldbtest.SetClock(db)
		seed, err := standardsql.EmbeddedCatalog()
		if err != nil {
			t.Fatal(err)
		}
		seed.Code, seed.EffectiveOn = "QUOC-GIA-2026", clock.Now().Format(time.DateOnly)
		seed.Groups[0].Items[0].Title = "Trung thành với Nhà nước, tận tụy phục vụ Nhân dân"
		v2, err := svc.PublishVersion(stdAdmin(), seed)
		if err != nil {
			t.Fatal(err)
		}
		cur, err := svc.CurrentVersion(ctx, 11)
		if err != nil || cur.ID != v2.ID || cur.Groups[0].Items[0].Title != seed.Groups[0].Items[0].Title {
			t.Fatalf("current version after import: %+v, %v", cur, err)
		}
		check("under the new national version")

		// A local item added under the new version joins the plan's set, and
		// a national version may not take a local code.
		head := stdActor(5, congvu.RoleSupervisor, 10, "/1/10/")
		added, err := svc.AddLocalItem(head, standard.ItemInput{UnitID: 10, GroupCode: "GT", Code: "GT-TB86-X",
			Title: "Quy định bổ sung", Basis: standard.LegalBasis{Document: "Kế hoạch số 86/KH-UBND ngày 30/8/2019 của UBND tỉnh Thái Bình triển khai thực hiện Quyết định số 1847/QĐ-TTg trên địa bàn tỉnh"}})
		if err != nil || added.EffectiveOn == nil || added.EffectiveOn.Format(time.DateOnly) != "2019-08-30" || added.AppliesTo != standard.AppliesAll {
			t.Fatalf("added %+v, %v", added, err)
		}
		seed.Code = "QUOC-GIA-2027"
		seed.Groups[0].Items[0].Code = "TT-TB86-ND"
		_, err = svc.PublishVersion(stdAdmin(), seed)
		stdWantCode(t, err, congvu.ECONFLICT)
	})
}
