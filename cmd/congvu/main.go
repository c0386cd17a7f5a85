// Command congvu is the one binary of Công vụ: it serves the web interface
// and the JSON API, loads the demo province, migrates the database, imports
// units, restructurings and officials, and manages accounts. It only wires
// the packages together; the logic lives in them. Run `congvu help`.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"os/user"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"congvu"
	"congvu/blob"
	"congvu/org"
	"congvu/services"
	"congvu/sqldb"
	"congvu/sqldb/feedbacksql"
	"congvu/sqldb/sqlservices"
)

// Version is the release, set at build time with
// -ldflags "-X main.Version=v1.2.3".
var Version = "dev"

// Environment variables that give flag defaults.
const (
	envAddr      = "CONGVU_ADDR"
	envDB        = "CONGVU_DB"
	envLogFormat = "CONGVU_LOG_FORMAT"
	envLogLevel  = "CONGVU_LOG_LEVEL"
	envFiles     = "CONGVU_FILES"
	envSMTP      = "CONGVU_SMTP"
)

// Defaults of the common flags.
const (
	defaultAddr   = "localhost:8080"
	defaultDB     = "congvu.db"
	defaultDemoDB = "congvu-demo.db"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, restore the default handling: a second
		// Ctrl-C ends the program at once instead of waiting for shutdown.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// app is one invocation: where it reads and writes, and its environment.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	in     *bufio.Reader // stdin, buffered once for every read
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// command is one subcommand.
type command struct {
	name    string // "serve", "import units"
	summary string
	usage   string // the text of --help, before the flags
	run     func(a *app, c *command, args []string) int
	// noDB means the command takes none of the common flags.
	noDB bool
	// demo gives --db the demo default.
	demo bool
}

// commands lists every command in the order help shows them.
var commands []*command

func init() {
	commands = []*command{
		cmdServe, cmdDemo, cmdMigrate,
		cmdImportUnits, cmdImportRestructuring, cmdImportOfficials,
		cmdGenFeedback,
		cmdGenPetitions,
		cmdGenViolations,
		cmdGenTraining,
		cmdUserCreate, cmdUserPasswd, cmdUserGrant, cmdUserList,
		cmdSealRotate, cmdSealReseal,
		cmdBackup, cmdRestore,
		cmdVersion, cmdHelp,
	}
}

// run executes the command line args and returns the exit code. The
// context ends at SIGINT or SIGTERM.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &app{ctx: ctx, stdin: stdin, in: bufio.NewReader(stdin), stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage())
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, mainUsage())
		return exitOK
	case "-version", "--version":
		return runVersion(a, cmdVersion, nil)
	}
	c, rest, err := lookup(args)
	if err != nil {
		fmt.Fprintf(stderr, "congvu: %v\n\n%s", err, mainUsage())
		return exitUsage
	}
	return c.run(a, c, rest)
}

// lookup finds the command named by the first one or two words of args.
func lookup(args []string) (*command, []string, error) {
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			return c, args[len(words):], nil
		}
	}
	// A group without (or with an unknown) subcommand: show the group.
	if g := group(args[0]); g != "" {
		if len(args) == 1 || isHelpFlag(args[1]) {
			return groupHelp(g), nil, nil
		}
		return nil, nil, fmt.Errorf("unknown command %q %q (see congvu help %s)", args[0], args[1], g)
	}
	return nil, nil, fmt.Errorf("unknown command %q", args[0])
}

func isHelpFlag(s string) bool { return s == "-h" || s == "-help" || s == "--help" || s == "help" }

// group returns the group name ("import", "user") or "".
func group(word string) string {
	for _, c := range commands {
		if w := strings.Fields(c.name); len(w) == 2 && w[0] == word {
			return word
		}
	}
	return ""
}

// groupHelp is a pseudo-command printing the commands of a group.
func groupHelp(g string) *command {
	return &command{name: g, run: func(a *app, _ *command, _ []string) int {
		fmt.Fprint(a.stdout, groupUsage(g))
		return exitOK
	}}
}

// common holds the flags every database command takes.
type common struct {
	addr      string
	db        string
	logFormat string
	logLevel  string
	files     string
}

