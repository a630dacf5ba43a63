package rules

import "github.com/mtaudit/mtaudit/audit"

// DefaultEnv returns the environment rules run in when nothing is
// configured: English target, unknown source language, and the embedded
// default resources.
func DefaultEnv() *audit.Env {
	return &audit.Env{TargetLang: "en", Resources: map[any]any{}}
}
