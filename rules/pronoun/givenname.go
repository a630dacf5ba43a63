package pronoun

import (
	"bytes"
	_ "embed"
	"strings"

	"github.com/mtaudit/mtaudit/rules/wordlist"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

//go:embed data/word_given_names.txt
var wordNamesData string

// wordNames are given names that are also English words ("Mike", "Grace"),
// trusted only where the word cannot be the common word.
var wordNames = parseFirstNames(wordNamesData)

// foldedNames maps diacritic-folded given names to their gender, for names
// written with letters the list spells differently ("Małgorzata",
// "Jarosław" → malgorzata, jaroslaw). A folded key that two list entries of
// different gender share abstains.
var foldedNames = foldNames(firstNames)

func foldNames(in map[string]lexicon.Gender) map[string]lexicon.Gender {
	out := map[string]lexicon.Gender{}
	conflict := map[string]bool{}
	for k, g := range in {
		f := fold(k)
		if old, ok := out[f]; ok && old != g {
			conflict[f] = true
		}
		out[f] = g
	}
	for k := range conflict {
		delete(out, k)
	}
	return out
}

// letterFolds are letters that Unicode decomposition leaves whole.
var letterFolds = strings.NewReplacer("ł", "l", "ø", "o", "đ", "d", "ß", "ss", "æ", "ae", "œ", "oe", "ı", "i", "þ", "th", "ð", "d")

// fold lower-cases s and strips its diacritics ("Łukasz" → "lukasz").
func fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s) // no diacritics and none of letterFolds
	}
	return letterFolds.Replace(lexicon.FoldDiacritics(strings.ToLower(s)))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// lookupGiven returns the gender of a given name, lower case and without a
// possessive: the name itself, its diacritic-folded form, or for a
// hyphenated name the first part ("Marie-Claire"; "Jean-Marie" abstains
// because "Jean" does).
func lookupGiven(w string) (lexicon.Gender, bool) {
	if g, ok := firstNames[w]; ok {
		return g, true
	}
	f := fold(w)
	if g, ok := foldedNames[f]; ok {
		return g, true
	}
	if i := strings.IndexAny(f, "-‐‑"); i > 0 {
		if g, ok := foldedNames[f[:i]]; ok {
			return g, true
		}
	}
	return "", false
}

// lookupGivenBytes is lookupGiven for a lower-case word in a buffer,
// without allocating when the word is ASCII (fold is then the identity,
// and the only hyphen is '-').
func lookupGivenBytes(w []byte) (lexicon.Gender, bool) {
	for _, c := range w {
		if c >= 0x80 {
			return lookupGiven(string(w))
		}
	}
	if g, ok := firstNames[string(w)]; ok {
		return g, true
	}
	if g, ok := foldedNames[string(w)]; ok {
		return g, true
	}
	if i := bytes.IndexByte(w, '-'); i > 0 {
		if g, ok := foldedNames[string(w[:i])]; ok {
			return g, true
		}
	}
	return "", false
}

// determiners before a capitalised word show it is a common noun or a
// title ("the Bill", "a Mark").
var determiners = audit.ParseWordList(`the
a
an
this
that
these
those
its
our
their
your`)

// reportingVerbs after a capitalised word at the start of a sentence or a
// quotation show it is a name ("Mike said").
var reportingVerbs = audit.ParseWordList(`said
says
told
tells
added
asked
wrote
replied
explained
noted`)

// givenNameAt returns the gender of the given name at token ti of sentence
// si, if the token is a capitalised given name: from the first-name list,
// or from the list of given names that are English words when the context
// rules out the common word (no determiner before; at the start of a
// sentence or quotation, only before a surname or a reporting verb).
func givenNameAt(doc *audit.Document, ti, si int) (lexicon.Gender, bool) {
	if !doc.Tokens[ti].Is(audit.Capitalized) {
		return "", false
	}
	var arr [64]byte
	w := wordlist.AppendLower(arr[:0], stripPoss(doc.TokenText(ti)))
	if g, ok := lookupGivenBytes(w); ok {
		return g, true
	}
	g, ok := wordNames[string(w)]
	if !ok {
		return "", false
	}
	initial := true
	if si >= 0 && si < len(doc.Sentences) {
		for i := doc.Sentences[si].FirstToken; i < ti; i++ {
			if doc.Tokens[i].Kind == audit.Word {
				initial = false
				break
			}
		}
	}
	if ti > 0 {
		prev := ti - 1
		pt := doc.Tokens[prev]
		if pt.Kind == audit.Word && wordlist.InLower(determiners, doc.TokenText(prev)) {
			return "", false
		}
		if pt.Kind == audit.Punct && strings.ContainsAny(doc.TokenText(prev), "\"“‘'(:") {
			initial = true
		}
	}
	if initial {
		if ti+1 >= len(doc.Tokens) || doc.Tokens[ti+1].Kind != audit.Word {
			return "", false
		}
		next := doc.TokenText(ti + 1)
		if !wordlist.InLower(reportingVerbs, next) && !doc.Tokens[ti+1].Is(audit.Capitalized) {
			return "", false
		}
	}
	return g, true
}
