package main

import (
	"fmt"
	"time"

	"congvu"
	"congvu/devdata"
)

var cmdGenTraining = &command{
	name:    "gen-training",
	summary: "load a generated year of training for benchmarks / sinh dữ liệu bồi dưỡng để đo hiệu năng",
	usage: `Usage: congvu gen-training [--officials N] [--year Y] [--units FILE] [--db PATH|URL]

Writes a year of training (default: this year) for the coverage benchmark:
a national campaign on the code of conduct for every official, with a quiz;
a campaign of each province for all its officials at various times of the
year, some ended with officials behind; a remedial campaign of each
province for a few officials it names; their sessions (in person per
province or district, and online), attendance and quiz results up to
today, the officials' years and the coverage rollups. Officials are
created first until the tree has --officials of them (default 2 million).
If the tree has no commune yet, the national unit file given with --units
is imported first. A year that already has campaigns is refused. Never run
it on a production database: the training is made up.

Examples:
  congvu gen-training --db /tmp/training.db --units ../shared/data/dvhcvn-2025-03-01.json
  congvu gen-training --db postgres://congvu@localhost/bench --officials 200000 --year 2026
`,
	run: runGenTraining,
}

func runGenTraining(a *app, c *command, args []string) int {
	var cf common
	fs := a.flagSet(c, &cf)
	officials := fs.Int("officials", 2_000_000, "how many active officials the tree should hold (the missing ones are created)")
	year := fs.Int("year", time.Now().In(congvu.TimeZone).Year(), "the `year` of the campaigns")
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
	if *officials <= 0 || *year < 2000 || *year > 2200 {
		return a.usageError(c, "--officials must be positive and --year between 2000 and 2200")
	}
	ctx := congvu.NewContextWithActor(a.ctx, system(c))
	if err := a.ensureCommunes(ctx, o, *units); err != nil {
		return a.fail(c, err)
	}
	now := time.Now()
	if y := now.In(congvu.TimeZone).Year(); *year < y {
		now = time.Date(*year, 12, 31, 23, 0, 0, 0, congvu.TimeZone)
	}
	start := time.Now()
	fmt.Fprintf(a.stderr, "Generating the training of %d into %s database %s\n", *year, o.db.Engine, redact(cf.db))
	res, err := devdata.GenerateTraining(ctx, o.db, devdata.TrainingGenOptions{Officials: *officials, Year: *year, Now: now, Seed: *seed,
		Progress: a.progress()})
	if err != nil {
		return a.fail(c, err)
	}
	fmt.Fprintf(a.stdout, "Generated %d campaigns, %d sessions, %d assignments (%d complete, %d quizzes passed), %d attendances for %d officials (%d created); %d rollup rows; %.0f s.\n",
		res.Campaigns, res.Sessions, res.Assignments, res.Completed, res.Passed, res.Attendances, res.Officials, res.OfficialsCreated, res.RollupRows,
		time.Since(start).Seconds())
	return exitOK
}
