package langid

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/ruletest"
)

func newEnv(t testing.TB) (*audit.Env, *Detector) {
	d, err := NewDetector(DefaultConfig())
	require.NoError(t, err)
	env := &audit.Env{TargetLang: "en"}
	d.Install(env)
	return env, d
}

func TestDetectorIsLazy(t *testing.T) {
	env, d := newEnv(t)
	res := ruletest.Check(env, "The council met on Tuesday. Kim Jong Un and the KCNA agency were not mentioned.", UntranslatedText)
	assert.Empty(t, res.Findings)
	assert.False(t, d.Built(), "clean English must not build the detector")

	res = ruletest.Check(env, "The council said the harvest was schlecht this year.", UntranslatedText)
	assert.Len(t, res.Findings, 1)
	assert.True(t, d.Built())
}

func TestNewDetectorRejectsUnknownLanguage(t *testing.T) {
	_, err := NewDetector(Config{Candidates: []string{"en", "xx"}})
	assert.ErrorContains(t, err, `"xx"`)
}

func TestTargetLanguage(t *testing.T) {
	env, _ := newEnv(t)
	env.TargetLang = "de"
	res := ruletest.Check(env, "Der Minister sagte, die Gespräche seien sehr nützlich gewesen.\n\nThe minister said that the talks had been very useful for both sides.", UntranslatedText)
	require.Len(t, res.Findings, 1)
	assert.Contains(t, res.Findings[0].Message, "English")
	assert.Equal(t, 3, res.Findings[0].Line)
}

func TestLexicon(t *testing.T) {
	for _, w := range []string{"government", "Government's", "high-level", "storytelling", "the"} {
		assert.True(t, isEnglishWord(w), w)
	}
	for _, w := range []string{"gouvernement", "schlecht", "préoccupante"} {
		assert.False(t, isEnglishWord(w), w)
	}
	for _, w := range []string{"becuase", "situaion", "recieve", "germline"} {
		assert.True(t, nearEnglish(w), w)
	}
	for _, w := range []string{"schlecht", "pazienza", "semaine"} {
		assert.False(t, nearEnglish(w), w)
	}
}

// TestCorpusArticles: the reference articles and the garbled MT article
// have no untranslated text (the references' language menu is boilerplate).
func TestCorpusArticles(t *testing.T) {
	env, _ := newEnv(t)
	for _, name := range []string{"reference-ap-2021.txt", "reference-rt-2021.txt", "mt-garbled-kim-xi-2025.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", name))
		require.NoError(t, err)
		res := ruletest.Check(env, string(data), UntranslatedText)
		assert.Empty(t, res.Errors, name)
		assert.Empty(t, res.Findings, name)
	}
}

// TestConcurrentDocuments shares one detector between goroutines, as the
// engine does; run with -race to check the lazy build.
func TestConcurrentDocuments(t *testing.T) {
	env, _ := newEnv(t)
	texts := []string{
		"The talks were described as muy difíciles by both delegations.",
		"Officials praised the 合作 between the ports.",
		"The council approved the budget on Tuesday.",
	}
	var wg sync.WaitGroup
	counts := make([]int, 12)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i] = len(ruletest.Check(env, texts[i%len(texts)], UntranslatedText).Findings)
		}()
	}
	wg.Wait()
	for i, n := range counts {
		want := 1
		if i%len(texts) == 2 {
			want = 0
		}
		assert.Equal(t, want, n, texts[i%len(texts)])
	}
}

// benchArticles groups the English targets of the shared bench into
// articles of about 4 KB, one record a paragraph (as the check pipeline
// benchmark in cmd/mtaudit does).
func benchArticles(b *testing.B) ([]string, int) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "bench", "*.jsonl"))
	if len(files) == 0 {
		b.Skip("no bench corpus in ../shared/bench")
	}
	var out []string
	var cur strings.Builder
	total := 0
	for _, f := range files {
		fh, err := os.Open(f)
		require.NoError(b, err)
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var rec struct {
				Target string `json:"target"`
			}
			if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.Target == "" {
				continue
			}
			cur.WriteString(rec.Target)
			cur.WriteString("\n")
			if cur.Len() >= 4096 {
				out = append(out, cur.String())
				total += cur.Len()
				cur.Reset()
			}
		}
		fh.Close()
	}
	return out, total
}

// BenchmarkUntranslated runs the rule (with document analysis) over the
// bench corpus; b.SetBytes makes the MB/s column the rule's throughput.
// Every iteration gets a fresh detector, so its caches start empty as on a
// new corpus (the lexicon and lingua's models stay loaded, as in a run).
func BenchmarkUntranslated(b *testing.B) {
	articles, total := benchArticles(b)
	env, _ := newEnv(b)
	for _, a := range articles[:10] { // warm up: lexicon and lingua models
		ruletest.Check(env, a, UntranslatedText)
	}
	sentences := 0
	for _, a := range articles {
		sentences += len(audit.NewDocument("", "", a, audit.Span{Start: 0, End: len(a)}).Sentences)
	}
	calls := int64(0)
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		env, d := newEnv(b)
		for _, a := range articles {
			ruletest.Check(env, a, UntranslatedText)
		}
		calls += d.Calls()
	}
	b.ReportMetric(float64(calls)/float64(b.N)/float64(sentences), "lingua-calls/sentence")
}
