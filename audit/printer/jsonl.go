package printer

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/mtaudit/mtaudit/audit"
)

// jsonlPrinter writes one document object per line as soon as it is done,
// then a last line {"summary": ...}.
type jsonlPrinter struct {
	enc *json.Encoder
}

// NewJSONL returns the streaming JSON Lines printer.
func NewJSONL(w io.Writer, _ Options) Printer {
	return &jsonlPrinter{enc: json.NewEncoder(w)}
}

func (p *jsonlPrinter) Document(res *audit.DocumentResult) error {
	if err := p.enc.Encode(res); err != nil {
		return fmt.Errorf("encode document %s: %w", res.ID, err)
	}
	return nil
}

func (p *jsonlPrinter) Finish(sum *audit.Summary) error {
	return p.enc.Encode(struct {
		Schema  string         `json:"schema"`
		Summary *audit.Summary `json:"summary"`
	}{audit.ReportSchema, sum})
}
