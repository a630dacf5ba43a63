package calque

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
	"github.com/mtaudit/mtaudit/rules/ruletest"
)

func TestPacksLoad(t *testing.T) {
	ps, err := loadPacks()
	require.NoError(t, err)
	var langs []string
	for _, p := range ps {
		langs = append(langs, p.Lang)
		assert.NotEmpty(t, p.Entries, p.Lang)
	}
	assert.Equal(t, []string{"de", "es", "fr"}, langs)
}

func TestParsePackErrors(t *testing.T) {
	for name, data := range map[string]string{
		"bad lang":       "lang: French\nlanguage: French\n",
		"unknown field":  "lang: fr\nlanguage: French\nentries:\n  - {name: a, pattern: x, trigger: x, meaning: m, colour: red}\n",
		"bad regexp":     "lang: fr\nlanguage: French\nentries:\n  - {name: a, pattern: '(', trigger: x, meaning: m}\n",
		"no meaning":     "lang: fr\nlanguage: French\nentries:\n  - {name: a, pattern: x, trigger: x}\n",
		"upper trigger":  "lang: fr\nlanguage: French\nentries:\n  - {name: a, pattern: x, trigger: X, meaning: m}\n",
		"empty match":    "lang: fr\nlanguage: French\nentries:\n  - {name: a, pattern: 'x?', trigger: x, meaning: m}\n",
		"bad severity":   "lang: fr\nlanguage: French\nentries:\n  - {name: a, pattern: x, trigger: x, meaning: m, severity: huge}\n",
		"duplicate name": "lang: fr\nlanguage: French\nentries:\n  - {name: a, pattern: x, trigger: x, meaning: m}\n  - {name: a, pattern: y, trigger: y, meaning: m}\n",
	} {
		_, err := ParsePack("t.yaml", []byte(data))
		assert.Error(t, err, name)
	}
}

// Every match of an entry's pattern must contain its trigger, or the
// pre-filter would hide matches.
func TestTriggersArePrefilters(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.txt")
	require.NoError(t, err)
	matched := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		for _, p := range Packs() {
			for _, e := range p.Entries {
				for _, m := range e.Pattern.FindAllString(string(data), -1) {
					matched++
					assert.True(t, containsAny(asciiLower(m), e.triggers), "%s/%s: %q lacks its trigger", p.Lang, e.Name, m)
				}
			}
		}
	}
	assert.Greater(t, matched, 10)
}

func TestInference(t *testing.T) {
	doc := func(s string) *audit.Document { return audit.NewDocument("t", "t", s, audit.Span{End: len(s)}) }
	lex := lexicon.Default()

	inf := Infer(doc("Poutine met the press in Pékin. The envoy would have said that talks were useful."), lex)
	assert.Equal(t, "fr", inf.Lang)
	assert.GreaterOrEqual(t, len(inf.Evidence), 2)
	assert.Contains(t, inf.Summary(), "Poutine")

	// One clue is not enough.
	assert.Equal(t, "", Infer(doc("Poutine met the press in Moscow on Monday."), lex).Lang)
	// Clues shared by French and Spanish only, tied: nothing inferred.
	assert.Equal(t, "", Infer(doc("The envoy would have said that talks were useful. The aide would have told reporters that it was over."), lex).Lang)
	// Clean English.
	assert.Equal(t, "", Infer(doc("Putin met the press in Beijing. He said talks were useful."), lex).Lang)
	// German traces.
	assert.Equal(t, "de", Infer(doc("The party chef said the car concern grew by 3,5 % in „Q3“."), lex).Lang)
}

func TestExplicitSourceLanguage(t *testing.T) {
	text := "The ministry precised that the reunion of ministers ended."
	// With --source-lang fr the French pack applies without other evidence.
	res := ruletest.Check(&audit.Env{SourceLang: "fr"}, text, Calque)
	require.Len(t, res.Findings, 2)
	assert.Equal(t, "precised", res.Findings[0].Text)
	assert.Contains(t, res.Findings[0].Message, "--source-lang")
	// Another language's pack stays off.
	assert.Empty(t, ruletest.Check(&audit.Env{SourceLang: "de"}, text, Calque).Findings)
	// No source-language finding when the language was given.
	assert.Empty(t, ruletest.Check(&audit.Env{SourceLang: "fr"}, "Poutine met Xi in Pékin.", SourceLanguage).Findings)
	assert.Len(t, ruletest.Check(&audit.Env{SourceLang: "auto"}, "Poutine met Xi in Pékin.", SourceLanguage).Findings, 1)
}

func FuzzCalque(f *testing.F) {
	f.Add("Kim would have said that « the Reunion » was precised in the release of the city.")
	f.Add("¿Qué? The party chef 3,5 % „x“")
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"", "auto", "fr", "de"} {
			res := ruletest.Check(&audit.Env{SourceLang: lang}, s, Calque, SourceLanguage)
			for _, fd := range res.Findings {
				if fd.Start < 0 || fd.End > len(s) || fd.Start > fd.End {
					t.Fatalf("bad span %v", fd.Span)
				}
			}
		}
	})
}
