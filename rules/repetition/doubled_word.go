package repetition

import (
	"strings"

	"github.com/mtaudit/mtaudit/audit"
)

// DoubledWord finds a word written twice in a row ("the the").
var DoubledWord = &audit.Rule{
	Name: "doubled-word",
	Doc: audit.Doc{
		Title: "Doubled word",
		Text: `A word written twice in a row with only white space between ("the the",
"Kissinger Kissinger", "19 19") is a classic MT and editing slip. English
doubles some words legitimately ("had had", "that that", "what it is is")
and some names are reduplicated ("Bora Bora", "Walla Walla"); those come
from a data file and are left alone. Three or more copies are the
repeated-loop rule's. The suggestion keeps one copy.`,
		Bad:  "The delegation arrived in the the capital on Monday.",
		Good: "The delegation that had had talks arrived in the capital.",
	},
	Category: "Fluency/Grammar",
	Severity: audit.Minor,
	Run:      runDoubledWord,
}

func runDoubledWord(pass *audit.Pass) error {
	doc := pass.Doc
	loops := findLoops(doc)
	for _, seq := range sentenceWords(doc) {
		h := seq.hashes
		for i := 0; i+1 < len(h); i++ {
			if h[i] != h[i+1] || seq.gapBefore[i+1] {
				continue
			}
			if inLoop(loops, wordSpan(doc, seq, i, i+1)) {
				continue
			}
			word := doc.TokenText(seq.tokens[i])
			if word != doc.TokenText(seq.tokens[i+1]) && !strings.EqualFold(word, doc.TokenText(seq.tokens[i+1])) {
				continue // hash collision
			}
			if legitDoubles[strings.ToLower(word)] {
				continue
			}
			pass.Reportf(wordSpan(doc, seq, i, i+1), &word, "%q is written twice", word)
			i++
		}
	}
	return nil
}
