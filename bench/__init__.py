"""Benchmarks: each prints its own figures against a baseline measured in the same run."""
