package names

import (
	"sort"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// Learner builds a lexicon from trusted text (`mtaudit lexicon learn`):
// every name with its count, its canonical casing (the most frequent
// written form, so acronyms keep their capitals) and, for people, the
// pronouns and honorifics that point to it, counted per gender. Memory
// grows with the number of distinct names.
type Learner struct {
	lex   *lexicon.Lexicon // strips titles and demonyms, gives kinds
	names map[string]*learned
	order []string
	docs  int
}

type learned struct {
	forms    map[string]int
	count    int // mentions, short forms included
	evidence map[lexicon.Gender]int
	titled   bool // seen after a personal title ("President", "Mr")
}

// NewLearner returns a learner that uses lex (may be nil) to strip titles
// and demonyms and to know the kind of names it lists.
func NewLearner(lex *lexicon.Lexicon) *Learner {
	return &Learner{lex: lex, names: map[string]*learned{}}
}

// Gendered words: third-person pronouns, honorifics and kinship or rank
// nouns in apposition ("Kim Il Sung, the grandfather of ...").
var (
	malePronouns   = map[string]bool{"he": true, "him": true, "his": true, "himself": true}
	femalePronouns = map[string]bool{"she": true, "her": true, "hers": true, "herself": true}
	maleTitles     = map[string]bool{"Mr": true, "Mr.": true, "King": true, "Prince": true, "Sir": true, "Lord": true, "Emperor": true, "Sultan": true, "Sheikh": true, "Pope": true, "Father": true}
	femaleTitles   = map[string]bool{"Mrs": true, "Mrs.": true, "Ms": true, "Ms.": true, "Miss": true, "Queen": true, "Princess": true, "Dame": true, "Lady": true, "Empress": true}
	maleNouns      = map[string]bool{"father": true, "grandfather": true, "son": true, "grandson": true, "brother": true, "half-brother": true, "husband": true, "uncle": true, "nephew": true, "king": true, "prince": true, "widower": true, "businessman": true, "chairman": true, "spokesman": true}
	femaleNouns    = map[string]bool{"mother": true, "grandmother": true, "daughter": true, "granddaughter": true, "sister": true, "half-sister": true, "wife": true, "aunt": true, "niece": true, "queen": true, "princess": true, "widow": true, "businesswoman": true, "chairwoman": true, "spokeswoman": true}
)

// Add learns the names of doc.
func (l *Learner) Add(doc *audit.Document) {
	l.docs++
	a := analyze(doc, l.lex)
	for i := range a.Names {
		n := &a.Names[i]
		c := &a.Clusters[n.Cluster]
		e := l.entry(c.Key)
		e.count++
		if n.Key == c.Key && !(doc.Tokens[n.FirstToken].Is(audit.AllCaps) && shouting(doc, n.FirstToken)) {
			e.forms[stripPossessive(doc.Slice(n.Span))]++
		}
		if n.Title != "" {
			words := strings.Fields(n.Title)
			t := words[len(words)-1]
			switch {
			case maleTitles[t]:
				e.evidence[lexicon.Male]++
			case femaleTitles[t]:
				e.evidence[lexicon.Female]++
			}
			if titles[t] {
				e.titled = true
			}
		}
		if g, ok := appositionGender(doc, n); ok {
			e.evidence[g]++
		}
	}
	l.pronouns(doc, a)
}

func (l *Learner) entry(key string) *learned {
	e := l.names[key]
	if e == nil {
		e = &learned{forms: map[string]int{}, evidence: map[lexicon.Gender]int{}}
		l.names[key] = e
		l.order = append(l.order, key)
	}
	return e
}

// appositionGender reads "NAME, the grandfather of ..." or "NAME, his wife".
func appositionGender(doc *audit.Document, n *Name) (lexicon.Gender, bool) {
	i := n.EndToken
	if i >= len(doc.Tokens) || doc.TokenText(i) != "," {
		return "", false
	}
	for j := i + 1; j < len(doc.Tokens) && j <= i+4; j++ {
		w := strings.ToLower(doc.TokenText(j))
		switch {
		case w == "," || doc.Tokens[j].Kind == audit.Punct:
			return "", false
		case maleNouns[w]:
			return lexicon.Male, true
		case femaleNouns[w]:
			return lexicon.Female, true
		}
	}
	return "", false
}

// pronouns attributes each gendered pronoun to the nearest person-like
// name before it in its sentence, or else to the one person the previous
// sentence names (none when it names several).
func (l *Learner) pronouns(doc *audit.Document, a *Analysis) {
	byToken := map[int]int{} // first token of a name → name index
	for i := range a.Names {
		byToken[a.Names[i].FirstToken] = i
	}
	prevSubject := -1
	for _, s := range doc.Sentences {
		last, subject, people := -1, -1, map[int]bool{}
		for ti := s.FirstToken; ti < s.EndToken; ti++ {
			if ni, ok := byToken[ti]; ok && l.personLike(doc, a, &a.Names[ni]) {
				last = ni
				people[a.Names[ni].Cluster] = true
				if subject < 0 {
					subject = ni
				}
				continue
			}
			w := strings.ToLower(doc.TokenText(ti))
			var g lexicon.Gender
			switch {
			case malePronouns[w]:
				g = lexicon.Male
			case femalePronouns[w]:
				g = lexicon.Female
			default:
				continue
			}
			target := last
			if target < 0 {
				target = prevSubject
			}
			if target >= 0 {
				l.entry(a.Clusters[a.Names[target].Cluster].Key).evidence[g]++
			}
		}
		prevSubject = -1
		if len(people) == 1 {
			prevSubject = subject // a sentence-initial pronoun refers back only without doubt
		}
	}
}

// personLike reports whether a name may be a person's: not a known
// country, place, organisation or agency, not a demonym, not an acronym,
// no organisation word, not a lone sentence-initial word.
func (l *Learner) personLike(doc *audit.Document, a *Analysis, n *Name) bool {
	c := &a.Clusters[n.Cluster]
	if c.Entry != nil {
		return c.Kind == lexicon.Person
	}
	if _, ok := l.lex.Demonym(n.Key); ok {
		return false
	}
	if doc.Tokens[n.FirstToken].Is(audit.AllCaps) || !personLike(strings.Fields(c.Key)) {
		return false
	}
	if trailing[doc.TokenText(n.FirstToken)] {
		return false
	}
	return !(doc.Mentions[n.Mention].SentenceStart && len(n.Parts) == 1 && len(c.Names) == 1)
}

// Lexicon returns the names seen at least minCount times, most frequent
// first, as lexicon entries. Gender is set when the evidence for one
// gender is at least three times that for the other; the counts are kept
// in GenderEvidence for review.
func (l *Learner) Lexicon(minCount int) *lexicon.Lexicon {
	keys := append([]string(nil), l.order...)
	sort.SliceStable(keys, func(i, j int) bool { return l.names[keys[i]].count > l.names[keys[j]].count })
	var entries []*lexicon.Entry
	for _, k := range keys {
		e := l.names[k]
		if e.count < minCount || len(e.forms) == 0 {
			continue
		}
		canonical := mostFrequent(e.forms)
		if m, ok := l.lex.LookupKey(k); ok && m.Kind.IsCorrect() {
			if _, seen := e.forms[m.Entry.Canonical]; seen {
				canonical = m.Entry.Canonical // "Kim Jong Un" over "Kim Jong-un": the base lexicon decides ties of style
			}
		}
		kind := l.kind(k, canonical, e)
		if !l.keep(k, canonical, kind) {
			continue
		}
		out := &lexicon.Entry{Canonical: canonical, Count: e.count, Kind: kind}
		for f := range e.forms {
			if f != canonical {
				out.Aliases = append(out.Aliases, f)
			}
		}
		sort.Strings(out.Aliases)
		if out.Kind == lexicon.Person || out.Kind == lexicon.Other {
			m, f := e.evidence[lexicon.Male], e.evidence[lexicon.Female]
			if m+f > 0 {
				out.GenderEvidence = map[lexicon.Gender]int{lexicon.Male: m, lexicon.Female: f}
				out.Kind = lexicon.Person
			}
			switch {
			case m > 0 && m >= 3*f:
				out.Gender = lexicon.Male
			case f > 0 && f >= 3*m:
				out.Gender = lexicon.Female
			}
		}
		entries = append(entries, out)
	}
	return lexicon.New(entries)
}

// keep filters what is not worth a lexicon entry: demonyms, weekdays,
// single English words ("Under", "Copyright"), title-case headlines and
// compounds such as "U.S.-led".
func (l *Learner) keep(key, canonical string, kind lexicon.Kind) bool {
	if _, known := l.lex.LookupKey(key); known {
		return true
	}
	parts := strings.Fields(key)
	if _, ok := l.lex.Demonym(key); ok || trailing[canonical] {
		return false
	}
	if pieces := splitHyphens(canonical); len(pieces) > 1 && !capitalised(pieces[len(pieces)-1]) {
		return false
	}
	if kind == lexicon.Other || kind == lexicon.Organisation && isAcronym(canonical) {
		english := 0
		for _, p := range parts {
			if IsEnglishWord(p) {
				english++
			}
		}
		if english*2 >= len(parts) {
			return false
		}
	}
	return true
}

// Documents is the number of documents learned from.
func (l *Learner) Documents() int { return l.docs }

func (l *Learner) kind(key, canonical string, e *learned) lexicon.Kind {
	if m, ok := l.lex.LookupKey(key); ok {
		return m.Entry.Kind
	}
	parts := strings.Fields(key)
	switch {
	case isAcronym(canonical):
		return lexicon.Organisation
	case !personLike(parts):
		for _, p := range parts {
			if p == "news" || p == "agency" || p == "press" {
				return lexicon.Agency
			}
		}
		return lexicon.Organisation
	case e.titled:
		return lexicon.Person
	}
	return lexicon.Other
}
