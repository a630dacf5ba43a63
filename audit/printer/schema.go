package printer

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ReportSchema is the JSON Schema (draft 2020-12) of the JSON report; the
// document and summary lines of the jsonl format are its $defs/document and
// $defs/jsonlSummary.
//
//go:embed report.schema.json
var ReportSchema []byte

const schemaURL = "mem://mtaudit/report.schema.json"

// compileSchema compiles the report schema, or the definition ref of it.
func compileSchema(ref string) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(ReportSchema))
	if err != nil {
		return nil, fmt.Errorf("parse report schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("load report schema: %w", err)
	}
	return c.Compile(schemaURL + ref)
}

// ValidateReport checks a JSON report against the report schema.
func ValidateReport(data []byte) error {
	sch, err := compileSchema("")
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("report is not JSON: %w", err)
	}
	return sch.Validate(inst)
}

// ValidateJSONL checks a jsonl report: document lines, then one summary line.
func ValidateJSONL(data []byte) error {
	docSchema, err := compileSchema("#/$defs/document")
	if err != nil {
		return err
	}
	sumSchema, err := compileSchema("#/$defs/jsonlSummary")
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) == 0 {
		return fmt.Errorf("empty jsonl report")
	}
	for i, line := range lines {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if err != nil {
			return fmt.Errorf("line %d: %w", i+1, err)
		}
		sch := docSchema
		if i == len(lines)-1 {
			sch = sumSchema
		}
		if err := sch.Validate(inst); err != nil {
			return fmt.Errorf("line %d: %w", i+1, err)
		}
	}
	return nil
}
