// Package browsertest starts a headless Chromium for the tests that drive
// the HTML report. Outside CI a test skips (with a message) when no
// Chromium is installed; with CI=true a missing browser fails the test.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// Timeout bounds one browser test.
const Timeout = 90 * time.Second

// candidates are the browser executables tried in order; MTAUDIT_CHROMIUM
// names another.
var candidates = []string{"chromium", "chromium-browser", "headless-shell", "headless_shell", "google-chrome", "google-chrome-stable"}

// Find returns the path of a Chromium executable, or "".
func Find() string {
	if p := os.Getenv("MTAUDIT_CHROMIUM"); p != "" {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	for _, name := range candidates {
		if found, err := exec.LookPath(name); err == nil {
			return found
		}
	}
	return ""
}

// New returns a chromedp context of a fresh headless Chromium (its own
// temporary profile), closed when the test ends. It skips the test when no
// Chromium is installed, unless CI=true, where it fails it.
func New(t testing.TB) context.Context {
	t.Helper()
	path := Find()
	if path == "" {
		const msg = "no Chromium found (tried %v and $MTAUDIT_CHROMIUM); install it with: apt-get update && apt-get install -y --no-install-recommends chromium"
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test is mandatory in CI: "+msg, candidates)
		}
		t.Skipf("skipping browser test: "+msg, candidates)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancel()
	})
	return bctx
}

// Open loads the local file path and waits until the report's script has
// finished setting the page up (html[data-ready]).
func Open(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(abs))); err != nil {
		return err
	}
	ready, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.documentElement.getAttribute('data-ready') === 'true'`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		return err
	}
	if !ready {
		return errors.New("the report's script never finished (blocked by the CSP, or an error)")
	}
	return nil
}

// Download clicks the element sel, lets the browser save the download it
// starts into dir, and returns the saved file's content once the file
// named name is complete.
func Download(ctx context.Context, sel, dir, name string) ([]byte, error) {
	c := chromedp.FromContext(ctx)
	if c == nil || c.Browser == nil {
		return nil, errors.New("no browser in the context (call Open first)")
	}
	t := true
	if _, err := cdp.Call(ctx, c.Browser, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &t,
	}); err != nil {
		return nil, fmt.Errorf("allow downloads: %w", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, name)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		// Chromium writes NAME.crdownload and renames it when done
		if data, err := os.ReadFile(path); err == nil {
			return data, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return nil, fmt.Errorf("no download %s in %s after 20s (found %v)", name, dir, names)
}
