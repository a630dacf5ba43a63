package repetition

import (
	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/wordlist"
)

// Thresholds for a phrase long enough that repeating it inside one
// sentence is an error, not style.
const (
	minPhraseWords   = 5
	minPhraseContent = 4 // content (non-function) words in the phrase
)

// RepeatedPhrase finds a long phrase that occurs twice inside one sentence.
var RepeatedPhrase = &audit.Rule{
	Name: "repeated-phrase",
	Doc: audit.Doc{
		Title: "Long phrase repeated within a sentence",
		Text: `MT output sometimes translates a stretch of the source twice, so the same
long phrase (five or more words, at least four of them content words)
occurs twice in one sentence. Professional writing may repeat a short
phrase or a name, but not a long phrase in the same sentence. The
sentence must be checked against the source: something else was probably
lost. When the copies are adjacent the suggestion keeps one; otherwise it
deletes the second copy. Three or more adjacent copies are the
repeated-loop rule's.`,
		Bad:  "The talks between the ministers of both countries and the talks between the ministers of both countries ended on Friday.",
		Good: "The talks between the ministers of both countries ended on Friday, and the ministers will meet again.",
	},
	Category: "Accuracy/Addition",
	Severity: audit.Major,
	Run:      runRepeatedPhrase,
}

func runRepeatedPhrase(pass *audit.Pass) error {
	doc := pass.Doc
	loops := findLoops(doc)
	first := make(map[uint64]int) // k-gram hash → first word index, per sentence
	for qi, seq := range sentenceWords(doc) {
		h := seq.hashes
		if len(h) < 2*minPhraseWords {
			continue
		}
		clear(first)
		for j := 0; j+minPhraseWords <= len(h); j++ {
			g := gramHash(h[j : j+minPhraseWords])
			i, seen := first[g]
			if !seen {
				first[g] = j
				continue
			}
			if j < i+minPhraseWords || !equalHashes(h[i:i+minPhraseWords], h[j:j+minPhraseWords]) {
				continue // overlapping copies are a loop, not a repeated phrase
			}
			m := minPhraseWords
			for j+m < len(h) && i+m < j && h[i+m] == h[j+m] {
				m++
			}
			if inLoop(loops, qi, i) || inLoop(loops, qi, j) || inLoop(loops, qi, j+m-1) {
				continue
			}
			if contentWords(doc, seq, j, j+m) < minPhraseContent {
				continue
			}
			second := wordSpan(doc, seq, j, j+m-1)
			phrase := doc.Slice(second)
			if i+m == j { // adjacent copies: keep one
				span := wordSpan(doc, seq, i, j+m-1)
				pass.Reportf(span, &phrase, "phrase %q is written twice in a row", phrase)
			} else {
				line, col := doc.Position(doc.Tokens[seq.tokens[i]].Start)
				empty := ""
				pass.Reportf(second, &empty, "phrase %q already occurs in this sentence (line %d, column %d); delete the second copy and check the source", phrase, line, col)
			}
			j += m - 1
		}
	}
	return nil
}

func gramHash(h []uint64) uint64 {
	g := uint64(0)
	for _, x := range h {
		g = g*1099511628211 ^ x
	}
	return g
}

func equalHashes(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func contentWords(doc *audit.Document, seq wordSeq, from, to int) int {
	n := 0
	for k := from; k < to; k++ {
		if !wordlist.IsFunctionWord(doc.TokenText(seq.tokens[k])) {
			n++
		}
	}
	return n
}
