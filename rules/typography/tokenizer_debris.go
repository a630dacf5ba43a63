package typography

import (
	_ "embed"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
)

//go:embed data/dotted_abbreviations.txt
var dottedData string

// dotted is the read-only set of dotted abbreviations ("U.S.").
var dotted = audit.ParseWordList(dottedData)

// TokenizerDebris finds spaces an MT tokenizer left inside compounds, before
// punctuation and inside brackets and quotes.
var TokenizerDebris = &audit.Rule{
	Name: "tokenizer-debris",
	Doc: audit.Doc{
		Title: "Space left by a tokenizer",
		Text: `MT systems work on tokenized text and sometimes fail to glue it back:
a space inside a hyphenated compound ("high -level", "well- known"), before
a comma, full stop, colon, semicolon, question or exclamation mark or a
per cent sign ("Monday ." "85 %"), inside brackets and quotes ("( KCNA )",
"“ said"), before a clitic ("Trump 's", "do n't") or inside a dotted
abbreviation ("U. S."). Suspended hyphens ("pre- and post-war"), spaced
dashes ("a - b") and ellipses are left alone. The suggestion is the joined
form.`,
		Bad:  "The long -term plan was approved on Monday .",
		Good: "The long-term plan, a pre- and post-election budget, was approved on Monday.",
	},
	Category: "Fluency/Punctuation",
	Severity: audit.Minor,
	Run:      runTokenizerDebris,
}

// gap is white space between tokens a and b that should not be there;
// the finding covers tokens from..to.
type gap struct {
	from, to int // token indices of the context shown
	cut      audit.Span
	why      string
}

func runTokenizerDebris(pass *audit.Pass) error {
	doc := pass.Doc
	for _, p := range textParagraphs(doc) {
		gaps := paragraphGaps(doc, p)
		for i := 0; i < len(gaps); {
			j := i + 1
			from, to := gaps[i].from, gaps[i].to
			for j < len(gaps) && gaps[j].from <= to {
				to = max(to, gaps[j].to)
				j++
			}
			span := audit.Span{Start: doc.Tokens[from].Start, End: doc.Tokens[to].End}
			var b strings.Builder
			off := span.Start
			for _, g := range gaps[i:j] {
				b.WriteString(doc.Text[off:g.cut.Start])
				off = g.cut.End
			}
			b.WriteString(doc.Text[off:span.End])
			fixed := b.String()
			pass.Reportf(span, &fixed, "stray space %s", gaps[i].why)
			i = j
		}
	}
	return nil
}

