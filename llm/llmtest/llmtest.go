// Package llmtest is a fake OpenAI-compatible chat-completions server for
// tests: it records every request and answers with a scripted reply, by
// default a well-formed answer built from the prompt (a suggestion for each
// finding, no review errors). It never touches the network beyond loopback.
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/mtaudit/mtaudit/prompts"
)

// Request is one request the server received.
type Request struct {
	Path   string
	Header http.Header
	Raw    []byte         // the body as sent
	Body   map[string]any // the body decoded
	// Task is "suggest" or "review", from the schema name or the prompt.
	Task         string
	System, User string
	// Format is the response_format type: "json_schema", "json_object" or "".
	Format string
}

// Reply is what the server answers to one request.
type Reply struct {
	Status  int               // 200 when 0
	Header  map[string]string // extra response headers
	Body    string            // raw body; when empty a completion carrying Content is sent
	Content string            // the assistant message
	Refusal string            // the assistant's refusal
	Delay   time.Duration     // wait before answering (cancelled with the request)
	Usage   [2]int            // prompt and completion tokens
}

// Server is the fake. Script, when set, chooses the reply to the n-th
// request (0-based); otherwise Default answers.
type Server struct {
	*httptest.Server
	Script func(n int, r *Request) Reply

	mu       sync.Mutex
	requests []*Request
}

// New starts a fake server; close it with Close.
func New(script func(n int, r *Request) Reply) *Server {
	s := &Server{Script: script}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	return s
}

// URL returns the base URL to configure (…/v1).
func (s *Server) BaseURL() string { return s.Server.URL + "/v1" }

// Requests returns the requests received so far.
func (s *Server) Requests() []*Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Request(nil), s.requests...)
}

// Count returns the number of requests received so far.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func (s *Server) handle(w http.ResponseWriter, hr *http.Request) {
	raw, _ := io.ReadAll(hr.Body)
	r := &Request{Path: hr.URL.Path, Header: hr.Header.Clone(), Raw: raw}
	_ = json.Unmarshal(raw, &r.Body)
	if msgs, ok := r.Body["messages"].([]any); ok {
		for _, m := range msgs {
			mm, _ := m.(map[string]any)
			content, _ := mm["content"].(string)
			switch mm["role"] {
			case "system":
				r.System = content
			case "user":
				r.User = content
			}
		}
	}
	if rf, ok := r.Body["response_format"].(map[string]any); ok {
		r.Format, _ = rf["type"].(string)
		if js, ok := rf["json_schema"].(map[string]any); ok {
			name, _ := js["name"].(string)
			r.Task = strings.TrimPrefix(name, "mtaudit_")
		}
	}
	if r.Task == "" {
		r.Task = string(prompts.Suggest)
		if strings.Contains(r.System, "MQM") {
			r.Task = string(prompts.Review)
		}
	}
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, r)
	s.mu.Unlock()

	var rep Reply
	if s.Script != nil {
		rep = s.Script(n, r)
	} else {
		rep = Default(r)
	}
	if rep.Delay > 0 {
		select {
		case <-time.After(rep.Delay):
		case <-hr.Context().Done():
			return
		}
	}
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	status := rep.Status
	if status == 0 {
		status = http.StatusOK
	}
	body := rep.Body
	if body == "" && status == http.StatusOK {
		body = Completion(rep.Content, rep.Refusal, rep.Usage)
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// Completion is a chat-completion response body carrying content.
func Completion(content, refusal string, usage [2]int) string {
	msg := map[string]any{"role": "assistant", "content": content}
	if refusal != "" {
		msg["refusal"] = refusal
		msg["content"] = nil
	}
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": 1, "model": "fake",
		"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": "stop"}},
		"usage":   map[string]int{"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": usage[0] + usage[1]},
	})
	return string(b)
}

// APIError is an OpenAI-style error body.
func APIError(message, typ string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": message, "type": typ}})
	return string(b)
}

var findingsRE = regexp.MustCompile(`(?s)BEGIN (\S+) FINDINGS[^\n]*\n(.*?)END (\S+) FINDINGS`)
var articleRE = regexp.MustCompile(`BEGIN (\S+) ARTICLE\n`)

// Findings returns the findings a user prompt shows.
func Findings(user string) []prompts.Finding {
	m := findingsRE.FindStringSubmatch(user)
	if m == nil {
		return nil
	}
	var out []prompts.Finding
	for _, line := range strings.Split(m[2], "\n") {
		var f prompts.Finding
		if json.Unmarshal([]byte(line), &f) == nil && f.ID != "" {
			out = append(out, f)
		}
	}
	return out
}

// Article returns the article a user prompt shows, up to the end marker
// carrying the same nonce as the start marker.
func Article(user string) string {
	m := articleRE.FindStringSubmatchIndex(user)
	if m == nil {
		return ""
	}
	nonce := user[m[2]:m[3]]
	rest := user[m[1]:]
	end := strings.Index(rest, "\nEND "+nonce+" ARTICLE")
	if end < 0 {
		return ""
	}
	return rest[:end]
}

// Default answers like a cooperative model: for a suggestion request, a
// fix for every finding (the text's first half when it repeats, else the
// text with "[fixed]"); for a review, no errors.
func Default(r *Request) Reply {
	return Reply{Content: DefaultContent(r), Usage: [2]int{100, 20}}
}

// DefaultContent is Default's message.
func DefaultContent(r *Request) string {
	if r.Task == string(prompts.Review) {
		return `{"errors": []}`
	}
	type sug struct {
		ID          string `json:"id"`
		Original    string `json:"original"`
		Replacement string `json:"replacement"`
		Note        string `json:"note"`
	}
	out := struct {
		Suggestions []sug `json:"suggestions"`
	}{Suggestions: []sug{}}
	for _, f := range Findings(r.User) {
		out.Suggestions = append(out.Suggestions, sug{ID: f.ID, Original: f.Text, Replacement: Fix(f.Text), Note: "fake fix"})
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// Fix is the fake model's repair of text: a loop cut to one copy when the
// text repeats its first words, else the text marked "[fixed]".
func Fix(text string) string {
	w := strings.Fields(text)
	for n := 1; n <= len(w)/2; n++ {
		unit := strings.Join(w[:n], " ")
		if strings.HasPrefix(strings.Join(w[n:], " "), unit) {
			return unit
		}
	}
	return fmt.Sprintf("[fixed] %s", text)
}
