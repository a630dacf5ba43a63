// Package typography holds the rules for typographic debris that MT
// pipelines leave and spell-checkers ignore: spaces a tokenizer put around
// punctuation, unbalanced quotes and brackets, misplaced possessive
// apostrophes, and speech that lost its quotation marks.
package typography

import (
	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/boilerplate"
)

// paragraph is the token range of one paragraph.
type paragraph struct {
	index      int // into Document.Paragraphs
	start, end int // Tokens[start:end]
}

type paragraphsKey struct{}

// textParagraphs returns the token ranges of the paragraphs that are
// article text (boilerplate blocks left out), computed once per document.
func textParagraphs(doc *audit.Document) []paragraph {
	return doc.Memo(paragraphsKey{}, func() any {
		var out []paragraph
		for _, s := range doc.Sentences {
			if n := len(out); n > 0 && out[n-1].index == s.Paragraph {
				out[n-1].end = s.EndToken
				continue
			}
			out = append(out, paragraph{index: s.Paragraph, start: s.FirstToken, end: s.EndToken})
		}
		kept := out[:0]
		for _, p := range out {
			if !boilerplate.Paragraph(doc, p.index) {
				kept = append(kept, p)
			}
		}
		return kept
	}).([]paragraph)
}

// tokenIs reports whether token i exists and has text s.
func tokenIs(doc *audit.Document, i int, s ...string) bool {
	if i < 0 || i >= len(doc.Tokens) {
		return false
	}
	t := doc.TokenText(i)
	for _, x := range s {
		if t == x {
			return true
		}
	}
	return false
}
