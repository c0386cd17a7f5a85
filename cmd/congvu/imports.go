package main

import (
	"cmp"
	"congvu/org"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"congvu"
)

// progress returns a Progress that keeps one line on stderr up to date
// ("\r12000/10807") at most ten times a second, ending it at completion.
func (a *app) progress() congvu.Progress {
	var last time.Time
	ended := false
	return func(done, total int) {
		now := time.Now()
		final := total > 0 && done >= total
		if !final && now.Sub(last) < 100*time.Millisecond {
			return
		}
		if final && ended {
			return
		}
		last = now
		fmt.Fprintf(a.stderr, "\r%d/%d", done, total)
		if final {
			fmt.Fprintln(a.stderr)
			ended = true
		}
	}
}

// openInput opens FILE, or standard input for "-".
func (a *app) openInput(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(a.in), nil
	}
	return os.Open(name)
}

// importCommand is the shared shape of the import commands: one FILE.
func importCommand(name, summary, usage string, do func(a *app, c *command, o *opened, r io.Reader) int) *command {
	return importCommandWith(name, summary, usage, func(*flag.FlagSet) func(a *app, c *command, o *opened, r io.Reader) int { return do })
}

// importCommandWith is importCommand with flags of its own: setup declares
// them on each invocation's flag set and returns what the command does.
func importCommandWith(name, summary, usage string, setup func(fs *flag.FlagSet) func(a *app, c *command, o *opened, r io.Reader) int) *command {
	return &command{name: name, summary: summary, usage: usage, run: func(a *app, c *command, args []string) int {
		var cf common
		fs := a.flagSet(c, &cf)
		do := setup(fs)
		pos, code, done := a.parse(c, fs, args)
		if done {
			return code
		}
		if len(pos) != 1 {
			return a.usageError(c, "expected one FILE, got %d arguments", len(pos))
		}
		f, err := a.openInput(pos[0])
		if err != nil {
			return a.fail(c, err)
		}
		defer f.Close()
		log, err := a.logger(&cf)
		if err != nil {
			return a.usageError(c, "%v", err)
		}
		o, err := a.open(&cf, log)
		if err != nil {
			return a.fail(c, err)
		}
		defer o.db.Close()
		return do(a, c, o, f)
	}}
}

var cmdImportUnits = importCommand("import units",
	"import the national unit tree (dvhcvn JSON) / nhập danh mục đơn vị hành chính",
	`Usage: congvu import units FILE

Imports a national administrative unit file in the dvhcvn JSON format
(provinces, districts, communes with their official codes) under the root
unit VN. Units are matched by code: importing the same file again changes
nothing, and a newer file updates names and types. FILE "-" reads standard
input. Shows progress, then the counts and the time taken.
Nhập danh mục đơn vị hành chính toàn quốc (định dạng dvhcvn).

Examples:
  congvu import units dvhcvn-2025-03-01.json
  congvu import units --db postgres://congvu@db/congvu dvhcvn-2025-03-01.json
`,
	func(a *app, c *command, o *opened, r io.Reader) int {
		ctx := congvu.NewContextWithActor(a.ctx, system(c))
		start := time.Now()
		res, err := o.services.Units.ImportUnits(ctx, r, a.progress())
		if err != nil {
			return a.fail(c, err)
		}
		fmt.Fprintf(a.stdout, "Units: %d in the file, %d created, %d updated, %d unchanged in %.1f s.\n",
			res.Total, res.Created, res.Updated, res.Unchanged, time.Since(start).Seconds())
		return exitOK
	})

var cmdImportRestructuring = importCommandWith("import restructuring",
	"apply a merge/split plan (JSON) / áp dụng phương án sắp xếp đơn vị",
	`Usage: congvu import restructuring [--dry-run [--limit N]] FILE

Applies a restructuring plan — merges, splits, abolished levels, moves and
renames of units under one legal decision and effective date — in a single
transaction: if any operation fails, nothing changes. History (officials,
and later feedback and evaluations) follows the units to their successors.
With --dry-run, nothing is saved: the plan is applied in a transaction that
is rolled back, and the units created, dissolved, moved and renamed, the
officials who move and the records that follow their units are listed
(at most --limit of each, with totals; 0 lists all).

FILE is either the real file of the 01/07/2025 reorganisation in the dvhcvn
merges format (dvhcvn-merges-2025-07-01.json: 34 provinces, 3,321 communes;
apply it to the tree imported from dvhcvn-2025-03-01.json), or a plan in the
format described in docs/restructuring.md, for example:

  {"effective": "2025-07-01",
   "decision": "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội",
   "operations": [
     {"op": "merge", "from": ["00001", "00004", "00006"],
      "into": {"code": "00004", "name": "Phường Ba Đình", "kind": "commune",
               "type_name": "Phường", "parent": "01"}},
     {"op": "abolish", "from": ["001"]}
   ]}

Áp dụng phương án sắp xếp, sáp nhập đơn vị theo quyết định.

Examples:
  congvu import restructuring --dry-run dvhcvn-merges-2025-07-01.json
  congvu import restructuring dvhcvn-merges-2025-07-01.json
  congvu import restructuring sap-xep-2025.json
`,
	func(fs *flag.FlagSet) func(a *app, c *command, o *opened, r io.Reader) int {
		dry := fs.Bool("dry-run", false, "show what the plan would do; save nothing")
		limit := fs.Int("limit", 50, "with --dry-run: list at most `N` units of each kind (0: all)")
		return func(a *app, c *command, o *opened, r io.Reader) int {
			body, err := io.ReadAll(r)
			if err != nil {
				return a.fail(c, err)
			}
			plan, err := org.ParseRestructuringFile(body)
			if err != nil {
				return a.fail(c, err)
			}
			ctx := congvu.NewContextWithActor(a.ctx, system(c))
			start := time.Now()
			if *dry {
				p, err := o.services.Units.PreviewRestructure(ctx, plan, max(*limit, 0))
				if err != nil {
					return a.fail(c, err)
				}
				printPreview(a.stdout, plan, p)
				fmt.Fprintf(a.stdout, "Dry run in %.1f s: nothing was saved.\n", time.Since(start).Seconds())
				return exitOK
			}
			done, err := o.services.Units.Restructure(ctx, plan)
			if err != nil {
				return a.fail(c, err)
			}
			fmt.Fprintf(a.stdout, "Applied %d operations (%s) of %q effective %s in %.1f s.\n",
				len(done), kindCounts(done), plan.Decision, plan.Effective, time.Since(start).Seconds())
			if len(done) <= 50 {
				for _, rs := range done {
					fmt.Fprintf(a.stdout, "  #%d %s: units %s -> %s\n", rs.ID, rs.Kind, ids(rs.FromIDs), ids(rs.ToIDs))
				}
			}
			return exitOK
		}
	})

