package exec

import (
	"context"
	"regexp"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/crosshunt/crosshunt/kql"
)

// search compiles `[T |] search [kind=CaseSensitivity] [in (Tables)]
// Predicate` into a where over its input, rewriting the search predicate
// as the reference's table of equivalences says:
//
//	search "err"          where * has "err"      (every column)
//	search Col:"err"      where Col has "err"
//	search "err*"         where * hasprefix "err"
//	search "*err"         where * hassuffix "err"
//	search "*err*"        where * contains "err"
//	search "Lab*PC"       where * matches regex @"\bLab.*PC\b"
//	search *              where true
//	search Col == "err"   unchanged (any other predicate is a where predicate)
//
// "Every column" means every column of the input other than $table;
// columns that are not strings are searched as their tostring text.
// kind=case_sensitive makes the term operators their _cs forms. Without an
// input, search runs over the union of the tables named in `in (...)`, or
// of every table, with the source table's name in a first column $table;
// over a piped input $table holds the input's name (see sourceName).
func (c *compiler) search(ctx context.Context, sc *scope, in Operator, n *kql.SearchOp) (Operator, error) {
	cs := false
	for _, o := range n.Options {
		if strings.EqualFold(o.Name, "kind") {
			switch k := strings.ToLower(optionText(o.Value)); k {
			case "case_sensitive":
				cs = true
			case "default", "case_insensitive":
			default:
				return nil, c.errorf(o, "search: unknown kind %q (expected default, case_insensitive or case_sensitive)", k)
			}
		}
	}
	if in != nil && len(n.Tables) > 0 {
		return nil, c.errorf(n, "search: in (tables) cannot be used with a piped input")
	}
	owned := in == nil // on error, close the union or projection built here
	if in != nil && colIndex(in.Schema(), "$table") < 0 {
		// Piped, the rows get a first column $table too: the input's name.
		cols := []*kql.NamedExpr{{Span: n.Span, Names: []*kql.Ident{{Span: n.Span, Name: "$table"}},
			X: &kql.Lit{Span: n.Span, Type: "string", Value: c.pipeName}}}
		for _, f := range in.Schema().Fields() {
			cols = append(cols, &kql.NamedExpr{Span: n.Span, X: &kql.Ident{Span: n.Span, Name: f.Name}})
		}
		p, err := c.project(ctx, sc, in, cols, false, "search")
		if err != nil {
			return nil, err
		}
		in, owned = p, true
	}
	if in == nil {
		tables := n.Tables
		if len(tables) == 0 {
			tables = []kql.Expr{&kql.Wildcard{Span: n.Span, Pattern: "*"}}
		}
		u, err := c.union(ctx, sc, nil, &kql.UnionOp{Span: n.Span, Tables: tables, Options: []*kql.Option{
			{Span: n.Span, Name: "withsource", Value: &kql.Ident{Span: n.Span, Name: "$table"}},
		}})
		if err != nil {
			return nil, err
		}
		in = u
	}
	s := &searchRewriter{c: c, schema: in.Schema(), cs: cs}
	pred, err := s.rewrite(n.Pred)
	if err != nil {
		if owned {
			in.Close()
		}
		return nil, err
	}
	w, err := c.where(ctx, sc, in, &kql.WhereOp{Span: n.Span, Pred: pred})
	if err != nil && owned {
		in.Close()
	}
	return w, err
}

type searchRewriter struct {
	c      *compiler
	schema *arrow.Schema
	cs     bool
}

