package eval

import (
	_ "embed"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/mtaudit/mtaudit/audit"
)

// categoryRulesYAML maps each annotated error class to the rules expected
// to catch it; see the file's header for where the entries come from.
//
//go:embed data/category_rules.yaml
var categoryRulesYAML []byte

// expectedTable is read-only after init.
var expectedTable = mustParseExpected(categoryRulesYAML)

func mustParseExpected(data []byte) map[Shape]map[string][]string {
	t, err := parseExpected(data)
	if err != nil {
		panic(fmt.Sprintf("eval: embedded data/category_rules.yaml: %v", err))
	}
	return t
}

func parseExpected(data []byte) (map[Shape]map[string][]string, error) {
	var raw map[string]map[string][]string
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	t := map[Shape]map[string][]string{}
	for shape, classes := range raw {
		s, err := ParseShape(shape)
		if err != nil || s == ShapeAuto {
			return nil, fmt.Errorf("unknown label shape %q", shape)
		}
		for class, names := range classes {
			for _, n := range names {
				if !audit.ValidRuleName(n) {
					return nil, fmt.Errorf("%s %s: rule name %q is not kebab-case", shape, class, n)
				}
			}
		}
		t[s] = classes
	}
	return t, nil
}

// ExpectedRules returns the names of the rules expected to catch class
// (an MQM category or a DEMETR perturbation), as listed in the embedded
// data/category_rules.yaml; some may not exist yet.
func ExpectedRules(shape Shape, class string) []string {
	return append([]string(nil), expectedTable[shape][class]...)
}
