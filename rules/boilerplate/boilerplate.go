package boilerplate

import (
	"fmt"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
)

// Boilerplate reports web page residue left in the article, once per block
// of consecutive boilerplate paragraphs.
var Boilerplate = &audit.Rule{
	Name: "boilerplate",
	Doc: audit.Doc{
		Title: "Web page boilerplate left in the article",
		Text: `Scraped articles often keep the furniture of the page they came from:
runs of icon names ("icon bookmark-bicon cameraicon …"), navigation and
language menus ("HomeWorld News"), share, comment, search and cookie
prompts ("Share this story!", "Click to comment", "This website uses
cookies"), copyright lines, and "You May Also Like" teaser lists. None of it
may be published. Consecutive boilerplate paragraphs are reported once, as
one span covering the block; short labels and timestamps count only next
to other boilerplate. Photo captions and datelines are article text. This
is not a translation error, so it has its own category; the severity is
one a pre-publish gate blocks on. The suggestion deletes the block.`,
		Bad:  "The talks ended on Friday without an agreement.\n\nShare this story!\n\nThis website uses cookies. Read our privacy policy to find out more.",
		Good: "The talks ended on Friday without an agreement.\n\nDelegates said they would share the draft with their governments.",
	},
	Category: "Other/Boilerplate",
	Severity: audit.Major,
	Run:      runBoilerplate,
}

func runBoilerplate(pass *audit.Pass) error {
	for _, b := range Analyze(pass.Doc).Blocks {
		empty := ""
		n := b.End - b.First
		what := "paragraph"
		if n > 1 {
			what = fmt.Sprintf("%d paragraphs", n)
		}
		pass.Reportf(b.Span, &empty, "web page boilerplate left in the article (%s: %s)", what, strings.Join(b.Kinds, ", "))
	}
	return nil
}
