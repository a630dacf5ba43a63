// Package names holds the name-mangling rules: in-document variants of a
// name (name-variant), foreign exonyms and near misses of lexicon entries
// (name-lexicon) and rare variants of names frequent across the corpus
// (name-corpus-variant). It also exposes the per-document name analysis
// (Analyze: names with titles stripped, clustered by referent, linked to
// the lexicon) that other rule families use, e.g. for pronoun agreement.
package names

import (
	_ "embed"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
	"github.com/mtaudit/mtaudit/rules/wordlist"
)

//go:embed data/english_words.txt
var englishData string

//go:embed data/titles.txt
var titlesData string

//go:embed data/org_words.txt
var orgWordsData string

// Read-only tables built once from the embedded data files.
var (
	englishSet       = wordlist.NewSet(audit.ParseWordList(englishData)) // English words, for per-token lookups
	titles, trailing = parseTitles(titlesData)
	orgWords         = lowerSet(audit.ParseWordList(orgWordsData))
)

func lowerSet(in map[string]bool) map[string]bool {
	out := make(map[string]bool, len(in))
	for w := range in {
		out[strings.ToLower(w)] = true
	}
	return out
}

// personLike reports whether the parts of a name (lower case) can be a
// personal name: no organisation or place head word ("service",
// "government") and no particle such as "of".
func personLike(parts []string) bool {
	for _, p := range parts {
		if orgWords[p] || p == "of" || p == "the" || p == "and" {
			return false
		}
	}
	return true
}

// translatedPart reports whether mine, a word of a personal name of three
// words or more where another form has theirs, is an English word standing
// for a name word ("One" for "Un"): mine is an English word and not itself
// a known name, theirs is not an English word.
func translatedPart(lex *lexicon.Lexicon, mineParts, theirParts []string, at int) bool {
	mine, theirs := mineParts[at], theirParts[at]
	if len(mineParts) < 3 || !IsEnglishWord(mine) || IsEnglishWord(theirs) {
		return false
	}
	if !personLike(mineParts) || !personLike(theirParts) {
		return false
	}
	if m, ok := lex.LookupKey(mine); ok && m.Kind.IsCorrect() {
		return false // "China" in "China News Service"
	}
	// The shared words must look like name words, not English ones
	// ("Best Original Score" beside "Best Original Screenplay" is a title).
	english, shared := 0, 0
	for i, p := range mineParts {
		if i == at || nameParticles[p] {
			continue
		}
		shared++
		if IsEnglishWord(p) {
			english++
		}
	}
	return shared > 0 && english*2 < shared
}

// nameParticles join the words of personal names ("Nguyen Van Thanh",
// "Mohammed bin Salman"); they do not count as English words there.
var nameParticles = map[string]bool{
	"van": true, "von": true, "de": true, "da": true, "di": true, "del": true, "der": true,
	"bin": true, "ibn": true, "al": true, "el": true, "la": true, "le": true, "du": true,
}

func parseTitles(data string) (title, trail map[string]bool) {
	title, trail = map[string]bool{}, map[string]bool{}
	cur := title
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
		case line == "[title]":
			cur = title
		case line == "[trailing]":
			cur = trail
		default:
			cur[line] = true
		}
	}
	return title, trail
}

// IsEnglishWord reports whether w (any case) is a common English word.
func IsEnglishWord(w string) bool { return englishSet.HasLower(w) }

// Name is a candidate name mention reduced to the name itself: leading
// titles and demonyms ("Chinese President") and trailing weekdays ("Kim
// Thursday") are stripped.
type Name struct {
	Mention int        // index into Document.Mentions
	Span    audit.Span // the name itself
	// FirstToken and EndToken delimit the name's tokens in Document.Tokens.
	FirstToken, EndToken int
	// Title is the stripped text before the name ("Chinese President"), or "".
	Title string
	Key   string   // lexicon.Key of the name: lower case, possessive removed
	Parts []string // the words of Key; hyphenated words are split ("Jong-un" → jong, un)
	// Cluster is the index of the name's cluster in Analysis.Clusters.
	Cluster int
}

