// Package vectors reads the repository's shared test vectors
// (tests/vectors/*.tsv, whose format tests/vectors.rs documents) for the Go
// package's tests.
package vectors

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Row is one row: the options its first three columns name, and its input.
type Row struct {
	// Where is the file and line, for messages.
	Where string
	// Profile, OS and Facts are the first three columns as written: the
	// profile (with "+rules:NAME" or "+policy:FILE"), the families ("-" or
	// "linux,windows") and the facts ("-" or DescribeInstances JSON).
	Profile, OS, Facts string
	// Input is the request, its \xNN escapes read as bytes.
	Input []byte
}

// Read reads every row of dir/*.tsv (dir is the repository's tests/vectors).
func Read(dir string) ([]Row, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no vector files in %s (%v)", dir, err)
	}
	var rows []Row
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		for i, line := range strings.Split(string(text), "\n") {
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) != 5 {
				return nil, fmt.Errorf("%s:%d: %d columns, not 5", file, i+1, len(cols))
			}
			rows = append(rows, Row{
				Where:   filepath.Base(file) + ":" + strconv.Itoa(i+1),
				Profile: cols[0], OS: cols[1], Facts: cols[2],
				Input: unescape(cols[3]),
			})
		}
	}
	return rows, nil
}

// unescape reads \xNN as a byte and \\ as a backslash.
func unescape(text string) []byte {
	var out []byte
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' && i+3 < len(text) && text[i+1] == 'x' {
			if b, err := strconv.ParseUint(text[i+2:i+4], 16, 8); err == nil {
				out = append(out, byte(b))
				i += 3
				continue
			}
		}
		if text[i] == '\\' && i+1 < len(text) && text[i+1] == '\\' {
			out = append(out, '\\')
			i++
			continue
		}
		out = append(out, text[i])
	}
	return out
}
