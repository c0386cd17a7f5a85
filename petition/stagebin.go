package petition

import (
	"math"
	"slices"
	"time"
)

// The time a stage took is counted, for its median, to two significant
// figures of hours: to the tenth of an hour under 10 hours, to the hour
// under 100, to 10 hours under 1,000, to 100 hours beyond. The dashboard's
// rollups keep a count per such value, so the median read from them is the
// one read from the petitions themselves.

// StageTenths is the duration of a stage from started to done (whole
// seconds of each instant, so that storage can compute the same from its
// columns), in tenths of an hour, to two significant figures, rounded
// half up. A negative duration counts as 0.
func StageTenths(started, done time.Time) int64 {
	return TenthsOfSeconds(done.Unix() - started.Unix())
}

// TenthsOfSeconds is StageTenths of a duration of s seconds.
func TenthsOfSeconds(s int64) int64 {
	switch {
	case s <= 0:
		return 0
	case s < 36_000: // 10 hours
		return (s + 180) / 360
	case s < 360_000: // 100 hours
		return (s + 1_800) / 3_600 * 10
	case s < 3_600_000: // 1,000 hours
		return (s + 18_000) / 36_000 * 100
	}
	return (s + 180_000) / 360_000 * 1_000
}

// TenthsCount is how many stages took Tenths tenths of an hour.
type TenthsCount struct {
	Tenths int64
	N      int
}

// MedianTenthsHours is the median, in hours to a tenth, of the durations
// counted in counts (the mean of the two middle values for an even count);
// 0 for none. It sorts counts.
func MedianTenthsHours(counts []TenthsCount) float64 {
	slices.SortFunc(counts, func(a, b TenthsCount) int {
		switch {
		case a.Tenths < b.Tenths:
			return -1
		case a.Tenths > b.Tenths:
			return 1
		}
		return 0
	})
	total := 0
	for _, c := range counts {
		total += c.N
	}
	if total == 0 {
		return 0
	}
	// nth returns the value of rank k (0-based).
	nth := func(k int) int64 {
		for _, c := range counts {
			if k < c.N {
				return c.Tenths
			}
			k -= c.N
		}
		return 0
	}
	var m float64
	if total%2 == 1 {
		m = float64(nth(total/2)) / 10
	} else {
		m = float64(nth(total/2-1)+nth(total/2)) / 20
	}
	return math.Round(m*10) / 10
}
