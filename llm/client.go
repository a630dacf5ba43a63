package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Error kinds, the keys of LLMSummary.Errors.
const (
	KindRateLimited  = "rate-limited"
	KindServerError  = "server-error"
	KindTimeout      = "timeout"
	KindTransport    = "transport"
	KindHTTP         = "http-error"
	KindRefused      = "refused"
	KindInvalidReply = "invalid-reply"
	KindBudget       = "budget"
	KindCancelled    = "cancelled"
	KindTooLong      = "too-long"
	KindInternal     = "internal"
)

// Error is a failed LLM request. Its message has the API key removed.
type Error struct {
	Kind string
	Msg  string
}

// Error returns the message, which never holds the API key.
func (e *Error) Error() string { return e.Msg }

// usage is the token count of one reply.
type usage struct{ prompt, completion int }

// counters are a client's run totals.
type counters struct {
	requests, retries, fallbacks atomic.Int64
	promptTokens, completionTok  atomic.Int64
}

// Client sends chat-completion requests to an OpenAI-compatible server, with
// retries, a request budget, structured output with a json_object fallback
// and an exact temperature.
type Client struct {
	cfg Config
	api *openai.Client
	key string // only to redact it from messages
	// noSchema is set once the server rejected a json_schema response format.
	noSchema atomic.Bool
	// omitTemperature is set for models that accept no sampling parameters.
	omitTemperature bool
	budget          atomic.Int64 // requests left when cfg.MaxRequests > 0
	n               counters
}

// NewClient returns a client for cfg (validated) using apiKey ("" for a
// local server) and hc (nil for a default client).
func NewClient(cfg Config, apiKey string, hc *http.Client) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if hc == nil {
		hc = &http.Client{}
	}
	var oc openai.ClientConfig
	if cfg.API == APIAzure {
		oc = openai.DefaultAzureConfig(apiKey, cfg.BaseURL)
		oc.APIVersion = cfg.APIVersion
		oc.AzureModelMapperFunc = func(model string) string { return model } // the model is the deployment name
	} else {
		oc = openai.DefaultConfig(apiKey)
		oc.BaseURL = cfg.BaseURL
	}
	oc.HTTPClient = &doer{hc: hc}
	c := &Client{cfg: cfg, api: openai.NewClientWithConfig(oc), key: apiKey}
	c.budget.Store(int64(cfg.MaxRequests))
	// Models that refuse sampling parameters (reasoning models) are known
	// to go-openai's validator; send them no temperature at all.
	probe := openai.ChatCompletionRequest{Model: cfg.Model, Temperature: 0.5}
	if openai.NewReasoningValidator().Validate(probe) != nil {
		c.omitTemperature = true
	}
	return c, nil
}

// zeroTemperature stands for an exact 0 in a request: go-openai omits a
// zero float32 temperature (omitempty), so the request carries the
// smallest non-zero float32 (the library's documented workaround) and the
// doer rewrites it to 0 on the wire, which servers that divide by the
// temperature (llama.cpp) need.
const zeroTemperature = math.SmallestNonzeroFloat32

// doer is the http client go-openai uses. It sends an exact zero
// temperature and records the Retry-After hint of each response in the
// request's context.
type doer struct{ hc *http.Client }

type hintKey struct{}

// retryHint carries a response's Retry-After from the doer to the retry loop.
type retryHint struct {
	mu    sync.Mutex
	after time.Duration
}

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Method == http.MethodPost {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read request body: %w", err)
		}
		body = exactZeroTemperature(body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := d.hc.Do(req)
	if resp != nil {
		resp.Body = limitedBody{io.LimitReader(resp.Body, maxResponseBytes), resp.Body}
		if h, ok := req.Context().Value(hintKey{}).(*retryHint); ok {
			h.mu.Lock()
			h.after = retryAfter(resp.Header, time.Now())
			h.mu.Unlock()
		}
	}
	return resp, err
}

// maxResponseBytes bounds what is read of one response: a reply is a few
// kilobytes of JSON, and a broken server must not exhaust memory.
const maxResponseBytes = 8 << 20

type limitedBody struct {
	io.Reader
	io.Closer
}

// exactZeroTemperature replaces the zeroTemperature placeholder in a JSON
// request body by 0.
func exactZeroTemperature(body []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	raw, ok := m["temperature"]
	if !ok {
		return body
	}
	var t float64
	if json.Unmarshal(raw, &t) != nil || t == 0 || t > 1e-30 {
		return body
	}
	m["temperature"] = json.RawMessage("0")
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}

// retryAfter reads the server's wait hint: retry-after-ms (OpenAI) or
// Retry-After in seconds or as an HTTP date; 0 when absent.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// request is one chat completion to make.
type request struct {
	system, user string
	schemaName   string
	schema       json.RawMessage
}