func paragraphGaps(doc *audit.Document, p paragraph) []gap {
	toks := doc.Tokens
	var gaps []gap
	add := func(from, to, a, b int, why string) {
		// a and b are adjacent tokens; the white space between them is cut.
		gaps = append(gaps, gap{from: from, to: to, cut: audit.Span{Start: toks[a].End, End: toks[b].Start}, why: why})
	}
	isWordish := func(i int) bool { return i >= p.start && i < p.end && toks[i].Kind != audit.Punct }
	spaced := func(i int) bool { return i >= p.end || toks[i].Is(audit.SpaceBefore) }
	// straight double quotes, paired by order when their number is even
	var straight []int
	for i := p.start; i < p.end; i++ {
		if tokenIs(doc, i, `"`) {
			straight = append(straight, i)
		}
	}
	if len(straight)%2 != 0 {
		straight = nil
	}
	for k, i := range straight {
		if k%2 == 0 && i+1 < p.end && isWordish(i+1) && spaced(i+1) {
			add(i, i+1, i, i+1, "after an opening quotation mark")
		}
		if k%2 == 1 && i > p.start && toks[i].Is(audit.SpaceBefore) && (isWordish(i-1) || tokenIs(doc, i-1, ".", ",", "?", "!")) {
			add(i-1, i, i-1, i, "before a closing quotation mark")
		}
	}
	for i := p.start + 1; i < p.end; i++ {
		t := toks[i]
		text := doc.TokenText(i)
		switch {
		case t.Kind == audit.Punct && t.Is(audit.SpaceBefore) && strings.Contains(",.;:?!", text) && len(text) == 1 && isWordish(i-1):
			if text == "." && (tokenIs(doc, i+1, ".") || tokenIs(doc, i-1, ".")) {
				continue // ". . ." ellipsis
			}
			if !spaced(i+1) && (isWordish(i+1) || tokenIs(doc, i+1, "(", ")")) {
				continue // ".45", ":)"
			}
			add(i-1, i, i-1, i, "before "+quoteName(text))
		case text == "%" && t.Is(audit.SpaceBefore) && toks[i-1].Kind == audit.Number:
			add(i-1, i, i-1, i, "before a per cent sign")
		case (text == ")" || text == "]" || text == "”") && t.Is(audit.SpaceBefore) && (isWordish(i-1) || tokenIs(doc, i-1, ".", ",", "?", "!")):
			add(i-1, i, i-1, i, "before a closing "+bracketName(text))
		case isWordish(i) && t.Is(audit.SpaceBefore) && tokenIs(doc, i-1, "(", "[", "“") && (i-1 == p.start || toks[i-1].Is(audit.SpaceBefore) || !isWordish(i-2)):
			add(i-1, i, i-1, i, "after an opening "+bracketName(doc.TokenText(i-1)))
		case text == "-" && t.Is(audit.SpaceBefore) && isWordish(i-1) && isWordish(i+1) && !spaced(i+1) && toks[i-1].Kind == audit.Word:
			add(i-1, i+1, i-1, i, "inside a hyphenated compound")
		case text == "-" && !t.Is(audit.SpaceBefore) && isWordish(i-1) && toks[i-1].Kind == audit.Word && isWordish(i+1) && spaced(i+1) && toks[i+1].Kind == audit.Word && !suspendedHyphen(doc, i+1):
			add(i-1, i+1, i, i+1, "inside a hyphenated compound")
		case (text == "'" || text == "’") && t.Is(audit.SpaceBefore) && isWordish(i-1) && toks[i-1].Kind == audit.Word && i+1 < p.end && !spaced(i+1) && tokenIs(doc, i+1, "s", "re", "ve", "ll", "d", "m", "t"):
			add(i-1, i+1, i-1, i, "before an apostrophe")
		case t.Kind == audit.Word && t.Is(audit.SpaceBefore) && (text == "n't" || text == "n’t") && toks[i-1].Kind == audit.Word:
			add(i-1, i, i-1, i, "before a contraction")
		case t.Kind == audit.Word && t.Is(audit.SpaceBefore) && i+1 < p.end && tokenIs(doc, i+1, ".") && !spaced(i+1) && tokenIs(doc, i-1, ".") && i-2 >= p.start && toks[i-2].Kind == audit.Word:
			if dotted[doc.TokenText(i-2)+"."+text+"."] {
				add(i-2, i+1, i-1, i, "inside an abbreviation")
			}
		}
	}
	// order by position of the cut
	for i := 1; i < len(gaps); i++ {
		for j := i; j > 0 && gaps[j].cut.Start < gaps[j-1].cut.Start; j-- {
			gaps[j], gaps[j-1] = gaps[j-1], gaps[j]
		}
	}
	return gaps
}

// suspendedHyphen: "pre- and post-war", "19th- to 20th-century".
func suspendedHyphen(doc *audit.Document, next int) bool {
	switch strings.ToLower(doc.TokenText(next)) {
	case "and", "or", "to", "nor", "as", "but", "versus", "vs":
		return true
	}
	return false
}

func quoteName(p string) string {
	switch p {
	case ",":
		return "a comma"
	case ".":
		return "a full stop"
	case ";":
		return "a semicolon"
	case ":":
		return "a colon"
	case "?":
		return "a question mark"
	case "!":
		return "an exclamation mark"
	}
	return p
}

func bracketName(p string) string {
	switch p {
	case "(", ")", "[", "]":
		return "bracket"
	}
	return "quotation mark"
}
