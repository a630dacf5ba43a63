package names

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mtaudit/mtaudit/rules/wordlist"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// CorpusVariant reports a name form that is rare across the whole input
// while a variant of it is frequent. It runs only when check is given
// --corpus-names, which counts name forms in a first pass (CorpusCounter).
var CorpusVariant = &audit.Rule{
	Name: "name-corpus-variant",
	Doc: audit.Doc{
		Title: "Rare variant of a name frequent across the corpus",
		Text: `With check --corpus-names, mtaudit first counts every name form in the
whole input, then reports forms that are rare variants of frequent ones:
a name of three words or more whose odd word is an English word where the
frequent form has a name word ("Kim Jong One" three times among hundreds
of "Kim Jong Un"; major, translated name part), a close misspelling of a
name form at least ten times as frequent (major), and a casing variant of
a name word written otherwise at least ten times as often (minor; not in
all-caps text, not for English words such as "Who" beside "WHO").
Without --corpus-names the document is its own corpus. Names that
name-lexicon reports are left to it; name-variant leaves to this rule the
variants it reports.`,
		Bad:  strings.Repeat("Minister Tendai Moyo Chikore spoke. ", 12) + "\nLater Tendai Moyo Chicore spoke.",
		Good: strings.Repeat("Minister Tendai Moyo Chikore spoke. ", 12) + "\nLater Tendai Moyo Chikore spoke.",
	},
	Category: catNameFormat,
	Severity: audit.Major,
	Run:      runCorpusVariant,
}

// Thresholds of the corpus rule.
const (
	corpusRatio    = 10 // the frequent form is this many times more frequent
	corpusMinCount = 10 // and seen at least this often
)

// CorpusStats are the name forms counted over a corpus. Memory grows with
// the number of distinct name forms, not with the corpus size. It is
// read-only once built (Freeze) and safe for concurrent use.
type CorpusStats struct {
	// full counts written forms of names of two words or more, by key.
	full map[string]map[string]int
	// words counts written forms of name words, by lower-case form.
	words map[string]map[string]int
	// oneOff indexes full-form keys by key with one word replaced by "*".
	oneOff map[string][]string
	total  map[string]int // full key → count
	docs   int
}

// CorpusCounter counts name forms document by document. It is not safe
// for concurrent use: give each goroutine its own and Merge them.
type CorpusCounter struct {
	stats *CorpusStats
	lex   *lexicon.Lexicon
}

// NewCorpusCounter returns a counter that strips titles and demonyms with lex.
func NewCorpusCounter(lex *lexicon.Lexicon) *CorpusCounter {
	return &CorpusCounter{lex: lex, stats: &CorpusStats{full: map[string]map[string]int{}, words: map[string]map[string]int{}}}
}

// Add counts the names of doc.
func (c *CorpusCounter) Add(doc *audit.Document) {
	c.add(doc, analyze(doc, c.lex))
}

func (c *CorpusCounter) add(doc *audit.Document, a *Analysis) {
	c.stats.docs++
	for i := range a.Names {
		n := &a.Names[i]
		if len(n.Parts) >= 2 {
			inc(c.stats.full, n.Key, stripPossessive(doc.Slice(n.Span)), 1)
		}
		for ti := n.FirstToken; ti < n.EndToken; ti++ {
			t := doc.Tokens[ti]
			if t.Kind != audit.Word || t.Is(audit.Lower) || (t.Is(audit.AllCaps) && shouting(doc, ti)) {
				continue
			}
			bare := stripPossessive(doc.TokenText(ti))
			inc(c.stats.words, strings.ToLower(bare), bare, 1)
		}
	}
}

func inc(m map[string]map[string]int, key, form string, n int) {
	forms := m[key]
	if forms == nil {
		forms = map[string]int{}
		m[key] = forms
	}
	forms[form] += n
}

