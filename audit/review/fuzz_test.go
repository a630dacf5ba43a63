package review

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mtaudit/mtaudit/audit"
)

// FuzzRead: any input is read or rejected with an error, never a panic,
// and whatever is read survives Merge, Stats and the baseline.
func FuzzRead(f *testing.F) {
	f.Add(`{"schema":"mtaudit.report/v1","tool":{"name":"mtaudit","version":"0"},"documents":[{"id":"a","findings":[{"id":"x","rule":"r","severity":"major","review":{"verdict":"rejected","note":""}}]}],"summary":{"gate":{"fail_on":"major","max_score":null}}}`)
	f.Add(`{"id":"a","findings":[{"id":"x","rule":"r","review":{"verdict":"confirmed"}}]}` + "\n" + `{"schema":"mtaudit.report/v1","summary":{}}`)
	f.Add(`{"schema":"mtaudit.report/v1","documents":null}`)
	f.Add(`[]`)
	f.Add(`{"schema":"mtaudit.report/v1","documents":[null]}`)
	f.Add(`{"summary":{"gate":{"fail_on":"bogus"}}}`)
	f.Fuzz(func(t *testing.T, in string) {
		rep, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		Merge(rep, rep)
		Stats(rep)
		base := NewBaseline(rep)
		for _, d := range rep.Documents {
			base.Apply(d, audit.DefaultGate())
		}
		var buf bytes.Buffer
		if err := Write(&buf, rep); err != nil {
			t.Fatalf("write what was read: %v", err)
		}
	})
}
