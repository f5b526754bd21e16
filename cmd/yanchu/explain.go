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
		doc := map[string]any{
			"query": u.Words, "canonical": u.Canonical, "spec": pipeline.SpecDoc(u),
			"timings_ms": map[string]float64{"understand": float64(u.Took.Microseconds()) / 1000},
		}
		if h := pipeline.HeardDoc(u); h != nil {
			doc["heard"] = h
		}
		if u.Printer != nil {
			doc["printer"] = u.Printer.ID
		}
		return printJSON(stdout, stderr, doc)
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
			if (u.Schema.Image || u.Schema.Film) && p.Derived {
				// Settled by the picture or the film, which explain does not read.
				val, src, desc := "(from the picture)", "derived", p.En
				if zh {
					val, src, desc = "（由图片定）", "推算", p.Zh
				}
				if u.Schema.Film {
					val = "(from the film)"
					if zh {
						val = "（由视频定）"
					}
				}
				fmt.Fprintf(w, "  %-17s %-22s %-8s %s\n", p.Name, val, src, desc)
			}
			continue
		}
		desc, src := p.En, string(v.Source)
		if zh {
			desc, src = p.Zh, map[spec.Source]string{spec.Said: "你说的", spec.Default: "默认", spec.Derived: "推算"}[v.Source]
		}
		val := spec.FormatValue(p.Kind, v)
		if v.Word != "" && v.Word != val {
			val += " ← " + v.Word
		}
		if v.Note != "" {
			desc += "; " + v.Note
		}
		fmt.Fprintf(w, "  %-17s %-22s %-8s %s\n", p.Name, val, src, desc)
	}
	printHeard(w, u, zh)
	fmt.Fprintf(w, "canonical: %s\n", u.Canonical)
}

// printHeard says what the words said besides the parameters: the printer, the
// corrections and what was set aside, so nothing is dropped silently.
func printHeard(w io.Writer, u *pipeline.Understanding, zh bool) {
	if p := u.Printer; p != nil {
		name := p.NameEN
		if zh {
			name = p.NameZH
		}
		if h := u.Heard.PrinterWord; h != "" {
			name += " ← " + h
		}
		fmt.Fprintf(w, "%s%s (%s)\n", pick(zh, "打印机：", "printer: "), name, p.ID)
	}
	for _, c := range u.Heard.Corrections {
		if zh {
			fmt.Fprintf(w, "改正：%s %s → %s（%s）\n", c.Param, c.From, c.To, c.Word)
		} else {
			fmt.Fprintf(w, "corrected: %s %s → %s (%s)\n", c.Param, c.From, c.To, c.Word)
		}
	}
	if len(u.Heard.Aside) == 0 {
		return
	}
	var parts []string
	for _, a := range u.Heard.Aside {
		why := a.Why
		if zh {
			why = asideZh[a.Why]
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", a.Word, why))
	}
	fmt.Fprintf(w, "%s%s\n", pick(zh, "略过：", "set aside: "), strings.Join(parts, ", "))
}

// asideZh names in Chinese why words were set aside.
var asideZh = map[string]string{
	spec.AsideFiller: "语气词", spec.AsidePoliteness: "客气话", spec.AsidePurpose: "用途",
	spec.AsideApproximation: "约数，按所说的值", spec.AsideCorrection: "改口",
}

func pick(zh bool, a, b string) string {
	if zh {
		return a
	}
	return b
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
