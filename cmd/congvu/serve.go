package main

import (
	_ "congvu/web/citizen" // the citizens' pages
	"context"
	"fmt"
	"net"
	"strings"
	"text/tabwriter"
	"time"

	"congvu"
	"congvu/api"
	"congvu/demo"
	"congvu/mailer"
	"congvu/privacy"
	"congvu/sqldb"
	"congvu/sqldb/standardsql"
	"congvu/web"
)

var cmdServe = &command{
	name:    "serve",
	summary: "run the web interface and the JSON API / chạy máy chủ web",
	usage: `Usage: congvu serve [--addr HOST:PORT] [--db PATH|URL] [--trust-proxy]

Migrates the database if needed, publishes the national code of conduct if
the database has none, and serves the web interface on --addr with the JSON
API under /api/v1/. Stops gracefully on SIGINT or SIGTERM (Ctrl-C).
Chạy máy chủ web và API; dừng an toàn khi nhấn Ctrl-C.

Examples:
  congvu serve
  congvu serve --addr :8080 --db /var/lib/congvu/congvu.db
  CONGVU_DB=postgres://congvu@db.internal/congvu congvu serve --addr :8080 --log-format json
`,
	run: runServe,
}

func runServe(a *app, c *command, args []string) int {
	var cf common
	fs := a.flagSet(c, &cf)
	trust := fs.Bool("trust-proxy", a.getenv("CONGVU_TRUST_PROXY") == "true", "take the client address from X-Forwarded-For: only behind a reverse proxy (env CONGVU_TRUST_PROXY=true)")
	publicURL := fs.String("public-url", a.getenv(envPublicURL), "`URL` citizens reach the server at, printed in QR codes and rating links (env "+envPublicURL+"; default: the address of each request)")
	smtpURL := fs.String("smtp", a.getenv(envSMTP), "SMTP relay for email to handlers and reporters, as smtp://user:password@host:587?from=address (env "+envSMTP+"; default: none, emails stay in the outbox page)")
	o, pos, code, done := a.start(c, fs, &cf, args)
	if done {
		return code
	}
	defer o.db.Close()
	if len(pos) > 0 {
		return a.usageError(c, "unexpected argument %q", pos[0])
	}
	var relay *mailer.SMTP
	if *smtpURL != "" {
		var err error
		if relay, err = mailer.ParseURL(*smtpURL); err != nil {
			return a.usageError(c, "%v", err)
		}
	}
	return a.serve(c, o, cf.addr, *publicURL, *trust, relay)
}

// serve runs the web server until the context ends; relay (nil: none)
// delivers the email outbox.
func (a *app) serve(c *command, o *opened, addr, publicURL string, trustProxy bool, relay *mailer.SMTP) int {
	defer o.feedback.Close() // write the last queued ratings before the database closes
	srv, err := newWebServer(a.ctx, o, publicURL, a.getenv(envMetricsToken), trustProxy, false, relay != nil, a.privacyConfig())
	if err != nil {
		return a.fail(c, err)
	}
	var send func(*congvu.OutboxMessage) error
	if relay != nil {
		send = relay.Send
	}
	stopWorker := startBackground(a.ctx, o, send, time.Minute)
	defer stopWorker()
	o.log.Info("listening", "url", baseURL(addr), "engine", o.db.Engine, "demo", false, "smtp", relay != nil)
	if err := srv.ListenAndServe(a.ctx, addr); err != nil {
		return a.fail(c, err)
	}
	o.log.Info("stopped")
	return exitOK
}

// envPublicURL names the variable holding the public address of the server.
const envPublicURL = "CONGVU_PUBLIC_URL"

// envMetricsToken names the variable holding the bearer token of /metrics
// (unset: /metrics is served to nobody).
const envMetricsToken = "CONGVU_METRICS_TOKEN"

// The variables naming, in the privacy notices (Law 91/2025/QH15), the body
// that operates the system and controls the data when no receiving unit is
// known, and the contact for requests about personal data.
const (
	envPrivacyController = "CONGVU_PRIVACY_CONTROLLER"
	envPrivacyContact    = "CONGVU_PRIVACY_CONTACT"
)

