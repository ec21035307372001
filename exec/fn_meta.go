package exec

// metaFunctions are the cluster, database and extent metadata functions.
// A query here runs in one process over in-memory tables, with no
// cluster, principal, cursor or extents, so they answer with fixed
// placeholders of the documented types: queries that print or compare
// them run, they just learn nothing
// (https://learn.microsoft.com/kusto/query/current-database-function).
var metaFunctions = []Function{
	{Name: "current_database", Sig: Fixed(TypeString), Scalar: constString("crosshunt")},
	{Name: "current_cluster_endpoint", Sig: Fixed(TypeString), Scalar: constString("crosshunt.local")},
	{Name: "current_principal", Sig: Fixed(TypeString), Scalar: constString("")},
	{Name: "current_principal_details", Sig: Fixed(TypeDynamic), Scalar: func(*Call, []Value) (Value, error) { return &Bag{}, nil }},
	{Name: "current_principal_is_member_of", Sig: Variadic(TypeBool, 1, AnyType), Scalar: func(*Call, []Value) (Value, error) { return false, nil }},
	{Name: "cursor_current", Sig: Fixed(TypeString), Scalar: constString("")},
	{Name: "extent_id", Sig: Fixed(TypeGUID), Scalar: func(*Call, []Value) (Value, error) { return GUID{}, nil }},
	{Name: "extent_tags", Sig: Fixed(TypeDynamic), Scalar: func(*Call, []Value) (Value, error) { return []Value{}, nil }},
}

func constString(s string) ScalarFunc {
	return func(*Call, []Value) (Value, error) { return s, nil }
}
