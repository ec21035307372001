// Package kql parses the Kusto Query Language into a syntax tree and prints
// any tree back to canonical KQL text.
//
// [Parse] reads a whole KQL text into a [*Query]: its statements ([Stmt]:
// let, declare, set and the query expression itself), made of scalar and
// tabular expressions ([Expr]) and the tabular operators of pipelines
// ([Op]). Every node records the byte span of its source, as [Pos] offsets
// counted from 0; line and column are computed only when an error is
// shown.
//
// A failed parse returns an [ErrorList], sorted by position and capped,
// whose errors ([*Error]) read "line:col: message". [Error.Position] gives
// the 1-based line and byte column and [Error.Caret] the source line with
// a caret under the column, for showing to people.
//
// [Format] prints any tree, parsed or built by hand, as canonical KQL: one
// pipeline operator a line, names quoted with [QuoteName] where needed,
// string values escaped with [QuoteString], parentheses added where
// precedence needs them. The printer is the wire format sent to every
// tenant: Parse(Format(tree)) gives the tree back ignoring positions, and
// no value held in a tree can change the meaning of the text around it.
// Format never fails: where a hand-built tree holds something it cannot
// spell safely (a nil operand, an unknown operator, a literal whose Value
// does not lex as its Type) it prints a token starting with "#invalid", so
// that the text is rejected rather than run with another meaning.
//
// [Walk] and [Inspect] visit a tree depth-first in source order, as their
// namesakes in go/ast do; a [Visitor] chooses which subtrees to enter.
package kql
