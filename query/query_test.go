package query

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"yanchu/internal/examples"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/spec"
)

// v is a wanted parameter value: a float64 number, a string choice or a [3]float64 size.
type v = any

type okCase struct {
	name   string
	words  string
	domain string // "" means puzzleball
	want   map[string]v
}

var okCases = []okCase{
	{"traditional", "鬼工球 八層 直徑八公分", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"name=value after a word that could take its name", "gear pair=yes layout=apart", "gear", map[string]v{"pair": "yes", "layout": "apart"}},
	{"canonical of a pair", "gear pair=yes", "gear", map[string]v{"pair": "yes"}},
	{"x1 inside a size is no printer", "box 21x11x30 wall 1", "box", map[string]v{"size": [3]float64{21, 11, 30}, "wall": 1.0}},
	{"full-width digits", "鬼工球１２层", "", map[string]v{"layers": 12.0}},
	{"full-width punctuation and unit", "鬼工球，１２层，直径８０ＭＭ", "", map[string]v{"layers": 12.0, "diameter": 80.0}},
	{"ideographic spaces", "８０ｍｍ　鬼工球　８层", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"colloquial zh", "帮我做一个八层的鬼工球，大概八公分", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"colloquial zh 2", "给我来个十层的同心球吧", "", map[string]v{"layers": 10.0}},
	{"colloquial en", "please make me a puzzle ball with 6 layers about 7cm", "", map[string]v{"layers": 6.0, "diameter": 70.0}},
	{"i'd like", "i'd like a concentric ball, 9 layers, roughly 90mm", "", map[string]v{"layers": 9.0, "diameter": 90.0}},
	{"around before", "around 60 mm puzzle ball 5 layers", "", map[string]v{"layers": 5.0, "diameter": 60.0}},
	{"左右 after", "鬼工球 10层 80毫米左右", "", map[string]v{"layers": 10.0, "diameter": 80.0}},
	{"tilde", "puzzle ball 6 layers ~70mm", "", map[string]v{"layers": 6.0, "diameter": 70.0}},
	{"diameter first with 的", "直径80毫米的12层鬼工球", "", map[string]v{"layers": 12.0, "diameter": 80.0}},
	{"en order reversed", "80mm 12 layers puzzle ball", "", map[string]v{"layers": 12.0, "diameter": 80.0}},
	{"unit apart", "puzzle ball 8 layers 80 mm", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"公分 apart", "同心球 8 公分 6层", "", map[string]v{"layers": 6.0, "diameter": 80.0}},
	{"inch mark", `puzzle ball 3.5" 6 layers`, "", map[string]v{"layers": 6.0, "diameter": 88.9}},
	{"inch word", "puzzle ball 3.5 inch 6 layers", "", map[string]v{"layers": 6.0, "diameter": 88.9}},
	{"inch attached", "puzzle ball 6 layers 3.5in", "", map[string]v{"layers": 6.0, "diameter": 88.9}},
	{"metres", "puzzle ball 6 layers 0.1 m", "", map[string]v{"layers": 6.0, "diameter": 100.0}},
	{"米", "鬼工球 8层 直径0.08米", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"套球", "套球 5层", "", map[string]v{"layers": 5.0}},
	{"象牙球", "象牙球 7层 直径6厘米", "", map[string]v{"layers": 7.0, "diameter": 60.0}},
	{"concentric ball", "concentric ball 4 layers 50mm", "", map[string]v{"layers": 4.0, "diameter": 50.0}},
	{"鬼工毬", "鬼工毬 8层", "", map[string]v{"layers": 8.0}},
	{"透雕套球", "透雕套球 六层", "", map[string]v{"layers": 6.0}},
	{"牙雕套球", "牙雕套球 直径10厘米 八层", "", map[string]v{"layers": 8.0, "diameter": 100.0}},
	{"chinese puzzle ball", "chinese puzzle ball eight layers", "", map[string]v{"layers": 8.0}},
	{"english compound number", "puzzle ball twenty four layers", "", map[string]v{"layers": 24.0}},
	{"十二", "十二层鬼工球", "", map[string]v{"layers": 12.0}},
	{"二十四 and 一百二十", "二十四层鬼工球直径一百二十毫米", "", map[string]v{"layers": 24.0, "diameter": 120.0}},
	{"两", "鬼工球 两层", "", map[string]v{"layers": 2.0}},
	{"一百零五", "鬼工球 一百零五毫米", "", map[string]v{"diameter": 105.0}},
	{"一百二 colloquial", "鬼工球 8层 直径一百二毫米", "", map[string]v{"layers": 8.0, "diameter": 120.0}},
	{"二百", "鬼工球 8层 直径二百毫米", "", map[string]v{"layers": 8.0, "diameter": 200.0}},
	{"十 and 十厘米", "鬼工球十层直径十厘米", "", map[string]v{"layers": 10.0, "diameter": 100.0}},
	{"decimal", "鬼工球 直径85.5毫米", "", map[string]v{"diameter": 85.5}},
	{"chinese decimal", "鬼工球 直径八十五点五毫米", "", map[string]v{"diameter": 85.5}},
	{"mixed zh en", "puzzle ball 8层 80mm", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"树脂", "鬼工球 树脂", "", map[string]v{"process": "resin"}},
	{"resin", "puzzle ball resin 8 layers", "", map[string]v{"process": "resin", "layers": 8.0}},
	{"光固化", "鬼工球 光固化 8层", "", map[string]v{"process": "resin", "layers": 8.0}},
	{"fdm", "鬼工球 fdm", "", map[string]v{"process": "fdm"}},
	{"process word then choice", "puzzle ball process resin", "", map[string]v{"process": "resin"}},
	{"云纹 铜钱纹", "鬼工球 云纹 铜钱纹", "", map[string]v{"decoration": "cloud", "inner_decoration": "coin"}},
	{"plain", "鬼工球 素面", "", map[string]v{"decoration": "none"}},
	{"en patterns", "puzzle ball, 10 layers, cloud pattern, coin pattern", "", map[string]v{"layers": 10.0, "decoration": "cloud", "inner_decoration": "coin"}},
	{"6孔", "鬼工球 6孔", "", map[string]v{"holes": 6.0}},
	{"有6个孔", "鬼工球 8层 直径80毫米 有6个孔", "", map[string]v{"layers": 8.0, "diameter": 80.0, "holes": 6.0}},
	{"20 holes", "puzzle ball 20 holes", "", map[string]v{"holes": 20.0}},
	{"12层 and 12孔 after 80mm", "鬼工球 80mm 8层 12孔", "", map[string]v{"layers": 8.0, "diameter": 80.0, "holes": 12.0}},
	{"counts as markers", "puzzle ball 12 layers 14 holes", "", map[string]v{"layers": 12.0, "holes": 14.0}},
	{"counts as prefixes", "puzzle ball layers 12 holes 14", "", map[string]v{"layers": 12.0, "holes": 14.0}},
	{"wall and gap zh", "鬼工球 壁厚1.2毫米 间隙0.3毫米", "", map[string]v{"wall": 1.2, "gap": 0.3}},
	{"wall and gap en", "puzzle ball wall 1.2 gap 0.3", "", map[string]v{"wall": 1.2, "gap": 0.3}},
	{"prefix lengths", "puzzle ball diameter 100mm wall 2mm gap 0.5mm", "", map[string]v{"diameter": 100.0, "wall": 2.0, "gap": 0.5}},
	{"marker lengths", "puzzle ball 100mm diameter 2mm wall 0.5mm gap", "", map[string]v{"diameter": 100.0, "wall": 2.0, "gap": 0.5}},
	{"wall thickness phrase", "puzzle ball 8 layers 80mm wall thickness 1.6mm gap 0.4mm", "", map[string]v{"layers": 8.0, "diameter": 80.0, "wall": 1.6, "gap": 0.4}},
	{"all traditional", "鬼工球 12層 直徑100毫米 樹脂 雲紋 銅錢紋", "", map[string]v{"layers": 12.0, "diameter": 100.0, "process": "resin", "decoration": "cloud", "inner_decoration": "coin"}},
	{"核心", "鬼工球 核心10毫米", "", map[string]v{"core": 10.0}},
	{"孔径", "鬼工球 孔径5毫米", "", map[string]v{"hole_size": 5.0}},
	{"hole size and core", "puzzle ball hole size 5mm core 10mm", "", map[string]v{"hole_size": 5.0, "core": 10.0}},
	{"厚度 and 间距", "鬼工球 8层 80mm 厚度2毫米 间距0.5", "", map[string]v{"layers": 8.0, "diameter": 80.0, "wall": 2.0, "gap": 0.5}},
	{"same value twice", "鬼工球 8层 直径80毫米 直径80毫米", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"same value two ways", "鬼工球 直径8厘米 80mm", "", map[string]v{"diameter": 80.0}},
	{"bare number is mm", "鬼工球 12层 80", "", map[string]v{"layers": 12.0, "diameter": 80.0}},
	{"spaces everywhere", "鬼工球 8 层 直径 8 公分", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"colon", "鬼工球 直径：80毫米", "", map[string]v{"diameter": 80.0}},
	{"顿号", "鬼工球、8层、80mm", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"外径", "鬼工球 外径80毫米", "", map[string]v{"diameter": 80.0}},
	{"dia", "puzzle ball dia 80", "", map[string]v{"diameter": 80.0}},
	{"size", "puzzle ball size 80mm", "", map[string]v{"diameter": 80.0}},
	{"upper case", "PUZZLE BALL 6 LAYERS 60MM", "", map[string]v{"layers": 6.0, "diameter": 60.0}},
	{"hyphenated", "Puzzle-Ball 6 layers", "", map[string]v{"layers": 6.0}},
	{"domain name", "puzzleball 6 layers", "", map[string]v{"layers": 6.0}},
	{"in as a filler", "a puzzle ball in resin", "", map[string]v{"process": "resin"}},
	{"wide", "puzzle ball 8 layers 80mm wide", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"重", "鬼工球 十二重 八公分", "", map[string]v{"layers": 12.0, "diameter": 80.0}},
	{"all in one zh", "鬼工球 12层 6个孔 10厘米 树脂 云纹", "", map[string]v{"layers": 12.0, "holes": 6.0, "diameter": 100.0, "process": "resin", "decoration": "cloud"}},
	{"with and", "puzzle ball with 8 layers and 80mm diameter", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"in diameter", "puzzle ball 8 layers, 3 inches in diameter", "", map[string]v{"layers": 8.0, "diameter": 76.2}},
	{"diameter of", "puzzle ball 8-layer diameter of 80mm", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"layered", "8 layered puzzle ball", "", map[string]v{"layers": 8.0}},
	{"为 and 共", "鬼工球，共12层，直径约为80毫米", "", map[string]v{"layers": 12.0, "diameter": 80.0}},
	{"resin printer", "puzzle ball 8 layers 80mm for a resin printer", "", map[string]v{"layers": 8.0, "diameter": 80.0, "process": "resin"}},
	{"树脂打印", "鬼工球 8层 80毫米 14孔 树脂打印", "", map[string]v{"layers": 8.0, "diameter": 80.0, "holes": 14.0, "process": "resin"}},
	{"层数 prefix", "鬼工球 层数8 外直径80毫米", "", map[string]v{"layers": 8.0, "diameter": 80.0}},
	{"param name as word", "testbox capacity 500ml", "testbox", map[string]v{"capacity": 500.0}},
	{"canonical", "puzzleball layers=12 diameter=80mm wall=1.6mm gap=0.4mm holes=14 hole_size=10mm core=8mm process=resin decoration=cloud inner_decoration=coin", "",
		map[string]v{"layers": 12.0, "diameter": 80.0, "wall": 1.6, "gap": 0.4, "holes": 14.0, "hole_size": 10.0, "core": 8.0, "process": "resin", "decoration": "cloud", "inner_decoration": "coin"}},
	{"canonical with other units", "puzzleball diameter=8cm layers=6", "", map[string]v{"layers": 6.0, "diameter": 80.0}},
	{"size x", "testbox 100x60x40", "testbox", map[string]v{"size": [3]float64{100, 60, 40}}},
	{"size ×", "testbox 100×60×40mm", "testbox", map[string]v{"size": [3]float64{100, 60, 40}}},
	{"size *", "testbox 100*60*40", "testbox", map[string]v{"size": [3]float64{100, 60, 40}}},
	{"size full-width ×", "testbox １００×６０×４０", "testbox", map[string]v{"size": [3]float64{100, 60, 40}}},
	{"size spaced", "testbox 100 x 60 x 40 mm", "testbox", map[string]v{"size": [3]float64{100, 60, 40}}},
	{"size cm", "testbox 10x6x4cm", "testbox", map[string]v{"size": [3]float64{100, 60, 40}}},
	{"长宽高", "testbox 长100宽60高40", "testbox", map[string]v{"size": [3]float64{100, 60, 40}}},
	{"长宽高 with units", "testbox 长10厘米 宽6厘米 高4厘米", "testbox", map[string]v{"size": [3]float64{100, 60, 40}}},
	{"volume", "testbox 500ml", "testbox", map[string]v{"capacity": 500.0}},
	{"litres", "testbox 0.5l", "testbox", map[string]v{"capacity": 500.0}},
	{"degrees", "testbox twist 90°", "testbox", map[string]v{"twist": 90.0}},
	{"度", "testbox twist 90度", "testbox", map[string]v{"twist": 90.0}},
	{"百分之", "testbox infill 百分之五十", "testbox", map[string]v{"infill": 50.0}},
	{"percent sign", "testbox infill 20%", "testbox", map[string]v{"infill": 20.0}},
	{"number", "testbox module 2", "testbox", map[string]v{"module": 2.0}},
	{"canonical box", "testbox size=100x60x40mm capacity=500ml twist=90deg infill=50% module=2", "testbox",
		map[string]v{"size": [3]float64{100, 60, 40}, "capacity": 500.0, "twist": 90.0, "infill": 50.0, "module": 2.0}},
}

