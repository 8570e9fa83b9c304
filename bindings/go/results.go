package cvmrules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
)

// CheckResult is what Check answers: the object `cvm-rules check --format
// json` prints. json.Marshal gives that object back, key for key.
type CheckResult struct {
	// Valid is true when there is no error (warnings allowed).
	Valid bool `json:"valid"`
	// Profile is the API generation: "legacy-2017" or "api3".
	Profile string `json:"profile"`
	// Policy is the password policy applied.
	Policy Policy `json:"policy"`
	// Diagnostics are in the order of the spec: the first error is the one
	// the server would answer.
	Diagnostics []Diagnostic `json:"diagnostics"`
	// Accounts are the accounts whose password is reset, for each instance
	// whose OS is known.
	Accounts []Account `json:"accounts"`
}

// PasswordResult is what CheckPassword answers: a CheckResult without
// accounts, whose diagnostics are on the password only.
type PasswordResult struct {
	Valid       bool         `json:"valid"`
	Profile     string       `json:"profile"`
	Policy      Policy       `json:"policy"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Policy is a password policy: its rules, with their parameters, and the OS
// families it was resolved for.
type Policy struct {
	// OSKnown is false when the OS was unknown and the strictest policy (every
	// family's rules at once) applies.
	OSKnown bool `json:"os_known"`
	// Families are the OS families: "linux", "ubuntu", "windows".
	Families []string `json:"families"`
	// Rules are the rules in force, in the order they are checked.
	Rules []PolicyRule `json:"rules"`
}

// PolicyRule is one rule of a policy: its id and parameters, which JSON
// holds side by side ({"rule": "password.length", "min": 8, "max": 30}).
type PolicyRule struct {
	// Rule is the rule's stable id, such as "password.length".
	Rule string
	// Params are the rule's parameters ("min", "max" …).
	Params Params
}

// MarshalJSON writes the rule as the contract does: "rule", then the params.
func (r PolicyRule) MarshalJSON() ([]byte, error) {
	fields := make(map[string]any, len(r.Params)+1)
	for key, value := range r.Params {
		fields[key] = value
	}
	fields["rule"] = r.Rule
	return json.Marshal(fields)
}

// UnmarshalJSON reads a rule written by MarshalJSON (or by the library).
func (r *PolicyRule) UnmarshalJSON(data []byte) error {
	var params Params
	if err := params.UnmarshalJSON(data); err != nil {
		return err
	}
	rule, ok := params["rule"].(string)
	if !ok {
		return fmt.Errorf("cvmrules: a policy rule without its id")
	}
	delete(params, "rule")
	*r = PolicyRule{Rule: rule, Params: params}
	return nil
}

// Diagnostic is one problem found: the Tencent error code the server would
// answer, the field, the rule's stable id, typed parameters and a message.
type Diagnostic struct {
	// Severity is "error" or "warning".
	Severity string
	// Code is the Tencent Cloud error code, such as
	// "InvalidParameterValue.InvalidPassword"; empty for a warning (null in
	// JSON).
	Code string
	// Field is the parameter, such as "Password" or "InstanceIds.1"; empty
	// for the input as a whole.
	Field string
	// Rule is the rule's stable id, such as "password.length".
	Rule string
	// Params are the facts of the failure ("min", "max", "actual" …). They
	// never hold the password.
	Params Params
	// Message says what is wrong and what to do, in the validator's language.
	Message string
}

// diagnosticJSON is a Diagnostic as the contract writes it.
type diagnosticJSON struct {
	Severity string  `json:"severity"`
	Code     *string `json:"code"`
	Field    string  `json:"field"`
	Rule     string  `json:"rule"`
	Params   Params  `json:"params"`
	Message  string  `json:"message"`
}

// MarshalJSON writes the diagnostic as the contract does (a warning's code
// as null).
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	out := diagnosticJSON{Severity: d.Severity, Field: d.Field, Rule: d.Rule, Params: d.Params, Message: d.Message}
	if d.Code != "" {
		out.Code = &d.Code
	}
	if out.Params == nil {
		out.Params = Params{}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a diagnostic written by MarshalJSON (or by the library).
func (d *Diagnostic) UnmarshalJSON(data []byte) error {
	var in diagnosticJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*d = Diagnostic{Severity: in.Severity, Field: in.Field, Rule: in.Rule, Params: in.Params, Message: in.Message}
	if in.Code != nil {
		d.Code = *in.Code
	}
	return nil
}

// Account is the account whose password a request resets on one instance.
type Account struct {
	// Field is the instance's parameter, such as "InstanceIds.1".
	Field string `json:"field"`
	// InstanceID is the instance, such as "ins-r8hr2upy".
	InstanceID string `json:"instance_id"`
	// OS is the instance's family: "linux", "ubuntu" or "windows".
	OS string `json:"os"`
	// UserName is the account: the request's UserName, or the OS's default
	// ("root", "ubuntu", "Administrator").
	UserName string `json:"user_name"`
}

// Explanation is what Explain answers: the object `cvm-rules explain
// --format json` prints.
type Explanation struct {
	// Profile is the API generation.
	Profile string `json:"profile"`
	// Rules is the id of the rule set shown ("api3", or the policy's).
	Rules string `json:"rules"`
	// Policy is the password policy.
	Policy Policy `json:"policy"`
	// Requirements are the policy's rules as a checklist.
	Requirements []Requirement `json:"requirements"`
	// AllMet tells whether the password given meets every requirement that is
	// not advice (severity "error"); nil when no password was given.
	AllMet *bool `json:"all_met"`
	// Entropy is that of a password drawn uniformly among those the policy
	// accepts.
	Entropy Entropy `json:"entropy"`
}

// Requirement is one line of the checklist.
type Requirement struct {
	Rule string `json:"rule"`
	// Severity is "error", or "warning" for advice that a valid password need
	// not meet (password.recommended_length).
	Severity string `json:"severity"`
	Params   Params `json:"params"`
	Message  string `json:"message"`
	// Met tells whether the password given meets it; nil when no password was
	// given.
	Met *bool `json:"met"`
}

// Entropy is the entropy of a password of one length drawn uniformly among
// those a policy accepts.
type Entropy struct {
	Length int `json:"length"`
	// Bits is log2 of how many such passwords there are; nil when there is
	// none.
	Bits *float64 `json:"bits"`
}

// Generated is what Generate answers: the object `cvm-rules generate
// --format json` prints. Printing or logging it (fmt, log/slog) shows how many
// passwords it holds, never the passwords: read them from Passwords.
type Generated struct {
	// Passwords are the passwords made, each drawn uniformly among those of
	// the length that pass every rule.
	Passwords []string `json:"passwords"`
	// Length is the length of each.
	Length int `json:"length"`
	// EntropyBits is the entropy of each.
	EntropyBits float64 `json:"entropy_bits"`
	// Policy is the policy they pass.
	Policy Policy `json:"policy"`
}

// String hides the passwords: a Generated printed by mistake (a log line, a
// %v) leaks nothing.
func (g Generated) String() string {
	return fmt.Sprintf("{Passwords:[%d redacted] Length:%d EntropyBits:%g}", len(g.Passwords), g.Length, g.EntropyBits)
}

// LogValue hides the passwords from log/slog too.
func (g Generated) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("passwords", fmt.Sprintf("[%d redacted]", len(g.Passwords))),
		slog.Int("length", g.Length),
		slog.Float64("entropy_bits", g.EntropyBits),
	)
}

// GoString hides the passwords from %#v too.
func (g Generated) GoString() string {
	return fmt.Sprintf("cvmrules.Generated{Passwords:[%d redacted], Length:%d, EntropyBits:%g}", len(g.Passwords), g.Length, g.EntropyBits)
}

// Params are the typed parameters of a rule or a diagnostic, as JSON holds
// them: numbers are json.Number (exact, as the library wrote them), text is
// string, lists are []any, and nested objects map[string]any.
type Params map[string]any

// UnmarshalJSON reads params keeping numbers exact.
func (p *Params) UnmarshalJSON(data []byte) error {
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	var params map[string]any
	if err := decoder.Decode(&params); err != nil {
		return err
	}
	*p = params
	return nil
}

// Int is the whole-number parameter key, and whether there is one.
func (p Params) Int(key string) (int64, bool) {
	n, ok := p[key].(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// Text is the text parameter key, and whether there is one.
func (p Params) Text(key string) (string, bool) {
	s, ok := p[key].(string)
	return s, ok
}

// Strings is the list-of-text parameter key (such as "missing"), and whether
// there is one.
func (p Params) Strings(key string) ([]string, bool) {
	items, ok := p[key].([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		s, ok := item.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
