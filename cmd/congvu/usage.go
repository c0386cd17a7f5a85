package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
)

// mainUsage is the text of `congvu help`.
func mainUsage() string {
	var b strings.Builder
	b.WriteString(`Công vụ — phần mềm thực hiện Đề án Văn hóa công vụ (Quyết định 1847/QĐ-TTg).
Công vụ runs the public-service-culture programme: units, officials, the code
of conduct, accounts with scoped roles, and the audit log.

Usage: congvu COMMAND [flags] [arguments]

Commands (lệnh):
`)
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(w, "  %s\t%s\n", c.name, c.summary)
	}
	w.Flush()
	b.WriteString(`
Every command that uses the database takes:
  --db PATH|URL      a SQLite file (created if absent) or a postgres:// URL
                     (env CONGVU_DB; default congvu.db, congvu-demo.db for demo)
  --addr HOST:PORT   where serve and demo listen (env CONGVU_ADDR; default localhost:8080)
  --log-format text|json, --log-level debug|info|warn|error

Examples (ví dụ):
  congvu demo                                  # try it: demo province on http://localhost:8080
  congvu import units dvhcvn-2025-03-01.json   # load the national unit tree
  congvu user create --username admin --name "Quản trị" --role admin --unit VN
  congvu serve --db postgres://congvu@db/congvu --addr :8080 --log-format json

Run 'congvu help COMMAND' (or 'congvu COMMAND --help') for the details of a command.
`)
	return b.String()
}

// groupUsage lists the commands of a group ("import", "user").
func groupUsage(g string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: congvu %s SUBCOMMAND [flags] [arguments]\n\nSubcommands:\n", g)
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range commands {
		if strings.HasPrefix(c.name, g+" ") {
			fmt.Fprintf(w, "  %s\t%s\n", c.name, c.summary)
		}
	}
	w.Flush()
	fmt.Fprintf(&b, "\nRun 'congvu help %s SUBCOMMAND' for the details of one.\n", g)
	return b.String()
}
