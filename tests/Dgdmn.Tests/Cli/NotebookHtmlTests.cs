using Dgdmn.Cli;

namespace Dgdmn.Tests.Cli;

public sealed class NotebookHtmlTests
{
    [Fact]
    public void TheIndexLinksEveryPageAndMarksFailuresAndMissingPages()
    {
        var folder = Directory.CreateTempSubdirectory("dgdmn-index-").FullName;
        var index = NotebookHtml.WriteIndex(folder, "Notebooks <quick>", [
            new("01-digits", true, 61.4, "html/01-digits.html", "01-digits.ipynb"),
            new("02-permnist", false, 12, null, "02-permnist.ipynb"),
        ]);
        var html = File.ReadAllText(index);
        Assert.Equal(Path.Combine(folder, "index.html"), index);
        Assert.Contains("<title>Notebooks &lt;quick&gt;</title>", html);   // text is escaped
        Assert.Contains("<a href=\"html/01-digits.html\">01-digits</a>", html);
        Assert.Contains("class=\"passed\">passed", html);
        Assert.Contains("02-permnist (no HTML page)", html);
        Assert.Contains("class=\"failed\">FAILED", html);
        Assert.Contains("61 s", html);
        Assert.Contains("<a href=\"02-permnist.ipynb\">", html);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
    }

    [Fact]
    public void AMissingNotebookIsAClearError()
    {
        var folder = Directory.CreateTempSubdirectory("dgdmn-html-").FullName;
        // Checked before looking for Jupyter, so the message is the same on a machine without it.
        var e = Assert.Throws<FileNotFoundException>(() => NotebookHtml.Export(Path.Combine(folder, "absent.ipynb"), folder));
        Assert.Contains("absent.ipynb", e.Message);
    }
}
