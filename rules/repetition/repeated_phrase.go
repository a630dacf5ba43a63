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
	// Copies apart from each other must be longer: a sentence may
	// legitimately name a term twice ("medical service price items").
	minDistantPhraseWords = 8
)

// RepeatedPhrase finds a long phrase that occurs twice inside one sentence.
var RepeatedPhrase = &audit.Rule{
	Name: "repeated-phrase",
	Doc: audit.Doc{
		Title: "Long phrase repeated within a sentence",
		Text: `MT output sometimes translates a stretch of the source twice, so the same
long phrase occurs twice in one sentence: back to back (five or more
words, at least four of them content words), or apart (eight or more
words, mostly not capitalised). Professional writing may name a term or a
name twice in a long sentence ("the price of a single dental implant"),
which the rule leaves alone, but does not duplicate a clause. The
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
	for _, seq := range sentenceWords(doc) {
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
			if inLoop(loops, wordSpan(doc, seq, i, j+m-1)) {
				continue
			}
			content, capitalized := contentWords(doc, seq, j, j+m)
			if content < minPhraseContent {
				continue
			}
			if i+m < j && (m < minDistantPhraseWords || 2*capitalized >= content) {
				continue // a term or a name named twice, not a duplicated clause
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

// contentWords counts the content (non-function) words of seq[from:to],
// and how many of them are capitalised.
func contentWords(doc *audit.Document, seq wordSeq, from, to int) (content, capitalized int) {
	for k := from; k < to; k++ {
		t := doc.Tokens[seq.tokens[k]]
		if wordlist.IsFunctionWord(doc.Text[t.Start:t.End]) {
			continue
		}
		content++
		if t.Flags&(audit.Capitalized|audit.AllCaps) != 0 {
			capitalized++
		}
	}
	return content, capitalized
}
