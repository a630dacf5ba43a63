package names

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mtaudit/mtaudit/rules/wordlist"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// Variant reports a minority variant of a name better attested in the same
// article. It needs no list.
var Variant = &audit.Rule{
	Name: "name-variant",
	Doc: audit.Doc{
		Title: "Inconsistent form of a name within the article",
		Text: `The names of one article are compared word by word. Three kinds of
variant are reported, with the better-attested form as suggestion:
a casing variant of a name word ("Kcna" beside "KCNA", "XI" beside "Xi";
minor), skipped in all-caps text, for regnal numbers ("Louis XI") and when
the variant is an English word ("Who" beside "WHO"); a name of three words
or more that shares all words but one with another name of the article,
where its odd word is an English word and the other's is not ("Kim Jong
One" beside "Kim Jong Un": a translated name part; major); and a name of
two words or more whose odd word is a close misspelling of the other's,
which is at least twice as frequent ("Xi Jinpin" beside "Xi Jinping";
major). Different people who share words (Kim Jong Un, Kim Jong Nam, Kim
Yo-jong, Kim Il Sung) differ in words that are not English words, and are
left alone. Names the lexicon already explains are left to name-lexicon,
and variants frequent enough for name-corpus-variant are left to it.`,
		Bad:  "Deputy Minister Nguyen Van Thanh arrived on Monday. Nguyen Van Than said the talks went well.",
		Good: "Kim Jong Un met his sister Kim Yo-jong. Kim Jong Un later praised his grandfather Kim Il Sung and his father Kim Jong Il.",
	},
	Category: catNameFormat,
	Severity: audit.Major,
	Run: func(pass *audit.Pass) error {
		covered := append(append([]nameFinding(nil), lexiconFindings(pass)...), corpusFindings(pass)...)
		for _, f := range variantFindings(pass) {
			if !overlapsAny(f.span, covered) {
				report(pass, f)
			}
		}
		return nil
	},
}

func overlapsAny(s audit.Span, fs []nameFinding) bool {
	for _, f := range fs {
		if f.span.Overlaps(s) {
			return true
		}
	}
	return false
}

type variantFindingsKey struct{}

func variantFindings(pass *audit.Pass) []nameFinding {
	return pass.Doc.Memo(variantFindingsKey{}, func() any {
		a := Analyze(pass)
		out := casingVariants(pass.Doc, lexicon.FromEnv(pass.Env), a)
		out = append(out, partVariants(pass.Doc, lexicon.FromEnv(pass.Env), a)...)
		sort.Slice(out, func(i, j int) bool { return out[i].span.Start < out[j].span.Start })
		return out
	}).([]nameFinding)
}

// casingVariants compares the words of all names by case-folded form.
func casingVariants(doc *audit.Document, lex *lexicon.Lexicon, a *Analysis) []nameFinding {
	type occ struct {
		tok   int
		bare  string
		group int // index in forms
	}
	tokens := 0
	for i := range a.Names {
		tokens += a.Names[i].EndToken - a.Names[i].FirstToken
	}
	groups := make(map[string]int, tokens) // case-folded word → index in forms
	var forms [][]formCount                // per case-folded word: its written forms
	occs := make([]occ, 0, tokens)         // at most one per name token
	var buf []byte
	for i := range a.Names {
		n := &a.Names[i]
		for ti := n.FirstToken; ti < n.EndToken; ti++ {
			t := doc.Tokens[ti]
			if t.Kind != audit.Word || t.Is(audit.Lower) {
				continue
			}
			bare := stripPossessive(doc.TokenText(ti))
			buf = wordlist.AppendLower(buf[:0], bare)
			g, ok := groups[string(buf)]
			if !ok {
				g = len(forms)
				groups[string(buf)] = g
				forms = append(forms, nil)
			}
			forms[g] = addForm(forms[g], bare)
			occs = append(occs, occ{ti, bare, g})
		}
	}
	var out []nameFinding
	for _, o := range occs {
		fs := forms[o.group]
		if len(fs) < 2 {
			continue
		}
		major, nMajor := mostFrequentForm(fs)
		nMine := countOf(fs, o.bare)
		if major == o.bare || nMajor < 2 || nMajor <= nMine {
			continue
		}
		t := doc.Tokens[o.tok]
		switch {
		case t.Is(audit.AllCaps):
			if shouting(doc, o.tok) || regnalNumber(doc, o.tok) {
				continue
			}
		case isAcronym(major):
			if IsEnglishWord(o.bare) || acceptedForm(lex, o.bare) {
				continue
			}
		case !capitalised(o.bare):
			continue
		}
		out = append(out, nameFinding{
			span:     audit.Span{Start: t.Start, End: t.Start + len(o.bare)},
			severity: audit.Minor, category: catNameFormat, suggestion: major,
			message: fmt.Sprintf("%q is written %q here but %q %d times in the article", major, o.bare, major, nMajor),
		})
	}
	return out
}

