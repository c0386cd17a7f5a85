package main

import (
	"congvu/org"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"congvu"
)

// roleList is the roles for help texts.
func roleList() string {
	s := make([]string, len(congvu.Roles))
	for i, r := range congvu.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// userCommand is the shared shape of the user commands.
func userCommand(name, summary, usage string, setup func(fs *flag.FlagSet) func(a *app, c *command, o *opened, ctx context.Context, pos []string) int) *command {
	return &command{name: name, summary: summary, usage: usage, run: func(a *app, c *command, args []string) int {
		var cf common
		fs := a.flagSet(c, &cf)
		do := setup(fs)
		o, pos, code, done := a.start(c, fs, &cf, args)
		if done {
			return code
		}
		defer o.db.Close()
		return do(a, c, o, congvu.NewContextWithActor(a.ctx, system(c)), pos)
	}}
}

var cmdUserCreate = userCommand("user create",
	"create an account / tạo tài khoản",
	`Usage: congvu user create --username NAME --name "FULL NAME" --role ROLE --unit CODE
                          [--email ADDRESS] [--official EMPLOYEE-CODE] [--password-stdin]

Creates an active account with one role over a unit and everything below it.
Roles: `+roleList()+`. The unit is given by its code (VN is the whole country).
The password (at least `+fmt.Sprint(congvu.MinPasswordLen)+` characters) is read from standard input with
--password-stdin, else asked for at the prompt. An account with the official
role must be linked to an official record (--official).
Tạo tài khoản với một vai trò trên một đơn vị.

Examples:
  congvu user create --username admin --name "Quản trị hệ thống" --role admin --unit VN
  echo 'mat-khau-du-dai' | congvu user create --username thanhtra --name "Lê Văn An" \
      --role inspector --unit 34 --official TB-000026 --password-stdin
`,
	func(fs *flag.FlagSet) func(a *app, c *command, o *opened, ctx context.Context, pos []string) int {
		username := fs.String("username", "", "sign-in `name` (lower-case letters, digits, . _ -)")
		fullName := fs.String("name", "", "full `name` of the person")
		email := fs.String("email", "", "e-mail `address`")
		role := fs.String("role", "", "`role`: "+roleList())
		unit := fs.String("unit", congvu.RootUnitCode, "`code` of the unit the role covers")
		official := fs.String("official", "", "employee `code` of the linked official record")
		stdin := fs.Bool("password-stdin", false, "read the password from standard input")
		return func(a *app, c *command, o *opened, ctx context.Context, pos []string) int {
			if len(pos) > 0 && *username == "" {
				*username, pos = pos[0], pos[1:]
			}
			if len(pos) > 0 {
				return a.usageError(c, "unexpected argument %q", pos[0])
			}
			if *username == "" || *fullName == "" || *role == "" {
				return a.usageError(c, "--username, --name and --role are required")
			}
			r := congvu.Role(*role)
			if !r.Valid() {
				return a.usageError(c, "unknown role %q: use one of %s", *role, roleList())
			}
			u, err := o.services.Units.FindUnitByCode(ctx, *unit)
			if err != nil {
				return a.fail(c, fmt.Errorf("unit %s: %w", *unit, err))
			}
			in := org.UserInput{Username: *username, FullName: *fullName, Email: *email, Active: true,
				Grants: []congvu.Grant{{Role: r, UnitID: u.ID}}}
			if *official != "" {
				off, err := findOfficial(ctx, o, *official)
				if err != nil {
					return a.fail(c, err)
				}
				in.OfficialID = off.ID
			}
			if in.Password, err = a.readPassword(*stdin); err != nil {
				return a.fail(c, err)
			}
			created, err := o.services.Users.CreateUser(ctx, in)
			if err != nil {
				return a.fail(c, err)
			}
			fmt.Fprintf(a.stdout, "Created account %s (id %d): %s\n", created.Username, created.ID, grantsText(created.Grants))
			return exitOK
		}
	})

var cmdUserPasswd = userCommand("user passwd",
	"set an account's password / đặt lại mật khẩu",
	`Usage: congvu user passwd --username NAME [--password-stdin]

Sets a new password for the account, read from standard input with
--password-stdin, else asked for at the prompt.
Đặt lại mật khẩu cho tài khoản.

Examples:
  congvu user passwd --username admin
  printf '%s\n' "$NEW_PASSWORD" | congvu user passwd --username admin --password-stdin
`,
	func(fs *flag.FlagSet) func(a *app, c *command, o *opened, ctx context.Context, pos []string) int {
		username := fs.String("username", "", "sign-in `name` of the account")
		stdin := fs.Bool("password-stdin", false, "read the password from standard input")
		return func(a *app, c *command, o *opened, ctx context.Context, pos []string) int {
			if len(pos) > 0 && *username == "" {
				*username, pos = pos[0], pos[1:]
			}
			if len(pos) > 0 || *username == "" {
				return a.usageError(c, "--username is required")
			}
			u, err := findUser(ctx, o, *username)
			if err != nil {
				return a.fail(c, err)
			}
			in := inputOf(u)
			if in.Password, err = a.readPassword(*stdin); err != nil {
				return a.fail(c, err)
			}
			if _, err := o.services.Users.UpdateUser(ctx, u.ID, in); err != nil {
				return a.fail(c, err)
			}
			fmt.Fprintf(a.stdout, "Password of %s changed.\n", u.Username)
			return exitOK
		}
	})

var cmdUserGrant = userCommand("user grant",
	"give or take a role / cấp hoặc thu hồi vai trò",
	`Usage: congvu user grant --username NAME --role ROLE --unit CODE [--revoke]

Gives the account a role over a unit and its subtree, or takes it back with
--revoke. Roles: `+roleList()+`.
Cấp (hoặc thu hồi) vai trò cho tài khoản trên một đơn vị.

Examples:
  congvu user grant --username noivu --role supervisor --unit 34
  congvu user grant --username noivu --role supervisor --unit 34 --revoke
`,
	func(fs *flag.FlagSet) func(a *app, c *command, o *opened, ctx context.Context, pos []string) int {
		username := fs.String("username", "", "sign-in `name` of the account")
		role := fs.String("role", "", "`role`: "+roleList())
		unit := fs.String("unit", "", "`code` of the unit the role covers")
		revoke := fs.Bool("revoke", false, "take the role away instead")
		return func(a *app, c *command, o *opened, ctx context.Context, pos []string) int {
			if len(pos) > 0 && *username == "" {
				*username, pos = pos[0], pos[1:]
			}
			if len(pos) > 0 || *username == "" || *role == "" || *unit == "" {
				return a.usageError(c, "--username, --role and --unit are required")
			}
			r := congvu.Role(*role)
			if !r.Valid() {
				return a.usageError(c, "unknown role %q: use one of %s", *role, roleList())
			}
			unitRec, err := o.services.Units.FindUnitByCode(ctx, *unit)
			if err != nil {
				return a.fail(c, fmt.Errorf("unit %s: %w", *unit, err))
			}
			u, err := findUser(ctx, o, *username)
			if err != nil {
				return a.fail(c, err)
			}
			in := inputOf(u)
			var grants []congvu.Grant
			found := false
			for _, g := range in.Grants {
				if g.Role == r && g.UnitID == unitRec.ID {
					found = true
					if *revoke {
						continue
					}
				}
				grants = append(grants, g)
			}
			switch {
			case *revoke && !found:
				fmt.Fprintf(a.stdout, "%s does not hold %s on %s; nothing to do.\n", u.Username, r, unitRec.Name)
				return exitOK
			case !*revoke && found:
				fmt.Fprintf(a.stdout, "%s already holds %s on %s; nothing to do.\n", u.Username, r, unitRec.Name)
				return exitOK
			case !*revoke:
				grants = append(grants, congvu.Grant{Role: r, UnitID: unitRec.ID})
			}
			in.Grants = grants
			updated, err := o.services.Users.UpdateUser(ctx, u.ID, in)
			if err != nil {
				return a.fail(c, err)
			}
			fmt.Fprintf(a.stdout, "%s now holds: %s\n", updated.Username, grantsText(updated.Grants))
			return exitOK
		}
	})

var cmdUserList = userCommand("user list",
	"list accounts / liệt kê tài khoản",
	`Usage: congvu user list [--query TEXT]

Lists the accounts with their roles, optionally only those whose name,
username or e-mail matches TEXT (diacritics ignored).
Liệt kê tài khoản và vai trò.

Examples:
  congvu user list
  congvu user list --query nguyen
`,
	func(fs *flag.FlagSet) func(a *app, c *command, o *opened, ctx context.Context, pos []string) int {
		query := fs.String("query", "", "show only accounts matching `text`")
		return func(a *app, c *command, o *opened, ctx context.Context, pos []string) int {
			if len(pos) > 0 {
				if *query != "" || len(pos) > 1 {
					return a.usageError(c, "unexpected argument %q", pos[0])
				}
				*query = pos[0]
			}
			w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tUSERNAME\tFULL NAME\tACTIVE\tROLES")
			n := 0
			for offset := 0; ; {
				list, total, err := o.services.Users.FindUsers(ctx, org.UserFilter{Query: *query, Offset: offset, Limit: congvu.MaxPageSize})
				if err != nil {
					return a.fail(c, err)
				}
				for _, u := range list {
					active := "yes"
					if !u.Active {
						active = "no"
					}
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.FullName, active, grantsText(u.Grants))
					n++
				}
				offset += len(list)
				if len(list) == 0 || offset >= total {
					break
				}
			}
			w.Flush()
			fmt.Fprintf(a.stdout, "%d accounts.\n", n)
			return exitOK
		}
	})

