package cvmrules

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/tetratelabs/wazero/api"
)

// ErrRandomSource is matched (errors.Is) by the error of a Generate whose
// random source failed: it returned an error, panicked, returned no bytes
// again and again, or gave only bytes a uniform draw must reject (such as
// 0xFF and nothing else). Generate never hangs on a broken source.
var ErrRandomSource = errors.New("cvmrules: the random source failed")

// randomError is a Generate's error when its random source failed: the
// library's words, and the source's own error when it gave one.
type randomError struct {
	message string
	source  error
}

func (e *randomError) Error() string {
	if e.source != nil {
		return "cvmrules: cannot generate a password: the random source failed: " + e.source.Error()
	}
	return "cvmrules: " + e.message
}

func (e *randomError) Is(target error) bool { return target == ErrRandomSource }

func (e *randomError) Unwrap() error { return e.source }

// maxEmptyReads is how many reads in a row may return no bytes and no error
// before the source counts as broken (io.ReadFull would loop forever).
const maxEmptyReads = 100

// randomCall is the random source of one Generate, reached by the host
// function through the call's context.
type randomCall struct {
	reader io.Reader
	err    error
}

type randomKey struct{}

// hostRandom is the module's import cvm_rules_host.random(ptr, len) -> status:
// it fills len bytes of memory at ptr from the call's reader (0: done, 1:
// failed, the reason kept for Generate's error). The reader fills a buffer of
// Go's own, copied in after: a reader that keeps the slice it was given (as
// io.Reader forbids, but a bug may) never reaches the module's memory.
func hostRandom(ctx context.Context, module api.Module, stack []uint64) {
	ptr, n := api.DecodeU32(stack[0]), api.DecodeU32(stack[1])
	stack[0] = 1
	call, _ := ctx.Value(randomKey{}).(*randomCall)
	if call == nil || call.err != nil {
		return
	}
	if err := ctx.Err(); err != nil {
		call.err = err
		return
	}
	if n > maxRandomBytes {
		call.err = errors.New("the module asked for more random bytes than it ever does")
		return
	}
	buf := make([]byte, n)
	if err := fill(call.reader, buf); err != nil {
		call.err = err
		return
	}
	if !module.Memory().Write(ptr, buf) {
		call.err = errors.New("the module asked for bytes outside its memory")
		return
	}
	stack[0] = 0
}

// maxRandomBytes is the most the module asks for at a time (256).
const maxRandomBytes = 4096

// fill reads len(buf) bytes from r, and fails rather than loops: on an error,
// a panic, a count out of range, or maxEmptyReads empty reads in a row.
func fill(r io.Reader, buf []byte) (err error) {
	defer func() {
		if recover() != nil {
			err = errors.New("its Read panicked")
		}
	}()
	for empty := 0; len(buf) > 0; {
		n, err := r.Read(buf)
		if n < 0 || n > len(buf) {
			return fmt.Errorf("its Read returned %d for a buffer of %d bytes", n, len(buf))
		}
		buf = buf[n:]
		if len(buf) == 0 {
			return nil
		}
		if err != nil {
			return err
		}
		if n == 0 {
			if empty++; empty == maxEmptyReads {
				return fmt.Errorf("its Read returned no bytes %d times in a row", maxEmptyReads)
			}
		} else {
			empty = 0
		}
	}
	return nil
}
