package typography

import (
	_ "embed"
	"regexp"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
)

//go:embed data/speech_verbs.txt
var speechVerbsData string

// Read-only tables built once from the data files.
var (
	speechVerbs = audit.ParseWordList(speechVerbsData)
	verbAlt     = alternation(speechVerbs)
	nameRE      = `(?:(?:the\s+)?\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}|the\s+[\p{L}'’-]+(?:\s+[\p{L}'’-]+){0,3})`
	// ", added Putin." / ", Putin added." / ", he said." / ", the message read."
	trailingAttribution = regexp.MustCompile(`,\s+(?:(?:` + verbAlt + `)\s+` + nameRE + `|` + nameRE + `\s+(?:` + verbAlt + `)(?:\s+\p{L}+){0,2}|(?:he|she|they)\s+(?:` + verbAlt + `)|the\s+(?:[\p{L}'’-]+\s+){0,3}(?:message|statement|letter|note|post|tweet|text|report|communiqué|decree)\s+(?:` + verbAlt + `))(?:\s*,\s*according to [^.!?]{1,60})?\s*[.!?]$`)
	// "Kim said: we will …"
	leadingAttribution = regexp.MustCompile(`\b(?:` + verbAlt + `)(?:\s+\p{L}+){0,2}\s*:\s+`)
	personRE           = regexp.MustCompile(`\b(?:I|we|We|us|our|Our|ours|my|My|me|you|You|your|Your|yours)\b`)
	quoteChars         = "\"“”«»„‘"
)

func alternation(set map[string]bool) string {
	var words []string
	for w := range set {
		words = append(words, regexp.QuoteMeta(w))
	}
	// longest first, so that "says" is not read as "said"+"s" and so on
	for i := 1; i < len(words); i++ {
		for j := i; j > 0 && (len(words[j]) > len(words[j-1]) || len(words[j]) == len(words[j-1]) && words[j] < words[j-1]); j-- {
			words[j], words[j-1] = words[j-1], words[j]
		}
	}
	return strings.Join(words, "|")
}

// LostQuotes finds first- or second-person speech with an attribution but
// no quotation marks.
var LostQuotes = &audit.Rule{
	Name: "lost-quotes",
	Doc: audit.Doc{
		Title: "Quotation marks lost around direct speech",
		Text: `MT sometimes drops the quotation marks around direct speech, so that a
speaker's words read as the article's own: "We will never give up, added
the minister." A sentence in the first or second person (I, we, our, you)
followed by an attribution (", added X.", ", X said.", ", the statement
read.") or preceded by one ("X said: we will …") in a paragraph with no
quotation marks at all is reported. Reported speech ("he said that they
would") is third person and is left alone. The suggestion puts the speech
in quotation marks.`,
		Bad:  "We will rebuild every house in the valley, added the governor.",
		Good: "“We will rebuild every house in the valley,” added the governor. The mayor said they would help.",
	},
	Category: "Fluency/Punctuation",
	Severity: audit.Minor,
	Run:      runLostQuotes,
}

func runLostQuotes(pass *audit.Pass) error {
	doc := pass.Doc
	for _, p := range textParagraphs(doc) {
		ps := doc.Paragraphs[p.index]
		if strings.ContainsAny(doc.Slice(ps), quoteChars) {
			continue
		}
		for si := doc.SentenceAt(ps.Start); si >= 0 && si < len(doc.Sentences) && doc.Sentences[si].Paragraph == p.index; si++ {
			if !hasPersonWord(doc, doc.Sentences[si]) {
				continue
			}
			s := doc.Sentences[si].Span
			text := doc.Slice(s)
			if m := findTrailingAttribution(text); m != nil && m[0] > 0 {
				speech := text[:m[0]]
				if personRE.MatchString(speech) && !reportedSpeech(speech) {
					fixed := "“" + speech + ",”"
					pass.Reportf(audit.Span{Start: s.Start, End: s.Start + m[0] + 1}, &fixed, "first- or second-person speech with an attribution but no quotation marks")
					continue
				}
			}
			if m := findLeadingAttribution(text); m != nil && m[1] < len(text) {
				speech := text[m[1]:]
				if personRE.MatchString(speech) && !reportedSpeech(speech) {
					fixed := "“" + speech + "”"
					pass.Reportf(audit.Span{Start: s.Start + m[1], End: s.End}, &fixed, "first- or second-person speech after an attribution but no quotation marks")
				}
			}
		}
	}
	return nil
}

// findTrailingAttribution is trailingAttribution.FindStringIndex behind
// the literal tests its pattern implies: a comma, and a final . ! or ?.
func findTrailingAttribution(text string) []int {
	if text == "" || !strings.ContainsRune(".!?", rune(text[len(text)-1])) || strings.IndexByte(text, ',') < 0 {
		return nil
	}
	return trailingAttribution.FindStringIndex(text)
}

// findLeadingAttribution is leadingAttribution.FindStringIndex behind the
// literal test its pattern implies: a colon.
func findLeadingAttribution(text string) []int {
	if strings.IndexByte(text, ':') < 0 {
		return nil
	}
	return leadingAttribution.FindStringIndex(text)
}

// personWords are first- and second-person words; personRE finds them in text.
var personWords = map[string]bool{"I": true, "we": true, "We": true, "us": true, "our": true, "Our": true, "ours": true, "my": true, "My": true, "me": true, "you": true, "You": true, "your": true, "Your": true, "yours": true}

// hasPersonWord is a cheap test, before any regular expression runs.
func hasPersonWord(doc *audit.Document, s audit.Sentence) bool {
	for i := s.FirstToken; i < s.EndToken; i++ {
		if doc.Tokens[i].Kind == audit.Word && personWords[doc.TokenText(i)] {
			return true
		}
	}
	return false
}

// reportedSpeech: "that we would …" is indirect speech.
func reportedSpeech(speech string) bool {
	s := strings.ToLower(speech)
	return strings.HasPrefix(s, "that ") || strings.HasPrefix(s, "as ")
}
