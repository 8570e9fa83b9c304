package cvmrules

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"testing"
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
		return in.fail(ctx, err)
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
		p.put(ctx, in)
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
	p.put(ctx, big)
	if !big.module.IsClosed() {
		t.Fatal("an instance grown by more than keptMemoryBytes was kept")
	}
}

// The memory a validator's options need (a large deny-list) is its
// baseline: its instance is kept, and calls do not compile the policy again.
func TestAnInstanceBigFromItsOptionsIsKept(t *testing.T) {
	ctx := context.Background()
	entries := make([]string, 250_000)
	for i := range entries {
		entries[i] = fmt.Sprintf("Leaked%dPassword!", i)
	}
	policy, err := json.Marshal(map[string]any{"extends": "api3", "all": map[string]any{"denylist": entries}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := New(ctx, Options{Profile: "api3", Policy: string(policy)})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close(ctx)
	first := v.pool.idle[0]
	if first.memory.Size() <= keptMemoryBytes {
		t.Fatalf("the deny-list needs only %d bytes: not a test of the baseline", first.memory.Size())
	}
	for range 3 {
		result, err := v.CheckPassword(ctx, "leaked77password!", "")
		if err != nil || result.Valid || result.Diagnostics[0].Rule != "password.denylist" {
			t.Fatalf("%v %+v", err, result)
		}
	}
	if len(v.pool.idle) != 1 || v.pool.idle[0] != first {
		t.Fatal("the instance holding the deny-list was not kept")
	}
}

// A trap while the caller's context ends is still a trap: the instance is
// not kept.
func TestAnInstanceThatTrapsAsTheContextEndsIsNotKept(t *testing.T) {
	v, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close(context.Background())
	trapped := v.pool.idle[0]
	ctx, cancel := context.WithCancel(context.Background())
	err = v.run(ctx, func(in *instance) error {
		cancel()
		_, err := in.buffer.Call(ctx, 0xFFFF_FFF0)
		return in.fail(ctx, err)
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("%v", err)
	}
	if len(v.pool.idle) != 0 || !trapped.module.IsClosed() {
		t.Fatal("the instance that trapped was kept")
	}
	if _, err := v.CheckPassword(context.Background(), "abc", ""); err != nil {
		t.Fatal(err)
	}
}

// A call that never returns (a Rand calling runtime.Goexit, as t.FailNow
// does) gives its instance back, closed.
func TestACallThatDoesNotReturnGivesItsInstanceBack(t *testing.T) {
	ctx := context.Background()
	v, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close(ctx)
	borrowed := v.pool.idle[0]
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = v.Generate(ctx, GenerateOptions{Rand: goexit{}})
	}()
	<-done
	if len(v.pool.idle) != 0 || !borrowed.module.IsClosed() {
		t.Fatal("the instance of a call that did not return was kept, or not closed")
	}
}

type goexit struct{}

func (goexit) Read([]byte) (int, error) {
	runtime.Goexit()
	return 0, nil
}
