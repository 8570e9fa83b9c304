package cvmrules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	cvmrules "github.com/cvm-rules/cvm-rules/bindings/go"
)

// A password alone, as a form checks it on every keystroke.
func ExampleValidator_CheckPassword() {
	ctx := context.Background()
	v, err := cvmrules.New(ctx, cvmrules.Options{Profile: "api3", OS: []string{"linux"}})
	if err != nil {
		panic(err)
	}
	defer v.Close(ctx)

	result, err := v.CheckPassword(ctx, "abc 123", "")
	if err != nil {
		panic(err)
	}
	fmt.Println(result.Valid)
	for _, d := range result.Diagnostics {
		// A warning (advice: the password stays valid) has no Tencent code.
		if d.Code == "" {
			fmt.Println(d.Severity, d.Rule)
			continue
		}
		fmt.Println(d.Severity, d.Rule, d.Code)
	}
	fmt.Println(result.Diagnostics[0].Message)
	// Output:
	// false
	// error password.length InvalidParameterValue.InvalidPassword
	// error password.classes InvalidParameterValue.InvalidPassword
	// error password.charset InvalidParameterValue.InvalidPassword
	// warning password.recommended_length
	// Password must be 8 to 30 characters long, and it has 7.
}

// A whole request, in the query form of the legacy API, with the instances'
// facts from DescribeInstances.
func ExampleValidator_Check() {
	ctx := context.Background()
	v, err := cvmrules.New(ctx, cvmrules.Options{Lang: "zh-CN"})
	if err != nil {
		panic(err)
	}
	defer v.Close(ctx)

	facts := []byte(`{"Response": {"TotalCount": 1, "InstanceSet": [
		{"InstanceId": "ins-r8hr2upy", "OsName": "Windows Server 2019", "InstanceState": "RUNNING"}]}}`)
	request := []byte("Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123ABC!@%23")
	result, err := v.Check(ctx, request, facts)
	if err != nil {
		panic(err)
	}
	fmt.Println(result.Valid, result.Policy.Families)
	fmt.Println(result.Diagnostics[0].Field, result.Diagnostics[0].Code)
	fmt.Println(result.Accounts[0].UserName)
	// Output:
	// false [windows]
	// InstanceIds.1 InvalidInstance.NotSupported
	// Administrator
}

// The requirements checklist, each line marked for a password.
func ExampleValidator_Explain() {
	ctx := context.Background()
	v, err := cvmrules.New(ctx, cvmrules.Options{OS: []string{"windows"}})
	if err != nil {
		panic(err)
	}
	defer v.Close(ctx)

	password := "abc12345"
	explanation, err := v.Explain(ctx, cvmrules.ExplainOptions{Password: &password})
	if err != nil {
		panic(err)
	}
	for _, r := range explanation.Requirements {
		fmt.Println(*r.Met, r.Message)
	}
	// Output:
	// false 12 to 16 characters
	// false At least 3 of these 4 classes: lowercase letters (a–z), uppercase letters (A–Z), digits (0–9), special characters (one of ( ) ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? /)
	// true Does not start with /
	// true Only letters a–z and A–Z, digits 0–9 and the special characters ( ) ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? /
}

// Passwords that pass, drawn from crypto/rand (or the GenerateOptions.Rand
// given).
func ExampleValidator_Generate() {
	ctx := context.Background()
	v, err := cvmrules.New(ctx, cvmrules.Options{Profile: "api3", OS: []string{"linux", "windows"}})
	if err != nil {
		panic(err)
	}
	defer v.Close(ctx)

	generated, err := v.Generate(ctx, cvmrules.GenerateOptions{Count: 2, Length: 20})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(generated.Passwords), len(generated.Passwords[0]))
	fmt.Println(generated) // printing it shows no password
	check, err := v.CheckPassword(ctx, generated.Passwords[0], "")
	if err != nil {
		panic(err)
	}
	fmt.Println(check.Valid)
	// Output:
	// 2 20
	// {Passwords:[2 redacted] Length:20 EntropyBits:130.45531586320106}
	// true
}

// A bad option is an *OptionsError with the library's message, never the
// value given.
func ExampleOptionsError() {
	_, err := cvmrules.New(context.Background(), cvmrules.Options{Profile: "api4"})
	var bad *cvmrules.OptionsError
	fmt.Println(errors.As(err, &bad))
	fmt.Println(err)
	// Output:
	// true
	// cvmrules: unknown profile (expected legacy-2017 or api3)
}

// Results marshal back to the JSON the command line prints.
func ExampleCheckResult() {
	ctx := context.Background()
	v, err := cvmrules.New(ctx, cvmrules.Options{Profile: "api3"})
	if err != nil {
		panic(err)
	}
	defer v.Close(ctx)

	result, err := v.Check(ctx, []byte(`{"InstanceIds": ["ins-r8hr2upy"], "Password": "abc123"}`), nil)
	if err != nil {
		panic(err)
	}
	text, err := json.Marshal(result.Diagnostics[0])
	if err != nil {
		panic(err)
	}
	fmt.Println(string(text))
	// Output:
	// {"severity":"error","code":"InvalidParameterValue.InvalidPassword","field":"Password","rule":"password.length","params":{"actual":6,"max":30,"min":12},"message":"Password must be 12 to 30 characters long, and it has 6."}
}
