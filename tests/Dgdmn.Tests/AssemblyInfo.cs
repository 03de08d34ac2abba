// libtorch's default generator is process-wide: Seeds.SeedTorch (weight init) and the trainer's per-call seeding
// of dropout/VAE noise are only reproducible when no other test draws from it at the same time. xunit runs test
// classes in parallel by default, which made same-seed tests flaky; run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
