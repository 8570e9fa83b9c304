package cvmrules_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	cvmrules "github.com/cvm-rules/cvm-rules/bindings/go"
)

// Every row of tests/vectors gives, through Check, the object the command line
// prints for it.
func TestCheckAgreesWithTheCommandLineOnEveryVector(t *testing.T) {
	ctx := context.Background()
	validators := map[string]*cvmrules.Validator{}
	rows := vectorRows(t)
	for _, row := range rows {
		opts, flags := row.options(t)
		key := row.profile + "\t" + row.os
		v, ok := validators[key]
		if !ok {
			v = newValidator(t, opts)
			validators[key] = v
		}
		var facts []byte
		args := append([]string{"check", "--format", "json"}, flags...)
		if row.facts != "-" {
			facts = []byte(row.facts)
			path := filepath.Join(t.TempDir(), "facts.json")
			if err := os.WriteFile(path, facts, 0o600); err != nil {
				t.Fatal(err)
			}
			args = append(args, "--facts", path)
		}
		want := runCLI(t, row.input, append(args, "-")...)
		got, err := v.Check(ctx, row.input, facts)
		if err != nil {
			t.Fatalf("%s: Check: %v", row.where, err)
		}
		sameJSON(t, got, want, row.where)
	}
	if len(rows) < 250 {
		t.Fatalf("only %d vector rows were compared", len(rows))
	}
}

// CheckPassword answers what Check answers on the password of a request, and
// Explain and Generate what the command line's explain and generate print.
func TestThePasswordCallsAgreeWithTheCommandLine(t *testing.T) {
	ctx := context.Background()
	// "aB3!xyzw9Q": valid on Linux under api3, with the recommended length's warning.
	passwords := []string{"abc123", "abc123ABC!@#", "Summer2024!Summer", "aaa111BBB!!!", "/abc12345XYZ", "pässwörd 1A", "Linux@Admin123", "aB3!xyzw9Q"}
	for _, row := range []string{"legacy-2017", "api3", "api3+rules:login-settings", "api3+policy:strict-api3.json", "legacy-2017+policy:class-repeat-legacy.json"} {
		for _, os := range []string{"-", "linux", "windows", "linux,windows"} {
			opts, flags := vectorRow{profile: row, os: os}.options(t)
			for _, lang := range []string{"en", "zh-CN"} {
				opts.Lang = lang
				flags := append(flags, "--lang", lang)
				v := newValidator(t, opts)
				where := row + " " + os + " " + lang
				for _, password := range passwords {
					got, err := v.CheckPassword(ctx, password, "")
					if err != nil {
						t.Fatal(err)
					}
					request, err := v.Check(ctx, []byte(`{"InstanceIds": ["ins-r8hr2upy"], "Password": `+quote(password)+`}`), nil)
					if err != nil {
						t.Fatal(err)
					}
					var onPassword []cvmrules.Diagnostic
					for _, d := range request.Diagnostics {
						if d.Field == "Password" {
							onPassword = append(onPassword, d)
						}
					}
					want := cvmrules.PasswordResult{Valid: len(onPassword) == 0 || allWarnings(onPassword), Profile: request.Profile, Policy: request.Policy, Diagnostics: onPassword}
					if want.Diagnostics == nil {
						want.Diagnostics = []cvmrules.Diagnostic{}
					}
					sameJSON(t, got, mustJSON(t, want), where+" CheckPassword")

					explained, err := v.Explain(ctx, cvmrules.ExplainOptions{Password: &password, Length: 20})
					if err != nil {
						t.Fatal(err)
					}
					args := append([]string{"explain", "--format", "json", "--length", "20", "--password-stdin"}, flags...)
					cliExplained := jsonValue(t, runCLI(t, []byte(password+"\n"), args...)).(map[string]any)
					cliExplained["rules"] = explained.Rules // the command line names the rules after the policy file
					sameJSON(t, explained, mustJSON(t, cliExplained), where+" Explain")
				}
				generated, err := v.Generate(ctx, cvmrules.GenerateOptions{Count: 3})
				if err != nil {
					t.Fatal(err)
				}
				cliGenerated := jsonValue(t, runCLI(t, nil, append([]string{"generate", "--format", "json", "--count", "3"}, flags...)...)).(map[string]any)
				cliGenerated["passwords"] = generated.Passwords
				sameJSON(t, generated, mustJSON(t, cliGenerated), where+" Generate")
			}
		}
	}
}

func allWarnings(diagnostics []cvmrules.Diagnostic) bool {
	for _, d := range diagnostics {
		if d.Severity == "error" {
			return false
		}
	}
	return true
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// An answer with more diagnostics than the module keeps by id comes whole;
// it, and the compact answers after it, are still the command line's.
func TestAnAnswerOfManyDiagnosticsIsTheCommandLines(t *testing.T) {
	ctx := context.Background()
	v := newValidator(t, cvmrules.Options{Profile: "api3", OS: []string{"linux"}})
	var many strings.Builder
	many.WriteString("Action=ResetInstancesPassword&Version=2017-03-12&Password=abc")
	for i := range 90 {
		many.WriteString("&InstanceIds." + strconv.Itoa(i+1) + "=bad-" + strconv.Itoa(i))
	}
	for _, input := range []string{many.String(), seedRequest + "abc123", many.String() + "&UserName=x", seedRequest + "Abc123!xyz"} {
		got, err := v.Check(ctx, []byte(input), nil)
		if err != nil {
			t.Fatal(err)
		}
		want := runCLI(t, []byte(input), "check", "--format", "json", "--profile", "api3", "--os", "linux", "-")
		sameJSON(t, got, want, input[:40])
	}
}
