package rules

import (
	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/langid"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// DefaultEnv returns the environment rules run in when nothing is
// configured: English target, unknown source language, and the embedded
// default resources.
func DefaultEnv() *audit.Env {
	env := &audit.Env{TargetLang: "en", Resources: map[any]any{}}
	// The language detector is built lazily, on the first suspect sentence.
	if d, err := langid.NewDetector(langid.DefaultConfig()); err == nil {
		d.Install(env)
	}
	lexicon.Install(env, lexicon.Default())
	return env
}
