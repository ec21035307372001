package exec

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
)

// jsonKernelTexts are JSON texts, valid and not, that the parse_json
// kernel must encode byte for byte as the row path does.
var jsonKernelTexts = []string{
	``, ` `, `null`, `true`, `false`, `0`, `-0`, `21`, `-7`, `"21"`, `1.5`, `1e3`, `-2.5E-3`,
	`9223372036854775807`, `-9223372036854775808`, `9223372036854775808`, `99999999999999999999`,
	`1e400`, `01`, `1.`, `.5`, `+1`, `-`, `[]`, `{}`, ` [ 1 , 2 ] `, `[1,2,]`, `[1 2]`, `{"a":1,}`,
	`{"a":1 "b":2}`, `{'a':1}`, `{a:1}`, `[1] ]`, `[1] x`, `{"a":1}{"b":2}`, `"unterminated`,
	`{"a":123, "b":"hello", "c":[1,2,3], "d":{}}`,
	`{"name":"Alan", "age":21, "address":{"street":432,"postcode":"JLK32P"}}`,
	`{"a":1,"a":2,"b":3}`, `{"x":{"a":1,"a":2}}`, `{"a":{"a":{"a":1}}}`,
	`"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud83d x \udc00"`, `"bad \x"`, `"ctl ` + "\x01" + `"`,
	`"héllo"`, "\"bad utf8 \xff\"", `{"\u0041":"k"}`, `{"é":[{"x":null}]}`,
	`[` + strings.Repeat(`"abcdefghij",`, 20) + `1]`, `{"k":"` + strings.Repeat("x", 300) + `"}`,
	strings.Repeat("[", 1100) + strings.Repeat("]", 1100), `tru`, `nul`, `[true,false,null]`,
}

// TestParseJSONKernelMatchesRow checks the kernel's encoding of each text
// against EncodeDynamic of parseJSONRow's value, byte for byte.
func TestParseJSONKernelMatchesRow(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	vec := col(mem, TypeString, len(jsonKernelTexts), func(i int) Value { return jsonKernelTexts[i] })
	defer vec.Array.Release()
	c := &Call{Name: "parse_json", ArgTypes: []Type{TypeString}, Result: TypeDynamic, Mem: mem, Len: len(jsonKernelTexts), isConst: []bool{false}, consts: []Value{nil}}
	got, err := parseJSONKernel(c, []*Vector{vec})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Release()
	out := got.(*array.Binary)
	for i, text := range jsonKernelTexts {
		v, _ := parseJSONRow(c, []Value{text})
		var want []byte
		if v != nil {
			want = EncodeDynamic(nil, v)
		}
		var g []byte
		if !out.IsNull(i) {
			g = out.Value(i)
		}
		if !bytes.Equal(g, want) {
			t.Errorf("parse_json(%.40q): kernel %x (%s), row %x (%s)", text, g, AppendJSON(nil, DecodeDynamic(g)), want, AppendJSON(nil, v))
		}
	}
}

// TestParseJSON pins parse_json's documented behaviour through both the
// constant and the column path
// (https://learn.microsoft.com/kusto/query/parse-json-function).
func TestParseJSON(t *testing.T) {
	runFnCases(t, []fnCase{
		{"doc duration", "parse_json", a(`{"duration":{"value":118.0,"count":5.0}}`), `{"duration":{"value":118,"count":5}}`},
		{"keys keep text order", "parse_json", a(`{"b":1,"a":2}`), `{"b":1,"a":2}`},
		{"repeated key keeps last value", "parse_json", a(`{"a":1,"b":2,"a":3}`), `{"a":3,"b":2}`},
		{"not json stays string", "parse_json", a(`{"a":1`), `{"a":1`},
		{"trailing text stays string", "parse_json", a(`[1] ]`), `[1] ]`},
		{"json null", "parse_json", a(`null`), `<null>`},
		{"dynamic as is", "todynamic", a(dyn(`{"a":[1]}`)), `{"a":[1]}`},
		{"a number is no string (Kusto.Language rejects parse_json(3))", "parsejson", a(int64(3)), `<error>`},
	})
}
