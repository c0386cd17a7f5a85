package petitionsql

import (
	"congvu/petition"
	"congvu/sqldb"
	"context"
)

// ---- staff reading ----

// FindPetition returns one petition with its breached items and
// attachments, never the reporter's identity. ENOTFOUND outside the
// actor's view and for the subject official. See petition.Service.
func (s *PetitionService) FindPetition(ctx context.Context, id int64) (*petition.Petition, error) {
	p, pa, err := s.visible(ctx, s.db.Read, id, false)
	if err != nil {
		return nil, err
	}
	if err := s.loadDetails(ctx, s.db.Read, p.Petition); err != nil {
		return nil, err
	}
	if !pa.Insider(p.Petition) {
		p.Attachments = nil // for those who handle it (see OpenFile)
	}
	p.Overdue = p.IsOverdue(s.db.Now())
	p.CanHandle = pa.CanHandle(p.Petition)
	return p.Petition, nil
}

func (s *PetitionService) events(ctx context.Context, id int64, publicOnly bool) ([]*petition.Event, error) {
	q := `SELECT e.id, e.petition_id, e.kind, e.status, COALESCE(e.unit_id, 0), COALESCE(u.name, ''), e.actor_name, e.note, e.public, e.at
		FROM petition_events e LEFT JOIN units u ON u.id = e.unit_id WHERE e.petition_id = $1`
	if publicOnly {
		q += ` AND e.public = TRUE`
	}
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "load petition events", q+` ORDER BY e.at, e.id`, func(sc sqldb.Scanner) (*petition.Event, error) {
		e := &petition.Event{}
		var status string
		if err := sc.Scan(&e.ID, &e.PetitionID, &e.Kind, &status, &e.UnitID, &e.UnitName, &e.ActorName, &e.Note, &e.Public, &e.At); err != nil {
			return nil, err
		}
		e.Status, e.At = petition.Status(status), sqldb.UTC(e.At)
		return e, nil
	}, id)
}

func (s *PetitionService) messages(ctx context.Context, id int64) ([]*petition.Message, error) {
	return sqldb.QueryAll(ctx, s.db, s.db.Read, "load petition messages", `SELECT id, petition_id, from_agency, author_name, body, created_at
		FROM petition_messages WHERE petition_id = $1 ORDER BY created_at, id`, scanPetitionMessage, id)
}

func scanPetitionMessage(sc sqldb.Scanner) (*petition.Message, error) {
	m := &petition.Message{}
	if err := sc.Scan(&m.ID, &m.PetitionID, &m.FromAgency, &m.AuthorName, &m.Body, &m.CreatedAt); err != nil {
		return nil, err
	}
	m.CreatedAt = sqldb.UTC(m.CreatedAt)
	return m, nil
}

func scanPetitionNote(sc sqldb.Scanner) (*petition.Note, error) {
	n := &petition.Note{}
	if err := sc.Scan(&n.ID, &n.PetitionID, &n.AuthorName, &n.Body, &n.CreatedAt); err != nil {
		return nil, err
	}
	n.CreatedAt = sqldb.UTC(n.CreatedAt)
	return n, nil
}

// History returns every event (with the staff who acted), the messages and
// the internal notes, oldest first. Viewers who are not insiders (see
// petitionActor.insider) get no notes, no identity readings in the events
// and no staff-only event notes. See petition.Service.
func (s *PetitionService) History(ctx context.Context, id int64) ([]*petition.Event, []*petition.Message, []*petition.Note, error) {
	p, pa, err := s.visible(ctx, s.db.Read, id, false)
	if err != nil {
		return nil, nil, nil, err
	}
	events, err := s.events(ctx, id, false)
	if err != nil {
		return nil, nil, nil, err
	}
	msgs, err := s.messages(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if !pa.Insider(p.Petition) {
		kept := events[:0]
		for _, e := range events {
			if e.Kind == "reveal" {
				continue
			}
			// Only what the reporter reads too: the reason of a refusal
			// and the finding.
			if !e.Public || !petition.NoteIsPublic(e.Kind) {
				e.Note = ""
			}
			kept = append(kept, e)
		}
		return kept, msgs, nil, nil
	}
	notes, err := sqldb.QueryAll(ctx, s.db, s.db.Read, "load petition notes", `SELECT id, petition_id, author_name, body, created_at
		FROM petition_notes WHERE petition_id = $1 ORDER BY created_at, id`, scanPetitionNote, id)
	if err != nil {
		return nil, nil, nil, err
	}
	return events, msgs, notes, nil
}
