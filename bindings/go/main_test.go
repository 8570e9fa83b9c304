package cvmrules

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cvm-rules/cvm-rules/bindings/go/internal/vectors"
)

// With CVMRULES_FRESH_WASM naming a module built now from the source
// (bindings/c/build-wasm.sh OUT.wasm, as CI does), every test of the package
// runs against it in place of the committed module: the parity tests then hold
// the fresh build to the command line built from the same source.
func TestMain(m *testing.M) {
	if path := os.Getenv("CVMRULES_FRESH_WASM"); path != "" {
		fresh, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		wasmModule = fresh
	}
	os.Exit(m.Run())
}

// The committed module and the fresh build answer alike: every check of
// tests/vectors (with its facts), each request's password checked alone, and
// the checklist, compared as the contract's JSON.
func TestTheCommittedModuleAnswersAsAFreshBuild(t *testing.T) {
	if os.Getenv("CVMRULES_FRESH_WASM") == "" {
		t.Skip("set CVMRULES_FRESH_WASM to a module built from the source to compare (CI does)")
	}
	ctx := context.Background()
	rows, err := vectors.Read(filepath.Join("..", "..", "tests", "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := newEngine(ctx, embeddedModule)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := newEngine(ctx, wasmModule)
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, options := range []string{`{}`, `{"profile":"api3","os":["linux"]}`, `{"profile":"api3","rules":"login-settings","os":["windows"],"lang":"zh-CN"}`} {
		a, err := committed.newInstance(ctx, []byte(options))
		if err != nil {
			t.Fatal(err)
		}
		b, err := fresh.newInstance(ctx, []byte(options))
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			var facts []byte
			if row.Facts != "-" {
				facts = []byte(row.Facts)
			}
			for _, call := range []func(in *instance) (any, error){
				func(in *instance) (any, error) { return in.checkAnswer(ctx, row.Input, facts) },
				func(in *instance) (any, error) { return in.passwordAnswer(ctx, row.Input, nil) },
				func(in *instance) (any, error) {
					explanation := new(Explanation)
					password := string(row.Input)
					options, _ := json.Marshal(explainJSON{Password: &password})
					return explanation, in.answer(ctx, in.explain, explanation, options)
				},
			} {
				resultA, errA := call(a)
				resultB, errB := call(b)
				jsonA, _ := json.Marshal(resultA)
				jsonB, _ := json.Marshal(resultB)
				if fmt.Sprint(errA) != fmt.Sprint(errB) || string(jsonA) != string(jsonB) {
					t.Fatalf("options %s, %s: the committed module answers\n%s %v\nand the fresh build\n%s %v", options, row.Where, jsonA, errA, jsonB, errB)
				}
				compared++
			}
		}
	}
	t.Logf("%d answers compared", compared)
}
