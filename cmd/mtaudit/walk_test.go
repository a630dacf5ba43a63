package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/input"
	"github.com/mtaudit/mtaudit/rules"
)

// failingPrinter fails on the first document, as a full disk or a closed
// pipe would.
type failingPrinter struct{}

func (failingPrinter) Document(*audit.DocumentResult) error { return errors.New("disk full") }
func (failingPrinter) Finish(*audit.Summary) error          { return nil }

// A report that cannot be written stops the run with that error; the walk
// still being fed documents must not keep it waiting.
func TestRunAuditStopsWhenThePrinterFails(t *testing.T) {
	dir := t.TempDir()
	for i := range 200 {
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte("A short article about the weather.\n"), 0o644))
	}
	engine := &audit.Engine{Rules: rules.All(), Env: rules.DefaultEnv(), Gate: audit.DefaultGate(), Workers: 2}
	done := make(chan error, 1)
	go func() {
		_, err := runAudit(context.Background(), engine, []string{dir}, input.Options{}, failingPrinter{})
		done <- err
	}()
	select {
	case err := <-done:
		assert.ErrorContains(t, err, "disk full")
	case <-time.After(10 * time.Second):
		t.Fatal("runAudit did not return after the printer failed")
	}
}
