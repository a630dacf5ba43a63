package repetition

import (
	_ "embed"
	"strings"
)

//go:embed data/legit_repeats.txt
var legitRepeatsData string

// Read-only tables built once from the data file.
var (
	legitSets    = parseSections(legitRepeatsData, "double", "loop")
	legitDoubles = legitSets[0]
	legitLoops   = legitSets[1]
)

// parseSections reads a word-list data file divided into [name] sections
// and returns the set of entries of each named section, in order.
func parseSections(data string, names ...string) (sets []map[string]bool) {
	byName := make(map[string]map[string]bool, len(names))
	for _, n := range names {
		s := map[string]bool{}
		byName[n] = s
		sets = append(sets, s)
	}
	var cur map[string]bool
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[' && line[len(line)-1] == ']':
			cur = byName[line[1:len(line)-1]]
		case cur != nil:
			cur[strings.ToLower(line)] = true
		}
	}
	return sets
}
