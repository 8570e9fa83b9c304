package cvmrules_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	cvmrules "github.com/cvm-rules/cvm-rules/bindings/go"
)

// sentinel is a password no error, message or diagnostic may ever hold.
const sentinel = "Zq9Sentinel!Pw"

const seedRequest = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password="

// reference is a call whose answer must not change, whatever came before it.
type reference struct {
	v    *cvmrules.Validator
	want []byte
}

func newReference(t *testing.T, v *cvmrules.Validator) *reference {
	t.Helper()
	r := &reference{v: v}
	r.want = r.answer(t)
	return r
}

func (r *reference) answer(t testing.TB) []byte {
	t.Helper()
	result, err := r.v.Check(context.Background(), []byte(seedRequest+"abc123"), nil)
	if err != nil {
		t.Fatalf("the reference call failed: %v", err)
	}
	password, err := r.v.CheckPassword(context.Background(), "abc123ABC!@#x", "")
	if err != nil {
		t.Fatalf("the reference call failed: %v", err)
	}
	return append(mustJSON(t, result), mustJSON(t, password)...)
}

// still fails the test unless the reference call gives its answer.
func (r *reference) still(t testing.TB, after string) {
	t.Helper()
	if got := r.answer(t); !bytes.Equal(got, r.want) {
		t.Fatalf("after %s, the reference answer changed:\n%s\n%s", after, got, r.want)
	}
}

// noSentinel fails the test when err's text holds the sentinel.
func noSentinel(t testing.TB, err error, what string) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), sentinel) {
		t.Fatalf("%s: the error holds the sentinel: %v", what, err)
	}
}

// diagnosticsWithout fails the test when any diagnostic holds the sentinel.
func diagnosticsWithout(t testing.TB, diagnostics []cvmrules.Diagnostic, what string) {
	t.Helper()
	if text := mustJSON(t, diagnostics); bytes.Contains(text, []byte(sentinel)) {
		t.Fatalf("%s: a diagnostic holds the sentinel: %s", what, text)
	}
}

func TestASentinelInEveryOptionIsInNoError(t *testing.T) {
	ctx := context.Background()
	s := sentinel
	for i, opts := range []cvmrules.Options{
		{Profile: s}, {Rules: s}, {OS: []string{s}}, {OS: []string{"linux", s}}, {Lang: s},
		{Policy: s}, {Policy: `"` + s + `"`}, {Policy: `{"extends": "` + s + `"}`},
		{Policy: `{"extends": "api3", "all": {"` + s + `": 1}}`},
		{Policy: `{"extends": "api3", "all": {"denylist": ["` + s + `"], "length": {"min": "` + s + `"}}}`},
		{Policy: `{"extends": "api3", "all": {"denylist_file": "` + s + `"}}`},
		{Policy: `{"extends": "api3", "` + s + `": {}}`},
		{Profile: "api3", Rules: "api3", Policy: `{"extends": "api3"}`},
	} {
		v, err := cvmrules.New(ctx, opts)
		if err == nil {
			_ = v.Close(ctx)
			t.Fatalf("options %d: accepted", i)
		}
		var bad *cvmrules.OptionsError
		if !errors.As(err, &bad) {
			t.Fatalf("options %d: %T %v, not an *OptionsError", i, err, err)
		}
		noSentinel(t, err, "New")
	}
}

func TestASentinelInEveryParameterOfACallIsInNoErrorOrDiagnostic(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{Profile: "api3", OS: []string{"windows"}})
	ref := newReference(t, v)
	s := sentinel
	facts := [][]byte{
		nil,
		[]byte(s),
		[]byte(`{"Response": {"Error": {"Code": "` + s + `", "Message": "` + s + `"}}}`),
		[]byte(`[{"InstanceId": "` + s + `", "OsName": "` + s + `", "InstanceState": "RUNNING"}]`),
		[]byte(`{"` + s + `": [1]}`),
		[]byte(`[{"InstanceId": "ins-r8hr2upy", "OsName": "` + s + `"}]`),
	}
	requests := []string{
		seedRequest + s,
		seedRequest + s + "&UserName=" + s + "&ForceStop=" + s,
		"Action=" + s + "&Version=" + s + "&" + s + "=" + s,
		`{"InstanceIds": ["ins-r8hr2upy"], "Password": "` + s + `", "` + s + `": 1}`,
		`{"InstanceIds": ["ins-r8hr2upy"], "Password": ["` + s + `"]}`,
		`{"Password": "` + s,
	}
	for _, request := range requests {
		for _, f := range facts {
			result, err := v.Check(ctx, []byte(request), f)
			noSentinel(t, err, "Check")
			if err == nil {
				diagnosticsWithout(t, result.Diagnostics, request)
			}
		}
	}
	result, err := v.CheckPassword(ctx, s, s)
	if err != nil {
		t.Fatal(err)
	}
	diagnosticsWithout(t, result.Diagnostics, "CheckPassword")
	explained, err := v.Explain(ctx, cvmrules.ExplainOptions{Password: &s, UserName: s, Length: -1})
	noSentinel(t, err, "Explain")
	if explained != nil {
		t.Fatal("Explain with a negative length answered")
	}
	explained, err = v.Explain(ctx, cvmrules.ExplainOptions{Password: &s, UserName: s})
	if err != nil {
		t.Fatal(err)
	}
	if text := mustJSON(t, explained); bytes.Contains(text, []byte(s)) {
		t.Fatalf("Explain holds the sentinel: %s", text)
	}
	for _, opts := range []cvmrules.GenerateOptions{{UserName: s}, {UserName: s, Length: 99}, {UserName: s, Count: -3}} {
		generated, err := v.Generate(ctx, opts)
		noSentinel(t, err, "Generate")
		if err == nil && bytes.Contains(mustJSON(t, generated), []byte(s)) {
			t.Fatal("Generate holds the sentinel")
		}
	}
	ref.still(t, "a sentinel in every parameter")
}

