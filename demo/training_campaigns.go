package demo

import (
	"congvu"
	"congvu/training"
	"fmt"
	"strings"
	"time"
)

// tCampaign is a campaign the demo runs: created by its organiser, opened,
// its sessions scheduled, then each official's training decided from the
// assignments the opening made.
type tCampaign struct {
	organiser string // the demo account
	unitCode  string
	in        training.CampaignInput
	createAt  time.Time
	openAt    time.Time
	sessions  []*tSession
	// prepare runs before the campaign is created (its materials), may be
	// nil; decide queues the officials' training once it is open.
	prepare func(tc *tCampaign) error
	decide  func(tc *tCampaign, list []*training.Assignment)
	c       *training.Campaign
}

// tSession is a session of a demo campaign; units are the codes of the
// units whose officials attend it (the class of their group).
type tSession struct {
	in       training.SessionInput
	createAt time.Time
	units    []string
	s        *training.Session
}

// plan queues the question bank and the four campaigns.
func (w *tWork) plan() error {
	main := w.mainCampaign()
	w.add(w.at(main.in.StartsOn, -8, 30), "question bank", w.ensureBank)
	ward := w.wardCampaign()
	w.todaySession = ward.sessions[1]
	for _, tc := range []*tCampaign{main, w.newStaffCampaign(), ward} {
		if err := w.schedule(tc); err != nil {
			return err
		}
	}
	w.remedialCampaign()
	return nil
}

// schedule queues a campaign's creation, opening and sessions, unless a
// campaign of that title exists (a load resuming).
func (w *tWork) schedule(tc *tCampaign) error {
	by := w.actors[tc.organiser]
	u := w.units[tc.unitCode]
	if u == nil {
		var err error
		if u, err = w.unitByCode(tc.unitCode); err != nil {
			return err
		}
	}
	if c, err := findCampaign(by, w.s, u.ID, tc.in.Title); err != nil || c != nil {
		return err
	}
	tc.in.UnitID = u.ID
	w.add(tc.createAt, "create "+tc.in.Title, func() error {
		if tc.prepare != nil {
			if err := tc.prepare(tc); err != nil {
				return err
			}
		}
		c, err := w.s.Training.CreateCampaign(by, tc.in)
		if err != nil {
			return err
		}
		tc.c = c
		w.res.Campaigns++
		return nil
	})
	w.add(tc.openAt, "open "+tc.in.Title, func() error {
		c, err := w.s.Training.OpenCampaign(by, tc.c.ID)
		if err != nil {
			return err
		}
		tc.c = c
		list, err := w.assignments(tc)
		if err != nil {
			return err
		}
		for _, x := range tc.sessions {
			w.add(x.createAt, "session "+x.in.Title, func() error {
				x.in.CampaignID = tc.c.ID
				s, err := w.s.Training.CreateSession(by, x.in)
				if err != nil {
					return err
				}
				x.s = s
				w.res.Sessions++
				return nil
			})
		}
		tc.decide(tc, list)
		return nil
	})
	return nil
}