// kindCounts is "merge 3213, rename 24": the operations recorded per kind.
func kindCounts(done []*org.Restructuring) string {
	n := map[org.RestructuringKind]int{}
	var order []org.RestructuringKind
	for _, rs := range done {
		if n[rs.Kind] == 0 {
			order = append(order, rs.Kind)
		}
		n[rs.Kind]++
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = fmt.Sprintf("%s %d", k, n[k])
	}
	return strings.Join(parts, ", ")
}

// printPreview writes what a plan would do.
func printPreview(w io.Writer, plan org.RestructuringPlan, p *org.RestructuringPreview) {
	fmt.Fprintf(w, "Plan effective %s: %d operations, %d restructurings to record", plan.Effective, p.Operations, p.Restructurings)
	for _, k := range slices.Sorted(maps.Keys(p.Kinds)) {
		fmt.Fprintf(w, ", %s %d", k, p.Kinds[k])
	}
	fmt.Fprintln(w, ".")
	for _, d := range p.Decisions {
		fmt.Fprintf(w, "Legal basis: %s\n", d)
	}
	section := func(title string, total int, list []org.PreviewUnit, line func(u org.PreviewUnit) string) {
		fmt.Fprintf(w, "%s: %d\n", title, total)
		for _, u := range list {
			fmt.Fprintf(w, "  %s %s%s\n", u.Code, u.Name, line(u))
		}
		if len(list) < total {
			fmt.Fprintf(w, "  … and %d more\n", total-len(list))
		}
	}
	section("Units created", p.Totals.Created, p.Created, func(u org.PreviewUnit) string { return ", under " + u.To })
	section("Units dissolved", p.Totals.Dissolved, p.Dissolved, func(u org.PreviewUnit) string { return " -> " + u.To })
	section("Units moved", p.Totals.Moved, p.Moved, func(u org.PreviewUnit) string { return ": " + u.From + " -> " + u.To })
	section("Units renamed", p.Totals.Renamed, p.Renamed, func(u org.PreviewUnit) string { return " (was " + u.From + ")" })
	fmt.Fprintf(w, "Officials who move: %d\n", p.Totals.Officials)
	section("  from units", p.Totals.OfficialUnits, p.Officials, func(u org.PreviewUnit) string { return fmt.Sprintf(" -> %s: %d", u.To, u.Count) })
	var totals []string
	for _, k := range slices.Sorted(maps.Keys(p.RecordTotals)) {
		totals = append(totals, fmt.Sprintf("%s %d", k, p.RecordTotals[k]))
	}
	fmt.Fprintf(w, "Records that follow their units: %s\n", cmp.Or(strings.Join(totals, ", "), "none"))
	section("  of units", p.Totals.RecordUnits, p.Records, func(u org.PreviewUnit) string {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(u.Records)) {
			parts = append(parts, fmt.Sprintf("%s %d", k, u.Records[k]))
		}
		return " -> " + u.To + ": " + strings.Join(parts, ", ")
	})
}

func ids(list []int64) string {
	s := make([]string, len(list))
	for i, id := range list {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}

var cmdImportOfficials = importCommand("import officials",
	"import officials from CSV / nhập danh sách cán bộ, công chức",
	`Usage: congvu import officials FILE.csv

Creates or updates officials from a UTF-8 CSV file with a header row and the
columns `+strings.Join(org.OfficialCSVColumns, ",")+`
(see docs/officials-csv.md). Rows are matched by employee code (ma_can_bo).
If any row is wrong, every bad row is listed and nothing is saved.
Nhập danh sách cán bộ, công chức, viên chức từ tệp CSV.

Examples:
  congvu import officials can-bo.csv
`,
	func(a *app, c *command, o *opened, r io.Reader) int {
		ctx := congvu.NewContextWithActor(a.ctx, system(c))
		start := time.Now()
		res, err := o.services.Officials.ImportOfficialsCSV(ctx, r)
		if err != nil {
			return a.fail(c, err)
		}
		fmt.Fprintf(a.stdout, "Officials: %d rows, %d created, %d updated, %d unchanged in %.1f s.\n",
			res.Total, res.Created, res.Updated, res.Unchanged, time.Since(start).Seconds())
		return exitOK
	})
