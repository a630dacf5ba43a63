package main

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPackageDocListsEveryCommand keeps the usage in main.go's package
// comment (what go doc shows) in step with the commands table.
func TestPackageDocListsEveryCommand(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	require.NoError(t, err)
	require.NotNil(t, f.Doc)
	doc := f.Doc.Text()
	for name := range commands() {
		assert.Contains(t, doc, "mtaudit "+name+" ", "the package comment shows how to run %q", name)
	}
}
