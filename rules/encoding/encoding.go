// Package encoding holds the character-level rules: words mixing Latin
// with Cyrillic or Greek letters (homoglyphs), and encoding damage
// (mojibake, U+FFFD, control and zero-width characters).
package encoding

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed data/homoglyphs.txt
var homoglyphData string

// homoglyphs maps a Cyrillic or Greek lookalike to its Latin twin;
// latinTwins maps a Latin letter to its first-listed lookalike per script.
var homoglyphs, latinTwins = parseHomoglyphs(homoglyphData)

func parseHomoglyphs(data string) (map[rune]rune, map[script]map[rune]rune) {
	m := map[rune]rune{}
	rev := map[script]map[rune]rune{scriptCyrillic: {}, scriptGreek: {}}
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		from, n1 := utf8.DecodeRuneInString(f[0])
		to, n2 := utf8.DecodeRuneInString(f[1])
		if n1 == len(f[0]) && n2 == len(f[1]) {
			m[from] = to
			if r := rev[scriptOf(from)]; r != nil {
				if _, dup := r[to]; !dup {
					r[to] = from
				}
			}
		}
	}
	return m, rev
}

// script identifies the scripts the mixed-script rule tells apart.
type script uint8

const (
	scriptNone script = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptOther
)

func scriptOf(r rune) script {
	switch {
	case r < utf8.RuneSelf:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return scriptLatin
		}
		return scriptNone
	case !unicode.IsLetter(r):
		return scriptNone
	case unicode.Is(unicode.Latin, r):
		return scriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Greek, r):
		return scriptGreek
	}
	return scriptOther
}

func (s script) String() string {
	switch s {
	case scriptLatin:
		return "Latin"
	case scriptCyrillic:
		return "Cyrillic"
	case scriptGreek:
		return "Greek"
	}
	return "other"
}
