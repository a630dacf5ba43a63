package pronoun

import (
	"strings"

	"github.com/mtaudit/mtaudit/rules/wordlist"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// window holds what a pronoun may refer to: the entities of the previous
// sentence and of its own sentence before it.
type window struct {
	before []int // entity indices, in text order: previous sentence, then this one up to the pronoun
	// support is true when something in the previous or the same sentence
	// could carry the pronoun's gender: an entity or a gendered noun of that
	// gender, or an earlier pronoun of that gender.
	support bool
}

func (a *analysis) window(doc *audit.Document, pi int) window {
	p := a.pronouns[pi]
	var w window
	off := doc.Tokens[p.tok].Start
	speaker := a.quoteSpeaker(doc, p)
	for i, e := range a.entities {
		if e.sentence != p.sent && e.sentence != p.sent-1 {
			continue
		}
		if e.gender == p.gender && i != speaker {
			w.support = true
		}
		if e.span.Start < off {
			w.before = append(w.before, i)
		}
	}
	for _, s := range []int{p.sent - 1, p.sent} {
		if s >= 0 && a.nouns[s][p.gender] {
			w.support = true
		}
	}
	for qi, q := range a.pronouns {
		if qi != pi && q.gender == p.gender && (q.sent == p.sent || q.sent == p.sent-1) && q.tok < p.tok {
			w.support = true
		}
	}
	return w
}

// subject returns the likely antecedent in w for a pronoun in sentence
// sent: the first person-like entity of the sentence (its subject, most
// often), else the first of the previous sentence; -1 if none.
func (a *analysis) subject(w window, sent int) int {
	best := -1
	for _, ei := range w.before {
		e := a.entities[ei]
		if e.kind == thingKind {
			continue
		}
		if e.sentence == sent {
			return ei
		}
		if best < 0 {
			best = ei
		}
	}
	return best
}

// nonPersonAntecedent returns the country or organisation a gendered
// pronoun most likely refers to, or -1: the nearest entity before the
// pronoun in its sentence is a thing, no person-like entity stands between
// them, the thing is close (a few words) or the first entity of the
// sentence, and nothing in the window carries the pronoun's gender.
func (a *analysis) nonPersonAntecedent(doc *audit.Document, pi int, w window) int {
	p := a.pronouns[pi]
	if w.support {
		return -1
	}
	nearest := -1
	for _, ei := range w.before {
		if a.entities[ei].sentence == p.sent {
			nearest = ei
		}
	}
	if nearest < 0 {
		return -1
	}
	e := a.entities[nearest]
	// Countries of the lexicon only: organisation names found by their head
	// noun ("the Swedish Post Office, where he...") proved too loose.
	if e.kind != thingKind || !strings.HasPrefix(e.evidence, "country") {
		return -1
	}
	if p.object {
		return -1
	}
	// The thing must not be the object of a preposition ("went to Sweden,
	// where he...").
	if e.firstTok > 0 && doc.Tokens[e.firstTok-1].Kind == audit.Word && wordlist.InLower(prepositions, doc.TokenText(e.firstTok-1)) {
		return -1
	}
	// Close: "North Korea says that she", "China and its" (at most 4 words between).
	words := 0
	for i := e.endTok; i < p.tok; i++ {
		if doc.Tokens[i].Kind == audit.Word {
			words++
		}
	}
	if words > 4 {
		return -1
	}
	return nearest
}

// swap returns the pronoun of the other gender, keeping the case of form.
func swap(form string, object bool) string {
	lower := strings.ToLower(form)
	var out string
	switch lower {
	case "he":
		out = "she"
	case "she":
		out = "he"
	case "him":
		out = "her"
	case "his":
		out = "her"
	case "her":
		if object {
			out = "him"
		} else {
			out = "his"
		}
	case "hers":
		out = "his"
	case "himself":
		out = "herself"
	case "herself":
		out = "himself"
	}
	return sameCase(out, form)
}

// neuter returns it/its/itself for a gendered pronoun, keeping case.
func neuter(form string, object bool) string {
	var out string
	switch strings.ToLower(form) {
	case "he", "she", "him":
		out = "it"
	case "his", "hers":
		out = "its"
	case "her":
		if object {
			out = "it"
		} else {
			out = "its"
		}
	case "himself", "herself":
		out = "itself"
	}
	return sameCase(out, form)
}

func sameCase(out, like string) string {
	if out != "" && like != "" && like[0] >= 'A' && like[0] <= 'Z' {
		return strings.ToUpper(out[:1]) + out[1:]
	}
	return out
}

func other(g lexicon.Gender) lexicon.Gender {
	if g == lexicon.Male {
		return lexicon.Female
	}
	return lexicon.Male
}

var prepositions = audit.ParseWordList(`to
in
from
at
of
for
with
into
by
on
across
against
toward
towards
via
between
within
outside
inside
near
over
under
about
through
than
like
visit
visited
visiting
left
leave
leaving
`)