// complete sends r and returns the reply's text, retrying what is worth
// retrying. Every error it returns is an *Error with the key redacted.
func (c *Client) complete(ctx context.Context, r request) (string, usage, error) {
	var u usage
	fellBack := false
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return "", u, &Error{Kind: KindCancelled, Msg: "cancelled: " + err.Error()}
		}
		if c.cfg.MaxRequests > 0 && c.budget.Add(-1) < 0 {
			return "", u, &Error{Kind: KindBudget, Msg: fmt.Sprintf("request budget of %d spent (--llm-max-requests)", c.cfg.MaxRequests)}
		}
		useSchema := !c.noSchema.Load()
		req := c.chatRequest(r, useSchema)
		hint := &retryHint{}
		actx, cancel := context.WithTimeout(context.WithValue(ctx, hintKey{}, hint), c.cfg.Timeout)
		c.n.requests.Add(1)
		resp, err := c.api.CreateChatCompletion(actx, req)
		timedOut := errors.Is(actx.Err(), context.DeadlineExceeded)
		cancel()
		if err == nil {
			u.prompt += resp.Usage.PromptTokens
			u.completion += resp.Usage.CompletionTokens
			c.n.promptTokens.Add(int64(resp.Usage.PromptTokens))
			c.n.completionTok.Add(int64(resp.Usage.CompletionTokens))
			if len(resp.Choices) == 0 {
				return "", u, &Error{Kind: KindInvalidReply, Msg: "reply has no choices"}
			}
			msg := resp.Choices[0].Message
			if msg.Refusal != "" {
				return "", u, &Error{Kind: KindRefused, Msg: "model refused: " + c.clip(msg.Refusal)}
			}
			if resp.Choices[0].FinishReason == openai.FinishReasonLength {
				return "", u, &Error{Kind: KindInvalidReply, Msg: "reply cut off at the token limit"}
			}
			return msg.Content, u, nil
		}
		if ctx.Err() != nil {
			return "", u, &Error{Kind: KindCancelled, Msg: "cancelled: " + ctx.Err().Error()}
		}
		status := httpStatus(err)
		// A server without structured output rejects json_schema with 400
		// or 422: fall back to json_object for the rest of the run.
		if useSchema && !fellBack && (status == http.StatusBadRequest || status == http.StatusUnprocessableEntity) {
			fellBack = true
			if c.noSchema.CompareAndSwap(false, true) {
				c.n.fallbacks.Add(1)
			}
			attempt-- // a fallback is not a retry
			continue
		}
		kind, retry := classify(status, err, timedOut)
		msg := c.describe(status, err, timedOut)
		if !retry || attempt >= c.cfg.MaxRetries {
			if retry {
				msg = fmt.Sprintf("%s (gave up after %d attempts)", msg, attempt+1)
			}
			return "", u, &Error{Kind: kind, Msg: msg}
		}
		hint.mu.Lock()
		wait := hint.after
		hint.mu.Unlock()
		if wait > c.cfg.MaxRetryAfter {
			return "", u, &Error{Kind: kind, Msg: fmt.Sprintf("%s (server asked to wait %s, more than %s)", msg, wait.Round(time.Second), c.cfg.MaxRetryAfter)}
		}
		if wait <= 0 {
			wait = c.backoff(attempt)
		}
		c.n.retries.Add(1)
		if err := sleep(ctx, wait); err != nil {
			return "", u, &Error{Kind: KindCancelled, Msg: "cancelled: " + err.Error()}
		}
	}
}

func (c *Client) chatRequest(r request, useSchema bool) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model: c.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: r.system},
			{Role: openai.ChatMessageRoleUser, Content: r.user},
		},
	}
	if !c.omitTemperature {
		req.Temperature = c.cfg.Temperature
		if req.Temperature == 0 {
			req.Temperature = zeroTemperature
		}
	}
	if useSchema {
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: r.schemaName, Schema: r.schema, Strict: true,
			},
		}
	} else {
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	return req
}

// backoff is the wait before retry attempt+1: exponential from BackoffBase,
// capped at BackoffMax, with "equal jitter" (half fixed, half random).
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.BackoffBase << min(attempt, 30)
	if d <= 0 || d > c.cfg.BackoffMax {
		d = c.cfg.BackoffMax
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// httpStatus is the HTTP status of a go-openai error, or 0.
func httpStatus(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// classify names a failure and says whether a retry may help.
func classify(status int, err error, timedOut bool) (kind string, retry bool) {
	switch {
	case status == http.StatusTooManyRequests:
		return KindRateLimited, true
	case status == http.StatusRequestTimeout:
		return KindTimeout, true
	case status >= 500:
		return KindServerError, status != http.StatusNotImplemented
	case status != 0:
		return KindHTTP, false
	case timedOut:
		return KindTimeout, true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return KindTimeout, true
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return KindInvalidReply, false // a 2xx body that is not JSON
	}
	return KindTransport, true
}

// describe is a one-line account of a failure, without the API key.
func (c *Client) describe(status int, err error, timedOut bool) string {
	switch {
	case status != 0:
		var apiErr *openai.APIError
		detail := ""
		if errors.As(err, &apiErr) {
			detail = apiErr.Message
		} else {
			var reqErr *openai.RequestError
			if errors.As(err, &reqErr) {
				detail = string(reqErr.Body)
			}
		}
		msg := fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
		if detail = strings.TrimSpace(detail); detail != "" {
			msg += ": " + c.clip(detail)
		}
		return msg
	case timedOut:
		return fmt.Sprintf("no reply within %s (--llm-timeout)", c.cfg.Timeout)
	}
	return c.clip(err.Error())
}

// clip shortens a server-provided message to one line without the key.
func (c *Client) clip(s string) string {
	s = c.redact(s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		cut := 300
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// redact removes the API key from s.
func (c *Client) redact(s string) string {
	if c.key == "" {
		return s
	}
	return strings.ReplaceAll(s, c.key, "[REDACTED]")
}
