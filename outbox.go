package congvu

import (
	"context"
	"io"
	"time"
)

// OutboxMessage is an email waiting to be sent (or sent). Every email goes
// through the outbox, in the same transaction as the change that causes
// it; a sender delivers it over SMTP, or, in demo mode, the outbox page
// shows it.
type OutboxMessage struct {
	ID        int64      `json:"id"`
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	UnitID    int64      `json:"unit_id,omitempty"` // whose business it is (scopes the outbox page)
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error,omitempty"`
}

// OutboxService reads and delivers queued email.
type OutboxService interface {
	// FindOutbox lists messages of units in the actor's ActAuditView scope,
	// newest first.
	FindOutbox(ctx context.Context, offset, limit int) ([]*OutboxMessage, int, error)
	// Deliver sends up to limit pending messages with send, recording
	// success or the error (retried later, at most 5 attempts).
	Deliver(ctx context.Context, limit int, send func(*OutboxMessage) error) (sent int, err error)
}

// BlobStore keeps file contents (petition attachments) outside the
// database, streamed in and out.
type BlobStore interface {
	// Put streams r into a new blob and returns its key and size.
	Put(ctx context.Context, r io.Reader) (key string, size int64, err error)
	// Open returns the blob's content; the caller closes it. ENOTFOUND.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes a blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key string) error
}
