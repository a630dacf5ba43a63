package repetition

import (
	"strings"

	"github.com/mtaudit/mtaudit/audit"
)

// RepeatedLoop finds a word or phrase repeated three or more times in a
// row: the decoder loop of a neural MT system.
var RepeatedLoop = &audit.Rule{
	Name: "repeated-loop",
	Doc: audit.Doc{
		Title: "Word or phrase repeated in a loop",
		Text: `Neural MT systems sometimes fall into a loop and emit the same word or phrase
three or more times in a row ("said Kim said Kim said Kim"). The reader sees
garbage, and whatever the loop replaced is lost from the translation, so the
rule reports it as a critical non-translation. Phrases of any length up to
48 tokens are found, in time linear in the text. Punctuation repeated with
each copy belongs to the phrase ("archipelago "archipelago "archipelago);
a one-word phrase with punctuation needs four copies, so lists ("no, no,
no") are left alone, and so are interjections ("ha ha ha"). The
suggestion keeps one copy.`,
		Bad:  "The minister said Kim said Kim said Kim said after the meeting.",
		Good: "The minister said Kim had spoken after the meeting.",
	},
	Category: "Non-translation",
	Severity: audit.Critical,
	Run:      runRepeatedLoop,
}

func runRepeatedLoop(pass *audit.Pass) error {
	doc := pass.Doc
	for _, l := range findLoops(doc) {
		phrase := doc.Slice(l.first)
		if l.words == 1 && legitLoops[strings.ToLower(strings.Trim(phrase, "\"“”'‘’,;:"))] {
			continue
		}
		pass.Reportf(l.span, &phrase, "%q repeated %d times in a row (MT decoder loop)", phrase, l.copies)
	}
	return nil
}