// flagSet makes the flag set of c with the common flags bound to cf.
func (a *app) flagSet(c *command, cf *common) *flag.FlagSet {
	fs := flag.NewFlagSet("congvu "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if c.noDB {
		return fs
	}
	dbDefault := defaultDB
	if c.demo {
		dbDefault = defaultDemoDB
	}
	fs.StringVar(&cf.addr, "addr", a.env(envAddr, defaultAddr), "`host:port` to listen on (env "+envAddr+")")
	fs.StringVar(&cf.db, "db", a.env(envDB, dbDefault), "database: a SQLite file `path` or a postgres:// URL (env "+envDB+")")
	fs.StringVar(&cf.logFormat, "log-format", a.env(envLogFormat, "text"), "log `format`: text or json (env "+envLogFormat+")")
	fs.StringVar(&cf.logLevel, "log-level", a.env(envLogLevel, "info"), "log `level`: debug, info, warn or error (env "+envLogLevel+")")
	fs.StringVar(&cf.files, "files", a.getenv(envFiles), "`folder` for petition attachments (env "+envFiles+"; default: beside a SQLite database, its path + \"-files\"; with PostgreSQL, ./congvu-files)")
	return fs
}

func (a *app) env(name, def string) string {
	if v := a.getenv(name); v != "" {
		return v
	}
	return def
}

// parse parses args into fs, allowing flags after positional arguments
// (`congvu import units FILE --db x`), and returns the positional ones. It
// prints help for -h and the error otherwise; done is true when the
// command must stop with the returned code.
func (a *app) parse(c *command, fs *flag.FlagSet, args []string) (pos []string, code int, done bool) {
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			a.printUsage(a.stdout, c, fs)
			return nil, exitOK, true
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "congvu %s: %v\nRun 'congvu help %s' for usage.\n", c.name, err, c.name)
			return nil, exitUsage, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, exitOK, false
		}
		if rest[0] == "help" && len(pos) == 0 && len(rest) == 1 {
			a.printUsage(a.stdout, c, fs)
			return nil, exitOK, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// printUsage writes the help of c: its text, then its flags.
func (a *app) printUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprint(w, c.usage)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprint(w, "\nFlags (tham số):\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// usageError reports a wrong command line.
func (a *app) usageError(c *command, format string, args ...any) int {
	fmt.Fprintf(a.stderr, "congvu %s: %s\nRun 'congvu help %s' for usage.\n", c.name, fmt.Sprintf(format, args...), c.name)
	return exitUsage
}

// logger builds the slog logger the flags ask for.
func (a *app) logger(cf *common) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cf.logLevel)); err != nil {
		return nil, fmt.Errorf("bad --log-level %q: use debug, info, warn or error", cf.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch cf.logFormat {
	case "text", "":
		return slog.New(slog.NewTextHandler(a.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(a.stderr, opts)), nil
	}
	return nil, fmt.Errorf("bad --log-format %q: use text or json", cf.logFormat)
}

// redact hides the password of a database URL for printing.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}

// system is the actor of command-line writes, named after the command and
// the operating-system user for the audit log.
func system(c *command) *congvu.Actor {
	name := "congvu " + c.name
	if u, err := user.Current(); err == nil && u.Username != "" {
		name += " (" + u.Username + ")"
	}
	return congvu.SystemActor(name)
}

// opened is an open, migrated database with its services.
type opened struct {
	db       *sqldb.DB
	services services.Set
	feedback *feedbacksql.FeedbackService // its batcher is closed when serving ends
	files    string                       // the attachments folder
	log      *slog.Logger
	// background says whether startBackground runs (for /readyz).
	background backgroundState
}

// open opens and migrates the database of cf, seeds the national catalog,
// and builds the services. The caller closes o.db.
func (a *app) open(cf *common, log *slog.Logger) (*opened, error) {
	db, err := sqldb.Open(cf.db)
	if err != nil {
		return nil, err
	}
	db.Log = log
	applied, err := db.Migrate(a.ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", redact(cf.db), err)
	}
	if len(applied) > 0 {
		log.Info("database migrated", "engine", db.Engine, "applied", strings.Join(applied, ", "))
	}
	if db.Seal, err = sqldb.LoadSealKeys(a.ctx, db, sealKeyFile(cf), a.getenv(sqldb.SealKeyEnv)); err != nil {
		db.Close()
		return nil, fmt.Errorf("sealing keys: %w", err)
	}
	files := filesDir(cf)
	blobs, err := blob.NewDir(files)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("attachments folder: %w", err)
	}
	w := sqlservices.New(db, blobs)
	if seeded, err := w.Standards.EnsureCatalog(a.ctx); err != nil {
		w.Feedback.Close()
		db.Close()
		return nil, fmt.Errorf("seed the national catalog: %w", err)
	} else if seeded {
		log.Info("national code of conduct catalog published")
	}
	return &opened{db: db, feedback: w.Feedback, files: files, log: log, services: w.Set}, nil
}

// sealKeyFile is the file of the keys sealing reporters' identities: beside
// a SQLite database file (<file>.seal-key), else beside the attachments
// folder (<folder>.seal-key). See sqldb.LoadSealKeys.
func sealKeyFile(cf *common) string {
	if strings.HasPrefix(cf.db, "postgres://") || strings.HasPrefix(cf.db, "postgresql://") {
		return strings.TrimRight(filesDir(cf), "/") + ".seal-key"
	}
	path := strings.TrimPrefix(strings.SplitN(cf.db, "?", 2)[0], "file:")
	if path == "" || path == ":memory:" {
		return "congvu.seal-key"
	}
	return path + ".seal-key"
}

// filesDir is the attachments folder of cf: --files, or beside a SQLite
// database file, or ./congvu-files.
func filesDir(cf *common) string {
	if cf.files != "" {
		return cf.files
	}
	if strings.HasPrefix(cf.db, "postgres://") || strings.HasPrefix(cf.db, "postgresql://") {
		return "congvu-files"
	}
	path := strings.TrimPrefix(strings.SplitN(cf.db, "?", 2)[0], "file:")
	if path == "" || path == ":memory:" {
		return "congvu-files"
	}
	return path + "-files"
}

// start parses the common flags of a database command, builds the logger
// and opens the database. done is true when the command must stop.
func (a *app) start(c *command, fs *flag.FlagSet, cf *common, args []string) (o *opened, pos []string, code int, done bool) {
	pos, code, done = a.parse(c, fs, args)
	if done {
		return nil, nil, code, true
	}
	log, err := a.logger(cf)
	if err != nil {
		return nil, nil, a.usageError(c, "%v", err), true
	}
	o, err = a.open(cf, log)
	if err != nil {
		return nil, nil, a.fail(c, err), true
	}
	return o, pos, exitOK, false
}

// fail prints err for the operator and returns the error exit code.
// Service errors show their Vietnamese message and field messages.
func (a *app) fail(c *command, err error) int {
	var ce *congvu.Error
	var csvErr *org.CSVImportError
	switch {
	case errors.As(err, &csvErr):
		fmt.Fprintf(a.stderr, "congvu %s: %s\n", c.name, csvErr.Error())
		for _, r := range csvErr.Rows {
			fmt.Fprintf(a.stderr, "  dòng %d: %s\n", r.Line, r.Message)
		}
	case errors.As(err, &ce) && ce.Code != congvu.EINTERNAL:
		fmt.Fprintf(a.stderr, "congvu %s: %s\n", c.name, ce.Message)
		keys := make([]string, 0, len(ce.Fields))
		for k := range ce.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ce.Fields[k] != ce.Message {
				fmt.Fprintf(a.stderr, "  %s: %s\n", k, ce.Fields[k])
			}
		}
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(a.stderr, "congvu %s: interrupted\n", c.name)
	default:
		fmt.Fprintf(a.stderr, "congvu %s: %v\n", c.name, err)
	}
	return exitError
}

