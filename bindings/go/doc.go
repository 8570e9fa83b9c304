// Package cvmrules validates Tencent Cloud CVM ResetInstancesPassword requests
// before they are sent, and explains every problem precisely: the Tencent error
// code the server would answer, the field, a stable rule id, typed parameters
// and a message in English or Simplified Chinese. A password never appears in
// any result or error.
//
// It is the cvm-rules library, built to WebAssembly and run by wazero (pure Go):
// no cgo, so it builds with CGO_ENABLED=0 for every platform Go supports. Its
// answers are the objects the cvm-rules command line prints with --format json,
// as typed structs whose json.Marshal gives those objects back.
//
// A Validator reads and compiles its options once and is safe for concurrent
// use:
//
//	v, err := cvmrules.New(ctx, cvmrules.Options{Profile: "api3", OS: []string{"linux"}})
//	if err != nil { ... } // a bad option is an *OptionsError
//	defer v.Close(ctx)
//	result, err := v.CheckPassword(ctx, password, "")
//	if err != nil { ... }
//	for _, d := range result.Diagnostics {
//		fmt.Println(d.Code, d.Rule, d.Message) // never the password
//	}
//
// # Costs
//
// The first New of a process compiles the module (0.3 s on a small machine);
// every later New instantiates it (about a millisecond, and a few megabytes of
// memory per instance). A call costs a few microseconds: see the package
// README for the measured figures.
//
// # Input safety
//
// Input is read up to the library's limits (1 MiB of request, password or
// facts, 64 MiB of options): longer input is refused as too large, quickly.
// Text that is not valid UTF-8 is read with U+FFFD for each bad byte. No input
// panics; a call that fails inside the module (a library bug) is an
// *InternalError, and its instance is replaced. A random source that fails is
// an error matching ErrRandomSource, never a hang.
package cvmrules
