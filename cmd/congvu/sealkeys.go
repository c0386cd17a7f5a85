package main

import (
	"congvu/sqldb"
	"congvu/sqldb/calendarsql"
	"congvu/sqldb/petitionsql"
	"errors"
	"fmt"

	"congvu"
)

// The commands on the keys that seal reporters' identities (see
// sqldb.LoadSealKeys and the README's "Sealing keys").

var cmdSealRotate = sealCommand("seal rotate",
	"add a new sealing key to the key file / thêm khóa niêm phong mới",
	`Usage: congvu seal rotate [--db PATH|URL] [--files DIR]

Appends a new random key to the sealing key file (beside a SQLite database:
its path + .seal-key; with PostgreSQL beside the attachments folder:
congvu-files.seal-key). From the next start the new key seals reporters'
identities; the older keys stay in the file and still open what they sealed.
Copy the file to every app server and to the key backup, then restart them.
Run "congvu seal reseal" to seal everything again under the new key, after
which the older keys may be removed from the file.
With CONGVU_SEAL_KEY set, that key seals: rotate it by appending its value to
the key file and setting a new one (openssl rand -base64 32).
Thêm khóa niêm phong mới vào tệp khóa.

Examples:
  congvu seal rotate --db /var/lib/congvu/congvu.db
  congvu seal rotate --db postgres://congvu@db.internal/congvu --files /srv/congvu-files
`,
	func(a *app, c *command, o *opened, cf *common) int {
		if a.getenv(sqldb.SealKeyEnv) != "" {
			return a.fail(c, errors.New(sqldb.SealKeyEnv+" is set and seals: append its value to the key file and set a new one instead"))
		}
		path := sealKeyFile(cf)
		if err := sqldb.AddSealKey(path); err != nil {
			return a.fail(c, err)
		}
		fmt.Fprintf(a.stdout, "New sealing key added to %s: copy the file to every server and to its backup, restart, then run congvu seal reseal.\n", path)
		return exitOK
	})

var cmdSealReseal = sealCommand("seal reseal",
	"seal every identity again under the newest key / niêm phong lại bằng khóa mới",
	`Usage: congvu seal reseal [--db PATH|URL] [--files DIR]

Seals again, under the sealing key, every reporter's identity sealed under an
older key of the key file, in one transaction (audited). Afterwards the
older keys may be removed from the key file (keep them in the backup of
older database backups, which still need them).
Niêm phong lại danh tính người phản ánh bằng khóa mới nhất.

Examples:
  congvu seal reseal --db /var/lib/congvu/congvu.db
`,
	func(a *app, c *command, o *opened, cf *common) int {
		n, err := petitionsql.NewPetitionService(o.db, nil, calendarsql.NewCalendarService(o.db)).Reseal(congvu.NewContextWithActor(a.ctx, system(c)))
		if err != nil {
			return a.fail(c, err)
		}
		fmt.Fprintf(a.stdout, "%d identities sealed again under the newest key.\n", n)
		return exitOK
	})

// sealCommand is a command on an opened database (whose keys are loaded)
// that takes no arguments.
func sealCommand(name, summary, usage string, do func(a *app, c *command, o *opened, cf *common) int) *command {
	return &command{name: name, summary: summary, usage: usage, run: func(a *app, c *command, args []string) int {
		var cf common
		fs := a.flagSet(c, &cf)
		o, pos, code, done := a.start(c, fs, &cf, args)
		if done {
			return code
		}
		defer o.db.Close()
		if len(pos) > 0 {
			return a.usageError(c, "unexpected argument %q", pos[0])
		}
		return do(a, c, o, &cf)
	}}
}
