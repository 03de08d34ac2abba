using System.Globalization;
using Dgdmn.Experiments;
using Dgdmn.Tests.Experiments;
using Xunit.Abstractions;

namespace Dgdmn.Tests.Reliability;

/// <summary>
/// Crash trials: the digits experiment with exact replay (10 tasks, about 3 s) is killed with SIGKILL at seeded
/// moments (during startup, training, checkpoint writes and the final save), resumed with --resume, and must give
/// exactly the accuracy matrix of a straight run. DGDMN_CRASH_TRIALS sets the number of trials (default 20).
/// Run alone: <c>dotnet test --filter Category=CrashTrials</c>.
/// </summary>
[Trait("Category", "CrashTrials")]
public sealed class CrashTrialTests(ITestOutputHelper output)
{
    private const int Tasks = 10;

    [Fact]
    public void AKilledRunResumesToTheStraightRunsAccuracyMatrix()
    {
        int trials = int.TryParse(Environment.GetEnvironmentVariable("DGDMN_CRASH_TRIALS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20;
        string[] run = ["run", "digits", "--methods", "er", "--seed-list", "1"];
        var root = Fakes.TempFolder();
        var straight = Path.Combine(root, "straight");
        var (code, text) = CrashTrial.Run([.. run, "--out", straight]);
        Assert.True(code == 0, text);
        var expected = File.ReadAllBytes(Path.Combine(straight, "digits", "accuracy.csv"));
        var expectedMatrix = ResultsStore.LoadJson(Path.Combine(straight, "digits")).Matrices().Single().Value;

        int resumedMidRun = 0, killed = 0;
        foreach (var (moment, i) in KillMoment.Draw(trials, Tasks, seed: 15).Select((m, i) => (m, i)))
        {
            var folder = Path.Combine(root, $"trial{i}");
            var (first, firstText) = CrashTrial.Run([.. run, "--out", folder], moment);
            if (first is null) killed++;
            else Assert.True(first == 0, firstText);   // finished before the kill: still must be whole
            var (resumed, resumedText) = CrashTrial.Run([.. run, "--out", folder, "--resume"]);
            Assert.True(resumed == 0, $"trial {i} ({moment}): resume failed: {resumedText}");
            if (resumedText.Contains("resuming after task", StringComparison.Ordinal)) resumedMidRun++;
            Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, "digits", "accuracy.csv"))),
                $"trial {i} ({moment}): the resumed accuracy matrix differs from the straight run's. Resume output: {resumedText}");
            var matrix = ResultsStore.LoadJson(Path.Combine(folder, "digits")).Matrices().Single().Value;
            Assert.Equal(expectedMatrix.ToRows(), matrix.ToRows());
            output.WriteLine($"trial {i}: {moment} -> {(first is null ? "killed" : "finished first")}, " +
                (resumedText.Contains("resuming after task", StringComparison.Ordinal) ? "resumed from a checkpoint" : "resume started afresh or loaded the cache"));
        }
        output.WriteLine($"{trials} trials: {killed} killed, {resumedMidRun} resumed from a checkpoint");
        // The trials must really interrupt runs that had checkpoints, or they test nothing.
        Assert.True(killed >= trials / 2 && resumedMidRun >= trials / 3, $"{killed} of {trials} runs were killed and {resumedMidRun} resumed from a checkpoint");
    }
}
