package web_test

import (
	"strings"
	"testing"

	"congvu"
	"congvu/web"
)

// FuzzParseFieldSync feeds the sync parser anything a phone (or an
// attacker) could send: it never panics, refuses what is not one batch
// with EINVALID, never returns more lines than the limit, and a line it
// passes through CheckFieldLine has a result, a key and a note in bounds.
func FuzzParseFieldSync(f *testing.F) {
	f.Add(`{"lines":[{"client_key":"0b6f0c9e-1d2a-4c7e-9a51-2f1e0d3c4b5a","line_id":1,"result":"kept"}]}`)
	f.Add(`{"lines":[{"client_key":"k1234567","line_id":2,"result":"breached","note":"Không đeo thẻ","badge":"https://congvu.example/danh-gia/abcdefgh12345678"}]}`)
	f.Add(`{"lines":[]}`)
	f.Add(`{"lines":null}`)
	f.Add(`[]`)
	f.Add(`{"lines":[{"line_id":-1,"result":"x","recorded_at":"2026-12-07T08:00:00Z"}]} {}`)
	f.Add(`{"lines":[{"client_key":"k1234567","line_id":2,"result":"kept","extra":1}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		in, err := web.ParseFieldSync(strings.NewReader(body))
		if err != nil {
			if congvu.ErrorCode(err) != congvu.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if len(in.Lines) > web.MaxFieldSyncLines {
			t.Fatalf("%d lines passed", len(in.Lines))
		}
		for i := range in.Lines {
			l := &in.Lines[i]
			if err := web.CheckFieldLine(l); err != nil {
				if congvu.ErrorCode(err) != congvu.EINVALID || len(congvu.ErrorFields(err)) == 0 {
					t.Fatalf("line error %v", err)
				}
				continue
			}
			if !web.ValidClientKey(l.ClientKey) || l.LineID <= 0 || (l.Result != "kept" && l.Result != "breached" && l.Result != "not_observed") {
				t.Fatalf("bad line passed: %+v", l)
			}
			if len([]rune(l.Note)) > web.MaxFieldNote {
				t.Fatalf("note of %d characters passed", len([]rune(l.Note)))
			}
			if l.Badge != "" && web.BadgeToken(l.Badge) == "" {
				t.Fatalf("unreadable badge passed: %q", l.Badge)
			}
		}
	})
}

func TestBadgeTokenFromScan(t *testing.T) {
	for in, want := range map[string]string{
		"https://congvu.example.gov.vn/danh-gia/abcdefgh2345": "abcdefgh2345",
		"abcdefgh2345":                           "abcdefgh2345",
		" http://x/danh-gia/abcdefgh2345/ ":      "abcdefgh2345",
		"https://x/danh-gia/don-vi/abcdefgh2345": "",
		"https://x/khac/abcdefgh2345":            "",
		"short":                                  "",
		"<script>alert(1)</script>":              "",
	} {
		if got := web.BadgeToken(in); got != want {
			t.Errorf("BadgeToken(%q) = %q, want %q", in, got, want)
		}
	}
}
