package boilerplate

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// firstRunes is a cheap pre-filter for a regular expression anchored at
// the start of the text (^ without (?m)): the instructions that can
// consume the first rune of a match. A text whose first rune none of them
// accepts cannot match, and the expression need not run. A nil firstRunes
// (the expression is not anchored on every path, can match the empty
// string or starts with "any rune") filters nothing.
type firstRunes []*syntax.Inst

// newFirstRunes computes the pre-filter of re from its program.
func newFirstRunes(re *regexp.Regexp) firstRunes {
	ast, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	prog, err := syntax.Compile(ast.Simplify())
	if err != nil {
		return nil
	}
	var first firstRunes
	seen := map[[2]uint32]bool{}
	ok := true
	var walk func(pc uint32, anchored bool)
	walk = func(pc uint32, anchored bool) {
		key := [2]uint32{pc, 0}
		if anchored {
			key[1] = 1
		}
		if !ok || seen[key] {
			return
		}
		seen[key] = true
		inst := &prog.Inst[pc]
		switch inst.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			walk(inst.Out, anchored)
			walk(inst.Arg, anchored)
		case syntax.InstCapture, syntax.InstNop:
			walk(inst.Out, anchored)
		case syntax.InstEmptyWidth:
			walk(inst.Out, anchored || syntax.EmptyOp(inst.Arg)&syntax.EmptyBeginText != 0)
		case syntax.InstRune, syntax.InstRune1:
			if !anchored {
				ok = false
				return
			}
			first = append(first, inst)
		case syntax.InstFail:
		default: // InstMatch, InstRuneAny, InstRuneAnyNotNL
			ok = false
		}
	}
	walk(uint32(prog.Start), false)
	if !ok || len(first) == 0 {
		return nil
	}
	return first
}

// matchString is re.MatchString(s) behind the pre-filter f of re.
func (f firstRunes) matchString(re *regexp.Regexp, s string) bool {
	if f != nil {
		if s == "" {
			return false // a rune must be consumed first
		}
		r, _ := utf8.DecodeRuneInString(s)
		accepted := false
		for _, inst := range f {
			if inst.MatchRune(r) {
				accepted = true
				break
			}
		}
		if !accepted {
			return false
		}
	}
	return re.MatchString(s)
}
