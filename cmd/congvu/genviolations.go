package main

import (
	"fmt"
	"time"

	"congvu"
	"congvu/devdata"
)

var cmdGenViolations = &command{
	name:    "gen-violations",
	summary: "load generated violations for benchmarks / sinh dữ liệu vi phạm để đo hiệu năng",
	usage: `Usage: congvu gen-violations [--officials N] [--violations N] [--years Y] [--units FILE] [--db PATH|URL]

Writes N generated violations (default 1 million) over the last Y years
(default 10) at the units of the tree, naming their officials, with the
measures short of discipline, the discipline cases (decided under the rule
set of each act's date, a few still running, some past their limit) and
the dashboard rollups, for the violation list and dashboard benchmarks.
Officials are created first until the tree has --officials of them
(default 2 million: most in communes, some in provinces). If the tree has
no commune yet, the national unit file given with --units is imported
first. Never run it on a production database: the violations are made up.

Examples:
  congvu gen-violations --db /tmp/violations.db --units ../shared/data/dvhcvn-2025-03-01.json
  congvu gen-violations --db postgres://congvu@localhost/bench --violations 100000 --officials 200000
`,
	run: runGenViolations,
}

func runGenViolations(a *app, c *command, args []string) int {
	var cf common
	fs := a.flagSet(c, &cf)
	n := fs.Int("violations", 1_000_000, "how many violations to write")
	officials := fs.Int("officials", 2_000_000, "how many active officials the tree should hold (the missing ones are created)")
	years := fs.Int("years", 10, "spread the acts over the last `Y` years")
	units := fs.String("units", "", "national unit `FILE` (dvhcvn JSON) imported first when the tree has no commune")
	seed := fs.Uint64("seed", 1, "random `seed`, for reproducible data")
	o, pos, code, done := a.start(c, fs, &cf, args)
	if done {
		return code
	}
	defer o.db.Close()
	defer o.feedback.Close()
	if len(pos) > 0 {
		return a.usageError(c, "unexpected argument %q", pos[0])
	}
	if *n <= 0 || *officials <= 0 || *years <= 0 || *years > 30 {
		return a.usageError(c, "--violations and --officials must be positive and --years between 1 and 30")
	}
	ctx := congvu.NewContextWithActor(a.ctx, system(c))
	if err := a.ensureCommunes(ctx, o, *units); err != nil {
		return a.fail(c, err)
	}
	to := congvu.Date(time.Now()).AddDate(0, 0, 1)
	start := time.Now()
	fmt.Fprintf(a.stderr, "Generating %d violations over %d years into %s database %s\n", *n, *years, o.db.Engine, redact(cf.db))
	res, err := devdata.GenerateViolations(ctx, o.db, devdata.ViolationGenOptions{Officials: *officials, Violations: *n,
		From: to.AddDate(-*years, 0, 0), To: to, Seed: *seed, Progress: a.progress()})
	if err != nil {
		return a.fail(c, err)
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(a.stdout, "Generated %d violations (%d dismissed, %d handlings, %d discipline cases of which %d running) for %d officials (%d created); %d rollup rows; %.0f s.\n",
		res.Violations, res.Dismissed, res.Handlings, res.Cases, res.CasesOpen, res.Officials, res.OfficialsCreated, res.RollupRows, secs)
	return exitOK
}
