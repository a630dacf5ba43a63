// Package sarifschema validates SARIF logs against the OASIS SARIF 2.1.0
// JSON Schema (draft-04, errata 01), for tests. The schema is a copy of
// ../shared/schemas/sarif-schema-2.1.0.json so tests run without it.
package sarifschema

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed testdata/sarif-schema-2.1.0.json
var schemaJSON []byte

const schemaURL = "mem://sarif/sarif-schema-2.1.0.json"

// Validate checks that data is a SARIF 2.1.0 log, formats included.
func Validate(data []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return fmt.Errorf("parse SARIF schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return fmt.Errorf("load SARIF schema: %w", err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return fmt.Errorf("compile SARIF schema: %w", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("SARIF log is not JSON: %w", err)
	}
	return sch.Validate(inst)
}
