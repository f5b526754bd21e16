package server

import (
	"net/http"
	"strings"
	"testing"
)

// A spec given directly goes through the same reading and checks as words: it
// makes the same model as its words, and every fault is the same error document.
func TestMakeFromSpec(t *testing.T) {
	_, ts := start(t, &Server{})
	body := `{"spec": {"domain": "gear", "params": {"teeth": {"value": 12, "source": "said"}, "module": 1, "thickness": {"value": 4, "unit": "mm"}}}, "preview": true}`
	a := do(t, "POST", ts.URL+"/api/v1/make", body)
	if a.status != http.StatusAccepted {
		t.Fatalf("status %d, want 202: %s", a.status, a.body)
	}
	ex, _ := a.doc["explain"].(map[string]any)
	canon, _ := ex["canonical"].(string)
	w := do(t, "GET", ts.URL+"/api/v1/explain?words="+strings.ReplaceAll("spur gear 12 teeth module 1 thickness 4", " ", "+"), "")
	if want, _ := w.doc["canonical"].(string); canon != want || canon == "" {
		t.Errorf("the spec's canonical words %q, the words' %q", canon, want)
	}
	id, _ := a.doc["job"].(string)
	if evs := listen(t, ts, id); len(evs) == 0 || evs[len(evs)-1].name != "result" {
		t.Errorf("the job did not end with a result: %v", evs)
	}

	for _, tc := range []struct{ name, body, code, says string }{
		{"words and spec", `{"words": "齿轮", "spec": {"domain": "gear"}}`, "conflict", "not both"},
		{"unknown domain", `{"spec": {"domain": "teapot"}}`, "unknown_word", "puzzleball"},
		{"unknown parameter", `{"spec": {"domain": "gear", "params": {"colour": 3}}}`, "unknown_word", `"colour"`},
		{"a word for a number", `{"spec": {"domain": "gear", "params": {"teeth": "many"}}}`, "bad_request", "a number"},
		{"a size of two", `{"spec": {"domain": "box", "params": {"size": [100, 60]}}}`, "bad_request", "three numbers"},
		{"a choice with a space", `{"spec": {"domain": "gear", "params": {"pair": "yes please"}}}`, "bad_request", "one of no, yes"},
		{"out of range", `{"spec": {"domain": "gear", "params": {"teeth": 3}}}`, "out_of_range", "teeth"},
		{"a choice it lacks", `{"spec": {"domain": "box", "params": {"lid": "hinged"}}}`, "out_of_range", "lid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := do(t, "POST", ts.URL+"/api/v1/make", tc.body)
			if a.status != http.StatusBadRequest || a.code() != tc.code || !strings.Contains(a.message(), tc.says) {
				t.Errorf("status %d, code %q, message %q; want 400, %q, a message with %q", a.status, a.code(), a.message(), tc.code, tc.says)
			}
		})
	}
}
