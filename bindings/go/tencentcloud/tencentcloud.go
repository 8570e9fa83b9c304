// Package tencentcloud checks a Tencent Cloud Go SDK request,
// cvm/v20170312.ResetInstancesPasswordRequest, before it is sent: the rules
// of cvmrules, applied to the JSON body the SDK would send, with the
// instances' facts from the SDK's own DescribeInstances answer.
//
// It is a module of its own, so that cvmrules itself requires wazero alone.
// The SDK calls API 3.0: make the validator with Profile "api3".
//
//	v, err := cvmrules.New(ctx, cvmrules.Options{Profile: "api3", Lang: "zh-CN"})
//	...
//	request := cvm.NewResetInstancesPasswordRequest()
//	request.InstanceIds = common.StringPtrs(ids)
//	request.Password = common.StringPtr(password)
//	if err := tencentcloud.Preflight(ctx, v, request, described); err != nil {
//		return err // the first problem, as the server would answer it; never the password
//	}
//	_, err = client.ResetInstancesPassword(request)
package tencentcloud

import (
	"context"
	"errors"
	"fmt"

	cvmrules "github.com/cvm-rules/cvm-rules/bindings/go"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// ErrNotAPI3 is the error of a check with a validator whose profile is not
// "api3": the SDK's requests are API 3.0's, whose codes and rules differ from
// the legacy API's.
var ErrNotAPI3 = errors.New(`cvmrules/tencentcloud: the validator's profile is not "api3": the SDK sends API 3.0 requests (make it with Options{Profile: "api3"})`)

// Check checks request as API 3.0 would, before it is sent. described is the
// SDK's DescribeInstances answer for the request's instances (or nil): it
// gives each instance's OS, state and whether it is there. The result is the
// one cvmrules.Validator.Check gives for the request's JSON body.
func Check(ctx context.Context, v *cvmrules.Validator, request *cvm.ResetInstancesPasswordRequest, described *cvm.DescribeInstancesResponse) (*cvmrules.CheckResult, error) {
	if request == nil {
		return nil, errors.New("cvmrules/tencentcloud: the request is nil")
	}
	var facts []byte
	if described != nil && described.Response != nil {
		facts = []byte(described.ToJsonString())
	}
	result, err := v.Check(ctx, []byte(request.ToJsonString()), facts)
	if err != nil {
		return nil, err
	}
	if result.Profile != "api3" {
		return nil, ErrNotAPI3
	}
	return result, nil
}

// RequestError is the error of Preflight for a request the server would
// refuse: the first error, with its Tencent code, as the server would answer
// it. Result holds every diagnostic. No part of it holds the password.
type RequestError struct {
	Result *cvmrules.CheckResult
}

func (e *RequestError) Error() string {
	for _, d := range e.Result.Diagnostics {
		if d.Severity == "error" {
			return fmt.Sprintf("cvmrules/tencentcloud: %s: %s (%s)", d.Code, d.Message, d.Rule)
		}
	}
	return "cvmrules/tencentcloud: the request is invalid"
}

// Preflight is Check as an error: nil when the request is valid (warnings
// allowed), a *RequestError when the server would refuse it, or Check's
// error.
func Preflight(ctx context.Context, v *cvmrules.Validator, request *cvm.ResetInstancesPasswordRequest, described *cvm.DescribeInstancesResponse) error {
	result, err := Check(ctx, v, request, described)
	if err != nil {
		return err
	}
	if !result.Valid {
		return &RequestError{Result: result}
	}
	return nil
}
