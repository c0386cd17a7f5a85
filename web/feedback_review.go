package web

import (
	"congvu/feedback"
	"net/http"
	"net/url"
	"strconv"

	"congvu"
)

// The review of suspicious ratings: flagged and rejected ratings are kept,
// out of the indices, until a supervisor restores or rejects them.

func init() {
	FlashMessages["da-xet"] = "Đã xét lại đánh giá; chỉ số hài lòng đã được cập nhật."
}

func (s *Server) reviewRoutes() []Route {
	need := Need(congvu.ActFeedbackReview)
	return []Route{
		{Method: "GET", Pattern: "/feedback/review", Access: need, Handler: s.reviewQueue},
		{Method: "POST", Pattern: "/feedback/{id}/review", Access: need, Handler: s.reviewFeedback},
	}
}

// ReviewPage lists ratings to review.
type ReviewPage struct {
	Base
	Form     *Form
	Statuses []Option
	Items    []*feedback.Feedback
	Pager    Pager
	Back     string // this page's URL, where a review returns to
}

const reviewPageSize = 30

func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r.URL.Query())
	p := &ReviewPage{Base: Base{Title: "Xét lại đánh giá nghi vấn"}, Form: f, Back: r.URL.RequestURI()}
	status := f.Get("trang-thai")
	if status == "" && !f.Values.Has("trang-thai") {
		status = string(feedback.Flagged)
		f.Values.Set("trang-thai", status)
	}
	p.Statuses = []Option{{string(feedback.Flagged), feedback.Flagged.Label()},
		{string(feedback.Rejected), feedback.Rejected.Label()},
		{string(feedback.Accepted), feedback.Accepted.Label()}, {"", "Tất cả"}}
	filter := feedback.Filter{Status: feedback.Status(status), Query: f.Get("q"),
		Limit: reviewPageSize, Offset: PageOffset(r, reviewPageSize)}
	switch filter.Status {
	case "", feedback.Flagged, feedback.Rejected, feedback.Accepted:
	default:
		f.AddError("trang-thai", "Xin chọn một trạng thái trong danh sách.")
	}
	if code := f.Get(UnitParam); code != "" {
		u, err := s.unitByCode(r, code)
		if err != nil {
			if congvu.ErrorCode(err) != congvu.ENOTFOUND {
				return err
			}
			f.AddError(UnitParam, congvu.ErrorMessage(err))
		} else {
			filter.UnitID = u.ID
		}
	}
	if f.Failed() {
		f.Message = "Bộ lọc chưa hợp lệ, xin kiểm tra lại các ô được đánh dấu."
		p.Pager = NewPager(r, 0, reviewPageSize)
		return s.Render(w, r, http.StatusBadRequest, "feedback_review.html", p)
	}
	items, total, err := s.Services.Feedback.FindFeedback(r.Context(), filter)
	if err != nil {
		return err
	}
	p.Items, p.Pager = items, NewPager(r, total, reviewPageSize)
	return s.Render(w, r, http.StatusOK, "feedback_review.html", p)
}

func (s *Server) reviewFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return congvu.Errorf(congvu.ENOTFOUND, "Không tìm thấy đánh giá.")
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	status := feedback.Status(r.PostForm.Get("trang-thai"))
	if _, err := s.Services.Feedback.ReviewFeedback(r.Context(), id, status, r.PostForm.Get("ghi-chu")); err != nil {
		return err
	}
	back := r.PostForm.Get("quay-lai")
	if u, err := url.Parse(back); err != nil || u.Path != "/feedback/review" || u.Host != "" || u.Scheme != "" {
		back = "/feedback/review" // only back to this page: no open redirect
	}
	return s.Redirect(w, r, back, "da-xet")
}
