package feedbacksql

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"congvu"
	"congvu/feedback"
	"congvu/sqldb"
	"congvu/vntext"
)

// The comment feed of a dashboard: recent comments of a unit subtree or an
// official, and the search in them.

// newestFirst is the order of a comment feed whose reader sees the
// ratings' times.
const newestFirst = "f.submitted_at DESC, f.id DESC"

// smallSubtree is the most units a subtree may hold for its comment feed to
// be read unit by unit (then sorted); larger subtrees are read newest first
// along the time index, where their comments are frequent.
var smallSubtree = 64

// Comments lists recent comments of accepted ratings about a unit subtree
// or an official, newest first; a search matches the words of Query, in
// order, without diacritics, the last one as a prefix ("tan tin" finds
// "tận tình"). The total counts at most congvu.MaxCommentCount+1 ratings.
// See congvu.DashboardService.
//
// It reads raw ratings by index only: an official's or a small subtree's
// through feedback_comments_official/_unit (a few hundred rows a quarter,
// sorted), a large subtree's newest first along feedback_comments_at,
// stopping at the page; a search in a large subtree walks the search index
// newest first (SQLite; rating ids follow submission order) or uses its
// GIN index (PostgreSQL).
func (s *DashboardService) Comments(ctx context.Context, f feedback.Filter) ([]*feedback.Feedback, int, error) {
	actor := congvu.ActorFromContext(ctx)
	if actor.IsAnonymous() {
		return nil, 0, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	var q sqldb.Args
	where := []string{"f.status = 'accepted'", "f.comment <> ''"}
	small, inUnits := true, false // inUnits: restricted to some units by unit_id
	var listed []string           // the units whose ratings the feed may hold
	switch {
	case f.OfficialID != 0:
		o, err := s.officialFor(ctx, f.OfficialID)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "f.official_id = "+q.Add(o.ID))
		if listed, err = ratedUnitPaths(ctx, s.db, o.ID); err != nil {
			return nil, 0, err
		}
	case f.UnitID != 0:
		u, err := s.unitFor(ctx, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		listed = []string{u.Path}
		if u.Path == congvu.RootUnitPath {
			small = false
			break
		}
		var n int
		if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM units WHERE path >= $1 AND path < $2 LIMIT $3) c`,
			u.Path, congvu.SubtreeUpper(u.Path), max(smallSubtree, 1)+1).Scan(&n); err != nil {
			return nil, 0, s.db.Internal("count subtree", err)
		}
		small, inUnits = n <= smallSubtree, true
		// The subtree as it stood when each rating was made, once a unit
		// has moved since the range starts (sqldb.PathAtExpr): a dissolved
		// district keeps its comments, a successor does not take over its
		// predecessors'.
		moved, err := sqldb.MovedSince(ctx, s.db, s.db.Read, f.From)
		if err != nil {
			return nil, 0, err
		}
		if moved {
			seg := q.Add("%" + sqldb.UnitSegment(u.ID) + "%")
			where = append(where, "f.unit_id IN (SELECT id FROM units WHERE "+sqldb.ScopeClause("path", []string{u.Path}, &q)+
				" UNION SELECT unit_id FROM unit_paths_before WHERE path LIKE "+seg+")",
				sqldb.PathAtExpr("f.unit_id", "f.submitted_at", "(SELECT cu.path FROM units cu WHERE cu.id = f.unit_id)")+" LIKE "+seg)
			break
		}
		if n == 1 {
			// A unit without units under it: its comment index's own
			// order, with no sort of the range's comments.
			where = append(where, "f.unit_id = "+q.Add(u.ID))
			break
		}
		where = append(where, "f.unit_id IN (SELECT id FROM units WHERE "+sqldb.ScopeClause("path", []string{u.Path}, &q)+")")
	default:
		scopes := actor.Scopes(congvu.ActUnitView)
		if len(scopes) == 0 {
			return nil, 0, nil
		}
		small, listed = false, scopes
		if !slices.Contains(scopes, congvu.RootUnitPath) {
			inUnits = true
			where = append(where, "f.unit_id IN (SELECT id FROM units WHERE "+sqldb.ScopeClause("path", scopes, &q)+")")
		}
	}
	now := s.db.Now()
	byTime := f.RedactFor(actor, listed, now)
	if !byTime {
		// Today's ratings only of the units the actor reviews
		// (feedback.VisibleCut).
		visible, _ := visibleClause(actor, now, "path", true, &q)
		where = append(where, visible)
	}
	if !f.From.IsZero() {
		where = append(where, "f.submitted_at >= "+q.Add(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "f.submitted_at < "+q.Add(f.To.UTC()))
	}
	from, countFrom := "feedback f", "feedback f"
	order := newestFirst
	if !byTime {
		var err error
		if order, err = hiddenOrder(ctx, s.db, ""); err != nil {
			return nil, 0, err
		}
	}
	if s.db.Engine == sqldb.SQLite {
		// SQLite's planner would rather walk feedback_status_at (every
		// rating, not only those with a comment): name the index. A large
		// subtree is listed along the time index but counted unit by unit
		// (the count stops at MaxCommentCount+1 either way).
		switch {
		case f.OfficialID != 0:
			from = "feedback f INDEXED BY feedback_comments_official"
			countFrom = from
		case small:
			from = "feedback f INDEXED BY feedback_comments_unit"
			countFrom = from
		case inUnits:
			from = "feedback f INDEXED BY feedback_comments_at"
			countFrom = "feedback f INDEXED BY feedback_comments_unit"
		default: // the whole tree
			from = "feedback f INDEXED BY feedback_comments_at"
			countFrom = from
		}
	}
	words := vntext.SearchWords(f.Query)
	countOrder := "" // the count walks the list's order when it must stop early
	bigSearch := false
	if len(words) > 0 {
		switch {
		case s.db.Engine == sqldb.Postgres:
			// The phrase is checked row by row (ts_match_vq is @@ in a form
			// no index takes): a phrase makes the GIN index lossy. A subtree
			// or an official is read through its unit index; the whole tree
			// finds its candidates in the GIN index with the words alone
			// (exact), given memory enough for an exact bitmap.
			pre := slices.Clone(words)
			pre[len(pre)-1] += ":*"
			where = append(where, "ts_match_vq(to_tsvector('simple', f.search_comment), to_tsquery('simple', "+q.Add(strings.Join(pre, " <-> "))+"))")
			if !small && !inUnits {
				where = append(where, "to_tsvector('simple', f.search_comment) @@ to_tsquery('simple', "+q.Add(strings.Join(pre, " & "))+")")
				bigSearch = true
			}
		case small:
			// A small subtree's comments are few: match them here, the
			// way FTS5 would, instead of probing the index row by row.
			return s.matchComments(ctx, from, strings.Join(where, " AND "), order, q, words, f)
		default:
			// Walk the search index newest first (rating ids follow
			// submission order), from the first rating of the range on;
			// in a subtree, only the index rows of its units (scopeMatch).
			from = "feedback_fts CROSS JOIN feedback f ON f.id = feedback_fts.rowid"
			countFrom = from
			match := "search_comment : " + ftsPhrase(words)
			if inUnits {
				units, err := s.scopeMatch(ctx, listed)
				if err != nil {
					return nil, 0, err
				}
				if units != "" {
					// The units first: FTS5 then skips along the
					// subtree's rows (10-25% faster than the other way).
					match = "units : " + units + " AND " + match
				}
			}
			where = append(where, "feedback_fts MATCH "+q.Add(match))
			if !f.From.IsZero() {
				where = append(where, "feedback_fts.rowid >= COALESCE((SELECT id FROM feedback WHERE submitted_at >= "+q.Add(f.From.UTC())+" ORDER BY submitted_at LIMIT 1), 0)")
			}
			if byTime {
				order = "feedback_fts.rowid DESC"
			}
			countOrder = " ORDER BY feedback_fts.rowid DESC"
		}
	}
	cond := strings.Join(where, " AND ")
	if bigSearch {
		// A national search on PostgreSQL: a read-only transaction with the
		// memory for an exact bitmap of the words' matches.
		tx, err := s.db.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, 0, s.db.Internal("search comments", err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SELECT set_config('work_mem', '64MB', true)`); err != nil {
			return nil, 0, s.db.Internal("search comments", err)
		}
		// One pass: the newest matches up to the count's bound, then the page.
		return s.pageByIDs(ctx, tx, from, cond, order, q, f)
	}
	if s.db.Engine == sqldb.SQLite && len(words) == 0 && (small || f.OfficialID != 0) && order == newestFirst {
		// An official's or a small subtree's feed: its comment index holds
		// all the list needs, so one walk of it gives the count and the
		// page's ids, and only the page's rows are read (sorting the
		// range's whole rows made a busy commune's feed grow with its
		// comments).
		return s.pageByIDs(ctx, s.db.Read, from, cond, order, q, f)
	}
	var total int
	if err := s.db.Read.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM %s WHERE %s%s LIMIT %d) c`, countFrom, cond, countOrder, feedback.MaxCommentCount+1), q...).Scan(&total); err != nil {
		return nil, 0, s.db.Internal("count comments", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	out, err := s.scanComments(ctx, s.db.Read, from, fmt.Sprintf(`%s ORDER BY %s LIMIT %d OFFSET %d`, cond, order, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), q)
	return out, total, err
}

// scanComments lists comments FROM from (the rating table as f, maybe
// joined) WHERE rest (conditions, order and limit).
func (s *DashboardService) scanComments(ctx context.Context, db sqldb.Querier, from, rest string, q sqldb.Args) ([]*feedback.Feedback, error) {
	actor := congvu.ActorFromContext(ctx)
	rows, err := db.QueryContext(ctx, `SELECT f.id, f.unit_id, u.name, u.path, COALESCE(f.official_id, 0), COALESCE(o.full_name, ''),
		f.channel, f.satisfaction, f.comment, f.verified, f.status, f.submitted_at
		FROM `+from+` JOIN units u ON u.id = f.unit_id LEFT JOIN officials o ON o.id = f.official_id WHERE `+rest, q...)
	if err != nil {
		return nil, s.db.Internal("list comments", err)
	}
	defer rows.Close()
	var out []*feedback.Feedback
	for rows.Next() {
		fb := &feedback.Feedback{}
		var path string
		if err := rows.Scan(&fb.ID, &fb.UnitID, &fb.UnitName, &path, &fb.OfficialID, &fb.OfficialName, &fb.Channel, &fb.Satisfaction,
			&fb.Comment, &fb.Verified, &fb.Status, &fb.SubmittedAt); err != nil {
			return nil, s.db.Internal("scan comment", err)
		}
		fb.SubmittedAt = sqldb.UTC(fb.SubmittedAt)
		fb.RedactFor(actor, path)
		out = append(out, fb)
	}
	return out, s.db.Internal("list comments", rows.Err())
}

// matchComments searches the comments of a small subtree or an official on
// SQLite: it reads their folded text in the feed's order, matches the
// words here (the phrase, its last word a prefix, as the FTS5 query does)
// and loads the page.
func (s *DashboardService) matchComments(ctx context.Context, from, cond, order string, q sqldb.Args, words []string, f feedback.Filter) ([]*feedback.Feedback, int, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT f.id, f.search_comment FROM `+from+` WHERE `+cond+` ORDER BY `+order, q...)
	if err != nil {
		return nil, 0, s.db.Internal("search comments", err)
	}
	offset, limit := max(f.Offset, 0), congvu.ClampLimit(f.Limit)
	var page []int64
	total := 0
	for rows.Next() && total <= feedback.MaxCommentCount {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return nil, 0, s.db.Internal("scan comment", err)
		}
		if !phraseMatch(text, words) {
			continue
		}
		if total >= offset && len(page) < limit {
			page = append(page, id)
		}
		total++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, s.db.Internal("search comments", err)
	}
	out, err := s.commentsByID(ctx, s.db.Read, page, order)
	return out, total, err
}