// Merge adds the counts of o to c.
func (c *CorpusCounter) Merge(o *CorpusCounter) {
	c.stats.docs += o.stats.docs
	for k, forms := range o.stats.full {
		for f, n := range forms {
			inc(c.stats.full, k, f, n)
		}
	}
	for k, forms := range o.stats.words {
		for f, n := range forms {
			inc(c.stats.words, k, f, n)
		}
	}
}

// Freeze finishes counting and returns the statistics; the counter must
// not be used afterwards.
func (c *CorpusCounter) Freeze() *CorpusStats {
	s := c.stats
	s.total = make(map[string]int, len(s.full))
	s.oneOff = map[string][]string{}
	for k, forms := range s.full {
		for _, n := range forms {
			s.total[k] += n
		}
		parts := strings.Fields(k)
		for i := range parts {
			w := lexicon.Wildcard(parts, i)
			s.oneOff[w] = append(s.oneOff[w], k)
		}
	}
	for _, ks := range s.oneOff {
		sort.Strings(ks)
	}
	c.stats = nil
	return s
}

// Documents is the number of documents counted.
func (s *CorpusStats) Documents() int { return s.docs }

// Forms is the number of distinct full name forms counted.
func (s *CorpusStats) Forms() int { return len(s.full) }

type corpusKey struct{}

// InstallCorpus stores s in env for the name-corpus-variant rule.
func InstallCorpus(env *audit.Env, s *CorpusStats) {
	if env.Resources == nil {
		env.Resources = map[any]any{}
	}
	env.Resources[corpusKey{}] = s
}

// CorpusFromEnv returns the corpus statistics installed in env, or nil.
func CorpusFromEnv(env *audit.Env) *CorpusStats {
	s, _ := env.Resource(corpusKey{}).(*CorpusStats)
	return s
}

func runCorpusVariant(pass *audit.Pass) error {
	for _, f := range corpusFindings(pass) {
		report(pass, f)
	}
	return nil
}

type corpusFindingsKey struct{}

func corpusFindings(pass *audit.Pass) []nameFinding {
	return pass.Doc.Memo(corpusFindingsKey{}, func() any { return findCorpusVariants(pass) }).([]nameFinding)
}

func findCorpusVariants(pass *audit.Pass) []nameFinding {
	var out []nameFinding
	doc := pass.Doc
	stats := CorpusFromEnv(pass.Env)
	if stats == nil {
		// The document is its own corpus: nothing can be frequent enough
		// unless some name word occurs corpusMinCount times.
		if !anyFrequentWord(doc, Analyze(pass)) {
			return nil
		}
		c := NewCorpusCounter(lexicon.FromEnv(pass.Env))
		c.add(doc, Analyze(pass))
		stats = c.Freeze()
	}
	covered := lexiconFindings(pass)
	a := Analyze(pass)
	for i := range a.Names {
		n := &a.Names[i]
		bare := stripPossessive(doc.Slice(n.Span))
		span := audit.Span{Start: n.Span.Start, End: n.Span.Start + len(bare)}
		if overlapsAny(span, covered) {
			continue
		}
		if f, ok := corpusPartVariant(doc, lexicon.FromEnv(pass.Env), stats, n, bare, span); ok {
			out = append(out, f)
			continue
		}
		for ti := n.FirstToken; ti < n.EndToken; ti++ {
			if f, ok := corpusCasing(doc, lexicon.FromEnv(pass.Env), stats, ti); ok && !overlapsAny(f.span, covered) {
				out = append(out, f)
			}
		}
	}
	return out
}