// Cluster groups the names of one document that refer to one thing: the
// same full form in any spelling of case and hyphens ("Kim Jong Un",
// "Kim Jong-un's") and the short forms that are its first or last word
// ("Kim", "Putin").
type Cluster struct {
	Key   string // key of the fullest form
	Form  string // the best-attested written form of the fullest form
	Names []int  // indices into Analysis.Names, in text order
	// Entry is the lexicon entry the cluster's full form matches, or nil.
	// Kind and Gender are the entry's.
	Entry  *lexicon.Entry
	Kind   lexicon.Kind
	Gender lexicon.Gender
	// Ambiguous is true when some short form in the cluster could also
	// refer to another cluster ("Kim" beside Kim Jong Un and Kim Yo Jong);
	// it was attached to the cluster with most mentions.
	Ambiguous bool
}

// Analysis is the name analysis of one document.
type Analysis struct {
	Names    []Name
	Clusters []Cluster
	// byMention maps a mention index to its name index, -1 for none.
	byMention []int
}

// NameOf returns the name of mention mi, if the mention yields one.
func (a *Analysis) NameOf(mi int) (*Name, bool) {
	if mi < 0 || mi >= len(a.byMention) || a.byMention[mi] < 0 {
		return nil, false
	}
	return &a.Names[a.byMention[mi]], true
}

type analysisKey struct{}

// Analyze returns the name analysis of pass.Doc, computed once per document
// and shared by every rule that asks.
func Analyze(pass *audit.Pass) *Analysis {
	lex := lexicon.FromEnv(pass.Env)
	return pass.Doc.Memo(analysisKey{}, func() any { return analyze(pass.Doc, lex) }).(*Analysis)
}

func analyze(doc *audit.Document, lex *lexicon.Lexicon) *Analysis {
	a := &Analysis{byMention: make([]int, len(doc.Mentions))}
	if len(doc.Mentions) > 0 {
		a.Names = make([]Name, 0, len(doc.Mentions)) // at most one per mention
	}
	for mi, m := range doc.Mentions {
		n, ok := nameOf(doc, lex, m)
		if !ok {
			a.byMention[mi] = -1
			continue
		}
		n.Mention = mi
		a.byMention[mi] = len(a.Names)
		a.Names = append(a.Names, n)
	}
	a.cluster(doc, lex)
	return a
}

// nameOf strips a mention to its name.
func nameOf(doc *audit.Document, lex *lexicon.Lexicon, m audit.Mention) (Name, bool) {
	first, end := m.FirstToken, m.EndToken
	if _, known := lex.Lookup(doc.Slice(m.Span)); !known {
		for first+1 < end {
			w := doc.TokenText(first)
			next := doc.Tokens[first+1]
			if next.Kind != audit.Word || next.Is(audit.Lower) {
				break // "Minister of Foreign Affairs" is one name
			}
			if titles[w] {
				first++
				continue
			}
			if first+2 < end && doc.Tokens[first+2].Kind == audit.Word && !doc.Tokens[first+2].Is(audit.Lower) {
				if _, ok := lex.Demonym(w + " " + doc.TokenText(first+1)); ok {
					first += 2
					continue
				}
			}
			if _, ok := lex.Demonym(w); ok {
				first++
				continue
			}
			break
		}
		for end-1 > first && trailing[doc.TokenText(end-1)] {
			end--
		}
	}
	span := audit.Span{Start: doc.Tokens[first].Start, End: doc.Tokens[end-1].End}
	key := lexicon.Key(doc.Slice(span))
	if key == "" {
		return Name{}, false
	}
	n := Name{Span: span, FirstToken: first, EndToken: end, Key: key, Parts: strings.Fields(key)}
	if first > m.FirstToken {
		n.Title = doc.Text[m.Start:doc.Tokens[first-1].End]
	}
	return n, true
}

