package main

import (
	"context"
	"fmt"
	"io"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/spec"
)

// runDomains is `yanchu domains [NAME]`: the domains and their parameter schemas.
func runDomains(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("domains")
	asJSON := fs.Bool("json", false, "print the schemas as JSON")
	words, err := parseFlags(fs, args)
	if err != nil {
		return fail(stdout, stderr, *asJSON || wantsJSON(args), err)
	}
	schemas := catalog.Schemas()
	if len(words) > 0 {
		d, ok := catalog.Get(words[0])
		if !ok {
			var names []string
			for _, s := range schemas {
				names = append(names, s.Domain)
			}
			return fail(stdout, stderr, *asJSON, &badinput.Error{Code: badinput.UnknownWord,
				Message: fmt.Sprintf("no domain %q", words[0]), Suggestions: names})
		}
		schemas = []*spec.Schema{d.Schema()}
	}
	if *asJSON {
		return printJSON(stdout, stderr, map[string]any{"domains": schemas})
	}
	for _, s := range schemas {
		fmt.Fprintf(stdout, "%s: %s / %s\n", s.Domain, s.En, s.Zh)
		if s.Image {
			fmt.Fprintf(stdout, "  made from a picture: make --image FILE (PNG or JPEG) / 需要图片：make --image 文件（PNG 或 JPEG）\n")
		}
		if s.Film {
			fmt.Fprintf(stdout, "  carved from a turntable film: yanchu carve FILM (MP4, GIF, or a folder of frames) / 需要转台视频：yanchu carve 视频（MP4、GIF 或帧图片文件夹）\n")
		}
		for _, p := range s.Params {
			fmt.Fprintf(stdout, "  %-17s %-7s %s\n", p.Name, p.Kind, describe(p))
		}
	}
	return 0
}

func describe(p spec.Param) string {
	var rng string
	switch p.Kind {
	case spec.Choice:
		rng = fmt.Sprintf("one of %v, default %s", p.Choices, p.DefaultText)
	default:
		rng = fmt.Sprintf("%s to %s %s", spec.FormatNumber(p.Min), spec.FormatNumber(p.Max), p.Kind.Unit())
		if len(p.Values) > 0 {
			rng = fmt.Sprintf("one of %v", p.Values)
		}
		if p.Derived {
			rng += ", worked out when not said"
		} else {
			rng += ", default " + spec.FormatNumber(p.Default)
		}
	}
	return p.En + " / " + p.Zh + " (" + rng + ")"
}
