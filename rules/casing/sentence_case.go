package casing

import (
	"strings"

	"github.com/mtaudit/mtaudit/audit"
)

// SentenceCase finds sentences that start in lower case and sentences
// written wholly in lower or upper case.
var SentenceCase = &audit.Rule{
	Name: "sentence-case",
	Doc: audit.Doc{
		Title: "Sentence in the wrong case",
		Text: `A sentence starts with a capital letter. MT and post-processing
sometimes lower-case a sentence's first word ("the talks resumed …"), a
whole sentence ("according to the forecast, it will rain in beijing."), or
leave one in capitals. A lower-case word after a full stop is a sentence
start too, unless the full stop ends an abbreviation ("approx.", "etc.").
Brand names written in lower case ("iPhone") are not lower-case words; web
addresses and handles are left alone. The suggestion capitalises the first
word.`,
		Bad:  "the talks resumed in Vienna on Monday.",
		Good: "The talks resumed in Vienna on Monday, approx. two weeks late. iPhone sales fell.",
	},
	Category: "Fluency/Spelling",
	Severity: audit.Minor,
	Run:      runSentenceCase,
}

func runSentenceCase(pass *audit.Pass) error {
	doc := pass.Doc
	for si, s := range doc.Sentences {
		if inBoilerplate(doc, si) {
			continue
		}
		first := -1
		words, lower, upper, capitalised := 0, 0, 0, 0
		for i := s.FirstToken; i < s.EndToken; i++ {
			t := doc.Tokens[i]
			if t.Kind != audit.Word {
				if t.Kind == audit.Number && first < 0 {
					first = -2 // starts with a number: "2023 was …"
				}
				continue
			}
			if first == -1 {
				first = i
			}
			words++
			switch {
			case t.Is(audit.AllCaps):
				upper++
			case t.Is(audit.Lower):
				lower++
			case t.Is(audit.Capitalized):
				capitalised++
			}
		}
		if first >= 0 && doc.Tokens[first].Is(audit.Lower) && plainWord(doc, first) && (first == s.FirstToken || leadIn(doc, s.FirstToken, first)) {
			w := doc.TokenText(first)
			fixed := capitalize(w)
			msg := "sentence starts in lower case"
			if words >= 6 && lower == words {
				msg = "sentence is written wholly in lower case"
			}
			pass.Reportf(doc.Tokens[first].Span, &fixed, "%s", msg)
		} else if words >= 6 && upper >= words-1 && upper >= 5 {
			pass.Reportf(s.Span, nil, "sentence is written in capitals")
		}
		// a lower-case sentence start after a full stop inside the sentence
		for i := s.FirstToken + 2; i < s.EndToken; i++ {
			t := doc.Tokens[i]
			if t.Kind != audit.Word || !t.Is(audit.Lower) || !t.Is(audit.SpaceBefore) || doc.TokenText(i-1) != "." {
				continue
			}
			prev := doc.Tokens[i-2]
			pw := doc.TokenText(i - 2)
			if prev.Kind != audit.Word || len(pw) < 2 || abbreviations[strings.ToLower(pw)] || strings.Contains(pw, ".") || (i-3 >= s.FirstToken && doc.TokenText(i-3) == ".") {
				continue
			}
			if !plainWord(doc, i) {
				continue
			}
			fixed := capitalize(doc.TokenText(i))
			pass.Reportf(t.Span, &fixed, "sentence after a full stop starts in lower case")
		}
	}
	return nil
}

// leadIn reports whether tokens from..to-1 are only opening quotes,
// brackets or dashes before the first word.
func leadIn(doc *audit.Document, from, to int) bool {
	for i := from; i < to; i++ {
		switch doc.TokenText(i) {
		case "“", "\"", "‘", "'", "(", "[", "«", "—", "–", "-", "•", "*":
		default:
			return false
		}
	}
	return true
}
