package langid

import (
	"unicode"
)

// targetScripts maps a target language (ISO 639-1) to the scripts its
// text is written in. Languages not listed are taken to use Latin.
var targetScripts = map[string][]*unicode.RangeTable{
	"ru": {unicode.Cyrillic}, "uk": {unicode.Cyrillic}, "bg": {unicode.Cyrillic},
	"sr": {unicode.Cyrillic, unicode.Latin}, "mk": {unicode.Cyrillic}, "be": {unicode.Cyrillic},
	"kk": {unicode.Cyrillic}, "mn": {unicode.Cyrillic},
	"el": {unicode.Greek},
	"zh": {unicode.Han}, "ja": {unicode.Han, unicode.Hiragana, unicode.Katakana},
	"ko": {unicode.Hangul, unicode.Han},
	"ar": {unicode.Arabic}, "fa": {unicode.Arabic}, "ur": {unicode.Arabic},
	"he": {unicode.Hebrew}, "hi": {unicode.Devanagari}, "mr": {unicode.Devanagari},
	"bn": {unicode.Bengali}, "th": {unicode.Thai}, "ka": {unicode.Georgian}, "hy": {unicode.Armenian},
	"ta": {unicode.Tamil}, "te": {unicode.Telugu}, "gu": {unicode.Gujarati}, "pa": {unicode.Gurmukhi},
}

// scriptsFor returns the scripts of target.
func scriptsFor(target string) []*unicode.RangeTable {
	if s, ok := targetScripts[target]; ok {
		return s
	}
	return []*unicode.RangeTable{unicode.Latin}
}

// wordScript summarises the letters of a word against the target's scripts.
type wordScript struct {
	inside, outside int  // letters in and outside the target's scripts
	ideographic     bool // some outside letter is Han, kana or Hangul, where one character can be a word
}

func classifyScript(w string, scripts []*unicode.RangeTable) wordScript {
	var ws wordScript
	for _, r := range w {
		if r < 0x80 {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				if isLatin(scripts) {
					ws.inside++
				} else {
					ws.outside++
				}
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.In(r, scripts...) {
			ws.inside++
			continue
		}
		ws.outside++
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			ws.ideographic = true
		}
	}
	return ws
}

func isLatin(scripts []*unicode.RangeTable) bool {
	for _, s := range scripts {
		if s == unicode.Latin {
			return true
		}
	}
	return false
}

// scriptName names the script of the first letter of w outside scripts.
func scriptName(w string, scripts []*unicode.RangeTable) string {
	for _, r := range w {
		if !unicode.IsLetter(r) || unicode.In(r, scripts...) {
			continue
		}
		for name, table := range unicode.Scripts {
			if unicode.Is(table, r) {
				return name
			}
		}
	}
	return "foreign"
}
