package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"yanchu/badinput"
)

const usage = `yanchu: say it, print it

usage:
  yanchu make "<words>" [-o DIR] [--formats 3mf,stl,glb,obj,gcode,png,gif,apng,mp4] [--printer ID]
                 [--cells N | --cell MM]
                 [--tolerance MM | --uniform] [--json]
                 words to files, e.g. yanchu make "鬼工球 8层 直径80毫米"
  yanchu carve FILM.mp4|FILM.gif|FRAMES_DIR ["<words>"] [-o DIR] [--formats ...] [--printer ID] [--json]
                 a copy of what a turntable film shows, carved from its silhouettes;
                 the words give its size and how it was filmed, e.g.
                 yanchu carve turn.mp4 "高15厘米 逆时针"
  yanchu explain "<words>" [--json]
                 what yanchu understood: every parameter, its unit and where it came from
  yanchu domains [NAME] [--json]
                 the domains and their parameters
  yanchu printers [ID] [--json]
                 printer profiles: id, names, build volume, process, rules, G-code route
  yanchu check FILE.stl|FILE.3mf [--printer ID] [--json]
                 the printability report of any mesh
  yanchu mesh --example r1|r2|r3 [--cells N | --cell MM] [--tolerance MM] -o FILE [--json]
                 mesh a reference solid; the extension of FILE (.stl .3mf .glb .obj)
                 picks the format
  yanchu render FILE.stl|FILE.3mf -o OUT.png|.gif|.apng|.mp4 [--size N] [--frames N]
                 [--seconds S] [--motion turntable] [--shift DX,DY] [--material M]
                 [--cutaway] [--transparent] [--json]
                 a picture, or a turntable film, of any mesh
  yanchu serve [--addr 127.0.0.1:8080] [--workers N] [--dir DIR]
                 the HTTP API and web page (see package yanchu/server)

exit status: 0 done, 2 bad input (nothing written), 1 yanchu failed
`

// run is the whole command line: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "make":
		return runMake(ctx, args[1:], stdout, stderr)
	case "explain":
		return runExplain(ctx, args[1:], stdout, stderr)
	case "domains":
		return runDomains(ctx, args[1:], stdout, stderr)
	case "mesh":
		return runMesh(ctx, args[1:], stdout, stderr)
	case "printers":
		return runPrinters(ctx, args[1:], stdout, stderr)
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "render":
		return runRender(ctx, args[1:], stdout, stderr)
	case "carve":
		return runCarve(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	return fail(stdout, stderr, false, badinput.New(badinput.UnknownWord,
		"unknown command %q; use make, carve, explain, domains, printers, check, mesh, render or serve (see yanchu help)", args[0]))
}

// fail reports err and returns its exit status: 2 for bad input, 1 otherwise.
// With asJSON the error document goes to stdout as well.
func fail(stdout, stderr io.Writer, asJSON bool, err error) int {
	code := 1
	doc := &badinput.Error{Code: "internal", Message: err.Error()}
	if e := badinput.As(err); e != nil {
		code, doc = 2, e
	} else if errors.Is(err, context.Canceled) {
		doc = &badinput.Error{Code: "cancelled", Message: "yanchu: stopped before finishing; nothing was written"}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		_ = enc.Encode(map[string]any{"error": doc})
	}
	fmt.Fprintln(stderr, "yanchu:", doc.Message)
	return code
}

// newFlags returns a flag set that reports its own errors as bad input.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args, allowing flags after positional words, and turns flag
// errors into bad input.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, badinput.New(badinput.BadRequest, "see yanchu help for the flags of %s", fs.Name())
			}
			return nil, badinput.New(badinput.BadRequest, "%s: %v (see yanchu help)", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return words, nil
		}
		words = append(words, args[0])
		args = args[1:]
	}
}

// isTerminal reports whether f is a terminal, where progress is drawn as a bar.
// It asks the terminal itself: /dev/null is a character device too, and a
// redirect there draws nothing.
func isTerminal(f io.Writer) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// wantsJSON reports whether args ask for JSON, for errors found before the flags
// are all read.
func wantsJSON(args []string) bool {
	for _, a := range args {
		if a == "--json" || a == "-json" || a == "--json=true" || a == "-json=true" {
			return true
		}
	}
	return false
}

// tolSaid reports whether --tolerance was given on the command line.
func tolSaid(fs *flag.FlagSet) bool {
	said := false
	fs.Visit(func(f *flag.Flag) { said = said || f.Name == "tolerance" })
	return said
}
