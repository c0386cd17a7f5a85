package mailer_test

import (
	"bufio"
	"encoding/base64"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"testing"

	"congvu"
	"congvu/mailer"
)

// fakeRelay is a minimal SMTP server on a real socket that records what it
// receives.
func fakeRelay(t *testing.T) (addr string, got chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got = make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { io.WriteString(c, s+"\r\n") }
		say("220 relay ready")
		var data strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 relay")
			case strings.HasPrefix(cmd, "MAIL FROM"), strings.HasPrefix(cmd, "RCPT TO"):
				data.WriteString(strings.TrimSpace(line) + "\n")
				say("250 ok")
			case cmd == "DATA":
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					data.WriteString(l)
				}
				say("250 queued")
			case cmd == "QUIT":
				say("221 bye")
				got <- data.String()
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSendDeliversVietnameseText(t *testing.T) {
	addr, got := fakeRelay(t)
	s := &mailer.SMTP{Addr: addr, From: "congvu@thaibinh.gov.vn"}
	body := "Kính gửi Ông/Bà,\nPhản ánh PA-7KQ3-M9XD đã được thụ lý.\nTrân trọng."
	if err := s.Send(&congvu.OutboxMessage{To: "nguoi.xu.ly@thaibinh.gov.vn", Subject: "Phản ánh mới PA-7KQ3-M9XD", Body: body}); err != nil {
		t.Fatal(err)
	}
	raw := <-got
	if !strings.Contains(raw, "RCPT TO:<nguoi.xu.ly@thaibinh.gov.vn>") {
		t.Fatalf("recipient missing in %q", raw)
	}
	msg, err := mail.ReadMessage(strings.NewReader(raw[strings.Index(raw, "From:"):]))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mimeDecoder).decode(msg.Header.Get("Subject"))
	if err != nil || subj != "Phản ánh mới PA-7KQ3-M9XD" {
		t.Fatalf("subject %q (%v)", subj, err)
	}
	b, _ := io.ReadAll(msg.Body)
	dec, err := decodeBase64Lines(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if dec != strings.ReplaceAll(body, "\n", "\r\n") {
		t.Fatalf("body %q", dec)
	}
}

func TestSendReportsRefusedRecipient(t *testing.T) {
	s := &mailer.SMTP{Addr: "127.0.0.1:1", From: "congvu@thaibinh.gov.vn"}
	if err := s.Send(&congvu.OutboxMessage{To: "không phải địa chỉ", Subject: "x", Body: "y"}); err == nil {
		t.Fatal("a bad address was accepted")
	}
	if err := s.Send(&congvu.OutboxMessage{To: "a@b.vn", Subject: "x", Body: "y"}); err == nil {
		t.Fatal("sending to a closed port succeeded")
	}
}

func TestParseURL(t *testing.T) {
	m, err := mailer.ParseURL("smtp://user:p%40ss@mail.thaibinh.gov.vn?from=congvu@thaibinh.gov.vn")
	if err != nil {
		t.Fatal(err)
	}
	if m.Addr != "mail.thaibinh.gov.vn:587" || m.Username != "user" || m.Password != "p@ss" || m.From != "congvu@thaibinh.gov.vn" {
		t.Fatalf("%+v", m)
	}
	for _, bad := range []string{"http://x", "smtp://host", "smtp://?from=a@b.vn", "smtp://host?from=nobody"} {
		if _, err := mailer.ParseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

type mimeDecoder struct{ mime.WordDecoder }

func (d *mimeDecoder) decode(s string) (string, error) { return d.DecodeHeader(s) }

func decodeBase64Lines(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(s))
	return string(b), err
}