// privacyConfig reads the privacy notices' controller and contact.
func (a *app) privacyConfig() privacy.Config {
	return privacy.Config{Controller: strings.TrimSpace(a.getenv(envPrivacyController)), Contact: strings.TrimSpace(a.getenv(envPrivacyContact))}
}

// newWebServer wires the web interface with the API mounted in it. The
// secret that signs public forms lives in the database, so forms rendered
// before a restart or by another app server still verify.
func newWebServer(ctx context.Context, o *opened, publicURL, metricsToken string, trustProxy, isDemo, mailDelivery bool, priv privacy.Config) (*web.Server, error) {
	formSecret, err := o.db.Secret(ctx, "web.form_secret")
	if err != nil {
		return nil, err
	}
	apiSrv := api.NewServer(o.services, o.log)
	apiSrv.PublicURL = publicURL // in the dossier rating links it hands out
	return web.New(web.Options{
		PublicURL:    publicURL,
		FormSecret:   formSecret,
		Services:     o.services,
		API:          apiSrv,
		Log:          o.log,
		Demo:         isDemo,
		MailDelivery: mailDelivery,
		MetricsToken: metricsToken,
		Privacy:      priv,
		TrustProxy:   trustProxy,
		Ping:         func(ctx context.Context) error { return o.db.Read.PingContext(ctx) },
		Ready:        readyChecks(o),
	})
}

// baseURL turns a listen address into a URL to open in a browser.
func baseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

var cmdDemo = &command{
	name:    "demo",
	summary: "load the demo province and serve it / chạy bản dùng thử",
	usage: `Usage: congvu demo [--addr HOST:PORT] [--db PATH|URL] [--load-only]

Creates the database (default congvu-demo.db, a SQLite file in the current
folder) if absent, migrates it, loads the demo data once — Hưng Yên province
as it is today (two tiers since 01/07/2025: the province and its 104 communes
from the real 2025 plan, carried through it from the units of Hưng Yên and
Thái Bình of 01/03/2025, whose history stays on them), its departments after
the 2025 mergers, the provincial inspectorate, a hospital, public
administration service centres, about 560 officials with made-up names, one
account per role, citizens' ratings since April 2025 with kiosks and dossiers,
about a hundred petitions in every stage of handling (some overdue), a year
of inspections (the annual plans, about forty visits, records, conclusions
and corrective actions), the year's violations in Phường Thái Bình (most
handled by reminders, two disciplined under Decrees 112/2020 and 172/2025, a
complaint, a case deferred) and commendations, the annual evaluations (2025
closed under Decree 90/2020; this year under Decree 335/2025 with monthly task
products, the quota and the discipline cap), the emulation movements on
office culture (2019–2025 with its reviews and titles, 2026–2030 open) and
the training on the code of conduct (the province's campaign with its classes,
QR attendance, quiz and certificates, a few officials behind; new staff;
remedial training after founded reports; a class today for canbo) — and
serves it on
http://localhost:8080, printing where to scan or click to rate and where to
see the dashboards. Running it again reuses the data already loaded.
Dữ liệu minh họa: tên người là giả định; mật khẩu của mọi tài khoản: ` + demo.Password + `

Examples:
  congvu demo
  congvu demo --addr 127.0.0.1:9090
  congvu demo --load-only --db /tmp/demo.db
`,
	demo: true,
	run:  runDemo,
}