func (a *Analysis) cluster(doc *audit.Document, lex *lexicon.Lexicon) {
	byKey := make(map[string]int, len(a.Names))
	// Longest names first: a shorter name that begins or ends a longer one
	// ("Kim", "Putin", "Solberg-Dahl") joins it.
	order := make([]int, len(a.Names))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return len(a.Names[order[i]].Parts) > len(a.Names[order[j]].Parts) })
	var clusterParts [][]string // per cluster: the words of its key
	var clusterNameLike []int8  // per cluster: nameLike(clusterParts), 0 until needed, then 1 or -1
	if len(a.Names) > 0 {       // at most one cluster per name, and at least one
		a.Clusters = make([]Cluster, 0, len(a.Names))
		clusterParts = make([][]string, 0, len(a.Names))
		clusterNameLike = make([]int8, 0, len(a.Names))
	}
	for _, i := range order {
		n := &a.Names[i]
		if ci, ok := byKey[n.Key]; ok {
			n.Cluster = ci
			a.Clusters[ci].Names = append(a.Clusters[ci].Names, i)
			continue
		}
		known, isKnown := lex.LookupKey(n.Key)
		isKnown = isKnown && known.Kind.IsCorrect()
		best, candidates := -1, 0
		for ci := range a.Clusters {
			parts := clusterParts[ci]
			if len(parts) <= len(n.Parts) ||
				!slices.Equal(parts[:len(n.Parts)], n.Parts) && !slices.Equal(parts[len(parts)-len(n.Parts):], n.Parts) {
				continue
			}
			if clusterNameLike[ci] == 0 { // computed once, on first need
				clusterNameLike[ci] = -1
				if nameLike(parts) {
					clusterNameLike[ci] = 1
				}
			}
			if clusterNameLike[ci] < 0 {
				continue
			}
			if isKnown { // "China" stands for itself; "Xi" joins only Xi Jinping
				if m, ok := lex.LookupKey(a.Clusters[ci].Key); !ok || m.Entry != known.Entry {
					continue
				}
			}
			candidates++
			if best < 0 || len(a.Clusters[ci].Names) > len(a.Clusters[best].Names) {
				best = ci
			}
		}
		if best < 0 {
			best = len(a.Clusters)
			a.Clusters = append(a.Clusters, Cluster{Key: n.Key})
			clusterParts = append(clusterParts, n.Parts)
			clusterNameLike = append(clusterNameLike, 0)
		}
		byKey[n.Key] = best
		if candidates > 1 {
			a.Clusters[best].Ambiguous = true
		}
		n.Cluster = best
		a.Clusters[best].Names = append(a.Clusters[best].Names, i)
	}
	// A cluster holds every name of its own key (the first name of a key
	// either opens the cluster of that key or joins a longer one, and all
	// later names of the key follow it), so its form counts come from its
	// own names.
	var forms []formCount
	for ci := range a.Clusters {
		c := &a.Clusters[ci]
		sort.Ints(c.Names)
		forms = forms[:0]
		for _, i := range c.Names {
			if a.Names[i].Key == c.Key {
				forms = addForm(forms, stripPossessive(doc.Slice(a.Names[i].Span)))
			}
		}
		c.Form, _ = mostFrequentForm(forms)
		if m, ok := lex.LookupKey(c.Key); ok && !m.Ambiguous {
			c.Entry, c.Kind, c.Gender = m.Entry, m.Entry.Kind, m.Entry.Gender
		}
	}
}

// nameLike reports whether the words of a full form look like a name
// rather than a title-case headline ("China Vow To Strengthen Ties"): at
// most one of them is an English word.
func nameLike(parts []string) bool {
	english := 0
	for _, p := range parts {
		if IsEnglishWord(p) && !nameParticles[p] {
			english++
		}
	}
	return english <= 1
}

// mostFrequent returns the form with the highest count; ties go to the
// lexically smallest, for determinism.
func mostFrequent(forms map[string]int) string {
	best, bestN := "", -1
	for f, n := range forms {
		if n > bestN || n == bestN && f < best {
			best, bestN = f, n
		}
	}
	return best
}

// formCount is one written form and how often it occurs.
type formCount struct {
	form string
	n    int
}

// addForm counts one occurrence of form in fs (a short list: a name has
// few written forms).
func addForm(fs []formCount, form string) []formCount {
	for i := range fs {
		if fs[i].form == form {
			fs[i].n++
			return fs
		}
	}
	return append(fs, formCount{form: form, n: 1})
}

// mostFrequentForm is mostFrequent over a formCount list: the most
// frequent form and its count, ties going to the smallest form.
func mostFrequentForm(fs []formCount) (string, int) {
	best, bestN := "", -1
	for _, f := range fs {
		if f.n > bestN || f.n == bestN && f.form < best {
			best, bestN = f.form, f.n
		}
	}
	return best, bestN
}

// countOf returns how often form occurs in fs.
func countOf(fs []formCount, form string) int {
	for _, f := range fs {
		if f.form == form {
			return f.n
		}
	}
	return 0
}

