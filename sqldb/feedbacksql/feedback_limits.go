package feedbacksql

import (
	"congvu/feedback"
	"fmt"
	"strings"
	"time"
)

// stuffingLimits counts, in memory, what the rules against ballot stuffing
// need: hits per IP pseudonym and per device in fixed hour windows, and the
// latest ratings of each official for bursts. Only the batcher goroutine
// touches it, so it needs no lock; entries of past windows are swept as time
// moves on, so memory stays bounded by the traffic of one window.
type stuffingLimits struct {
	window    time.Time // start of the current hour window
	hits      map[string]int
	bursts    map[int64]*burstRing
	lastSweep time.Time
}

// burstRing keeps the times of an official's latest BurstPerOfficial+1
// counted ratings.
type burstRing struct {
	at   [feedback.BurstPerOfficial + 1]time.Time
	next int
	n    int
}

func newStuffingLimits() *stuffingLimits {
	return &stuffingLimits{hits: map[string]int{}, bursts: map[int64]*burstRing{}}
}

// hit counts one hit on key in the window of at and returns the count.
func (l *stuffingLimits) hit(key string, at time.Time) int {
	// A rating stamped in an earlier window (a slow batch) counts in the
	// current one.
	if w := at.Truncate(time.Hour); w.After(l.window) {
		l.window = w
		clear(l.hits)
	}
	l.hits[key]++
	return l.hits[key]
}

// burst records a rating of an official at at and reports how many of its
// ratings fall in the BurstWindow ending at at (at most BurstPerOfficial+1).
func (l *stuffingLimits) burst(official int64, at time.Time) int {
	if at.Sub(l.lastSweep) > feedback.BurstWindow {
		for id, r := range l.bursts {
			if at.Sub(r.at[(r.next+len(r.at)-1)%len(r.at)]) > feedback.BurstWindow {
				delete(l.bursts, id)
			}
		}
		l.lastSweep = at
	}
	r := l.bursts[official]
	if r == nil {
		r = &burstRing{}
		l.bursts[official] = r
	}
	r.at[r.next] = at
	r.next = (r.next + 1) % len(r.at)
	r.n = min(r.n+1, len(r.at))
	n := 0
	for i := 0; i < r.n; i++ {
		if d := at.Sub(r.at[i]); d >= 0 && d < feedback.BurstWindow {
			n++
		}
	}
	return n
}

// decide sets the status and reason of a new rating from the anti-stuffing
// rules: a filled honeypot or a rate limit rejects it; a fill faster than
// congvu.MinFillTime or a burst on one official flags it. Every rating
// counts against the limits, rejected or not.
func (l *stuffingLimits) decide(p *pendingRating) {
	f := p.fb
	var reject, flag []string
	if p.checkIP && p.ipHash != "" {
		if l.hit("ip:"+p.ipHash, f.SubmittedAt) > feedback.MaxPerIPPerHour {
			reject = append(reject, fmt.Sprintf("quá %d đánh giá trong một giờ từ một địa chỉ mạng", feedback.MaxPerIPPerHour))
			p.overLimit = true
		}
	}
	if p.device != "" {
		limit := feedback.MaxPerIPPerHour
		if p.target.kioskID != 0 {
			limit = feedback.MaxPerDevicePerHour
		}
		if l.hit("dev:"+p.device, f.SubmittedAt) > limit {
			reject = append(reject, fmt.Sprintf("quá %d đánh giá trong một giờ từ một thiết bị", limit))
			p.overLimit = true
		}
	}
	if p.honeypot {
		reject = append([]string{"điền vào ô ẩn dành cho máy gửi tự động"}, reject...)
	}
	if len(reject) > 0 {
		f.Status, f.FlagReason = feedback.Rejected, strings.Join(reject, "; ")
		return
	}
	if p.fillTime > 0 && p.fillTime < feedback.MinFillTime {
		flag = append(flag, fmt.Sprintf("gửi quá nhanh (%.1f giây sau khi mở trang)", p.fillTime.Seconds()))
	}
	if f.OfficialID != 0 && l.burst(f.OfficialID, f.SubmittedAt) > feedback.BurstPerOfficial {
		flag = append(flag, fmt.Sprintf("đánh giá dồn dập: hơn %d đánh giá một cán bộ trong %d phút", feedback.BurstPerOfficial, int(feedback.BurstWindow/time.Minute)))
	}
	if len(flag) > 0 {
		f.Status, f.FlagReason = feedback.Flagged, strings.Join(flag, "; ")
	}
}
