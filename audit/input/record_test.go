package input

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeRecord(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		id, text   string
		problem    Problem
	}{
		{"string id", `{"id": "a1", "body": "Some text."}`, "a1", "Some text.", 0},
		{"number id as written", `{"id": 1.50, "body": "Some text."}`, "1.50", "Some text.", 0},
		{"no id", `{"body": "Some text."}`, "", "Some text.", 0},
		{"null id", `{"id": null, "body": "Some text."}`, "", "Some text.", 0},
		{"empty id", `{"id": "", "body": "Some text."}`, "", "Some text.", 0},
		{"object id", `{"id": {}, "body": "Some text."}`, "", "", BadID},
		{"bool id", `{"id": true, "body": "Some text."}`, "", "", BadID},
		{"not UTF-8", "{\"body\": \"caf\xe9\"}", "", "", LineNotUTF8},
		{"array", `[1, 2]`, "", "", NotObject},
		{"broken", `{"body": `, "", "", NotObject},
		{"no text", `{"id": "a", "text": "Wrong field."}`, "", "", NoText},
		{"null text", `{"body": null}`, "", "", TextNotString},
		{"number text", `{"body": 3}`, "", "", TextNotString},
		{"blank text", `{"body": " \n "}`, "", "", TextEmpty},
		{"NUL text", `{"body": "a\u0000b"}`, "", "", TextNUL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, text, err := DecodeRecord([]byte(tc.line), "id", "body")
			if tc.problem == 0 {
				require.NoError(t, err)
				assert.Equal(t, tc.id, id)
				assert.Equal(t, tc.text, text)
				return
			}
			var re *RecordError
			require.True(t, errors.As(err, &re), "got %v", err)
			assert.Equal(t, tc.problem, re.Problem)
		})
	}
}

func TestRecordErrorMessages(t *testing.T) {
	_, _, err := DecodeRecord([]byte("{\"x\": 1}\xff"), "id", "text")
	assert.EqualError(t, err, "invalid UTF-8 at byte 8 of the line")
	_, _, err = DecodeRecord([]byte(`{"id": "a"}`), "id", "target")
	assert.EqualError(t, err, `no "target" field (choose the text field with --text-field)`)
	_, _, err = DecodeRecord([]byte(`{"key": [], "text": "Fine."}`), "key", "text")
	assert.EqualError(t, err, `field "key" is neither a string nor a number`)
}

func TestInvalidUTF8Offset(t *testing.T) {
	assert.Equal(t, 3, InvalidUTF8Offset([]byte("abc\xffdef")))
	assert.Equal(t, 2, InvalidUTF8Offset([]byte("é\xc3")), "a truncated sequence at the end")
	assert.Equal(t, 5, InvalidUTF8Offset([]byte("héllo"[:5])), "valid: the length")
}

func FuzzDecodeRecord(f *testing.F) {
	f.Add([]byte(`{"id": 7, "text": "A sentence."}`))
	f.Add([]byte(`{"id": null, "text": null}`))
	f.Add([]byte("{\"text\": \"\xff\"}"))
	f.Fuzz(func(t *testing.T, line []byte) {
		id, text, err := DecodeRecord(line, "id", "text")
		if err != nil {
			assert.Empty(t, id)
			assert.Empty(t, text)
			return
		}
		assert.NotEmpty(t, text)
	})
}