// acceptedForm reports whether the lexicon lists s with exactly this casing.
func acceptedForm(lex *lexicon.Lexicon, s string) bool {
	m, ok := lex.Lookup(s)
	if !ok || !m.Kind.IsCorrect() {
		return false
	}
	for _, f := range m.Entry.Forms() {
		if f == s {
			return true
		}
	}
	return false
}

// partVariants compares the clusters' full forms word by word.
func partVariants(doc *audit.Document, lex *lexicon.Lexicon, a *Analysis) []nameFinding {
	type full struct {
		key   string
		parts []string
		count int
		form  string
	}
	var fulls []full
	for _, c := range a.Clusters {
		parts := strings.Fields(c.Key)
		if len(parts) < 2 {
			continue
		}
		n := 0
		for _, ni := range c.Names {
			if a.Names[ni].Key == c.Key {
				n++
			}
		}
		fulls = append(fulls, full{c.Key, parts, n, c.Form})
	}
	type verdict struct {
		translated   bool
		good, theirs string
		at, count    int
	}
	bad := map[string]verdict{} // key of the wrong form → why
	for i := range fulls {
		for j := range fulls {
			x, y := fulls[i], fulls[j]
			if i == j {
				continue
			}
			at, ok := oneDiff(x.parts, y.parts)
			if !ok {
				continue
			}
			mine, theirs := x.parts[at], y.parts[at]
			if IsEnglishWord(theirs) {
				continue
			}
			derived := strings.HasPrefix(mine, theirs) || strings.HasPrefix(theirs, mine) // "North Korean", "North Korea"
			switch {
			case translatedPart(lex, x.parts, y.parts, at) && y.count >= x.count:
				bad[x.key] = verdict{translated: true, good: y.form, theirs: theirs, at: at}
			case !derived && len([]rune(mine)) >= 4 && len([]rune(theirs)) >= 4 && similarity(mine, theirs) >= 0.75 &&
				y.count >= 2 && y.count >= 2*x.count:
				if _, done := bad[x.key]; !done {
					bad[x.key] = verdict{good: y.form, theirs: theirs, at: at, count: y.count}
				}
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	var out []nameFinding
	for i := range a.Names {
		n := &a.Names[i]
		v, ok := bad[n.Key]
		if !ok {
			continue
		}
		bare := stripPossessive(doc.Slice(n.Span))
		f := nameFinding{span: audit.Span{Start: n.Span.Start, End: n.Span.Start + len(bare)}, severity: audit.Major, suggestion: v.good}
		if v.translated {
			part := doc.Slice(mustSpan(partSpan(doc, n, v.at)))
			f.category = catMistranslated
			f.message = fmt.Sprintf("%q looks like %q with a name part translated (%q)", bare, v.good, part)
		} else {
			f.category = catNameFormat
			f.message = fmt.Sprintf("%q looks like a misspelling of %q, written so %d times in the article", bare, v.good, v.count)
		}
		out = append(out, f)
	}
	return out
}