func runDemo(a *app, c *command, args []string) int {
	var cf common
	fs := a.flagSet(c, &cf)
	loadOnly := fs.Bool("load-only", false, "load the demo data and exit without serving")
	o, pos, code, done := a.start(c, fs, &cf, args)
	if done {
		return code
	}
	defer o.db.Close()
	if len(pos) > 0 {
		return a.usageError(c, "unexpected argument %q", pos[0])
	}
	ctx := congvu.NewContextWithActor(a.ctx, system(c))
	fmt.Fprintf(a.stderr, "Loading the demo province into %s ...\n", redact(cf.db))
	res, err := demo.Load(ctx, o.services, demo.Options{
		Logf:     func(format string, args ...any) { o.log.Info(fmt.Sprintf(format, args...)) },
		Progress: a.progress(),
		Clock:    &o.db.Now, // petitions are handled at past moments; restored before serving
	})
	if err != nil {
		return a.fail(c, err)
	}
	if res.AlreadyLoaded {
		fmt.Fprintf(a.stdout, "The demo data are already in %s; nothing was loaded again.\n", redact(cf.db))
	} else {
		ratings := ""
		if f := res.Feedback; f != nil && !f.AlreadyImported {
			ratings = fmt.Sprintf(", %d ratings (%d flagged, %d rejected), %d dossiers, %d kiosks", f.Ratings, f.Flagged, f.Rejected, f.Dossiers, f.Kiosks)
		}
		if f := res.FormerFeedback; f != nil && !f.AlreadyImported {
			ratings += fmt.Sprintf(", %d ratings before 01/07/2025 on the units of then", f.Ratings)
		}
		if pr := res.Petitions; pr != nil && pr.Created > 0 {
			ratings += fmt.Sprintf(", %d petitions (%d overdue, %d escalated)", pr.Created, pr.Overdue, pr.Escalated)
		}
		if ir := res.Inspections; ir != nil && ir.Created > 0 {
			ratings += fmt.Sprintf(", %d inspections (%d plans, %d corrective actions, %d overdue)", ir.Created, ir.PlansCreated, ir.Actions, ir.Overdue)
		}
		if vr := res.Violations; vr != nil && vr.Created > 0 {
			ratings += fmt.Sprintf(", %d violations (%d handled by reminders, %d discipline cases, %d complaint), %d commendations",
				vr.Created, vr.Handled, vr.Cases, vr.Complaints, vr.Commendations.Praises+vr.Commendations.Proposed)
		}
		if er := res.Evaluations; er != nil && er.Emulation != nil {
			ratings += fmt.Sprintf(", %d evaluations of %d closed, %d task products tracked this year, %d emulation registrations, %d titles decided",
				er.Closed, demo.ClosedYear, er.Products, er.Emulation.Registrations, er.Emulation.Approved)
		}
		if tr := res.Training; tr != nil && tr.Campaigns > 0 {
			ratings += fmt.Sprintf(", %d training campaigns (%d officials assigned in the province's, %d quiz attempts, %d certificates)",
				tr.Campaigns, tr.Assigned, tr.Attempts, tr.Certificates)
		}
		fmt.Fprintf(a.stdout, "Demo loaded in %.1f s: %d units of 01/03/2025 imported and restructured as of 01/07/2025 (%d operations), %d agencies and offices, %d officials, %d accounts%s.\n",
			res.Elapsed.Seconds(), res.Units.Created, res.Restructured, res.UnitsCreated, res.OfficialsCreated, res.UsersCreated, ratings)
	}
	printAccounts(a, res.Accounts)
	base := baseURL(cf.addr)
	if pu := strings.TrimRight(a.getenv(envPublicURL), "/"); pu != "" {
		base = pu
	}
	if links, err := demo.Links(ctx, o.services); err != nil {
		o.log.Warn("demo rating links", "err", err)
	} else {
		printRatingLinks(a, links, base)
	}
	if links, err := demo.InspectionLinks(ctx, o.services); err != nil {
		o.log.Warn("demo inspection links", "err", err)
	} else if len(links) > 0 {
		fmt.Fprintln(a.stdout, "\nInspections (thanh tra, kiểm tra công vụ), signed in as the account named:")
		w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		for _, x := range links {
			fmt.Fprintf(w, "  %s%s\t%s\n", base, x.Path, x.Title)
		}
		w.Flush()
	}
	if links, err := demo.EvaluationLinks(ctx, o.services); err != nil {
		o.log.Warn("demo evaluation links", "err", err)
	} else if len(links) > 0 {
		fmt.Fprintln(a.stdout, "\nAnnual evaluation and emulation (đánh giá, xếp loại; thi đua), signed in as the account named:")
		w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		for _, x := range links {
			fmt.Fprintf(w, "  %s%s\t%s\n", base, x.Path, x.Title)
		}
		w.Flush()
	}
	if links, err := demo.TrainingLinks(ctx, o.services); err != nil {
		o.log.Warn("demo training links", "err", err)
	} else if len(links) > 0 {
		fmt.Fprintln(a.stdout, "\nTraining on the code of conduct (bồi dưỡng, quán triệt), signed in as the account named:")
		w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		for _, x := range links {
			fmt.Fprintf(w, "  %s%s\t%s\n", base, x.Path, x.Title)
		}
		w.Flush()
	}
	if *loadOnly {
		return exitOK
	}
	srv, err := newWebServer(a.ctx, o, a.getenv(envPublicURL), a.getenv(envMetricsToken), false, true, false, a.privacyConfig())
	if err != nil {
		return a.fail(c, err)
	}
	stopWorker := startBackground(a.ctx, o, nil, time.Minute) // deadlines swept; emails stay in the outbox
	defer stopWorker()
	printURLs(a, srv, baseURL(cf.addr))
	o.log.Info("listening", "url", baseURL(cf.addr), "engine", o.db.Engine, "demo", true)
	if err := srv.ListenAndServe(a.ctx, cf.addr); err != nil {
		return a.fail(c, err)
	}
	o.log.Info("stopped")
	return exitOK
}

