package petitionsql

import (
	"congvu/petition"
	"congvu/sqldb"
	"congvu/vntext"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"congvu"
)

// FindPetitions lists the petitions the actor sees: those whose subject's
// unit or handler unit lies in their congvu.ActPetitionView scopes, except
// petitions that concern them (about their own official record, or about a
// unit their record lies in or under). A Query that looks like
// a tracking code matches it exactly; otherwise every word must occur in
// the folded search text (the last one as a prefix), diacritics ignored,
// through FTS5 on SQLite and on PostgreSQL the GIN index of the stored
// search_tsv, to_tsvector('simple', search_text). The total counts at most
// petition.CountBound(f). Newest first, or earliest deadline first with
// Sort "due". See petition.Service.
func (s *PetitionService) FindPetitions(ctx context.Context, f petition.Filter) ([]*petition.Petition, int, error) {
	pa, err := s.who(ctx, s.db.Read)
	if err != nil {
		return nil, 0, err
	}
	scopes := pa.Scopes(congvu.ActPetitionView)
	if len(scopes) == 0 {
		return nil, 0, nil
	}
	var a sqldb.Args
	var where, branches []string
	if !sqldb.HasRootScope(scopes) {
		if branches = s.topBranches(scopes); branches == nil {
			// The units of the subtrees, by id: the petitions' unit indexes
			// then narrow the search, where comparing joined paths could not.
			ids, err := subtreeUnitIDs(ctx, s.db, scopes)
			if err != nil {
				return nil, 0, err
			}
			where = append(where, unitIDsClause(ids))
		}
	}
	// The petitions that concern the actor, by the clause the audit log
	// and every figure use.
	concealed, err := sqldb.ConcealClauseOf(ctx, s.db.Read, pa.Actor, "petition", "p.id", &a)
	if err != nil {
		return nil, 0, s.db.Internal("find petitions", err)
	}
	where = append(where, "NOT ("+concealed+")")
	if f.UnitID != 0 {
		var path string
		err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, f.UnitID).Scan(&path)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, s.db.Internal("find petitions", err)
		}
		// One scope's branches at most: a unit filter inside an actor's
		// top-level scope is an ordinary condition.
		var unitBranches []string
		if branches == nil {
			unitBranches = s.topBranches([]string{path})
		}
		if unitBranches != nil {
			branches = unitBranches
		} else {
			ids, err := subtreeUnitIDs(ctx, s.db, []string{path})
			if err != nil {
				return nil, 0, err
			}
			where = append(where, unitIDsClause(ids))
		}
	}
	if f.OfficialID != 0 {
		where = append(where, "p.official_id = "+a.Add(f.OfficialID))
	}
	if f.Status != "" {
		where = append(where, "p.status = "+a.Add(string(f.Status)))
	}
	if f.Category != "" {
		where = append(where, "p.category = "+a.Add(string(f.Category)))
	}
	if f.Overdue {
		where = append(where, "p.due_at < "+a.Add(s.db.Now().UTC())+" AND p.status NOT IN ("+sqlStatuses(petition.ClockStoppedStatuses)+")")
	}
	if f.Escalated {
		where = append(where, "p.escalated_at IS NOT NULL")
	}
	if f.Open {
		where = append(where, "p.status NOT IN ("+sqlStatuses(petition.FinalStatuses)+")")
	}
	if f.DueSoon {
		now := s.db.Now().UTC()
		where = append(where, "p.due_at >= "+a.Add(now)+" AND p.due_at <= "+a.Add(now.Add(petition.DueSoonWithin))+
			" AND p.status NOT IN ("+sqlStatuses(petition.ClockStoppedStatuses)+")")
	}
	if f.Handling {
		handle := pa.Scopes(congvu.ActPetitionHandle)
		if len(handle) == 0 {
			return []*petition.Petition{}, 0, nil
		}
		ids, err := subtreeUnitIDs(ctx, s.db, handle)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, handlerIDsClause(ids))
	}
	if !f.From.IsZero() {
		where = append(where, "p.submitted_at >= "+a.Add(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "p.submitted_at < "+a.Add(f.To.UTC()))
	}
	from, newest := petitionFrom, "p.id DESC"
	oneOff := false // the SQL holds the search's words
	if q := strings.TrimSpace(f.Query); q != "" {
		if petition.LooksLikeTrackingCode(q) {
			where = append(where, petition.TrackingKeySQL("p.tracking_code")+" = "+a.Add(petition.NormalizeTrackingCode(q)))
		} else if words := vntext.SearchWords(q); len(words) > 0 {
			if s.db.Engine == sqldb.Postgres {
				terms := make([]string, len(words))
				copy(terms, words)
				terms[len(terms)-1] += ":*"
				// The stored vector (migration 0042): rows the plan filters
				// rather than finds through the index are matched without
				// parsing their text again. The query is written into the
				// SQL, not sent as a parameter: the driver prepares each
				// statement once per connection, and after five runs
				// PostgreSQL plans a parameter for a phrase of average
				// frequency, the wrong plan for both a common one and a
				// rare one (a province search then took seconds). The
				// words are letters and digits (vntext.SearchWords).
				// Such a text is seldom run twice: it is not kept prepared.
				where = append(where, "p.search_tsv @@ to_tsquery('simple', '"+strings.ReplaceAll(strings.Join(terms, " & "), "'", "''")+"')")
				oneOff = true
			} else {
				terms := make([]string, len(words))
				for i, w := range words {
					terms[i] = `"` + w + `"`
				}
				terms[len(terms)-1] += "*"
				// Driven from the search index, newest match first: the
				// page and the capped count stop early, never building the
				// set of every match.
				from = strings.Replace(petitionFrom, " FROM petitions p ", " FROM petitions_fts CROSS JOIN petitions p ON p.id = petitions_fts.rowid ", 1)
				newest = "petitions_fts.rowid DESC"
				where = append(where, "petitions_fts MATCH "+a.Add(strings.Join(terms, " ")))
			}
		}
	}
	cond := "1=1"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	// Newest first is id order (ids are given at submission): the engine
	// walks the primary key (or a branch's index) backwards and stops at
	// the page.
	order := newest
	if f.Sort == "due" {
		order = "CASE WHEN p.due_at IS NULL THEN 1 ELSE 0 END, p.due_at, p.id"
	}
	limit, offset := congvu.ClampLimit(f.Limit), max(f.Offset, 0)
	// The count stops past petition.MaxCount, or past the page when it
	// lies further: a search over the whole country stays fast, a larger
	// total means "more than", and whether a next page holds any is known.
	bound := petition.CountBound(f)
	listQuery := `SELECT ` + petitionCols + from + ` WHERE ` + cond + fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, limit, offset)
	countQuery := fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1`+from+` WHERE `+cond+` LIMIT %d) c`, bound)
	if branches != nil {
		// Each branch is walked through its own index, newest first, up
		// to what the page or the count needs; their union (a petition
		// may lie in two) is the scope. The count walks in order too: a
		// common phrase is then counted from the petitions of the
		// province alone, where the planner would otherwise intersect the
		// province with every match of the phrase in the country.
		var page, counted []string
		for _, b := range branches {
			page = append(page, fmt.Sprintf(`(SELECT p.id FROM petitions p WHERE %s AND %s ORDER BY %s LIMIT %d)`, b, cond, order, offset+limit))
			counted = append(counted, fmt.Sprintf(`(SELECT p.id FROM petitions p WHERE %s AND %s ORDER BY %s LIMIT %d)`, b, cond, newest, bound))
		}
		listQuery = `SELECT ` + petitionCols + from + ` WHERE p.id IN (` + strings.Join(page, " UNION ") + `)` +
			fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, limit, offset)
		countQuery = `SELECT LEAST(COUNT(*), ` + strconv.Itoa(bound) + `) FROM (` + strings.Join(counted, " UNION ") + `) c`
	}
	args := []any(a)
	if oneOff {
		args = s.db.Unprepared(args)
	}
	count := func() (int, error) {
		var n int
		if err := s.db.Read.QueryRowContext(ctx, countQuery, args...).Scan(&n); err != nil {
			return 0, s.db.Internal("count petitions", err)
		}
		return n, nil
	}
	// SQLite counts first, as it did (its FTS5 walks measured no faster
	// with the page first), and stops at none.
	total := -1
	if s.db.Engine == sqldb.SQLite {
		if total, err = count(); err != nil {
			return nil, 0, err
		}
		if total == 0 {
			return []*petition.Petition{}, 0, nil
		}
	}
	list, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "find petitions", listQuery, scanPetition, args...)
	if err != nil {
		return nil, 0, err
	}
	if total < 0 {
		// A page that is not full ends the list: the total is known
		// without counting (the usual case of a rare phrase, whose count
		// would search the text index a second time).
		total = offset + len(list)
		if len(list) == limit || len(list) == 0 && offset > 0 {
			if total, err = count(); err != nil {
				return nil, 0, err
			}
		}
		if total == 0 {
			return []*petition.Petition{}, 0, nil
		}
	}
	now := s.db.Now()
	out := make([]*petition.Petition, 0, len(list))
	for _, p := range list {
		p.Overdue = p.IsOverdue(now)
		out = append(out, p.Petition)
	}
	return out, total, nil
}

// topBranches returns, on PostgreSQL, the scope of subtrees that are all
// top-level units (provinces, central bodies: the root's children) as two
// conditions whose union it is: the petitions about a unit in them, walked
// newest first through (unit_top_id, id), and those handled in them about
// a unit elsewhere, through their small partial index (migration 0046).
// Nil otherwise: deeper subtrees are few units, and SQLite walks its FTS5
// index instead.
func (s *PetitionService) topBranches(paths []string) []string {
	if s.db.Engine != sqldb.Postgres || len(paths) == 0 {
		return nil
	}
	list := make([]string, len(paths))
	for i, path := range paths {
		ids := sqldb.PathIDs(path)
		if len(ids) != 2 {
			return nil
		}
		list[i] = strconv.FormatInt(ids[1], 10)
	}
	in := strings.Join(list, ",")
	return []string{"p.unit_top_id IN (" + in + ")",
		"p.handler_top_id IN (" + in + ") AND p.handler_top_id IS DISTINCT FROM p.unit_top_id AND p.handler_top_id IS NOT NULL"}
}

// subtreeUnitIDs returns the ids of the units in the subtrees with the
// given paths.
func subtreeUnitIDs(ctx context.Context, db *sqldb.DB, paths []string) ([]int64, error) {
	var a sqldb.Args
	return sqldb.QueryAll(ctx, db, db.Read, "subtree units", `SELECT id FROM units WHERE `+sqldb.ScopeClause("path", paths, &a), func(sc sqldb.Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, a...)
}

// unitIDsClause is the condition "about, or handled in, one of these units"
// (the ids inlined: they come from the database, and a province holds a
// few hundred).
func unitIDsClause(ids []int64) string {
	if len(ids) == 0 {
		return "1=0"
	}
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	in := strings.Join(list, ",")
	return "(p.unit_id IN (" + in + ") OR p.handler_unit_id IN (" + in + "))"
}

// handlerIDsClause is the condition "handled in one of these units".
func handlerIDsClause(ids []int64) string {
	if len(ids) == 0 {
		return "1=0"
	}
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	return "p.handler_unit_id IN (" + strings.Join(list, ",") + ")"
}