// findUser returns the account with exactly this username.
func findUser(ctx context.Context, o *opened, username string) (*org.User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	list, _, err := o.services.Users.FindUsers(ctx, org.UserFilter{Query: username, Limit: congvu.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, u := range list {
		if u.Username == username {
			return u, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tài khoản %s.", username)
}

// findOfficial returns the official with exactly this employee code.
func findOfficial(ctx context.Context, o *opened, code string) (*org.Official, error) {
	code = strings.TrimSpace(code)
	list, _, err := o.services.Officials.FindOfficials(ctx, org.OfficialFilter{Query: code, IncludeRetired: true, Limit: congvu.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, x := range list {
		if strings.EqualFold(x.EmployeeCode, code) {
			return x, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy cán bộ có mã %s.", code)
}

// inputOf returns the editable fields of u, keeping its password.
func inputOf(u *org.User) org.UserInput {
	grants := make([]congvu.Grant, len(u.Grants))
	for i, g := range u.Grants {
		grants[i] = congvu.Grant{Role: g.Role, UnitID: g.UnitID}
	}
	return org.UserInput{Username: u.Username, FullName: u.FullName, Email: u.Email,
		OfficialID: u.OfficialID, Active: u.Active, Grants: grants}
}

// grantsText shows grants as "admin @ Cả nước; ...".
func grantsText(gs []congvu.Grant) string {
	if len(gs) == 0 {
		return "(no role)"
	}
	s := make([]string, len(gs))
	for i, g := range gs {
		s[i] = fmt.Sprintf("%s @ %s", g.Role, g.UnitName)
	}
	return strings.Join(s, "; ")
}

// readPassword reads a new password: one line of standard input with
// fromStdin, else at a prompt on the terminal, typed twice. The password is
// echoed at the prompt.
func (a *app) readPassword(fromStdin bool) (string, error) {
	if fromStdin {
		pw, err := a.readLine()
		if err != nil {
			return "", fmt.Errorf("read the password from standard input: %w", err)
		}
		return pw, nil
	}
	terminal := false
	if f, ok := a.stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			terminal = true
		}
	}
	fmt.Fprintf(a.stderr, "Mật khẩu mới / new password (≥ %d characters): ", congvu.MinPasswordLen)
	pw, err := a.readLine()
	if err != nil {
		return "", fmt.Errorf("read the password: %w (use --password-stdin when piping)", err)
	}
	if terminal {
		fmt.Fprint(a.stderr, "Nhập lại / again: ")
		again, err := a.readLine()
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		if again != pw {
			return "", errors.New("the two passwords differ")
		}
	}
	return pw, nil
}

// readLine reads one line of standard input without its line ending.
func (a *app) readLine() (string, error) {
	line, err := a.in.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("no input")
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
