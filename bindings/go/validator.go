package cvmrules

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"unicode/utf8"

	"github.com/tetratelabs/wazero/api"
)

// Options are read and compiled once, by New. Every field is optional.
type Options struct {
	// Profile is the API generation: "legacy-2017" (the default) or "api3"
	// (API 3.0, which Tencent's Go SDK calls).
	Profile string
	// Rules is a built-in rule set whose password rules replace the
	// profile's: "legacy-2017", "api3" or "login-settings" (RunInstances'
	// LoginSettings.Password). Default: the profile's.
	Rules string
	// OS are the OS families of the batch: "linux", "ubuntu", "windows".
	// Empty: unknown, and the strictest policy (every family's rules) applies.
	OS []string
	// Lang is the language of the messages: "en" (the default) or "zh-CN".
	Lang string
	// Policy is a policy file's JSON text, which tightens a built-in rule set
	// (deny-lists inline, as "denylist"). Empty: none.
	Policy string
}

// ExplainOptions are the options of one Explain. Every field is optional.
type ExplainOptions struct {
	// Password, when given, has each requirement marked met or not.
	Password *string
	// UserName is the account the Windows user-name rule looks for; empty:
	// the OS's default account.
	UserName string
	// Length is the length of the password whose entropy is shown; 0: 16,
	// within the policy's bounds.
	Length int
}

// GenerateOptions are the options of one Generate. Every field is optional.
type GenerateOptions struct {
	// Count is how many passwords (1 to 10,000); 0: one.
	Count int
	// Length is the length of each; 0: 16, within the policy's bounds. A
	// length outside them is an *OptionsError.
	Length int
	// UserName is the account the passwords must not contain (the Windows
	// rule); empty: the OS's default account.
	UserName string
	// Rand is the random source; nil: crypto/rand.Reader. A source that fails
	// is an error matching ErrRandomSource, never a hang; the draws stop when
	// the context is done.
	Rand io.Reader
}

// Validator holds options read and compiled once, for many calls. It is safe
// for concurrent use: each call borrows an instance of the WebAssembly module
// from the validator's pool (a new one when none is idle, about a
// millisecond), and at most GOMAXPROCS idle instances are kept. Close gives
// them back; a Validator that is dropped without Close gives them back when
// the garbage collector finds it. Use it through the pointer New returns:
// a copy of the struct shares the original's instances, and loses them when
// the original is closed or collected.
type Validator struct {
	pool *pool
}

// pool is the instances of one Validator. It is apart from the Validator so
// that the Validator's cleanup can close it.
type pool struct {
	engine  *engine
	options []byte
	maxIdle int

	mu     sync.Mutex
	idle   []*instance
	closed bool
}

// New reads and compiles opts. A bad option is an *OptionsError. The first
// New of a process compiles the WebAssembly module (0.3 s on a small
// machine); later ones cost an instantiation (about a millisecond), and each
// instance compiles the options again (a policy's deny-list of 200,000
// entries takes seconds: keep such a Validator for the life of the process).
func New(ctx context.Context, opts Options) (*Validator, error) {
	engine, err := loadEngine()
	if err != nil {
		return nil, err
	}
	wire := optionsJSON{Profile: opts.Profile, Rules: opts.Rules, OS: opts.OS, Lang: opts.Lang}
	if opts.Policy != "" {
		// As JSON when it is JSON (no escaping: a large deny-list stays within
		// the options' limit), else as text, which the library refuses saying
		// where the JSON breaks.
		if json.Valid([]byte(opts.Policy)) && utf8.ValidString(opts.Policy) {
			wire.Policy = json.RawMessage(opts.Policy)
		} else {
			wire.Policy = opts.Policy
		}
	}
	options, err := json.Marshal(wire)
	if err != nil {
		return nil, fmt.Errorf("cvmrules: the options could not be written as JSON: %w", err)
	}
	// The first instance compiles the options, so that New refuses bad ones.
	first, err := engine.newInstance(ctx, options)
	if err != nil {
		return nil, err
	}
	p := &pool{engine: engine, options: options, maxIdle: max(runtime.GOMAXPROCS(0), 1), idle: []*instance{first}}
	v := &Validator{pool: p}
	runtime.AddCleanup(v, func(p *pool) { p.close(context.Background()) }, p)
	return v, nil
}

// errNotMade is the error of a call on a Validator that New did not make.
var errNotMade = errors.New("cvmrules: the Validator was not made by New")

// optionsJSON is Options as the library reads them.
type optionsJSON struct {
	Profile string   `json:"profile,omitempty"`
	Rules   string   `json:"rules,omitempty"`
	OS      []string `json:"os,omitempty"`
	Lang    string   `json:"lang,omitempty"`
	Policy  any      `json:"policy,omitempty"`
}

// Check validates one request: the query form ("Action=…&Password=…"), a full
// URL, or the API 3.0 JSON body. facts is DescribeInstances JSON (the SDK's
// answer, its Response object, or its InstanceSet), or nil. Input is read up
// to the library's read cap (1 MiB and a few bytes): longer input is refused
// as too large.
func (v *Validator) Check(ctx context.Context, input []byte, facts []byte) (*CheckResult, error) {
	var result *CheckResult
	err := v.run(ctx, func(in *instance) (err error) {
		result, err = in.checkAnswer(ctx, cut(input, in.readCap), cut(facts, in.maxFacts+pastLimit))
		return err
	})
	if err != nil {
		return nil, err
	}
	return result, nil
}

