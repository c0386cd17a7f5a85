package demo

import (
	"bytes"
	"congvu/feedback"
	"congvu/org"
	"congvu/services"
	"congvu/standard"
	"context"
	"fmt"
	"maps"
	"time"

	"congvu"
)

// Load writes the demo province into the database behind s, as the
// command-line operator unless ctx already carries an actor. The database
// must be migrated, and the national catalog seeded if the local standard
// item is wanted (StandardService.EnsureCatalog). Every step checks what
// exists first, so an interrupted load resumes and a finished one is
// detected and skipped (Result.AlreadyLoaded).
func Load(ctx context.Context, s services.Set, opts Options) (*Result, error) {
	start := time.Now()
	p, err := getPlan()
	if err != nil {
		return nil, err
	}
	if congvu.ActorFromContext(ctx) == nil {
		ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Dữ liệu minh họa"))
	}
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	res := &Result{Accounts: append([]Account(nil), p.accounts...)}

	withPetitions := opts.Clock != nil
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	if done, err := loaded(ctx, s, p, !opts.SkipRatings, withPetitions, !opts.SkipTraining, now()); err != nil {
		return nil, err
	} else if done {
		res.AlreadyLoaded = true
		res.Elapsed = time.Since(start)
		return res, nil
	}

	// 1. The units as they were on 01/03/2025, unless the reform of
	// 01/07/2025 is already applied (an interrupted load resuming).
	reformed, err := unitDissolved(ctx, s, FormerProvinceCode)
	if err != nil {
		return nil, err
	}
	units := map[string]*org.Unit{}
	unitByCode := func(code string) (*org.Unit, error) {
		if u, ok := units[code]; ok {
			return u, nil
		}
		u, err := s.Units.FindUnitByCode(ctx, code)
		if err != nil {
			return nil, fmt.Errorf("demo: unit %s: %w", code, err)
		}
		units[code] = u
		return u, nil
	}
	createUnits := func(e era) error {
		for _, spec := range p.units {
			if spec.era != e || spec.byPlan {
				continue
			}
			u, err := s.Units.FindUnitByCode(ctx, spec.code)
			if err == nil {
				units[spec.code] = u
				continue
			}
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return fmt.Errorf("demo: unit %s: %w", spec.code, err)
			}
			parent, err := unitByCode(spec.parent)
			if err != nil {
				return err
			}
			u, err = s.Units.CreateUnit(ctx, org.UnitInput{Code: spec.code, Name: spec.name, Kind: spec.kind, TypeName: spec.typeName, ParentID: parent.ID})
			if err != nil {
				return fmt.Errorf("demo: create unit %s %s: %w", spec.code, spec.name, err)
			}
			units[spec.code] = u
			res.UnitsCreated++
		}
		return nil
	}
	existing := map[string]*org.Official{}
	createOfficials := func(e era) error {
		for _, x := range p.people {
			if _, ok := existing[x.EmployeeCode]; ok || x.era != e {
				continue
			}
			u, err := unitByCode(x.unitCode)
			if err != nil {
				return err
			}
			in := x.OfficialInput
			in.UnitID = u.ID
			o, err := s.Officials.CreateOfficial(ctx, in)
			if err != nil {
				return fmt.Errorf("demo: create official %s %s: %w", x.EmployeeCode, x.FullName, err)
			}
			existing[o.EmployeeCode] = o
			res.OfficialsCreated++
		}
		return nil
	}
	// The people and the restructurings are dated as they happened (with
	// the services' clock): an official's history of units is what a
	// violation's date of the act is checked against.
	atMoment := func(t time.Time, f func() error) error {
		if opts.Clock == nil {
			return f()
		}
		old := *opts.Clock
		*opts.Clock = func() time.Time { return t }
		defer func() { *opts.Clock = old }()
		return f()
	}
	unitFileDay := time.Date(2025, 3, 1, 8, 0, 0, 0, congvu.TimeZone)
	imp, canImport := s.Feedback.(feedback.Importer)
	canImport = canImport && !opts.SkipRatings
	res.Units = &org.ImportResult{} // none imported when resuming after the reform
	if !reformed {
		logf("importing the units of %s and %s as of 01/03/2025", p.formerNames[ProvinceCode], p.formerNames[FormerProvinceCode])
		res.Units, err = s.Units.ImportUnits(ctx, bytes.NewReader(oldUnitsJSON), opts.Progress)
		if err != nil {
			return nil, fmt.Errorf("demo: import units: %w", err)
		}
		// 2. Their agencies, the hospital, one-stop shops, and the people
		// who worked there.
		if err := createUnits(before); err != nil {
			return nil, err
		}
		if existing, err = officialsIn(ctx, s, ProvinceCode, FormerProvinceCode); err != nil {
			return nil, err
		}
		if err := atMoment(unitFileDay, func() error { return createOfficials(before) }); err != nil {
			return nil, err
		}
		// 3. Their ratings, from April to June 2025.
		if canImport {
			if res.FormerFeedback, err = loadFeedback(ctx, s, imp, p, existing, unitByCode, now(), before); err != nil {
				return nil, err
			}
			if f := res.FormerFeedback; !f.AlreadyImported {
				logf("%d ratings before 01/07/2025 added, %d dossiers", f.Ratings, f.Dossiers)
			}
		}
		// 4. The reform of 01/07/2025: the real plan of the communes, then
		// the agencies.
		plan, err := communePlan()
		if err != nil {
			return nil, err
		}
		var done []*org.Restructuring
		err = atMoment(reformDay, func() (err error) { done, err = s.Units.Restructure(ctx, plan); return err })
		if err != nil {
			return nil, fmt.Errorf("demo: restructuring of 01/07/2025: %w", err)
		}
		res.Restructured += len(done)
		logf("restructuring of 01/07/2025 applied: %d operations", len(done))
	}
	clear(units) // codes may have passed to new units
	if agencies, err := unitDissolved(ctx, s, formerAgencies[0].code); err != nil {
		return nil, err
	} else if !agencies {
		var done []*org.Restructuring
		err := atMoment(reformDay.Add(time.Minute), func() (err error) { done, err = s.Units.Restructure(ctx, p.agencyPlan); return err })
		if err != nil {
			return nil, fmt.Errorf("demo: restructuring of the agencies: %w", err)
		}
		res.Restructured += len(done)
		res.UnitsCreated += len(districtShops)
	}

	// 5. Today's units and people: the staffed communes' service centres
	// and people's committees.
	if err := createUnits(after); err != nil {
		return nil, err
	}
	logf("%d agencies and offices added", res.UnitsCreated)
	if existing, err = officialsIn(ctx, s, ProvinceCode); err != nil {
		return nil, err
	}
	if err := atMoment(reformDay.Add(8*time.Hour), func() error { return createOfficials(after) }); err != nil {
		return nil, err
	}
	logf("%d officials added", res.OfficialsCreated)

	// 6. One account per role.
	for _, a := range p.accounts {
		if _, err := findUser(ctx, s, a.Username); err == nil {
			continue
		} else if congvu.ErrorCode(err) != congvu.ENOTFOUND {
			return nil, err
		}
		u, err := unitByCode(a.UnitCode)
		if err != nil {
			return nil, err
		}
		in := org.UserInput{Username: a.Username, FullName: a.FullName, Password: a.Password, Active: true,
			Grants: []congvu.Grant{{Role: a.Role, UnitID: u.ID}}}
		if a.EmployeeCode != "" {
			o, ok := existing[a.EmployeeCode]
			if !ok {
				return nil, fmt.Errorf("demo: official %s of account %s is missing", a.EmployeeCode, a.Username)
			}
			in.OfficialID = o.ID
			in.Email = o.Email
		}
		if _, err := s.Users.CreateUser(ctx, in); err != nil {
			return nil, fmt.Errorf("demo: create user %s: %w", a.Username, err)
		}
		res.UsersCreated++
	}
	logf("%d accounts added", res.UsersCreated)

	// 7. The provincial plans shipped with the catalog (Thái Bình's
	// 86/KH-UBND) become local versions of their units, now in the tree;
	// and a local rule of the provincial public service centre.
	if l, ok := s.Standards.(interface {
		EnsureLocalCatalogs(context.Context) (int, error)
	}); ok {
		n, err := l.EnsureLocalCatalogs(ctx)
		if err != nil {
			return nil, fmt.Errorf("demo: local catalogs: %w", err)
		}
		if n > 0 {
			logf("%d local versions of the code of conduct published", n)
		}
	}
	if s.Standards != nil {
		centre, err := unitByCode(centreCode)
		if err != nil {
			return nil, err
		}
		created, err := addLocalItem(ctx, s, centre)
		if err != nil {
			return nil, err
		}
		res.LocalItemCreated = created
		if created {
			logf("local standard item %s added to %s", LocalItemCode, centre.Name)
		}
	}
	// 8. Citizens' ratings since 01/07/2025, with kiosks and dossiers.
	if canImport {
		if res.Feedback, err = loadFeedback(ctx, s, imp, p, existing, unitByCode, now(), after); err != nil {
			return nil, err
		}
		if f := res.Feedback; !f.AlreadyImported {
			logf("%d ratings added (%d flagged, %d rejected, %d through dossier links), %d dossiers, %d kiosks",
				f.Ratings, f.Flagged, f.Rejected, f.Verified, f.Dossiers, f.Kiosks)
		}
	}
	// 9. Petitions in every status of handling.
	if withPetitions {
		if res.Petitions, err = loadPetitions(ctx, s, p, existing, unitByCode, opts.Clock, now()); err != nil {
			return nil, err
		}
		pr := res.Petitions
		logf("%d petitions added in %.1f s (%d overdue, %d escalated)", pr.Created, pr.Elapsed.Seconds(), pr.Overdue, pr.Escalated)
	} else {
		logf("petitions not loaded: the demo needs the services' clock (Options.Clock)")
	}
	// 10. A year of inspections: the annual plans, the visits, the records
	// and the conclusions.
	if withPetitions && s.Inspections != nil {
		if res.Inspections, err = loadInspections(ctx, s, p, existing, unitByCode, opts.Clock, now()); err != nil {
			return nil, err
		}
		ir := res.Inspections
		logf("%d inspections added in %.1f s (%d plans; %d breached lines, %d naming an official, %d photos; %d corrective actions, %d verified, %d overdue)",
			ir.Created, ir.Elapsed.Seconds(), ir.PlansCreated, ir.Breached, ir.Named, ir.Photos, ir.Actions, ir.Verified, ir.Overdue)
	}
	// 11. The year's violations, their handling and discipline, and the
	// commendations.
	if withPetitions && s.Inspections != nil && s.Violations != nil && s.Discipline != nil && s.Commendations != nil {
		if res.Violations, err = loadViolations(ctx, s, p, existing, unitByCode, opts.Clock, now()); err != nil {
			return nil, err
		}
		vr := res.Violations
		logf("%d violations added in %.1f s (%d handled, %d acknowledged; %d discipline cases, %d decided, %d complaints, %d deferred); %d praises, %d awards proposed, %d approved",
			vr.Created, vr.Elapsed.Seconds(), vr.Handled, vr.Acknowledged, vr.Cases, vr.Decided, vr.Complaints, vr.Deferred,
			vr.Commendations.Praises, vr.Commendations.Proposed, vr.Commendations.Approved)
	}
	// 12. The annual evaluations (2025 closed, the year in progress) and
	// the emulation movements, on the year of violations.
	if withPetitions && s.Violations != nil && s.Discipline != nil && s.Conduct != nil && s.Evaluations != nil && s.Emulation != nil && EvaluationYear(now()) >= 2026 {
		if res.Evaluations, err = loadEvaluations(ctx, s, p, existing, unitByCode, opts.Clock, now()); err != nil {
			return nil, err
		}
		er := res.Evaluations
		logf("%d evaluations of %d closed (%d excellent, %d not completed); %d task products of %d (%d confirmed, %d with failures), %d decided, %d waiting; %d accounts of officials; %d movements, %d registrations, %d titles proposed, %d decided, %d reviews, in %.1f s",
			er.Closed, ClosedYear, er.ClosedExcellent, er.ClosedNotCompleted, er.Products, EvaluationYear(now()), er.Confirmed, er.Failed, er.Decided, er.Proposed, er.Accounts,
			er.Emulation.Movements, er.Emulation.Registrations, er.Emulation.Proposed, er.Emulation.Approved, er.Emulation.Reviews, er.Elapsed.Seconds())
	}
	// 13. The office incident log: a handful of incidents at the ward, one
	// serious reported to the province, one abuse suffered by canbo.
	if withPetitions && s.Incidents != nil {
		if res.Incidents, err = loadIncidents(ctx, s, p, unitByCode, now()); err != nil {
			return nil, err
		}
		ir := res.Incidents
		logf("%d incidents recorded (%d reviewed, %d escalated)", ir.Recorded, ir.Reviewed, ir.Escalated)
	}
	// 14. Training on the code of conduct: the province's campaign with its
	// classes, attendance and quiz, the campaign for new staff, the ward's
	// remedial training and the ward centre's class of today.
	if withPetitions && !opts.SkipTraining && s.Training != nil && s.TrainingQuiz != nil {
		if res.Training, err = loadTraining(ctx, s, p, existing, unitByCode, opts.Clock, now()); err != nil {
			return nil, err
		}
		tr := res.Training
		logf("%d training campaigns (%d assigned in the province's), %d sessions; %d attended by QR code, %d marked, %d online; %d quiz attempts, %d passed (%d after failing); %d certificates; %d named for remedial training, in %.2f s",
			tr.Campaigns, tr.Assigned, tr.Sessions, tr.ByQR, tr.Marked, tr.Online, tr.Attempts, tr.Passed, tr.Retried, tr.Certificates, tr.Named, tr.Elapsed.Seconds())
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// loadFeedback gives every rated unit of era e its QR code and imports the
// ratings of that era.
func loadFeedback(ctx context.Context, s services.Set, imp feedback.Importer, p *plan, officials map[string]*org.Official,
	unitByCode func(string) (*org.Unit, error), now time.Time, e era) (*feedback.ImportResult, error) {
	if done, err := imp.FeedbackImported(ctx, feedbackKey(e)); err != nil || done {
		return &feedback.ImportResult{AlreadyImported: done}, err
	}
	refs := feedbackRefs{units: map[string]int64{}, officials: map[string]int64{}}
	for code, o := range officials {
		refs.officials[code] = o.ID
	}
	for _, st := range p.feedback.streams {
		if st.era != e {
			continue
		}
		u, err := unitByCode(st.unitCode)
		if err != nil {
			return nil, err
		}
		refs.units[st.unitCode] = u.ID
		if e == before {
			continue // no QR code for a unit that will be dissolved
		}
		if _, err := s.Feedback.UnitToken(ctx, u.ID); err != nil {
			return nil, fmt.Errorf("demo: QR code of %s: %w", u.Name, err)
		}
	}
	in, err := buildFeedbackImport(p, p.feedback, refs, now, e)
	if err != nil {
		return nil, err
	}
	res, err := imp.ImportFeedback(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("demo: import ratings: %w", err)
	}
	return res, nil
}

// loaded reports whether the demo is complete: its last unit, every account
// and every official exist, the ratings were imported, (withPetitions)
// every petition and inspection is stored, and (withTraining) the training
// is loaded.
func loaded(ctx context.Context, s services.Set, p *plan, withRatings, withPetitions, withTraining bool, now time.Time) (bool, error) {
	last := p.units[len(p.units)-1]
	if u, err := s.Units.FindUnitByCode(ctx, last.code); err != nil || !u.Active {
		if congvu.ErrorCode(err) == congvu.ENOTFOUND {
			return false, nil
		}
		return false, err
	}
	for _, a := range p.accounts {
		if _, err := findUser(ctx, s, a.Username); err != nil {
			if congvu.ErrorCode(err) == congvu.ENOTFOUND {
				return false, nil
			}
			return false, err
		}
	}
	province, err := s.Units.FindUnitByCode(ctx, ProvinceCode)
	if err != nil {
		return false, err
	}
	_, n, err := s.Officials.FindOfficials(ctx, org.OfficialFilter{UnitID: province.ID, IncludeRetired: true, Limit: 1})
	if err != nil || n < len(p.people) {
		return false, err
	}
	if imp, ok := s.Feedback.(feedback.Importer); ok && withRatings {
		if done, err := imp.FeedbackImported(ctx, FeedbackKey); err != nil || !done {
			return false, err
		}
	}
	if agencies, err := unitDissolved(ctx, s, formerAgencies[0].code); err != nil || !agencies {
		return false, err
	}
	if withPetitions {
		if done, err := petitionsLoaded(ctx, s, p); err != nil || !done {
			return false, err
		}
		if done, err := inspectionsLoaded(ctx, s, p, now); err != nil || !done {
			return false, err
		}
		if done, err := violationsLoaded(ctx, s); err != nil || !done {
			return false, err
		}
		if withTraining {
			if done, err := trainingLoaded(ctx, s, now); err != nil || !done {
				return false, err
			}
		}
		return evaluationsLoaded(ctx, s, now)
	}
	return true, nil
}

// unitDissolved reports whether the unit with this code exists and was
// dissolved (false when it is in force or absent).
func unitDissolved(ctx context.Context, s services.Set, code string) (bool, error) {
	u, err := s.Units.FindUnitByCode(ctx, code)
	if congvu.ErrorCode(err) == congvu.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("demo: unit %s: %w", code, err)
	}
	return !u.Active, nil
}

