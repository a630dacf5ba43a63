package server

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules"
)

func TestDecodeRequestDeepNesting(t *testing.T) {
	for _, body := range []string{
		strings.Repeat("[", 20000),
		strings.Repeat(`{"documents":`, 20000),
		`{"text": ` + strings.Repeat("[", 20000) + `}`,
	} {
		_, err := DecodeRequest([]byte(body), 0)
		var re *RequestError
		require.True(t, errors.As(err, &re), "%v", err)
		assert.Equal(t, http.StatusBadRequest, re.Status)
	}
}

func TestDecodeRequestForms(t *testing.T) {
	one, err := DecodeRequest([]byte(`{"id":"x","text":"Hello."}`), 0)
	require.NoError(t, err)
	assert.Equal(t, []Article{{ID: "x", Text: "Hello."}}, one)

	batch, err := DecodeRequest([]byte(`{"documents":[{"text":"A."},{"id":7,"text":"B."}]}`), 0)
	require.NoError(t, err)
	assert.Equal(t, []Article{{ID: "request:1", Text: "A."}, {ID: "7", Text: "B."}}, batch)

	arr, err := DecodeRequest([]byte(` [{"text":"A."}] `), 2)
	require.NoError(t, err)
	assert.Len(t, arr, 1)

	// an escaped lone surrogate decodes to U+FFFD: valid UTF-8, accepted
	s, err := DecodeRequest([]byte(`{"text":"caf\ud800 ok"}`), 0)
	require.NoError(t, err)
	assert.True(t, utf8.ValidString(s[0].Text))
}

// FuzzDecodeRequest: the decoder never panics, refuses only with a 4xx
// RequestError, and what it accepts is auditable; the whole handler never
// answers 5xx to any body.
func FuzzDecodeRequest(f *testing.F) {
	for _, seed := range []string{
		`{"id":"a","text":"The minister said Kim said Kim said Kim said Kim said."}`,
		`{"documents":[{"text":"A."},{"id":2,"text":"B b."}]}`,
		`[{"text":"A."},{"text":"B.","meta":{"k":"v"}}]`,
		`{"text":1}`, `{"text":"a\u0000"}`, "{\"text\":\"\xff\"}", `[`, `{"documents":null}`,
		`{"documents":[], "x":1}`, `"text"`, `null`, `{"text":"ok"} trailing`, ``,
	} {
		f.Add([]byte(seed))
	}
	s := New(Options{Rules: rules.All(), Env: rules.DefaultEnv(), Gate: audit.DefaultGate(), MaxBodyBytes: 1 << 16, MaxDocuments: 8})
	f.Fuzz(func(t *testing.T, body []byte) {
		arts, err := DecodeRequest(body, 8)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) || re.Status < 400 || re.Status > 499 || re.Message == "" {
				t.Fatalf("refusal is not a 4xx RequestError: %#v", err)
			}
		} else {
			if len(arts) == 0 || len(arts) > 8 {
				t.Fatalf("accepted %d articles", len(arts))
			}
			for _, a := range arts {
				if strings.TrimSpace(a.Text) == "" || !utf8.ValidString(a.Text) || !utf8.ValidString(a.ID) || a.ID == "" {
					t.Fatalf("accepted a bad article %+v", a)
				}
			}
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/check", strings.NewReader(string(body))))
		if rec.Code >= 500 {
			t.Fatalf("status %d for body %q: %s", rec.Code, body, rec.Body.String())
		}
		if (err == nil) != (rec.Code == http.StatusOK) && len(body) <= 1<<16 {
			t.Fatalf("decoder said %v but the handler answered %d", err, rec.Code)
		}
	})
}
