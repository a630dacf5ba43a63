package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckTargetLang(t *testing.T) {
	text := "Der Minister sagte, die Gespräche seien sehr nützlich gewesen.\n"
	r := run(t, text, nil, "check", "--enable", "untranslated", "-")
	assert.Equal(t, exitFail, r.code, r.stderr)
	assert.Contains(t, r.stdout, "sentence left in German")

	r = run(t, text, nil, "check", "--enable", "untranslated", "--target-lang", "de", "-")
	assert.Equal(t, exitPass, r.code, r.stdout+r.stderr)

	r = run(t, text, nil, "check", "--target-lang", "xx", "-")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--target-lang")

	r = run(t, text, nil, "check", "--lang-candidates", "en,qq", "-")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--lang-candidates")
}
