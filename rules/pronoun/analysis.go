// Package pronoun holds the pronoun rules: gendered pronouns that disagree
// with the known gender of their antecedent (pronoun-gender), and
// gendered pronouns whose antecedent is a country, organisation or thing
// (non-person-pronoun). Both share one per-document analysis: the
// entities (name mentions with a kind and, for people, a gender and the
// evidence for it) and the gendered pronouns.
package pronoun

import (
	_ "embed"
	"strings"

	"github.com/mtaudit/mtaudit/rules/wordlist"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

//go:embed data/first_names.txt
var firstNamesData string

//go:embed data/gendered_words.txt
var genderedData string

//go:embed data/nonperson_heads.txt
var headsData string

// Read-only tables built once from the embedded data files.
var (
	firstNames                                                  = parseFirstNames(firstNamesData)
	maleNouns, femaleNouns, maleTitles, femaleTitles, roleNouns = parseGendered(genderedData)
	nonPersonHeads                                              = audit.ParseWordList(headsData)
	nounClasses                                                 = buildNounClasses()
)

// Noun classes of a lower-case word, as bits: one map lookup per token
// instead of one per list.
const (
	roleNoun uint8 = 1 << iota
	maleNoun
	femaleNoun
)

func buildNounClasses() map[string]uint8 {
	out := map[string]uint8{}
	for w := range roleNouns {
		out[w] |= roleNoun
	}
	for w := range maleNouns {
		out[w] |= maleNoun
	}
	for w := range femaleNouns {
		out[w] |= femaleNoun
	}
	return out
}

func parseFirstNames(data string) map[string]lexicon.Gender {
	out := map[string]lexicon.Gender{}
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[1] {
		case "m":
			out[f[0]] = lexicon.Male
		case "f":
			out[f[0]] = lexicon.Female
		}
	}
	return out
}

func parseGendered(data string) (mn, fn, mt, ft, role map[string]bool) {
	mn, fn, mt, ft, role = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	var cur map[string]bool
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		switch line {
		case "", "#":
			continue
		case "[male]":
			cur = mn
		case "[female]":
			cur = fn
		case "[honorific-male]":
			cur = mt
		case "[honorific-female]":
			cur = ft
		case "[role]":
			cur = role
		default:
			if line[0] != '#' && cur != nil {
				cur[line] = true
			}
		}
	}
	return mn, fn, mt, ft, role
}

// entityKind says what an entity names.
type entityKind uint8

const (
	unknownKind entityKind = iota // a name that may be a person
	personKind
	thingKind // country, organisation, place, agency
)

// entity is a name mention with what is known about it.
type entity struct {
	span       audit.Span
	sentence   int
	kind       entityKind
	gender     lexicon.Gender
	evidence   string // why the gender (or kind) is known
	name       string // the mention's text, possessive removed
	firstTok   int
	endTok     int
	mentionIdx int
	// weakGender is what a lone surname's ending says; it applies only
	// when no full name of the article genders the word.
	weakGender   lexicon.Gender
	weakEvidence string
}

// pronounInfo is one gendered pronoun.
type pronounInfo struct {
	tok    int
	sent   int
	gender lexicon.Gender
	form   string // lower case: he, him, his, himself, she, her, hers, herself
	object bool   // "him", or "her" used as an object (not possessive)
}

// analysis is the shared per-document analysis.
type analysis struct {
	entities []entity
	pronouns []pronounInfo
	// nouns[s] lists the genders of gendered common nouns in sentence s.
	nouns []map[lexicon.Gender]bool
	// roles[s] lists the tokens of gender-neutral person nouns in sentence
	// s ("the mayor"): possible antecedents of either gender.
	roles [][]int
	// nounToks lists the gendered common nouns ("wife", "father") in text
	// order.
	nounToks []nounTok
}

// nounTok is one gendered common noun.
type nounTok struct {
	tok, sent int
	gender    lexicon.Gender
}

type analysisKey struct{}

func lexiconOf(env *audit.Env) *lexicon.Lexicon {
	if l := lexicon.FromEnv(env); l != nil {
		return l
	}
	return lexicon.Default()
}

func analyze(pass *audit.Pass) *analysis {
	lex := lexiconOf(pass.Env)
	return pass.Doc.Memo(analysisKey{}, func() any { return build(pass.Doc, lex) }).(*analysis)
}

