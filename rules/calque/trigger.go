package calque

import "strings"

// triggerIndex finds, in one pass over a lower-cased text, which of the
// packs' trigger literals occur in it, instead of one strings.Contains per
// trigger per document. Triggers of two bytes or more are found through a
// table keyed by their first two bytes; shorter ones with strings.Contains.
type triggerIndex struct {
	lits  []string // distinct triggers; an entry's triggerIDs index this
	short []int    // ids of the triggers shorter than two bytes
	// pairs has bit k set when some trigger of two bytes or more starts
	// with the two bytes k (first<<8|second), so most positions are
	// skipped on one load from an 8 KB table.
	pairs [1 << 16 / 64]uint64
	// slot maps the first two bytes of a trigger to 1 + the index in lists
	// of the ids of the triggers starting with them; 0: none.
	slot  [1 << 16]uint32
	lists [][]int
}

// newTriggerIndex indexes the triggers of packs and sets each entry's
// triggerIDs.
func newTriggerIndex(packs []*Pack) *triggerIndex {
	ti := &triggerIndex{}
	ids := map[string]int{}
	for _, p := range packs {
		for _, e := range p.Entries {
			e.triggerIDs = make([]int, len(e.triggers))
			for k, t := range e.triggers {
				id, ok := ids[t]
				if !ok {
					id = len(ti.lits)
					ids[t] = id
					ti.lits = append(ti.lits, t)
					if len(t) < 2 {
						ti.short = append(ti.short, id)
					} else {
						key := uint16(t[0])<<8 | uint16(t[1])
						ti.pairs[key/64] |= 1 << (key % 64)
						if ti.slot[key] == 0 {
							ti.lists = append(ti.lists, nil)
							ti.slot[key] = uint32(len(ti.lists))
						}
						ti.lists[ti.slot[key]-1] = append(ti.lists[ti.slot[key]-1], id)
					}
				}
				e.triggerIDs[k] = id
			}
		}
	}
	return ti
}

// present reports, by trigger id, which triggers occur in lower.
func (ti *triggerIndex) present(lower string) []bool {
	found := make([]bool, len(ti.lits))
	for _, id := range ti.short {
		found[id] = strings.Contains(lower, ti.lits[id])
	}
	for i := 0; i+1 < len(lower); i++ {
		key := uint16(lower[i])<<8 | uint16(lower[i+1])
		if ti.pairs[key/64]&(1<<(key%64)) == 0 {
			continue
		}
		for _, id := range ti.lists[ti.slot[key]-1] {
			if !found[id] && strings.HasPrefix(lower[i:], ti.lits[id]) {
				found[id] = true
			}
		}
	}
	return found
}

// anyPresent reports whether one of ids is set in found.
func anyPresent(found []bool, ids []int) bool {
	for _, id := range ids {
		if found[id] {
			return true
		}
	}
	return false
}
