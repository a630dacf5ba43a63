package llm

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// cache stores validated replies on disk, one file per key, so that an
// identical re-run sends no request. Files are written to a temporary name
// and renamed, so concurrent runs never read half a file.
type cache struct{ dir string }

// cacheEntry is what a cache file holds.
type cacheEntry struct {
	Key     string `json:"key"`
	Model   string `json:"model"`
	Task    string `json:"task"`
	Content string `json:"content"`
}

// cacheKey hashes everything a reply depends on: the task, the model and
// server, the prompt version and templates, the document text and the
// findings shown to the model.
func cacheKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s\x00", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *cache) path(key string) string { return filepath.Join(c.dir, key[:2], key+".json") }

// get returns the cached reply for key; ok is false on a miss or when the
// cache is off. A corrupt entry is a miss.
func (c *cache) get(key string) (content string, ok bool) {
	if c == nil {
		return "", false
	}
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return "", false
	}
	var e cacheEntry
	if json.Unmarshal(b, &e) != nil || e.Key != key {
		return "", false
	}
	return e.Content, true
}

// put stores a reply. Errors are returned for the caller to report; a
// failed write only costs a request next time.
func (c *cache) put(key string, e cacheEntry) error {
	if c == nil {
		return nil
	}
	e.Key = key
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("llm cache: %w", err)
	}
	dir := filepath.Dir(c.path(key))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("llm cache: %w", err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("llm cache: %w", err)
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("llm cache: write %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), c.path(key)); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("llm cache: %w", err)
	}
	return nil
}

// openCache returns the cache in dir, or nil when dir is "".
func openCache(dir string) (*cache, error) {
	if dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("llm cache: %w", err)
	}
	return &cache{dir: dir}, nil
}
