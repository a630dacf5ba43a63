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

// loop is a phrase of period words repeated copies times in a row, from
// word index start of its sentence.
type loop struct {
	seq                   int // index into sentenceWords
	start, period, copies int
}

// end is the word index just after the loop's last whole copy.
func (l loop) end() int { return l.start + l.period*l.copies }

// maxLoopPeriod bounds the phrase length the loop search tries, keeping it
// linear in the text length.
const maxLoopPeriod = 48

type loopKey struct{}

// findLoops finds, in every sentence, the phrases repeated three or more
// times in a row with nothing but white space between the copies. Where
// loops overlap, the one with the shortest phrase wins ("said Kim" rather
// than "said Kim said Kim"). It runs in O(words × maxLoopPeriod).
func findLoops(doc *audit.Document) []loop {
	return doc.Memo(loopKey{}, func() any {
		var out []loop
		for qi, seq := range sentenceWords(doc) {
			h := seq.hashes
			var taken []loop
			for p := 1; p <= maxLoopPeriod && 3*p <= len(h); p++ {
				streak := 0 // consecutive i with h[i] == h[i+p] and no punctuation in between
				for i := 0; i+p <= len(h); i++ {
					if i+p < len(h) && h[i] == h[i+p] && !seq.gapBefore[i+p] && (streak == 0 || !seq.gapBefore[i]) {
						streak++
						continue
					}
					if streak >= 2*p {
						start := i - streak
						l := loop{seq: qi, start: start, period: p, copies: (streak + p) / p}
						if !overlapsAny(taken, l) {
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

func overlapsAny(loops []loop, l loop) bool {
	for _, o := range loops {
		if l.start < o.end() && o.start < l.end() {
			return true
		}
	}
	return false
}

// inLoop reports whether word i of sentence seq lies inside one of loops.
func inLoop(loops []loop, seq, i int) bool {
	for _, l := range loops {
		if l.seq == seq && l.start <= i && i < l.end() {
			return true
		}
	}
	return false
}

// wordSpan is the byte span from word i to word j (inclusive) of seq.
func wordSpan(doc *audit.Document, seq wordSeq, i, j int) audit.Span {
	return audit.Span{Start: doc.Tokens[seq.tokens[i]].Start, End: doc.Tokens[seq.tokens[j]].End}
}