// officialsIn lists every official under the units with these codes (those
// that exist), by employee code.
func officialsIn(ctx context.Context, s services.Set, codes ...string) (map[string]*org.Official, error) {
	out := map[string]*org.Official{}
	for _, code := range codes {
		u, err := s.Units.FindUnitByCode(ctx, code)
		if congvu.ErrorCode(err) == congvu.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("demo: unit %s: %w", code, err)
		}
		m, err := officialsByCode(ctx, s, u.ID)
		if err != nil {
			return nil, err
		}
		maps.Copy(out, m)
	}
	return out, nil
}

// officialsByCode lists every official under the unit, by employee code.
func officialsByCode(ctx context.Context, s services.Set, unitID int64) (map[string]*org.Official, error) {
	out := map[string]*org.Official{}
	for offset := 0; ; {
		list, total, err := s.Officials.FindOfficials(ctx, org.OfficialFilter{UnitID: unitID, IncludeRetired: true, Offset: offset, Limit: congvu.MaxPageSize})
		if err != nil {
			return nil, fmt.Errorf("demo: list officials: %w", err)
		}
		for _, o := range list {
			out[o.EmployeeCode] = o
		}
		offset += len(list)
		if len(list) == 0 || offset >= total {
			return out, nil
		}
	}
}

// findUser returns the account with exactly this username, or ENOTFOUND.
func findUser(ctx context.Context, s services.Set, username string) (*org.User, error) {
	list, _, err := s.Users.FindUsers(ctx, org.UserFilter{Query: username, Limit: congvu.MaxPageSize})
	if err != nil {
		return nil, fmt.Errorf("demo: find user %s: %w", username, err)
	}
	for _, u := range list {
		if u.Username == username {
			return u, nil
		}
	}
	return nil, congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy tài khoản %s.", username)
}

