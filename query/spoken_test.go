package query

import (
	"math"
	"slices"
	"strings"
	"testing"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/spec"
)

// spokenCase is a sentence as speech recognition writes it, with what it must
// give: the domain and values, the words set aside (each "word/why"), the
// corrections (each "param:from→to"), and the printer named.
type spokenCase struct {
	words   string
	domain  string
	want    map[string]v
	aside   []string
	fixed   []string
	printer string
}

var spokenCases = []spokenCase{
	// Chatter: fillers, politeness, purpose. Full-width punctuation as recognisers write it.
	{"嗯，帮我打印一个鬼工球吧，八层的，直径大概八厘米左右", "puzzleball", map[string]v{"layers": 8.0, "diameter": 80.0},
		[]string{"嗯/filler", "吧/filler", "大概/approximation", "左右/approximation"}, nil, ""},
	{"我想做个鬼工球送给我爸，十层，十厘米", "puzzleball", map[string]v{"layers": 10.0, "diameter": 100.0},
		[]string{"送给我爸/purpose"}, nil, ""},
	{"呃，给我做个鬼工球吧，七层，直径七十毫米", "puzzleball", map[string]v{"layers": 7.0, "diameter": 70.0},
		[]string{"呃/filler", "吧/filler"}, nil, ""},
	{"帮我女儿做一个鬼工球，四层的，五厘米", "puzzleball", map[string]v{"layers": 4.0, "diameter": 50.0},
		[]string{"帮我女儿/purpose"}, nil, ""},
	{"那个，就是，鬼工球，六层，谢谢", "puzzleball", map[string]v{"layers": 6.0},
		[]string{"那个/filler", "就是/filler", "谢谢/politeness"}, nil, ""},
	{"请做一个给孩子玩的鬼工球，三层", "puzzleball", map[string]v{"layers": 3.0},
		[]string{"请/politeness", "给孩子玩的/purpose"}, nil, ""},
	{"麻烦你，做个鬼工球当生日礼物，五层呀", "puzzleball", map[string]v{"layers": 5.0},
		[]string{"麻烦你/politeness", "当生日礼物/purpose", "呀/filler"}, nil, ""},
	{"um, a puzzle ball for my son, like, six layers, thanks", "puzzleball", map[string]v{"layers": 6.0},
		[]string{"um/filler", "for my son/purpose", "like/filler", "thanks/politeness"}, nil, ""},
	{"can you make a puzzle ball as a gift, eight layers, 80 mm please", "puzzleball", map[string]v{"layers": 8.0, "diameter": 80.0},
		[]string{"can you/politeness", "as a gift/purpose", "please/politeness"}, nil, ""},
	{"uh, a puzzle ball, five layers, radius 30 mm, please", "puzzleball", map[string]v{"layers": 5.0, "diameter": 60.0},
		[]string{"uh/filler", "please/politeness"}, nil, ""},
	{"嗯，花瓶，高二十厘米，送给妈妈", "vase", map[string]v{"height": 200.0},
		[]string{"嗯/filler", "送给妈妈/purpose"}, nil, ""},
	{"uh, a spur gear for my kid's class, 20 teeth, module 2, thanks", "gear", map[string]v{"teeth": 20.0, "module": 2.0},
		[]string{"uh/filler", "for my kid's class/purpose", "thanks/politeness"}, nil, ""},
	{"呃 帮我做个收纳盒 100x60x40 谢谢啦", "box", map[string]v{"size": [3]float64{100, 60, 40}},
		[]string{"呃/filler", "谢谢/politeness", "啦/filler"}, nil, ""},
	{"please, um, a box with lid, 100 x 60 x 40, for my daughter", "box", map[string]v{"size": [3]float64{100, 60, 40}},
		[]string{"please/politeness", "um/filler", "for my daughter/purpose"}, nil, ""},

	// Corrections: the later value wins, and the explanation says so.
	{"鬼工球 6层 直径60毫米 不对 直径70毫米", "puzzleball", map[string]v{"layers": 6.0, "diameter": 70.0},
		nil, []string{"diameter:60→70"}, ""},
	{"鬼工球，八层，哦不，十层", "puzzleball", map[string]v{"layers": 10.0}, nil, []string{"layers:8→10"}, ""},
	{"鬼工球 十层 不是 十二层", "puzzleball", map[string]v{"layers": 12.0}, nil, []string{"layers:10→12"}, ""},
	{"鬼工球 8层 80毫米 改成 90毫米", "puzzleball", map[string]v{"layers": 8.0, "diameter": 90.0}, nil, []string{"diameter:80→90"}, ""},
	{"鬼工球 云纹 算了 换成素面", "puzzleball", map[string]v{"decoration": "none"}, nil, []string{"decoration:cloud→none"}, ""},
	{"puzzle ball 8 layers 80mm, actually 90mm", "puzzleball", map[string]v{"layers": 8.0, "diameter": 90.0}, nil, []string{"diameter:80→90"}, ""},
	{"puzzle ball, six layers, no wait, seven layers", "puzzleball", map[string]v{"layers": 7.0}, nil, []string{"layers:6→7"}, ""},
	{"puzzle ball 5 layers 60mm, make it 70mm", "puzzleball", map[string]v{"layers": 5.0, "diameter": 70.0}, nil, []string{"diameter:60→70"}, ""},
	{"puzzle ball 80mm, no, 90mm, 8 layers", "puzzleball", map[string]v{"diameter": 90.0, "layers": 8.0}, nil, []string{"diameter:80→90"}, ""},
	{"花瓶 高15厘米 不对 高20厘米", "vase", map[string]v{"height": 200.0}, nil, []string{"height:150→200"}, ""},
	{"齿轮 30齿 不对 32齿 模数1", "gear", map[string]v{"teeth": 32.0, "module": 1.0}, nil, []string{"teeth:30→32"}, ""},
	{"一对齿轮 20齿 40齿 模数2", "gear", map[string]v{"teeth": 20.0, "teeth2": 40.0}, nil, nil, ""},
	{"box 100x60x40 wall 2, sorry, wall 3", "box", map[string]v{"wall": 3.0}, nil, []string{"wall:2→3"}, ""},
	{"收纳盒 长100宽60高40 不对 高50", "box", map[string]v{"size": [3]float64{100, 60, 50}}, nil, []string{"高:40→50"}, ""},

	// Negation turns an option off.
	{"鬼工球 8层 直径80毫米 不要铜钱纹", "puzzleball", map[string]v{"inner_decoration": "none"}, nil, nil, ""},
	{"鬼工球 8层 云纹 不要连接点", "puzzleball", map[string]v{"decoration": "cloud", "ties": "none"}, nil, nil, ""},
	{"鬼工球 不要云纹 六层", "puzzleball", map[string]v{"decoration": "none", "layers": 6.0}, nil, nil, ""},
	{"鬼工球 不是树脂的 六层", "puzzleball", map[string]v{"process": "fdm", "layers": 6.0}, nil, nil, ""},
	{"puzzle ball 8 layers no ties", "puzzleball", map[string]v{"ties": "none"}, nil, nil, ""},
	{"puzzle ball without the cloud pattern, 6 layers", "puzzleball", map[string]v{"decoration": "none", "layers": 6.0}, nil, nil, ""},
	{"puzzle ball 6 layers, ties none", "puzzleball", map[string]v{"ties": "none"}, nil, nil, ""},
	{"花瓶 高20厘米 六瓣 不要扭转", "vase", map[string]v{"height": 200.0, "lobes": 6.0, "twist": 0.0}, nil, nil, ""},
	{"vase 150mm tall, no twist, no wave", "vase", map[string]v{"twist": 0.0, "wave": 0.0}, nil, nil, ""},
	{"齿轮 30齿 模数1 不要孔", "gear", map[string]v{"bore": 0.0}, nil, nil, ""},
	{"spur gear 24 teeth module 2 without a hub", "gear", map[string]v{"hub": 0.0}, nil, nil, ""},
	{"收纳盒 100x60x40 不要盖子", "box", map[string]v{"lid": "none"}, nil, nil, ""},
	{"收纳盒 100x60x40 没有隔板", "box", map[string]v{"dividers": 0.0}, nil, nil, ""},
	{"box 100x60x40, no lid", "box", map[string]v{"lid": "none"}, nil, nil, ""},

	// Sizes as people give them: radius, decimetres, metres, inches in words, comparisons.
	{"鬼工球 五层 半径三十毫米", "puzzleball", map[string]v{"layers": 5.0, "diameter": 60.0}, nil, nil, ""},
	{"鬼工球 8层 半径4厘米", "puzzleball", map[string]v{"diameter": 80.0}, nil, nil, ""},
	{"puzzle ball 40 mm radius 6 layers", "puzzleball", map[string]v{"diameter": 80.0, "layers": 6.0}, nil, nil, ""},
	{"鬼工球 直径1分米 八层", "puzzleball", map[string]v{"diameter": 100.0}, nil, nil, ""},
	{"鬼工球 半米 二十层", "puzzleball", map[string]v{"diameter": 500.0, "layers": 20.0}, nil, nil, ""},
	{"花瓶 高零点二米", "vase", map[string]v{"height": 200.0}, nil, nil, ""},
	{"花瓶 高一分米半", "vase", map[string]v{"height": 150.0}, nil, nil, ""},
	{"puzzle ball, eight layers, three and a half inches", "puzzleball", map[string]v{"layers": 8.0, "diameter": 88.9}, nil, nil, ""},
	{"puzzle ball 3½ in, 6 layers", "puzzleball", map[string]v{"diameter": 88.9}, nil, nil, ""},
	{"puzzle ball 3 1/2 inch 6 layers", "puzzleball", map[string]v{"diameter": 88.9}, nil, nil, ""},
	{"puzzle ball three point five inches, six layers", "puzzleball", map[string]v{"diameter": 88.9}, nil, nil, ""},
	{"puzzle ball one and a half inches, three layers", "puzzleball", map[string]v{"diameter": 38.1, "layers": 3.0}, nil, nil, ""},
	{"鬼工球 三层 跟高尔夫球一样大", "puzzleball", map[string]v{"layers": 3.0, "diameter": 42.67}, nil, nil, ""},
	{"鬼工球，要8层，大小跟网球差不多", "puzzleball", map[string]v{"layers": 8.0, "diameter": 67.0},
		[]string{"差不多/approximation"}, nil, ""},
	{"像乒乓球那么大的鬼工球，三层", "puzzleball", map[string]v{"diameter": 40.0}, nil, nil, ""},
	{"a puzzle ball about the size of a billiard ball, three layers", "puzzleball", map[string]v{"diameter": 57.15},
		[]string{"about/approximation"}, nil, ""},
	{"puzzle ball as big as a baseball, 6 layers", "puzzleball", map[string]v{"diameter": 74.0}, nil, nil, ""},
	{"花瓶 跟篮球一样高", "vase", map[string]v{"height": 243.0}, nil, nil, ""},

	// English numbers in words.
	{"puzzle ball, a dozen layers, one hundred and twenty millimetres", "puzzleball", map[string]v{"layers": 12.0, "diameter": 120.0}, nil, nil, ""},
	{"spur gear twenty-four teeth module two", "gear", map[string]v{"teeth": 24.0, "module": 2.0}, nil, nil, ""},
	{"spur gear one hundred teeth, module half", "gear", map[string]v{"teeth": 100.0, "module": 0.5}, nil, nil, ""},
	{"spur gear two hundred and five teeth module one", "gear", map[string]v{"teeth": 205.0}, nil, nil, ""},
	{"puzzle ball half a dozen layers", "puzzleball", map[string]v{"layers": 6.0}, nil, nil, ""},
	{"spur gear two dozen teeth module 1", "gear", map[string]v{"teeth": 24.0}, nil, nil, ""},

	// The printer named in the words.
	{"鬼工球 8层 直径80毫米 给拓竹A1mini打印", "puzzleball", map[string]v{"layers": 8.0}, nil, nil, "a1mini"},
	{"鬼工球 8层 直径80毫米 给拓竹A1 mini打印", "puzzleball", map[string]v{"layers": 8.0}, nil, nil, "a1mini"},
	{"用拓竹P1S打一个鬼工球，八层，八厘米", "puzzleball", map[string]v{"layers": 8.0, "diameter": 80.0}, nil, nil, "p1s"},
	{"用普鲁萨MK3S打个鬼工球 六层", "puzzleball", map[string]v{"layers": 6.0}, nil, nil, "mk3s"},
	{"a puzzle ball of 8 shells, 8 cm across, for my A1 mini", "puzzleball", map[string]v{"layers": 8.0, "diameter": 80.0}, nil, nil, "a1mini"},
	{"puzzle ball, six layers, two and a half inches, for my MK3S", "puzzleball", map[string]v{"diameter": 63.5}, nil, nil, "mk3s"},
	{"puzzle ball 5 layers on my Saturn 4 Ultra, resin", "puzzleball", map[string]v{"process": "resin"}, nil, nil, "saturn4ultra"},
	{"花瓶 高20厘米 花瓶模式 用拓竹X1C打", "vase", map[string]v{"mode": "single"}, nil, nil, "x1c"},
	{"spur gear 20 teeth module 1 on my Ender-3 V2", "gear", map[string]v{"teeth": 20.0}, nil, nil, "ender3v2"},
	{"收纳盒 100x60x40 用普鲁萨MK4打印", "box", map[string]v{"size": [3]float64{100, 60, 40}}, nil, nil, "mk4"},
	{"puzzle ball 6 layers for my P1S, no wait, my A1", "puzzleball", map[string]v{"layers": 6.0}, nil, nil, "a1"},
}

