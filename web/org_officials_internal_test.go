package web

import (
	"congvu/org"
	"html/template"
	"strings"
	"testing"
)

// officialRowTemplate is the row markup of official_list.html as a
// template, before officialRows wrote it in Go: the reference it must
// match byte for byte.
const officialRowTemplate = `<table><tbody>
  {{range .}}<tr{{if not .Active}} class="row-muted"{{end}}>
    <td><a href="/officials/{{.ID}}">{{.FullName}}</a></td>
    <td><span class="code">{{.EmployeeCode}}</span></td>
    <td class="opt">{{.Category.Label}}</td>
    <td>{{.Position}}</td>
    <td>{{if .IsLeader}}<span class="tag tag-gold">Lãnh đạo</span>{{else}}<span class="visually-hidden">Không</span>{{end}}</td>
    <td><a href="/units/{{.UnitID}}">{{.UnitName}}</a></td>
    <td>{{if .Active}}<span class="tag tag-ok">Đang công tác</span>{{else}}<span class="tag tag-muted">Đã nghỉ</span>{{end}}</td>
  </tr>{{end}}
</tbody></table>`

func TestOfficialRowsMatchTemplate(t *testing.T) {
	ref := template.Must(template.New("rows").Parse(officialRowTemplate))
	nasty := `<script>alert("x&y")</script> O'Brien a+b ` + "\x00 \xff\xfe ﷐ \uFFFF Nguyễn Thị Ánh"
	lists := [][]*org.Official{
		nil,
		{{ID: 1, UnitID: 2, UnitName: "Sở Nội vụ", EmployeeCode: "SNV-1", FullName: "Nguyễn Văn An", Category: org.CategoryCivilServant,
			Position: "Chuyên viên", Active: true}},
		{
			{ID: 9223372036854775807, UnitID: 77, UnitName: nasty, EmployeeCode: nasty, FullName: nasty, Category: org.Category(nasty),
				Position: nasty, IsLeader: true, Active: false},
			{ID: 3, UnitID: 4, UnitName: `"quoted" & 'single'`, EmployeeCode: "A.B_C-1", FullName: "Trần <b>Bình</b>", Category: org.CategoryCadre,
				Position: "", IsLeader: true, Active: true},
			{ID: 5, UnitID: 6, FullName: "Lê Cường", Category: org.CategoryWorker, Position: "Bảo vệ &amp; lái xe"},
		},
	}
	for i, list := range lists {
		var want strings.Builder
		if err := ref.Execute(&want, list); err != nil {
			t.Fatal(err)
		}
		got := "<table><tbody>\n  " + string(officialRows(list)) + "\n</tbody></table>"
		if got != want.String() {
			t.Errorf("list %d: officialRows differs from the template\n got: %q\nwant: %q", i, got, want.String())
		}
	}
}
