package langid

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/wordlist"
)

//go:embed data/english_words.txt
var englishWordsData string

// englishSet is the read-only English lexicon, parsed on first use so
// that runs without the untranslated-text rule never pay for it. Only the
// wordlist.Set is kept, not the map it is built from.
var englishSet = sync.OnceValue(func() *wordlist.Set {
	return wordlist.NewSet(audit.ParseWordList(englishWordsData))
})

// isEnglishWord reports whether w (a word token, any case) is English: a
// lexicon entry, a function word, a possessive or plural-possessive of an
// entry, or a hyphenated compound with at least one English part.
func isEnglishWord(w string) bool {
	lex := englishSet()
	w = strings.ToLower(w)
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'"), "’")
	if wordlist.IsFunctionWord(w) || lex.Has(w) { // the small set first
		return true
	}
	if !strings.ContainsAny(w, "-‐‑") {
		return false
	}
	for part := range strings.FieldsFuncSeq(w, func(r rune) bool { return r == '-' || r == '‐' || r == '‑' }) {
		if lex.Has(part) {
			return true
		}
	}
	return false
}

// hasNonASCIILetter reports whether w has a letter outside a–z and A–Z.
func hasNonASCIILetter(w string) bool {
	for _, r := range w {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// nearEnglish reports whether w (lower case, a–z mostly) is one edit
// (deletion, insertion, substitution or transposition of letters) away
// from a lexicon word, or two lexicon words of three or more letters
// written together: a misspelling ("becuase", "situaion") or an unlisted
// compound ("germline"), not a foreign word.
func nearEnglish(w string) bool {
	lex := englishSet()
	w = strings.ToLower(w)
	b := []byte(w)
	n := len(b)
	if n < 4 {
		return false
	}
	for i := 3; i+3 <= n; i++ {
		if lex.Has(w[:i]) && lex.Has(w[i:]) {
			return true
		}
	}
	buf := make([]byte, 0, n+1)
	for i := 0; i < n; i++ { // deletion
		buf = append(append(buf[:0], b[:i]...), b[i+1:]...)
		if lex.Has(string(buf)) {
			return true
		}
	}
	for i := 0; i+1 < n; i++ { // transposition
		buf = append(buf[:0], b...)
		buf[i], buf[i+1] = buf[i+1], buf[i]
		if lex.Has(string(buf)) {
			return true
		}
	}
	for i := 0; i < n; i++ { // substitution of one byte (ASCII letters)
		if b[i] >= utf8.RuneSelf {
			continue
		}
		buf = append(buf[:0], b...)
		for c := byte('a'); c <= 'z'; c++ {
			if c == b[i] {
				continue
			}
			buf[i] = c
			if lex.Has(string(buf)) {
				return true
			}
		}
	}
	for i := 0; i <= n; i++ { // insertion
		for c := byte('a'); c <= 'z'; c++ {
			buf = append(append(append(buf[:0], b[:i]...), c), b[i:]...)
			if lex.Has(string(buf)) {
				return true
			}
		}
	}
	return false
}
