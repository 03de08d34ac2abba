using Dgdmn.Memory;

namespace Dgdmn.Tests.Memory;

public sealed class ReplayAllocatorTests
{
    private static Dictionary<int, int> Tasks(int first, int count, int times = 1) =>
        Enumerable.Range(first, count).ToDictionary(t => t, _ => times);

    [Fact]
    public void WhenNMaxDoesNotBindAllNewDataIsKeptAndAgeSamplesAreReplayed()
    {
        // Digits (N_max = 60,000): 4 tasks consolidated (age 48,000), a sleep brings 12,000 more:
        // 12,000 + 48,000 = 60,000 ≤ 60,000, so N_new = 12,000 and N_gen = age = 48,000.
        var a = ReplayAllocator.Allocate(12_000, 48_000, Tasks(4, 2), Tasks(0, 4), kappa: 0.05, nMax: 60_000);
        Assert.Equal(new ReplayAllocation(12_000, 48_000, false, 1), a);

        // An untrained memory replays nothing.
        var first = ReplayAllocator.Allocate(500, 0, Tasks(0, 1), Tasks(0, 0), 0.05, 60_000);
        Assert.Equal((500L, 0L), (first.New, first.Generated));
    }

    [Fact]
    public void TDigitsConsolidationsWithFiveSttmsFollowTheRuleByHand()
    {
        // TDigits: N_max = 120,000, κ = 0.05, n_STM = 5, each sleep brings 5 tasks × 6,000 = 30,000 samples.
        // sleep 1: 30k +  0k age =  30k ≤ 120k → N_new 30k, N_gen  0k, age  30k, D has  5 tasks
        // sleep 2: 30k + 30k     =  60k ≤ 120k → N_new 30k, N_gen 30k, age  60k, D has 10
        // sleep 3: 30k + 60k     =  90k ≤ 120k → N_new 30k, N_gen 60k, age  90k, D has 15
        // sleep 4: 30k + 90k     = 120k ≤ 120k → exactly at the cap, not binding: N_new 30k, N_gen 90k, age 120k, D has 20
        // sleep 5: 30k + 120k    = 150k > 120k → binds: η = c_new/(c_new+c_old) = 5/(5+20) = 0.2 < κ·|newTasks| = 0.05·5 = 0.25,
        //          so η = 0.25 and N_new = min(30,000, ⌊0.25·120,000⌋ = 30,000) = 30,000, N_gen = 120,000 − 30,000 = 90,000
        // sleep 6: η = 5/(5+25) ≈ 0.167 < 0.25 → again N_new 30,000, N_gen 90,000 (n_STM = 0.25/κ keeps new tasks at 25 %)
        var expected = new (long New, long Gen, bool Binding)[]
        {
            (30_000, 0, false), (30_000, 30_000, false), (30_000, 60_000, false), (30_000, 90_000, false),
            (30_000, 90_000, true), (30_000, 90_000, true),
        };
        long age = 0;
        var dictionary = new Dictionary<int, int>();
        for (int sleep = 0; sleep < expected.Length; sleep++)
        {
            var incoming = Tasks(5 * sleep, 5);
            var a = ReplayAllocator.Allocate(30_000, age, incoming, dictionary, kappa: 0.05, nMax: 120_000);
            Assert.Equal(expected[sleep], (a.New, a.Generated, a.Binding));
            age = a.Total;
            foreach (var t in incoming.Keys) dictionary[t] = 1;
        }
        Assert.Equal(120_000, age);

        // Sleep 5 with κ = 0: η = 0.2 → N_new = 24,000, N_gen = 96,000 (κ is what protects the new tasks).
        var noKappa = ReplayAllocator.Allocate(30_000, 120_000, Tasks(20, 5), Tasks(0, 20), kappa: 0, nMax: 120_000);
        Assert.Equal((24_000L, 96_000L), (noKappa.New, noKappa.Generated));
        Assert.Equal(0.2, noKappa.Eta, 12);
    }

    [Fact]
    public void ARepeatedTasksCountRaisesItsShare()
    {
        // Memory holds tasks 0, 1, 2 once (age 900); 600 new samples of task 0 arrive under N_max = 1,000 (binding).
        // Seen once more:  η = 1/(1+3) = 0.25 → N_new = 250, N_gen = 750.
        // Counted twice (revisited twice in its STTM): η = 2/(2+3) = 0.4 → N_new = 400, N_gen = 600.
        var old = Tasks(0, 3);
        var once = ReplayAllocator.Allocate(600, 900, new Dictionary<int, int> { [0] = 1 }, old, kappa: 0, nMax: 1_000);
        var twice = ReplayAllocator.Allocate(600, 900, new Dictionary<int, int> { [0] = 2 }, old, kappa: 0, nMax: 1_000);
        Assert.Equal((250L, 750L), (once.New, once.Generated));
        Assert.Equal((400L, 600L), (twice.New, twice.Generated));
    }

    [Fact]
    public void NewSamplesAreCappedByTheirCountAndTheFloorIsExact()
    {
        // Few new samples: η·N_max = 0.5·1,000 = 500 > |X| = 100 → N_new = 100, the rest is replay.
        var few = ReplayAllocator.Allocate(100, 2_000, Tasks(9, 1), Tasks(0, 1), 0.05, 1_000);
        Assert.Equal((100L, 900L), (few.New, few.Generated));
        // η = 29/100: 0.29·100 is 28.999… in doubles, the exact floor is 29.
        var exact = ReplayAllocator.Allocate(1_000, 1_000, Tasks(0, 29), Tasks(100, 71), 0, 100);
        Assert.Equal(29, exact.New);
        // κ·|newTasks| above 1 is capped at the whole update.
        var all = ReplayAllocator.Allocate(5_000, 1_000, Tasks(0, 3), Tasks(10, 30), 0.5, 1_000);
        Assert.Equal((1_000L, 0L), (all.New, all.Generated));
    }

    [Fact]
    public void BadInputsAreRejectedByName()
    {
        var one = Tasks(0, 1);
        Assert.Contains("empty task", Assert.Throws<ArgumentException>(() => ReplayAllocator.Allocate(0, 0, one, one, 0.05, 10)).Message);
        Assert.Contains("κ", Assert.Throws<ArgumentOutOfRangeException>(() => ReplayAllocator.Allocate(1, 0, one, one, 1.5, 10)).Message);
        Assert.Contains("κ", Assert.Throws<ArgumentOutOfRangeException>(() => ReplayAllocator.Allocate(1, 0, one, one, double.NaN, 10)).Message);
        Assert.Contains("N_max", Assert.Throws<ArgumentOutOfRangeException>(() => ReplayAllocator.Allocate(1, 0, one, one, 0.05, 0)).Message);
        Assert.Contains("age", Assert.Throws<ArgumentOutOfRangeException>(() => ReplayAllocator.Allocate(1, -1, one, one, 0.05, 10)).Message);
        Assert.Contains("task id", Assert.Throws<ArgumentException>(() => ReplayAllocator.Allocate(1, 0, Tasks(0, 0), one, 0.05, 10)).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => ReplayAllocator.Allocate(1, 0, Tasks(0, 1, times: 0), one, 0.05, 10)).Message);
    }
}
