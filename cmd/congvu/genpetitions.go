package main

import (
	"fmt"
	"time"

	"congvu"
	"congvu/devdata"
)

var cmdGenPetitions = &command{
	name:    "gen-petitions",
	summary: "load generated petitions for benchmarks / sinh dữ liệu phản ánh để đo hiệu năng",
	usage: `Usage: congvu gen-petitions [--petitions N] [--units FILE] [--db PATH|URL]

Writes N generated petitions (default 1 million) about the officials and
communes of the unit tree, in every state of the handling workflow, with
Vietnamese texts built from phrases of each category, for the search and
dashboard benchmarks. If the tree has no commune yet, the national unit file
given with --units is imported first. Never run it on a production
database: the petitions are made up.

Examples:
  congvu gen-petitions --db bench.db --units ../shared/data/dvhcvn-2025-03-01.json
  congvu gen-petitions --db postgres://congvu@localhost/bench --petitions 100000
`,
	run: runGenPetitions,
}

func runGenPetitions(a *app, c *command, args []string) int {
	var cf common
	fs := a.flagSet(c, &cf)
	n := fs.Int("petitions", 1_000_000, "how many petitions to write")
	units := fs.String("units", "", "national unit `FILE` (dvhcvn JSON) imported first when the tree has no commune")
	o, pos, code, done := a.start(c, fs, &cf, args)
	if done {
		return code
	}
	defer o.db.Close()
	defer o.feedback.Close()
	if len(pos) > 0 {
		return a.usageError(c, "unexpected argument %q", pos[0])
	}
	if *n <= 0 {
		return a.usageError(c, "--petitions must be positive")
	}
	ctx := congvu.NewContextWithActor(a.ctx, system(c))
	if err := a.ensureCommunes(ctx, o, *units); err != nil {
		return a.fail(c, err)
	}
	start := time.Now()
	fmt.Fprintf(a.stderr, "Generating %d petitions into %s database %s\n", *n, o.db.Engine, redact(cf.db))
	if err := devdata.GeneratePetitions(ctx, o.db, *n, a.progress()); err != nil {
		return a.fail(c, err)
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(a.stdout, "Generated %d petitions in %.0f s, %.0f petitions/s.\n", *n, secs, float64(*n)/secs)
	return exitOK
}
