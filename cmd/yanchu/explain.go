package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"yanchu/pipeline"
	"yanchu/spec"
)

// runExplain is `yanchu explain "<words>"`: what yanchu understood, no geometry.
func runExplain(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("explain")
	asJSON := fs.Bool("json", false, "print the understanding as JSON")
	words, err := parseFlags(fs, args)
	if err != nil {
		return fail(stdout, stderr, *asJSON || wantsJSON(args), err)
	}
	u, err := pipeline.Understand(strings.Join(words, " "))
	if err != nil {
		return fail(stdout, stderr, *asJSON, err)
	}
	if *asJSON {
		return printJSON(stdout, stderr, map[string]any{
			"query": u.Words, "canonical": u.Canonical, "spec": pipeline.SpecDoc(u),
			"timings_ms": map[string]float64{"understand": float64(u.Took.Microseconds()) / 1000},
		})
	}
	printUnderstanding(stdout, u)
	return 0
}

// printUnderstanding lists every parameter with its value, unit and source, in
// the language the person wrote in.
func printUnderstanding(w io.Writer, u *pipeline.Understanding) {
	zh := u.Spec.Lang == "zh"
	if zh {
		fmt.Fprintf(w, "理解为：%s（%s）\n", u.Schema.Zh, u.Spec.Domain)
	} else {
		fmt.Fprintf(w, "understood: %s (%s)\n", u.Schema.En, u.Spec.Domain)
	}
	for _, p := range u.Schema.Params {
		v, ok := u.Spec.Params[p.Name]
		if !ok {
			continue
		}
		desc, src := p.En, string(v.Source)
		if zh {
			desc, src = p.Zh, map[spec.Source]string{spec.Said: "你说的", spec.Default: "默认", spec.Derived: "推算"}[v.Source]
		}
		val := spec.FormatValue(p.Kind, v)
		if v.Source == spec.Said && v.Word != "" && v.Word != val {
			val += " ← " + v.Word
		}
		fmt.Fprintf(w, "  %-17s %-22s %-8s %s\n", p.Name, val, src, desc)
	}
	fmt.Fprintf(w, "canonical: %s\n", u.Canonical)
}

func printJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fail(stdout, stderr, false, err)
	}
	return 0
}
