package examples

import "testing"

func TestWords(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<EMPTY>", ""},
		{"<REPEAT:ab :3>", "ab ab ab "},
		{"<REPEAT:a:b:2>", "a:ba:b"},
		{"<REPEAT:x>", "<REPEAT:x>"},
		{"<REPEAT:x:-1>", "<REPEAT:x:-1>"},
		{"鬼工球 8层", "鬼工球 8层"},
	}
	for _, c := range cases {
		if got := Words(c.in); got != c.want {
			t.Errorf("Words(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRows(t *testing.T) {
	rows := Rows(t, "../..", "prompts.tsv")
	if len(rows) == 0 || len(rows[0]) < 3 {
		t.Fatalf("got %d rows, want the example prompts", len(rows))
	}
}