func (s *searchRewriter) rewrite(e kql.Expr) (kql.Expr, error) {
	switch e := e.(type) {
	case *kql.ParenExpr:
		x, err := s.rewrite(e.X)
		if err != nil {
			return nil, err
		}
		return &kql.ParenExpr{Span: e.Span, X: x}, nil
	case *kql.Lit:
		if e.Type == "string" {
			return s.allColumns(e, e.Value), nil
		}
	case *kql.Wildcard:
		if e.Pattern == "*" {
			return &kql.Lit{Span: e.Span, Type: "bool", Value: "true"}, nil
		}
	case *kql.CallExpr:
		if callName(e) == "not" && len(e.Args) == 1 {
			x, err := s.rewrite(e.Args[0])
			if err != nil {
				return nil, err
			}
			return &kql.CallExpr{Span: e.Span, Fun: e.Fun, Args: []kql.Expr{x}}, nil
		}
	case *kql.BinaryExpr:
		switch strings.ToLower(e.Op) {
		case "and", "or":
			x, err := s.rewrite(e.X)
			if err != nil {
				return nil, err
			}
			y, err := s.rewrite(e.Y)
			if err != nil {
				return nil, err
			}
			return &kql.BinaryExpr{Span: e.Span, X: x, Op: e.Op, Y: y}, nil
		case ":":
			lit, ok := unparen(e.Y).(*kql.Lit)
			if !ok || lit.Type != "string" {
				return nil, s.c.errorf(e.Y, "search: expected a string literal after ':'")
			}
			if w, ok := e.X.(*kql.Wildcard); ok && w.Pattern == "*" {
				return s.allColumns(e, lit.Value), nil
			}
			return s.term(e, e.X, lit.Value), nil
		}
		if w, ok := e.X.(*kql.Wildcard); ok && w.Pattern == "*" {
			// `* has "x"` and the like: the operator over every column.
			var out kql.Expr
			for _, col := range s.columns(e) {
				t := &kql.BinaryExpr{Span: e.Span, X: col, Op: e.Op, Y: e.Y}
				out = orExpr(e, out, t)
			}
			if out == nil {
				return &kql.Lit{Span: e.Span, Type: "bool", Value: "false"}, nil
			}
			return &kql.ParenExpr{Span: e.Span, X: out}, nil
		}
	}
	return e, nil
}

// columns returns each searchable column as an expression: string columns
// as themselves, others as tostring(column).
func (s *searchRewriter) columns(at kql.Node) []kql.Expr {
	span := kql.Span{From: at.Pos(), To: at.End()}
	var out []kql.Expr
	for i, f := range s.schema.Fields() {
		if f.Name == "$table" {
			continue
		}
		var col kql.Expr = &kql.Ident{Span: span, Name: f.Name}
		if fieldType(s.schema, i) != TypeString {
			col = &kql.CallExpr{Span: span, Fun: &kql.Ident{Span: span, Name: "tostring"}, Args: []kql.Expr{col}}
		}
		out = append(out, col)
	}
	return out
}

func (s *searchRewriter) allColumns(at kql.Node, term string) kql.Expr {
	span := kql.Span{From: at.Pos(), To: at.End()}
	if strings.Trim(term, "*") == "" {
		return &kql.Lit{Span: span, Type: "bool", Value: "true"}
	}
	var out kql.Expr
	for _, col := range s.columns(at) {
		out = orExpr(at, out, s.term(at, col, term))
	}
	if out == nil {
		return &kql.Lit{Span: span, Type: "bool", Value: "false"}
	}
	return &kql.ParenExpr{Span: span, X: out}
}

func orExpr(at kql.Node, a, b kql.Expr) kql.Expr {
	if a == nil {
		return b
	}
	return &kql.BinaryExpr{Span: kql.Span{From: at.Pos(), To: at.End()}, X: a, Op: "or", Y: b}
}

// term is the predicate for one search term on one column.
func (s *searchRewriter) term(at kql.Node, col kql.Expr, term string) kql.Expr {
	span := kql.Span{From: at.Pos(), To: at.End()}
	cs := ""
	if s.cs {
		cs = "_cs"
	}
	str := func(v string) kql.Expr { return &kql.Lit{Span: span, Type: "string", Value: v} }
	bin := func(op, v string) kql.Expr { return &kql.BinaryExpr{Span: span, X: col, Op: op, Y: str(v)} }
	inner := strings.Trim(term, "*")
	switch {
	case inner == "":
		return &kql.Lit{Span: span, Type: "bool", Value: "true"}
	case !strings.Contains(term, "*"):
		return bin("has"+cs, term)
	case strings.Contains(inner, "*"):
		parts := strings.Split(term, "*")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		re := strings.Join(parts, ".*")
		if !strings.HasPrefix(term, "*") {
			re = `\b` + re
		}
		if !strings.HasSuffix(term, "*") {
			re += `\b`
		}
		if !s.cs {
			re = "(?i)" + re
		}
		return bin("matches regex", re)
	case strings.HasPrefix(term, "*") && strings.HasSuffix(term, "*"):
		return bin("contains"+cs, inner)
	case strings.HasPrefix(term, "*"):
		return bin("hassuffix"+cs, inner)
	default:
		return bin("hasprefix"+cs, inner)
	}
}
