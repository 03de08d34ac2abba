namespace Dgdmn.Experiments;

/// <summary>
/// One run's result from runs that each did some of its units (method × seed), e.g. child processes on
/// separate cores (<c>run --jobs</c>) or two processes started by hand. Units are independent and every random
/// choice derives from (seed, method), so the combined result equals a serial run entry for entry.
/// </summary>
public static class RunParts
{
    /// <summary>The methods of <paramref name="result"/>: as recorded, or (older results of the standard loop) its accuracy labels in first-seen order.</summary>
    public static IReadOnlyList<string> MethodsOf(RunResult result) =>
        result.Methods.Count > 0 ? result.Methods : result.Accuracy.Select(a => a.Method).Distinct().ToList();

    /// <summary>The configuration hash the current code computes for the run that <paramref name="result"/> claims to be.</summary>
    public static string ExpectedHash(RunResult result, ExperimentDefinition definition, string device = "cpu")
    {
        var order = definition.Methods.ToList();
        definition = definition.WithBenchmarks(result.Benchmarks.Count > 0 ? result.Benchmarks : null);
        return ExperimentRunner.ConfigHash(definition, result.Scale, MethodsOf(result).OrderBy(order.IndexOf).ToList(), result.Seeds, device, result.Dataset);
    }

    /// <summary>
    /// Combines <paramref name="parts"/> of a standard-loop run of <paramref name="definition"/>. Each part must be
    /// an unmodified run of the current configuration (its hash is recomputed), the parts must not share a
    /// (method, seed) unit, and together they must cover every method × seed once. The result carries the
    /// hash of the whole run and the standard loop's order (benchmark, seed, method).
    /// </summary>
    /// <exception cref="InvalidDataException">A part of another experiment, scale, dataset or configuration; overlapping or missing units.</exception>
    public static RunResult Combine(ExperimentDefinition definition, IReadOnlyList<RunResult> parts, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (parts.Count == 0) throw new ArgumentException("Give at least one result to combine.", nameof(parts));
        var first = parts[0];
        if (parts.Any(p => !p.Benchmarks.SequenceEqual(first.Benchmarks)))
            throw new InvalidDataException($"Parts of '{definition.Name}' ran different benchmarks; run every part with the same --benchmarks.");
        var whole = definition.WithBenchmarks(first.Benchmarks.Count > 0 ? first.Benchmarks : null);
        var units = new HashSet<(string Method, long Seed)>();
        foreach (var part in parts)
        {
            if (part.Experiment != definition.Name)
                throw new InvalidDataException($"A result of '{part.Experiment}' cannot be part of '{definition.Name}'.");
            if (part.Scale != first.Scale || part.Dataset != first.Dataset)
                throw new InvalidDataException($"Parts of '{definition.Name}' differ in scale or dataset ({part.Scale}/{part.Dataset} vs {first.Scale}/{first.Dataset}); run every part with the same --scale and --dataset.");
            var expected = ExpectedHash(part, definition, device);
            if (part.ConfigHash != expected)
                throw new InvalidDataException($"A part of '{definition.Name}' (methods {string.Join(",", MethodsOf(part))}, seeds {string.Join(",", part.Seeds)}) was made by another configuration " +
                    $"(hash {part.ConfigHash[..12]}, the current code gives {expected[..12]}); rerun it with the current code.");
            foreach (var method in MethodsOf(part))
                foreach (var seed in part.Seeds)
                    if (!units.Add((method, seed)))
                        throw new InvalidDataException($"Parts of '{definition.Name}' overlap in {method} seed {seed}; each unit must come from one part.");
        }
        var order = definition.Methods.ToList();
        var methods = units.Select(u => u.Method).Distinct().OrderBy(order.IndexOf).ToList();
        var seeds = units.Select(u => u.Seed).Distinct().Order().ToList();
        var missing = methods.SelectMany(m => seeds.Where(s => !units.Contains((m, s))).Select(s => $"{m} seed {s}")).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"Parts of '{definition.Name}' do not cover every method × seed: {string.Join(", ", missing)} missing.");

        int Rank(string method) => order.IndexOf(method) is var i and >= 0 ? i : order.Count;
        var labels = whole.Benchmarks.Select(whole.LabelOf).ToList();
        int LabelRank(string label) => labels.IndexOf(label) is var i and >= 0 ? i : labels.Count;
        var combined = new RunResult
        {
            Experiment = definition.Name, Scale = first.Scale, Seeds = seeds, Methods = methods, Dataset = first.Dataset, Benchmarks = first.Benchmarks, Labels = whole.BenchmarkLabels(),
            ConfigHash = ExperimentRunner.ConfigHash(whole, first.Scale, methods, seeds, device, first.Dataset),
            CodeIdentity = parts.Select(p => p.CodeIdentity).Distinct().Count() == 1 ? first.CodeIdentity : "mixed",
            // The standard loop's order: benchmark, seed, method (table order), then the matrix row by row.
            Accuracy = parts.SelectMany(p => p.Accuracy).OrderBy(a => LabelRank(a.Experiment)).ThenBy(a => a.Seed).ThenBy(a => Rank(a.Method))
                .ThenBy(a => a.Label, StringComparer.Ordinal).ThenBy(a => a.AfterTask).ThenBy(a => a.Task).ToList(),
            Timings = parts.SelectMany(p => p.Timings).OrderBy(t => LabelRank(t.Experiment)).ThenBy(t => t.Seed).ThenBy(t => Rank(t.Method))
                .ThenBy(t => t.Label, StringComparer.Ordinal).ThenBy(t => t.Task).ToList(),
            Tables = parts.SelectMany(p => p.Tables).ToList(),
        };
        combined.Matrices();   // throws on a missing or duplicated entry
        return combined;
    }
}
