package sqldb

import (
	"context"
	"strings"
)

// ItemTitles maps each of the standard item codes to its title in the
// latest catalog version that has the code (local items included); a code
// no version has is left out.
func ItemTitles(ctx context.Context, db *DB, codes []string) (map[string]string, error) {
	byCode := map[string]string{}
	if len(codes) == 0 {
		return byCode, nil
	}
	var a Args
	ph := make([]string, len(codes))
	for i, c := range codes {
		ph[i] = a.Add(c)
	}
	type title struct{ code, title string }
	titles, err := QueryAll(ctx, db, db.Read, "standard titles", `SELECT i.code, i.title FROM standard_items i
		JOIN standard_versions v ON v.id = i.version_id WHERE i.code IN (`+strings.Join(ph, ", ")+`) ORDER BY v.effective_on, v.id`,
		func(sc Scanner) (title, error) {
			var t title
			err := sc.Scan(&t.code, &t.title)
			return t, err
		}, a...)
	if err != nil {
		return nil, err
	}
	for _, t := range titles {
		byCode[t.code] = t.title // the latest version last
	}
	return byCode, nil
}
