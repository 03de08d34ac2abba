using System.Globalization;
using System.Net;
using System.Text;
using Dgdmn.Memory;
using Dgdmn.Methods;
using Microsoft.Data.Analysis;

namespace Dgdmn.Reporting;

/// <summary>
/// The networks a configuration builds, printed for people: every model of DGDMN's memories with its layer
/// widths and parameter count (dense layers: weights plus biases), and the same as a drawn figure.
/// </summary>
public static class ModelSummary
{
    /// <summary>One row per model: memory (STTM × n_STM, LTM), model, layers and parameters.</summary>
    /// <param name="config">Method settings, e.g. <c>p.Experiment("digits").MethodConfigFor(p.Scale)</c>.</param>
    /// <param name="classes">Head size of the stream (Digits 10, TDigits 40).</param>
    public static DataFrame Of(MethodConfig config, int classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A head needs at least one class.");
        List<string> memory = [], model = [], layers = [];
        List<long> parameters = [];
        void Add(string m, string name, IReadOnlyList<int> widths, long count) { memory.Add(m); model.Add(name); layers.Add(string.Join(" → ", widths)); parameters.Add(count); }
        foreach (var (name, arch) in new[] { ($"STTM (× {config.Memory.NStm})", MemoryArchitecture.ShortTerm(config.Networks)), ("LTM", MemoryArchitecture.LongTerm(config.Networks)) })
        {
            int[] learner = [arch.Inputs, .. arch.LearnerHidden, classes];
            int[] encoder = [arch.Inputs, .. arch.VaeHidden];
            int[] decoder = [arch.VaeLatent, .. arch.VaeHidden.Reverse(), arch.Inputs];
            Add(name, "learner", learner, Dense(learner));
            Add(name, "VAE encoder (μ and log σ² heads)", [.. encoder, arch.VaeLatent], Dense(encoder) + 2 * Dense([arch.VaeHidden[^1], arch.VaeLatent]));
            Add(name, "VAE decoder", decoder, Dense(decoder));
        }
        return new DataFrame(new StringDataFrameColumn("memory", memory), new StringDataFrameColumn("model", model),
            new StringDataFrameColumn("layers", layers), new Int64DataFrameColumn("parameters", parameters));
    }

    /// <summary>Parameters of the dense layers between consecutive <paramref name="widths"/>.</summary>
    public static long Dense(IReadOnlyList<int> widths) => Enumerable.Range(0, widths.Count - 1).Sum(i => (long)widths[i] * widths[i + 1] + widths[i + 1]);

    /// <summary>
    /// DGDMN as an SVG picture: the n_STM short-term task memories that learn one task each while awake, the
    /// long-term memory they are consolidated into by DGR_TRAIN during sleep, and where queries go; each memory
    /// with its networks' widths and parameter counts from <paramref name="config"/>.
    /// </summary>
    public static string ArchitectureSvg(MethodConfig config, int classes)
    {
        var rows = Of(config, classes).Rows.Select(r => ((string)r["memory"], (string)r["model"], (string)r["layers"], (long)r["parameters"]!)).ToList();
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1120\" height=\"470\" viewBox=\"0 0 1120 470\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n")
            .Append("<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#444\"/></marker></defs>\n")
            .Append("<rect width=\"1120\" height=\"470\" fill=\"white\"/>\n")
            .Append($"<text x=\"560\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\">DGDMN: {config.Memory.NStm} short-term task memories, one long-term memory ({classes}-way heads)</text>\n");
        void Box(double x, double y, double w, double h, string fill, string title, IEnumerable<string> lines)
        {
            svg.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"8\" fill=\"{fill}\" stroke=\"#555\"/>\n")
                .Append($"<text x=\"{x + 10}\" y=\"{y + 20}\" font-weight=\"bold\">{E(title)}</text>\n");
            double ty = y + 40;
            foreach (var line in lines) { svg.Append($"<text x=\"{x + 10}\" y=\"{ty}\">{E(line)}</text>\n"); ty += 18; }
        }
        void Arrow(double x1, double y1, double x2, double y2, string label, double lx, double ly) =>
            svg.Append($"<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#444\" stroke-width=\"1.6\" marker-end=\"url(#a)\"/>\n")
               .Append($"<text x=\"{lx}\" y=\"{ly}\" fill=\"#333\">{E(label)}</text>\n");
        IEnumerable<string> Lines(string memory) => rows.Where(r => r.Item1 == memory).Select(r => $"{r.Item2}: {r.Item3} ({N(r.Item4)})");
        var sttm = rows[0].Item1;
        Box(20, 160, 150, 90, "#f2f2f2", "Task t", ["training images", "and labels of", "one task"]);
        // The other STTMs peek out behind the first, which carries the text.
        for (int i = Math.Min(config.Memory.NStm, 3) - 1; i >= 0; i--)
            Box(240 + 8 * i, 60 - 8 * i, 470, 110, "#e8f1fb", i == 0 ? $"{sttm}: VAE + learner" : "", i == 0 ? Lines(sttm) : []);
        Box(240, 290, 470, 110, "#fdeee6", "LTM: VAE + learner", Lines("LTM"));
        Arrow(170, 185, 238, 125, "wake: learn t", 40, 135);
        Arrow(475, 172, 475, 288, "", 0, 0);
        string[] sleep = [$"sleep when all {config.Memory.NStm} are full:", "their generated samples →", $"DGR_TRAIN (N_max, κ = {config.Memory.Kappa.ToString(CultureInfo.InvariantCulture)})"];
        for (int i = 0; i < sleep.Length; i++)
            svg.Append($"<text x=\"465\" y=\"{205 + 17 * i}\" text-anchor=\"end\" fill=\"#333\">{E(sleep[i])}</text>\n");
        Box(810, 160, 290, 90, "#f2f2f2", "Query (x, task id)", ["to the STTM holding the task,", "else to the LTM; without ids:", "smallest reconstruction error"]);
        Arrow(808, 185, 728, 125, "", 0, 0);
        Arrow(808, 228, 728, 330, "", 0, 0);
        svg.Append("<text x=\"20\" y=\"450\" fill=\"#555\">Widths are layer sizes (input → hidden → output); counts are weights plus biases. Drawn by ModelSummary.ArchitectureSvg.</text>\n</svg>\n");
        return svg.ToString();
    }
}
