package cvmrules

// The Go package beside hand-written Go, in the same run (BENCHMARKS.md):
//
//	go test -run '^$' -bench . -benchtime 1s
//
// Baselines, as a Go developer writes them: the api3 Linux password rules with
// package regexp, returning the failing rule ids (length, leading slash and
// charset one expression each; RE2 has no lookahead, so the classes rule is
// four small expressions, one per class, counted), and url.ParseQuery reading
// the query before them (Action, Version, each instance id, the password). The
// package answers with the whole typed object: codes, fields, params, messages.
// The inputs are those of bindings/wasm/bench.mjs: 1,000 passwords, half valid,
// half too short, of one class, starting with / or holding characters outside
// the set; the same passwords in api3 query requests of one or two ids.
//
// BenchmarkVersusHandWritten measures each side in interleaved rounds (the
// best of seven) and prints ns per call and the ratios beside their targets;
// it fails when a ratio is over its target.

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

const specials = "()`~!@#$%^&*\\-+=_|{}\\[\\]:;'<>,.?/"

var (
	lengthRule   = regexp.MustCompile(`^[\s\S]{8,30}$`)
	charsetRule  = regexp.MustCompile(`^[A-Za-z0-9` + specials + `]*$`)
	leadingSlash = regexp.MustCompile(`^/`)
	classRules   = []*regexp.Regexp{
		regexp.MustCompile(`[a-z]`), regexp.MustCompile(`[A-Z]`),
		regexp.MustCompile(`[0-9]`), regexp.MustCompile(`[` + specials + `]`),
	}
	instanceID = regexp.MustCompile(`^ins-[a-z0-9]{8}$`)
)

// regexpPassword is the api3 Linux rules, by hand: the failing rule ids.
func regexpPassword(pw string) []string {
	var failed []string
	if !lengthRule.MatchString(pw) {
		failed = append(failed, "password.length")
	}
	classes := 0
	for _, class := range classRules {
		if class.MatchString(pw) {
			classes++
		}
	}
	if classes < 3 {
		failed = append(failed, "password.classes")
	}
	if leadingSlash.MatchString(pw) {
		failed = append(failed, "password.leading_slash")
	}
	if !charsetRule.MatchString(pw) {
		failed = append(failed, "password.charset")
	}
	return failed
}

// regexpQuery is the query read by url.ParseQuery, then the same rules.
func regexpQuery(query string) []string {
	var failed []string
	p, err := url.ParseQuery(query)
	if err != nil {
		return []string{"input.malformed"}
	}
	if p.Get("Action") != "ResetInstancesPassword" {
		failed = append(failed, "action.value")
	}
	if p.Get("Version") != "2017-03-12" {
		failed = append(failed, "version.value")
	}
	for i := 0; ; i++ {
		ids, ok := p[fmt.Sprintf("InstanceIds.%d", i)]
		if !ok {
			if i == 0 {
				failed = append(failed, "param.missing")
			}
			break
		}
		if !instanceID.MatchString(ids[0]) {
			failed = append(failed, "instance_id.format")
		}
	}
	if pw, ok := p["Password"]; !ok {
		failed = append(failed, "param.missing")
	} else {
		failed = append(failed, regexpPassword(pw[0])...)
	}
	return failed
}

// xorshift32, as bench.mjs: every run measures the same inputs.
func xorshift(seed uint32) func() uint32 {
	x := seed
	return func() uint32 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		return x
	}
}

const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/"

func benchPasswords(n int) []string {
	next := xorshift(2026)
	out := make([]string, n)
	for i := range out {
		var pw strings.Builder
		length := 8 + int(next()%12)
		for range length {
			pw.WriteByte(alphabet[next()%uint32(len(alphabet))])
		}
		p := pw.String()
		switch i % 8 {
		case 0:
			out[i] = p[:5]
		case 1:
			out[i] = "abcdefghijkl"[:8+i%5]
		case 2:
			out[i] = "/" + p
		case 3:
			out[i] = p + " é"
		default:
			out[i] = "Aa1!" + p
		}
	}
	return out
}

func benchQueries(pws []string) []string {
	out := make([]string, len(pws))
	for i, pw := range pws {
		second := ""
		if i%3 != 0 {
			second = "&InstanceIds.1=ins-5d8a23rs"
		}
		out[i] = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy" + second +
			"&Password=" + url.QueryEscape(pw) + "&ForceStop=TRUE"
	}
	return out
}

