package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"yanchu/internal/examples"
)

// The default folder is named from the domain and what was said, readably and
// within MaxFolderName, for every example the words must work for.
func TestFolderNames(t *testing.T) {
	for _, c := range []struct{ words, want string }{
		{"鬼工球 8层 直径80毫米", "puzzleball-8layers-80mm"},
		{"spur gear 24 teeth module 2 thickness 8 bore 5", "gear-24teeth-module2-thickness8mm-bore5mm"},
		{"花瓶 高20厘米 六瓣 扭转90度", "vase-200mm-6lobes-twist90deg"},
		{"box with lid 100x60x40 wall 2", "box-100x60x40mm-wall2mm"},
		{"gridfinity 2x3x6", "gridfinity-2x3x6"},
		{"鬼工球 58层 直径170毫米 树脂", "puzzleball-58layers-170mm-resin"},
	} {
		u, err := Understand(c.words)
		if err != nil {
			t.Fatal(err)
		}
		if got := FolderName(u.Schema, u.Spec); got != c.want {
			t.Errorf("%s: folder %q, want %q", c.words, got, c.want)
		}
	}
	ok := regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	for _, file := range []string{"prompts.tsv", "spoken.tsv"} {
		for _, row := range examples.Rows(t, "..", file) {
			u, err := Understand(row[0])
			if err != nil {
				t.Fatalf("%s: %v", row[0], err)
			}
			name := FolderName(u.Schema, u.Spec)
			if len(name) > MaxFolderName || !ok.MatchString(name) {
				t.Errorf("%s: folder %q (%d characters), want at most %d of a-z, 0-9, dots and dashes", row[0], name, len(name), MaxFolderName)
			}
		}
	}
}

// A name too long keeps the parts that fit and ends with a hash of the
// canonical words: designs that share the shortened parts differ in it.
func TestFolderNameShortened(t *testing.T) {
	a, err := Understand("鬼工球 8层 直径80毫米 壁厚2毫米 间隙0.5毫米 6孔 孔径20毫米 树脂 铜钱纹 连接点 平底")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Understand("鬼工球 8层 直径80毫米 壁厚2毫米 间隙0.5毫米 6孔 孔径20毫米 树脂 铜钱纹 连接点")
	if err != nil {
		t.Fatal(err)
	}
	na, nb := FolderName(a.Schema, a.Spec), FolderName(b.Schema, b.Spec)
	if len(na) > MaxFolderName || len(nb) > MaxFolderName || na == nb {
		t.Errorf("folders %q and %q: want two names of at most %d characters", na, nb, MaxFolderName)
	}
}

// A default folder holding another design's files is left alone: the design
// goes to name-2; the same design takes its own folder again, and an empty one
// is taken.
func TestDefaultFolderNeverOverwrites(t *testing.T) {
	root := t.TempDir()
	dir, err := defaultFolder(root, "ball", "puzzleball layers=8\n")
	if err != nil || dir != filepath.Join(root, "ball") {
		t.Fatalf("new: %q, %v", dir, err)
	}
	os.MkdirAll(dir, 0o755)
	if err := writeDesign(filepath.Join(dir, designFile), "puzzleball layers=8\n"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "model.stl"), []byte("solid"), 0o644)
	if again, _ := defaultFolder(root, "ball", "puzzleball layers=8\n"); again != dir {
		t.Errorf("same design: %q, want %q", again, dir)
	}
	other, _ := defaultFolder(root, "ball", "puzzleball layers=9\n")
	if other != dir+"-2" {
		t.Errorf("other design: %q, want %q", other, dir+"-2")
	}
	// A folder with files and no record of their design is someone else's.
	mine := filepath.Join(root, "mine")
	os.MkdirAll(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("keep"), 0o644)
	if got, _ := defaultFolder(root, "mine", "x\n"); got != mine+"-2" {
		t.Errorf("unrecorded folder: %q, want %q", got, mine+"-2")
	}
	empty := filepath.Join(root, "empty")
	os.MkdirAll(empty, 0o755)
	if got, _ := defaultFolder(root, "empty", "x\n"); got != empty {
		t.Errorf("empty folder: %q, want %q", got, empty)
	}
}
