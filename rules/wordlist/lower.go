package wordlist

import (
	"strings"
	"unicode/utf8"
)

// AppendLower appends strings.ToLower(s) to buf: byte by byte for ASCII
// (no allocation), through strings.ToLower otherwise (same result).
func AppendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// InLower returns m[strings.ToLower(s)], lower-casing into a stack buffer
// so that the lookup does not allocate.
func InLower[V any](m map[string]V, s string) V {
	var arr [64]byte
	return m[string(AppendLower(arr[:0], s))]
}
