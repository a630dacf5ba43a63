// Package acronym holds the rule that checks an acronym against the
// expansion written next to it.
package acronym

import (
	_ "embed"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/boilerplate"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

//go:embed data/foreign_acronyms.txt
var foreignData string

//go:embed data/function_words.txt
var functionData string

// Read-only tables built once from the data files.
var (
	foreignAcronyms = audit.ParseWordList(foreignData)
	skipWords       = audit.ParseWordList(functionData)
	// "its French initials", "the Spanish acronym"
	foreignNoteRE = regexp.MustCompile(`(?i)\b(french|spanish|german|italian|portuguese|russian|arabic|korean|chinese|japanese|turkish|persian|hebrew|dutch|polish|greek|latin)(-language)?\s+(acronym|initials|abbreviation|name)`)
)

// AcronymMismatch finds an acronym whose letters do not match the expansion
// written next to it in brackets.
var AcronymMismatch = &audit.Rule{
	Name: "acronym-mismatch",
	Doc: audit.Doc{
		Title: "Acronym does not match its expansion",
		Text: `An acronym next to a bracketed expansion must match it: "DPRK [Democratic
People's Republic of Korea]", "the Korean Central News Agency (KCNA)". MT
garbles one side or the other ("RPRC [Democratic Peoples Republic of
Korea]"; "the Korean central press agency (KCNA)"), which misleads the
reader about who or what is meant. Letters may come from inside a word
("ASEAN" from "Southeast"), function words may be skipped ("of", "the",
"de"), and acronyms from another language are accepted when the letters
are the expansion's in another order, when the acronym is a known foreign
one (data file), or when the paragraph says so ("its French initials").
When the expansion precedes the acronym, only near misses (same first
letter, one letter off) are reported, since a bracketed acronym may also
follow a description rather than an expansion. When the expansion is
clear, the suggestion is its initials.`,
		Bad:  "The WTO [World Health Organization] issued new guidance.",
		Good: "The WHO [World Health Organization] and the Association of Southeast Asian Nations (ASEAN) issued new guidance, as did Doctors Without Borders (MSF).",
	},
	Category: "Accuracy/Mistranslation",
	Severity: audit.Major,
	Run:      runAcronymMismatch,
}

func runAcronymMismatch(pass *audit.Pass) error {
	doc := pass.Doc
	toks := doc.Tokens
	for _, s := range doc.Sentences {
		if boilerplate.Paragraph(doc, s.Paragraph) {
			continue
		}
		for i := s.FirstToken; i < s.EndToken; i++ {
			open := doc.TokenText(i)
			if open != "(" && open != "[" {
				continue
			}
			closer := ")"
			if open == "[" {
				closer = "]"
			}
			end := -1
			for k := i + 1; k < s.EndToken && k <= i+16; k++ {
				if doc.TokenText(k) == closer {
					end = k
					break
				}
			}
			if end < 0 {
				continue
			}
			para := doc.Slice(doc.Paragraphs[s.Paragraph])
			// ACRONYM [Expansion]
			if i > s.FirstToken && isAcronym(doc, i-1) {
				acr := doc.TokenText(i - 1)
				words, ok := expansionWords(doc, i+1, end)
				if ok && plausibleLength(acr, words) && !knownPlace(pass, words) && !foreign(acr, words, para) && !matches(acr, words) {
					span := audit.Span{Start: toks[i-1].Start, End: toks[end].End}
					in := initials(words)
					if len(in) == len(acr) {
						fixed := in + doc.Text[toks[i-1].End:toks[end].End]
						pass.Reportf(span, &fixed, "acronym %q does not match the expansion %q, whose initials are %s", acr, strings.Join(words, " "), in)
					} else {
						pass.Reportf(span, nil, "acronym %q does not match the expansion %q", acr, strings.Join(words, " "))
					}
				}
			}
			// Expansion (ACRONYM)
			if end == i+2 && isAcronym(doc, i+1) {
				acr := doc.TokenText(i + 1)
				if len(acr) < 3 {
					continue
				}
				words, from := wordsBefore(doc, s.FirstToken, i, len(acr))
				if len(words) != len(acr) || foreign(acr, words, para) || matchesAnySuffix(acr, doc, s.FirstToken, i) {
					continue
				}
				if nearMiss(acr, words) {
					span := audit.Span{Start: toks[from].Start, End: toks[end].End}
					pass.Reportf(span, nil, "acronym %q does not match the expansion before it, %q", acr, strings.Join(words, " "))
				}
			}
		}
	}
	return nil
}

// plausibleLength: an expansion has about as many content words as the
// acronym has letters (a few more letters when some come from inside words)
// and shares at least half of the acronym's letters.
func plausibleLength(acr string, words []string) bool {
	in := initials(words)
	n := len(in)
	if n < len(acr)-2 || n < 2 || n > len(acr)+1 {
		return false
	}
	// and shares at least half its letters with the initials
	shared := 0
	for _, r := range acr {
		if i := strings.IndexRune(in, r); i >= 0 {
			shared++
			in = in[:i] + in[i+1:]
		}
	}
	return 2*shared >= len(acr)
}

// knownPlace: "(New York)" after an acronym is a place, not an expansion.
func knownPlace(pass *audit.Pass, words []string) bool {
	lex := lexicon.FromEnv(pass.Env)
	if lex == nil {
		lex = lexicon.Default()
	}
	m, ok := lex.Lookup(strings.Join(words, " "))
	return ok && m.Entry.Kind != lexicon.Organisation && m.Entry.Kind != lexicon.Agency
}

func isAcronym(doc *audit.Document, i int) bool {
	t := doc.Tokens[i]
	w := doc.TokenText(i)
	if t.Kind != audit.Word || !t.Is(audit.AllCaps) || len(w) < 2 || len(w) > 8 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) || r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// expansionWords returns the words between from and end when they look like
// an expansion: two or more words, every non-function word capitalised.
func expansionWords(doc *audit.Document, from, end int) ([]string, bool) {
	var words []string
	content := 0
	for k := from; k < end; k++ {
		t := doc.Tokens[k]
		w := doc.TokenText(k)
		if t.Kind != audit.Word {
			if w == "," || w == "'" || w == "’" || w == "&" {
				continue
			}
			return nil, false
		}
		words = append(words, w)
		if skipWords[strings.ToLower(w)] {
			continue
		}
		if !t.Is(audit.Capitalized) || t.Is(audit.AllCaps) {
			return nil, false
		}
		content++
	}
	return words, content >= 2
}

// wordsBefore returns the n content words before token i (with the function
// words between them) and the index of the first.
func wordsBefore(doc *audit.Document, first, i, n int) ([]string, int) {
	var words []string
	from := i
	content := 0
	for k := i - 1; k >= first && content < n; k-- {
		t := doc.Tokens[k]
		if t.Kind != audit.Word {
			break
		}
		w := doc.TokenText(k)
		words = append([]string{w}, words...)
		from = k
		if !skipWords[strings.ToLower(w)] {
			content++
		}
	}
	var out []string
	for _, w := range words {
		if !skipWords[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	return out, from
}

func foreign(acr string, words []string, para string) bool {
	if foreignAcronyms[acr] || foreignNoteRE.MatchString(para) {
		return true
	}
	a := []rune(acr)
	b := []rune(initials(words))
	sort.Slice(a, func(i, j int) bool { return a[i] < a[j] })
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	return string(a) == string(b)
}

// initials are the upper-cased first letters of the content words.
func initials(words []string) string {
	var b strings.Builder
	for _, w := range words {
		if skipWords[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// matches reports whether acr can be spelt from words: every content word
// gives its first letter and possibly more of its letters in order (or one
// per hyphenated part), function words give their first letter or nothing.
func matches(acr string, words []string) bool {
	var parts []string
	var optional []bool
	for _, w := range words {
		for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '‐' }) {
			p = strings.TrimSuffix(strings.TrimSuffix(p, "'s"), "’s")
			if p == "" {
				continue
			}
			parts = append(parts, strings.ToUpper(p))
			optional = append(optional, skipWords[strings.ToLower(p)] || strings.Contains(w, "-"))
		}
	}
	return spell([]rune(acr), parts, optional)
}

// spell decides by dynamic programming over (letters used, parts used)
// whether acr can be spelt from parts, in O(len(acr)² × len(parts)).
func spell(acr []rune, parts []string, optional []bool) bool {
	n, m := len(acr), len(parts)
	// ok[a][k]: acr[a:] can be spelt from parts[k:]
	ok := make([][]bool, n+1)
	for a := range ok {
		ok[a] = make([]bool, m+1)
	}
	ok[n][m] = true
	for k := m - 1; k >= 0; k-- {
		p := []rune(parts[k])
		for a := n; a >= 0; a-- {
			if optional[k] && ok[a][k+1] {
				ok[a][k] = true
				continue
			}
			if a == n || len(p) == 0 || p[0] != acr[a] {
				continue
			}
			// take the initial, then any further letters of this part in order
			b := a + 1
			if ok[b][k+1] {
				ok[a][k] = true
				continue
			}
			for j := 1; j < len(p) && b < n; j++ {
				if p[j] == acr[b] {
					b++
					if ok[b][k+1] {
						ok[a][k] = true
						break
					}
				}
			}
		}
	}
	return ok[0][0]
}

// matchesAnySuffix reports whether some run of words ending before token i
// spells acr, so that "the Korean Central News Agency (KCNA)" is fine
// whatever precedes it.
func matchesAnySuffix(acr string, doc *audit.Document, first, i int) bool {
	var words []string
	for k := i - 1; k >= first && len(words) < 12; k-- {
		if doc.Tokens[k].Kind != audit.Word {
			break
		}
		words = append([]string{doc.TokenText(k)}, words...)
		if matches(acr, words) {
			return true
		}
	}
	return false
}

// nearMiss: same first letter and all but one initial in place.
func nearMiss(acr string, words []string) bool {
	in := initials(words)
	if len(acr) == 0 || len(in) != len(acr) || in[0] != acr[0] {
		return false
	}
	diff := 0
	for k := range in {
		if in[k] != acr[k] {
			diff++
		}
	}
	return diff == 1
}
