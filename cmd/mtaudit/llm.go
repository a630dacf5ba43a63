package main

import (
	"flag"
	"fmt"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/llm"
)

// llmOptions are check's LLM settings. cfg starts from llm.DefaultConfig;
// a configuration file may fill it before the flags are parsed.
type llmOptions struct {
	cfg llm.Config
}

func (o *llmOptions) register(fs *flag.FlagSet) {
	o.cfg = llm.DefaultConfig()
	c := &o.cfg
	fs.BoolVar(&c.Enabled, "llm", c.Enabled, "ask an OpenAI-compatible LLM for fix suggestions on documents with findings (key from "+llm.EnvAPIKey+" or "+llm.EnvOpenAIAPIKey+")")
	fs.BoolVar(&c.Review, "llm-review", c.Review, "also ask the LLM for errors the rules missed (advisory findings of rule "+llm.ReviewRule+"; one request per document; implies --llm)")
	fs.BoolVar(&c.ReviewCounts, "llm-review-counts", c.ReviewCounts, "let "+llm.ReviewRule+" findings count toward the score and the gate")
	fs.StringVar(&c.APIKeyEnv, "llm-api-key-env", c.APIKeyEnv, "read the API key from environment variable `NAME` (default: "+llm.EnvAPIKey+", then "+llm.EnvOpenAIAPIKey+")")
	fs.StringVar(&c.Model, "llm-model", c.Model, "LLM `model` (the deployment name on Azure)")
	fs.StringVar(&c.BaseURL, "llm-base-url", c.BaseURL, "API root `URL`: OpenAI, Azure (https://NAME.openai.azure.com), Ollama (http://localhost:11434/v1), vLLM, llama.cpp")
	fs.IntVar(&c.Concurrency, "llm-concurrency", c.Concurrency, "documents at the LLM at once")
	fs.DurationVar(&c.Timeout, "llm-timeout", c.Timeout, "time limit of one LLM request (retried on expiry)")
	fs.IntVar(&c.MaxRequests, "llm-max-requests", c.MaxRequests, "budget of LLM requests for the run, retries included (0: no limit)")
	fs.StringVar(&c.CacheDir, "llm-cache", c.CacheDir, "cache LLM replies in `DIR` (default: the user cache directory; off: no cache)")
	fs.StringVar(&c.PromptDir, "llm-prompts", c.PromptDir, "override the prompt templates with suggest.tmpl / review.tmpl from `DIR`")
}

// newPass returns the run's LLM pass, or nil when it is off.
func (o *llmOptions) newPass(c *cli, gate audit.Gate, ruleSet []*audit.Rule, env *audit.Env) (*llm.Pass, error) {
	cfg := o.cfg
	if cfg.Review {
		cfg.Enabled = true
	}
	if !cfg.Enabled {
		return nil, nil
	}
	if env != nil {
		if env.SourceLang != "" && env.SourceLang != "auto" {
			cfg.SourceLang = languageName(env.SourceLang)
		}
		if env.TargetLang != "" {
			cfg.TargetLang = languageName(env.TargetLang)
		}
	}
	docs := make(map[string]llm.RuleDoc, len(ruleSet))
	for _, r := range ruleSet {
		docs[r.Name] = llm.RuleDoc{Title: r.Doc.Title, Text: r.Doc.Text}
	}
	p, err := llm.New(cfg, llm.Options{APIKey: cfg.APIKey(c.getenv), Gate: gate, RuleDocs: docs})
	if err != nil {
		return nil, fmt.Errorf("--llm: %w", err)
	}
	return p, nil
}

// languageName is the English name of an ISO 639-1 code ("fr" → "French"),
// or the code itself when it is unknown.
func languageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if name := display.English.Languages().Name(tag); name != "" {
		return name
	}
	return code
}
