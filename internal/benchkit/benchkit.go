// Package benchkit holds what the upload tests and benchmarks of several
// packages share: a phone-like photo carrying a GPS position, and a
// sampler of the heap's peak growth.
package benchkit

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// GPSMarker is the text of the photo's EXIF segment; a cleaned copy must
// not hold it.
const GPSMarker = "GPSLatitude=20.4463N;GPSLongitude=106.3366E;BodySerialNumber=SN-4411"

// Photo returns a real JPEG of about size bytes (at least a small one), as
// a phone takes it: a 4:3 picture of noisy gradients with an EXIF (APP1)
// segment holding GPSMarker right after the start marker.
func Photo(tb testing.TB, size int) []byte {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	encode := func(w, h int) []byte {
		img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		for i := range img.Y {
			img.Y[i] = uint8(int(i%w)*200/w + r.IntN(56))
		}
		for i := range img.Cb {
			img.Cb[i], img.Cr[i] = uint8(100+r.IntN(56)), uint8(120+r.IntN(16))
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
			tb.Fatal(err)
		}
		return buf.Bytes()
	}
	w := 32
	if size > 64<<10 {
		w = 1600
	}
	out := encode(w, w*3/4)
	for range 4 { // scale the area to the size wanted
		if size <= 64<<10 {
			break
		}
		if d := len(out) - size; d < size/50 && d > -size/50 {
			break
		}
		w = int(float64(w) * math.Sqrt(float64(size)/float64(len(out))))
		w -= w % 16
		out = encode(w, w*3/4)
	}
	exif := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08"), GPSMarker...)
	seg := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	return append(append(append([]byte{}, out[:2]...), seg...), out[2:]...)
}

// HeapPeak samples the heap every millisecond until stop is called, and
// returns the peak growth over the live heap at the start (after a
// collection), in bytes. The collector runs at GOGC=10 meanwhile, so that
// garbage waiting for a collection counts little: the peak is close to
// what the work holds at once.
func HeapPeak() (stop func() uint64) {
	gc := debug.SetGCPercent(10)
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				metrics.Read(s)
				if v := s[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		debug.SetGCPercent(gc)
		if p := peak.Load(); p > base {
			return p - base
		}
		return 0
	}
}
