package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"congvu"
	"congvu/devdata"
	"congvu/org"
)

var cmdGenFeedback = &command{
	name:    "gen-feedback",
	summary: "load generated ratings for benchmarks / sinh dữ liệu đánh giá để đo hiệu năng",
	usage: `Usage: congvu gen-feedback [--ratings N] [--months M] [--units FILE] [--db PATH|URL]

Writes N generated citizen ratings (default 10 million) spread over the last
M months (default 12, up to yesterday) across every commune of the unit tree and its
officials, for benchmarks and demonstrations. If the tree has no commune yet,
the national unit file given with --units is imported first; communes
without officials get generated ones (--officials-per-unit, default 2).

Ratings follow a weekly rhythm and office hours, officials range from poor to
excellent, about 12% carry a comment and about 1.4% are flagged or rejected.
Rows go to feedback (answers packed in each row) and the rollup tables exactly as the
feedback service writes them (rollups computed in memory, a day at a time,
added to rows already there), with multi-row INSERTs on SQLite and COPY on
PostgreSQL. Never run it on a production database: the ratings are made up.

Examples:
  congvu gen-feedback --db bench.db --units ../shared/data/dvhcvn-2025-03-01.json
  congvu gen-feedback --db postgres://congvu@localhost/bench --ratings 1000000
`,
	run: runGenFeedback,
}

func runGenFeedback(a *app, c *command, args []string) int {
	var cf common
	fs := a.flagSet(c, &cf)
	ratings := fs.Int("ratings", 10_000_000, "how many ratings to write")
	months := fs.Int("months", 12, "spread them over the last `M` months, up to yesterday")
	units := fs.String("units", "", "national unit `FILE` (dvhcvn JSON) imported first when the tree has no commune")
	perUnit := fs.Int("officials-per-unit", 2, "officials to create in each commune that has none")
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
	if *ratings <= 0 || *months <= 0 || *months > 60 {
		return a.usageError(c, "--ratings must be positive and --months between 1 and 60")
	}
	ctx := congvu.NewContextWithActor(a.ctx, system(c))
	if err := a.ensureCommunes(ctx, o, *units); err != nil {
		return a.fail(c, err)
	}
	to := congvu.Date(time.Now()) // up to yesterday: no rating in the future
	start := time.Now()
	fmt.Fprintf(a.stderr, "Generating %d ratings over %d months into %s database %s\n", *ratings, *months, o.db.Engine, redact(cf.db))
	res, err := devdata.GenerateFeedback(ctx, o.db, devdata.GenOptions{Ratings: *ratings, From: to.AddDate(0, -*months, 0), To: to, Seed: *seed,
		OfficialsPerUnit: *perUnit, Progress: a.progress()})
	if err != nil {
		return a.fail(c, err)
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(a.stdout, "Generated %d ratings (%d answers, %d comments, %d flagged, %d rejected) over %d days in %d units; %d officials created; %d rollup rows; %.0f s, %.0f ratings/s.\n",
		res.Ratings, res.Answers, res.Comments, res.Flagged, res.Rejected, res.Days, res.Units, res.OfficialsCreated, res.RollupRows, secs, float64(res.Ratings)/secs)
	return exitOK
}

// ensureCommunes imports the national unit file when the tree has no
// commune yet, for the generators that spread their data over communes.
func (a *app) ensureCommunes(ctx context.Context, o *opened, unitFile string) error {
	_, communes, err := o.services.Units.FindUnits(ctx, org.UnitFilter{Kind: org.KindCommune, Limit: 1})
	if err != nil || communes > 0 {
		return err
	}
	if unitFile == "" {
		return errors.New("the unit tree has no commune: give the national unit file with --units FILE")
	}
	f, err := os.Open(unitFile)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(a.stderr, "Importing units from %s\n", unitFile)
	res, err := o.services.Units.ImportUnits(ctx, f, a.progress())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Units: %d created.\n", res.Created)
	return nil
}
