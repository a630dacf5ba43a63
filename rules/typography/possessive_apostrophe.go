package typography

import (
	_ "embed"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
	"github.com/mtaudit/mtaudit/rules/wordlist"
)

//go:embed data/possessives.txt
var possessivesData string

//go:embed data/group_plurals.txt
var groupPluralsData string

// Read-only tables built once from the data files.
var (
	irregularPossessive, capitalisedPossessive = parsePossessives(possessivesData)
	groupPlurals                               = audit.ParseWordList(groupPluralsData)
)

func parsePossessives(data string) (irregular, capitalised map[string]string) {
	irregular, capitalised = map[string]string{}, map[string]string{}
	var cur map[string]string
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
		case line == "[irregular]":
			cur = irregular
		case line == "[capitalised]":
			cur = capitalised
		default:
			if f := strings.Fields(line); len(f) == 2 && cur != nil {
				cur[f[0]] = f[1]
			}
		}
	}
	return irregular, capitalised
}

// PossessiveApostrophe finds possessives with the apostrophe after the s of
// a singular name ("Trumps' remarks"), "Peoples'" in names, and a known
// name with a stray s before a noun ("Trumps remarks").
var PossessiveApostrophe = &audit.Rule{
	Name: "possessive-apostrophe",
	Doc: audit.Doc{
		Title: "Misplaced possessive apostrophe",
		Text: `MT often writes the possessive of a singular name as if it were a plural
("the Merkels' speech" when the article is about Angela Merkel), writes
"Peoples'" in the fixed names of state bodies ("Peoples' Liberation Army"
for "People's"), irregular plurals with s' ("childrens' hospital"), or
drops the apostrophe so that a name looks plural ("Merkels speech"). A
name is known to be singular when the document uses it elsewhere without
the s as a name ("Angela Merkel", "Merkel said") or the name lexicon has
it as a person. Plurals of parties,
nations and groups ("the Democrats' plan", "the two Koreas' talks") are
left alone. The suggestion is the singular possessive.`,
		Bad:  "Chancellor Angela Merkel spoke on Monday. Critics rejected the Merkels' plan.",
		Good: "Chancellor Angela Merkel spoke on Monday. The Democrats' plan and the Koreas' talks were discussed.",
	},
	Category: "Fluency/Punctuation",
	Severity: audit.Minor,
	Run:      runPossessiveApostrophe,
}

func runPossessiveApostrophe(pass *audit.Pass) error {
	doc := pass.Doc
	var names map[string]bool // singular names of the document, built on first need
	for _, p := range textParagraphs(doc) {
		for i := p.start; i+1 < p.end; i++ {
			t := doc.Tokens[i]
			if t.Kind != audit.Word {
				continue
			}
			w := doc.TokenText(i)
			apos := i+1 < p.end && tokenIs(doc, i+1, "'", "’") && !doc.Tokens[i+1].Is(audit.SpaceBefore)
			next := i + 1
			if apos {
				next = i + 2
			}
			if next >= p.end || doc.Tokens[next].Kind != audit.Word || !doc.Tokens[next].Is(audit.SpaceBefore) {
				continue
			}
			span := t.Span
			if apos {
				span.End = doc.Tokens[i+1].End
			}
			if right, ok := irregularPossessive[w]; ok {
				pass.Reportf(span, &right, "%q is written %q", right, doc.Slice(span))
				continue
			}
			if right, ok := capitalisedPossessive[w]; ok && doc.Tokens[next].Is(audit.Capitalized) {
				pass.Reportf(span, &right, "in a name, the possessive is %q", right)
				continue
			}
			if !t.Is(audit.Capitalized) || t.Is(audit.AllCaps) || len(w) < 4 || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") || groupPlural(w) {
				continue
			}
			if !apos {
				// "Trumps remarks": only before a lower-case content word,
				// and not inside a longer name.
				nt := doc.Tokens[next]
				if !nt.Is(audit.Lower) || wordlist.IsFunctionWord(doc.TokenText(next)) || (i > p.start && doc.Tokens[i-1].Is(audit.Capitalized)) || sentenceStart(doc, i) {
					continue
				}
			}
			if names == nil {
				names = singularNames(doc)
			}
			singular := w[:len(w)-1]
			if !names[singular] && !lexiconPerson(pass, singular) {
				continue
			}
			a := "’"
			if apos {
				a = doc.TokenText(i + 1)
			} else if strings.Contains(doc.Text, "'s ") && !strings.Contains(doc.Text, "’s ") {
				a = "'"
			}
			fixed := singular + a + "s"
			pass.Reportf(span, &fixed, "%q is a singular name elsewhere in the article; the possessive is %q", singular, fixed)
		}
	}
	return nil
}

// lexiconPerson reports whether the name lexicon (rules/names/lexicon, from
// the environment, else the embedded default) knows w as a person's name.
func lexiconPerson(pass *audit.Pass, w string) bool {
	lex := lexicon.FromEnv(pass.Env)
	if lex == nil {
		lex = lexicon.Default()
	}
	m, ok := lex.Lookup(w)
	return ok && m.Kind.IsCorrect() && m.Entry.Kind == lexicon.Person && m.Form == w
}

func groupPlural(w string) bool {
	if groupPlurals[w] {
		return true
	}
	for _, suf := range []string{"ans", "ese", "is", "ists", "ites", "ics", "ers", "ies"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

func sentenceStart(doc *audit.Document, i int) bool {
	s := doc.SentenceAt(doc.Tokens[i].Start)
	if s < 0 {
		return true
	}
	for k := doc.Sentences[s].FirstToken; k < i; k++ {
		if doc.Tokens[k].Kind != audit.Punct {
			return false
		}
	}
	return true
}

// singularNames collects the words the document uses as names: the last
// word of a multi-word name ("Donald Trump") and a one-word name not at the
// start of a sentence that is not followed by a lower-case word (which
// would make it an adjective: "American troops").
func singularNames(doc *audit.Document) map[string]bool {
	names := map[string]bool{}
	for _, m := range doc.Mentions {
		last := m.EndToken - 1
		if doc.Tokens[last].Is(audit.AllCaps) {
			continue
		}
		if m.EndToken-m.FirstToken >= 2 {
			names[doc.TokenText(last)] = true
			continue
		}
		if m.SentenceStart {
			continue
		}
		if last+1 < len(doc.Tokens) && doc.Tokens[last+1].Is(audit.Lower) && doc.Tokens[last+1].Kind == audit.Word {
			continue
		}
		names[doc.TokenText(last)] = true
	}
	return names
}
