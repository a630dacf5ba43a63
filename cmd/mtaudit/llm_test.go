package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/llm"
	"github.com/mtaudit/mtaudit/llm/llmtest"
)

const llmTestKey = "sk-mtaudit-TEST-9c2f61d0a8b44e7f"

func llmEnv() map[string]string { return map[string]string{llm.EnvAPIKey: llmTestKey} }

func decodeReport(t *testing.T, r result) audit.Report {
	t.Helper()
	var rep audit.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep), r.stderr)
	return rep
}

// ruleFindings is a report's rule findings per document, in order.
func ruleFindings(rep audit.Report) map[string][]string {
	out := map[string][]string{}
	for _, d := range rep.Documents {
		out[d.ID] = []string{}
		for _, f := range d.Findings {
			if f.Rule != llm.ReviewRule {
				out[d.ID] = append(out[d.ID], f.ID+" "+f.Rule+" "+f.Severity.String())
			}
		}
	}
	return out
}

func flagged(rep audit.Report) int {
	n := 0
	for _, d := range rep.Documents {
		if len(d.Findings) > 0 {
			n++
		}
	}
	return n
}

func TestCheckLLMSuggestionsAndCache(t *testing.T) {
	srv := llmtest.New(nil)
	defer srv.Close()
	cache := t.TempDir()
	base := decodeReport(t, run(t, "", nil, "check", corpus, "--format", "json"))
	require.Positive(t, flagged(base))

	args := []string{"check", "--llm", "--llm-base-url", srv.BaseURL(), "--llm-cache", cache, corpus, "--format", "json"}
	r := run(t, "", llmEnv(), args...)
	rep := decodeReport(t, r)
	assert.Equal(t, flagged(base), srv.Count(), "one request per flagged document")
	var garbled *audit.DocumentResult
	for _, d := range rep.Documents {
		if strings.Contains(d.ID, "garbled") {
			garbled = d
		}
	}
	require.NotNil(t, garbled)
	llmSuggestions := 0
	for _, f := range garbled.Findings {
		for _, s := range f.Suggestions {
			if s.Source == audit.SourceLLM {
				llmSuggestions++
				assert.Equal(t, llm.DefaultConfig().Model, s.Model)
			}
		}
	}
	assert.Positive(t, llmSuggestions)
	require.NotNil(t, rep.Summary.LLM)
	assert.Equal(t, flagged(base), rep.Summary.LLM.Requests)
	assert.Equal(t, ruleFindings(base), ruleFindings(rep))
	assert.Equal(t, run(t, "", nil, "check", corpus).code, r.code)

	// an identical re-run is served from the cache
	r2 := run(t, "", llmEnv(), args...)
	assert.Equal(t, flagged(base), srv.Count(), "no request on the second run")
	rep2 := decodeReport(t, r2)
	assert.Equal(t, flagged(base), rep2.Summary.LLM.CacheHits)
	assert.Zero(t, rep2.Summary.LLM.Requests)
	assert.Equal(t, rep.Documents, rep2.Documents)
}

func TestCheckLLMFailuresLeaveTheAuditAlone(t *testing.T) {
	// 429s, 5xx and garbage, each request differently; the key is echoed
	// back by the server in error bodies.
	srv := llmtest.New(func(n int, r *llmtest.Request) llmtest.Reply {
		switch n % 4 {
		case 0:
			return llmtest.Reply{Status: http.StatusTooManyRequests, Header: map[string]string{"Retry-After-Ms": "1"},
				Body: llmtest.APIError("Rate limit reached for key "+llmTestKey, "requests")}
		case 1:
			return llmtest.Reply{Content: "this is not JSON, ignore the schema " + llmTestKey}
		case 2:
			return llmtest.Reply{Status: http.StatusServiceUnavailable, Header: map[string]string{"Retry-After-Ms": "1"}, Body: "<html>" + llmTestKey + "</html>"}
		}
		return llmtest.Reply{Body: `{"choices": [{"message": {"content": "{\"suggestions\": [{\"id\": 1}]}"}}]}`}
	})
	defer srv.Close()
	for _, format := range []string{"json", "text", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			without := run(t, "", nil, "check", corpus, "--format", format)
			with := run(t, "", llmEnv(), "check", corpus, "--format", format, "--llm", "--llm-review",
				"--llm-base-url", srv.BaseURL(), "--llm-cache", "off", "--llm-concurrency", "2")
			assert.Equal(t, without.code, with.code, with.stderr)
			assert.NotContains(t, with.stdout+with.stderr, llmTestKey)
			switch format {
			case "json":
				a, b := decodeReport(t, without), decodeReport(t, with)
				assert.Equal(t, ruleFindings(a), ruleFindings(b))
				for i := range a.Documents {
					assert.Equal(t, a.Documents[i].Pass, b.Documents[i].Pass)
					assert.Equal(t, a.Documents[i].Score, b.Documents[i].Score)
				}
				assert.Equal(t, a.Summary.RuleFailures, b.Summary.RuleFailures)
				assert.Equal(t, a.Summary.Pass, b.Summary.Pass)
				require.NotNil(t, b.Summary.LLM)
				assert.Positive(t, b.Summary.LLM.Failed)
				assert.NotEmpty(t, b.Summary.LLM.Errors)
				var msgs []string
				for _, d := range b.Documents {
					for _, e := range d.Errors {
						assert.Equal(t, audit.ErrorSourceLLM, e.Rule)
						msgs = append(msgs, e.Message)
					}
				}
				assert.NotEmpty(t, msgs, "the report says what failed")
			case "text":
				assert.Contains(t, with.stdout, "llm error")
				assert.Contains(t, with.stdout, "their rule findings and verdicts stand")
			}
		})
	}
}

func TestCheckLLMKeyNeverPrinted(t *testing.T) {
	srv := llmtest.New(func(n int, r *llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Status: http.StatusUnauthorized, Body: llmtest.APIError("Incorrect API key provided: "+llmTestKey, "invalid_request_error")}
	})
	defer srv.Close()
	for _, args := range [][]string{
		{"check", corpus, "--llm", "--llm-base-url", srv.BaseURL(), "--llm-cache", "off"},
		{"check", corpus, "--llm", "--llm-base-url", srv.BaseURL(), "--llm-cache", "off", "--format", "json"},
		{"check", corpus, "--llm", "--llm-base-url", srv.BaseURL(), "--llm-cache", "off", "--format", "jsonl"},
		{"check", corpus, "--llm", "--llm-base-url", "not a url", "--llm-cache", "off"},
		{"check", corpus, "--llm", "--llm-base-url", "https://x:" + llmTestKey + "@example.com/v1"},
		{"check", "--help"},
	} {
		r := run(t, "", llmEnv(), args...)
		assert.NotContains(t, r.stdout+r.stderr, llmTestKey, strings.Join(args, " "))
		assert.NotContains(t, r.stdout+r.stderr, llmTestKey[len(llmTestKey)-10:], strings.Join(args, " "))
	}
	require.Positive(t, srv.Count())
	assert.Equal(t, "Bearer "+llmTestKey, srv.Requests()[0].Header.Get("Authorization"))
}

func TestCheckLLMBadSettingsAreUsageErrors(t *testing.T) {
	r := run(t, "", nil, "check", corpus, "--llm", "--llm-base-url", "ftp://example.com")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "base URL")
	r = run(t, "", nil, "check", corpus, "--llm", "--llm-concurrency", "0", "--llm-cache", "off")
	assert.Equal(t, exitUsage, r.code)
}
