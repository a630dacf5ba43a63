package pronoun

import (
	_ "embed"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/rules/wordlist"

	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

//go:embed data/surname_endings.txt
var surnameData string

// surnameEnding is one gender-marking surname ending.
type surnameEnding struct {
	suffix string
	gender lexicon.Gender
	folded bool // matched on the diacritic-folded name
}

var surnameEndings, notSurnames = parseSurnameEndings(surnameData)

func parseSurnameEndings(data string) ([]surnameEnding, map[string]bool) {
	var ends []surnameEnding
	not := map[string]bool{}
	inNot := false
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if line == "[not-surnames]" {
			inNot = true
			continue
		}
		if inNot {
			not[line] = true
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		g := lexicon.Male
		if f[1] == "f" {
			g = lexicon.Female
		}
		ends = append(ends, surnameEnding{suffix: f[0], gender: g, folded: fold(f[0]) == f[0]})
	}
	// Longest first: "skaya" before "aya", "ová" before "ov".
	sort.SliceStable(ends, func(i, j int) bool { return len(ends[i].suffix) > len(ends[j].suffix) })
	return ends, not
}

// surnameGender returns the gender a surname's ending marks and the ending,
// or "" when it marks none. The name must have at least five letters and
// keep at least three before the ending.
func surnameGender(name string) (lexicon.Gender, string) {
	if isASCII(name) {
		return surnameGenderASCII(name)
	}
	return surnameGenderAny(name)
}

// surnameGenderAny is surnameGender for any name, through strings.ToLower
// and diacritic folding; surnameGenderASCII must agree with it.
func surnameGenderAny(name string) (lexicon.Gender, string) {
	low := strings.ToLower(name)
	f := fold(low)
	if len([]rune(f)) < 5 || notSurnames[f] {
		return "", ""
	}
	for _, e := range surnameEndings {
		w := low
		if e.folded {
			w = f
		}
		if strings.HasSuffix(w, e.suffix) && len([]rune(w))-len([]rune(e.suffix)) >= 3 {
			return e.gender, e.suffix
		}
	}
	return "", ""
}

// surnameGenderASCII is surnameGender for an ASCII name, lower-cased in a
// stack buffer: fold is then the identity, so every ending is tested on
// the lower-case name, and runes are bytes.
func surnameGenderASCII(name string) (lexicon.Gender, string) {
	var arr [64]byte
	low := wordlist.AppendLower(arr[:0], name)
	if len(low) < 5 || notSurnames[string(low)] {
		return "", ""
	}
	for _, e := range surnameEndings {
		n := len(low) - len(e.suffix)
		if n >= 0 && string(low[n:]) == e.suffix && len(low)-utf8.RuneCountInString(e.suffix) >= 3 {
			return e.gender, e.suffix
		}
	}
	return "", ""
}