// CheckPassword checks a password alone, for the account userName (empty:
// the OS's default account). A byte that is not part of valid UTF-8 is read
// as U+FFFD, as ranging over the string reads it: a character the rules
// refuse, not an error.
func (v *Validator) CheckPassword(ctx context.Context, password, userName string) (*PasswordResult, error) {
	var result *PasswordResult
	err := v.run(ctx, func(in *instance) (err error) {
		result, err = in.passwordAnswer(ctx, text(password, in.readCap), text(userName, in.readCap))
		return err
	})
	if err != nil {
		return nil, err
	}
	return result, nil
}

// Explain gives the requirements checklist of the validator's policy, each
// requirement marked when opts.Password is given.
func (v *Validator) Explain(ctx context.Context, opts ExplainOptions) (*Explanation, error) {
	result := new(Explanation)
	err := v.run(ctx, func(in *instance) error {
		call := explainJSON{UserName: string(text(opts.UserName, in.readCap)), Length: opts.Length}
		if opts.Password != nil {
			password := string(text(*opts.Password, in.readCap))
			call.Password = &password
		}
		options, err := json.Marshal(call)
		if err != nil {
			return fmt.Errorf("cvmrules: the options could not be written as JSON: %w", err)
		}
		return in.answer(ctx, in.explain, result, options)
	})
	if err != nil {
		return nil, err
	}
	return result, nil
}

type explainJSON struct {
	Password *string `json:"password,omitempty"`
	UserName string  `json:"userName,omitempty"`
	Length   int     `json:"length,omitempty"`
}

// Generate makes passwords that pass the validator's policy, each drawn
// uniformly at random among those of the length that pass every rule.
func (v *Validator) Generate(ctx context.Context, opts GenerateOptions) (*Generated, error) {
	source := opts.Rand
	if source == nil {
		source = rand.Reader
	}
	result := new(Generated)
	err := v.run(ctx, func(in *instance) error {
		options, err := json.Marshal(generateJSON{
			Count:    opts.Count,
			Length:   opts.Length,
			UserName: string(text(opts.UserName, in.readCap)),
		})
		if err != nil {
			return fmt.Errorf("cvmrules: the options could not be written as JSON: %w", err)
		}
		random := &randomCall{reader: source}
		err = in.answer(context.WithValue(ctx, randomKey{}, random), in.generate, result, options)
		if random.err == nil || in.broken {
			return err
		}
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(random.err, ctxErr) {
			return fmt.Errorf("cvmrules: %w", ctxErr)
		}
		return &randomError{source: random.err}
	})
	if err != nil {
		return nil, err
	}
	return result, nil
}

type generateJSON struct {
	Count    int    `json:"count,omitempty"`
	Length   int    `json:"length,omitempty"`
	UserName string `json:"userName,omitempty"`
}

// Close gives back the validator's instances. Calling it twice does nothing;
// a call after it is ErrClosed. Calls already running finish, and their
// instances are closed when they end.
func (v *Validator) Close(ctx context.Context) error {
	if v == nil || v.pool == nil {
		return nil
	}
	v.pool.close(ctx)
	return nil
}

// run borrows an instance for call, and gives it back (or drops it, when the
// call failed inside the module).
func (v *Validator) run(ctx context.Context, call func(*instance) error) error {
	if v == nil || v.pool == nil {
		return errNotMade
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("cvmrules: %w", err)
	}
	in, err := v.pool.get(ctx)
	if err != nil {
		return err
	}
	// Given back even when call does not return (a Rand calling
	// runtime.Goexit): then as broken, since the module stopped midway.
	returned := false
	defer func() {
		if !returned {
			in.broken = true
		}
		v.pool.put(ctx, in)
	}()
	err = call(in)
	returned = true
	return err
}

// answer calls fn with parts and decodes its answer into result.
func (in *instance) answer(ctx context.Context, fn api.Function, result any, parts ...[]byte) error {
	status, answer, err := in.call(ctx, fn, parts...)
	if err != nil {
		return err
	}
	if status != statusOK {
		return answerError(status, answer)
	}
	if err := json.Unmarshal(answer, result); err != nil {
		return &InternalError{err: fmt.Errorf("the answer is not the contract's JSON: %w", err)}
	}
	return nil
}

func (p *pool) get(ctx context.Context) (*instance, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	if n := len(p.idle); n > 0 {
		in := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return in, nil
	}
	p.mu.Unlock()
	return p.engine.newInstance(ctx, p.options)
}

// put gives an instance back after a call: it is kept idle unless the call
// failed inside it, grew its memory too much, or the pool is full or closed.
func (p *pool) put(ctx context.Context, in *instance) {
	if in.broken || in.module.IsClosed() || in.grewTooMuch() {
		in.close(ctx)
		return
	}
	p.mu.Lock()
	if !p.closed && len(p.idle) < p.maxIdle {
		p.idle = append(p.idle, in)
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	in.close(ctx)
}

func (p *pool) close(ctx context.Context) {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, in := range idle {
		in.close(ctx)
	}
}

// text is s cut at n bytes (at a character's start: what follows is not read,
// and the library refuses what is that long), as valid UTF-8: each byte that
// is not part of a valid sequence is U+FFFD.
func text(s string, n int) []byte {
	if len(s) > n {
		end := n
		for end > 0 && end > n-utf8.UTFMax && !utf8.RuneStart(s[end]) {
			end--
		}
		s = s[:end]
	}
	if utf8.ValidString(s) {
		return []byte(s)
	}
	out := make([]byte, 0, len(s)+8)
	for _, r := range s {
		out = utf8.AppendRune(out, r)
	}
	return out
}
