package wordlist

import (
	"strings"
	"unicode/utf8"
)

// Set is a read-only set of words for the big lexicons looked up once per
// token. A word of 1 to 16 bytes without NUL is stored inline, zero-padded,
// in an open-addressing table, so a lookup usually touches one cache line
// (a Go map touches its control word, its slot and the key's bytes); other
// words are kept in a map. Has(w) is exactly words[w] of the map it was
// built from.
type Set struct {
	slots [][2]uint64 // zero: empty
	mask  uint64
	long  map[string]bool
}

// NewSet builds the Set of the words whose value in words is true.
func NewSet(words map[string]bool) *Set {
	n := 16
	for n < 2*len(words) {
		n *= 2
	}
	s := &Set{slots: make([][2]uint64, n), mask: uint64(n - 1), long: map[string]bool{}}
	for w, ok := range words {
		if !ok {
			continue
		}
		k, fits := pack(w)
		if !fits {
			s.long[w] = true
			continue
		}
		for i := hashKey(k[0], k[1]) & s.mask; ; i = (i + 1) & s.mask {
			if s.slots[i] == k {
				break
			}
			if s.slots[i] == ([2]uint64{}) {
				s.slots[i] = k
				break
			}
		}
	}
	return s
}

// Has reports whether w is in the set.
func (s *Set) Has(w string) bool {
	if len(w) == 0 || len(w) > 16 {
		return s.long[w]
	}
	var k0, k1 uint64
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == 0 {
			return s.long[w]
		}
		if i < 8 {
			k0 |= uint64(c) << (8 * i)
		} else {
			k1 |= uint64(c) << (8 * (i - 8))
		}
	}
	return s.hasKey(k0, k1)
}

// HasLower reports whether strings.ToLower(w) is in the set, without
// allocating for ASCII words.
func (s *Set) HasLower(w string) bool {
	if len(w) == 0 || len(w) > 16 {
		return s.long[strings.ToLower(w)]
	}
	var k0, k1 uint64
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= utf8.RuneSelf || c == 0:
			return s.Has(strings.ToLower(w))
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if i < 8 {
			k0 |= uint64(c) << (8 * i)
		} else {
			k1 |= uint64(c) << (8 * (i - 8))
		}
	}
	return s.hasKey(k0, k1)
}

// hasKey looks a packed word up. The first byte of a word is not NUL, so
// k0 is not zero, and a slot with a zero first word is empty.
func (s *Set) hasKey(k0, k1 uint64) bool {
	slots, mask := s.slots, s.mask
	for i := hashKey(k0, k1) & mask; ; i = (i + 1) & mask {
		e := &slots[i]
		if e[0] == k0 && e[1] == k1 {
			return true
		}
		if e[0] == 0 {
			return false
		}
	}
}

// pack stores w zero-padded in two little-endian words; it does not fit
// when it is empty, longer than 16 bytes or holds a NUL (padding would be
// ambiguous).
func pack(w string) (k [2]uint64, fits bool) {
	if len(w) == 0 || len(w) > 16 || strings.IndexByte(w, 0) >= 0 {
		return k, false
	}
	for i := 0; i < len(w); i++ {
		k[i/8] |= uint64(w[i]) << (8 * (i % 8))
	}
	return k, true
}

// hashKey mixes the two words of a packed key (splitmix64 finaliser).
func hashKey(k0, k1 uint64) uint64 {
	h := k0*0x9E3779B97F4A7C15 ^ k1*0xC2B2AE3D27D4EB4F
	h ^= h >> 31
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 29
	return h
}
