// Package exec evaluates KQL over Apache Arrow record batches in this
// process. It is the merge step of every cross-tenant query, the engine
// inside every simulated tenant, and a single-node KQL engine in its own
// right; [Eval] is its entry point and the reference the planner's
// differential tests compare against.
//
// A query compiles to a tree of [Operator]s that pull record batches from
// their inputs: `Next(ctx)`, `Schema()`, `Close()`. Operators stream where
// KQL allows it (where, project, extend, take, union, mv-expand, parse) and
// block only where they must (summarize, sort, the build side of a join;
// top keeps N rows). Names, types and arity are checked while compiling,
// before any data is read; errors carry the position of the offending
// syntax. Scalar expressions are evaluated a column at a time; the hot
// operators (comparisons, the string operators, and/or/not, arithmetic)
// work on the Arrow buffers directly, and every other function goes
// through the registry (see [Registry] and the HOWTO in registry.go).
//
// # Types
//
// Each KQL type has one Arrow representation:
//
//	KQL       Arrow                          notes
//	bool      Boolean
//	int       Int32
//	long      Int64
//	real      Float64
//	decimal   Decimal128(38, 18)             an integer count of 10^-18;
//	                                         exact + - * / % (see decimal.go)
//	string    String                         never null: a null is ""
//	datetime  Timestamp(ns, "UTC")           values are whole 100-ns ticks, as
//	                                         in Kusto; representable range
//	                                         1677-09-21T00:12:43Z to
//	                                         2262-04-11T23:47:16Z (Kusto's
//	                                         years 1..9999 outside it are null)
//	timespan  Duration(ns)                   whole ticks; about ±292 years
//	guid      FixedSizeBinary(16)            bytes in text order
//	dynamic   Binary                         one self-delimiting encoded value
//	                                         per cell (see dynamic.go)
//
// Dynamic cells use a compact binary encoding rather than JSON text or an
// Arrow union/struct: KQL's dynamic values are heterogeneous per row, so a
// nested Arrow type cannot hold them without a schema, and JSON text would
// be re-parsed on every access. In the encoding every array and bag carries
// its byte length, so `a.b`, `a['b']` and `a[0]` skip siblings without
// decoding them and without allocating ([DynamicGet], [DynamicIndex]);
// mv-expand copies element byte ranges into its output column unchanged;
// bag_unpack walks a bag's keys once. JSON is produced only at the edges
// (tostring, output).
//
// [TypeOfArrow] maps these Arrow types back; [Normalize] converts other
// Arrow columns (Int8..Int16, Float32, LargeString, other timestamp units,
// dictionaries) to them.
//
// # Semantics
//
// Null propagates through arithmetic and comparisons (a comparison with
// null is null, and where keeps only true rows); integer division or
// modulo by zero is null; real division by zero gives ±Infinity or NaN;
// integer overflow wraps around as in Kusto's two's-complement arithmetic.
// Arithmetic on two integers (int or long) gives long, with a real gives
// real, with a decimal gives decimal; comparisons promote int < long <
// decimal < real. The modulo is never negative (0 <= n % d < abs(d)).
// Decimal arithmetic is exact in 128 bits: + and - exactly, * and / round
// half away from zero to 18 fractional digits (Kusto keeps up to 34
// significant digits, so 1/3 has 18 threes here, not 28), a result beyond
// 38 digits is null, and a real becomes a decimal through its 15
// significant digits (todecimal(0.1) is 0.1). The string
// operators follow the reference: `has` matches whole terms (runs of ASCII
// letters and digits, and any non-ASCII character), `contains` and `==~`
// fold case, the `_cs` variants do not.
//
// # Aggregates
//
// Every aggregate runs as complete, partial or final step (see
// [Aggregate]), so that the planner can split it across tenants: in KQL,
// `summarize hint.crosshunt.step=partial ...` outputs the states (columns
// named as the results would be, with metadata naming the aggregate and
// its argument types) and `summarize hint.crosshunt.step=final ...` with
// the same aggregates and keys merges them. dcount is
// exact (its state is the set of distinct values); percentile(s) is exact
// by the nearest-rank method (its state is every value), which matches
// Kusto on small inputs and is documented as a deviation on large ones.
//
// Configuration is an [Options] value whose zero value works; the package
// has no mutable global state.
package exec
