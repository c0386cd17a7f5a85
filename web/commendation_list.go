package web

import (
	"net/http"
	"strconv"
	"time"

	"congvu"
	"congvu/commendation"
	"congvu/org"
)

// The staff commendation pages: the list with its filters and the year's
// suggestions (this file), a new praise or proposal
// (commendation_new.go), one commendation with its evidence, history,
// decision and documents (commendation_detail.go), and the dated rule sets
// (commendation_rules.go). The service checks every right; the pages only
// hide the forms an actor could not use. An official reads their own
// praises and decisions here too.

// Query parameters of the list.
const (
	commendationKindParam    = "loai"
	commendationStatusParam  = "trang-thai"
	commendationYearParam    = "nam"
	commendationSuggestParam = "tu-goi-y"
	commendationsPageSize    = 50
	commendationSuggestMax   = 30
)

func (s *Server) commendationRoutes() []Route {
	propose := Need(congvu.ActCommendationPropose)
	return []Route{
		{Method: "GET", Pattern: "/commendations", Access: SignedIn, Handler: s.commendations},
		{Method: "GET", Pattern: "/commendations/new", Access: propose, Handler: s.newCommendationForm},
		{Method: "POST", Pattern: "/commendations/new", Access: propose, Handler: s.createCommendation},
		{Method: "GET", Pattern: "/commendations/{id}", Access: SignedIn, Handler: s.commendation},
		{Method: "POST", Pattern: "/commendations/{id}/decide", Access: Need(congvu.ActCommendationDecide), Handler: s.decideCommendation},
		{Method: "POST", Pattern: "/commendations/{id}/withdraw", Access: propose, Handler: s.withdrawCommendation},
		{Method: "GET", Pattern: "/commendations/{id}/docs/{file}", Access: SignedIn, Handler: s.commendationDoc},
		{Method: "GET", Pattern: "/settings/commendation-rules", Access: SignedIn, Handler: s.commendationRules},
		{Method: "POST", Pattern: "/settings/commendation-rules", Access: Need(congvu.ActCommendationRules), Handler: s.addCommendationRules},
	}
}

func commendationHref(id int64) string { return "/commendations/" + strconv.FormatInt(id, 10) }

func init() {
	FlashMessages["kt-bieu-duong"] = "Đã ghi nhận biểu dương."
	FlashMessages["kt-de-nghi"] = "Đã gửi đề nghị khen thưởng tới cấp có thẩm quyền. Tờ trình có ở mục Văn bản."
	FlashMessages["kt-quyet-dinh"] = "Đã ghi quyết định."
	FlashMessages["kt-rut"] = "Đã rút đề nghị khen thưởng."
	FlashMessages["kt-quy-dinh"] = "Đã thêm bộ quy định khen thưởng."
}

// CommendationsPage is the list, with the year's suggestions for those who
// praise or propose.
type CommendationsPage struct {
	Base
	Form            *Form
	Kinds, Statuses []Option
	Unit            *org.Unit
	Rows            []*commendation.Commendation
	Pager           Pager
	Filtered        bool
	CanPropose      bool
	CanPraise       bool
	ShowSuggestions bool
	Suggestions     []*commendation.Suggestion
	SuggestUnit     string
	Year            int
}

// SuggestionKey names a suggestion in a link: o<official id> or u<unit id>.
func SuggestionKey(g *commendation.Suggestion) string {
	if g.OfficialID != 0 {
		return "o" + strconv.FormatInt(g.OfficialID, 10)
	}
	return "u" + strconv.FormatInt(g.UnitID, 10)
}

// suggestGrant is the grant whose subtree the suggestions are for.
func suggestGrant(a *congvu.Actor) *congvu.Grant {
	if g, ok := commendation.SuggestUnit(a); ok {
		return &g
	}
	return nil
}

func commendationKindOptions(first string) []Option {
	return []Option{{"", first}, {string(commendation.KindPraise), commendation.KindPraise.Label()}, {string(commendation.KindAward), commendation.KindAward.Label()}}
}

func commendationStatusOptions() []Option {
	out := []Option{{"", "Tất cả"}}
	for _, st := range commendation.Statuses {
		out = append(out, Option{string(st), st.Label()})
	}
	return out
}

// thisYear is the current year in Vietnam.
func thisYear() int { return time.Now().In(congvu.TimeZone).Year() }

// commendationYear reads the year parameter of f (this year when empty);
// a bad value is recorded in f.
func commendationYear(f *Form, param string) int {
	v := f.Get(param)
	if v == "" {
		return 0
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > thisYear() {
		f.AddError(param, "Năm phải là số từ 2000 đến "+strconv.Itoa(thisYear())+".")
		return 0
	}
	return y
}

func (s *Server) commendations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := congvu.ActorFromContext(ctx)
	f := NewForm(r.URL.Query())
	p := &CommendationsPage{Base: Base{Title: "Khen thưởng, biểu dương"}, Form: f, Kinds: commendationKindOptions("Tất cả"),
		Statuses: commendationStatusOptions()}
	p.CanPraise, p.CanPropose = a.Can(congvu.ActCommend, ""), a.Can(congvu.ActCommendationPropose, "")
	filter := commendation.Filter{Query: f.Get("q")}
	if k := commendation.Kind(f.Get(commendationKindParam)); k != "" {
		if k == commendation.KindPraise || k == commendation.KindAward {
			filter.Kind = k
		} else {
			f.AddError(commendationKindParam, "Xin chọn một loại trong danh sách.")
		}
	}
	if st := commendation.Status(f.Get(commendationStatusParam)); st != "" {
		if st.Valid() {
			filter.Status = st
		} else {
			f.AddError(commendationStatusParam, "Xin chọn một trạng thái trong danh sách.")
		}
	}
	filter.Year = commendationYear(f, commendationYearParam)
	if code := f.Get(UnitParam); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError(UnitParam, congvu.ErrorMessage(err))
		} else {
			p.Unit, filter.UnitID = u, u.ID
		}
	}
	p.Year = filter.Year
	if p.Year == 0 {
		p.Year = thisYear()
	}
	p.Filtered = len(petitionFilterQuery(r.URL.Query())) > 0
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, commendationsPageSize)
		return s.Render(w, r, http.StatusBadRequest, "commendation_list.html", p)
	}
	filter.Limit, filter.Offset = commendationsPageSize, PageOffset(r, commendationsPageSize)
	list, total, err := s.Services.Commendations.FindCommendations(ctx, filter)
	if err != nil {
		return err
	}
	p.Rows, p.Pager = list, NewPager(r, total, commendationsPageSize)
	if g := suggestGrant(a); g != nil {
		p.ShowSuggestions, p.SuggestUnit = true, g.UnitName
		sg, err := s.Services.Commendations.Suggest(ctx, g.UnitID, p.Year)
		if err != nil && congvu.ErrorCode(err) != congvu.EFORBIDDEN {
			return err
		}
		if len(sg) > commendationSuggestMax {
			sg = sg[:commendationSuggestMax]
		}
		p.Suggestions = sg
	}
	return s.Render(w, r, http.StatusOK, "commendation_list.html", p)
}
