// Package wordlist holds the English word lists several rule families
// share, read from embedded data files.
package wordlist

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
)

//go:embed data/function_words.txt
var functionWordsData string

// functionWords is the read-only set of English function words.
var functionWords = audit.ParseWordList(functionWordsData)

// functionSet is functionWords as a Set, for the per-token lookups.
var functionSet = NewSet(functionWords)

// IsFunctionWord reports whether word (any case) is an English function word:
// an article, preposition, pronoun, auxiliary or conjunction.
func IsFunctionWord(word string) bool {
	if functionSet.Has(word) {
		return true
	}
	if isLowerASCII(word) {
		return false // strings.ToLower(word) == word: looked up already
	}
	return functionSet.HasLower(word)
}

// HasLower reports whether set holds strings.ToLower(w). Short ASCII words
// are lowered into a stack buffer, so the lookup allocates nothing.
func HasLower(set map[string]bool, w string) bool {
	var buf [64]byte
	if len(w) > len(buf) {
		return set[strings.ToLower(w)]
	}
	b := buf[:len(w)]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return set[strings.ToLower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return set[string(b)]
}

// isLowerASCII reports whether w is ASCII without upper-case letters.
func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}
