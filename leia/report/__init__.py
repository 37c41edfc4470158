"""Statistics over seeds and the paper's tables, figures and README, regenerated from the eval runs."""
