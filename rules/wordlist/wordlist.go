// Package wordlist holds the English word lists several rule families
// share, read from embedded data files.
package wordlist

import (
	_ "embed"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
)

//go:embed data/function_words.txt
var functionWordsData string

// functionWords is the read-only set of English function words.
var functionWords = audit.ParseWordList(functionWordsData)

// IsFunctionWord reports whether word (any case) is an English function word:
// an article, preposition, pronoun, auxiliary or conjunction.
func IsFunctionWord(word string) bool {
	if functionWords[word] {
		return true
	}
	return functionWords[strings.ToLower(word)]
}
