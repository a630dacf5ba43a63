// Package llm is mtaudit's optional LLM pass, run on any OpenAI-compatible
// chat-completions server (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp):
// it asks for fixes of the rules' findings (one request per flagged
// document) and, in review mode, for a GEMBA-MQM-style list of errors the
// rules missed. Replies are validated against a JSON Schema and checked
// against the article before anything is added to a result; a failed call
// never fails the audit. The package does not import the rules: rule
// documentation reaches the prompts as data.
package llm

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Environment variables read for the API key, in this order, unless
// Config.APIKeyEnv names another.
const (
	EnvAPIKey       = "MTAUDIT_LLM_API_KEY"
	EnvOpenAIAPIKey = "OPENAI_API_KEY"
)

// API types.
const (
	APIOpenAI = "openai" // OpenAI and every OpenAI-compatible server
	APIAzure  = "azure"  // Azure OpenAI: deployment in the path, api-key header, api-version
)

// CacheOff as Config.CacheDir disables the on-disk cache.
const CacheOff = "off"

// Config holds the LLM pass's settings, from flags or the configuration
// file. It never holds the API key itself, only the name of the variable
// that does, so a Config can be printed or saved safely.
type Config struct {
	// Enabled turns the pass on (check --llm).
	Enabled bool `yaml:"enabled" json:"enabled"`
	// Model is the model name (the deployment name on Azure).
	Model string `yaml:"model" json:"model"`
	// BaseURL is the API root, e.g. https://api.openai.com/v1,
	// http://localhost:11434/v1 (Ollama), http://localhost:8000/v1 (vLLM),
	// https://NAME.openai.azure.com (Azure).
	BaseURL string `yaml:"base_url" json:"base_url"`
	// API is APIOpenAI or APIAzure; empty means Azure for *.azure.com hosts
	// and OpenAI-compatible otherwise.
	API string `yaml:"api" json:"api"`
	// APIVersion is Azure's api-version query parameter.
	APIVersion string `yaml:"api_version" json:"api_version"`
	// APIKeyEnv names the environment variable holding the key; empty means
	// MTAUDIT_LLM_API_KEY, then OPENAI_API_KEY. A local server needs none.
	APIKeyEnv string `yaml:"api_key_env" json:"api_key_env"`
	// Concurrency is the number of documents in the LLM pass at once.
	Concurrency int `yaml:"concurrency" json:"concurrency"`
	// Timeout bounds one HTTP request (each retry gets a new one).
	Timeout time.Duration `yaml:"timeout" json:"timeout"`
	// MaxRequests is the run's budget of HTTP requests, retries included; 0
	// means no limit. Documents reached after it is spent are skipped.
	MaxRequests int `yaml:"max_requests" json:"max_requests"`
	// MaxRetries bounds the retries of one request on 429, 5xx, timeouts
	// and connection errors.
	MaxRetries int `yaml:"max_retries" json:"max_retries"`
	// BackoffBase and BackoffMax shape the exponential backoff (with
	// jitter) between retries; MaxRetryAfter is the longest Retry-After
	// the pass waits for before giving up on the request.
	BackoffBase   time.Duration `yaml:"backoff_base" json:"backoff_base"`
	BackoffMax    time.Duration `yaml:"backoff_max" json:"backoff_max"`
	MaxRetryAfter time.Duration `yaml:"max_retry_after" json:"max_retry_after"`
	// CacheDir holds cached replies; empty means the user cache directory
	// (mtaudit/llm under os.UserCacheDir), CacheOff disables the cache.
	CacheDir string `yaml:"cache_dir" json:"cache_dir"`
	// PromptDir, when set, overrides the embedded prompt templates with the
	// same-named files it holds (suggest.tmpl, review.tmpl).
	PromptDir string `yaml:"prompt_dir" json:"prompt_dir"`
	// Suggest asks for fix suggestions on documents with findings.
	Suggest bool `yaml:"suggest" json:"suggest"`
	// Review asks for a second opinion on every document (check --llm-review).
	Review bool `yaml:"review" json:"review"`
	// ReviewCounts makes llm-review findings count toward score and gate;
	// by default they are advisory.
	ReviewCounts bool `yaml:"review_counts" json:"review_counts"`
	// Temperature is sent with every request (0 by default, really sent as
	// 0), except to models that accept no sampling parameters.
	Temperature float32 `yaml:"temperature" json:"temperature"`
	// MaxArticleBytes skips longer documents (their prompt would be too big).
	MaxArticleBytes int `yaml:"max_article_bytes" json:"max_article_bytes"`
	// MaxFindings bounds the findings sent in one request.
	MaxFindings int `yaml:"max_findings" json:"max_findings"`
	// SourceLang and TargetLang name the languages in the prompts.
	SourceLang string `yaml:"-" json:"-"`
	TargetLang string `yaml:"-" json:"-"`
}

