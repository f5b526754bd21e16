// Package query turns the words a person types, in Chinese, English or both
// ("鬼工球 12层 直径80毫米 云纹", "帮我做一个八层的鬼工球，大概八公分",
// "puzzle ball, 10 layers, diameter 3.5 in"), into a spec.Spec that holds only
// what was said: each value with Source spec.Said and Word, the text that said
// it. Defaults and derived values are filled in later by the domain. Parse is
// safe for concurrent use.
//
// # Reading
//
// Words of more than MaxRunes characters are refused (too_long) before any
// other work. The words are normalised rune for rune: full-width ASCII to
// half-width, the ideographic space to a space, Latin letters to lower case.
// They are then read left to right; at each place the longest of these wins (a
// lexicon word on a tie): a lexicon word, a number in Arabic digits (sign,
// decimal point, exponent) or in Chinese numerals (十二, 一百零五, 八十五点五,
// 两, 一百二 = 120). So Chinese needs no spaces ("鬼工球12层直径80毫米"), 一个
// is a filler and not the numeral 一, and 百分之 is a unit before its number.
// Letters and digits split apart ("60mm", "3.5in"); a space inside a lexicon
// phrase ("puzzle ball", "wall thickness") matches any run of spaces, hyphens
// or underscores, and between runes that are not both letters it may be left
// out, as such a run may stand where the lexicon word has none (拓竹A1mini is
// "拓竹 A1 mini"); a lexicon word that ends in a letter must not be followed
// by one. Fractions are numbers too: 1/2, ½, 3½. x, × and * stand between the sides of a size (100x60x40mm).
// Punctuation of either language separates. name=value (as spec.Canonical
// prints) is read with the schema's parameter names. More than MaxTokens
// tokens are refused (too_long).
//
// # The lexicon
//
// The shared words (units, numbers, sides of a size, fillers) live in
// lexicon/common.tsv, embedded here; each domain brings its own words in the same
// format (catalog/puzzleball/lexicon.tsv), and a Reader is made for a set of
// domains with NewReader. A domain's file may only name that domain. Each line is
//
//	kind<TAB>target<TAB>word|word|...
//
// with these kinds and targets:
//
//	domain    puzzleball                 names the domain (鬼工球, puzzle ball)
//	param     puzzleball.diameter        a parameter word, before or after its value
//	marker    puzzleball.layers          a parameter word only after its number (12层, 6孔)
//	value     puzzleball.process=resin   one choice of a choice parameter (树脂, resin)
//	unit      length:25.4                unit kind and factor to mm, ml, deg or %;
//	          percent:1:before           ":before" for a unit said first (百分之五十)
//	number    8                          an English number word (eight)
//	sizeaxis  x                          a side of a size: x 长 length, y 宽 width, z 高 height
//	approx    -                          approximation, ignored (大概, about, ~)
//	filler    -                          understood and ignored (帮我, 的, make me)
//	filler    vase                       ignored in that domain only (水 in 能装一升水)
//	example   puzzleball                 words that work, quoted in messages
//	number    +0.5                       added to the number before (and a half)
//	number    *100                       multiplies the number before (hundred, dozen)
//	decimal   -                          the point of a number in words (three point five)
//	chatter   filler|politeness|purpose  speech set aside and listed (嗯, 谢谢, 送给我爸)
//	correct   -                          a correction (不对, actually); "not": 不是,
//	                                     which negates what follows when it was not said before
//	negate    -                          turns off what it names (不要, no, without, none)
//	radius    -                          a radius, doubled into the schema's diameter
//	radius    vase.base_diameter         a radius doubled into that parameter (底半径)
//
// Things of standard size people compare with (网球, a billiard ball) are in
// lexicon/sizes.tsv, each with its size in mm and where the size comes from;
// the printers the words may name are given to NewReader, with their makers'
// names, so that a maker with an unknown model is unknown_printer.
//
// A domain's own name and its parameters' names work without lexicon entries.
// A domain without a Size parameter may name, in spec.Schema.Sides, the
// parameter a side word alone sets (花瓶 高20厘米: 高 is the vase's height). A
// parameter with spec.Param.Then passes a second, different value to that
// parameter instead of a conflict (一对齿轮 20齿 40齿: teeth and teeth2).
// A word with a meaning in the domain at hand takes it over a shared meaning
// (wide is puzzleball.diameter, not the y side); a unit word right after a
// number is a unit, elsewhere its other meaning ("in resin").
//
// # Speech
//
// Chatter, approximations and correction words that corrected nothing are set
// aside and listed in Spec.Heard.Aside, in the order said; a purpose takes in
// the fillers that lead it (送给我爸, for my son). A request of chatter alone is
// empty. A correction word said after a value lets a later, different value of
// the same parameter (or side, or printer) replace it, recorded in
// Spec.Heard.Corrections; without one, two values are a conflict. A negation
// turns off the parameter or choice after it (or a choice before it: ties
// none): a choice to "none", "no" or "off", or to the other of two choices; a
// number that may be 0 to 0; anything else is infeasible, with
// spec.Param.Needed saying why. A negation before a number is a correction. A
// length compared with a thing of standard size is spec.Derived, with a Note
// naming the thing; a radius is doubled, with a Note. The printer the words
// name is Spec.Heard.Printer. None of this reaches the canonical form.
//
// # Binding
//
// Once the one domain is known, a number takes the unit after it (converted,
// rounded to 6 decimals as spec.FormatNumber prints), and three lengths joined
// by x make a size; a unit given once at the end applies to all three sides.
// Then, in order:
//
//  1. a marker word takes the number just before it (12层, 6个孔);
//  2. a parameter word takes the number just before it when the number just
//     after it is not free to fit it, count parameters first, repeated until
//     nothing changes (5 layers 60mm, 80mm diameter, 12 layers 14 holes);
//  3. a parameter word takes the number just after it (直径80毫米, layers 12);
//  4. choice words set their parameter; name=value sets its parameter;
//  5. a side word (长 宽 高) takes the length after it, or else before it, and
//     the three make the schema's Size parameter;
//  6. what is left goes to the schema's default parameter: a length to
//     Schema.Length, a volume to Schema.Volume, a size to Schema.Size; one bare
//     number, when the Length parameter is still unset, is a length in mm.
//
// A number fits a parameter only when its unit does: a bare number fits any
// numeric parameter (a length without a unit is in millimetres), a length fits
// only a length. Fillers and approximations are dropped before binding, so
// they never separate a word from its number. Saying one parameter twice with
// different values is a conflict; the same value twice is fine. Last, values
// far beyond any range, and then spec.Check, give out_of_range.
//
// # Errors
//
// Every problem with the words is a *badinput.Error: empty (only fillers and
// punctuation), too_long, unknown_word (a word in no lexicon entry, with
// did-you-mean Suggestions by edit distance; no domain named; a number, unit
// or parameter word left with nothing to go with), conflict (one parameter
// said twice differently with no correction, two domains, or two printers),
// unknown_printer (a maker with no known model, or an unknown word before
// 打印机 / printer), infeasible (turning off what cannot be) and out_of_range (outside the
// schema's range or choices, negative, absurdly large; Inf and NaN never
// appear).
package query
