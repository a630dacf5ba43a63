// Package casing holds the capitalisation rules: sentences that start in
// lower case or are written wholly in lower or upper case, and proper
// nouns written in lower case.
package casing

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/boilerplate"
)

//go:embed data/abbreviations.txt
var abbreviationsData string

// abbreviations is the read-only set of abbreviations a lower-case word may follow.
var abbreviations = audit.ParseWordList(abbreviationsData)

// capitalize upper-cases the first letter of w.
func capitalize(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[size:]
}

// inBoilerplate reports whether sentence si lies in web page boilerplate,
// which the boilerplate rule reports on its own.
func inBoilerplate(doc *audit.Document, si int) bool {
	return boilerplate.Paragraph(doc, doc.Sentences[si].Paragraph)
}

// plainWord: a word that is not part of an address, handle or hashtag.
func plainWord(doc *audit.Document, i int) bool {
	t := doc.Tokens[i]
	w := doc.TokenText(i)
	if strings.ContainsAny(w, ".@_/") {
		return false
	}
	if i > 0 && !t.Is(audit.SpaceBefore) {
		switch doc.TokenText(i - 1) {
		case "@", "#", "/", ".", "-", "_", "=", "&":
			return false
		}
	}
	if i+1 < len(doc.Tokens) && !doc.Tokens[i+1].Is(audit.SpaceBefore) {
		switch doc.TokenText(i + 1) {
		case "@", "/", "_", "=":
			return false
		case ".":
			if i+2 < len(doc.Tokens) && !doc.Tokens[i+2].Is(audit.SpaceBefore) {
				return false // example.com
			}
		}
	}
	return true
}
