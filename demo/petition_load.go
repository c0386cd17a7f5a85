package demo

import (
	"bytes"
	"congvu"
	"congvu/org"
	"congvu/petition"
	"congvu/services"
	"context"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// ---- the load ----

// existingPetitions maps the description of every demo petition already
// stored to its id and tracking code. Each is looked up by the words of its
// description (the petitions' text search), not by listing every petition:
// the demo finds its own among any number of others (a database filled by
// gen-petitions), and the lookup costs the same however many there are.
func existingPetitions(ctx context.Context, s services.Set, specs []*petitionSpec) (map[string]*petition.Petition, error) {
	out := map[string]*petition.Petition{}
	for _, sp := range specs {
		f := petition.Filter{Query: sp.description, Limit: congvu.MaxPageSize}
		for {
			list, _, err := s.Petitions.FindPetitions(ctx, f)
			if err != nil {
				return nil, fmt.Errorf("demo: find petitions: %w", err)
			}
			for _, p := range list {
				if p.Description == sp.description {
					out[p.Description] = p
				}
			}
			// The total is only counted up to petition.MaxCount+1:
			// pages go on while they come back full.
			if out[sp.description] != nil || len(list) < f.Limit {
				break
			}
			f.Offset += len(list)
		}
	}
	return out, nil
}

// petitionsLoaded reports whether every demo petition is stored.
func petitionsLoaded(ctx context.Context, s services.Set, p *plan) (bool, error) {
	specs, err := getPetitionPlan(p)
	if err != nil {
		return false, err
	}
	have, err := existingPetitions(ctx, s, specs)
	if err != nil {
		return false, err
	}
	for _, sp := range specs {
		if have[sp.description] == nil {
			return false, nil
		}
	}
	return true, nil
}

// timed is an action of a petition (or a sweep) at its moment.
type timed struct {
	at     time.Time
	spec   int // -1 for a sweep
	action int
}

// loadPetitions submits and handles the demo's petitions through
// s.Petitions, moving *clock to each moment, then sweeps deadlines at now.
func loadPetitions(ctx context.Context, s services.Set, p *plan, officials map[string]*org.Official,
	unitByCode func(string) (*org.Unit, error), clock *func() time.Time, now time.Time) (*PetitionsResult, error) {
	start := time.Now()
	specs, err := getPetitionPlan(p)
	if err != nil {
		return nil, err
	}
	res := &PetitionsResult{ByStatus: map[petition.Status]int{}}
	have, err := existingPetitions(ctx, s, specs)
	if err != nil {
		return nil, err
	}

	// The moments, with deadlines on the working-day calendar.
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	times := make([][]time.Time, len(specs))
	var queue []timed
	for i, sp := range specs {
		var first []time.Time
		if sp.dupOf != 0 {
			first = times[sp.dupOf-1]
		}
		if times[i], err = sp.schedule(cal, now, first); err != nil {
			return nil, err
		}
		if have[sp.description] != nil {
			res.Skipped++
			continue
		}
		for j, at := range times[i] {
			queue = append(queue, timed{at: at, spec: i, action: j})
		}
	}
	if len(queue) > 0 {
		// The deadline sweep runs every morning at seven.
		first := queue[0].at
		for _, q := range queue {
			if q.at.Before(first) {
				first = q.at
			}
		}
		for day := midnight(first); ; day = day.AddDate(0, 0, 1) {
			at := day.Add(7 * time.Hour)
			if !at.Before(now) {
				break
			}
			queue = append(queue, timed{at: at, spec: -1})
		}
	}
	sort.SliceStable(queue, func(a, b int) bool { return queue[a].at.Before(queue[b].at) })

	// Who acts: the demo's handlers, as they are signed in.
	actors := map[string]context.Context{}
	for _, a := range p.accounts {
		u, err := findUser(ctx, s, a.Username)
		if err != nil {
			return nil, err
		}
		unit, err := unitByCode(a.UnitCode)
		if err != nil {
			return nil, err
		}
		actors[a.Username] = congvu.NewContextWithActor(ctx, &congvu.Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName,
			OfficialID: u.OfficialID, Grants: []congvu.Grant{{Role: a.Role, UnitID: unit.ID, UnitPath: unit.Path, UnitName: unit.Name}}})
	}
	public := congvu.NewContextWithActor(ctx, nil)

	var moment atomic.Int64
	old := *clock
	*clock = func() time.Time { return time.Unix(0, moment.Load()).UTC() }
	defer func() { *clock = old }()

	ids := make([]int64, len(specs))
	codes := make([]string, len(specs))
	secrets := make([]string, len(specs))
	for i, sp := range specs {
		if e := have[sp.description]; e != nil {
			ids[i], codes[i] = e.ID, e.TrackingCode
		}
	}
	for _, q := range queue {
		moment.Store(q.at.UnixNano())
		if q.spec < 0 {
			r, err := s.Petitions.Sweep(ctx, q.at)
			if err != nil {
				return nil, fmt.Errorf("demo: deadline sweep: %w", err)
			}
			res.Sweeps.Reminded += r.Reminded
			res.Sweeps.Overdue += r.Overdue
			res.Sweeps.Escalated += r.Escalated
			continue
		}
		sp, a := specs[q.spec], specs[q.spec].actions[q.action]
		text := a.text
		if sp.dupOf != 0 {
			text = strings.ReplaceAll(text, "{code}", codes[sp.dupOf-1])
		}
		if err := runPetitionAction(s, public, actors[a.actor], sp, a, text, q.at, officials, unitByCode, &ids[q.spec], &codes[q.spec], &secrets[q.spec]); err != nil {
			return nil, fmt.Errorf("demo: petition %d (%s), %s: %w", q.spec+1, sp.story, actionName(a.kind), err)
		}
		if a.kind == actSubmit {
			res.Created++
		}
	}
	*clock = old

	r, err := s.Petitions.Sweep(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("demo: deadline sweep: %w", err)
	}
	res.Sweeps.Reminded += r.Reminded
	res.Sweeps.Overdue += r.Overdue
	res.Sweeps.Escalated += r.Escalated

	for _, st := range petition.Statuses {
		_, n, err := s.Petitions.FindPetitions(ctx, petition.Filter{Status: st, Limit: 1})
		if err != nil {
			return nil, fmt.Errorf("demo: count petitions: %w", err)
		}
		res.ByStatus[st] = n
	}
	if _, res.Overdue, err = s.Petitions.FindPetitions(ctx, petition.Filter{Overdue: true, Limit: 1}); err != nil {
		return nil, fmt.Errorf("demo: count petitions: %w", err)
	}
	if _, res.Escalated, err = s.Petitions.FindPetitions(ctx, petition.Filter{Escalated: true, Limit: 1}); err != nil {
		return nil, fmt.Errorf("demo: count petitions: %w", err)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func actionName(k actKind) string {
	return [...]string{"submit", "accept", "reject", "assign", "transfer", "verify", "conclude", "reply", "close", "note", "message", "reveal"}[k]
}

// runPetitionAction does action a of petition sp at the moment at.
func runPetitionAction(s services.Set, public, staff context.Context, sp *petitionSpec, a petitionAction, text string, at time.Time,
	officials map[string]*org.Official, unitByCode func(string) (*org.Unit, error), id *int64, code, secret *string) error {
	step := func(in petition.StepInput) error {
		_, err := s.Petitions.Step(staff, *id, in)
		return err
	}
	unitID := func(code string) (int64, error) {
		if code == "" {
			return 0, nil
		}
		u, err := unitByCode(code)
		if err != nil {
			return 0, err
		}
		return u.ID, nil
	}
	switch a.kind {
	case actSubmit:
		in := petition.Input{Category: sp.category, Description: sp.description, Place: sp.place, SubjectText: sp.subjectText,
			Anonymous: sp.anonymous, Reporter: sp.reporter, Consent: !sp.anonymous}
		if sp.official != "" {
			o, ok := officials[sp.official]
			if !ok {
				return fmt.Errorf("official %s is missing", sp.official)
			}
			if sp.badge && o.BadgeToken != "" {
				in.BadgeToken = o.BadgeToken
			} else {
				in.OfficialID = o.ID
			}
		} else {
			u, err := unitByCode(sp.unit)
			if err != nil {
				return err
			}
			in.UnitID = u.ID
		}
		if sp.occurredDays >= 0 {
			day := midnight(at).AddDate(0, 0, -sp.occurredDays)
			for sp.kind != kindHospital && !workday(day) {
				day = day.AddDate(0, 0, -1)
			}
			in.OccurredAt = &day
		}
		if sp.photo != photoNone {
			l := at.Add(-time.Duration(sp.occurredDays*24+3)*time.Hour - 17*time.Minute).In(congvu.TimeZone)
			f, err := s.Petitions.StoreFile(public, l.Format("IMG_20060102_150405.jpg"), bytes.NewReader(demoPhoto(sp.photo, photoSeed(sp.description))))
			if err != nil {
				return err
			}
			in.Files = []*petition.Attachment{f}
		}
		rec, err := s.Petitions.Submit(public, in)
		if err != nil {
			return err
		}
		*id, *code, *secret = rec.Petition.ID, rec.TrackingCode, rec.Secret
		return nil
	case actMessage:
		return s.Petitions.PostReporterMessage(public, *code, *secret, text, false)
	case actAccept:
		return step(petition.StepInput{Step: petition.StepAccept, Note: text})
	case actReject:
		return step(petition.StepInput{Step: petition.StepReject, Reason: text})
	case actAssign, actTransfer:
		u, err := unitID(a.unit)
		if err != nil {
			return err
		}
		if a.kind == actAssign {
			return step(petition.StepInput{Step: petition.StepAssign, UnitID: u, Note: text})
		}
		return step(petition.StepInput{Step: petition.StepTransfer, UnitID: u, Reason: text})
	case actVerify:
		return step(petition.StepInput{Step: petition.StepVerify})
	case actConclude:
		return step(petition.StepInput{Step: petition.StepConclude, Conclusion: a.conclusion, Text: text, Items: a.items, ConclusionPublic: true})
	case actClose:
		return step(petition.StepInput{Step: petition.StepClose})
	case actReply:
		_, err := s.Petitions.Reply(staff, *id, text)
		return err
	case actNote:
		_, err := s.Petitions.AddNote(staff, *id, text)
		return err
	case actReveal:
		_, err := s.Petitions.RevealReporter(staff, *id, text)
		return err
	}
	return fmt.Errorf("unknown action %d", a.kind)
}

// ---- the photos ----

// demoPhoto draws a small photograph as a phone would take it: a dossier
// receipt on a table, or an empty counter; the same seed gives the same
// bytes.
func demoPhoto(kind photoKind, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0x6a706567))
	const w, h = 480, 360
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := max(y0, 0); y < min(y1, h); y++ {
			for x := max(x0, 0); x < min(x1, w); x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	switch kind {
	case photoReceipt:
		fill(0, 0, w, h, color.RGBA{112, 80, 54, 255})         // the table
		fill(64, 26, 418, 344, color.RGBA{80, 58, 40, 255})    // the paper's shadow
		fill(70, 20, 410, 336, color.RGBA{241, 237, 226, 255}) // the receipt
		fill(140, 44, 340, 54, color.RGBA{60, 60, 66, 255})    // its title
		for y := 84; y < 270; y += 17 {
			fill(96, y, 96+150+r.IntN(150), y+6, color.RGBA{96, 96, 104, 255})
		}
		for dy := -30; dy <= 30; dy++ { // the red stamp
			for dx := -30; dx <= 30; dx++ {
				if d := dx*dx + dy*dy; d <= 900 && d >= 650 {
					img.SetRGBA(330+dx, 288+dy, color.RGBA{186, 42, 44, 255})
				}
			}
		}
	default:
		fill(0, 0, w, h, color.RGBA{228, 216, 172, 255})      // the wall
		fill(0, 270, w, h, color.RGBA{156, 156, 150, 255})    // the floor
		fill(176, 50, 304, 104, color.RGBA{28, 82, 160, 255}) // the counter's sign
		fill(192, 70, 288, 84, color.RGBA{245, 245, 245, 255})
		fill(214, 130, 266, 205, color.RGBA{46, 46, 52, 255}) // an empty chair
		fill(40, 196, 440, 300, color.RGBA{122, 86, 56, 255}) // the counter
		fill(40, 196, 440, 204, color.RGBA{160, 120, 84, 255})
	}
	for y := range h {
		for x := range w {
			c := img.RGBAAt(x, y)
			n := r.IntN(13) - 6
			img.SetRGBA(x, y, color.RGBA{clamp8(int(c.R) + n), clamp8(int(c.G) + n), clamp8(int(c.B) + n), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 72}); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return buf.Bytes()
}

// photoSeed makes each petition's photo its own.
func photoSeed(description string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(description))
	return h.Sum64()
}

func clamp8(v int) uint8 { return uint8(min(max(v, 0), 255)) }
