package cvmrules

import (
	"errors"
	"fmt"
)

// OptionsError is a bad value given to New or to a call: an unknown profile,
// a policy that cannot be used, facts that are not DescribeInstances JSON, a
// length outside the policy's bounds. Its message is the library's, the same
// words every surface uses; it names the option, never the value given.
//
// Find it with errors.As:
//
//	var bad *cvmrules.OptionsError
//	if errors.As(err, &bad) { ... }
type OptionsError struct {
	message string
}

func (e *OptionsError) Error() string {
	return "cvmrules: " + e.message
}

// ErrClosed is the error of a call on a Validator after its Close.
var ErrClosed = errors.New("cvmrules: the validator is closed")

// InternalError is a call that could not finish inside the WebAssembly module
// (a trap: a bug of the library, or memory past the module's limit). The
// instance that failed is dropped and the next call gets a new one.
type InternalError struct {
	err error
}

func (e *InternalError) Error() string {
	return fmt.Sprintf("cvmrules: internal error (the instance was replaced): %v", e.err)
}

// Unwrap gives wazero's error.
func (e *InternalError) Unwrap() error {
	return e.err
}

// answerError is the error of an answer whose status is not OK.
func answerError(status byte, message []byte) error {
	switch status {
	case statusBadValue, statusBadArgument:
		return &OptionsError{message: string(message)}
	case statusRandom:
		return &randomError{message: string(message)}
	default:
		return &InternalError{err: fmt.Errorf("an answer of unknown status %d", status)}
	}
}
