"""Benchmark: synthetic corpora and the runner behind `make bench`."""
