// Package stats holds the statistics behind leadlab's action-to-close
// correlation table (docs/statistics.md): intervals for close rates and their
// differences, exact and asymptotic tests of 2×2 tables, the
// Benjamini–Hochberg adjustment, association measures, the minimum lift a
// dataset can detect, an L2-regularised logistic regression and the AUC.
//
// Every function is total: on edge cases (no leads, no wins, a factor that
// everyone or no one has) it returns a documented, finite value instead of
// NaN, ±Inf or a panic, because its results flow straight into a table that
// people read and sort. Counts are int64 so that a million leads never
// overflow, and the code works on logarithms or exact integer arithmetic
// wherever products of counts could lose precision.
package stats