func schemaOf(t testing.TB, domain string) *spec.Schema {
	for _, s := range both.domains {
		if s.Domain == domain {
			return s
		}
	}
	t.Fatalf("no schema %q", domain)
	return nil
}

// checkValues compares the said values of s with want, and that nothing else was said.
func checkValues(t *testing.T, s *spec.Spec, want map[string]v) {
	t.Helper()
	for name, w := range want {
		got, ok := s.Params[name]
		if !ok {
			t.Errorf("%s: missing, want %v", name, w)
			continue
		}
		if got.Source != spec.Said {
			t.Errorf("%s: source %q, want said", name, got.Source)
		}
		if got.Word == "" {
			t.Errorf("%s: empty Word", name)
		}
		switch w := w.(type) {
		case float64:
			if math.Abs(got.Num-w) > 1e-9 {
				t.Errorf("%s: got %v, want %v", name, got.Num, w)
			}
		case string:
			if got.Text != w {
				t.Errorf("%s: got %q, want %q", name, got.Text, w)
			}
		case [3]float64:
			if got.Vec != w {
				t.Errorf("%s: got %v, want %v", name, got.Vec, w)
			}
		}
	}
	for name, got := range s.Params {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: said %+v, want nothing", name, got)
		}
	}
}

func TestPhrasings(t *testing.T) {
	if len(okCases) < 60 {
		t.Fatalf("only %d phrasings", len(okCases))
	}
	for _, c := range okCases {
		t.Run(c.name, func(t *testing.T) {
			s, err := both.Parse(c.words)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.words, err)
			}
			domain := c.domain
			if domain == "" {
				domain = "puzzleball"
			}
			if s.Domain != domain {
				t.Errorf("domain: got %q, want %q", s.Domain, domain)
			}
			wantLang := "en"
			if lang([]rune(c.words)) == "zh" {
				wantLang = "zh"
			}
			if s.Lang != wantLang {
				t.Errorf("lang: got %q, want %q", s.Lang, wantLang)
			}
			checkValues(t, s, c.want)
		})
	}
}

