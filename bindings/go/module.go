package cvmrules

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// The library built for wasm32-unknown-unknown from bindings/c (its
// src/wasm.rs documents the exports), by bindings/c/build-wasm.sh. Go modules
// run no build step, so the module is committed; CI rebuilds it and fails when
// it answers differently from the source.
//
//go:embed cvm_rules.wasm
var embeddedModule []byte

// wasmModule is the module the engine compiles: the embedded one (the tests
// may put a fresh build in its place, see main_test.go).
var wasmModule = embeddedModule

// The statuses of the module's answers (the first byte of each).
const (
	statusOK          = 0
	statusBadValue    = 1
	statusBadArgument = 2
	statusRandom      = 4
)

// engine is the runtime and the compiled module, made once per process on
// first use and shared by every Validator: compiling costs 0.3 s,
// instantiating about a millisecond.
type engine struct {
	runtime  wazero.Runtime
	compiled wazero.CompiledModule
}

var (
	engineOnce   sync.Once
	sharedEngine *engine
	engineErr    error
)

// loadEngine compiles the module on the first call; every later call gets the
// same engine (or the same error).
func loadEngine() (*engine, error) {
	engineOnce.Do(func() {
		// Not the caller's context: the engine outlives the call that made it.
		sharedEngine, engineErr = newEngine(context.Background(), wasmModule)
	})
	return sharedEngine, engineErr
}

// memoryLimitPages bounds each instance's memory at 1 GiB (64 KiB pages): an
// allocation past it fails inside the module, which traps, and the instance
// is replaced. The largest input read (64 MiB of options) needs far less.
const memoryLimitPages = 1 << 14

func newEngine(ctx context.Context, wasm []byte) (*engine, error) {
	config := wazero.NewRuntimeConfig().
		WithMemoryLimitPages(memoryLimitPages).
		// Not interrupted by a context that ends (that costs about 30 µs a
		// call): a call is checked before it starts, and Generate stops
		// drawing once the context is done.
		WithCloseOnContextDone(false)
	runtime := wazero.NewRuntimeWithConfig(ctx, config)
	_, err := runtime.NewHostModuleBuilder("cvm_rules_host").
		NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(hostRandom), []api.ValueType{api.ValueTypeI32, api.ValueTypeI32}, []api.ValueType{api.ValueTypeI32}).
		WithParameterNames("ptr", "len").
		Export("random").
		Instantiate(ctx)
	if err != nil {
		_ = runtime.Close(ctx)
		return nil, fmt.Errorf("cvmrules: the random source could not be linked: %w", err)
	}
	compiled, err := runtime.CompileModule(ctx, wasm)
	if err != nil {
		_ = runtime.Close(ctx)
		return nil, fmt.Errorf("cvmrules: the WebAssembly module could not be compiled: %w", err)
	}
	return &engine{runtime: runtime, compiled: compiled}, nil
}

// instance is one instance of the module, holding one compiled validator. It
// is used by one goroutine at a time (the pool hands it out).
type instance struct {
	module api.Module
	memory api.Memory

	buffer        api.Function
	check         api.Function
	checkPassword api.Function
	explain       api.Function
	generate      api.Function
	diagnostic    api.Function
	frame         api.Function

	// The input buffer's address and size, valid until the next call of
	// buffer.
	bufferAt, bufferSize uint32
	stack                [2]uint64

	// The library's limits, read once.
	readCap, maxFacts, maxOptions int

	// The memory the instance had once its options were compiled: a call that
	// grows it by keptMemoryBytes or more gets the instance closed.
	baseline uint32
	// A call failed inside the module (a trap) or its answer was not
	// understood: the instance is closed, never used again.
	broken bool

	// What the instance has decoded of its compact answers.
	cache answerCache
}

