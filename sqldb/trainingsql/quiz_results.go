package trainingsql

import (
	"congvu"
	"congvu/sqldb"
	"congvu/training"
	"context"
	"slices"
	"strings"
)

// ItemResults counts the answers of the campaign's submitted attempts per
// standard item, for the officials assigned in a unit's subtree (unitID;
// 0: the actor's widest scope), in one grouped statement over the
// subtree's assignments: which standards people misunderstand. Staff who
// read training of the unit; the campaign must be one they see. See
// training.QuizService.
func (s *QuizService) ItemResults(ctx context.Context, campaignID, unitID int64) ([]training.ItemResult, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn()
	}
	c, err := s.svc.loadCampaign(ctx, s.db.Read, campaignID)
	if err != nil {
		return nil, err
	}
	var args sqldb.Args
	camp := args.Add(campaignID)
	var scope string
	if unitID == 0 {
		scopes := training.ViewScopes(a)
		if len(scopes) == 0 {
			return nil, congvu.Errorf(congvu.EFORBIDDEN, "Bạn không có quyền xem kết quả bồi dưỡng.")
		}
		scope = sqldb.ScopeClause("u.path", scopes, &args)
	} else {
		u, err := sqldb.LoadUnitRef(ctx, s.db, s.db.Read, unitID)
		if err != nil {
			return nil, err
		}
		if u == nil || !training.CanView(a, u.Path) {
			return nil, sqldb.NotFoundUnit()
		}
		scope = sqldb.ScopeClause("u.path", []string{u.Path}, &args)
	}
	if ok, err := s.svc.canSee(ctx, a, c); err != nil {
		return nil, err
	} else if !ok {
		return nil, errNoCampaign()
	}
	type count struct {
		code              string
		answered, correct int
	}
	counts, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "quiz item results", `SELECT i.item_code, COUNT(*),
			SUM(CASE WHEN i.correct THEN 1 ELSE 0 END)
		FROM training_attempt_items i
		JOIN training_attempts t ON t.id = i.attempt_id
		JOIN training_assignments x ON x.campaign_id = t.campaign_id AND x.official_id = t.official_id
		JOIN units u ON u.id = x.unit_id
		WHERE t.campaign_id = `+camp+` AND `+scope+`
		GROUP BY i.item_code`,
		func(sc sqldb.Scanner) (count, error) {
			var c count
			err := sc.Scan(&c.code, &c.answered, &c.correct)
			return c, err
		}, args...)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(counts))
	for i, c := range counts {
		codes[i] = c.code
	}
	titles, err := sqldb.ItemTitles(ctx, s.db, codes)
	if err != nil {
		return nil, err
	}
	out := make([]training.ItemResult, len(counts))
	for i, c := range counts {
		out[i] = training.ItemResult{ItemCode: c.code, ItemTitle: titles[c.code], Answered: c.answered, Correct: c.correct,
			Rate: training.Rate(c.correct, c.answered)}
	}
	slices.SortFunc(out, func(x, y training.ItemResult) int { return strings.Compare(x.ItemCode, y.ItemCode) })
	return out, nil
}
