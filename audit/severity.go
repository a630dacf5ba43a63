// Package audit is mtaudit's engine: the document model shared by every rule,
// the rule and finding types, the concurrent engine, MQM scoring and the gate,
// and the report model the printers write. It never imports the rules.
package audit

import (
	"fmt"
	"strings"
)

// Severity is an MQM severity. The zero value is Neutral.
type Severity int8

// MQM severities, in increasing order of weight.
const (
	Neutral Severity = iota
	Minor
	Major
	Critical
)

var severityNames = [...]string{"neutral", "minor", "major", "critical"}

// String returns the lower-case MQM name of s.
func (s Severity) String() string {
	if s < Neutral || s > Critical {
		return fmt.Sprintf("severity(%d)", int8(s))
	}
	return severityNames[s]
}

// Weight is the WMT MQM penalty of one error of severity s: 0, 1, 5 or 25.
func (s Severity) Weight() float64 {
	switch s {
	case Minor:
		return 1
	case Major:
		return 5
	case Critical:
		return 25
	}
	return 0
}

// ParseSeverity parses an MQM severity name (case-insensitive).
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return Neutral, fmt.Errorf("unknown severity %q (want neutral, minor, major or critical)", name)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Neutral || s > Critical {
		return nil, fmt.Errorf("invalid severity %d", int8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
