package pipeline

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strings"

	"yanchu/internal/atomicfile"
	"yanchu/spec"
)

// MaxFolderName is the longest default folder name: some file systems and
// archive tools refuse long paths, and people read it.
const MaxFolderName = 60

// FolderName names the default output folder of a spec from its domain and
// what was said, in schema order: "puzzleball-8layers-80mm",
// "gear-24teeth-module2-bore5mm", "vase-200mm-6lobes-twist90deg". Defaults
// and values worked out are left out: the same words name the same folder. A
// name over MaxFolderName keeps the parts that fit and ends with a hash of the
// canonical words, so two designs never share a shortened name.
func FolderName(sc *spec.Schema, s *spec.Spec) string {
	parts := []string{clean(s.Domain)}
	for _, p := range sc.Params {
		v, ok := s.Params[p.Name]
		if !ok || v.Source != spec.Said {
			continue
		}
		if part := clean(folderPart(sc, p, v)); part != "" {
			parts = append(parts, part)
		}
	}
	name := strings.Join(parts, "-")
	if len(name) <= MaxFolderName {
		return name
	}
	h := fnv.New32a()
	io.WriteString(h, spec.Canonical(sc, s))
	tail := fmt.Sprintf("-%08x", h.Sum32())
	name = parts[0]
	for _, part := range parts[1:] {
		if len(name)+1+len(part)+len(tail) > MaxFolderName {
			break
		}
		name += "-" + part
	}
	return name + tail
}

// folderPart is one said value as the folder name shows it.
func folderPart(sc *spec.Schema, p spec.Param, v spec.Value) string {
	x := spec.FormatValue(p.Kind, v)
	switch p.Kind {
	case spec.Count:
		return x + p.Name // 8layers
	case spec.Choice:
		switch v.Text {
		case "yes", "on":
			return p.Name // magnets
		case "no", "off", "none":
			return "no" + p.Name
		}
		return v.Text // resin, cloud, slide
	case spec.Percent:
		return p.Name + strings.TrimSuffix(x, "%") + "pct"
	case spec.Length:
		if p.Name == sc.Length {
			return x // 80mm
		}
	case spec.Volume:
		if p.Name == sc.Volume {
			return x // 500ml
		}
	case spec.Size:
		if p.Name == sc.Size {
			return x // 100x60x40mm
		}
	}
	return p.Name + x // bore5mm, module2, twist90deg
}

// clean keeps lowercase ASCII letters, digits, dots and dashes: a name any
// file system and archive takes.
func clean(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), "-.")
}

// designFile, in a default folder, holds what made the files there: the
// canonical words; the printer the files stand turned for, when one was given;
// and the picture's or the film's digest, when one came with the words. A run of another
// design takes another folder.
const designFile = "design.txt"

// design is what designFile holds for u made with opt.
func design(u *Understanding, opt MakeOptions) string {
	d := u.Canonical + "\n"
	if opt.Printer != nil {
		d += "printer " + opt.Printer.ID + "\n"
	}
	if opt.Inputs.Image != nil {
		d += fmt.Sprintf("picture %x\n", sha256.Sum256(opt.Inputs.Image.Data))
	}
	if opt.Inputs.Film != nil {
		d += fmt.Sprintf("film %x\n", opt.Inputs.Film.Sum())
	}
	return d
}

// maxFolders is how many folders of one name (name, name-2, ...) are tried.
const maxFolders = 100

// defaultFolder returns the folder under root for the design: root/name when
// it is new, empty or holds this design's files, else the first of name-2,
// name-3, ... that is.
func defaultFolder(root, name, design string) (string, error) {
	for i := 1; i <= maxFolders; i++ {
		dir := filepath.Join(root, name)
		if i > 1 {
			dir = fmt.Sprintf("%s-%d", dir, i)
		}
		ok, err := folderFor(dir, design)
		if err != nil {
			return "", err
		}
		if ok {
			return dir, nil
		}
	}
	return "", fmt.Errorf("pipeline: %s and %d more folders of that name hold other designs; give a folder with -o", filepath.Join(root, name), maxFolders-1)
}

// folderFor reports whether dir may take the design's files: it is not there,
// is empty, or its designFile names the design.
func folderFor(dir, design string) (bool, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return true, nil
	case err != nil:
		return false, nil // not a folder yanchu can use: another name
	}
	empty := true
	for _, e := range entries {
		if _, ok := stagePid(e.Name()); !ok {
			empty = false // a stage is a make's, running or left by a kill
		}
	}
	if empty {
		return true, nil
	}
	f, err := os.Open(filepath.Join(dir, designFile))
	if err != nil {
		return false, nil
	}
	defer f.Close()
	have, err := io.ReadAll(io.LimitReader(f, int64(len(design))+1))
	return err == nil && string(have) == design, nil
}

// writeDesign writes the design's record to path.
func writeDesign(path, design string) error {
	return atomicfile.WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, design)
		return err
	})
}
