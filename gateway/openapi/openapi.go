// Package openapi embeds the OpenAPI v2 document that tools/generate.sh
// writes next to this file, so the gateway binary can serve it without
// reading files at run time.
package openapi

import _ "embed"

// Document is stylist.swagger.json: every REST endpoint of the Stylist API.
//
//go:embed stylist.swagger.json
var Document []byte