// DefaultConfig returns the defaults: OpenAI's API, gpt-4o-mini, four
// documents at once, a 60 s timeout, four retries, fix suggestions on and
// review off.
func DefaultConfig() Config {
	return Config{
		Model:           "gpt-4o-mini",
		BaseURL:         "https://api.openai.com/v1",
		APIVersion:      "2024-10-21",
		Concurrency:     4,
		Timeout:         60 * time.Second,
		MaxRetries:      4,
		BackoffBase:     time.Second,
		BackoffMax:      30 * time.Second,
		MaxRetryAfter:   2 * time.Minute,
		Suggest:         true,
		Temperature:     0,
		MaxArticleBytes: 100_000,
		MaxFindings:     60,
		TargetLang:      "English",
	}
}

// Validate checks c and fills in derived defaults.
func (c *Config) Validate() error {
	switch {
	case c.Model == "":
		return errors.New("llm: no model (--llm-model)")
	case c.Concurrency < 1:
		return fmt.Errorf("llm: concurrency must be ≥ 1, got %d", c.Concurrency)
	case c.Timeout <= 0:
		return fmt.Errorf("llm: timeout must be > 0, got %s", c.Timeout)
	case c.MaxRequests < 0:
		return fmt.Errorf("llm: max requests must be ≥ 0, got %d", c.MaxRequests)
	case c.MaxRetries < 0:
		return fmt.Errorf("llm: max retries must be ≥ 0, got %d", c.MaxRetries)
	case c.Temperature < 0 || c.Temperature > 2:
		return fmt.Errorf("llm: temperature must be in [0, 2], got %g", c.Temperature)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("llm: base URL must be an http(s) URL, got %q", redactURL(c.BaseURL))
	}
	if u.User != nil {
		return errors.New("llm: base URL must not carry credentials; put the key in " + EnvAPIKey)
	}
	switch c.API {
	case "":
		c.API = APIOpenAI
		if h := u.Hostname(); strings.HasSuffix(h, ".openai.azure.com") || strings.HasSuffix(h, ".cognitiveservices.azure.com") {
			c.API = APIAzure
		}
	case APIOpenAI, APIAzure:
	default:
		return fmt.Errorf("llm: api must be %s or %s, got %q", APIOpenAI, APIAzure, c.API)
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = time.Millisecond
	}
	c.BackoffMax = max(c.BackoffMax, c.BackoffBase)
	def := DefaultConfig()
	if c.MaxArticleBytes <= 0 {
		c.MaxArticleBytes = def.MaxArticleBytes
	}
	if c.MaxFindings <= 0 {
		c.MaxFindings = def.MaxFindings
	}
	if c.TargetLang == "" {
		c.TargetLang = def.TargetLang
	}
	return nil
}

// APIKey returns the key from the environment (getenv is os.Getenv or a
// test's replacement), or "" when none is set.
func (c *Config) APIKey(getenv func(string) string) string {
	if c.APIKeyEnv != "" {
		return strings.TrimSpace(getenv(c.APIKeyEnv))
	}
	if k := strings.TrimSpace(getenv(EnvAPIKey)); k != "" {
		return k
	}
	return strings.TrimSpace(getenv(EnvOpenAIAPIKey))
}

// cacheDir resolves CacheDir: "" when the cache is off.
func (c *Config) cacheDir() (string, error) {
	switch c.CacheDir {
	case CacheOff:
		return "", nil
	case "":
		d, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("llm cache: %w (set --llm-cache DIR or --llm-cache off)", err)
		}
		return filepath.Join(d, "mtaudit", "llm"), nil
	}
	return c.CacheDir, nil
}

// redactURL drops any user information from a URL before it is shown.
func redactURL(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "(unparsable URL)"
	case u.User == nil:
		return s
	}
	u.User = nil
	return u.String()
}