// stripPossessive removes a final 's, ’s or bare apostrophe.
func stripPossessive(s string) string {
	if n := len(s); n == 0 || s[n-1] != 's' && s[n-1] != '\'' && s[n-1] != 0x99 {
		return s // every suffix ends in s, ' or the last byte of ’
	}
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

// possessiveSuffix returns what stripPossessive removes.
func possessiveSuffix(s string) string { return s[len(stripPossessive(s)):] }

// isRomanNumeral reports whether s is written with Roman numeral letters only ("XI", "IV").
func isRomanNumeral(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("IVXLCDM", r) {
			return false
		}
	}
	return true
}

// shouting reports whether token ti stands in all-caps text — a sentence
// most of whose words are all caps, or a dateline opening a paragraph
// ("SEOUL, South Korea (AP) —") — where case says nothing about spelling.
func shouting(doc *audit.Document, ti int) bool {
	si := doc.SentenceAt(doc.Tokens[ti].Start)
	if si < 0 {
		return false
	}
	s := doc.Sentences[si]
	words, caps := 0, 0
	for i := s.FirstToken; i < s.EndToken; i++ {
		if doc.Tokens[i].Kind != audit.Word {
			continue
		}
		words++
		if doc.Tokens[i].Is(audit.AllCaps) {
			caps++
		}
	}
	if words >= 3 && caps*2 >= words {
		return true
	}
	// Dateline: all-caps words at the start of a paragraph, then a comma.
	p := doc.Paragraphs[s.Paragraph]
	j := ti
	for j > 0 && doc.Tokens[j-1].Start >= p.Start && doc.Tokens[j-1].Is(audit.AllCaps) {
		j--
	}
	k := ti + 1
	for k < len(doc.Tokens) && doc.Tokens[k].Is(audit.AllCaps) {
		k++
	}
	if k >= len(doc.Tokens) {
		return false
	}
	if doc.Tokens[j].Start != p.Start {
		// Mid-paragraph dateline: "Xinhua News Agency TAIPEI, Feb. 11".
		return doc.TokenText(k) == "," && k+1 < len(doc.Tokens) && isDateWord(doc.TokenText(k+1))
	}
	switch doc.TokenText(k) {
	case ",", "(", "—", "–", "-", ":":
		return true
	}
	return false
}

// isDateWord reports whether w starts a date: a month name or its
// abbreviation, or a number.
func isDateWord(w string) bool {
	if w == "" {
		return false
	}
	if w[0] >= '0' && w[0] <= '9' {
		return true
	}
	w = strings.TrimSuffix(w, ".")
	for _, m := range []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Sept"} {
		if w == m || len(w) >= 3 && strings.HasPrefix(m, w) {
			return true
		}
	}
	return false
}

// similarity is 1 − Levenshtein distance / length of the longer string,
// over lower-cased, diacritic-folded runes.
func similarity(a, b string) float64 {
	ra := []rune(strings.ToLower(lexicon.FoldDiacritics(a)))
	rb := []rune(strings.ToLower(lexicon.FoldDiacritics(b)))
	n := max(len(ra), len(rb))
	if n == 0 {
		return 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(rb)])/float64(n)
}

// oneDiff reports whether a and b have the same number of parts and differ
// in exactly one position, which it returns.
func oneDiff(a, b []string) (int, bool) {
	if len(a) != len(b) {
		return 0, false
	}
	at := -1
	for i := range a {
		if a[i] != b[i] {
			if at >= 0 {
				return 0, false
			}
			at = i
		}
	}
	return at, at >= 0
}

// partSpan returns the span of the i-th part of a name (a word, or a piece
// of a hyphenated word) and whether the part is a whole token.
func partSpan(doc *audit.Document, n *Name, part int) (audit.Span, bool) {
	k := 0
	for ti := n.FirstToken; ti < n.EndToken; ti++ {
		t := doc.Tokens[ti]
		if t.Kind != audit.Word {
			continue
		}
		text := stripPossessive(doc.TokenText(ti))
		pieces := splitHyphens(text)
		if part < k+len(pieces) {
			if len(pieces) == 1 {
				return audit.Span{Start: t.Start, End: t.Start + len(text)}, true
			}
			off := t.Start
			for i, p := range pieces {
				if k+i == part {
					return audit.Span{Start: off, End: off + len(p)}, false
				}
				off += len(p)
				_, size := utf8.DecodeRuneInString(doc.Text[off:])
				off += size
			}
		}
		k += len(pieces)
	}
	return n.Span, false
}

func splitHyphens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '‐' || r == '‑' })
}

// capitalised reports whether s starts with an upper-case letter.
func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
