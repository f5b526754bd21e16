package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestDomains(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(t.Context(), []string{"domains", "puzzleball", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc struct {
		Domains []struct {
			Domain string `json:"domain"`
			Params []struct {
				Name string `json:"name"`
				Zh   string `json:"zh"`
				En   string `json:"en"`
			} `json:"params"`
		} `json:"domains"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Domains) != 1 || doc.Domains[0].Domain != "puzzleball" {
		t.Fatalf("got %+v, want the puzzleball schema", doc.Domains)
	}
	for _, p := range doc.Domains[0].Params {
		if p.Zh == "" || p.En == "" {
			t.Errorf("param %s lacks a description in zh or en", p.Name)
		}
	}
	out.Reset()
	if code := run(t.Context(), []string{"domains", "nosuch"}, &out, &errb); code != 2 {
		t.Errorf("unknown domain: exit %d, want 2", code)
	}
	out.Reset()
	run(t.Context(), []string{"domains"}, &out, &errb)
	if !strings.Contains(out.String(), "puzzleball") {
		t.Errorf("domains lists no puzzleball:\n%s", out.String())
	}
}
