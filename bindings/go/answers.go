package cvmrules

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// The compact answers of check and check_password (bindings/c/src/wasm.rs
// documents them): a verdict, a policy slot and diagnostic ids, each distinct
// diagnostic and each slot's policy decoded once per instance. Decoding the
// whole JSON object costs more than the check itself; these answers are the
// contract's objects all the same (the parity tests compare them with the
// command line's JSON).

// maxInterned bounds the module's diagnostic ids (it keeps 64).
const maxInterned = 1024

// answerCache is what an instance has decoded of its compact answers.
type answerCache struct {
	generation  uint32
	diagnostics []*Diagnostic // by id, in the current generation; nil: not decoded yet
	frames      [8]*frame     // by policy slot
}

// frame is what every answer of one policy slot shares.
type frame struct {
	Profile string `json:"profile"`
	Policy  Policy `json:"policy"`
}

// compact is a compact answer, read out of the module's memory.
type compact struct {
	slot, valid, generation uint32
	ids                     []uint32
	rest                    []byte // check: the accounts
}

// readCompact reads a compact answer (after its 'C').
func readCompact(b []byte) (compact, bool) {
	var c compact
	if len(b) < 16 {
		return c, false
	}
	c.slot, c.valid = binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
	c.generation = binary.LittleEndian.Uint32(b[8:])
	n := binary.LittleEndian.Uint32(b[12:])
	b = b[16:]
	if uint64(len(b)) < uint64(n)*4 || c.slot >= 8 {
		return c, false
	}
	c.ids = make([]uint32, n)
	for i := range c.ids {
		c.ids[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	c.rest = b[4*n:]
	return c, true
}

// readAccounts reads the accounts of a compact check answer: their number,
// then each one's field, instance id, OS and user name, each a length and
// bytes.
func readAccounts(b []byte) ([]Account, bool) {
	if len(b) < 4 {
		return nil, false
	}
	n := binary.LittleEndian.Uint32(b)
	b = b[4:]
	if uint64(n)*16 > uint64(len(b)) {
		return nil, false
	}
	accounts := make([]Account, n)
	for i := range accounts {
		var fields [4]string
		for j := range fields {
			if len(b) < 4 {
				return nil, false
			}
			size := binary.LittleEndian.Uint32(b)
			if uint64(size) > uint64(len(b)-4) {
				return nil, false
			}
			fields[j], b = string(b[4:4+size]), b[4+size:]
		}
		accounts[i] = Account{Field: fields[0], InstanceID: fields[1], OS: fields[2], UserName: fields[3]}
	}
	return accounts, len(b) == 0
}

// passwordAnswer checks a password in the instance and decodes the answer.
func (in *instance) passwordAnswer(ctx context.Context, password, userName []byte) (*PasswordResult, error) {
	result := new(PasswordResult)
	c, whole, err := in.compactCall(ctx, in.checkPassword, result, password, userName)
	if err != nil || whole {
		return result, err
	}
	f, diagnostics, err := in.resolve(ctx, c)
	if err != nil {
		return nil, err
	}
	*result = PasswordResult{Valid: c.valid != 0, Profile: f.Profile, Policy: f.Policy.clone(), Diagnostics: diagnostics}
	return result, nil
}

// checkAnswer checks a request in the instance and decodes the answer.
func (in *instance) checkAnswer(ctx context.Context, input, facts []byte) (*CheckResult, error) {
	result := new(CheckResult)
	c, whole, err := in.compactCall(ctx, in.check, result, input, facts)
	if err != nil || whole {
		return result, err
	}
	accounts, ok := readAccounts(c.rest)
	if !ok {
		return nil, in.fail(ctx, fmt.Errorf("the accounts are not in the compact form"))
	}
	f, diagnostics, err := in.resolve(ctx, c)
	if err != nil {
		return nil, err
	}
	*result = CheckResult{Valid: c.valid != 0, Profile: f.Profile, Policy: f.Policy.clone(), Diagnostics: diagnostics, Accounts: accounts}
	return result, nil
}

// compactCall makes a call that answers compactly. An answer that came whole
// (its diagnostics did not fit the table) is decoded into whole, and reported
// so.
func (in *instance) compactCall(ctx context.Context, fn api.Function, whole any, parts ...[]byte) (compact, bool, error) {
	status, answer, err := in.call(ctx, fn, parts...)
	if err != nil {
		return compact{}, false, err
	}
	if status != statusOK {
		return compact{}, false, answerError(status, answer)
	}
	if len(answer) > 0 && answer[0] == 'J' {
		if err := json.Unmarshal(answer[1:], whole); err != nil {
			return compact{}, false, in.fail(ctx, fmt.Errorf("the answer is not the contract's JSON: %w", err))
		}
		return compact{}, true, nil
	}
	if len(answer) > 0 && answer[0] == 'C' {
		if c, ok := readCompact(answer[1:]); ok {
			return c, false, nil
		}
	}
	return compact{}, false, in.fail(ctx, fmt.Errorf("an answer of an unknown form"))
}

// resolve gives the frame and the diagnostics of a compact answer, decoding
// what the instance has not decoded yet. The caller copies what it puts in a
// result: each result is its own, to change as its holder likes.
func (in *instance) resolve(ctx context.Context, c compact) (*frame, []Diagnostic, error) {
	cache := &in.cache
	if c.generation != cache.generation {
		cache.generation, cache.diagnostics = c.generation, cache.diagnostics[:0]
	}
	f := cache.frames[c.slot]
	if f == nil {
		f = new(frame)
		if err := in.decode(ctx, in.frame, uint64(c.slot), f); err != nil {
			return nil, nil, err
		}
		cache.frames[c.slot] = f
	}
	diagnostics := make([]Diagnostic, len(c.ids))
	for i, id := range c.ids {
		if id >= maxInterned {
			return nil, nil, in.fail(ctx, fmt.Errorf("a diagnostic id out of range"))
		}
		for int(id) >= len(cache.diagnostics) {
			cache.diagnostics = append(cache.diagnostics, nil)
		}
		d := cache.diagnostics[id]
		if d == nil {
			d = new(Diagnostic)
			if err := in.decode(ctx, in.diagnostic, uint64(id), d); err != nil {
				return nil, nil, err
			}
			cache.diagnostics[id] = d
		}
		diagnostics[i] = *d
		diagnostics[i].Params = d.Params.clone()
	}
	return f, diagnostics, nil
}

// decode calls fn(arg) and decodes its JSON answer into v.
func (in *instance) decode(ctx context.Context, fn api.Function, arg uint64, v any) error {
	in.stack[0] = arg
	if err := fn.CallWithStack(ctx, in.stack[:]); err != nil {
		return in.fail(ctx, err)
	}
	answer, ok := in.memory.Read(uint32(in.stack[0]>>32), uint32(in.stack[0]))
	if !ok || len(answer) == 0 {
		return in.fail(ctx, fmt.Errorf("the answer is outside the module's memory"))
	}
	if answer[0] != statusOK {
		return in.fail(ctx, fmt.Errorf("the module refused: %s", answer[1:]))
	}
	if err := json.Unmarshal(answer[1:], v); err != nil {
		return in.fail(ctx, fmt.Errorf("the answer is not the contract's JSON: %w", err))
	}
	return nil
}

// clone is a deep copy of the policy.
func (p Policy) clone() Policy {
	rules := make([]PolicyRule, len(p.Rules))
	for i, rule := range p.Rules {
		rules[i] = PolicyRule{Rule: rule.Rule, Params: rule.Params.clone()}
	}
	return Policy{OSKnown: p.OSKnown, Families: append([]string(nil), p.Families...), Rules: rules}
}

// clone is a deep copy of params.
func (p Params) clone() Params {
	if p == nil {
		return nil
	}
	out := make(Params, len(p))
	for key, value := range p {
		out[key] = cloneValue(value)
	}
	return out
}

func cloneValue(value any) any {
	switch v := value.(type) {
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = cloneValue(item)
		}
		return out
	case map[string]any:
		return map[string]any(Params(v).clone())
	default: // json.Number, string, bool, nil: values
		return v
	}
}