func corpusPartVariant(doc *audit.Document, lex *lexicon.Lexicon, s *CorpusStats, n *Name, bare string, span audit.Span) (nameFinding, bool) {
	if len(n.Parts) < 2 {
		return nameFinding{}, false
	}
	mineCount := max(s.total[n.Key], 1)
	bestKey, bestAt, bestN, translated := "", 0, 0, false
	var buf [128]byte
	for i := range n.Parts {
		for _, k := range s.oneOff[string(lexicon.AppendWildcard(buf[:0], n.Parts, i))] {
			if k == n.Key {
				continue
			}
			cnt := s.total[k]
			if cnt < corpusMinCount || cnt < corpusRatio*mineCount || cnt <= bestN {
				continue
			}
			mine, theirs := n.Parts[i], strings.Fields(k)[i]
			if IsEnglishWord(theirs) {
				continue
			}
			derived := strings.HasPrefix(mine, theirs) || strings.HasPrefix(theirs, mine)
			tr := translatedPart(lex, n.Parts, strings.Fields(k), i)
			if !tr && (derived || len([]rune(mine)) < 4 || len([]rune(theirs)) < 4 || similarity(mine, theirs) < 0.75) {
				continue
			}
			bestKey, bestAt, bestN, translated = k, i, cnt, tr
		}
	}
	if bestKey == "" {
		return nameFinding{}, false
	}
	good := mostFrequent(s.full[bestKey])
	f := nameFinding{span: span, severity: audit.Major, suggestion: good}
	if translated {
		part := doc.Slice(mustSpan(partSpan(doc, n, bestAt)))
		f.category = catMistranslated
		f.message = fmt.Sprintf("%q looks like %q with a name part translated (%q); the corpus has %q %d times and this form %d", bare, good, part, good, bestN, mineCount)
	} else {
		f.category = catNameFormat
		f.message = fmt.Sprintf("%q looks like a misspelling of %q; the corpus has %q %d times and this form %d", bare, good, good, bestN, mineCount)
	}
	return f, true
}

func corpusCasing(doc *audit.Document, lex *lexicon.Lexicon, s *CorpusStats, ti int) (nameFinding, bool) {
	t := doc.Tokens[ti]
	if t.Kind != audit.Word || t.Is(audit.Lower) {
		return nameFinding{}, false
	}
	bare := stripPossessive(doc.TokenText(ti))
	var arr [64]byte
	forms := s.words[string(wordlist.AppendLower(arr[:0], bare))]
	if len(forms) < 2 {
		return nameFinding{}, false
	}
	major := mostFrequent(forms)
	nMajor, nMine := forms[major], max(forms[bare], 1)
	if major == bare || nMajor < corpusMinCount || nMajor < corpusRatio*nMine {
		return nameFinding{}, false
	}
	switch {
	case t.Is(audit.AllCaps):
		if shouting(doc, ti) || regnalNumber(doc, ti) {
			return nameFinding{}, false
		}
	case isAcronym(major):
		if IsEnglishWord(bare) || acceptedForm(lex, bare) {
			return nameFinding{}, false
		}
	case !capitalised(bare):
		return nameFinding{}, false
	}
	return nameFinding{
		span:     audit.Span{Start: t.Start, End: t.Start + len(bare)},
		severity: audit.Minor, category: catNameFormat, suggestion: major,
		message: fmt.Sprintf("%q is written %q here but %d times so in the corpus (this form: %d)", major, bare, nMajor, nMine),
	}, true
}

// anyFrequentWord reports whether some name word (case folded) occurs at
// least corpusMinCount times in the document's names.
func anyFrequentWord(doc *audit.Document, a *Analysis) bool {
	idx := map[string]int{} // lower-cased word → index in counts
	var counts []int
	var buf []byte
	for i := range a.Names {
		n := &a.Names[i]
		for ti := n.FirstToken; ti < n.EndToken; ti++ {
			buf = wordlist.AppendLower(buf[:0], stripPossessive(doc.TokenText(ti)))
			j, ok := idx[string(buf)]
			if !ok {
				j = len(counts)
				idx[string(buf)] = j
				counts = append(counts, 0)
			}
			counts[j]++
			if counts[j] >= corpusMinCount {
				return true
			}
		}
	}
	return false
}
