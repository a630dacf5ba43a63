package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/config"
)

// loopArticle has one garble: a looping phrase (repeated-loop, critical by
// default) and nothing else.
const loopArticle = "The talks in Seoul ended on Monday. The minister said Kim said Kim said Kim said Kim said after " +
	"meeting the delegation. Both sides agreed to meet again next year.\n"

func jsonReport(t *testing.T, r result) audit.Report {
	t.Helper()
	var rep audit.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep), r.stdout+r.stderr)
	return rep
}

func TestConfigChangesRulesAndGate(t *testing.T) {
	dir := t.TempDir()
	article := writeFile(t, dir, "a.txt", loopArticle)

	// no file: the loop fails the gate
	r := run(t, "", nil, "check", "--config", "none", "--format", "json", article)
	require.Equal(t, exitFail, r.code, r.stderr)
	assert.Equal(t, 1, jsonReport(t, r).Summary.ByRule["repeated-loop"])

	// the rule is not selected: nothing found, the gate passes
	cfg := writeFile(t, dir, "only-doubled.yaml", "rules:\n  enable: [doubled-word]\n")
	r = run(t, "", nil, "check", "--config", cfg, "--format", "json", article)
	require.Equal(t, exitPass, r.code, r.stderr)
	assert.Empty(t, jsonReport(t, r).Summary.ByRule)

	// disabled
	cfg = writeFile(t, dir, "no-loop.yaml", "rules:\n  disable: [repeated-loop]\n")
	r = run(t, "", nil, "check", "--config", cfg, "--format", "json", article)
	assert.Zero(t, jsonReport(t, r).Summary.ByRule["repeated-loop"])

	// a severity override makes the finding minor: below the default gate
	cfg = writeFile(t, dir, "minor.yaml", "rules:\n  enable: [repeated-loop]\n  severity:\n    repeated-loop: minor\n")
	r = run(t, "", nil, "check", "--config", cfg, "--format", "json", article)
	require.Equal(t, exitPass, r.code, r.stderr)
	rep := jsonReport(t, r)
	require.Len(t, rep.Documents[0].Findings, 1)
	assert.Equal(t, audit.Minor, rep.Documents[0].Findings[0].Severity)

	// ...and a stricter gate in the file fails it again
	cfg = writeFile(t, dir, "strict.yaml", "rules:\n  enable: [repeated-loop]\n  severity:\n    repeated-loop: minor\ngate:\n  fail_on: minor\n")
	r = run(t, "", nil, "check", "--config", cfg, "--format", "json", article)
	require.Equal(t, exitFail, r.code, r.stderr)
	assert.Equal(t, "minor", jsonReport(t, r).Summary.Gate.FailOnName())

	// max_score fails a document on its score alone
	cfg = writeFile(t, dir, "score.yaml", "rules:\n  severity:\n    repeated-loop: neutral\ngate:\n  fail_on: none\n  max_score: 0\n")
	r = run(t, "", nil, "check", "--config", cfg, "--format", "json", article)
	assert.Equal(t, exitPass, r.code, "a neutral finding costs nothing: "+r.stderr)
	cfg = writeFile(t, dir, "score2.yaml", "gate:\n  fail_on: none\n  max_score: 10\n")
	r = run(t, "", nil, "check", "--config", cfg, "--format", "json", article)
	assert.Equal(t, exitFail, r.code, "a critical finding in 30 words scores far above 10: "+r.stderr)
}

func TestFlagsOverrideConfig(t *testing.T) {
	dir := t.TempDir()
	article := writeFile(t, dir, "a.txt", loopArticle)
	cfg := writeFile(t, dir, "c.yaml", "rules:\n  enable: [doubled-word]\ngate:\n  fail_on: minor\n")

	// --enable replaces the file's selection; --fail-on the file's gate
	r := run(t, "", nil, "check", "--config", cfg, "--enable", "repeated-loop", "--format", "json", article)
	require.Equal(t, exitFail, r.code, r.stderr)
	rep := jsonReport(t, r)
	assert.Equal(t, 1, rep.Summary.ByRule["repeated-loop"])
	assert.Equal(t, "minor", rep.Summary.Gate.FailOnName(), "the file's gate still applies")

	r = run(t, "", nil, "check", "--config", cfg, "--enable", "repeated-loop", "--fail-on", "none", "--format", "json", article)
	require.Equal(t, exitPass, r.code, r.stderr)
	assert.Equal(t, "none", jsonReport(t, r).Summary.Gate.FailOnName())
}

