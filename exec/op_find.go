package exec

import (
	"context"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/crosshunt/crosshunt/kql"
)

// find compiles `find [withsource=Name] [in (Tables)] where Predicate
// [project-smart | project Col[:Type], ... [, pack_all()]]`.
//
// The tables are those listed (names, wildcards, tabular expressions) or
// every table. A table is searched only when it has some column the
// predicate names; the predicate's other columns read as null there;
// `* has "x"` and the other search forms over `*` apply to every column of
// each table. The output starts with a column naming the source table
// (source_, or the withsource name). With project-smart, the default, it
// then has the columns the predicate names and the columns common to all
// the searched tables, and, when some table has other columns, a dynamic
// column pack_ with each row's other columns as a property bag. With project, it has the
// listed columns (cast to the given type; null where a table lacks one),
// and pack_ only when pack_all() is listed. A column with different types
// in different tables becomes Name_type, as in union.
func (c *compiler) find(ctx context.Context, sc *scope, n *kql.FindOp) (Operator, error) {
	source := "source_"
	for _, o := range n.Options {
		if strings.EqualFold(o.Name, "withsource") {
			source = optionText(o.Value)
		}
	}
	var ins []Operator
	var names []string
	closeAll := func() {
		for _, o := range ins {
			o.Close()
		}
	}
	addTable := func(name string, at kql.Node) error {
		o, err := c.tableRef(ctx, sc, &kql.Ident{Span: kql.Span{From: at.Pos(), To: at.End()}, Name: name})
		if err != nil {
			return err
		}
		ins = append(ins, o)
		names = append(names, name)
		return nil
	}
	tables := n.Tables
	if len(tables) == 0 {
		tables = []kql.Expr{&kql.Wildcard{Span: n.Span, Pattern: "*"}}
	}
	for _, t := range tables {
		if w, ok := t.(*kql.Wildcard); ok {
			for _, name := range c.tablesMatching(sc, w.Pattern) {
				if err := addTable(name, w); err != nil {
					closeAll()
					return nil, err
				}
			}
			continue
		}
		o, err := c.tabular(ctx, sc, t)
		if err != nil {
			closeAll()
			return nil, err
		}
		name := ""
		if id, ok := unparen(t).(*kql.Ident); ok {
			name = id.Name
		}
		ins = append(ins, o)
		names = append(names, name)
	}

	// The columns the predicate names: identifiers that are a column of
	// some table.
	isColumn := map[string]bool{}
	for _, in := range ins {
		for _, f := range in.Schema().Fields() {
			isColumn[f.Name] = true
		}
	}
	var predCols []string
	seen := map[string]bool{}
	kql.Inspect(n.Pred, func(x kql.Node) bool {
		if id, ok := x.(*kql.Ident); ok && isColumn[id.Name] && !seen[id.Name] {
			seen[id.Name] = true
			predCols = append(predCols, id.Name)
		}
		if call, ok := x.(*kql.CallExpr); ok {
			for _, a := range call.Args {
				kql.Inspect(a, func(y kql.Node) bool {
					if id, ok := y.(*kql.Ident); ok && isColumn[id.Name] && !seen[id.Name] {
						seen[id.Name] = true
						predCols = append(predCols, id.Name)
					}
					return true
				})
			}
			return false
		}
		return true
	})
	// Keep the tables that have some predicate column (all tables when it
	// names none); a predicate column a kept table lacks reads as null
	// there, so `Version == "v1" or EventName == "E"` filters each table by
	// the columns it has (learn.microsoft.com/kusto/query/find-operator).
	predType := map[string]*arrow.Field{}
	for _, in := range ins {
		for _, col := range predCols {
			if i := colIndex(in.Schema(), col); i >= 0 && predType[col] == nil {
				f := in.Schema().Field(i)
				predType[col] = &f
			}
		}
	}
	var keptIns []Operator
	var keptNames []string
	var missing [][]string
	for i, in := range ins {
		var lacks []string
		for _, col := range predCols {
			if colIndex(in.Schema(), col) < 0 {
				lacks = append(lacks, col)
			}
		}
		if len(predCols) == 0 || len(lacks) < len(predCols) {
			keptIns = append(keptIns, in)
			keptNames = append(keptNames, names[i])
			missing = append(missing, lacks)
		} else {
			in.Close()
		}
	}
	ins, names = keptIns, keptNames
	if len(ins) == 0 {
		return nil, c.errorf(n, "find: no table has the columns the predicate names")
	}

	// The output columns.
	type outCol struct {
		name string
		typ  *kql.Ident // or nil
	}
	var cols []outCol
	pack := false
	if len(n.Project) > 0 {
		for _, p := range n.Project {
			switch p := unparen(p).(type) {
			case *kql.Ident:
				cols = append(cols, outCol{name: p.Name})
			case *kql.BinaryExpr:
				id, ok1 := p.X.(*kql.Ident)
				typ, ok2 := p.Y.(*kql.Ident)
				if p.Op != ":" || !ok1 || !ok2 {
					closeAll()
					return nil, c.errorf(p, "find: project expects Column[:Type] or pack_all()")
				}
				cols = append(cols, outCol{name: id.Name, typ: typ})
			case *kql.CallExpr:
				if callName(p) != "pack_all" || len(p.Args) != 0 {
					closeAll()
					return nil, c.errorf(p, "find: project expects Column[:Type] or pack_all()")
				}
				pack = true
			default:
				closeAll()
				return nil, c.errorf(p, "find: project expects Column[:Type] or pack_all()")
			}
		}
	} else {
		// project-smart: the predicate's columns and those common to all
		// the tables, in the tables' column order; pack_ when some table
		// has other columns.
		isPred := map[string]bool{}
		for _, col := range predCols {
			isPred[col] = true
		}
		have := map[string]bool{}
		for _, in := range ins {
			for _, f := range in.Schema().Fields() {
				common := true
				for _, other := range ins {
					if colIndex(other.Schema(), f.Name) < 0 {
						common = false
					}
				}
				if (common || isPred[f.Name]) && !have[f.Name] {
					have[f.Name] = true
					cols = append(cols, outCol{name: f.Name})
				}
			}
		}
		for _, in := range ins {
			for _, f := range in.Schema().Fields() {
				pack = pack || !have[f.Name]
			}
		}
	}
	listed := map[string]bool{}
	for _, col := range cols {
		listed[col.name] = true
	}

	// Per table: where, then project its listed columns and pack_.
	for i, in := range ins {
		span := n.Span
		if len(missing[i]) > 0 {
			var nulls []*kql.NamedExpr
			for _, col := range missing[i] {
				t, _ := TypeOfArrow(predType[col].Type)
				v := "null"
				if t == TypeString {
					v = ""
				}
				nulls = append(nulls, &kql.NamedExpr{Span: span, Names: []*kql.Ident{{Span: span, Name: col}}, X: &kql.Lit{Span: span, Type: t.String(), Value: v}})
			}
			e, err := c.project(ctx, sc, in, nulls, true, "find")
			if err != nil {
				closeAll()
				return nil, err
			}
			in, ins[i] = e, e
		}
		s := &searchRewriter{c: c, schema: in.Schema()}
		pred, err := s.rewrite(n.Pred)
		if err != nil {
			closeAll()
			return nil, err
		}
		w, err := c.where(ctx, sc, in, &kql.WhereOp{Span: span, Pred: pred})
		if err != nil {
			closeAll()
			return nil, err
		}
		ins[i] = w
		var proj []*kql.NamedExpr
		for _, col := range cols {
			if colIndex(w.Schema(), col.name) < 0 {
				continue
			}
			var x kql.Expr = &kql.Ident{Span: span, Name: col.name}
			if col.typ != nil {
				x = &kql.CallExpr{Span: span, Fun: &kql.Ident{Span: span, Name: "to" + strings.ToLower(col.typ.Name)}, Args: []kql.Expr{x}}
				if strings.EqualFold(col.typ.Name, "dynamic") {
					x = &kql.CallExpr{Span: span, Fun: &kql.Ident{Span: span, Name: "todynamic"}, Args: []kql.Expr{&kql.Ident{Span: span, Name: col.name}}}
				}
			}
			proj = append(proj, &kql.NamedExpr{Span: span, Names: []*kql.Ident{{Span: span, Name: col.name}}, X: x})
		}
		if pack {
			var args []kql.Expr
			for _, f := range w.Schema().Fields() {
				if listed[f.Name] {
					continue
				}
				args = append(args, &kql.Lit{Span: span, Type: "string", Value: f.Name}, &kql.Ident{Span: span, Name: f.Name})
			}
			var x kql.Expr = &kql.DynamicLit{Span: span, X: &kql.BagLit{Span: span}}
			if len(args) > 0 {
				x = &kql.CallExpr{Span: span, Fun: &kql.Ident{Span: span, Name: "bag_pack"}, Args: args}
			}
			proj = append(proj, &kql.NamedExpr{Span: span, Names: []*kql.Ident{{Span: span, Name: "pack_"}}, X: x})
		}
		p, err := c.project(ctx, sc, w, proj, false, "find")
		if err != nil {
			closeAll()
			return nil, err
		}
		ins[i] = p
	}
	u := &unionOp{ins: ins, names: names, source: -1, mem: c.alloc()}
	u.buildSchema("outer", source)
	// Order: source, the listed columns (with any _type suffixes), pack_.
	var order []*kql.NamedExpr
	span := n.Span
	addCol := func(name string) {
		order = append(order, &kql.NamedExpr{Span: span, X: &kql.Ident{Span: span, Name: name}})
	}
	addCol(source)
	for _, col := range cols {
		for _, f := range u.schema.Fields() {
			if f.Name == col.name || (f.Name != source && f.Name != "pack_" && strings.HasPrefix(f.Name, col.name+"_") && isTypeSuffix(strings.TrimPrefix(f.Name, col.name+"_"))) {
				addCol(f.Name)
			}
		}
	}
	if pack {
		addCol("pack_")
	}
	out, err := c.project(ctx, sc, u, order, false, "find")
	if err != nil {
		u.Close()
		return nil, err
	}
	return out, nil
}

// isTypeSuffix reports whether s names a KQL type (union's Name_type).
func isTypeSuffix(s string) bool {
	for _, t := range []Type{TypeBool, TypeInt, TypeLong, TypeReal, TypeDecimal, TypeString, TypeDateTime, TypeTimeSpan, TypeGUID, TypeDynamic} {
		if t.String() == s {
			return true
		}
	}
	return false
}