func TestTextThatIsNotUTF8IsReadWithReplacementCharacters(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{Profile: "api3", OS: []string{"linux"}})
	ref := newReference(t, v)
	// Each bad byte is one U+FFFD: a character outside the set, at its place.
	got, err := v.CheckPassword(ctx, "Abc123!x\xff\xfe", "ro\xc3")
	if err != nil {
		t.Fatal(err)
	}
	want, err := v.CheckPassword(ctx, "Abc123!x\uFFFD\uFFFD", "ro\uFFFD")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustJSON(t, got), mustJSON(t, want)) || got.Valid {
		t.Fatalf("not read as replacement characters:\n%s\n%s", mustJSON(t, got), mustJSON(t, want))
	}
	if _, err := cvmrules.New(ctx, cvmrules.Options{Profile: "api\xff3"}); err == nil {
		t.Fatal("a profile with a bad byte was accepted")
	}
	bad := "\xffAbc123!xyz"
	if _, err := v.Explain(ctx, cvmrules.ExplainOptions{Password: &bad, UserName: "\xfe"}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Check(ctx, []byte(seedRequest+"\xff\xfe"), []byte(`[{"InstanceId": "\xff"}]`)); err == nil {
		t.Fatal("facts that are not UTF-8 were accepted")
	} else {
		var opts *cvmrules.OptionsError
		if !errors.As(err, &opts) {
			t.Fatalf("%T %v", err, err)
		}
	}
	ref.still(t, "text that is not UTF-8")
}

func TestA100MBInputIsRefusedQuickly(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{})
	ref := newReference(t, v)
	huge := bytes.Repeat([]byte("a"), 100_000_000)
	result, err := v.Check(ctx, huge, nil)
	if err != nil || result.Valid || result.Diagnostics[0].Rule != "input.too_large" {
		t.Fatalf("Check: %v %+v", err, result)
	}
	password, err := v.CheckPassword(ctx, string(huge), string(huge))
	if err != nil || password.Valid || password.Diagnostics[0].Rule != "password.length" {
		t.Fatalf("CheckPassword: %v", err)
	}
	var bad *cvmrules.OptionsError
	if _, err := v.Check(ctx, []byte(seedRequest+"x"), huge); !errors.As(err, &bad) || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("facts: %v", err)
	}
	if _, err := cvmrules.New(ctx, cvmrules.Options{Policy: string(huge)}); !errors.As(err, &bad) || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("policy: %v", err)
	}
	text := string(huge)
	if _, err := v.Explain(ctx, cvmrules.ExplainOptions{Password: &text, UserName: text}); err != nil {
		t.Fatalf("Explain: %v", err)
	}
	ref.still(t, "100 MB inputs")
}

func TestDeepJSONIsRefused(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{})
	ref := newReference(t, v)
	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	var bad *cvmrules.OptionsError
	if _, err := v.Check(ctx, []byte(seedRequest+"x"), []byte(deep)); !errors.As(err, &bad) || !strings.Contains(err.Error(), "deeper than 128") {
		t.Fatalf("facts: %v", err)
	}
	if _, err := cvmrules.New(ctx, cvmrules.Options{Policy: deep}); !errors.As(err, &bad) {
		t.Fatalf("policy: %v", err)
	}
	deepObject := `{"extends": "api3", "all": ` + strings.Repeat(`{"a": `, 10_000) + "1" + strings.Repeat("}", 10_001)
	if _, err := cvmrules.New(ctx, cvmrules.Options{Policy: deepObject}); !errors.As(err, &bad) {
		t.Fatalf("policy: %v", err)
	}
	if result, err := v.Check(ctx, []byte(`{"InstanceIds": `+deep+`}`), nil); err != nil || result.Valid {
		t.Fatalf("a deep request: %v", err)
	}
	ref.still(t, "deep JSON")
}