func benchValidator(b *testing.B) *Validator {
	v, err := New(context.Background(), Options{Profile: "api3", OS: []string{"linux"}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = v.Close(context.Background()) })
	return v
}

func BenchmarkRegexpPassword(b *testing.B) {
	pws := benchPasswords(1000)
	for i := 0; b.Loop(); i++ {
		regexpPassword(pws[i%len(pws)])
	}
}

func BenchmarkCheckPassword(b *testing.B) {
	v, pws, ctx := benchValidator(b), benchPasswords(1000), context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := v.CheckPassword(ctx, pws[i%len(pws)], ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseQueryAndRegexp(b *testing.B) {
	qs := benchQueries(benchPasswords(1000))
	for i := 0; b.Loop(); i++ {
		regexpQuery(qs[i%len(qs)])
	}
}

func BenchmarkCheck(b *testing.B) {
	v, ctx := benchValidator(b), context.Background()
	qs := benchQueries(benchPasswords(1000))
	inputs := make([][]byte, len(qs))
	for i, q := range qs {
		inputs[i] = []byte(q)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := v.Check(ctx, inputs[i%len(inputs)], nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompile is what the first New of a process pays on top of the
// others: compiling the module.
func BenchmarkCompile(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		e, err := newEngine(ctx, wasmModule)
		if err != nil {
			b.Fatal(err)
		}
		_ = e.runtime.Close(ctx)
	}
}

// BenchmarkNew is a New once the module is compiled: one instance, the
// options compiled in it.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	if _, err := loadEngine(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		v, err := New(ctx, Options{Profile: "api3", OS: []string{"linux"}})
		if err != nil {
			b.Fatal(err)
		}
		_ = v.Close(ctx)
	}
}

func BenchmarkVersusHandWritten(b *testing.B) {
	if b.N > 1 {
		// One run is seven rounds of every measure: b.N has no meaning here.
		b.Skip("runs once: go test -bench VersusHandWritten -benchtime 1x")
	}
	pws := benchPasswords(1000)
	qs := benchQueries(pws)
	ctx := context.Background()
	v := benchValidator(b)
	for _, pw := range pws {
		result, err := v.CheckPassword(ctx, pw, "")
		if err != nil || result.Valid != (len(regexpPassword(pw)) == 0) {
			b.Fatalf("the verdicts differ on %q", pw)
		}
	}
	measures := []struct {
		name string
		run  func(i int)
	}{
		{"regexp (password)", func(i int) { regexpPassword(pws[i%len(pws)]) }},
		{"Validator.CheckPassword", func(i int) { _, _ = v.CheckPassword(ctx, pws[i%len(pws)], "") }},
		{"url.ParseQuery + regexp", func(i int) { regexpQuery(qs[i%len(qs)]) }},
		{"Validator.Check (query)", func(i int) { _, _ = v.Check(ctx, []byte(qs[i%len(qs)]), nil) }},
	}
	best := make([]float64, len(measures))
	for round := -1; round < 7; round++ {
		for m, measure := range measures {
			calls, start := 0, time.Now()
			for time.Since(start) < 300*time.Millisecond {
				for range 100 {
					measure.run(calls)
					calls++
				}
			}
			ns := float64(time.Since(start).Nanoseconds()) / float64(calls)
			if round >= 0 && (best[m] == 0 || ns < best[m]) { // round -1 warms up
				best[m] = ns
			}
		}
	}
	for m, measure := range measures {
		b.Logf("%-26s %8.0f ns/call", measure.name, best[m])
	}
	for _, ratio := range []struct {
		name          string
		value, target float64
	}{
		{"CheckPassword / regexp", best[1] / best[0], 5},
		{"Check / (url.ParseQuery + regexp)", best[3] / best[2], 4},
	} {
		b.Logf("%-36s %5.2fx (target <= %gx)", ratio.name, ratio.value, ratio.target)
		b.ReportMetric(ratio.value, strings.ReplaceAll(strings.Fields(ratio.name)[0], ".", "")+"-ratio")
		if ratio.value > ratio.target {
			b.Errorf("%s is %.2fx, over its target of %gx", ratio.name, ratio.value, ratio.target)
		}
	}
}