var cmdVersion = &command{
	name:    "version",
	summary: "print the version / in phiên bản",
	usage: `Usage: congvu version

Prints the version of congvu and of the Go toolchain that built it.
In phiên bản của chương trình.
`,
	noDB: true,
	run:  runVersion,
}

func runVersion(a *app, c *command, args []string) int {
	fs := a.flagSet(c, nil)
	if _, code, done := a.parse(c, fs, args); done {
		return code
	}
	fmt.Fprintf(a.stdout, "congvu %s (%s, %s/%s)\n", buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}

// buildVersion is Version with the commit it was built from, if known.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return Version + " " + s.Value[:12]
			}
		}
	}
	return Version
}

var cmdHelp = &command{
	name:    "help",
	summary: "show help for a command / hướng dẫn sử dụng",
	usage: `Usage: congvu help [COMMAND]

Shows the list of commands, or the help of one command, e.g.
  congvu help import units
`,
	noDB: true,
	run: func(a *app, c *command, args []string) int {
		if len(args) == 1 && isHelpFlag(args[0]) {
			args = []string{"help"}
		}
		if len(args) == 0 {
			fmt.Fprint(a.stdout, mainUsage())
			return exitOK
		}
		target, _, err := lookup(args)
		if err != nil {
			fmt.Fprintf(a.stderr, "congvu help: %v\n", err)
			return exitUsage
		}
		if target.usage == "" { // a group
			return target.run(a, target, nil)
		}
		if target == c {
			a.printUsage(a.stdout, c, a.flagSet(c, nil))
			return exitOK
		}
		// Each command registers its own flags: let it print its help.
		return target.run(a, target, []string{"--help"})
	},
}
