package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckSourceLang(t *testing.T) {
	garbled := filepath.Join(corpus, "mt-garbled-kim-xi-2025.txt")
	r := run(t, "", nil, "check", "--source-lang", "auto", "--enable", "calque,source-language", "--format", "json", garbled)
	assert.Equal(t, exitFail, r.code)
	assert.Contains(t, r.stdout, `"rule": "source-language"`)
	assert.Contains(t, r.stdout, "looks French")
	assert.Contains(t, r.stdout, "reportedly said")

	// The German pack applies instead: the French reporting conditional is
	// not in it, and no inference is reported.
	r = run(t, "", nil, "check", "--source-lang", "de", "--enable", "calque,source-language", "--format", "json", garbled)
	assert.Equal(t, exitPass, r.code)
	assert.NotContains(t, r.stdout, "reportedly said")
	assert.NotContains(t, r.stdout, `"rule": "source-language"`)

	r = run(t, "", nil, "check", "--source-lang", "french", garbled)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--source-lang")
}
