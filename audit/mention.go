package audit

// nameParticles may join the capitalised words of one name when another
// capitalised word follows ("Republic of Korea", "Ludwig van Beethoven",
// "Mohammed bin Salman"). Source: particles of personal and institutional
// names in news English.
var nameParticles = map[string]bool{
	"of": true, "de": true, "du": true, "des": true, "del": true, "della": true, "di": true,
	"da": true, "dos": true, "das": true, "van": true, "von": true, "der": true, "den": true,
	"ter": true, "bin": true, "ibn": true, "al": true, "el": true, "la": true, "le": true, "y": true,
}

// findMentions collects candidate names: maximal runs of capitalised or
// all-caps words inside a sentence, joined by name particles ("of", "bin")
// and by "the" after "of". A sentence-initial function word ("The", "In")
// is not part of a mention.
func findMentions(d *Document) []Mention {
	var out []Mention
	for si, s := range d.Sentences {
		firstWord := -1
		for i := s.FirstToken; i < s.EndToken; i++ {
			if d.Tokens[i].Kind == Word {
				firstWord = i
				break
			}
		}
		i := s.FirstToken
		for i < s.EndToken {
			if !isNameWord(d.Tokens[i]) {
				i++
				continue
			}
			start := i
			end := i + 1
			for end < s.EndToken {
				t := d.Tokens[end]
				if isNameWord(t) {
					end++
					continue
				}
				// particles: "of", "of the", "bin" ... followed by a name word
				j := end
				for j < s.EndToken && j-end < 2 && d.Tokens[j].Kind == Word && (nameParticles[d.TokenText(j)] || (j > end && d.TokenText(j) == "the" && d.TokenText(j-1) == "of")) {
					j++
				}
				if j > end && j < s.EndToken && isNameWord(d.Tokens[j]) {
					end = j + 1
					continue
				}
				break
			}
			if start == firstWord && sentenceOpeners[d.TokenText(start)] {
				start++
			}
			if start < end {
				out = append(out, Mention{
					Span:          Span{d.Tokens[start].Start, d.Tokens[end-1].End},
					Sentence:      si,
					FirstToken:    start,
					EndToken:      end,
					SentenceStart: start == firstWord,
				})
			}
			i = end
		}
	}
	return out
}

func isNameWord(t Token) bool {
	return t.Kind == Word && (t.Flags&(Capitalized|AllCaps) != 0)
}
