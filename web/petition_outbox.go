package web

import (
	"congvu"
	"net/http"
)

// ---- Email outbox ----

// OutboxRow is one queued email as the outbox page shows it.
type OutboxRow struct {
	*congvu.OutboxMessage
}

// State is "sent", "failed" (the sender gave up) or "pending".
func (m OutboxRow) State() string {
	switch {
	case m.SentAt != nil:
		return "sent"
	case m.Attempts >= outboxMaxAttempts:
		return "failed"
	}
	return "pending"
}

// StateLabel is the state in words.
func (m OutboxRow) StateLabel() string {
	switch m.State() {
	case "sent":
		return "Đã gửi"
	case "failed":
		return "Không gửi được"
	}
	return "Chờ gửi"
}

// PetitionOutboxPage is the email outbox.
type PetitionOutboxPage struct {
	Base
	Subnav      []NavItem
	Messages    []OutboxRow
	Pager       Pager
	Delivery    bool // an SMTP sender delivers the outbox
	MaxAttempts int
}

func (s *Server) outbox(w http.ResponseWriter, r *http.Request) error {
	msgs, total, err := s.Services.Outbox.FindOutbox(r.Context(), PageOffset(r, outboxPageSize), outboxPageSize)
	if err != nil {
		return err
	}
	a := congvu.ActorFromContext(r.Context())
	p := &PetitionOutboxPage{Base: Base{Title: "Hộp thư đi"}, Subnav: s.petitionSubnav(a, "/outbox"),
		Pager: NewPager(r, total, outboxPageSize), Delivery: s.MailDelivery, MaxAttempts: outboxMaxAttempts}
	for _, m := range msgs {
		p.Messages = append(p.Messages, OutboxRow{m})
	}
	return s.Render(w, r, http.StatusOK, "outbox.html", p)
}
