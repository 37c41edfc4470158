"""Evaluation: the paper's six benchmarks as lm-eval 0.4 tasks, their data, and the evaluate stage."""
