using Dgdmn.Data;
using Dgdmn.Experiments;
using Dgdmn.Methods;
using static TorchSharp.torch;
using Dgdmn.Models;

namespace Dgdmn.Tests.Experiments;

public sealed class StreamEvaluatorTests
{
    // Always scores [0.1, 0.5, 0.95, 0.9]: full-head argmax 2, within task 0 {0,1} argmax 1, within task 1 {2,3} argmax 2.
    private sealed class ConstantScores : IContinualMethod
    {
        public string Name => "constant";
        public List<int?> TaskIds { get; } = [];
        public TaskReport Learn(ContinualTask task, IProgress<TrainingProgress>? progress = null) => throw new NotSupportedException();
        public Tensor Scores(Tensor x, int? taskId = null)
        {
            TaskIds.Add(taskId);
            return tensor(new[] { 0.1f, 0.5f, 0.95f, 0.9f }).expand(x.shape[0], 4).clone();
        }
        public void Save(BinaryWriter writer) { }
        public void Load(BinaryReader reader) { }
        public void Dispose() { }
    }

    // Split-style stream: task 0 = classes {0, 1} with test labels [0, 0, 0, 1]; task 1 = {2, 3} with [2, 3, 3, 3].
    private static TaskStream SplitStream()
    {
        ContinualTask Task(int id, long[] train, long[] test) =>
            new(id, $"pair {id}", zeros(train.Length, 784), tensor(train), zeros(test.Length, 784), tensor(test));
        return new TaskStream("split", 4, [Task(0, [0, 1], [0, 0, 0, 1]), Task(1, [2, 3], [2, 3, 3, 3])]);
    }

    [Theory]
    [InlineData(Scenario.ClassIncremental, 0.0, 0.25)]   // argmax 2 everywhere
    [InlineData(Scenario.TaskIncremental, 0.25, 0.25)]   // argmax 1 in task 0, 2 in task 1
    [InlineData(Scenario.DomainIncremental, 0.75, 0.25)] // 2 mod 2 = 0 matches labels 0 and 2
    public void ScenarioDecidesHowScoresAreRead(Scenario scenario, double task0, double task1)
    {
        using var stream = SplitStream();
        using var evaluator = new StreamEvaluator(stream, new Benchmark("split", scenario), batchSize: 3);
        var row = evaluator.Evaluate(new ConstantScores());
        Assert.Equal(task0, row[0], 12);
        Assert.Equal(task1, row[1], 12);
        Assert.Equal(2, evaluator.ClassesPerTask);
    }

    [Fact]
    public void TaskIdIsGivenUnlessTheBenchmarkWithholdsIt()
    {
        using var stream = SplitStream();
        var method = new ConstantScores();
        using (var withIds = new StreamEvaluator(stream, new Benchmark("split")))
            withIds.Evaluate(method);
        Assert.Equal([0, 1], method.TaskIds);
        method.TaskIds.Clear();
        using (var withoutIds = new StreamEvaluator(stream, new Benchmark("split", TaskIdAtTest: false)))
            withoutIds.Evaluate(method);
        Assert.All(method.TaskIds, id => Assert.Null(id));
    }

    [Fact]
    public void EvaluationLeavesNoTensorsBehind()
    {
        using var stream = SplitStream();
        using var evaluator = new StreamEvaluator(stream, new Benchmark("split", Scenario.TaskIncremental), batchSize: 3);
        var method = new ConstantScores();
        evaluator.Evaluate(method);
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        evaluator.Evaluate(method);
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
