package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"congvu"
)

// JobStatus is the state of a background job.
type JobStatus string

// The job states.
const (
	JobRunning JobStatus = "running"
	JobDone    JobStatus = "done"
	JobFailed  JobStatus = "failed"
)

// JobResult is what a finished job reports to its owner.
type JobResult struct {
	Message string   // e.g. "Đã nhập 10.547 đơn vị: 34 tạo mới, ..."
	Details []string // e.g. one line per rejected row
	Link    Link     // where to go next (optional)
}

// JobFunc is the work of a job. It reports progress through progress and
// runs with the actor and request metadata of the request that started it.
type JobFunc func(ctx context.Context, progress congvu.Progress) (JobResult, error)

// Job is one piece of background work. Read it through Snapshot.
type Job struct {
	ID      string
	Title   string
	OwnerID int64
	Started time.Time

	mu       sync.Mutex
	done     int
	total    int
	status   JobStatus
	result   JobResult
	errMsg   string
	finished time.Time
	doneCh   chan struct{}
}

// JobView is a consistent copy of a job's state.
type JobView struct {
	ID, Title string
	Status    JobStatus
	Done      int
	Total     int
	Percent   int
	Result    JobResult
	Error     string
	Started   time.Time
	Finished  time.Time
}

// Running reports whether the job is still running.
func (v JobView) Running() bool { return v.Status == JobRunning }

// Snapshot returns the job's current state.
func (j *Job) Snapshot() JobView {
	j.mu.Lock()
	defer j.mu.Unlock()
	v := JobView{ID: j.ID, Title: j.Title, Status: j.status, Done: j.done, Total: j.total,
		Result: j.result, Error: j.errMsg, Started: j.Started, Finished: j.finished}
	if j.total > 0 {
		v.Percent = min(100, j.done*100/j.total)
	}
	if j.status == JobDone {
		v.Percent = 100
	}
	return v
}

// Done is closed when the job has finished.
func (j *Job) Done() <-chan struct{} { return j.doneCh }

// Jobs is an in-memory registry of background jobs. Jobs live in one
// process: a restart forgets them (the work itself is transactional, so an
// interrupted import leaves nothing half done).
type Jobs struct {
	mu   sync.Mutex
	jobs map[string]*Job
	// Keep is how long a finished job stays visible.
	Keep time.Duration
	log  *slog.Logger
}

// NewJobs returns an empty registry keeping finished jobs for an hour.
func NewJobs() *Jobs {
	return &Jobs{jobs: map[string]*Job{}, Keep: time.Hour, log: slog.Default()}
}

// Start runs fn in the background for the actor of ctx and returns the job
// at once. The job's context keeps the values of ctx (actor, request
// metadata) but not its cancellation, so it outlives the request.
func (js *Jobs) Start(ctx context.Context, title string, fn JobFunc) *Job {
	b := make([]byte, 16)
	rand.Read(b)
	j := &Job{ID: hex.EncodeToString(b), Title: title, Started: time.Now(), status: JobRunning, doneCh: make(chan struct{})}
	if a := congvu.ActorFromContext(ctx); a != nil {
		j.OwnerID = a.UserID
	}
	js.mu.Lock()
	for id, old := range js.jobs {
		old.mu.Lock()
		expired := old.status != JobRunning && time.Since(old.finished) > js.Keep
		old.mu.Unlock()
		if expired {
			delete(js.jobs, id)
		}
	}
	js.jobs[j.ID] = j
	js.mu.Unlock()

	jctx := context.WithoutCancel(ctx)
	go func() {
		defer close(j.doneCh)
		var res JobResult
		var err error
		func() {
			defer func() {
				if v := recover(); v != nil {
					err = fmt.Errorf("job %q panicked: %v", title, v)
				}
			}()
			res, err = fn(jctx, func(done, total int) {
				j.mu.Lock()
				j.done, j.total = done, total
				j.mu.Unlock()
			})
		}()
		j.mu.Lock()
		defer j.mu.Unlock()
		j.finished = time.Now()
		j.result = res
		if err != nil {
			j.status = JobFailed
			j.errMsg = congvu.ErrorMessage(err)
			if congvu.ErrorCode(err) == congvu.EINTERNAL {
				js.log.Error("job failed", "job", j.ID, "title", title, "err", err)
			}
			return
		}
		j.status = JobDone
	}()
	return j
}

// Get returns the job with id, or nil.
func (js *Jobs) Get(id string) *Job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.jobs[id]
}

// JobPage shows a job's progress; it refreshes itself while the job runs.
type JobPage struct {
	Base
	Job JobView
}

// job shows the progress page of a job to its owner (anyone else: 404).
func (s *Server) job(w http.ResponseWriter, r *http.Request) error {
	j := s.Jobs.Get(r.PathValue("id"))
	a := congvu.ActorFromContext(r.Context())
	if j == nil || a == nil || j.OwnerID != a.UserID {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy công việc này (có thể đã quá hạn lưu).")
	}
	v := j.Snapshot()
	return s.Render(w, r, http.StatusOK, "job.html", &JobPage{Base: Base{Title: v.Title}, Job: v})
}
