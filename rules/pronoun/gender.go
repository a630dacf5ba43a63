package pronoun

import (
	"strings"

	"github.com/mtaudit/mtaudit/rules/wordlist"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// Gender reports gendered pronouns that disagree with the known gender of
// their likely antecedent.
var Gender = &audit.Rule{
	Name: "pronoun-gender",
	Doc: audit.Doc{
		Title: "Pronoun of the wrong gender",
		Text: `Source languages with grammatical gender, or with no gendered pronouns
at all, make MT pick the wrong English pronoun: "Kim left Beijing,
concluding her first trip". For each he/his/himself/she/her/herself the
rule takes the likely antecedent among the names of the same sentence
(its subject first) and of the previous one, and flags the pronoun when
that person's gender is known and disagrees. Gender comes from the name
lexicon (with what lexicon learn added), honorifics and gendered nouns
("Mrs", "his wife Mary"), given names with a clear gender ("Gretchen"),
and the article's own full names for short forms. Nothing is flagged when
the gender is unknown, when anything in the window (a name, a noun like
"wife", an earlier pronoun) could carry the pronoun's gender, or when an
unknown name stands before the pronoun and is not the subject. Object
"him"/"her" are left alone: they rarely refer to the subject.`,
		Bad:  "Mrs Alvarez left the capital on Friday, ending his first visit abroad.",
		Good: "Mrs Alvarez thanked the mayor, and he praised her first visit.",
	},
	Category: "Accuracy/Gender Mismatch",
	Severity: audit.Major,
	Run:      runGender,
}

func runGender(pass *audit.Pass) error {
	doc := pass.Doc
	a := analyze(pass)
	for pi, p := range a.pronouns {
		if p.object {
			continue
		}
		w := a.window(doc, pi)
		if a.nonPersonAntecedent(doc, pi, w) >= 0 {
			continue
		}
		if noun := ageNoun(doc, p); noun != "" {
			form := doc.TokenText(p.tok)
			repl := swap(form, p.object)
			pass.Reportf(doc.Tokens[p.tok].Span, &repl, "%q in an age phrase refers to the %s before it", form, noun)
			continue
		}
		if ei := a.boundPossessor(doc, pi); ei >= 0 {
			e := a.entities[ei]
			form := doc.TokenText(p.tok)
			repl := swap(form, p.object)
			pass.Reportf(doc.Tokens[p.tok].Span, &repl, "%q before %q likely refers to %s, the subject just before it, who is %s (%s)", form, doc.TokenText(p.tok+1), e.name, e.gender, e.evidence)
			continue
		}
		if ei := a.reflexiveAntecedent(doc, pi); ei >= 0 {
			e := a.entities[ei]
			form := doc.TokenText(p.tok)
			repl := swap(form, p.object)
			pass.Reportf(doc.Tokens[p.tok].Span, &repl, "reflexive %q refers to %s, the only person named in its clause, who is %s (%s)", form, e.name, e.gender, e.evidence)
			continue
		}
		if w.support {
			continue
		}
		if ei, n, tie := a.majority(doc, pi); ei >= 0 {
			e := a.entities[ei]
			form := doc.TokenText(p.tok)
			repl := swap(form, p.object)
			if tie {
				// One pronoun each way: one of the two is wrong, but which
				// one the text alone cannot tell, so no suggestion.
				pass.Reportf(doc.Tokens[p.tok].Span, nil, "%q and the %q before it both seem to refer to %s, the only person named here, and nothing else in the text could be %q: one of the two pronouns has the wrong gender", form, repl, e.name, strings.ToLower(form))
				continue
			}
			pass.Reportf(doc.Tokens[p.tok].Span, &repl, "%q likely refers to %s, whom the text calls %q elsewhere (%d other pronouns, no other person named)", form, e.name, repl, n)
			continue
		}
		subj := a.subject(w, p.sent)
		if subj < 0 {
			continue
		}
		ante := -1
		unknownBefore := false
		for _, ei := range w.before {
			e := a.entities[ei]
			if e.kind == unknownKind && e.gender == "" && e.sentence == p.sent {
				unknownBefore = true
			}
			if e.gender == other(p.gender) && ante < 0 {
				ante = ei
			}
		}
		if roleBetween(a, subj, p) {
			continue // "Mrs Okonkwo thanked the mayor, and he ...": the mayor may be meant
		}
		if a.entities[subj].gender == other(p.gender) {
			ante = subj
		} else if unknownBefore {
			continue
		}
		if ante < 0 {
			continue
		}
		e := a.entities[ante]
		if a.quoteSpeaker(doc, p) == ante {
			continue // Obi said: "She ...": a speaker calls himself "I"
		}
		form := doc.TokenText(p.tok)
		repl := swap(form, p.object)
		pass.Reportf(doc.Tokens[p.tok].Span, &repl, "%q likely refers to %s, who is %s (%s)", form, e.name, e.gender, e.evidence)
	}
	return nil
}

// roleBetween reports whether a gender-neutral person noun ("the mayor")
// stands between the subject entity and the pronoun.
func roleBetween(a *analysis, subj int, p pronounInfo) bool {
	start := a.entities[subj].endTok
	for s := max(p.sent-1, 0); s <= p.sent; s++ {
		for _, ti := range a.roles[s] {
			if (s < p.sent || ti < p.tok) && (s > a.entities[subj].sentence || ti >= start) {
				return true
			}
		}
	}
	return false
}

// majority handles a window (this and the previous sentence) that names
// exactly one person before the pronoun, with no role noun: when the other
// pronouns there all have the other gender, the pronoun most likely refers
// to that person too and its gender is the odd one out ("Winfrey had tears
// in his eyes as she parted, she ... her ... she"). Two or more other
// pronouns make a majority; a single one before the pronoun makes a tie
// ("Okafor said he ... and she"), reported only when nothing earlier in the
// whole document (a name, a noun, a pronoun) could carry the pronoun's
// gender. A gendered noun of the other gender ("his father") is a second
// person the other pronouns may refer to, so only pronouns before it count,
// and the pronoun must come after it ("Okafor said his father ... she"
// still counts; "Okafor said her father ... he" does not).
// It returns the person, the number of other pronouns and whether it is a
// tie, or -1.
func (a *analysis) majority(doc *audit.Document, pi int) (int, int, bool) {
	p := a.pronouns[pi]
	inWindow := func(s int) bool { return s == p.sent || s == p.sent-1 }
	for s := max(p.sent-1, 0); s <= p.sent; s++ {
		if len(a.roles[s]) > 0 {
			return -1, 0, false
		}
	}
	// The first gendered noun of the other gender in the window, if any.
	limit := -1
	for _, n := range a.nounToks {
		if inWindow(n.sent) && n.gender == other(p.gender) {
			limit = n.tok
			break
		}
	}
	if limit >= 0 && p.tok < limit {
		return -1, 0, false
	}
	// The one person of the window; for a tie, of the window before the
	// pronoun ("... he has a government, yet she needs an answer from Modi").
	off := doc.Tokens[p.tok].Start
	person, key, onlyBefore := -1, "", true
	for i, e := range a.entities {
		if !inWindow(e.sentence) || e.kind == thingKind || e.gender == "" && (placeLike(doc, e) || afterDeterminer(doc, e)) {
			continue
		}
		k := strings.ToLower(stripPoss(lastWord(e.name)))
		if person >= 0 && k != key {
			if e.span.Start >= off {
				onlyBefore = false
				continue
			}
			return -1, 0, false // two people
		}
		if person < 0 {
			person, key = i, k
		}
	}
	if person < 0 || a.entities[person].gender == p.gender {
		return -1, 0, false
	}
	if a.quoteSpeaker(doc, p) == person {
		return -1, 0, false // the speaker of the quotation calls himself "I"
	}
	same, others, before := 0, 0, 0
	for qi, q := range a.pronouns {
		if qi == pi || !inWindow(q.sent) {
			continue
		}
		if q.gender == p.gender {
			same++
			continue
		}
		if limit >= 0 && q.tok > limit {
			continue // may refer to the noun's person
		}
		others++
		if q.tok < p.tok {
			before++
		}
	}
	if same > 0 || before == 0 && others < 2 {
		return -1, 0, false
	}
	if others >= 2 && onlyBefore {
		return person, others, false
	}
	if before == 0 || a.earlierSupport(p) || a.entities[person].span.Start >= off {
		return -1, 0, false
	}
	return person, others, true
}

// earlierSupport reports whether anything before the window of p (a name,
// a gendered noun or a pronoun of p's gender) could be p's antecedent.
func (a *analysis) earlierSupport(p pronounInfo) bool {
	first := p.sent - 1
	for _, e := range a.entities {
		if e.sentence < first && e.gender == p.gender {
			return true
		}
	}
	for _, n := range a.nounToks {
		if n.sent < first && n.gender == p.gender {
			return true
		}
	}
	for _, q := range a.pronouns {
		if q.sent < first && q.gender == p.gender {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	if i := strings.LastIndexAny(s, " -"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// boundPossessor handles a possessive before a kinship or body noun ("his
// father's cheeks", "her eyes"), which refers to the subject of its clause
// in news prose: when the nearest name before the pronoun in its sentence
// is a person of known gender, nothing but lower-case words lies between
// them (no other name, role or gendered noun, no clause punctuation), and
// the gender disagrees, it returns that person; else -1.
func (a *analysis) boundPossessor(doc *audit.Document, pi int) int {
	p := a.pronouns[pi]
	if p.object || (p.form != "his" && p.form != "her") || p.tok+1 >= len(doc.Tokens) {
		return -1
	}
	if !wordlist.InLower(boundNouns, stripPoss(doc.TokenText(p.tok+1))) {
		return -1
	}
	near := -1
	for i, e := range a.entities {
		if e.sentence == p.sent && e.endTok <= p.tok && e.kind != thingKind {
			near = i // places and organisations in between do not count
		}
	}
	if near < 0 {
		return -1
	}
	e := a.entities[near]
	if e.kind != personKind || e.gender == "" || e.gender == p.gender {
		return -1
	}
	if full := doc.Slice(e.span); stripPoss(full) != full {
		return -1 // "Kim's daughter ... her father": the possessor is not the subject
	}
	if p.tok-e.endTok > 12 {
		return -1
	}
	for i := e.endTok; i < p.tok; i++ {
		t := doc.Tokens[i]
		w := strings.ToLower(doc.TokenText(i))
		if t.Kind == audit.Punct || roleNouns[w] || maleNouns[w] || femaleNouns[w] || w == "and" || w == "or" || w == "with" {
			return -1
		}
	}
	return near
}

// boundNouns are kinship and body nouns whose possessor is, in news prose,
// almost always the subject of the clause.
var boundNouns = audit.ParseWordList(`father
mother
parents
son
daughter
wife
husband
brother
sister
children
family
hand
hands
eyes
face
cheek
cheeks
head
arm
arms
chest
shoulder
shoulders
leg
legs
hair
heart`)

// ageNoun handles "a man in her thirties", "a woman in his 40s": a
// gendered noun, "in", the possessive and an age. It returns the noun when
// its gender disagrees with the pronoun, else "".
func ageNoun(doc *audit.Document, p pronounInfo) string {
	if p.object || (p.form != "his" && p.form != "her") || p.tok < 2 || p.tok+1 >= len(doc.Tokens) {
		return ""
	}
	if strings.ToLower(doc.TokenText(p.tok-1)) != "in" {
		return ""
	}
	next := strings.ToLower(doc.TokenText(p.tok + 1))
	if !strings.HasSuffix(next, "ties") && !(strings.HasSuffix(next, "s") && next[0] >= '0' && next[0] <= '9') && next != "teens" {
		return ""
	}
	noun := strings.ToLower(doc.TokenText(p.tok - 2))
	switch {
	case maleNouns[noun] && p.gender == lexicon.Female, femaleNouns[noun] && p.gender == lexicon.Male:
		return noun
	}
	return ""
}

// placePreps are prepositions whose object is a place ("in Dakar").
var placePreps = audit.ParseWordList(`in
at
near
across
outside
inside`)

// motionVerbs before "to" make its object a place ("moved to Dakar").
var motionVerbs = audit.ParseWordList(`moved
went
go
goes
going
travelled
traveled
returned
flew
fled
emigrated
relocated
came
arrived`)

// placeLike reports whether an entity is the object of a place
// preposition ("in Dakar", "moved to Dakar"), so most likely a place.
func placeLike(doc *audit.Document, e entity) bool {
	i := e.firstTok - 1
	if i < 0 || doc.Tokens[i].Kind != audit.Word {
		return false
	}
	w := strings.ToLower(doc.TokenText(i))
	if placePreps[w] {
		return true
	}
	return w == "to" && i > 0 && wordlist.InLower(motionVerbs, doc.TokenText(i-1))
}

// afterDeterminer reports whether an entity follows "the", "a" or "an"
// ("with the Nazis"), so it is no person's name.
func afterDeterminer(doc *audit.Document, e entity) bool {
	i := e.firstTok - 1
	if i < 0 || doc.Tokens[i].Kind != audit.Word {
		return false
	}
	w := strings.ToLower(doc.TokenText(i))
	return w == "the" || w == "a" || w == "an"
}

// quoteOpen returns the token of the quotation mark opening the quotation
// that holds pronoun p in its sentence, or -1 when p is not quoted.
func quoteOpen(doc *audit.Document, p pronounInfo) int {
	open := -1
	for i := doc.Sentences[p.sent].FirstToken; i < p.tok; i++ {
		if doc.Tokens[i].Kind != audit.Punct {
			continue
		}
		for _, r := range doc.TokenText(i) {
			switch r {
			case '“', '«', '„':
				open = i
			case '”', '»':
				open = -1
			case '"':
				if open >= 0 {
					open = -1
				} else {
					open = i
				}
			}
		}
	}
	return open
}

// quoteSpeaker returns the entity that speaks the quotation holding
// pronoun p: the last person-like entity before the opening quotation mark
// in p's sentence, followed within four words by a reporting verb ("Obi
// told reporters: \"..."). It returns -1 when p is not quoted or no
// speaker is found. A speaker calls himself "I" in his own words, so he is
// not what a quoted he/she refers to.
func (a *analysis) quoteSpeaker(doc *audit.Document, p pronounInfo) int {
	q := quoteOpen(doc, p)
	if q < 0 {
		return -1
	}
	speaker := -1
	for i, e := range a.entities {
		if e.sentence == p.sent && e.endTok <= q && e.kind != thingKind {
			speaker = i
		}
	}
	if speaker < 0 {
		return -1
	}
	words := 0
	for i := a.entities[speaker].endTok; i < q; i++ {
		if doc.Tokens[i].Kind != audit.Word {
			continue
		}
		words++
		if words > 4 {
			return -1
		}
		if wordlist.InLower(reportingVerbs, doc.TokenText(i)) || wordlist.InLower(quoteVerbs, doc.TokenText(i)) {
			return speaker
		}
	}
	return -1
}

// quoteVerbs are more verbs that introduce a quotation.
var quoteVerbs = audit.ParseWordList(`stated
states
declared
insisted
argued
commented
recalled
warned
stressed
concluded
continued
say
tell`)

// clauseWords open a new clause: a reflexive's antecedent is not before
// them.
var clauseWords = audit.ParseWordList(`that
who
whom
whose
which
where
because
when
while
if
although
though
after
before
since
and
but
or
as
until
unless`)

// reflexiveAntecedent handles himself/herself, which refer to the subject
// of their own clause: when the clause (back to a comma or a word such as
// "that", "who", "and") names exactly one person, of known gender that
// disagrees, with no other gendered pronoun, role or gendered noun in it,
// it returns that person ("Obi said that Mrs Eze had introduced himself"),
// else -1. This holds even when another sentence part could carry the
// reflexive's gender.
func (a *analysis) reflexiveAntecedent(doc *audit.Document, pi int) int {
	p := a.pronouns[pi]
	if p.form != "himself" && p.form != "herself" {
		return -1
	}
	start := doc.Sentences[p.sent].FirstToken
	for i := p.tok - 1; i >= start; i-- {
		t := doc.Tokens[i]
		w := strings.ToLower(doc.TokenText(i))
		if t.Kind == audit.Punct && w != "." && w != "'" && w != "’" || t.Kind == audit.Word && clauseWords[w] {
			start = i + 1
			break
		}
		if t.Kind == audit.Word && (roleNouns[w] || nounGender(w) != "" || w == "he" || w == "she" || w == "his" || w == "her" || w == "him") {
			return -1
		}
	}
	found := -1
	for i, e := range a.entities {
		if e.sentence != p.sent || e.kind == thingKind || e.firstTok < start || e.endTok > p.tok {
			continue
		}
		if found >= 0 {
			return -1 // two people: "Eze told Obi to help himself"
		}
		found = i
	}
	if found < 0 {
		return -1
	}
	e := a.entities[found]
	if e.gender == "" || e.gender == p.gender || stripPoss(doc.Slice(e.span)) != doc.Slice(e.span) {
		return -1 // unknown, agreeing, or a possessor ("Eze's son hurt himself")
	}
	return found
}
