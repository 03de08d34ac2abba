using System.Text.Json;

namespace Dgdmn.Tests.Notebooks;

/// <summary>The kit's runner on a kit-free notebook: a failing cell fails the run, later cells still run.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class NotebookRunnerTests
{
    [Fact]
    public void FailingCellIsReportedAndLaterCellsStillRun()
    {
        var work = RepoPaths.NewWorkDir("runner");
        var notebook = Path.Combine(work, "failing.ipynb");
        File.WriteAllText(notebook, JsonSerializer.Serialize(new
        {
            cells = new object[]
            {
                Cell("markdown", "# title"),
                Cell("code", "var x = 40 + 2;\nx"),
                Cell("code", "throw new InvalidOperationException(\"boom\");"),
                Cell("code", "Console.WriteLine(Environment.GetEnvironmentVariable(\"NBRUN_TEST\") + x);"),
            },
            metadata = new { kernelspec = new { display_name = ".NET (C#)", language = "C#", name = ".net-csharp" } },
            nbformat = 4, nbformat_minor = 5,
        }));
        var executed = Path.Combine(work, "out.ipynb");
        var (code, output) = RepoPaths.Run("dotnet", [RepoPaths.NbRunDll(), notebook, "--out", executed, "-e", "NBRUN_TEST=env-"],
            RepoPaths.Root, TimeSpan.FromMinutes(3));

        Assert.True(code == 1, $"expected exit code 1, got {code}:\n{output}");
        Assert.Contains("2 passed, 1 failed", output);
        Assert.Contains("cell 2: FAILED", output);
        Assert.Contains("boom", output);
        var nb = ExecutedNotebook.Load(executed);
        Assert.Equal(3, nb.CodeCells.Count);
        Assert.Contains("42", nb.AllText(0));
        Assert.Contains("env-42", nb.AllText(2));
    }

    private static object Cell(string type, string source) => type == "code"
        ? new { cell_type = type, execution_count = (int?)null, metadata = new { }, outputs = Array.Empty<object>(), source }
        : new { cell_type = type, metadata = new { }, source };
}