// A random source of each broken kind.
type erroring struct{}

func (erroring) Read([]byte) (int, error) { return 0, errors.New("entropy pool unplugged") }

type empty struct{}

func (empty) Read([]byte) (int, error) { return 0, nil }

type allFF struct{}

func (allFF) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0xFF
	}
	return len(p), nil
}

type overlong struct{}

func (overlong) Read(p []byte) (int, error) { return len(p) + 1, nil }

type panicking struct{}

func (panicking) Read([]byte) (int, error) { panic("a broken source") }

// shortReads gives one byte a call, from a working source: slow, not broken.
type shortReads struct{ r io.Reader }

func (s shortReads) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return s.r.Read(p[:1])
}

// eofAfter gives n good bytes, then io.EOF.
type eofAfter struct{ n int }

func (e *eofAfter) Read(p []byte) (int, error) {
	if e.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), e.n)
	for i := range p[:n] {
		p[i] = byte(i * 7)
	}
	e.n -= n
	return n, nil
}

func TestABrokenRandomSourceIsAnErrorNeverAHang(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{Profile: "api3", OS: []string{"linux"}})
	ref := newReference(t, v)
	for name, source := range map[string]io.Reader{
		"an error": erroring{}, "no bytes ever": empty{}, "only 0xFF": allFF{},
		"a count past the buffer": overlong{}, "a panic": panicking{}, "EOF after 10 bytes": &eofAfter{n: 10},
	} {
		for range 3 {
			generated, err := v.Generate(ctx, cvmrules.GenerateOptions{Count: 2, Rand: source})
			if generated != nil || !errors.Is(err, cvmrules.ErrRandomSource) {
				t.Fatalf("%s: %v %v", name, generated, err)
			}
		}
		ref.still(t, "a random source giving "+name)
	}
	generated, err := v.Generate(ctx, cvmrules.GenerateOptions{Count: 5, Rand: shortReads{r: rand.Reader}})
	if err != nil || len(generated.Passwords) != 5 {
		t.Fatalf("short reads: %v", err)
	}
	for _, password := range generated.Passwords {
		if check, err := v.CheckPassword(ctx, password, ""); err != nil || !check.Valid {
			t.Fatalf("a generated password does not pass: %v", err)
		}
	}
}

