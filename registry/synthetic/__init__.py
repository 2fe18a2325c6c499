"""A synthetic register of any size for benchmarks: realistic designations, reproducible."""
