"""Language-adaptation tuning: base model, LEIA augmentation on the fly, packing, Trainer + DeepSpeed."""