// pageByIDs reads the ids of the feed's ratings (from, cond, order) up to
// the count's bound, or the page's end if further, in one query, and
// returns the page's comments and the count.
func (s *DashboardService) pageByIDs(ctx context.Context, db sqldb.Querier, from, cond, order string, q sqldb.Args, f feedback.Filter) ([]*feedback.Feedback, int, error) {
	offset, limit := max(f.Offset, 0), congvu.ClampLimit(f.Limit)
	ids, err := sqldb.QueryAll(ctx, s.db, db, "list comments", fmt.Sprintf(`SELECT f.id FROM %s WHERE %s ORDER BY %s LIMIT %d`,
		from, cond, order, max(feedback.MaxCommentCount+1, offset+limit)), func(sc sqldb.Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, q...)
	if err != nil {
		return nil, 0, err
	}
	out, err := s.commentsByID(ctx, db, ids[min(offset, len(ids)):min(offset+limit, len(ids))], order)
	return out, min(len(ids), feedback.MaxCommentCount+1), err
}

// commentsByID loads the comments with the given ids in order (over the
// rating table as f).
func (s *DashboardService) commentsByID(ctx context.Context, db sqldb.Querier, ids []int64, order string) ([]*feedback.Feedback, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var a sqldb.Args
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = a.Add(id)
	}
	return s.scanComments(ctx, db, "feedback f", `f.id IN (`+strings.Join(ph, ", ")+`) ORDER BY `+order, a)
}

