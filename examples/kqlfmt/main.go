// Command kqlfmt prints the canonical form of a KQL query: the text
// crosshunt sends to every tenant.
//
// Usage:
//
//	kqlfmt 'DeviceEvents | where Timestamp > ago(1h)'
//	kqlfmt -f query.kql
//	kqlfmt < query.kql
//
// On a syntax error it prints each error as file:line:col: message (or
// line:col: message for a query given as an argument or on standard
// input), followed by the source line and a caret under the position, and
// exits with status 1.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/crosshunt/crosshunt/kql"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run formats the query named by args and returns the exit status: 0 on
// success, 1 on a syntax error, 2 on a usage or I/O error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kqlfmt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("f", "", "read the query from `file` (- for standard input)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kqlfmt [-f file] ['query']")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	src, name, err := source(fs.Args(), *file, stdin)
	if err != nil {
		fmt.Fprintln(stderr, "kqlfmt:", err)
		return 2
	}
	q, err := kql.Parse(src)
	if err != nil {
		printErrors(stderr, name, err)
		return 1
	}
	fmt.Fprintln(stdout, kql.Format(q))
	return 0
}

// source returns the query text and the file name to show in errors ("" for
// a query that is not read from a named file).
func source(args []string, file string, stdin io.Reader) (src, name string, err error) {
	switch {
	case file != "" && len(args) > 0:
		return "", "", errors.New("give either -f or a query, not both")
	case len(args) > 1:
		return "", "", errors.New("give the query as one argument (quote it)")
	case len(args) == 1:
		return args[0], "", nil
	case file != "" && file != "-":
		b, err := os.ReadFile(file)
		return string(b), file, err
	}
	b, err := io.ReadAll(stdin)
	return string(b), "", err
}

// printErrors prints each syntax error as [file:]line:col: message, the
// source line and a caret under the position.
func printErrors(w io.Writer, name string, err error) {
	var list kql.ErrorList
	if !errors.As(err, &list) {
		fmt.Fprintln(w, err)
		return
	}
	for _, e := range list {
		line, col := e.Position()
		if name != "" {
			fmt.Fprintf(w, "%s:", name)
		}
		fmt.Fprintf(w, "%d:%d: %s\n%s\n", line, col, e.Msg, e.Caret())
	}
}
