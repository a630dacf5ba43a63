package calque

import (
	"sort"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
)

// Hit is one match of a pack entry in a document that passed the entry's
// context conditions.
type Hit struct {
	Pack  *Pack
	Entry *Entry
	Span  audit.Span
	// Suggestion is the entry's template expanded for this match, or "".
	Suggestion string
}

type hitsKey struct{}

// Hits returns the hits of every embedded pack in doc, in text order,
// computed once per document.
func Hits(doc *audit.Document) []Hit {
	return doc.Memo(hitsKey{}, func() any { return findHits(doc) }).([]Hit)
}

func findHits(doc *audit.Document) []Hit {
	body := doc.Text[doc.Body.Start:doc.Body.End]
	lower := asciiLower(body)
	found := packTriggers.present(lower)
	var out []Hit
	for _, p := range packs {
		for _, e := range p.Entries {
			if !anyPresent(found, e.triggerIDs) {
				continue
			}
			if e.UnlessDoc != nil && e.UnlessDoc.MatchString(body) {
				continue
			}
			// Run the pattern only on the sentences holding a trigger.
			done := -1 // end of the last sentence searched
			for k, t := range e.triggers {
				if !found[e.triggerIDs[k]] {
					continue // strings.Index would not find it
				}
				for from := 0; ; {
					i := strings.Index(lower[from:], t)
					if i < 0 {
						break
					}
					at := doc.Body.Start + from + i
					from += i + len(t)
					span := sentenceSpan(doc, at)
					if span.Start < done {
						continue
					}
					done = span.End
					from = max(from, span.End-doc.Body.Start)
					out = e.appendHits(out, doc, p, span)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Span.Start != out[j].Span.Start {
			return out[i].Span.Start < out[j].Span.Start
		}
		return out[i].Span.End < out[j].Span.End
	})
	// The same match found through two triggers counts once.
	dedup := out[:0]
	for i, h := range out {
		if i > 0 && h.Span == out[i-1].Span && h.Entry == out[i-1].Entry {
			continue
		}
		dedup = append(dedup, h)
	}
	return dedup
}

// appendHits adds the matches of e in the text of span (a sentence, or the
// body when there are none) that pass its context conditions.
func (e *Entry) appendHits(out []Hit, doc *audit.Document, p *Pack, within audit.Span) []Hit {
	text := doc.Text[within.Start:within.End]
	for _, m := range e.Pattern.FindAllStringSubmatchIndex(text, -1) {
		span := audit.Span{Start: within.Start + m[0], End: within.Start + m[1]}
		if span.Len() == 0 || !contextOK(doc, e, span) {
			continue
		}
		if g := e.flagGroup; g > 0 && m[2*g] >= 0 {
			// The pattern names the part to flag: (?P<flag>...).
			span = audit.Span{Start: within.Start + m[2*g], End: within.Start + m[2*g+1]}
		}
		h := Hit{Pack: p, Entry: e, Span: span}
		if e.Suggest != "" {
			h.Suggestion = string(e.Pattern.ExpandString(nil, e.Suggest, text, m))
			if si := doc.SentenceAt(span.Start); si >= 0 && doc.Sentences[si].Start == span.Start {
				h.Suggestion = matchCase(h.Suggestion, doc.Slice(span))
			}
		}
		out = append(out, h)
	}
	return out
}

// sentenceSpan is the span of the sentence holding byte off, or the body.
func sentenceSpan(doc *audit.Document, off int) audit.Span {
	if si := doc.SentenceAt(off); si >= 0 {
		return doc.Sentences[si].Span
	}
	return doc.Body
}

func containsAny(s string, subs []string) bool {
	for _, t := range subs {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// contextOK checks an entry's context conditions, within the sentence of
// the match.
func contextOK(doc *audit.Document, e *Entry, span audit.Span) bool {
	si := doc.SentenceAt(span.Start)
	sent := audit.Span{Start: doc.Body.Start, End: doc.Body.End}
	if si >= 0 {
		sent = doc.Sentences[si].Span
	}
	end := max(sent.End, span.End)
	before, after := doc.Text[sent.Start:span.Start], doc.Text[span.End:end]
	switch {
	case e.UnlessSentence != nil && e.UnlessSentence.MatchString(doc.Text[sent.Start:end]):
		return false
	case e.UnlessBefore != nil && e.UnlessBefore.MatchString(before):
		return false
	case e.UnlessAfter != nil && e.UnlessAfter.MatchString(after):
		return false
	case e.RequireAfter != nil && !e.RequireAfter.MatchString(after):
		return false
	}
	return true
}

// matchCase capitalises the suggestion's first letter when the flagged
// text starts with a capital; callers use it for sentence-initial matches.
func matchCase(suggestion, flagged string) string {
	if suggestion == "" || flagged == "" {
		return suggestion
	}
	if c := flagged[0]; c >= 'A' && c <= 'Z' {
		if s := suggestion[0]; s >= 'a' && s <= 'z' {
			return string(s-'a'+'A') + suggestion[1:]
		}
	}
	return suggestion
}

// asciiLower lower-cases ASCII letters only, so byte offsets are kept.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
