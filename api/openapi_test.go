package api

import (
	"congvu/feedback"
	"congvu/org"
	"congvu/sqldb/sqldbtest"
	"congvu/sqldb/sqlservices/sqlservicestest"
	"congvu/standard"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"congvu"
)

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Fatalf("openapi version %q, want 3.1.x", v)
	}
	return doc
}

// resolve follows a local $ref ("#/components/...") in doc.
func resolve(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	m, _ := v.(map[string]any)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		next, ok := cur.(map[string]any)[part]
		if !ok {
			t.Fatalf("$ref %s does not resolve", ref)
		}
		cur = next
	}
	return cur.(map[string]any)
}

// Every route in the table is documented, and every documented operation
// is a route; public routes, and only they, drop the bearer requirement.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadOpenAPI(t)
	paths, _ := doc["paths"].(map[string]any)
	documented := map[string]map[string]any{}
	for p, item := range paths {
		for _, m := range httpMethods {
			if op, ok := item.(map[string]any)[m]; ok {
				documented[strings.ToUpper(m)+" "+p] = op.(map[string]any)
			}
		}
	}
	registered := map[string]route{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Path
		if _, dup := registered[key]; dup {
			t.Errorf("route %s listed twice", key)
		}
		registered[key] = rt
	}
	for key := range registered {
		if documented[key] == nil {
			t.Errorf("route %s is not documented in openapi.json", key)
		}
	}
	for key := range documented {
		if _, ok := registered[key]; !ok {
			t.Errorf("openapi.json documents %s, which is not a route", key)
		}
	}
	for key, rt := range registered {
		op := documented[key]
		if op == nil {
			continue
		}
		sec, has := op["security"]
		public := has && len(sec.([]any)) == 0
		if public != !rt.Access.needsToken() {
			t.Errorf("%s: public in table %v, in openapi.json %v", key, !rt.Access.needsToken(), public)
		}
		responses, _ := op["responses"].(map[string]any)
		if rt.Access.needsToken() && responses["401"] == nil {
			t.Errorf("%s: needs a token but documents no 401", key)
		}
	}
}

// Every path parameter is declared, every $ref resolves, operation ids are
// unique, and the error schema has the shape writeError produces.
func TestOpenAPIIsConsistent(t *testing.T) {
	doc := loadOpenAPI(t)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if _, ok := x["$ref"]; ok {
				resolve(t, doc, x)
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(doc)

	param := regexp.MustCompile(`\{([a-z_]+)\}`)
	ids := map[string]string{}
	for p, item := range doc["paths"].(map[string]any) {
		item := item.(map[string]any)
		for _, m := range httpMethods {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] != "" {
				t.Errorf("%s %s: operationId %q missing or repeated", m, p, id)
			}
			ids[id] = p
			if rs, _ := op["responses"].(map[string]any); op["requestBody"] != nil && rs["413"] == nil {
				t.Errorf("%s %s: accepts a body but does not document 413", m, p)
			}
			declared := map[string]bool{}
			for _, list := range []any{item["parameters"], op["parameters"]} {
				ps, _ := list.([]any)
				for _, pv := range ps {
					pm := resolve(t, doc, pv)
					if pm["in"] == "path" {
						declared[pm["name"].(string)] = true
						if pm["required"] != true {
							t.Errorf("%s %s: path parameter %v not required", m, p, pm["name"])
						}
					}
				}
			}
			for _, sm := range param.FindAllStringSubmatch(p, -1) {
				if !declared[sm[1]] {
					t.Errorf("%s %s: path parameter %s undeclared", m, p, sm[1])
				}
			}
		}
	}

	errProps := resolve(t, doc, map[string]any{"$ref": "#/components/schemas/Error"})["properties"].(map[string]any)["error"].(map[string]any)["properties"].(map[string]any)
	for _, f := range []string{"code", "message", "fields"} {
		if errProps[f] == nil {
			t.Errorf("Error schema lacks %s", f)
		}
	}
	var codes []string
	for _, c := range errProps["code"].(map[string]any)["enum"].([]any) {
		codes = append(codes, c.(string))
	}
	sort.Strings(codes)
	want := []string{congvu.ECONFLICT, congvu.EFORBIDDEN, congvu.EINTERNAL, congvu.EINVALID, congvu.ELIMIT, congvu.ENOTFOUND, congvu.EUNAUTH, congvu.ETOOLARGE}
	sort.Strings(want)
	if strings.Join(codes, ",") != strings.Join(want, ",") {
		t.Errorf("Error code enum %v, want %v", codes, want)
	}
	sch := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)["bearerAuth"].(map[string]any)
	if sch["type"] != "http" || sch["scheme"] != "bearer" {
		t.Errorf("bearerAuth scheme %v", sch)
	}
}