// phraseMatch reports whether the folded text holds words as consecutive
// tokens, the last one as a prefix: FTS5's "w1 w2 w3"* with the unicode61
// tokenizer (tokens are runs of letters and numbers).
func phraseMatch(text string, words []string) bool {
	if !strings.Contains(text, words[0]) {
		return false // most comments, without splitting them into tokens
	}
	tokens := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	n := len(words)
	for i := 0; i+n <= len(tokens); i++ {
		ok := true
		for k := 0; k < n-1 && ok; k++ {
			ok = tokens[i+k] == words[k]
		}
		if ok && strings.HasPrefix(tokens[i+n-1], words[n-1]) {
			return true
		}
	}
	return false
}

// maxScopeUnits is the most unit ids a subtree search puts in its FTS5
// query (scopeMatch); a subtree that took in or gave away more units in
// restructurings is searched without them, the scope checked row by row.
var maxScopeUnits = 32

// scopeMatch returns the FTS5 query of the units column of feedback_fts
// (migration 0048) for a search in the subtrees at paths: the ids of their
// roots, of the units in them that ever moved and of the units that ever
// stood in them; "" when they are more than maxScopeUnits.
//
// An index row holds the ids on its unit's path and on every earlier path
// of that unit when it was indexed, so every rating the exact scope check
// keeps (the unit in a subtree now, or as it stood when rated) matches:
// if no unit on the chain from its unit up to the subtree's root has moved
// since the row was indexed, the root was on the path then; else the
// lowest unit on that chain that moved was, and it is in the subtree now
// (for the tree as it is) or stood in it (as it stood), and moved (a row in
// unit_paths_before). The query keeps its exact scope check: the column
// only narrows the candidates, so a search in a province reads the
// province's matches instead of the country's.
func (s *DashboardService) scopeMatch(ctx context.Context, paths []string) (string, error) {
	var ids []string
	var a sqldb.Args
	var past []string
	for _, p := range paths {
		seg := strings.Split(strings.Trim(p, "/"), "/")
		ids = append(ids, seg[len(seg)-1])
		past = append(past, "path LIKE "+a.Add("%/"+seg[len(seg)-1]+"/%"))
	}
	if len(ids) > maxScopeUnits {
		return "", nil
	}
	moved, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "moved units", `SELECT h.unit_id FROM unit_paths_before h JOIN units u ON u.id = h.unit_id
		WHERE `+sqldb.ScopeClause("u.path", paths, &a)+` UNION SELECT unit_id FROM unit_paths_before WHERE `+strings.Join(past, " OR ")+
		fmt.Sprintf(" LIMIT %d", maxScopeUnits+1), func(sc sqldb.Scanner) (string, error) {
		var id int64
		err := sc.Scan(&id)
		return strconv.FormatInt(id, 10), err
	}, a...)
	if err != nil {
		return "", err
	}
	ids = append(ids, moved...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > maxScopeUnits {
		return "", nil
	}
	return `("` + strings.Join(ids, `" OR "`) + `")`, nil
}

// ftsPhrase is the FTS5 query of folded words: the phrase, its last word
// a prefix.
func ftsPhrase(words []string) string { return `"` + strings.Join(words, " ") + `"*` }
