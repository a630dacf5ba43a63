package input

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Problem is what is wrong with a JSON record (see RecordError).
type Problem int

// The problems DecodeRecord and RecordFields report.
const (
	LineNotUTF8   Problem = iota + 1 // the line itself is not valid UTF-8
	NotObject                        // the line is not a JSON object
	NoText                           // the text field is missing
	TextNotString                    // the text field is not a JSON string (null included)
	TextEmpty                        // the text is empty or only white space
	TextNUL                          // the text holds a NUL character
	TextNotUTF8                      // the text is not valid UTF-8
	BadID                            // the id field is neither a string nor a number
)

// RecordError is a JSON record that does not give a document. Its message
// names the field; callers with their own wording switch on Problem.
type RecordError struct {
	Problem Problem
	Field   string // the field at fault; "" for LineNotUTF8 and NotObject
	Offset  int    // LineNotUTF8: the byte offset of the first bad byte
	Err     error  // NotObject: the JSON decoder's error
}

// Error words the problem as check reports it, naming the field.
func (e *RecordError) Error() string {
	switch e.Problem {
	case LineNotUTF8:
		return fmt.Sprintf("invalid UTF-8 at byte %d of the line", e.Offset)
	case NotObject:
		return fmt.Sprintf("not a JSON object: %v", e.Err)
	case NoText:
		return fmt.Sprintf("no %q field (choose the text field with --text-field)", e.Field)
	case TextNotString:
		return fmt.Sprintf("field %q is not a string", e.Field)
	case TextEmpty:
		return fmt.Sprintf("field %q is empty", e.Field)
	case TextNUL:
		return fmt.Sprintf("field %q contains a NUL character", e.Field)
	case TextNotUTF8:
		return fmt.Sprintf("field %q is not valid UTF-8", e.Field)
	case BadID:
		return fmt.Sprintf("field %q is neither a string nor a number", e.Field)
	}
	return fmt.Sprintf("field %q: bad record", e.Field)
}

// Unwrap returns the JSON decoder's error of a NotObject record.
func (e *RecordError) Unwrap() error { return e.Err }

// DecodeRecord decodes one JSONL line, a JSON object, and returns its id
// and text fields. The text must be a non-empty string without NUL
// characters; the id, when present and not null, a string or a number (a
// number is returned as written). A missing or null id gives id "": the
// caller names the document. Any other problem is a *RecordError.
func DecodeRecord(line []byte, idField, textField string) (id, text string, err error) {
	if !utf8.Valid(line) {
		return "", "", &RecordError{Problem: LineNotUTF8, Offset: InvalidUTF8Offset(line)}
	}
	rec, ok := splitObject(line) // fast path (fastrecord.go)
	if !ok {
		if err := json.Unmarshal(line, &rec); err != nil {
			return "", "", &RecordError{Problem: NotObject, Err: err}
		}
	}
	return RecordFields(rec, idField, textField)
}

// RecordFields is DecodeRecord for a record already decoded into its
// fields, for callers that read other fields of it too.
func RecordFields(rec map[string]json.RawMessage, idField, textField string) (id, text string, err error) {
	rawText, ok := rec[textField]
	if !ok {
		return "", "", &RecordError{Problem: NoText, Field: textField}
	}
	if plain, ok := plainString(rawText); ok {
		text = plain // what json.Unmarshal would give, without its passes
	} else if isNull(rawText) || json.Unmarshal(rawText, &text) != nil {
		return "", "", &RecordError{Problem: TextNotString, Field: textField}
	}
	switch {
	case strings.TrimSpace(text) == "":
		return "", "", &RecordError{Problem: TextEmpty, Field: textField}
	case strings.IndexByte(text, 0) >= 0:
		return "", "", &RecordError{Problem: TextNUL, Field: textField}
	case !utf8.ValidString(text):
		// encoding/json replaces bad bytes, but stay safe if that changes
		return "", "", &RecordError{Problem: TextNotUTF8, Field: textField}
	}
	if rawID, ok := rec[idField]; ok && !isNull(rawID) {
		var s string
		var n json.Number
		switch {
		case json.Unmarshal(rawID, &s) == nil:
			id = s
		case json.Unmarshal(rawID, &n) == nil:
			id = n.String()
		default:
			return "", "", &RecordError{Problem: BadID, Field: idField}
		}
	}
	return id, text, nil
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// InvalidUTF8Offset returns the byte offset of the first invalid UTF-8
// sequence in data, or len(data) when there is none.
func InvalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}
