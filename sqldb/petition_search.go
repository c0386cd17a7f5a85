package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"congvu"
)

// FindPetitions lists the petitions the actor sees: those whose subject's
// unit or handler unit lies in their congvu.ActPetitionView scopes, except
// petitions that concern them (about their own official record, or about a
// unit their record lies in or under). A Query that looks like
// a tracking code matches it exactly; otherwise every word must occur in
// the folded search text (the last one as a prefix), diacritics ignored,
// through FTS5 on SQLite and the GIN index of to_tsvector('simple',
// search_text) on PostgreSQL. Newest first, or earliest deadline first with
// Sort "due". See congvu.PetitionService.
func (s *PetitionService) FindPetitions(ctx context.Context, f congvu.PetitionFilter) ([]*congvu.Petition, int, error) {
	pa, err := s.who(ctx, s.db.Read)
	if err != nil {
		return nil, 0, err
	}
	scopes := pa.Scopes(congvu.ActPetitionView)
	if len(scopes) == 0 {
		return nil, 0, nil
	}
	var a args
	where := []string{"(" + scopeClause("su.path", scopes, &a) + " OR " + scopeClause("hu.path", scopes, &a) + ")"}
	if pa.OfficialID != 0 {
		where = append(where, "(p.official_id IS NULL OR p.official_id <> "+a.add(pa.OfficialID)+")")
		if pa.officialPath != "" {
			where = append(where, "SUBSTR("+a.add(pa.officialPath)+", 1, LENGTH(su.path)) <> su.path")
		}
	}
	if f.UnitID != 0 {
		var path string
		err := s.db.Read.QueryRowContext(ctx, `SELECT path FROM units WHERE id = $1`, f.UnitID).Scan(&path)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, s.db.internal("find petitions", err)
		}
		where = append(where, "("+scopeClause("su.path", []string{path}, &a)+" OR "+scopeClause("hu.path", []string{path}, &a)+")")
	}
	if f.OfficialID != 0 {
		where = append(where, "p.official_id = "+a.add(f.OfficialID))
	}
	if f.Status != "" {
		where = append(where, "p.status = "+a.add(string(f.Status)))
	}
	if f.Category != "" {
		where = append(where, "p.category = "+a.add(string(f.Category)))
	}
	if f.Overdue {
		where = append(where, "p.due_at < "+a.add(s.db.Now().UTC())+" AND p.status NOT IN ('rejected', 'closed')")
	}
	if f.Escalated {
		where = append(where, "p.escalated_at IS NOT NULL")
	}
	if !f.From.IsZero() {
		where = append(where, "p.submitted_at >= "+a.add(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "p.submitted_at < "+a.add(f.To.UTC()))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if looksLikeTrackingCode(q) {
			where = append(where, "p.tracking_code = "+a.add(normalizeTrackingCode(q)))
		} else if words := searchWords(q); len(words) > 0 {
			if s.db.Engine == Postgres {
				terms := make([]string, len(words))
				copy(terms, words)
				terms[len(terms)-1] += ":*"
				where = append(where, "to_tsvector('simple', p.search_text) @@ to_tsquery('simple', "+a.add(strings.Join(terms, " & "))+")")
			} else {
				terms := make([]string, len(words))
				for i, w := range words {
					terms[i] = `"` + w + `"`
				}
				terms[len(terms)-1] += "*"
				where = append(where, "p.id IN (SELECT rowid FROM petitions_fts WHERE petitions_fts MATCH "+a.add(strings.Join(terms, " "))+")")
			}
		}
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*)`+petitionFrom+` WHERE `+cond, a...).Scan(&total); err != nil {
		return nil, 0, s.db.internal("count petitions", err)
	}
	if total == 0 {
		return []*congvu.Petition{}, 0, nil
	}
	order := "p.submitted_at DESC, p.id DESC"
	if f.Sort == "due" {
		order = "CASE WHEN p.due_at IS NULL THEN 1 ELSE 0 END, p.due_at, p.id"
	}
	list, err := queryAll(ctx, s.db, s.db.Read, "find petitions", `SELECT `+petitionCols+petitionFrom+` WHERE `+cond+
		fmt.Sprintf(` ORDER BY %s LIMIT %d OFFSET %d`, order, congvu.ClampLimit(f.Limit), max(f.Offset, 0)), scanPetition, a...)
	if err != nil {
		return nil, 0, err
	}
	now := s.db.Now()
	out := make([]*congvu.Petition, 0, len(list))
	for _, p := range list {
		p.Overdue = p.IsOverdue(now)
		out = append(out, p.Petition)
	}
	return out, total, nil
}
