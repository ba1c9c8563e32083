package common

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestErrorWords(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{context.Canceled, "Scoring: cancelled"},
		{fmt.Errorf("tune: %w", context.Canceled), "Scoring: tune: cancelled"},
		{errors.New("line 4: points: want a number"), "Scoring: line 4: points: want a number"},
	} {
		if got := (Error{Screen: "Scoring", Err: c.err}).Error(); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
	if ReportError("Scoring", nil) != nil {
		t.Error("no error, yet a report")
	}
}