func TestConfigTypoFailsWithFileAndLine(t *testing.T) {
	dir := t.TempDir()
	article := writeFile(t, dir, "a.txt", loopArticle)
	cfg := writeFile(t, dir, "c.yaml", "rules:\n  disable: []\ngate:\n  fail_on: major\n  max_scroe: 3\n")
	r := run(t, "", nil, "check", "--config", cfg, article)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, cfg+`:5: unknown key "max_scroe" in gate`)
	assert.Empty(t, r.stdout, "no audit runs with a broken configuration")

	cfg = writeFile(t, dir, "d.yaml", "rules:\n  disable:\n    - repeated-lop\n")
	r = run(t, "", nil, "check", "--config", cfg, article)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, cfg+`:3: unknown rule "repeated-lop"`)

	r = run(t, "", nil, "check", "--config", filepath.Join(dir, "missing.yaml"), article)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "missing.yaml")
}

func TestConfigFoundFromWorkingDirectory(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, config.FileName, "rules:\n  enable: [doubled-word]\n")
	sub := filepath.Join(root, "articles", "today")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	writeFile(t, sub, "a.txt", loopArticle)
	t.Chdir(sub)

	r := run(t, "", nil, "check", "a.txt")
	assert.Equal(t, exitPass, r.code, "the parent's config selects only doubled-word: "+r.stdout+r.stderr)

	r = run(t, "", nil, "check", "--config", "none", "a.txt")
	assert.Equal(t, exitFail, r.code, "--config none reads no file")

	r = run(t, "", map[string]string{"MTAUDIT_CONFIG": "none"}, "check", "a.txt")
	assert.Equal(t, exitFail, r.code, "MTAUDIT_CONFIG=none reads no file")

	r = run(t, "", nil, "config", "validate")
	assert.Equal(t, exitPass, r.code, r.stderr)
	assert.Contains(t, r.stdout, filepath.Join(root, config.FileName)+": ok")
}

func TestConfigInit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, config.FileName)
	r := run(t, "", nil, "config", "init", p)
	require.Equal(t, exitPass, r.code, r.stderr)
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, config.Default, data)

	r = run(t, "", nil, "config", "validate", p)
	assert.Equal(t, exitPass, r.code, r.stderr)

	r = run(t, "", nil, "config", "init", p)
	assert.Equal(t, exitUsage, r.code, "never overwrites without --force")
	assert.Contains(t, r.stderr, "--force")
	r = run(t, "", nil, "config", "init", "--force", p)
	assert.Equal(t, exitPass, r.code, r.stderr)

	// the default file changes nothing: same verdict and findings as no file
	article := writeFile(t, dir, "a.txt", loopArticle)
	with := run(t, "", nil, "check", "--config", p, "--format", "json", article)
	without := run(t, "", nil, "check", "--config", "none", "--format", "json", article)
	assert.Equal(t, without.code, with.code)
	assert.Equal(t, without.stdout, with.stdout)
	assert.Empty(t, with.stderr, "no warnings for the default file")
}

func TestConfigLLMSectionReachesLLMConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", `llm:
  enabled: true
  model: file-model
  base_url: http://127.0.0.1:11434/v1
  api_key_env: NEWSROOM_LLM_KEY
  concurrency: 2
  timeout: 7s
  max_requests: 9
  review: true
  review_counts: true
  cache_dir: cache
  prompt_dir: prompts
language:
  source: fr
  target: en
