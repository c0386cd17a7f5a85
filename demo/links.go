package demo

import (
	"congvu/feedback"
	"congvu/org"
	"congvu/services"
	"context"
	"fmt"
	"net/url"
	"strconv"

	"congvu"
)

// Link is a page of the demo worth opening: a path on the server and what
// it shows.
type Link struct {
	Title string
	Path  string
}

// RatingLinks say where to scan or click to rate in the demo, and where to
// see the results.
type RatingLinks struct {
	// Badges are the rating pages behind the QR codes on the badges of a
	// few named officials.
	Badges []Link
	// UnitQR is the rating page behind the QR code of the service centre of
	// Phường Thái Bình.
	UnitQR *Link
	// Kiosks are the tablets' pages.
	Kiosks []Link
	// Dossier is the one-time rating link of a returned dossier; nil once
	// every demo dossier has been rated.
	Dossier *Link
	// Apology is the staff page of a late dossier's apology slip.
	Apology *Link
	// Dashboards are the satisfaction dashboards (sign in first).
	Dashboards []Link
	// Public are the public transparency pages of the province and a
	// ward, for everybody (no sign-in).
	Public []Link
	// Print are the sheets of QR codes to print (sign in first): the
	// badges of the public service centre, the one-stop shop's poster.
	Print []Link
}

// Links finds the demo's rating pages and dashboards in the database behind
// s, as the command-line operator unless ctx carries an actor. After Load it
// writes nothing. Only what works is listed: a revoked kiosk or a used
// dossier link is left out.
func Links(ctx context.Context, s services.Set) (*RatingLinks, error) {
	p, err := getPlan()
	if err != nil {
		return nil, err
	}
	if congvu.ActorFromContext(ctx) == nil {
		ctx = congvu.NewContextWithActor(ctx, congvu.SystemActor("Dữ liệu minh họa"))
	}
	unit := func(code string) (*org.Unit, error) {
		u, err := s.Units.FindUnitByCode(ctx, code)
		if err != nil {
			return nil, fmt.Errorf("demo: unit %s: %w", code, err)
		}
		return u, nil
	}
	province, err := unit(ProvinceCode)
	if err != nil {
		return nil, err
	}
	officials, err := officialsByCode(ctx, s, province.ID)
	if err != nil {
		return nil, err
	}
	out := &RatingLinks{}
	st := p.feedback.staff
	var worst *org.Official
	for _, x := range []struct{ code, note string }{
		{st.best, "phục vụ rất tốt"},
		{st.worst, "hay bị phàn nàn: ít xin lỗi, ít lắng nghe"},
		{st.cityBest, "tài khoản canbo"},
	} {
		o, ok := officials[x.code]
		if !ok || o.BadgeToken == "" || !o.Active {
			continue
		}
		if x.code == st.worst {
			worst = o
		}
		out.Badges = append(out.Badges, Link{Title: fmt.Sprintf("thẻ của %s, %s (%s)", o.FullName, o.Position, x.note), Path: "/danh-gia/" + o.BadgeToken})
	}
	city, err := unit(communeCentre(CityWard))
	if err != nil {
		return nil, err
	}
	if tok, err := s.Feedback.UnitToken(ctx, city.ID); err == nil {
		out.UnitQR = &Link{Title: "mã QR của " + city.Name, Path: "/danh-gia/don-vi/" + tok}
	} else if congvu.ErrorCode(err) != congvu.ENOTFOUND {
		return nil, err
	}
	for i, k := range demoKiosks {
		key := kioskKey(i)
		if _, err := s.Feedback.KioskByKey(ctx, key); err != nil {
			if congvu.ErrorCode(err) == congvu.ENOTFOUND {
				continue
			}
			return nil, err
		}
		out.Kiosks = append(out.Kiosks, Link{Title: k.name + " — " + p.unitNames[k.unitCode], Path: "/kiosk/" + key})
	}
	for i := range openDossiers {
		tok := openDossierToken(i)
		t, err := s.Feedback.Target(ctx, feedback.ChannelDossier, tok)
		if err != nil {
			if c := congvu.ErrorCode(err); c == congvu.ENOTFOUND || c == congvu.ECONFLICT {
				continue
			}
			return nil, err
		}
		out.Dossier = &Link{Title: fmt.Sprintf("hồ sơ %s vừa trả kết quả (đường dẫn đánh giá dùng một lần)", t.DossierCode), Path: "/danh-gia/ho-so/" + tok}
		break
	}
	centre, err := unit(centreCode)
	if err != nil {
		return nil, err
	}
	ward, err := unit(CityWard)
	if err != nil {
		return nil, err
	}
	out.Apology = &Link{Title: "phiếu xin lỗi của hồ sơ trễ hẹn " + lateDemoDossier,
		Path: "/units/" + strconv.FormatInt(centre.ID, 10) + "/dossiers?" + url.Values{"code": {lateDemoDossier}}.Encode()}
	out.Dashboards = []Link{
		{Title: "mức độ hài lòng", Path: "/dashboards"},
		{Title: province.Name, Path: "/dashboards/units/" + strconv.FormatInt(province.ID, 10)},
		{Title: ward.Name + " (với các xã, phường đã sáp nhập vào)", Path: "/dashboards/units/" + strconv.FormatInt(ward.ID, 10)},
	}
	out.Public = []Link{
		{Title: "công khai kết quả của " + province.Name + " (ai cũng xem được)", Path: "/cong-khai/" + province.Code},
		{Title: "công khai kết quả của " + ward.Name + ", so với toàn tỉnh", Path: "/cong-khai/" + ward.Code},
		{Title: "dữ liệu mở của " + province.Name + " (CSV)", Path: "/cong-khai/" + province.Code + ".csv"},
	}
	if worst != nil {
		out.Dashboards = append(out.Dashboards, Link{Title: worst.FullName + ", " + worst.Position, Path: "/dashboards/officials/" + strconv.FormatInt(worst.ID, 10)})
	}
	out.Print = []Link{
		{Title: "thẻ có mã QR của " + centre.Name + " (A4, PDF)", Path: "/units/" + strconv.FormatInt(centre.ID, 10) + "/badges.pdf"},
		{Title: "áp phích mã QR của " + city.Name + " (PDF)", Path: "/units/" + strconv.FormatInt(city.ID, 10) + "/poster.pdf"},
	}
	return out, nil
}
