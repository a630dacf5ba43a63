package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
)

func known(names ...string) func(string) bool {
	return func(n string) bool {
		for _, k := range names {
			if k == n {
				return true
			}
		}
		return false
	}
}

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

func TestDefaultFileIsValidAndDefault(t *testing.T) {
	f, err := Parse("default.yaml", Default)
	require.NoError(t, err)
	require.NoError(t, f.Validate(known()))
	assert.Empty(t, f.Rules.Enable)
	assert.Empty(t, f.Rules.Disable)
	assert.Equal(t, "major", f.Gate.FailOn)
	assert.Nil(t, f.Gate.MaxScore)
	assert.Equal(t, "en", f.Language.Target)
	require.NotNil(t, f.LLM.Enabled)
	assert.False(t, *f.LLM.Enabled)
	assert.Equal(t, "127.0.0.1:8080", f.Serve.Addr)
	assert.Equal(t, 30*time.Second, f.Serve.Timeout)

	g := audit.DefaultGate()
	require.NoError(t, f.ApplyGate(&g, true, true))
	assert.Equal(t, audit.DefaultGate(), g)
}

func TestParseSettings(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "names.yaml", "[]\n")
	p := write(t, dir, FileName, `
rules:
  disable: [doubled-word]
  severity:
    repeated-phrase: critical
gate:
  fail_on: minor
  max_score: 12.5
lexicons: [names.yaml]
language: {source: fr, target: en}
llm:
  model: gpt-test
  api_key_env: MY_KEY
  timeout: 45s
  review: true
`)
	f, err := Load(p)
	require.NoError(t, err)
	require.NoError(t, f.Validate(known("doubled-word", "repeated-phrase")))
	assert.Equal(t, p, f.Path())
	assert.Equal(t, []string{"doubled-word"}, f.Rules.Disable)
	assert.Equal(t, map[string]audit.Severity{"repeated-phrase": audit.Critical}, f.Overrides())
	assert.Equal(t, []string{filepath.Join(dir, "names.yaml")}, f.LexiconPaths())
	assert.Equal(t, "fr", f.Language.Source)
	assert.Equal(t, 45*time.Second, f.LLM.Timeout)
	assert.Equal(t, "MY_KEY", f.LLM.APIKeyEnv)
	require.NotNil(t, f.LLM.Review)
	assert.True(t, *f.LLM.Review)

	g := audit.DefaultGate()
	require.NoError(t, f.ApplyGate(&g, true, true))
	assert.Equal(t, audit.Gate{FailOn: audit.Minor, MaxScore: 12.5, HasMaxScore: true}, g)
	g = audit.DefaultGate()
	require.NoError(t, f.ApplyGate(&g, false, true)) // --fail-on given on the command line
	assert.Equal(t, audit.Major, g.FailOn)
	assert.True(t, g.HasMaxScore)
}

func TestUnknownKeyNamesFileAndLine(t *testing.T) {
	p := write(t, t.TempDir(), FileName, "rules:\n  disable: []\ngate:\n  fial_on: minor\n")
	_, err := Load(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), p+":4: unknown key \"fial_on\" in gate (valid keys: fail_on, max_score)")
}

func TestUnknownTopLevelKeyAndWrongType(t *testing.T) {
	p := write(t, t.TempDir(), FileName, "rulez: {}\ngate:\n  max_score: lots\n")
	_, err := Load(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), p+":1: unknown key \"rulez\" in the top level")
	assert.Contains(t, err.Error(), p+":3: cannot unmarshal")
}

func TestSyntaxErrorNamesFileAndLine(t *testing.T) {
	p := write(t, t.TempDir(), FileName, "gate:\n  fail_on: [minor\n")
	_, err := Load(p)
	require.Error(t, err)
	assert.Regexp(t, `^`+regexpQuote(p)+`:\d+: `, err.Error())
}

func regexpQuote(s string) string {
	out := ""
	for _, r := range s {
		if r == '.' || r == '\\' || r == '(' || r == ')' {
			out += `\`
		}
		out += string(r)
	}
	return out
}

func TestValidateNamesLines(t *testing.T) {
	p := write(t, t.TempDir(), FileName, `rules:
  enable:
    - doubled-word
    - doubled-wrod
  severity:
    repeated-loop: severe
gate:
  fail_on: sometimes
  max_score: -1
lexicons: [missing.yaml]
language:
  target: english
`)
	f, err := Load(p)
	require.NoError(t, err)
	err = f.Validate(known("doubled-word", "repeated-loop"))
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, p+":4: unknown rule \"doubled-wrod\"")
	assert.Contains(t, msg, p+":6: rule repeated-loop: unknown severity \"severe\"")
	assert.Contains(t, msg, p+":8: fail-on:")
	assert.Contains(t, msg, p+":9: max_score")
	assert.Contains(t, msg, p+":10: lexicon:")
	assert.Contains(t, msg, p+":12: target:")
}

func TestAPIKeyPastedIsRejectedWithoutEcho(t *testing.T) {
	const secret = "sk-proj-AbC123.secret/value"
	p := write(t, t.TempDir(), FileName, "llm:\n  api_key_env: "+secret+"\n")
	f, err := Load(p)
	require.NoError(t, err)
	err = f.Validate(known())
	require.Error(t, err)
	assert.Contains(t, err.Error(), p+":2: api_key_env")
	assert.NotContains(t, err.Error(), "AbC123")
}

func TestEmptyFileIsValid(t *testing.T) {
	f, err := Parse("empty.yaml", nil)
	require.NoError(t, err)
	require.NoError(t, f.Validate(known()))
	assert.Empty(t, f.Overrides())
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	want := write(t, root, "project/"+FileName, "gate: {fail_on: minor}\n")
	deep := filepath.Join(root, "project", "a", "b")
	require.NoError(t, os.MkdirAll(deep, 0o755))

	got, err := Find(deep)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// the nearest file wins
	nearer := write(t, root, "project/a/"+FileName, "")
	got, err = Find(deep)
	require.NoError(t, err)
	assert.Equal(t, nearer, got)

	// a directory named like the file is not a config file
	require.NoError(t, os.Mkdir(filepath.Join(deep, FileName), 0o755))
	got, err = Find(deep)
	require.NoError(t, err)
	assert.Equal(t, nearer, got)
}

func TestFindNone(t *testing.T) {
	dir := t.TempDir()
	got, err := Find(dir)
	require.NoError(t, err)
	// a file may exist above the temporary directory on some machines; it
	// must at least not be inside it
	if got != "" {
		rel, err := filepath.Rel(dir, got)
		require.NoError(t, err)
		assert.Contains(t, rel, "..")
	}
}
