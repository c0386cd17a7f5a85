// Package mailer delivers queued email (see congvu.OutboxMessage) over SMTP.
// Messages are plain UTF-8 text, base64-encoded, with RFC 2047 subjects, so
// Vietnamese survives every relay.
package mailer

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"congvu"
)

// SMTP sends through one relay. net/smtp upgrades to TLS with STARTTLS when
// the server offers it and refuses to send a password in clear text except
// to localhost.
type SMTP struct {
	Addr     string // host:port
	From     string // the sender address
	Username string
	Password string
}

// ParseURL reads the operator's setting:
// smtp://user:password@host:587?from=congvu@example.gov.vn (user and
// password optional; the port defaults to 587).
func ParseURL(s string) (*SMTP, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP setting must look like smtp://user:password@host:587?from=address")
	}
	port := u.Port()
	if port == "" {
		port = "587"
	}
	from := u.Query().Get("from")
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("SMTP setting needs a valid sender: ?from=address")
	}
	m := &SMTP{Addr: net.JoinHostPort(u.Hostname(), port), From: from}
	if u.User != nil {
		m.Username = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	return m, nil
}

// Send delivers one message.
func (s *SMTP) Send(m *congvu.OutboxMessage) error {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("bad recipient address: %w", err)
	}
	var auth smtp.Auth
	if s.Username != "" {
		host, _, _ := net.SplitHostPort(s.Addr)
		auth = smtp.PlainAuth("", s.Username, s.Password, host)
	}
	return smtp.SendMail(s.Addr, auth, s.From, []string{to.Address}, Compose(s.From, to.Address, m.Subject, m.Body, time.Now()))
}

// Compose builds the RFC 5322 message.
func Compose(from, to, subject, body string, at time.Time) []byte {
	var b bytes.Buffer
	id := make([]byte, 12)
	rand.Read(id)
	domain := "congvu.local"
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		domain = from[i+1:]
	}
	fmt.Fprintf(&b, "From: %s\r\n", (&mail.Address{Name: "Công vụ", Address: from}).String())
	fmt.Fprintf(&b, "To: %s\r\n", to)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", at.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(body, "\n", "\r\n")))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}
