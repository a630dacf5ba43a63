package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit/input"
)

// Article is one document of a /v1/check request.
type Article struct {
	// ID names the article in the report; a string or a number in the
	// request. Missing or empty: "request:N", N its 1-based position.
	ID string
	// Text is the article to audit: a non-empty JSON string.
	Text string
	// Meta is optional metadata carried into the report unchanged.
	Meta map[string]string
}

// RequestError is a request the service refuses: its HTTP status (always
// 4xx) and a message safe to show the client.
type RequestError struct {
	Status  int
	Message string
}

// Error returns the message shown to the client.
func (e *RequestError) Error() string { return e.Message }

func badRequest(format string, args ...any) *RequestError {
	return &RequestError{Status: http.StatusBadRequest, Message: fmt.Sprintf(format, args...)}
}

// DecodeRequest parses the body of POST /v1/check. It accepts one article
// {"id": ..., "text": ...}, a batch {"documents": [article, ...]}, or a bare
// JSON array of articles. Unknown fields of an article are ignored (a CMS
// may post its whole record); a batch object may hold nothing but
// "documents". It returns at most maxDocs articles (0: no limit) and a
// *RequestError for anything it cannot accept.
func DecodeRequest(body []byte, maxDocs int) ([]Article, error) {
	if !utf8.Valid(body) {
		return nil, badRequest("request body is not valid UTF-8 (first bad byte at offset %d)", input.InvalidUTF8Offset(body))
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, badRequest("empty request body: want a JSON article {\"id\", \"text\"}, {\"documents\": [...]} or an array of articles")
	}
	var raws []json.RawMessage
	var field string // the JSON path prefix of each article in messages
	switch trimmed[0] {
	case '[':
		if err := decodeStrict(body, &raws); err != nil {
			return nil, err
		}
		field = ""
	case '{':
		var obj map[string]json.RawMessage
		if err := decodeStrict(body, &obj); err != nil {
			return nil, err
		}
		docs, isBatch := obj["documents"]
		if !isBatch {
			raws = []json.RawMessage{body}
			break
		}
		for k := range obj {
			if k != "documents" {
				return nil, badRequest("a batch holds only \"documents\", got field %q too", k)
			}
		}
		if err := decodeStrict(docs, &raws); err != nil {
			var re *RequestError
			if errors.As(err, &re) && strings.HasPrefix(re.Message, "wrong type") {
				return nil, badRequest("\"documents\" must be an array of articles")
			}
			return nil, err
		}
		field = "documents"
	default:
		return nil, badRequest("want a JSON object or array, got %s", describeStart(trimmed))
	}
	if len(raws) == 0 {
		return nil, badRequest("no articles in the request")
	}
	if maxDocs > 0 && len(raws) > maxDocs {
		return nil, &RequestError{Status: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("%d articles in one request; the limit is %d", len(raws), maxDocs)}
	}
	single := field == "" && trimmed[0] == '{'
	out := make([]Article, len(raws))
	for i, raw := range raws {
		where := fmt.Sprintf("%s[%d]", field, i)
		if single {
			where = "article"
		}
		a, err := decodeArticle(raw, where)
		if err != nil {
			return nil, err
		}
		if a.ID == "" {
			a.ID = "request:" + strconv.Itoa(i+1)
		}
		out[i] = a
	}
	return out, nil
}

// decodeStrict decodes exactly one JSON value into v, rejecting trailing
// data, and turns decoding errors into *RequestError.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("malformed JSON: unexpected data after the top-level value at byte %d", dec.InputOffset())
	}
	return nil
}

func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return badRequest("malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return badRequest("wrong type: %s must not be a JSON %s", typ.Field, typ.Value)
		}
		return badRequest("wrong type: want %s, got a JSON %s", jsonKind(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("malformed JSON: unexpected end of the body")
	}
	return badRequest("malformed JSON: %v", err)
}

func jsonKind(goKind string) string {
	switch goKind {
	case "slice":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return goKind
}

// decodeArticle decodes one article object; where names it in messages.
func decodeArticle(raw json.RawMessage, where string) (Article, error) {
	var rec map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rec); err != nil || rec == nil {
		return Article{}, badRequest("%s: want a JSON object {\"id\", \"text\"}", where)
	}
	var a Article
	var err error
	if a.ID, a.Text, err = input.RecordFields(rec, "id", "text"); err != nil {
		return Article{}, articleError(err, where)
	}
	if rawMeta, ok := rec["meta"]; ok && !isNull(rawMeta) {
		if err := json.Unmarshal(rawMeta, &a.Meta); err != nil {
			return a, badRequest("%s: \"meta\" must be an object of strings", where)
		}
	}
	return a, nil
}

// articleError words a record error of input.RecordFields for the client.
func articleError(err error, where string) *RequestError {
	var re *input.RecordError
	if !errors.As(err, &re) {
		return badRequest("%s: %v", where, err)
	}
	switch re.Problem {
	case input.NoText:
		return badRequest("%s: no \"text\" field", where)
	case input.TextNotString:
		return badRequest("%s: \"text\" must be a string", where)
	case input.TextEmpty:
		return badRequest("%s: \"text\" is empty", where)
	case input.TextNUL:
		return badRequest("%s: \"text\" contains a NUL character", where)
	case input.TextNotUTF8:
		return badRequest("%s: \"text\" is not valid UTF-8", where)
	case input.BadID:
		return badRequest("%s: \"id\" must be a string or a number", where)
	}
	return badRequest("%s: %v", where, err)
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func describeStart(b []byte) string {
	r, _ := utf8.DecodeRune(b)
	return strconv.QuoteRune(r)
}
