package input

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// splitObject splits a JSONL line into its top-level fields, as
// json.Unmarshal into map[string]json.RawMessage does, in one validating
// pass (json.Valid) and one plain byte scan instead of the decoder's
// passes. The values alias line. ok is false when the line is not a valid
// JSON object or a key holds an escape: the caller then decodes it with
// encoding/json, which also words the error.
func splitObject(line []byte) (rec map[string]json.RawMessage, ok bool) {
	if !json.Valid(line) {
		return nil, false
	}
	i := skipSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return nil, false
	}
	rec = map[string]json.RawMessage{}
	i = skipSpace(line, i+1)
	if line[i] == '}' {
		return rec, true
	}
	for {
		// line is valid JSON: a key string, a colon, a value, then , or }.
		end := stringEnd(line, i)
		key := line[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			return nil, false
		}
		i = skipSpace(line, end)
		i = skipSpace(line, i+1) // the colon
		vend := valueEnd(line, i)
		rec[string(key)] = line[i:vend:vend]
		i = skipSpace(line, vend)
		if line[i] == '}' {
			return rec, true
		}
		i = skipSpace(line, i+1) // the comma
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index after the string literal starting at b[i].
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// valueEnd returns the index after the (valid) JSON value starting at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for ; i < len(b); i++ { // number, true, false or null
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
	}
	return len(b)
}

// plainString returns the contents of raw when it is a JSON string literal
// without escapes, control characters or invalid UTF-8, which
// json.Unmarshal would return unchanged.
func plainString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c < 0x20 || c == '"' || c == '\\' {
			return "", false
		}
	}
	if !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}