// The document is served, without a token, exactly as embedded.
func TestOpenAPIServed(t *testing.T) {
	h := New(sqlservicestest.Wire(t, sqldbtest.SQLite(t)).Set, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	b, _ := io.ReadAll(rec.Body)
	if string(b) != string(openAPIDocument) {
		t.Error("served document differs from the embedded one")
	}
}

// The schemas of the JSON the API writes and reads name exactly the fields
// of the Go types behind them, and mark as required the ones always sent.
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	schemasMatchTypes(t, map[string]any{
		"Feedback": feedback.Feedback{}, "FeedbackInput": feedbackBody{}, "FeedbackReview": reviewBody{},
		"Dossier": dossierView{}, "DossierInput": dossierBody{},
		"Dashboard": feedback.Dashboard{}, "Tally": feedback.Tally{}, "ItemRate": feedback.ItemRate{},
		"TrendPoint": feedback.TrendPoint{}, "RankRow": feedback.RankRow{}, "PetitionList": petitionList{},
		"APIToken": org.APIToken{}, "StandardItem": standard.Item{}, "StandardVersion": standard.Version{}, "LegalBasis": standard.LegalBasis{},
	})
}

// schemasMatchTypes checks that each named schema (allOf parts merged)
// documents exactly the JSON fields of the Go value behind it, requires only
// fields the type has, and never requires a field omitted when empty.
func schemasMatchTypes(t *testing.T, types map[string]any) {
	t.Helper()
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range types {
		sch, _ := schemas[name].(map[string]any)
		if sch == nil {
			t.Errorf("schema %s missing", name)
			continue
		}
		props, required := map[string]any{}, map[string]bool{}
		var merge func(s map[string]any)
		merge = func(s map[string]any) {
			s = resolve(t, doc, s)
			parts, _ := s["allOf"].([]any)
			for _, part := range parts {
				merge(part.(map[string]any))
			}
			ps, _ := s["properties"].(map[string]any)
			for k, p := range ps {
				props[k] = p
			}
			req, _ := s["required"].([]any)
			for _, r := range req {
				required[r.(string)] = true
			}
		}
		merge(sch)
		fields := jsonFields(reflect.TypeOf(v))
		for f, omit := range fields {
			if props[f] == nil {
				t.Errorf("%s: field %s not documented", name, f)
			}
			if required[f] && omit {
				t.Errorf("%s: %s is required but omitted when empty", name, f)
			}
		}
		for p := range props {
			if _, ok := fields[p]; !ok {
				t.Errorf("%s: documents %s, which the type lacks", name, p)
			}
		}
		for r := range required {
			if _, ok := fields[r]; !ok {
				t.Errorf("%s: requires %s, which the type lacks", name, r)
			}
		}
	}
}

// jsonFields maps the JSON names of t's fields (embedded structs flattened)
// to whether they are omitted when empty.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		// encoding/json flattens embedded structs, exported or not.
		if tag == "-" || (!f.IsExported() && !(f.Anonymous && name == "")) {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			for k, v := range jsonFields(ft) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = strings.Contains(opts, "omitempty")
	}
	return out
}
