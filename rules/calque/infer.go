package calque

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// Evidence is one clue to the source language of an article.
type Evidence struct {
	Lang   string
	Weight int
	What   string // e.g. `exonym "Poutine" (Vladimir Putin)`
	Span   audit.Span
}

// Inference is the likely source language of an article and why.
type Inference struct {
	Lang     string // "" when the evidence is too weak or split
	Language string // English name of Lang
	Score    int    // summed weight of Lang's evidence
	// Runner is the second-best language and its score, for the report.
	Runner      string
	RunnerScore int
	Evidence    []Evidence // of Lang, in text order
}

// Decision thresholds: the best language needs minScore and at least
// minItems distinct clues, and must beat the runner-up.
const (
	minScore = 3
	minItems = 2
	// maxRepeats caps how often one clue (the same entry or exonym) counts.
	maxRepeats = 2
)

type inferKey struct{}

// Infer returns the likely source language of doc from its evidence:
// exonyms of the name lexicon (lex, may be nil), calque hits of the packs
// and traces such as French guillemets. Computed once per document.
func Infer(doc *audit.Document, lex *lexicon.Lexicon) *Inference {
	return doc.Memo(inferKey{}, func() any { return infer(doc, lex) }).(*Inference)
}

func infer(doc *audit.Document, lex *lexicon.Lexicon) *Inference {
	var all []Evidence
	seen := map[string]int{} // lang + clue → times counted
	add := func(ev Evidence, clue string) {
		k := ev.Lang + "\x00" + clue
		if seen[k] >= maxRepeats {
			return
		}
		seen[k]++
		all = append(all, ev)
	}
	for _, h := range Hits(doc) {
		if h.Entry.Evidence <= 0 {
			continue
		}
		what := fmt.Sprintf("%q", doc.Slice(h.Span))
		if h.Entry.Source != "" {
			what += " for " + h.Entry.Source
		}
		add(Evidence{Lang: h.Pack.Lang, Weight: h.Entry.Evidence, What: what, Span: h.Span}, h.Entry.Name)
	}
	for _, ev := range exonyms(doc, lex) {
		add(ev, strings.ToLower(ev.What))
	}
	scores := map[string]int{}
	items := map[string]map[string]bool{}
	for _, ev := range all {
		scores[ev.Lang] += ev.Weight
		if items[ev.Lang] == nil {
			items[ev.Lang] = map[string]bool{}
		}
		items[ev.Lang][ev.What] = true
	}
	langs := make([]string, 0, len(scores))
	for l := range scores {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(i, j int) bool {
		if scores[langs[i]] != scores[langs[j]] {
			return scores[langs[i]] > scores[langs[j]]
		}
		return langs[i] < langs[j]
	})
	inf := &Inference{}
	if len(langs) == 0 {
		return inf
	}
	best := langs[0]
	if len(langs) > 1 {
		inf.Runner, inf.RunnerScore = langs[1], scores[langs[1]]
	}
	if scores[best] < minScore || len(items[best]) < minItems || scores[best] == inf.RunnerScore {
		return inf
	}
	inf.Lang, inf.Score, inf.Language = best, scores[best], LanguageName(best)
	for _, ev := range all {
		if ev.Lang == best {
			inf.Evidence = append(inf.Evidence, ev)
		}
	}
	sort.SliceStable(inf.Evidence, func(i, j int) bool { return inf.Evidence[i].Span.Start < inf.Evidence[j].Span.Start })
	return inf
}

// exonyms finds lexicon exonyms among the document's name mentions: the
// whole mention or any run of its words ("Poutine", "Vladimir Poutine"),
// also with a possessive written without apostrophe ("Poutines").
func exonyms(doc *audit.Document, lex *lexicon.Lexicon) []Evidence {
	if lex == nil {
		return nil
	}
	maxN := max(lex.MaxTokens(), 1)
	var out []Evidence
	for _, m := range doc.Mentions {
		for i := m.FirstToken; i < m.EndToken; i++ {
			for j := min(m.EndToken, i+2*maxN); j > i; j-- {
				// Form words are separated by spaces, hyphens or particles
				// and counted loosely; Lookup decides.
				span := audit.Span{Start: doc.Tokens[i].Start, End: doc.Tokens[j-1].End}
				text := doc.Slice(span)
				match, ok := lex.Lookup(text)
				if !ok && strings.HasSuffix(text, "s") {
					match, ok = lex.Lookup(text[:len(text)-1])
				}
				if !ok || match.Kind != lexicon.Exonym || match.Lang == "" {
					continue
				}
				out = append(out, Evidence{
					Lang:   match.Lang,
					Weight: 2,
					What:   fmt.Sprintf("exonym %q (%s)", text, match.Entry.Canonical),
					Span:   span,
				})
				i = j - 1
				break
			}
		}
	}
	return out
}

// LanguageName returns the English name of an ISO 639-1 code, from the
// packs, or the code itself.
func LanguageName(code string) string {
	if p := PackFor(code); p != nil {
		return p.Language
	}
	if n, ok := otherLanguages[code]; ok {
		return n
	}
	return code
}

// otherLanguages names the languages exonyms may come from that have no pack yet.
var otherLanguages = map[string]string{"it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "pl": "Polish"}

// Summary describes the inference in one line for a report.
func (inf *Inference) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the source language looks %s (score %d", inf.Language, inf.Score)
	if inf.Runner != "" {
		fmt.Fprintf(&b, "; next %s %d", LanguageName(inf.Runner), inf.RunnerScore)
	}
	b.WriteString("): ")
	for i, ev := range inf.Evidence {
		if i > 0 {
			b.WriteString("; ")
		}
		if i == 6 {
			fmt.Fprintf(&b, "and %d more", len(inf.Evidence)-i)
			break
		}
		b.WriteString(ev.What)
	}
	return b.String()
}