// printAccounts shows the demo sign-ins.
func printAccounts(a *app, accounts []demo.Account) {
	fmt.Fprintf(a.stdout, "\nDemo accounts (tài khoản dùng thử), password / mật khẩu: %s\n\n", demo.Password)
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "  USERNAME\tROLE\tSCOPE (PHẠM VI)\tPERSON")
	for _, x := range accounts {
		person := x.FullName
		if x.Position != "" {
			person += ", " + x.Position
		}
		fmt.Fprintf(w, "  %s\t%s (%s)\t%s\t%s\n", x.Username, x.Role.Label(), x.Role, x.UnitName, person)
	}
	w.Flush()
}

// printRatingLinks says where to scan or click to rate as a citizen, and
// where to see the results.
func printRatingLinks(a *app, l *demo.RatingLinks, base string) {
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	line := func(x demo.Link) { fmt.Fprintf(w, "  %s%s\t%s\n", base, x.Path, x.Title) }
	fmt.Fprintln(a.stdout, "\nRate as a citizen (đánh giá như người dân): scan the QR codes, or open")
	for _, x := range l.Badges {
		line(x)
	}
	if l.UnitQR != nil {
		line(*l.UnitQR)
	}
	for _, x := range l.Kiosks {
		line(x)
	}
	if l.Dossier != nil {
		line(*l.Dossier)
	}
	w.Flush()
	if len(l.Public) > 0 {
		fmt.Fprintln(a.stdout, "\nThe public transparency pages (trang công khai), without signing in:")
		for _, x := range l.Public {
			line(x)
		}
		w.Flush()
	}
	if len(l.Dashboards)+len(l.Print) > 0 || l.Apology != nil {
		fmt.Fprintln(a.stdout, "\nSee the results and print the QR codes (xem kết quả, in mã QR), signed in as admin, noivu or thutruong:")
		for _, x := range l.Dashboards {
			line(x)
		}
		for _, x := range l.Print {
			line(x)
		}
		if l.Apology != nil {
			line(*l.Apology)
		}
		w.Flush()
	}
}

