package lexicon

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
)

func TestDefaultLexiconLoads(t *testing.T) {
	l := Default()
	require.Greater(t, l.Len(), 150)
	m, ok := l.Lookup("Poutine")
	require.True(t, ok)
	assert.Equal(t, "Vladimir Putin", m.Entry.Canonical)
	assert.Equal(t, Exonym, m.Kind)
	assert.Equal(t, "fr", m.Lang)
	assert.Equal(t, Male, m.Entry.Gender)

	m, ok = l.Lookup("Kim Jong-un's")
	require.True(t, ok)
	assert.Equal(t, "Kim Jong Un", m.Entry.Canonical)
	assert.True(t, m.Kind.IsCorrect())

	m, ok = l.Lookup("kcna")
	require.True(t, ok)
	assert.Equal(t, "KCNA", m.Form)
	assert.Equal(t, Agency, m.Entry.Kind)

	m, ok = l.Lookup("Kiev")
	require.True(t, ok)
	assert.Equal(t, Dated, m.Kind)

	_, ok = l.Lookup("Irán")
	assert.True(t, ok, "diacritics are kept: Irán is the Spanish exonym")
	m, _ = l.Lookup("Iran")
	assert.Equal(t, Canonical, m.Kind)

	e, ok := l.Demonym("North Korean")
	require.True(t, ok)
	assert.Equal(t, "North Korea", e.Canonical)
	assert.Equal(t, Country, e.Kind)
}

func TestKey(t *testing.T) {
	assert.Equal(t, "kim jong un", Key("Kim Jong-un’s"))
	assert.Equal(t, "kim jong un", Key("  Kim   Jong Un "))
	assert.Equal(t, "putin", Key("Putin's"))
	assert.Equal(t, "pekin", FoldDiacritics("pekin"))
	assert.Equal(t, "Pekin", FoldDiacritics("Pékin"))
}

func TestParseStrict(t *testing.T) {
	_, err := Parse("x.yaml", []byte("entries:\n  - name: A\n    kind: person\n    colour: red\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "x.yaml:4")
	assert.Contains(t, err.Error(), "colour")

	_, err = Parse("y.yaml", []byte("entries:\n- {name: A, kind: person}\n- {name: B, kind: planet}\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "y.yaml:3")
	assert.Contains(t, err.Error(), "planet")

	_, err = Parse("z.yaml", []byte("entries:\n- {name: France, kind: country, gender: female}\n"))
	require.ErrorContains(t, err, "z.yaml:2: France: gender on a country")

	_, err = Parse("w.yaml", []byte("entries:\n- {kind: person}\n"))
	require.ErrorContains(t, err, "w.yaml:2: entry has no name")

	l, err := Parse("empty.yaml", nil)
	require.NoError(t, err)
	assert.Zero(t, l.Len())
}

func TestWrongFormThatIsCorrectElsewhereIsDropped(t *testing.T) {
	l, err := Parse("t.yaml", []byte("entries:\n- {name: Georgia, kind: country, exonyms: {fr: [Géorgie]}}\n- {name: Foo, kind: place, wrong: [Georgia]}\n"))
	require.NoError(t, err)
	m, ok := l.Lookup("Georgia")
	require.True(t, ok)
	assert.Equal(t, Canonical, m.Kind)
	assert.Empty(t, l.Entries()[1].WrongForms)
}

func TestMergeOverrides(t *testing.T) {
	user, err := Parse("u.yaml", []byte("entries:\n- {name: Kim Jong Un, kind: person, gender: male, aliases: [Supreme Leader]}\n- {name: Zed Corp, kind: organisation}\n"))
	require.NoError(t, err)
	l := Merge(Default(), user)
	assert.Equal(t, Default().Len()+1, l.Len())
	m, ok := l.Lookup("Supreme Leader")
	require.True(t, ok)
	assert.Equal(t, "u.yaml", m.Entry.Source)
	_, ok = l.Lookup("Kim Jong One")
	assert.False(t, ok, "the user entry replaced the default one")
	_, ok = Default().Lookup("Zed Corp")
	assert.False(t, ok, "merging does not change its inputs")
}

func TestWriteRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, Default(), "test header"))
	back, err := Parse("round.yaml", buf.Bytes())
	require.NoError(t, err)
	assert.Equal(t, Default().Len(), back.Len())
	m, ok := back.Lookup("Moscou")
	require.True(t, ok)
	assert.Equal(t, "Moscow", m.Entry.Canonical)
}

func TestEnv(t *testing.T) {
	env := &audit.Env{}
	assert.Nil(t, FromEnv(env))
	Install(env, Default())
	assert.Same(t, Default(), FromEnv(env))
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("entries:\n- {name: A, kind: person, gender: male, exonyms: {fr: [B]}}\n"))
	f.Add(defaultData)
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("fuzz.yaml", data)
		if err == nil {
			for _, e := range l.Entries() {
				_, _ = l.Lookup(e.Canonical)
			}
		}
	})
}

func TestNearMisses(t *testing.T) {
	nm := Default().NearMisses([]string{"kim", "jong", "one"})
	var got []string
	for _, m := range nm {
		got = append(got, m.Entry.Canonical)
		assert.Equal(t, 2, m.Part)
	}
	assert.Contains(t, got, "Kim Jong Un")
	assert.Contains(t, got, "Kim Jong Nam")
	assert.NotContains(t, got, "Kim Yo Jong")
	for _, m := range Default().NearMisses([]string{"kim", "jong", "un"}) {
		assert.NotEqual(t, "Kim Jong Un", m.Entry.Canonical, "a form is no near miss of itself")
	}
	assert.Empty(t, Default().NearMisses([]string{"putin"}))
}
