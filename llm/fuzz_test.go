package llm

import (
	"testing"

	"github.com/mtaudit/mtaudit/prompts"
)

// FuzzReplies feeds arbitrary model output through decoding, schema
// validation and the checks that apply suggestions and review errors: no
// input may panic, and whatever is added must point into the article.
func FuzzReplies(f *testing.F) {
	f.Add(`{"suggestions": [{"id": "x", "original": "said Kim", "replacement": "said", "note": ""}]}`)
	f.Add(`{"errors": [{"span": "Beijing", "category": "Other", "severity": "minor", "explanation": "e"}]}`)
	f.Add("```json\n{\"errors\": []}\n```")
	f.Add(`{"errors": [{"span": "\u00e9", "category": "Other", "severity": "major", "explanation": ""}]}`)
	f.Add(`not json`)
	cfg := DefaultConfig()
	cfg.BaseURL = "http://127.0.0.1:1/v1"
	cfg.CacheDir = CacheOff
	cfg.Review = true
	p, err := New(cfg, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, content string) {
		res := check(t, "f", "Ünïcode café. The talks were friendly, said Kim said Kim said Kim said in Beijing.\n")
		before := len(res.Findings)
		tl := newTally()
		var sr suggestReply
		if p.decode(prompts.Suggest, content, &sr) == nil {
			p.applySuggestions(res, &sr, tl)
		}
		var rr reviewReply
		if p.decode(prompts.Review, content, &rr) == nil {
			p.applyReview(res, &rr, tl)
		}
		doc := res.Document()
		if len(res.Findings) < before {
			t.Fatalf("findings lost: %d < %d", len(res.Findings), before)
		}
		for _, fd := range res.Findings {
			if fd.Start < 0 || fd.End > len(doc.Text) || fd.Start > fd.End || doc.Text[fd.Start:fd.End] != fd.Text {
				t.Fatalf("finding %+v does not point into the article", fd)
			}
		}
	})
}