// demoPages are the pages worth trying, shown when the server has them.
var demoPages = []struct{ path, what string }{
	{"/", "trang chủ / home"},
	{"/login", "đăng nhập / sign in"},
	{"/chuan-muc", "bộ chuẩn mực văn hóa công vụ (công khai) / the code of conduct"},
	{"/units", "đơn vị / units"},
	{"/officials", "cán bộ, công chức / officials"},
	{"/standards/local", "quy định riêng của đơn vị / local rules"},
	{"/cong-khai", "trang công khai kết quả theo tỉnh, xã, cơ quan / the public transparency page"},
	{"/phan-anh", "gửi phản ánh như người dân / report misconduct as a citizen"},
	{"/petitions", "phản ánh chờ xử lý (noivu, thanhtra, thutruong) / petitions to handle"},
	{"/petitions/dashboard", "thống kê phản ánh / petition dashboard"},
	{"/inspections", "thanh tra, kiểm tra công vụ (thanhtra, noivu, thutruong) / inspections"},
	{"/violations", "vi phạm và xử lý nhắc nhở, phê bình, chấn chỉnh (thutruong, noivu) / violations"},
	{"/violations/mine", "vi phạm của tôi: tiếp nhận việc nhắc nhở (canbo) / my record: acknowledge a reminder"},
	{"/violations/dashboard", "thống kê vi phạm, kỷ luật (noivu) / violation dashboard"},
	{"/discipline", "hồ sơ kỷ luật theo Nghị định 112/2020, 172/2025 (thutruong, noivu) / discipline cases"},
	{"/commendations", "biểu dương, khen thưởng (thutruong, noivu) / commendations"},
	{"/outbox", "hộp thư đi: email nhắc hạn, trả lời (admin, noivu) / email outbox"},
	{"/users", "tài khoản (admin) / accounts"},
	{"/audit", "nhật ký thao tác / audit log"},
	{"/api/v1/openapi.json", "JSON API (OpenAPI)"},
}

// printURLs lists the demo pages that the server routes.
func printURLs(a *app, srv *web.Server, base string) {
	have := map[string]bool{}
	for _, rt := range srv.Routes() {
		if rt.Method == "" || rt.Method == "GET" {
			have[strings.TrimSuffix(rt.Pattern, "{$}")] = true
		}
	}
	fmt.Fprintf(a.stdout, "\nOpen (mở) %s/ and try:\n", base)
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	for _, p := range demoPages {
		if have[p.path] || (strings.HasPrefix(p.path, "/api/v1/") && have["/api/v1/"]) {
			fmt.Fprintf(w, "  %s%s\t%s\n", base, p.path, p.what)
		}
	}
	w.Flush()
	fmt.Fprintln(a.stdout, "\nPress Ctrl-C to stop (nhấn Ctrl-C để dừng).")
}

var cmdMigrate = &command{
	name:    "migrate",
	summary: "create or upgrade the database schema / cập nhật cơ sở dữ liệu",
	usage: `Usage: congvu migrate [--db PATH|URL]

Applies the schema migrations not yet applied and publishes the national code
of conduct if the database has no catalog. serve and demo do this by
themselves; run migrate to upgrade ahead of a deployment.

Examples:
  congvu migrate --db congvu.db
  congvu migrate --db postgres://congvu@db.internal/congvu
`,
	run: func(a *app, c *command, args []string) int {
		var cf common
		fs := a.flagSet(c, &cf)
		pos, code, done := a.parse(c, fs, args)
		if done {
			return code
		}
		if len(pos) > 0 {
			return a.usageError(c, "unexpected argument %q", pos[0])
		}
		log, err := a.logger(&cf)
		if err != nil {
			return a.usageError(c, "%v", err)
		}
		db, err := sqldb.Open(cf.db)
		if err != nil {
			return a.fail(c, err)
		}
		defer db.Close()
		db.Log = log
		applied, err := db.Migrate(a.ctx)
		if err != nil {
			return a.fail(c, err)
		}
		seeded, err := standardsql.NewStandardService(db).EnsureCatalog(a.ctx)
		if err != nil {
			return a.fail(c, err)
		}
		if len(applied) > 0 {
			log.Info("database migrated", "engine", db.Engine, "applied", strings.Join(applied, ", "))
		}
		if len(applied) == 0 {
			fmt.Fprintf(a.stdout, "%s database %s is up to date (%d migrations).\n", db.Engine, redact(cf.db), len(sqldb.MigrationNames(db.Engine)))
		} else {
			fmt.Fprintf(a.stdout, "Applied %d migrations to %s database %s: %s\n", len(applied), db.Engine, redact(cf.db), strings.Join(applied, ", "))
		}
		if seeded {
			fmt.Fprintln(a.stdout, "Published the national code of conduct catalog.")
		}
		return exitOK
	},
}
