package slicer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// MaxBundleBytes is the largest vendor bundle ReadBundle and ParseBundle accept
// (16 MiB). PrusaSlicer 2.5's largest, PrusaResearch.ini, is about 0.4 MB.
const MaxBundleBytes = 16 << 20

// Bundle is a PrusaSlicer vendor bundle: the .ini file of one vendor's printer,
// print and filament presets, as read from the installed profiles folder.
type Bundle struct {
	// Name is the bundle's file base name without ".ini", such as "PrusaResearch";
	// empty when parsed from a reader.
	Name string
	// Sections lists the sections in file order.
	Sections []*Section
	index    map[string]*Section // by Kind + ":" + Name
}

// Section is one [kind:name] section of a bundle, such as [printer:Original
// Prusa MINI & MINI+], with its own keys before inheritance. The [vendor] section
// has Kind "vendor" and an empty Name. Keys written before any section header
// land in a section with an empty Kind, which PrusaSlicer ignores.
type Section struct {
	Kind, Name string
	// Keys holds the section's own keys in file order, and Values their values,
	// verbatim after trimming spaces (quotes and \n escapes are kept).
	Keys   []string
	Values map[string]string
	// Line is the 1-based line of the section header (0 for the leading section).
	Line int
}

// Abstract reports whether the section is an intermediate preset, which only
// other presets inherit: its name is wrapped in asterisks, like "*common*".
func (s *Section) Abstract() bool { return strings.HasPrefix(s.Name, "*") }

