package queries

import (
	"context"
	"fmt"

	"github.com/leadlab/leadlab/queries/internal/sqltext"
)

// FloorActions is the floor of the actions report: counting each lead's
// events by name, with nothing joined or filtered.
func FloorActions(ctx context.Context, ws *Workspace) error {
	if _, err := ws.exec(ctx, SQL("floor-actions")); err != nil {
		return fmt.Errorf("floor actions: %s", sqltext.CleanErr(err))
	}
	return nil
}
