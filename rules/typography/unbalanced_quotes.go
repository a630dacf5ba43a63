package typography

import (
	"github.com/mtaudit/mtaudit/audit"
)

// UnbalancedQuotes finds quotation marks and brackets without their pair
// in the same paragraph, and quotations opened and closed with different
// kinds of mark.
var UnbalancedQuotes = &audit.Rule{
	Name: "unbalanced-quotes",
	Doc: audit.Doc{
		Title: "Unbalanced quotation mark or bracket",
		Text: `An opening or closing quotation mark or bracket without its pair in the
same paragraph usually means MT dropped or misplaced one (‘relations with
the north, “said the agency.’). Double quotes are paired curly with curly
and straight with straight; a pair that mixes them is reported too. News
style lets a quotation run over several paragraphs: a paragraph that opens
a quote without closing it is fine when the next paragraph opens one
again. Apostrophes ("Pyongyang's", "the Koreas’ ties", "’90s") and inch
marks (5'11") are not quotation marks; enumerators like "a)" are not
brackets. No suggestion is made: which mark is missing is a reader's call.`,
		Bad:  "The agency said the two sides were good neighbours, “ said the report.",
		Good: "“We are good neighbours,” the report said (quoting the minister).",
	},
	Category: "Fluency/Punctuation",
	Severity: audit.Minor,
	Run:      runUnbalancedQuotes,
}

type mark struct {
	tok      int
	straight bool
	char     string
}

func runUnbalancedQuotes(pass *audit.Pass) error {
	doc := pass.Doc
	paras := textParagraphs(doc)
	for pi, p := range paras {
		nextOpens := pi+1 < len(paras) && paras[pi+1].index == p.index+1 && opensWithQuote(doc, paras[pi+1])
		checkParagraph(pass, p, nextOpens)
	}
	return nil
}

func opensWithQuote(doc *audit.Document, p paragraph) bool {
	return p.start < p.end && tokenIs(doc, p.start, "“", `"`, "‘", "«")
}

func checkParagraph(pass *audit.Pass, p paragraph, nextOpens bool) {
	doc := pass.Doc
	toks := doc.Tokens
	var dq *mark     // open double quote
	var single *mark // open curly single quote
	var brackets []mark
	report := func(i int, opener bool, msg string) {
		pass.Reportf(markSpan(doc, p, i, opener), nil, "%s", msg)
	}
	for i := p.start; i < p.end; i++ {
		t := toks[i]
		if t.Kind != audit.Punct {
			continue
		}
		s := doc.TokenText(i)
		switch s {
		case "“", "”", `"`:
			opener := s == "“"
			if s == `"` {
				if dq == nil && i > p.start && toks[i-1].Kind == audit.Number && !t.Is(audit.SpaceBefore) {
					continue // inch mark: 5'11"
				}
				opener = straightOpens(doc, p, i, dq != nil)
			}
			if opener {
				if dq != nil {
					report(dq.tok, true, "quotation mark opened here is not closed before the next one opens")
				}
				dq = &mark{tok: i, straight: s == `"`, char: s}
				continue
			}
			if dq == nil {
				report(i, false, "closing quotation mark without an opening one in the paragraph")
				continue
			}
			if dq.straight != (s == `"`) {
				report(i, false, "quotation opened with "+dq.char+" is closed with "+s)
			}
			dq = nil
		case "‘":
			if single != nil {
				report(single.tok, true, "single quotation mark opened here is not closed")
			}
			single = &mark{tok: i, char: s}
		case "’":
			if single != nil && (i+1 >= p.end || toks[i+1].Is(audit.SpaceBefore) || toks[i+1].Kind == audit.Punct) {
				single = nil
			}
		case "(", "[":
			brackets = append(brackets, mark{tok: i, char: s})
		case ")", "]":
			want := "("
			if s == "]" {
				want = "["
			}
			if n := len(brackets); n > 0 {
				if brackets[n-1].char != want {
					report(i, false, "closing "+s+" does not match the opening "+brackets[n-1].char)
				}
				brackets = brackets[:n-1]
				continue
			}
			if enumerator(doc, p, i) {
				continue
			}
			report(i, false, "closing bracket without an opening one in the paragraph")
		}
	}
	if dq != nil && !nextOpens {
		report(dq.tok, true, "quotation mark is not closed in the paragraph")
	}
	if single != nil && !nextOpens {
		report(single.tok, true, "single quotation mark is not closed in the paragraph")
	}
	for _, b := range brackets {
		report(b.tok, true, "bracket is not closed in the paragraph")
	}
}

// straightOpens decides whether the straight quote at i opens a quotation,
// from the spaces around it, or from whether one is open when it is spaced
// on both sides or neither.
func straightOpens(doc *audit.Document, p paragraph, i int, open bool) bool {
	toks := doc.Tokens
	before := i == p.start || toks[i].Is(audit.SpaceBefore) || tokenIs(doc, i-1, "(", "[", "—", "–", "‘")
	after := i+1 >= p.end || toks[i+1].Is(audit.SpaceBefore) || (toks[i+1].Kind == audit.Punct && !tokenIs(doc, i+1, "‘", "(", "["))
	switch {
	case before && !after:
		return true
	case after && !before:
		return false
	}
	return !open
}

// enumerator: "a)" or "2)" opening a list item.
func enumerator(doc *audit.Document, p paragraph, i int) bool {
	if i-1 < p.start || doc.Tokens[i].Is(audit.SpaceBefore) {
		return false
	}
	prev := doc.Tokens[i-1]
	if prev.Kind == audit.Punct {
		return tokenIs(doc, i-1, ":", ";") // emoticon
	}
	return prev.Len() <= 3 && (i-1 == p.start || prev.Is(audit.SpaceBefore))
}

// markSpan shows a mark with up to two words after an opener or before a
// closer, inside the paragraph.
func markSpan(doc *audit.Document, p paragraph, i int, opener bool) audit.Span {
	toks := doc.Tokens
	from, to := i, i
	if opener {
		for k := i + 1; k < p.end && k <= i+3; k++ {
			if toks[k].Kind == audit.Punct {
				break
			}
			to = k
		}
	} else {
		for k := i - 1; k >= p.start && k >= i-2; k-- {
			from = k
			if toks[k].Kind != audit.Punct && k < i-1 {
				break
			}
		}
	}
	return audit.Span{Start: toks[from].Start, End: toks[to].End}
}
