package exec

import (
	"strings"
	"testing"
)

func TestRegistryBuiltins(t *testing.T) {
	r := NewRegistry()
	for _, name := range []string{"tostring", "parse_json", "todynamic", "bin", "iff", "iif"} {
		if _, ok := r.Function(name); !ok {
			t.Errorf("function %q missing", name)
		}
	}
	for _, name := range []string{"count", "dcount", "make_set", "makeset", "avg", "percentile"} {
		if _, ok := r.Aggregate(name); !ok {
			t.Errorf("aggregate %q missing", name)
		}
	}
}

func TestRegistryRejectsDuplicates(t *testing.T) {
	r := NewRegistry()
	err := r.AddFunction(Function{Name: "tostring", Sig: Fixed(TypeString, AnyType), Scalar: convertTo(TypeString)})
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("AddFunction duplicate: got %v", err)
	}
}

func TestSignatures(t *testing.T) {
	tests := []struct {
		name string
		sig  Signature
		args []Type
		want Type
		err  string
	}{
		{"fixed ok", Fixed(TypeLong, TypeString), []Type{TypeString}, TypeLong, ""},
		{"fixed arity", Fixed(TypeLong, TypeString), nil, TypeInvalid, "expects 1 argument, got 0"},
		{"fixed type", Fixed(TypeLong, TypeString), []Type{TypeLong}, TypeInvalid, "argument 1 must be string, got long"},
		{"widening", Fixed(TypeReal, TypeReal), []Type{TypeInt}, TypeReal, ""},
		{"optional", Optional(TypeString, []Type{TypeString}, TypeLong), []Type{TypeString, TypeLong, TypeLong}, TypeInvalid, "expects 1 to 2 arguments, got 3"},
		{"iff", iffSig, []Type{TypeBool, TypeInt, TypeLong}, TypeLong, ""},
		{"bin datetime", binSig, []Type{TypeDateTime, TypeTimeSpan}, TypeDateTime, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.sig(tt.args)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
