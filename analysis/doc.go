// Package analysis is leadlab's domain in plain Go: the data report,
// outcome summaries and, in later work, correlation statistics, the
// scoring model, the cutoff sweep, tuning and funnel KPIs. It reads the
// workspace through package queries and knows nothing of terminals.
package analysis
