"""Running the pipeline's run matrix on an existing cluster scheduler (SLURM)."""
