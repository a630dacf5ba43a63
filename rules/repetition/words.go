// Package repetition holds the repetition rules: decoder loops, long
// phrases repeated within a sentence, and doubled words.
package repetition

import (
	"unicode"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
)

// wordSeq is the words (and numbers) of one sentence with a case-folded
// hash each, so that repetition rules compare words without allocating.
type wordSeq struct {
	sentence int
	tokens   []int    // indices into Document.Tokens
	hashes   []uint64 // case-folded FNV-1a hash of each word
	// gapBefore[i] is true when punctuation separates word i from word i-1.
	gapBefore []bool
}

type wordSeqKey struct{}

// sentenceWords returns the word sequence of every sentence, computed once
// per document and shared by the repetition rules.
func sentenceWords(doc *audit.Document) []wordSeq {
	return doc.Memo(wordSeqKey{}, func() any {
		seqs := make([]wordSeq, 0, len(doc.Sentences))
		for si, s := range doc.Sentences {
			n := 0
			for i := s.FirstToken; i < s.EndToken; i++ {
				if doc.Tokens[i].Kind != audit.Punct {
					n++
				}
			}
			seq := wordSeq{sentence: si, tokens: make([]int, 0, n), hashes: make([]uint64, 0, n), gapBefore: make([]bool, 0, n)}
			gap := false
			for i := s.FirstToken; i < s.EndToken; i++ {
				t := doc.Tokens[i]
				if t.Kind == audit.Punct {
					gap = true
					continue
				}
				seq.tokens = append(seq.tokens, i)
				seq.hashes = append(seq.hashes, foldHash(doc.Text[t.Start:t.End]))
				seq.gapBefore = append(seq.gapBefore, gap)
				gap = false
			}
			seqs = append(seqs, seq)
		}
		return seqs
	}).([]wordSeq)
}

// foldHash is a case-insensitive FNV-1a hash of s.
func foldHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h ^= uint64(c)
			h *= 1099511628211
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		r = unicode.ToLower(r)
		h ^= uint64(r)
		h *= 1099511628211
		i += size
	}
	return h
}

// loop is a phrase repeated copies times in a row inside one sentence.
type loop struct {
	span   audit.Span // all the copies
	first  audit.Span // the first copy
	copies int
	words  int // words in one copy
}

// maxLoopPeriod bounds the phrase length (in tokens) the loop search
// tries, keeping it linear in the text length.
const maxLoopPeriod = 48

type loopKey struct{}

// findLoops finds, in every sentence, the phrases repeated three or more
// times in a row. Copies are compared token by token, punctuation
// included, so a phrase may carry its own punctuation ("archipelago
// "archipelago "archipelago); such a phrase of one word needs four copies,
// which leaves lists like "no, no, no" alone. Where loops overlap, the one
// with the shortest phrase wins ("said Kim" rather than "said Kim said
// Kim"). It runs in O(tokens × maxLoopPeriod).
func findLoops(doc *audit.Document) []loop {
	return doc.Memo(loopKey{}, func() any {
		var out []loop
		var h []uint64
		for _, s := range doc.Sentences {
			toks := doc.Tokens[s.FirstToken:s.EndToken]
			h = h[:0]
			for _, t := range toks {
				h = append(h, foldHash(doc.Text[t.Start:t.End]))
			}
			var taken []loop
			for p := 1; p <= maxLoopPeriod && 3*p <= len(h); p++ {
				streak := 0 // consecutive i with h[i] == h[i+p]
				for i := 0; i+p <= len(h); i++ {
					if i+p < len(h) && h[i] == h[i+p] {
						streak++
						continue
					}
					if streak >= 2*p {
						if l, ok := makeLoop(toks, i-streak, p, (streak+p)/p); ok && !overlapsAny(taken, l) {
							taken = append(taken, l)
						}
					}
					streak = 0
				}
			}
			out = append(out, taken...)
		}
		return out
	}).([]loop)
}

// makeLoop builds the loop of copies copies of the period-token phrase at
// toks[start:], trimmed to start and end on a word, if it qualifies.
func makeLoop(toks []audit.Token, start, period, copies int) (loop, bool) {
	words, punct := 0, 0
	for _, t := range toks[start : start+period] {
		if t.Kind == audit.Punct {
			punct++
		} else {
			words++
		}
	}
	if words == 0 || (punct > 0 && words == 1 && copies < 4) {
		return loop{}, false
	}
	end := start + period*copies // exclusive
	first, last := start, end-1
	for toks[first].Kind == audit.Punct {
		first++
	}
	for toks[last].Kind == audit.Punct {
		last--
	}
	firstEnd := first + period - 1
	for toks[firstEnd].Kind == audit.Punct {
		firstEnd--
	}
	return loop{
		span:   audit.Span{Start: toks[first].Start, End: toks[last].End},
		first:  audit.Span{Start: toks[first].Start, End: toks[firstEnd].End},
		copies: copies,
		words:  words,
	}, true
}

func overlapsAny(loops []loop, l loop) bool {
	for _, o := range loops {
		if l.span.Overlaps(o.span) {
			return true
		}
	}
	return false
}

// inLoop reports whether byte span s overlaps one of loops.
func inLoop(loops []loop, s audit.Span) bool {
	for _, l := range loops {
		if l.span.Overlaps(s) {
			return true
		}
	}
	return false
}

// wordSpan is the byte span from word i to word j (inclusive) of seq.
func wordSpan(doc *audit.Document, seq wordSeq, i, j int) audit.Span {
	return audit.Span{Start: doc.Tokens[seq.tokens[i]].Start, End: doc.Tokens[seq.tokens[j]].End}
}
