// Package kql parses the Kusto Query Language into a syntax tree and prints
// any tree back to canonical KQL text.
package kql