func TestSpoken(t *testing.T) {
	if len(spokenCases) < 60 {
		t.Fatalf("only %d spoken sentences, want at least 60", len(spokenCases))
	}
	for _, c := range spokenCases {
		t.Run(c.words, func(t *testing.T) {
			if _, ok := catalog.Get(c.domain); !ok {
				t.Skipf("the %s domain is not registered yet", c.domain)
			}
			s, err := both.Parse(c.words)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if s.Domain != c.domain {
				t.Fatalf("domain %s, want %s", s.Domain, c.domain)
			}
			for name, want := range c.want {
				checkValue(t, s, name, want)
			}
			var aside []string
			for _, a := range s.Heard.Aside {
				aside = append(aside, a.Word+"/"+a.Why)
			}
			if c.aside != nil && !slices.Equal(aside, c.aside) {
				t.Errorf("set aside %q, want %q", aside, c.aside)
			}
			var fixed []string
			for _, f := range s.Heard.Corrections {
				fixed = append(fixed, f.Param+":"+numbers(f.From)+"→"+numbers(f.To))
				if f.Word == "" {
					t.Errorf("correction %+v names no word", f)
				}
			}
			if !slices.Equal(fixed, c.fixed) {
				t.Errorf("corrections %q, want %q", fixed, c.fixed)
			}
			if s.Heard.Printer != c.printer {
				t.Errorf("printer %q (%q), want %q", s.Heard.Printer, s.Heard.PrinterWord, c.printer)
			}
			// Chatter, corrections, comparisons and printers never reach the canonical form.
			canon := spec.Canonical(schemaOf(t, s.Domain), s)
			for _, a := range s.Heard.Aside {
				if strings.Contains(canon, a.Word) {
					t.Errorf("canonical %q holds %q, which was set aside", canon, a.Word)
				}
			}
			back, err := both.Parse(canon)
			if err != nil {
				t.Fatalf("Parse(canonical %q): %v", canon, err)
			}
			if len(back.Heard.Aside) != 0 || len(back.Heard.Corrections) != 0 || back.Heard.Printer != "" {
				t.Errorf("canonical %q reads back with %+v heard", canon, back.Heard)
			}
			roundTrip(t, c.words, s)
		})
	}
}

