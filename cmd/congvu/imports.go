package main

import (
	"congvu/org"
	"encoding/json"
	"fmt"
	"io"
	"os"
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
	return &command{name: name, summary: summary, usage: usage, run: func(a *app, c *command, args []string) int {
		var cf common
		fs := a.flagSet(c, &cf)
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

var cmdImportRestructuring = importCommand("import restructuring",
	"apply a merge/split plan (JSON) / áp dụng phương án sắp xếp đơn vị",
	`Usage: congvu import restructuring FILE

Applies a restructuring plan — merges, splits, abolished levels, moves and
renames of units under one legal decision and effective date — in a single
transaction: if any operation fails, nothing changes. History (officials,
and later feedback and evaluations) follows the units to their successors.
The format is described in docs/restructuring.md, for example:

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
  congvu import restructuring sap-xep-2025.json
`,
	func(a *app, c *command, o *opened, r io.Reader) int {
		var plan org.RestructuringPlan
		dec := json.NewDecoder(r)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&plan); err != nil {
			return a.fail(c, fmt.Errorf("read the plan: %w", err))
		}
		ctx := congvu.NewContextWithActor(a.ctx, system(c))
		start := time.Now()
		done, err := o.services.Units.Restructure(ctx, plan)
		if err != nil {
			return a.fail(c, err)
		}
		fmt.Fprintf(a.stdout, "Applied %d operations of %q effective %s in %.1f s:\n",
			len(done), plan.Decision, plan.Effective, time.Since(start).Seconds())
		for _, rs := range done {
			fmt.Fprintf(a.stdout, "  #%d %s: units %s -> %s\n", rs.ID, rs.Kind, ids(rs.FromIDs), ids(rs.ToIDs))
		}
		return exitOK
	})

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
