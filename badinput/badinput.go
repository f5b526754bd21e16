// Package badinput is the error yanchu returns for anything a person typed or sent
// that it cannot use: what was wrong, what would work, and a stable code that
// scripts and the web page read.
package badinput

import (
	"errors"
	"fmt"
)

// Error codes in use.
const (
	Empty          = "empty"
	UnknownWord    = "unknown_word"
	OutOfRange     = "out_of_range"
	Conflict       = "conflict"
	Infeasible     = "infeasible"
	TooLong        = "too_long"
	OverLimit      = "over_limit"
	MissingImage   = "missing_image"
	BadImage       = "bad_image"
	BadMesh        = "bad_mesh"
	MissingVideo   = "missing_video"
	BadVideo       = "bad_video"
	UnknownPrinter = "unknown_printer"
	BadRequest     = "bad_request"
	NotFound       = "not_found"
	Busy           = "busy"
)

// Error is a problem with the input. Its message says what was wrong and what
// would work; Suggestions lists alternatives a person may pick from.
type Error struct {
	Code        string   `json:"code"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions,omitempty"`
}

func (e *Error) Error() string { return e.Message }

// New returns an Error with the code and a formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// As returns the input error within err, or nil when err is not about the input.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