// assignments lists the campaign's assignments, as its organiser sees
// them.
func (w *tWork) assignments(tc *tCampaign) ([]*training.Assignment, error) {
	var out []*training.Assignment
	for f := (training.Filter{CampaignID: tc.c.ID, Limit: congvu.MaxPageSize}); ; {
		list, total, err := w.s.Training.Assignments(w.actors[tc.organiser], f)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}

// personAt is "Name, position" of the first official of the unit whose
// position begins with position (a lecturer).
func (w *tWork) personAt(code, position, suffix string) string {
	for _, pe := range w.p.people {
		if pe.nowCode == code && strings.HasPrefix(pe.Position, position) {
			return pe.FullName + ", " + pe.Position + suffix
		}
	}
	return ""
}

// sessionAt is h:m on the working day days working days after from.
func (w *tWork) sessionAt(from time.Time, days, h, m int) time.Time {
	return clockAt(w.at(from, days, 0), h, m)
}

// mainCampaign is the province's campaign: every official, a class per
// group of units over the first months, online self-study, the quiz.
func (w *tWork) mainCampaign() *tCampaign {
	end := mainPeriodEnd(w.now)
	first := time.Date(end.Year(), end.Month()-4, 1, 0, 0, 0, 0, congvu.TimeZone)
	start := midnight(w.at(first, 0, 0))
	year := end.Year()
	tc := &tCampaign{organiser: "noivu", unitCode: ProvinceCode, createAt: w.at(start, -6, 90), openAt: w.at(start, 0, 30),
		in: training.CampaignInput{
			Title: fmt.Sprintf(mainCampaignTitle, year),
			Purpose: fmt.Sprintf("Quán triệt đến toàn thể cán bộ, công chức, viên chức trong tỉnh mục tiêu, nội dung của Đề án văn hóa công vụ "+
				"(Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ) và Bộ chuẩn mực văn hóa công vụ; thực hiện Kế hoạch "+
				"của UBND tỉnh về đẩy mạnh thực hiện văn hóa công vụ năm %d. Mỗi cán bộ dự một buổi quán triệt (trực tiếp tại đơn vị "+
				"hoặc tự học trực tuyến) và làm bài kiểm tra nhận thức đạt từ 80%% số câu trở lên.", year),
			Audience: training.AudienceAll, StartsOn: start, EndsOn: end, Hours: 4,
			QuizQuestions: 10, PassMark: 80, MaxAttempts: 3}}
	deputy := w.personAt("33.SNV", "Phó Giám đốc Sở", " Nội vụ")
	noivu := accountOf(w.p, "noivu")
	civilService := noivu.FullName + ", Chuyên viên chính Phòng Công chức, viên chức, Sở Nội vụ"
	groups := []struct {
		title, place, lecturer string
		units                  []string
	}{
		{"Hội nghị quán triệt khối cơ quan tỉnh (đợt 1)", "Hội trường A, Trung tâm Hội nghị tỉnh Hưng Yên", deputy,
			[]string{"33.SNV", "33.STC", "33.SXD", "33.SNNMT", "33.SCT", "33.VP", "33.TTT"}},
		{"Hội nghị quán triệt khối cơ quan tỉnh (đợt 2)", "Hội trường A, Trung tâm Hội nghị tỉnh Hưng Yên", deputy,
			[]string{"33.SYT", "33.SGDDT", "33.SVHTTDL", "33.SKHCN", "33.STP", centreCode}},
		{"Quán triệt tại Bệnh viện Đa khoa Thái Bình", "Hội trường tầng 5, Bệnh viện Đa khoa Thái Bình",
			w.personAt(hospitalCode, "Phó Giám đốc Bệnh viện", ""), []string{hospitalCode}},
	}
	for _, c := range w.p.communes {
		name := w.p.unitNames[c]
		groups = append(groups, struct {
			title, place, lecturer string
			units                  []string
		}{"Quán triệt tại " + name, "Hội trường Trụ sở HĐND - UBND " + lowerFirst(name), civilService, []string{c, communeCentre(c)}})
	}
	for i, g := range groups {
		day := 6 + 5*i
		at := w.sessionAt(start, day, 8, 0)
		if i%2 == 1 {
			at = w.sessionAt(start, day, 14, 0)
		}
		tc.sessions = append(tc.sessions, &tSession{createAt: w.at(start, 1+i%4, 60+10*i), units: g.units,
			in: training.SessionInput{Title: g.title, Mode: training.ModeInPerson, Place: g.place, Lecturer: g.lecturer,
				StartsAt: at, EndsAt: at.Add(2*time.Hour + 30*time.Minute)}})
	}
	tc.sessions = append(tc.sessions, &tSession{createAt: w.at(start, 2, 30),
		in: training.SessionInput{Title: "Tự học trực tuyến: Đề án văn hóa công vụ và Bộ chuẩn mực", Mode: training.ModeOnline}})
	tc.decide = w.decideMain
	tc.prepare = func(tc *tCampaign) error { return w.uploadPlan(tc, w.units[ProvinceCode], w.at(start, -7, 60)) }
	return tc
}

// newStaffCampaign is the province's campaign for the staff received since
// the reform of 01/07/2025, open until the end of this month.
func (w *tWork) newStaffCampaign() *tCampaign {
	start := midnight(w.at(w.today, -18, 0))
	end := time.Date(w.today.Year(), w.today.Month()+1, 1, 0, 0, 0, 0, congvu.TimeZone).AddDate(0, 0, -1)
	if end.Sub(w.today) < 10*24*time.Hour {
		end = w.today.AddDate(0, 0, 20)
	}
	since := reformDay
	at := w.sessionAt(start, 7, 7, 30)
	return &tCampaign{organiser: "noivu", unitCode: ProvinceCode, createAt: w.at(start, -3, 120), openAt: w.at(start, 0, 45),
		in: training.CampaignInput{
			Title: fmt.Sprintf(newStaffCampaignTitle, end.Year()),
			Purpose: "Bồi dưỡng cho cán bộ, công chức được tuyển dụng, tiếp nhận, bố trí từ ngày 01/7/2025 (chính quyền địa phương hai cấp) " +
				"về Đề án văn hóa công vụ, Bộ chuẩn mực và quy tắc ứng xử tại bộ phận một cửa.",
			Audience: training.AudienceNew, NewSince: &since, StartsOn: start, EndsOn: end, Hours: 8,
			QuizQuestions: 10, PassMark: 80, MaxAttempts: 3},
		sessions: []*tSession{
			{createAt: w.at(start, 1, 30), in: training.SessionInput{Title: "Lớp bồi dưỡng tập trung", Mode: training.ModeInPerson,
				Place: "Hội trường tầng 2, Trường Chính trị tỉnh Hưng Yên", Lecturer: "TS. Vũ Thị Thanh Hà, Giảng viên chính Trường Chính trị tỉnh",
				StartsAt: at, EndsAt: at.Add(4 * time.Hour)}, units: nil},
			{createAt: w.at(start, 1, 40), in: training.SessionInput{Title: "Tự học trực tuyến: văn hóa công vụ cho cán bộ mới", Mode: training.ModeOnline}},
		},
		decide: w.decideNewStaff}
}

// todaySlot is the class of today holding now, so a visitor can scan its
// code: the morning or afternoon class in office hours, else the hours
// around now.
func todaySlot(now time.Time) (time.Time, time.Time) {
	l := now.In(congvu.TimeZone)
	m := l.Hour()*60 + l.Minute()
	switch {
	case m >= 7*60 && m < 10*60+30:
		return clockAt(l, 7, 30), clockAt(l, 11, 30)
	case m >= 13*60 && m < 16*60:
		return clockAt(l, 13, 30), clockAt(l, 17, 0)
	}
	start := l.Truncate(30 * time.Minute).Add(-30 * time.Minute)
	return start, start.Add(4 * time.Hour)
}

// wardCampaign is the ward centre's own class, with a session today canbo
// has still to attend.
func (w *tWork) wardCampaign() *tCampaign {
	start := midnight(w.at(w.today, -8, 0))
	end := w.today.AddDate(0, 0, 21)
	first := w.sessionAt(w.today, -4, 14, 0)
	from, to := todaySlot(w.now)
	room := "Phòng họp Trung tâm Phục vụ hành chính công phường Thái Bình"
	lecturer := w.personAt(communeCentre(CityWard), "Phó Giám đốc Trung tâm", " Phục vụ hành chính công phường")
	return &tCampaign{organiser: "thutruong", unitCode: communeCentre(CityWard), createAt: w.at(start, 0, 30), openAt: w.at(start, 0, 50),
		in: training.CampaignInput{
			Title: fmt.Sprintf(wardCampaignTitle, w.today.Year()),
			Purpose: "Rèn kỹ năng giao tiếp, ứng xử với người dân tại quầy tiếp nhận và trả kết quả: «4 xin, 4 luôn», hướng dẫn hồ sơ " +
				"một lần, xin lỗi và hẹn lại khi trễ hẹn, xử lý tình huống người dân bức xúc. Công chức chia hai lớp để quầy luôn có người.",
			Audience: training.AudienceAll, StartsOn: start, EndsOn: end, Hours: 3,
			QuizQuestions: 10, PassMark: 80, MaxAttempts: 3},
		sessions: []*tSession{
			{createAt: w.at(start, 0, 70), in: training.SessionInput{Title: "Lớp 1: giao tiếp tại quầy và tình huống khó", Mode: training.ModeInPerson,
				Place: room, Lecturer: lecturer, StartsAt: first, EndsAt: first.Add(2*time.Hour + 30*time.Minute)}},
			{createAt: w.at(start, 0, 75), in: training.SessionInput{Title: "Lớp 2: giao tiếp tại quầy và tình huống khó (cho công chức trực quầy hôm lớp 1)",
				Mode: training.ModeInPerson, Place: room, Lecturer: lecturer, StartsAt: from, EndsAt: to}},
		},
		decide: w.decideWard}
}
