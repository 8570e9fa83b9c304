package cvmrules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	cvmrules "github.com/cvm-rules/cvm-rules/bindings/go"
	"github.com/cvm-rules/cvm-rules/bindings/go/internal/vectors"
)

// repoRoot is the repository this module sits in (bindings/go).
var repoRoot = filepath.Join("..", "..")

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// cli is the cvm-rules command line: $CVM_RULES_BIN, or built by cargo from
// this repository (target/debug/cvm-rules).
func cli(t testing.TB) string {
	t.Helper()
	cliOnce.Do(func() {
		if path := os.Getenv("CVM_RULES_BIN"); path != "" {
			cliPath = path
			return
		}
		build := exec.Command("cargo", "build", "--quiet", "--features", "cli", "--bin", "cvm-rules")
		build.Dir = repoRoot
		build.Stderr = os.Stderr
		if cliErr = build.Run(); cliErr != nil {
			return
		}
		target := os.Getenv("CARGO_TARGET_DIR")
		if target == "" {
			target = filepath.Join(repoRoot, "target")
		}
		cliPath = filepath.Join(target, "debug", "cvm-rules")
	})
	if cliErr != nil {
		t.Fatalf("building the command line: %v", cliErr)
	}
	return cliPath
}

// runCLI runs the command line with stdin and gives its standard output; a
// status other than 0 or 1 fails the test.
func runCLI(t testing.TB, stdin []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(cli(t), args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); err != nil && !(ok && exit.ExitCode() == 1) {
		t.Fatalf("cvm-rules %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// jsonValue is JSON text as a value to compare, numbers exact.
func jsonValue(t testing.TB, text []byte) any {
	t.Helper()
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, text)
	}
	return value
}

// sameJSON fails the test unless result marshals to the JSON text want.
func sameJSON(t testing.TB, result any, want []byte, what string) {
	t.Helper()
	got, err := json.Marshal(result)
	if err != nil {
		t.Fatalf("%s: json.Marshal: %v", what, err)
	}
	if !reflect.DeepEqual(jsonValue(t, got), jsonValue(t, want)) {
		t.Fatalf("%s: the Go result and the command line differ\n  go:  %s\n  cli: %s", what, got, want)
	}
}

// vectorRow is one row of tests/vectors.
type vectorRow struct {
	where   string
	profile string // the first column, as written
	os      string // the second
	facts   string // the third
	input   []byte
}

func vectorRows(t testing.TB) []vectorRow {
	t.Helper()
	read, err := vectors.Read(filepath.Join(repoRoot, "tests", "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]vectorRow, len(read))
	for i, r := range read {
		rows[i] = vectorRow{where: r.Where, profile: r.Profile, os: r.OS, facts: r.Facts, input: r.Input}
	}
	return rows
}

// options are the Validator options and command-line flags of a row's first
// two columns. A policy file's denylist_file is read into its blocks, since
// the bindings take deny-lists inline.
func (r vectorRow) options(t testing.TB) (cvmrules.Options, []string) {
	t.Helper()
	profile, extra, _ := strings.Cut(r.profile, "+")
	opts := cvmrules.Options{Profile: profile}
	flags := []string{"--profile", profile}
	switch kind, name, _ := strings.Cut(extra, ":"); kind {
	case "":
	case "rules":
		opts.Rules = name
		flags = append(flags, "--rules", name)
	case "policy":
		path := filepath.Join(repoRoot, "tests", "vectors", "policies", name)
		opts.Policy = inlinePolicy(t, path)
		flags = append(flags, "--policy", path)
	default:
		t.Fatalf("%s: unknown profile column %q", r.where, r.profile)
	}
	if r.os != "-" {
		for _, family := range strings.Split(r.os, ",") {
			opts.OS = append(opts.OS, family)
			flags = append(flags, "--os", family)
		}
	}
	return opts, flags
}

// inlinePolicy is the policy file at path with its deny-list files read in.
func inlinePolicy(t testing.TB, path string) string {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var policy map[string]any
	if err := json.Unmarshal(text, &policy); err != nil {
		t.Fatal(err)
	}
	for _, block := range policy {
		block, ok := block.(map[string]any)
		if !ok {
			continue
		}
		file, ok := block["denylist_file"].(string)
		if !ok {
			continue
		}
		entries, err := os.ReadFile(filepath.Join(filepath.Dir(path), file))
		if err != nil {
			t.Fatal(err)
		}
		list, _ := block["denylist"].([]any)
		for _, entry := range strings.Split(string(entries), "\n") {
			if strings.TrimSpace(entry) != "" {
				list = append(list, strings.TrimRight(entry, "\r"))
			}
		}
		block["denylist"] = list
		delete(block, "denylist_file")
	}
	inlined, err := json.Marshal(policy)
	if err != nil {
		t.Fatal(err)
	}
	return string(inlined)
}

// newValidator makes a validator closed when the test ends.
func newValidator(t testing.TB, opts cvmrules.Options) *cvmrules.Validator {
	t.Helper()
	v, err := cvmrules.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New(%+v): %v", opts, err)
	}
	t.Cleanup(func() { _ = v.Close(context.Background()) })
	return v
}

// mustJSON is value as JSON text.
func mustJSON(t testing.TB, value any) []byte {
	t.Helper()
	text, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
