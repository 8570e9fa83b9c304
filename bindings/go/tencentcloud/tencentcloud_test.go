package tencentcloud_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	cvmrules "github.com/cvm-rules/cvm-rules/bindings/go"
	"github.com/cvm-rules/cvm-rules/bindings/go/tencentcloud"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

const sentinel = "Zq9Sentinel!Pw"

func validator(t *testing.T, opts cvmrules.Options) *cvmrules.Validator {
	t.Helper()
	v, err := cvmrules.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = v.Close(context.Background()) })
	return v
}

// A request built as the SDK's documentation builds one.
func request(password string, ids ...string) *cvm.ResetInstancesPasswordRequest {
	r := cvm.NewResetInstancesPasswordRequest()
	r.InstanceIds = common.StringPtrs(ids)
	r.Password = common.StringPtr(password)
	return r
}

// The SDK's DescribeInstances answer, as its client decodes one.
func described(t *testing.T, json string) *cvm.DescribeInstancesResponse {
	t.Helper()
	response := cvm.NewDescribeInstancesResponse()
	if err := response.FromJsonString(json); err != nil {
		t.Fatal(err)
	}
	return response
}

func rules(result *cvmrules.CheckResult) []string {
	var out []string
	for _, d := range result.Diagnostics {
		out = append(out, d.Rule+"@"+d.Field+":"+d.Code)
	}
	return out
}

func TestAValidRequestPasses(t *testing.T) {
	v := validator(t, cvmrules.Options{Profile: "api3", OS: []string{"linux"}})
	r := request("Abc123!xyzQ9", "ins-r8hr2upy", "ins-5d8a23rs")
	r.ForceStop = common.BoolPtr(true)
	result, err := tencentcloud.Check(context.Background(), v, r, nil)
	if err != nil || !result.Valid || len(result.Diagnostics) != 0 {
		t.Fatalf("%v %v", err, rules(result))
	}
	if err := tencentcloud.Preflight(context.Background(), v, r, nil); err != nil {
		t.Fatal(err)
	}
}

func TestTheProblemsOfARequestAreAPI3s(t *testing.T) {
	v := validator(t, cvmrules.Options{Profile: "api3"})
	r := request("abc123", "ins-r8hr2upy", "i-bad")
	r.UserName = common.StringPtr(strings.Repeat("u", 65))
	result, err := tencentcloud.Check(context.Background(), v, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"instance_id.format@InstanceIds.1:InvalidInstanceId.Malformed",
		"password.length@Password:InvalidParameterValue.InvalidPassword",
		"password.classes@Password:InvalidParameterValue.InvalidPassword",
		"username.length@UserName:InvalidParameterValue.TooLong",
	}
	if got := rules(result); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func TestTheFactsComeFromTheSDKsDescribeInstancesAnswer(t *testing.T) {
	v := validator(t, cvmrules.Options{Profile: "api3"})
	facts := described(t, `{"Response": {"TotalCount": 2, "InstanceSet": [
		{"InstanceId": "ins-r8hr2upy", "OsName": "Windows Server 2019 数据中心版 64位中文版", "InstanceState": "RUNNING"},
		{"InstanceId": "ins-5d8a23rs", "OsName": "CentOS 7.9 64位", "InstanceState": "STOPPED"}],
		"RequestId": "6e5b3a7c-0000-4000-8000-000000000000"}}`)
	r := request("Abc123!xyz", "ins-r8hr2upy", "ins-5d8a23rs")
	result, err := tencentcloud.Check(context.Background(), v, r, facts)
	if err != nil {
		t.Fatal(err)
	}
	// Windows (from the facts): 12 characters at least; running: ForceStop.
	want := []string{
		"instance.running_without_force_stop@InstanceIds.0:UnsupportedOperation.InstanceStateRunning",
		"password.length@Password:InvalidParameterValue.InvalidPassword",
	}
	if got := rules(result); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	if result.Accounts[0].UserName != "Administrator" || result.Accounts[1].UserName != "root" {
		t.Fatalf("accounts: %+v", result.Accounts)
	}
	// An empty answer (no Response) is no facts.
	if _, err := tencentcloud.Check(context.Background(), v, r, cvm.NewDescribeInstancesResponse()); err != nil {
		t.Fatal(err)
	}
}

func TestPreflightSaysTheFirstErrorAndNeverThePassword(t *testing.T) {
	v := validator(t, cvmrules.Options{Profile: "api3", Lang: "zh-CN", OS: []string{"windows"}})
	r := request(sentinel+"administrator", "ins-r8hr2upy")
	r.UserName = common.StringPtr("administrator")
	err := tencentcloud.Preflight(context.Background(), v, r, nil)
	var refused *tencentcloud.RequestError
	if !errors.As(err, &refused) {
		t.Fatalf("%T %v", err, err)
	}
	if !strings.Contains(err.Error(), "InvalidParameterValue.InvalidPassword") || strings.Contains(err.Error(), sentinel) {
		t.Fatalf("the error: %v", err)
	}
	for _, d := range refused.Result.Diagnostics {
		if strings.Contains(d.Message, sentinel) || strings.Contains(fmt.Sprint(d.Params), sentinel) {
			t.Fatalf("a diagnostic holds the password: %+v", d)
		}
	}
}

func TestALegacyValidatorIsRefused(t *testing.T) {
	v := validator(t, cvmrules.Options{Profile: "legacy-2017"})
	if _, err := tencentcloud.Check(context.Background(), v, request("Abc123!xyz", "ins-r8hr2upy"), nil); !errors.Is(err, tencentcloud.ErrNotAPI3) {
		t.Fatalf("%v", err)
	}
	if _, err := tencentcloud.Check(context.Background(), v, nil, nil); err == nil {
		t.Fatal("a nil request was checked")
	}
}

// A request the SDK reads back from JSON (FromJsonString) is checked the same.
func TestARequestReadByTheSDKIsCheckedAlike(t *testing.T) {
	v := validator(t, cvmrules.Options{Profile: "api3", OS: []string{"linux"}})
	r := cvm.NewResetInstancesPasswordRequest()
	if err := r.FromJsonString(`{"InstanceIds": ["ins-r8hr2upy"], "Password": "/Abc123!xyzQ9", "ForceStop": false}`); err != nil {
		t.Fatal(err)
	}
	result, err := tencentcloud.Check(context.Background(), v, r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := rules(result); fmt.Sprint(got) != "[password.leading_slash@Password:InvalidParameterValue.InvalidPassword]" {
		t.Fatalf("%v", got)
	}
}