// newInstance instantiates the module and compiles options (JSON) in it. A bad
// option is an *OptionsError.
func (e *engine) newInstance(ctx context.Context, options []byte) (*instance, error) {
	config := wazero.NewModuleConfig().WithName("").WithStartFunctions()
	module, err := e.runtime.InstantiateModule(ctx, e.compiled, config)
	if err != nil {
		return nil, fmt.Errorf("cvmrules: the WebAssembly module could not be instantiated: %w", err)
	}
	in := &instance{module: module, memory: module.Memory()}
	var newFn, readCap, maxFacts, maxOptions api.Function
	for name, fn := range map[string]*api.Function{
		"cvm_rules_buffer":            &in.buffer,
		"cvm_rules_new":               &newFn,
		"cvm_rules_check":             &in.check,
		"cvm_rules_check_password":    &in.checkPassword,
		"cvm_rules_explain":           &in.explain,
		"cvm_rules_generate":          &in.generate,
		"cvm_rules_diagnostic":        &in.diagnostic,
		"cvm_rules_frame":             &in.frame,
		"cvm_rules_read_cap":          &readCap,
		"cvm_rules_max_facts_bytes":   &maxFacts,
		"cvm_rules_max_options_bytes": &maxOptions,
	} {
		if *fn = module.ExportedFunction(name); *fn == nil {
			in.close(ctx)
			return nil, fmt.Errorf("cvmrules: the WebAssembly module has no %s (a build of another version?)", name)
		}
	}
	if in.memory == nil {
		in.close(ctx)
		return nil, errors.New("cvmrules: the WebAssembly module has no memory (a build of another version?)")
	}
	for fn, limit := range map[api.Function]*int{readCap: &in.readCap, maxFacts: &in.maxFacts, maxOptions: &in.maxOptions} {
		out, err := fn.Call(ctx)
		if err != nil {
			in.close(ctx)
			return nil, in.fail(ctx, err)
		}
		*limit = int(uint32(out[0]))
	}
	status, answer, err := in.call(ctx, newFn, cut(options, in.maxOptions+pastLimit))
	if err == nil && status != statusOK {
		err = answerError(status, answer)
	}
	if err != nil {
		in.close(ctx)
		return nil, err
	}
	in.baseline = in.memory.Size()
	return in, nil
}

// call writes parts to the input buffer back to back, calls fn with their
// lengths, and gives the answer's status and text. The text is a view of the
// instance's memory, valid until its next call: decode or copy it first.
func (in *instance) call(ctx context.Context, fn api.Function, parts ...[]byte) (byte, []byte, error) {
	total := 0
	for _, part := range parts {
		total += len(part)
	}
	if uint64(total) > uint64(in.bufferSize) {
		out, err := in.buffer.Call(ctx, uint64(total))
		if err != nil {
			return 0, nil, in.fail(ctx, err)
		}
		in.bufferAt, in.bufferSize = uint32(out[0]), uint32(total)
	}
	at := in.bufferAt
	for i, part := range parts {
		if !in.memory.Write(at, part) {
			return 0, nil, in.fail(ctx, errors.New("the input buffer is outside the module's memory"))
		}
		at += uint32(len(part))
		in.stack[i] = uint64(len(part))
	}
	if err := fn.CallWithStack(ctx, in.stack[:]); err != nil {
		return 0, nil, in.fail(ctx, err)
	}
	answer, ok := in.memory.Read(uint32(in.stack[0]>>32), uint32(in.stack[0]))
	if !ok || len(answer) == 0 {
		return 0, nil, in.fail(ctx, errors.New("the answer is outside the module's memory"))
	}
	return answer[0], answer[1:], nil
}

// grewTooMuch tells whether a call grew the instance's memory by more than is
// worth keeping (a call with megabytes of facts): such an instance is closed
// rather than kept idle, since WebAssembly memory never shrinks. What the
// options themselves need (a large deny-list) is the baseline, not growth.
func (in *instance) grewTooMuch() bool {
	return in.memory.Size()-min(in.memory.Size(), in.baseline) > keptMemoryBytes
}

// keptMemoryBytes is the most memory a call may add to an instance kept idle.
const keptMemoryBytes = 32 << 20

func (in *instance) close(ctx context.Context) {
	// A closing error leaves nothing to do: the instance is dropped either way.
	_ = in.module.Close(context.WithoutCancel(ctx))
}

// fail marks the instance broken after a call that did not finish, or whose
// answer was not understood, and gives the call's error: the context's, when
// it is done, else an *InternalError. A broken instance is closed, never
// used again (a trap leaves the module's state half-written).
func (in *instance) fail(ctx context.Context, err error) error {
	in.broken = true
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("cvmrules: %w", ctxErr)
	}
	return &InternalError{err: err}
}

// pastLimit is how far past one of the library's limits text is handed over:
// the library reads a few bytes past each (a character cut at the end left
// out), so it sees that more follows, and refuses the text as too large.
const pastLimit = 8

// cut is the first n bytes of b: the library reads no further, and refuses
// what is that long.
func cut(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