func TestSixtyFourGoroutinesShareOneValidator(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{Profile: "api3"})
	inputs := [][]byte{
		[]byte(seedRequest + "abc123"),
		[]byte(`{"InstanceIds": ["ins-r8hr2upy", "ins-5d8a23rs"], "Password": "Abc123!xyzzy", "ForceStop": true}`),
		[]byte("Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&Password=%2Fetc"),
	}
	want := make([][]byte, len(inputs))
	for i, input := range inputs {
		result, err := v.Check(ctx, input, nil)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = mustJSON(t, result)
	}
	var wg sync.WaitGroup
	failures := make(chan string, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 50 {
				i := (g + round) % len(inputs)
				result, err := v.Check(ctx, inputs[i], nil)
				if err != nil {
					failures <- err.Error()
					return
				}
				got, _ := json.Marshal(result)
				if !bytes.Equal(got, want[i]) {
					failures <- string(got)
					return
				}
				if round%10 == 0 {
					if _, err := v.Generate(ctx, cvmrules.GenerateOptions{}); err != nil {
						failures <- err.Error()
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(failures)
	for failure := range failures {
		t.Fatalf("a goroutine got another answer: %s", failure)
	}
}

func TestCloseTwiceAndACallAfterClose(t *testing.T) {
	ctx := context.Background()
	v, err := cvmrules.New(ctx, cvmrules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	other := newValidator(t, cvmrules.Options{})
	ref := newReference(t, other)
	if err := v.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(ctx); err != nil {
		t.Fatalf("the second Close: %v", err)
	}
	if _, err := v.Check(ctx, []byte(seedRequest), nil); !errors.Is(err, cvmrules.ErrClosed) {
		t.Fatalf("Check after Close: %v", err)
	}
	if _, err := v.CheckPassword(ctx, "x", ""); !errors.Is(err, cvmrules.ErrClosed) {
		t.Fatalf("CheckPassword after Close: %v", err)
	}
	if _, err := v.Explain(ctx, cvmrules.ExplainOptions{}); !errors.Is(err, cvmrules.ErrClosed) {
		t.Fatalf("Explain after Close: %v", err)
	}
	if _, err := v.Generate(ctx, cvmrules.GenerateOptions{}); !errors.Is(err, cvmrules.ErrClosed) {
		t.Fatalf("Generate after Close: %v", err)
	}
	ref.still(t, "another validator's Close")
}

func TestACancelledContextStopsTheCallNotTheValidator(t *testing.T) {
	v := newValidator(t, cvmrules.Options{})
	ref := newReference(t, v)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := v.Check(ctx, []byte(seedRequest), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled context: %v", err)
	}
	if _, err := v.Generate(ctx, cvmrules.GenerateOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled context: %v", err)
	}
	ref.still(t, "a cancelled context")
}

func TestAValidatorNotMadeByNewIsAnErrorNotAPanic(t *testing.T) {
	ctx := context.Background()
	for _, v := range []*cvmrules.Validator{nil, new(cvmrules.Validator)} {
		if _, err := v.Check(ctx, []byte(seedRequest), nil); err == nil {
			t.Fatal("a Validator not made by New answered")
		}
		if _, err := v.CheckPassword(ctx, "x", ""); err == nil {
			t.Fatal("a Validator not made by New answered")
		}
		if err := v.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// Text over a limit is refused as too large wherever the limit falls,
// even inside a character.
func TestTextOverALimitIsTooLargeEvenCutInsideACharacter(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{})
	var bad *cvmrules.OptionsError
	for pad := range 4 {
		facts := `[{"InstanceId": "` + strings.Repeat("a", pad) + strings.Repeat("密", 400_000) + `"}]`
		if _, err := v.Check(ctx, []byte(seedRequest+"x"), []byte(facts)); !errors.As(err, &bad) || !strings.Contains(err.Error(), "larger than") {
			t.Fatalf("facts padded by %d: %v", pad, err)
		}
		policy := `{"extends": "api3", "all": {"denylist": ["` + strings.Repeat("a", pad) + strings.Repeat("密", 23_000_000) + `"]}}`
		if _, err := cvmrules.New(ctx, cvmrules.Options{Policy: policy}); !errors.As(err, &bad) || !strings.Contains(err.Error(), "larger than") {
			t.Fatalf("a policy padded by %d: %v", pad, err)
		}
	}
}

// keeper keeps the slices it is given and writes into them later, as no
// io.Reader may: the module's memory is out of its reach.
type keeper struct {
	mu   sync.Mutex
	kept [][]byte
}

func (k *keeper) Read(p []byte) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, old := range k.kept {
		for i := range old {
			old[i] = 0xA5
		}
	}
	k.kept = append(k.kept, p)
	return rand.Read(p)
}

func TestAReaderThatKeepsItsBufferCannotReachTheModule(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{Profile: "api3", OS: []string{"linux"}})
	ref := newReference(t, v)
	k := &keeper{}
	for range 50 {
		generated, err := v.Generate(ctx, cvmrules.GenerateOptions{Count: 20, Rand: k})
		if err != nil {
			t.Fatal(err)
		}
		for _, password := range generated.Passwords {
			if check, err := v.CheckPassword(ctx, password, ""); err != nil || !check.Valid {
				t.Fatalf("a generated password does not pass: %v", err)
			}
		}
		ref.still(t, "a reader that keeps its buffers")
	}
}

// slow gives good bytes, slowly.
type slow struct{}

func (slow) Read(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	return rand.Read(p)
}

func TestGenerateStopsDrawingWhenTheContextEnds(t *testing.T) {
	v := newValidator(t, cvmrules.Options{})
	ref := newReference(t, v)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	generated, err := v.Generate(ctx, cvmrules.GenerateOptions{Count: 10_000, Rand: slow{}})
	if generated != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v %v", generated, err)
	}
	ref.still(t, "a Generate past its deadline")
}

// Close while calls run: they finish or say the validator is closed; none
// fails otherwise.
func TestCloseWhileCallsRun(t *testing.T) {
	ctx := context.Background()
	v, err := cvmrules.New(ctx, cvmrules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	failures := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				_, err := v.CheckPassword(ctx, "abc123ABC!@#x", "")
				if errors.Is(err, cvmrules.ErrClosed) {
					return
				}
				if err != nil {
					failures <- err
					return
				}
			}
		}()
	}
	time.Sleep(5 * time.Millisecond)
	if err := v.Close(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		t.Fatalf("a call failed otherwise than closed: %v", err)
	}
}
