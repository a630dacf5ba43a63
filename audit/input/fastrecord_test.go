package input

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeRecordSlow is DecodeRecord through encoding/json only, the
// reference the fast path must agree with.
func decodeRecordSlow(line []byte, idField, textField string) (string, string, error) {
	var rec map[string]json.RawMessage
	if err := json.Unmarshal(line, &rec); err != nil {
		return "", "", &RecordError{Problem: NotObject, Err: err}
	}
	rawText, ok := rec[textField]
	if !ok {
		return "", "", &RecordError{Problem: NoText, Field: textField}
	}
	var text string
	if isNull(rawText) || json.Unmarshal(rawText, &text) != nil {
		return "", "", &RecordError{Problem: TextNotString, Field: textField}
	}
	rec[textField] = mustMarshal(text) // RecordFields' checks on the decoded text
	return RecordFields(rec, idField, textField)
}

func mustMarshal(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

var recordSamples = []string{
	`{"id": 7, "text": "A sentence."}`,
	`{"id":"a","text":"x","text":"second wins"}`,
	` { "text" : "spaced" , "id" : 1.5e3 } `,
	`{"text": "esc\"aped \u00e9 \n line", "id": "q\"id"}`,
	`{"te\u0078t": "escaped key"}`,
	`{"meta": {"a": [1, {"b": "}"}], "c": "]"}, "text": "after nested", "id": null}`,
	`{"id": true, "text": "bool id"}`,
	`{"id": [1], "text": "array id"}`,
	`{"text": null}`, `{"text": 5}`, `{"text": ""}`, `{"text": "  "}`, `{"text": "nul \u0000 here"}`,
	`{}`, `[]`, `null`, `"text"`, `{"text": "unterminated}`, `{"text": "a",}`, `{"text": "a"} trailing`,
	"{\"text\": \"\xff\"}", "{\"text\": \"tab\there\"}", `{"text": "ok"}{"text": "two"}`, ``, `   `,
}

func TestDecodeRecordFastPathAgrees(t *testing.T) {
	for _, line := range recordSamples {
		id, text, err := DecodeRecord([]byte(line), "id", "text")
		wid, wtext, werr := decodeRecordSlow([]byte(line), "id", "text")
		if !utf8ValidString(line) {
			continue // LineNotUTF8 is decided before either path
		}
		assert.Equal(t, wid, id, line)
		assert.Equal(t, wtext, text, line)
		if werr == nil {
			assert.NoError(t, err, line)
		} else {
			require.Error(t, err, line)
			assert.Equal(t, werr.Error(), err.Error(), line)
		}
	}
}

func FuzzDecodeRecordFastPath(f *testing.F) {
	for _, s := range recordSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if !utf8ValidString(string(line)) {
			return
		}
		id, text, err := DecodeRecord(line, "id", "text")
		wid, wtext, werr := decodeRecordSlow(line, "id", "text")
		if id != wid || text != wtext || (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
			t.Fatalf("%q: got %q %q %v, want %q %q %v", line, id, text, err, wid, wtext, werr)
		}
	})
}

func utf8ValidString(s string) bool { return InvalidUTF8Offset([]byte(s)) == len(s) }

// benchLine is a JSONL record of about 4 KB of article text.
func benchLine() []byte {
	text := ""
	for len(text) < 4096 {
		text += "The minister said on Tuesday that the talks would resume next week, according to officials. "
	}
	line, _ := json.Marshal(map[string]string{"id": "42", "text": text})
	return line
}

func BenchmarkDecodeRecord(b *testing.B) {
	line := benchLine()
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		if _, _, err := DecodeRecord(line, "id", "text"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeRecordEncodingJSON(b *testing.B) {
	line := benchLine()
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		// the decoding the encoding/json path does: the object, then the text and id
		var rec map[string]json.RawMessage
		var text, id string
		if json.Unmarshal(line, &rec) != nil || json.Unmarshal(rec["text"], &text) != nil || json.Unmarshal(rec["id"], &id) != nil {
			b.Fatal("bad line")
		}
	}
}