// ReadBundle reads the vendor bundle at path. It refuses a file over
// MaxBundleBytes before reading it.
func ReadBundle(path string) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("slicer: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, fmt.Errorf("slicer: %w", err)
	} else if fi.Size() > MaxBundleBytes {
		return nil, fmt.Errorf("slicer: %s is %d bytes, over the limit of %d for a vendor bundle", path, fi.Size(), MaxBundleBytes)
	}
	b, err := ParseBundle(f)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	base := path[strings.LastIndexAny(path, `/\`)+1:]
	b.Name = strings.TrimSuffix(base, ".ini")
	return b, nil
}

// ParseBundle parses a vendor bundle the way PrusaSlicer 2.5 reads one (Boost's
// INI reader): "[kind:name]" opens a section; "key = value" sets a key, both sides
// trimmed; a line whose first non-blank character is '#' or ';' is a comment, and
// ';' later in a line is part of the value. A line with no '=', an unclosed '[', a
// repeated section or a key repeated in one section is an error, as in
// PrusaSlicer. It reads at most MaxBundleBytes.
func ParseBundle(r io.Reader) (*Bundle, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBundleBytes+1))
	if err != nil {
		return nil, fmt.Errorf("slicer: reading a vendor bundle: %w", err)
	}
	if len(data) > MaxBundleBytes {
		return nil, fmt.Errorf("slicer: a vendor bundle over the limit of %d bytes", MaxBundleBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	b := &Bundle{index: map[string]*Section{}}
	cur := &Section{Values: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, MaxBundleBytes+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return nil, fmt.Errorf("slicer: bundle line %d: unmatched '['", n)
			}
			head := strings.TrimSpace(line[1:end])
			kind, name, _ := strings.Cut(head, ":")
			if head == "" {
				return nil, fmt.Errorf("slicer: bundle line %d: empty section name", n)
			}
			if _, dup := b.index[kind+":"+name]; dup {
				return nil, fmt.Errorf("slicer: bundle line %d: section [%s] appears twice", n, head)
			}
			if cur.Line > 0 || len(cur.Keys) > 0 {
				b.add(cur)
			}
			cur = &Section{Kind: kind, Name: name, Values: map[string]string{}, Line: n}
			b.index[kind+":"+name] = cur
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				return nil, fmt.Errorf("slicer: bundle line %d: no '=' in %q", n, clip(line, 60))
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if k == "" {
				return nil, fmt.Errorf("slicer: bundle line %d: empty key", n)
			}
			if _, dup := cur.Values[k]; dup {
				return nil, fmt.Errorf("slicer: bundle line %d: key %q appears twice in one section", n, k)
			}
			cur.Keys = append(cur.Keys, k)
			cur.Values[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("slicer: reading a vendor bundle: %w", err)
	}
	if cur.Line > 0 || len(cur.Keys) > 0 {
		b.add(cur)
	}
	return b, nil
}

func (b *Bundle) add(s *Section) { b.Sections = append(b.Sections, s) }

// Section returns the section [kind:name], or nil.
func (b *Bundle) Section(kind, name string) *Section { return b.index[kind+":"+name] }

// Presets returns the names of the concrete (not abstract) presets of a kind,
// such as "printer", "print" or "filament", in file order.
func (b *Bundle) Presets(kind string) []string {
	var names []string
	for _, s := range b.Sections {
		if s.Kind == kind && !s.Abstract() {
			names = append(names, s.Name)
		}
	}
	return names
}

// ErrCycle is wrapped by Resolve's error when presets inherit from each other in a
// loop.
var ErrCycle = errors.New("slicer: presets inherit in a cycle")

// Resolve returns every key of preset [kind:name] after inheritance, as
// PrusaSlicer 2.5 flattens a vendor bundle: the presets named by "inherits = A;
// B; ..." (of the same kind, abstract or not, each flattened first) are applied
// left to right, a later parent overriding an earlier one, and then the preset's
// own keys. "inherits" itself is dropped, and "renamed_from" is not inherited. A
// parent that is missing, or a cycle (ErrCycle), is an error; PrusaSlicer logs
// both and carries on without the parent.
func (b *Bundle) Resolve(kind, name string) (map[string]string, error) {
	r := resolver{b: b, done: map[*Section]map[string]string{}, busy: map[*Section]bool{}}
	s := b.Section(kind, name)
	if s == nil {
		return nil, b.missing(kind, name)
	}
	m, err := r.flatten(s, 0)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out, nil
}

// maxInheritDepth bounds the inheritance chain, against stack exhaustion on a
// crafted bundle; PrusaSlicer's own bundles nest at most 5 deep.
const maxInheritDepth = 64

type resolver struct {
	b    *Bundle
	done map[*Section]map[string]string
	busy map[*Section]bool
}

func (r *resolver) flatten(s *Section, depth int) (map[string]string, error) {
	if m, ok := r.done[s]; ok {
		return m, nil
	}
	if r.busy[s] {
		return nil, fmt.Errorf("%w: [%s:%s] inherits itself", ErrCycle, s.Kind, s.Name)
	}
	if depth > maxInheritDepth {
		return nil, fmt.Errorf("slicer: [%s:%s]: inheritance deeper than %d", s.Kind, s.Name, maxInheritDepth)
	}
	r.busy[s] = true
	defer delete(r.busy, s)
	parents, ok := unescapeList(s.Values["inherits"])
	if !ok {
		return nil, fmt.Errorf("slicer: [%s:%s] line %d: cannot read inherits = %s", s.Kind, s.Name, s.Line, clip(s.Values["inherits"], 80))
	}
	m := map[string]string{}
	for _, pn := range parents {
		p := r.b.Section(s.Kind, pn)
		if p == nil {
			return nil, fmt.Errorf("slicer: [%s:%s] inherits %q, which the bundle does not define", s.Kind, s.Name, pn)
		}
		pm, err := r.flatten(p, depth+1)
		if err != nil {
			return nil, err
		}
		for k, v := range pm {
			if k != "renamed_from" {
				m[k] = v
			}
		}
	}
	for _, k := range s.Keys {
		if k != "inherits" {
			m[k] = s.Values[k]
		}
	}
	r.done[s] = m
	return m, nil
}

// where names the bundle in messages.
func (b *Bundle) where() string {
	if b.Name == "" {
		return "the bundle"
	}
	return b.Name
}

// missing returns the error for an unknown preset, naming up to five presets of
// the kind whose names contain the words asked for.
func (b *Bundle) missing(kind, name string) error {
	var near []string
	words := strings.Fields(strings.ToLower(name))
	for _, n := range b.Presets(kind) {
		ln := strings.ToLower(n)
		hit := len(words) > 0
		for _, w := range words {
			hit = hit && strings.Contains(ln, w)
		}
		if hit && len(near) < 5 {
			near = append(near, fmt.Sprintf("%q", n))
		}
	}
	msg := fmt.Sprintf("slicer: no %s preset %q in %s", kind, name, b.where())
	if len(near) > 0 {
		msg += "; did you mean " + strings.Join(near, ", ")
	}
	return errors.New(msg)
}

// unescapeList splits a PrusaSlicer list such as `*common*; "A; B"; C` into its
// items: items are separated by ';', may be enclosed in double quotes with
// C-style escapes (\" \\ \n), and blanks around them are dropped. It reports
// false for an unterminated quote or text after a closing quote. An empty string
// is an empty list.
func unescapeList(s string) ([]string, bool) {
	var out []string
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	skip()
	if i == len(s) {
		return nil, true
	}
	for {
		skip()
		var item strings.Builder
		if i < len(s) && s[i] == '"' {
			closed := false
			for i++; i < len(s); i++ {
				c := s[i]
				if c == '"' {
					closed = true
					i++
					break
				}
				if c == '\\' {
					i++
					if i == len(s) {
						return nil, false
					}
					c = s[i]
					if c == 'n' {
						c = '\n'
					}
				}
				item.WriteByte(c)
			}
			if !closed {
				return nil, false
			}
			out = append(out, item.String())
			skip()
		} else {
			j := strings.IndexByte(s[i:], ';')
			if j < 0 {
				j = len(s) - i
			}
			out = append(out, strings.TrimRight(s[i:i+j], " \t"))
			i += j
		}
		if i == len(s) {
			return out, true
		}
		if s[i] != ';' {
			return nil, false
		}
		i++
	}
}

// unquote returns a single PrusaSlicer string value without its enclosing quotes
// and escapes, or the value as it is when it is not quoted.
func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' {
		if items, ok := unescapeList(v); ok && len(items) == 1 {
			return items[0]
		}
	}
	return v
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