func stripPoss(s string) string {
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

func build(doc *audit.Document, lex *lexicon.Lexicon) *analysis {
	a := &analysis{nouns: make([]map[lexicon.Gender]bool, len(doc.Sentences)), roles: make([][]int, len(doc.Sentences))}
	// Gendered common nouns and gendered pronouns, per sentence, in one
	// pass; words are lower-cased into buf (no allocation for ASCII).
	var buf, sbuf []byte
	for si, s := range doc.Sentences {
		for i := s.FirstToken; i < s.EndToken; i++ {
			if doc.Tokens[i].Kind != audit.Word {
				continue
			}
			raw := doc.TokenText(i)
			buf = wordlist.AppendLower(buf[:0], raw)
			if p, ok := pronounOf(buf, i, si); ok {
				if p.form == "her" {
					p.object = !possessiveHer(doc, i, s.EndToken)
				}
				a.pronouns = append(a.pronouns, p)
			}
			w := buf
			if st := stripPoss(raw); len(st) != len(raw) {
				sbuf = wordlist.AppendLower(sbuf[:0], st)
				w = sbuf
			}
			cls := nounClasses[string(w)]
			if cls == 0 {
				continue
			}
			if cls&roleNoun != 0 && doc.Tokens[i].Is(audit.Lower) && !predicative(doc, i, s.FirstToken) {
				a.roles[si] = append(a.roles[si], i)
			}
			g := lexicon.Gender("")
			switch {
			case cls&maleNoun != 0:
				g = lexicon.Male
			case cls&femaleNoun != 0:
				g = lexicon.Female
			}
			if g != "" {
				a.nounToks = append(a.nounToks, nounTok{tok: i, sent: si, gender: g})
				if a.nouns[si] == nil {
					a.nouns[si] = map[lexicon.Gender]bool{}
				}
				a.nouns[si][g] = true
			}
		}
	}
	// Entities.
	byToken := map[string]lexicon.Gender{} // name word → gender, from gendered full names
	source := map[string]string{}          // name word → the full name's evidence
	conflict := map[string]bool{}
	var cur *entity
	link := func(word string, g lexicon.Gender) {
		word = strings.ToLower(stripPoss(word))
		if old, ok := byToken[word]; ok && old != g {
			conflict[word] = true
		}
		byToken[word] = g
		if _, ok := source[word]; !ok && cur != nil {
			source[word] = "short for " + cur.name + ": " + cur.evidence
		}
	}
	// One entity per mention, built in place (the slice never grows, so
	// cur stays valid).
	a.entities = make([]entity, len(doc.Mentions))
	for mi, m := range doc.Mentions {
		e := &a.entities[mi]
		*e = entity{span: m.Span, sentence: m.Sentence, firstTok: m.FirstToken, endTok: m.EndToken, mentionIdx: mi, name: stripPoss(doc.Slice(m.Span))}
		cur = e
		classify(doc, lex, m, e, link)
		if e.kind == unknownKind && titleOnly(doc, m) && predicative(doc, m.FirstToken, doc.Sentences[m.Sentence].FirstToken) {
			// "Singh is the Prime Minister": the subject again, not a second person.
			e.kind, e.evidence = thingKind, "predicate noun"
		}
		if e.kind == unknownKind && modifierOnly(doc, lex, m) {
			e.kind, e.evidence = thingKind, "modifier"
		}
	}
	// Role nouns that name a mentioned person are no second person: a title
	// right before the name ("singer Polina Okafor") or a role in
	// apposition right after it ("Okafor, current senator and ...").
	a.dropTitleRoles(doc)
	// Repeated full names share what one mention says ("their daughter
	// Kim Ju-ae ... Kim Ju-ae").
	full := map[string]lexicon.Gender{}
	fullEv := map[string]string{}
	for _, e := range a.entities {
		if e.gender == "" || oneWord(doc, &e) {
			continue
		}
		k := strings.ToLower(e.name)
		if old, ok := full[k]; ok && old != e.gender {
			full[k] = "-"
			continue
		}
		full[k], fullEv[k] = e.gender, e.evidence
	}
	for i := range a.entities {
		e := &a.entities[i]
		if g := wordlist.InLower(full, e.name); e.gender == "" && e.kind != thingKind && (g == lexicon.Male || g == lexicon.Female) {
			e.gender, e.kind, e.evidence = g, personKind, wordlist.InLower(fullEv, e.name)
		}
	}
	// Short forms of gendered full names ("Whitmer", "Kim").
	for i := range a.entities {
		e := &a.entities[i]
		if e.gender != "" || e.kind == thingKind || !oneWord(doc, e) {
			continue // full names keep their own evidence: "Kim Jong-ae" is not "Kim Jong Un"
		}
		for _, ti := range []int{e.endTok - 1, e.firstTok} {
			w := strings.ToLower(stripPoss(doc.TokenText(ti)))
			if g, ok := byToken[w]; ok && !conflict[w] {
				e.gender, e.kind = g, personKind
				e.evidence = source[w]
				break
			}
		}
	}
	for i := range a.entities {
		if e := &a.entities[i]; e.gender == "" && e.weakGender != "" && e.kind != thingKind {
			e.kind, e.gender, e.evidence = personKind, e.weakGender, e.weakEvidence
		}
	}
	return a
}

// pronounOf returns the gendered pronoun that the lower-cased word w at
// token i of sentence si is. For "her", object is left false: the caller
// decides it from the next word.
func pronounOf(w []byte, i, si int) (pronounInfo, bool) {
	p := pronounInfo{tok: i, sent: si}
	switch string(w) {
	case "he":
		p.gender, p.form = lexicon.Male, "he"
	case "his":
		p.gender, p.form = lexicon.Male, "his"
	case "himself":
		p.gender, p.form = lexicon.Male, "himself"
	case "him":
		p.gender, p.form, p.object = lexicon.Male, "him", true
	case "she":
		p.gender, p.form = lexicon.Female, "she"
	case "hers":
		p.gender, p.form = lexicon.Female, "hers"
	case "herself":
		p.gender, p.form = lexicon.Female, "herself"
	case "her":
		p.gender, p.form = lexicon.Female, "her"
	default:
		return p, false
	}
	return p, true
}

// notNouns are words after "her" that show it is an object, not a possessive.
var notNouns = audit.ParseWordList(`to
that
and
or
the
a
an
in
on
at
for
with
from
by
as
about
into
of
up
out
off
down
back
again
when
if
because
but
so
than
while
after
before
is
was
this
these
those
over
through
during
not
who
which
why
how
what
where
there
here
too
also
now
then
once
twice
away
home`)

func possessiveHer(doc *audit.Document, i, end int) bool {
	if i+1 >= end {
		return false
	}
	t := doc.Tokens[i+1]
	if t.Kind == audit.Number {
		return true // "her 40s"
	}
	if t.Kind != audit.Word || !t.Is(audit.Lower) {
		return false
	}
	return !notNouns[doc.TokenText(i+1)]
}

// calendarWords are capitalised words that never name a person.
var calendarWords = audit.ParseWordList(`monday
tuesday
wednesday
thursday
friday
saturday
sunday
january
february
march
april
may
june
july
august
september
october
november
december`)

// classify sets the kind, gender and evidence of a mention.
func classify(doc *audit.Document, lex *lexicon.Lexicon, m audit.Mention, e *entity, link func(string, lexicon.Gender)) {
	words := make([]int, 0, m.EndToken-m.FirstToken)
	for i := m.FirstToken; i < m.EndToken; i++ {
		if doc.Tokens[i].Kind == audit.Word {
			words = append(words, i)
		}
	}
	// A sentence-initial common word is not part of the name ("Now Kolonko").
	if m.SentenceStart && len(words) > 1 && names.IsEnglishWord(doc.TokenText(words[0])) && !maleTitles[doc.TokenText(words[0])] && !femaleTitles[doc.TokenText(words[0])] {
		words = words[1:]
		e.firstTok = words[0]
		e.span.Start = doc.Tokens[words[0]].Start
		e.name = stripPoss(doc.Text[e.span.Start:e.span.End])
	}
	if len(words) == 0 {
		return
	}
	// The lexicon, longest window first.
	maxN := min(max(lex.MaxTokens(), 1), len(words))
	for n := maxN; n >= 1; n-- {
		for s := 0; s+n <= len(words); s++ {
			text := doc.Text[doc.Tokens[words[s]].Start:doc.Tokens[words[s+n-1]].End]
			match, ok := lex.Lookup(text)
			if !ok || match.Ambiguous {
				continue
			}
			switch match.Entry.Kind {
			case lexicon.Person:
				e.kind = personKind
				if match.Entry.Gender != "" {
					e.gender = match.Entry.Gender
					e.evidence = "name lexicon: " + match.Entry.Canonical + " is " + string(match.Entry.Gender)
					if n >= 2 {
						link(doc.TokenText(words[s]), e.gender)
						link(doc.TokenText(words[s+n-1]), e.gender)
					}
				}
				return
			default:
				if n == len(words) || s+n == len(words) {
					e.kind, e.evidence = thingKind, string(match.Entry.Kind)+" in the name lexicon ("+match.Entry.Canonical+")"
					return
				}
			}
		}
	}
	if last := stripPoss(doc.TokenText(words[len(words)-1])); wordlist.InLower(nonPersonHeads, last) {
		e.kind, e.evidence = thingKind, "organisation name ("+strings.ToLower(last)+")"
		return
	}
	// Honorific ("Mrs Smith") or gendered noun in apposition ("his wife Mary").
	first := doc.TokenText(words[0])
	if len(words) >= 2 {
		switch {
		case maleTitles[first]:
			e.kind, e.gender, e.evidence = personKind, lexicon.Male, "honorific "+first
		case femaleTitles[first]:
			e.kind, e.gender, e.evidence = personKind, lexicon.Female, "honorific "+first
		}
	}
	if e.gender == "" && m.FirstToken > 0 {
		prev := m.FirstToken - 1
		if doc.Tokens[prev].Kind == audit.Punct && doc.TokenText(prev) == "." && prev > 0 {
			prev-- // "Mr. Smith"
		}
		if doc.Tokens[prev].Kind == audit.Word {
			p := doc.TokenText(prev)
			switch {
			case maleTitles[p] && p != "Father" && p != "Brother":
				e.kind, e.gender, e.evidence = personKind, lexicon.Male, "honorific "+p
			case femaleTitles[p] && p != "Mother" && p != "Sister":
				e.kind, e.gender, e.evidence = personKind, lexicon.Female, "honorific "+p
			case wordlist.InLower(maleNouns, p):
				e.kind, e.gender, e.evidence = personKind, lexicon.Male, "called "+p
			case wordlist.InLower(femaleNouns, p):
				e.kind, e.gender, e.evidence = personKind, lexicon.Female, "called "+p
			}
		}
	}
	// A gendered noun in apposition after a comma ("Okafor, the actress,",
	// "his wife, Mary Okafor,") or as a predicate ("Okafor is a
	// businesswoman").
	if e.gender == "" {
		if g, noun := appositive(doc, m); g != "" {
			e.kind, e.gender, e.evidence = personKind, g, "called "+noun
		}
	}
	// A given name alone ("Larry"), when the lexicon knows no place or
	// organisation of that name.
	afterPrep := m.FirstToken > 0 && wordlist.InLower(prepositions, doc.TokenText(m.FirstToken-1))
	if e.gender == "" && len(words) == 1 && !afterPrep && !wordlist.InLower(calendarWords, stripPoss(first)) {
		if g, ok := givenNameAt(doc, words[0], m.Sentence); ok {
			e.kind, e.gender, e.evidence = personKind, g, "given name "+stripPoss(first)
			return
		}
	}
	// A first name followed by a surname ("Gretchen Whitmer").
	if e.gender == "" {
		for k := 0; k+1 < len(words); k++ {
			w := doc.TokenText(words[k])
			g, ok := givenNameAt(doc, words[k], m.Sentence)
			if !ok {
				continue
			}
			if k > 0 && !names.IsEnglishWord(doc.TokenText(words[k-1])) && !wordlist.InLower(roleNouns, doc.TokenText(words[k-1])) {
				break // a surname after a given name ("Enrique Peña Nieto")
			}
			next := stripPoss(doc.TokenText(words[k+1]))
			if wordlist.InLower(nonPersonHeads, next) || wordlist.InLower(calendarWords, next) || !doc.Tokens[words[k+1]].Is(audit.Capitalized) {
				break
			}
			e.kind, e.gender, e.evidence = personKind, g, "first name "+w
			break
		}
	}
	// A surname whose ending marks gender ("Stepanova", "Kaczyński").
	if e.gender == "" {
		lastTok := words[len(words)-1]
		sur := stripPoss(doc.TokenText(lastTok))
		if g, end := surnameGender(sur); g != "" && doc.Tokens[lastTok].Is(audit.Capitalized) && !names.IsEnglishWord(sur) {
			ev := "surname " + sur + " (ending -" + end + ")"
			switch {
			case len(words) >= 2:
				e.kind, e.gender, e.evidence = personKind, g, ev
			case !afterPrep:
				// Alone, it yields to the article's full names (a "Brzezinski"
				// may be short for a woman named in full before).
				e.weakGender, e.weakEvidence = g, ev
			}
		}
	}
	if e.gender != "" && len(words) >= 2 {
		link(doc.TokenText(words[len(words)-1]), e.gender)
		return
	}
	if e.kind == unknownKind && len(words) == 1 && (len(stripPoss(first)) == 1 || doc.Tokens[words[0]].Is(audit.AllCaps) || names.IsEnglishWord(stripPoss(first)) || wordlist.InLower(calendarWords, stripPoss(first))) {
		e.kind = thingKind // acronyms and capitalised common words are not people
	}
}

// oneWord reports whether the entity is a single word ("Kim", "Whitmer's").
func oneWord(doc *audit.Document, e *entity) bool {
	n := 0
	for i := e.firstTok; i < e.endTok; i++ {
		if doc.Tokens[i].Kind == audit.Word {
			n++
		}
	}
	return n == 1
}

// copulas link a subject to a predicate noun that names the same person.
var copulas = audit.ParseWordList(`is
was
are
were
be
been
became
becomes
become
remains
remained`)

// predicative reports whether the noun phrase starting at token i (or
// whose head is token i) is a predicate noun after a copula and a
// determiner, with at most one word between ("was the mayor", "became the
// chief engraver", "is a former minister"). Such a noun names the subject
// again, not another person.
func predicative(doc *audit.Document, i, first int) bool {
	j := i - 1
	if j >= first && doc.Tokens[j].Kind == audit.Word && !wordlist.InLower(determiners, doc.TokenText(j)) && doc.Tokens[j].Is(audit.Lower) {
		j-- // one modifier: "a former minister"
	}
	if j-1 < first || doc.Tokens[j].Kind != audit.Word || doc.Tokens[j-1].Kind != audit.Word {
		return false
	}
	det := strings.ToLower(doc.TokenText(j))
	if det != "the" && det != "a" && det != "an" {
		return false
	}
	return wordlist.InLower(copulas, doc.TokenText(j-1))
}

// titleOnly reports whether every word of the mention is a common English
// word or a role noun ("Prime Minister", "Chief Executive").
func titleOnly(doc *audit.Document, m audit.Mention) bool {
	n := 0
	for i := m.FirstToken; i < m.EndToken; i++ {
		if doc.Tokens[i].Kind != audit.Word {
			continue
		}
		w := stripPoss(doc.TokenText(i)) // IsEnglishWord ignores case
		if !names.IsEnglishWord(w) && !wordlist.InLower(roleNouns, w) {
			return false
		}
		n++
	}
	return n > 0
}

// appositiveDets open a noun phrase in apposition.
var appositiveDets = audit.ParseWordList(`the
a
an
his
her
their
its
our`)

// appositionEnd are words that may follow the head noun of an appositive
// ("the daughter of", "a spokeswoman for").
var appositionEnd = audit.ParseWordList(`of
for
at
in
from
to
on
with
who
and`)

// appositive returns the gender and noun of a gendered noun standing in
// apposition to the mention m: after it, past a comma and a determiner,
// with at most two modifiers, the noun ending the phrase ("Okafor, a former
// actress, ...", "Okafor, the daughter of ..."); or as the predicate of a
// copula right after it ("Okafor is a businesswoman"); or before it,
// followed by a comma ("his wife, Mary Okafor, ..."). It returns "" when
// there is none.
func appositive(doc *audit.Document, m audit.Mention) (lexicon.Gender, string) {
	n := len(doc.Tokens)
	i := m.EndToken
	if i < n && doc.Tokens[i].Kind == audit.Word && wordlist.InLower(copulas, doc.TokenText(i)) {
		i++ // "Okafor is a ..."
	} else if i < n && doc.TokenText(i) == "," {
		i++
	} else {
		i = -1
	}
	if i > 0 && i < n && doc.Tokens[i].Kind == audit.Word && wordlist.InLower(appositiveDets, doc.TokenText(i)) {
		for k := i + 1; k < n && k <= i+3; k++ {
			t := doc.Tokens[k]
			if t.Kind != audit.Word {
				break
			}
			raw := doc.TokenText(k)
			w := strings.ToLower(raw)
			if g := nounGender(w); g != "" {
				if k+1 >= n || doc.Tokens[k+1].Kind == audit.Punct || doc.Tokens[k+1].Kind == audit.Word && wordlist.InLower(appositionEnd, doc.TokenText(k+1)) {
					return g, w
				}
				break
			}
			if stripPoss(raw) != raw || appositionEnd[w] {
				break // "the mother's lawyer", "a friend of his wife"
			}
		}
	}
	// Before: "his wife, Mary Okafor, said".
	j := m.FirstToken - 1
	if j >= 2 && doc.TokenText(j) == "," && doc.Tokens[j-1].Kind == audit.Word {
		w := strings.ToLower(doc.TokenText(j - 1))
		if g := nounGender(w); g != "" && doc.Tokens[j-2].Kind == audit.Word && wordlist.InLower(appositiveDets, doc.TokenText(j-2)) {
			return g, w
		}
	}
	return "", ""
}

// nounGender returns the gender of a gendered common noun, or "".
func nounGender(w string) lexicon.Gender {
	switch {
	case maleNouns[w]:
		return lexicon.Male
	case femaleNouns[w]:
		return lexicon.Female
	}
	return ""
}

// modifierOnly reports whether a mention is no person by itself: only
// honorifics ("Mr" split from "Mr. Chen"), or one word that is a demonym
// ("Russian") or stands before a lower-case person noun ("Russian
// entrepreneur", "Labour leader").
func modifierOnly(doc *audit.Document, lex *lexicon.Lexicon, m audit.Mention) bool {
	words := 0
	titles := true
	last := -1
	for i := m.FirstToken; i < m.EndToken; i++ {
		if doc.Tokens[i].Kind != audit.Word {
			continue
		}
		words++
		w := doc.TokenText(i)
		if !maleTitles[w] && !femaleTitles[w] && w != "Dr" && w != "Prof" {
			titles = false
		}
		last = i
	}
	if words == 0 {
		return false
	}
	if titles {
		return true
	}
	if words != 1 {
		return false
	}
	if _, ok := lex.Demonym(stripPoss(doc.TokenText(last))); ok {
		return true
	}
	next := last + 1
	if next < len(doc.Tokens) && doc.Tokens[next].Kind == audit.Word && doc.Tokens[next].Is(audit.Lower) {
		w := strings.ToLower(doc.TokenText(next))
		return roleNouns[w] || nounGender(w) != "" || personNouns[w]
	}
	return false
}

// personNouns are more lower-case nouns for people that a capitalised
// modifier may stand before ("Russian entrepreneur").
var personNouns = audit.ParseWordList(`entrepreneur
businessman
businesswoman
psychologist
economist
historian
athlete
runner
fighter
boxer
footballer
striker
goalkeeper
tennis
actor
actress
musician
composer
poet
novelist
director
filmmaker
billionaire
millionaire
tycoon
oligarch
businessperson
prosecutor
investigator
blogger
rapper
model
designer`)

// dropTitleRoles removes from a.roles the role nouns that stand right
// before a person-like mention, or inside a comma phrase that opens right
// after one.
func (a *analysis) dropTitleRoles(doc *audit.Document) {
	hasRoles := false
	for _, roles := range a.roles {
		if len(roles) > 0 {
			hasRoles = true
			break
		}
	}
	if !hasRoles {
		return // nothing to drop: skip building the tables
	}
	starts := map[int]bool{} // first token of person-like mentions
	ends := map[int]bool{}   // token after them
	for _, e := range a.entities {
		if e.kind != thingKind {
			starts[e.firstTok] = true
			ends[e.endTok] = true
		}
	}
	for si, roles := range a.roles {
		kept := roles[:0]
		for _, r := range roles {
			if !starts[r+1] && !appositiveRole(doc, r, doc.Sentences[si].FirstToken, ends) {
				kept = append(kept, r)
			}
		}
		a.roles[si] = kept
	}
}

// appositiveRole reports whether the role noun at token r lies in a comma
// phrase that starts right after a person-like mention, within a few
// words ("Okafor, the current senator, ...").
func appositiveRole(doc *audit.Document, r, first int, ends map[int]bool) bool {
	for i := r - 1; i >= first && i >= r-6; i-- {
		if doc.Tokens[i].Kind != audit.Punct {
			continue
		}
		if doc.TokenText(i) != "," || !ends[i] || i+1 >= r {
			return i+1 == r && doc.TokenText(i) == "," && ends[i]
		}
		w := strings.ToLower(doc.TokenText(i + 1))
		return appositiveDets[w] || appositiveMods[w]
	}
	return false
}

// appositiveMods may open an appositive without a determiner ("Okafor,
// former senator, ...").
var appositiveMods = audit.ParseWordList(`current
former
then
now
acting
interim
outgoing
incoming
deputy
senior
longtime
veteran`)
