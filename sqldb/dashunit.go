package sqldb

import (
	"context"

	"congvu"
	"congvu/org"
)

// DashboardUnit loads the unit a dashboard about act covers: unit id or,
// when id is 0, the root of the actor's first scope for act. An anonymous
// actor gets EUNAUTH, one without any scope for act EFORBIDDEN with
// noScope, and a unit whose path can refuses ENOTFOUND, as if it did not
// exist.
func DashboardUnit(ctx context.Context, db *DB, id int64, act congvu.Action, can func(a *congvu.Actor, path string) bool, noScope string) (*org.Unit, error) {
	a := congvu.ActorFromContext(ctx)
	if a.IsAnonymous() {
		return nil, congvu.Errorf(congvu.EUNAUTH, "Xin vui lòng đăng nhập.")
	}
	var u *org.Unit
	var err error
	if id == 0 {
		scopes := a.Scopes(act)
		if len(scopes) == 0 {
			return nil, &congvu.Error{Code: congvu.EFORBIDDEN, Message: noScope}
		}
		u, err = LoadUnit(ctx, db, db.Read, "u.path = $1", scopes[0])
	} else {
		u, err = LoadUnit(ctx, db, db.Read, "u.id = $1", id)
	}
	if err != nil {
		return nil, err
	}
	if !can(a, u.Path) {
		return nil, NotFoundUnit()
	}
	return u, nil
}
