package repetition

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/ruletest"
)

func TestGarbledArticleRepetition(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "mt-garbled-kim-xi-2025.txt"))
	require.NoError(t, err)
	res := ruletest.Check(&audit.Env{TargetLang: "en"}, string(data), RepeatedLoop, RepeatedPhrase, DoubledWord)
	var loops, phrases []audit.Finding
	for _, f := range res.Findings {
		switch f.Rule {
		case "repeated-loop":
			loops = append(loops, f)
		case "repeated-phrase":
			phrases = append(phrases, f)
		}
	}
	require.Len(t, loops, 1)
	assert.Equal(t, audit.Critical, loops[0].Severity)
	assert.Contains(t, loops[0].Text, "said Kim said Kim said Kim")
	require.Len(t, phrases, 1)
	assert.Equal(t, audit.Major, phrases[0].Severity)
	assert.Contains(t, phrases[0].Text, "the Communist Party and the Government of the People's Republic")
}
