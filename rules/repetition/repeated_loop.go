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
48 words are found, in time linear in the text; copies must follow each
other with only white space between them, so lists ("no, no, no") and
interjections ("ha ha ha") are left alone. The suggestion keeps one copy.`,
		Bad:  "The minister said Kim said Kim said Kim said after the meeting.",
		Good: "The minister said Kim had spoken after the meeting.",
	},
	Category: "Non-translation",
	Severity: audit.Critical,
	Run:      runRepeatedLoop,
}

func runRepeatedLoop(pass *audit.Pass) error {
	doc := pass.Doc
	seqs := sentenceWords(doc)
	for _, l := range findLoops(doc) {
		seq := seqs[l.seq]
		first := wordSpan(doc, seq, l.start, l.start+l.period-1)
		phrase := doc.Slice(first)
		if l.period == 1 && legitLoops[strings.ToLower(phrase)] {
			continue
		}
		span := wordSpan(doc, seq, l.start, l.end()-1)
		pass.Reportf(span, &phrase, "%q repeated %d times in a row (MT decoder loop)", phrase, l.copies)
	}
	return nil
}
