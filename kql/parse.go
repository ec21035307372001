package kql

// Parse parses a whole KQL text: its statements, the last of which is the
// query whose result is the answer. On failure the error is an [ErrorList].
func Parse(src string) (*Query, error) {
	var errs ErrorList
	errs.Add(src, Span{}, "parser not implemented yet")
	return nil, errs.Err()
}
