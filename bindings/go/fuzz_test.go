package cvmrules_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	cvmrules "github.com/cvm-rules/cvm-rules/bindings/go"
)

var (
	fuzzOnce      sync.Once
	fuzzValidator *cvmrules.Validator
	fuzzReference *reference
)

// FuzzCalls drives Check and CheckPassword with any bytes (CI: 30 s of
// `go test -fuzz=FuzzCalls`; findings land in testdata/fuzz/FuzzCalls and are
// replayed by every `go test`). Oracles: no call fails but for facts the
// library refuses (an *OptionsError); a sentinel password placed in the
// request, or around the fuzzed password, is in no diagnostic; and a reference
// call still gives its answer afterwards.
func FuzzCalls(f *testing.F) {
	for _, row := range vectorRows(f) {
		facts := []byte(nil)
		if row.facts != "-" {
			facts = []byte(row.facts)
		}
		f.Add(row.input, facts, "abc123ABC!@#", "")
	}
	f.Add([]byte("{"), []byte("["), "\xff\xfe", "\xc3")
	f.Add([]byte(""), []byte(`{"Response":{"Error":{"Code":"x"}}}`), "/Abc123!", "Administrator")
	f.Fuzz(func(t *testing.T, input, facts []byte, password, userName string) {
		fuzzOnce.Do(func() {
			v, err := cvmrules.New(context.Background(), cvmrules.Options{Profile: "api3", OS: []string{"windows"}})
			if err != nil {
				t.Fatal(err)
			}
			fuzzValidator = v
			fuzzReference = &reference{v: v}
			fuzzReference.want = fuzzReference.answer(t)
		})
		ctx := context.Background()
		v := fuzzValidator

		result, err := v.Check(ctx, input, facts)
		var bad *cvmrules.OptionsError
		if err != nil && !(len(facts) > 0 && errors.As(err, &bad)) {
			t.Fatalf("Check: %T %v", err, err)
		}
		if err == nil && result.Valid != !hasError(result.Diagnostics) {
			t.Fatalf("valid is %v with diagnostics %+v", result.Valid, result.Diagnostics)
		}

		// The sentinel as the password, whatever the rest of the request is.
		if !bytes.Contains(input, []byte(sentinel)) && !bytes.Contains(facts, []byte(sentinel)) {
			request := append([]byte(seedRequest+sentinel+"&"), input...)
			if result, err := v.Check(ctx, request, nil); err != nil {
				t.Fatalf("Check: %v", err)
			} else {
				diagnosticsWithout(t, result.Diagnostics, "Check")
			}
		}

		answer, err := v.CheckPassword(ctx, password, userName)
		if err != nil {
			t.Fatalf("CheckPassword: %v", err)
		}
		if answer.Valid != !hasError(answer.Diagnostics) {
			t.Fatalf("valid is %v with diagnostics %+v", answer.Valid, answer.Diagnostics)
		}
		if len(password) < 1000 {
			around, err := v.CheckPassword(ctx, password+sentinel+password, userName)
			if err != nil {
				t.Fatalf("CheckPassword: %v", err)
			}
			diagnosticsWithout(t, around.Diagnostics, "CheckPassword")
		}
		fuzzReference.still(t, "a fuzzed call")
	})
}

func hasError(diagnostics []cvmrules.Diagnostic) bool {
	for _, d := range diagnostics {
		if d.Severity == "error" {
			return true
		}
	}
	return false
}