func TestLang(t *testing.T) {
	for words, want := range map[string]string{"puzzle ball 8层": "zh", "puzzle ball 8 layers": "en", "鬼工球": "zh"} {
		s, err := ballOnly.Parse(words)
		if err != nil {
			t.Fatal(err)
		}
		if s.Lang != want {
			t.Errorf("Parse(%q).Lang = %q, want %q", words, s.Lang, want)
		}
	}
}

func TestWord(t *testing.T) {
	s, err := ballOnly.Parse("帮我做一个八层的鬼工球，大概八公分")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Params["diameter"].Word; got != "八公分" {
		t.Errorf("diameter word: got %q, want 八公分", got)
	}
	if got := s.Params["layers"].Word; got != "八层" {
		t.Errorf("layers word: got %q, want 八层", got)
	}
	if got := s.Params["diameter"].Unit; got != "mm" {
		t.Errorf("diameter unit: got %q, want mm", got)
	}
}

// roundTrip checks that the canonical form of s parses back to the same values.
func roundTrip(t testing.TB, words string, s *spec.Spec) {
	t.Helper()
	sc := schemaOf(t, s.Domain)
	canon := spec.Canonical(sc, s)
	back, err := both.Parse(canon)
	if err != nil {
		t.Fatalf("Parse(%q) = %+v; Parse(Canonical = %q): %v", words, s.Params, canon, err)
	}
	if back.Domain != s.Domain || len(back.Params) != len(s.Params) {
		t.Fatalf("round trip of %q through %q: got %s %v, want %s %v", words, canon, back.Domain, back.Params, s.Domain, s.Params)
	}
	for k, a := range s.Params {
		b := back.Params[k]
		if a.Num != b.Num || a.Text != b.Text || a.Vec != b.Vec || a.Unit != b.Unit {
			t.Fatalf("round trip of %q through %q: %s got %+v, want %+v", words, canon, k, b, a)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	n := 0
	for _, c := range okCases {
		s, err := both.Parse(c.words)
		if err != nil {
			continue
		}
		roundTrip(t, c.words, s)
		n++
	}
	if n < 60 {
		t.Errorf("only %d cases round-tripped", n)
	}
}

type errCase struct {
	name  string
	words string
	code  string
	// msg lists substrings the message must hold.
	msg []string
	// sugg, when set, must be among the suggestions.
	sugg string
}

var errCases = []errCase{
	{"empty", "", badinput.Empty, nil, ""},
	{"punctuation", "   ，，。 ！ ", badinput.Empty, nil, ""},
	{"filler only", "的 吧 please make me", badinput.Empty, []string{"鬼工球"}, ""},
	{"too long", strings.Repeat("鬼工球 ", 8000), badinput.TooLong, []string{"500"}, ""},
	{"too many tokens", "鬼工球" + strings.Repeat(" 8", 101), badinput.TooLong, nil, ""},
	{"typo en phrase", "puzzle bal 5 layers 60mm", badinput.UnknownWord, []string{"puzzle bal"}, "puzzle ball"},
	{"typo en word", "puzle 5 layers", badinput.UnknownWord, nil, "puzzle ball"},
	{"typo layers", "puzzle ball 8 layres", badinput.UnknownWord, nil, "layers"},
	{"typo diameter", "puzzle ball diamter 80", badinput.UnknownWord, nil, "diameter"},
	{"typo zh substitution", "鬼公球 8层", badinput.UnknownWord, []string{"鬼公球"}, "鬼工球"},
	{"typo zh param", "鬼工球 直经80毫米", badinput.UnknownWord, nil, "直径"},
	{"ball alone", "ball 8 layers", badinput.UnknownWord, nil, "puzzle ball"},
	{"gibberish", "asdfgh qwerty", badinput.UnknownWord, []string{"鬼工球", "puzzle ball"}, ""},
	{"unknown zh", "鬼工球 漂亮", badinput.UnknownWord, []string{"漂亮"}, ""},
	{"no domain", "8层 直径80毫米", badinput.UnknownWord, []string{"鬼工球", "puzzle ball"}, ""},
	{"km", "鬼工球 8层 直径80公里", badinput.OutOfRange, []string{"10", "500", "80公里"}, ""},
	{"bare km", "鬼工球 80km", badinput.OutOfRange, nil, ""},
	{"huge", "鬼工球 1e308层", badinput.OutOfRange, []string{"2", "1000", "1e308层"}, ""},
	{"beyond float", "鬼工球 1e999层", badinput.OutOfRange, nil, ""},
	{"beyond float after unit", "鬼工球 直径1e305公里", badinput.OutOfRange, nil, ""},
	{"many digits", "鬼工球 " + strings.Repeat("9", 400) + "层", badinput.OutOfRange, nil, ""},
	{"huge chinese", "鬼工球 一" + strings.Repeat("万", 200) + "层", badinput.OutOfRange, nil, ""},
	{"negative", "puzzle ball -5 layers 60mm", badinput.OutOfRange, []string{"between 2 and 1000"}, ""},
	{"negative length", "puzzle ball 5 layers -60mm", badinput.OutOfRange, nil, ""},
	{"too many layers", "鬼工球 2000层", badinput.OutOfRange, []string{"between 2 and 1000", "2000层"}, ""},
	{"fractional count", "鬼工球 2.5层", badinput.OutOfRange, []string{"whole"}, ""},
	{"hole count not allowed", "鬼工球 7孔", badinput.OutOfRange, []string{"6, 8, 12, 14, 20"}, ""},
	{"small diameter", "puzzle ball 5mm", badinput.OutOfRange, []string{"between 10 and 500 mm"}, ""},
	{"conflict length", "鬼工球 8层 直径80毫米 直径90毫米", badinput.Conflict, []string{"80毫米", "90毫米", "diameter"}, ""},
	{"conflict bare length", "鬼工球 直径80毫米 90mm", badinput.Conflict, []string{"80毫米", "90mm"}, ""},
	{"conflict layers", "鬼工球 8层 10层", badinput.Conflict, []string{"8层", "10层"}, ""},
	{"conflict choice", "鬼工球 树脂 fdm", badinput.Conflict, []string{"树脂", "fdm"}, ""},
	{"two domains", "鬼工球 testbox", badinput.Conflict, []string{"鬼工球", "testbox"}, ""},
	{"two bare numbers", "鬼工球 12 13", badinput.UnknownWord, []string{"12", "层"}, ""},
	{"bare number after length", "鬼工球 80mm 12", badinput.UnknownWord, []string{"12 what", "12层", "12 layers"}, ""},
	{"angle with no place", "鬼工球 90度", badinput.UnknownWord, []string{"90度", "angle"}, ""},
	{"volume with no place", "puzzle ball 500ml", badinput.UnknownWord, []string{"500ml", "volume"}, ""},
	{"angle with a place", "testbox 90度", badinput.UnknownWord, []string{"twist"}, ""},
	{"param without value", "鬼工球 8层 直径", badinput.UnknownWord, []string{"直径"}, ""},
	{"marker without number", "鬼工球 层", badinput.UnknownWord, []string{"层"}, ""},
	{"side without size", "鬼工球 长100", badinput.UnknownWord, []string{"长"}, ""},
	{"dangling unit", "鬼工球 mm", badinput.UnknownWord, []string{"mm"}, ""},
	{"two-sided size", "testbox 100x60", badinput.UnknownWord, []string{"100x60"}, ""},
	{"lone x", "鬼工球 x 8层", badinput.UnknownWord, []string{`"x"`, "100x60x40mm"}, ""},
	{"partial sides", "testbox 长100宽60", badinput.OutOfRange, []string{"长", "宽"}, ""},
	{"size for a ball", "鬼工球 100x60x40", badinput.UnknownWord, []string{"size"}, ""},
	{"long unknown clipped", "鬼工球 " + strings.Repeat("z", 300), badinput.UnknownWord, []string{"…"}, ""},
	{"canonical bad value", "puzzleball layers=abc", badinput.UnknownWord, []string{"layers"}, ""},
	{"canonical bad name", "puzzleball layer_count=8", badinput.UnknownWord, []string{"layers"}, ""},
	{"canonical bad choice", "puzzleball process=wood", badinput.OutOfRange, []string{"fdm, resin"}, ""},
	{"canonical wrong unit", "puzzleball layers=8mm", badinput.UnknownWord, []string{"layers"}, ""},
	{"size out of range", "testbox 1000x60x40", badinput.OutOfRange, []string{"between 5 and 400"}, ""},
}

func TestErrors(t *testing.T) {
	for _, c := range errCases {
		t.Run(c.name, func(t *testing.T) {
			s, err := both.Parse(c.words)
			if err == nil {
				t.Fatalf("Parse(%q) = %s %v, want error %s", c.words, s.Domain, s.Params, c.code)
			}
			e := badinput.As(err)
			if e == nil {
				t.Fatalf("Parse(%q): %v is not a *badinput.Error", c.words, err)
			}
			if e.Code != c.code {
				t.Fatalf("Parse(%q): code %s (%s), want %s", c.words, e.Code, e.Message, c.code)
			}
			for _, m := range c.msg {
				if !strings.Contains(e.Message, m) {
					t.Errorf("message %q lacks %q", e.Message, m)
				}
			}
			if strings.Contains(e.Message, "Inf") || strings.Contains(e.Message, "NaN") {
				t.Errorf("message %q leaks Inf or NaN", e.Message)
			}
			if c.sugg != "" && !contains(e.Suggestions, c.sugg) {
				t.Errorf("suggestions %q lack %q (message %q)", e.Suggestions, c.sugg, e.Message)
			}
		})
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestHanValue(t *testing.T) {
	for in, want := range map[string]float64{
		"十": 10, "十二": 12, "二十四": 24, "两": 2, "一百二十": 120, "八十五点五": 85.5,
		"一百零五": 105, "一百二": 120, "两千零八": 2008, "三万": 30000, "一万二": 12000,
		"二〇二四": 2024, "零点五": 0.5, "九": 9, "百": 100,
	} {
		rs := []rune(in)
		end, got, huge, _ := scanNumber(rs, 0)
		if end != len(rs) || huge || got != want {
			t.Errorf("%s: got %v (read %d of %d runes), want %v", in, got, end, len(rs), want)
		}
	}
}

func TestTokens(t *testing.T) {
	lx, err := ballOnly.lx, error(nil)
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"鬼工球12层直径80毫米":    "鬼工球|12|层|直径|80|毫米",
		"60mm":            "60|mm",
		"3.5in":           "3.5|in",
		"一个八层":            "一个|八|层",
		"百分之五十":           "百分之|五十",
		"100x60x40mm":     "100|x|60|x|40|mm",
		"puzzle  ball":    "puzzle ball",
		"make me a thing": "make me|a|thing",
		"1e308层":          "1e308|层",
		"八千米":             "八千|米",
		"layers=12":       "layers=12",
	} {
		rs, _ := normalize(in)
		toks, _ := scan(lx, rs, 0)
		var got []string
		for _, tk := range toks {
			got = append(got, tk.text)
		}
		if g := strings.Join(got, "|"); g != want {
			t.Errorf("%s: got %s, want %s", in, g, want)
		}
	}
}

// TestLexicon checks that every puzzle ball entry names a parameter or choice
// the schema declares, and that no word means two things in one scope.
func TestLexicon(t *testing.T) {
	lx, err := ballOnly.lx, error(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lx.entries {
		if e.domain != "puzzleball" || e.kind == kDomain || e.kind == kExample {
			continue
		}
		prm, ok := puzzleBall.Param(e.param)
		if !ok {
			t.Errorf("%s:%d: puzzleball has no parameter %q", e.file, e.line, e.param)
			continue
		}
		if e.kind == kValue && !contains(prm.Choices, e.choice) {
			t.Errorf("%s:%d: %s has no choice %q", e.file, e.line, e.param, e.choice)
		}
	}
	for w, es := range lx.words {
		seen := map[string]*entry{}
		for _, e := range es {
			scope := e.domain
			if e.kind == kUnit || e.kind == kFiller || e.kind == kApprox {
				scope = "common:" + strconv.Itoa(int(e.kind))
			}
			if old := seen[scope]; old != nil && old != e {
				t.Errorf("%q means two things: %s:%d and %s:%d", w, old.file, old.line, e.file, e.line)
			}
			seen[scope] = e
		}
	}
	if len(lx.examples["puzzleball"]) == 0 {
		t.Error("no puzzleball examples")
	}
}

// Every example row is read as its domain, with the values its checks name, and
// its canonical form reads back the same. A row whose domain is not registered yet
// is skipped, naming the domain.
func TestExamplePrompts(t *testing.T) {
	for _, row := range append(examples.Rows(t, "..", "prompts.tsv"), examples.Rows(t, "..", "spoken.tsv")...) {
		if len(row) < 9 {
			t.Fatalf("prompts.tsv row %q has %d columns, want 9", row, len(row))
		}
		words, domain := row[0], row[2]
		t.Run(words, func(t *testing.T) {
			if _, ok := catalog.Get(domain); !ok {
				t.Skipf("the %s domain is not registered yet", domain)
			}
			s, err := both.Parse(words)
			if err != nil {
				t.Fatalf("Parse(%q): %v", words, err)
			}
			if s.Domain != domain {
				t.Fatalf("Parse(%q) is %s, want %s", words, s.Domain, domain)
			}
			if domain == "puzzleball" {
				diameter, _ := strconv.ParseFloat(row[4], 64)
				tol := 1e-9
				if s.Params["diameter"].Source == spec.Derived {
					tol, _ = strconv.ParseFloat(row[7], 64) // compared with a thing of standard size
				}
				if math.Abs(s.Num("diameter")-diameter) > tol {
					t.Errorf("Parse(%q): diameter %v, want %v", words, s.Num("diameter"), diameter)
				}
			}
			for _, chk := range strings.Fields(row[8]) {
				name, val, ok := strings.Cut(strings.TrimPrefix(chk, "param:"), "=")
				if !ok || !strings.HasPrefix(chk, "param:") || !s.Has(name) {
					continue // a value the domain works out, checked by make
				}
				want, _ := strconv.ParseFloat(strings.Split(val, "±")[0], 64)
				if got := s.Num(name); got != want {
					t.Errorf("Parse(%q): %s = %v, want %v", words, name, got, want)
				}
			}
			roundTrip(t, words, s)
		})
	}
}

// Every bad example whose code the words alone decide fails with that code. A
// row that names a domain not registered yet is skipped, naming it; rows about
// pictures and feasibility are the domains' and make's to check.
func TestBadPrompts(t *testing.T) {
	missing := map[string]bool{}
	for _, row := range examples.Rows(t, "..", "prompts.tsv") {
		if _, ok := catalog.Get(row[2]); !ok {
			missing[row[2]] = true
		}
	}
	for _, row := range examples.Rows(t, "..", "bad-prompts.tsv") {
		words, image, code := examples.Words(row[0]), row[1], row[2]
		name := words
		if r := []rune(name); len(r) > 20 {
			name = string(r[:20])
		}
		t.Run(name, func(t *testing.T) {
			for d := range missing {
				if strings.Contains(strings.ToLower(words), d) {
					t.Skipf("the %s domain is not registered yet", d)
				}
			}
			switch {
			case image != "-", code == badinput.MissingImage, code == badinput.BadImage:
				t.Skip("a picture is make's to read (cmd/yanchu TestMakeBadExamples)")
			case code == badinput.Infeasible:
				t.Skip("feasibility is the domain's (cmd/yanchu TestMakeBadExamples)")
			}
			_, err := both.Parse(words)
			if e := badinput.As(err); e == nil || e.Code != code {
				t.Errorf("Parse(%.40q): got %v, want code %s", words, err, code)
			}
		})
	}
}

func TestNoDomains(t *testing.T) {
	_, err := mustReader().Parse("鬼工球 8层")
	if e := badinput.As(err); e == nil || e.Code != badinput.UnknownWord {
		t.Errorf("got %v, want unknown_word", err)
	}
}

func BenchmarkParse(b *testing.B) {
	for _, words := range []string{
		"鬼工球 12层 直径80毫米 云纹",
		"帮我做一个八层的鬼工球，大概八公分",
		"puzzle ball, 10 layers, diameter 3.5 in",
		"please make me a puzzle ball with 6 layers about 7cm, resin, cloud pattern",
	} {
		b.Run(words, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ballOnly.Parse(words); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A domain's lexicon may name only its own domain, and only parameters and
// choices its schema declares; NewReader refuses anything else, naming the line.
func TestNewReaderRefusesBadLexicons(t *testing.T) {
	for _, tc := range []struct{ name, lexicon, want string }{
		{"other domain", "domain\tgear\t齿轮\n", `only name its own domain "testbox"`},
		{"missing parameter", "param\ttestbox.height\t高度\n", `testbox has no parameter "height"`},
		{"missing choice", "value\ttestbox.size=big\tbig\n", `has no choice "big"`},
		{"shared kind", "unit\tlength:1\tmmm\n", "only name its own domain"},
		{"columns", "param\ttestbox.size\n", "want kind<TAB>target<TAB>words"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReader([]Domain{{Schema: testBox, Lexicon: []byte(tc.lexicon)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), "testbox/lexicon.tsv:1") {
				t.Errorf("error %q does not name the file and line", err)
			}
		})
	}
	if _, err := NewReader([]Domain{{Schema: testBox, Lexicon: []byte("param\ttestbox.size\tdimensions\nfiller\ttestbox\tplease-box\n")}}); err != nil {
		t.Errorf("a good lexicon: %v", err)
	}
}

// The rules the newer domains' schemas declare: a size parameter's word takes the
// sides after it, a side word alone sets the side's parameter in a domain without
// a size, and Then passes a second value on.
func TestSchemaRules(t *testing.T) {
	for _, tc := range []struct {
		words, domain, param string
		want                 any
	}{
		{"收纳盒 内尺寸 长90宽50高30", "box", "inner", [3]float64{90, 50, 30}},
		{"收纳盒 长90宽50高30", "box", "size", [3]float64{90, 50, 30}},
		{"花瓶 高20厘米", "vase", "height", 200.0},
		{"花瓶 宽8厘米", "vase", "diameter", 80.0},
		{"一对齿轮 20齿 40齿 模数2", "gear", "teeth", 20.0},
		{"一对齿轮 20齿 40齿 模数2", "gear", "teeth2", 40.0},
		{"gear pair 20 teeth 40 teeth module 2", "gear", "teeth", 20.0},
		{"gear pair 20 teeth 40 teeth module 2", "gear", "teeth2", 40.0},
		{"gear pair teeth 20 teeth 40", "gear", "teeth2", 40.0},
	} {
		t.Run(tc.words, func(t *testing.T) {
			if _, ok := catalog.Get(tc.domain); !ok {
				t.Skipf("the %s domain is not registered yet", tc.domain)
			}
			s, err := both.Parse(tc.words)
			if err != nil {
				t.Fatal(err)
			}
			v := s.Params[tc.param]
			var got any = v.Num
			if _, ok := tc.want.([3]float64); ok {
				got = v.Vec
			}
			if s.Domain != tc.domain || got != tc.want || v.Source != spec.Said {
				t.Errorf("got %s %s=%v (%s), want %s %v said", s.Domain, tc.param, got, v.Source, tc.domain, tc.want)
			}
		})
	}
}
