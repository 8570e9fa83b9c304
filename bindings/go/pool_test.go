package cvmrules

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cvm-rules/cvm-rules/bindings/go/internal/vectors"
)

// An instance that traps is dropped, and the next call gets a new one that
// answers as before.
func TestAnInstanceThatTrapsIsReplaced(t *testing.T) {
	ctx := context.Background()
	v, err := New(ctx, Options{Profile: "api3"})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close(ctx)
	before, err := v.CheckPassword(ctx, "abc", "")
	if err != nil {
		t.Fatal(err)
	}
	trapped := v.pool.idle[0]
	// Asking the module for a 4 GiB buffer makes its allocator abort: a trap.
	err = v.run(ctx, func(in *instance) error {
		if in != trapped {
			t.Fatal("the pool did not hand out its idle instance")
		}
		_, err := in.buffer.Call(ctx, 0xFFFF_FFF0)
		return failed(ctx, err)
	})
	var internal *InternalError
	if !errors.As(err, &internal) {
		t.Fatalf("a trap gave %T %v", err, err)
	}
	if len(v.pool.idle) != 0 || !trapped.module.IsClosed() {
		t.Fatal("the instance that trapped was kept")
	}
	after, err := v.CheckPassword(ctx, "abc", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Diagnostics) != len(before.Diagnostics) || after.Diagnostics[0].Message != before.Diagnostics[0].Message {
		t.Fatal("the new instance answers otherwise")
	}
}

// At most maxIdle instances are kept; an instance whose memory grew past
// keptMemoryBytes is not kept.
func TestThePoolKeepsFewAndSmallInstances(t *testing.T) {
	ctx := context.Background()
	v, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close(ctx)
	p := v.pool
	var borrowed []*instance
	for range p.maxIdle + 3 {
		in, err := p.get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		borrowed = append(borrowed, in)
	}
	for _, in := range borrowed {
		p.put(ctx, in, nil)
	}
	if len(p.idle) != p.maxIdle {
		t.Fatalf("%d idle instances kept, not %d", len(p.idle), p.maxIdle)
	}
	for _, in := range borrowed[p.maxIdle:] {
		if !in.module.IsClosed() {
			t.Fatal("an instance past the pool's size was not closed")
		}
	}
	big := p.idle[len(p.idle)-1]
	facts := make([]byte, big.maxFacts+1) // about 1 MiB: refused, but copied in
	for range 40 {
		if _, err := v.Check(ctx, []byte("x"), facts); err == nil {
			t.Fatal("facts past the limit were accepted")
		}
	}
	if _, err := big.buffer.Call(ctx, keptMemoryBytes); err != nil {
		t.Fatal(err)
	}
	p.put(ctx, big, nil)
	if !big.module.IsClosed() {
		t.Fatal("an instance of more than keptMemoryBytes was kept")
	}
}

// With CVMRULES_FRESH_WASM set to a module built now from the source
// (bindings/c/build-wasm.sh OUT.wasm, as CI does), the committed module and
// the fresh one answer alike on every request of tests/vectors.
func TestTheCommittedModuleAnswersAsAFreshBuild(t *testing.T) {
	path := os.Getenv("CVMRULES_FRESH_WASM")
	if path == "" {
		t.Skip("set CVMRULES_FRESH_WASM to a module built from the source to compare (CI does)")
	}
	fresh, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	committed, err := loadEngine()
	if err != nil {
		t.Fatal(err)
	}
	rebuilt, err := newEngine(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := vectors.Read(filepath.Join("..", "..", "tests", "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, options := range []string{`{}`, `{"profile":"api3","os":["linux"]}`, `{"profile":"api3","rules":"login-settings","os":["windows"],"lang":"zh-CN"}`} {
		a, err := committed.newInstance(ctx, []byte(options))
		if err != nil {
			t.Fatal(err)
		}
		b, err := rebuilt.newInstance(ctx, []byte(options))
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			statusA, answerA, errA := a.call(ctx, a.check, row.Input)
			answerA = append([]byte(nil), answerA...)
			statusB, answerB, errB := b.call(ctx, b.check, row.Input)
			if errA != nil || errB != nil || statusA != statusB || string(answerA) != string(answerB) {
				t.Fatalf("options %s, %s: the committed module answers\n%s\nand the fresh build\n%s", options, row.Where, answerA, answerB)
			}
			compared++
		}
	}
	t.Logf("%d answers compared", compared)
}