// numbers keeps the digits and the point of a value as said: "60毫米 (60mm)" is "60".
func numbers(s string) string {
	if i := strings.Index(s, "("); i >= 0 {
		s = s[i+1:]
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == '.' || r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return strings.TrimSuffix(strings.TrimSuffix(b.String(), "mm"), "deg")
}

// checkValue compares one parameter with a wanted number, choice or size.
func checkValue(t *testing.T, s *spec.Spec, name string, want v) {
	t.Helper()
	got, ok := s.Params[name]
	if !ok {
		t.Errorf("%s not set; got %v", name, s.Params)
		return
	}
	switch w := want.(type) {
	case float64:
		if math.Abs(got.Num-w) > 1e-6 {
			t.Errorf("%s = %v, want %v", name, got.Num, w)
		}
	case string:
		if got.Text != w {
			t.Errorf("%s = %q, want %q", name, got.Text, w)
		}
	case [3]float64:
		if got.Vec != w {
			t.Errorf("%s = %v, want %v", name, got.Vec, w)
		}
	}
}

// A size compared with a thing of standard size is derived, and its note names
// the thing and where its size comes from; a radius is doubled and says so.
func TestSpokenSizesSayWhere(t *testing.T) {
	s, err := both.Parse("鬼工球 三层 跟网球差不多大")
	if err != nil {
		t.Fatal(err)
	}
	d := s.Params["diameter"]
	if d.Source != spec.Derived || !strings.Contains(d.Note, "tennis ball") || !strings.Contains(d.Note, "ITF") || d.Word != "网球" {
		t.Errorf("diameter %+v, want derived from a tennis ball (ITF), said as 网球", d)
	}
	s, err = both.Parse("鬼工球 三层 半径30毫米")
	if err != nil {
		t.Fatal(err)
	}
	if d := s.Params["diameter"]; d.Source != spec.Said || d.Num != 60 || d.Word != "半径30毫米" || !strings.Contains(d.Note, "radius") {
		t.Errorf("diameter %+v, want 60 said as 半径30毫米 with a note on the radius", d)
	}
}

// What yanchu cannot use is still refused in the user's terms: an unknown
// content word next to chatter that is set aside, two values without a
// correction, an option that cannot be turned off, an unknown or a second
// printer, chatter alone.
func TestSpokenRefusals(t *testing.T) {
	for _, c := range []struct {
		words, code, says string
	}{
		{"嗯，帮我做一个龙凤呈祥的鬼工球，谢谢", badinput.UnknownWord, "龙凤呈祥"},
		{"um, a puzzle ball with dragons, please", badinput.UnknownWord, "dragons"},
		{"鬼工球 8层 直径80毫米 直径90毫米", badinput.Conflict, "correction"},
		{"鬼工球 8层 直径80毫米 不要孔", badinput.Infeasible, "openings"},
		{"puzzle ball 8 layers without holes", badinput.Infeasible, "holes"},
		{"鬼工球 8层 不要", badinput.UnknownWord, "needs what to leave out"},
		{"鬼工球 8层 用拓竹H2D打印", badinput.UnknownPrinter, "拓竹H2D"},
		{"鬼工球 8层 用Voron打印机", badinput.UnknownPrinter, "Voron"},
		{"鬼工球 8层 用拓竹P1S打 用普鲁萨MK3S打", badinput.Conflict, "two printers"},
		{"嗯，那个，谢谢", badinput.Empty, "nothing to make"},
		{"um, uh, please, thanks", badinput.Empty, "nothing to make"},
	} {
		t.Run(c.words, func(t *testing.T) {
			_, err := both.Parse(c.words)
			e := badinput.As(err)
			if e == nil || e.Code != c.code || !strings.Contains(e.Message, c.says) {
				t.Errorf("got %v, want %s saying %q", err, c.code, c.says)
			}
		})
	}
	// The unknown printer's suggestions are the maker's printers.
	_, err := both.Parse("鬼工球 8层 用拓竹H2D打印")
	if e := badinput.As(err); e == nil || len(e.Suggestions) == 0 || !slices.Contains([]string{"x1c", "p1s", "a1", "a1mini"}, e.Suggestions[0]) {
		t.Errorf("suggestions of %v, want Bambu Lab printers", err)
	}
}

// A 40-word spoken sentence, as BenchmarkParseSpoken reads it: the speed of
// understanding is measured there, not here.
const spoken40 = "嗯，那个，麻烦你帮我做一个鬼工球吧，送给我爸当生日礼物，要八层的，直径大概八厘米左右，不对，直径九十毫米，壁厚三毫米，间隙零点五毫米，十四个孔，不要铜钱纹，要云纹，用拓竹P1S打印，谢谢啦，辛苦了"

func BenchmarkParseSpoken(b *testing.B) {
	for _, words := range []string{
		spoken40,
		"um, so, can you make me a puzzle ball for my son, like, eight layers, about three and a half inches, no wait, four inches, with a wall of two millimetres and fourteen holes and a gap of half a millimetre, uh, without the cloud pattern and no ties, on my A1 mini, okay, thanks a lot",
	} {
		if _, err := both.Parse(words); err != nil {
			b.Fatal(err)
		}
		rs, _ := normalize(words)
		toks, _ := scan(both.lx, rs, 0)
		if len(toks) < 40 {
			b.Fatalf("%d words and numbers, want at least 40: %q", len(toks), words)
		}
		b.Run(strings.Fields(words)[0], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := both.Parse(words); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(toks)), "words")
		})
	}
}