`)
	var stderr bytes.Buffer
	c := &cli{stderr: &stderr, getenv: func(k string) string {
		return map[string]string{"NEWSROOM_LLM_KEY": "sk-test-secret"}[k]
	}}
	fs := newFlagSet(c, "check", "")
	var o checkOptions
	o.register(fs)
	_, err := parseInterspersed(fs, []string{"--llm-model", "flag-model", "x.txt"})
	require.NoError(t, err)
	o.configured, err = applyConfig(c, "check", fs, cfg, &o.severityOverride, "serve.")
	require.NoError(t, err)

	l := o.llm.cfg
	assert.True(t, l.Enabled)
	assert.Equal(t, "flag-model", l.Model, "the flag wins")
	assert.Equal(t, "http://127.0.0.1:11434/v1", l.BaseURL)
	assert.Equal(t, "NEWSROOM_LLM_KEY", l.APIKeyEnv)
	assert.Equal(t, "sk-test-secret", l.APIKey(c.getenv), "the key is read from the named variable")
	assert.Equal(t, 2, l.Concurrency)
	assert.Equal(t, 7*time.Second, l.Timeout)
	assert.Equal(t, 9, l.MaxRequests)
	assert.True(t, l.Review)
	assert.True(t, l.ReviewCounts)
	assert.Equal(t, filepath.Join(dir, "cache"), l.CacheDir)
	assert.Equal(t, filepath.Join(dir, "prompts"), l.PromptDir)
	assert.Equal(t, "fr", o.sourceLang, "language.source reaches check's --source-lang")
	assert.Empty(t, stderr.String(), "every llm setting has its flag")
	assert.NotContains(t, stderr.String(), "sk-test-secret")
}

func TestConfigLexiconsAndSourceLangReachCheck(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "names.yaml", "entries:\n- {name: Jane Smithson, kind: person, gender: female, exonyms: {fr: [Jeanne Smithson]}}\n")
	cfg := writeFile(t, dir, "c.yaml", "lexicons: [names.yaml]\nlanguage: {source: fr}\n")
	article := writeFile(t, dir, "a.txt", "The talks in Geneva ended on Monday. Jeanne Smithson said the agreement would hold. "+
		"Both sides agreed to meet again next year.\n")

	mentions := func(r result) bool {
		for _, f := range jsonReport(t, r).Documents[0].Findings {
			if strings.Contains(f.Message, "Jane Smithson") {
				return true
			}
		}
		return false
	}
	without := run(t, "", nil, "check", "--config", "none", "--format", "json", article)
	assert.False(t, mentions(without), "the embedded lexicon does not know the name")
	with := run(t, "", nil, "check", "--config", cfg, "--format", "json", article)
	assert.True(t, mentions(with), "the configured lexicon (relative to the file) is merged in")
	assert.Empty(t, with.stderr, "lexicons and language.source have their flags now")

	var stderr bytes.Buffer
	c := &cli{stderr: &stderr, getenv: func(string) string { return "" }}
	fs := newFlagSet(c, "check", "")
	var o checkOptions
	o.register(fs)
	_, err := parseInterspersed(fs, []string{"x.txt"})
	require.NoError(t, err)
	_, err = applyConfig(c, "check", fs, cfg, &o.severityOverride, "serve.")
	require.NoError(t, err)
	assert.Equal(t, "fr", o.sourceLang)
	assert.Equal(t, []string{filepath.Join(dir, "names.yaml")}, o.names.lexicons)
}

func TestConfigInputFieldsAndDefaultFileInServe(t *testing.T) {
	dir := t.TempDir()
	rec, _ := json.Marshal(map[string]string{"key": "r1", "target": loopArticle})
	jsonl := writeFile(t, dir, "a.jsonl", string(rec)+"\n")
	cfg := writeFile(t, dir, "c.yaml", "input:\n  id_field: key\n  text_field: target\nlanguage:\n  candidates: [fr, de]\n")
	r := run(t, "", nil, "check", "--config", cfg, "--format", "json", jsonl)
	require.Equal(t, exitFail, r.code, r.stderr)
	rep := jsonReport(t, r)
	assert.Equal(t, "r1", rep.Documents[0].ID, "input.id_field")
	assert.Equal(t, 1, rep.Summary.ByRule["repeated-loop"], "input.text_field")

	bad := writeFile(t, dir, "bad.yaml", "language:\n  candidates:\n    - fr\n    - french\n")
	r = run(t, "", nil, "check", "--config", bad, jsonl)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, bad+`:4: candidates`)

	// the default file gives serve no warnings: check-only settings are
	// skipped silently
	def := filepath.Join(dir, config.FileName)
	require.Equal(t, exitPass, run(t, "", nil, "config", "init", def).code)
	_, logs, stop := startServe(t, "--config", def)
	assert.Equal(t, exitPass, stop())
	assert.NotContains(t, logs.String(), "warning")
}