// addLocalItem adds the centre's own rule unless it is there. It reports
// false without error when no catalog version is published yet.
func addLocalItem(ctx context.Context, s services.Set, centre *org.Unit) (bool, error) {
	if _, err := s.Standards.CurrentVersion(ctx, 0); err != nil {
		if congvu.ErrorCode(err) == congvu.ENOTFOUND {
			return false, nil
		}
		return false, fmt.Errorf("demo: current catalog: %w", err)
	}
	items, err := s.Standards.FindLocalItems(ctx, centre.ID)
	if err != nil {
		return false, fmt.Errorf("demo: local items: %w", err)
	}
	for _, it := range items {
		if it.Code == LocalItemCode {
			return false, nil
		}
	}
	_, err = s.Standards.AddLocalItem(ctx, standard.ItemInput{
		UnitID:    centre.ID,
		GroupCode: "GT",
		Code:      LocalItemCode,
		Title:     "Trả kết quả đúng hẹn; trễ hẹn phải gửi phiếu xin lỗi và hẹn lại",
		Description: "Công chức tiếp nhận và trả kết quả trả hồ sơ đúng thời hạn đã hẹn. Hồ sơ giải quyết quá hạn " +
			"phải có phiếu xin lỗi và hẹn lại thời gian trả kết quả gửi tổ chức, cá nhân trước ngày hẹn.",
		Basis: standard.LegalBasis{Document: "Nội quy Trung tâm Phục vụ hành chính công tỉnh (dữ liệu minh họa)", Section: "Điều 5"},
	})
	if err != nil {
		return false, fmt.Errorf("demo: add local standard item: %w", err)
	}
	return true, nil
}
