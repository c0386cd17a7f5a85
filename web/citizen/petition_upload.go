package citizen

import (
	"errors"
	"io"
	"net/http"
	"time"
)

// SlowUploadLimits bound how the petition form's body may arrive: its
// attachments may take long on a phone's link, but a client that sends
// next to nothing must not hold a connection for long (200 connections
// sending a byte every 5 s stayed open past 140 s; the deadline was 15
// minutes).
type SlowUploadLimits struct {
	// Total is the most the whole body may take (past the server's
	// ReadTimeout): 50 MB from a phone at 2 Mbit/s take over three minutes.
	Total time.Duration
	// Window is the interval over which the rate is measured; a client
	// silent for two windows is cut off.
	Window time.Duration
	// MinRate is the fewest bytes per second each window must bring,
	// after the first window (the grace while the browser starts).
	MinRate int64
}

// SlowUpload are the limits in force (tests shorten them).
var SlowUpload = SlowUploadLimits{Total: 15 * time.Minute, Window: 20 * time.Second, MinRate: 2 << 10}

// errTooSlow is returned by a body arriving slower than SlowUpload.MinRate.
var errTooSlow = errors.New("petition form: request body slower than the minimum rate")

// minRateBody reads a request body at no less than lim.MinRate bytes per
// second per window. It moves the connection's read deadline along, one
// window or two at a time, never past the start plus lim.Total, so a
// stalled client times out within two windows instead of at the end.
type minRateBody struct {
	io.ReadCloser
	rc          *http.ResponseController
	lim         SlowUploadLimits
	start, end  time.Time // end: start + lim.Total
	windowStart time.Time
	windowBytes int64
	graced      bool // the first window, while the browser starts, is not measured
	tooSlow     bool
}

func newMinRateBody(w http.ResponseWriter, body io.ReadCloser, lim SlowUploadLimits) *minRateBody {
	now := time.Now()
	b := &minRateBody{ReadCloser: body, rc: http.NewResponseController(w), lim: lim, start: now, end: now.Add(lim.Total), windowStart: now}
	b.extend(now)
	return b
}

// extend moves the read deadline to two windows from now (at most the end).
func (b *minRateBody) extend(now time.Time) {
	d := now.Add(2 * b.lim.Window)
	if d.After(b.end) {
		d = b.end
	}
	b.rc.SetReadDeadline(d) // ErrNotSupported (a test's recorder): the rate check still applies
}

func (b *minRateBody) Read(p []byte) (int, error) {
	if b.tooSlow {
		return 0, errTooSlow
	}
	now := time.Now()
	if elapsed := now.Sub(b.windowStart); elapsed >= b.lim.Window {
		if b.graced && float64(b.windowBytes) < float64(b.lim.MinRate)*elapsed.Seconds() {
			b.tooSlow = true
			return 0, errTooSlow
		}
		b.windowStart, b.windowBytes, b.graced = now, 0, true
		b.extend(now)
	}
	n, err := b.ReadCloser.Read(p)
	b.windowBytes += int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		// A read that timed out is a client too slow too.
		var ne interface{ Timeout() bool }
		if errors.As(err, &ne) && ne.Timeout() {
			b.tooSlow = true
		}
	}
	return n, err
}
